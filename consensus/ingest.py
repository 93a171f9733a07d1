"""Ingest: read and decode input files, strip boilerplate, split into sentences with offsets, name the outlet.

Offsets always refer to the decoded input text (for HTML: the text extracted from it), so every piece of
evidence can be cut back out of what the user gave us.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import canon, clauses, guard
from .errors import InputError
from .models import Article, Clause, Sentence

SUFFIXES = (".txt", ".md", ".html", ".htm")
BINARY_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
                b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive", b"\x7fELF": "a program"}

_JUNK_LINE = re.compile(
    r"^(advertisement|recommended|tipsheet|trending( on .*)?|join the conversation.*|source link|tracking|"
    r"published by|share( this)?( article)?|comments?|related( articles?)?|read more|subscribe.*|sign up.*|"
    r"(original )?source:.*|.*\bphoto (by|credit)\b.*|(image|photo|credit|getty images)\b.*)$",
    re.I,
)
# "By The Associated Press", "By Maria Verza and Mark Stevenson": who wrote it, not what happened
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'\u2019-]*(?:,?\s+(?:and\s+|&\s+)?[A-Z][\w.'\u2019-]*){0,6}$")
_TERMINAL = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
# A title written before a name ("the Rev. Jesse L. Jackson", "Fr. Pat Conroy", "Sgt. Ana Diaz"): its period never
# ends a sentence, since a name always follows it.
_TITLES = (r"Mr|Mrs|Ms|Mx|Dr|Rev|Revs|Fr|Msgr|Prof|Sen|Sens|Rep|Reps|Gov|Govs|Gen|Lt|Col|Capt|Sgt|Cmdr|Adm|Maj|"
           r"Cpl|Pvt|Det|Insp|Supt|Hon|Atty|Amb|Pres|Brig")
_ABBREV = r"(?:" + _TITLES + r"|St|Jr|Sr|No|Inc|Corp|vs|etc|Jan|Feb|Aug|Sept|Oct|Nov|Dec)"
_TITLE_END = re.compile(r"\b(?:" + _TITLES + r")\.$")
# What no sentence begins with: a colon, semicolon, comma or closing bracket continues the sentence before it
# (pysbd ends one at "It's About the Money!" in "titled It's About the Money!: How You Can Get Out of Debt").
_CONTINUES = re.compile(r"^[:;,)\]]")
# pysbd keeps a multi-sentence quotation in one piece; split it where a sentence ends inside or after the quote.
_INNER_BOUNDARY = re.compile(r"(?<![A-Z])[.!?][\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018]?[A-Z])")
_ABBREV_END = re.compile(r"\b" + _ABBREV + r"$")
_SOURCE_LINE = re.compile(r"^\s*(?:original\s+)?source\s*:\s*(?:https?://)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})", re.I | re.M)

# News agencies whose copy other outlets run: two outlets crediting one agency carry one independent report.
WIRES = {"reuters": "Reuters", "ap": "Associated Press", "associated press": "Associated Press",
         "the associated press": "Associated Press", "afp": "AFP", "agence france-presse": "AFP", "efe": "EFE",
         "dpa": "dpa", "upi": "UPI", "ansa": "ANSA", "kyodo": "Kyodo", "yonhap": "Yonhap", "xinhua": "Xinhua",
         "pti": "PTI", "ians": "IANS", "anadolu": "Anadolu", "europa press": "Europa Press", "tass": "TASS",
         "bloomberg": "Bloomberg", "aap": "AAP", "the canadian press": "The Canadian Press",
         "canadian press": "The Canadian Press"}
_WIRE_NAMES = "|".join(sorted((re.escape(w) for w in WIRES), key=len, reverse=True))
# A publication's name ends with one of these words ("Pacific Ledger", "the Sierra Times", "Fox News").
_OUTLET_NOUNS = ("Times|Post|News|Journal|Herald|Tribune|Gazette|Courier|Ledger|Chronicle|Review|Daily|Wire|Press|"
                 "Observer|Guardian|Telegraph|Express|Star|Sun|Mirror|Independent|Record|Standard|Dispatch|Bulletin|"
                 "Inquirer|Examiner|Monitor|Register|Sentinel|Globe|Mail|Today|Magazine|Radio|Network|Media|Weekly")
# A credit line near the top: "By Dana Whitfield, Pacific Ledger", "By Dana Whitfield | Pacific Ledger", "From the
# Sierra Times": the outlet it names.
_CREDIT_LINE = re.compile(
    r"^\s*(?:By\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s*[,|\u2014\u2013-]\s*|From\s+)"
    r"(?P<outlet>(?:[Tt]he\s+)?(?:[A-Z][\w'&.-]*\s+){0,4}(?:" + _OUTLET_NOUNS + r"))\s*$", re.M)
# "SANTIAGO, March 3 (Reuters) - ", "MEXICO CITY (AP) — ", "WASHINGTON — ": the place (and day, and agency) the
# story was filed from, before its first sentence.
DATELINE = re.compile(r"^(?=[A-Z.'\u2019 -]*[A-Z]{3})[A-Z][A-Z.'\u2019 -]{1,40}"  # the place, in capitals
                      r"(?:,(?: [A-Z][A-Za-z.]*){1,3})?(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?"  # its country, the day
                      r"(?: \((?P<credit>[A-Za-z][A-Za-z .&-]{0,30})\))? ?[-\u2013\u2014]+ (?=\S)")
_BYLINE_WIRE = re.compile(r"^\s*(?:by|from|source:?|credit:?)\s+(" + _WIRE_NAMES + r")\s*$", re.I | re.M)
_DATELINE_WIRE = re.compile(r"^\s*(" + _WIRE_NAMES + r")$", re.I)

_segmenter = None


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def collect_inputs(paths: list[str]) -> list[Path]:
    """Expand directories (their article files, sorted) and keep files in the order given."""
    files: list[Path] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            files.append(p)
    return files


def read_text(path: Path, max_bytes: int) -> tuple[str, bytes]:
    """Decoded text and raw bytes, or an InputError that says what is wrong with the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory with no .txt/.md/.html articles") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: {len(data):,} bytes is over the limit of {max_bytes:,} (ingest.max_bytes); "
                         "split the article or raise the limit")
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{path}: is {what}, not text; convert it to .txt or .html first")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks binary (NUL bytes); give a .txt, .md or .html article")
    text = decode(data)
    if not text.strip():
        raise InputError(f"{path}: is empty; remove it or give the article text")
    return text, data


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("cp1252", errors="replace")


def html_to_text(html: str, path: Path) -> str:
    """Main text of an HTML page (trafilatura), hidden elements removed first."""
    import trafilatura

    text = trafilatura.extract(strip_hidden_html(html), include_comments=False, include_tables=False,
                               favor_precision=True)
    if not text or not text.strip():
        raise InputError(f"{path}: HTML holds no article text (only scripts, menus or banners)")
    return text


def strip_hidden_html(html: str) -> str:
    """Drop elements a reader cannot see: display:none, visibility:hidden, font-size:0, aria-hidden, hidden."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - unparsable HTML goes to trafilatura unchanged
        return html
    hidden = tree.xpath(
        "//*[@hidden or @aria-hidden='true' or contains(translate(@style,' ',''),'display:none') or "
        "contains(translate(@style,' ',''),'visibility:hidden') or contains(translate(@style,' ',''),'font-size:0') "
        "or contains(translate(@style,' ',''),'left:-')]"
    )
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()
    return lxml_html.tostring(tree, encoding="unicode")


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for chunk in text.splitlines(keepends=True):
        body = chunk.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(chunk)
    return lines


def is_headline(text: str) -> bool:
    """Title-case lines without a sentence end: headlines, nav links, section names."""
    ws = text.split()
    caps = sum(1 for w in ws if w[:1].isupper() or not w[:1].isalpha())
    return not _TERMINAL.search(text) or (len(ws) <= 20 and caps / len(ws) >= 0.6)


def is_boilerplate(line: Line) -> bool:
    t = line.text
    return (bool(_JUNK_LINE.match(t)) or is_byline(t) or len(t.split()) < 4
            or t.endswith(("...", "\u2026")) or is_headline(t))


def is_byline(text: str) -> bool:
    return bool(_BYLINE.match(text)) or bool(_CREDIT_LINE.match(text))


def find_title(lines: list[Line]) -> Line | None:
    """The last headline-like line before the first body line (nav links come first on many pages)."""
    title = None
    for line in lines:
        if not is_boilerplate(line):
            break
        if (not _JUNK_LINE.match(line.text) and not is_byline(line.text) and len(line.text.split()) >= 4
                and not line.text.endswith(("...", "\u2026"))):
            title = line
    return title


def segment_line(line: Line) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in the input for one line: pysbd, then quote-aware refinement."""
    global _segmenter
    if _segmenter is None:
        import pysbd

        _segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    spans: list[tuple[int, int]] = []
    for s in _segmenter.segment(line.text):
        a, b = s.start, s.start + len(s.sent.rstrip())
        for start, end in refine(line.text, a, b, line.start):
            piece = line.text[start - line.start:end - line.start]
            if spans and (len(piece.split()) < 4 or continues(line.text[:spans[-1][1] - line.start], piece)):
                spans[-1] = (spans[-1][0], end)  # "Sheinbaum recounted." belongs to the quote before it
            else:
                spans.append((start, end))
    return spans


def continues(before: str, piece: str) -> bool:
    """Whether `piece` goes on with the sentence that `before` ends: that one ends with a title a name follows
    ("the Rev."), or `piece` begins with what no sentence begins with (": How You Can ...")."""
    return _TITLE_END.search(before.rstrip()) is not None or _CONTINUES.match(piece) is not None


def refine(text: str, a: int, b: int, base: int) -> list[tuple[int, int]]:
    piece = text[a:b]
    out, start = [], 0
    for m in _INNER_BOUNDARY.finditer(piece):
        if _ABBREV_END.search(piece[: m.start()]):
            continue
        cut = m.start() + len(m.group(0).rstrip())
        out.append((start, cut))
        start = m.end()
    out.append((start, len(piece)))
    return [(base + a + s, base + a + e) for s, e in out if piece[s:e].strip()]


@dataclass
class Segmented:
    spans: list[tuple[int, int]]  # sentence offsets, the headline first
    title: str
    dropped_lines: int  # boilerplate
    instructions: list[str]  # sentences and lines that address the reader, not reporting (left out: the guard)
    reasons: list[str] = field(default_factory=list)  # where and why each of `instructions` was left out


def is_instruction(text: str, span: tuple[int, int]) -> bool:
    return guard.instruction_like(text[span[0]:span[1]], guard.starts_in_quote(text, span[0]))


def segment(text: str) -> Segmented:
    """Sentences as offsets (the headline first: outlets make claims in headlines too), without boilerplate and
    without what addresses the reader instead of reporting (prompt injection: see guard)."""
    lines = split_lines(text)
    per_line = {ln: segment_line(ln) for ln in lines}
    injected = guard.injected_lines(text, lines, per_line, is_boilerplate)
    kept = [ln for ln in lines if not injected.get(ln)]  # boilerplate that addresses the reader: never the title
    body = [ln for ln in kept if not is_boilerplate(ln)]
    title = find_title([ln for ln in kept if ln not in injected])
    spans, removed = [], [(a, b, injected[ln]) for ln in lines if injected.get(ln)
                          for a, b in (per_line[ln] or [(ln.start, ln.end)])]
    for ln in body:
        for sp in per_line[ln]:
            verdict = guard.judge(text[sp[0]:sp[1]], guard.starts_in_quote(text, sp[0]))
            (removed.append((*sp, verdict.reason)) if verdict else spans.append(sp))
    removed.sort()
    if title is not None:
        spans.insert(0, (title.start, title.end))
    return Segmented(spans, title.text if title else "", len(kept) - len(body) - (title is not None),
                     [text[a:b] for a, b, _ in removed],
                     [f"line {text.count(chr(10), 0, a) + 1}: {why}" for a, _, why in removed])


def outlet_for(path: Path, text: str, story_outlets: dict[str, str]) -> str:
    if path.name in story_outlets:
        return story_outlets[path.name]
    m = _SOURCE_LINE.search(text)
    if m:
        return m.group(1).lower()
    return credited_outlet(text) or path.stem


def credited_outlet(text: str) -> str:
    """The outlet a credit line in the first lines names ("By Dana Whitfield, Pacific Ledger" -> "Pacific
    Ledger"), or "". A news agency is no outlet here: its copy runs under other outlets' names (see wire_credit)."""
    head = "\n".join(text.splitlines()[:8])
    for m in _CREDIT_LINE.finditer(head):
        name = re.sub(r"^the\s+", "", m.group("outlet"))
        if name.lower().removeprefix("the ") not in WIRES:  # "The Associated Press" or "Associated Press"
            return name
    return ""


def story_outlets(directory: Path) -> dict[str, str]:
    """Outlet names from a story.toml beside the articles ({} when there is none)."""
    f = directory / "story.toml"
    if not f.is_file():
        return {}
    try:
        data = tomllib.loads(f.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{f}: not valid TOML ({e}); fix or remove it") from None
    return {str(k): str(v) for k, v in data.get("outlets", {}).items()}


def load_article(path: Path, article_id: str, max_bytes: int, min_sentences: int = 1) -> Article:
    text, data = read_text(path, max_bytes)
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        text = html_to_text(text, path)
    seg = segment(text)
    spans = seg.spans
    if len(spans) < min_sentences:
        raise InputError(f"{path}: no article sentences found (only headlines or boilerplate); check the file")
    sentences = [Sentence(index=i + 1, start=a, end=b, text=text[a:b],
                          clean=without_dateline(canon.normalize(text[a:b]))) for i, (a, b) in enumerate(spans)]
    analyse_sentences(sentences)
    if seg.title and sentences:  # the headline comes first (segment): its clauses are the editor's summary
        sentences[0].clauses = headline_clauses(sentences[0].clauses)
    return Article(id=article_id, source=str(path), outlet=outlet_for(path, text, story_outlets(path.parent)),
                   title=canon.normalize(seg.title), content_hash=hashlib.sha256(data).hexdigest(), raw=text,
                   sentences=sentences, dropped_lines=seg.dropped_lines, instructions=seg.instructions,
                   reasons=seg.reasons,
                   wire=wire_credit(text, [text[a:b] for a, b in spans[:3]]))


def without_dateline(sentence: str) -> str:
    """A sentence's words without the dateline it opens with (the evidence keeps the raw slice)."""
    m = DATELINE.match(sentence)
    return sentence[m.end():] if m and len(sentence) - m.end() >= 20 else sentence


def wire_credit(text: str, first_sentences: list[str]) -> str:
    """The news agency an article credits in a byline ("By Reuters") or its dateline ("(AP) —"), or ""."""
    head = "\n".join(text.splitlines()[:8])
    m = _BYLINE_WIRE.search(head)
    if m:
        return WIRES[m.group(1).lower()]
    for sentence in first_sentences:
        m = DATELINE.match(canon.normalize(sentence))
        credit = m.group("credit") if m else None
        if credit and _DATELINE_WIRE.match(credit):
            return WIRES[credit.strip().lower()]
    return ""


def canonicalize_names(articles: list[Article]) -> dict[str, str]:
    """Rewrite each sentence's `clean` form with one spelling per name across the article set."""
    mapping = canon.name_variants([s.clean for a in articles for s in a.sentences])
    changed = []
    for a in articles:
        for s in a.sentences:
            clean = canon.canonicalize(s.clean, mapping)
            if clean != s.clean:
                s.clean = clean
                changed.append(s)
    analyse_sentences(changed)
    return mapping


def analyse_sentences(sentences: list[Sentence]) -> None:
    """The sentence analysis of each sentence's clean text (its clauses and facets: clauses.analyse), done once
    here so that extraction only joins the model's answer to it."""
    for s, found in zip(sentences, clauses.analyse([s.clean for s in sentences])):
        if s.clauses and s.clauses[0].role == "headline":  # analysed again after names were canonicalized
            found = headline_clauses(found)
        s.clauses = found


def headline_clauses(found: list[Clause]) -> list[Clause]:
    """A headline's clauses: the editor's summary in headline words, whose capitals mislead the name finder
    ("Jackson Jr. Pleads Guilty" names a "Guilty"), so they name no people (Clause.people) and no named thing's
    action (Clause.actions)."""
    return [c.model_copy(update={"role": "headline", "people": [], "actions": []}) for c in found]

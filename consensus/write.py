"""Write: what every rendering of the brief shares (safe article text, counts and outlet names, attribution), the
JSON (schema consensus.brief/1) and atomic files. The Markdown page is markdown.py, the HTML report html.py."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from . import lexicon
from .canon import faceted, loaded_terms
from .models import Brief, BriefArticle, BriefClaim, Kind

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f]")

# What a Markdown renderer makes a link of with no markup at all (GFM autolinks): "https://x", "www.x", "a@b.c"
AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=(?<![\w.])[Ww][Ww][Ww])\.(?=\w)|(?<=\w)@(?=\w)")


def plain(text: str) -> str:
    """Article-derived text made safe for Markdown: no ANSI or control characters, no markup, one line, and no
    link: a bare address's ':' (of '://'), '.' (after 'www') and '@' are escaped, so no renderer links it."""
    text = ANSI.sub("", text)
    text = re.sub(r"[<>\[\]`*_|#]", lambda m: "\\" + m.group(0), text)
    text = AUTOLINK.sub(lambda m: "\\" + m.group(0), text)
    return re.sub(r"\s+", " ", text).strip()


def quoted(text: str) -> str:
    """Article words inside quotation marks, inner double quotes made single so the quoting stays balanced."""
    return '"' + plain(re.sub(r"[\"\u201c\u201d]", "'", text)) + '"'


def report_of(b: Brief) -> dict[str, str]:
    """Outlet -> the independent report it belongs to (its own name unless it runs another outlet's copy)."""
    first = {a.id: min([a.id] + a.syndicated_with) for a in b.articles}
    outlet_of = {a.id: a.outlet for a in b.articles}
    return {a.outlet: outlet_of[first[a.id]] for a in sorted(b.articles, key=lambda a: a.id)}


def outlet_names(outlets: list[str], reports: dict[str, str]) -> list[str]:
    """The outlets as counted: copies of one report named together ('Wire Times + Gazette Herald (one report)'),
    so that three names beside a count of 2 read right."""
    by_report: dict[str, list[str]] = {}
    for o in outlets:
        by_report.setdefault(reports.get(o, o), []).append(o)
    return [" + ".join(names) + (" (one report)" if len(names) > 1 else "") for names in by_report.values()]


def marker(c: BriefClaim, n: int, reports: dict[str, str] | None = None) -> str:
    return f"[{c.support}/{n}: {', '.join(outlet_names(c.outlets, reports or {}))}]"


def report_count(outlets: list[str], reports: dict[str, str]) -> int:
    return len({reports.get(o, o) for o in outlets})


def balanced(text: str) -> str:
    """Straight double quotes, closed: a clause may hold half of a quotation that runs on from the sentence before
    ('We will make America safe again."': opened here) or into the next one ('He noted, "You could ...': closed)."""
    text = re.sub(r"[\u201c\u201d]", '"', text)
    if text.count('"') % 2 == 0:
        return text
    first = text.index('"')
    closes = first > 0 and not text[first - 1].isspace()  # 'again."' or 'is,"': the end of a quotation
    return '"' + text if closes else text + '"'


def facet_label(statement: str) -> tuple[str, str] | None:
    """('The date, Saturday', clause) or ('The occasion, a news conference', clause) for a facet's statement."""
    found = faceted(statement)
    if not found:
        return None
    kind, value, clause = found
    if kind == "date":
        return f"The date, {value}", clause
    return f"The occasion, {'an' if value[:1] in 'aeiou' else 'a'} {value}", clause


def speaks(c: BriefClaim) -> bool:
    """Whether the claim's statement is somebody's words: a quote group, or a group whose statement is a quotation
    with its speaker (a quote among reports of the same fact: 'Sheinbaum: "We can share information"')."""
    return c.kind == Kind.quote or bool(c.speaker and c.statement.startswith('"'))


def framing(c: BriefClaim, text: str, outlet_of: dict[str, str], flagged: dict[str, list[str]] | None = None
            ) -> list[str]:
    """Evaluative words of the statement that fewer than two of its outlets use in their evidence: the lexicon's
    (lexicon.py), and the words the model named as the writer's own in one of the claim's articles (`flagged`:
    article id -> BriefArticle.framing)."""
    by_outlet: dict[str, list[str]] = {}
    for e in c.evidence:
        by_outlet.setdefault(outlet_of.get(e.article, e.article), []).append(e.text)
    named = sorted({w for e in c.evidence for w in (flagged or {}).get(e.article, [])})
    return lexicon.unshared(text, [" ".join(t) for t in by_outlet.values()], named)


def single_report(c: BriefClaim, text: str, author: str) -> str:
    """What one outlet alone says, in its words and attributed: 'HuffPost reported: "..."', or 'Fox News quoted
    Sheinbaum: "..."' for a quotation whose speaker the words do not name. The brief's own voice states only what
    at least two independent reports state."""
    facet = facet_label(text)
    words = facet[1] if facet else text
    if speaks(c) and c.speaker and c.speaker.lower() not in words.lower():
        return f"{plain(author)} quoted {plain(c.speaker)}: {quoted(words)}"
    return f"{plain(author)} reported: {quoted(words)}"


def disputed_slots(b: Brief) -> dict[str, list[str]]:
    """Claim id -> what outlets disagree on about it (the slots of the conflicts it is part of)."""
    slots: dict[str, list[str]] = {}
    for x in b.conflicts:
        for cid in x.claims:
            if x.slot not in slots.setdefault(cid, []):
                slots[cid].append(x.slot)
    return slots


def disagreement(claim_id: str, disputed: dict[str, list[str]]) -> str:
    """' (outlets disagree: date)' after the count of a claim in a conflict, so the count is not read alone."""
    return f" (outlets disagree: {', '.join(disputed[claim_id])})" if claim_id in disputed else ""


def counted(b: Brief) -> str:
    """What the counts count, as the HTML page says it: '5 articles from 5 outlets, counted as 4 independent reports
    (syndicated copies count once).'"""
    outlets = len({a.outlet for a in b.articles})
    head = f"{len(b.articles)} articles from {outlets} outlets"
    if outlets == b.outlets:
        return head + "."
    return head + f", counted as {b.outlets} independent reports (syndicated copies count once)."


def source_line(a: BriefArticle, by_id: dict[str, BriefArticle]) -> str:
    """An article, with the agency it credits and the copies it is counted once with."""
    notes = [f"credits {plain(a.wire)}"] if a.wire else []
    if a.syndicated_with:
        copies = ", ".join(f"{i} ({plain(by_id[i].outlet)})" for i in a.syndicated_with)
        notes.append(f"one report with {copies}")
    return f"- {a.id}: {plain(a.outlet)}, {plain(a.source)}" + (f" ({'; '.join(notes)})" if notes else "")


def to_json(b: Brief) -> str:
    data = b.model_dump(mode="json", by_alias=True)
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write via a temp file in the same folder, fsync, rename: readers see the old file or the new one.
    The file gets the permissions the umask allows (mkstemp's own are private)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


def loaded_terms_in_own_voice(markdown: str) -> list[str]:
    """Loaded words the brief says in its own voice (text inside quotation marks is attributed, not ours)."""
    own = re.sub(r'"[^"]*"', " ", markdown.replace("\u201c", '"').replace("\u201d", '"'))
    own = "\n".join(ln for ln in own.splitlines() if not ln.startswith("# "))
    return loaded_terms(own)

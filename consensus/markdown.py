"""The brief as Markdown: a page a reader can use in two minutes, or (full=True) every claim with its evidence.

The page, in order: title and one header line; **In brief:** (the most widely supported facts); Agreed facts
(every claim of two or more independent reports, each a whole sentence with its count); Where outlets disagree;
Reported by one outlet (grouped by outlet, attributed, at most ONE_OUTLET_SHOWN each); How outlets framed it;
Sources; then the evidence of every claim the page names, one click from its line. brief.json's brief_markdown is
the full rendering, so every claim's wording stays checkable. Pure functions of the Brief.

Principles:
- The brief's own voice states only what at least two independent reports state, as a whole sentence (a capital
  first, a subject and a verb, at most MAX_WORDS words, a full stop). A group whose wordings are all fragments,
  or that carries one outlet's loaded words, is shown as an outlet's words, attributed and quoted.
- What one outlet alone says is that outlet's report: `HuffPost reported: "..."`.
- A date or occasion is part of a fact, never a fact of its own: it is shown under the fact whose sentences give
  it (see facet_hosts).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import nlp
from .canon import content_words, faceted, judgement, loaded_terms
from .clauses import FRAGMENT, REPORTER_ONLY, SCENE_ONLY, date_verb
from .coverage import coverage
from .models import Brief, BriefClaim, Kind
from .sentences import NEGATIONS
from .write import (balanced, counted, disagreement, disputed_slots, framing, marker, outlet_names, plain, quoted,
                    report_count, report_of, single_report, source_line, speaks)

ONE_OUTLET_SHOWN = 5  # one outlet's own claims on the page; the rest are in brief.json and brief.html
MAX_WORDS = 35  # a statement in the brief's voice longer than this is no sentence a reader takes in at once
MIN_WORDS = 4


@dataclass
class Page:
    """What every line of the page needs to know about the brief."""

    brief: Brief
    outlet_of: dict[str, str] = field(default_factory=dict)
    reports: dict[str, str] = field(default_factory=dict)
    flagged: dict[str, list[str]] = field(default_factory=dict)
    disputed: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, b: Brief) -> "Page":
        return cls(b, {a.id: a.outlet for a in b.articles}, report_of(b), {a.id: a.framing for a in b.articles},
                   disputed_slots(b))

    @property
    def n(self) -> int:
        return self.brief.outlets

    def tail(self, c: BriefClaim) -> str:
        return f" {marker(c, self.n, self.reports)}{disagreement(c.id, self.disputed)} ([evidence](#{c.id}))"

    def author(self, c: BriefClaim) -> str:
        """The outlet whose wording the claim's statement is: the member's it equals, else the member's it was cut
        from (consensus leaves out modifiers no other outlet gives: every word of the statement is then that
        member's, in its order); its first outlet when it is none of its members'."""
        exact = next((m for m in c.members if m.statement == c.statement), None)
        cut_from = exact or next((m for m in c.members if words_in_order(c.statement, m.statement)), None)
        return self.outlet_of[cut_from.article] if cut_from else c.outlets[0]


def words_in_order(short: str, long: str) -> bool:
    """Whether every word of `short` occurs in `long`, in the same order (a statement cut from a longer one)."""
    rest = iter(_WORD.findall(long.lower()))
    return all(any(w == x for x in rest) for w in _WORD.findall(short.lower()))


_WORD = re.compile(r"[\w$%'-]+(?:[.,]\w+)*")  # "$9,587.64" and "U.S" are one word; a full stop is none


_ENDS = (".", "!", "?", '."', '?"', '!"', ".'", "?'", ".'\"", "?'\"", "!'\"")
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


# lemmas of the verbs that report speech: a sentence of one of them says what somebody said, or nothing
SAYING = frozenset({"say", "state", "tell", "add", "note", "explain", "insist", "recount", "announce", "confirm",
                    "claim", "report", "write", "stress", "emphasize", "argue", "reply", "respond"})
COMPLEMENTS = frozenset({"ccomp", "dobj", "xcomp", "parataxis", "attr", "dative"})


@functools.lru_cache(maxsize=4096)
def main_clause(text: str) -> bool:
    """Whether the project's parser (nlp.py) reads the text as a main clause that says something: its first root
    is a verb with a subject of its own and the text has a finite verb; it does not open on a verb (a clause that
    lost its subject: "Told Trump ..."); the root is not subordinated ("When Mr. Strzok's conduct was laid out
    ...", "Despite an official's recommendation that ..."); and a verb of saying has what was said ("Sheinbaum
    stated, providing insight into ...", "Jon Bruning said Thursday": the words are in another sentence). Not a
    noun phrase ("Mr. Jackson's father, the Rev.") or a phrase cut from a sentence ("The regulation of recreational
    marijuana -- as seen in ...")."""
    doc = nlp.parse([text])[0]
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX") or not any(t.tag_ in FINITE for t in doc):
        return False
    first = next((t for t in doc if not t.is_punct), root)
    if first.tag_ in ("VBD", "VBZ", "VBP") and first.dep_ != "advcl":  # not "Asked by reporters, he said ..."
        return False
    children = list(root.children)
    subordinated = any(c.dep_ == "mark" or (c.tag_ == "WRB" and c.i < root.i) for c in children)
    bare = root.lemma_ in SAYING and not any(c.dep_ in COMPLEMENTS for c in children) and '"' not in text
    return any(c.dep_ in SUBJECTS for c in children) and not subordinated and not bare


def title_case(text: str) -> bool:
    """A headline's capitalisation: most words capitalised."""
    ws = [w for w in text.split() if w[:1].isalpha()]
    return bool(ws) and sum(w[0].isupper() for w in ws) / len(ws) > 0.6


def sentence_like(text: str) -> bool:
    """Whether a wording reads as a whole sentence on its own: it starts with a capital letter or a quotation mark,
    is no fragment that leans on the sentence before ("…including greater information sharing"), no facet, no
    lead alone ("At a recent public event"), no headline, has MIN_WORDS to MAX_WORDS words, and the parser reads
    it as a main clause that says something (main_clause)."""
    words = text.split()
    return (bool(text) and (text[0].isupper() or (text[0] == '"' and text[1:2].isupper()))
            and FRAGMENT not in text and not faceted(text) and not SCENE_ONLY.match(text)
            and not REPORTER_ONLY.search(text) and not title_case(text)
            and MIN_WORDS <= len(words) <= MAX_WORDS and main_clause(text))


def full_stop(text: str) -> str:
    """The sentence closed with a full stop, inside the quotation it ends on: a clause cut before its sentence's
    end can close on a comma or on marks of the words cut away ('he was "deeply saddened by this decision,"."').
    """
    text = text.rstrip()
    if text.endswith(_ENDS) and text.count('"') % 2 == 0:
        return text
    core = text.rstrip(' ,;:."')
    return core + ('."' if core.count('"') % 2 else ".")


def wordings(c: BriefClaim) -> list[str]:
    """The group's statement, then each member's, once each, quotations balanced."""
    return list(dict.fromkeys(balanced(t) for t in [c.statement] + [m.statement for m in c.members]))


def in_own_voice(c: BriefClaim, text: str, p: Page) -> bool:
    """Whether the brief may say the wording itself: not a quotation whose speaker it does not name ('"This
    decision should be deeply troubling," Mr. Goelman added.' names him: the brief reports his words as his), not a
    column's opinion, no loaded word or judgement outside quotation marks, no evaluative word only one of its
    outlets used (see write.framing), and words that at least two of its reports print (see shared_enough)."""
    own_voice = re.sub(r'"[^"]*"', " ", text)
    unattributed = text.startswith('"') and not names_speaker(c, own_voice)
    return not (unattributed or c.kind == Kind.opinion or loaded_terms(own_voice) or judgement(text)
                or framing(c, text, p.outlet_of, p.flagged) or not shared_enough(c, text, p))


OWN_VOICE_COVERAGE = 0.5  # the least share of a wording's content words that two reports' evidence must hold


def shared_enough(c: BriefClaim, text: str, p: Page) -> bool:
    """Whether at least half of the wording's content words (OWN_VOICE_COVERAGE) are in the evidence of two or more
    of the claim's independent reports (coverage.coverage). The brief's own voice states only what two reports
    state: a wording mostly of one outlet's words ("Nebraska and Oklahoma said that Colorado does not require
    consumers to smoke or eat their marijuana where they buy it", beside [3/3] for a group whose other outlets wrote
    of the lawsuit) is given as that outlet's, in quotation marks, beside the same count."""
    evidence: dict[str, list[str]] = {}
    for e in c.evidence:
        evidence.setdefault(p.reports.get(p.outlet_of[e.article], p.outlet_of[e.article]), []).append(e.text)
    return coverage(text, {r: " ".join(t) for r, t in evidence.items()}) >= OWN_VOICE_COVERAGE


def names_speaker(c: BriefClaim, own_voice: str) -> bool:
    """Whether the words outside the quotation marks name the group's speaker (his or her last name)."""
    name = c.speaker.split()[-1].lower() if c.speaker.strip() else ""
    return bool(name) and name in own_voice.lower().split()


_PRONOUN_FIRST = re.compile(r"^(?:He|She|They|It|This|These|That|Those|His|Her|Their|Its)\b")


def reads_whole(text: str) -> bool:
    """A lede wording: a whole sentence (sentence_like) of at least six words, with no loaded word or judgement
    outside quotation marks, and not a quotation."""
    return (len(text.split()) >= 6 and sentence_like(text) and not text.startswith('"')
            and not loaded_terms(re.sub(r'"[^"]*"', " ", text)) and not judgement(text))


def lede_sentence(c: BriefClaim) -> str | None:
    """A member's wording that reads as a whole sentence (reads_whole); one that names its subject before one that
    opens with a pronoun (the paragraph has no antecedent for it)."""
    whole = [text for text in wordings(c) if reads_whole(text)]
    return next((text for text in whole if not _PRONOUN_FIRST.match(text)), whole[0] if whole else None)


LEDE_REPEAT = 0.4  # content-word Dice at which a sentence says again what the paragraph already says


def lede(facts: list[BriefClaim], p: Page, size: int = 3) -> list[str]:
    """One paragraph from the most widely supported facts (facts come sorted by support), each with its count: a
    fact goes in only as the Agreed facts line states it in the brief's own voice (agreed_wording), with at least
    six words and a named subject (the paragraph has no antecedent for a pronoun, "He" or "His wife"), skipping a
    fact worded much like one already in it (an outlet's headline and its lead can form two groups)."""
    sentences, said = [], []
    for c in facts:
        if c.support < 2 or c.kind not in (Kind.event, Kind.statistic) or faceted(c.statement):
            continue
        attribution, text = agreed_wording(c, p)
        words = set(content_words(text))
        if (not attribution and len(text.split()) >= 6 and not text.startswith('"') and not _PRONOUN_FIRST.match(text)
                and all(2 * len(words & w) < LEDE_REPEAT * (len(words) + len(w)) for w in said)):
            sentences.append(plain(text).rstrip(".") + f" [{c.support}/{p.n}]{disagreement(c.id, p.disputed)}.")
            said.append(words)
        if len(sentences) == size:
            break
    return ["**In brief:** " + " ".join(sentences), ""] if sentences else []


def prose_lines(b: Brief) -> list[str]:
    """The LLM summary (`--writer llm`), each sentence followed by links to its cited claims with their counts."""
    p = b.prose
    if p is None or p.fallback or not p.sentences:
        return []
    support = {c.id: c.support for c in b.claims}
    sentences = [plain(s.text) + " (" + ", ".join(f"[{cid}: {support.get(cid, 0)}/{b.outlets}](#{cid})"
                                                  for cid in s.cites) + ")" for s in p.sentences]
    return ["## Summary", "", "_Written by a language model from the claims below; every sentence was checked "
            "against the claims it cites._", "", " ".join(sentences), ""]


def agreed_wording(c: BriefClaim, p: Page) -> tuple[str, str]:
    """(attribution, words) of a claim of two or more reports, as a whole sentence: ("", its statement), else
    ("", a member's wording that reads whole); ("Sheinbaum said", the words) for a quotation with its speaker;
    ("Fox News wrote", its words) when no wording may be said in the brief's voice. The HTML report shows the
    same."""
    text = balanced(c.statement)
    if speaks(c) and c.speaker and c.speaker.lower() not in text.lower() and text.startswith('"'):
        return f"{c.speaker} said", full_stop(text.strip(chr(34)))
    whole = [t for t in wordings(c) if sentence_like(t)]
    neutral = [t for t in whole if in_own_voice(c, t, p)]
    if neutral:
        return "", full_stop(neutral[0])
    outlet, words = attributed_words(c, p, whole)
    return f"{outlet} wrote", full_stop(words)


def agreed_statement(c: BriefClaim, p: Page) -> str:
    attribution, words = agreed_wording(c, p)
    return f"{plain(attribution)}: {quoted(words)}" if attribution else plain(words)


def attributed_words(c: BriefClaim, p: Page, whole: list[str]) -> tuple[str, str]:
    """(outlet, its words) for a group the brief's voice cannot state: a member's wording that reads whole, with the
    outlet that wrote it (in quotation marks, the words as printed: never the statement cut shorter, "worth DVD
    players" of "worth of televisions, DVD players"); else the first evidence sentence of at most MAX_WORDS words
    that is a main clause; else the first longer one, shortened in its middle (`shortened`); else a member's wording
    that opens on a capital; else the statement without its fragment mark, capitalised."""
    printed = {balanced(m.statement) for m in c.members}
    whole = [t for t in whole if t in printed]
    if whole:
        return wording_outlet(c, whole[0], p), whole[0]
    sentences = [(e.article, balanced(re.sub(r"\s+", " ", e.text).strip())) for e in c.evidence]
    for article, text in sentences:
        if len(text.split()) <= MAX_WORDS and main_clause(text):
            return p.outlet_of.get(article, p.author(c)), text
    for article, text in sentences:  # a whole sentence shortened before a piece that is none ("Despite ...")
        if main_clause(text) and (cut := shortened(text)) != text:
            return p.outlet_of.get(article, p.author(c)), cut
    for m in c.members:
        if m.statement[:1].isupper() and FRAGMENT not in m.statement and len(m.statement.split()) <= MAX_WORDS:
            return p.outlet_of.get(m.article, p.author(c)), balanced(m.statement)
    shortest = min((m for m in c.members if m.statement[:1].isupper() and FRAGMENT not in m.statement),
                   key=lambda m: (len(m.statement.split()), m.claim), default=None)
    if shortest is not None:
        return p.outlet_of.get(shortest.article, p.author(c)), shortened(balanced(shortest.statement))
    text = balanced(c.statement).replace(FRAGMENT, "").strip()
    return p.author(c), shortened(text[:1].upper() + text[1:])


def shortened(text: str) -> str:
    """An outlet's sentence of more than MAX_WORDS words with words left out of its middle, marked "…": its opening
    (who did what) and its close stay, in its own words and order. The words left out hold no negation ("found no
    evidence that ...": leaving out "no" would reverse it), and as many quotation marks as they open they close (a
    quotation is never left open or closed alone by the cut); the cut is moved until both hold, and a sentence that
    cannot be cut so stays whole."""
    words = text.split()
    if len(words) <= MAX_WORDS:
        return text
    keep = MAX_WORDS - 1  # the ellipsis takes a word's place
    for head in range(keep * 2 // 3, 3, -1):
        tail = keep - head
        left_out = words[head:len(words) - tail]
        marks = sum(w.count('"') + w.count("\u201c") + w.count("\u201d") for w in left_out)
        if marks % 2 == 0 and not any(w.lower().strip(".,;:\"'") in NEGATIONS or w.lower().endswith("n't")
                                      for w in left_out):
            return balanced(" ".join(words[:head]).rstrip(",;:") + " \u2026 " + " ".join(words[len(words) - tail:]))
    return text


def wording_outlet(c: BriefClaim, text: str, p: Page) -> str:
    """The outlet whose member wrote a wording (the group's author for its own statement)."""
    return next((p.outlet_of[m.article] for m in c.members if balanced(m.statement) == text), p.author(c))


def facet_hosts(facts: list[BriefClaim], facets: list[BriefClaim]) -> dict[str, list[BriefClaim]]:
    """Fact claim id -> the date and occasion claims shown under it: each facet goes to the fact that cites most
    of its sentences (of equals, the first, most widely supported), or, when none does, the first fact."""
    hosts: dict[str, list[BriefClaim]] = {}
    for f in facets if facts else []:
        cited = {(e.article, e.sentence) for e in f.evidence}
        shared = [len(cited & {(e.article, e.sentence) for e in c.evidence}) for c in facts]
        best = max(range(len(facts)), key=lambda i: (shared[i], -i))
        hosts.setdefault(facts[best].id, []).append(f)
    return hosts


def facet_line(f: BriefClaim, p: Page) -> str:
    """A date or occasion under its fact. A day given for a verb of saying ("Goelman said in a statement Monday")
    is the day somebody spoke, not the day the fact happened: "Said on: Monday"."""
    kind, value, clause = faceted(f.statement) or ("date", f.statement, "")
    if kind == "date":
        label = "Said on" if date_verb(clause, value.lower()) == "said" else "On which day"
        return f"  - {label}: {plain(value)}{p.tail(f)}"
    return f"  - Where it was said: {'an' if value[:1] in 'aeiou' else 'a'} {plain(value)}{p.tail(f)}"


def agreed_section(claims: list[BriefClaim], p: Page) -> tuple[list[str], list[str]]:
    """The lines of every claim of two or more reports, and the ids they name."""
    facets = [c for c in claims if faceted(c.statement)]
    facts = [c for c in claims if not faceted(c.statement)]
    hosts = facet_hosts(facts, facets)
    lines, shown = [], []
    for c in facts:
        lines.append(f"- {agreed_statement(c, p)}{p.tail(c)}")
        shown.append(c.id)
        for f in hosts.get(c.id, []):
            lines.append(facet_line(f, p))
            shown.append(f.id)
    if facets and not facts:  # days that no fact of two reports names: each stated as its outlets give it
        for f in facets:
            lines.append(f"- {single_report(f, balanced(f.statement), p.author(f))}{p.tail(f)}")
            shown.append(f.id)
    return (["## Agreed facts", ""] + lines + [""] if lines else []), shown


def disagreement_section(p: Page, full: bool) -> list[str]:
    """Each conflict in plain words: 'Number: Fox News, The New York Times: "48 pages" [2/3]; HuffPost: "47
    pages" [1/3]', with links to the claims' evidence (and, in full, each side's sentence)."""
    b = p.brief
    if not b.conflicts:
        return []
    lines = ["## Where outlets disagree", ""]
    for x in b.conflicts:
        sides = "; ".join(f"{', '.join(outlet_names(s.outlets, p.reports))}: {quoted(s.label)} "
                          f"[{report_count(s.outlets, p.reports)}/{p.n}]" for s in x.sides)
        links = ", ".join(f"[{cid}](#{cid})" for cid in x.claims)
        lines.append(f"- {plain(x.slot.capitalize())}: {sides} (evidence: {links})")
        if full:
            for s in x.sides:
                ev = s.evidence[0].text if s.evidence else ""
                lines.append(f"  - {', '.join(outlet_names(s.outlets, p.reports))}: {quoted(ev)}")
    return lines + [""]


def one_outlet_claims(b: Brief) -> dict[str, list[BriefClaim]]:
    """Facts of one report alone, by outlet (outlets in the order of the sources)."""
    by_outlet: dict[str, list[BriefClaim]] = {a.outlet: [] for a in sorted(b.articles, key=lambda a: a.id)}
    for c in b.claims:
        if c.support == 1 and c.kind != Kind.opinion:
            by_outlet.setdefault(c.outlets[0], []).append(c)
    return {o: cs for o, cs in by_outlet.items() if cs}


def first_sentence(c: BriefClaim) -> int:
    return min((e.sentence for e in c.evidence), default=0)


def chosen_for_page(claims: list[BriefClaim]) -> list[BriefClaim]:
    """At most ONE_OUTLET_SHOWN of one outlet's claims: whole sentences, or quotations with their speaker, earliest
    in its article first (a report puts what matters most first), then in the brief's order."""
    whole = [c for c in claims if sentence_like(words := balanced(c.statement).strip("\"' "))
             or (speaks(c) and c.speaker and words[:1].isupper())]  # somebody's words, with who said them
    whole = [c for c in whole if FRAGMENT not in c.statement and not faceted(c.statement)]
    picked = sorted(whole, key=lambda c: (first_sentence(c), claims.index(c)))[:ONE_OUTLET_SHOWN]
    return [c for c in claims if c in picked]


def one_outlet_section(p: Page, full: bool) -> tuple[list[str], list[str]]:
    groups = one_outlet_claims(p.brief)
    if not groups:
        return [], []
    lines, shown = ["## Reported by one outlet", ""], []
    for outlet, claims in groups.items():
        picked = claims if full else chosen_for_page(claims)
        lines += [f"### {plain(outlet)}", ""]
        for c in picked:
            lines.append(f"- {single_report(c, balanced(c.statement), p.author(c))}{p.tail(c)}")
            shown.append(c.id)
        if len(picked) < len(claims):
            lines.append(f"- _{len(claims) - len(picked)} more reported by {plain(outlet)} alone: see brief.json "
                         "and brief.html (or run with --full)._")
        lines.append("")
    return lines, shown


def framed_section(p: Page) -> tuple[list[str], list[str]]:
    """A column's opinions of one report, and each outlet's own loaded words (the model's, found outside quotation
    marks in its article), always quoted: how an outlet told the story is its own."""
    b = p.brief
    opinions = [c for c in b.claims if c.kind == Kind.opinion and c.support == 1]
    words = [(a.outlet, a.framing) for a in sorted(b.articles, key=lambda a: a.id) if a.framing]
    if not opinions and not words:
        return [], []
    lines = ["## How outlets framed it", ""]
    lines += [f"- {plain(p.author(c))} wrote: {quoted(c.statement)}{p.tail(c)}" for c in opinions]
    lines += [f"- {plain(outlet)}, in its own words: " + ", ".join(quoted(w) for w in ws) for outlet, ws in words]
    return lines + [""], [c.id for c in opinions]


def evidence_section(b: Brief, ids: list[str]) -> list[str]:
    by_id = {a.id: a for a in b.articles}
    wanted = set(ids)
    lines = ["## Evidence", ""]
    for c in b.claims:
        if c.id not in wanted:
            continue
        lines.append(f'<a id="{c.id}"></a>**{c.id}**')
        for e in c.evidence:
            lines.append(f"- {plain(by_id[e.article].outlet)} (sentence {e.sentence}): {quoted(e.text)}")
        lines.append("")
    return lines


def header(b: Brief) -> list[str]:
    lines = [f"# {plain(b.title) or 'Brief'}", "",
             f"_{counted(b)} Each statement ends with [supporting reports/all reports: outlets]._", ""]
    if b.partial:
        lines += ["> **Partial brief:** " + plain("; ".join(b.problems)), ""]
    if b.notes:
        lines += ["> **Left out:** " + plain("; ".join(b.notes)), ""]
    if b.outlets < 2:
        lines += ["> Only one outlet: there is nothing to compare, so no statement is a consensus.", ""]
    return lines


def page(b: Brief, full: bool = False) -> str:
    """brief.md: the full rendering when asked for (brief.json already holds it), else the reader's page."""
    return b.brief_markdown if full and b.brief_markdown else to_markdown(b, full)


def to_markdown(b: Brief, full: bool = False) -> str:
    """The reader's page; with `full`, every claim of one outlet, each conflict's sentences and all evidence."""
    p = Page.of(b)
    facts = [c for c in b.claims if c.kind != Kind.opinion]
    lines = header(b) + prose_lines(b) + lede(facts, p)
    agreed, shown = agreed_section([c for c in b.claims if c.support >= 2], p)
    lines += agreed + disagreement_section(p, full)
    single, shown_single = one_outlet_section(p, full)
    framed, shown_framed = framed_section(p)
    lines += single + framed + ["## Sources", ""]
    by_id = {a.id: a for a in b.articles}
    lines += [source_line(a, by_id) for a in b.articles] + [""]
    named = {cid for x in b.conflicts for cid in x.claims}
    ids = ([c.id for c in b.claims] if full
           else shown + [c for c in sorted(named) if c not in shown] + shown_single + shown_framed)
    lines += evidence_section(b, ids)
    return "\n".join(lines).rstrip() + "\n"

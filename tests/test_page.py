"""The reader's page (brief.md) of every example story, rebuilt from its cassette: every claim of two or more
reports above the one-outlet section, whole sentences in the brief's own voice (checked with the project's parser),
no outlet named "unknown", and the complete rendering kept in brief.json."""

import json
import re

import pytest

from consensus import markdown, nlp
from consensus.models import Brief
from tests import replay_brief

STORIES = replay_brief.stories()
MARKER = re.compile(r" \[\d+/\d+(?::[^\]]*)?\]")
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
FINITE = {"VBD", "VBZ", "VBP", "MD"}


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    """story -> (Brief, the brief.md the pipeline wrote)."""
    out = {}
    for story in STORIES:
        folder = tmp_path_factory.mktemp(story)
        brief, _ = replay_brief.brief_from_cassette(folder, story=story)
        out[story] = (brief, (folder / "brief.md").read_text(encoding="utf-8"))
    return out


def section(md: str, title: str) -> list[str]:
    """The lines of one `## ` section of the page."""
    lines = md.splitlines()
    start = lines.index(f"## {title}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def statement_of(line: str) -> str:
    """A list item's statement: the words before its count."""
    return MARKER.split(line[2:], maxsplit=1)[0]


def whole_sentence_problems(text: str, outlets: set[str] = frozenset()) -> list[str]:
    """Why a statement is no whole sentence ([] when it is one). An attribution opens on its outlet's name as the
    outlet writes it ("swiowanewssource.com wrote: ...")."""
    problems = []
    named = any(text.replace("\\", "").startswith(o + " ") for o in outlets)
    if not (text[:1].isupper() or text[:1] == '"' or named):
        problems.append("does not start with a capital letter or a quotation mark")
    if text.startswith("\u2026") or text.rstrip('."\'').endswith("\u2026"):
        problems.append("opens or closes on a fragment mark")
    if not text.endswith(markdown._ENDS):
        problems.append("does not end with a full stop")
    said = text.split(": ", 1)[1] if named or text.split(": ", 1)[0].endswith((" wrote", " said")) else text
    if named and not said.lstrip("\"' ")[:1].isupper():  # an outlet's words stand for a sentence of its own
        problems.append("the words attributed open on lower case or a fragment mark")
    if len(said.split()) > markdown.MAX_WORDS:
        problems.append(f"{len(said.split())} words")
    doc = nlp.parse([text.replace("\\", "")])[0]
    if not any(t.dep_ in SUBJECTS for t in doc) or not any(t.tag_ in FINITE for t in doc):
        problems.append("no subject or no finite verb in the parse")
    return problems


@pytest.mark.parametrize("story", STORIES)
def test_every_claim_of_two_reports_is_above_the_one_outlet_section(story, briefs):
    brief, md = briefs[story]
    above = md.split("## Reported by one outlet")[0]
    multi = [c for c in brief.claims if c.support >= 2]
    assert multi
    assert [c.id for c in multi if f"(#{c.id})" not in above] == []
    assert md.index("## Agreed facts") < md.index("## Sources")


@pytest.mark.parametrize("story", STORIES)
def test_statements_in_the_brief_s_voice_are_whole_sentences(story, briefs):
    brief, md = briefs[story]
    items = [ln for ln in section(md, "Agreed facts") if ln.startswith("- ")]
    assert items
    outlets = {a.outlet for a in brief.articles}
    bad = {statement_of(ln): whole_sentence_problems(statement_of(ln), outlets) for ln in items}
    assert {text: why for text, why in bad.items() if why} == {}


@pytest.mark.parametrize("story", STORIES)
def test_what_one_outlet_says_is_attributed_and_never_a_fragment(story, briefs):
    brief, md = briefs[story]
    items = [ln for ln in section(md, "Reported by one outlet") if ln.startswith("- ") and not ln.startswith("- _")]
    assert items
    outlets = {a.outlet for a in brief.articles}
    for ln in items:
        said = statement_of(ln)
        frame, _, words = said.partition(": ")
        assert any(frame.replace("\\", "").startswith(o) for o in outlets), ln
        words = words.strip('"').strip("'")
        assert not words.startswith("\u2026") and not words.endswith("\u2026"), ln
        assert words[:1].isupper(), ln
    per_outlet = [sum(1 for _ in g) for g in _runs(section(md, "Reported by one outlet"))]
    assert max(per_outlet) <= markdown.ONE_OUTLET_SHOWN


def _runs(lines: list[str]):
    """The list items of each outlet's sub-section, not counting the line that says how many more there are."""
    run: list[str] = []
    for ln in lines:
        if ln.startswith("### "):
            if run:
                yield run
            run = []
        elif ln.startswith("- ") and not ln.startswith("- _"):
            run.append(ln)
    if run:
        yield run


@pytest.mark.parametrize("story", STORIES)
def test_no_outlet_is_named_unknown_and_no_statement_is_too_long(story, briefs):
    brief, md = briefs[story]
    assert "unknown" not in {a.outlet.lower() for a in brief.articles}
    for ln in section(md, "Agreed facts"):
        if ln.startswith("- "):
            said = statement_of(ln).split(' wrote: "', 1)[-1]  # an attribution's words, without its frame
            assert len(said.split()) <= markdown.MAX_WORDS, ln


@pytest.mark.parametrize("story", STORIES)
def test_the_full_rendering_keeps_every_claim_and_the_page_is_shorter(story, briefs):
    brief, md = briefs[story]
    assert md == markdown.to_markdown(brief)
    full = brief.brief_markdown
    assert all(f'<a id="{c.id}"></a>' in full for c in brief.claims)
    assert len(md) < len(full)
    assert markdown.page(brief, full=True) == full
    # a facet is shown inside a fact (an indented line), never as a statement of its own
    for ln in section(md, "Agreed facts"):
        if ln.startswith("- "):
            assert not ln.startswith(("- The date,", "- The occasion,")), ln


def test_the_json_holds_the_full_markdown(briefs):
    brief, _ = briefs[replay_brief.SEEDS]
    data = json.loads(brief.model_dump_json(by_alias=True))
    assert data["brief_markdown"] == brief.brief_markdown
    assert Brief.model_validate(data).claims == brief.claims


def _flat(text: str) -> str:
    """Words only, lower case: quotation marks of any form (an outlet's inner quotes become single ones inside the
    page's), dashes and backslashes set aside."""
    return " ".join(re.findall(r"[\w$%.,;:!?'-]+", re.sub(r"[\"'\u2018\u2019\u201c\u201d\\]", " ", text).lower()))


@pytest.mark.parametrize("story", STORIES)
def test_the_brief_s_own_voice_says_only_words_two_reports_print(story, briefs):
    """Of each Agreed facts line in the brief's own voice, at least half the content words (OWN_VOICE_COVERAGE) are
    in the evidence of two or more of its reports; any other line is an outlet's attributed words."""
    brief, md = briefs[story]
    page = markdown.Page.of(brief)
    own = [(c, statement_of(ln)) for c in brief.claims if c.support >= 2
           for ln in section(md, "Agreed facts") if ln.startswith("- ") and f"(#{c.id})" in ln
           and not re.match(r"[^\"]* (?:wrote|said): ", statement_of(ln))]
    assert own
    assert [text for c, text in own if not markdown.shared_enough(c, text.replace("\\", ""), page)] == []


@pytest.mark.parametrize("story", STORIES)
def test_an_outlet_s_attributed_words_are_a_clause_it_printed(story, briefs):
    """'Fox News wrote: "..."' beside a count quotes one member's clause as the sentence analysis read it from that
    outlet's sentence, or that outlet's evidence sentence, never the group's statement cut shorter ("worth DVD players" of "worth of televisions, DVD
    players")."""
    brief, md = briefs[story]
    by_id = {c.id: c for c in brief.claims}
    found = []
    for ln in section(md, "Agreed facts"):
        m = re.match(r"- (.+?) wrote: \"(.*)\" \[.*\(#(c\d+)\)\)$", ln.replace("\\", ""))
        if m:
            claim = by_id[m.group(3)]
            own = {a.id for a in brief.articles if a.outlet == m.group(1)}
            members = {_flat(x.statement).rstrip(".") for x in claim.members if x.article in own}
            evidence = " ".join(_flat(e.text) for e in claim.evidence if e.article in own)
            pieces = [_flat(x).rstrip(".") for x in m.group(2).split("\u2026")]  # an ellipsis marks words left out
            cut = len(pieces) > 1
            found.append((m.group(2), all(x in members or x in evidence or (cut and any(x in y for y in members))
                                          for x in pieces)))
    assert found
    assert [words for words, printed in found if not printed] == []


@pytest.mark.parametrize("story", STORIES)
def test_the_lede_opens_no_sentence_on_a_pronoun(story, briefs):
    """The paragraph has no antecedent for "He" or "His wife" (jackson's lede opened on "His wife later pleaded
    guilty")."""
    _, md = briefs[story]
    lede = next(ln for ln in md.splitlines() if ln.startswith("**In brief:**"))
    sentences = re.split(r"(?<=\]\.) ", lede.removeprefix("**In brief:** "))
    assert sentences
    pronoun = re.compile(r"^(?:He|She|They|It|This|These|That|Those|His|Her|Their|Its)\b")
    assert [x for x in sentences if pronoun.match(x)] == []

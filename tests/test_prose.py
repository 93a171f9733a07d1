"""The LLM prose writer (`--writer llm`): the validator on real seed claims, the drop and fallback paths, and one
real embedded writer call replayed from a cassette.

The writer's input is a fixed brief (tests/fixtures/seeds_brief.json, built from the seeds cassette), so changes
to extraction or consensus do not invalidate the recorded call. Re-record it with
`flock /tmp/consensus-model.lock python -m pytest tests/test_prose.py --record-mode=rewrite -p no:randomly`.
"""

import json

import pytest
from pydantic import ValidationError

from consensus import markdown, pipeline, prose, write
from consensus.models import Brief
from consensus.prose import DraftSentence, Review, draft_model
from tests import replay_brief
from tests.conftest import RECORDING, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "seeds_brief.json"


@pytest.fixture
def seeds_brief() -> Brief:
    brief = Brief.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    brief.brief_markdown = markdown.to_markdown(brief, full=True)  # as this writer renders it (the fixture keeps the claims)
    return brief


@pytest.fixture
def review(seeds_brief) -> Review:
    return Review.of(seeds_brief, prose.citables(seeds_brief, 20), replay_brief.settings().prose)


def sentence(text: str, *cites: str) -> DraftSentence:
    return DraftSentence(text=text, cites=list(cites))


GOOD = [
    sentence("Mexican President Claudia Sheinbaum rejected U.S. President Donald Trump's proposal to send troops "
             "to Mexico.", "c1"),
    sentence('Sheinbaum said: "our sovereignty is not for sale."', "c2"),
    sentence("During their call, Trump reportedly asked about support in the struggle against organized crime.", "c8"),
    sentence("Cross-border arms trafficking has intensified violence in Mexico for nearly two decades, killing more "
             "than 450,000 people.", "c10"),
    sentence("Trump has been using CIA drones for surveillance operations over Mexico since taking office.", "c15"),
]
BAD_NUMBER = sentence("Violence linked to arms trafficking killed more than 45,000 people in Mexico.", "c10")
BAD_NAME = sentence("Trump has been using CIA drones over Mexico since taking office, Obama said.", "c15")


# ---- the validator, on real seed claims ----


def test_correct_sentences_pass(review):
    for s in GOOD:
        assert review.verdict(s).problems == [], s.text


def test_a_number_not_in_the_cited_claims_fails(review):
    assert review.verdict(BAD_NUMBER).problems == ["number '45,000 people' is not in c10"]
    year = review.verdict(sentence("Trump has been using CIA drones over Mexico since 2019.", "c15"))
    assert year.problems == ["number '2019' is not in c15"]


def test_a_name_or_a_quotation_not_in_the_cited_claims_fails(review):
    assert review.verdict(BAD_NAME).problems == ["name 'Obama' is not in c15"]
    altered = review.verdict(sentence('Sheinbaum said: "our sovereignty is for sale."', "c2"))
    assert altered.problems == ["quotation 'our sovereignty is for sale' is not in c2"]


def test_a_loaded_word_in_our_own_voice_fails_but_not_inside_a_quotation(review):
    loaded = review.verdict(sentence("Sheinbaum defiantly rejected the troops offer from Trump.", "c1"))
    assert loaded.problems == ["loaded word 'defiant'"]


def test_a_cite_the_sentence_does_not_use_lends_it_no_names(review):
    """c15 is about Trump's drones; padding the cites with c2 (a Sheinbaum quote) must not make
    'Sheinbaum has been using CIA drones ...' pass."""
    v = review.verdict(sentence("Sheinbaum has been using CIA drones for surveillance operations over Mexico since "
                                "taking office.", "c15", "c2"))
    assert v.cites == ["c15"] and v.problems == ["name 'Sheinbaum' is not in c15"]


def test_a_sentence_that_changes_who_did_it_fails(seeds_brief):
    c5 = next(c for c in seeds_brief.claims if c.id == "c5")
    assert c5.statement.startswith("He accused both countries")
    assert prose.swapped_pronouns("She accused both countries of allowing illegal drugs.", c5.statement) == ["she"]
    assert prose.swapped_pronouns("He accused both countries of allowing illegal drugs.", c5.statement) == []


def test_claims_that_say_he_or_she_before_naming_anyone_are_not_offered(seeds_brief):
    """'He accused both countries ...' (Trump) and '"You can collaborate ...," she insisted' (Sheinbaum): a 1.5B
    model wrote 'Sheinbaum accused ...' for the first; such wordings are left out of the writer's input. A group
    that has a wording naming its subject is offered in that wording."""
    offered = prose.citables(seeds_brief, 20)
    assert "c6" not in offered
    assert "He accused" not in offered["c5"].line and "Trump has frequently argued" in offered["c5"].line
    assert {"c1", "c7", "c8"} <= set(offered)  # "On Saturday, Sheinbaum said she ...": the name comes first


def test_a_sentence_that_says_what_its_claim_does_not_fails(review):
    v = review.verdict(sentence("Trump has been using CIA drones over Mexico to bomb cartel laboratories and "
                                "hideouts.", "c15"))
    assert v.problems == ["says what c15 does not: bomb, laboratories, hideouts"]


def test_unknown_cites_fail(review):
    problems = review.verdict(sentence("Sheinbaum rejected the offer.", "c99")).problems
    assert problems[0] == "cites c99, which is not in the list"


def test_spaced_initials_and_name_variants_are_not_failures(review):
    v = review.verdict(sentence("Mexican President Claudia Shenbaum rejected U. S. President Donald Trump's proposal "
                                "to send troops to Mexico.", "c1"))
    assert v.problems == []


# ---- re-ask, drop, fallback ----


def validate(sentences: list[DraftSentence], review: Review):
    """The answer as the model would give it (one sentence per claim id), validated as instructor does."""
    model = draft_model([s.cites[0] for s in sentences])
    return model.model_validate({s.cites[0]: s.text for s in sentences}, context={"review": review})


def test_an_answer_with_too_many_failing_sentences_is_rejected_so_instructor_re_asks(review):
    """reask_below = 0.8: 3 of 4 passing is sent back, with what failed and why."""
    with pytest.raises(ValidationError, match="only 3 of 4 sentences") as e:
        validate(GOOD[:3] + [BAD_NUMBER], review)
    assert "number '45,000 people' is not in c10" in str(e.value)
    assert not review.acceptable(review.attempts[-1]) and review.usable(review.attempts[-1])


def test_when_re_asks_run_out_the_last_answer_is_used_with_its_failing_sentences_dropped(review):
    with pytest.raises(ValidationError):
        validate(GOOD[:3] + [BAD_NUMBER], review)
    run = prose.outcome(review.attempts[-1], review, prose.ExtractionStats(calls=2, reasks=1),
                        prose.Prompt("prose", 1, ""))
    assert (run.prose.generated, run.prose.kept, run.prose.dropped, run.prose.fallback) == (4, 3, 1, False)


def test_a_usable_answer_is_accepted_and_its_failing_sentence_dropped(seeds_brief, review):
    answer = validate(GOOD[:4] + [BAD_NAME], review)
    run = prose.outcome(review.attempts[-1], review, prose.ExtractionStats(calls=1), prose.Prompt("prose", 1, ""))
    p = run.prose
    assert len(answer.sentences()) == 5
    assert (p.generated, p.kept, p.dropped, p.fallback) == (5, 4, 1, False)
    assert [s.text for s in p.sentences] == [s.text for s in GOOD[:4]]
    assert run.dropped[0]["problems"] == ["name 'Obama' is not in c15"]
    deterministic = seeds_brief.brief_markdown
    pipeline.add_prose(seeds_brief, p)
    md = seeds_brief.brief_markdown
    assert md.index("## Summary") < md.index("## Agreed facts")
    assert "Donald Trump's proposal to send troops to Mexico. ([c1: 5/5](#c1))" in md
    assert "Obama" not in md and md != deterministic and seeds_brief.neutrality.passed
    assert json.loads(seeds_brief.model_dump_json(by_alias=True))["prose"]["kept"] == 4


def test_too_little_left_falls_back_to_the_deterministic_brief(seeds_brief, review):
    deterministic = seeds_brief.brief_markdown
    verdicts = review.record([GOOD[0], BAD_NUMBER, BAD_NAME])
    run = prose.outcome(verdicts, review, prose.ExtractionStats(calls=2, reasks=1), prose.Prompt("prose", 1, ""))
    assert (run.prose.fallback, run.prose.kept, run.prose.sentences) == (True, 1, [])
    assert run.reason == "1 of 3 sentences passed the check"
    pipeline.add_prose(seeds_brief, run.prose)
    assert seeds_brief.brief_markdown == deterministic  # the brief is the deterministic one
    assert seeds_brief.prose.fallback  # ... and brief.json says so


def test_without_the_llm_writer_brief_json_has_no_prose_field(seeds_brief):
    assert "prose" not in json.loads(seeds_brief.model_dump_json(by_alias=True))


# ---- one real writer call on the embedded model, replayed ----


@pytest.mark.vcr
def test_recorded_writer_call(vcr, model_endpoint, record_mode, seeds_brief, review):
    run = prose.prose_for(seeds_brief, replay_brief.settings(), model_endpoint)
    if record_mode not in RECORDING:
        assert vcr.all_played, f"{len(vcr) - vcr.play_count} recorded interactions were not played"
    p, stats = run.prose, run.stats
    assert stats.calls == 1 + p.reasks and stats.completion_tokens > 0 and stats.prompt_tokens > 0
    assert p.generated == p.kept + p.dropped and p.generated >= 1
    assert len(run.dropped) == p.dropped and all(d["problems"] for d in run.dropped)
    assert not p.fallback and p.kept >= 0.8 * p.generated
    for s in p.sentences:  # checked again from scratch: nothing uncited survived
        assert review.verdict(DraftSentence(text=s.text, cites=s.cites)).problems == [], s.text
    figures = run.report()
    assert {"generated", "kept", "dropped", "fallback", "completion_tokens", "seconds"} <= set(figures)


def test_the_html_page_shows_the_kept_sentences_escaped_with_links_and_nothing_on_fallback(seeds_brief):
    from consensus.html import to_html
    from consensus.models import Prose, ProseSentence

    seeds_brief.prose = Prose(sentences=[ProseSentence(text="Sheinbaum <b>rejected</b> the offer.", cites=["c1"])],
                              generated=1, kept=1)
    page = to_html(seeds_brief)
    assert 'Sheinbaum &lt;b&gt;rejected&lt;/b&gt; the offer. (<a href="#c1">c1: 5/5</a>)' in page
    seeds_brief.prose.fallback = True
    assert 'id="summary"' not in to_html(seeds_brief)


def test_a_quotation_repeated_in_the_briefs_own_voice_fails(review):
    assert review.items["c2"].quote  # the fixture's c2 is Sheinbaum's quotation
    bare = review.verdict(sentence("our sovereignty is not for sale", "c2"))
    assert bare.problems == ["repeats the quotation of c2 without quotation marks"]
    assert review.verdict(sentence('Sheinbaum said: "our sovereignty is not for sale."', "c2")).ok

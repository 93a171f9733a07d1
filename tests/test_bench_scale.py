"""The scale benchmark (bench/consensus_scale.py) at a small size: its corpus is deterministic and realistic
enough that the consensus step groups facts shared across articles. Never asserts wall-clock times."""

import json
import re
from collections import Counter

from bench import consensus_scale
from bench.consensus_scale import generate
from consensus import core


def dump(result) -> str:
    claims, conflicts = result
    return json.dumps([c.model_dump(mode="json") for c in claims] + [x.model_dump(mode="json") for x in conflicts])


def story(article_id: str, articles) -> str:
    return next(a.source.split("/")[1] for a in articles if a.id == article_id)


def test_generator_is_seeded_and_shaped():
    articles, claims = generate(50, 10, seed=3)
    again_articles, again_claims = generate(50, 10, seed=3)
    assert [a.model_dump() for a in articles] == [a.model_dump() for a in again_articles]
    assert [c.model_dump() for c in claims] == [c.model_dump() for c in again_claims]
    assert [a.raw for a in generate(50, 10, seed=4)[0]] != [a.raw for a in articles]

    assert len(articles) == 50 and len(claims) == 500
    for a in articles:
        assert len(a.sentences) == 10
        assert all(a.raw[s.start:s.end] == s.text for s in a.sentences)
    assert all(c.statement == articles[int(c.article[1:])].sentence(c.sentences[0]).text for c in claims)
    assert any(c.numbers for c in claims)
    shared = [o for o, n in Counter(a.outlet for a in articles).items() if n > 1]
    assert 3 <= sum(a.outlet in shared for a in articles) <= 15  # about 20% share an outlet


def test_consensus_is_identical_twice_and_groups_shared_facts():
    articles, claims = generate(50, 10)
    first = core.consensus(articles, claims)
    assert dump(core.consensus(*generate(50, 10))) == dump(first)

    brief_claims, _ = first
    multi = [c for c in brief_claims if len(c.articles) > 1]
    assert len(multi) >= 10
    assert len(brief_claims) > len(claims) / 2  # most claims are unique
    # the shared facts: groups that span three articles or more of one story
    assert any(len(c.articles) >= 3 and len({story(a, articles) for a in c.articles}) == 1 for c in multi)
    same_story = [c for c in multi if len({story(a, articles) for a in c.articles}) == 1]
    assert len(same_story) > len(multi) / 2


def all_pairs(feats: list[core.Features], idf_cut: float = 0.9) -> list[tuple]:
    """What `core.candidate_pairs` must return, by brute force over every pair: pairs of different articles that
    share a date facet, or else (neither has one) share a statement word of idf >= idf_cut, and pass the score."""
    found = []
    for i, a in enumerate(feats):
        for b in feats[i + 1:]:
            if a.claim.article == b.claim.article:
                continue
            if a.facet or b.facet:
                if a.facet != b.facet:
                    continue
            elif not any(a.statement[w] >= idf_cut for w in a.statement.keys() & b.statement.keys()):
                continue
            score, signals = core.pair_score(a, b)
            if score >= core.THRESHOLD and not core.numbers_clash(a, b):
                found.append((score, a.claim.id, b.claim.id, signals))
    return sorted(found, key=lambda p: (-p[0], p[1], p[2]))


def test_candidate_pairs_are_exactly_the_brute_force_pairs():
    """Guards any faster blocking in core.candidate_pairs: it may skip work, never a pair."""
    articles, claims = generate(20, 12, seed=5)
    by_article = {a.id: a for a in articles}
    texts = {c.id: " ".join(by_article[c.article].sentence(n).clean for n in c.sentences) for c in claims}
    claims = sorted(claims, key=lambda c: (c.article, c.sentences, c.statement, c.id))
    feats = core.features(claims, texts, core.article_outlets(articles))
    expected = all_pairs(feats)
    assert len(expected) > 20
    assert core.candidate_pairs(feats) == expected


def test_cli_prints_the_benchmark_lines(capsys):
    assert consensus_scale.main(["--articles", "20", "--claims", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"consensus: 100 claims in \d+\.\d\d s", out[0])
    assert re.fullmatch(r"consensus: 10 claims in \d+\.\d\d s", out[1])
    assert re.fullmatch(r"growth: 10x claims -> \d+\.\d x time", out[2])
    assert re.fullmatch(r"peak memory: \d+ MiB \(ru_maxrss, whole process\)", out[3])

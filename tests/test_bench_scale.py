"""The scale benchmark (bench/consensus_scale.py) at a small size: its corpus is deterministic and realistic
enough that the consensus step groups facts shared across articles. Never asserts wall-clock times."""

import dataclasses
import json
import random
import re
from collections import Counter

import numpy as np

from bench import consensus_scale
from bench.consensus_scale import generate
from consensus import canon, core


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


def test_made_up_vocabulary_grows_with_the_corpus_beyond_3000_claims():
    assert consensus_scale.vocabulary_scale(500) == consensus_scale.vocabulary_scale(3000) == 1.0
    assert abs(consensus_scale.vocabulary_scale(30000) - 10 ** 0.5) < 1e-9
    base = consensus_scale.Vocabulary(random.Random(1)).size()
    grown = consensus_scale.Vocabulary(random.Random(1), 4.0).size()
    assert 3.5 * base < grown <= 4 * base  # the made-up lists grow, the real head words stay


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


def test_consensus_does_not_depend_on_input_order():
    articles, claims = generate(40, 12, seed=2)
    first = consensus_scale.dump(core.consensus(articles, claims))
    for order_seed in (1, 2):
        assert consensus_scale.dump(core.consensus(*consensus_scale.shuffled(articles, claims, order_seed))) == first
    assert json.loads(first)["claims"]


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
            elif not (any(a.statement[w] >= idf_cut for w in a.statement.keys() & b.statement.keys())
                      or core.overlap(a.statement, b.statement) >= core.NEAR_IDENTICAL
                      or (a.vector is not None and b.vector is not None and a.rare & b.rare)):
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


def bench_features(n_articles: int, n_claims: int, seed: int, semantic: bool = False) -> list[core.Features]:
    articles, claims = generate(n_articles, n_claims, seed=seed)
    by_article = {a.id: a for a in articles}
    texts = {c.id: " ".join(by_article[c.article].sentence(n).clean for n in c.sentences) for c in claims}
    claims = sorted(claims, key=lambda c: (c.article, c.sentences, c.statement, c.id))
    vectors = consensus_scale.pseudo_vectors(claims) if semantic else None
    return core.features(claims, texts, core.article_outlets(articles), vectors)


def varied(feats: list[core.Features]) -> list[core.Features]:
    """The bench's features with what its corpus lacks: evidence wider than the statement, quotations, date
    facets and kinds other than events, so that every route of the blocking is taken."""
    out = []
    for k, f in enumerate(feats):
        if k % 3 == 0:
            neighbour = feats[(k * 7) % len(feats)]
            f = dataclasses.replace(f, evidence={**f.evidence, **neighbour.evidence})
        if k % 2 == 0:
            f = dataclasses.replace(f, quote_words=set(list(f.statement)[:3]),
                                    claim=f.claim.model_copy(update={"kind": core.Kind.quote}))
        if k % 11 == 0:
            f = dataclasses.replace(f, facet=f"date:{k % 3}")
        out.append(f)
    return out


def test_candidate_pairs_are_exactly_the_brute_force_pairs_with_quotes_facets_and_wide_evidence():
    feats = varied(bench_features(20, 12, seed=6))
    assert any(f.facet for f in feats) and any(f.quote_words for f in feats)
    expected = all_pairs(feats)
    assert sum(1 for _, a, b, signals in expected if "facet" in signals) >= 3
    assert sum(1 for _, a, b, signals in expected if "quote" in signals) >= 3
    assert core.candidate_pairs(feats) == expected


def reference_dice_keys(vec: dict[str, float], t: float, rare: float, semi: float) -> set[tuple[tuple, float]]:
    """The blocking keys of one set, loop by loop as core.dice_keys documents them (words rarest first)."""
    items = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))
    n = len(items)
    suf = [0.0] * (n + 1)
    for k in range(n - 1, -1, -1):
        suf[k] = suf[k + 1] + items[k][1]
    need = t * suf[0] / (2 - t) * (1 - 1e-9)
    keys = set()
    m = 0
    while m < n and items[m][1] >= rare:
        if suf[m] >= need:
            keys.add(((items[m][0],), suf[m]))
        m += 1
    for a in range(m, n):
        if suf[a] < need:
            break
        wa_, wa = items[a]
        if wa >= need:
            keys.add((("=", wa_), wa))
        for b in range(a + 1, n):
            if wa + suf[b] < need:
                break
            wb_, wb = items[b]
            if wb >= semi:
                keys.add(((wa_, wb_), wa + suf[b]))
                continue
            if wa + wb >= need:
                keys.add((("=", wa_, wb_), wa + wb))
            for c in range(b + 1, n):
                if wa + wb + suf[c] < need:
                    break
                keys.add(((wa_, wb_, items[c][0]), wa + wb + suf[c]))
    return keys


def test_dice_keys_over_arrays_are_the_loop_keys():
    feats = varied(bench_features(30, 10, seed=8))
    vecs = [f.statement for f in feats] + [f.evidence for f in feats]
    word_no = {w: k for k, w in enumerate(sorted({w for vec in vecs for w in vec}))}
    word_of = {k: w for w, k in word_no.items()}
    t, rare, semi = 0.28, 5.0, 3.0
    set_of, codes, bounds = core.dice_keys(vecs, word_no, t, rare, semi)
    v = len(word_no)
    got: list[set] = [set() for _ in vecs]
    for s, code, bound in zip(set_of.tolist(), codes.tolist(), bounds.tolist()):
        kind, rest = divmod(code, v ** 3)
        a, rest = divmod(rest, v ** 2)
        b, c = divmod(rest, v)
        words = {0: (a,), 1: (a,), 2: (a, b), 3: (a, b), 4: (a, b, c)}[kind]
        got[s].add(((("=",) if kind in (1, 3) else ()) + tuple(word_of[x] for x in words), bound))
    expected = [reference_dice_keys(vec, t, rare, semi) for vec in vecs]
    assert sum(len(k) for k in expected) > 500
    assert {len(k[0]) for keys in expected for k in keys} >= {1, 2, 3}  # singles, pairs and triples
    assert got == expected


def shingles(article, n: int = 5) -> set[tuple[str, ...]]:
    """The reference: an article's word n-grams as a set of tuples."""
    ws = canon.words(" ".join(s.clean for s in article.sentences))
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def containing_pairs(sets: list[set], containment: float) -> list[tuple[int, int]]:
    """core.containing_pairs_of for Python sets."""
    number: dict = {}
    elements = np.array([number.setdefault(e, len(number)) for s in sets for e in s], dtype=np.int64)
    owner = np.repeat(np.arange(len(sets), dtype=np.int64), [len(s) for s in sets])
    return core.containing_pairs_of(owner, elements, containment, len(sets))


def test_containing_pairs_are_the_brute_force_pairs():
    rng = random.Random(4)
    sets = [{rng.randrange(40) for _ in range(rng.randrange(0, 25))} for _ in range(60)]
    for containment in (0.3, 0.5, 0.9):
        expected = [(x, y) for x in range(len(sets)) for y in range(x + 1, len(sets))
                    if sets[x] and sets[y] and len(sets[x] & sets[y]) / min(len(sets[x]), len(sets[y])) >= containment]
        assert expected
        assert containing_pairs(sets, containment) == expected


def test_shingle_numbers_are_the_shingle_sets():
    articles, _ = generate(12, 8, seed=3)
    articles.append(articles[0].model_copy(update={"id": "copy"}))
    articles.append(articles[1].model_copy(update={"id": "short", "sentences": articles[1].sentences[:1]}))
    # over 4,096 distinct words: an n-gram no longer fits one 64-bit key
    texts = [" ".join(f"w{k * 7 % 5003}" for k in range(s, s + 40)) + "." for s in range(0, 6000, 40)]
    articles.append(consensus_scale.article("many", "m.example", texts))
    articles.append(consensus_scale.article("half", "h.example", texts[::2]))
    owner, number = core.shingle_numbers(articles)
    numbered = [set(number[owner == k].tolist()) for k in range(len(articles))]
    grams = [shingles(a) for a in articles]
    assert [len(s) for s in numbered] == [len(g) for g in grams]
    for x in range(len(articles)):
        for y in range(len(articles)):
            assert len(numbered[x] & numbered[y]) == len(grams[x] & grams[y])
    assert numbered[0] == numbered[12]  # the copy


def test_merge_bounds_refuse_only_what_the_scores_refuse(monkeypatch):
    """align() refuses most merges from group tallies without scoring pairs: with the bound switched off (every
    merge scored pair by pair) the result is the same."""
    articles, claims = generate(60, 15, seed=9)
    refused = []
    bound = core.Tally.score_bound

    def counting(self, members, totals):
        value = bound(self, members, totals)
        if value is not None and value < core.THRESHOLD * len(members) * self.size:
            refused.append(value)
        return value
    monkeypatch.setattr(core.Tally, "score_bound", counting)
    fast = dump(core.consensus(articles, claims))
    assert len(refused) > 20
    monkeypatch.setattr(core.Tally, "score_bound", lambda self, members, totals: None)
    assert dump(core.consensus(articles, claims)) == fast


def test_cli_dump_writes_the_full_size_result(tmp_path, capsys):
    path = tmp_path / "result.json"
    assert consensus_scale.main(["--articles", "20", "--claims", "5", "--dump", str(path)]) == 0
    shuffled = tmp_path / "shuffled.json"
    assert consensus_scale.main(["--articles", "20", "--claims", "5", "--shuffle", "3", "--dump", str(shuffled)]) == 0
    result = json.loads(path.read_text())
    assert sum(len(c["members"]) for c in result["claims"]) == 100
    assert shuffled.read_bytes() == path.read_bytes()
    once = tmp_path / "once.json"  # the timed runs are repeated on one input: none leaves state for the next
    assert consensus_scale.main(["--articles", "20", "--claims", "5", "--repeat", "1", "--dump", str(once)]) == 0
    assert once.read_bytes() == path.read_bytes()


def test_each_size_is_timed_several_times_and_the_median_is_printed(capsys):
    assert consensus_scale.main(["--articles", "20", "--claims", "5", "--repeat", "3"]) == 0
    captured = capsys.readouterr()
    runs = re.findall(r"runs: (\d+\.\d\d) / (\d+\.\d\d) / (\d+\.\d\d) s \(median of 3\)", captured.err)
    printed = re.findall(r"consensus: \d+ claims in (\d+\.\d\d) s", captured.out)
    assert len(runs) == len(printed) == 2
    for times, median in zip(runs, printed):
        assert f"{sorted(float(t) for t in times)[1]:.2f}" == median


def test_cli_prints_the_benchmark_lines(capsys):
    assert consensus_scale.main(["--articles", "20", "--claims", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"consensus: 100 claims in \d+\.\d\d s", out[0])
    assert re.fullmatch(r"consensus: 10 claims in \d+\.\d\d s", out[1])
    assert re.fullmatch(r"growth: 10x claims -> \d+\.\d x time", out[2])
    assert re.fullmatch(r"peak memory: \d+ MiB \(ru_maxrss, whole process\)", out[3])


def test_candidate_pairs_with_the_semantic_signal_are_exactly_the_brute_force_pairs():
    feats = bench_features(25, 12, seed=4, semantic=True)
    expected = all_pairs(feats)
    assert any("semantic" in signals for *_, signals in expected)
    assert core.candidate_pairs(feats) == expected


def test_the_corpus_route_of_the_semantic_signal_is_exactly_the_brute_force_pairs(monkeypatch):
    """Above SEMANTIC_ALL_CLAIMS only a rare shared word lets the signal in (pairs by word, not one product)."""
    from consensus.core import candidates, scoring

    monkeypatch.setattr(scoring, "SEMANTIC_ALL_CLAIMS", 0)
    monkeypatch.setattr(candidates, "SEMANTIC_ALL_CLAIMS", 0)
    feats = bench_features(25, 12, seed=4, semantic=True)
    assert all(f.rare <= f.statement.keys() for f in feats) and any(f.rare < f.statement.keys() for f in feats)
    expected = all_pairs(feats)
    assert any("semantic" in signals for *_, signals in expected)
    assert core.candidate_pairs(feats) == expected


def test_merge_bounds_hold_with_the_semantic_signal(monkeypatch):
    articles, claims = generate(60, 15, seed=9)
    vectors = consensus_scale.pseudo_vectors(claims)
    fast = dump(core.consensus(articles, claims, vectors))
    monkeypatch.setattr(core.Tally, "score_bound", lambda self, members, totals: None)
    assert dump(core.consensus(articles, claims, vectors)) == fast
    assert fast != dump(core.consensus(articles, claims))  # the signal changes the result at all


def test_merge_bounds_hold_when_some_evidence_is_wider_than_the_statement(monkeypatch):
    """Groups whose members all cite their statement's sentence alone and groups with wider evidence meet."""
    articles, claims = generate(60, 15, seed=9)
    claims = [c.model_copy(update={"sentences": [c.sentences[0], c.sentences[0] % 15 + 1]}) if k % 3 == 0 else c
              for k, c in enumerate(claims)]
    refused = []
    bound = core.Tally.score_bound

    def counting(self, members, totals):
        value = bound(self, members, totals)
        if value is not None and value < core.THRESHOLD * len(members) * self.size:
            refused.append((self.evidence is self.statement, all(totals[id(x)][2] for x in members)))
        return value
    monkeypatch.setattr(core.Tally, "score_bound", counting)
    fast = dump(core.consensus(articles, claims))
    assert {(True, True), (False, True), (True, False), (False, False)} <= set(refused)
    monkeypatch.setattr(core.Tally, "score_bound", lambda self, members, totals: None)
    assert dump(core.consensus(articles, claims)) == fast


def test_score_cache_answers_as_pair_score_either_way_round():
    """The cache answers (y, x) from (x, y): pair_score must be symmetric, with wide evidence, quotes, facets and
    the semantic signal too; and its restatement scores are restatement_score's."""
    feats = varied(bench_features(20, 12, seed=6, semantic=True))
    pairs = [(x, y) for k, x in enumerate(feats) for y in feats[k + 1:k + 40]]
    assert any(x.evidence is not x.statement for x, _ in pairs) and any(x.vector is not None for x, _ in pairs)
    cache = core.ScoreCache()
    for x, y in pairs:
        assert core.pair_score(x, y) == core.pair_score(y, x)
        assert cache(x, y) == cache(y, x) == core.pair_score(x, y)[0]
        assert cache.restatement(y, x) == cache.restatement(x, y) == core.restatement_score(x, y)


def test_content_words_keep_what_the_filter_and_the_stemmer_keep():
    text = "Officials rejected 12 of the proposals, said a spokesman; X declined and refuses. Troops' 3.5 it's"
    expected = [canon.SAME_ACT.get(s, s) for s in (canon.stem(w) for w in canon.words(text)
                                                    if w not in canon.STOPWORDS and not w.isdigit() and len(w) > 1)]
    assert canon.content_words(text) == expected
    assert "reject" in expected and "12" not in expected

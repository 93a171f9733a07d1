"""How well the pair score tells claims of one fact from claims of different facts, on the dev set (issue 19).

    python -m bench.pair_separation [--shared ../shared]

Every example story's claims are taken from its cassette replay (as `make eval` builds them). A claim is labelled
with the multi-outlet gold claims whose evidence regex matches its evidence sentences (the scorer's own rule); two
labelled claims of different articles are one fact when their labels meet, two facts when they do not. Per story:
the number of such pairs, the AUC of the pair score (scoring.pair_score, the semantic signal included) and of the
statements' embedding cosine alone (the chance that a random same-fact pair scores above a random two-fact pair),
the share of same-fact pairs that score below the 95th percentile of the two-fact pairs (no cut-off finds them
without taking in one two-fact pair in twenty), and the recall and precision of "score >= THRESHOLD" over the pairs. This measures the signals, not the
groups (`make eval` and `python -m bench.merge_frontier` score those); its labels are as coarse as the gold's
regexes. Never calls a model and never installs.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path

from consensus import core
from consensus.core import scoring
from tests import eval_stories, replay_brief


def captured_claims(story: str, out: Path):
    """(articles, claims, vectors) that the story's replay hands to the consensus step."""
    box = {}
    real = core.consensus

    def spy(articles, claims, vectors=None):
        box["input"] = (articles, claims, vectors)
        return real(articles, claims, vectors)

    core.consensus = spy
    try:
        with redirect_stdout(io.StringIO()):
            replay_brief.brief_from_cassette(out / story, story=story)
    finally:
        core.consensus = real
    return box["input"]


def labelled_pairs(story: str, out: Path, shared: Path, scorer) -> list[tuple[float, float | None, bool]]:
    """(pair score, cosine or None, same fact) of every cross-article pair of labelled claims (date and occasion
    facets left out: they pair by their day)."""
    articles, claims, vectors = captured_claims(story, out)
    gold = json.loads(eval_stories.gold_of(story, shared).read_text(encoding="utf-8"))
    rules = [(g["id"], re.compile(g["evidence_regex"], re.I | re.S)) for g in gold["claims"] if len(g["support"]) >= 2]
    by_article = {a.id: a for a in articles}
    texts = {c.id: " ".join(by_article[c.article].sentence(n).clean for n in c.sentences) for c in claims}
    feats = [f for f in scoring.features(claims, texts, core.article_outlets(articles), vectors) if not f.facet]
    labels = {f.claim.id: {gid for gid, rx in rules if rx.search(scorer.flat(texts[f.claim.id]))} for f in feats}
    feats = [f for f in feats if labels[f.claim.id]]
    pairs = []
    for i, a in enumerate(feats):
        for b in feats[i + 1:]:
            if a.claim.article == b.claim.article:
                continue
            score = scoring.pair_score(a, b)[0]
            cosine = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else None
            pairs.append((score, cosine, bool(labels[a.claim.id] & labels[b.claim.id])))
    return pairs


def auc(same: list[float], different: list[float]) -> float:
    """Chance that a same-fact pair scores above a two-fact pair (ties count half)."""
    if not same or not different:
        return float("nan")
    ranked = sorted([(s, 1) for s in same] + [(s, 0) for s in different])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2  # 1-based mean rank of the tied run
        rank_sum += mean_rank * sum(1 for _, s in ranked[i:j] if s)
        i = j
    n1, n0 = len(same), len(different)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def percentile_95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def story_line(story: str, pairs: list[tuple[float, float | None, bool]]) -> str:
    same = [p for p in pairs if p[2]]
    different = [p for p in pairs if not p[2]]
    cos_same = [p[1] for p in same if p[1] is not None]
    cos_different = [p[1] for p in different if p[1] is not None]
    found = sum(p[0] >= scoring.THRESHOLD for p in same)
    wrong = sum(p[0] >= scoring.THRESHOLD for p in different)
    hidden = sum(p[0] < percentile_95([q[0] for q in different]) for p in same)
    return (f"PAIRS {story} same={len(same)} different={len(different)} "
            f"auc_score={auc([p[0] for p in same], [p[0] for p in different]):.3f} "
            f"auc_cosine={auc(cos_same, cos_different):.3f} same_below_p95_of_different={hidden / len(same):.0%} "
            f"at_threshold recall={found / len(same):.0%} precision={found / max(1, found + wrong):.0%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.pair_separation")
    ap.add_argument("--shared", default=str(eval_stories.ROOT.parent / "shared"))
    ap.add_argument("--out", default="build/pairs")
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    if not (shared / "eval" / "score_seeds.py").is_file():
        raise SystemExit(f"pair_separation: {shared}/eval/score_seeds.py not found (--shared)")
    sys.path.insert(0, str(shared / "eval"))
    import score_seeds  # the scorer's own normalisation, so labels match as the scorer matches

    for story in replay_brief.stories():
        print(story_line(story, labelled_pairs(story, Path(a.out), shared, score_seeds)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How far the merge's two cut-offs can move the dev set's scores (issue 19): every example story's brief rebuilt
from its cassette, as `make eval` builds it, once per setting of the pair-score threshold (scoring.THRESHOLD: a
pair of claims is a candidate from this score) and of the minimum link (scoring.MIN_LINK: no two claims of
different articles in one group score below it), and scored with ../shared/eval/score_seeds.py.

    python -m bench.merge_frontier [--thresholds 0.28,0.31,...] [--min-links 0.20,0.25,0.30] [--out build/frontier]

One line per setting: each story's exact11 and purity, the macro line's exact11, purity and coverage, and the
lowest exact11 and purity share over the stories (issue 19 asks every story for exact11 >= 70% and purity >= 90%,
and coverage >= 0.75 over the stories). A lower threshold joins more paraphrases (exact11 up) and more different
facts (purity down); a higher one the reverse. The last line names the settings that meet all three, or says
that none does. Never calls a model and never installs; the gold stays in ../shared.

`--mutual-best` tries the monolingual sentence aligners' rule on the pairs that score below main's threshold: such
a pair stays a candidate only when each claim is the other's best-scoring claim in the other's article (one fact
is told once per article, so its two tellings should pick each other). Pairs from main's threshold on are kept as
they are.
"""

from __future__ import annotations

import argparse
import io
from contextlib import contextmanager, nullcontext, redirect_stdout
from pathlib import Path

from consensus.core import candidates, conflicts, merge, scoring
from tests import eval_stories, replay_brief

# Every module that imported the cut-offs by name (`from .scoring import THRESHOLD`) holds its own binding.
_HOLDERS = {"THRESHOLD": (scoring, merge, candidates, conflicts), "MIN_LINK": (scoring, merge, conflicts)}
EXACT11_TARGET, PURITY_TARGET, COVERAGE_TARGET = 0.70, 0.90, 0.75


def set_cutoff(name: str, value: float) -> None:
    for module in _HOLDERS[name]:
        setattr(module, name, value)


def mutual_best_only(pairs: list[tuple[float, str, str, dict]], article_of: dict[str, str],
                     keep_from: float) -> list[tuple[float, str, str, dict]]:
    """The candidate pairs that score at least `keep_from`, and those below it whose two claims are each the
    other's best-scoring claim in the other's article."""
    best: dict[tuple[str, str], float] = {}  # (claim id, other article) -> its best score there
    for score, a, b, _ in pairs:
        for x, y in ((a, b), (b, a)):
            best[x, article_of[y]] = max(best.get((x, article_of[y]), 0.0), score)
    return [p for p in pairs if p[0] >= keep_from
            or (p[0] >= best[p[1], article_of[p[2]]] and p[0] >= best[p[2], article_of[p[1]]])]


def with_mutual_best(candidate_pairs, keep_from: float):
    """`candidate_pairs` (the merge's) with the pairs below `keep_from` cut to the mutual best ones."""
    def wrapped(feats, **kw):
        article_of = {f.claim.id: f.claim.article for f in feats}
        return mutual_best_only(candidate_pairs(feats, **kw), article_of, keep_from)
    return wrapped


@contextmanager
def patched(module, name: str, value):
    """module.name is `value` while the block runs, and what it was before afterwards."""
    kept = getattr(module, name)
    setattr(module, name, value)
    try:
        yield value
    finally:
        setattr(module, name, kept)


def scores_at(threshold: float, min_link: float, out: Path, shared: Path) -> dict[str, dict[str, str]]:
    """The SCORE fields (and coverage) of every example story, built with these cut-offs."""
    set_cutoff("THRESHOLD", threshold)
    set_cutoff("MIN_LINK", min_link)
    with redirect_stdout(io.StringIO()):  # the pipeline's own progress lines
        return {story: eval_stories.eval_story(story, out, shared) for story in replay_brief.stories()}


def row(threshold: float, min_link: float, scores: dict[str, dict[str, str]]) -> tuple[str, bool]:
    """A setting's line, and whether it meets issue 19's exact11, purity and coverage targets."""
    exact = {s: eval_stories.share(f["exact11"]) for s, f in scores.items()}
    purity = {s: eval_stories.share(f["purity"]) for s, f in scores.items()}
    coverage = sum(float(f["coverage"]) for f in scores.values()) / len(scores)
    meets = (min(exact.values()) >= EXACT11_TARGET and min(purity.values()) >= PURITY_TARGET
             and coverage >= COVERAGE_TARGET)
    stories = " ".join(f"{s}={f['exact11']},{f['purity']}" for s, f in scores.items())
    macro = eval_stories.macro_line(scores).split()
    keep = " ".join(x for x in macro[2:] if x.startswith(("exact11=", "purity=", "coverage=")))
    return (f"FRONTIER threshold={threshold:.2f} min_link={min_link:.2f} {stories} {keep} "
            f"min_exact11={min(exact.values()):.0%} min_purity={min(purity.values()):.0%}"
            f"{' MEETS' if meets else ''}"), meets


def floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.merge_frontier")
    ap.add_argument("--thresholds", default="0.28,0.31,0.34,0.38,0.42,0.46")
    ap.add_argument("--min-links", default="0.20,0.25,0.30")
    ap.add_argument("--out", default="build/frontier")
    ap.add_argument("--shared", default=str(eval_stories.ROOT.parent / "shared"))
    ap.add_argument("--mutual-best", action="store_true",
                    help="below main's threshold, only pairs whose claims are each other's best in their articles")
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    if not (shared / "eval" / "score_seeds.py").is_file():
        raise SystemExit(f"merge_frontier: {shared}/eval/score_seeds.py not found (--shared)")
    meeting: list[str] = []
    mutual = patched(merge, "candidate_pairs", with_mutual_best(merge.candidate_pairs, scoring.THRESHOLD))
    with mutual if a.mutual_best else nullcontext():
        run_grid(a, shared, meeting)
    print("FRONTIER meets issue 19's targets at: " + (", ".join(meeting) if meeting else "no setting"))
    return 0


def run_grid(a: argparse.Namespace, shared: Path, meeting: list[str]) -> None:
    kept = (scoring.THRESHOLD, scoring.MIN_LINK)
    try:
        for threshold in floats(a.thresholds):
            for min_link in floats(a.min_links):
                if min_link > threshold:
                    continue  # every link would then have to beat the threshold itself
                line, meets = row(threshold, min_link, scores_at(threshold, min_link, Path(a.out), shared))
                print(line, flush=True)
                if meets:
                    meeting.append(f"{threshold:.2f}/{min_link:.2f}")
    finally:
        set_cutoff("THRESHOLD", kept[0])
        set_cutoff("MIN_LINK", kept[1])


if __name__ == "__main__":
    raise SystemExit(main())

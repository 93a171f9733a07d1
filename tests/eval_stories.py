"""`make eval`: every example story's brief rebuilt from its cassette and scored against its gold annotation.

    python -m tests.eval_stories [--out build/eval] [--shared ../shared] [--story NAME ...] [--model none]

Never installs and never calls a model: a request that is not in a story's cassette is an error. Prints one line
per story, `EVAL <story> <the scorer's SCORE fields> coverage=<mean>`, then the macro line over the stories:
`EVAL macro exact11=<mean %> purity=<mean %> loaded=<sum> conflicts=<found>/<total> grounded=<a>/<b>
coverage=<mean>`. The gold stays in ../shared (eval/seeds_gold.json for the seeds, eval/stories/<story>/gold.json
for the others). `--model none` (`make eval MODEL=none`) builds every brief with no model answer at all (backend
"none": every sentence gets the default kind), the yardstick the recorded answers are measured against.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from tests import replay_brief
from tests.cassettes import ROOT


def gold_of(story: str, shared: Path) -> Path:
    if story == replay_brief.SEEDS:
        return shared / "eval" / "seeds_gold.json"
    return shared / "eval" / "stories" / story / "gold.json"


def score_fields(brief_json: Path, story: str, shared: Path) -> dict[str, str]:
    """The SCORE fields the shared scorer prints for a brief, in its order."""
    scorer = shared / "eval" / "score_seeds.py"
    run = subprocess.run([sys.executable, str(scorer), str(brief_json), "--seeds", str(ROOT / "examples" / story),
                          "--gold", str(gold_of(story, shared))], capture_output=True, text=True)
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    if run.returncode != 0 or not last.startswith("SCORE "):
        raise SystemExit(f"eval: the scorer failed on {story}: {(run.stderr or last).strip().splitlines()[-1:]}")
    return dict(re.findall(r"(\w+)=(\S+)", last))


def mean_coverage(brief_json: Path) -> float:
    """Mean `coverage` over the claims of two or more independent reports (1.0 when there is none)."""
    claims = json.loads(brief_json.read_text(encoding="utf-8"))["claims"]
    multi = [c["coverage"] for c in claims if c["support"] >= 2]
    return sum(multi) / len(multi) if multi else 1.0


def ratio(field: str) -> tuple[int, int]:
    a, b = field.split("/")
    return int(a), int(b)


def share(field: str) -> float:
    a, b = ratio(field)
    return a / b if b else 1.0


def eval_story(story: str, out: Path, shared: Path, model: str = "recorded") -> dict[str, str]:
    if model == "none":
        brief, _ = replay_brief.brief_without_model(out / story, story=story)
    else:
        brief, _ = replay_brief.brief_from_cassette(out / story, story=story)
    if brief.problems:
        raise SystemExit(f"eval: {story}: {brief.problems[0]} (a cassette miss? run 'make record')")
    fields = score_fields(out / story / "brief.json", story, shared)
    fields["coverage"] = f"{mean_coverage(out / story / 'brief.json'):.3f}"
    return fields


def macro_line(scores: dict[str, dict[str, str]]) -> str:
    n = len(scores)
    exact = sum(share(f["exact11"]) for f in scores.values()) / n
    purity = sum(share(f["purity"]) for f in scores.values()) / n
    loaded = sum(int(f["loaded"]) for f in scores.values())
    found = sum(ratio(f["conflicts"])[0] for f in scores.values())
    total = sum(ratio(f["conflicts"])[1] for f in scores.values())
    grounded = sum(ratio(f["grounded"])[0] for f in scores.values())
    spans = sum(ratio(f["grounded"])[1] for f in scores.values())
    cov = sum(float(f["coverage"]) for f in scores.values()) / n
    return (f"EVAL macro exact11={100 * exact:.1f}% purity={100 * purity:.1f}% loaded={loaded} "
            f"conflicts={found}/{total} grounded={grounded}/{spans} coverage={cov:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.eval_stories")
    ap.add_argument("--out", default="build/eval")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--story", action="append", help="only this story (repeatable); default: every example story")
    ap.add_argument("--model", choices=("recorded", "none"), default="recorded",
                    help="recorded: the model's answers from the cassettes; none: no model answer at all")
    a = ap.parse_args(argv)
    shared, out = Path(a.shared), Path(a.out)
    if not (shared / "eval" / "score_seeds.py").is_file():
        raise SystemExit(f"eval: {shared}/eval/score_seeds.py not found (--shared, or make eval SHARED=...)")
    stories = a.story or replay_brief.stories()
    scores = {}
    for story in stories:
        scores[story] = eval_story(story, out, shared, a.model)
        print(f"EVAL {story} " + " ".join(f"{k}={v}" for k, v in scores[story].items()), flush=True)
    print(macro_line(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())

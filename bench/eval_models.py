"""Compare embedded models (and window sizes) on examples/sheinbaum: `make eval-models`.

For each variant it runs the real pipeline on the embedded server, scores the brief with the seeds scorer
(../shared/eval/score_seeds.py, when present) and prints one table row: the SCORE line, claims per article,
output tokens per claim, seconds per article, dropped claims and re-asks. Slow: it runs the models.

usage: python -m bench.eval_models [--models qwen2.5-coder-1.5b,tiny] [--windows 60] [--out build/eval]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from consensus.config import load_settings
from consensus.pipeline import run_brief

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "sheinbaum"
SCORER = ROOT.parent / "shared" / "eval" / "score_seeds.py"


def run_variant(model: str, window: int, out: Path) -> dict:
    s = load_settings(str(ROOT / "config.toml"), environ={"CONSENSUS_EMBEDDED_MODEL": model,
                                                          "CONSENSUS_EXTRACT_WINDOW_SENTENCES": str(window)})
    t0 = time.monotonic()
    brief, report = run_brief([str(EXAMPLES)], s, out, ["md", "json"],
                              progress=lambda m: print(f"  [{model} w{window}] {m}", file=sys.stderr))
    return {"model": model, "window": window, "seconds": time.monotonic() - t0,
            "stats": list(report.extractions.values()), "n": len(report.extractions) or 1,
            "claims": sum(len(c.members) for c in brief.claims), "score": score_line(out / "brief.json")}


def score_line(brief_json: Path) -> str:
    if not SCORER.is_file():
        return f"(no scorer at {SCORER})"
    done = subprocess.run([sys.executable, str(SCORER), str(brief_json), "--seeds", str(EXAMPLES)],
                          capture_output=True, text=True)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("SCORE")]
    return lines[-1] if lines else f"(scorer failed: {done.stderr.strip()[-200:]})"


def row(r: dict) -> str:
    st, n, claims = r["stats"], r["n"], r["claims"]
    out_tokens = sum(x["completion_tokens"] for x in st)
    secs = sum(x["seconds"] for x in st)
    return (f"| {r['model']} | {r['window']} | {claims / n:.1f} | {out_tokens / max(claims, 1):.1f} | "
            f"{secs / n:.1f} | {sum(sum(x['dropped'].values()) for x in st)} | {sum(x['reasks'] for x in st)} | "
            f"{sum(x['calls'] for x in st)} | `{r['score']}` |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="qwen2.5-coder-1.5b,tiny")
    ap.add_argument("--windows", default="60", help="window sizes in sentences, comma-separated")
    ap.add_argument("--out", default=str(ROOT / "build" / "eval"))
    a = ap.parse_args(argv)
    results = []
    for model in a.models.split(","):
        for window in (int(w) for w in a.windows.split(",")):
            results.append(run_variant(model, window, Path(a.out) / f"{Path(model).name.removesuffix('.gguf')}-w{window}"))
    print("| model | window | claims/article | output tokens/claim | s/article | dropped | re-asks | calls | SCORE |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(row(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())

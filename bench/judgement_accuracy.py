"""How often the model's answer is right on the dev stories' sentences (issue 22, item 1).

    python -m bench.judgement_accuracy [--labels tests/data/judgements.json] [--out build/judgements]

The recorded answers (each story's cassette, replayed: no model) name the words with which a writer judges or
colours the news; a sentence counts as the writer's opinion when it carries one of them outside quotation marks
(extract.opinion_sentences). Those sentences are compared with the hand labels in tests/data/judgements.json,
per kind: "opinion" (the writer's own judgement) and "claimed" (a claim the outlet reports without making it its
own; not asked of the model since prompt v2: the 1.5B model listed runs of consecutive sentence numbers for it).
Prints one line per kind: sentences, labelled, answered, right (both agree, over all sentences), precision,
recall.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from consensus import extract, ingest
from tests import replay_brief

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "judgements.json"


def story_articles(story: str):
    """The story's articles as the pipeline reads them (ingest, names canonicalized across the set)."""
    files = sorted(p for p in (replay_brief.EXAMPLES_ROOT / story).iterdir() if p.suffix == ".txt")
    articles = [ingest.load_article(p, f"{i:03d}", 2_000_000) for i, p in enumerate(files)]
    ingest.canonicalize_names(articles)
    return dict(zip((p.name for p in files), articles))


def answered(story: str, out: Path) -> dict[str, set[int]]:
    """File name -> the sentences the recorded answer marks as the writer's opinion."""
    brief, _ = replay_brief.brief_from_cassette(out / story, story=story)
    words = {Path(a.source).name: a.framing for a in brief.articles}
    return {name: extract.opinion_sentences(words.get(name, []), a, range(1, len(a.sentences) + 1))
            for name, a in story_articles(story).items()}


def tally(labels: dict, out: Path) -> dict[str, dict[str, int]]:
    counts = {kind: {"sentences": 0, "labelled": 0, "answered": 0, "both": 0, "right": 0}
              for kind in ("opinion", "claimed")}
    for story, files in sorted(labels["stories"].items()):
        marks = answered(story, out)
        for name, entry in sorted(files.items()):
            total = entry["sentences"]
            for kind, c in counts.items():
                gold = {int(n) for n in entry[kind]}
                said = marks.get(name, set()) if kind == "opinion" else set()
                c["sentences"] += total
                c["labelled"] += len(gold)
                c["answered"] += len(said)
                c["both"] += len(gold & said)
                c["right"] += total - len(gold ^ said)
    return counts


def line(kind: str, c: dict[str, int]) -> str:
    precision = f"{c['both'] / c['answered']:.2f}" if c["answered"] else "n/a"
    recall = f"{c['both'] / c['labelled']:.2f}" if c["labelled"] else "n/a"
    return (f"JUDGEMENT {kind} sentences={c['sentences']} labelled={c['labelled']} answered={c['answered']} "
            f"right={c['right']}/{c['sentences']} precision={precision} recall={recall}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.judgement_accuracy")
    ap.add_argument("--labels", default=str(LABELS))
    ap.add_argument("--out", default="build/judgements")
    a = ap.parse_args(argv)
    labels = json.loads(Path(a.labels).read_text(encoding="utf-8"))
    for kind, c in tally(labels, Path(a.out)).items():
        print(line(kind, c))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

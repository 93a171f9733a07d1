"""How often the model's answer is right on the dev stories' sentences (issue 22, item 1).

    python -m bench.judgement_accuracy [--labels tests/data/judgements.json] [--out build/judgements]

The recorded answers (each story's cassette, replayed: no model) name the words with which a writer judges or
colours the news; a sentence counts as the writer's opinion when it carries one of them outside quotation marks
(extract.opinion_sentences). Those sentences are compared with the hand labels in tests/data/judgements.json,
per kind: "opinion" (the writer's own judgement) and "claimed" (a claim the outlet reports without making it its
own; not asked of the model since prompt v2: the 1.5B model listed runs of consecutive sentence numbers for it).
Prints one line per kind: sentences, labelled, answered, right (both agree, over all sentences), precision,
recall; and "opinion-kept": the same for the words the brief keeps (those fewer than two independent reports use).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from consensus import extract, ingest
from tests import replay_brief
from tests.cassettes import ParsedJsonSerializer

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "judgements.json"


def story_articles(story: str):
    """The story's articles as the pipeline reads them (ingest, names canonicalized across the set)."""
    files = sorted(p for p in (replay_brief.EXAMPLES_ROOT / story).iterdir() if p.suffix == ".txt")
    articles = [ingest.load_article(p, f"{i:03d}", 2_000_000) for i, p in enumerate(files)]
    ingest.canonicalize_names(articles)
    return dict(zip((p.name for p in files), articles))


def recorded_words(story: str) -> dict[str, list[str]]:
    """File name -> the loaded words of the article's recorded answer (its cassette interaction, matched by the
    article message the request carries)."""
    articles = story_articles(story)
    by_message = {extract.article_message(a, range(1, len(a.sentences) + 1)): name for name, a in articles.items()}
    data = ParsedJsonSerializer.deserialize(replay_brief.cassette_of(story).read_text(encoding="utf-8"))
    words: dict[str, list[str]] = {}
    for i in data["interactions"]:
        request = json.loads(i["request"]["body"])
        name = by_message.get(request["messages"][-1]["content"])
        answer = json.loads(json.loads(i["response"]["body"]["string"])["choices"][0]["message"]["content"])
        if name:
            words[name] = extract.LoadedWords.model_validate(answer).loaded
    return words


def answered(story: str, out: Path, used: bool) -> dict[str, set[int]]:
    """File name -> the sentences the recorded answer marks as the writer's opinion: every sentence that carries
    one of its words in the writer's voice, or (`used`) only those words the brief keeps (fewer than two
    independent reports use them: BriefArticle.framing)."""
    if used:
        brief, _ = replay_brief.brief_from_cassette(out / story, story=story)
        words = {Path(a.source).name: a.framing for a in brief.articles}
    else:
        words = recorded_words(story)
    return {name: extract.opinion_sentences(words.get(name, []), a, range(1, len(a.sentences) + 1))
            for name, a in story_articles(story).items()}


def tally(labels: dict, out: Path, used: bool = False) -> dict[str, dict[str, int]]:
    counts = {kind: {"sentences": 0, "labelled": 0, "answered": 0, "both": 0, "right": 0}
              for kind in ("opinion", "claimed")}
    for story, files in sorted(labels["stories"].items()):
        marks = answered(story, out, used)
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
    print(line("opinion-kept", tally(labels, Path(a.out), used=True)["opinion"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

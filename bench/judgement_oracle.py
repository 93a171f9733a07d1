"""What a right answer to the extraction question would be worth (issue 22): every example story's brief built with
no model, but with the hand labels of tests/data/judgements.json standing in for the model's answer.

    python -m bench.judgement_oracle [--kinds opinion|claimed|both] [--out build/eval-oracle]

With no model every sentence gets the default kind (`make eval MODEL=none`). Here a sentence the hand labels call
the writer's own judgement gets Kind.opinion ("opinion"), one that reports a claim the outlet does not make its own
gets Kind.attribution ("claimed"), and the brief is scored as `make eval` scores it. Set beside `make eval
MODEL=none`, the EVAL lines tell whether the question is worth asking at all: a model that answered it as the hand
labels do would earn its call where these lines beat the no-model ones. The seeds have no hand labels (their lines
equal the no-model ones). Never calls a model and never installs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from consensus import extract
from consensus.models import Kind
from tests import eval_stories

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "judgements.json"
KIND_OF_LABEL = {"opinion": Kind.opinion, "claimed": Kind.attribution}


def labelled_kinds(labels: dict, story: str, file_name: str, window: range, kinds: list[Kind],
                   asked: tuple[str, ...]) -> list[Kind]:
    """The window's kinds with each hand-labelled sentence of an `asked` label given that label's kind (opinion
    first where a sentence has both)."""
    found = labels.get(story, {}).get(file_name)
    if not found:
        return kinds
    out = []
    for n, kind in zip(window, kinds):
        label = next((x for x in asked if str(n) in found[x]), None)
        out.append(KIND_OF_LABEL[label] if label else kind)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.judgement_oracle")
    ap.add_argument("--kinds", choices=("opinion", "claimed", "both"), default="opinion")
    ap.add_argument("--out", default="build/eval-oracle")
    ap.add_argument("--labels", default=str(LABELS))
    ap.add_argument("--shared", default=None)
    a = ap.parse_args(argv)
    labels = json.loads(Path(a.labels).read_text(encoding="utf-8"))["stories"]
    asked = ("opinion", "claimed") if a.kinds == "both" else (a.kinds,)
    no_answer = extract.Extractor.window_answer

    def hand_labelled(self, article, window, stats):
        kinds, words = no_answer(self, article, window, stats)
        source = Path(article.source)
        return labelled_kinds(labels, source.parent.name, source.name, window, kinds, asked), words

    extract.Extractor.window_answer = hand_labelled
    try:
        return eval_stories.main(["--out", a.out, "--model", "none"] + (["--shared", a.shared] if a.shared else []))
    finally:
        extract.Extractor.window_answer = no_answer


if __name__ == "__main__":
    raise SystemExit(main())

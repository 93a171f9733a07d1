"""Rebuild an example story's brief from its recorded cassette (no model, no network).

`python -m tests.replay_brief OUT [STORY]` (STORY defaults to the seeds, `sheinbaum`). Used by `make score`,
`make eval` and the tests. A request that is not in the cassette is an error, and so is a recorded interaction
that was not played.
"""

from __future__ import annotations

import sys
from pathlib import Path

from consensus.backends import Endpoint
from consensus.config import load_settings
from consensus.pipeline import run_brief
from tests import cassettes

EXAMPLES_ROOT = cassettes.ROOT / "examples"
SEEDS = "sheinbaum"
EXAMPLES = EXAMPLES_ROOT / SEEDS
SEEDS_CASSETTE = cassettes.CASSETTES / "test_seeds_brief" / "test_seeds_brief.yaml"
STORY_CASSETTE_NAME = "brief.yaml"
# Requests are matched on method, path and body: this address is never contacted. The mode is the embedded
# backend's, so the requests are the ones the cassettes were recorded with.
REPLAY_ENDPOINT = Endpoint("embedded", "http://127.0.0.1:9/v1", cassettes.MODEL_ALIAS, "not-needed", "grammar", 60.0)
# No model at all: every sentence gets extract.DEFAULT_KIND (`make eval MODEL=none`).
NO_MODEL_ENDPOINT = Endpoint("none", "", "none", "", "none", 0.0)


def settings():
    return load_settings(str(cassettes.ROOT / "config.toml"), environ={})


def stories() -> list[str]:
    """Every example story: a folder of examples/ with a story.toml, the seeds first."""
    found = sorted(p.name for p in EXAMPLES_ROOT.iterdir() if (p / "story.toml").is_file())
    return sorted(found, key=lambda name: name != SEEDS)


def cassette_of(story: str) -> Path:
    """The seeds keep the cassette of test_seeds_brief; every other story has cassettes/examples/<story>/."""
    if story == SEEDS:
        return SEEDS_CASSETTE
    return cassettes.CASSETTES / "examples" / story / STORY_CASSETTE_NAME


def brief_without_model(outdir: Path, story: str = SEEDS, settings_=None):
    """The story's brief with no model answer at all (backend "none"): what the model's answer is measured
    against."""
    folder = (EXAMPLES_ROOT / story).relative_to(cassettes.ROOT)
    return run_brief([str(folder)], settings_ or settings(), outdir, ["md", "json"], endpoint=NO_MODEL_ENDPOINT)


def brief_from_cassette(outdir: Path, cassette: Path | None = None, story: str = SEEDS, settings_=None):
    cassette = cassette or cassette_of(story)
    if not cassette.is_file():
        raise SystemExit(f"{cassette} is missing: run 'make record'")
    folder = (EXAMPLES_ROOT / story).relative_to(cassettes.ROOT)
    with cassettes.make_vcr().use_cassette(str(cassette), record_mode="none") as cas:
        brief, report = run_brief([str(folder)], settings_ or settings(), outdir, ["md", "json"],
                                  endpoint=REPLAY_ENDPOINT)
        if not cas.all_played:
            raise SystemExit(f"{cassette}: {len(cas) - cas.play_count} recorded interactions were not played")
    return brief, report


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/score")
    b, _ = brief_from_cassette(out, story=sys.argv[2] if len(sys.argv) > 2 else SEEDS)
    print(f"{len(b.claims)} claims -> {out}/brief.json", file=sys.stderr)

"""Rebuild the seeds brief from the recorded cassette (no model, no network): `python -m tests.replay_brief OUT`.

Used by `make score` and by the tests. A request that is not in the cassette is an error, and so is a recorded
interaction that was not played.
"""

from __future__ import annotations

import sys
from pathlib import Path

from consensus.backends import Endpoint
from consensus.config import load_settings
from consensus.pipeline import run_brief
from tests import cassettes

EXAMPLES = cassettes.ROOT / "examples" / "sheinbaum"
SEEDS_CASSETTE = cassettes.CASSETTES / "test_seeds_brief" / "test_seeds_brief.yaml"
# Requests are matched on method, path and body: this address is never contacted.
REPLAY_ENDPOINT = Endpoint("embedded", "http://127.0.0.1:9/v1", cassettes.MODEL_ALIAS, "not-needed", "tools", 60.0)


def settings():
    return load_settings(str(cassettes.ROOT / "config.toml"), environ={})


def brief_from_cassette(outdir: Path, cassette: Path = SEEDS_CASSETTE):
    if not cassette.is_file():
        raise SystemExit(f"{cassette} is missing: run 'make record'")
    with cassettes.make_vcr().use_cassette(str(cassette), record_mode="none") as cas:
        brief, report = run_brief([str(EXAMPLES.relative_to(cassettes.ROOT))], settings(), outdir, ["md", "json"],
                                  endpoint=REPLAY_ENDPOINT)
        if not cas.all_played:
            raise SystemExit(f"{cassette}: {len(cas) - cas.play_count} recorded interactions were not played")
    return brief, report


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/score")
    b, _ = brief_from_cassette(out)
    print(f"{len(b.claims)} claims -> {out}/brief.json", file=sys.stderr)

"""The development stories (examples/<story>/ beside the seeds), end to end with the model's answers replayed.

`make record` runs this module with --record-mode=rewrite: the embedded llama.cpp server is started for real and
its answers are recorded into cassettes/examples/<story>/brief.yaml. Every other run replays them.
"""

import hashlib
import json
import tomllib
from pathlib import Path

import pytest

from consensus.pipeline import run_brief
from tests import replay_brief
from tests.conftest import RECORDING, ROOT, SHARED

STORIES = [s for s in replay_brief.stories() if s != replay_brief.SEEDS]


@pytest.fixture
def vcr_cassette_dir(request):
    """cassettes/examples/<story>/ for a test of one story (pytest-recording asks every test of the module)."""
    story = getattr(request.node, "callspec", None) and request.node.callspec.params.get("story")
    return str(replay_brief.cassette_of(story).parent if story else replay_brief.cassette_of(STORIES[0]).parent)


@pytest.fixture
def default_cassette_name():
    return Path(replay_brief.STORY_CASSETTE_NAME).stem


def test_dev_stories_exist():
    assert {"strzok", "marijuana", "jackson"} <= set(STORIES)


@pytest.mark.vcr
@pytest.mark.parametrize("story", STORIES)
def test_example_brief(story, vcr, model_endpoint, record_mode, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    brief, _ = run_brief([f"examples/{story}"], replay_brief.settings(), tmp_path, ["md", "json"],
                         endpoint=model_endpoint)
    if record_mode not in RECORDING:
        assert vcr.all_played, f"{len(vcr) - vcr.play_count} recorded interactions were not played"
    data = json.loads((tmp_path / "brief.json").read_text())
    outlets = tomllib.loads((ROOT / "examples" / story / "story.toml").read_text())["outlets"]
    assert {a["outlet"] for a in data["articles"]} == set(outlets.values())
    raw = {a["id"]: (ROOT / a["source"]).read_text(encoding="utf-8") for a in data["articles"]}
    for c in data["claims"]:
        assert c["support"] == len(set(c["outlets"])) == len({e["article"] for e in c["evidence"]})
        assert 0.0 <= c["coverage"] <= 1.0
        for e in c["evidence"]:
            assert raw[e["article"]][e["start"]:e["end"]] == e["text"]
    assert any(c["support"] >= 2 for c in data["claims"])


@pytest.mark.parametrize("story", STORIES)
def test_example_articles_are_the_shared_ones(story):
    """examples/<story>/ holds byte-identical copies of ../shared/eval/stories/<story>/ (gold stays there)."""
    shared = SHARED / "eval" / "stories" / story
    if not shared.is_dir():
        pytest.skip(f"{shared} is not beside this checkout")
    ours = sorted((ROOT / "examples" / story).glob("*.txt"))
    assert [p.name for p in ours] == sorted(p.name for p in shared.glob("*.txt"))
    for p in ours:
        assert hashlib.sha256(p.read_bytes()).hexdigest() == hashlib.sha256((shared / p.name).read_bytes()).hexdigest()

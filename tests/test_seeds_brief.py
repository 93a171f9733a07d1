"""The seeds brief, end to end through the real pipeline, with the model's answers replayed from a cassette.

`make record` runs this module with --record-mode=rewrite: the embedded llama.cpp server is started for real and
its answers are recorded. Every other run replays them with no model and no network.
"""

import json
import re
import subprocess
import sys

import pytest

from consensus.pipeline import run_brief
from tests import replay_brief
from tests.conftest import RECORDING, ROOT

@pytest.mark.vcr
def test_seeds_brief(vcr, model_endpoint, record_mode, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    brief, report = run_brief(["examples/sheinbaum"], replay_brief.settings(), tmp_path, ["md", "json"],
                              endpoint=model_endpoint)
    if record_mode not in RECORDING:
        assert vcr.all_played, f"{len(vcr) - vcr.play_count} recorded interactions were not played"
    data = json.loads((tmp_path / "brief.json").read_text())
    assert data["schema"] == "consensus.brief/1"
    assert [a["outlet"] for a in data["articles"]] == ["swiowanewssource.com", "Fox News", "Townhall", "Voz",
                                                         "004_e7cf0732888943a0"]  # no outlet named: its file name
    raw = {a["id"]: (ROOT / a["source"]).read_text(encoding="utf-8") for a in data["articles"]}
    for c in data["claims"]:
        assert c["support"] == len(set(c["outlets"])) == len({e["article"] for e in c["evidence"]})
        for e in c["evidence"]:
            assert raw[e["article"]][e["start"]:e["end"]] == e["text"]  # evidence is the raw slice of the input
    assert len(re.findall(r"\[\d+/5", data["brief_markdown"])) >= len([c for c in data["claims"] if c["kind"] != "opinion"])
    assert any(c["support"] == 5 for c in data["claims"])
    assert report.extractions and all(x["calls"] >= 1 for x in report.extractions.values())
    assert "seconds" not in (tmp_path / "brief.json").read_text()  # run metadata lives in run.json


def test_replayed_brief_is_byte_identical(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    replay_brief.brief_from_cassette(tmp_path / "a")
    replay_brief.brief_from_cassette(tmp_path / "b")
    assert (tmp_path / "a" / "brief.json").read_bytes() == (tmp_path / "b" / "brief.json").read_bytes()
    assert (tmp_path / "a" / "brief.md").read_bytes() == (tmp_path / "b" / "brief.md").read_bytes()


def test_score_of_replayed_brief(tmp_path, monkeypatch):
    """The shared scorer reads our brief: every span grounded, every support count consistent."""
    scorer = ROOT.parent / "shared" / "eval" / "score_seeds.py"
    if not scorer.is_file():
        pytest.skip("../shared/eval/score_seeds.py is not beside this checkout")
    monkeypatch.chdir(ROOT)
    replay_brief.brief_from_cassette(tmp_path)
    out = subprocess.run([sys.executable, str(scorer), str(tmp_path / "brief.json"), "--seeds", "examples/sheinbaum"],
                         capture_output=True, text=True, check=True).stdout
    fields = dict(re.findall(r"(\w+)=(\S+)", out.splitlines()[-1]))
    grounded, spans = map(int, fields["grounded"].split("/"))
    consistent, claims = map(int, fields["consistent"].split("/"))
    assert spans > 0 and grounded == spans
    assert consistent == claims
    assert fields["loaded"] == "0"

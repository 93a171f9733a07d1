"""The CLI as a user runs it: a subprocess against a loopback server that replays the recorded answers."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.replay_brief import SEEDS_CASSETTE
from tests.replay_server import ReplayServer


def config_for(tmp_path, base_url):
    cfg = (ROOT / "config.toml").read_text()
    cfg += f'\n[backends.replay]\nkind = "openai"\nbase_url = "{base_url}"\nmodel = "qwen2.5-coder-1.5b-instruct-q4_k_m"\n' \
           'mode = "grammar"\ntimeout_s = 30.0\n'
    path = tmp_path / "config.toml"
    path.write_text(cfg)
    return path


def run_cli(*args, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENSUS_")}
    return subprocess.run([sys.executable, "-m", "consensus", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


@pytest.fixture
def replay():
    with ReplayServer(SEEDS_CASSETTE) as server:
        yield server


def test_brief_writes_md_and_json_and_prints_json(tmp_path, replay):
    cfg = config_for(tmp_path, replay.base_url)
    out = tmp_path / "out"
    r = run_cli("brief", "examples/sheinbaum", "-o", str(out), "--config", str(cfg), "--backend", "replay", "--json")
    assert r.returncode == 0, r.stderr
    assert (out / "brief.md").is_file() and (out / "brief.json").is_file()
    assert json.loads(r.stdout)["schema"] == "consensus.brief/1"  # data on stdout
    assert "extracting" in r.stderr and "Traceback" not in r.stderr  # progress on stderr
    assert replay.misses == 0 and len(replay.requests) == 5


def test_bad_inputs_among_good_ones_are_skipped_with_one_line_each(tmp_path, replay):
    cfg = config_for(tmp_path, replay.base_url)
    articles = tmp_path / "articles"
    shutil.copytree(EXAMPLES, articles)
    (articles / "empty.txt").write_text("")
    (articles / "scan.txt").write_bytes(b"%PDF-1.4\n%binary")
    out = tmp_path / "out"
    r = run_cli("brief", str(articles), str(tmp_path / "missing.txt"), "-o", str(out), "--config", str(cfg),
                "--backend", "replay")
    assert r.returncode == 3, r.stderr  # partial
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("skipped:")]
    assert len(errors) == 3
    assert any("empty.txt: is empty" in e for e in errors)
    assert any("scan.txt: is a PDF" in e for e in errors)
    assert any("missing.txt: no such file" in e for e in errors)
    assert "Traceback" not in r.stderr
    data = json.loads((out / "brief.json").read_text())
    assert len(data["articles"]) == 5 and data["partial"] is True and len(data["problems"]) == 3
    assert "Partial brief" in data["brief_markdown"]


def test_no_usable_input_is_one_line_and_exit_1(tmp_path):
    r = run_cli("brief", str(tmp_path / "nothing.txt"), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines[-1].startswith("Error: no usable article") and "nothing.txt: no such file" in lines[-1]
    assert "Traceback" not in r.stderr and len(lines) == 2  # the skip line and the error line


def test_debug_shows_the_traceback(tmp_path):
    r = run_cli("--debug", "brief", str(tmp_path / "nothing.txt"), "-o", str(tmp_path / "out"))
    assert r.returncode != 0 and "Traceback" in r.stderr


def test_unknown_backend_names_the_config_key(tmp_path):
    r = run_cli("brief", "examples/sheinbaum", "--backend", "nope", "-o", str(tmp_path))
    assert r.returncode == 2 and "CONSENSUS_BACKEND" in r.stderr and "Traceback" not in r.stderr


def test_missing_api_key_names_the_env_var(tmp_path):
    r = run_cli("brief", "examples/sheinbaum", "--backend", "openai", "-o", str(tmp_path))
    assert r.returncode == 2 and "OPENAI_API_KEY" in r.stderr


def test_unreachable_backend_fails_articles_not_the_run_silently(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: connection refused
    cfg = config_for(tmp_path, f"http://127.0.0.1:{port}/v1")
    cfg.write_text(cfg.read_text().replace("transport_retries = 3", "transport_retries = 1"))
    r = run_cli("brief", "examples/sheinbaum/000_337e7078c4bdad6a.txt", "-o", str(tmp_path / "o"),
                "--config", str(cfg), "--backend", "replay")
    assert r.returncode == 1
    assert "extraction failed: backend unreachable" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o" / "brief.json").exists()


def test_explain_shows_members_signals_and_evidence(tmp_path, monkeypatch):
    from tests.replay_brief import brief_from_cassette

    monkeypatch.chdir(ROOT)
    brief, _ = brief_from_cassette(tmp_path)
    top = brief.claims[0]
    r = run_cli("explain", str(tmp_path / "brief.json"), top.id)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"{top.id} [{top.support}/")
    for m in top.members:
        assert m.claim in r.stdout
    assert "statement=" in r.stdout and "evidence " in r.stdout


def test_explain_unknown_claim_is_one_line(tmp_path, monkeypatch):
    from tests.replay_brief import brief_from_cassette

    monkeypatch.chdir(ROOT)
    brief_from_cassette(tmp_path)
    r = run_cli("explain", str(tmp_path / "brief.json"), "c9999")
    assert r.returncode == 1 and r.stderr.startswith("Error: no claim 'c9999'") and "Traceback" not in r.stderr
    r = run_cli("explain", str(tmp_path / "nope.json"), "c1")
    assert r.returncode == 1 and "no such file" in r.stderr


def test_writer_llm_falls_back_to_the_deterministic_brief_when_its_call_fails(tmp_path, replay):
    """The extraction answers are replayed; the writer's request is not in the cassette (HTTP 404): the brief is
    still written, identical to the deterministic one, and the fallback is reported."""
    cfg = config_for(tmp_path, replay.base_url)
    plain_run = run_cli("brief", "examples/sheinbaum", "-o", str(tmp_path / "a"), "--config", str(cfg),
                        "--backend", "replay")
    r = run_cli("brief", "examples/sheinbaum", "-o", str(tmp_path / "b"), "--config", str(cfg), "--backend",
                "replay", "--writer", "llm")
    assert plain_run.returncode == 0 and r.returncode == 0, r.stderr
    assert "fallback to the deterministic brief: no usable answer" in r.stderr
    assert (tmp_path / "a" / "brief.md").read_bytes() == (tmp_path / "b" / "brief.md").read_bytes()
    prose = json.loads((tmp_path / "b" / "brief.json").read_text())["prose"]
    assert prose["fallback"] is True and prose["sentences"] == []
    assert json.loads((tmp_path / "b" / "run.json").read_text())["writer"]["fallback"] is True
    assert "prose" not in json.loads((tmp_path / "a" / "brief.json").read_text())


def test_unknown_writer_is_a_one_line_usage_error(tmp_path):
    r = run_cli("brief", "examples/sheinbaum", "-o", str(tmp_path), "--writer", "poet")
    assert r.returncode == 2 and "'poet' is not one of 'deterministic', 'llm'" in r.stderr
    assert "Traceback" not in r.stderr

"""Backend faults, served by the loopback replay server's fault modes (no hand-written cassettes): retries are
bounded and counted, a persistent failure of one article gives a brief of the rest marked partial."""

import json

import pytest

from tests.replay_brief import SEEDS_CASSETTE
from tests.replay_server import ReplayServer
from tests.test_cli import config_for, run_cli

ONE = "examples/sheinbaum/000_337e7078c4bdad6a.txt"
TWO = [ONE, "examples/sheinbaum/001_28f4ad4f825b1d4b.txt"]


def run_with(tmp_path, faults, inputs, retries=2, reasks=1):
    with ReplayServer(SEEDS_CASSETTE, faults=faults) as server:
        cfg = config_for(tmp_path, server.base_url)
        text = cfg.read_text().replace("transport_retries = 3", f"transport_retries = {retries}")
        cfg.write_text(text.replace("max_reasks = 2", f"max_reasks = {reasks}"))
        r = run_cli("brief", *inputs, "-o", str(tmp_path / "out"), "--config", str(cfg), "--backend", "replay")
        return r, len(server.requests)


def brief_json(tmp_path):
    return json.loads((tmp_path / "out" / "brief.json").read_text())


def test_429_with_retry_after_is_retried_once(tmp_path):
    r, requests = run_with(tmp_path, ["429"], [ONE])
    assert r.returncode == 0, r.stderr
    assert requests == 2
    assert brief_json(tmp_path)["partial"] is False


def test_500_then_success_is_retried(tmp_path):
    r, requests = run_with(tmp_path, ["500", "500"], [ONE])
    assert r.returncode == 0, r.stderr
    assert requests == 3


def test_persistent_500_fails_that_article_only_and_marks_the_brief_partial(tmp_path):
    # article 000 gets 500 on every try (1 + 2 retries); article 001 is answered normally afterwards
    r, requests = run_with(tmp_path, ["500", "500", "500"], TWO)
    assert r.returncode == 3, r.stderr
    assert requests == 3 + 1
    data = brief_json(tmp_path)
    assert data["partial"] is True and "HTTP 500" in data["problems"][0] and "000_337e7078c4bdad6a.txt" in data["problems"][0]
    assert [a["id"] for a in data["articles"]] == ["001"]
    assert "Partial brief" in data["brief_markdown"] and "Traceback" not in r.stderr


def test_truncated_json_is_not_a_brief(tmp_path):
    r, requests = run_with(tmp_path, ["truncated*"], [ONE])
    assert r.returncode == 1 and "extraction failed" in r.stderr and "Traceback" not in r.stderr
    assert requests >= 2  # retried, bounded
    assert requests <= (1 + 2) * (1 + 1)
    assert not (tmp_path / "out" / "brief.json").exists()


def test_schema_invalid_answer_is_reasked_then_succeeds(tmp_path):
    r, requests = run_with(tmp_path, ["invalid"], [ONE])
    assert r.returncode == 0, r.stderr
    assert requests == 2  # one re-ask
    assert brief_json(tmp_path)["claims"]


def test_persistent_validation_failure_is_bounded_and_invents_nothing(tmp_path):
    r, requests = run_with(tmp_path, ["invalid*"], TWO[:1], reasks=1)
    assert r.returncode == 1 and "no valid answer" in r.stderr
    assert requests == 2  # 1 + max_reasks
    assert not (tmp_path / "out" / "brief.json").exists()


@pytest.mark.parametrize("kind", ["closed", "silent"])
def test_connection_refused_and_timeouts_are_bounded(tmp_path, kind):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    if kind == "closed":
        listener.close()
    else:
        listener.listen(8)  # accepts, never answers: the client times out
    cfg = config_for(tmp_path, f"http://127.0.0.1:{port}/v1")
    cfg.write_text(cfg.read_text().replace("transport_retries = 3", "transport_retries = 1")
                   .replace("timeout_s = 30.0", "timeout_s = 1.0"))
    r = run_cli("brief", ONE, "-o", str(tmp_path / "o"), "--config", str(cfg), "--backend", "replay")
    if kind == "silent":
        listener.close()
    assert r.returncode == 1 and "backend unreachable or timed out" in r.stderr and "Traceback" not in r.stderr


def test_failure_output_is_one_line_per_problem(tmp_path):
    r, _ = run_with(tmp_path, ["500*"], [ONE], retries=1)
    lines = [ln for ln in r.stderr.splitlines() if not ln.startswith("extracting ")]
    assert len(lines) == 2, r.stderr  # the article's failure, then the run's error
    assert lines[0].endswith("extraction failed: backend answered HTTP 500; the brief was built from the other articles")
    assert lines[1].startswith("Error: every article failed extraction")


def test_api_key_never_appears_in_output_or_files(tmp_path):
    import os
    import socket
    import subprocess
    import sys

    from tests.conftest import ROOT

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    secret = "sk-test-" + "Q" * 40
    cfg = config_for(tmp_path, f"http://127.0.0.1:{port}/v1")
    cfg.write_text(cfg.read_text().replace('[backends.replay]\nkind = "openai"\n',
                                           '[backends.replay]\nkind = "openai"\napi_key_env = "MY_TEST_KEY"\n')
                   .replace("transport_retries = 3", "transport_retries = 0"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENSUS_")} | {"MY_TEST_KEY": secret}
    r = subprocess.run([sys.executable, "-m", "consensus", "--debug", "brief", ONE, "-o", str(tmp_path / "o"),
                        "--config", str(cfg), "--backend", "replay"], capture_output=True, text=True, cwd=ROOT,
                       env=env, timeout=120)
    assert r.returncode != 0
    assert secret not in r.stdout + r.stderr  # not even in a --debug traceback
    for f in (tmp_path / "o").rglob("*") if (tmp_path / "o").exists() else []:
        assert secret not in f.read_text(errors="replace")

"""Bounded concurrency of the extraction (backends with `concurrency` > 1), against the loopback replay server with
latency: the brief is byte-identical to the sequential one, the requests are the same, no more than `concurrency`
are in flight, and a 429 is retried for its own request. Never asserts times (the speed-up is in `make bench`)."""

import json

import pytest

from bench.pipeline_bench import repeat_seeds
from consensus.backends import Endpoint
from consensus.pipeline import run_brief
from tests.cassettes import MODEL_ALIAS
from tests.replay_brief import SEEDS_CASSETTE, settings
from tests.replay_server import ReplayServer

ARTICLES = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return repeat_seeds(tmp_path_factory.mktemp("corpus"), ARTICLES)


def brief_with(corpus, out, concurrency, faults=None):
    with ReplayServer(SEEDS_CASSETTE, faults=faults, latency_s=0.2) as server:
        endpoint = Endpoint("replay", server.base_url, MODEL_ALIAS, "not-needed", "grammar", 30.0, concurrency)
        _, report = run_brief([str(corpus)], settings(), out, ["md", "json"], endpoint=endpoint)
    return report, server


def usage(report):
    return {k: {f: v for f, v in x.items() if f != "seconds"} for k, x in report.extractions.items()}


def request_set(server):
    return sorted(json.dumps(r, sort_keys=True) for r in server.requests)


@pytest.fixture(scope="module")
def sequential(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("sequential")
    report, server = brief_with(corpus, out, 1)
    return out, report, server


def test_concurrency_8_gives_the_sequential_brief_with_the_same_requests(corpus, sequential, tmp_path):
    seq_out, seq_report, seq_server = sequential
    report, server = brief_with(corpus, tmp_path, 8)
    for name in ("brief.json", "brief.md"):
        assert (tmp_path / name).read_bytes() == (seq_out / name).read_bytes()
    assert len(server.requests) == len(seq_server.requests) == ARTICLES
    assert server.misses == seq_server.misses == 0
    assert request_set(server) == request_set(seq_server)
    assert seq_server.max_in_flight == 1
    assert 1 < server.max_in_flight <= 8
    # each article counts its own call and tokens, not those of the requests running beside it
    assert usage(report) == usage(seq_report)
    assert all(x["calls"] == 1 for x in report.extractions.values())


def test_a_429_under_concurrency_is_retried_for_its_own_request(corpus, sequential, tmp_path):
    seq_out, _, _ = sequential
    report, server = brief_with(corpus, tmp_path, 8, faults=["429"])
    assert len(server.requests) == ARTICLES + 1
    assert sum(x["retries"] for x in report.extractions.values()) == 1
    assert report.problems == []
    assert (tmp_path / "brief.json").read_bytes() == (seq_out / "brief.json").read_bytes()


def test_concurrency_never_exceeds_the_articles_or_the_setting(corpus, tmp_path):
    report, server = brief_with(corpus, tmp_path, 3)
    assert 1 < server.max_in_flight <= 3
    assert len(report.extractions) == ARTICLES

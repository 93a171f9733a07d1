"""One live smoke test of the embedded server's lifecycle with the tiny model (SmolLM2-135M).

It starts the real llama.cpp server on loopback, sends one real structured-output request, and checks that the
server is gone afterwards. The tiny model's labels are not judged: it only proves the plumbing end to end.
"""

import socket
from urllib.parse import urlparse

import pytest

from consensus import ingest
from consensus.backends import open_backend
from consensus.config import load_settings
from consensus.extract import Extractor, known_names, load_prompt, make_client
from tests.conftest import EXAMPLES, ROOT

pytest.importorskip("llama_cpp.server")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.live
def test_tiny_model_server_starts_answers_and_stops():
    s = load_settings(str(ROOT / "config.toml"), environ={"CONSENSUS_EMBEDDED_MODEL": "tiny",
                                                          "CONSENSUS_EMBEDDED_N_CTX": "4096"})
    article = ingest.load_article(EXAMPLES / "004_e7cf0732888943a0.txt", "004", 2_000_000)
    with open_backend(s) as endpoint:
        port = urlparse(endpoint.base_url).port
        assert port_open(port)
        client, _ = make_client(endpoint)
        result = Extractor(s, client, endpoint.model, load_prompt(s), known_names([article]), mode=endpoint.mode
                           ).extract(article)
    assert result.stats.calls >= 1 and result.stats.completion_tokens > 0
    assert result.claims and all(1 <= c.sentences[0] <= len(article.sentences) for c in result.claims)
    assert not port_open(port)  # the server was stopped on exit

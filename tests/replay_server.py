"""A small loopback OpenAI-compatible server that answers with recorded responses from a cassette.

For tests that run the CLI as a subprocess: the subprocess talks HTTP to it like to a real backend. A request
whose JSON body is not in the cassette gets HTTP 404 (so a miss fails loudly); every request is counted.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.cassettes import MODEL_ALIAS, ParsedJsonSerializer


class ReplayServer:
    def __init__(self, cassette: Path, model: str = MODEL_ALIAS):
        data = ParsedJsonSerializer.deserialize(cassette.read_text(encoding="utf-8"))
        self.recorded = [(json.loads(i["request"]["body"]), i["response"]) for i in data["interactions"]]
        self.model = model
        self.requests: list[dict] = []
        self.misses = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> "ReplayServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def answer(self, body: dict) -> tuple[int, bytes]:
        self.requests.append(body)
        for request, response in self.recorded:
            if request == body:
                raw = response["body"]["string"]
                return response["status"]["code"], raw if isinstance(raw, bytes) else raw.encode("utf-8")
        self.misses += 1
        return 404, json.dumps({"error": {"message": "request not in cassette", "type": "cassette_miss"}}).encode()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, code: int, payload: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                if self.path.rstrip("/") == "/v1/models":
                    self._send(200, json.dumps({"object": "list", "data": [{"id": server.model,
                                                                            "object": "model"}]}).encode())
                else:
                    self._send(404, b"{}")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                self._send(*server.answer(body))

        return Handler

"""A small loopback OpenAI-compatible server that answers with recorded responses from a cassette.

For tests that run the CLI as a subprocess: the subprocess talks HTTP to it like to a real backend. A request
whose JSON body is not in the cassette gets HTTP 404 (so a miss fails loudly); every request is counted.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.cassettes import MODEL_ALIAS, ParsedJsonSerializer


class ReplayServer:
    def __init__(self, cassette: Path, model: str = MODEL_ALIAS, faults: list[str | None] | None = None,
                 latency_s: float = 0.0):
        data = ParsedJsonSerializer.deserialize(cassette.read_text(encoding="utf-8"))
        self.recorded = [(json.loads(i["request"]["body"]), i["response"]) for i in data["interactions"]]
        self.model = model
        self.requests: list[dict] = []
        self.misses = 0
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests answered at once (concurrency tests)
        self._lock = threading.Lock()
        # Fault modes, applied to the POSTs in arrival order (None = answer normally; the plan's last entry
        # repeats when it ends with "*"): "429" (Retry-After: 0), "500", "truncated" (the recorded JSON cut in
        # half), "invalid" (a well-formed completion whose tool arguments, or JSON content, fail the schema).
        self.faults = list(faults or [])
        self.latency_s = latency_s
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

    def next_fault(self) -> str | None:
        n = len(self.requests) - 1
        if not self.faults:
            return None
        if n < len(self.faults):
            fault = self.faults[n]
        else:
            fault = self.faults[-1] if str(self.faults[-1]).endswith("*") else None
        return fault.rstrip("*") if fault else None

    def answer(self, body: dict) -> tuple[int, bytes]:
        with self._lock:  # concurrent requests: each gets its own place in the fault plan
            self.requests.append(body)
            fault = self.next_fault()
        if self.latency_s:
            time.sleep(self.latency_s)
        if fault == "429":
            return 429, json.dumps({"error": {"message": "rate limited", "type": "rate_limit"}}).encode()
        if fault == "500":
            return 500, json.dumps({"error": {"message": "server error", "type": "server_error"}}).encode()
        recorded = self.lookup(body)
        if recorded is None:
            self.misses += 1
            return 404, json.dumps({"error": {"message": "request not in cassette", "type": "cassette_miss"}}).encode()
        code, raw = recorded
        if fault == "truncated":
            return 200, raw[: len(raw) // 2]
        if fault == "invalid":
            data = json.loads(raw)
            for choice in data.get("choices", []):
                for call in choice["message"].get("tool_calls") or []:
                    call["function"]["arguments"] = json.dumps({"1": "not-a-kind"})
                if choice["message"].get("content"):  # grammar mode: the answer is the message's JSON
                    choice["message"]["content"] = json.dumps({"loaded": 7})
            return 200, json.dumps(data).encode()
        return code, raw

    def lookup(self, body: dict) -> tuple[int, bytes] | None:
        """The recorded answer to this request; a re-ask (the same first two messages, then the rejected answer
        and the validation error) gets the answer recorded for the original request."""
        for request, response in self.recorded:
            if request == body or (self.faults and request.get("messages", [])[:2] == body.get("messages", [])[:2]
                                   and len(body.get("messages", [])) > 2):
                raw = response["body"]["string"]
                return response["status"]["code"], raw if isinstance(raw, bytes) else raw.encode("utf-8")
        return None

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, code: int, payload: bytes) -> None:
                self.send_response(code)
                if code == 429:
                    self.send_header("Retry-After", "0")
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
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._send(*server.answer(body))
                finally:
                    with server._lock:
                        server.in_flight -= 1

        return Handler

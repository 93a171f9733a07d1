"""Cassette settings shared by the tests, `make record` and `make score`.

Requests match on method + path + JSON body (host and port ignored: the embedded server's port is random).
Cassettes store JSON bodies parsed, so a diff of a re-recording is readable, and carry no auth headers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
SECRET_HEADERS = ("authorization", "openai-organization", "openai-project", "x-api-key", "api-key", "cookie",
                  "set-cookie", "x-request-id")
SECRET_RX = re.compile(r"sk-[A-Za-z0-9_-]{20,}|[Bb]earer [A-Za-z0-9._-]{20,}|openai-organization")
MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct-q4_k_m"


def _body_text(body) -> str | None:
    if body is None:
        return None
    return body.decode("utf-8") if isinstance(body, bytes) else str(body)


def json_body(r1, r2) -> None:
    """vcr matcher: equal when both bodies parse to the same JSON (else compare raw)."""
    a, b = _body_text(r1.body), _body_text(r2.body)
    try:
        assert json.loads(a) == json.loads(b)
    except (TypeError, ValueError):
        assert a == b


class ParsedJsonSerializer:
    """YAML cassettes whose JSON bodies are stored as parsed data under `json:` (readable diffs)."""

    @staticmethod
    def serialize(cassette_dict: dict) -> str:
        for i in cassette_dict["interactions"]:
            for part, holder in (("request", i["request"]), ("response", i["response"]["body"])):
                key = "body" if part == "request" else "string"
                text = _body_text(holder.get(key))
                try:
                    holder["json"] = json.loads(text)
                    holder.pop(key)
                except (TypeError, ValueError):
                    pass
        return yaml.safe_dump(cassette_dict, sort_keys=True, allow_unicode=True, width=120)

    @staticmethod
    def deserialize(text: str) -> dict:
        data = yaml.safe_load(text) or {"interactions": [], "version": 1}
        for i in data.get("interactions", []):
            if "json" in i["request"]:
                i["request"]["body"] = json.dumps(i["request"].pop("json"))
            body = i["response"]["body"]
            if "json" in body:
                body["string"] = json.dumps(body.pop("json")).encode("utf-8")
        return data


def scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            headers.pop(name)
    return response


def only_model_calls(request):
    """Record the model's answers, not the readiness polls of the embedded server's start."""
    return None if request.path.rstrip("/").endswith("/models") else request


def vcr_config() -> dict:
    return {
        "match_on": ["method", "path", "json_body"],
        "filter_headers": list(SECRET_HEADERS),
        "before_record_response": scrub_response,
        "before_record_request": only_model_calls,
        "decode_compressed_response": True,
        "serializer": "yaml",
        "allow_playback_repeats": False,
    }


def register(vcr) -> None:
    vcr.register_serializer("yaml", ParsedJsonSerializer)
    vcr.register_matcher("json_body", json_body)


def make_vcr():
    import vcr as vcrpy

    config = vcr_config()
    config.pop("allow_playback_repeats")  # a use_cassette option, not a VCR() one
    v = vcrpy.VCR(**config)
    register(v)
    return v

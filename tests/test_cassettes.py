"""Cassettes hold no secrets, and every recorded interaction is replayed by the tests."""

import re

from tests import cassettes


def cassette_files():
    return sorted(cassettes.CASSETTES.rglob("*.yaml"))


def test_there_are_recorded_cassettes():
    assert cassette_files(), "no cassettes: run 'make record'"


def test_no_secret_like_strings_in_cassettes():
    for f in cassette_files():
        text = f.read_text(encoding="utf-8")
        assert not cassettes.SECRET_RX.search(text), f"secret-like string in {f}"
        for header in cassettes.SECRET_HEADERS:
            assert not re.search(rf"^\s*{re.escape(header)}:", text, re.I | re.M), f"{header} header in {f}"


def test_secret_scan_catches_a_key():
    assert cassettes.SECRET_RX.search("Authorization: Bearer abcdefghijklmnopqrstuvwxyz123456")
    assert cassettes.SECRET_RX.search("sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX")


def test_cassette_bodies_are_stored_as_parsed_json():
    for f in cassette_files():
        data = cassettes.ParsedJsonSerializer.deserialize(f.read_text(encoding="utf-8"))
        text = f.read_text(encoding="utf-8")
        assert "json:" in text
        for i in data["interactions"]:
            assert i["request"]["uri"].endswith("/v1/chat/completions")
            assert '"temperature": 0.0' in i["request"]["body"] or '"temperature": 0' in i["request"]["body"]


def test_unplayed_interaction_is_detected(tmp_path, monkeypatch):
    """The check the seeds test relies on can fail: replaying only part of a cassette is reported."""
    import pytest

    from tests.conftest import ROOT
    from tests.replay_brief import SEEDS_CASSETTE, brief_from_cassette

    monkeypatch.chdir(ROOT)
    data = SEEDS_CASSETTE.read_text(encoding="utf-8")
    extra = tmp_path / "extra.yaml"
    parsed = cassettes.ParsedJsonSerializer.deserialize(data)
    parsed["interactions"].append(parsed["interactions"][0] | {"request": dict(parsed["interactions"][0]["request"],
                                                                               uri="http://127.0.0.1:9/v1/other")})
    extra.write_text(cassettes.ParsedJsonSerializer.serialize(parsed), encoding="utf-8")
    with pytest.raises(SystemExit, match="not played"):
        brief_from_cassette(tmp_path / "out", extra)

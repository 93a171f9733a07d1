import json

from consensus.models import Brief
from consensus.schema import schema_text
from tests.conftest import ROOT


def test_committed_schema_matches_the_models():
    committed = (ROOT / "schema" / "brief.schema.json").read_text()
    assert committed == schema_text(), "run: python -m consensus.schema > schema/brief.schema.json"


def test_replayed_brief_validates_against_the_models(tmp_path, monkeypatch):
    from tests.replay_brief import brief_from_cassette

    monkeypatch.chdir(ROOT)
    brief_from_cassette(tmp_path)
    data = json.loads((tmp_path / "brief.json").read_text())
    assert Brief.model_validate(data).model_dump(mode="json", by_alias=True) == data
    schema = json.loads(schema_text())
    assert set(schema["required"]) <= set(data)

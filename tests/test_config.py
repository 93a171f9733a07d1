import pytest

from consensus.config import DEFAULT_BACKENDS, Settings, load_settings
from consensus.errors import ConfigError
from tests.conftest import ROOT


def test_config_toml_documents_every_default():
    s = load_settings(str(ROOT / "config.toml"), environ={})
    d = Settings()
    assert (s.embedded, s.extract, s.ingest, s.output, s.prose, s.backend) == (d.embedded, d.extract, d.ingest,
                                                                               d.output, d.prose, d.backend)
    assert {k: s.backends[k] for k in DEFAULT_BACKENDS} == DEFAULT_BACKENDS
    text = (ROOT / "config.toml").read_text()
    for section in ("embedded", "extract", "ingest", "output", "prose"):
        for key in type(getattr(d, section)).model_fields:
            assert f"\n{key} = " in text, f"config.toml lacks {section}.{key}"


def test_env_overrides_file_and_flags_override_env(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('backend = "ollama"\n[extract]\nmax_reasks = 5\n')
    s = load_settings(str(cfg), environ={"CONSENSUS_EXTRACT_MAX_REASKS": "1", "CONSENSUS_BACKEND": "vllm"})
    assert s.extract.max_reasks == 1 and s.backend == "vllm"
    s = load_settings(str(cfg), environ={"CONSENSUS_BACKEND": "vllm"}, backend="openai")
    assert s.backend == "openai"


def test_bad_value_names_the_key(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[extract]\nmax_reasks = 'many'\n")
    with pytest.raises(ConfigError, match="extract.max_reasks"):
        load_settings(str(cfg), environ={})


def test_broken_toml_and_missing_file_are_config_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("backend = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(str(bad), environ={})
    with pytest.raises(ConfigError, match="not found"):
        load_settings(str(tmp_path / "none.toml"), environ={})

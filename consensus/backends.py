"""Backends behind one small interface: `open_backend(settings)` yields an Endpoint for the openai client.

The embedded backend starts llama-cpp-python's OpenAI-compatible server on a free loopback port, waits for
/v1/models, and stops it on exit, error or Ctrl-C. Every other backend is an URL, a model and an API-key env var.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Iterator

from . import modelstore
from .config import BackendSettings, Settings
from .errors import BackendError, ConfigError


@dataclass(frozen=True)
class Endpoint:
    name: str
    base_url: str
    model: str
    api_key: str
    mode: str  # instructor mode name: tools | json | json_schema | md_json | grammar, or none (no model)
    timeout_s: float
    concurrency: int = 1
    extra_body: dict | None = None


def remote_endpoint(name: str, b: BackendSettings) -> Endpoint:
    if not b.base_url or not b.model:
        raise ConfigError(f"backend {name!r} needs base_url and model (config keys backends.{name}.base_url, "
                          f"backends.{name}.model)")
    key = "not-needed"
    if b.api_key_env:
        key = os.environ.get(b.api_key_env, "")
        if not key:
            raise ConfigError(f"backend {name!r} needs an API key in the environment variable {b.api_key_env} "
                              f"(config key backends.{name}.api_key_env)")
    return Endpoint(name, b.base_url.rstrip("/"), b.model, key, b.mode, b.timeout_s, max(1, b.concurrency),
                    dict(b.extra_body) or None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(model_path: str, alias: str, port: int, s: Settings) -> list[str]:
    e = s.embedded
    return [sys.executable, "-m", "llama_cpp.server", "--model", model_path, "--model_alias", alias,
            "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(e.n_ctx), "--n_threads", str(e.n_threads),
            "--n_threads_batch", str(e.n_threads), "--n_batch", str(e.n_batch), "--use_mmap", "True",
            "--seed", str(s.extract.seed), "--verbose", "False"]


def wait_until_ready(proc: subprocess.Popen, url: str, timeout_s: float, log_path: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = _tail(log_path)
            raise BackendError(f"embedded server exited with code {proc.returncode} while starting: {tail}")
        try:
            with urllib.request.urlopen(url + "/models", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise BackendError(f"embedded server did not answer within {timeout_s:.0f} s "
                       "(config key embedded.start_timeout_s)")


def _tail(path: str) -> str:
    try:
        lines = [ln for ln in open(path, encoding="utf-8", errors="replace").read().splitlines() if ln.strip()]
    except OSError:
        return "no log"
    return lines[-1][:300] if lines else "no output"


def _die_with_parent() -> None:
    """In the child: ask Linux to SIGKILL the server if the consensus process dies, even by SIGKILL. Not SIGTERM:
    uvicorn then finishes the generation in flight first, minutes of CPU for an answer nobody reads."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=5)  # uvicorn waits for a request in flight; do not wait for a long generation
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def embedded_server(s: Settings, progress=lambda msg: None) -> Iterator[Endpoint]:
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        raise BackendError(f"the embedded backend needs llama-cpp-python[server]; {modelstore.INSTALL_HINT}") from None
    b = s.active_backend()
    model_path = modelstore.resolve(s.embedded.model, s.embedded.model_dir)
    port = free_port()
    alias = b.model or model_path.stem
    progress(f"starting embedded model server ({model_path.name}) on 127.0.0.1:{port}")
    started = time.monotonic()
    with tempfile.NamedTemporaryFile("w+", prefix="consensus-server-", suffix=".log", delete=False) as log:
        proc = subprocess.Popen(server_command(str(model_path), alias, port, s), stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    try:
        url = f"http://127.0.0.1:{port}/v1"
        wait_until_ready(proc, url, s.embedded.start_timeout_s, log.name)
        progress(f"embedded server ready in {time.monotonic() - started:.1f} s")
        yield Endpoint(s.backend, url, alias, "not-needed", b.mode, b.timeout_s, 1, dict(b.extra_body) or None)
    finally:
        stop(proc)
        with contextlib.suppress(OSError):
            os.unlink(log.name)


@contextlib.contextmanager
def open_backend(s: Settings, progress=lambda msg: None) -> Iterator[Endpoint]:
    b = s.active_backend()
    if b.kind == "embedded":
        with embedded_server(s, progress) as endpoint:
            yield endpoint
    elif b.kind == "none":  # no model: extraction gives every sentence the default kind
        yield Endpoint(s.backend, "", b.model or "none", "", "none", 0.0)
    else:
        yield remote_endpoint(s.backend, b)

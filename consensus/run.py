"""`consensus run`: every [[story]] of config.toml, incrementally, into an archive that readers can trust.

Per story, under a non-blocking flock on OUT/<story>/.lock (a second run on the same story exits 4 'locked'):
sweep the temp files a killed run left, fetch new pages of its feeds and URLs, read its local inputs, and hash
them all (article bytes, names, outlets, extraction settings). Same hash as the last complete build: nothing is
written ('unchanged' on stderr), no model call is made. Otherwise extract (articles seen before come from the
SQLite extraction cache), build the brief, and write the archive entry OUT/<story>/<UTC time>-<hash>.{md,html,json}
(json last: an entry without its .json is a leftover and is swept), then latest.*, then state.json, then
OUT/index.html. Every file is written to a temp file in its folder, fsynced and renamed, so a reader (or a run
killed with -9) only ever sees a whole old file or a whole new one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import html
import json
import os
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from glob import glob
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from . import __version__
from .config import Settings, StorySettings
from .errors import (EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, BackendError, ConfigError,
                     ConsensusError)
from .write import atomic_write

ENTRY_RX = re.compile(r"^(\d{8}T\d{6}Z)-([0-9a-f]{12})(?:-(\d+))?\.(md|html|json)$")
TMP_RX = re.compile(r"^\..+\.tmp$")
LATEST = "latest"


class Locked(ConsensusError):
    exit_code = EXIT_LOCKED


@dataclass
class Outcome:
    story: str
    code: int
    what: str  # written | unchanged | empty | partial | failed | locked
    entry: str = ""
    llm_calls: int = 0


def parse_every(text: str) -> float:
    """'30m', '1h', '1h30m', '90s' -> seconds (at least 1)."""
    m = re.fullmatch(r"\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?\s*", text or "")
    if not m or not any(m.groups()):
        raise ConfigError(f"--every {text!r}: give an interval such as 30m, 1h, 1h30m or 90s")
    seconds = int(m.group(1) or 0) * 3600 + int(m.group(2) or 0) * 60 + int(m.group(3) or 0)
    if seconds < 1:
        raise ConfigError("--every: the interval must be at least 1s")
    return float(seconds)


# ---------- files ----------


@contextlib.contextmanager
def flock(path: Path, blocking: bool = False):
    """An exclusive kernel lock on path (released by the kernel when the process dies, even by kill -9)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except OSError as e:
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise Locked(f"locked: another run holds {path}") from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # for people: who holds it
        yield
    finally:
        os.close(fd)


def sweep(folder: Path) -> int:
    """Remove temp files of killed runs (call only while holding the folder's lock)."""
    n = 0
    if folder.is_dir():
        for f in folder.iterdir():
            if TMP_RX.match(f.name) and f.is_file():
                f.unlink(missing_ok=True)
                n += 1
    return n


def entries(sdir: Path) -> list[str]:
    """Complete archive entries (their .json exists), oldest first."""
    if not sdir.is_dir():
        return []
    found = {}
    for f in sdir.iterdir():
        m = ENTRY_RX.match(f.name)
        if m and m.group(4) == "json":
            with contextlib.suppress(OSError):
                found[f.name[:-5]] = (m.group(1), f.stat().st_mtime_ns, int(m.group(3) or 0))
    return sorted(found, key=found.__getitem__)


def sweep_orphans(sdir: Path) -> int:
    """Remove .md/.html of an entry whose .json was never written (the run died mid-entry)."""
    done = set(entries(sdir))
    n = 0
    for f in sdir.iterdir():
        m = ENTRY_RX.match(f.name)
        if m and m.group(4) != "json" and f.name[: -len(m.group(4)) - 1] not in done:
            f.unlink(missing_ok=True)
            n += 1
    return n


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def write_json(path: Path, data: dict) -> None:
    write_if_changed(path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def write_if_changed(path: Path, text: str) -> bool:
    """atomic_write, skipped when the file already holds text (readers and mtimes stay untouched)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    atomic_write(path, text)
    return True


def now_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def iso(stamp: str) -> str:
    try:
        return datetime.strptime(stamp[:16], "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        return stamp


# ---------- inputs ----------


def local_inputs(story: StorySettings, base: Path, problems: list[str], say) -> list[str]:
    out: list[str] = []
    for given in story.paths:
        p = Path(os.path.expanduser(given))
        p = p if p.is_absolute() else base / p
        if any(ch in given for ch in "*?["):
            found = sorted(glob(str(p), recursive=True))
            if not found:
                problems.append(f"{given}: no file matches (story {story.name}, paths)")
                say(problems[-1])
            out.extend(found)
        else:
            out.append(str(p))
    return out


def input_hash(articles, problems: list[str], identity: list[str]) -> str:
    h = hashlib.sha256()
    for part in identity:
        h.update(part.encode() + b"\0")
    for a in articles:
        h.update(f"{a.source}\0{a.outlet}\0{a.content_hash}\n".encode())
    for p in problems:
        h.update(f"problem\0{p}\n".encode())
    return h.hexdigest()


# ---------- one run over the stories ----------


class Session:
    """What the stories of one run share: the model backend (started on the first cache miss only), the HTTP
    fetcher (so the per-host delay holds across stories) and the extraction cache."""

    def __init__(self, s: Settings, out: Path, use_cache: bool, progress: Callable[[str], None], debug: bool):
        self.s = s
        self.out = out
        self.use_cache = use_cache
        self.progress = progress
        self.debug = debug
        self.stack = contextlib.ExitStack()
        self._endpoint = None
        self._backend_error: ConsensusError | None = None
        self._fetcher = None
        self._cache = None

    def close(self) -> None:
        self.stack.close()

    def cache(self):
        if self._cache is None:
            from .cache import FILE_NAME, ExtractionCache, default_dir

            rs = self.s.run
            folder = Path(os.path.expanduser(rs.cache_dir)) if rs.cache_dir else default_dir()
            folder = folder if folder.is_absolute() else self.s.base_dir() / folder
            self._cache = self.stack.enter_context(
                ExtractionCache(folder / FILE_NAME, self.s, read=self.use_cache, progress=self.progress))
        return self._cache

    def fetcher(self):
        if self._fetcher is None:
            from .fetch import Fetcher

            self._fetcher = Fetcher(self.s.run, self.s.ingest.max_bytes, self.progress)
            self.stack.callback(self._fetcher.close)
        return self._fetcher

    def endpoint(self):
        from .backends import open_backend

        if self._backend_error is not None:
            raise self._backend_error
        if self._endpoint is None:
            try:
                self._endpoint = self.stack.enter_context(open_backend(self.s, self.progress))
            except ConsensusError as e:
                self._backend_error = e
                raise
        return self._endpoint

    def client(self):
        from .extract import make_client

        return make_client(self.endpoint())[0]

    def placeholder_endpoint(self):
        """An endpoint that is never called: every article of the story is answered by the cache."""
        from .backends import Endpoint
        from .cache import backend_identity

        b = self.s.active_backend()
        return Endpoint(self.s.backend, "http://127.0.0.1:9/v1", b.model or backend_identity(self.s)[1],
                        "not-needed", b.mode, b.timeout_s)


class LazyClient:
    """Stands in for the instructor client when every article is cached; makes the real one (starting the backend)
    only if it is used after all."""

    def __init__(self, factory: Callable[[], object]):
        self._factory = factory
        self._client = None

    def __getattr__(self, name: str):
        if self._client is None:
            self._client = self._factory()
        return getattr(self._client, name)


def run_story(story: StorySettings, sess: Session) -> Outcome:
    """One story under its lock (Locked when another run holds it); status.json says how it went."""
    sdir = sess.out / story.name
    adir = sdir / "articles"
    started = time.monotonic()

    def say(msg: str) -> None:
        sess.progress(f"{story.name}: {msg}")

    sdir.mkdir(parents=True, exist_ok=True)
    with flock(sdir / ".lock"):
        try:
            return _run_locked(story, sess, sdir, adir, started, say)
        except ConsensusError as e:
            write_json(sdir / "status.json", {"story": story.name, "outcome": "failed", "error": e.message,
                                              "checked_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})
            raise


def _run_locked(story: StorySettings, sess: Session, sdir: Path, adir: Path, started: float, say) -> Outcome:
    from .cache import backend_identity, sentences_hash
    from .extract import load_prompt
    from .fetch import fetch_story
    from . import semantic
    from .pipeline import RunReport, assemble, extract_all, load_articles, statement_vectors

    s = sess.s
    swept = sweep(sdir) + sweep(adir) + sweep_orphans(sdir)
    if swept:
        say(f"removed {swept} leftover file(s) of an interrupted run")
    state = read_json(sdir / "state.json")
    problems: list[str] = []  # this run's fetch problems (not part of the brief)
    inputs = local_inputs(story, s.base_dir(), problems, say)
    sources: dict[str, str] = {}
    if story.urls or story.feeds:
        adir.mkdir(parents=True, exist_ok=True)
        problems += fetch_story(story, state, adir, sess.fetcher(), s.run.max_items, say)[1]
        write_json(sdir / "state.json", state)  # what was fetched survives a crash later in the run
        sources = {str(adir / rec["file"]): url for url, rec in state.get("fetched", {}).items()}
        if any(f.suffix.lower() in (".txt", ".md", ".html", ".htm") for f in adir.iterdir()):
            inputs.append(str(adir))
    report = RunReport()
    articles = load_articles(inputs, s, report, say)
    for a in articles:
        a.source = sources.get(a.source, a.source)  # a fetched page is known by its URL
    prompt = load_prompt(s)
    formats = list(dict.fromkeys((story.formats or s.run.formats) + ["json"]))
    identity = [__version__, *backend_identity(s), prompt.id, hashlib.sha256(prompt.system.encode()).hexdigest(),
                json.dumps(s.extract.model_dump(), sort_keys=True), ",".join(sorted(formats)),
                s.align.semantic, str(semantic.available())]
    h = input_hash(articles, report.problems, identity + [sentences_hash(a) for a in articles])
    status = {"story": story.name, "checked_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "articles": len(articles), "input_hash": h, "fetch_problems": problems}
    fetch_code = EXIT_PARTIAL if problems else EXIT_OK
    if not articles:
        if report.problems:
            raise ConsensusError("no usable article among the inputs: " + "; ".join(report.problems))
        say("no articles yet" + (" (see the problems above)" if problems else ""))
        write_json(sdir / "status.json", {**status, "outcome": "empty"})
        return Outcome(story.name, fetch_code, "empty")
    last = state.get("entry", "")
    if (sess.use_cache and state.get("input_hash") == h and state.get("complete")
            and last in entries(sdir) and (sdir / f"{LATEST}.json").is_file()):
        say(f"unchanged: {len(articles)} articles as in {last}; no new archive entry, latest.* untouched")
        write_json(sdir / "status.json", {**status, "outcome": "unchanged", "entry": last, "llm_calls": 0})
        return Outcome(story.name, fetch_code, "unchanged", last)

    cache = sess.cache()
    misses = [a for a in articles if not cache.has(a, prompt)]
    if misses:
        endpoint, client = sess.endpoint(), None
    else:  # all cached: no backend, and not even the openai client (its import alone takes seconds)
        endpoint, client = sess.placeholder_endpoint(), LazyClient(sess.client)
    t1 = time.monotonic()
    extractions = extract_all(articles, s, endpoint, report, say, client=client, cache=cache)
    report.seconds["extract"] = round(time.monotonic() - t1, 3)
    calls = sum(x.get("calls", 0) for x in report.extractions.values())
    if not extractions:
        raise ConsensusError("every article failed extraction: " + "; ".join(report.problems))
    brief = assemble(articles, extractions, report.problems, statement_vectors(extractions, s, report, say))
    complete = len(extractions) == len(articles)
    entry, created, texts = write_entry(sdir, brief, formats, h, say, sess.s.write.full)
    for fmt in sorted(texts, key=lambda f: f == "json"):
        write_if_changed(sdir / f"{LATEST}.{fmt}", texts[fmt])
    state.update(input_hash=h, entry=entry, complete=complete)
    write_json(sdir / "state.json", state)
    pruned = prune(sdir, s.run.keep, keep_also=entry)
    report.seconds["total"] = round(time.monotonic() - started, 3)
    cached = sum(1 for x in report.extractions.values() if x.get("cached"))
    tokens = sum(x.get("completion_tokens", 0) for x in report.extractions.values())
    what = "written" if created else "unchanged"
    write_json(sdir / "status.json", {**status, "outcome": what, "entry": entry, "llm_calls": calls,
                                      "cached_articles": cached, "pruned": pruned,
                                      "report": json.loads(report.to_json())})
    usage = f"{calls} LLM call(s), {cached} article(s) from the cache, {tokens} output tokens"
    if created:
        say(f"wrote {entry}.{{{','.join(formats)}}}: {len(brief.claims)} claims from {len(brief.articles)} "
            f"articles ({brief.outlets} outlets); {usage}")
    else:
        say(f"unchanged: the brief is the same as {entry}; no new archive entry ({usage})")
    code = EXIT_PARTIAL if (brief.partial or problems) else EXIT_OK
    return Outcome(story.name, code, "partial" if code else what, entry, calls)


def write_entry(sdir: Path, brief, formats: list[str], h: str, say=lambda m: None, full: bool = False
                ) -> tuple[str, bool, dict[str, str]]:
    """The archive entry holding this brief: the newest one when it has the same JSON (its missing formats filled
    in), else a new one. JSON is written last: it marks the entry complete. Returns (entry, created, texts)."""
    from .write import to_json

    texts = {"json": to_json(brief)}
    if "md" in formats:
        from .markdown import page

        texts["md"] = page(brief, full)
    if "html" in formats:
        from .html import to_html

        texts["html"] = to_html(brief)
    done = entries(sdir)
    if done and (sdir / f"{done[-1]}.json").read_text(encoding="utf-8") == texts["json"]:
        entry, created = done[-1], False
    else:
        entry, n = f"{now_stamp()}-{h[:12]}", 1
        while (sdir / f"{entry}.json").exists():
            n += 1
            entry = f"{entry.split('-')[0]}-{h[:12]}-{n}"
        created = True
        say(f"writing {entry}")
    for fmt in sorted(texts, key=lambda f: f == "json"):
        path = sdir / f"{entry}.{fmt}"
        if created or not path.is_file():
            atomic_write(path, texts[fmt])
    return entry, created, texts


def prune(sdir: Path, keep: int, keep_also: str) -> int:
    if keep <= 0:
        return 0
    old = [e for e in entries(sdir)[:-keep] if e != keep_also]
    for e in old:
        for fmt in ("md", "html", "json"):  # json last, so a half-pruned entry is swept as orphans later
            (sdir / f"{e}.{fmt}").unlink(missing_ok=True)
    return len(old)


# ---------- index.html ----------


def write_index(out: Path, titles: dict[str, str]) -> None:
    """OUT/index.html: every story (a folder with state.json) and its archive, newest first; all text escaped."""
    with flock(out / ".index.lock", blocking=True):
        sweep(out)
        atomic_write(out / "index.html", render_index(out, titles))


def render_index(out: Path, titles: dict[str, str]) -> str:
    e = html.escape
    parts = []
    stories = sorted(d for d in out.iterdir() if d.is_dir() and (d / "state.json").is_file()) if out.is_dir() else []
    for d in stories:
        name = d.name
        href = quote(name)
        latest = read_json(d / f"{LATEST}.json")
        status = read_json(d / "status.json")
        title = titles.get(name) or latest.get("title") or name
        hist = list(reversed(entries(d)))
        parts.append(f'<section id="{e(name)}"><h2>{e(title)} <small>({e(name)})</small></h2>')
        if latest:
            links = " ".join(f'<a href="{href}/{LATEST}.{fmt}">{fmt}</a>' for fmt in ("html", "md", "json")
                             if (d / f"{LATEST}.{fmt}").is_file())
            parts.append(f"<p>Latest: {e(str(latest.get('title', '')))}: {len(latest.get('articles', []))} "
                         f"articles, {e(str(latest.get('outlets', '')))} outlets, "
                         f"{len(latest.get('claims', []))} statements. {links}</p>")
        if status:
            parts.append(f"<p class=\"meta\">Last checked {e(str(status.get('checked_at', '')))}: "
                         f"{e(str(status.get('outcome', '')))}</p>")
        rows = []
        for ent in hist:
            links = " ".join(f'<a href="{href}/{quote(ent)}.{fmt}">{fmt}</a>' for fmt in ("html", "md", "json")
                             if (d / f"{ent}.{fmt}").is_file())
            rows.append(f"<tr><td>{e(iso(ent))}</td><td><code>{e(ent[17:])}</code></td><td>{links}</td></tr>")
        parts.append("<table><thead><tr><th>Built (UTC)</th><th>Input hash</th><th>Files</th></tr></thead>"
                     f"<tbody>{''.join(rows)}</tbody></table></section>")
    body = "\n".join(parts) or "<p>No story has been run yet.</p>"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>consensus briefs</title>"
            "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "table{border-collapse:collapse}td,th{padding:.2rem .8rem;border-bottom:1px solid #ddd;text-align:left}"
            ".meta{color:#555}</style></head>\n<body><h1>consensus briefs</h1>\n" + body + "\n</body></html>\n")


# ---------- the command ----------


def combine(codes: list[int]) -> int:
    """One exit code for several stories: their common code; a mix with a failure is 3 (partial); else 4."""
    if not codes:
        return EXIT_OK
    if len(set(codes)) == 1:
        return codes[0]
    if any(c not in (EXIT_OK, EXIT_LOCKED) for c in codes):
        return EXIT_PARTIAL
    return EXIT_LOCKED


def run_once(config_file: str | None, backend: str | None, names: tuple[str, ...], outdir: str | None,
             use_cache: bool, progress: Callable[[str], None], debug: bool = False) -> int:
    from .config import load_settings

    s = load_settings(config_file, backend=backend)
    stories = s.stories()
    if not stories:
        raise ConfigError(f"no [[story]] table in {s.source}: add one (see config.toml) or give --config")
    if names:
        unknown = [n for n in names if n not in {st.name for st in stories}]
        if unknown:
            raise ConfigError(f"--story {unknown[0]!r}: no such [[story]] in {s.source}; "
                              f"known: {', '.join(st.name for st in stories)}")
        stories = [st for st in stories if st.name in names]
    formats = s.run.formats + [f for st in stories for f in st.formats or []]
    bad = [f for f in formats if f not in ("md", "json", "html")]
    if bad:
        raise ConfigError(f"config key 'run.formats' ({s.source}): unknown format {bad[0]!r}; choose md, json, html")
    out = Path(outdir) if outdir else Path(os.path.expanduser(s.run.out_dir))
    out = out if out.is_absolute() or outdir else s.base_dir() / out
    out.mkdir(parents=True, exist_ok=True)
    sess = Session(s, out, use_cache, progress, debug)
    outcomes: list[Outcome] = []
    try:
        for story in stories:
            try:
                outcomes.append(run_story(story, sess))
            except Locked as e:
                progress(f"{story.name}: {e.message} (exit {EXIT_LOCKED})")
                outcomes.append(Outcome(story.name, EXIT_LOCKED, "locked"))
            except ConfigError:
                raise
            except ConsensusError as e:
                progress(f"{story.name}: failed: {e.message}")
                outcomes.append(Outcome(story.name, e.exit_code, "failed"))
            except Exception as e:  # noqa: BLE001 - one story's bug must not stop the others
                if debug:
                    raise
                progress(f"{story.name}: failed: {type(e).__name__}: {e} (run with --debug for the traceback)")
                outcomes.append(Outcome(story.name, EXIT_FAILED, "failed"))
    finally:
        sess.close()
    if any(o.what in ("written", "partial") for o in outcomes) or not (out / "index.html").is_file():
        write_index(out, {st.name: st.title for st in s.stories()})
    code = combine([o.code for o in outcomes])
    if len(outcomes) > 1:
        progress("run: " + ", ".join(f"{o.story} {o.what}" for o in outcomes) + f" (exit {code})")
    return code


def run_every(interval_s: float, max_runs: int, once: Callable[[], int], jitter: float,
              progress: Callable[[str], None], sleep: Callable[[float], None] = time.sleep) -> int:
    """The foreground loop of --every: run, then pause interval +- jitter; stop after max_runs (0 = never) or on
    Ctrl-C / SIGTERM (between or during runs: files are atomic, locks die with the process). A config error in
    the first run ends the loop (exit 2); later ones are reported and the loop goes on."""
    n, code = 0, EXIT_OK
    jitter = min(max(jitter, 0.0), 0.5)
    while True:
        try:
            code = once()
        except ConfigError as e:
            if n == 0:
                raise
            progress(f"Error: {e.message} (the loop goes on)")
            code = EXIT_USAGE
        except BackendError as e:
            progress(f"Error: {e.message} (the loop goes on)")
            code = e.exit_code
        n += 1
        if max_runs and n >= max_runs:
            return code
        pause = interval_s * (1 + random.uniform(-jitter, jitter))
        progress(f"next run in {pause:.0f} s (run {n} exited {code}; Ctrl-C stops)")
        sleep(pause)

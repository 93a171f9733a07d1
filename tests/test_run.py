"""`consensus run` as a scheduler runs it: a subprocess against a loopback "news site" (robots.txt, an RSS feed and
the seed articles as .txt pages) and a loopback model backend that replays the recorded answers.

The replay server knows only the requests for the five seed articles (byte-identical sentences), so the site serves
exactly those files under their own names; the story's `outlets` table names their outlets as story.toml does.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.replay_brief import SEEDS_CASSETTE
from tests.replay_server import ReplayServer

SEEDS = sorted(p.name for p in EXAMPLES.glob("*.txt"))
# story.toml names the outlets it knows; an article that names none is named by its file name, as ingest names it
OUTLETS = {p.name: p.stem for p in sorted(EXAMPLES.glob("*.txt"))} | tomllib.loads(
    (EXAMPLES / "story.toml").read_text())["outlets"]


class Site:
    """A loopback news site: /robots.txt, /feed.xml listing the published seeds (plus an off-topic entry and one
    under a path robots.txt disallows), and /articles/<seed>.txt with the seed's exact bytes."""

    def __init__(self):
        self.published: list[str] = []
        self.paths: list[str] = []
        self.pages: dict[str, tuple[str, bytes]] = {}  # other paths: content type, body
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code: int, ctype: str, data: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                site.paths.append(self.path)
                name = self.path.rsplit("/", 1)[-1]
                if self.path == "/robots.txt":
                    self._send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
                elif self.path == "/feed.xml":
                    self._send(200, "application/rss+xml", site.feed().encode())
                elif self.path.startswith("/articles/") and name in site.published:
                    self._send(200, "text/plain; charset=utf-8", (EXAMPLES / name).read_bytes())
                elif self.path in site.pages:
                    self._send(200, *site.pages[self.path])
                else:
                    self._send(404, "text/plain", b"not found")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def feed(self) -> str:
        items = [(f"Sheinbaum and the U.S. troop offer, as {OUTLETS[n]} tells it <&>", f"/articles/{n}")
                 for n in self.published]
        items += [("Weather: a mild week ahead", "/articles/weather.txt"),
                  ("Sheinbaum: the unpublished draft", "/private/draft.txt")]
        xml = "".join(f"<item><title>{escape(t)}</title><link>{self.base}{p}</link>"
                      f"<description>{escape(t)}</description></item>" for t, p in items)
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loopback news</title>'
                f"<link>{self.base}/</link><description>test</description>{xml}</channel></rss>")

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def write_config(tmp_path: Path, base_url: str, story: str) -> Path:
    cfg = (ROOT / "config.toml").read_text()
    cfg += (f'\n[backends.replay]\nkind = "openai"\nbase_url = "{base_url}"\n'
            'model = "qwen2.5-coder-1.5b-instruct-q4_k_m"\nmode = "grammar"\ntimeout_s = 30.0\n'
            f'\n[run]\nout_dir = "out"\ncache_dir = "cache"\nhost_delay_s = 0.0\nfetch_timeout_s = 10.0\n'
            f"\n[[story]]\n{story}\n")
    path = tmp_path / "config.toml"
    path.write_text(cfg)
    return path


def feed_story(site: Site) -> str:
    outlets = ", ".join(f'"{k}" = "{v}"' for k, v in OUTLETS.items())
    return (f'name = "sheinbaum"\ntitle = "Mexico rejects a U.S. troop offer <b>&</b>"\n'
            f'feeds = ["{site.base}/feed.xml"]\nkeywords = ["sheinbaum", "troop"]\noutlets = {{ {outlets} }}')


def local_story(folder: Path) -> str:
    return f'name = "local"\npaths = ["{folder}"]'


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("CONSENSUS_") and "proxy" not in k.lower()}
    return e


def consensus(cfg: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consensus", "run", "--config", str(cfg), "--backend", "replay",
                           *args], capture_output=True, text=True, cwd=ROOT, env=env(), timeout=120)


def start(cfg: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "consensus", "run", "--config", str(cfg), "--backend", "replay",
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env())


def archive(sdir: Path) -> list[str]:
    return sorted(p.name for p in sdir.iterdir() if p.name[:1].isdigit())


def assert_whole(sdir: Path, cache: Path) -> None:
    """Every JSON file of the story parses (each archived brief and latest.json are briefs), no entry is half
    written, and the SQLite cache passes its integrity check."""
    for f in sdir.glob("*.json"):
        data = json.loads(f.read_text(encoding="utf-8"))
        if f.name[:1].isdigit() or f.name == "latest.json":
            assert data["schema"] == "consensus.brief/1" and data["articles"], f
    if cache.exists():
        with sqlite3.connect(cache) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            db.execute("SELECT count(*) FROM extractions").fetchone()


def test_feed_story_first_run_unchanged_rerun_new_article_and_no_cache(tmp_path, monkeypatch):
    with ReplayServer(SEEDS_CASSETTE) as replay, Site() as site:
        cfg = write_config(tmp_path, replay.base_url, feed_story(site))
        sdir = tmp_path / "out" / "sheinbaum"
        site.published = SEEDS[:4]

        r = consensus(cfg)  # first run: 4 articles fetched, extracted, archived
        assert r.returncode == 0, r.stderr
        assert len(replay.requests) == 4 and replay.misses == 0
        assert len(archive(sdir)) == 3  # one entry: .html, .json, .md
        first = json.loads((sdir / "latest.json").read_text())
        assert [a["outlet"] for a in first["articles"]] == [OUTLETS[n] for n in SEEDS[:4]]
        assert first["articles"][0]["source"] == f"{site.base}/articles/{SEEDS[0]}"  # known by its URL
        assert all((sdir / f"latest.{f}").is_file() for f in ("md", "json", "html"))
        assert sorted(p.name for p in (sdir / "articles").iterdir()) == sorted(SEEDS[:4] + ["story.toml"])
        assert not any(p.startswith(("/private/", "/articles/weather")) for p in site.paths)  # robots, keywords
        index = (tmp_path / "out" / "index.html").read_text()
        assert "Mexico rejects a U.S. troop offer &lt;b&gt;&amp;&lt;/b&gt;" in index and "<b>" not in index  # escaped
        assert archive(sdir)[0][:-5] in index

        latest = {f: (sdir / f"latest.{f}").stat().st_mtime_ns for f in ("md", "json", "html")}
        fetched_before = len([p for p in site.paths if p.startswith("/articles/")])
        r = consensus(cfg)  # no new article: no model call, no new entry, latest.* untouched
        assert r.returncode == 0, r.stderr
        assert len(replay.requests) == 4 and "unchanged" in r.stderr
        assert len(archive(sdir)) == 3
        assert latest == {f: (sdir / f"latest.{f}").stat().st_mtime_ns for f in ("md", "json", "html")}
        assert len([p for p in site.paths if p.startswith("/articles/")]) == fetched_before  # nothing refetched

        site.published = SEEDS  # a fifth article appears in the feed
        r = consensus(cfg)
        assert r.returncode == 0, r.stderr
        assert len(replay.requests) == 5 and replay.misses == 0  # one request: the new article's
        assert "never accepts the presence" in replay.requests[-1]["messages"][-1]["content"]  # it is SEEDS[4]
        assert r.stderr.count("no model call") == 4  # the four others came from the cache
        assert len(archive(sdir)) == 6  # a second entry
        latest5 = json.loads((sdir / "latest.json").read_text())
        assert len(latest5["articles"]) == 5 and latest5 != first
        newest = [n for n in archive(sdir) if n.endswith(".json")][-1]
        assert (sdir / newest).read_text() == (sdir / "latest.json").read_text()
        index = (tmp_path / "out" / "index.html").read_text()
        assert all(name[:-5] in index for name in archive(sdir) if name.endswith(".json"))

        # cached extractions rebuild exactly the brief that live calls give (the seeds brief of the cassette)
        from tests.replay_brief import brief_from_cassette

        monkeypatch.chdir(ROOT)
        direct, _ = brief_from_cassette(tmp_path / "direct")
        got = [(c["statement"], c["support"], c["outlets"]) for c in latest5["claims"]]
        assert got == [(c.statement, c.support, c.outlets) for c in direct.claims]

        r = consensus(cfg, "--no-cache")  # every article extracted again; same brief, so still no new entry
        assert r.returncode == 0, r.stderr
        assert len(replay.requests) == 10 and replay.misses == 0
        assert len(archive(sdir)) == 6 and "unchanged" in r.stderr
        assert_whole(sdir, tmp_path / "cache" / "extractions.sqlite3")


def test_two_runs_at_once_one_is_locked_out(tmp_path):
    with ReplayServer(SEEDS_CASSETTE, latency_s=0.2) as replay:
        cfg = write_config(tmp_path, replay.base_url, local_story(EXAMPLES))
        procs = [start(cfg), start(cfg)]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 4], results
    locked = next(err for code, err in results if code == 4)
    assert "locked" in locked and "Traceback" not in locked
    sdir = tmp_path / "out" / "local"
    assert len(archive(sdir)) == 3 and len(replay.requests) == 5  # one run's work, written once
    assert not [p for p in sdir.iterdir() if p.name.endswith(".tmp")]
    assert_whole(sdir, tmp_path / "cache" / "extractions.sqlite3")


def kill_at(proc: subprocess.Popen, line: str | None, nth: int, then_s: float) -> bool:
    """SIGKILL proc `then_s` seconds after the nth stderr line holding `line` (after its start when line is None);
    True when it was still running. Moments are set by the run's own progress, so they hit the same phases on a
    slow machine as on a fast one."""
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    seen = 0
    if line is not None:
        for text in proc.stderr:
            seen += line in text
            if seen == nth:
                break
    time.sleep(then_s)
    running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    watchdog.cancel()
    proc.stdout.close()
    proc.stderr.close()
    return running


def test_kill_9_at_any_moment_leaves_whole_files(tmp_path):
    inputs, parked = tmp_path / "inputs", tmp_path / "parked"
    inputs.mkdir()
    parked.mkdir()
    for name in SEEDS + ["story.toml"]:
        (inputs / name).write_bytes((EXAMPLES / name).read_bytes())
    # article sets whose extractions are all cached (any 4 seeds send the same requests as the 5 do); each run gets
    # a set other than the one of the last complete build, so it has a brief to write, never 'unchanged'
    sets = [set(SEEDS)] + [set(SEEDS) - {s} for s in SEEDS]
    cache = tmp_path / "cache" / "extractions.sqlite3"
    sdir = tmp_path / "out" / "local"
    n = "n"  # the run's last "cached" line: the brief is being assembled and written
    moments = ([("--no-cache", "extracting", 2, 0.1), ("--no-cache", "extracting", 4, 0.12),  # model calls and
                ("--no-cache", "output tokens", n, 0.05)]  # cache inserts, then the write of a fresh brief
               + [("", None, 0, s) for s in (0.05, 0.15, 0.25, 0.35)]  # start-up, lock, sweep, ingest
               + [("", "no model call", k, 0.0) for k in (1, 3)]  # cached extractions
               + [("", "no model call", n, s) for s in (0.0, 0.05, 0.1)]  # consensus, rendering
               + [("", "writing", 1, s) for s in (0.0, 0.001, 0.002, 0.004, 0.006, 0.008)]  # entry, latest.*
               + [("", "wrote", 1, s) for s in (0.0, 0.02)])  # status, index.html
    assert len(moments) == 20
    killed_running = 0
    with ReplayServer(SEEDS_CASSETTE, latency_s=0.1) as replay:
        cfg = write_config(tmp_path, replay.base_url, local_story(inputs))
        assert consensus(cfg).returncode == 0  # all five articles in the cache
        built, current = sets[0], sets[0]
        for i, (flag, line, nth, then_s) in enumerate(moments):
            current = next(s for s in sets[i % 6:] + sets if s != built and s != current)
            for name in SEEDS:
                src, dst = (parked, inputs) if name in current else (inputs, parked)
                if (src / name).exists():
                    (src / name).rename(dst / name)
            state = (sdir / "state.json").read_text()
            killed_running += kill_at(start(cfg, *([flag] if flag else [])), line, len(current) if nth == n else nth,
                                      then_s)
            assert_whole(sdir, cache)
            if (sdir / "state.json").read_text() != state:
                built = current
        r = consensus(cfg)  # the next run is not locked out, sweeps the leftovers and completes
    assert killed_running >= 15, killed_running  # the kills hit runs in progress
    assert r.returncode == 0, r.stderr
    assert_whole(sdir, cache)
    names = archive(sdir)
    assert names and not [p for p in sdir.rglob("*") if p.name.endswith(".tmp")]
    stems = {n.rsplit(".", 1)[0] for n in names}
    assert all((sdir / f"{s}.{f}").is_file() for s in stems for f in ("md", "json", "html"))  # no half entry
    entry = json.loads((sdir / "state.json").read_text())["entry"]
    assert (sdir / "latest.json").read_text() == (sdir / f"{entry}.json").read_text()


def test_leftovers_of_a_killed_run_are_swept(tmp_path):
    with ReplayServer(SEEDS_CASSETTE) as replay:
        cfg = write_config(tmp_path, replay.base_url, local_story(EXAMPLES))
        sdir = tmp_path / "out" / "local"
        sdir.mkdir(parents=True)
        leftovers = [sdir / ".latest.json.x1y2.tmp", sdir / ".20200101T000000Z-0123456789ab.html.abc.tmp",
                     sdir / "20200101T000000Z-0123456789ab.md"]  # an entry whose .json was never written
        for f in leftovers:
            f.write_text('{"half": ')
        r = consensus(cfg)
    assert r.returncode == 0, r.stderr
    assert "removed 3 leftover file(s)" in r.stderr
    assert not any(f.exists() for f in leftovers) and len(archive(sdir)) == 3


def test_fetch_saves_pages_once_politely_and_reports_failures(tmp_path):
    from consensus import fetch
    from consensus.config import RunSettings, StorySettings

    pauses: list[float] = []
    with Site() as site:
        site.pages["/news/mexico-troops"] = ("text/html; charset=utf-8", b"<html><body><p>x</p></body></html>")
        site.pages["/photo.png"] = ("image/png", b"\x89PNG....")
        story = StorySettings(name="s", urls=[f"{site.base}/news/mexico-troops", f"{site.base}/photo.png",
                                              f"{site.base}/gone.html", f"{site.base}/private/x.html",
                                              "file:///etc/passwd"], outlets={"127.0.0.1": "Loopback Times"})
        fetcher = fetch.Fetcher(RunSettings(host_delay_s=5.0), 1_000_000, sleep=pauses.append)
        state: dict = {}
        new, problems = fetch.fetch_story(story, state, tmp_path, fetcher, 10, lambda m: None)
        assert new == ["mexico-troops.html"]
        assert (tmp_path / "mexico-troops.html").read_bytes().startswith(b"<html>")
        assert 'Loopback Times' in (tmp_path / "story.toml").read_text()
        assert len(problems) == 3 and any("image/png" in p for p in problems) and any("HTTP 404" in p for p in problems)
        assert any("only http and https" in p for p in problems)
        assert "/private/x.html" not in site.paths and site.paths.count("/robots.txt") == 1
        assert pauses and all(0 < p <= 5.0 for p in pauses)  # later requests to the host waited for their turn
        site.paths.clear()
        new, problems = fetch.fetch_story(story, state, tmp_path, fetcher, 10, lambda m: None)
        fetcher.close()
    assert new == [] and "/news/mexico-troops" not in site.paths and "/gone.html" in site.paths  # failures retried


def test_file_names_keep_article_names_and_never_collide():
    from consensus.fetch import file_name

    assert file_name("http://h/a/000_x.txt", ".txt", {}) == "000_x.txt"
    assert file_name("http://h/story/", ".html", {}) == "story.html"
    taken = {"index.html": "http://h/a/index.html"}
    other = file_name("http://h/b/index.html", ".html", taken)
    assert other != "index.html" and other.startswith("index-") and other.endswith(".html")
    assert file_name("http://h/../../etc/passwd", ".html", {}) == "passwd.html"
    assert file_name("http://h/", ".html", {}) == "h.html"


@pytest.mark.parametrize("story, message", [
    ('name = "../escape"\npaths = ["x"]', "story[0].name"),
    ('name = "a"\npaths = ["x"]\nfeed = ["y"]', "story[0].feed"),
])
def test_bad_story_table_is_a_config_error(tmp_path, story, message):
    cfg = write_config(tmp_path, "http://127.0.0.1:9/v1", story)
    r = consensus(cfg)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_unknown_story_and_no_story_are_config_errors(tmp_path):
    cfg = write_config(tmp_path, "http://127.0.0.1:9/v1", local_story(EXAMPLES))
    r = consensus(cfg, "--story", "nope")
    assert r.returncode == 2 and "known: local" in r.stderr
    cfg.write_text((ROOT / "config.toml").read_text())
    r = consensus(cfg)
    assert r.returncode == 2 and "no [[story]]" in r.stderr


def test_every_loop_is_bounded(tmp_path):
    (tmp_path / "empty").mkdir()
    cfg = write_config(tmp_path, "http://127.0.0.1:9/v1", local_story(tmp_path / "empty"))
    r = consensus(cfg, "--every", "1s", "--max-runs", "2")
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("no articles yet") == 2 and r.stderr.count("next run in") == 1


def test_parse_every_and_combine():
    from consensus.errors import ConfigError
    from consensus.run import combine, parse_every

    assert parse_every("30m") == 1800 and parse_every("1h30m") == 5400 and parse_every("90s") == 90
    for bad in ("", "30", "m", "0s", "1d"):
        with pytest.raises(ConfigError):
            parse_every(bad)
    assert combine([0, 0]) == 0 and combine([0, 4]) == 4 and combine([0, 3]) == 3 and combine([4, 1]) == 3
    assert combine([1]) == 1 and combine([]) == 0


def test_config_toml_documents_run_and_a_story_example(tmp_path):
    from consensus.config import RunSettings, load_settings

    text = (ROOT / "config.toml").read_text()
    block = text[text.index("# [run]"):]
    lines = [ln[2:] if ln.startswith(("# [", "# [[")) or (ln[2:3].isalpha() and " = " in ln) else ln
             for ln in block.splitlines()]
    (tmp_path / "c.toml").write_text("\n".join(lines) + "\n")
    s = load_settings(str(tmp_path / "c.toml"), environ={})
    assert s.run == RunSettings() and set(s.run.model_dump()) == set(RunSettings.model_fields)
    for key in RunSettings.model_fields:
        assert f"\n# {key} = " in block, f"config.toml lacks run.{key}"
    assert [st.name for st in s.stories()] == ["sheinbaum"]

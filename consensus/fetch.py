"""Fetch: a story's feeds and article pages over HTTP, politely, into its articles/ folder.

One httpx client per run with timeouts and our user agent; robots.txt is read once per host and run and obeyed
(urllib.robotparser); requests to one host are spaced by run.host_delay_s (or the host's Crawl-delay when
longer). Each article URL is fetched once: the bytes are saved as they came (ingest reads them like any local
file) and the URL is remembered in the story's state, so later runs fetch only what is new.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from .write import atomic_write
from .config import RunSettings, StorySettings

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md"}
SUFFIXES = (".txt", ".md", ".html", ".htm")


class FetchError(Exception):
    """One URL could not be fetched (one line, for stderr)."""


@dataclass
class Page:
    url: str
    final_url: str
    status: int
    content_type: str  # lower case, without parameters
    data: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Entry:
    link: str
    title: str = ""
    text: str = ""  # title, summary and tags: what keywords are matched against
    outlet: str = ""  # the entry's <source> title, when the feed names one


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def plain_host(url: str) -> str:
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


class Fetcher:
    """HTTP GET with a user agent, timeouts, a size cap, robots.txt and a per-host delay."""

    def __init__(self, rs: RunSettings, max_bytes: int, progress: Callable[[str], None] = lambda m: None,
                 transport=None, sleep: Callable[[float], None] = time.sleep):
        import httpx2

        self.rs = rs
        self.max_bytes = max_bytes
        self.progress = progress
        self.client = httpx2.Client(timeout=httpx2.Timeout(rs.fetch_timeout_s), follow_redirects=True,
                                    max_redirects=5, headers={"User-Agent": rs.user_agent}, transport=transport)
        self.robots: dict[str, RobotFileParser] = {}
        self.robots_failed: dict[str, str] = {}  # origin -> why its robots.txt could not be read (this run)
        self.last: dict[str, float] = {}
        self.requests = 0
        self.sleep = sleep

    def close(self) -> None:
        self.client.close()

    def _wait(self, url: str) -> None:
        host = host_of(url)
        delay = self.rs.host_delay_s
        rp = self.robots.get(_origin(url))
        if rp is not None:
            delay = max(delay, float(rp.crawl_delay(self.rs.user_agent) or 0))
        if host in self.last:
            pause = self.last[host] + delay - time.monotonic()
            if pause > 0:
                self.sleep(pause)
        self.last[host] = time.monotonic()

    def _get(self, url: str, headers: dict[str, str] | None = None) -> Page:
        import httpx2

        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"{url}: only http and https URLs can be fetched")
        self._wait(url)
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers or {}) as r:
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: more than {self.max_bytes:,} bytes (ingest.max_bytes); skipped")
                    chunks.append(chunk)
                ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
                return Page(url, str(r.url), r.status_code, ctype, b"".join(chunks), dict(r.headers))
        except httpx2.TimeoutException:
            raise FetchError(f"{url}: timed out after {self.rs.fetch_timeout_s:.0f} s (run.fetch_timeout_s)") from None
        except (httpx2.HTTPError, httpx2.InvalidURL) as e:
            raise FetchError(f"{url}: {type(e).__name__}: {e}") from None

    def allowed(self, url: str) -> bool:
        """robots.txt says we may fetch url (read once per host and run). Unreachable robots.txt: FetchError."""
        if not self.rs.respect_robots:
            return True
        origin = _origin(url)
        if origin in self.robots_failed:
            raise FetchError(f"{url}: skipped, {self.robots_failed[origin]}")
        if origin not in self.robots:
            rp = RobotFileParser(origin + "/robots.txt")
            try:
                page = self._get(origin + "/robots.txt")
                if page.status >= 500:
                    raise FetchError(f"{origin}/robots.txt: HTTP {page.status}")
            except FetchError as e:
                self.robots_failed[origin] = f"robots.txt unavailable ({e}); the host is skipped this run"
                raise FetchError(f"{url}: skipped, {self.robots_failed[origin]}") from None
            if page.status in (401, 403):
                rp.disallow_all = True
            elif 400 <= page.status < 500:
                rp.allow_all = True
            else:
                rp.parse(page.data.decode("utf-8", errors="replace").splitlines())
            self.robots[origin] = rp
        return self.robots[origin].can_fetch(self.rs.user_agent, url)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Page:
        page = self._get(url, headers)
        if page.status != 304 and not 200 <= page.status < 300:
            raise FetchError(f"{url}: HTTP {page.status}")
        return page


def _origin(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


def feed_entries(data: bytes, feed_url: str) -> list[Entry]:
    """The entries of an RSS or Atom document, links made absolute, in feed order."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise FetchError(f"{feed_url}: not an RSS or Atom feed ({type(parsed.get('bozo_exception')).__name__})")
    out = []
    for e in parsed.entries:
        link = e.get("link") or ""
        if not link:
            continue
        tags = " ".join(t.get("term", "") for t in e.get("tags", []) if isinstance(t, dict))
        title = e.get("title", "")
        source = e.get("source") or {}
        out.append(Entry(urljoin(feed_url, link), title, f"{title}\n{e.get('summary', '')}\n{tags}",
                         source.get("title", "") if isinstance(source, dict) else ""))
    return out


def matches(text: str, keywords: list[str], exclude: list[str]) -> bool:
    low = text.lower()
    if keywords and not any(k.lower() in low for k in keywords):
        return False
    return not any(k.lower() in low for k in exclude)


def suffix_for(page: Page) -> str | None:
    """The file suffix ingest will read the page as, or None when it is not an article page."""
    url_suffix = Path(urlsplit(page.url).path).suffix.lower()
    if page.content_type in HTML_TYPES:
        return ".html"
    if page.content_type in TEXT_TYPES:
        return ".md" if url_suffix == ".md" else TEXT_TYPES[page.content_type]
    if not page.content_type or page.content_type == "application/octet-stream":
        return url_suffix if url_suffix in SUFFIXES else ".html"
    return None


def file_name(url: str, suffix: str, taken: dict[str, str]) -> str:
    """A safe file name for url: its last path segment (kept when it already names an article file), made
    unique among `taken` (file name -> the URL it holds)."""
    last = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    stem = Path(last).stem if Path(last).suffix.lower() in SUFFIXES else last
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-")[:80] or plain_host(url) or "page"
    name = stem + suffix
    if name in taken and taken[name] != url:
        name = f"{stem}-{hashlib.sha1(url.encode()).hexdigest()[:8]}{suffix}"
    return name


def outlet_for(story: StorySettings, name: str, url: str, entry_outlet: str = "") -> str:
    o = story.outlets
    for key in (name, url, host_of(url), plain_host(url)):
        if key in o:
            return o[key]
    return entry_outlet or plain_host(url)


def write_story_toml(folder: Path, story: StorySettings, fetched: dict[str, dict]) -> None:
    """story.toml beside the fetched pages: file name -> outlet, read by ingest like any story folder's."""
    lines = [f"# Written by `consensus run` for story {story.name}: the outlet of each fetched page.", "[outlets]"]
    for url, rec in sorted(fetched.items(), key=lambda kv: kv[1]["file"]):
        outlet = outlet_for(story, rec["file"], url, rec.get("outlet", ""))
        lines.append(f"{json.dumps(rec['file'], ensure_ascii=False)} = {json.dumps(outlet, ensure_ascii=False)}")
    text = "\n".join(lines) + "\n"
    target = folder / "story.toml"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        atomic_write(target, text)


def fetch_story(story: StorySettings, state: dict, folder: Path, fetcher: Fetcher, max_items: int,
                progress: Callable[[str], None]) -> tuple[list[str], list[str]]:
    """Fetch the story's new article URLs (its `urls` and the matching entries of its feeds) into folder.

    Updates state["fetched"] (URL -> file, sha256, outlet, time) and state["feeds"] (validators for conditional
    GETs). Returns (file names saved this run, problems). A URL that failed is tried again next run.
    """
    fetched: dict[str, dict] = state.setdefault("fetched", {})
    feeds: dict[str, dict] = state.setdefault("feeds", {})
    problems: list[str] = []
    wanted: list[Entry] = [Entry(u) for u in story.urls]
    for feed_url in story.feeds:
        try:
            if not fetcher.allowed(feed_url):
                progress(f"skipped {feed_url}: robots.txt disallows it")
                continue
            validators = feeds.get(feed_url, {})
            headers = {k: v for k, v in (("If-None-Match", validators.get("etag")),
                                         ("If-Modified-Since", validators.get("modified"))) if v}
            page = fetcher.get(feed_url, headers)
            if page.status == 304:
                progress(f"feed {feed_url}: not modified")
                continue
            entries = feed_entries(page.data, page.final_url)
        except FetchError as e:
            problems.append(f"feed {e}")
            progress(problems[-1])
            continue
        feeds[feed_url] = {k: v for k, v in (("etag", page.headers.get("etag")),
                                             ("modified", page.headers.get("last-modified"))) if v}
        kept = [e for e in entries[:max_items] if matches(e.text, story.keywords, story.exclude)]
        progress(f"feed {feed_url}: {len(entries)} entries, {len(kept)} match the story's keywords")
        wanted.extend(kept)
    taken = {rec["file"]: url for url, rec in fetched.items()}
    new: list[str] = []
    seen: set[str] = set()
    for entry in wanted:
        url = entry.link
        if url in fetched or url in seen:
            continue
        seen.add(url)
        try:
            if not fetcher.allowed(url):
                progress(f"skipped {url}: robots.txt disallows it")
                continue
            page = fetcher.get(url)
        except FetchError as e:
            problems.append(str(e))
            progress(problems[-1])
            continue
        suffix = suffix_for(page)
        if suffix is None:
            problems.append(f"{url}: not an article page (content type {page.content_type}); skipped")
            progress(problems[-1])
            continue
        name = file_name(url, suffix, taken)
        atomic_write(folder / name, page.data)
        taken[name] = url
        fetched[url] = {"file": name, "sha256": hashlib.sha256(page.data).hexdigest(), "outlet": entry.outlet,
                        "at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
        new.append(name)
        progress(f"fetched {url} -> articles/{name} ({len(page.data):,} bytes)")
    if fetched:
        write_story_toml(folder, story, fetched)
    return new, problems

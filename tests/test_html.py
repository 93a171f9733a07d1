"""The HTML report: pure rendering checks, plus the seeds brief opened in a real headless Chromium.

The browser is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON messages ending in
NUL on fds 3 and 4), so the test needs no websocket client nor any other dependency: console messages,
uncaught exceptions and browser log entries (failed loads, CSP violations) are collected, and the DOM is read
after the page's script ran. `make test` installs Debian's chromium (`make chromium`); without it the browser
tests skip.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from consensus.html import to_html
from consensus.models import Brief, BriefArticle, BriefClaim, Conflict, ConflictSide, Evidence
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
URL_ATTRS = {"src", "href", "action", "formaction", "poster", "srcset", "data", "background", "cite", "ping"}
TRAMPOLINE = ("import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); os.dup2(r, 3); os.dup2(w, 4); "
              "os.close(r); os.close(w); os.execv(sys.argv[3], sys.argv[3:])")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed: run 'make chromium' "
                                    "(apt-get install chromium) to run the headless-browser checks")


def ev(article: str, text: str, sentence: int = 1) -> Evidence:
    return Evidence(article=article, sentence=sentence, start=0, end=len(text), text=text)


def small_brief(**kw) -> Brief:
    articles = [BriefArticle(id="000", source="https://news.example.com/a?x=1&y=2", outlet="Alpha", sentences=3),
                BriefArticle(id="001", source="examples/b.txt", outlet="Beta", sentences=2),
                BriefArticle(id="002", source="javascript:alert(2)", outlet="Gamma <b>", sentences=2)]
    claims = [
        BriefClaim(id="c1", kind="event", statement="Troops were offered.", support=3,
                   outlets=["Alpha", "Beta", "Gamma <b>"], articles=["000", "001", "002"], single_source=False,
                   evidence=[ev("000", "Troops were offered to Mexico."), ev("001", "Troops were offered."),
                             ev("002", "Troops went to the border.")]),
        BriefClaim(id="c2", kind="event", statement="Evil <script>alert(1)</script> \x1b[31mred\x1b[0m text",
                   support=1, outlets=["Beta"], articles=["001"], single_source=True,
                   evidence=[ev("001", "<img src=http://evil.example/x.png onerror=alert(3)> \x1b]8;;http://x\x07")]),
        BriefClaim(id="c10", kind="quote", statement="'Never,' she said.", support=2, outlets=["Alpha", "Beta"],
                   articles=["000", "001"], single_source=False, speaker="Sheinbaum",
                   evidence=[ev("000", "'Never,' she said."), ev("001", "'Never,' she said.")]),
        BriefClaim(id="c3", kind="opinion", statement="A stunning snub.", support=1, outlets=["Gamma <b>"],
                   articles=["002"], single_source=True, evidence=[ev("002", "A stunning snub.")]),
    ]
    conflicts = [Conflict(id="x1", slot="place", description="place differs in c1", claims=["c1"], sides=[
        ConflictSide(label="border", outlets=["Gamma <b>"], evidence=[ev("002", "Troops went to the border.")]),
        ConflictSide(label="mexico", outlets=["Alpha"], evidence=[ev("000", "Troops were offered to Mexico.")])])]
    data = dict(title="Story \x1b[1mtitle\x1b[0m", outlets=3, articles=articles, claims=claims, conflicts=conflicts)
    return Brief(**{**data, **kw})


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's tokenizer sees them."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def matrix_rows(page: str) -> list[str]:
    table = re.search(r'<table id="matrix">(.*?)</table>', page, re.S)
    assert table, "no table with id=matrix"
    return re.findall(r'<tr data-claim-id="([^"]*)"', table.group(1))


# ---- pure rendering ----


def test_untrusted_text_is_escaped_and_stripped():
    page = to_html(small_brief())
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\x07" not in page and "[31m" not in page
    assert "red text" in page  # the words stay, the escape codes go
    assert "Gamma &lt;b&gt;" in page and "Gamma <b>" not in page
    assert "<title>Story title</title>" in page
    tags = Tags(page).tags
    assert not [t for t, _ in tags if t in ("img", "iframe", "object", "embed")]  # article markup stays text
    assert not any(k.startswith("on") for _, attrs in tags for k in attrs)  # no event handler attributes
    assert [(t, a) for t, a in tags if t == "script"] == [("script", {})]  # only the page's own inline script


def test_statements_carry_markers_and_sections():
    page = to_html(small_brief())
    assert "[3/3: Alpha, Beta, Gamma &lt;b&gt;]" in page
    assert "[1/3: Beta]" in page
    for heading in ("Reported by all", "Reported by several", "Single source", "Where outlets disagree",
                    "How outlets framed it", "Sources"):
        assert heading in page
    assert "\u201cA stunning snub.\u201d" in page  # loaded words only inside quotation marks
    assert 'style="width: 100.0%"' in page and 'style="width: 33.3%"' in page  # support bars


def test_one_matrix_row_per_claim_sorted_by_support_then_id():
    b = small_brief()
    page = to_html(b)
    assert page.count('id="matrix"') == 1
    assert matrix_rows(page) == ["c1", "c10", "c2", "c3"]
    assert len(matrix_rows(page)) == len(b.claims)


def test_matrix_cells_supported_absent_and_conflicting_with_evidence_tooltips():
    page = to_html(small_brief())
    row = re.search(r'<tr data-claim-id="c1".*?</tr>', page, re.S).group(0)
    cells = re.findall(r'<td class="cell (\w+)" title="([^"]*)"', row)
    assert [state for state, _ in cells] == ["conflicting", "supported", "conflicting"]  # Alpha, Beta, Gamma
    assert "Troops went to the border." in cells[2][1] and "border" in cells[2][1]
    assert "Troops were offered." in cells[1][1]
    row2 = re.search(r'<tr data-claim-id="c2".*?</tr>', page, re.S).group(0)
    assert [s for s, _ in re.findall(r'<td class="cell (\w+)" title="([^"]*)"', row2)] == \
        ["absent", "supported", "absent"]


def test_no_remote_resources_only_article_urls():
    b = small_brief()
    page = to_html(b)
    allowed = {a.source for a in b.articles if re.match(r"https?://", a.source)}
    urls = [v for _, attrs in Tags(page).tags for k, v in attrs.items() if k in URL_ATTRS]
    assert urls, "expected at least the in-page links"
    for url in urls:
        assert url.startswith("#") or url == "data:," or url in allowed, url
    assert "https://news.example.com/a?x=1&amp;y=2" in page  # the article URL is a link
    assert 'href="javascript:' not in page and "javascript:alert(2)" in page  # shown as text, not a link
    assert not re.search(r"url\(|@import|<link[^>]+stylesheet|<iframe|<object|<embed", page, re.I)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_partial_brief_shows_problems_prominently():
    page = to_html(small_brief(partial=True, problems=["examples/x.pdf: binary file \x1b[2Jskipped <b>"]))
    assert 'role="alert"' in page and "Partial brief" in page
    assert "examples/x.pdf: binary file skipped &lt;b&gt;" in page
    assert page.index('role="alert"') < page.index('id="matrix"')
    assert 'role="alert"' not in to_html(small_brief())


# ---- a real browser ----


class Chromium:
    """One headless Chromium driven over the DevTools protocol on a pipe (fds 3 and 4)."""

    def __init__(self, user_data_dir: Path, width: int = 1400, height: int = 2000, timeout: float = 60.0):
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Lift the child's ends above fd 10, then a tiny exec trampoline moves them onto fds 3 and 4.
        hi_r, hi_w = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
        os.close(to_browser_r), os.close(from_browser_w)
        cmd = [sys.executable, "-c", TRAMPOLINE, str(hi_r), str(hi_w), CHROMIUM, *FLAGS,
               f"--user-data-dir={user_data_dir}", f"--window-size={width},{height}", "--remote-debugging-pipe",
               "about:blank"]
        self.log = user_data_dir.parent / "chromium.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(cmd, pass_fds=(hi_r, hi_w), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        os.close(hi_r), os.close(hi_w)
        self.out = os.fdopen(to_browser_w, "wb", buffering=0)
        self.deadline, self.next_id = time.monotonic() + timeout, 0
        self.inbox: queue.Queue = queue.Queue()
        self.events: list[dict] = []
        threading.Thread(target=self._read, args=(from_browser_r,), daemon=True).start()
        self.width, self.height, self.session = width, height, None

    def _read(self, fd: int) -> None:
        buf = b""
        with os.fdopen(fd, "rb", buffering=0) as f:
            while chunk := f.read(65536):
                buf += chunk
                *messages, buf = buf.split(b"\0")
                for m in messages:
                    self.inbox.put(json.loads(m))
        self.inbox.put(None)

    def send(self, method: str, params: dict | None = None, session: bool = True) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        self.out.write(json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._next(f"reply to {method}")
            if reply.get("id") == self.next_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                return reply["result"]

    def _next(self, what: str) -> dict:
        left = self.deadline - time.monotonic()
        try:
            msg = self.inbox.get(timeout=max(left, 0.01))
        except queue.Empty:
            raise AssertionError(f"chromium: no {what} in time; log:\n{self.log_tail()}") from None
        assert msg is not None, f"chromium exited (code {self.proc.poll()}) waiting for {what}; log:\n{self.log_tail()}"
        if "method" in msg:
            self.events.append(msg)
        return msg

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    def wait_event(self, method: str) -> dict:
        seen = next((e for e in self.events if e["method"] == method), None)
        while seen is None:
            msg = self._next(method)
            seen = msg if msg.get("method") == method else None
        return seen

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def errors(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, and browser log errors (loads, CSP, ...)."""
        found = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert", "warning"):
                found.append(f"console.{p['type']}: " + " ".join(str(a.get("value", a.get("description")))
                                                                  for a in p["args"]))
            elif e["method"] == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                found.append("exception: " + d.get("exception", {}).get("description", d.get("text", "")))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                found.append(f"log.{p['entry']['level']}: {p['entry']['text']}")
        return found

    def close(self) -> None:
        try:
            self.session = None
            self.send("Browser.close", session=False)
        except (AssertionError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.out.close()


@pytest.fixture
def chromium(tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: run 'make chromium' (apt-get install chromium)")
    browser = Chromium(tmp_path / "chromium-profile")
    yield browser
    browser.close()


@pytest.fixture(scope="module", params=["sheinbaum", "jackson"])
def story_page(request, tmp_path_factory):
    """An example story's brief rebuilt from its cassette (no model, no network) and written as brief.html: the
    seeds and one dev story. Returns (story, brief, page)."""
    from tests import replay_brief

    story = request.param
    if not replay_brief.cassette_of(story).is_file():
        pytest.skip(f"{replay_brief.cassette_of(story)} is missing: run 'make record'")
    out = tmp_path_factory.mktemp(story)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        brief, _ = replay_brief.brief_from_cassette(out, story=story)
    page = out / "brief.html"
    page.write_text(to_html(brief), encoding="utf-8")
    return story, brief, page


@needs_chromium
def test_browser_harness_sees_console_errors(chromium, tmp_path):
    """The 0-errors check below means something: a page with errors is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><meta charset="utf-8"><title>bad</title><p>x</p>'
                    '<script>console.error("canary"); missingFunction();</script>')
    chromium.open(page.as_uri())
    errors = chromium.errors()
    assert any("canary" in e for e in errors) and any("missingFunction" in e for e in errors), errors


@needs_chromium
def test_story_brief_in_headless_chromium(chromium, story_page):
    story, brief, page = story_page
    chromium.open(page.as_uri())
    assert chromium.errors() == []
    n = len(brief.claims)
    assert chromium.evaluate("document.querySelectorAll('#matrix tbody tr[data-claim-id]').length") == n
    assert chromium.evaluate("document.getElementById('shown').textContent") == f"{n} of {n} claims shown"
    chromium.evaluate("document.getElementById('matrix-section').scrollIntoView()")
    chromium.screenshot(ARTIFACTS / f"{story}-brief-matrix.png")

    # The filters work: minimum support 2, then without quotes.
    shown = chromium.evaluate("""(() => {
        const r = document.getElementById('min-support'); r.value = '2';
        r.dispatchEvent(new Event('input', {bubbles: true}));
        const a = document.querySelectorAll('#matrix tbody tr[data-claim-id]:not([hidden])').length;
        const q = document.querySelector('input[name=kind][value=quote]'); q.checked = false;
        q.dispatchEvent(new Event('change', {bubbles: true}));
        const b = document.querySelectorAll('#matrix tbody tr[data-claim-id]:not([hidden])').length;
        return [a, b];
    })()""")
    assert shown == [sum(c.support >= 2 for c in brief.claims),
                     sum(c.support >= 2 and c.kind.value != "quote" for c in brief.claims)]
    assert chromium.errors() == []


@needs_chromium
def test_story_brief_dom_and_screenshot_from_the_command_line(story_page, tmp_path):
    """The plain command-line way: --dump-dom after scripts ran, console on stderr, --screenshot."""
    story, brief, page = story_page
    base = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert not [ln for ln in dom.stderr.splitlines() if ":CONSOLE" in ln]  # the page logs nothing at all
    n = len(brief.claims)
    assert len(matrix_rows(dom.stdout)) == n
    assert f"{n} of {n} claims shown" in dom.stdout  # written by the page's script
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{story}-brief.png"
    shot.unlink(missing_ok=True)
    run = subprocess.run([*base, f"--screenshot={shot}", "--window-size=1400,2000", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and shot.stat().st_size > 10_000, run.stderr[-2000:]


def test_a_quotation_is_quoted_once_with_its_speaker():
    from consensus.html import display
    from consensus.models import Kind

    def claim(statement, kind):
        return BriefClaim(id="c1", kind=kind, statement=statement, support=2, outlets=["A", "B"],
                          articles=["000", "001"], single_source=False, speaker="Sheinbaum", evidence=[])

    # before: “'our sovereignty is inviolable'”
    assert display(claim('"our sovereignty is inviolable"', Kind.quote)) == ("Sheinbaum",
                                                                          "\u201cour sovereignty is inviolable\u201d")
    # a quotation speaking for a group of reports (the group's kind is theirs)
    assert display(claim('"We can share information"', Kind.event)) == ("Sheinbaum",
                                                                       "\u201cWe can share information\u201d")
    # two quotations in one statement keep their own marks inside the outer ones
    assert display(claim('"our territory is inalienable", "sovereignty is inalienable"', Kind.quote))[1] == (
        "\u201c'our territory is inalienable', 'sovereignty is inalienable'\u201d")

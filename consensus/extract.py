"""Extract: one structured-output call per article (or per window of a long one) -> typed, grounded claims.

The model answers with sentence numbers and short slots; code turns them into claims and drops (and counts)
any claim that points at a missing sentence or states a number or name its sentences do not hold.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, create_model

from . import canon, clauses, guard, lexicon
from .config import Settings
from .errors import ConsensusError
from .models import Article, Claim, Extraction, ExtractionStats, Kind

RETRY_STATUS = {408, 409, 429}


def labels_model(first: int, last: int) -> type[BaseModel]:
    """The answer of a "labels" prompt (v1) for sentences first..last: one required key per sentence number.

    Each key repeats the sentence number right before its kind, which keeps a small model aligned with the
    sentence it labels; a bare enum value costs few output tokens, and every key is required (grammar-enforced on
    llama.cpp, validated everywhere), so no sentence goes unlabelled.
    """
    fields = {f"s{n}": (Kind, Field(alias=str(n))) for n in range(first, last + 1)}
    model = create_model("ArticleLabels", __doc__="The kind of each numbered sentence of the article.", **fields)
    model.model_config["populate_by_name"] = True
    return model


DEFAULT_KIND = Kind.event  # every sentence the answer does not name (code still finds quotations: piece_kind)
MAX_LISTED = 8  # words one answer may list: exceptions are few, and a runaway list stays short
MAX_WORDS_CHARS = 40


class LoadedWords(BaseModel):
    """The answer of an "exceptions" prompt (v2): the words with which the writer, in the writer's own voice,
    judges or colours the news. Only the exceptions, so the answer grows with what the model has to say, not with
    the article; code finds the sentences that carry them (opinion_sentences)."""

    loaded: list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_WORDS_CHARS)]] = Field(
        max_length=MAX_LISTED)


def opinion_sentences(words: list[str], article: Article, window: range) -> set[int]:
    """The window's sentences that carry one of the flagged words or phrases (whole words, any case) outside
    quotation marks. A word the model flags that no sentence carries in the writer's voice marks nothing: the
    model's answer counts only where the article's own text bears it out."""
    own = {n: lexicon.words_of(canon.normalize(article.sentence(n).clean), own_voice=True) for n in window}
    return {n for w in words if len(w.strip()) >= 3 for n in window if lexicon.carries(own[n], w)}


@functools.lru_cache(maxsize=256)
def window_response_model(first: int, last: int, answer: str = "labels") -> type[BaseModel]:
    """The response model of one window, wrapped the way instructor wraps a response model on each call. Built
    once per window: instructor then neither rebuilds the class nor its tool schema (cached per class). Rebuilding
    them was about half of an article's Python work (8 of 17 ms on a quiet machine), all of it under the GIL."""
    import instructor

    return instructor.openai_schema(LoadedWords if answer == "exceptions" else labels_model(first, last))


def kinds_of(answer: BaseModel, window: range) -> list[Kind]:
    """Each window sentence's kind: from a labels answer (v1) directly; with a loaded-words answer (v2) the kinds
    are code's (DEFAULT_KIND, quotations found by piece_kind): the words go to Extraction.framing instead."""
    if isinstance(answer, LoadedWords):
        return default_kinds(window)
    return [getattr(answer, f"s{n}") for n in window]


def framing_words(answer: BaseModel, article: Article, window: range) -> list[str]:
    """The answer's loaded words that some window sentence carries in the writer's own voice, lower-cased."""
    if not isinstance(answer, LoadedWords):
        return []
    return sorted({w.lower() for w in answer.loaded if opinion_sentences([w], article, window)})


def default_kinds(window: range) -> list[Kind]:
    """What every sentence is given with no model answer at all (backend "none")."""
    return [DEFAULT_KIND] * len(window)


@dataclass
class Prompt:
    name: str
    version: int
    system: str
    answer: str = "labels"  # "labels" (a kind for every sentence) or "exceptions" (only the writer's loaded words)

    @property
    def id(self) -> str:
        return f"{self.name}.v{self.version}"


ANSWERS = ("labels", "exceptions")


def parse_prompt(name: str, version: int, text: str) -> Prompt:
    """A prompt file: an optional front matter ('---', 'answer: exceptions', '---') naming its answer format,
    then the system prompt."""
    answer = "labels"
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if m:
        fields = dict(re.findall(r"^(\w+):\s*(\S+)\s*$", m.group(1), re.M))
        answer, text = fields.get("answer", answer), text[m.end():]
    if answer not in ANSWERS:
        raise ConsensusError(f"prompt {name}.v{version}: answer {answer!r} is not one of {', '.join(ANSWERS)}")
    return Prompt(name, version, text.strip(), answer)


def load_prompt(s: Settings) -> Prompt:
    path = s.prompts_path() / f"{s.extract.prompt}.v{s.extract.prompt_version}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise ConsensusError(f"prompt file {path} not found (config keys extract.prompt, extract.prompt_version, "
                             "extract.prompts_dir)") from None
    return parse_prompt(s.extract.prompt, s.extract.prompt_version, text)


def windows(n_sentences: int, size: int) -> list[range]:
    """1-based sentence ranges of at most `size` sentences; balanced so no window is tiny."""
    if n_sentences <= size:
        return [range(1, n_sentences + 1)]
    count = -(-n_sentences // size)
    step = -(-n_sentences // count)
    return [range(a, min(a + step, n_sentences + 1)) for a in range(1, n_sentences + 1, step)]


def article_message(article: Article, window: range) -> str:
    """The article as numbered sentences inside markers derived from its content (deterministic requests)."""
    body = "\n".join(f"[{i}] {article.sentence(i).clean}" for i in window)
    marker = hashlib.sha256(body.encode()).hexdigest()[:8]
    return f"<<ARTICLE-{marker}>>\n{body}\n<</ARTICLE-{marker}>>"


def evidence_numbers(evidence: str) -> set[float]:
    """The values of every number the evidence holds: with their unit words, and bare digit runs."""
    return {n.value for n in canon.numbers(evidence)} | {float(d) for d in re.findall(r"\d+", evidence)}


def numbers_grounded(statement: str, have: set[float]) -> bool:
    return all(n.value in have for n in canon.numbers(statement))


def names_grounded(statement: str, evidence: str, known: set[str]) -> bool:
    low = evidence.lower()
    for m in re.finditer(r"\b[A-Z][a-zA-Z]+\b", statement):
        name = m.group(0)
        if name.lower() in canon.STOPWORDS or (m.start() == 0 and name not in known):
            continue
        if name.lower() not in low:
            return False
    return True


def known_names(articles: list[Article]) -> set[str]:
    """Capitalized words seen mid-sentence anywhere in the article set: the names a statement may carry."""
    names = set()
    for a in articles:
        for s in a.sentences:
            names.update(re.findall(r"(?<=[a-z,;] )[A-Z][a-zA-Z]+", s.clean))
    return names


def piece_kind(sentence_kind: Kind, piece_text: str, sentence: str = "") -> Kind:
    """A clause keeps its sentence's kind, except that a quote kind needs quoted speech in the clause itself (a
    term in quotation marks, as in 'labeled the cartels "foreign terrorist organizations"', is not speech) and an
    opinion sentence's quoted clause is still a quote."""
    quoted = quoted_speech(piece_text, sentence or piece_text)
    if not quoted and canon.analysis(piece_text):
        return Kind.opinion
    if sentence_kind == Kind.opinion and not quoted and _REPORTED_REACTION.match(piece_text):
        return Kind.attribution  # somebody's stance, reported: not the writer's judgement
    if sentence_kind == Kind.opinion and not quoted and not canon.judgement(piece_text):
        return Kind.background  # no mark of a judgement in it: context the model mistyped
    if sentence_kind == Kind.quote and not quoted:
        return Kind.event
    if quoted and sentence_kind in (Kind.event, Kind.opinion):
        return Kind.quote
    return sentence_kind


# "A company spokeswoman dismissed reports ...", "Union leaders welcomed the resignation ...": a named party's
# reaction, told by the writer. The subject is a few words that do not open with a pronoun.
_REPORTED_REACTION = re.compile(
    r"^(?!(?:it|this|that|these|those|such)\b)(?:[\w'\u2019.-]+\s+){1,5}?(?:has\s+|have\s+|had\s+)?"
    r"(?:said|says|told|denied|denies|dismissed|dismisses|rejected|rejects|welcomed|welcomes|criticized|"
    r"criticised|criticizes|condemned|condemns|praised|praises|called\s+for|calls\s+for|urged|urges|warned|"
    r"warns|argued|argues|accused|accuses|insisted|insists)\b", re.I)
_SPEECH_RX = re.compile(
    r"\b(?:say|says|said|saying|state[sd]?|stating|tell|tells|told|telling|add(?:s|ed|ing)?|note[sd]?|noting|"
    r"insist(?:s|ed|ing)?|stress(?:es|ed|ing)?|emphasi[sz](?:e|es|ed|ing)|affirm(?:s|ed|ing)?|ask(?:s|ed|ing)?|"
    r"declare[sd]?|declaring|claim(?:s|ed|ing)?|confirm(?:s|ed|ing)?|warn(?:s|ed|ing)?|argue[sd]?|arguing|"
    r"repl(?:y|ies|ied|ying)|respond(?:s|ed|ing)?|recount(?:s|ed|ing)?|explain(?:s|ed|ing)?|wr(?:ite|ites|ote|iting)|"
    r"report(?:s|ed|ing)?|post(?:s|ed|ing)?|tweet(?:s|ed|ing)?|according to)\b", re.I)
SPEECH_MIN_WORDS = 5  # a quotation this long is somebody's words even without a verb of saying nearby


def quoted_speech(piece_text: str, sentence: str) -> bool:
    """Whether the clause quotes somebody's words: a quotation of SPEECH_MIN_WORDS words or more, one that opens
    the sentence (a headline's "'Sovereignty is not for sale': ..."), or one in a sentence with a verb of saying."""
    found = canon.quotes(piece_text)
    if not found:
        return False
    if any(len(q.split()) >= SPEECH_MIN_WORDS for q in found) or canon.normalize(sentence).startswith(("\"", "'")):
        return True
    return bool(_SPEECH_RX.search(sentence))


_NAME = r"[A-Z][a-z]+(?:\s(?:(?:de|van|von|der|den|da|del|di|du|al|bin|le|la)\s)?[A-Z][a-z]+){0,2}"
_SPEAKER_RX = re.compile(
    # '..., Sheinbaum said', '..." union spokesman Niek de Vries said' (a title in lower case may come first)
    r"(?:^|[,.\"]\s*)(?:[a-z]+\s+){0,3}?(?P<a>" + _NAME + r")\s+(?:said|stated|insisted|added|recounted|noted|"
    r"told|emphasized|affirmed|stressed)\b"
    r"|\b(?P<b>" + _NAME + r")\s+(?:said|stated|insisted|added|noted|emphasized)\s*,?\s*\""
    # '..., said Niek de Vries of the FNV union'
    r"|[,\"]\s*(?:said|says|added|insisted)\s+(?:[a-z]+\s+){0,3}?(?P<c>" + _NAME + r")\b",
)


def rule_speaker(text: str) -> str:
    m = _SPEAKER_RX.search(text)
    return (m.group("a") or m.group("b") or m.group("c") or "") if m else ""


def quotation_rest(article: Article, number: int) -> str:
    """The rest of a sentence's paragraph after it, where a quotation's speaker is often named ('"We have waited two
    years. Our members cannot wait any longer," union spokesman Niek de Vries said.')."""
    return canon.normalize(guard.line_after(article.raw, article.sentence(number).end))


def article_units(article: Article) -> dict[float, str]:
    """Value -> unit for the values an article gives with one unit only: a headline's bare "killing 12" counts the
    body's "12 people"."""
    units: dict[float, set[str]] = {}
    for s in article.sentences:
        for n in canon.numbers(s.clean):
            if n.unit:
                units.setdefault(n.value, set()).add(n.unit)
    return {value: next(iter(found)) for value, found in units.items() if len(found) == 1}


def claims_for_sentence(article: Article, number: int, kind: Kind, known: set[str], dropped: dict[str, int],
                        start_index: int, units: dict[float, str] | None = None) -> list[Claim]:
    """Atomic claims of one sentence: the clauses and facets ingest's sentence analysis found in it
    (Sentence.clauses), typed with the model's kind, each checked against the sentence.
    `units`: article_units(article), computed here when not given."""
    units = article_units(article) if units is None else units
    sentence = article.sentence(number).clean
    have = evidence_numbers(sentence)
    opened = opened_quotation(article, number)
    out = []
    for piece in article.sentence(number).clauses:
        if not numbers_grounded(piece.text, have) or not names_grounded(piece.text, sentence, known):
            dropped["not_in_evidence"] = dropped.get("not_in_evidence", 0) + 1
            continue
        statement = piece.text
        if opened and not piece.facet:
            statement = continued_quotation(piece.text, sentence)
        # a sentence that continues a quotation reads, for the kind, as the quotation it is
        k = piece_kind(kind, statement, f'"{sentence}' if opened else sentence)
        speaker = speaker_of(article, number, opened) if k in (Kind.quote, Kind.attribution) else ""
        if piece.facet:  # "... [date: Saturday]" reads as the dated fact it stands for
            statement = canon.with_facet(piece.text, piece.facet)
        claim = build_claim(article, [number], k, statement, speaker, piece.facet, start_index + len(out), units,
                            piece.role)
        if statement == piece.text:  # the modifiers it can leave out are spans of the clause as analysed
            claim.optional = piece.optional
        claim.people = facet_people(article, number, piece) if piece.facet else piece.people
        claim.actions = piece.actions
        claim.denied = piece.denied
        claim.predicate = "" if piece.facet else piece.predicate
        out.append(claim)
    return out


# A speech whose speaker a pronoun names ("On Thursday, he said ...", "she told reporters").
_PRONOUN_SPEAKER = re.compile(r"\b(?:he|she)\s+(?:\w+ly\s+)?(?:said|says|told|tells|added|adds|wrote|writes|stated|"
                              r"noted|argued|insisted|announced|declared)\b", re.I)
REFERENT_SENTENCES = 2  # sentences before a pronoun's that may name whom it stands for


def facet_people(article: Article, number: int, piece) -> list[str]:
    """The people a date or occasion facet's happening is of: those its clause names as who did or said it (the
    sentence's clause of the same text: Clause.people); or, when a pronoun says who spoke ("But on Thursday, he
    said ..."), those that the nearest of the REFERENT_SENTENCES sentences before it names so ("Mr. Suthers had
    opposed Amendment 64."). A day given for someone's speech is the day of that person's speech: two outlets'
    facets of one day whose speakers differ ("Jon Bruning said Thursday", "on Thursday, he [Suthers] said") are
    two facts (merge.people_differ); a facet whose clause names nobody is never kept apart so."""
    own = next((c.people for c in article.sentence(number).clauses
                if not c.facet and c.text == piece.text and c.people), None)
    if own:
        return list(own)
    if not _PRONOUN_SPEAKER.search(piece.text):
        return []
    for k in range(number - 1, max(0, number - 1 - REFERENT_SENTENCES), -1):
        named = [c.people for c in article.sentence(k).clauses if c.people and not c.facet and c.role != "headline"]
        if named:
            return list(named[-1])
    return []


def speaker_of(article: Article, number: int, opened: str) -> str:
    """Who says a sentence's quotation: named in the sentence, else where the quotation opened (`opened`), else
    after it in the paragraph when the sentence leaves a quotation open."""
    sentence = article.sentence(number).clean
    found = rule_speaker(sentence) or rule_speaker(opened)
    if not found and (sentence.count('"') + bool(opened)) % 2 == 1:
        found = rule_speaker(quotation_rest(article, number))
    return found


def opened_quotation(article: Article, number: int) -> str:
    """The start of the paragraph before a sentence that continues a quotation opened there ('"We can
    collaborate. We can share information, but ..."': the second sentence is still the speaker's words), or ""."""
    start = article.sentence(number).start
    if not guard.starts_in_quote(article.raw, start):
        return ""
    before = guard.line_before(article.raw, start)
    return canon.normalize(before) if _OPENS_QUOTATION.search(before) else ""


# The last double quotation mark before a sentence opens a quotation: a left quotation mark, or a straight one after
# a space or the start with a word after it ('the 12" pipe' is an inch mark, not a quotation).
_OPENS_QUOTATION = re.compile(r"(?:\u201c|(?:^|(?<=[\s(\[]))\"(?=[\w'\u2018]))[^\"\u201c\u201d]*$")


def continued_quotation(piece_text: str, sentence: str) -> str:
    """A clause of a sentence that continues a quotation, as the quotation it is when it lies before the quotation
    closes ('We can share information' -> '"We can share information"'); else as it is."""
    core = piece_text.removeprefix(clauses.FRAGMENT).strip(" .,;")
    closes = sentence.find('"')
    if not core or '"' in piece_text or core.lower() not in (sentence if closes < 0 else sentence[:closes]).lower():
        return piece_text
    return f'"{core}"'


def build_claim(article: Article, sents: list[int], kind: Kind, statement: str, speaker: str, facet: str,
                index: int, units: dict[float, str] | None = None, role: str = "main") -> Claim:
    evidence = " ".join(article.sentence(n).clean for n in sents)
    numbers = [n.model_copy(update={"unit": units[n.value]}) if not n.unit and n.value in (units or {}) else n
               for n in canon.numbers(statement)]
    return Claim(id=f"{article.id}.{index}", article=article.id, kind=kind, statement=statement, sentences=sents,
                 speaker=speaker if kind in (Kind.quote, Kind.attribution) else "",
                 numbers=numbers, entities=canon.entities(statement),
                 quotes=canon.quotes(statement) or canon.quotes(evidence) if kind == Kind.quote else [],
                 facet=facet, role=role)


class Extractor:
    """Runs the extraction calls against one endpoint; collects token usage and re-asks.

    `mode` is the endpoint's: "grammar" sends the answer's JSON schema as llama.cpp's `response_format` (a grammar
    the server enforces; nothing of the schema enters the prompt) and parses it through instructor's JSON-schema
    mode; "none" asks nothing (every sentence gets default_kinds). `client` is None for "none"."""

    def __init__(self, settings: Settings, client, model: str, prompt: Prompt, names: set[str],
                 extra_body: dict | None = None, mode: str = ""):
        self.s = settings
        self.client = client  # an instructor client
        self.model = model
        self.prompt = prompt
        self.names = names
        self.extra_body = extra_body
        self.mode = mode

    def max_tokens(self, n_sentences: int) -> int:
        e = self.s.extract
        if self.prompt.answer == "exceptions":  # '{"loaded": [..]}': a few words at most
            return e.min_max_tokens
        return max(e.min_max_tokens, n_sentences * e.tokens_per_sentence)

    def request_body(self, response_model: type[BaseModel]) -> dict | None:
        """The backend-specific request fields: extra_body, plus the grammar of the answer in "grammar" mode."""
        body = dict(self.extra_body or {})
        if self.mode == "grammar":
            body["response_format"] = {"type": "json_object", "schema": response_model.model_json_schema()}
        return body or None

    def call(self, article: Article, window: range, stats: ExtractionStats) -> BaseModel:
        messages = [{"role": "system", "content": self.prompt.system},
                    {"role": "user", "content": article_message(article, window)}]
        response_model = window_response_model(window.start, window.stop - 1, self.prompt.answer)
        body = self.request_body(response_model)
        usage = UsageHook(stats)
        self.client.on("completion:response", usage.on_response)
        self.client.on("parse:error", usage.on_parse_error)
        try:
            return with_transport_retries(self.s.extract.transport_retries, lambda: self.client.chat.completions.create(
                model=self.model, messages=messages, response_model=response_model,
                max_retries=self.s.extract.max_reasks, temperature=self.s.extract.temperature,
                seed=self.s.extract.seed, max_tokens=self.max_tokens(len(window)),
                **({"extra_body": body} if body else {}),
            ), on_retry=usage.on_retry)
        finally:
            self.client.off("completion:response", usage.on_response)
            self.client.off("parse:error", usage.on_parse_error)

    def window_answer(self, article: Article, window: range, stats: ExtractionStats) -> tuple[list[Kind], list[str]]:
        """The kind of each sentence of the window and the window's framing words: from the model's answer, or
        the defaults (and no words) with no model."""
        if self.client is None:
            return default_kinds(window), []
        answer = self.call(article, window, stats)
        return kinds_of(answer, window), framing_words(answer, article, window)

    def extract(self, article: Article) -> Extraction:
        stats = ExtractionStats()
        started = time.monotonic()
        claims: list[Claim] = []
        dropped: dict[str, int] = {}
        units = article_units(article)
        framing: set[str] = set()
        for window in windows(len(article.sentences), self.s.extract.window_sentences):
            kinds, words = self.window_answer(article, window, stats)
            framing.update(words)
            stats.windows += 1
            for n, kind in zip(window, kinds):
                claims.extend(claims_for_sentence(article, n, kind, self.names, dropped, len(claims) + 1, units))
        stats.dropped = dict(sorted(dropped.items()))
        stats.seconds = round(time.monotonic() - started, 2)
        return Extraction(article=article.id, claims=claims, stats=stats, framing=sorted(framing))


class UsageHook:
    def __init__(self, stats: ExtractionStats):
        self.stats = stats

    def on_response(self, response, *args, **kwargs) -> None:
        self.stats.calls += 1
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.stats.prompt_tokens += usage.prompt_tokens or 0
            self.stats.completion_tokens += usage.completion_tokens or 0

    def on_parse_error(self, *args, **kwargs) -> None:
        self.stats.reasks += 1

    def on_retry(self) -> None:
        self.stats.retries += 1


def is_transient(exc: BaseException) -> bool:
    import openai

    while exc is not None:
        if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
            return True
        if isinstance(exc, openai.APIStatusError):
            return exc.status_code in RETRY_STATUS or exc.status_code >= 500
        exc = exc.__cause__ or exc.__context__
    return False


def retry_after(exc: BaseException) -> float | None:
    """Seconds a server asked us to wait (Retry-After on a 429/503), if it said."""
    import openai

    while exc is not None:
        if isinstance(exc, openai.APIStatusError):
            value = exc.response.headers.get("retry-after") if exc.response is not None else None
            try:
                return min(60.0, max(0.0, float(value))) if value is not None else None
            except ValueError:
                return None
        exc = exc.__cause__ or exc.__context__
    return None


def with_transport_retries(retries: int, fn, on_retry=lambda: None):
    """Call fn, retrying transient transport failures: bounded, honouring Retry-After, else exponential backoff
    with jitter."""
    from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

    backoff = wait_exponential_jitter(initial=1, max=30)

    def wait(state) -> float:
        asked = retry_after(state.outcome.exception()) if state.outcome else None
        return asked if asked is not None else backoff(state)

    for attempt in Retrying(stop=stop_after_attempt(1 + retries), wait=wait, retry=retry_if_exception(is_transient),
                            before_sleep=lambda state: on_retry(), reraise=True):
        with attempt:
            return fn()


@functools.cache
def tls_context():
    """The TLS context an httpx client builds by default (verifying, CA bundle loaded), built once per process:
    loading the bundle took 30-90 ms of every client, so of every extract stage and prose call."""
    import httpx2

    return httpx2.create_ssl_context()


def make_client(endpoint, max_retries: int = 0, mode: str | None = None):
    """An instructor client for an Endpoint, and its mode; the openai client itself never retries (tenacity does).
    (None, None) for the "none" backend, which asks no model. "grammar" parses as instructor's JSON-schema mode
    does; the schema itself travels as llama.cpp's response_format (Extractor.request_body)."""
    import instructor
    import openai

    mode = mode or endpoint.mode
    if mode == "none":
        return None, None
    modes = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "json_schema": instructor.Mode.JSON_SCHEMA,
             "md_json": instructor.Mode.MD_JSON, "grammar": instructor.Mode.JSON_SCHEMA}
    http = openai.DefaultHttpxClient(verify=tls_context(), timeout=endpoint.timeout_s)
    raw = openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.api_key, timeout=endpoint.timeout_s,
                        max_retries=max_retries, http_client=http)
    return instructor.from_openai(raw, mode=modes[mode]), modes[mode]


def describe_failure(article: Article, exc: BaseException) -> str:
    """One line for an article whose extraction failed for good."""
    import openai

    chain, root = [], exc
    while root is not None and root not in chain:
        chain.append(root)
        root = root.__cause__ or root.__context__
    root = next((e for e in chain if isinstance(e, openai.OpenAIError)), chain[-1])
    if isinstance(root, openai.APIStatusError):
        what = f"backend answered HTTP {root.status_code}"
    elif isinstance(root, (openai.APITimeoutError, openai.APIConnectionError)):
        what = "backend unreachable or timed out"
    else:
        what = f"no valid answer after re-asks ({type(root).__name__})"
    return f"{article.source}: extraction failed: {what}; the brief was built from the other articles"


def fingerprint(settings: Settings, prompt: Prompt, model: str) -> str:
    """What an extraction result depends on besides the article (for caches)."""
    parts = [prompt.id, hashlib.sha256(prompt.system.encode()).hexdigest()[:12], model,
             str(settings.extract.temperature), str(settings.extract.seed),
             "schema1" if prompt.answer == "labels" else "schema2"]
    return ":".join(parts)



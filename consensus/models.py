"""Pydantic contracts between the stages: ingest -> extract -> consensus -> write."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

BRIEF_SCHEMA = "consensus.brief/1"


class Kind(str, Enum):
    event = "event"
    quote = "quote"
    statistic = "statistic"
    attribution = "attribution"
    background = "background"
    opinion = "opinion"


class Clause(BaseModel):
    """A candidate claim of one sentence, found by ingest's sentence analysis (sentences.py, clauses.py)."""

    text: str
    facet: str = ""  # "" for a clause; "date:<day>[:<verb>]" for a date facet, "occasion:<occasion>" for an occasion
    role: str = "main"  # "main", "relative", "coordinate", "adverbial" or "headline": its place in its sentence
    optional: list[tuple[int, int]] = []  # character spans of `text` a statement can leave out (modifiers)
    people: list[str] = []  # name words of the people its subject names (sentences.subject_people)
    actions: list[str] = []  # "<verb> <name>" of what it says a named thing did or underwent (sentences.named_actions)
    denied: list[str] = []  # lemmas of the verbs it says did not happen (sentences.denied_verbs)
    predicate: str = ""  # what it says of its subject, "" when it has none of its own (sentences.predicate_words)


class Sentence(BaseModel):
    """One sentence of an input file. `text` is the raw slice input[start:end]; `clean` is canonicalized;
    `clauses` is what the sentence analysis found in `clean`."""

    index: int  # 1-based, as shown to the model
    start: int
    end: int
    text: str
    clean: str
    clauses: list[Clause] = []


class Article(BaseModel):
    id: str
    source: str  # the input path as given on the command line
    outlet: str
    title: str = ""
    content_hash: str  # sha256 of the input bytes
    raw: str = Field(repr=False)  # the decoded input the offsets refer to
    sentences: list[Sentence]
    dropped_lines: int = 0  # boilerplate lines removed before segmentation
    instructions: list[str] = []  # sentences addressed to an AI (prompt injection), kept out of extraction
    reasons: list[str] = []  # where and why the guard left out each of `instructions` ('line 3: ...')
    wire: str = ""  # the news agency the article credits ("Reuters"), whose copy other outlets may run too

    def sentence(self, number: int) -> Sentence:
        return self.sentences[number - 1]


class Number(BaseModel):
    value: float
    unit: str = ""  # e.g. "people", "%", "usd", "troops"; "" when unknown
    text: str  # as written
    # "over", "under" or "about" when the text gives the value as a bound ("over $10,000", "nearly 20", "about 50"):
    # the value is then a rounded figure that admits others (canon.admitted); "" for an exact value
    bound: str = ""


class Claim(BaseModel):
    """A typed claim of one article, grounded by construction in that article's sentences."""

    id: str  # "<article id>.<n>"
    article: str
    kind: Kind
    statement: str  # short neutral statement (model-written or built by rules)
    sentences: list[int]  # 1-based sentence numbers in the article, at most 2, adjacent or not
    speaker: str = ""
    numbers: list[Number] = []
    entities: list[str] = []  # canonical names found in the evidence
    quotes: list[str] = []  # quoted speech found in the evidence
    facet: str = ""  # "" for a clause; "date:saturday" for a date facet of the clause, "occasion:event" for an occasion
    role: str = "main"  # the clause's place in its sentence (Clause.role)
    optional: list[tuple[int, int]] = []  # character spans of `statement` it can leave out (Clause.optional)
    people: list[str] = []  # name words of the people its subject names (Clause.people)
    actions: list[str] = []  # what it says a named thing did or underwent (Clause.actions)
    denied: list[str] = []  # the verbs it says did not happen (Clause.denied)
    predicate: str = ""  # what it says of its subject (Clause.predicate)


class ExtractionStats(BaseModel):
    calls: int = 0
    reasks: int = 0
    retries: int = 0  # transport retries (timeouts, connection errors, 408/409/429/5xx)
    windows: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    dropped: dict[str, int] = {}  # reason -> count


class Extraction(BaseModel):
    article: str
    claims: list[Claim]
    stats: ExtractionStats
    # words the model named as the writer's own judgement or colouring, each found outside quotation marks in the
    # article (extract.opinion_sentences); lower-cased, sorted
    framing: list[str] = []


# ---- the brief (consensus.brief/1) ----


class BriefArticle(BaseModel):
    id: str
    source: str
    outlet: str
    title: str = ""
    sentences: int = 0
    syndicated_with: list[str] = []  # articles of other outlets that copy this one (one independent report)
    wire: str = ""  # the news agency the article credits ("Reuters")
    framing: list[str] = []  # the model's loaded words of this article, found in its own voice (Extraction.framing)


class Evidence(BaseModel):
    article: str
    sentence: int
    start: int
    end: int
    text: str  # raw slice of the input file


class Member(BaseModel):
    """Why one extracted claim joined its group (for `consensus explain`)."""

    claim: str
    article: str
    statement: str
    score: float  # similarity with the group seed, rounded
    signals: dict[str, float] = {}


class BriefClaim(BaseModel):
    id: str
    kind: Kind
    statement: str
    support: int  # distinct independent outlets
    outlets: list[str]
    articles: list[str]
    single_source: bool
    speaker: str = ""
    coverage: float = 1.0  # share of the statement's content words in two or more outlets' evidence (coverage.py)
    evidence: list[Evidence]
    members: list[Member] = []


class ConflictSide(BaseModel):
    label: str
    outlets: list[str]
    evidence: list[Evidence]


class Conflict(BaseModel):
    id: str
    slot: str  # "number", "place", "quote wording", "date", "action" (one says it happened, one that it did not)
    description: str
    claims: list[str]
    sides: list[ConflictSide]


class NeutralityCheck(BaseModel):
    passed: bool
    flagged: list[str] = []


class ProseSentence(BaseModel):
    text: str
    cites: list[str]  # ids of the claims it rests on


class Prose(BaseModel):
    """The optional LLM-written summary (`--writer llm`): only sentences that passed the validator are kept."""

    writer: str = "llm"
    prompt: str = ""  # prompt id, e.g. "prose.v1"
    sentences: list[ProseSentence] = []
    generated: int = 0  # sentences in the model's last answer
    kept: int = 0
    dropped: int = 0  # failed the validator (uncited number, name or quote, loaded word, unknown cite)
    reasks: int = 0  # whole answers sent back to the model with the validator's findings
    fallback: bool = False  # too little survived (or the call failed): the brief is the deterministic one


class Brief(BaseModel):
    schema_: str = Field(BRIEF_SCHEMA, alias="schema")
    title: str = ""
    outlets: int  # independent reports: distinct outlets, syndicated copies counted once
    articles: list[BriefArticle]
    claims: list[BriefClaim]
    conflicts: list[Conflict] = []
    partial: bool = False
    problems: list[str] = []  # files skipped or failed, one line each
    notes: list[str] = []  # what was left out on purpose (e.g. sentences addressed to an AI)
    neutrality: NeutralityCheck = NeutralityCheck(passed=True)
    prose: Prose | None = Field(None, exclude_if=lambda v: v is None)  # only with --writer llm
    brief_markdown: str = ""

    model_config = {"populate_by_name": True}

"""The optional LLM prose writer (`--writer llm`): one call turns the brief's claims into a short summary.

The model sees the most widely reported claims (one line each: id, count, statement, where outlets disagree) and
answers with one sentence per claim, keyed by the claim's id, so every sentence cites its claim. Code checks each
sentence against that claim (its statement, its members' wordings, its evidence and its conflicts): every number,
name and quotation must be written there, the sentence must state something of it and add little it lacks, keep its
he/she, and say no loaded word in the brief's own voice. An answer in which too many sentences fail is sent back
with the findings (bounded); the failing sentences of the accepted (or last) answer are dropped; when too little is
left, the brief stays the deterministic one."""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, ValidationInfo, create_model, model_validator

from . import canon
from .config import ProseSettings, Settings
from .errors import ConsensusError
from .extract import Prompt, UsageHook, make_client, with_transport_retries
from .models import Brief, BriefClaim, ExtractionStats, Kind, Prose, ProseSentence
from .markdown import lede_sentence
from .write import balanced

MIN_CLAIM_WORDS = 6
MAX_WORDS = 50  # a longer "sentence" is a run-on the reader cannot check against its cites
MAX_UNSUPPORTED = 0.25  # share of a sentence's content words its cited claims may lack (paraphrase, joining words)
# Capitalized only because they open a sentence; any other sentence-initial word must occur in the claims.
OPENERS = frozenset("""however meanwhile despite during both earlier later separately additionally instead
    according in on at after before while since amid following the this that these those she he they it its her his
    their""".split())


class DraftSentence(BaseModel):
    text: str
    cites: list[str]


class DraftBase(BaseModel):
    """The answer: one sentence per claim, keyed by the claim's id (so its citation is exact by construction)."""

    def sentences(self) -> list[DraftSentence]:
        return [DraftSentence(text=getattr(self, name), cites=[field.alias])
                for name, field in type(self).model_fields.items()]

    @model_validator(mode="after")
    def enough_sentences_pass(self, info: ValidationInfo) -> "DraftBase":
        """Reject (so instructor re-asks with the findings) an answer in which too many sentences fail."""
        review = (info.context or {}).get("review")
        if review is not None:
            verdicts = review.record(self.sentences())
            if not review.acceptable(verdicts):
                raise ValueError(review.feedback(verdicts))
        return self


def draft_model(ids: list[str]) -> type[DraftBase]:
    fields = {f"s_{cid}": (str, Field(alias=cid)) for cid in ids}
    model = create_model("Summary", __base__=DraftBase, __doc__="One neutral sentence for each claim id.", **fields)
    model.model_config["populate_by_name"] = True
    return model


# ---- what a sentence may say: the text of the claims it cites ----


@dataclass
class Citable:
    id: str
    line: str  # what the model sees
    wording: str  # the claim's own statements (its members' wordings): whom its pronouns stand for
    source: str  # everything a sentence citing this claim may take numbers, names and quotations from
    quote: bool = False  # a quotation: a sentence must keep it inside quotation marks, never in its own voice


def display_text(c: BriefClaim) -> str:
    """A whole-sentence wording of the claim where one exists; a quotation as the claim states it."""
    text = (lede_sentence(c) if c.kind != Kind.quote else None) or balanced(c.statement)
    return canon.facet_clause(text).strip()


def pronoun_subject(text: str) -> bool:
    """Does the claim say he/she/they before naming anyone ("He accused ...", '"...," she insisted')? A sentence
    written from it would have to guess who, and small models do."""
    own = own_voice(text)
    pronoun = re.search(r"\b(?:he|she|they)\b", own, re.I)
    name = next((m for m in re.finditer(r"\b[A-Z][a-z]+", own) if m.start() > 0
                 and m.group().lower() not in canon.STOPWORDS), None)
    return pronoun is not None and (name is None or pronoun.start() < name.start())


def offered_claims(b: Brief, limit: int) -> list[BriefClaim]:
    """The most widely reported facts (claims reported by two outlets or more, when there are two) that read as a
    whole statement (a fragment such as "At a recent public event" gives the model nothing to write) and say who
    did it, no duplicates."""
    floor = 2 if b.outlets >= 2 else 1
    out, seen = [], set()
    for c in b.claims:
        text = display_text(c)
        if (c.support >= floor and c.kind != Kind.opinion and len(text.split()) >= MIN_CLAIM_WORDS
                and not (pronoun_subject(text) and not c.speaker) and text.lower() not in seen):
            seen.add(text.lower())
            out.append(c)
    return out[:limit]


def conflict_note(b: Brief, claim_id: str) -> str:
    notes = []
    for x in b.conflicts:
        if claim_id in x.claims:
            sides = "; ".join(f"'{s.label}': {', '.join(s.outlets)}" for s in x.sides)
            notes.append(f"outlets differ on the {x.slot}: {sides}")
    return f" ({'; '.join(notes)})" if notes else ""


def citables(b: Brief, limit: int) -> dict[str, Citable]:
    out = {}
    for c in offered_claims(b, limit):
        note = conflict_note(b, c.id)
        sides = [t for x in b.conflicts if c.id in x.claims for s in x.sides for t in [s.label] + [e.text for e in
                                                                                                   s.evidence]]
        texts = [c.statement, c.speaker, note] + [m.statement for m in c.members] + [e.text for e in c.evidence]
        out[c.id] = Citable(c.id, f"{c.id} [{c.support}/{b.outlets}] {display_text(c)}{note}",
                            "\n".join([c.statement] + [m.statement for m in c.members]), "\n".join(texts + sides),
                            quote=c.kind == Kind.quote)
    return out


def claims_message(items: dict[str, Citable]) -> str:
    body = "\n".join(c.line for c in items.values())
    marker = hashlib.sha256(body.encode()).hexdigest()[:8]
    return f"<<CLAIMS-{marker}>>\n{body}\n<</CLAIMS-{marker}>>"


# ---- the checks of one sentence ----


def own_voice(text: str) -> str:
    """The sentence without its quotations (what the brief says itself)."""
    return re.sub(r'"[^"]*"', " ", canon.normalize(text))


def digit_runs(text: str) -> set[str]:
    return {t.replace(",", "") for t in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", canon.normalize(text))}


def uncited_numbers(text: str, source: str) -> list[str]:
    """Numbers (with their scale), digit runs (years, days) and number words the cited claims do not hold."""
    values = {n.value for n in canon.numbers(source)} | {float(t) for t in digit_runs(source)}
    source_words = set(canon.words(source))
    values |= {float(canon.word_number(w)) for w in source_words if canon.word_number(w)}
    missing = [n.text for n in canon.numbers(text) if n.value not in values]
    reported = {d for m in missing for d in digit_runs(m)}
    missing += [t for t in sorted(digit_runs(text) - digit_runs(source) - reported) if float(t) not in values]
    missing += [w for w in canon.words(text) if canon.word_number(w) and w not in source_words
                and float(canon.word_number(w)) not in values]
    return list(dict.fromkeys(missing))


def name_key(token: str) -> str:
    """'Trump's' -> 'Trump', 'U.S.' -> 'US': the form names are compared in."""
    return re.sub(r"['\u2019]s$", "", token).replace(".", "")


def name_keys(text: str) -> set[str]:
    return {name_key(t) for t in re.findall(r"[A-Za-z][A-Za-z.'\u2019]*", canon.normalize(text))}


def uncited_names(text: str, source: str, common: set[str]) -> list[str]:
    """Capitalized words (names, titles, acronyms) of our own voice that the cited claims do not write.

    The first word may be capitalized only because it opens the sentence: it passes when it is a common word of
    the story's text (or a usual opener) written in lower case."""
    have = name_keys(source)
    missing = []
    for i, token in enumerate(re.findall(r"[A-Za-z][A-Za-z.'\u2019]*", own_voice(text))):
        key = name_key(token)
        if not key[:1].isupper() or key.lower() in canon.STOPWORDS or key in have:
            continue
        if i == 0 and (key.lower() in common or key.lower() in OPENERS):
            continue
        missing.append(key)
    return list(dict.fromkeys(missing))


def uncited_quotes(text: str, source: str) -> list[str]:
    said = " ".join(canon.words(source))
    return [q for q in canon.quotes(text) if " ".join(canon.words(q)) not in said]


def tidy(text: str) -> str:
    """Normalized, with initials closed up ('U. S.' -> 'U.S.'), as small models often space them."""
    return re.sub(r"\b([A-Z])\. (?=[A-Z]\.)", r"\1.", canon.normalize(text))


PRONOUNS = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she", "hers": "she"}


def swapped_pronouns(text: str, wording: str) -> list[str]:
    """'she accused ...' for a claim that only says 'he accused ...': the sentence changed who did it."""
    mine = {PRONOUNS[w] for w in canon.words(own_voice(text)) if w in PRONOUNS}
    theirs = {PRONOUNS[w] for w in canon.words(wording) if w in PRONOUNS}
    return sorted(mine - theirs) if theirs else []


def unsupported_words(text: str, source: str) -> list[str]:
    """Content words of our own voice that the cited claims do not use (stems compared), as the sentence has them."""
    have = set(canon.content_words(source))
    missing: dict[str, str] = {}  # stem -> the first word with it
    for w in canon.words(own_voice(text)):
        if w not in canon.STOPWORDS and not w.isdigit() and len(w) > 1 and canon.stem(w) not in have:
            missing.setdefault(canon.stem(w), w)
    return list(missing.values())


def shares_words(text: str, claim_line: str) -> bool:
    """Does the sentence state something of this claim: two of its content words, or all when it has fewer?"""
    claim = set(canon.content_words(claim_line))
    return len(claim & set(canon.content_words(text))) >= min(2, len(claim))


@dataclass
class Verdict:
    sentence: DraftSentence
    cites: list[str]  # the cites that exist and that the sentence uses
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Review:
    """Checks sentences against the offered claims; keeps every answer's verdicts (the last one is used)."""

    items: dict[str, Citable]
    common: set[str]
    mapping: dict[str, str]
    reask_below: float
    min_kept_share: float
    min_sentences: int
    attempts: list[list[Verdict]] = field(default_factory=list)

    @classmethod
    def of(cls, b: Brief, items: dict[str, Citable], p: ProseSettings) -> "Review":
        texts = [t for c in b.claims for t in [c.statement] + [e.text for e in c.evidence]]
        common = {w for t in texts for w in re.findall(r"\b[a-z][a-z']+\b", canon.normalize(t))}
        return cls(items, common, canon.name_variants(texts), p.reask_below, p.min_kept_share, p.min_sentences)

    def used_cites(self, text: str, cites: list[str]) -> list[str]:
        """The cited claims the sentence states something of: a cite that adds nothing lends it no names."""
        return [c for c in dict.fromkeys(cites) if c in self.items and shares_words(text, self.items[c].line)]

    def verdict(self, s: DraftSentence) -> Verdict:
        text = canon.canonicalize(tidy(s.text), self.mapping)
        if not text.strip():
            return Verdict(s, [], ["the sentence is empty"])
        found = [f"cites {c}, which is not in the list" for c in s.cites if c not in self.items]
        cites = self.used_cites(text, s.cites)
        if not cites and not found:
            found.append(f"states nothing of {', '.join(s.cites)}")
        if len(text.split()) > MAX_WORDS:
            found.append(f"longer than {MAX_WORDS} words")
        source = canon.canonicalize("\n".join(self.items[c].source for c in cites), self.mapping)
        cited = ", ".join(cites) or "its cites"
        found += [f"number {x!r} is not in {cited}" for x in uncited_numbers(text, source)]
        found += [f"name {x!r} is not in {cited}" for x in uncited_names(text, source, self.common)]
        found += [f"quotation {x!r} is not in {cited}" for x in uncited_quotes(text, source)]
        found += [f"loaded word {x!r}" for x in canon.loaded_terms(own_voice(text))]
        if cites and all(self.items[c].quote for c in cites) and not canon.quotes(text):
            found.append(f"repeats the quotation of {cited} without quotation marks")
        wording = "\n".join(self.items[c].wording for c in cites)
        found += [f"says {x!r} where {cited} does not" for x in swapped_pronouns(text, wording)]
        extra = unsupported_words(text, source)
        if cites and len(extra) > MAX_UNSUPPORTED * len(canon.content_words(own_voice(text))):
            found.append(f"says what {cited} does not: {', '.join(extra)}")
        return Verdict(s, cites, found)

    def record(self, sentences: list[DraftSentence]) -> list[Verdict]:
        verdicts = [self.verdict(s) for s in sentences]
        self.attempts.append(verdicts)
        return verdicts

    def passing(self, verdicts: list[Verdict], share: float) -> bool:
        kept = sum(v.ok for v in verdicts)
        return kept >= self.min_sentences and kept >= share * len(verdicts)

    def acceptable(self, verdicts: list[Verdict]) -> bool:
        """Good enough not to re-ask: its few failing sentences are dropped."""
        return self.passing(verdicts, self.reask_below)

    def usable(self, verdicts: list[Verdict]) -> bool:
        """Enough left after dropping the failing sentences not to fall back."""
        return self.passing(verdicts, self.min_kept_share)

    def feedback(self, verdicts: list[Verdict]) -> str:
        bad = [f"{', '.join(v.sentence.cites)} ({v.sentence.text[:60]!r}): {'; '.join(v.problems)}"
               for v in verdicts if not v.ok]
        return (f"only {len(verdicts) - len(bad)} of {len(verdicts)} sentences use only facts of the claims they "
                "cite. Write each of these sentences again from its own claim only: " + " | ".join(bad))


# ---- the call ----


@dataclass
class ProseRun:
    """The writer's outcome: the Prose for brief.json and the figures for run.json."""

    prose: Prose
    stats: ExtractionStats
    dropped: list[dict] = field(default_factory=list)  # {text, cites, problems}
    reason: str = ""  # why it fell back, if it did

    def report(self) -> dict:
        p = self.prose
        return {**self.stats.model_dump(exclude={"windows", "dropped"}), "generated": p.generated, "kept": p.kept,
                "dropped": p.dropped, "fallback": p.fallback, "reason": self.reason,
                "dropped_sentences": self.dropped}


def load_prose_prompt(s: Settings) -> Prompt:
    path = s.prompts_path() / f"prose.v{s.prose.prompt_version}.md"
    try:
        return Prompt("prose", s.prose.prompt_version, path.read_text(encoding="utf-8").strip())
    except OSError:
        raise ConsensusError(f"prompt file {path} not found (config keys prose.prompt_version, "
                             "extract.prompts_dir)") from None


def outcome(verdicts: list[Verdict], review: Review, stats: ExtractionStats, prompt: Prompt,
            reason: str = "") -> ProseRun:
    """Keep the sentences that passed; fall back when too little is left (or there was no answer)."""
    kept = [ProseSentence(text=canon.canonicalize(tidy(v.sentence.text), review.mapping), cites=v.cites)
            for v in verdicts if v.ok]
    fallback = bool(reason) or not review.usable(verdicts)
    if fallback and not reason:
        reason = f"{len(kept)} of {len(verdicts)} sentences passed the check"
    prose = Prose(prompt=prompt.id, sentences=[] if fallback else kept, generated=len(verdicts), kept=len(kept),
                  dropped=len(verdicts) - len(kept), reasks=stats.reasks, fallback=fallback)
    dropped = [{"text": v.sentence.text, "cites": v.sentence.cites, "problems": v.problems}
               for v in verdicts if not v.ok]
    return ProseRun(prose, stats, dropped, reason if fallback else "")


def write_prose(b: Brief, s: Settings, client, model: str, extra_body: dict | None = None) -> ProseRun:
    """One writer call (with bounded re-asks) against an instructor client; never raises for a backend failure."""
    from instructor.core.exceptions import InstructorRetryException
    import openai

    p = s.prose
    prompt = load_prose_prompt(s)
    items = citables(b, p.max_claims)
    review = Review.of(b, items, p)
    stats = ExtractionStats()
    if not items:
        return outcome([], review, stats, prompt, "no claim to write about")
    messages = [{"role": "system", "content": prompt.system}, {"role": "user", "content": claims_message(items)}]
    usage = UsageHook(stats)
    client.on("completion:response", usage.on_response)
    client.on("parse:error", usage.on_parse_error)
    started = time.monotonic()
    try:
        with_transport_retries(s.extract.transport_retries, lambda: client.chat.completions.create(
            model=model, messages=messages, response_model=draft_model(list(items)), context={"review": review},
            max_retries=p.max_reasks, temperature=s.extract.temperature, seed=s.extract.seed,
            max_tokens=p.max_tokens, **({"extra_body": extra_body} if extra_body else {}),
        ), on_retry=usage.on_retry)
        reason = ""
    except (InstructorRetryException, openai.OpenAIError) as e:
        reason = "" if review.attempts else f"no usable answer ({type(e).__name__})"
    finally:
        client.off("completion:response", usage.on_response)
        client.off("parse:error", usage.on_parse_error)
        stats.seconds = round(time.monotonic() - started, 2)
        stats.reasks = max(0, stats.calls - 1)  # answers sent back (a failing last answer is not re-asked)
    return outcome(review.attempts[-1] if review.attempts else [], review, stats, prompt, reason)


def prose_for(b: Brief, s: Settings, endpoint, client=None) -> ProseRun:
    """The writer call on an endpoint. On a "grammar" endpoint the writer asks in tools mode with a client of its
    own: its prompt was written with the answer's schema in view (the tool), which grammar mode keeps out."""
    if endpoint.mode == "grammar":
        client, _ = make_client(endpoint, mode="tools")
    elif client is None:
        client, _ = make_client(endpoint)
    return write_prose(b, s, client, endpoint.model, endpoint.extra_body)

"""How alike two claims are: their features (content words, numbers, quotes, places, the refusal they state)
and the pair score with its signals (see the package docstring for the rule)."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from .. import canon
from ..models import Claim, Kind


THRESHOLD = 0.34
W_STATEMENT, W_EVIDENCE, W_QUOTE, W_NUMBER, W_KIND, W_RARE = 0.55, 0.30, 0.15, 0.10, 0.05, 0.05
RARE_IDF = 4.0  # idf at which a shared word counts as fully distinctive
# Both claims tell one action of one named thing ("resign congress": sentences.named_actions): likely one happening,
# told in other words ("Jackson resigned from Congress in November", "Jackson ... resigned from Congress last year").
W_ACTION = 0.05
# Semantic signal (optional: vectors from consensus.semantic). A pair that shares a statement word used by at
# most SEMANTIC_DF claims or sentences, and whose other signals already reach SEMANTIC_FLOOR, gains
# W_SEMANTIC * (cos - SEMANTIC_COS) / (1 - SEMANTIC_COS) when the cosine of their statements exceeds SEMANTIC_COS.
# The shared rare word keeps the candidate pairs few (each word pairs at most SEMANTIC_DF^2 claims).
W_SEMANTIC, SEMANTIC_COS, SEMANTIC_FLOOR, SEMANTIC_DF = 0.30, 0.45, 0.15, 50
# In a story of at most this many claims, every statement word the pair shares lets the semantic signal in: a
# story's own subject ("marijuana", "Colorado", "lawsuit") is in most of its claims, so a rare-word gate there shut
# out the very pairs that restate one fact in other words. All pairs are then few enough to compare (one matrix
# product); across more articles only a rare shared word keeps them few (on the scale bench's corpus, every shared
# word costs 1.2x the time at 500 claims, 4.5x at 1,000).
SEMANTIC_ALL_CLAIMS = 600
# Statements this alike pair even when every word they share is common (in a small story, a sentence that every
# article carries has only common words).
NEAR_IDENTICAL = 0.8
# Every pair of claims in a group must score at least this: average linkage alone lets one strong pair carry
# a claim that is far from the rest.
MIN_LINK = 0.25

# A refusal or denial ("rejected the offer", "turned down", "will never accept", "denied the report") and the
# thing refused ("the offer involved sending troops") share their words but are two facts.
REFUSAL = re.compile(
    r"\b(?:reject\w*|refus\w*|declin(?:e|ed|es|ing)\b(?!\s+(?:by|to)\s+\d)|turn(?:s|ed|ing)?\s+down|snub\w*|rebuff\w*|"
    r"den(?:y|ies|ied|ying|ial)\b|dismiss\w*|veto\w*|sa(?:id|ys|y) no to\b|(?:not|never|n't)\s+(?:\w+\s+)?accept\w*)",
    re.I)
_REFUSAL_HINTS = ("reject", "refus", "declin", "turn", "snub", "rebuff", "deni", "deny", "dismiss", "veto", "no to",
                  "accept")  # one of these is in every match: the pattern runs only where one is


def states_refusal(statement: str) -> bool:
    low = statement.lower()
    return any(hint in low for hint in _REFUSAL_HINTS) and REFUSAL.search(statement) is not None


# "dismiss" with a name as what is dismissed: somebody removed from a post ("to dismiss Mr. Strzok", "why Mr.
# Strzok was dismissed"), not an offer or a claim refused ("dismissed Trump's offer", "the suit was dismissed").
_PERSON_DISMISSED = re.compile(
    r"\bdismiss(?:ed|es|ing)?\s+(?:(?:Mr|Ms|Mrs|Dr)\.\s+)?[A-Z][a-z]+\b(?!['\u2019]s)"
    r"|\b[A-Z][a-z]+\s+(?:was|were|is|has been|had been|have been|will be|would be)\s+dismissed\b")


def removes_a_person(statement: str) -> bool:
    """Whether the statement's only refusal word is "dismiss" said of a named person (_PERSON_DISMISSED): removing
    somebody from a post is no refusal, and a stance apart from the fact it is told with."""
    found = {m.group(0).lower()[:7] for m in REFUSAL.finditer(statement)}
    return found == {"dismiss"} and _PERSON_DISMISSED.search(statement) is not None


# What was refused, named before its verb: "an offer she categorically rejected", "the plan which they refused".
_OBJECT_BEFORE = re.compile(r"\b(?:(?:an?|the|this|that|its|his|her|their)\s+\w+|which|whom)\s+"
                            r"(?:he|she|they|it|we|I|\w+)\s+(?:\w+ly\s+)?\w+\W*$", re.I)
ELLIPTIC_WORDS = 8  # words before the verb of "The Mexican leader said she declined": a subject, perhaps "X said"


def leaves_refused_out(statement: str) -> bool:
    """A short refusal that does not say what was refused ("The Mexican leader said she declined", "The union
    refused."): nothing follows its verb, at most ELLIPTIC_WORDS words precede it, and none of them is what was
    refused ("an offer she rejected"). Its object is the one its article named, so it is read as a restatement of
    that refusal (see refusals_restated), not as a fact that could pair with another outlet's claim on its own."""
    found = list(REFUSAL.finditer(statement))
    if not found or re.search(r"\w", statement[found[-1].end():]):
        return False
    before = statement[:found[-1].start()]
    return len(before.split()) <= ELLIPTIC_WORDS and not _OBJECT_BEFORE.search(statement)


# Where something is sent: the first "to" or "into" after the verb of sending ("to the border", "to Mexico"); a
# "to" before it opens a purpose ("sending troops to assist Mexico", "move swiftly to examine new emails related to
# the Clinton investigation"), not a destination, and the search stops there.
_PLACE_RX = re.compile(
    r"\b(?:send|sent|sending|deploy|deployed|deploying|move|moving|dispatch\w*)\b"
    r"(?:(?!\bto\b|\binto\b)(?:[^.;:]|\.(?=\S|\s+[a-z]))){0,40}?"
    r"\b(?:to|into)\s+"
    r"(?:the\s+([A-Za-z]+)|([A-Z][A-Za-z]+))"
)
_PLACE_HINTS = ("send", "sent", "deploy", "move", "moving", "dispatch")  # one is in every match of _PLACE_RX


# Where something took place: "at a news conference in Kyiv" vs "at a press conference in Lviv".
_VENUES = ("conference", "meeting", "event", "rally", "speech", "summit", "ceremony", "briefing", "talks", "interview",
           "visit", "protest", "hearing", "session", "gathering", "address")  # one is in every match of _VENUE_RX
_VENUE_RX = re.compile(r"\b(?:" + "|".join(_VENUES) + r")\b[^.;:,\"]{0,24}?\b(?:in|at)\s+([A-Z][a-z]+)")


@dataclass
class Features:
    claim: Claim
    outlet: str
    statement: dict[str, float]  # content word -> idf weight
    evidence: dict[str, float]
    quote_words: set[str]
    numbers: set[tuple[float, str]]
    places: dict[str, str]
    # (value, unit, bound) of each number written as a bound ("over $10,000": canon.admitted), sorted; () for most
    bounds: tuple = ()
    facet: str = ""
    vector: object = None  # unit vector of the statement (semantic signal), or None
    rare: frozenset = frozenset()  # statement words that let the semantic signal in (see SEMANTIC_ALL_CLAIMS)
    refusal: bool = False  # the statement says someone refused something (see REFUSAL)
    elliptic: bool = False  # ... without saying what (see leaves_refused_out)
    analysis: bool = False  # an opinion that reads events (canon.analysis), not one the model typed alone
    people: frozenset = frozenset()  # name words of the people its subject names (Claim.people)
    actions: frozenset = frozenset()  # what it says a named thing did or underwent (Claim.actions)
    denied: frozenset = frozenset()  # stems of the verbs it says did not happen (Claim.denied)
    predicate: frozenset = frozenset()  # content words of what it says of its subject (Claim.predicate)
    text: str = ""  # the evidence sentences' clean text


@dataclass
class Group:
    members: list[Features]
    scores: dict[str, float] = field(default_factory=dict)  # claim id -> score with the group when it joined
    signals: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def articles(self) -> set[str]:
        return {m.claim.article for m in self.members}

    def take(self, other: "Group") -> None:
        """Another group's claims join this one, each with its reason."""
        self.members.extend(other.members)
        self.scores.update(other.scores)
        self.signals.update(other.signals)


class ScoreCache:
    """pair_score(x, y)[0] for features that meet more than once (groups meet many times; the brief's medoid asks
    again): computed once per pair, whichever way round it is asked (pair_score is symmetric: every signal is, and
    the score sums them in one order). Keyed by the features' ids: they outlive it (the groups hold them)."""

    def __init__(self):
        self.scores: dict[tuple[int, int], float] = {}  # (id(x), id(y)) -> pair_score(x, y)[0]
        self.restated: dict[tuple[int, int], float] = {}  # (id(x), id(y)) -> restatement_score(x, y)

    def remember(self, x: Features, y: Features, score: float) -> None:
        self.scores[id(x), id(y)] = score

    def remember_all(self, scored: list[tuple[Features, Features, float]]) -> None:
        self.scores.update({(id(x), id(y)): score for x, y, score in scored})

    def known(self, x: Features, y: Features) -> float | None:
        """The score of x and y if it was computed or remembered, in either order; else None."""
        score = self.scores.get((id(x), id(y)))
        return self.scores.get((id(y), id(x))) if score is None else score

    def __call__(self, x: Features, y: Features) -> float:
        score = self.known(x, y)
        if score is None:
            score = pair_score(x, y)[0]
            self.remember(x, y, score)
        return score

    def restatement(self, x: Features, y: Features) -> float:
        """restatement_score(x, y), computed once per pair (two groups that share an article meet again and again;
        it is symmetric as pair_score is)."""
        score = self.restated.get((id(x), id(y)))
        if score is None:
            score = self.restated[id(x), id(y)] = self.restated[id(y), id(x)] = restatement_score(x, y)
        return score


@dataclass
class Alignment:
    groups: list[Group]
    conflicts: list[dict]
    scores: ScoreCache = field(default_factory=ScoreCache)


def idf_table(docs: list[list[str]]) -> dict[str, float]:
    df = Counter(itertools.chain.from_iterable(map(set, docs)))  # in documents, each counted once
    n = len(docs) or 1
    return {w: round(math.log((n + 1) / (c + 0.5)), 6) for w, c in df.items()}


def weighted(words: list[str], idf: dict[str, float]) -> dict[str, float]:
    return {w: idf.get(w, 1.0) for w in dict.fromkeys(words)}


def overlap(a: dict[str, float], b: dict[str, float], shared: set[str] | None = None) -> float:
    """Weighted Dice coefficient of two word sets. `shared`: a.keys() & b.keys() when the caller has it."""
    if not a or not b:
        return 0.0
    mass = sum(min(a[w], b[w]) for w in (a.keys() & b.keys() if shared is None else shared))
    return 2 * mass / (sum(a.values()) + sum(b.values()))


def places(text: str) -> dict[str, str]:
    """Where something is sent or deployed, or where it took place, keyed so that 'Mexico' and 'Mexican
    (territory)' are one place: 'to Mexico' -> {'mexic': 'mexico'}, 'to the border' -> {'borde': 'border'},
    'at a news conference in Kyiv' -> {'kyiv': 'kyiv'}."""
    found: dict[str, str] = {}
    words = []  # each pattern runs only where one of its words is (most sentences: neither)
    if any(map(text.__contains__, _PLACE_HINTS)):
        words += [(m.group(1) or m.group(2)).lower() for m in _PLACE_RX.finditer(text)]
    if any(map(text.__contains__, _VENUES)):
        words += [m.group(1).lower() for m in _VENUE_RX.finditer(text)]
    for word in words:
        if word not in canon.STOPWORDS and word not in canon.WEEKDAYS and word not in canon.MONTHS:
            found.setdefault(canon.stem(word)[:5], word)
    return found


def features(claims: list[Claim], texts: dict[str, str], outlets: dict[str, str],
             vectors: dict | None = None) -> list[Features]:
    """`vectors` (optional): statement text -> unit vector, for the semantic signal."""
    words: dict[str, list[str]] = {}  # text -> its content words, computed once per distinct text
    def content(text: str) -> list[str]:
        if text not in words:
            words[text] = canon.content_words(text)
        return words[text]
    stmt_words = {c.id: content(c.statement) for c in claims}
    evid_words = {c.id: content(texts[c.id]) for c in claims}
    docs = list(stmt_words.values()) + list(evid_words.values())
    idf = idf_table(docs)
    rare_idf = math.log((len(docs) + 1) / (SEMANTIC_DF + 0.5))
    every_word = len(claims) <= SEMANTIC_ALL_CLAIMS  # see SEMANTIC_ALL_CLAIMS
    statements = {c.id: weighted(stmt_words[c.id], idf) for c in claims}
    return [Features(
        claim=c, outlet=outlets[c.article], statement=statements[c.id],
        # one dict when the evidence has the statement's words (other steps then skip the evidence)
        evidence=statements[c.id] if evid_words[c.id] == stmt_words[c.id] else weighted(evid_words[c.id], idf),
        quote_words={w for q in c.quotes for w in canon.content_words(q)} if c.kind == Kind.quote else set(),
        numbers={(n.value, n.unit) for n in c.numbers}, places=places(texts[c.id]), facet=c.facet,
        bounds=tuple(sorted({(n.value, n.unit, n.bound) for n in c.numbers if n.bound and n.unit})),
        vector=vectors.get(c.statement) if vectors and not c.facet else None,
        rare=frozenset(w for w in stmt_words[c.id] if every_word or idf.get(w, 0.0) >= rare_idf) if vectors
        else frozenset(),
        refusal=(refusal := states_refusal(c.statement) and not removes_a_person(c.statement)),
        elliptic=refusal and leaves_refused_out(c.statement),
        analysis=c.kind == Kind.opinion and canon.analysis(c.statement),
        people=frozenset(c.people),
        actions=frozenset(c.actions),
        denied=frozenset(canon.content_stem(v) for v in c.denied) - {None},
        predicate=frozenset(canon.content_words(c.predicate)),
        text=texts[c.id],
    ) for c in claims]


MIN_QUOTE_WORDS = 2  # content words of the shorter quotation for it to count as cut from the longer one


def quote_overlap(a: set[str], b: set[str]) -> float:
    """How far two quotations are the same words. Outlets quote more or less of one speech: a quotation whose
    words all lie in the other's is that speech cut shorter ("deeply saddened" of "deeply saddened by this
    decision"), so the shared words count against the shorter one once it has MIN_QUOTE_WORDS content words; a
    one-word quotation ("finally") is in too many others, and counts against both (Jaccard)."""
    shared = len(a & b)
    if min(len(a), len(b)) >= MIN_QUOTE_WORDS:
        return shared / min(len(a), len(b))
    return shared / len(a | b)


def pair_score(a: Features, b: Features) -> tuple[float, dict[str, float]]:
    """Similarity of two claims and the signals behind it. candidate_pairs() skips pairs that cannot reach
    THRESHOLD using each bonus at its maximum: a new bonus term must be added to its bound too."""
    if a.facet or b.facet:
        return facet_score(a, b)
    if say_other_things(a, b):
        return 0.0, {"predicate": 0.0}
    shared = a.evidence.keys() & b.evidence.keys()  # for the evidence overlap and the rare signal
    # features() gives a claim whose evidence words are its statement words one dict for both: one overlap then
    one_dict = a.evidence is a.statement and b.evidence is b.statement
    statement = round(overlap(a.statement, b.statement, shared if one_dict else None), 4)
    evidence = statement if one_dict else round(overlap(a.evidence, b.evidence, shared), 4)
    signals = {"statement": statement, "evidence": evidence}
    score = W_STATEMENT * signals["statement"] + W_EVIDENCE * signals["evidence"]
    if a.quote_words and b.quote_words:
        q = quote_overlap(a.quote_words, b.quote_words)
        signals["quote"] = round(q, 4)
        score += W_QUOTE * q
    if shared:  # one distinctive word in common ('tariffs', 'drones') says more than many common ones
        signals["rare"] = round(min(1.0, max(a.evidence[w] for w in shared) / RARE_IDF), 4)
        score += W_RARE * signals["rare"]
    if a.numbers & b.numbers or (a.bounds or b.bounds) and numbers_agree(a, b):
        signals["number"] = 1.0
        score += W_NUMBER
    if a.actions and not a.actions.isdisjoint(b.actions):
        signals["action"] = 1.0
        score += W_ACTION
    if a.claim.kind == b.claim.kind:
        signals["kind"] = 1.0
        score += W_KIND
    if a.vector is not None and b.vector is not None and score >= SEMANTIC_FLOOR and a.rare & b.rare:
        cos = statement_cosine(a, b)
        signals["semantic"] = cos
        score += W_SEMANTIC * max(0.0, cos - SEMANTIC_COS) / (1 - SEMANTIC_COS)
    return round(score, 4), signals


def say_other_things(a: Features, b: Features) -> bool:
    """Whether two claims say two things of one subject: each says something of its subject (Features.predicate),
    and no word of what one says is in the other claim, so the words they share all lie in whom they are about:
    "Colorado Attorney General John Suthers said the lawsuit was without merit" and "... John Suthers isn't backing
    down"; "Mr. Mueller removed Mr. Strzok from his team" and "Mr. Mueller had by then taken over the
    investigation". A passive that names in its subject what the other's object names still meets it ("Strzok was
    removed from the investigation", "Mueller took Strzok off his team"). Not two quotations: one speech quoted in
    different sentences or translations ("sovereignty is not for sale", "sovereignty is loved and defended") is
    judged by its quoted words. Nor two statements that read as one (statement vectors at least PARAPHRASE_COS
    apart: "Daniel Okafor resigned" and "Daniel Okafor stepped down", 0.86): the same thing said in other words."""
    return (bool(a.predicate) and bool(b.predicate) and a.predicate.isdisjoint(b.statement)
            and b.predicate.isdisjoint(a.statement) and not (a.quote_words and b.quote_words)
            and not reads_as_one(a, b))


# Cosine of two statements' vectors from which they read as one statement. all-MiniLM-L6-v2 gives a verb said in
# other words 0.79-0.89 ("resigned"/"stepped down", "was fired"/"was dismissed", "rose"/"climbed"); the pairs the
# predicate rule keeps apart on the dev stories (two things said of one subject) stay at or below 0.72.
PARAPHRASE_COS = 0.78


def reads_as_one(a: Features, b: Features) -> bool:
    return a.vector is not None and b.vector is not None and statement_cosine(a, b) >= PARAPHRASE_COS


def statement_cosine(a: Features, b: Features) -> float:
    """Cosine of two statements' unit vectors, rounded: results must not depend on BLAS threads."""
    return round(float(a.vector @ b.vector), 3)


def semantic_pairs(feats: list[Features], chunk: int = 20_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index pairs (i, j), i < j, each once in ascending order, that the semantic signal may lift (both with
    vectors, sharing a rare statement word), and the cosine of their statements. The cosines come from one matrix
    product per shared word, so they may differ from pair_score's one dot product in the last bits: a caller
    bounding with them leaves a margin."""
    if len(feats) <= SEMANTIC_ALL_CLAIMS:
        return story_semantic_pairs(feats)
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        if f.vector is not None:
            for w in f.rare:
                by_word[w].append(i)
    by_size: dict[int, list[list[int]]] = defaultdict(list)  # claims sharing a word, each list ascending
    for ids in by_word.values():
        if len(ids) > 1:
            by_size[len(ids)].append(ids)
    rows = np.array(sorted({i for lists in by_size.values() for ids in lists for i in ids}), dtype=np.int64)
    matrix = np.stack([np.asarray(feats[i].vector, dtype=np.float32) for i in rows.tolist()]) if len(rows) else None
    found = [(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))]
    for size, lists in sorted(by_size.items()):
        x, y = np.triu_indices(size, 1)
        ids = np.array(lists, dtype=np.int64)
        step = max(1, chunk // size)  # words at once (memory)
        for block in (ids[lo:lo + step] for lo in range(0, len(ids), step)):
            vecs = matrix[np.searchsorted(rows, block)]
            gram = np.matmul(vecs, vecs.transpose(0, 2, 1))
            found.append((block[:, x].ravel(), block[:, y].ravel(), gram[:, x, y].ravel()))
    first, second, cos = (np.concatenate(parts) for parts in zip(*found))
    n = max(len(feats), 1)
    codes = first * n + second
    order = np.argsort(codes)
    codes, cos = codes[order], cos[order].astype(np.float64)
    starts = np.flatnonzero(np.diff(codes, prepend=-1))
    cos = np.maximum.reduceat(cos, starts) if len(codes) else cos  # a pair that shares several rare words
    return codes[starts] // n, codes[starts] % n, cos


def story_semantic_pairs(feats: list[Features]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """semantic_pairs for a story (at most SEMANTIC_ALL_CLAIMS claims): every pair with vectors that shares a
    statement word, from one product of the statement vectors and one of the word incidence."""
    rows = [i for i, f in enumerate(feats) if f.vector is not None and f.rare]
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
    if len(rows) < 2:
        return empty
    vecs = np.stack([np.asarray(feats[i].vector, dtype=np.float32) for i in rows])
    df = Counter(w for i in rows for w in feats[i].rare)
    word_no = {w: k for k, w in enumerate(sorted(w for w, n in df.items() if n > 1))}  # a word one claim has: no pair
    incidence = np.zeros((len(rows), len(word_no)), dtype=np.float32)
    for r, i in enumerate(rows):
        incidence[r, [word_no[w] for w in feats[i].rare if w in word_no]] = 1.0
    shares = incidence @ incidence.T
    x, y = np.triu_indices(len(rows), 1)
    keep = shares[x, y] > 0
    x, y = x[keep], y[keep]
    cos = np.einsum("ij,ij->i", vecs[x], vecs[y]).astype(np.float64)
    index = np.asarray(rows, dtype=np.int64)
    return index[x], index[y], cos


def facet_score(a: Features, b: Features) -> tuple[float, dict[str, float]]:
    """A facet matches only the same date (or occasion), and more strongly when the sentences around it agree."""
    if a.facet != b.facet:
        return 0.0, {}
    evidence = round(overlap(a.evidence, b.evidence), 4)
    return round(0.5 + 0.5 * evidence, 4), {"facet": 1.0, "evidence": evidence}


def denied_of(a: Features, b: Features) -> set[str]:
    """Stems of the verbs that `a` denies and `b` states ("The suit does not specifically seek to overturn ..."
    against "filed a lawsuit seeking a court order ...")."""
    return {v for v in a.denied if v in b.statement and v not in b.denied}


def denial_clash(a: Features, b: Features) -> bool:
    """Whether one claim says did not happen what the other says happened: one denies a verb (Claim.denied) that
    the other states. They share their words and are not one fact: they never join, and when they agree on all else
    the brief shows a conflict. Two refusals ("will never accept", "her refusal to accept") agree."""
    if not (a.denied or b.denied) or (a.refusal and b.refusal):
        return False
    return bool(denied_of(a, b) or denied_of(b, a))


def numbers_clash(a: Features, b: Features) -> bool:
    """Same unit, no value in common: two claims that cannot state the same fact ('12 people' vs '15 people'; a
    claim with '12 people' and '40 people' does not clash with one with '12 people'). Sets, never one value per
    unit picked in set order, which varies between processes. A bound admits every value on its side: "over
    $10,000" clashes only with a value it excludes ("$9,000"), never with one it admits ("$10,977.74"); exact
    values are compared exactly ("$5,687.75" vs "$5,587.75" clash); two bounds as bounded_clash says."""
    if not a.numbers or not b.numbers:
        return False
    if a.bounds or b.bounds:
        return bounded_clash(a, b)
    values_a: dict[str, set[float]] = defaultdict(set)
    for v, u in a.numbers:
        if u:
            values_a[u].add(v)
    values_b: dict[str, set[float]] = defaultdict(set)
    for v, u in b.numbers:
        if u and u in values_a:
            values_b[u].add(v)
    return any(values_a[u].isdisjoint(vs) for u, vs in values_b.items())


def number_ranges(f: Features) -> dict[str, list[tuple[tuple[float, float], tuple[float, float], float, bool]]]:
    """Unit -> (admitted range, agreeing range, value, whether a bound) of each of the claim's numbers with a unit
    (canon.admitted, canon.agreeing)."""
    bound = {(v, u): side for v, u, side in f.bounds}
    found: dict[str, list] = defaultdict(list)
    for v, u in sorted(f.numbers):
        if u:
            side = bound.get((v, u), "")
            found[u].append((canon.admitted(v, side), canon.agreeing(v, side), v, bool(side)))
    return found


def meet(x: tuple[float, float], y: tuple[float, float]) -> bool:
    return x[0] <= y[1] and y[0] <= x[1]


def bounded_clash(a: Features, b: Features) -> bool:
    """numbers_clash where a number is a bound: some unit of both claims where no two of their numbers can be one
    value. A bound and an exact value can when the bound admits it ("over $10,000", "$10,977.74"); two bounds are
    two writers' rounded figures of one value, and can when the figures agree ("over 10,000", "nearly 11,000"), not
    when they differ ("more than 450,000", "more than 350,000")."""
    ra, rb = number_ranges(a), number_ranges(b)
    return any(not any(meet(agree_a, agree_b) if bound_a and bound_b else meet(admit_a, admit_b)
                       for admit_a, agree_a, _, bound_a in ra[u] for admit_b, agree_b, _, bound_b in rb[u])
               for u in sorted(ra.keys() & rb.keys()))


def numbers_agree(a: Features, b: Features) -> bool:
    """Whether the claims share a number slot: one value of one unit, or a bound and a value it agrees with
    ("over $10,000" and "$10,977.74": canon.agreeing); the pair score's number signal."""
    if a.numbers & b.numbers:
        return True
    ra, rb = number_ranges(a), number_ranges(b)
    return any(lo <= v <= hi for u in ra.keys() & rb.keys()
               for x, y in ((ra[u], rb[u]), (rb[u], ra[u])) for _, (lo, hi), _, _ in x for _, _, v, _ in y)


def restatement_score(x: Features, y: Features) -> float:
    """pair_score of two claims of one article, where clauses of one sentence share their evidence, which then
    says nothing: for them the statements' overlap stands in for the evidence overlap."""
    score, signals = pair_score(x, y)
    if x.claim.sentences == y.claim.sentences and "evidence" in signals:
        score += W_EVIDENCE * (signals["statement"] - signals["evidence"])
    return score


def clauses_of(g: Group) -> frozenset:
    """(article, clause) of each member; a facet's clause is the one that names the day or the occasion."""
    return frozenset((m.claim.article, canon.facet_clause(m.claim.statement) if m.facet else m.claim.statement)
                     for m in g.members)

def clause_hosts(groups: list[Group]) -> dict[tuple[str, str], int]:
    """(article, clause) -> id of the group that holds that clause (date facets name their clause too)."""
    return {(m.claim.article, m.claim.statement): id(g) for g in groups for m in g.members if not m.facet}

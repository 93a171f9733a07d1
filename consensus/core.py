"""Consensus: group claims that state the same fact across articles and count distinct supporting outlets.

Pure and deterministic: no I/O, no LLM, no randomness, no dependence on input order (inputs are sorted first)
or thread count (scores are rounded). Same claims in, byte-identical groups out.

Alignment rule. Two claims of different articles are scored by
  0.55 * weighted overlap of the statements' content words (idf over all claims, so words every article uses,
         like the main names, count little)
+ 0.30 * weighted overlap of their evidence sentences' content words
+ 0.15 * overlap of the words inside their quotation marks (quotes only)
+ 0.10 for a shared number (value and unit), + 0.05 for the same kind,
+ 0.05 * the idf of the rarest word their sentences share (capped at RARE_IDF);
+ optionally the semantic signal (W_SEMANTIC, see SEMANTIC_* below: statement vectors, only for pairs that share
  a rare statement word and already reach SEMANTIC_FLOOR);
and the pair is a candidate when the score reaches THRESHOLD. A date facet ("on Saturday") is its own claim and
pairs only with the same date: 0.5 + 0.5 * evidence overlap. Candidates merge greedily, best first, into groups
that hold one claim per article (up to MAX_REPEATS when the article restates the fact; the brief then cites two of
its sentences, body before headline, and counts its outlet once), never two different values of one number slot,
never a refusal ("rejected the offer") with what was refused ("the offer involved sending troops"), never the
writer's reading of events ("the discussion highlights ...", see canon.analysis) with a reported fact, whose members
of different articles score on average at least THRESHOLD with the group and pairwise at least MIN_LINK.
A refusal that leaves out what was refused ("she declined") pairs with no other outlet's claim: it joins the group
of its own article's refusal that it restates (see refusals_restated).
Blocking is exact: only pairs that can reach THRESHOLD are scored (see candidate_pairs).
Conflicts: places and quote wording inside a group; numbers and dates between claims that agree on all else.
"""

from __future__ import annotations

import gc
import itertools
import math
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from . import canon, lexicon
from .coverage import coverage, pruned, share_of, shared_tokens
from .clauses import FRAGMENT, REPORTER_ONLY, SCENE_ONLY  # a clause leaning on the one before it; a lead
from .models import Article, Claim, Kind

THRESHOLD = 0.34
W_STATEMENT, W_EVIDENCE, W_QUOTE, W_NUMBER, W_KIND, W_RARE = 0.55, 0.30, 0.15, 0.10, 0.05, 0.05
RARE_IDF = 4.0  # idf at which a shared word counts as fully distinctive
# Semantic signal (optional: vectors from consensus.semantic). A pair that shares a statement word used by at
# most SEMANTIC_DF claims or sentences, and whose other signals already reach SEMANTIC_FLOOR, gains
# W_SEMANTIC * (cos - SEMANTIC_COS) / (1 - SEMANTIC_COS) when the cosine of their statements exceeds SEMANTIC_COS.
# The shared rare word keeps the candidate pairs few (each word pairs at most SEMANTIC_DF^2 claims).
W_SEMANTIC, SEMANTIC_COS, SEMANTIC_FLOOR, SEMANTIC_DF = 0.30, 0.45, 0.15, 50
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


_PLACE_RX = re.compile(
    r"\b(?:send|sent|sending|deploy|deployed|deploying|move|moving|dispatch\w*)\b(?:[^.;:]|\.(?=\S|\s+[a-z])){0,40}?"
    r"\b(?:to|into)\s+"
    r"(?:the\s+([A-Za-z]+)|([A-Z][A-Za-z]+))"  # "to the border", "to Mexico"; not "to assist Mexico"
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
    facet: str = ""
    vector: object = None  # unit vector of the statement (semantic signal), or None
    rare: frozenset = frozenset()  # statement words used by at most SEMANTIC_DF claims or sentences
    refusal: bool = False  # the statement says someone refused something (see REFUSAL)
    elliptic: bool = False  # ... without saying what (see leaves_refused_out)
    analysis: bool = False  # an opinion that reads events (canon.analysis), not one the model typed alone
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
    statements = {c.id: weighted(stmt_words[c.id], idf) for c in claims}
    return [Features(
        claim=c, outlet=outlets[c.article], statement=statements[c.id],
        # one dict when the evidence has the statement's words (other steps then skip the evidence)
        evidence=statements[c.id] if evid_words[c.id] == stmt_words[c.id] else weighted(evid_words[c.id], idf),
        quote_words={w for q in c.quotes for w in canon.content_words(q)} if c.kind == Kind.quote else set(),
        numbers={(n.value, n.unit) for n in c.numbers}, places=places(texts[c.id]), facet=c.facet,
        vector=vectors.get(c.statement) if vectors and not c.facet else None,
        rare=frozenset(w for w in stmt_words[c.id] if idf.get(w, 0.0) >= rare_idf) if vectors else frozenset(),
        refusal=(refusal := states_refusal(c.statement)),
        elliptic=refusal and leaves_refused_out(c.statement),
        analysis=c.kind == Kind.opinion and canon.analysis(c.statement),
        text=texts[c.id],
    ) for c in claims]


def pair_score(a: Features, b: Features) -> tuple[float, dict[str, float]]:
    """Similarity of two claims and the signals behind it. candidate_pairs() skips pairs that cannot reach
    THRESHOLD using each bonus at its maximum: a new bonus term must be added to its bound too."""
    if a.facet or b.facet:
        return facet_score(a, b)
    shared = a.evidence.keys() & b.evidence.keys()  # for the evidence overlap and the rare signal
    # features() gives a claim whose evidence words are its statement words one dict for both: one overlap then
    one_dict = a.evidence is a.statement and b.evidence is b.statement
    statement = round(overlap(a.statement, b.statement, shared if one_dict else None), 4)
    evidence = statement if one_dict else round(overlap(a.evidence, b.evidence, shared), 4)
    signals = {"statement": statement, "evidence": evidence}
    score = W_STATEMENT * signals["statement"] + W_EVIDENCE * signals["evidence"]
    if a.quote_words and b.quote_words:
        q = len(a.quote_words & b.quote_words) / len(a.quote_words | b.quote_words)
        signals["quote"] = round(q, 4)
        score += W_QUOTE * q
    if shared:  # one distinctive word in common ('tariffs', 'drones') says more than many common ones
        signals["rare"] = round(min(1.0, max(a.evidence[w] for w in shared) / RARE_IDF), 4)
        score += W_RARE * signals["rare"]
    if a.numbers & b.numbers:
        signals["number"] = 1.0
        score += W_NUMBER
    if a.claim.kind == b.claim.kind:
        signals["kind"] = 1.0
        score += W_KIND
    if a.vector is not None and b.vector is not None and score >= SEMANTIC_FLOOR and a.rare & b.rare:
        cos = round(float(a.vector @ b.vector), 3)  # rounded: results must not depend on BLAS threads
        signals["semantic"] = cos
        score += W_SEMANTIC * max(0.0, cos - SEMANTIC_COS) / (1 - SEMANTIC_COS)
    return round(score, 4), signals


def semantic_pairs(feats: list[Features], chunk: int = 20_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index pairs (i, j), i < j, each once in ascending order, that the semantic signal may lift (both with
    vectors, sharing a rare statement word), and the cosine of their statements. The cosines come from one matrix
    product per shared word, so they may differ from pair_score's one dot product in the last bits: a caller
    bounding with them leaves a margin."""
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


def facet_score(a: Features, b: Features) -> tuple[float, dict[str, float]]:
    """A facet matches only the same date (or occasion), and more strongly when the sentences around it agree."""
    if a.facet != b.facet:
        return 0.0, {}
    evidence = round(overlap(a.evidence, b.evidence), 4)
    return round(0.5 + 0.5 * evidence, 4), {"facet": 1.0, "evidence": evidence}


def numbers_clash(a: Features, b: Features) -> bool:
    """Same unit, no value in common: two claims that cannot state the same fact ('12 people' vs '15 people'; a
    claim with '12 people' and '40 people' does not clash with one with '12 people'). Sets, never one value per
    unit picked in set order, which varies between processes."""
    if not a.numbers or not b.numbers:
        return False
    values_a: dict[str, set[float]] = defaultdict(set)
    for v, u in a.numbers:
        if u:
            values_a[u].add(v)
    values_b: dict[str, set[float]] = defaultdict(set)
    for v, u in b.numbers:
        if u and u in values_a:
            values_b[u].add(v)
    return any(values_a[u].isdisjoint(vs) for u, vs in values_b.items())


def dice_keys(vecs: list[dict[str, float]], word_no: dict[str, int], t: float, rare: float,
              semi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Blocking keys of weighted word sets such that any two sets with weighted Dice >= t share a key, each with
    a bound on the overlap of two sets that meet first on that key: (set index, key code, bound) per key.

    Exact prefix filtering: a word weighs its idf in every set, and Dice >= t needs an overlap of at least
    need = t * total / (2 - t) of each set. Take the shared words C rarest first (weight, then word): the pair
    meets on C[0] when that word is rare (short posting list), else on C[:2] when C[1] is fairly rare, else on
    C[:3] (common words never make one big block); a C of one or two common words that alone reaches need meets
    on ("=", *C). A set indexes a key only when the key's words plus all its later words reach need.
    Sets of one length are done together, as arrays of their weights in that order.
    """
    by_length: dict[int, list[int]] = defaultdict(list)
    for v, vec in enumerate(vecs):
        if vec:
            by_length[len(vec)].append(v)
    found = [(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))]
    for n, members in sorted(by_length.items()):
        rows = max(1, 2_000_000 // max(1, math.comb(n, 3)))  # sets at once (memory)
        for lo in range(0, len(members), rows):
            found.append(equal_length_keys([vecs[v] for v in members[lo:lo + rows]], n, word_no, t, rare, semi))
            found[-1] = (np.array(members[lo:lo + rows], dtype=np.int64)[found[-1][0]],) + found[-1][1:]
    return tuple(np.concatenate(parts) for parts in zip(*found))


def equal_length_keys(vecs: list[dict[str, float]], n: int, word_no: dict[str, int], t: float, rare: float,
                      semi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`dice_keys` of sets of n words each: (row, key code, bound) per key. A code is
    ((kind * V + a) * V + b) * V + c over word numbers a, b, c (0 where absent) and V words in all; `word_no`
    numbers the words in their sorted order."""
    v_words = max(len(word_no), 1)
    if 5 * v_words ** 3 >= 2 ** 63:
        raise ValueError(f"{v_words} distinct words are too many for 64-bit blocking keys")
    weight = np.array([list(vec.values()) for vec in vecs], dtype=np.float64).reshape(len(vecs), n)
    word = np.array([list(map(word_no.__getitem__, vec)) for vec in vecs], dtype=np.int64).reshape(len(vecs), n)
    order = np.lexsort((word, -weight), axis=1)  # heaviest first, then by word (numbered in sorted order)
    weight, word = np.take_along_axis(weight, order, 1), np.take_along_axis(word, order, 1)
    suf = np.zeros((len(vecs), n + 1))  # suf[:, k]: weight of words k.. in the order, summed from the end
    suf[:, :n] = np.cumsum(weight[:, ::-1], axis=1)[:, ::-1]
    need = (t * suf[:, 0] / (2 - t) * (1 - 1e-9))[:, None]
    position = np.arange(n)[None, :]
    rare_word = position < (weight >= rare).sum(axis=1)[:, None]  # the rare words lead the order
    common = ~rare_word & (suf[:, :n] >= need)
    a, b = np.triu_indices(n, 1)
    reach_ab = common[:, a] & (weight[:, a] + suf[:, b] >= need)
    semi_b = weight[:, b] >= semi
    a3, b3, c3 = np.array(list(itertools.combinations(range(n), 3)), dtype=np.int64).reshape(-1, 3).T
    pair_of = np.zeros((n, n), dtype=np.int64)
    pair_of[a, b] = np.arange(len(a))
    ab3 = pair_of[a3, b3]
    found = []

    def emit(kind: int, mask: np.ndarray, bound: np.ndarray, wa, wb=None, wc=None) -> None:
        r, k = np.nonzero(mask)
        code = kind * v_words + word[r, wa[k]]
        code = code * v_words + (word[r, wb[k]] if wb is not None else 0)
        code = code * v_words + (word[r, wc[k]] if wc is not None else 0)
        found.append((r, code, bound[r, k]))

    single = np.arange(n)
    emit(0, rare_word & (suf[:, :n] >= need), suf[:, :n], single)
    emit(1, common & (weight >= need), weight, single)
    emit(2, reach_ab & semi_b, weight[:, a] + suf[:, b], a, b)
    low_ab = reach_ab & ~semi_b
    emit(3, low_ab & (weight[:, a] + weight[:, b] >= need), weight[:, a] + weight[:, b], a, b)
    if len(a3):
        sum_ab = weight[:, a3] + weight[:, b3]
        emit(4, low_ab[:, ab3] & (sum_ab + suf[:, c3] >= need), sum_ab + suf[:, c3], a3, b3, c3)
    return tuple(np.concatenate(parts) for parts in zip(*found))


def candidate_pairs(feats: list[Features], idf_cut: float = 0.9, rare_df: int = 50, semi_df: int = 1500,
                    clashes: list[tuple[str, str]] | None = None) -> list[tuple[float, str, str, dict]]:
    """Scored pairs of claims from different articles that share at least one informative statement word.
    `clashes`, when given, receives the pairs that reach THRESHOLD but give a number of one unit different
    values: the claims that would state one fact but for that value (see value_conflicts).

    Only pairs that can reach THRESHOLD are scored, and which those are is decided exactly: the same date facet;
    a shared number; both quoting a shared word; or else a statement or evidence Dice of at least what
    THRESHOLD needs without the number and quote bonuses (found by `dice_keys`, then bounded)."""
    n_docs = 2 * len(feats)
    rare = math.log((n_docs + 1) / (rare_df + 0.5))
    semi = math.log((n_docs + 1) / (semi_df + 0.5))
    slack = 0.001  # for the rounding of signals and scores
    # the max(S, E) a pair needs when it has neither a shared number nor a shared quoted word
    t = (THRESHOLD - W_KIND - W_RARE - slack) / (W_STATEMENT + W_EVIDENCE)
    word_no = {w: k for k, w in enumerate(sorted({w for f in feats for vec in (f.statement, f.evidence) for w in vec}))}
    first, second = blocked_pairs(feats, word_no, t, rare, semi)
    mass = WordMass(feats, word_no)
    keep = mass.may_reach(first, second, idf_cut, THRESHOLD - slack)
    first, second = first[keep], second[keep]
    lf, ls, cos = semantic_pairs(feats)  # the lexical bound above does not hold for them: the semantic lift
    if len(lf):                          # needs only SEMANTIC_FLOOR (and they share a word by construction)
        lift = W_SEMANTIC * np.clip(cos + 1e-3 - SEMANTIC_COS, 0.0, None) / (1 - SEMANTIC_COS)
        if math.log((n_docs + 1) / (SEMANTIC_DF + 0.5)) >= idf_cut:
            # a pair that its cosine cannot lift scores as on the lexical route, which has found it if it can
            # reach THRESHOLD: it shares a rare word, and a rare word's idf then reaches idf_cut
            lf, ls, lift = lf[lift > 0], ls[lift > 0], lift[lift > 0]
        # the lexical part must reach SEMANTIC_FLOOR, and THRESHOLD less the most this pair's cosine can add
        may = mass.may_reach(lf, ls, 0.0, np.maximum(SEMANTIC_FLOOR, THRESHOLD - lift) - slack)
        first, second = distinct_pairs(np.concatenate((first, lf[may])), np.concatenate((second, ls[may])),
                                       len(feats))
    pairs = []
    for i, j in zip(first.tolist(), second.tolist()):  # of different articles (may_reach checks)
        a, b = feats[i], feats[j]
        score, signals = pair_score(a, b)
        if score >= THRESHOLD:
            if not numbers_clash(a, b):
                pairs.append((score, a.claim.id, b.claim.id, signals))
            elif clashes is not None:
                clashes.append((a.claim.id, b.claim.id))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def distinct_pairs(i: np.ndarray, j: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i, j) of indices below n as (smaller, larger), each once, in ascending order, without i == j."""
    n = max(n, 1)
    codes = np.sort(np.minimum(i, j) * n + np.maximum(i, j))  # not np.unique: it hashes, many times slower
    codes = codes[np.diff(codes, prepend=-1) != 0]
    first, second = codes // n, codes % n
    distinct = first != second
    return first[distinct], second[distinct]


def pairs_within(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (x, y), x < y, of every pair inside consecutive blocks of the given sizes."""
    ends = np.repeat(np.cumsum(sizes), sizes)
    after = ends - np.arange(len(ends)) - 1  # partners that follow each position in its block
    first = np.repeat(np.arange(len(ends)), after)
    offset = np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after)
    return first, first + 1 + offset


def blocked_pairs(feats: list[Features], word_no: dict[str, int], t: float, rare: float,
                  semi: float) -> tuple[np.ndarray, np.ndarray]:
    """Claim indices (i, j), i < j, each pair once in ascending order, of every pair that shares a block: a date
    facet, a number or a quoted word (all of a block's pairs), or a `dice_keys` key on which two sets that meet
    there can still overlap by what Dice >= t needs (their smaller bound reaches t * (Ta + Tb) / 2)."""
    whole: dict[tuple, list[int]] = defaultdict(list)  # blocks of which every pair is a candidate
    vecs: list[dict[str, float]] = []
    owners: list[int] = []
    for i, f in enumerate(feats):
        if f.facet:
            whole[("\0" + f.facet,)].append(i)
            continue
        for num in f.numbers:
            whole[("\1",) + num].append(i)
        for w in f.quote_words:
            whole[("\2", w)].append(i)
        for vec in (f.statement, f.evidence) if f.evidence is not f.statement else (f.statement,):
            vecs.append(vec)
            owners.append(i)
    set_of, key_arr, bound_arr = dice_keys(vecs, word_no, t, rare, semi)
    total_arr = np.array([sum(vec.values()) for vec in vecs], dtype=np.float64)[set_of]
    owner_arr = np.array(owners, dtype=np.int64)[set_of]
    members = [sorted(set(ms)) for ms in whole.values() if len(ms) > 1]
    x, y = pairs_within(np.array([len(ms) for ms in members], dtype=np.int64))
    flat = np.array([i for ms in members for i in ms], dtype=np.int64)
    found = [(flat[x], flat[y])]
    # two sets that meet first on a key overlap by at most the smaller of their bounds there
    order = np.argsort(key_arr)
    sorted_keys = key_arr[order]
    x, y = pairs_within(np.diff(np.flatnonzero(np.diff(sorted_keys, prepend=-1, append=-1))))
    x, y = order[x], order[y]
    meet = 2 * np.minimum(bound_arr[x], bound_arr[y]) - t * (total_arr[x] + total_arr[y]) >= 0
    found.append((owner_arr[x[meet]], owner_arr[y[meet]]))
    return distinct_pairs(np.concatenate([a for a, _ in found]), np.concatenate([b for _, b in found]), len(feats))


class WordMass:
    """The claims' statement and evidence words as sorted (claim, word) codes with their weights, to bound the
    Dice of many pairs at once from their shared idf mass (a word weighs its idf in every set)."""

    CHUNK = 100_000  # pairs bounded at once (memory)

    def __init__(self, feats: list[Features], word_no: dict[str, int]):
        """`word_no`: a number for every word of the features' statements and evidence."""
        self.facet = np.array([bool(f.facet) for f in feats], dtype=bool)
        articles = {a: k for k, a in enumerate(sorted({f.claim.article for f in feats}))}
        self.article = np.array([articles[f.claim.article] for f in feats], dtype=np.int64)
        self.same = np.array([f.evidence is f.statement for f in feats], dtype=bool)
        self.quoted = np.array([bool(f.quote_words) for f in feats], dtype=bool)
        self.statement = self.sets([f.statement for f in feats], word_no)
        self.evidence = self.statement if self.same.all() else self.sets([f.evidence for f in feats], word_no)
        number_no = {num: k for k, num in enumerate(dict.fromkeys(num for f in feats for num in f.numbers))}
        self.numbers = self.sets([dict.fromkeys(f.numbers, 1.0) for f in feats], number_no)

    @staticmethod
    def sets(vecs: list[dict], item_no: dict) -> tuple:
        """(start of each claim's entries, their codes claim * n_items + item in ascending order, weights, each
        claim's total, n_items)."""
        n_items = max(len(item_no), 1)
        sizes = np.array([len(vec) for vec in vecs], dtype=np.int64)
        items = np.array([item_no[w] for vec in vecs for w in vec], dtype=np.int64)
        weights = np.array([wt for vec in vecs for wt in vec.values()], dtype=np.float64)
        codes = np.repeat(np.arange(len(vecs), dtype=np.int64), sizes) * n_items + items
        order = np.argsort(codes, kind="stable")
        starts = np.zeros(len(vecs) + 1, dtype=np.int64)
        np.cumsum(sizes, out=starts[1:])
        totals = np.array([sum(vec.values()) for vec in vecs], dtype=np.float64)
        return starts, codes[order], weights[order], totals, n_items

    @staticmethod
    def shared(sets: tuple, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, ...]:
        """For each pair: the weight of the items of `first` that `second` has too, the largest of them, and how
        many they are."""
        starts, codes, weights, _, n_items = sets
        counts = starts[first + 1] - starts[first]
        row = np.repeat(np.arange(len(first)), counts)
        at = np.repeat(starts[first] - np.cumsum(counts) + counts, counts) + np.arange(len(row))
        probe = second[row] * n_items + codes[at] % n_items
        found = np.searchsorted(codes, probe)
        hit = codes[np.minimum(found, len(codes) - 1)] == probe
        mass = np.where(hit, weights[at], 0.0)
        top = np.zeros(len(first))
        nonempty = counts > 0
        if len(mass):
            top[nonempty] = np.maximum.reduceat(mass, (np.cumsum(counts) - counts)[nonempty])
        return np.bincount(row, weights=mass, minlength=len(first)), top, np.bincount(row[hit], minlength=len(first))

    def may_reach(self, first: np.ndarray, second: np.ndarray, idf_cut: float, floor) -> np.ndarray:
        """Which pairs of different articles may score `floor` or more (one number, or one per pair): those where
        the first claim has a date facet, else those sharing a statement word of idf >= idf_cut whose Dice bounds,
        with the bonuses at their most, reach `floor`."""
        keep = np.zeros(len(first), dtype=bool)
        floors = np.broadcast_to(np.asarray(floor, dtype=np.float64), first.shape)
        for lo in range(0, len(first), self.CHUNK):
            keep[lo:lo + self.CHUNK] = self.chunk_may_reach(first[lo:lo + self.CHUNK], second[lo:lo + self.CHUNK],
                                                            idf_cut, floors[lo:lo + self.CHUNK])
        return keep

    def chunk_may_reach(self, first: np.ndarray, second: np.ndarray, idf_cut: float,
                        floor: np.ndarray) -> np.ndarray:
        s_mass, s_top, s_count = self.shared(self.statement, first, second)
        s_totals, e_totals = self.statement[3], self.evidence[3]
        s = 2 * s_mass / np.maximum(s_totals[first] + s_totals[second], 1e-300)
        e = s.copy()
        differ = ~(self.same[first] & self.same[second])
        if differ.any():
            e_mass = self.shared(self.evidence, first[differ], second[differ])[0]
            e[differ] = 2 * e_mass / np.maximum(e_totals[first[differ]] + e_totals[second[differ]], 1e-300)
        bound = W_STATEMENT * s + W_EVIDENCE * e + W_KIND + W_RARE
        # near-identical statements pair even when every word they share is common
        informative = (s_count > 0) & ((s_top >= idf_cut) | (s >= NEAR_IDENTICAL))
        keep = informative & (bound >= floor)
        short = np.flatnonzero(informative & ~keep & (bound + W_NUMBER + W_QUOTE >= floor))  # may need a bonus
        number = np.where(self.shared(self.numbers, first[short], second[short])[2] > 0, W_NUMBER, 0.0)
        quote = np.where(self.quoted[first[short]] & self.quoted[second[short]], W_QUOTE, 0.0)
        keep[short] = bound[short] + number + quote >= floor[short]
        return (keep | self.facet[first]) & (self.article[first] != self.article[second])


# Largest amount by which pair_score's rounding (of each signal and of the sum) can lift a score above its formula.
ROUNDING_SLACK = 1e-4 * (1 + W_STATEMENT + W_EVIDENCE + W_QUOTE + W_NUMBER + W_KIND + W_RARE)


class Tally:
    """What the members of one group hold, counted: enough to bound the sum of pair_score(x, y) over x in another
    group and y in this one without scoring a single pair (most groups that meet do not merge)."""

    def __init__(self, f: Features):
        self.size = 1
        # word -> (members that have it, the smallest weight total among them)
        self.statement = dict.fromkeys(f.statement, (1, sum(f.statement.values())))
        # while every member's evidence words are its statement words, one table serves both
        self.evidence = self.statement if f.evidence is f.statement else \
            dict.fromkeys(f.evidence, (1, sum(f.evidence.values())))
        self.kinds = {f.claim.kind: 1}
        self.numbers = dict.fromkeys(f.numbers, 1)
        self.quoted = int(bool(f.quote_words))
        self.facets = int(bool(f.facet))
        self.rare = dict.fromkeys(f.rare, 1) if f.vector is not None else {}  # word -> members with it

    def absorb(self, other: Tally) -> Tally:
        """This tally plus another's (the other group is merged away)."""
        for mine, theirs in ((self.kinds, other.kinds), (self.numbers, other.numbers), (self.rare, other.rare)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n
        if self.evidence is self.statement and other.evidence is not other.statement:
            self.evidence = dict(self.statement)
        tables = [(self.statement, other.statement)]
        if self.evidence is not self.statement:
            tables.append((self.evidence, other.evidence))
        for mine, theirs in tables:
            for word, (n, least) in theirs.items():
                had = mine.get(word)
                mine[word] = (had[0] + n, min(had[1], least)) if had else (n, least)
        self.size += other.size
        self.quoted += other.quoted
        self.facets += other.facets
        return self

    def score_bound(self, members: list[Features], totals: dict[int, tuple[float, float]]) -> float | None:
        """At least the sum of pair_score(x, y) over x in `members` and y in this group; None when a date facet
        takes part (facet_score is not bounded here). In a Dice each shared word adds at most its idf (a word weighs
        its idf in every set) over the two totals, the other at least the smallest total among the members that
        have the word; each bonus at its most.
        `totals`: id(x) -> the weight totals of x's statement and evidence, and whether its evidence words are its
        statement words."""
        if self.facets:
            return None
        total = 0.0
        per_pair = W_RARE + ROUNDING_SLACK
        statement, evidence, numbers = self.statement.get, self.evidence.get, self.numbers.get
        for x in members:
            if x.facet:
                return None
            statement_total, evidence_total, same = totals[id(x)]
            dice = 0.0
            for w, wt in x.statement.items():
                if (held := statement(w)) is not None:
                    dice += wt * held[0] / (statement_total + held[1])
            total += W_STATEMENT * 2 * dice
            if not (same and self.evidence is self.statement):  # else the evidence Dice is the statement's
                dice = 0.0
                for w, wt in x.evidence.items():
                    if (held := evidence(w)) is not None:
                        dice += wt * held[0] / (evidence_total + held[1])
            total += W_EVIDENCE * 2 * dice
            total += per_pair * self.size + W_KIND * self.kinds.get(x.claim.kind, 0)
            if x.numbers:
                total += W_NUMBER * min(self.size, sum(numbers(n, 0) for n in x.numbers))
            if x.quote_words:
                total += W_QUOTE * self.quoted
            if x.vector is not None and x.rare:  # only members sharing a rare word can get the semantic lift
                total += W_SEMANTIC * min(self.size, sum(self.rare.get(w, 0) for w in x.rare))
        return total


def linked_scores(ga: Group, gb: Group, score_of: ScoreCache) -> list[float] | None:
    """score_of(x, y) for x in ga and y in gb of different articles, in that order, or None when one of them is
    below MIN_LINK. (Two claims of one article in a group restate one fact; repeats_agree judges them.) The scores
    already known are looked at first, so that such a merge is often refused without scoring."""
    pairs = [(x, y) for x in ga.members for y in gb.members if x.claim.article != y.claim.article]
    known = score_of.known
    if any(score < MIN_LINK for x, y in pairs if (score := known(x, y)) is not None):
        return None
    scores = []
    for x, y in pairs:
        scores.append(score_of(x, y))
        if scores[-1] < MIN_LINK:
            return None
    return scores


MAX_REPEATS = 4  # claims of one article in one group: a headline, the lead, a later restatement, a summary


def cross_article_pairs(ga: Group, gb: Group, shared: set[str]) -> int:
    """Pairs of claims of different articles, one in each group: the pairs whose scores decide a merge."""
    same = sum(sum(m.claim.article == a for m in ga.members) * sum(m.claim.article == a for m in gb.members)
               for a in shared)
    return len(ga.members) * len(gb.members) - same


def repeats_agree(ga: Group, gb: Group, score_of: ScoreCache | None = None) -> bool:
    """Two groups may share an article only when that article states the fact again (a headline, the lead, a
    summary): at most MAX_REPEATS of its claims in all, and each of its claims in the smaller group agrees (a
    restatement_score of at least THRESHOLD) with one of its claims in the other. The outlet still counts once,
    and the brief cites at most two of the article's sentences (see group_evidence). `score_of`: a cache of the
    restatement scores."""
    restated = score_of.restatement if score_of is not None else restatement_score
    small, large = (ga, gb) if len(ga.members) <= len(gb.members) else (gb, ga)
    for article in ga.articles & gb.articles:
        theirs = [m for m in large.members if m.claim.article == article]
        mine = [m for m in small.members if m.claim.article == article]
        if len(mine) + len(theirs) > MAX_REPEATS:
            return False
        if any(max(restated(x, y) for y in theirs) < THRESHOLD for x in mine):
            return False
    return True


def restatement_score(x: Features, y: Features) -> float:
    """pair_score of two claims of one article, where clauses of one sentence share their evidence, which then
    says nothing: for them the statements' overlap stands in for the evidence overlap."""
    score, signals = pair_score(x, y)
    if x.claim.sentences == y.claim.sentences and "evidence" in signals:
        score += W_EVIDENCE * (signals["statement"] - signals["evidence"])
    return score


def refusals_restated(feats: list[Features], score_of: ScoreCache) -> dict[str, Features]:
    """Claim id of a refusal that leaves out what was refused -> the refusal of its article, with its object, that
    it restates best (restatement_score at least MIN_LINK; of equals, the first in the article). It joins that
    refusal's group after alignment instead of pairing on its own: "she declined" shares only its verb with other
    outlets' claims, so it paired with any refusal of anything, and with its article's "rejected the troop offer"
    it says the same thing."""
    by_article: dict[str, list[Features]] = defaultdict(list)
    for f in feats:
        if f.refusal and not f.facet:
            by_article[f.claim.article].append(f)
    restated = {}
    for refusals in by_article.values():
        named = [f for f in refusals if not f.elliptic]
        for f in refusals:
            if f.elliptic and named:
                best = max(named, key=lambda g: score_of.restatement(f, g))  # max keeps the first of equals
                if score_of.restatement(f, best) >= MIN_LINK:
                    restated[f.claim.id] = best
    return restated


def join_their_refusals(restated: dict[str, Features], by_id: dict[str, Features], group_of: dict[str, Group],
                        score_of: ScoreCache):
    """Each refusal that leaves out what was refused joins the group of the refusal it restates; its reason is
    that restatement's score."""
    for cid, named in restated.items():
        group = group_of[named.claim.id]
        group.members.append(by_id[cid])
        score = score_of.restatement(by_id[cid], named)
        group.scores[cid], group.signals[cid] = score, {"restates": score}
        group_of[cid] = group


def align(claims: list[Claim], texts: dict[str, str], outlets: dict[str, str],
          vectors: dict | None = None) -> Alignment:
    """Group claims by fact. `texts` maps claim id -> its evidence text; `outlets` article id -> outlet;
    `vectors` (optional) statement text -> unit vector for the semantic signal."""
    claims = sorted(claims, key=lambda c: (c.article, c.sentences, c.statement, c.id))
    feats = features(claims, texts, outlets, vectors)
    group_of: dict[str, Group] = {}
    for f in feats:
        group_of[f.claim.id] = Group([f], {f.claim.id: 1.0}, {f.claim.id: {}})
    score_of = ScoreCache()
    by_id = {f.claim.id: f for f in feats}
    clashes: list[tuple[str, str]] = []
    candidates = candidate_pairs(feats, clashes=clashes)
    score_of.remember_all([(by_id[a_id], by_id[b_id], score) for score, a_id, b_id, _ in candidates])
    articles_of: dict[int, set[str]] = {}  # id(group) -> its articles
    tally_of: dict[int, Tally] = {}  # id(group) -> its tally, made when first needed

    def tally(g: Group) -> Tally:
        if id(g) not in tally_of:
            tally_of[id(g)] = Tally(g.members[0])  # a group of more than one claim has one from its merge
        return tally_of[id(g)]

    totals = {id(f): (sum(f.statement.values()), sum(f.evidence.values()), f.evidence is f.statement) for f in feats}
    units = {id(f): {u for _, u in f.numbers if u} for f in feats}
    units_of: dict[int, set[str]] = {}  # id(group) -> the units of its members' numbers
    stances = {id(f): set() if f.facet else {(f.refusal, f.analysis)} for f in feats}  # a facet is about the day
    stance_of: dict[int, set[tuple[bool, bool]]] = {}  # id(group) -> its claims' stance (one value, or none)
    refused: dict[tuple[int, int], tuple[Group, Group]] = {}  # (id(ga), id(gb)) of groups that did not merge
    restated = refusals_restated(feats, score_of)
    for score, a_id, b_id, signals in candidates:
        ga, gb = group_of[a_id], group_of[b_id]
        if ga is gb or (id(ga), id(gb)) in refused or a_id in restated or b_id in restated:
            continue  # groups never change, so neither does the answer
        for g in (ga, gb):
            if id(g) not in articles_of:
                articles_of[id(g)] = g.articles
        if not articles_of[id(ga)].isdisjoint(articles_of[id(gb)]) and not repeats_agree(ga, gb, score_of):
            refused[id(ga), id(gb)] = (ga, gb)  # the groups are kept alive so that their ids stay theirs
            continue
        for g in (ga, gb):
            if id(g) not in stance_of:
                stance_of[id(g)] = stances[id(g.members[0])]  # a group of more than one claim has it from its merge
        if len(stance_of[id(ga)] | stance_of[id(gb)]) > 1:  # see the stance in the module docstring
            refused[id(ga), id(gb)] = (ga, gb)
            continue
        for g in (ga, gb):
            if id(g) not in units_of:
                units_of[id(g)] = units[id(g.members[0])]  # a group of more than one claim has them from its merge
        if units_of[id(ga)] & units_of[id(gb)]:  # two claims can clash only on a unit both have
            with_units = [x for x in ga.members if units[id(x)] & units_of[id(gb)]]
            if any(numbers_clash(x, y) for x in with_units for y in gb.members):
                refused[id(ga), id(gb)] = (ga, gb)
                continue
        n_pairs = cross_article_pairs(ga, gb, articles_of[id(ga)] & articles_of[id(gb)])
        small, large = (ga, gb) if len(ga.members) <= len(gb.members) else (gb, ga)
        bound = tally(large).score_bound(small.members, totals) if n_pairs > 1 else None
        if bound is not None and bound < THRESHOLD * n_pairs * (1 - 1e-9):  # no pair needs scoring to refuse
            refused[id(ga), id(gb)] = (ga, gb)
            continue
        cross = linked_scores(ga, gb, score_of)
        if cross is None or sum(cross) / len(cross) < THRESHOLD:
            refused[id(ga), id(gb)] = (ga, gb)
            continue
        merged = Group(ga.members + gb.members, {**ga.scores, **gb.scores}, {**ga.signals, **gb.signals})
        articles_of[id(merged)] = articles_of.pop(id(ga)) | articles_of.pop(id(gb))  # ids of freed groups recur
        tally_of[id(merged)] = tally(large).absorb(tally(small))
        units_of[id(merged)] = units_of.pop(id(ga)) | units_of.pop(id(gb))
        stance_of[id(merged)] = stance_of.pop(id(ga)) | stance_of.pop(id(gb))
        del tally_of[id(large)], tally_of[id(small)]
        for cid, g in ((a_id, ga), (b_id, gb)):
            if len(g.members) == 1:  # a claim's reason is the pair that brought it in
                merged.scores[cid], merged.signals[cid] = score, signals
        for m in merged.members:
            group_of[m.claim.id] = merged
    join_their_refusals(restated, by_id, group_of, score_of)
    groups = fold_repeated_dates(join_days_of_one_fact(list({id(g): g for g in group_of.values()}.values())))
    groups = fold_scenes_into_occasions(groups)
    ordered = sorted(groups, key=lambda g: (-len({m.outlet for m in g.members}), min(m.claim.id for m in g.members)))
    for g in ordered:
        g.members.sort(key=lambda m: (m.claim.article, m.claim.id))
    return Alignment(list(ordered), conflicts(list(ordered), [(by_id[a], by_id[b]) for a, b in sorted(clashes)]),
                     score_of)


def clauses_of(g: Group) -> frozenset:
    """(article, clause) of each member; a facet's clause is the one that names the day or the occasion."""
    return frozenset((m.claim.article, canon.facet_clause(m.claim.statement) if m.facet else m.claim.statement)
                     for m in g.members)


def join_days_of_one_fact(groups: list[Group]) -> list[Group]:
    """Date facet groups of one day whose clauses all sit in one group of clauses are one happening on that day
    ("flew to the area on Saturday", "travelled to the affected area on Saturday": their verbs differ, so their
    facets did not pair, but their clauses did): they join the first of them."""
    clause_group = clause_hosts(groups)
    first_of: dict[tuple[str, int], Group] = {}
    joined: set[int] = set()
    for g in groups:
        if not g.members[0].facet:
            continue
        hosts = {clause_group.get(key) for key in clauses_of(g)}
        if len(hosts) != 1 or None in hosts:
            continue
        day = tuple(g.members[0].facet.split(":")[:2])  # ("date", "saturday") or ("occasion", "event")
        first = first_of.setdefault((day, hosts.pop()), g)
        if first is not g:
            first.members.extend(g.members)
            first.scores.update(g.scores)
            first.signals.update({m.claim.id: {"facet": 1.0, "same_fact": 1.0} for m in g.members})
            joined.add(id(g))
    return [g for g in groups if id(g) not in joined]


def clause_hosts(groups: list[Group]) -> dict[tuple[str, str], int]:
    """(article, clause) -> id of the group that holds that clause (date facets name their clause too)."""
    return {(m.claim.article, m.claim.statement): id(g) for g in groups for m in g.members if not m.facet}


def fold_repeated_dates(groups: list[Group]) -> list[Group]:
    """A date facet group whose clauses are exactly another group's ("... on April 16" [2/5] beside "... on
    April 16 [date: April 16]" [2/5]), or all sit in one other group ("The date, Thursday" of two wire copies
    beside "shares closed down 4% on Thursday" [3 outlets]), tells the reader nothing more: its claims join that
    group. Facets whose clauses sit in several groups stay a group of their own: the day itself is what the
    outlets share ("On Saturday, Sheinbaum said ..." with three different clauses)."""
    dates: dict[frozenset, list[Group]] = defaultdict(list)  # a clause can name two days
    for g in groups:
        if g.members[0].facet:
            dates[clauses_of(g)].append(g)
    shapes = {frozenset(article for article, _ in key) for key in dates}  # only groups of these articles can match
    twins = {}  # id(date group) -> the clause group it repeats
    for g in groups:
        if not g.members[0].facet and g.articles in shapes:
            for date in dates.get(clauses_of(g), ()):
                twins[id(date)] = g
    hosts, group_of = clause_hosts(groups), {id(g): g for g in groups}
    for key, facet_groups in dates.items():
        within = {hosts.get(clause) for clause in key}
        if len(within) == 1 and None not in within:
            for date in facet_groups:
                twins.setdefault(id(date), group_of[next(iter(within))])
    for g in groups:
        if (twin := twins.get(id(g))) is not None:
            twin.take(g)
    return [g for g in groups if id(g) not in twins]


def fold_scenes_into_occasions(groups: list[Group]) -> list[Group]:
    """A group of leads cut from their sentences ("At a recent public event", "Speaking at a public event on
    Saturday") whose every lead names an occasion of one occasion group says nothing that group does not: its
    claims join it (the brief had "At a recent public event" [2/5] beside the occasion's [3/5])."""
    occasion_of = {(m.claim.article, canon.facet_clause(m.claim.statement)): id(g) for g in groups
                   for m in g.members if m.facet.startswith("occasion:")}
    group_of = {id(g): g for g in groups}
    folded: set[int] = set()
    for g in groups:
        if g.members[0].facet or not all(SCENE_ONLY.match(m.claim.statement) for m in g.members):
            continue
        hosts = {occasion_of.get((m.claim.article, m.claim.statement)) for m in g.members}
        if len(hosts) == 1 and None not in hosts:
            group_of[hosts.pop()].take(g)
            folded.add(id(g))
    return [g for g in groups if id(g) not in folded]


def conflicts(groups: list[Group], clashes: list[tuple[Features, Features]] = ()) -> list[dict]:
    """Within a group: places and quote wording. Across groups: claims that would state one fact but give the
    same slot different values (a number of one unit, the day of one happening), which therefore never joined.
    `clashes`: the pairs of claims that candidate_pairs found clashing on a number."""
    found = []
    for g in groups:
        if len(g.articles) < 2:
            continue
        found.extend(place_conflicts(g))
        found.extend(wording_conflicts(g))
    members = [m for g in groups for m in g.members]
    values = value_conflicts(members, clashes)
    told = {(c["unit"], tuple(sorted(v for v in c["sides"]))) for c in values if c["slot"] == "number"}
    values += [c for c in anchored_value_conflicts(members) if (c["unit"], tuple(sorted(c["sides"]))) not in told]
    values = with_group_mates([labelled(c) for c in values], groups)
    told = {frozenset(m.claim.id for m in c["members"]) for c in values if c["slot"] == "date"}
    found.extend(values)
    found.extend(c for c in day_conflicts(groups) if frozenset(m.claim.id for m in c["members"]) not in told)
    return found


FIGURE_DF = 20  # a value stated by more claims than this is no one figure of a story: not searched
LARGE_FIGURE = 100  # a value this large is one figure whatever word follows it ('310,000 SUVs', '310,000 vehicles')


def states_figure(f: Features, value: float, unit: str) -> bool:
    """Whether a claim states this value of this unit, or a large value with another unit word (not a percent)."""
    return any(v == value and (u == unit or (value >= LARGE_FIGURE and u and "%" not in (u, unit)))
               for v, u in f.numbers)


def with_group_mates(values: list[dict], groups: list[Group]) -> list[dict]:
    """A number conflict's sides with the other claims that give each side's value: the other claims of the groups
    that hold the side's claims (a group states one fact), and claims of other articles with that value that score
    at least MIN_LINK with a claim of the conflict ('burned 12,000 acres since Sunday' beside 'grows to 12,000
    acres' vs 'has scorched 12,500 acres'), unless more than FIGURE_DF claims state it. A value of LARGE_FIGURE or
    more counts whatever word follows it. Every outlet that wrote 12,000 acres then stands on that side, not only
    the claim that was compared; an article already on the other side is not added."""
    numbered = [e for e in values if e["slot"] == "number"]
    if not numbered:
        return values
    group_of = {m.claim.id: g for g in groups for m in g.members}
    figures = {value_of(m, "number", e["unit"]) for e in numbered for m in e["members"]}
    stating: dict[float, list[Features]] = defaultdict(list)  # value -> claims stating it
    for g in groups:
        for m in g.members:
            for value in {v for v, _ in m.numbers} & figures:
                stating[value].append(m)
    for entry in numbered:
        compared = list(entry["members"])
        by_id = {m.claim.id: m for m in compared}
        unit = entry["unit"]
        # each side's value, read before any side grows (a large figure's mate may give it with another unit)
        values_of = {label: value_of(by_id[ids[0]], "number", unit) for label, ids in entry["sides"].items()}
        for label, ids in entry["sides"].items():
            value = values_of[label]
            taken = {by_id[cid].claim.article for cids in entry["sides"].values() for cid in cids}
            in_groups = [m for cid in ids for m in group_of[cid].members]
            stated = stating[value] if len(stating[value]) <= FIGURE_DF else ()
            related = [m for m in stated if m.claim.article not in taken
                       and any(pair_score(m, x)[0] >= MIN_LINK for x in compared)]
            mates = [m for m in in_groups + related if m.claim.id not in by_id and states_figure(m, value, unit)]
            for m in mates:
                if m.claim.id not in by_id:
                    by_id[m.claim.id] = m
                    entry["members"].append(m)
            ids[:] = sorted(set(ids) | {m.claim.id for m in mates})
    return values


def day_conflicts(groups: list[Group]) -> list[dict]:
    """Days of one fact that differ between articles: date facets of different weekdays (or of different calendar
    days) whose clauses sit in one group ("resigned on Monday" vs "stepped down on Tuesday": other verbs, so
    value_conflicts does not compare them). An article that names both days for the fact takes no side."""
    clause_group = clause_hosts(groups)
    group_of = {id(g): g for g in groups}
    facets_of: dict[int, list[Features]] = defaultdict(list)  # id(clause group) -> the facets of its clauses
    for g in groups:
        for m in g.members:
            is_date = m.facet.startswith("date:")
            host = clause_group.get((m.claim.article, canon.dated(m.claim.statement)[1])) if is_date else None
            if host is not None:
                facets_of[host].append(m)
    found = []
    for host, facets in facets_of.items():
        day_of = {m.claim.id: m.facet.split(":")[1] for m in facets}
        for weekdays in (True, False):
            named = [m for m in facets if (day_of[m.claim.id] in canon.WEEKDAYS) == weekdays]
            days_in: dict[str, set[str]] = defaultdict(set)
            for m in named:
                days_in[m.claim.article].add(day_of[m.claim.id])
            sides: dict[str, list[Features]] = defaultdict(list)
            for m in named:
                if len(days_in[m.claim.article]) == 1:
                    sides[day_of[m.claim.id]].append(m)
            if len(sides) > 1:
                found.append({"slot": "date", "unit": "", "hosts": [group_of[host]],
                              "members": [m for day in sorted(sides) for m in sides[day]],
                              "sides": {day: sorted(m.claim.id for m in sides[day]) for day in sorted(sides)}})
    return found


def value_conflicts(feats: list[Features], clashes: list[tuple[Features, Features]] = ()) -> list[dict]:
    """Pairs of claims from different articles that agree on everything but one value.

    Numbers: same unit, different value, and the claims otherwise score at least THRESHOLD ('killed 12 people'
    vs 'killed 15 people', '$7 billion' vs '$7.5 billion'). Dates: date facets of the same happening (same verb
    class, sentences overlapping by at least DATE_CONFLICT_OVERLAP) on different days ('said on Saturday' vs 'said
    on Friday'). Compared: claims that share a unit (or a verb) and one of their three most distinctive words, so
    the cost stays near-linear, and the `clashes` of candidate_pairs (paraphrases, whose most distinctive words
    differ). One conflict per pair of values, sides ordered by value."""
    buckets: dict[tuple, list[Features]] = defaultdict(list)
    for f in feats:
        slots = [("date", f.facet.split(":")[2])] if f.facet.count(":") == 2 else []
        slots += [("number", u) for _, u in f.numbers if u]
        for slot in dict.fromkeys(slots):
            for w in distinctive_words(f):
                buckets[slot + (w,)].append(f)
    pairs = itertools.chain(
        ((slot, unit, a, b) for (slot, unit, _), members in sorted(buckets.items(), key=lambda kv: kv[0])
         for i, a in enumerate(members) for b in members[i + 1:]),
        (("number", u, a, b) for a, b in clashes
         for u in sorted({u for _, u in a.numbers if u} & {u for _, u in b.numbers if u})))
    seen: set[tuple[str, str, str, str]] = set()
    found: dict[tuple, dict] = {}
    for slot, unit, a, b in pairs:
        key = (slot, unit) + tuple(sorted((a.claim.id, b.claim.id)))
        if a.claim.article == b.claim.article or key in seen:
            continue
        seen.add(key)
        values = clashing_values(a, b, slot, unit)
        if values:
            entry = found.setdefault((slot, unit) + values, {"slot": slot if slot == "date" else "number", "unit": unit,
                                                            "sides": {v: [] for v in values}, "members": []})
            for f in (a, b):
                v = value_of(f, slot, unit)
                if f.claim.id not in entry["sides"][v]:
                    entry["sides"][v].append(f.claim.id)
                    entry["members"].append(f)
    for entry in found.values():
        for ids in entry["sides"].values():
            ids.sort()
    return [found[k] for k in sorted(found)]


# A count or amount that a writer marks as approximate ("over $10,000", "about 40") does not contradict another.
_APPROXIMATE = re.compile(r"\b(?:over|more than|about|nearly|almost|at least|roughly|around|some|up to|under|"
                          r"less than|approximately|close to|upwards of|topped|exceeding)\s*(?:US)?\$?\s*$", re.I)
_CLAUSE_END = re.compile(r"[,;.:](?:\s|$)|\s(?:and|or|but)\s")
ANCHOR_NAMES = 2  # capitalized words two numbers' phrases must share to be about one named thing


def number_anchors(f: Features) -> list[tuple[float, str, frozenset]]:
    """(value, unit, names) of each exact number of a claim that a named thing follows in its phrase: "$5,587.75
    vacation at the Martha's Vineyard Holistic Retreat" -> (5587.75, 'dollar', {martha's, vineyard, holistic,
    retreat}). The phrase runs to the next comma, clause end or conjunction."""
    text = canon.normalize(f.claim.statement)
    found = []
    for n in f.claim.numbers:
        at = text.find(n.text)
        if not n.unit or at < 0 or _APPROXIMATE.search(text[max(0, at - 24):at]):
            continue
        phrase = _CLAUSE_END.split(text[at + len(n.text.split()[0]):], maxsplit=1)[0]
        names = frozenset(w.lower() for w in re.findall(r"\b[A-Z][a-z]+(?:'s)?\b", phrase))
        if len(names) >= ANCHOR_NAMES:
            found.append((n.value, n.unit, names))
    return found


def anchored_value_conflicts(feats: list[Features]) -> list[dict]:
    """Two outlets that give one named thing two values of one unit disagree on it, however differently their
    sentences go on (a list of expenses in one, a sentence of its own in the other): the number is followed in both
    by at least ANCHOR_NAMES of the same capitalized words. Approximate values ("over $10,000") are left out."""
    buckets: dict[tuple, list[tuple[Features, float, frozenset]]] = defaultdict(list)
    for f in feats:
        for value, unit, names in number_anchors(f):
            for name in names:
                buckets[unit, name].append((f, value, names))
    found: dict[tuple, dict] = {}
    for (unit, _), entries in sorted(buckets.items(), key=lambda kv: kv[0]):
        for i, (a, va, na) in enumerate(entries):
            for b, vb, nb in entries[i + 1:]:
                if a.outlet == b.outlet or va == vb or len(na & nb) < ANCHOR_NAMES:
                    continue
                entry = found.setdefault((unit,) + tuple(sorted((va, vb))), {
                    "slot": "number", "unit": unit, "sides": {v: [] for v in sorted((va, vb))}, "members": []})
                for f, v in ((a, va), (b, vb)):
                    if f.claim.id not in entry["sides"][v]:
                        entry["sides"][v].append(f.claim.id)
                        entry["members"].append(f)
    for entry in found.values():
        for ids in entry["sides"].values():
            ids.sort()
    return [found[k] for k in sorted(found)]


def labelled(entry: dict) -> dict:
    """A conflict's sides named as an article wrote the value ('$7 billion'), by its first claim: one number
    written two ways ('$7 billion', '7 billion dollars') is one side."""
    if entry["slot"] == "number":
        by_id = {m.claim.id: m for m in entry["members"]}
        unit = entry["unit"]
        entry["sides"] = {min((n.text for n in by_id[ids[0]].claim.numbers if n.unit == unit and n.value == v)): ids
                          for v, ids in entry["sides"].items()}
    return entry


DATE_CONFLICT_OVERLAP = 0.4


def distinctive_words(f: Features, k: int = 3) -> list[str]:
    vec = f.evidence if f.facet else f.statement
    return [w for w, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def value_of(f: Features, slot: str, unit: str) -> str | float:
    """The day of a date facet, or the least value of the claim's numbers of that unit."""
    if slot == "date":
        return f.facet.split(":")[1]
    return min(n.value for n in f.claim.numbers if n.unit == unit)


def clashing_values(a: Features, b: Features, slot: str, unit: str) -> tuple | None:
    va, vb = value_of(a, slot, unit), value_of(b, slot, unit)
    if va == vb:
        return None
    if slot == "date":
        if overlap(a.evidence, b.evidence) < DATE_CONFLICT_OVERLAP:
            return None
    elif not numbers_clash(a, b) or pair_score(a, b)[0] < THRESHOLD:
        return None
    elif unit in CURRENCIES and amounts_of_other_things(a, va, b, vb, unit):
        return None
    return tuple(sorted((va, vb)))  # type: ignore[return-value]


CURRENCIES = frozenset({"dollar", "euro", "pound", "yen"})
_THING_SKIP = frozenset({"worth", "of", "in", "a", "an", "the"})


def amount_thing(f: Features, value: float, unit: str) -> frozenset:
    """What an amount of money is an amount of, as the words after it name it: "$43,000 Rolex watch" -> {rolex,
    watch}; "$750,000 in campaign cash" -> {campaign, cash}; "$9,587.64 worth of children's furniture" ->
    {children's, furniture}. Empty when no noun follows ("$5,687.75 on ...", "$2 million.")."""
    text = canon.normalize(f.claim.statement)
    n = next((n for n in f.claim.numbers if n.unit == unit and n.value == value), None)
    at = text.find(n.text.split()[0]) if n else -1
    if at < 0:
        return frozenset()
    after = re.findall(r"[A-Za-z][A-Za-z'-]*|[^\sA-Za-z]", text[at + len(n.text.split()[0]):])
    words: list[str] = []
    for token in after:
        low = token.lower()
        if not words and low in _THING_SKIP or low in ("million", "billion", "thousand") and not words:
            continue
        if not token[0].isalpha() or low in canon.STOPWORDS or len(words) == 3:
            break
        words.append(low)
    return frozenset(words)


def amounts_of_other_things(a: Features, va: float, b: Features, vb: float, unit: str) -> bool:
    """Two amounts of money that name different things ("$43,000 Rolex watch", "$750,000 in campaign cash") are
    no disagreement about one amount: an amount of money is an amount of something."""
    ta, tb = amount_thing(a, va, unit), amount_thing(b, vb, unit)
    return bool(ta) and bool(tb) and ta.isdisjoint(tb)


def place_conflicts(g: Group) -> list[dict]:
    sides: dict[str, list[Features]] = defaultdict(list)
    label: dict[str, str] = {}
    for m in g.members:
        for key, word in sorted(m.places.items()):
            sides[key].append(m)
            label.setdefault(key, word)
    if len(sides) < 2:
        return []
    return [{"slot": "place", "sides": {label[k]: [m.claim.id for m in v] for k, v in sorted(sides.items())},
             "members": g.members}]


def wording_variants(x: list[str], y: list[str]) -> set[tuple[str, str]]:
    """Word pairs (a, b) that fill the same place after the same word in two quotations, each absent from the
    other quotation: 'territory is inviolable' vs 'territory is inalienable' -> ('inalienable', 'inviolable')."""
    after_x = {(p, w) for p, w in zip(x, x[1:]) if len(w) > 4}
    sx, sy = set(x), set(y)
    found = set()
    for p, b in zip(y, y[1:]):
        for p2, a in after_x:
            if p2 == p and canon.stem(a) != canon.stem(b) and len(b) > 4 and a not in sy and b not in sx:
                found.add(tuple(sorted((a, b))))
    return found


def wording_conflicts(g: Group) -> list[dict]:
    """Quote wording that differs between members in one aligned place ('inviolable' vs 'inalienable')."""
    quoted = [(m, canon.words(" ".join(m.claim.quotes))) for m in g.members if m.claim.quotes]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for i, (_, x) in enumerate(quoted):
        for _, y in quoted[i + 1:]:
            for pair in wording_variants(x, y):
                counts[pair] += 1
    if not counts:
        return []
    a, b = sorted(counts, key=lambda p: (-counts[p], p))[0]
    sides: dict[str, list[Features]] = {a: [], b: []}
    for m, ws in quoted:
        if a in ws and b not in ws:
            sides[a].append(m)
        elif b in ws and a not in ws:
            sides[b].append(m)
    if not sides[a] or not sides[b]:
        return []
    return [{"slot": "quote wording", "sides": {k: [m.claim.id for m in v] for k, v in sides.items()},
             "members": g.members}]


def article_outlets(articles: list[Article]) -> dict[str, str]:
    return {a.id: a.outlet for a in articles}


# ---- from groups to the brief (still pure) ----

def evidence_for(article: Article, sentences: list[int]):
    from .models import Evidence

    return [Evidence(article=article.id, sentence=n, start=s.start, end=s.end, text=s.text)
            for n in sentences[:2] for s in (article.sentence(n),)]


def group_evidence(g: Group, rep: Claim, by_article: dict[str, Article]):
    """At most two sentences of each article, in article order: the representative claim's first, then those of
    the members that joined the group on the strongest scores, the article's body before its headline (an article
    that restates the fact in a headline, the lead and a summary is cited for two of them; its outlet counts once
    either way). A headline is the editor's summary; the body is the report."""
    cited: dict[str, list[int]] = {}
    ranked = sorted(g.members, key=lambda m: (m.claim is not rep, in_headline(m.claim, by_article),
                                              -g.scores.get(m.claim.id, 1.0), m.claim.id))
    for m in ranked:
        sentences = cited.setdefault(m.claim.article, [])
        for n in m.claim.sentences:
            if n not in sentences and len(sentences) < 2:
                sentences.append(n)
    return [e for article in sorted(cited) for e in evidence_for(by_article[article], sorted(cited[article]))]


def in_headline(claim: Claim, by_article: dict[str, Article]) -> bool:
    """Whether the claim is stated in its article's headline (sentence 1 when the article has a title) alone."""
    return bool(by_article[claim.article].title) and claim.sentences == [1]


OPINION_SHARE = 0.5  # of an article's claims that bear a judgement: a column, not a report


def opinion_articles(groups: list[Group]) -> set[str]:
    """Articles written in a columnist's voice: at least OPINION_SHARE of their claims are typed opinion or bear
    a mark of judgement in the writer's words (canon.judgement). On the seeds the most is a third."""
    judged: Counter = Counter()
    total: Counter = Counter()
    for g in groups:
        for m in g.members:
            if not m.facet:
                total[m.claim.article] += 1
                judged[m.claim.article] += m.claim.kind == Kind.opinion or canon.judgement(m.claim.statement)
    return {a for a, n in total.items() if judged[a] >= OPINION_SHARE * n}


def medoid(g: Group, score_of: ScoreCache | None = None, columns: frozenset | set = frozenset()) -> Features:
    """The member whose statement speaks for the group: neutral wording first (no loaded word outside quotation
    marks), then a clause before a date facet, not a quotation that most of the group's outlets did not print
    (see printed_by), a whole clause before a fragment ("…told Trump ...") or a lead alone ("In response to a
    report"), then a report's plain wording (not from one of the `columns`, no mark of judgement) before a
    columnist's, then the one that agrees best with the others, then the smallest claim id."""
    score_of = score_of or ScoreCache()

    def loaded(m: Features) -> bool:
        return listed_loaded(m) or bool(framing_words(m, g))

    def listed_loaded(m: Features) -> bool:
        raw = m.claim.statement
        raw_low = raw.lower()
        if raw.isascii() and not any(map(raw_low.__contains__, canon.LOADED_WORDS)):
            return False  # normalizing ASCII only merges spaces, dropping quotes only removes words: none appears
        text = re.sub(r'"[^"]*"', " ", canon.normalize(raw))
        low = text.lower()  # a loaded term contains its word: most statements need no pattern search
        return any(w in low for w in canon.LOADED_WORDS) and bool(canon.loaded_terms(text))

    def mean(m: Features) -> float:
        others = [o for o in g.members if o is not m]
        return sum(score_of(m, o) for o in others) / len(others) if others else 1.0
    if len(g.members) == 1:
        return g.members[0]
    neutral = [m for m in g.members if not loaded(m)] or g.members  # the agreement of the others decides nothing
    faceted = any(m.facet for m in g.members)  # a lead alone beside a facet names only that day or occasion
    clauses = [m for m in neutral if not m.facet and not (faceted and SCENE_ONLY.match(m.claim.statement))] or neutral
    outlets = {m.outlet for m in g.members if not m.facet}
    # words most outlets did not print would read as theirs beside the count
    clauses = [m for m in clauses
               if m.claim.kind != Kind.quote or 2 * len(printed_by(m, g)) >= len(outlets)] or clauses
    whole = [m for m in clauses if not m.claim.statement.startswith(FRAGMENT) and m.claim.role != "headline"] \
        or clauses  # a headline is the editor's summary, in headline words
    whole = [m for m in whole if m.facet or not (SCENE_ONLY.match(m.claim.statement)  # a clause with its verb,
                                                 or REPORTER_ONLY.search(m.claim.statement))] or whole  # and object
    plain = [m for m in whole if m.claim.article not in columns and not canon.judgement(m.claim.statement)] or whole
    if len(plain) == 1:
        return plain[0]
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for m in g.members:
        if m.text not in by_outlet[m.outlet]:
            by_outlet[m.outlet].append(m.text)
    texts = {o: " ".join(t) for o, t in by_outlet.items()}
    shared = shared_tokens(texts)

    def covered(m: Features) -> float:  # of the statement as the brief would show it (see pruned)
        return share_of(pruned(m.claim.statement, m.claim.optional, shared), shared) if len(texts) > 1 else 1.0
    return min(plain, key=lambda m: (-covered(m), -round(mean(m), 4), m.claim.id))


def framing_words(m: Features, g: Group) -> list[str]:
    """Evaluative words of a member's statement (lexicon.py) that fewer than two of the group's outlets have in
    their evidence: one outlet's framing, which the brief's own voice does not adopt."""
    found = []
    for word in lexicon.evaluative_words(m.claim.statement):
        stem = canon.content_stem(word)
        if stem is None or len({o.outlet for o in g.members if stem in o.evidence}) < 2:
            found.append(word)
    return found


def printed_by(quote: Features, g: Group) -> set[str]:
    """Outlets of the group that quote at least half of the quotation's words (their own translation may differ:
    "territory is inviolable" and "territory is inalienable" share "territory")."""
    words = quote.quote_words
    return {m.outlet for m in g.members
            if m.claim.kind == Kind.quote and 2 * len(words & m.quote_words) >= len(words)}


def independent_reports(articles: list[Article], containment: float = 0.5) -> dict[str, str]:
    """Article id -> the independent report it belongs to. Articles of one outlet are one report, and so are
    wire or syndicated copies: articles that credit one news agency (Article.wire), and two articles whose word
    5-grams overlap by >= `containment` of the smaller one."""
    parent = {a.id: a.id for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = sorted((find(x), find(y)))
        parent[ry] = rx

    if containment <= 0:
        raise ValueError("containment must be above 0")
    ordered = sorted(articles, key=lambda a: a.id)
    # Only articles of one outlet or sharing a 5-gram can join: count shared 5-grams from an inverted index.
    # A report is a connected component named by its smallest id, so the order of the unions does not matter.
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in ordered:
        by_outlet[a.outlet].append(a.id)
        if a.wire:
            by_outlet["\0wire:" + a.wire].append(a.id)  # never an outlet's name
    for ids in by_outlet.values():
        for b in ids[1:]:
            union(ids[0], b)
    for x, y in containing_pairs_of(*shingle_numbers(ordered), containment):
        union(ordered[x].id, ordered[y].id)
    return {a.id: find(a.id) for a in ordered}


def shingle_numbers(articles: list[Article], n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """The word n-grams of each article (its cleaned sentences' words) as arrays: (article index, n-gram number) of each distinct n-gram of each
    article, n-grams numbered alike across articles."""
    word_no: dict[str, int] = {}
    grams, owners = [np.zeros((0, n), dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for k, article in enumerate(articles):
        ws = canon.words(" ".join(s.clean for s in article.sentences))
        unseen = [w for w in dict.fromkeys(ws) if w not in word_no]
        word_no.update(zip(unseen, range(len(word_no), len(word_no) + len(unseen))))
        if len(ws) >= n:
            ids = np.array(list(map(word_no.__getitem__, ws)), dtype=np.int64)
            grams.append(np.lib.stride_tricks.sliding_window_view(ids, n))
            owners.append(np.full(len(ws) - n + 1, k, dtype=np.int64))
    gram, owner = np.concatenate(grams), np.concatenate(owners)
    bits = max(1, len(word_no).bit_length())
    per_key = max(1, 62 // bits)  # words packed into one 64-bit sort key
    keys = []
    for lo in range(0, n, per_key):
        key = np.zeros(len(gram), dtype=np.int64)
        for c in range(lo, min(n, lo + per_key)):
            key = (key << bits) | gram[:, c]
        keys.append(key)
    order = np.lexsort(keys[::-1])  # by the first words, then the next
    new = np.zeros(len(order), dtype=bool)  # each position whose n-gram differs from the one before it
    new[:1] = True
    for key in keys:
        new[1:] |= key[order][1:] != key[order][:-1]
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.cumsum(new) - 1
    codes = np.sort(owner * max(len(order), 1) + number)
    codes = codes[np.diff(codes, prepend=-1) != 0]  # each n-gram once per article
    return codes // max(len(order), 1), codes % max(len(order), 1)


def containing_pairs_of(owner: np.ndarray, elements: np.ndarray, containment: float,
                        n_sets: int | None = None) -> list[tuple[int, int]]:
    """Pairs (x, y), x < y, of sets whose intersection holds at least `containment` (> 0) of the smaller one, the
    sets given as arrays: set index and element number of each (set, element) once. Counted from an inverted
    index: only sets that share an element are ever paired."""
    sizes = np.bincount(owner, minlength=n_sets or 0)
    order = np.lexsort((owner, elements))  # by element, then set
    _, counts = np.unique(elements[order], return_counts=True)
    x, y = pairs_within(counts)
    n = max(len(sizes), 1)
    codes, shared = np.unique(owner[order][x] * n + owner[order][y], return_counts=True)
    x, y = codes // n, codes % n
    contained = shared / np.minimum(sizes[x], sizes[y]) >= containment
    return list(zip(x[contained].tolist(), y[contained].tolist()))


def syndicated_copies(articles: list[Article], reports: dict[str, str]) -> dict[str, list[str]]:
    """Article id -> the other articles of other outlets it shares an independent report with."""
    return {a.id: sorted(b.id for b in articles if b.id != a.id and reports[b.id] == reports[a.id]
                         and b.outlet != a.outlet) for a in articles}


def build_claims(alignment: Alignment, articles: list[Article], reports: dict[str, str]):
    from .models import BriefClaim, Member

    by_article = {a.id: a for a in articles}
    columns = opinion_articles(alignment.groups)
    out, ids = [], {}
    for i, g in enumerate(alignment.groups, start=1):
        rep = medoid(g, alignment.scores, columns).claim
        outlets = sorted({m.outlet for m in g.members})
        support = len({reports[m.claim.article] for m in g.members})
        kinds = Counter(m.claim.kind.value for m in g.members)
        cid = f"c{i}"
        for m in g.members:
            ids[m.claim.id] = cid
        evidence = group_evidence(g, rep, by_article)
        by_report = evidence_by_report(evidence, by_article, reports)
        statement = rep.statement if support < 2 else pruned(rep.statement, rep.optional, shared_tokens(by_report))
        out.append(BriefClaim(
            id=cid, kind=min(kinds, key=lambda k: (-kinds[k], k)), statement=statement, support=support,
            outlets=outlets, articles=sorted(g.articles), single_source=support == 1, speaker=rep.speaker,
            coverage=coverage(statement, by_report), evidence=evidence,
            members=[Member(claim=m.claim.id, article=m.claim.article, statement=m.claim.statement,
                            score=g.scores.get(m.claim.id, 1.0), signals=g.signals.get(m.claim.id, {}))
                     for m in g.members],
        ))
    return out, ids


def evidence_by_report(evidence, by_article: dict[str, Article], reports: dict[str, str]) -> dict[str, str]:
    """The evidence's sentences as one text per independent report (syndicated copies count once)."""
    texts: dict[str, list[str]] = defaultdict(list)
    for e in evidence:
        texts[reports[e.article]].append(by_article[e.article].sentence(e.sentence).clean)
    return {r: " ".join(t) for r, t in texts.items()}


def build_conflicts(alignment: Alignment, articles: list[Article], claim_ids: dict[str, str]):
    from .models import Conflict, ConflictSide

    by_article = {a.id: a for a in articles}
    out = []
    for i, c in enumerate(alignment.conflicts, start=1):
        members = {m.claim.id: m for m in c["members"]}
        sides = []
        for label, ids in c["sides"].items():
            ms = [members[x] for x in ids]
            sides.append(ConflictSide(label=label, outlets=sorted({m.outlet for m in ms}),
                                      evidence=[e for m in ms for e in evidence_for(by_article[m.claim.article],
                                                                                    m.claim.sentences)]))
        hosts = {claim_ids[g.members[0].claim.id] for g in c.get("hosts", ())}  # the fact whose day differs
        involved = sorted({claim_ids[x] for x in members} | hosts, key=lambda cid: int(cid[1:]))
        where = f"in {involved[0]}" if len(involved) == 1 else "between " + ", ".join(involved)
        desc = "; ".join(f"{s.label!r}: {', '.join(s.outlets)}" for s in sides)
        out.append(Conflict(id=f"x{i}", slot=c["slot"], description=f"{c['slot']} differs {where}: {desc}",
                            claims=involved, sides=sides))
    return out


def consensus(articles: list[Article], claims: list[Claim], vectors: dict | None = None):
    """Brief claims and conflicts for the extracted claims of a set of articles (the whole pure step).
    `vectors`: statement text -> unit vector (consensus.semantic), or None for the lexical signals only."""
    with cyclic_gc_paused():  # resumed once brief_of's temporaries are freed: its first pass then finds few
        return brief_of(articles, claims, vectors)


def brief_of(articles: list[Article], claims: list[Claim], vectors: dict | None = None):
    """`consensus`, with the cycle collector as it is."""
    by_article = {a.id: a for a in articles}
    texts = {c.id: " ".join(by_article[c.article].sentence(n).clean for n in c.sentences) for c in claims}
    outlets = article_outlets(articles)
    alignment = align(claims, texts, outlets, vectors)
    brief_claims, ids = build_claims(alignment, articles, independent_reports(articles))
    return brief_claims, build_conflicts(alignment, articles, ids)


@contextmanager
def cyclic_gc_paused():
    """Python's cycle collector off for a while. The consensus step allocates about a million small containers
    (pairs, signals, tallies) that all live until it returns, in no reference cycle: each full collection would
    walk the whole grown heap again for nothing (a sixth of the time at 30,000 claims). What the step returns (the
    brief: 360,000 containers at 30,000 claims) joins the oldest generation as it is: the first young collection
    would otherwise walk all of it at once (0.2 s), then a middle one again. `gc.freeze()` then `gc.unfreeze()`
    does that move (two list splices), skipped when the caller has frozen objects of its own."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()

"""Which pairs of claims to score at all: exact blocking, so only pairs that can reach THRESHOLD are scored, and
the bounds that let the merge skip groups that cannot link."""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict

import numpy as np

from .. import canon
from .scoring import (Features, NEAR_IDENTICAL, SEMANTIC_ALL_CLAIMS, SEMANTIC_COS, SEMANTIC_DF, SEMANTIC_FLOOR,
                      THRESHOLD, W_ACTION, W_EVIDENCE, W_KIND, W_NUMBER, W_QUOTE, W_RARE, W_SEMANTIC, W_STATEMENT,
                      numbers_clash, pair_score, semantic_pairs)


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
    a shared number; both quoting a shared word; one action of one named thing; or else a statement or evidence
    Dice of at least what THRESHOLD needs without the number and quote bonuses (found by `dice_keys`, then
    bounded)."""
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
        if len(feats) > SEMANTIC_ALL_CLAIMS and math.log((n_docs + 1) / (SEMANTIC_DF + 0.5)) >= idf_cut:
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
    facet, a number, a quoted word or a named action (all of a block's pairs), or a `dice_keys` key on which two
    sets that meet there can still overlap by what Dice >= t needs (their smaller bound reaches t * (Ta + Tb) / 2).
    """
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
        for action in f.actions:
            whole[("\3", action)].append(i)
        for vec in (f.statement, f.evidence) if f.evidence is not f.statement else (f.statement,):
            vecs.append(vec)
            owners.append(i)
    set_of, key_arr, bound_arr = dice_keys(vecs, word_no, t, rare, semi)
    total_arr = np.array([sum(vec.values()) for vec in vecs], dtype=np.float64)[set_of]
    owner_arr = np.array(owners, dtype=np.int64)[set_of]
    members = [sorted(set(ms)) for ms in whole.values() if len(ms) > 1]
    x, y = pairs_within(np.array([len(ms) for ms in members], dtype=np.int64))
    flat = np.array([i for ms in members for i in ms], dtype=np.int64)
    found = [(flat[x], flat[y]), bound_pairs(feats)]
    # two sets that meet first on a key overlap by at most the smaller of their bounds there
    order = np.argsort(key_arr)
    sorted_keys = key_arr[order]
    x, y = pairs_within(np.diff(np.flatnonzero(np.diff(sorted_keys, prepend=-1, append=-1))))
    x, y = order[x], order[y]
    meet = 2 * np.minimum(bound_arr[x], bound_arr[y]) - t * (total_arr[x] + total_arr[y]) >= 0
    found.append((owner_arr[x[meet]], owner_arr[y[meet]]))
    return distinct_pairs(np.concatenate([a for a, _ in found]), np.concatenate([b for _, b in found]), len(feats))


def bound_pairs(feats: list[Features]) -> tuple[np.ndarray, np.ndarray]:
    """Claim indices (i, j) of every pair where a number one claim gives as a bound agrees with a number of the
    other (canon.agreeing: "over $10,000" and "$10,977.74"), which scoring.numbers_agree counts as a shared number.
    Bounds are few: each looks up the values of its unit inside its window."""
    bounded = [(i, v, u, side) for i, f in enumerate(feats) if not f.facet for v, u, side in f.bounds]
    if not bounded:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    units = {u for _, _, u, _ in bounded}
    by_unit: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for j, f in enumerate(feats):
        if not f.facet:
            for v, u in f.numbers:
                if u in units:
                    by_unit[u].append((v, j))
    for values in by_unit.values():
        values.sort()
    first, second = [], []
    for i, v, u, side in bounded:
        lo, hi = canon.agreeing(v, side)
        values = by_unit[u]
        for _, j in values[bisect.bisect_left(values, (lo, -1)):bisect.bisect_right(values, (hi, len(feats)))]:
            first.append(i)
            second.append(j)
    return np.array(first, dtype=np.int64), np.array(second, dtype=np.int64)


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
        # a bound may agree with any number of the other claim (scoring.numbers_agree): counted as shared
        self.numbered = np.array([bool(f.numbers) for f in feats], dtype=bool)
        self.bounded = np.array([bool(f.bounds) for f in feats], dtype=bool)
        action_no = {a: k for k, a in enumerate(sorted({a for f in feats for a in f.actions}))}
        self.actions = self.sets([dict.fromkeys(f.actions, 1.0) for f in feats], action_no)

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
        short = np.flatnonzero(informative & ~keep & (bound + W_NUMBER + W_QUOTE + W_ACTION >= floor))  # a bonus?
        bounded = (self.bounded[first[short]] | self.bounded[second[short]]) & self.numbered[first[short]] \
            & self.numbered[second[short]]
        number = np.where((self.shared(self.numbers, first[short], second[short])[2] > 0) | bounded, W_NUMBER, 0.0)
        quote = np.where(self.quoted[first[short]] & self.quoted[second[short]], W_QUOTE, 0.0)
        action = np.where(self.shared(self.actions, first[short], second[short])[2] > 0, W_ACTION, 0.0)
        keep[short] = bound[short] + number + quote + action >= floor[short]
        return (keep | self.facet[first]) & (self.article[first] != self.article[second])


# Largest amount by which pair_score's rounding (of each signal and of the sum) can lift a score above its formula.
ROUNDING_SLACK = 1e-4 * (1 + W_STATEMENT + W_EVIDENCE + W_QUOTE + W_NUMBER + W_KIND + W_RARE + W_ACTION)


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
        self.numbered = int(bool(f.numbers))  # members with a number, and with a bound (may agree with any number)
        self.bounded = int(bool(f.bounds))
        self.actions = dict.fromkeys(f.actions, 1)
        self.quoted = int(bool(f.quote_words))
        self.facets = int(bool(f.facet))
        self.rare = dict.fromkeys(f.rare, 1) if f.vector is not None else {}  # word -> members with it

    def absorb(self, other: Tally) -> Tally:
        """This tally plus another's (the other group is merged away)."""
        for mine, theirs in ((self.kinds, other.kinds), (self.numbers, other.numbers), (self.rare, other.rare),
                             (self.actions, other.actions)):
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
        self.numbered += other.numbered
        self.bounded += other.bounded
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
            if x.numbers:  # members that share a value, and those whose bound (or x's) may agree with one
                agree = self.numbered if x.bounds else self.bounded
                total += W_NUMBER * min(self.size, sum(numbers(n, 0) for n in x.numbers) + agree)
            if x.quote_words:
                total += W_QUOTE * self.quoted
            if x.actions:  # a member that shares several of x's actions gets the bonus once: at most the size
                total += W_ACTION * min(self.size, sum(self.actions.get(a, 0) for a in x.actions))
            if x.vector is not None and x.rare:  # only members sharing a rare word can get the semantic lift
                total += W_SEMANTIC * min(self.size, sum(self.rare.get(w, 0) for w in x.rare))
        return total

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
that hold at most one claim per article (two when the article repeats the fact), never two different values of
one number slot, whose members score on average at least THRESHOLD with the group and pairwise at least MIN_LINK.
Blocking is exact: only pairs that can reach THRESHOLD are scored (see candidate_pairs).
Conflicts: places and quote wording inside a group; numbers and dates between claims that agree on all else.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import canon
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

_PLACE_RX = re.compile(
    r"\b(?:send|sent|sending|deploy|deployed|deploying|move|moving|dispatch\w*)\b(?:[^.;:]|\.(?=\S|\s+[a-z])){0,40}?"
    r"\b(?:to|into)\s+"
    r"(?:the\s+)?([A-Za-z]+)"
)


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


@dataclass
class Group:
    members: list[Features]
    scores: dict[str, float] = field(default_factory=dict)  # claim id -> score with the group when it joined
    signals: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def articles(self) -> set[str]:
        return {m.claim.article for m in self.members}


@dataclass
class Alignment:
    groups: list[Group]
    conflicts: list[dict]


def idf_table(docs: list[list[str]]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for d in docs:
        for w in set(d):
            df[w] += 1
    n = len(docs) or 1
    return {w: round(math.log((n + 1) / (c + 0.5)), 6) for w, c in df.items()}


def weighted(words: list[str], idf: dict[str, float]) -> dict[str, float]:
    return {w: idf.get(w, 1.0) for w in dict.fromkeys(words)}


def overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice coefficient of two word sets."""
    if not a or not b:
        return 0.0
    shared = sum(min(a[w], b[w]) for w in a.keys() & b.keys())
    return 2 * shared / (sum(a.values()) + sum(b.values()))


def places(text: str) -> dict[str, str]:
    """Where something is sent or deployed, keyed so that 'Mexico' and 'Mexican (territory)' are one place:
    'to Mexico' -> {'mexic': 'mexico'}, 'to the border' -> {'borde': 'border'}."""
    found: dict[str, str] = {}
    for m in _PLACE_RX.finditer(text):
        word = m.group(1).lower()
        if word not in canon.STOPWORDS:
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
    return [Features(
        claim=c, outlet=outlets[c.article], statement=weighted(stmt_words[c.id], idf),
        evidence=weighted(evid_words[c.id], idf),
        quote_words={w for q in c.quotes for w in canon.content_words(q)} if c.kind == Kind.quote else set(),
        numbers={(n.value, n.unit) for n in c.numbers}, places=places(texts[c.id]), facet=c.facet,
        vector=vectors.get(c.statement) if vectors and not c.facet else None,
        rare=frozenset(w for w in stmt_words[c.id] if idf.get(w, 0.0) >= rare_idf) if vectors else frozenset(),
    ) for c in claims]


def pair_score(a: Features, b: Features) -> tuple[float, dict[str, float]]:
    """Similarity of two claims and the signals behind it. candidate_pairs() skips pairs that cannot reach
    THRESHOLD using each bonus at its maximum: a new bonus term must be added to its bound too."""
    if a.facet or b.facet:
        return facet_score(a, b)
    signals = {"statement": round(overlap(a.statement, b.statement), 4),
               "evidence": round(overlap(a.evidence, b.evidence), 4)}
    score = W_STATEMENT * signals["statement"] + W_EVIDENCE * signals["evidence"]
    if a.quote_words and b.quote_words:
        q = len(a.quote_words & b.quote_words) / len(a.quote_words | b.quote_words)
        signals["quote"] = round(q, 4)
        score += W_QUOTE * q
    shared = a.evidence.keys() & b.evidence.keys()
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


def semantic_pairs(feats: list[Features]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that the semantic signal may lift: both with vectors, sharing a rare statement word."""
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        if f.vector is not None:
            for w in f.rare:
                by_word[w].append(i)
    return {(i, j) for ids in by_word.values() for x, i in enumerate(ids) for j in ids[x + 1:]}


def facet_score(a: Features, b: Features) -> tuple[float, dict[str, float]]:
    """A date facet matches only the same date, and more strongly when the sentences around it agree."""
    if a.facet != b.facet:
        return 0.0, {}
    evidence = round(overlap(a.evidence, b.evidence), 4)
    return round(0.5 + 0.5 * evidence, 4), {"facet": 1.0, "evidence": evidence}


def numbers_clash(a: Features, b: Features) -> bool:
    """Same unit, different value: two claims that cannot state the same fact."""
    units_a = {u: v for v, u in a.numbers if u}
    return any(u in units_a and units_a[u] != v for v, u in b.numbers if u)


def dice_keys(vec: dict[str, float], t: float, rare: float, semi: float) -> list[tuple[tuple, float]]:
    """Blocking keys of one weighted word set such that any two sets with weighted Dice >= t share a key,
    each with a bound on the overlap of two sets that meet first on that key.

    Exact prefix filtering: a word weighs its idf in every set, and Dice >= t needs an overlap of at least
    need = t * total / (2 - t) of each set. Take the shared words C rarest first (weight, then word): the pair
    meets on C[0] when that word is rare (short posting list), else on C[:2] when C[1] is fairly rare, else on
    C[:3] (common words never make one big block); a C of one or two common words that alone reaches need meets
    on ("=", *C). A set indexes a key only when the key's words plus all its later words reach need.
    """
    items = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))
    n = len(items)
    suf = [0.0] * (n + 1)  # suf[k]: weight of words k.. in the order
    for k in range(n - 1, -1, -1):
        suf[k] = suf[k + 1] + items[k][1]
    need = t * suf[0] / (2 - t) * (1 - 1e-9)
    keys: list[tuple[tuple, float]] = []
    m = 0
    while m < n and items[m][1] >= rare:
        if suf[m] >= need:
            keys.append(((items[m][0],), suf[m]))
        m += 1
    for a in range(m, n):  # common words: a < b < c
        if suf[a] < need:
            break
        wa_, wa = items[a]
        if wa >= need:
            keys.append((("=", wa_), wa))
        for b in range(a + 1, n):
            if wa + suf[b] < need:
                break
            wb_, wb = items[b]
            if wb >= semi:
                keys.append(((wa_, wb_), wa + suf[b]))
                continue
            if wa + wb >= need:
                keys.append((("=", wa_, wb_), wa + wb))
            for c in range(b + 1, n):
                if wa + wb + suf[c] < need:
                    break
                keys.append(((wa_, wb_, items[c][0]), wa + wb + suf[c]))
    return keys


def candidate_pairs(feats: list[Features], idf_cut: float = 0.9, rare_df: int = 50,
                    semi_df: int = 1500) -> list[tuple[float, str, str, dict]]:
    """Scored pairs of claims from different articles that share at least one informative statement word.

    Only pairs that can reach THRESHOLD are scored, and which those are is decided exactly: the same date facet;
    a shared number; both quoting a shared word; or else a statement or evidence Dice of at least what
    THRESHOLD needs without the number and quote bonuses (found by `dice_keys`, then bounded)."""
    n_docs = 2 * len(feats)
    rare = math.log((n_docs + 1) / (rare_df + 0.5))
    semi = math.log((n_docs + 1) / (semi_df + 0.5))
    slack = 0.001  # for the rounding of signals and scores
    # the max(S, E) a pair needs when it has neither a shared number nor a shared quoted word
    t = (THRESHOLD - W_KIND - W_RARE - slack) / (W_STATEMENT + W_EVIDENCE)
    whole: dict[tuple, list[int]] = defaultdict(list)  # blocks of which every pair is a candidate
    dice: dict[tuple, list[tuple[float, float, int]]] = defaultdict(list)  # key -> (bound, total, claim)
    for i, f in enumerate(feats):
        if f.facet:
            whole[("\0" + f.facet,)].append(i)
            continue
        for num in f.numbers:
            whole[("\1",) + num].append(i)
        for w in f.quote_words:
            whole[("\2", w)].append(i)
        for vec in (f.statement, f.evidence) if f.evidence != f.statement else (f.statement,):
            total = sum(vec.values())
            for key, bound in dice_keys(vec, t, rare, semi):
                dice[key].append((bound, total, i))
    seen: set[tuple[int, int]] = set()
    for members in whole.values():
        seen.update(itertools.combinations(sorted(set(members)), 2))
    for members in dice.values():
        if len(members) < 2:
            continue
        # two sets meeting first on this key overlap by at most the smaller bound: Dice needs it >= t * (Ta + Tb) / 2
        members.sort(reverse=True)
        for x, (_, ti, i) in enumerate(members):
            seen.update((i, j) if i < j else (j, i) for bj, tj, j in members[x + 1:] if 2 * bj - t * (ti + tj) >= 0)
    # A cheap exact bound before the full score: Dice from the shared idf mass (a word weighs the same in every
    # set); the bonuses at their most.
    s_sum = [sum(f.statement.values()) for f in feats]
    e_sum = [sum(f.evidence.values()) for f in feats]
    same = [f.evidence == f.statement for f in feats]
    art = [f.claim.article for f in feats]
    pairs = []
    lifted = semantic_pairs(feats)  # scored in full below: the lexical bound does not hold for them
    for i, j in seen | lifted:
        if art[i] == art[j] or i == j:
            continue
        a, b = feats[i], feats[j]
        if not a.facet and (i, j) not in lifted:
            sa = a.statement
            shared = sa.keys() & b.statement.keys()
            if not shared:
                continue
            s = 2 * sum(map(sa.__getitem__, shared)) / (s_sum[i] + s_sum[j])
            if s < NEAR_IDENTICAL and max(map(sa.__getitem__, shared)) < idf_cut:
                continue  # no informative statement word in common (unless the statements are near-identical)
            if same[i] and same[j]:
                e = s
            elif e_sum[i] + e_sum[j]:
                ea = a.evidence
                e = 2 * sum(map(ea.__getitem__, ea.keys() & b.evidence.keys())) / (e_sum[i] + e_sum[j])
            else:
                e = 0.0
            bound = W_STATEMENT * s + W_EVIDENCE * e + W_KIND + W_RARE
            if bound < THRESHOLD - slack:
                if bound + W_NUMBER + W_QUOTE < THRESHOLD - slack:
                    continue
                if bound + (W_NUMBER if a.numbers & b.numbers else 0.0) + \
                        (W_QUOTE if a.quote_words and b.quote_words else 0.0) < THRESHOLD - slack:
                    continue
        score, signals = pair_score(a, b)
        if score >= THRESHOLD and not numbers_clash(a, b):
            pairs.append((score, a.claim.id, b.claim.id, signals))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def repeats_agree(ga: Group, gb: Group) -> bool:
    """Two groups may share an article only when that article states the fact twice (at most two claims,
    which agree with each other): its evidence then cites both sentences, its outlet still counts once."""
    for article in ga.articles & gb.articles:
        mine = [m for m in ga.members + gb.members if m.claim.article == article]
        if len(mine) > 2 or pair_score(mine[0], mine[1])[0] < THRESHOLD:
            return False
    return True


def align(claims: list[Claim], texts: dict[str, str], outlets: dict[str, str],
          vectors: dict | None = None) -> Alignment:
    """Group claims by fact. `texts` maps claim id -> its evidence text; `outlets` article id -> outlet;
    `vectors` (optional) statement text -> unit vector for the semantic signal."""
    claims = sorted(claims, key=lambda c: (c.article, c.sentences, c.statement, c.id))
    feats = features(claims, texts, outlets, vectors)
    group_of: dict[str, Group] = {}
    for f in feats:
        group_of[f.claim.id] = Group([f], {f.claim.id: 1.0}, {f.claim.id: {}})
    scored: dict[tuple[int, int], float] = {}  # (id(x), id(y)) -> pair_score(x, y)[0]: groups meet many times

    def score_of(x: Features, y: Features) -> float:
        key = (id(x), id(y))
        if key not in scored:
            scored[key] = pair_score(x, y)[0]
        return scored[key]

    articles_of: dict[int, set[str]] = {}  # id(group) -> its articles
    refused: dict[tuple[int, int], tuple[Group, Group]] = {}  # (id(ga), id(gb)) of groups that did not merge
    for score, a_id, b_id, signals in candidate_pairs(feats):
        ga, gb = group_of[a_id], group_of[b_id]
        if ga is gb or (id(ga), id(gb)) in refused:  # groups never change, so neither does the answer
            continue
        for g in (ga, gb):
            if id(g) not in articles_of:
                articles_of[id(g)] = g.articles
        if articles_of[id(ga)] & articles_of[id(gb)] and not repeats_agree(ga, gb):
            refused[id(ga), id(gb)] = (ga, gb)  # the groups are kept alive so that their ids stay theirs
            continue
        with_units = [x for x in ga.members if any(u for _, u in x.numbers)]  # only these can clash
        if with_units and any(numbers_clash(x, y) for x in with_units for y in gb.members):
            refused[id(ga), id(gb)] = (ga, gb)
            continue
        cross = [score_of(x, y) for x in ga.members for y in gb.members]
        if sum(cross) / len(cross) < THRESHOLD or min(cross) < MIN_LINK:
            refused[id(ga), id(gb)] = (ga, gb)
            continue
        merged = Group(ga.members + gb.members, {**ga.scores, **gb.scores}, {**ga.signals, **gb.signals})
        articles_of[id(merged)] = articles_of.pop(id(ga)) | articles_of.pop(id(gb))  # ids of freed groups recur
        for cid, g in ((a_id, ga), (b_id, gb)):
            if len(g.members) == 1:  # a claim's reason is the pair that brought it in
                merged.scores[cid], merged.signals[cid] = score, signals
        for m in merged.members:
            group_of[m.claim.id] = merged
    groups = {id(g): g for g in group_of.values()}.values()
    ordered = sorted(groups, key=lambda g: (-len({m.outlet for m in g.members}), min(m.claim.id for m in g.members)))
    for g in ordered:
        g.members.sort(key=lambda m: (m.claim.article, m.claim.id))
    return Alignment(list(ordered), conflicts(list(ordered)))


def conflicts(groups: list[Group]) -> list[dict]:
    """Within a group: places and quote wording. Across groups: claims that would state one fact but give the
    same slot different values (a number of one unit, the day of one happening), which therefore never joined."""
    found = []
    for g in groups:
        if len(g.articles) < 2:
            continue
        found.extend(place_conflicts(g))
        found.extend(wording_conflicts(g))
    found.extend(value_conflicts([m for g in groups for m in g.members]))
    return found


def value_conflicts(feats: list[Features]) -> list[dict]:
    """Pairs of claims from different articles that agree on everything but one value.

    Numbers: same unit, different value, and the claims otherwise score at least THRESHOLD ('killed 12 people'
    vs 'killed 15 people'). Dates: date facets of the same happening (same verb class, sentences overlapping by
    at least DATE_CONFLICT_OVERLAP) on different days ('said on Saturday' vs 'said on Friday'). Only claims that
    share a unit (or a verb) and one of their three most distinctive words are compared, so the cost stays
    near-linear. One conflict per pair of values, sides ordered by value."""
    buckets: dict[tuple, list[Features]] = defaultdict(list)
    for f in feats:
        slots = [("date", f.facet.split(":")[2])] if f.facet.count(":") == 2 else []
        slots += [("number", u) for _, u in f.numbers if u]
        for slot in dict.fromkeys(slots):
            for w in distinctive_words(f):
                buckets[slot + (w,)].append(f)
    seen: set[tuple[str, str]] = set()
    found: dict[tuple, dict] = {}
    for (slot, unit, _), members in sorted(buckets.items(), key=lambda kv: kv[0]):
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                key = tuple(sorted((a.claim.id, b.claim.id)))
                if a.claim.article == b.claim.article or key in seen:
                    continue
                seen.add(key)
                values = clashing_values(a, b, slot, unit)
                if values:
                    entry = found.setdefault((slot, unit) + values, {"slot": slot if slot == "date" else "number",
                                                                    "sides": {v: [] for v in values}, "members": []})
                    for f, v in ((a, values[0]), (b, values[1])) if value_of(a, slot, unit) == values[0] \
                            else ((a, values[1]), (b, values[0])):
                        if f.claim.id not in entry["sides"][v]:
                            entry["sides"][v].append(f.claim.id)
                            entry["members"].append(f)
    for entry in found.values():
        for ids in entry["sides"].values():
            ids.sort()
    return [found[k] for k in sorted(found)]


DATE_CONFLICT_OVERLAP = 0.4


def distinctive_words(f: Features, k: int = 3) -> list[str]:
    vec = f.evidence if f.facet else f.statement
    return [w for w, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def value_of(f: Features, slot: str, unit: str) -> str:
    if slot == "date":
        return f.facet.split(":")[1]
    return min((n.value, n.text) for n in f.claim.numbers if n.unit == unit)[1]  # as the article wrote it


def clashing_values(a: Features, b: Features, slot: str, unit: str) -> tuple[str, str] | None:
    va, vb = value_of(a, slot, unit), value_of(b, slot, unit)
    if va == vb:
        return None
    if slot == "date":
        if overlap(a.evidence, b.evidence) < DATE_CONFLICT_OVERLAP:
            return None
    elif not numbers_clash(a, b) or pair_score(a, b)[0] < THRESHOLD:
        return None
    return tuple(sorted((va, vb)))  # type: ignore[return-value]


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

    return [Evidence(article=article.id, sentence=n, start=article.sentence(n).start, end=article.sentence(n).end,
                     text=article.sentence(n).text) for n in sentences[:2]]


def medoid(g: Group) -> Features:
    """The member whose statement speaks for the group: neutral wording first (no loaded word outside quotation
    marks), then the one that agrees best with the others, then the smallest claim id."""
    def loaded(m: Features) -> bool:
        return bool(canon.loaded_terms(re.sub(r'"[^"]*"', " ", canon.normalize(m.claim.statement))))

    def mean(m: Features) -> float:
        others = [o for o in g.members if o is not m]
        return sum(pair_score(m, o)[0] for o in others) / len(others) if others else 1.0
    if len(g.members) == 1:
        return g.members[0]
    return sorted(g.members, key=lambda m: (loaded(m), -round(mean(m), 4), m.claim.id))[0]


def shingles(article: Article, n: int = 5) -> set[tuple[str, ...]]:
    ws = canon.words(" ".join(s.clean for s in article.sentences))
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def independent_reports(articles: list[Article], containment: float = 0.5) -> dict[str, str]:
    """Article id -> the independent report it belongs to. Articles of one outlet are one report, and so are
    wire or syndicated copies: two articles whose word 5-grams overlap by >= `containment` of the smaller one."""
    parent = {a.id: a.id for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = sorted((find(x), find(y)))
        parent[ry] = rx

    ordered = sorted(articles, key=lambda a: a.id)
    grams = {a.id: shingles(a) for a in ordered}
    if containment <= 0:  # then pairs that share nothing join too: compare them all
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                small = min(len(grams[a.id]), len(grams[b.id]))
                if a.outlet == b.outlet or (small and len(grams[a.id] & grams[b.id]) / small >= containment):
                    union(a.id, b.id)
        return {a.id: find(a.id) for a in ordered}
    # Only articles of one outlet or sharing a 5-gram can join: count shared 5-grams from an inverted index.
    # A report is a connected component named by its smallest id, so the order of the unions does not matter.
    by_outlet: dict[str, list[str]] = defaultdict(list)
    by_gram: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for a in ordered:
        by_outlet[a.outlet].append(a.id)
        for g in grams[a.id]:
            by_gram[g].append(a.id)
    for ids in by_outlet.values():
        for b in ids[1:]:
            union(ids[0], b)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in by_gram.values():
        for x, a in enumerate(ids):
            for b in ids[x + 1:]:
                shared[a, b] += 1
    for (a, b), n in shared.items():
        if n / min(len(grams[a]), len(grams[b])) >= containment:
            union(a, b)
    return {a.id: find(a.id) for a in ordered}


def syndicated_copies(articles: list[Article], reports: dict[str, str]) -> dict[str, list[str]]:
    """Article id -> the other articles of other outlets it shares an independent report with."""
    return {a.id: sorted(b.id for b in articles if b.id != a.id and reports[b.id] == reports[a.id]
                         and b.outlet != a.outlet) for a in articles}


def build_claims(alignment: Alignment, articles: list[Article], reports: dict[str, str]):
    from .models import BriefClaim, Member

    by_article = {a.id: a for a in articles}
    out, ids = [], {}
    for i, g in enumerate(alignment.groups, start=1):
        rep = medoid(g).claim
        outlets = sorted({m.outlet for m in g.members})
        support = len({reports[m.claim.article] for m in g.members})
        kinds = sorted((m.claim.kind.value for m in g.members), key=lambda k: (-[m.claim.kind.value for m in g.members].count(k), k))
        cid = f"c{i}"
        for m in g.members:
            ids[m.claim.id] = cid
        out.append(BriefClaim(
            id=cid, kind=kinds[0], statement=rep.statement, support=support, outlets=outlets,
            articles=sorted(g.articles), single_source=support == 1, speaker=rep.speaker,
            evidence=[e for m in g.members for e in evidence_for(by_article[m.claim.article], m.claim.sentences)],
            members=[Member(claim=m.claim.id, article=m.claim.article, statement=m.claim.statement,
                            score=g.scores.get(m.claim.id, 1.0), signals=g.signals.get(m.claim.id, {}))
                     for m in g.members],
        ))
    return out, ids


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
        involved = sorted({claim_ids[x] for x in members}, key=lambda cid: int(cid[1:]))
        where = f"in {involved[0]}" if len(involved) == 1 else "between " + ", ".join(involved)
        desc = "; ".join(f"{s.label!r}: {', '.join(s.outlets)}" for s in sides)
        out.append(Conflict(id=f"x{i}", slot=c["slot"], description=f"{c['slot']} differs {where}: {desc}",
                            claims=involved, sides=sides))
    return out


def consensus(articles: list[Article], claims: list[Claim], vectors: dict | None = None):
    """Brief claims and conflicts for the extracted claims of a set of articles (the whole pure step).
    `vectors`: statement text -> unit vector (consensus.semantic), or None for the lexical signals only."""
    by_article = {a.id: a for a in articles}
    texts = {c.id: " ".join(by_article[c.article].sentence(n).clean for n in c.sentences) for c in claims}
    outlets = article_outlets(articles)
    alignment = align(claims, texts, outlets, vectors)
    brief_claims, ids = build_claims(alignment, articles, independent_reports(articles))
    return brief_claims, build_conflicts(alignment, articles, ids)

"""Where outlets disagree: places and quote wording inside a group; numbers and days between claims that would
state one fact but for that value."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

from .. import canon
from .scoring import (Features, Group, MIN_LINK, THRESHOLD, clause_hosts, denied_of, numbers_clash, overlap,
                      pair_score)


def conflicts(groups: list[Group], clashes: list[tuple[Features, Features]] = (),
              denials: list[tuple[Features, Features]] = ()) -> list[dict]:
    """Within a group: places and quote wording. Across groups: claims that would state one fact but give the
    same slot different values (a number of one unit, the day of one happening), or of which one denies what the
    other states, which therefore never joined. `clashes`: the pairs of claims that candidate_pairs found clashing
    on a number; `denials`: the pairs of candidates that clash on a denial (scoring.denial_clash)."""
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
    found.extend(denial_conflicts(denials))
    return found


def denial_conflicts(denials: list[tuple[Features, Features]]) -> list[dict]:
    """One conflict per denied verb and denying claim: the claims that state the verb on one side ("seek"), the
    claim that denies it on the other ("not seek"). `denials`: candidate pairs of claims that clash on a denial."""
    found: dict[tuple, dict] = {}
    for a, b in denials:
        for denier, stater in ((a, b), (b, a)):
            for stem in sorted(denied_of(denier, stater)):
                verb = next(v for v in sorted(denier.claim.denied) if canon.content_stem(v) == stem)
                entry = found.setdefault((stem, denier.claim.id), {
                    "slot": "action", "unit": "", "sides": {verb: [], f"not {verb}": []}, "members": []})
                take_side(entry, stater, verb)
                take_side(entry, denier, f"not {verb}")
    return in_order(found)


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
                take_side(entry, f, value_of(f, slot, unit))
    return in_order(found)


def take_side(entry: dict, f: Features, value) -> None:
    """The claim joins the conflict's side of its value (once)."""
    if f.claim.id not in entry["sides"][value]:
        entry["sides"][value].append(f.claim.id)
        entry["members"].append(f)


def in_order(found: dict[tuple, dict]) -> list[dict]:
    """The conflicts by key, each side's claim ids sorted: the same whatever order the pairs came in."""
    for entry in found.values():
        for ids in entry["sides"].values():
            ids.sort()
    return [found[k] for k in sorted(found)]


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
        if not n.unit or at < 0 or n.bound:  # a bound ("over $10,000") may agree with another value
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
                    take_side(entry, f, v)
    return in_order(found)


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
    elif listed(a, unit) or listed(b, unit):
        return None
    elif unit in CURRENCIES and amounts_of_other_things(a, va, b, vb, unit):
        return None
    return tuple(sorted((va, vb)))  # type: ignore[return-value]


def listed(f: Features, unit: str) -> bool:
    """Whether a claim gives several values of one unit ("a $466.30 dinner ... and a $5,587.75 vacation"): which of
    them another claim's value differs from is not known from the unit (the least is no better a guess than the
    others), so whole claims set no value against another: anchored_value_conflicts sets each value by the named
    thing it is of."""
    return len({v for v, u in f.numbers if u == unit}) > 1


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

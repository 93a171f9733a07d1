"""The merge policy: candidate pairs merge greedily, best first, into groups under named conditions (one claim per
article up to MAX_REPEATS, no clashing numbers, refusals apart from what was refused, no two claims whose subjects
name different people, no claim with another outlet's denial of it, average and minimum linkage), then the folds
of dates and occasions."""

from __future__ import annotations

from collections import defaultdict

from .. import canon
from ..clauses import SCENE_ONLY
from ..models import Claim
from .scoring import (MIN_LINK, THRESHOLD, Alignment, Features, Group, ScoreCache, clause_hosts, clauses_of, features,
                      denial_clash, numbers_clash, restatement_score)
from .candidates import Tally, candidate_pairs
from .conflicts import conflicts


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



def people_differ(ga: Group, gb: Group, named: dict[int, list[Features]] | None = None) -> bool:
    """Whether a claim of one group and a claim of another article in the other name different people as who did
    or said it (no name word in common: "Tom Kirsch said she has signed a plea agreement" and "prosecutors
    recommended that Mr. Jackson receive 46 to 57 months"; "Brian Vicente said the challenge is political" and
    "John Suthers said the challenge was without merit"). Their words may meet on the story's subject; what they
    report is two people's. Claims whose subject names nobody (a pronoun, an office) are never kept apart by this.
    A date facet names the people of its clause, or the speaker a pronoun stands for (extract.facet_people): "Jon
    Bruning said Thursday" and "on Thursday, he [Mr. Suthers] said" are two days of speech, not one.
    (Within one article, repeats_agree judges restatements.) `named`: id(group) -> its members that name people,
    kept by the caller (most groups have none, and the check then costs nothing)."""
    mine = named[id(ga)] if named is not None else [m for m in ga.members if m.people]
    theirs = named[id(gb)] if named is not None else [m for m in gb.members if m.people]
    return any(x.claim.article != y.claim.article and x.people.isdisjoint(y.people) for y in theirs for x in mine)


def denials_between(ga: Group, gb: Group, denying_of: dict[int, list[Features]]) -> bool:
    """Whether a claim of one group denies a verb that a claim of another article in the other states (see
    scoring.denial_clash). `denying_of`: id(group) -> its members that deny a verb."""
    pairs = [(x, y) for x in denying_of.get(id(ga), ()) for y in gb.members]
    pairs += [(y, x) for y in denying_of.get(id(gb), ()) for x in ga.members]
    return any(x.claim.article != y.claim.article and denial_clash(x, y) for x, y in pairs)


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
    # id(group) -> its claims whose subject names people, for the groups that have any (most have none)
    named_of: dict[int, list[Features]] = {id(group_of[f.claim.id]): [f] for f in feats if f.people}
    # id(group) -> its claims that deny a verb, for the groups that have any (most have none)
    denying_of: dict[int, list[Features]] = {id(group_of[f.claim.id]): [f] for f in feats if f.denied}
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
        if id(ga) in named_of and id(gb) in named_of and people_differ(ga, gb, named_of):
            refused[id(ga), id(gb)] = (ga, gb)
            continue
        if (id(ga) in denying_of or id(gb) in denying_of) and denials_between(ga, gb, denying_of):
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
        if named := named_of.pop(id(ga), []) + named_of.pop(id(gb), []):
            named_of[id(merged)] = named
        if denying := denying_of.pop(id(ga), []) + denying_of.pop(id(gb), []):
            denying_of[id(merged)] = denying
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
    denials = [(by_id[a], by_id[b]) for score, a, b, _ in candidates
               if score >= THRESHOLD and (by_id[a].denied or by_id[b].denied) and denial_clash(by_id[a], by_id[b])]
    return Alignment(list(ordered), conflicts(list(ordered), [(by_id[a], by_id[b]) for a, b in sorted(clashes)],
                                              denials), score_of)



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

"""Consensus: group claims that state the same fact across articles and count distinct supporting outlets.

Pure and deterministic: no I/O, no LLM, no randomness, no dependence on input order (inputs are sorted first)
or thread count (scores are rounded). Same claims in, byte-identical groups out.

Alignment rule. Two claims of different articles are scored by
  0.55 * weighted overlap of the statements' content words (idf over all claims, so words every article uses,
         like the main names, count little)
+ 0.30 * weighted overlap of their evidence sentences' content words
+ 0.15 * overlap of the words inside their quotation marks (quotes only; against the shorter quotation, see
         scoring.quote_overlap)
+ 0.10 for a shared number (value and unit; or a bound and a value it agrees with, "over $10,000" and
         "$10,977.74": canon.agreeing), + 0.05 for the same kind,
+ 0.05 for one action of one named thing that both tell (W_ACTION: "resign congress", see sentences.named_actions),
+ 0.05 * the idf of the rarest word their sentences share (capped at RARE_IDF);
+ optionally the semantic signal (W_SEMANTIC, see SEMANTIC_* in scoring: statement vectors, only for pairs that
  already reach SEMANTIC_FLOOR and share a statement word: any word in a story of at most SEMANTIC_ALL_CLAIMS
  claims, a rare one beyond);
and the pair is a candidate when the score reaches THRESHOLD. A date facet ("on Saturday") is its own claim and
pairs only with the same date: 0.5 + 0.5 * evidence overlap. Candidates merge greedily, best first, into groups
that hold one claim per article (up to MAX_REPEATS when the article restates the fact; the brief then cites two of
its sentences, body before headline, and counts its outlet once), never two outlets' claims whose subjects name
different people (merge.people_differ), never two different values of one number slot (a bound clashes only
with a value it does not admit: scoring.numbers_clash), never a refusal ("rejected the offer") with what was
refused ("the offer involved sending troops"), never a claim with another article's claim that denies its verb
(scoring.denial_clash), never two claims that say two things of one subject (scoring.say_other_things: the
words they share all lie in their subjects), never the writer's reading of events ("the discussion highlights
...", see canon.analysis) with a reported fact, whose members of different articles score on average at least
THRESHOLD with the group and pairwise at least MIN_LINK.
A refusal that leaves out what was refused ("she declined") pairs with no other outlet's claim: it joins the group
of its own article's refusal that it restates (see refusals_restated).
Blocking is exact: only pairs that can reach THRESHOLD are scored (see candidate_pairs).
Conflicts: places and quote wording inside a group; numbers and dates between claims that agree on all else, and
an action one claim states and another denies ("seeks to overturn" vs "does not seek to overturn").

Modules, each one concern: scoring (claim features, the pair score), candidates (which pairs are scored: exact
blocking and bounds), merge (the merge policy and the folds of dates and occasions), conflicts, statements (what a
group says and cites), sources (independent reports and syndicated copies); this file builds the brief's claims.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from contextlib import contextmanager

from ..coverage import coverage, pruned, shared_tokens
from ..models import Article, Claim, Kind
from .candidates import Tally, candidate_pairs, dice_keys
from .conflicts import anchored_value_conflicts
from .merge import align
from .scoring import (NEAR_IDENTICAL, REFUSAL, THRESHOLD, Alignment, Features, Group, ScoreCache, features,
                      leaves_refused_out, numbers_clash, overlap, pair_score, places, restatement_score, states_refusal)
from .sources import article_outlets, containing_pairs_of, independent_reports, shingle_numbers, syndicated_copies
from .statements import evidence_for, group_evidence, medoid, opinion_articles

# What the rest of the project and its tests use of the stages inside (the package's interface).
__all__ = ["Features", "Group", "Kind", "NEAR_IDENTICAL", "REFUSAL", "ScoreCache", "THRESHOLD", "Tally",
           "anchored_value_conflicts", "article_outlets", "brief_of", "candidate_pairs", "consensus",
           "containing_pairs_of", "dice_keys", "features", "group_evidence", "independent_reports",
           "leaves_refused_out", "medoid",
           "numbers_clash", "opinion_articles", "overlap", "pair_score", "places", "restatement_score",
           "shingle_numbers", "states_refusal", "syndicated_copies"]


def build_claims(alignment: Alignment, articles: list[Article], reports: dict[str, str]):
    from ..models import BriefClaim, Member

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
    from ..models import Conflict, ConflictSide

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

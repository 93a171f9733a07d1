"""What a group says: the member that speaks for it (medoid) and the evidence it cites."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .. import canon, lexicon
from ..clauses import FRAGMENT, REPORTER_ONLY, SCENE_ONLY
from ..coverage import pruned, share_of, shared_tokens
from ..models import Article, Claim, Kind
from .scoring import Features, Group, ScoreCache



def evidence_for(article: Article, sentences: list[int]):
    from ..models import Evidence

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

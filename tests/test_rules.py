"""Each word list and pattern of clauses.py and canon.py on real sentences of at least two different stories
(examples/sheinbaum, jackson, marijuana, strzok): a rule that stays is a general principle, not one sentence's fix."""

import pytest

from consensus import canon
from consensus.clauses import FRAGMENT, REPORTER_ONLY, SCENE_ONLY, clauses, date_verb, occasions


def cut(sentence: str) -> list[str]:
    return clauses(canon.normalize(sentence))


# _SPLIT / _DEPENDENT: a participle of a verb of saying after a comma reports a statement of its own.
@pytest.mark.parametrize("sentence, tail", [
    ("Trump has recently vocalized his frustrations regarding drug smuggling activities crossing into the U.S., urging "
     "the Mexican government to take a firmer stance on criminal organizations.",  # sheinbaum
     "\u2026urging the Mexican government to take a firmer stance on criminal organizations."),
    ("The states of Nebraska and Oklahoma filed a federal lawsuit in the U.S. Supreme Court Thursday, claiming that "
     "Colorado's legalization of recreational marijuana is unconstitutional under federal law.",  # marijuana
     "\u2026claiming that Colorado's legalization of recreational marijuana is unconstitutional under federal law."),
    ('Strzok appeared to launch a new Twitter account to fire back, saying he\'s "deeply saddened" by the decision '
     "and linking to a GoFundMe page.",  # strzok
     '\u2026saying he\'s "deeply saddened" by the decision and linking to a GoFundMe page.'),
])
def test_a_participle_of_saying_after_a_comma_is_a_statement_of_its_own(sentence, tail):
    parts = cut(sentence)
    assert len(parts) == 2 and parts[1] == tail


# _COORDINATED: "and" + an auxiliary or a verb of saying or response opens a second predicate of the same subject.
@pytest.mark.parametrize("sentence, parts", [
    ('The Mexican leader said she declined and told Trump "will never accept the presence of the US Army in our '
     'territory."',  # sheinbaum
     ["The Mexican leader said she declined",
      '\u2026told Trump "will never accept the presence of the US Army in our territory."']),
    ('Mr. Trump contended that Mr. Strzok targeted the president and accused Mr. Strzok of being "treasonous" and a '
     '"disgrace."',  # strzok
     ["Mr. Trump contended that Mr. Strzok targeted the president",
      '\u2026accused Mr. Strzok of being "treasonous" and a "disgrace."']),
    ("He said he had never been more clear in his life, and had read the documents thoroughly and had understood the "
     "consequences of his actions.",  # jackson
     ["He said he had never been more clear in his life", "\u2026had read the documents thoroughly",
      "\u2026had understood the consequences of his actions."]),
])
def test_a_coordinated_predicate_leans_on_the_subject_before_it(sentence, parts):
    assert cut(sentence) == parts


# _LEAD and SCENE_ONLY: a leading adverbial that sets a scene is a fact of its own, and a scene alone.
@pytest.mark.parametrize("sentence, lead", [
    ("At a recent public event, President Claudia Sheinbaum of Mexico disclosed her refusal to accept a proposal "
     "from U.S. President Donald Trump.", "At a recent public event"),  # sheinbaum
    ("In court papers filed against Jackson on Friday, prosecutors said that upon conviction he must forfeit "
     "$750,000, plus tens of thousands of dollars' worth of memorabilia items and furs.",
     "In court papers filed against Jackson on Friday"),  # jackson
    ("In an explosive congressional hearing last month, Strzok sought to clear his name and address the many "
     "controversial messages.", "In an explosive congressional hearing last month"),  # strzok
])
def test_a_lead_that_sets_a_scene_is_a_piece_and_only_a_scene(sentence, lead):
    parts = cut(sentence)
    assert parts[0] == lead and len(parts) == 2
    assert SCENE_ONLY.match(parts[0]) and not SCENE_ONLY.match(parts[1])


# _GENERIC: a lead of linking nouns ("the same time", "the U.S. side", "the time") stays with its clause.
@pytest.mark.parametrize("sentence", [
    "On the U.S. side, the Army has increased aerial surveillance over Mexican cartels to gather intelligence.",
    "At the same time, the Mexican president said he urged Trump to stop cross-border arms trafficking.",  # sheinbaum
    "At the time, Mr. Strzok was in the early stages of investigating whether any Trump associates had conspired "
    "with Russia's interference in the presidential election.",  # strzok
    "In a statement, he said he intends to defend the state's marijuana laws.",  # marijuana: one content word
])
def test_a_lead_that_sets_no_scene_stays_with_its_clause(sentence):
    assert cut(sentence) == [sentence]


# _CONNECTOR: a connector links to the sentence before; the statement leaves it out.
@pytest.mark.parametrize("sentence, statement", [
    ("But Colorado Attorney General John Suthers isn't backing down.",  # marijuana
     "Colorado Attorney General John Suthers isn't backing down."),
    ("In addition, the inspector general said that Mr. Strzok had forwarded a proposed search warrant to his "
     "personal email account.",  # strzok
     "The inspector general said that Mr. Strzok had forwarded a proposed search warrant to his personal email "
     "account."),
])
def test_a_connector_is_left_out_of_the_statement(sentence, statement):
    assert cut(sentence) == [statement]


# _SPLIT "reported that" and REPORTER_ONLY: who reported is one piece, what was reported another that leans on it.
@pytest.mark.parametrize("sentence, reporter", [
    ('Her comments come the day after the Wall Street Journal reported that Trump is putting pressure on Mexico to '
     'allow "deeper US military involvement" in the fight against drug cartels.',  # sheinbaum
     "Her comments come the day after the Wall Street Journal reported"),
    ("Additional records disclosed Wednesday revealed that expenses charged by Jackson and his wife to his campaign "
     "included $4,272.78 on the Navigator of the Seas cruise.",  # jackson
     "Additional records disclosed Wednesday revealed"),
])
def test_who_reported_and_what_was_reported_are_two_pieces(sentence, reporter):
    parts = cut(sentence)
    assert parts[0] == reporter and REPORTER_ONLY.search(parts[0])
    assert parts[1].startswith(FRAGMENT + "that ") and not REPORTER_ONLY.search(parts[1])


# _SPLIT "following/amid/after the ...": the event something followed is a fact of its own.
@pytest.mark.parametrize("sentence, tail", [
    ("Tension between the two governments escalated following the U.S. decision in February to designate the "
     "Sinaloa cartel and other Mexican cartels as global terrorist organizations.",  # sheinbaum
     "\u2026following the U.S. decision"),
    ("The former national co-chairman of President Barack Obama's 2008 presidential campaign, Jackson was first "
     "elected to office in 1995 and resigned from Congress last year amid a federal investigation and his treatment "
     "for bipolar disorder.", "\u2026amid a federal investigation"),  # jackson
    ("Strzok was removed from the special counsel probe last year after the discovery that he exchanged anti-Trump "
     "and other politically charged messages with colleague and lover Lisa Page.",
     "\u2026after the discovery"),  # strzok
])
def test_the_event_something_followed_is_a_piece(sentence, tail):
    parts = cut(sentence)
    assert len(parts) == 2 and parts[1].startswith(tail)


# _SPLIT "as <Name> <verb>ed": what happened meanwhile; "as well as" joins things and is never cut.
def test_what_happened_meanwhile_is_cut_but_as_well_as_is_not():
    sheinbaum = ('The WSJ report cited anonymous sources, claiming that "tension rose" during an April 16 call between '
                 'the two leaders as Trump "pushed to have US armed forces take a leading role in battling Mexican '
                 'drug gangs."')
    assert cut(sheinbaum)[-1].startswith('Trump "pushed to have US armed forces')
    strzok = ("Strzok exchanged texts with former FBI official Lisa Page that disparaged Trump as well as other "
              "politicians, including various Democrats.")
    assert cut(strzok) == [strzok]


# _OCCASION and _OCCASION_NAMES: where somebody spoke; a press conference is a news conference.
@pytest.mark.parametrize("sentence, occasion", [
    ("At a recent public event, President Claudia Sheinbaum of Mexico disclosed her refusal to accept a proposal "
     "from U.S. President Donald Trump.", "event"),  # sheinbaum
    ('"This contraband has been heavily trafficked into our state," Nebraska Attorney General Jon Bruning said at a '
     "news conference in Lincoln.", "news conference"),  # marijuana
    ("Wray said at at a press conference in June that the bureau wouldn't \"hesitate to hold people accountable for "
     'their actions" after the disciplinary process.', "news conference"),  # strzok
    ("In an explosive congressional hearing last month, Strzok sought to clear his name.", "hearing"),  # strzok
])
def test_the_occasion_of_a_statement_is_named_one_way(sentence, occasion):
    assert [o for o, _ in occasions(sentence)] == [occasion]


# SPEECH_VERBS: any verb of saying near a day is the day somebody spoke.
@pytest.mark.parametrize("sentence, day", [
    ("Speaking at a public event on Saturday, Sheinbaum said Trump had asked her during the phone call.",
     "saturday"),  # sheinbaum
    ("Additional records disclosed Wednesday revealed that expenses charged by Jackson and his wife to his campaign "
     "included $4,272.78 on the Navigator of the Seas cruise.", "wednesday"),  # jackson
    ("Strzok attorney Aitan Goelman said in a statement Monday that his client was fired Friday afternoon.",
     "monday"),  # strzok
])
def test_a_verb_of_saying_near_a_day_dates_the_speech(sentence, day):
    assert date_verb(sentence, day) == "said"


# LOADED_WORDS: words of attack, intensifiers and characterizations the brief never says in its own voice.
@pytest.mark.parametrize("text, word", [
    ("In summary, President Claudia Sheinbaum firmly rejected an offer from President Trump", "firmly"),  # sheinbaum
    ("Mexican President Snubs Trump's Push for U.S. Military In Mexico's Cartel Fight", "snubs"),  # sheinbaum
    ("Strzok's attorney, meanwhile, blasted the bureau on Monday", "blasted"),  # strzok
    ("amid the release of a scathing DOJ inspector general report", "scathing"),  # strzok
])
def test_loaded_words_are_judgements(text, word):
    assert word in canon.loaded_terms(text)
    assert canon.judgement(text)


# SAME_ACT: the verbs of one refusal or removal meet on one stem.
def test_the_verbs_of_a_refusal_meet_across_stories():
    sheinbaum = canon.content_words("Sheinbaum disclosed her refusal to accept a proposal")
    strzok = canon.content_words("pressure by Mr. Trump to dismiss Mr. Strzok")
    assert "reject" in sheinbaum and "reject" in strzok


# _ANALYSIS_RX: the writer's present-tense reading of events is opinion; a past act of a source is not.
@pytest.mark.parametrize("clause, read", [
    ("Trump has voiced frustrations about drug smuggling, signaling ongoing tensions in U.S.-Mexico relations.",
     False),  # sheinbaum: the whole sentence reports; its participial piece reads
    ("\u2026signaling ongoing tensions in U.S.-Mexico relations.", True),  # sheinbaum
    ("Harvard economist Jeff Miron, a vocal supporter of marijuana policy reform, highlighted the precarious nature "
     "of state marijuana laws in a November op-ed for CNN.", False),  # marijuana: a past act
    ("Messages continued to trickle out, including some reflecting apparent concern about being too tough on "
     "Clinton.", False),  # strzok: "reflecting" inside the clause, not opening it
])
def test_the_writers_reading_of_events_across_stories(clause, read):
    assert canon.analysis(clause) is read


# lexicon.evaluative_words: the general lexicons (VADER, TextBlob) judge words, not names. A capitalised word that
# does not open a sentence, and a single letter, are a name's ("Supreme Court", "United States", "Robert L.").
@pytest.mark.parametrize("text, words", [
    ("The states of Nebraska and Oklahoma filed a federal lawsuit in the U.S. Supreme Court Thursday", []),  # marijuana
    ("He pleaded guilty to conspiracy before U.S. District Judge Robert L. Wilkins.", ["guilty", "conspiracy"]),
    ("Trump has repeatedly attacked other neighbors in Mexico and the United States.", ["attacked"]),  # sheinbaum
    ("Strzok's attorney, meanwhile, blasted the bureau on Monday", ["blasted"]),  # strzok
    ("Nebraska and Oklahoma complained about an influx of marijuana.", ["complained"]),  # marijuana
    # a sentence's first word is a word; quoted words are the speaker's, not ours
    ('Bad news: he said "it is a terrible decision."', ["bad"]),
])
def test_the_lexicons_judge_words_not_names(text, words):
    from consensus import lexicon

    assert lexicon.evaluative_words(text) == words

import pytest

from consensus import markdown, write
from consensus.models import Brief, BriefArticle, BriefClaim, Evidence, Kind


def brief_with(statement: str, kind=Kind.event, support: int = 1) -> Brief:
    """A brief of one claim: stated by Townhall alone, or (support=2) by Townhall and Voz."""
    outlets = ["Townhall", "Voz"][:support]
    ev = [Evidence(article=f"00{i}", sentence=1, start=0, end=len(statement), text=statement) for i in range(support)]
    claims = [BriefClaim(id="c1", kind=kind, statement=statement, support=support, outlets=outlets,
                         articles=[e.article for e in ev], single_source=support == 1, evidence=ev)]
    b = Brief(title="T", outlets=2, claims=claims,
              articles=[BriefArticle(id=f"00{i}", source=f"{i}.txt", outlet=o) for i, o in enumerate(outlets)])
    b.brief_markdown = markdown.to_markdown(b)
    return b


def test_neutral_voice_check_fails_on_adopted_loaded_wording():
    assert write.loaded_terms_in_own_voice("- In a bold display of defiance, Sheinbaum rejected the offer [1/2")
    assert write.loaded_terms_in_own_voice('- Townhall wrote: "In a bold display of defiance" [1/2') == []


@pytest.mark.parametrize("statement", [
    "The senator slammed the proposal as a giveaway",  # not in the seeds: words style guides tell reporters to avoid
    "The embattled minister lashed out at reporters",
    "Critics called the draconian measure a fiasco",
    "Sadly, the talks collapsed",
])
def test_loaded_words_beyond_the_seeds_are_never_in_our_voice(statement):
    b = brief_with(statement, support=2)
    assert f'Townhall wrote: "{statement}."' in b.brief_markdown
    assert write.loaded_terms_in_own_voice(b.brief_markdown) == []


def test_loaded_statement_is_attributed_and_quoted_not_adopted():
    b = brief_with("In a bold display of defiance, Sheinbaum rejected the offer", support=2)
    assert 'Townhall wrote: "In a bold display of defiance, Sheinbaum rejected the offer."' in b.brief_markdown
    assert write.loaded_terms_in_own_voice(b.brief_markdown) == []


def test_article_markup_and_ansi_are_neutralised():
    b = brief_with("Sheinbaum <script>alert(1)</script> said \x1b[31mred\x1b[0m [x](http://evil.example)")
    md = b.brief_markdown
    import re

    assert "<script>" not in md and "\x1b" not in md
    assert not re.search(r"(?<!\\)\]\(http", md)  # the link is escaped: shown as text, not rendered


def test_every_statement_carries_its_count():
    b = brief_with("Sheinbaum rejected the offer")
    assert "[1/2: Townhall]" in b.brief_markdown


def test_lede_uses_the_widest_supported_neutral_sentences():
    from consensus.models import Member

    def claim(i, statement, support, kind=Kind.event):
        evidence = [Evidence(article=f"00{k}", sentence=1, start=0, end=len(statement), text=statement)
                    for k in range(support)]  # each outlet states it in these words
        return BriefClaim(id=f"c{i}", kind=kind, statement=statement, support=support,
                          outlets=[f"O{k}" for k in range(support)], articles=[e.article for e in evidence],
                          single_source=support == 1, evidence=evidence,
                          members=[Member(claim=f"x.{i}", article="000", statement=statement, score=1)])

    claims = [claim(1, "In a bold display of defiance, Sheinbaum rejected the offer", 3),
              claim(2, "Sheinbaum rejected the offer to send troops to Mexico", 3),
              claim(6, "Mexico's president Sheinbaum rejects the offer of troops", 3),  # the same, worded anew
              claim(3, "\u2026which has intensified violence in Mexico for two decades", 2),
              claim(4, "The Wall Street Journal reported the offer on Friday", 2),
              claim(5, "A lone outlet says something nobody else says", 1)]
    b = Brief(title="T", outlets=3, claims=claims,
              articles=[BriefArticle(id=f"00{k}", source=f"{k}.txt", outlet=f"O{k}") for k in range(3)])
    md = markdown.to_markdown(b)
    lede = next(ln for ln in md.splitlines() if ln.startswith("**In brief:**"))
    assert "Sheinbaum rejected the offer to send troops to Mexico [3/3]." in lede
    assert "The Wall Street Journal reported the offer on Friday [2/3]." in lede
    assert "bold" not in lede and "intensified" not in lede and "lone outlet" not in lede
    assert "rejects the offer of troops" not in lede


@pytest.mark.parametrize("wordings, chosen", [
    # seed wordings of one fact: a scene cut from its sentence has no main clause
    (["In response to a Wall Street Journal report published on Friday",
      "This revelation came, \u2026after a Wall Street Journal report surfaced"], None),
    # the paragraph has no antecedent for "He"
    (["He accused both countries of allowing illegal drugs, particularly fentanyl, to flow through the borders",
      "Trump has frequently argued that Mexico is insufficiently managing the issue of drug trafficking"],
     "Trump has frequently argued that Mexico is insufficiently managing the issue of drug trafficking"),
    (["He accused both countries of allowing illegal drugs to flow through the borders"],
     "He accused both countries of allowing illegal drugs to flow through the borders"),
    # jackson: nor for "His"; a wording that names its subject goes first
    (["His wife later pleaded guilty Wednesday to a charge of filing false income tax returns",
      "Sandra Jackson later pleaded guilty Wednesday to a charge of filing false income tax returns"],
     "Sandra Jackson later pleaded guilty Wednesday to a charge of filing false income tax returns"),
    # the words she stated are in the sentence before: an attribution alone says nothing
    (["Sheinbaum stated, providing insight into the conversation highlighted in a report by The Wall Street Journal.",
      "This revelation came after a Wall Street Journal report surfaced"],
     "This revelation came after a Wall Street Journal report surfaced"),
])
def test_the_lede_takes_a_wording_that_reads_as_a_whole_sentence(wordings, chosen):
    from consensus.models import Member

    c = BriefClaim(id="c1", kind=Kind.event, statement=wordings[0], support=2, outlets=["A", "B"], articles=["000"],
                   single_source=False, evidence=[],
                   members=[Member(claim=f"x.{i}", article="000", statement=w, score=1) for i, w in enumerate(wordings)])
    assert markdown.lede_sentence(c) == chosen


@pytest.mark.parametrize("clause, shown", [
    ('We will make America safe again."', '"We will make America safe again."'),  # opened in the sentence before
    ("It can't go on the way it is,\" although he did not elaborate",
     "\"It can't go on the way it is,\" although he did not elaborate"),
    ('He noted, "You could say at some point', 'He noted, "You could say at some point"'),  # runs on
    ('Told Trump "will never accept"', 'Told Trump "will never accept"'),
])
def test_half_a_quotation_is_closed_on_the_side_it_is_missing(clause, shown):
    assert write.balanced(clause) == shown


def test_a_date_group_says_its_count_is_for_the_day():
    # a seed date group: three outlets give Saturday, two of them for other clauses
    b = brief_with("On Saturday, Sheinbaum said she offered to cooperate with the U.S. [date: Saturday]", support=2)
    line = next(ln for ln in b.brief_markdown.splitlines() if ln.startswith("- "))
    # no fact of two reports to show it under: the outlet's words, attributed, with the day's count
    assert line.startswith('- Townhall reported: "On Saturday, Sheinbaum said she offered to cooperate with the U.S."')
    assert "[date:" not in line
    from consensus import html
    assert html.display(b.claims[0]) == ("The date, Saturday",
                                         html.quoted("On Saturday, Sheinbaum said she offered to cooperate with the U.S."))


def test_the_sources_name_the_agency_credited_and_the_copies_counted_once():
    b = brief_with("Sheinbaum rejected the offer")
    b.articles = [BriefArticle(id="000", source="a.txt", outlet="Townhall", wire="Reuters", syndicated_with=["001"]),
                  BriefArticle(id="001", source="b.txt", outlet="Voz", wire="Reuters", syndicated_with=["000"])]
    md = markdown.to_markdown(b)
    assert "- 000: Townhall, a.txt (credits Reuters; one report with 001 (Voz))" in md
    assert "- 001: Voz, b.txt (credits Reuters; one report with 000 (Townhall))" in md


def test_copies_of_one_report_are_named_together_beside_their_count():
    # three outlets beside a count of 2 must read right: the two that run one Reuters copy are one report
    from consensus import html
    from consensus.models import Conflict, ConflictSide

    b = brief_with("Halvorsen Motors will recall 310,000 Trailmark sport utility vehicles")
    b.outlets = 3
    b.articles = [BriefArticle(id="000", source="a.txt", outlet="AutoWeek"),
                  BriefArticle(id="001", source="b.txt", outlet="Wire Times", wire="Reuters", syndicated_with=["002"]),
                  BriefArticle(id="002", source="c.txt", outlet="Gazette Herald", wire="Reuters", syndicated_with=["001"])]
    b.claims[0] = b.claims[0].model_copy(update={"support": 2, "outlets": ["AutoWeek", "Gazette Herald", "Wire Times"],
                                                 "articles": ["000", "001", "002"], "single_source": False})
    b.conflicts = [Conflict(id="x1", slot="number", description="number differs", claims=["c1"], sides=[
        ConflictSide(label="310,000", outlets=["Gazette Herald", "Wire Times"], evidence=[])])]
    md = markdown.to_markdown(b)
    assert "_3 articles from 3 outlets, counted as 3 independent reports" not in md
    assert "[2/3: AutoWeek, Gazette Herald + Wire Times (one report)]" in md
    assert '- Number: Gazette Herald + Wire Times (one report): "310,000" [1/3]' in md
    b.outlets = 2
    assert "_3 articles from 3 outlets, counted as 2 independent reports (syndicated copies count once)." \
        in markdown.to_markdown(b)
    page = html.to_html(b)
    assert "[2/2: AutoWeek, Gazette Herald + Wire Times (one report)]" in page
    assert "[1/2: Gazette Herald + Wire Times (one report)]" in page


def test_a_claim_in_a_conflict_says_so_beside_its_count():
    from consensus.models import Conflict

    b = brief_with("Daniel Okafor resigned on Monday")
    b.conflicts = [Conflict(id="x1", slot="date", description="date differs", claims=["c1"], sides=[])]
    md = markdown.to_markdown(b)
    assert '- Townhall reported: "Daniel Okafor resigned on Monday" [1/2: Townhall] (outlets disagree: date) ' \
        '([evidence](#c1))' in md
    b.conflicts = []
    assert "outlets disagree:" not in markdown.to_markdown(b)


def test_a_statement_that_judges_is_the_outlet_s_words_not_ours():
    b = brief_with("The bank should have paused months ago", support=2)
    assert 'Townhall wrote: "The bank should have paused months ago."' in b.brief_markdown


def test_explain_names_the_copies_of_one_report_together():
    from consensus.explain import explain_claim

    b = brief_with("Halvorsen Motors will recall 310,000 Trailmark sport utility vehicles")
    b.articles = [BriefArticle(id="000", source="a.txt", outlet="Wire Times", wire="Reuters", syndicated_with=["001"]),
                  BriefArticle(id="001", source="b.txt", outlet="Gazette Herald", wire="Reuters", syndicated_with=["000"])]
    b.claims[0] = b.claims[0].model_copy(update={"outlets": ["Gazette Herald", "Wire Times"], "articles": ["000", "001"]})
    b.outlets = 1
    assert explain_claim(b, "c1").startswith("c1 [1/1: Gazette Herald + Wire Times (one report)] event:")


def test_a_quotation_speaking_for_a_group_of_reports_names_its_speaker():
    # the info-sharing group of the seeds: two reports and Sheinbaum's words; the group's kind is the reports'
    b = brief_with('"We can share information"', support=2)
    b.claims[0].speaker = "Sheinbaum"
    assert '- Sheinbaum said: "We can share information." [2/2' in markdown.to_markdown(b)
    b.claims[0].statement = "Mexico offered to share information"  # a report is nobody's words
    assert "- Mexico offered to share information. [2/2" in markdown.to_markdown(b)


@pytest.mark.parametrize("statement, speaker", [
    # strzok: the lawyer's words, named after them; another member's sentence about another man's words stood in
    ('"This decision should be deeply troubling to all Americans," Mr. Goelman added.', "Goelman"),
    # marijuana: the advocate's words, as both outlets printed them
    ('"I think it shows they are on the wrong side of history," Vicente said.', "Vicente"),
])
def test_a_quotation_that_names_its_speaker_is_stated_as_his_words(statement, speaker):
    from consensus.models import Member

    b = brief_with(statement, kind=Kind.quote, support=2)
    b.claims[0].speaker = speaker
    b.claims[0].members = [Member(claim="x.0", article="000", statement=statement, score=1),
                           Member(claim="x.1", article="001", statement="The inspector general was troubled by it.",
                                  score=1)]
    assert f"- {statement} [2/2" in markdown.to_markdown(b)
    b.claims[0].speaker = ""  # nobody named as the speaker: the words are an outlet's
    assert f"- {statement} [2/2" not in markdown.to_markdown(b)


@pytest.mark.parametrize("cut, whole", [
    # strzok: consensus left out a clause HuffPost alone gives; the words are still The New York Times'
    ("The inspector general found no evidence that the pair imposed their views on their investigative decisions.",
     "The inspector general found no evidence that the pair imposed their political views on their investigative "
     "decisions but cited that exchange."),
    # jackson: a list cut from a sentence, with its numbers
    ("Prosecutors say Jackson used campaign money to buy items including a $43,350 Rolex watch.",
     "Federal prosecutors say Jackson used campaign money to buy items including a $43,350 gold-plated men's Rolex "
     "watch and $9,587.64 worth of children's furniture."),
])
def test_a_statement_cut_from_a_members_wording_is_that_outlets(cut, whole):
    from consensus.models import Member

    b = brief_with(cut, support=2)
    b.claims[0].members = [Member(claim="x.0", article="000", statement="Something else entirely.", score=1),
                           Member(claim="x.1", article="001", statement=whole, score=1)]
    assert markdown.Page.of(b).author(b.claims[0]) == "Voz"  # 001's outlet, not the group's first
    assert not markdown.words_in_order(cut, "Something else entirely.")


@pytest.mark.parametrize("statement", [
    "Jackson will be restricted to living in the D.C. or Chicago area",  # HuffPost alone, jackson story
    "Colorado does not require consumers to smoke or eat their marijuana where they buy it",  # NYT alone, marijuana
    "Sheinbaum rejected the offer",  # seeds
])
def test_what_one_outlet_alone_says_is_its_report_never_our_voice(statement):
    md = brief_with(statement).brief_markdown
    assert f'- Townhall reported: "{statement}" [1/2: Townhall]' in md
    assert f"- {statement}" not in md


def test_one_outlet_s_quotation_names_who_it_quoted():
    b = brief_with('"Not a proud day"', kind=Kind.quote)
    b.claims[0].speaker = "Jackson"
    assert '- Townhall quoted Jackson: "\'Not a proud day\'" [1/2' in markdown.to_markdown(b)


def test_the_lede_reads_whole_sentences_only():
    # the seeds' lede had "Her comments come the day after the Wall Street Journal reported [5/5]"
    assert not markdown.reads_whole("Her comments come the day after the Wall Street Journal reported")
    assert not markdown.reads_whole("In response to a Wall Street Journal report published on Friday")
    assert markdown.reads_whole("Mexican President Claudia Sheinbaum rejected the offer of U.S. troops")


@pytest.mark.parametrize("fact, day, label", [
    # seeds: three outlets give Saturday for the day Sheinbaum spoke of the call
    ("Sheinbaum said she offered to cooperate with Washington", "Saturday", "Said on"),
    # jackson: the day the plea was entered
    ("Jesse Jackson Jr. pleaded guilty to one count of conspiracy to commit wire and mail fraud", "Wednesday",
     "On which day"),
    # strzok: Monday is the day the lawyer spoke; Strzok was fired on Friday
    ("Strzok's lawyer said his client was fired on Friday afternoon", "Monday", "Said on"),
])
def test_a_date_is_shown_inside_the_fact_whose_sentences_give_it(fact, day, label):
    b = brief_with(fact, support=2)
    facet = b.claims[0].model_copy(update={"id": "c2", "statement": f"On {day}, {fact} [date: {day}]"})
    b.claims.append(facet)
    md = markdown.to_markdown(b)
    lines = md.split("## Agreed facts")[1].split("## ")[0].strip().splitlines()
    assert lines[0].startswith(f"- {fact}. [2/2: Townhall, Voz]")
    assert lines[1] == f"  - {label}: {day} [2/2: Townhall, Voz] ([evidence](#c2))"
    assert len(lines) == 2


@pytest.mark.parametrize("wordings, shown", [
    # seeds: a fragment that leans on the sentence before; a member's whole sentence speaks for the group
    (["\u2026suggesting a focus through information-sharing", "She proposed information sharing between the nations"],
     "She proposed information sharing between the nations."),
    # jackson: a sentence cut at an abbreviation is no sentence (the parser finds no verb); the other wording is
    (["Mr. Jackson's father, the Rev.", "Jackson's father, Jesse Jackson, ran for president twice"],
     "Jackson's father, Jesse Jackson, ran for president twice."),
    # marijuana: a phrase without a verb
    (["The regulation of recreational marijuana -- as seen in programs in Colorado and Washington state",
      "Colorado and Washington state regulate recreational marijuana"],
     "Colorado and Washington state regulate recreational marijuana."),
])
def test_the_brief_s_voice_states_a_whole_sentence_from_the_group_s_wordings(wordings, shown):
    from consensus.models import Member

    b = brief_with(wordings[0], support=2)
    b.claims[0].members = [Member(claim=f"x.{i}", article=f"00{i}", statement=w, score=1)
                           for i, w in enumerate(wordings)]
    for e in b.claims[0].evidence:  # each outlet's sentence holds the words of both wordings
        e.text = " ".join(wordings)
    assert f"- {shown} [2/2" in markdown.to_markdown(b)


def test_a_group_of_fragments_is_shown_in_its_author_s_sentence():
    # seeds: every wording leans on the sentence before it; the author's own sentence is quoted and attributed
    b = brief_with("\u2026urging coordination with the Mexican government", support=2)
    b.claims[0].evidence[0].text = "The report urged careful coordination with the Mexican government."
    line = next(ln for ln in markdown.to_markdown(b).splitlines() if ln.startswith("- Townhall"))
    assert line.startswith('- Townhall wrote: "The report urged careful coordination with the Mexican government." [2/2')


def test_the_page_shows_five_claims_of_one_outlet_and_says_how_many_more():
    b = brief_with("Sheinbaum rejected the offer of troops")
    base = b.claims[0]
    b.claims = [base.model_copy(update={"id": f"c{i}", "statement": f"Sheinbaum spoke to reporters about item {i}",
                                        "evidence": [base.evidence[0].model_copy(update={"sentence": i})]})
                for i in range(1, 9)]
    page, full = markdown.to_markdown(b), markdown.to_markdown(b, full=True)
    assert page.count('- Townhall reported: "Sheinbaum spoke') == markdown.ONE_OUTLET_SHOWN
    assert "3 more reported by Townhall alone" in page
    assert full.count('- Townhall reported: "Sheinbaum spoke') == 8 and "more reported by" not in full


@pytest.mark.parametrize("text, whole", [
    ("FBI official Peter Strzok has been fired.", True),  # strzok
    ("Jackson told the judge that he had been hospitalized for psychological issues.", True),  # jackson
    ("Asked by reporters, he said the talks would go on.", True),  # a participle before the subject
    ('Goelman called the decision "a departure from typical Bureau practice."', True),  # strzok
    # the words said are in another sentence: an attribution alone (seeds, marijuana, strzok)
    ("Sheinbaum stated, providing insight into the conversation highlighted in a report by The Wall Street Journal.",
     False),
    ("Nebraska Attorney General Jon Bruning said Thursday.", False),
    ("Goelman said in a statement.", False),
    ('Told Trump "will never accept"', False),  # seeds: the clause lost its subject
    ("When Mr. Strzok's conduct was laid out in an inspector general's report.", False),  # strzok: subordinated
    ("Despite an FBI career official's recommendation that Strzok face a 60-day suspension.", False),  # strzok
    ("Mr. Jackson's father, the Rev.", False),  # jackson: a noun phrase cut at an abbreviation
    ("The regulation of recreational marijuana -- as seen in programs in Colorado and Washington state.",
     False),  # marijuana: no verb of its own
])
def test_a_main_clause_in_the_parse_is_what_the_brief_s_voice_may_state(text, whole):
    assert markdown.main_clause(text) is whole


@pytest.mark.parametrize("sentence", [
    # strzok (HuffPost): 43 words, the quotations kept whole in the words that stay
    "Texts Strzok sent that \"potentially indicated or created the appearance that the investigative decisions were "
    "impacted by bias or improper considerations,\" and particularly focused on one anti-Trump text that implied a "
    "willingness \"to take official action to impact the presidential candidate's electoral prospects.\"",
    # marijuana (The New York Times): 40 words
    "For months, some sheriffs and police officers in rural counties bordering Colorado have complained that they "
    "have seen more marijuana entering their towns and being transported down their highways since recreational "
    "sales began in January, and that it has strained their budgets.",
])
def test_a_long_sentence_of_an_outlet_is_shortened_in_its_middle(sentence):
    short = markdown.shortened(sentence)
    head, tail = short.split(" \u2026 ")
    assert len(short.split()) <= markdown.MAX_WORDS
    assert sentence.startswith(head) and sentence.rstrip('"').endswith(tail.rstrip('"'))


@pytest.mark.parametrize("sentence", [
    # strzok (HuffPost): the cut once fell between one quotation's close and the next one's opening
    "But DOJ\u2019s inspector general was \u201cdeeply troubled\u201d by texts Strzok sent that \u201cpotentially "
    "indicated or created the appearance that the investigative decisions were impacted by bias or improper "
    "considerations,\u201d and particularly focused on one anti-Trump text that implied a willingness \u201cto take "
    "official action to impact the presidential candidate\u2019s electoral prospects.\u201d",
    # marijuana (Fox News): a quotation that runs to the sentence's end
    "Nebraska Attorney General Jon Bruning said at a news conference in Lincoln that \"this contraband has been "
    "heavily trafficked into our state, and while Colorado reaps millions from the sale of pot, Nebraska taxpayers "
    "have to bear the cost of the enforcement\" of the law.",
])
def test_words_left_out_of_a_sentence_open_or_close_no_quotation_alone(sentence):
    short = markdown.shortened(sentence)
    assert "\u2026" in short and len(short.split()) <= markdown.MAX_WORDS
    left_out = sentence[len(short.split(" \u2026 ")[0]):len(sentence) - len(short.split(" \u2026 ")[1])]
    assert sum(left_out.count(q) for q in ('"', "\u201c", "\u201d")) % 2 == 0


def test_words_left_out_of_a_sentence_hold_no_negation():
    # strzok (The New York Times): leaving out "no" would make the inspector general find evidence
    sentence = ("The inspector general, who uncovered the messages, found no evidence that the pair imposed their "
                "political views on their investigative decisions but cited that exchange as a sign of a biased "
                "state of mind that implied a willingness to take official action.")
    short = markdown.shortened(sentence)
    assert "\u2026" in short and "no evidence" in short
    assert len(short.split()) <= markdown.MAX_WORDS
    assert markdown.shortened("Strzok was fired.") == "Strzok was fired."


@pytest.mark.parametrize("fragment, sentence", [
    # strzok (HuffPost's clause, Fox News' sentence of 44 words)
    ("Despite an FBI career official's recommendation that Strzok face a 60-day suspension and a demotion.",
     "Strzok's attorney, meanwhile, blasted the bureau on Monday, saying the deputy director \"reversed the decision "
     "of the career FBI official responsible for employee discipline who concluded, through an independent review "
     "process, that a 60-day suspension and demotion from supervisory duties was the appropriate punishment.\""),
    # jackson (a clause without its verb, The New York Times' sentence of 41 words)
    ("From 2007 to 2011, worth of televisions, DVD players and DVDs at Best Buy.",
     "From 2007 to 2011, Mr. Jackson bought $10,977.74 worth of televisions, DVD players and DVDs at Best Buy, "
     "according to the documents, which also showed that the couple spent thousands more on furniture, furs and "
     "other items for their homes."),
])
def test_an_outlet_s_words_are_a_whole_sentence_shortened_before_a_fragment(fragment, sentence):
    from consensus.models import Member

    c = BriefClaim(id="c1", kind=Kind.event, statement=fragment, support=2, outlets=["O0", "O1"],
                   articles=["000", "001"], single_source=False,
                   evidence=[Evidence(article="000", sentence=1, start=0, end=len(sentence), text=sentence)],
                   members=[Member(claim="000.1", article="000", statement=fragment, score=1),
                            Member(claim="001.1", article="001", statement=fragment, score=1)])
    b = Brief(title="T", outlets=2, claims=[c],
              articles=[BriefArticle(id=f"00{k}", source=f"{k}.txt", outlet=f"O{k}") for k in range(2)])
    outlet, words = markdown.attributed_words(c, markdown.Page.of(b), [])
    assert outlet == "O0" and "\u2026" in words
    head, tail = words.split(" \u2026 ")
    assert sentence.startswith(head) and len(words.split()) <= markdown.MAX_WORDS

"""The sentence analysis on the parse (consensus/sentences.py): sentences of the seeds and of the dev stories."""

import pytest

from consensus import clauses, nlp, sentences


def clause_texts(text: str) -> list[tuple[str, str]]:
    return [(c.role, c.text) for c in sentences.clauses(nlp.pipeline()(text))]


@pytest.mark.parametrize("text, expected", [
    # jackson (Fox News): the relative clause is a fact of its own; the main clause keeps its verb
    ("Federal prosecutors say Jackson, who resigned from Congress in November amid the investigation, used campaign "
     "money to buy a Rolex watch.",
     [("main", "Federal prosecutors say Jackson used campaign money to buy a Rolex watch."),
      ("relative", "Federal prosecutors say Jackson resigned from Congress in November amid the investigation")]),
    # jackson (HuffPost)
    ("Sandra Jackson, who resigned from her position on Chicago's city council, is expected to plead guilty.",
     [("main", "Sandra Jackson is expected to plead guilty."),
      ("relative", "Sandra Jackson resigned from her position on Chicago's city council")]),
    # a probe story: the antecedent is the noun the pronoun stands for
    ("The offer would have sent 2,500 troops to the Cedar Ridge Fire, which has scorched 45,000 acres.",
     [("main", "The offer would have sent 2,500 troops to the Cedar Ridge Fire."),
      ("relative", "The Cedar Ridge Fire has scorched 45,000 acres")]),
])
def test_a_relative_clause_with_its_own_subject_is_a_fact_of_its_own(text, expected):
    assert clause_texts(text) == expected


@pytest.mark.parametrize("text, expected", [
    # seeds (Voz): what is conceded keeps the words that report it
    ("Sheinbaum stressed that, although both countries can collaborate, cooperation must respect territorial limits.",
     [("main", "Sheinbaum stressed that cooperation must respect territorial limits."),
      ("adverbial", "Sheinbaum stressed that both countries can collaborate")]),
    # marijuana (The New York Times)
    ("While marijuana remains illegal under federal law, officials have largely allowed Colorado to move ahead.",
     [("main", "Officials have largely allowed Colorado to move ahead."),
      ("adverbial", "Marijuana remains illegal under federal law")]),
])
def test_an_adverbial_clause_with_its_own_subject_stands_without_its_conjunction(text, expected):
    assert clause_texts(text) == expected


def test_coordinated_clauses_split_only_where_the_second_has_its_own_subject():
    # strzok-like: two subjects, two facts
    assert clause_texts("He was fired on Friday, and his lawyer said the decision was political.") == [
        ("main", "He was fired on Friday"), ("coordinate", "His lawyer said the decision was political.")]
    # marijuana (The New York Times): "and asks" has no subject of its own and stays with its clause
    text = ("The lawsuit was brought by attorneys general in Nebraska and Oklahoma, and asks the United States Supreme "
            "Court to strike down key parts of a 2012 voter-approved measure.")
    assert clause_texts(text) == [("main", text)]


def test_quoted_speech_is_never_cut():
    text = ('"We can collaborate, we can work together, but we will never accept the presence of the United States '
            'Army on our territory," Sheinbaum said.')  # seeds (Townhall)
    assert clause_texts(text) == [("main", text)]


def test_a_piece_too_short_to_stand_stays_in_its_clause():
    text = "Jackson, who wept, pleaded guilty on Wednesday."
    assert clause_texts(text) == [("main", text)]


def test_pieces_carry_the_role_of_their_clause_and_facets_their_host():
    found = clauses.pieces("Sandra Jackson, who resigned from the city council last month, pleaded guilty on Wednesday.")
    assert [(c.role, c.facet) for c in found] == [("main", ""), ("relative", ""), ("main", "date:wednesday:")] or \
        [c.role for c in found][:2] == ["main", "relative"]
    assert all(c.text for c in found)


def test_a_sentence_parsed_once_is_not_parsed_again():
    text = "Colorado Attorney General John Suthers said the lawsuit was without merit."  # marijuana (Fox News)
    first = sentences.parse([text])[0]
    assert sentences.parse([text, text]) == [first, first]


def test_a_parse_does_not_depend_on_the_batch_it_is_in():
    """Ingest parses an article's sentences in one batch, and caches parses across articles: the parse of a text
    must be the same alone, in its batch, or in another order (one article of each example story)."""
    from pathlib import Path

    from consensus import ingest

    texts = []
    for story in sorted(Path(__file__).parent.parent.joinpath("examples").iterdir()):
        first = sorted(story.glob("*.txt"))[0]
        texts += [s.clean for s in ingest.load_article(first, "000", 2_000_000).sentences]
    pipe = nlp.pipeline()

    def shape(doc):
        return [(t.dep_, t.head.i, t.tag_, t.ent_type_) for t in doc]
    batched = [shape(d) for d in pipe.pipe(texts)]
    assert batched == [shape(pipe(t)) for t in texts]
    assert batched == [shape(d) for d in pipe.pipe(texts[::-1])][::-1]


@pytest.mark.parametrize("text, kept, optional", [
    # strzok (HuffPost): cut alone, "well" left "disparaged Trump as as other politicians" in the brief
    ("Strzok exchanged texts with former FBI official Lisa Page that disparaged Trump as well as other politicians, "
     "including various Democrats.", "as well as other politicians", "former"),
    # marijuana (HuffPost): the aside's parse ends on "as well as"; cut, it left "marijuana -- those that ..."
    ("The regulation of recreational marijuana -- as seen in programs currently in place in Colorado and Washington "
     "state, as well as those that will soon go into effect in Oregon and Alaska -- remains illegal under the 1970 "
     "Controlled Substances Act.", "as well as those", "recreational"),
    # a comparison frames its number
    ("As many as 40 homes were destroyed by the fire on Saturday.", "As many as 40", "on Saturday"),
])
def test_an_as_x_as_frame_is_never_cut_apart(text, kept, optional):
    doc = nlp.pipeline()(text)
    spans = [text[a:b] for a, b in sentences.optional_spans(doc)]
    assert optional in spans
    start = text.index(kept)
    for a, b in sentences.optional_spans(doc):
        inside = a < start + len(kept) and b > start
        assert not inside or (a <= start and b >= start + len(kept)), text[a:b]


@pytest.mark.parametrize("text, kept, optional", [
    # strzok (The New York Times): without its content clause, "found no evidence" says the opposite of the report
    ("The inspector general found no evidence that the pair imposed their political views on their investigative "
     "decisions.", "that the pair imposed their political views on their investigative decisions", "political"),
    # marijuana (The New York Times): a condition; and a relative clause with no comma picks out its noun
    ("The suit does not seek to overturn the portion of Amendment 64 that made marijuana legal, meaning that portions "
     "could survive even if Nebraska and Oklahoma prevail.", "that made marijuana legal", "even if"),
    ("If Nebraska and Oklahoma succeed, they will put the violent criminal organizations back in charge.",
     "If Nebraska and Oklahoma succeed", "violent"),
    # sheinbaum (Fox News): what was made clear
    ("President Claudia Sheinbaum has made it abundantly clear that Mexico will not accept U.S. military assistance.",
     "that Mexico will not accept U.S. military assistance", "abundantly"),
    # jackson (Fox News): the income the couple received is the income the returns understated
    ("His wife pleaded guilty to a charge of filing false income tax returns that knowingly understated the income "
     "the couple received.", "the couple received", "false"),
    # a modifier between its head and the head's next conjunct is one item of a list (sentences.splits_a_list):
    # jackson (The New York Times): "of televisions" is the first item of what he bought
    ("From 2007 to 2011, Mr. Jackson bought $10,977.74 worth of televisions, DVD players and DVDs at Best Buy.",
     "of televisions", "From 2007 to 2011"),
    # marijuana (The New York Times): "for adult use" stands between "legalized" and "created"
    ("The lawsuit asks the court to strike down parts of a measure that legalized marijuana for adult use and created "
     "a system of stores, taxes and regulations.", "for adult use", "of stores"),
])
def test_a_modifier_that_bears_on_what_the_rest_says_is_never_optional(text, kept, optional):
    doc = nlp.pipeline()(text)
    spans = [text[a:b] for a, b in sentences.optional_spans(doc)]
    assert any(optional in span for span in spans)  # the sentence has modifiers that may go
    start = text.index(kept)
    assert (start, start + len(kept)) not in sentences.optional_spans(doc), spans  # it goes only with its head


@pytest.mark.parametrize("text, optional", [
    # marijuana (Fox News): "heavily" and "into our state" are Bruning's words; where he said them is not
    ('"This contraband has been heavily trafficked into our state," Nebraska Attorney General Jon Bruning said at a '
     'news conference in Lincoln.', ["at a news conference in Lincoln", "in Lincoln"]),
    # sheinbaum (Voz): a statement that continues a quotation is quoted up to the mark that closes it
    ('You in your territory, we in ours," the Mexican leader insisted on Friday.', ["Mexican", "on Friday"]),
    # strzok (The New York Times): "deeply" is Strzok's word; a whole second quotation may go, with its marks
    ('On Twitter, Mr. Strzok said he was "deeply saddened by this decision."', ["On Twitter"]),
    ('On Twitter, Mr. Strzok said he was "deeply saddened by this decision," adding, "It has been an honor to serve '
     'my country."', ["On Twitter", 'adding, "It has been an honor to serve my country."']),
])
def test_nothing_is_cut_from_a_quotation(text, optional):
    doc = nlp.pipeline()(text)
    assert [text[a:b] for a, b in sentences.optional_spans(doc)] == optional


@pytest.mark.parametrize("text, optional", [
    # a set-off relative clause and a participle only add to what the rest says (strzok, marijuana)
    ("Strzok exchanged texts with Lisa Page, who was also an FBI official.", "who was also an FBI official"),
    ("The lawsuit says Colorado marijuana flows into neighboring states undermining their efforts to enforce their "
     "anti-marijuana laws.", "undermining their efforts to enforce their anti-marijuana laws"),
])
def test_a_modifier_that_only_adds_stays_optional(text, optional):
    doc = nlp.pipeline()(text)
    assert optional in [text[a:b] for a, b in sentences.optional_spans(doc)]


@pytest.mark.parametrize("text, people", [
    # jackson (Fox News): who said it, and whose act it reports
    ("Tom Kirsch, an attorney for Jackson's wife, said she has signed a plea agreement with federal prosecutors.",
     ["kirsch", "tom"]),
    ("Part of a plea agreement, prosecutors recommended that Mr. Jackson receive a sentence of 46 to 57 months.",
     ["jackson"]),
    # marijuana (The New York Times): the name set beside an office
    ("Colorado's attorney general, John Suthers, a Republican, said the challenge was without merit.",
     ["john", "suthers"]),
    # strzok (The New York Times): a possessor is not the subject; a title is not a name
    ("Mr. Strzok's lawyer said the deputy director of the F.B.I., David Bowdich, had overruled the office.",
     ["bowdich", "david"]),
    ("Ms. Page quit the F.B.I. in May.", ["page"]),
    # seeds (Voz): a pronoun or an office names nobody
    ("She said the offer involved sending troops to Mexico.", []),
    ("The president rejected the proposal on Saturday.", []),
])
def test_the_people_a_clause_names_as_who_did_or_said_it(text, people):
    assert sentences.subject_people(nlp.pipeline()(text)) == people


@pytest.mark.parametrize("text, actions", [
    # jackson (Fox News, HuffPost): one action of one named thing, told in other words
    ("Federal prosecutors say Jackson resigned from Congress in November", ["resign congress", "resign jackson"]),
    ("Jackson was first elected to office in 1995 and resigned from Congress last year",
     ["elect jackson", "resign congress"]),
    # marijuana (The New York Times, HuffPost): a verb of saying tells no action; what it reports does
    ("Colorado's attorney general, John Suthers, said the challenge was without merit.", []),
    ("The states of Nebraska and Oklahoma filed a federal lawsuit in the U.S. Supreme Court Thursday",
     ["file court"]),
    # strzok (Fox News): a common noun is no named thing
    ("Lisa Page left the bureau earlier this year.", ["leave page"]),
    # seeds (Voz): a pronoun names nothing
    ("She rejected the offer of troops.", []),
])
def test_the_actions_of_named_things_a_clause_tells(text, actions):
    assert sentences.named_actions(nlp.pipeline()(text)) == actions


def test_headline_clauses_name_no_people(tmp_path):
    from consensus import ingest

    # jackson (HuffPost): a headline's capitals mislead the name finder ("Pleads Guilty")
    path = tmp_path / "hpo.txt"
    path.write_text("Jackson Jr. Pleads Guilty\n\nJesse Jackson Jr. pleaded guilty on Wednesday to one count of "
                    "fraud.\n", encoding="utf-8")
    article = ingest.load_article(path, "001", 1_000_000)
    headline, body = article.sentences[0].clauses, article.sentences[1].clauses
    assert headline and all(c.role == "headline" and c.people == [] and c.actions == [] for c in headline)
    assert body[0].people == ["jackson", "jesse"]


@pytest.mark.parametrize("text, content", [
    # jackson (Fox News): he pleaded guilty, and he spent the money (HuffPost: "was accused of spending $750,000")
    ("Former Rep. Jesse Jackson Jr. pleaded guilty Wednesday in federal court to charges that he spent $750,000 in "
     "campaign cash on personal items.",
     "\u2026charges that he spent $750,000 in campaign cash on personal items"),
    # strzok (Fox News)
    ("Republicans have repeatedly raised concerns that anti-Trump bias played a role in the start of the "
     "investigation.",
     "\u2026concerns that anti-Trump bias played a role in the start of the investigation"),
])
def test_the_content_clause_of_a_noun_is_a_piece_too_with_its_noun(text, content):
    found = clause_texts(text)
    assert found[0] == ("main", text)  # the sentence's clause keeps it
    assert found[1:] == [("content", content)]


def test_a_content_clause_in_what_somebody_said_stays_with_who_said_it():
    # strzok (HuffPost): the recommendation is in what the attorney said
    text = ("Aitan Goelman, Strzok's attorney, said in a statement that Strzok was fired late Friday afternoon, "
            "despite an FBI career official's recommendation that Strzok face a 60-day suspension and a demotion.")
    assert all(role != "content" for role, _ in clause_texts(text))


@pytest.mark.parametrize("text, denied", [
    # marijuana (The New York Times): what the suit does not seek
    ("The suit does not specifically seek to overturn the portion of Amendment 64 that made marijuana legal.",
     ["seek"]),
    # strzok (Fox News): what his opinions did not do
    ("He claimed his personal opinions did not affect his work.", ["affect"]),
    # sheinbaum (The Guardian's wording): a refusal is a denial too
    ("Mexico will never accept U.S. troops on its soil.", ["accept"]),
    # jackson (The New York Times): "use" is stated and denied in one clause: no denial
    ("I used money I shouldn't have used for personal purposes.", []),
    # strzok (The New York Times): "not only ... but also" is a connective, and "is" no verb of a fact
    ("The decision to fire Special Agent Strzok is not only a departure from typical bureau practice, but also "
     "contradicts Director Wray's testimony.", []),
    ("The two states filed a lawsuit seeking a court order to prevent Colorado from enforcing the measure.", []),
])
def test_the_verbs_a_clause_says_did_not_happen(text, denied):
    assert sentences.denied_verbs(sentences.parse([text])[0]) == denied


@pytest.mark.parametrize("text, predicate", [
    # marijuana (Fox News, HuffPost): what is said of Suthers, the verb of saying left out
    ("Colorado Attorney General John Suthers said the lawsuit was without merit.", "the lawsuit was without merit ."),
    ("Colorado Attorney General John Suthers isn't backing down.", "is n't backing down ."),
    # strzok (The New York Times): two things said of Mr. Mueller
    ("Mr. Mueller removed Mr. Strzok from his team.", "removed Strzok from his team ."),  # "Mr." says nothing
    ("Mr. Mueller had by then taken over the investigation", "had by then taken over the investigation"),
    # jackson (The New York Times)
    ("Mr. Jackson was crying", "was crying"),
    ("The judge stopped his questioning of Mr. Jackson.", "stopped his questioning of Jackson ."),
    # sheinbaum: what a verb of saying reports is the predicate
    ("Sheinbaum stressed that both countries can collaborate on security issues",
     "that both countries can collaborate on security issues"),
    # strzok (HuffPost): a copula's subject carries the fact, so there is no predicate to compare
    ("The precise justification for Bowdich's decision to fire Strzok despite the recommendation of the FBI's Office "
     "of Professional Responsibility is unclear.", ""),
    # strzok (HuffPost): a clause with no subject of its own
    ("Left the team as soon as Mueller became aware of his anti-Trump texts.", ""),
])
def test_what_a_clause_says_of_its_subject(text, predicate):
    assert sentences.predicate_words(sentences.parse([text])[0]) == predicate


@pytest.mark.parametrize("text, infinitive", [
    # jackson (HuffPost), parsed with "to mouth" as a place: "He appeared, 'I'm sorry.'" said something else
    ('At one point he appeared to mouth, "I\'m sorry."', "to mouth"),
    # marijuana (Suthers), the same parse of "to shrug"
    ("Suthers appeared to shrug, saying the suit had no merit.", "to shrug"),
])
def test_the_infinitive_a_verb_needs_is_never_optional(text, infinitive):
    doc = nlp.pipeline()(text)
    assert any(t.lower_ == "to" and t.dep_ == "prep" for t in doc)  # the parse these sentences get
    assert infinitive not in [text[a:b] for a, b in sentences.optional_spans(doc)]

"""coverage.py on sentences of two stories (examples/marijuana, examples/strzok): what share of a group's statement
the group supports, and which modifiers a statement beside a count leaves out."""

import pytest

from consensus.coverage import content_tokens, coverage, pruned, shared_tokens, with_its_commas

# Two outlets' sentences on one fact, as in examples/marijuana (hpo.txt, nyt.txt).
MARIJUANA = {
    "HuffPost": "The states of Nebraska and Oklahoma filed a federal lawsuit in the U.S. Supreme Court Thursday, "
                "claiming that Colorado's legalization of recreational marijuana is unconstitutional under federal "
                "law.",
    "The New York Times": "Two heartland states filed the first major court challenge to marijuana legalization on "
                          "Thursday, saying that Colorado's growing array of state-regulated recreational marijuana "
                          "shops was piping marijuana into neighboring states.",
}
# ... and in examples/strzok (fox.txt, hpo.txt).
STRZOK = {
    "Fox News": "Strzok attorney Aitan Goelman said in a statement Monday that his client, a 21-year FBI veteran, "
                "was fired Friday afternoon.",
    "HuffPost": "Aitan Goelman, Strzok's attorney, said in a statement that Strzok was fired late Friday afternoon on "
                "the orders of FBI Deputy Director David Bowdich.",
}


def test_content_words_are_lowercased_words_of_three_letters_and_numbers_without_stopwords():
    words = content_tokens("Strzok, a 21-year FBI veteran, was fired Friday.")
    assert words == {"strzok", "21", "year", "fbi", "veteran", "fired", "friday"}


def test_a_statement_is_covered_by_the_words_two_outlets_share():
    shared = shared_tokens(MARIJUANA)
    assert {"filed", "thursday", "marijuana", "legalization", "colorado's"} <= shared
    assert "heartland" not in shared and "oklahoma" not in shared
    # filed, thursday, marijuana, legalization, recreational, colorado's of 8 content words; oklahoma and nebraska
    # are one outlet's
    text = "Nebraska and Oklahoma filed a lawsuit Thursday against Colorado's legalization of recreational marijuana."
    assert coverage(text, MARIJUANA) == round(len(content_tokens(text) & shared) / len(content_tokens(text)), 3)
    assert 0 < coverage(text, MARIJUANA) < 1


def test_one_outlet_covers_itself():
    assert coverage("Two heartland states filed the first major court challenge.", {"x": MARIJUANA["HuffPost"]}) == 1.0


def test_a_facets_coverage_is_that_of_its_day_the_line_the_page_shows():
    dated = "Strzok attorney Aitan Goelman said in a statement Monday that his client was fired [date: Friday]"
    assert coverage(dated, STRZOK) == 1.0  # both outlets give Friday
    monday = "Strzok attorney Aitan Goelman said in a statement Monday [date: Monday]"
    assert coverage(monday, STRZOK) == 0.0  # one outlet alone gives Monday
    occasion = "Two heartland states filed the first major court challenge [occasion: court]"
    assert coverage(occasion, MARIJUANA) == 1.0  # court: both


def test_a_modifier_no_other_outlet_gives_is_left_out_and_the_clause_stays():
    text = MARIJUANA["The New York Times"]
    a = text.index("on Thursday")
    b = a + len("on Thursday")
    c = text.index("first major")
    d = c + len("first major")
    shared = shared_tokens(MARIJUANA)
    cut = pruned(text, [(c, d), (a, b)], shared)
    assert "on Thursday" in cut  # Thursday: both outlets
    assert cut.startswith("Two heartland states filed the court challenge to marijuana legalization on Thursday,")


def test_an_aside_goes_with_its_commas():
    text = "Aitan Goelman, Strzok's attorney, said in a statement that Strzok was fired."
    a = text.index("Strzok's attorney")
    b = a + len("Strzok's attorney")
    start, end = with_its_commas(text, a, b)
    assert text[:start] + text[end:] == "Aitan Goelman said in a statement that Strzok was fired."


@pytest.mark.parametrize("text, modifier, shown", [
    # marijuana (Fox News): the comma after a trailing modifier sets off what follows, and stays
    ("Law enforcement agencies have said that they are feeling the impacts of Colorado's legal weed, making more "
     "marijuana arrests.", "of Colorado's legal weed",
     "Law enforcement agencies have said that they are feeling the impacts, making more marijuana arrests."),
    # marijuana (HuffPost): a leading modifier goes with the comma that closes it
    ("The clause states that in general, federal law takes precedence over state law.", "in general",
     "The clause states that federal law takes precedence over state law."),
    # strzok (Fox News): a leading modifier at the start of the statement
    ("In a statement Monday, Strzok's attorney said his client was fired.", "In a statement Monday",
     "Strzok's attorney said his client was fired."),
])
def test_a_comma_goes_with_a_modifier_only_when_the_modifier_opens_its_clause(text, modifier, shown):
    a = text.index(modifier)
    assert pruned(text, [(a, a + len(modifier))], set()) == shown


@pytest.mark.parametrize("text, outer, inner, shown", [
    # marijuana (The New York Times)
    ("Colorado's attorney general, John Suthers, a Republican, said the challenge was without merit.",
     "John Suthers, a Republican,", "a Republican",
     "Colorado's attorney general, John Suthers, said the challenge was without merit."),
    # jackson (The New York Times)
    ("The federal judge overseeing the case, Robert L. Wilkins, a former public defender, is scheduled to sentence "
     "Mr. Jackson.", "Robert L. Wilkins, a former public defender,", "a former public defender",
     "The federal judge overseeing the case, Robert L. Wilkins, is scheduled to sentence Mr. Jackson."),
])
def test_a_cut_at_the_end_of_a_kept_apposition_leaves_its_closing_comma(text, outer, inner, shown):
    x, a = text.index(outer), text.index(inner)
    spans = [(x, x + len(outer)), (a, a + len(inner))]
    shared = content_tokens(outer) - content_tokens(inner)  # the name is shared, the aside is not
    assert pruned(text, spans, shared) == shown


def test_a_statement_too_short_once_cut_stays_whole():
    text = "Strzok was fired."
    assert pruned(text, [(7, 16)], set()) == text

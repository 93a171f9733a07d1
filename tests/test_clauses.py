"""Rule decomposition of real seed sentences into atomic pieces (consensus/clauses.py)."""

from consensus import canon
from consensus.clauses import clauses, pieces


def test_parallel_clauses_inside_a_quotation_become_separate_quotes():
    sentence = canon.normalize("“I told him, ‘No, President Trump, our territory is inviolable, our sovereignty is "
                               "inviolable, our sovereignty is not for sale,’” Sinbaum said.")
    parts = clauses(sentence)
    assert '"our sovereignty is not for sale"' in parts
    assert '"our sovereignty is inviolable"' in parts
    assert any('"our territory is inviolable"' in p for p in parts)
    assert not any("Sinbaum said" in p for p in parts)  # the attribution is not part of the quotation
    assert not any(p.startswith('"No, President Trump') for p in parts)  # the lead-in is not a statement


def test_other_commas_inside_a_quotation_are_never_cut():
    sentence = canon.normalize('"You can collaborate, we can work together, but you in your territory, we in ours," '
                               "she insisted.")
    parts = clauses(sentence)
    assert len(parts) == 1 and "but you in your territory, we in ours" in parts[0]


def test_leading_subordinate_clause_is_its_own_piece():
    sentence = ("Although Sheinbaum has clarified that U.S. drone flights over Mexican territory are carried out with "
                "the authorization of the Mexican government, she has reiterated that any action that violates "
                "sovereignty will be rejected.")
    parts = clauses(sentence)
    assert len(parts) == 2
    assert parts[0].startswith("Sheinbaum has clarified that U.S. drone flights")
    assert parts[1].startswith("She has reiterated")


def test_the_event_something_followed_is_a_fact_of_its_own():
    sentence = ("Tension between the two governments escalated following the U.S. decision in February to designate "
                "the Sinaloa cartel and other Mexican cartels as global terrorist organizations.")
    assert clauses(sentence) == ["Tension between the two governments escalated",
                                 "\u2026following the U.S. decision in February to designate the Sinaloa cartel and "
                                 "other Mexican cartels as global terrorist organizations."]


def test_every_piece_is_made_of_the_sentence_words():
    sentence = canon.normalize("“I told him, ‘No, President Trump, our territory is inviolable, our sovereignty is "
                               "inviolable, our sovereignty is not for sale,’” Sinbaum said.")
    words = set(canon.words(sentence))
    for p in pieces(sentence):
        assert set(canon.words(p.text)) <= words


def test_a_headline_opening_with_a_quotation_states_the_words_and_the_act_apart():
    headline = ("'Sovereignty is not for sale': Sheinbaum rejects Trump's offer to send troops to Mexico to fight "
                "drug trafficking")
    assert clauses(headline) == ["'Sovereignty is not for sale'",
                                 "Sheinbaum rejects Trump's offer to send troops to Mexico to fight drug trafficking"]


def test_the_verbs_of_a_refusal_meet_on_one_stem():
    # seed headlines and sentences: "Rejects", "Snubs", "her refusal", "she declined"
    worded = ["Sheinbaum Rejects Trump's Offer", "Mexican President Snubs Trump's Push",
              "disclosed her refusal to accept a proposal", "The Mexican leader said she declined"]
    stems = [set(canon.content_words(w)) for w in worded]
    assert set.intersection(*stems) == {"reject"}
    assert "offer" not in canon.content_words("the proposal")  # only the act is merged, not its object
    assert canon.content_words("denied the report") == canon.content_words("rejected the report")


def test_what_happened_meanwhile_is_a_fact_of_its_own():
    sentence = ('The WSJ report cited anonymous sources, claiming that "tension rose" during an April 16 call between '
                'the two leaders as Trump "pushed to have US armed forces take a leading role in battling Mexican drug '
                'gangs that produce and smuggle fentanyl to the U.S."')
    assert clauses(sentence)[-1].startswith('Trump "pushed to have US armed forces take a leading role')
    assert clauses("Prices fell as expected by analysts.") == ["Prices fell as expected by analysts."]

"""Clause helpers on hand-built parses, so odd tags the model can produce on junk text are tested directly."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from dragoman.coding.clauses import complements, is_future, is_hypothetical, reporting_subject


def parsed(words, pos, deps, heads, lemmas):
    doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, deps=deps, heads=heads, lemmas=lemmas)
    return doc


def test_reporting_subject_is_the_speaker_of_the_reported_clause():
    doc = parsed(["Syria", "says", "it", "is", "willing"], ["PROPN", "VERB", "PRON", "AUX", "ADJ"],
                 ["nsubj", "ROOT", "nsubj", "ccomp", "acomp"], [1, 1, 3, 1, 3], ["Syria", "say", "it", "be", "willing"])
    assert reporting_subject(doc[2]).text == "Syria"


def test_reporting_subject_never_returns_a_pronoun_word_whatever_its_tag():
    """"He said he ...", both tagged PROPN: following one pronoun to the other must not go round in a circle."""
    doc = parsed(["He", "said", "he", "left"], ["PROPN", "VERB", "PROPN", "VERB"],
                 ["nsubj", "ROOT", "nsubj", "ccomp"], [1, 1, 3, 1], ["he", "say", "he", "leave"])
    assert reporting_subject(doc[2]) is None
    assert reporting_subject(doc[0]) is None


def test_a_noun_modified_as_planned_or_would_be_is_hypothetical():
    planned = parsed(["a", "planned", "visit"], ["DET", "VERB", "NOUN"], ["det", "amod", "ROOT"], [2, 2, 2],
                     ["a", "plan", "visit"])
    assert is_hypothetical(planned[2])
    would_be = parsed(["the", "would", "-", "be", "summit"], ["DET", "AUX", "PUNCT", "AUX", "NOUN"],
                      ["det", "aux", "punct", "nmod", "ROOT"], [4, 3, 3, 4, 4], ["the", "would", "-", "be", "summit"])
    assert is_hypothetical(would_be[4])
    past = parsed(["the", "recent", "visit"], ["DET", "ADJ", "NOUN"], ["det", "amod", "ROOT"], [2, 2, 2],
                  ["the", "recent", "visit"])
    assert not is_hypothetical(past[2])



def test_clause_word_lists_come_from_the_data_file():
    from dragoman.coding.clauses import ATTEMPT_DONE_FOR, HABITUAL, SPEECH

    assert "usually" in HABITUAL and "confirm" in SPEECH
    assert ATTEMPT_DONE_FOR == {"ASSAULT", "COERCE"}


def test_an_attempted_hostile_act_is_done_but_other_attempts_are_not():
    doc = parsed(["they", "tried", "to", "kill", "him"], ["PRON", "VERB", "PART", "VERB", "PRON"],
                 ["nsubj", "ROOT", "aux", "xcomp", "dobj"], [1, 1, 3, 1, 3], ["they", "try", "to", "kill", "he"])
    assert not is_hypothetical(doc[3], "ASSAULT")
    assert is_hypothetical(doc[3], "CONSULT")
    assert is_hypothetical(doc[3])
    modal = parsed(["they", "may", "try", "to", "kill", "him"], ["PRON", "AUX", "VERB", "PART", "VERB", "PRON"],
                   ["nsubj", "aux", "ROOT", "aux", "xcomp", "dobj"], [2, 2, 2, 4, 2, 4],
                   ["they", "may", "try", "to", "kill", "he"])
    assert is_hypothetical(modal[4], "ASSAULT")


def test_a_word_inside_an_unless_clause_is_hypothetical_but_the_main_clause_is_not():
    from dragoman.coding.clauses import in_condition

    words = ["he", "will", "leave", "unless", "they", "stop", "fighting"]
    doc = parsed(words, ["PRON", "AUX", "VERB", "SCONJ", "PRON", "VERB", "NOUN"],
                 ["nsubj", "aux", "ROOT", "mark", "nsubj", "advcl", "dobj"], [2, 2, 2, 5, 5, 2, 5],
                 ["he", "will", "leave", "unless", "they", "stop", "fighting"])
    assert in_condition(doc[6]) and is_hypothetical(doc[6])
    assert not in_condition(doc[2])


def test_verbs_coordinated_with_a_complement_share_its_frame():
    from dragoman.coding.clauses import complements

    doc = parsed(["they", "agreed", "to", "build", "and", "run", "it"], ["PRON", "VERB", "PART", "VERB", "CCONJ",
                                                                        "VERB", "PRON"],
                 ["nsubj", "ROOT", "aux", "xcomp", "cc", "conj", "dobj"], [1, 1, 3, 1, 3, 3, 5],
                 ["they", "agree", "to", "build", "and", "run", "it"])
    assert [t.text for t in complements(doc[1])] == ["build", "run"]


def test_a_noun_that_talks_are_about_is_a_topic():
    from dragoman.coding.clauses import is_topic

    doc = parsed(["talks", "on", "a", "withdrawal"], ["NOUN", "ADP", "DET", "NOUN"], ["ROOT", "prep", "det", "pobj"],
                 [0, 0, 3, 1], ["talk", "on", "a", "withdrawal"])
    assert is_topic(doc[3]) and is_hypothetical(doc[3])
    done = parsed(["the", "withdrawal", "from", "Gaza"], ["DET", "NOUN", "ADP", "PROPN"],
                  ["det", "ROOT", "prep", "pobj"], [1, 1, 1, 2], ["the", "withdrawal", "from", "Gaza"])
    assert not is_topic(done[1]) and not is_topic(done[3])


def test_be_to_with_an_infinitive_announces_the_act():
    doc = parsed(["Leaders", "are", "to", "meet"], ["NOUN", "AUX", "PART", "VERB"],
                 ["nsubj", "ROOT", "aux", "xcomp"], [1, 1, 3, 1], ["leader", "be", "to", "meet"])
    assert is_future(doc[3])
    wants = parsed(["Leaders", "want", "to", "meet"], ["NOUN", "VERB", "PART", "VERB"],
                   ["nsubj", "ROOT", "aux", "xcomp"], [1, 1, 3, 1], ["leader", "want", "to", "meet"])
    assert not is_future(wants[3])


def test_a_clause_before_a_semicolon_is_not_the_complement_of_a_later_verb():
    words = ["Police", "held", "them", ";", "they", "agreed", "to", "go"]
    doc = parsed(words, ["NOUN", "VERB", "PRON", "PUNCT", "PRON", "VERB", "PART", "VERB"],
                 ["nsubj", "ccomp", "dobj", "punct", "nsubj", "ROOT", "aux", "xcomp"], [1, 5, 1, 5, 5, 5, 7, 5],
                 ["police", "hold", "they", ";", "they", "agree", "to", "go"])
    assert [t.text for t in complements(doc[5])] == ["go"]

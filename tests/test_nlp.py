"""The NLP boundary: offline model loading and the sentence guard."""
from __future__ import annotations

import pytest

from dragoman.nlp import DATELINE, ModelError, load_model

pytestmark = pytest.mark.model


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="unknown model"):
        load_model("xl")


def test_line_breaks_and_datelines_end_sentences(nlp):
    doc = nlp("Monday, May 6, 2024\n\nLIMA, May 6 (AP) - Peru thanked Chile. Chile replied.")
    starts = [s.text.strip() for s in doc.sents]
    assert starts[0].startswith("Monday")
    assert any(s.startswith("Peru thanked") for s in starts)


def test_dateline_pattern():
    assert DATELINE.match("DUSHANBE, Oct 9 (Reuters) - Putin met Rahmon.").group(1).strip() == "DUSHANBE"
    assert DATELINE.match("Putin met Rahmon - and talked.") is None


@pytest.mark.parametrize("text, city", [
    ("QUITO, June 2 (Reuters) - Ecuador thanked Peru.", "QUITO"),
    ("HANOI: Vietnam thanked Laos.", "HANOI"),
    ("Asuncion, 4 June (EFE).- Paraguay thanked Bolivia.", "Asuncion"),
    ("Dhaka, June 2 (IANS): Bangladesh thanked India.", "Dhaka"),
    ("Port Moresby (AFP) - Papua New Guinea thanked Australia.", "Port Moresby"),
    ("Meanwhile, the two sides - which met in June - agreed.", None),
    ("The envoys (both new) - and their staff - arrived.", None),
    ("Officials said (on Monday): the talks failed.", None),
    ("Lusaka — Zambia thanked Malawi.", "Lusaka"),
    ("Santa Cruz, Bolivia – Bolivia thanked Peru.", "Santa Cruz"),
    ("Meanwhile - the envoys agreed.", None),
    ("The talks — held in June — ended.", None),
])
def test_datelines_of_other_agencies(text, city):
    """A city in capitals before a dash or colon, or in title case when an agency in brackets or a long dash
    follows it."""
    found = DATELINE.match(text)
    assert (found.group(1).strip() if found else None) == city


def test_overlong_runs_are_cut(nlp):
    doc = nlp(" ".join(["word"] * 1000))
    assert max(len(s) for s in doc.sents) <= 400

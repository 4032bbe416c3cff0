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


def test_overlong_runs_are_cut(nlp):
    doc = nlp(" ".join(["word"] * 1000))
    assert max(len(s) for s in doc.sents) <= 400

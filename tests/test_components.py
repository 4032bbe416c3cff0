"""Dragoman's stages inside a user's own spaCy pipeline: found by name, same output as `dragoman extract`."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy

from dragoman.nlp import MODEL_PACKAGES
from dragoman.io.readers import read_inputs
from dragoman.records import Article, ArticleResult

pytestmark = [pytest.mark.model, pytest.mark.filterwarnings("ignore:.*W095")]

STAGES = ("dragoman_actors", "dragoman_events", "dragoman_figures", "dragoman_commitments")


def test_factories_are_found_through_the_entry_point_without_importing_dragoman():
    code = ("import spacy; nlp = spacy.blank('en'); "
            "[nlp.add_pipe(n) for n in ('dragoman_sentence_guard', 'dragoman_commitments')]; "
            "print(' '.join(nlp.pipe_names))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["dragoman_sentence_guard", "dragoman_commitments"]


@pytest.fixture(scope="module")
def user_nlp():
    """The md pipeline package loaded as a user would, with the Dragoman components added by name."""
    nlp = spacy.load(MODEL_PACKAGES["md"][0])
    nlp.add_pipe("dragoman_sentence_guard", before="parser")
    for name in STAGES:
        nlp.add_pipe(name)
    return nlp


def _results(nlp, articles: list[Article]) -> list[str]:
    out = []
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.published = article.date
        doc = nlp(doc)
        result = ArticleResult(article=article, actors=doc._.actors, events=doc._.events, figures=doc._.figures,
                               commitments=doc._.commitments)
        out.append(json.dumps(result.to_json(), ensure_ascii=False))
    return out


def test_a_users_pipeline_codes_the_sample_exactly_as_extract_does(user_nlp, pipeline, shared):
    articles = [a for a in read_inputs([str(shared / "corpus" / "articles.jsonl")], pipeline.options)
                if isinstance(a, Article)]
    expected = [json.dumps(r.to_json(), ensure_ascii=False) for r in pipeline.process(articles)]
    assert sum(len(json.loads(line)["events"]) for line in expected) > 50
    assert _results(user_nlp, articles) == expected


def test_results_are_doc_extensions_with_sentence_trigger_and_pattern(user_nlp):
    doc = user_nlp("Russian President Vladimir Putin visited Dushanbe on Tuesday for talks with Emomali Rahmon.")
    assert {a.name for a in doc._.actors} >= {"Vladimir Putin", "Emomali Rahmon"}
    event = next(e for e in doc._.events if e.event == "CONSULT")
    assert event.actor[0].code == "RUS" and event.recipient[0].code == "TJK"
    assert event.sentence.text.startswith("Russian President") and event.trigger.text and event.pattern


def test_events_without_actors_says_what_is_missing():
    nlp = spacy.blank("en")
    nlp.add_pipe("dragoman_events")
    with pytest.raises(ValueError, match="dragoman_actors"):
        nlp("Russia condemned Ukraine.")


def test_a_whole_dragoman_pipeline_loads_from_its_config(user_nlp, tmp_path):
    user_nlp.to_disk(tmp_path / "pipeline")
    config = (tmp_path / "pipeline" / "config.cfg").read_text(encoding="utf-8")
    assert "[components.dragoman_events]" in config and 'factory = "dragoman_events"' in config
    loaded = spacy.load(tmp_path / "pipeline")
    assert [n for n in loaded.pipe_names if n.startswith("dragoman")] == ["dragoman_sentence_guard", *STAGES]
    text = "Russian President Vladimir Putin visited Dushanbe on Tuesday for talks with Emomali Rahmon."
    assert [(e.event, e.pattern) for e in loaded(text)._.events] == [(e.event, e.pattern)
                                                                      for e in user_nlp(text)._.events]

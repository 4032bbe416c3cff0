"""The pipeline's batch behaviour and error policy."""
from __future__ import annotations

import pytest

from dragoman.options import Options
from dragoman.pipeline import Pipeline
from dragoman.records import Article, ArticleResult, InputError

pytestmark = pytest.mark.model


def test_results_keep_input_order_and_pass_read_errors_through(pipeline):
    items = [Article(id="a", text="Spain praised Portugal."), InputError("f.jsonl:2", "not JSON"),
             Article(id="b", text="Norway criticized Sweden.")]
    out = list(pipeline.process(items))
    assert [type(x) for x in out] == [ArticleResult, InputError, ArticleResult]
    assert [x.article.id for x in out if isinstance(x, ArticleResult)] == ["a", "b"]


def test_batch_policy_records_a_failing_article_and_continues(nlp):
    class Exploding(Pipeline):
        def analyse(self, article, doc):
            if article.id == "bad":
                raise RuntimeError("boom")
            return super().analyse(article, doc)

    batch = Exploding(Options(raise_errors=False), nlp=nlp)
    out = list(batch.process([Article(id="bad", text="Text.", origin="x.jsonl:1"),
                              Article(id="ok", text="Chile thanked Peru.")]))
    assert isinstance(out[0], InputError) and "boom" in out[0].reason and out[0].origin == "x.jsonl:1"
    assert isinstance(out[1], ArticleResult)
    strict = Exploding(Options(raise_errors=True), nlp=nlp)
    with pytest.raises(RuntimeError):
        list(strict.process([Article(id="bad", text="Text.")]))


def test_offsets_point_into_the_article_text(pipeline):
    text = "Intro line.\nRussia provided military aid to Serbia, which paid 2 billion dollars."
    data = pipeline.process_one(Article(id="t", text=text, date="2024-01-01")).to_json()
    for actor in data["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for fig in data["figures"]:
        assert text[fig["start"]:fig["end"]] == fig["text"]
    assert any(f["unit"] == "USD" and f["value"] == 2e9 for f in data["figures"])


def test_long_runs_are_split_not_dropped(pipeline):
    text = "Chile thanked Peru. " + " ".join(["word"] * 3000) + ". Norway criticized Sweden."
    data = pipeline.process_one(Article(id="t", text=text)).to_json()
    assert {e["event"] for e in data["events"]} >= {"SUPPORT", "ACCUSE"}


def test_non_english_articles_are_reported_as_skipped(pipeline):
    french = ("Le président russe Vladimir Poutine a rencontré mardi son homologue tadjik à Douchanbé pour "
              "discuter de la coopération militaire et économique entre les deux pays, a annoncé le Kremlin.")
    out = list(pipeline.process([Article(id="fr", text=french, origin="fr.txt"),
                                 Article(id="en", text="Chile thanked Peru for its help.")]))
    assert isinstance(out[0], InputError) and out[0].reason.startswith("skipped: not English")
    assert isinstance(out[1], ArticleResult)


def test_an_article_over_its_time_limit_is_reported_and_the_batch_goes_on(nlp):
    import time

    class Slow(Pipeline):
        def analyse(self, article, doc):
            if article.id == "slow":
                time.sleep(5)
            return super().analyse(article, doc)

    batch = Slow(Options(raise_errors=False, article_timeout=0.5), nlp=nlp)
    started = time.monotonic()
    out = list(batch.process([Article(id="slow", text="Chile thanked Peru.", origin="s.jsonl:1"),
                              Article(id="ok", text="Norway criticized Sweden.")]))
    assert time.monotonic() - started < 4
    assert isinstance(out[0], InputError) and "timed out" in out[0].reason
    assert isinstance(out[1], ArticleResult)

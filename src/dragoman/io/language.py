"""Language identification: is an article English enough to code?

Dragoman's patterns, gazetteers and spaCy model are English; a French or Chinese article run through them
gives nonsense events, so the pipeline skips it with a clear reason instead. The guess comes from py3langid
(a naive Bayes model over byte n-grams, offline) on a bounded prefix of the text. Its model is loaded once,
lazily, by a ``LanguageDetector`` instance (the pipeline holds one); nothing here is module-level state.

Policy (``is_english``), built so that English is never skipped by mistake:

* the top language is English (``en``, or Nigerian Pidgin ``pcm``, which the model confuses with English
  news from Nigeria), or the text has no linguistic content (``zxx``: numbers, symbols) -> English;
* a text written mostly in a non-Latin script (Cyrillic, Han, Arabic, ...) -> not English, however short;
* otherwise -> not English when the probability of every non-English language together reaches
  ``min_confidence`` (0.99). Summing matters for languages the model splits into varieties (zh / wuu / yue,
  sr / hr / bs, no / nn). Real French or German news paragraphs leave English about 1e-11; English news
  sentences keep at least 0.8;
* a short text (fewer than ``short_words`` words: a headline, one sentence) must also have one language the
  model is all but certain of (``short_confidence``, 0.99): on a few words it is often wrong ("Putin met Rahmon
  in Dushanbe." comes out Dutch at 0.10), so a short text is English when unsure.

Words are the whitespace-separated tokens holding a letter (each Han, kana, Hangul or Thai character counts as
one), so codes like "A0A0A0" do not make a text look long.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

PREFIX_CHARS = 2000  # characters of the text looked at: enough for a confident guess, bounded cost
SHORT_WORDS = 20  # fewer words than this is a headline or a sentence: accepted unless the guess is near certain
MIN_CONFIDENCE = 0.99
SHORT_CONFIDENCE = 0.99
ENGLISH = frozenset({"en", "pcm"})
NO_LANGUAGE = frozenset({"zxx", "und"})  # no linguistic content: nothing says it is not English
_WORD = re.compile(r"\S*[^\W\d_]\S*")  # a whitespace-separated token with a letter in it
# Han, kana, Hangul and other scripts written without spaces: each character counts as a word
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                       r"\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class LanguageGuess:
    """The language of a text's prefix: ISO 639 code and its probability, plus what the policy needs."""

    lang: str  # ISO 639-1 where there is one ("fr"), else 639-3 ("pcm"); "und" for an empty text
    confidence: float  # the model's probability for ``lang``, 0..1
    english: float = 0.0  # probability of English (en + pcm)
    words: int = 0  # tokens with a letter in the prefix (each Han/kana/Hangul/Thai character counts as one)
    latin: float = 1.0  # share of the prefix's letters in the Latin script

    def describe(self) -> str:
        return f"detected {self.lang}, confidence {self.confidence:.2f}"


def is_english(guess: LanguageGuess, min_confidence: float = MIN_CONFIDENCE, short_words: int = SHORT_WORDS,
               short_confidence: float = SHORT_CONFIDENCE) -> bool:
    """Whether to code a text of this guess as English (see the module docstring for the policy)."""
    if guess.lang in ENGLISH or guess.lang in NO_LANGUAGE:
        return True
    if guess.latin < 0.5 and guess.words >= 2:
        return False
    if guess.words < short_words and guess.confidence < short_confidence:
        return True
    return 1.0 - guess.english < min_confidence


class LanguageDetector:
    """Guesses the language of texts; loads py3langid's model on first use (about 0.5 s), then ~0.5 ms a text.

    Safe to share between threads (the model is read-only once loaded).
    """

    def __init__(self, prefix_chars: int = PREFIX_CHARS, min_confidence: float = MIN_CONFIDENCE,
                 short_words: int = SHORT_WORDS, short_confidence: float = SHORT_CONFIDENCE) -> None:
        if prefix_chars < 1:
            raise ValueError("prefix_chars must be at least 1")
        self.prefix_chars = prefix_chars
        self.min_confidence = min_confidence
        self.short_words = short_words
        self.short_confidence = short_confidence
        self._identifier = None
        self._lock = threading.Lock()

    def _model(self):  # noqa: ANN202 - py3langid's LanguageIdentifier
        if self._identifier is None:
            with self._lock:
                if self._identifier is None:
                    from py3langid.langid import MODEL_FILE, LanguageIdentifier

                    self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return self._identifier

    def detect_language(self, text: str) -> LanguageGuess:
        """The most likely language of the first ``prefix_chars`` characters of ``text``."""
        sample = text[:self.prefix_chars]
        letters = [c for c in sample if c.isalpha()]
        if not letters:
            return LanguageGuess("und", 0.0, 0.0, 0, 1.0)
        latin = sum(1 for c in letters if c < "\u0250" or "\u1e00" <= c <= "\u1eff") / len(letters)
        unspaced = len(_UNSPACED.findall(sample))
        words = len(_WORD.findall(_UNSPACED.sub(" ", sample))) + unspaced
        ranked = self._model().rank(sample)
        lang, confidence = ranked[0]
        english = sum(p for code, p in ranked if code in ENGLISH)
        return LanguageGuess(lang, float(confidence), float(english), words, latin)

    def is_english(self, guess: LanguageGuess) -> bool:
        return is_english(guess, self.min_confidence, self.short_words, self.short_confidence)

    def skip_reason(self, text: str) -> str | None:
        """None for a text to code; else why it is skipped: 'skipped: not English (detected fr, confidence 0.97)'."""
        guess = self.detect_language(text)
        if self.is_english(guess):
            return None
        return f"skipped: not English ({guess.describe()})"


__all__ = ["LanguageDetector", "LanguageGuess", "is_english"]

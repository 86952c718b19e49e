"""Readability scores of the story: Flesch reading ease, Flesch-Kincaid grade,
Gunning fog and Dale-Chall.

The formulas and word lists are textstat's (English constants, its Dale-Chall
list of easy words, its Pyphen syllable counter), applied to the words and
sentences spaCy has already found. textstat's own functions are not called on
the text: for English they first look for NLTK's CMU pronouncing dictionary and
download it when it is missing, and ficlens makes no network calls; they would
also re-split the whole text four times.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from textstat.backend.utils import get_lang_cfg, get_lang_easy_words, get_pyphen

from .rhythm import sentence_lengths
from .tokens import Tokens

LANG = "en_US"


@dataclass(slots=True)
class Readability:
    """The four scores; all None for a story without words."""

    flesch_reading_ease: float | None
    flesch_kincaid_grade: float | None
    gunning_fog: float | None
    dale_chall: float | None


@cache
def syllables(word: str) -> int:
    """Syllables in a lower-case word, counted from Pyphen's hyphenation points as textstat does
    when a word is not in the CMU dictionary."""
    return len(get_pyphen(LANG).positions(word)) + 1


def readability(tokens: Tokens) -> Readability:
    """The readability scores of the words and sentences in `tokens`."""
    sentences = len(sentence_lengths(tokens))
    words = [tokens.lower[i] for i in range(len(tokens)) if tokens.word[i]]
    if not words:
        return Readability(None, None, None, None)
    easy = get_lang_easy_words(LANG)
    complex_threshold = int(get_lang_cfg(LANG, "syllable_threshold"))
    total_syllables = complex_words = hard_words = 0
    for word, times in Counter(words).items():  # each word counted once, however often it is used
        count = syllables(word)
        total_syllables += count * times
        if word not in easy:
            hard_words += times
            complex_words += times * (count >= complex_threshold)
    per_sentence = len(words) / sentences
    per_word = total_syllables / len(words)
    hard_share = 100 * hard_words / len(words)
    dale_chall = 0.1579 * hard_share + 0.0496 * per_sentence + (3.6365 if hard_share > 5 else 0.0)
    return Readability(
        flesch_reading_ease=round(
            get_lang_cfg(LANG, "fre_base")
            - get_lang_cfg(LANG, "fre_sentence_length") * per_sentence
            - get_lang_cfg(LANG, "fre_syll_per_word") * per_word,
            2,
        ),
        flesch_kincaid_grade=round(0.39 * per_sentence + 11.8 * per_word - 15.59, 2),
        gunning_fog=round(0.4 * (per_sentence + 100 * complex_words / len(words)), 2),
        dale_chall=round(dale_chall, 2),
    )

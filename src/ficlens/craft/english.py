"""What the craft checks know about English words in general, as opposed to this story.

pyspellchecker's English dictionary carries a frequency for each of its ~160,000
words (counted over a large subtitle corpus); it serves both as the spelling
dictionary and as the measure of how common a word is. SymSpell's English
frequency list (82,765 words found both in SCOWL and in Google Books) is a
second dictionary: it knows the newer words fan fiction uses ("snarky",
"texted", "muggle") that pyspellchecker lacks. Each is loaded once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from spacy.lang.en.stop_words import STOP_WORDS
from spellchecker import SpellChecker

from ..model import Character

COMMON_RANK = 10_000  # a word outside English's 10,000 most frequent is "uncommon"
_NAME_PART = re.compile(r"[^\W\d_]+")
STOP = frozenset(STOP_WORDS | {w.replace("'", "’") for w in STOP_WORDS})


@cache
def spellchecker() -> SpellChecker:
    """pyspellchecker's English dictionary (takes about 0.4 s to load)."""
    return SpellChecker(language="en")


@cache
def symspell_words() -> frozenset[str]:
    """The words of symspellpy's English frequency dictionary (about 0.05 s to read)."""
    listing = files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return frozenset(line.split(" ", 1)[0] for line in listing.splitlines() if line)


@cache
def _common_floor() -> int:
    counts = sorted(spellchecker().word_frequency.dictionary.values(), reverse=True)
    return counts[min(COMMON_RANK, len(counts)) - 1]


def frequency(word: str) -> int:
    """How often `word` (lower case) occurs in the dictionary's corpus; 0 when unknown."""
    return spellchecker().word_frequency.dictionary.get(word, 0)


def is_common(*forms: str) -> bool:
    """True when any of the forms ("gleaming", "gleam") is among English's most frequent words."""
    floor = _common_floor()
    return any(frequency(form) >= floor for form in forms)


def name_words(characters: Iterable[Character]) -> set[str]:
    """Lower-cased words of every character's name and aliases ("lucius", "granger", "weasley")."""
    words: set[str] = set()
    for character in characters:
        for name in [character.name, *character.aliases]:
            words.update(part.lower() for part in _NAME_PART.findall(name) if len(part) > 1)
    return words

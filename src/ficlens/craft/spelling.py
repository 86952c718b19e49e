"""Spelling: words that are in no English dictionary and not the story's own vocabulary.

Fan fiction is full of words no dictionary knows that are not mistakes: its
characters' names, its fandom's places and spells and ship names. So a word is
only checked when it is plain lower-case prose: letters only (no digits,
apostrophes or hyphens), not part of a character's name, never capitalised
inside a sentence anywhere in the story (that marks a name, "Hogwarts",
"Drarry"), not tagged a proper noun or interjection, not a drawn-out sound
("hmmm", "noooo"), and used fewer than OWN_WORD times (a word the story keeps
using is its own). British spellings are accepted ("colour", "realise"), and
so are compounds of two content words ("rulebook"), which the dictionary often
lacks.

A word is known when pyspellchecker's English dictionary or symspellpy's
frequency list has it (the second knows newer words: "snarky", "texted"). A
flagged word that splits into two dictionary words is suggested as those
("todecide" -> "to decide");
otherwise the most frequent word one edit away, if any (pyspellchecker's full
two-edit search takes up to a second a word, so it is not used).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..model import Span
from .english import STOP, frequency, spellchecker, symspell_words
from .tokens import Tokens

OWN_WORD = 3  # uses after which a word is the story's own
_DRAWN_OUT = re.compile(r"(\w)\1\1")
# British spellings and their American forms: anywhere in the word, or (second list) at its end.
_BRITISH = [("our", "or"), ("ise", "ize"), ("ising", "izing"), ("isation", "ization"), ("yse", "yze"),
            ("ll", "l"), ("ae", "e"), ("oe", "e"), ("ence", "ense"), ("ogue", "og")]  # fmt: skip
_BRITISH_ENDINGS = [("re", "er"), ("res", "ers"), ("red", "ered")]
_SHORT_WORDS = {"a", "i"}


@dataclass(slots=True)
class Misspelling:
    """A word as written (lower-cased), a suggested correction if one is found, and each use."""

    word: str
    suggestion: str | None
    spans: list[Span]


def misspellings(tokens: Tokens, names: set[str]) -> list[Misspelling]:
    """Words that look misspelt, in order of first use."""
    uses: dict[str, list[int]] = defaultdict(list)
    capitalised: set[str] = set()
    sentence_starts = {first for first, _ in tokens.sentences}
    for i, text in enumerate(tokens.text):
        if not text.isalpha():
            continue
        lower = tokens.lower[i]
        if text[0].isupper() and i not in sentence_starts and not _after_opening(tokens, i):
            capitalised.add(lower)
        if tokens.pos[i] in ("PROPN", "INTJ") or (text.isupper() and len(text) > 1):
            capitalised.add(lower)
        uses[lower].append(i)
    candidates = [
        word
        for word, found in uses.items()
        if len(found) < OWN_WORD
        and word not in capitalised
        and word not in names
        and word.isascii()
        and not _DRAWN_OUT.search(word)
    ]
    checker = spellchecker()
    also_known = symspell_words()
    unknown = [word for word in checker.unknown(candidates)
               if word not in also_known and not _british(word) and not _compound(word)]
    flagged = [
        Misspelling(word, suggest(word), [Span(tokens.start[i], tokens.end[i]) for i in uses[word]])
        for word in unknown
    ]
    flagged.sort(key=lambda m: m.spans[0].start)
    return flagged


def suggest(word: str) -> str | None:
    """A correction for `word`: two run-together dictionary words, else the commonest word one edit away."""
    checker = spellchecker()
    splits = [
        (min(frequency(word[:k]), frequency(word[k:])), f"{word[:k]} {word[k:]}")
        for k in range(1, len(word))
        if _whole(word[:k]) and _whole(word[k:])
    ]
    if splits:
        return max(splits)[1]
    near = checker.known(checker.edit_distance_1(word))
    return max(near, key=lambda w: (frequency(w), w)) if near else None


def _compound(word: str) -> bool:
    """Whether `word` is two content words written as one ("rulebook", "snowdrift"): English
    makes compounds that way and the dictionary lacks many. Run-together typos join a
    function word to another ("todecide", "alot") and stay flagged."""
    return any(
        _whole(word[:k]) and _whole(word[k:]) and word[:k] not in STOP and word[k:] not in STOP
        for k in range(3, len(word) - 2)
    )


def _whole(part: str) -> bool:
    """A dictionary word that can stand on its own (single letters only "a" and "i")."""
    return (len(part) > 1 or part in _SHORT_WORDS) and frequency(part) > 0


def _british(word: str) -> bool:
    """Whether `word` is the British spelling of a dictionary word ("colour", "realised", "centre")."""
    american = [word.replace(b, a) for b, a in _BRITISH if b in word]
    american += [word[: -len(b)] + a for b, a in _BRITISH_ENDINGS if word.endswith(b)]
    return bool(spellchecker().known(american))


def _after_opening(tokens: Tokens, i: int) -> bool:
    """Whether token `i` follows a mark after which capitals are normal inside a spaCy
    sentence: an opening quote or bracket, a dash, a full stop the parser did not split at."""
    previous = tokens.text[i - 1] if i > 0 else ""
    return previous not in (",", ";") and not any(c.isalnum() for c in previous)

"""Sticky sentences: sentences made mostly of glue words.

Richard Wydick (Plain English for Lawyers) splits a sentence's words into
working words, which carry its meaning, and glue words, which only hold them
together ("the", "of", "to", "was", "there"); ProWritingAid's sticky-sentence
report flags a sentence whose glue share is high. Here a glue word is a
common function word (spaCy's stop words, of a function part of speech);
personal pronouns are not glue, since they name who acts. A sentence of at
least MIN_WORDS words with more than THRESHOLD of glue is sticky, and the
report says which glue words it leans on. Narration and dialogue both count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .rhythm import sentence_lengths
from .tokens import Tokens

THRESHOLD = 0.45  # glue share above which a sentence is sticky
MIN_WORDS = 8  # a shorter sentence has no room to wander
GLUE_POS = frozenset({"DET", "ADP", "AUX", "CCONJ", "SCONJ", "PART", "ADV", "PRON"})
PERSONS = frozenset({"i", "me", "you", "he", "him", "she", "her", "we", "us", "they", "them"})


@dataclass(slots=True)
class StickySentence:
    """A sticky sentence: its glue share (percent) and its glue words, as written, by count."""

    start: int
    end: int
    glue: float
    words: dict[str, int]


@dataclass(slots=True)
class StickySentences:
    """How many sentences were long enough to judge, how many are sticky (and their percent), and which."""

    sentences: int
    count: int
    share: float
    flagged: list[StickySentence]


def is_glue(tokens: Tokens, i: int) -> bool:
    """Whether token `i` is a glue word."""
    return tokens.stop[i] and tokens.pos[i] in GLUE_POS and tokens.lower[i] not in PERSONS


def sticky_sentences(tokens: Tokens) -> StickySentences:
    """The story's sticky sentences, in text order."""
    judged = 0
    flagged = []
    for first, last, words in sentence_lengths(tokens):
        if words < MIN_WORDS:
            continue
        judged += 1
        glue = Counter(tokens.lower[i] for i in range(first, last) if tokens.word[i] and is_glue(tokens, i))
        share = sum(glue.values()) / words
        if share > THRESHOLD:
            flagged.append(StickySentence(tokens.start[first], tokens.end[last - 1], round(100 * share, 1),
                                          dict(glue.most_common())))
    share = round(100 * len(flagged) / judged, 2) if judged else 0.0
    return StickySentences(judged, len(flagged), share, flagged)

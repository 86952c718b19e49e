"""Sentence sentiment with VADER, the one sentiment lexicon of the story stage.

VADER (Hutto & Gilbert 2014) scores a sentence from -1 to 1 and understands
negation, intensifiers and "but", which plain word counting does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..language import ParsedParagraph


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """VADER, built once per process (it reads its lexicon from disk)."""
    return SentimentIntensityAnalyzer()


def compound(text: str) -> float:
    """VADER's compound score of `text`, -1 (negative) .. 1 (positive)."""
    return analyzer().polarity_scores(text)["compound"]


@dataclass(slots=True)
class Sentence:
    """A sentence of the story: where it is, how many words, and its sentiment."""

    start: int
    end: int
    words: int
    sentiment: float


def score_sentences(parsed: Sequence[ParsedParagraph]) -> list[Sentence]:
    """Every sentence of the parsed paragraphs, in order, with its VADER score.

    Quotations are scored with the narration around them: what characters say
    is part of the story's mood.
    """
    sentences = []
    for paragraph in parsed:
        for sent in paragraph.doc.sents:
            words = sum(1 for token in sent if not (token.is_punct or token.is_space))
            if words == 0:
                continue
            start = paragraph.offset + sent.start_char
            sentences.append(Sentence(start, paragraph.offset + sent.end_char, words, compound(sent.text)))
    return sentences

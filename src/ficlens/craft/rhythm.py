"""Rhythm: how long the story's sentences and paragraphs run, and how much they vary.

Sentences are spaCy's, over narration and dialogue alike; a sentence's length
is its words (clitics such as "n't" belong to the word before them). Prose that
reads as monotonous shows a small spread; a long tail of very long sentences
shows in the histogram and the longest sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean, pstdev

from .tokens import Tokens

# Histogram bins of sentence length in words: (label, shortest, longest).
BINS = [("1-5", 1, 5), ("6-10", 6, 10), ("11-15", 11, 15), ("16-20", 16, 20), ("21-30", 21, 30),
        ("31-40", 31, 40), ("41+", 41, None)]  # fmt: skip


@dataclass(slots=True)
class LongestSentence:
    start: int
    end: int
    words: int


@dataclass(slots=True)
class Sentences:
    """Sentence count, mean and standard deviation of words per sentence, their histogram
    (every bin present, zero or not) and the longest sentence."""

    count: int
    mean: float
    stdev: float
    histogram: dict[str, int]
    longest: LongestSentence | None


@dataclass(slots=True)
class Paragraphs:
    """Paragraph count, mean and standard deviation of words per paragraph."""

    count: int
    mean: float
    stdev: float


def sentence_lengths(tokens: Tokens) -> list[tuple[int, int, int]]:
    """(first token, last token + 1, words) of each sentence with at least one word."""
    found = []
    for first, last in tokens.sentences:
        words = sum(tokens.word[first:last])
        if words:
            found.append((first, last, words))
    return found


def sentences(tokens: Tokens) -> Sentences:
    """Sentence-length statistics of the story."""
    lengths = sentence_lengths(tokens)
    counts = [words for _, _, words in lengths]
    histogram = {label: 0 for label, _, _ in BINS}
    for words in counts:
        label = next(label for label, low, high in BINS if words >= low and (high is None or words <= high))
        histogram[label] += 1
    longest = None
    if lengths:
        first, last, words = max(lengths, key=lambda s: s[2])
        longest = LongestSentence(tokens.start[first], tokens.end[last - 1], words)
    return Sentences(len(counts), _mean(counts), _stdev(counts), histogram, longest)


def paragraphs(tokens: Tokens) -> Paragraphs:
    """Paragraph-length statistics of the story (paragraphs with at least one word)."""
    words: dict[int, int] = {}
    for paragraph, is_word in zip(tokens.paragraph, tokens.word):
        if is_word:
            words[paragraph] = words.get(paragraph, 0) + 1
    counts = list(words.values())
    return Paragraphs(len(counts), _mean(counts), _stdev(counts))


def _mean(values: list[int]) -> float:
    return round(fmean(values), 2) if values else 0.0


def _stdev(values: list[int]) -> float:
    return round(pstdev(values), 2) if values else 0.0

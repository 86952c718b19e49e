"""Clichés: stock phrases from an openly licensed list ("at the end of the day", "a far cry").

The list (`cliches.txt`, 771 phrases) is proselint's (BSD licence, its notice in
the file): write-good's list and one drawn from Garner's Modern American Usage.
A phrase is found where its words start at a token of the story (looked up by
its first token, so the check costs a dictionary look-up a token), whatever the
case, whichever apostrophe (' or ’) and however much space lies between its
words; narration and dialogue both count, per 10,000 words of the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import Span
from .tokens import Tokens

LIST_FILE = "cliches.txt"


@dataclass(slots=True)
class Cliche:
    """A cliché of the list, and each place the story uses it."""

    phrase: str
    spans: list[Span]


@dataclass(slots=True)
class Cliches:
    """How many clichés the story uses, per 10,000 words, and which."""

    count: int
    per_10000: float
    found: list[Cliche]


def cliches(text: str, tokens: Tokens) -> Cliches:
    """Every use of a listed cliché, grouped by phrase, the most used first."""
    by_first = _patterns()
    uses: dict[str, list[Span]] = {}
    covered = 0  # the end of the last cliché found: "better half" is not found again in "my better half"
    for i, lower in enumerate(tokens.lower):
        candidates = by_first.get(lower)
        if not candidates or tokens.start[i] < covered:
            continue
        start = tokens.start[i]
        for phrase, pattern in candidates:
            match = pattern.match(text, start)
            if match:
                uses.setdefault(phrase, []).append(Span(start, match.end()))
                covered = match.end()
                break
    found = sorted((Cliche(phrase, spans) for phrase, spans in uses.items()),
                   key=lambda c: (-len(c.spans), c.spans[0].start))
    count = sum(len(c.spans) for c in found)
    words = tokens.words
    return Cliches(count, round(10_000 * count / words, 2) if words else 0.0, found)


@cache
def phrases() -> list[str]:
    """The listed clichés, lower-cased."""
    listing = resources.files(__package__).joinpath(LIST_FILE).read_text(encoding="utf-8")
    return [line.strip().lower() for line in listing.splitlines() if line.strip() and not line.startswith("#")]


@cache
def _patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Each phrase as a case-blind pattern, under its first word, longest first."""
    by_first: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for phrase in sorted(phrases(), key=len, reverse=True):
        parts = [re.escape(word).replace("'", "['’]") for word in phrase.split()]
        pattern = re.compile(r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)
        by_first.setdefault(_first_token(phrase.split()[0]), []).append((phrase, pattern))
    return by_first


def _first_token(word: str) -> str:
    """The first token spaCy makes of a phrase's first word: "can't" -> "ca", "don't" -> "do",
    "it's" -> "it", "bird's" -> "bird"."""
    word = word.replace("’", "'")
    if word.endswith("n't"):
        return word[:-3]
    return word.split("'")[0]

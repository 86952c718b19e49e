"""Echoes: an uncommon word used again within a few lines of itself.

A reader hardly notices "door" twice in a paragraph but does notice "gleaming"
twice. A word is uncommon when neither it nor its lemma is among English's
10,000 most frequent words (`english.is_common`); names and stop words never
echo. Occurrences of one lemma each within WINDOW words of the previous one
form one echo.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Span
from .english import STOP, is_common
from .tokens import Tokens

WINDOW = 50  # words
_CONTENT = {"NOUN", "VERB", "ADJ", "ADV"}


@dataclass(slots=True)
class Echo:
    """An uncommon word (as most often written) and each of its close-together uses."""

    word: str
    spans: list[Span]


def echoes(tokens: Tokens, names: set[str]) -> list[Echo]:
    """Every cluster of an uncommon word's uses less than WINDOW words apart, in text order."""
    uses: dict[str, list[tuple[int, int]]] = defaultdict(list)  # lemma -> (word number, token)
    number = 0
    common: dict[tuple[str, str], bool] = {}
    for i, text in enumerate(tokens.text):
        if not tokens.word[i]:
            continue
        number += 1
        lower, lemma = tokens.lower[i], tokens.lemma[i]
        if tokens.pos[i] not in _CONTENT or not text.isalpha() or len(lower) < 4:
            continue
        if lower in STOP or lemma in STOP or lower in names or lemma in names:
            continue
        if (lower, lemma) not in common:
            common[lower, lemma] = is_common(lower, lemma)
        if not common[lower, lemma]:
            uses[lemma].append((number, i))
    found: list[Echo] = []
    for occurrences in uses.values():
        cluster = [occurrences[0]]
        for use in occurrences[1:] + [(None, None)]:
            if use[0] is not None and use[0] - cluster[-1][0] < WINDOW:
                cluster.append(use)
                continue
            if len(cluster) > 1:
                word = Counter(tokens.lower[i] for _, i in cluster).most_common(1)[0][0]
                found.append(Echo(word, [Span(tokens.start[i], tokens.end[i]) for _, i in cluster]))
            cluster = [use]
    found.sort(key=lambda echo: echo.spans[0].start)
    return found

"""Relationships: which pairs of characters the story is about, and how warmly.

Three kinds of evidence: lines one speaks to the other (from the dialogue
stage's speakers and addressees), scenes both take part in, and paragraphs that
name both. Each counts as a share of the story's total of its kind, so a pair
that has all the dialogue, all the scenes and all the co-mentions scores 3;
strength is that score relative to the strongest pair. Warmth is the mean VADER
score of the lines they say to each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from ..model import Quote
from .presence import Presence
from .sentiment import compound


@dataclass(slots=True)
class Lines:
    """Quotations spoken by the first character to the second, and back."""

    a_to_b: int = 0
    b_to_a: int = 0


@dataclass(slots=True)
class Relationship:
    """A pair of characters (ids in sorted order) and the evidence that binds them."""

    characters: list[str]
    lines: Lines
    shared_scenes: int
    co_mentions: int
    warmth: float | None
    strength: float


def find_relationships(text: str, quotes: Sequence[Quote], presence: Presence) -> list[Relationship]:
    """Every pair that talks to each other or is named together, strongest first.

    Sharing a scene alone does not make a relationship (a crowded scene would
    pair everyone with everyone), but it adds to the strength of one.
    """
    lines: Counter[tuple[str, str]] = Counter()
    feelings: dict[tuple[str, str], list[float]] = {}
    for quote in quotes:
        if quote.speaker is None:
            continue
        for addressee in quote.addressees:
            if addressee == quote.speaker:
                continue
            lines[quote.speaker, addressee] += 1
            pair = _pair(quote.speaker, addressee)
            feelings.setdefault(pair, []).append(compound(text[quote.start : quote.end]))
    co_mentions = Counter(pair for named in presence.paragraphs for pair in combinations(sorted(named), 2))
    shared = Counter(pair for present in presence.scenes for pair in combinations(sorted(present), 2))

    pairs = set(co_mentions) | {_pair(a, b) for a, b in lines}
    total_lines = max(1, sum(lines.values()))
    total_co = max(1, sum(1 for named in presence.paragraphs if len(named) >= 2))
    total_scenes = max(1, len(presence.scenes))
    scores = {
        (a, b): (lines[a, b] + lines[b, a]) / total_lines + co_mentions[a, b] / total_co + shared[a, b] / total_scenes
        for a, b in pairs
    }
    strongest = max(scores.values(), default=0.0) or 1.0
    relationships = []
    for (a, b), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        warmth = feelings.get((a, b))
        relationships.append(
            Relationship(
                characters=[a, b],
                lines=Lines(lines[a, b], lines[b, a]),
                shared_scenes=shared[a, b],
                co_mentions=co_mentions[a, b],
                warmth=round(sum(warmth) / len(warmth), 4) if warmth else None,
                strength=round(score / strongest, 4),
            )
        )
    return relationships


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


MAIN_SHARE = 0.25  # a main character is present at least a quarter as much as the lead


def main_characters(importance: dict[str, float]) -> set[str]:
    """Characters whose importance is at least MAIN_SHARE of the most important one's."""
    top = max(importance.values(), default=0.0)
    return {c for c, value in importance.items() if top > 0 and value >= MAIN_SHARE * top}


def main_pair(relationships: Sequence[Relationship], main: set[str]) -> Relationship | None:
    """The strongest relationship between two main characters, if any."""
    return next((r for r in relationships if set(r.characters) <= main), None)

"""Slips of tense or person, as the narration stage found them, with their sentences."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Narration


@dataclass(slots=True)
class SlipNote:
    """A sentence whose tense or person departs from its scene's, and its text."""

    start: int
    end: int
    kind: str
    expected: str
    found: str
    text: str


def slips(text: str, narration: Narration) -> list[SlipNote]:
    """The narration's slips, each with the sentence it flags."""
    return [SlipNote(s.start, s.end, s.kind, s.expected, s.found, text[s.start : s.end]) for s in narration.slips]

"""Who is present where: the characters of each paragraph and each scene.

A character is named in a paragraph when the characters stage found a mention
of them there. A first-person narrator is seldom named, so they count as named
in every paragraph of their own narration that says "I", "me" or "my" outside
quotation marks. A character is in a scene when named there, or when they speak
or are spoken to there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..characters.lexicon import FIRST_PERSON
from ..language import ParsedParagraph
from ..model import Mention, Narration, Quote, Scene


@dataclass(slots=True)
class Presence:
    """Characters named per parsed paragraph and present per scene (both in order)."""

    paragraphs: list[set[str]]
    scenes: list[set[str]]

    def paragraph_counts(self) -> Counter[str]:
        """In how many paragraphs each character is named."""
        return Counter(c for named in self.paragraphs for c in named)


def find_presence(
    parsed: Sequence[ParsedParagraph],
    scenes: Sequence[Scene],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    narration: Narration,
) -> Presence:
    """Who is named in each paragraph and who takes part in each scene."""
    starts = [p.offset for p in parsed]
    paragraphs: list[set[str]] = [set() for _ in parsed]
    for mention in mentions:
        index = bisect_right(starts, mention.start) - 1
        if index >= 0 and mention.start < parsed[index].offset + len(parsed[index].text):
            paragraphs[index].add(mention.character)
    narrator = narration.narrator
    if narrator is not None:
        quote_spans = sorted((q.start, q.end) for q in quotes)
        for index in _first_person_paragraphs(parsed, scenes, narration, quote_spans):
            paragraphs[index].add(narrator)

    scene_starts = [s.start for s in scenes]
    present: list[set[str]] = [set() for _ in scenes]

    def scene_of(offset: int) -> int:
        index = bisect_right(scene_starts, offset) - 1
        return index if index >= 0 and offset < scenes[index].end else -1

    for paragraph, named in zip(parsed, paragraphs):
        if (index := scene_of(paragraph.offset)) >= 0:
            present[index] |= named
    for quote in quotes:
        if (index := scene_of(quote.start)) >= 0:
            present[index].update(c for c in [quote.speaker, *quote.addressees] if c)
    return Presence(paragraphs, present)


def _first_person_paragraphs(
    parsed: Sequence[ParsedParagraph],
    scenes: Sequence[Scene],
    narration: Narration,
    quote_spans: list[tuple[int, int]],
) -> list[int]:
    """Indexes of paragraphs in first-person scenes whose narration says I/me/my."""
    first_person = [s.pov == "first" for s in narration.scenes]
    if len(first_person) != len(scenes):  # no per-scene narration: trust the work's
        first_person = [narration.pov == "first"] * len(scenes)
    scene_starts = [s.start for s in scenes]
    quote_starts = [start for start, _ in quote_spans]
    found = []
    for index, paragraph in enumerate(parsed):
        scene = bisect_right(scene_starts, paragraph.offset) - 1
        if scene < 0 or not first_person[scene]:
            continue
        for token in paragraph.doc:
            if token.lower_ in FIRST_PERSON and not _inside(quote_spans, quote_starts, paragraph.offset + token.idx):
                found.append(index)
                break
    return found


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < spans[i][1]

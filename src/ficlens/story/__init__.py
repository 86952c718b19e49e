"""The story stage: the emotional arc, the relationships, and inferred AO3 tags.

    arc            NRC word valence (negation applied) along narrative time, and its basic shape
    emotions       NRC emotions per scene
    sentiment      VADER sentence scores, for the warmth of relationships
    presence       who is named in each paragraph and present in each scene
    referents      who a name or pronoun means
    cues           the words of bonds (relation nouns, words of address, acts, states) and their weights
    bonds          cues of a bond between two characters ("her sister", "kissed him"), with passages
    ages           characters the text marks as children
    relationships  pairs of characters: lines, shared scenes, co-mentions, warmth, kind
    tags           inferred characters, relationships and categories; agreement with declared tags
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..language import ParsedParagraph
from ..model import Character, Mention, Metadata, Narration, Quote, Structure
from .ages import find_children
from .arc import Arc, build_arc
from .bonds import find_cues
from .emotions import scene_emotions
from .presence import find_presence
from .referents import Referents, spouses_by_title
from .relationships import Relationship, find_relationships
from .sentiment import score_sentences
from .tags import Inferred, Pairing, declared_romances, infer_tags

__all__ = ["Story", "tell_story"]


@dataclass(slots=True)
class Story:
    """What the story stage finds; `dataclasses.asdict` of it is its part of the analysis JSON."""

    arc: Arc
    relationships: list[Relationship]
    pairing: Pairing | None
    inferred: Inferred


def tell_story(
    text: str,
    structure: Structure,
    parsed: Sequence[ParsedParagraph],
    characters: Sequence[Character],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    narration: Narration,
    declared: Metadata,
) -> Story:
    """The arc, relationships, main pairing and inferred tags of a work.

    `parsed` are the spaCy parses of `structure.story_paragraphs()`, in order.
    """
    scenes = structure.scenes
    arc = build_arc(score_sentences(parsed), scenes, scene_emotions(parsed, scenes))
    presence = find_presence(parsed, scenes, mentions, quotes, narration)
    genders = {c.id: c.gender for c in characters}
    referents = Referents(mentions, quotes, genders, narration.narrator, spouses_by_title(characters))
    relationships = find_relationships(text, quotes, presence, find_cues(parsed, referents), characters,
                                       find_children(parsed, referents), declared_romances(characters, genders, declared))
    importance = _importance(characters, presence.paragraph_counts(), narration.narrator)
    pairing, inferred = infer_tags(characters, genders, importance, relationships, declared)
    return Story(arc, relationships, pairing, inferred)


def _importance(characters: Sequence[Character], paragraphs: dict[str, int], narrator: str | None) -> dict[str, float]:
    """Mentions plus lines; a narrator, seldom named, also counts the paragraphs they are present in."""
    return {
        c.id: c.mentions + c.quotes + (paragraphs.get(c.id, 0) if c.id == narrator else 0) for c in characters
    }

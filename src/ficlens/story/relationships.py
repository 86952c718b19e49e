"""Relationships: which pairs of characters the story is about, how warmly, and of what kind.

Three kinds of evidence make a pair: lines one speaks to the other (from the
dialogue stage's speakers and addressees), scenes both take part in, and
paragraphs that name both. Each counts as a share of the story's total of its
kind, so a pair that has all the dialogue, all the scenes and all the
co-mentions scores 3; strength is that score relative to the strongest pair.
Warmth is the mean VADER score of the lines they say to each other.

The kind (romantic, family, friendship, rivalry, professional or unknown)
comes from the cues of `bonds` between the two, each weighing what one such
cue tells a reader; a kind's confidence grows with its weight. Family is a
fact no feeling outweighs. Romance is never given to relatives, to a teacher
and a pupil, or to anyone the text marks as a child (see `ages`): the `guard`
says which held it back.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..characters.lexicon import PARTICLES
from ..characters.names import honorific_key
from ..model import Character, Quote
from .bonds import Cue
from .cues import (
    AFFECTION, AFFECTION_ALONE, COURTSHIP, FAMILY, KINDS, RELATION_NOUNS, ROMANTIC, SHARED_SURNAME, TEACHING, UNKNOWN,
)
from .presence import Presence
from .sentiment import compound

SURE = 0.5  # confidence a kind needs to be the pair's
FAMILY_TOLD = 1.5  # weight of family cues of the narration's grammar (or a shared name) that settles it
_SCALE = 2.0  # weight at which a kind's confidence is 1 - 1/e
EVIDENCE_KEPT = 5  # passages kept per relationship
_MARRYING = frozenset(("marry", "wed", "married to", "wife", "husband", "spouse"))
_MARRIED_WEIGHT = 3.0
_SPOUSES = frozenset(("wife", "husband", "spouse"))


@dataclass(slots=True)
class Lines:
    """Quotations spoken by the first character to the second, and back."""

    a_to_b: int = 0
    b_to_a: int = 0


@dataclass(slots=True)
class Evidence:
    """A passage that tells the kind: `who` is `of`'s `word`, or did `word` to them."""

    kind: str
    word: str
    who: str
    of: str
    start: int
    end: int


@dataclass(slots=True)
class Relationship:
    """A pair of characters (ids in sorted order) and the evidence that binds them."""

    characters: list[str]
    lines: Lines
    shared_scenes: int
    co_mentions: int
    warmth: float | None
    strength: float
    kind: str = UNKNOWN
    relation: str | None = None  # the word the text names it by: "sister", "wife", "friend"...
    confidence: dict[str, float] = field(default_factory=dict)  # kind -> 0..1
    guard: str | None = None  # why romance is ruled out: "family", "child", "teacher and pupil"
    evidence: list[Evidence] = field(default_factory=list)


def find_relationships(
    text: str,
    quotes: Sequence[Quote],
    presence: Presence,
    cues: Sequence[Cue] = (),
    characters: Sequence[Character] = (),
    children: dict[str, Cue] | None = None,
    declared: Callable[[str, str], bool] = lambda a, b: False,
) -> list[Relationship]:
    """Every pair that talks to each other or is named together, strongest first, with its kind.

    `children` are the characters `ages` finds children; `declared` tells whether the work itself
    declares a romance between two characters (its "A/B" tags and category), whose tokens of
    affection then suffice.

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

    by_pair: dict[tuple[str, str], list[Cue]] = defaultdict(list)
    for cue in cues:
        by_pair[_pair(cue.who, cue.of)].append(cue)
    pairs = set(co_mentions) | {_pair(a, b) for a, b in lines} | set(by_pair)
    total_lines = max(1, sum(lines.values()))
    total_co = max(1, sum(1 for named in presence.paragraphs if len(named) >= 2))
    total_scenes = max(1, len(presence.scenes))
    scores = {
        (a, b): (lines[a, b] + lines[b, a]) / total_lines + co_mentions[a, b] / total_co + shared[a, b] / total_scenes
        for a, b in pairs
    }
    strongest = max(scores.values(), default=0.0) or 1.0
    names = {c.id: name_words(c) for c in characters}
    relationships = []
    for (a, b), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        warmth = feelings.get((a, b))
        relationship = Relationship(
            characters=[a, b],
            lines=Lines(lines[a, b], lines[b, a]),
            shared_scenes=shared[a, b],
            co_mentions=co_mentions[a, b],
            warmth=round(sum(warmth) / len(warmth), 4) if warmth else None,
            strength=round(score / strongest, 4),
        )
        tell_kind(relationship, by_pair[a, b], names, children or {}, declared(a, b))
        relationships.append(relationship)
    return relationships


def tell_kind(
    relationship: Relationship,
    cues: Sequence[Cue],
    names: dict[str, set[str]],
    children: dict[str, Cue],
    declared: bool = False,
) -> None:
    """Set the kind, relation, confidences, guard and evidence of a relationship from its cues."""
    a, b = relationship.characters
    weights: Counter[str] = Counter()
    for cue in cues:
        weights[cue.kind] += cue.weight
    # a marriage that explains a shared name must be told of the two by name ("Tom Hale married Ruth"),
    # or as "his wife" or "her husband" in two passages or more
    spouse = [cue for cue in cues if cue.word in _SPOUSES]
    married = any(cue.word in _MARRYING and cue.weight >= _MARRIED_WEIGHT for cue in cues) or (
        sum(cue.weight for cue in spouse) >= _MARRIED_WEIGHT and len({cue.start for cue in spouse}) >= 2)
    if names.get(a, set()) & names.get(b, set()) and not married:
        weights[FAMILY] += SHARED_SURNAME  # "Elinor and Marianne Dashwood", or one person twice
    confidence = {kind: round(1 - math.exp(-weights[kind] / _SCALE), 3) for kind in KINDS}
    # Relatives are never a romance, however fond. What the grammar ties is a fact; words of
    # address alone ("my cousin" to a cousin-to-be) must not be outweighed by the romance.
    addressed = sum(cue.weight for cue in cues if cue.kind == FAMILY and cue.address)
    related = confidence[FAMILY] >= SURE and (
        weights[FAMILY] - addressed >= FAMILY_TOLD or weights[ROMANTIC] < 2 * weights[FAMILY])
    # A romance needs cues beyond affection (`COURTSHIP`), told in two passages or more (one may be misread).
    romantic = [cue for cue in cues if cue.kind == ROMANTIC]
    courted = sum(cue.weight for cue in romantic if cue.word not in AFFECTION) >= COURTSHIP \
        and len({c.start for c in romantic}) >= 2
    romance_told = courted or declared or weights[ROMANTIC] >= AFFECTION_ALONE
    young = [children[c] for c in (a, b) if c in children]
    teaching = [cue for cue in cues if cue.word in TEACHING]
    guard = "family" if related else "child" if young else "teacher and pupil" if teaching else None
    if guard is not None:
        confidence[ROMANTIC] = 0.0
    sure = [kind for kind in KINDS if confidence[kind] >= SURE and (kind != ROMANTIC or romance_told)]
    kind = FAMILY if related else max(sure, key=lambda k: (confidence[k], k)) if sure else UNKNOWN
    told = sorted((c for c in cues if c.kind == kind), key=lambda c: (-c.weight, c.start))
    relationship.kind = kind
    relationship.relation = next((c.word for c in told if c.word in RELATION_NOUNS), None)
    relationship.confidence = confidence
    relationship.guard = guard
    chosen = [*told, *young, *sorted((c for c in cues if c.kind != kind), key=lambda c: (-c.weight, c.start))]
    relationship.evidence = [Evidence(c.kind, c.word, c.who, c.of, c.start, c.end) for c in chosen[:EVIDENCE_KEPT]]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


MAIN_SHARE = 0.25  # a main character is present at least a quarter as much as the lead


def main_characters(importance: dict[str, float]) -> set[str]:
    """Characters whose importance is at least MAIN_SHARE of the most important one's."""
    top = max(importance.values(), default=0.0)
    return {c for c, value in importance.items() if top > 0 and value >= MAIN_SHARE * top}



def name_words(character: Character) -> set[str]:
    """The words of a character's name, honorifics left out: two characters sharing one are a
    family ("Mycroft Holmes", "Sherlock Holmes") or one person twice ("Mr. Holmes")."""
    return {w.lower() for w in character.name.split() if not honorific_key(w) and w.lower() not in PARTICLES}

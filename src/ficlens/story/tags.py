"""Inferred AO3 tags (characters, relationships, category) and how they agree
with the tags the work declares.

AO3 writes characters by full name ("Harry Potter"), relationships as
"A/B" (romantic) or "A & B" (platonic), and a category from the genders in its
romantic pairings only: F/M, M/M, F/F, Other, Gen (no pairing) and Multi
(several kinds). The main pairing is the strongest romantic relationship, or
none: sisters who talk a lot are "A & B", never a pairing.
Declared tags are compared leniently: case, "&" against "/", the order of
names, a disambiguation suffix "(Harry Potter)", and a part of a name against
the whole ("Draco" matches "Draco Malfoy").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..model import Character, Metadata
from .cues import ROMANTIC, UNKNOWN
from .relationships import SURE, Relationship, main_characters

MIN_TAGGED = 3  # mentions and lines a character needs to be tagged at all
TAGGED_SHARE = 1 / 30  # ... and their share of the lead's
PAIRING_STRENGTH = 0.5  # a tagged relationship is at least half as strong as the story's strongest
DECLARED_GEN_SURE = 0.9  # romantic confidence that overrules a work declared Gen
PLATONIC_TAGGED = 3  # "A & B" tags at most

_KINDS = {
    frozenset({"male"}): "M/M",
    frozenset({"female"}): "F/F",
    frozenset({"male", "female"}): "F/M",
}


@dataclass(slots=True)
class Pairing:
    """The main pairing: two character ids, its AO3 tag and category (None if a gender is unknown)."""

    characters: list[str]
    tag: str
    category: str | None


@dataclass(slots=True)
class TagAgreement:
    """Declared tags, those ficlens also infers, and those only one side has."""

    declared: list[str] = field(default_factory=list)
    agree: list[str] = field(default_factory=list)
    only_declared: list[str] = field(default_factory=list)
    only_inferred: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Agreement:
    characters: TagAgreement
    relationships: TagAgreement
    categories: TagAgreement


@dataclass(slots=True)
class Inferred:
    """Tags ficlens infers from the text, kept apart from the declared ones."""

    characters: list[str]
    relationships: list[str]
    categories: list[str]
    agreement: Agreement


def category(*genders: str | None) -> str | None:
    """AO3 category of a pairing: F/M, M/M, F/F, Other (nonbinary), None if a gender is unknown."""
    if any(g is None for g in genders):
        return None
    return _KINDS.get(frozenset(genders), "Other")


def categories(kinds: Sequence[str | None]) -> list[str]:
    """Categories of a work from its pairings' categories: Gen without pairings,
    each known kind, and Multi besides when there are several kinds."""
    if not kinds:
        return ["Gen"]
    known = sorted({k for k in kinds if k})
    return known + ["Multi"] if len(known) > 1 else known


def relationship_tag(names: Sequence[str], romantic: bool = True) -> str:
    """"A/B" (romantic) or "A & B" with the full names in alphabetical order."""
    return ("/" if romantic else " & ").join(sorted(names, key=str.lower))


def tagged_characters(characters: Sequence[Character], importance: dict[str, float]) -> list[Character]:
    """Characters worth a tag, most important first.

    The bar is a share of the lead's mentions and lines (not of their
    importance, which for a narrator also counts narrated paragraphs).
    """
    lead = max((c.mentions + c.quotes for c in characters), default=0)
    bar = max(MIN_TAGGED, TAGGED_SHARE * lead)
    kept = [c for c in characters if importance.get(c.id, 0) >= bar]
    return sorted(kept, key=lambda c: -importance[c.id])


def infer_tags(
    characters: Sequence[Character],
    genders: dict[str, str | None],
    importance: dict[str, float],
    relationships: Sequence[Relationship],
    declared: Metadata,
) -> tuple[Pairing | None, Inferred]:
    """The main pairing and the inferred tags, with their agreement with `declared`.

    `relationships` come strongest first, each with its kind. A romantic one
    is tagged "A/B" when sure (surer still in a work declared Gen only) and at
    least `PAIRING_STRENGTH` as strong as the strongest; the strongest is the
    main pairing. Other kinds between main characters are tagged "A & B".
    """
    names = {c.id: c.name for c in characters}
    mains = main_characters(importance)
    strongest = max((r.strength for r in relationships), default=0.0)
    central = [r for r in relationships if r.strength >= PAIRING_STRENGTH * strongest]
    sure = DECLARED_GEN_SURE if declares_gen(declared) else SURE
    romances = [r for r in central if r.kind == ROMANTIC and r.confidence.get(ROMANTIC, 0.0) >= sure]
    platonic = [r for r in central if r.kind not in (ROMANTIC, UNKNOWN) and set(r.characters) <= mains]
    pairing = None
    if romances:
        a, b = romances[0].characters
        pairing = Pairing([a, b], relationship_tag([names[a], names[b]]), category(genders.get(a), genders.get(b)))
    inferred_characters = [names[c.id] for c in tagged_characters(characters, importance)]
    inferred_relationships = [relationship_tag([names[x] for x in r.characters]) for r in romances] + [
        relationship_tag([names[x] for x in r.characters], romantic=False) for r in platonic[:PLATONIC_TAGGED]
    ]
    inferred_categories = categories([category(*(genders.get(x) for x in r.characters)) for r in romances])
    agreement = Agreement(
        characters=agree(declared.characters, inferred_characters, same_name),
        relationships=agree(declared.relationships, inferred_relationships, same_relationship),
        categories=agree(declared.categories, inferred_categories, same_category),
    )
    return pairing, Inferred(inferred_characters, inferred_relationships, inferred_categories, agreement)


def declared_romances(
    characters: Sequence[Character], genders: dict[str, str | None], declared: Metadata
) -> Callable[[str, str], bool]:
    """Whether the work declares a romance between two characters (ids): they are named in a
    declared "A/B" tag, or are of the genders of a declared category ("F/M": a man and a woman)."""
    kinds = {c.strip().upper() for c in declared.categories} - {"GEN"}
    tagged: set[frozenset[str]] = set()
    for tag in (t for t in declared.relationships if "/" in t):
        members = [c for c in characters if any(same_name(name, c.name) for name in _members(tag))]
        tagged |= {frozenset((a.id, b.id)) for a, b in combinations(members, 2)
                   if same_relationship(tag, f"{a.name}/{b.name}")}
    return lambda a, b: frozenset((a, b)) in tagged or category(genders.get(a), genders.get(b)) in kinds


def declares_gen(declared: Metadata) -> bool:
    """Whether the work's only declared category is Gen (no romance or sex is its subject)."""
    return [c.strip().lower() for c in declared.categories] == ["gen"]


def agree(declared: Sequence[str], inferred: Sequence[str], same: Callable[[str, str], bool]) -> TagAgreement:
    """Match declared against inferred tags with `same`; each tag matches at most once."""
    unmatched = list(inferred)
    agreeing, only_declared = [], []
    for tag in declared:
        match = next((x for x in unmatched if same(tag, x)), None)
        if match is None:
            only_declared.append(tag)
        else:
            agreeing.append(tag)
            unmatched.remove(match)
    return TagAgreement(list(declared), agreeing, only_declared, unmatched)


def same_category(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()


def same_name(a: str, b: str) -> bool:
    """Whether two character names can mean the same person ("draco" ~ "Draco Malfoy")."""
    x, y = _name_words(a), _name_words(b)
    return bool(x) and bool(y) and (x <= y or y <= x)


def same_relationship(a: str, b: str) -> bool:
    """Whether two relationship tags pair the same people, whatever the order or "&" and "/"."""
    x, y = _members(a), _members(b)
    if len(x) != len(y) or not x:
        return False
    remaining = list(y)
    for name in x:
        match = next((other for other in remaining if same_name(name, other)), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def _members(tag: str) -> list[str]:
    return [name for name in re.split(r"\s*[/&]\s*", _strip_fandom(tag)) if name.strip()]


def _name_words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"[^\W_]+", _strip_fandom(name).lower()))


def _strip_fandom(tag: str) -> str:
    """Drop AO3's disambiguation suffix: "Harry Potter (Harry Potter)" -> "Harry Potter"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", tag.strip())

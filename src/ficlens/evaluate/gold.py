"""The gold data every loader produces, whatever the corpus's own format.

Offsets are character offsets into `GoldWork.text`, the text ficlens is given, so
gold and predicted spans compare directly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

QUOTE_KINDS = ("explicit", "anaphoric", "implicit")


class EvalError(Exception):
    """Gold data ficlens cannot evaluate against; the message is shown as is."""


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One annotated quotation: its spans (marks excluded) and its speaker.

    A quotation interrupted by a tag ("Yes," she said, "now.") has one span per
    part. `speaker` is a `GoldCharacter.key`; `kind` is "explicit", "anaphoric",
    "implicit" or None when the corpus does not say.
    """

    id: str
    spans: tuple[tuple[int, int], ...]
    speaker: str | None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class GoldCharacter:
    """A character as the annotators list it: a key and every name they gave."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    gender: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(slots=True)
class GoldWork:
    """One annotated work.

    `path` is the file to analyse as a user would (None: analyse `text` as a
    plain-text file). `narrator` is the key of the character that stands for
    the narrator, when the annotators have one. `nobody` holds the keys that
    name no single speaker (a group, "unknowable"). `notes` records what the
    loader noticed in the gold data (spans with stray spaces, speakers known
    only by an alias), for the report. `couple` holds the keys of the
    novel's central romantic couple as commonly read, None when it has none;
    `couple_known` says whether anyone wrote that down for this work.
    """

    name: str
    text: str
    quotes: list[GoldQuote]
    characters: list[GoldCharacter]
    pov: str | None = None
    path: Path | None = None
    narrator: str | None = None
    nobody: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)
    couple: frozenset[str] | None = None
    couple_known: bool = False

    def quote_counts(self) -> Counter[str]:
        """How many quotations each character key speaks."""
        return Counter(q.speaker for q in self.quotes if q.speaker is not None)

    def real_characters(self) -> list[GoldCharacter]:
        """Characters that stand for one person (not a group or "unknowable")."""
        return [c for c in self.characters if c.key not in self.nobody]

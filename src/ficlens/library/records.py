"""What the library hands back: plain dataclasses, easy to render or turn into JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class NearDuplicate:
    work_id: int
    title: str
    similarity: float  # estimated Jaccard similarity of word 5-shingles


@dataclass(slots=True)
class AddOutcome:
    """What happened to one work: "added", "replaced" (a new version of a stored work) or "unchanged"."""

    status: str
    work_id: int
    title: str
    path: str
    near_duplicates: list[NearDuplicate] = field(default_factory=list)


@dataclass(slots=True)
class AddReport:
    """The outcome of an import: one entry per work stored or skipped, and the files that failed."""

    outcomes: list[AddOutcome] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def near_duplicates(self) -> list[tuple[AddOutcome, NearDuplicate]]:
        return [(o, d) for o in self.outcomes for d in o.near_duplicates]


@dataclass(slots=True)
class Hit:
    work_id: int
    title: str
    authors: list[str]
    fandoms: list[str]
    rating: str | None
    category: str | None  # the declared categories, comma-separated
    words: int
    pov: str | None
    tense: str | None
    snippet_html: str  # escaped text; only <mark>...</mark> is markup
    score: float  # -bm25: higher is better; 0 without a query


@dataclass(slots=True)
class SearchResults:
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # facet -> (value, works), most works first


@dataclass(slots=True)
class WorkRecord:
    id: int
    title: str
    analysis: dict[str, Any]  # the stored analysis JSON (summaries and notes sanitised)
    text: str
    added_at: str
    source_path: str


@dataclass(slots=True)
class CharacterAppearance:
    work_id: int
    title: str
    character_id: str
    name: str
    aliases: list[str]
    gender: str | None
    mentions: int
    lines: int


@dataclass(slots=True)
class SimilarWork:
    work_id: int
    title: str
    score: float
    cosine: float
    shared_characters: list[str]
    shared_tags: list[str]
    reason: str = ""  # "shares Draco Malfoy, Harry Potter; close in wording"


@dataclass(slots=True)
class Dashboard:
    works: int
    words: int
    pov: dict[str, float]  # share of works per point of view (works whose POV is known)
    tense: dict[str, float]
    top_characters: list[tuple[str, int, int]]  # (name, works, mentions)
    top_pairings: list[tuple[str, int, str]]  # (relationship, works, the facet finding them), declared or inferred

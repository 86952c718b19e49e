"""Works like a given one: embeddings, shared characters and shared tags together.

score = 0.6 * cosine of the work embeddings
      + 0.25 * Jaccard of the characters (normalised full names)
      + 0.15 * Jaccard of the tags (fandoms, relationships, freeform tags; declared or inferred)
The embedding carries what the story is like; characters and tags carry what
fans search by, which prose alone misses (two works about the same pairing).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

import numpy as np

from .embeddings import DIMENSIONS
from .keys import name_key
from .records import SimilarWork

WEIGHTS = {"cosine": 0.6, "characters": 0.25, "tags": 0.15}
MIN_PRESENCE = 2  # mentions + lines for a character to count as one of the work's cast
_TAG_KINDS = ("fandom", "relationship", "freeform")


def _characters(db: sqlite3.Connection) -> dict[int, dict[str, str]]:
    """Per work, the cast: normalised name -> name shown."""
    cast: dict[int, dict[str, str]] = defaultdict(dict)
    for work_id, key, name in db.execute(
            "SELECT work_id, key, name FROM characters WHERE key != '' AND mentions + lines >= ?", (MIN_PRESENCE,)):
        cast[work_id].setdefault(key, name)
    for work_id, name in db.execute("SELECT work_id, name FROM tags WHERE kind = 'character'"):
        key = name_key(name)
        if key:
            cast[work_id].setdefault(key, name)
    return cast


def _tags(db: sqlite3.Connection) -> dict[int, set[str]]:
    tags: dict[int, set[str]] = defaultdict(set)
    marks = ", ".join("?" * len(_TAG_KINDS))
    for work_id, name in db.execute(f"SELECT work_id, name FROM tags WHERE kind IN ({marks})", _TAG_KINDS):
        tags[work_id].add(name)
    return tags


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def similar(db: sqlite3.Connection, work_id: int, limit: int = 10) -> list[SimilarWork]:
    """The `limit` works most like `work_id`, best first."""
    rows = db.execute("SELECT id, title, embedding FROM works").fetchall()
    ids = [r[0] for r in rows]
    if work_id not in ids:
        return []
    matrix = np.zeros((len(rows), DIMENSIONS), dtype=np.float32)
    for i, (_, _, blob) in enumerate(rows):
        if blob:
            matrix[i] = np.frombuffer(blob, dtype="<f4")
    cosines = matrix @ matrix[ids.index(work_id)]
    cast, tags = _characters(db), _tags(db)
    mine_cast, mine_tags = cast.get(work_id, {}), tags.get(work_id, set())
    found = []
    for i, (other, title, _) in enumerate(rows):
        if other == work_id:
            continue
        their_cast, their_tags = cast.get(other, {}), tags.get(other, set())
        characters = _jaccard(set(mine_cast), set(their_cast))
        shared_tags = _jaccard(mine_tags, their_tags)
        score = (WEIGHTS["cosine"] * float(cosines[i]) + WEIGHTS["characters"] * characters
                 + WEIGHTS["tags"] * shared_tags)
        found.append(SimilarWork(other, title, round(score, 4), round(float(cosines[i]), 4),
                                 sorted(mine_cast[k] for k in set(mine_cast) & set(their_cast)),
                                 sorted(mine_tags & their_tags)))
    found.sort(key=lambda s: (-s.score, s.work_id))
    return found[: max(0, limit)]

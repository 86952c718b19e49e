"""Works like a given one: embeddings, shared characters and shared tags together, with a cut-off and a
reason for each.

score = 0.6 * cosine of the work embeddings
      + 0.25 * Jaccard of the characters (normalised full names)
      + 0.15 * Jaccard of the tags (fandoms, relationships, freeform tags; declared or inferred)
The embedding carries what the story is like; characters and tags carry what
fans search by, which prose alone misses (two works about the same pairing).

A score alone says nothing of whether a work is close: any two stories in English
have embeddings at a cosine of 0.4 to 0.7 (a Harry Potter fic and *Jane Eyre* at
0.66), and only sameness of fandom or cast says "of a kind". So a work is shown only
when it shares a character, a fandom or a relationship with this one, or, when
neither names a fandom the other lacks, when its wording alone is very close
(`WORDING_ALONE`); a work of another fandom that shares no character is never shown.
Each is shown with its reason: "shares Draco Malfoy, Harry Potter; close in wording".
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

CLOSE_WORDING = 0.7
"""A cosine from which the reason says "close in wording" (the two seeds, one fandom and one cast: 0.71;
LitBank's classics against the Harry Potter seed: 0.44 to 0.66)."""
WORDING_ALONE = 0.85
"""A cosine at which wording alone makes a work similar (LitBank's classics among themselves: at most 0.8)."""
REASON_NAMES = 4


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


def _tags(db: sqlite3.Connection) -> dict[int, dict[str, str]]:
    """Per work, its fandom, relationship and freeform tags: name -> kind."""
    tags: dict[int, dict[str, str]] = defaultdict(dict)
    marks = ", ".join("?" * len(_TAG_KINDS))
    for work_id, kind, name in db.execute(f"SELECT work_id, kind, name FROM tags WHERE kind IN ({marks})",
                                          _TAG_KINDS):
        tags[work_id].setdefault(name, kind)
    return tags


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def similar(db: sqlite3.Connection, work_id: int, limit: int = 10) -> list[SimilarWork]:
    """At most `limit` works like `work_id`, best first, each close by the rule above; none when none is."""
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
    mine_cast, mine_tags = cast.get(work_id, {}), tags.get(work_id, {})
    mine_fandoms = {t for t, kind in mine_tags.items() if kind == "fandom"}
    found = []
    for i, (other, title, _) in enumerate(rows):
        if other == work_id:
            continue
        their_cast, their_tags = cast.get(other, {}), tags.get(other, {})
        cosine = float(cosines[i])
        characters = sorted(mine_cast[k] for k in set(mine_cast) & set(their_cast))
        shared_tags = sorted(set(mine_tags) & set(their_tags))
        strong_tags = [t for t in shared_tags if mine_tags[t] != "freeform"]
        their_fandoms = {t for t, kind in their_tags.items() if kind == "fandom"}
        other_fandom = bool(mine_fandoms and their_fandoms and not mine_fandoms & their_fandoms)
        if not (characters or strong_tags or (cosine >= WORDING_ALONE and not other_fandom)):
            continue
        score = (WEIGHTS["cosine"] * cosine + WEIGHTS["characters"] * _jaccard(set(mine_cast), set(their_cast))
                 + WEIGHTS["tags"] * _jaccard(set(mine_tags), set(their_tags)))
        found.append(SimilarWork(other, title, round(score, 4), round(cosine, 4), characters, shared_tags,
                                 reason(characters, shared_tags, cosine)))
    found.sort(key=lambda s: (-s.score, s.work_id))
    return found[: max(0, limit)]


def reason(characters: list[str], tags: list[str], cosine: float) -> str:
    """Why a work is similar, in words: the characters and tags it shares (the first few), and whether it
    is close in wording."""
    shared = list(dict.fromkeys(characters + tags))
    parts = []
    if shared:
        more = len(shared) - REASON_NAMES
        parts.append("shares " + ", ".join(shared[:REASON_NAMES]) + (f" and {more} more" if more > 0 else ""))
    if cosine >= CLOSE_WORDING:
        parts.append("close in wording")
    return "; ".join(parts)

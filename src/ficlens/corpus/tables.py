"""One analysis (the JSON contract's dict) as rows of the corpus tables.

The rows come from the contract, not from the pipeline's objects, so that the
tables say exactly what `ficlens analyze --format json` says. Diagnostics are
flattened by the library's `diagnostic_rows`, so its `diagnostics` table and
this one hold the same rows.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..library.rows import diagnostic_rows
from .schema import SCHEMA_VERSION

Rows = dict[str, list[dict[str, Any]]]


def analysis_rows(data: dict[str, Any], work_id: str, content_hash: str, *, seconds: float,
                  input_metadata: dict[str, Any] | None = None, keep_json: bool = True,
                  text: str | None = None) -> Rows:
    """Rows of every table but `errors` for one analysed work; `texts` only when `text` is given."""
    work = data.get("work") or {}
    narration = data.get("narration") or {}
    inferred = data.get("inferred") or {}
    characters = data.get("characters") or []
    names = {c["id"]: c["name"] for c in characters}
    row = {"work_id": work_id}
    return {
        "works": [{
            **row, "content_hash": content_hash, "schema_version": SCHEMA_VERSION, "ficlens_version": __version__,
            "source_path": (data.get("source") or {}).get("path"),
            "source_format": (data.get("source") or {}).get("format"),
            "title": work.get("title"), "authors": work.get("authors") or [], "fandoms": work.get("fandoms") or [],
            "rating": work.get("rating"), "warnings": work.get("warnings") or [],
            "categories": work.get("categories") or [], "relationship_tags": work.get("relationships") or [],
            "character_tags": work.get("characters") or [], "freeform_tags": work.get("tags") or [],
            "language": work.get("language"), "summary": work.get("summary"), "url": work.get("url"),
            "words": int(work.get("words") or 0), "chapters": len(work.get("chapters") or []),
            "scenes": len(data.get("scenes") or []), "characters": len(characters),
            "quotes": len(data.get("quotes") or []),
            "pov": narration.get("pov"), "tense": narration.get("tense"), "narrator": narration.get("narrator"),
            "narrator_name": names.get(narration.get("narrator")),
            "arc_shape": (data.get("arc") or {}).get("shape"),
            "pairing": (data.get("pairing") or {}).get("tag"),
            "inferred_characters": inferred.get("characters") or [],
            "inferred_relationships": inferred.get("relationships") or [],
            "inferred_categories": inferred.get("categories") or [],
            "seconds": seconds,
            "input_metadata": json.dumps(input_metadata, ensure_ascii=False, default=str) if input_metadata else None,
            "analysis": json.dumps(data, ensure_ascii=False) if keep_json else None,
        }],
        "chapters": [
            {**row, "position": i, "title": c.get("title"), "start": c["start"], "end": c["end"],
             "summary": c.get("summary")}
            for i, c in enumerate(work.get("chapters") or [])
        ],
        "scenes": [
            {**row, "position": i, "chapter": s.get("chapter"), "start": s["start"], "end": s["end"],
             "heading": s.get("heading"), "pov": s.get("pov"), "tense": s.get("tense"),
             "pov_character": s.get("pov_character"), "characters": s.get("characters") or []}
            for i, s in enumerate(data.get("scenes") or [])
        ],
        "characters": [
            {**row, "character_id": c["id"], "name": c["name"], "aliases": c.get("aliases") or [],
             "gender": c.get("gender"), "mentions": c.get("mentions") or 0, "quotes": c.get("quotes") or 0,
             "first": c.get("first"), "last": c.get("last")}
            for c in characters
        ],
        "quotes": [
            {**row, "position": i, "start": q["start"], "end": q["end"], "text": q.get("text"),
             "speaker": q.get("speaker"), "addressees": q.get("addressees") or [],
             "confidence": q.get("confidence"), "method": q.get("method"), "group": q.get("group")}
            for i, q in enumerate(data.get("quotes") or [])
        ],
        "relationships": [
            {**row, "a": r["characters"][0], "b": r["characters"][1],
             "a_to_b": (r.get("lines") or {}).get("a_to_b"), "b_to_a": (r.get("lines") or {}).get("b_to_a"),
             "shared_scenes": r.get("shared_scenes"), "co_mentions": r.get("co_mentions"),
             "warmth": r.get("warmth"), "strength": r.get("strength"), "kind": r.get("kind"),
             "relation": r.get("relation")}
            for r in data.get("relationships") or [] if len(r.get("characters") or []) >= 2
        ],
        "diagnostics": [
            {**row, "kind": kind, "item": item, "value": value, "start": start, "end": end, "detail": detail}
            for kind, item, value, start, end, detail in diagnostic_rows(data.get("diagnostics") or {})
        ],
        "texts": [] if text is None else [{**row, "content_hash": content_hash, "text": text}],
    }


def error_rows(work_id: str, content_hash: str | None, source_path: str | None, stage: str, error: str,
               reason: str, seconds: float) -> Rows:
    """The one `errors` row of a work that could not be analysed."""
    return {"errors": [{
        "work_id": work_id, "content_hash": content_hash, "schema_version": SCHEMA_VERSION,
        "source_path": source_path, "stage": stage, "error": error, "reason": reason, "seconds": seconds,
    }]}

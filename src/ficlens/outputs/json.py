"""The analysis as JSON, following the versioned output contract."""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib import resources
from typing import Any

from ..model import SCHEMA_ID, Structure, Work


def read_dict(work: Work, structure: Structure) -> dict[str, Any]:
    """The contract's `source`, `work` and `scenes`, plus the `structure` found."""
    meta = work.meta
    text = work.text
    return {
        "schema": SCHEMA_ID,
        "source": asdict(work.source),
        "work": {
            "title": meta.title,
            "authors": meta.authors,
            "fandoms": meta.fandoms,
            "rating": meta.rating,
            "warnings": meta.warnings,
            "categories": meta.categories,
            "relationships": meta.relationships,
            "characters": meta.characters,
            "tags": meta.tags,
            "language": meta.language,
            "summary": meta.summary,
            "series": meta.series,
            "collections": meta.collections,
            "stats": meta.stats,
            "url": meta.url,
            "words": structure.words,
            "chapters": [
                {"title": c.title, "start": c.start, "end": c.end, "summary": c.summary} for c in work.chapters
            ],
        },
        "scenes": [
            {"start": s.start, "end": s.end, "chapter": s.chapter, "heading": s.heading} for s in structure.scenes
        ],
        "structure": {
            "paragraphs": [[p.start, p.end, p.role] for p in structure.paragraphs],
            "breaks": [asdict(b) for b in structure.breaks],
            "headings": [asdict(h) for h in structure.headings],
            "letters": [asdict(letter) for letter in structure.letters],
            "notes": [asdict(n) for n in work.notes + structure.notes],
        },
        "skipped": work.skipped,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def schema() -> dict[str, Any]:
    """The JSON Schema of the output contract, shipped in the package."""
    return json.loads(resources.files("ficlens").joinpath("schema/analysis.schema.json").read_text("utf-8"))

"""The analysis as JSON, following the versioned output contract."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..model import SCHEMA_ID, Structure, Work
from ..structure import all_notes

if TYPE_CHECKING:
    from ..pipeline import Analysis


def read_dict(work: Work, structure: Structure) -> dict[str, Any]:
    """The contract's `source`, `work` and `scenes`, plus the `structure` found; the chapters are
    the story's (a part's heading is a part, not a chapter)."""
    return {
        "schema": SCHEMA_ID,
        "source": asdict(work.source),
        "work": {
            **asdict(work.meta),
            "words": structure.words,
            "chapters": [
                {"title": c.title, "start": c.start, "end": c.end, "summary": c.summary}
                for c in structure.chapters or work.chapters
            ],
            "parts": [asdict(part) for part in structure.parts],
        },
        "scenes": [
            {"start": s.start, "end": s.end, "chapter": s.chapter, "heading": s.heading} for s in structure.scenes
        ],
        "structure": {
            "paragraphs": [[p.start, p.end, p.role] for p in structure.paragraphs],
            "breaks": [asdict(b) for b in structure.breaks],
            "headings": [asdict(h) for h in structure.headings],
            "letters": [asdict(letter) for letter in structure.letters],
            "notes": [asdict(n) for n in all_notes(work, structure)],
        },
        "skipped": work.skipped,
    }


def analysis_dict(analysis: Analysis) -> dict[str, Any]:
    """The whole contract: what `read_dict` gives plus the work's language, characters, quotes and narration.

    A work not in English has no keys for the English-only stages; `language.skipped` names them.
    """
    data = read_dict(analysis.work, analysis.structure)
    data["language"] = asdict(analysis.language) | {"skipped": list(analysis.skipped_stages)}
    if analysis.narration is None or analysis.story is None or analysis.diagnostics is None:
        return data
    text = analysis.work.text
    narration = analysis.narration
    for scene, told in zip(data["scenes"], narration.scenes):
        scene.update(pov=told.pov, tense=told.tense, pov_character=told.pov_character)
    scene_characters = _scene_characters(analysis)
    for scene, characters in zip(data["scenes"], scene_characters):
        scene["characters"] = characters
    data["characters"] = [asdict(c) for c in analysis.characters]
    data["quotes"] = [
        {
            "start": q.start,
            "end": q.end,
            "text": text[q.start : q.end],
            "speaker": q.speaker,
            "addressees": q.addressees,
            "confidence": q.confidence,
            "method": q.method,
            "group": q.group,
        }
        for q in analysis.quotes
    ]
    data["narration"] = {
        "pov": narration.pov,
        "tense": narration.tense,
        "narrator": narration.narrator,
        "slips": [asdict(s) | {"text": text[s.start : s.end]} for s in narration.slips],
    }
    data.update(asdict(analysis.story))
    data["diagnostics"] = asdict(analysis.diagnostics)
    return data


def _scene_characters(analysis: Analysis) -> list[list[str]]:
    """Ids of the characters named or speaking in each scene, most present first."""
    result = []
    for scene in analysis.structure.scenes:
        counts: dict[str, int] = {}
        for mention in analysis.mentions:
            if scene.start <= mention.start < scene.end:
                counts[mention.character] = counts.get(mention.character, 0) + 1
        for quote in analysis.quotes:
            if quote.speaker and scene.start <= quote.start < scene.end:
                counts[quote.speaker] = counts.get(quote.speaker, 0) + 1
        result.append(sorted(counts, key=lambda c: -counts[c]))
    return result


_C1 = re.compile("[\x7f-\x9f]")


def dumps(data: dict[str, Any]) -> str:
    """`data` as indented UTF-8 JSON whose every control character is escaped.

    json escapes C0 (ESC becomes `\\u001b`) but leaves DEL and C1 raw, and C1 holds 8-bit escapes
    (U+009B opens a terminal sequence); as `\\u009b` the JSON means the same and is safe to print.
    """
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def schema() -> dict[str, Any]:
    """The JSON Schema of the output contract, shipped in the package."""
    return json.loads(resources.files("ficlens").joinpath("schema/analysis.schema.json").read_text("utf-8"))

"""Untrusted markup made harmless: what a work file says about itself may carry HTML.

The analysis contract holds summaries and notes as text (the readers take the
text out of AO3's HTML). Whatever markup still reaches the library, from an
analysis made elsewhere or a reader's slip, is dropped by nh3 before it is
stored, so every field the library keeps is plain text, escaped wherever it is
shown.
"""

from __future__ import annotations

import copy
import html
from typing import Any

import nh3


def plain_text(fragment: str | None) -> str:
    """The text of an HTML fragment, markup dropped (for the full-text index)."""
    if not fragment:
        return ""
    return html.unescape(nh3.clean(fragment, tags=set()))


def clean_analysis(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an analysis whose summaries and notes are plain text, any markup dropped."""
    data = copy.deepcopy(data)
    work = data.get("work") or {}
    work["summary"] = _text_or_none(work.get("summary"))
    for chapter in work.get("chapters") or []:
        chapter["summary"] = _text_or_none(chapter.get("summary"))
    for note in (data.get("structure") or {}).get("notes") or []:
        note["text"] = _text_or_none(note.get("text"))
    return data


def _text_or_none(fragment: str | None) -> str | None:
    return None if fragment is None else plain_text(fragment)

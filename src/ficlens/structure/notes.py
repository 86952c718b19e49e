"""Recognise author's notes written inline in a story's text ("A/N: ...")."""

from __future__ import annotations

import re

_NOTE = re.compile(
    r"[\W_]*(?:A\s?/\s?N|A\.N\.|AN|Author'?s'?\s+Notes?|Authors?\s+Notes?|Disclaimer|N/A)\b\s*[:\-–—)\]]",
    re.I,
)
_EDGE_NOTE = re.compile(r"[\W_]*(?:Notes?|PS|P\.S\.)\s*[:\-–—]", re.I)


def is_author_note(line: str, at_chapter_edge: bool) -> bool:
    """True when `line` is an author's note.

    A bare "Note:" counts only at a chapter's start or end, where authors put
    notes; elsewhere it may be part of the story.
    """
    if line[:1].isalpha() and line[0] not in "AaDdNnPp":
        return False
    if _NOTE.match(line):
        return True
    return at_chapter_edge and bool(_EDGE_NOTE.match(line))

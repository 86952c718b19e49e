"""Keys that match the same thing across works: names, and a work's identity."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_PARENTHESES = re.compile(r"\([^)]*\)")
_NOT_WORD = re.compile(r"[^\w]+")
_AO3_WORK = re.compile(r"archiveofourown\.org/works/(\d+)")


def name_key(name: str) -> str:
    """A name folded for matching: "Candy (Original Character)" and "candy" give "candy"."""
    text = unicodedata.normalize("NFKD", _PARENTHESES.sub(" ", name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", text).replace("_", " ").strip()


def ao3_id(work: dict[str, Any]) -> int | None:
    """The AO3 work id when the work's metadata names its AO3 address."""
    for value in (work.get("url"), *(work.get("stats") or {}).values()):
        match = _AO3_WORK.search(str(value or ""))
        if match:
            return int(match.group(1))
    return None


def identity(work: dict[str, Any]) -> str | None:
    """Title and authors, folded; None unless the file declares both (a title alone is too weak)."""
    title = name_key(work.get("title") or "")
    authors = sorted(name_key(a) for a in work.get("authors") or [] if name_key(a))
    if not title or not authors:
        return None
    return f"{title}|{','.join(authors)}"

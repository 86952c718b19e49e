"""Keys that match the same thing across works (names, a work's identity) and keys that order works
(titles and names as a reader looks them up)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from natsort import natsort_keygen

from ..read.facts import site_of

_PARENTHESES = re.compile(r"\([^)]*\)")
_NOT_WORD = re.compile(r"[^\w]+")
_HOST_PREFIX = re.compile(r"^(?:www|m)\.")
_LEADING_MARKS = re.compile(r"^[\W_]+")
_ARTICLE = re.compile(r"^(the|an?)\s+(?=\w)(.*)$", re.S)
_NATURAL = natsort_keygen()


def name_key(name: str) -> str:
    """A name folded for matching: "Candy (Original Character)" and "candy" give "candy"."""
    text = unicodedata.normalize("NFKD", _PARENTHESES.sub(" ", name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", text).replace("_", " ").strip()


def source_key(work: dict[str, Any]) -> str | None:
    """Where the work lives, the same for every copy of it: "ao3:123" or "ffn:456" (its archive and id,
    from the typed fields or its address), else its address folded ("url:example.org/fic/7"); None
    when the file names neither."""
    if work.get("site") and work.get("site_id"):
        return f"{work['site']}:{work['site_id']}"
    for value in (work.get("url"), *(work.get("stats") or {}).values()):
        found = site_of(str(value or ""))
        if found:
            return f"{found[0]}:{found[1]}"
    try:
        url = urlsplit(str(work.get("url") or "").strip())
    except ValueError:  # "http://[::1": no address a copy could share
        return None
    if not url.netloc:
        return None
    host = _HOST_PREFIX.sub("", url.hostname or "")
    return f"url:{host}{url.path.rstrip('/')}"


def ao3_id(work: dict[str, Any]) -> int | None:
    """The AO3 work id when the work's metadata names its AO3 address (and SQLite can hold it)."""
    key = source_key(work) or ""
    number = key.removeprefix("ao3:")
    if not key.startswith("ao3:") or not (number.isascii() and number.isdigit()) or len(number) > 18:
        return None
    return int(number)


def same_place(a: str | None, b: str | None) -> bool:
    """Whether two source keys are on one site (the same archive, or the same host), where different
    keys are different works."""
    return a is not None and b is not None and _place(a) == _place(b)


def _place(key: str) -> str:
    kind, _, rest = key.partition(":")
    return f"url:{rest.split('/', 1)[0]}" if kind == "url" else kind


def identity(work: dict[str, Any]) -> str | None:
    """Title and authors, folded; None unless the file declares both (a title alone is too weak)."""
    title = name_key(work.get("title") or "")
    authors = sorted(name_key(a) for a in work.get("authors") or [] if name_key(a))
    if not title or not authors:
        return None
    return f"{title}|{','.join(authors)}"


def _folded(text: str) -> str:
    """Case, accents and spacing folded: 'Émile  Zola' and 'emile zola' are one."""
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def title_sort_key(title: str) -> tuple:
    """A title in a reader's order, as AO3 files it: case and accents folded, leading quotes and marks
    dropped, a leading article moved to the end ("The Last Owl" as "last owl, the"), and numbers taken
    whole ("Part 2" before "Part 10", "2 Days" before "10 Days")."""
    folded = _LEADING_MARKS.sub("", _folded(title))
    folded = _ARTICLE.sub(r"\2, \1", folded)
    return _NATURAL(folded)


def name_sort_key(name: str) -> tuple:
    """An author's name in a reader's order: folded, leading marks dropped ("_grey" with "grey"), numbers
    taken whole."""
    return _NATURAL(_LEADING_MARKS.sub("", _folded(name)))

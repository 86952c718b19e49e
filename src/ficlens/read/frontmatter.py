"""A draft's metadata at the top of its text: YAML front matter, or "Label: value" lines.

Obsidian, Pandoc and Scrivener write a YAML block between `---` lines
(`title:`, `author:`, `fandom:`, `relationships:` as a list or a comma string,
`words: 1234`); writers who keep drafts by hand, and MultiMarkdown, put
"Fandom: ... / Relationship: ... / Rating: ..." lines at the top, perhaps under
a title line. Either way the block is metadata, not story: `read_header` fills
`Metadata` through the labels every reader shares (tags.py) and says where the
story begins. The text itself is never changed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import yaml

from ..errors import InputError
from ..model import Metadata
from . import tags

# YAML keys drafts use that tags.py knows by another label.
_KEY_ALIASES = {
    "abstract": "summary",
    "lang": "language",
    "keywords": "tags",
    "ship": "relationships",
    "rated": "rating",
    "word count": "words",
    "wordcount": "words",
    "word_count": "words",
    "date": "published",
    "creator": "author",
    "warning": "warnings",
    "archive warning": "warnings",
}
_OPEN = re.compile(r"\ufeff?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_KEY_LINE = re.compile(r"^([A-Za-z][\w -]{0,30}?)[ \t]*:(?:[ \t]|$)", re.M)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_MAX_FRONT_MATTER = 64_000  # characters: a block closing further on is a story between two rules
_MAX_HEADER_LINES = 40
_MIN_LABELS = 2  # "Label: value" lines that make a header; one could be the story's own first line


@dataclass(frozen=True, slots=True)
class Header:
    """What the top of a draft declares, and the offset where its story begins."""

    meta: Metadata
    end: int


def read_header(text: str, name: str) -> Header:
    """The front matter or label lines at the top of `text` (a file called `name`), if any.

    Front matter that is no YAML mapping, or holds no key ficlens knows, is story text (a
    Markdown story may open with a `---` rule). Front matter whose keys ficlens knows but whose
    YAML is broken is refused in one line naming the file and the problem.
    """
    meta = Metadata()
    end = _front_matter(text, name, meta)
    if end is None:
        end = _label_lines(text, meta)
    return Header(meta, end)


def _front_matter(text: str, name: str, meta: Metadata) -> int | None:
    opening = _OPEN.match(text)
    if not opening:
        return None
    closing = _CLOSE.search(text, opening.end(), opening.end() + _MAX_FRONT_MATTER)
    if not closing:
        return None
    block = text[opening.end() : closing.start()]
    known = [k for k in _KEY_LINE.findall(block) if _label(k)]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        if not known:
            return None
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +2: 0-based, and the opening ---
        problem = getattr(error, "problem", None) or "unreadable"
        raise InputError(name, f"front matter is not valid YAML{where}: {problem}") from None
    if not isinstance(data, dict) or not any(isinstance(k, str) and _label(k) for k in data):
        return None
    for key, value in data.items():
        if isinstance(key, str):
            _apply(meta, key, value)
    return _line_end(text, closing.end())


def _label_lines(text: str, meta: Metadata) -> int:
    """Label lines at the top, perhaps under a title line; 0 when there are fewer than two."""
    lines = _top_lines(text)
    first = 0
    title = None
    if len(lines) > 1 and not tags.split_label_line(lines[0][1]) and _title_line(lines[0][1]):
        title, first = lines[0][1].lstrip("#").strip(), 1
    found: list[tuple[str, str]] = []
    end = 0
    for stop, line in lines[first:]:
        pair = _label_pair(line)
        if pair is None:
            break
        found.append(pair)
        end = stop
    if sum(_label(label) is not None for label, _ in found) < _MIN_LABELS:
        return 0
    for label, value in found:
        _apply(meta, label, value)
    if title and not meta.title:
        meta.title = title
    return end


def _top_lines(text: str) -> list[tuple[int, str]]:
    """(end, stripped text) of the first lines past any blank ones: as many as a header can hold."""
    lines: list[tuple[int, str]] = []
    for match in _LINE.finditer(text):
        line = match.group().strip()
        if not match.group() or len(lines) > _MAX_HEADER_LINES:
            break
        if line or lines:
            lines.append((match.end(), line))
    return lines


def _label_pair(line: str) -> tuple[str, str] | None:
    """("Fandom", "Harry Potter") for "Fandom: Harry Potter", any label of a few words."""
    match = _KEY_LINE.match(line)
    if not match:
        return None
    return match.group(1).strip(), line[match.end() :].strip()


def _title_line(line: str) -> bool:
    words = line.lstrip("#").split()
    return 0 < len(words) <= 12 and not line.endswith((".", "!", "?", ",", ":", "”", '"'))


def _label(key: str) -> str | None:
    """The label tags.py knows for a key as drafts write it ("Word_Count" -> "words"), or None."""
    key = " ".join(key.replace("_", " ").replace("-", " ").split()).lower()
    key = _KEY_ALIASES.get(key, key)
    return key if tags.field_for_label(key) else None


def _apply(meta: Metadata, key: str, value: object) -> None:
    label = _label(key)
    if label is None or value is None:
        return
    if isinstance(value, list):
        values = [_scalar(v) for v in value]
        tags.apply_values(meta, label, [v for v in values if v])
    elif isinstance(value, dict):
        name = value.get("name")  # Pandoc's `author: {name: ..., affiliation: ...}`
        if isinstance(name, str):
            tags.apply_label(meta, label, name)
    else:
        text = _scalar(value)
        if text:
            tags.apply_label(meta, label, text)


def _scalar(value: object) -> str:
    """A YAML value as the text a file would hold: 1234 -> "1234", a date -> "2024-05-06"."""
    if isinstance(value, dict):
        value = value.get("name", "")
    if isinstance(value, bool) or value is None or isinstance(value, list):
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _line_end(text: str, at: int) -> int:
    """Past the line break after `at`, where the next line starts."""
    if text.startswith("\r\n", at):
        return at + 2
    return at + 1 if at < len(text) and text[at] in "\r\n" else at

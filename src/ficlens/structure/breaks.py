"""Recognise scene-break markers in every style authors use.

Lines made only of symbols or decoration (`~~~♡~~~`, `───── ⋆⋅☆⋅⋆ ─────`,
`***`, `* * *`, `~*~`, `#`), letter doodles (`oOo`, `xXx`, `xxx`, `x-x-x`,
`-x-`, `OoOoO`, `o0o`) and spelled-out markers ("Line Break", "[scene break]",
"Time Jump", "xxx POV Switch xxx"); and, where nothing marks a break but space,
a wider run of blank lines than the story puts between its paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_QUOTES = "\"“”'‘’«»„‚"
_ONLY_SYMBOLS = re.compile(r"[^\w" + _QUOTES + r"]+")
_DOODLE = re.compile(r"[\W_]*(?:[oO0xX][\W_]*){1,30}")
_DOODLE_END = re.compile("[oOxX0eEkKpPhHtTnN]")  # doodles and "break", "skip", "switch", "shift", ...
_WRITTEN = re.compile(
    r"[\W_]*(?:(?:line|page|scene|time|pov)[ -]?)?(?:break|skip|change|switch|jump|shift|transition)[\W_]*", re.I
)
_DOODLE_EDGES = re.compile(r"^[xXoO0]{1,6}[\W_]+|[\W_]+[xXoO0]{1,6}$")  # "xxx Line Break xxx"


def is_scene_break(line: str) -> bool:
    """True when `line` (one stripped paragraph) is a scene-break marker."""
    if not line or len(line) > 80 or line[-1].isalpha() and not _DOODLE_END.match(line[-1]):
        return False
    if _ONLY_SYMBOLS.fullmatch(line):
        return True
    if _DOODLE.fullmatch(line):
        letters = "".join(ch for ch in line if ch.isalnum())
        decorated = len(letters) < len(line.replace(" ", ""))
        mixed_case = not (letters.islower() or letters.isupper() or letters == letters.capitalize())
        mixed_case |= "0" in letters and letters.strip("0") != ""  # "o0o", "0o0o0"
        kisses_or_caps = letters.isupper() or set(letters) == {"x"}  # "XXX", "xxx"
        # "-x-", "~o~", "oOo", "xXx", "XXX", "xxx"; not "xoxo", "ooo" or "Ooo", which are words.
        return decorated or (mixed_case or kisses_or_caps) and len(letters) >= 3
    return bool(_WRITTEN.fullmatch(_DOODLE_EDGES.sub("", line)))


def wide_gaps(text: str, chapters: Sequence[Sequence[tuple[int, int]]]) -> list[list[int]]:
    """Per chapter, the indices of the paragraphs that a wider run of blank lines than the work's
    usual one sets off from the paragraph before: a scene break nothing marks but space.

    The usual gap is the work's most common one (one blank line between paragraphs, or none in a
    file of a paragraph per line); rules and empty paragraphs (zero-width) are not counted.
    """
    gaps = [
        [_blank_lines(text, a[1], b[0]) if a[0] < a[1] and b[0] < b[1] else None for a, b in zip(spans, spans[1:])]
        for spans in chapters
    ]
    counts = Counter(gap for chapter in gaps for gap in chapter if gap is not None)
    if not counts:
        return [[] for _ in chapters]
    usual = min(counts, key=lambda gap: (-counts[gap], gap))
    return [[i + 1 for i, gap in enumerate(chapter) if gap is not None and gap > usual] for chapter in gaps]


def _blank_lines(text: str, end: int, start: int) -> int:
    """Blank lines between a paragraph ending at `end` and the next starting at `start`."""
    return max(text.count("\n", end, start) - 1, 0)


def parts_scenes(before: str, after: str) -> bool:
    """Whether a wide gap between paragraphs `before` and `after` parts scenes: not after a sentence
    left open ("she learnt to censure those who" + a quotation set off), nor beside verse set off by
    space (a poem or a song's lines)."""
    last = before.rstrip()[-1:]
    if last.isalnum() or last in ",;:":
        return False
    return not (_verse(before) or _verse(after))


def _verse(paragraph: str) -> bool:
    """Lines of verse: two or more, all short, kept as the author broke them."""
    lines = paragraph.strip().split("\n")
    return len(lines) >= 2 and all(len(line.strip()) <= _VERSE_LINE for line in lines)


_VERSE_LINE = 60

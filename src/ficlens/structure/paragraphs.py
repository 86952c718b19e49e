"""Cut a region of text into paragraph spans.

Text files come in two shapes: one paragraph per line (no blank lines between
them) or paragraphs separated by blank lines, often hard-wrapped (Project
Gutenberg, FanFicFare's TXT). The shape is decided once per work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_SPACE = " \t\r\f\v\u00a0\u2002\u2003\u2009\u200b\ufeff"
_BLANK_LINE = re.compile(rf"^[{_SPACE}]*$", re.M)
# A line's content: from its first to its last non-space character.
_CONTENT_LINE = re.compile(rf"[^{_SPACE}\n](?:[^\n]*[^{_SPACE}\n])?")


def blank_line_separated(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when most paragraphs of `text[start:end]` are separated by blank lines."""
    end = len(text) if end is None else end
    end = min(end, start + 2_000_000)
    while end > start and text[end - 1] in _SPACE + "\n":
        end -= 1
    while start < end and text[start] in _SPACE + "\n":
        start += 1
    lines = text.count("\n", start, end) + 1
    blank = sum(1 for _ in _BLANK_LINE.finditer(text, start, end))
    nonblank = lines - blank
    return nonblank > 0 and blank / nonblank >= 0.1


def line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines of `text[start:end]`, trimmed of surrounding space."""
    for match in _CONTENT_LINE.finditer(text, start, end):
        yield match.start(), match.end()


def paragraph_spans(text: str, start: int, end: int, by_blank_lines: bool) -> Iterator[tuple[int, int]]:
    """Spans of the paragraphs of `text[start:end]`.

    With `by_blank_lines`, consecutive non-blank lines form one paragraph;
    otherwise every non-blank line is a paragraph of its own.
    """
    if not by_blank_lines:
        yield from line_spans(text, start, end)
        return
    para_start = para_end = None
    for line_start, line_end in _all_lines(text, start, end):
        if line_end is None:  # a blank line closes the open paragraph
            if para_start is not None:
                yield para_start, para_end
                para_start = None
            continue
        if para_start is None:
            para_start = line_start
        para_end = line_end
    if para_start is not None:
        yield para_start, para_end


def _all_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int | None]]:
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        stop = end if newline < 0 else newline
        span = _trim(text, pos, stop)
        yield (span[0], span[1]) if span else (pos, None)
        pos = stop + 1


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return (start, end) if start < end else None


_SENTENCE_END = re.compile(r"[.!?…\"'”’)\]:;—–*_~-]$")


def hard_wrapped(text: str, start: int, end: int) -> bool:
    """True when most lines of `text[start:end]` end mid-sentence: prose wrapped at a fixed width,
    whose line ends and blank lines are layout, not the author's (a paragraph a line ends on its
    punctuation)."""
    ends = total = 0
    for line_start, line_end in line_spans(text, start, end):
        total += 1
        ends += _SENTENCE_END.search(text, line_end - 1, line_end) is not None
    return total > 0 and ends < total / 2

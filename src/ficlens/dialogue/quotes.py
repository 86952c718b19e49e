"""Find every quotation: curly, straight and mixed marks, single-quote (British)
style, quotes interrupted by a tag, and quotes running over several paragraphs.

A quote's span covers the quoted words without the marks, as PDNC does. A quote
left open at the end of a paragraph runs to the paragraph's end; when the next
paragraph opens with a mark, the speech goes on there (`continues` links them).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
DOUBLE_MARKS = re.compile('[“”„«»"]')
_SINGLE_MARKS = re.compile("[‘’‚‹›']")
_OPEN_BEFORE = set(" \t\n\r([{—–-/…\u00a0*_")
_WORD = re.compile(r"\w")
_CLOSER = re.compile(r"[’'](?!\w)")


@dataclass(slots=True)
class QuoteSpan:
    """A quotation's words (marks excluded) within one paragraph.

    `paragraph` indexes the paragraph list given to `find_quotes`; `closed` is
    False when the paragraph ended before a closing mark; `continues` is the
    index of the quote this one carries on (a multi-paragraph speech) or None.
    """

    start: int
    end: int
    paragraph: int
    closed: bool = True
    continues: int | None = None


def quote_style(text: str) -> str:
    """"double" or "single": which marks enclose dialogue in this text."""
    sample = text[:400_000]
    doubles = len(DOUBLE_MARKS.findall(sample))
    single_opens = len(re.findall(r"(?:^|[\s(—–-])[‘'](?=\w)", sample, re.M))
    return "single" if single_opens >= 3 and single_opens > 2 * doubles else "double"


def find_quotes(text: str, paragraphs: Sequence[tuple[int, int]], style: str | None = None) -> list[QuoteSpan]:
    """Quotations inside the given paragraph spans (in reading order)."""
    style = style or quote_style(text)
    scan = _scan_double if style == "double" else _scan_single
    quotes: list[QuoteSpan] = []
    for index, (start, end) in enumerate(paragraphs):
        previous_open = len(quotes) - 1 if quotes and not quotes[-1].closed else None
        for quote_start, quote_end, closed in scan(text, start, end):
            span = _trim(text, quote_start, quote_end)
            if span is None:
                continue
            quote = QuoteSpan(span[0], span[1], index, closed)
            if previous_open is not None and quote_start <= _first_mark_end(text, start, end):
                quote.continues = previous_open
            previous_open = None
            quotes.append(quote)
    return quotes


def _scan_double(text: str, start: int, end: int):
    """(start, end, closed) of double-quoted runs in `text[start:end]`."""
    open_at: int | None = None
    for match in DOUBLE_MARKS.finditer(text, start, end):
        mark, pos = match.group(), match.start()
        if mark in DOUBLE_OPEN:
            opening = True
        elif mark in DOUBLE_CLOSE:
            # A closing mark with nothing open, before a word, is an opening typed wrong.
            opening = open_at is None and _opens(text, pos, start, end)
        else:
            opening = open_at is None if _ambiguous(text, pos, start, end) else _opens(text, pos, start, end)
        if opening:
            if open_at is not None:  # the previous quote never closed
                yield open_at, pos, False
            open_at = pos + 1
        elif open_at is not None:
            yield open_at, pos, True
            open_at = None
    if open_at is not None:
        yield open_at, end, False


def _scan_single(text: str, start: int, end: int):
    """Single-quote style: apostrophes inside words are not marks."""
    open_at: int | None = None
    for match in _SINGLE_MARKS.finditer(text, start, end):
        mark, pos = match.group(), match.start()
        before = text[pos - 1] if pos > start else " "
        after = text[pos + 1] if pos + 1 < end else " "
        if before.isalnum() and after.isalnum():
            continue  # don't, Harry's
        if mark in SINGLE_OPEN or (mark == "'" and _opens(text, pos, start, end)):
            if open_at is None:
                open_at = pos + 1
            continue
        if open_at is not None and not after.isalnum() and pos > open_at:
            if before.isalnum() and before.lower() == "s" and after == " " and _more_closers_follow(text, pos + 1, end):
                continue  # the boys' hats: a plural possessive inside the quote
            yield open_at, pos, True
            open_at = None
    if open_at is not None:
        yield open_at, end, False


def _opens(text: str, pos: int, start: int, end: int) -> bool:
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    return (before in _OPEN_BEFORE or before in DOUBLE_OPEN + SINGLE_OPEN) and not after.isspace()


def _ambiguous(text: str, pos: int, start: int, end: int) -> bool:
    """A straight mark with space (or nothing) on both sides, or words on both."""
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    return before.isspace() == after.isspace()


def _more_closers_follow(text: str, pos: int, end: int) -> bool:
    # Searched in place: a slice to the paragraph's end per apostrophe costs the square of its length.
    return _CLOSER.search(text, pos, end) is not None


def _first_mark_end(text: str, start: int, end: int) -> int:
    """Where a paragraph's text begins after any opening mark and space."""
    pos = start
    while pos < end and (text[pos].isspace() or text[pos] in DOUBLE_OPEN + SINGLE_OPEN + "\"'"):
        pos += 1
    return pos


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end or not _WORD.search(text, start, end):
        return None
    return start, end


class QuoteIndex:
    """Answers "is this offset inside a quote?" for quote spans in text order."""

    def __init__(self, quotes: Sequence[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in quotes]
        self.ends = [e for _, e in quotes]

    def inside(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]

    def span(self, offset: int) -> tuple[int, int] | None:
        """The quote span `offset` is inside, if any."""
        i = bisect_right(self.starts, offset) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 and offset < self.ends[i] else None

    __call__ = inside

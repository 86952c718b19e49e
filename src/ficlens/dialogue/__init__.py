"""The dialogue stage: every quotation, who says it and to whom."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Paragraph
from .attribution import decide_speakers, read_conversations
from .quotes import QuoteIndex, QuoteSpan, find_quotes

__all__ = [
    "QuoteIndex", "QuoteSpan", "decide_speakers", "find_quotes", "find_quotes_in",
    "read_conversations",
]


def find_quotes_in(text: str, paragraphs: Sequence[Paragraph]) -> list[QuoteSpan]:
    """Quotations inside the given story paragraphs."""
    return find_quotes(text, [(p.start, p.end) for p in paragraphs])

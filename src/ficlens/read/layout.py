"""Lay out the paragraphs of a structured format (HTML, EPUB, docx) as a work's text.

Readers of structured formats know where each paragraph starts and ends, but a
`Work` needs one text with offsets. Every reader lays it out the same way, so
the same story gives the same text whatever file it came in: paragraphs
separated by a blank line, chapters by two, a rule (`<hr>`, a bordered empty
paragraph) as a zero-width block.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Block, Chapter

PARAGRAPH = "\n\n"
CHAPTER = "\n\n\n"


class TextBuilder:
    """Lays blocks out as the work's text and remembers each block's span."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.any_text = False

    def add_chapter(self, title: str | None, summary: str | None, blocks: Iterable[tuple[str, str]]) -> Chapter:
        """Append a chapter made of (text, hint) blocks; an empty text is a zero-width block."""
        if self.parts:
            self._append(CHAPTER)
        start = self.length
        spans: list[Block] = []
        for text, hint in blocks:
            if spans and text:
                self._append(PARAGRAPH)
            if text:
                self.any_text = True
            spans.append(Block(self.length, self.length + len(text), hint))
            self._append(text)
        return Chapter(title=title, start=start, end=self.length, summary=summary, blocks=spans)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def has_text(self) -> bool:
        return self.any_text

    def text(self) -> str:
        return "".join(self.parts)

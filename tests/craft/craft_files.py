"""Helpers of the craft tests: the craft stage on an analysis, and small texts parsed for unit tests."""

from __future__ import annotations

from dataclasses import dataclass

from ficlens.craft import Diagnostics
from ficlens.craft.tokens import Tokens, read_tokens
from ficlens.dialogue.quotes import find_quotes
from ficlens.language import ParsedParagraph, parse_spans
from ficlens.model import Quote


@dataclass
class Diagnosed:
    """An analysis, its parse and its diagnostics."""

    analysis: object
    parsed: list[ParsedParagraph]
    diagnostics: Diagnostics

    @property
    def text(self) -> str:
        return self.analysis.work.text


def run_craft(analysis) -> Diagnosed:
    """The craft stage's results in an analysis, with the parse they were made from."""
    text = analysis.work.text
    parsed = parse_spans(text, [(p.start, p.end) for p in analysis.structure.story_paragraphs()])
    return Diagnosed(analysis, parsed, analysis.diagnostics)


@dataclass
class Parsed:
    """A small text cut into paragraphs at blank lines, parsed, with its quotations."""

    text: str
    parsed: list[ParsedParagraph]
    quotes: list[Quote]
    tokens: Tokens


def parse_text(text: str) -> Parsed:
    spans, start = [], 0
    for block in text.split("\n\n"):
        spans.append((start, start + len(block)))
        start += len(block) + 2
    parsed = parse_spans(text, spans)
    quotes = [Quote(q.start, q.end, group=i) for i, q in enumerate(find_quotes(text, spans))]
    return Parsed(text, parsed, quotes, read_tokens(parsed, quotes))

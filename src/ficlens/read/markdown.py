"""Markdown drafts: the file's text as written, its blocks from markdown-it's parse.

YAML front matter or "Label: value" lines at the top are the work's metadata
(frontmatter.py). `#` headings become the title (a lone top heading at the
start, over `##` chapters or over the story) or chapters; thematic breaks
(`***`, `---`) are scene breaks.
"""

from __future__ import annotations

import bisect
import re

from markdown_it import MarkdownIt

from ..model import Block, Chapter, Source, Span, Work
from .frontmatter import read_header
from .plain import is_chapter_marker

_PARSER = MarkdownIt("commonmark").disable("inline")  # block structure is all a reader needs
_NEWLINE = re.compile(r"\r\n?|\n")  # markdown-it's line ends (rules_core.normalize)


def read_markdown(text: str, source: Source) -> Work:
    """A Work from a Markdown draft: front matter as metadata, `#` headings as title and chapters."""
    header = read_header(text, source.path)
    meta = header.meta
    # Lines as markdown-it counts them: it reads "\r\n" and a lone "\r" as "\n" too.
    line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)] + [len(text)]
    skipped_lines = bisect.bisect_right(line_starts, header.end) - 1  # the header ends at a line start

    def span(first: int, last: int) -> tuple[int, int]:
        start, end = line_starts[first], line_starts[min(last, len(line_starts) - 1)]
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        return start, end

    items: list[tuple[str, int, int, int]] = []  # kind, level, start, end
    tokens = _PARSER.parse(text[line_starts[skipped_lines] :])
    depth = 0
    for i, token in enumerate(tokens):
        if token.nesting == -1:
            depth -= 1
        if depth == 0 and token.map is not None:
            start, end = span(*(line + skipped_lines for line in token.map))
            if token.type == "heading_open":
                level = int(token.tag[1])
                inline = tokens[i + 1]
                content_start = text.find(inline.content, start, end) if inline.content else end
                items.append(("heading", level, content_start if content_start >= 0 else start, end))
            elif token.type == "hr":
                items.append(("hr", 0, start, end))
            else:
                items.append(("p", 0, start, end))
        if token.nesting == 1:
            depth += 1

    levels = [level for kind, level, _, _ in items if kind == "heading"]
    chapter_level = None
    if levels:
        top = min(levels)
        if levels.count(top) == 1 and items[0][0] == "heading" and items[0][1] == top and _is_title(
            text[items[0][2] : items[0][3]], meta.title, len(set(levels)) > 1
        ):
            meta.title = meta.title or text[items[0][2] : items[0][3]]
            items = items[1:]
            levels = levels[1:]
            chapter_level = min(levels) if levels else None
        elif levels.count(top) > 1:
            chapter_level = top
    chapters: list[Chapter] = []
    current: Chapter | None = None
    for kind, level, start, end in items:
        if kind == "heading" and level == chapter_level:
            current = Chapter(text[start:end], end, end, title_span=Span(start, end), blocks=[])
            chapters.append(current)
            continue
        if current is None:
            current = Chapter(None, start, end, blocks=[])
            chapters.append(current)
        current.blocks.append(Block(start, end, {"heading": "heading", "hr": "hr"}.get(kind, "p")))
        current.end = end
    if not chapters:
        chapters = [Chapter(None, header.end, len(text), blocks=[])]
    return Work(text=text, source=source, meta=meta, chapters=chapters)


def _is_title(heading: str, declared: str | None, over_chapters: bool) -> bool:
    """A lone top heading at the start is the work's title: over `##` chapters, or over the story
    itself unless it reads as a chapter's ("# Chapter 1"); the front matter's title, when given,
    must be the same."""
    if declared is not None:
        return " ".join(heading.split()).casefold() == " ".join(declared.split()).casefold()
    return over_chapters or not is_chapter_marker(heading)

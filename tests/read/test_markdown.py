"""Markdown drafts keep their text as written; headings give title and chapters."""

from __future__ import annotations

from ficlens.read import read_bytes
from ficlens.structure import build_structure

DRAFT = """# The Long Way Home

## Chapter One

She left at dawn.

***

He followed at noon.

## Chapter Two

They met at the river.
"""


def test_markdown_title_chapters_and_breaks():
    work = read_bytes(DRAFT.encode(), "draft.md")
    assert work.source.format == "markdown"
    assert work.text == DRAFT
    assert work.meta.title == "The Long Way Home"
    assert [c.title for c in work.chapters] == ["Chapter One", "Chapter Two"]
    structure = build_structure(work)
    assert [len([s for s in structure.scenes if s.chapter == i]) for i in range(2)] == [2, 1]
    story = [DRAFT[p.start : p.end] for p in structure.story_paragraphs()]
    assert story == ["She left at dawn.", "He followed at noon.", "They met at the river."]


def test_markdown_with_old_mac_line_ends_is_read_as_lines():
    """markdown-it reads a lone "\\r" as a line end; the reader's lines must be the same lines
    (a draft whose lines end in "\\r" was an IndexError)."""
    draft = "# The Long Way Home\r\r## One\r\rShe left at dawn.\r\r***\r\rHe followed.\r\n\r\n## Two\r\rThey met.\r"
    work = read_bytes(draft.encode(), "draft.md")
    assert work.source.format == "markdown"
    assert work.meta.title == "The Long Way Home"
    assert [c.title for c in work.chapters] == ["One", "Two"]
    story = [draft[p.start : p.end] for p in build_structure(work).story_paragraphs()]
    assert story == ["She left at dawn.", "He followed.", "They met."]

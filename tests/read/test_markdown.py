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


# An Obsidian note of a draft: YAML front matter with lists, comma strings and numbers.
OBSIDIAN = """---
title: Festival Lights
author: Moonlit_Quill
fandom: Harry Potter - J. K. Rowling
rating: T
relationships:
  - Draco Malfoy/Harry Potter
  - Hermione Granger & Ron Weasley
characters: Harry Potter, Draco Malfoy, Hermione Granger
tags: [Fluff, Festivals, "Hurt/Comfort"]
summary: Harry goes to the festival alone. He does not come home alone.
words: 42
status: In Progress
aliases: [festival]
---

# Festival Lights

The lanterns were already lit when Harry reached the square.

Draco was waiting by the fountain.
"""


def test_front_matter_is_metadata_not_story():
    work = read_bytes(OBSIDIAN.encode(), "festival.md")
    assert work.text == OBSIDIAN
    meta = work.meta
    assert meta.title == "Festival Lights"
    assert meta.authors == ["Moonlit_Quill"]
    assert meta.fandoms == ["Harry Potter - J. K. Rowling"]
    assert meta.rating == "Teen And Up Audiences"
    assert meta.relationships == ["Draco Malfoy/Harry Potter", "Hermione Granger & Ron Weasley"]
    assert meta.characters == ["Harry Potter", "Draco Malfoy", "Hermione Granger"]
    assert meta.tags == ["Fluff", "Festivals", "Hurt/Comfort"]
    assert meta.summary == "Harry goes to the festival alone. He does not come home alone."
    assert meta.stats["words"] == "42" and meta.stats["status"] == "In Progress"
    assert [c.title for c in work.chapters] == [None]
    structure = build_structure(work)
    story = [OBSIDIAN[p.start : p.end] for p in structure.story_paragraphs()]
    assert story == ["The lanterns were already lit when Harry reached the square.", "Draco was waiting by the fountain."]
    assert structure.words == 16  # the story's words only: not the front matter's, nor the title's


def test_a_leading_title_heading_is_the_title():
    draft = "# Festival Lights\n\nThe lanterns were lit.\n\nDraco waited.\n"
    work = read_bytes(draft.encode(), "draft.md")
    assert work.meta.title == "Festival Lights"
    story = [draft[p.start : p.end] for p in build_structure(work).story_paragraphs()]
    assert story == ["The lanterns were lit.", "Draco waited."]


def test_a_leading_chapter_heading_is_a_chapter_not_the_title():
    draft = "# Chapter 1: Festival\n\nThe lanterns were lit.\n"
    work = read_bytes(draft.encode(), "draft.md")
    assert work.meta.title is None
    assert "Chapter 1: Festival" not in [draft[p.start : p.end] for p in build_structure(work).story_paragraphs()]


def test_pandoc_front_matter_with_author_list_and_abstract():
    draft = (
        '---\ntitle: "Festival Lights"\nauthor:\n  - name: Moonlit_Quill\n  - ivyandink\n'
        "lang: en-GB\nkeywords: [Fluff]\nabstract: |\n  Harry goes to the festival.\n...\n\n"
        "## One\n\nThe lanterns were lit.\n\n## Two\n\nDraco waited.\n"
    )
    work = read_bytes(draft.encode(), "draft.md")
    assert work.meta.title == "Festival Lights"
    assert work.meta.authors == ["Moonlit_Quill", "ivyandink"]
    assert work.meta.language == "en-GB"
    assert work.meta.tags == ["Fluff"]
    assert work.meta.summary == "Harry goes to the festival."
    assert [c.title for c in work.chapters] == ["One", "Two"]


def test_tag_lines_at_the_top_of_a_markdown_draft_are_metadata():
    draft = ("# Festival Lights\nFandom: Harry Potter - J. K. Rowling\nRelationship: Draco Malfoy/Harry Potter\n"
             "Rating: Mature\n\nThe lanterns were lit.\n")
    work = read_bytes(draft.encode(), "draft.md")
    assert work.meta.title == "Festival Lights"
    assert work.meta.fandoms == ["Harry Potter - J. K. Rowling"]
    assert work.meta.relationships == ["Draco Malfoy/Harry Potter"]
    assert work.meta.rating == "Mature"
    assert [draft[p.start : p.end] for p in build_structure(work).story_paragraphs()] == ["The lanterns were lit."]


def test_a_story_opening_with_rules_is_not_front_matter():
    """`---` lines around prose are thematic breaks, not YAML: the prose stays story."""
    draft = "---\n\nShe said: run. So he ran.\n\n---\n\nThe end came later.\n"
    work = read_bytes(draft.encode(), "draft.md")
    assert work.meta.title is None
    story = [draft[p.start : p.end] for p in build_structure(work).story_paragraphs()]
    assert story == ["She said: run. So he ran.", "The end came later."]


def test_a_scrivener_multimarkdown_export_keeps_its_metadata_lines_out_of_the_story():
    """Scrivener's MultiMarkdown compile writes "Key: value" metadata lines, known keys or not."""
    draft = ("Title: Festival Lights\nAuthor: Bex\nBase Header Level: 2\nFandom: Merlin (TV)\n\n"
             "# Chapter One\n\nThe lanterns were lit.\n\n# Chapter Two\n\nThey went out.\n")
    work = read_bytes(draft.encode(), "festival.md")
    assert (work.meta.title, work.meta.authors, work.meta.fandoms) == ("Festival Lights", ["Bex"], ["Merlin (TV)"])
    assert [c.title for c in work.chapters] == ["Chapter One", "Chapter Two"]
    story = [draft[p.start : p.end] for p in build_structure(work).story_paragraphs()]
    assert story == ["The lanterns were lit.", "They went out."]

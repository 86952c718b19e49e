"""`ficlens read`'s outline: chapters as the file titles them."""

from __future__ import annotations

from ficlens.outputs.outline import outline_text
from ficlens.read import read_bytes
from ficlens.structure import build_structure


def _outline(text: str) -> str:
    work = read_bytes(text.encode(), "story.txt")
    return outline_text(work, build_structure(work))


def test_a_chapter_title_that_numbers_itself_is_not_numbered_again():
    outline = _outline("Chapter 1: Festival\n\nThe lanterns were lit.\n\nChapter 2: After\n\nThey went out.\n")
    assert "Chapter 1: Festival" in outline and "Chapter 2: After" in outline
    assert "Chapter 1: Chapter 1" not in outline


def test_other_titles_are_numbered():
    work = read_bytes("Chapter 1\n\nThe lanterns were lit.\n".encode(), "story.txt")
    work.chapters[0].title = "Festival"
    assert "Chapter 1: Festival" in outline_text(work, build_structure(work))

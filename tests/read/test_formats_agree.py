"""Acceptance: one AO3 work in all five of AO3's download formats reads as the same work.

AO3 offers HTML, EPUB, MOBI, AZW3 and PDF; all but HTML are made from the HTML
download by Calibre's `ebook-convert` (see `ebook_convert.py`), so the tests
make them the same way from the HTML that `story_files` writes. Every format
must give the title, authors, tag groups, summary, chapter titles and each
chapter's story text of the `Story` the HTML was written from: the text equal
up to whitespace, except PDF, which keeps only lines on pages and must give at
least 99 % of the story's words.
"""

from __future__ import annotations

from collections import Counter

import ebook_convert
import pytest
from story_files import BREAK, ONE_SHOT, STORY, Story, ao3_html, declared, normalised

from ficlens.model import Work
from ficlens.read import read_work

ao3_ebook = ebook_convert.ao3_ebook  # the fixture that makes the Calibre formats

FORMATS = ("html", "epub", "mobi", "azw3", "pdf")
FORMAT_NAMES = {"html": "ao3-html", "epub": "epub", "mobi": "mobi", "azw3": "azw3", "pdf": "pdf"}


@pytest.fixture(scope="module")
def read(ao3_ebook, tmp_path_factory: pytest.TempPathFactory):
    cache: dict[tuple[str, str], Work] = {}

    def reader(story: Story, kind: str) -> Work:
        if (story.title, kind) not in cache:
            if kind == "html":
                path = tmp_path_factory.mktemp("html") / "work.html"
                path.write_text(ao3_html(story), encoding="utf-8")
            else:
                path = ao3_ebook(story, kind)
            cache[story.title, kind] = read_work(path)
        return cache[story.title, kind]

    return reader


def _declared(work: Work) -> dict:
    meta = work.meta
    return {
        **declared(meta),
        "url": meta.url,
        "chapter titles": [c.title for c in work.chapters],
        "chapter summaries": [c.summary for c in work.chapters],
        "notes": sorted((n.kind, -1 if n.chapter is None else n.chapter, normalised(n.text)) for n in work.notes),
    }


def _expected(story: Story) -> dict:
    notes = [("notes", -1, story.notes), ("end-notes", -1, story.end_notes)]
    for index, chapter in enumerate(story.chapters if len(story.chapters) > 1 else ()):
        notes += [("chapter-notes", index, chapter.notes)] if chapter.notes else []
        notes += [("chapter-end-notes", index, chapter.end_notes)] if chapter.end_notes else []
    return {
        "title": story.title,
        "authors": list(story.authors),
        "fandoms": list(story.fandoms),
        "rating": story.rating,
        "warnings": list(story.warnings),
        "categories": list(story.categories),
        "relationships": list(story.relationships),
        "characters": list(story.characters),
        "tags": list(story.tags),
        "language": story.language,
        "summary": story.summary,
        "url": story.url,
        "chapter titles": [c.title or None for c in story.chapters],
        "chapter summaries": [c.summary for c in story.chapters],
        "notes": sorted(notes),
    }


def _chapter_texts(work: Work) -> list[str]:
    return [normalised(work.text[c.start : c.end]) for c in work.chapters]


def _story_texts(story: Story) -> list[str]:
    return [" ".join(paragraphs) for paragraphs in story.story_paragraphs()]


@pytest.mark.parametrize("story", [STORY, ONE_SHOT], ids=["three chapters", "one shot"])
@pytest.mark.parametrize("kind", FORMATS)
def test_each_download_format_gives_the_work(read, story: Story, kind: str):
    work = read(story, kind)
    assert work.source.format == FORMAT_NAMES[kind]
    assert _declared(work) == _expected(story)


@pytest.mark.parametrize("story", [STORY, ONE_SHOT], ids=["three chapters", "one shot"])
@pytest.mark.parametrize("kind", ["html", "epub", "mobi", "azw3"])
def test_the_story_text_is_the_same_up_to_whitespace(read, story: Story, kind: str):
    assert _chapter_texts(read(story, kind)) == _story_texts(story)


@pytest.mark.parametrize("story", [STORY, ONE_SHOT], ids=["three chapters", "one shot"])
def test_a_pdf_gives_at_least_99_percent_of_the_words(read, story: Story):
    got = _chapter_texts(read(story, "pdf"))
    expected = _story_texts(story)
    assert len(got) == len(expected)
    for chapter, wanted in zip(got, expected):
        words, wanted_words = Counter(chapter.split()), Counter(wanted.split())
        shared = sum((words & wanted_words).values())
        assert shared >= 0.99 * max(sum(words.values()), sum(wanted_words.values()))


def test_all_five_formats_agree(read):
    digests = {kind: _declared(read(STORY, kind)) for kind in FORMATS}
    assert all(digest == digests["html"] for digest in digests.values())


@pytest.mark.parametrize("story", [STORY, ONE_SHOT], ids=["three chapters", "one shot"])
@pytest.mark.parametrize("kind", FORMATS)
def test_the_scene_break_rule_is_kept(read, story: Story, kind: str):
    """The story's `<hr />`, a zero-width "hr" block in the chapter it breaks (a rule drawn in a PDF)."""
    work = read(story, kind)
    breaks = [i for i, c in enumerate(story.chapters) for p in c.paragraphs if p == BREAK]
    assert [i for i, c in enumerate(work.chapters) for b in c.blocks if b.hint == "hr"] == breaks

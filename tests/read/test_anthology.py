"""Anthologies: EpubMerge EPUBs and AO3 series in one file are split into their works."""

from __future__ import annotations

from pathlib import Path

import ebook_convert
from downloader_files import epub_members, epubmerge, fff_epub_members
from story_files import ONE_SHOT, STORY, ao3_epub, ao3_epub_parts, write_epub

from ficlens.read import read_work, read_works

ao3_ebook = ebook_convert.ao3_ebook  # the fixture that makes AO3's EPUB with Calibre, as AO3 does


def _story(work) -> list[list[str]]:
    return [[work.text[b.start : b.end] for b in c.blocks if b.end > b.start] for c in work.chapters]


def test_epubmerge_of_fanficfare_epubs_gives_each_work(tmp_path: Path):
    merged = epubmerge(tmp_path / "anthology.epub", [fff_epub_members(STORY), fff_epub_members(ONE_SHOT)])
    first, second = read_works(merged)
    assert first.meta.title == STORY.title and first.meta.authors == list(STORY.authors)
    assert second.meta.title == ONE_SHOT.title and second.meta.authors == list(ONE_SHOT.authors)
    assert [c.title for c in first.chapters] == [c.title for c in STORY.chapters]
    assert [c.title for c in second.chapters] == [None]
    assert _story(first) == STORY.story_paragraphs()
    assert _story(second) == ONE_SHOT.story_paragraphs()
    assert second.meta.rating == ONE_SHOT.rating and second.meta.tags == sorted(ONE_SHOT.tags)
    assert [n.text for n in first.notes if n.kind == "notes"] == [STORY.notes]
    assert [n.text for n in second.notes if n.kind == "notes"] == [ONE_SHOT.notes]
    assert first.source.path == second.source.path == str(merged)
    assert first.source.sha256 != second.source.sha256  # a library keeps both


def test_read_work_joins_the_anthology(tmp_path: Path):
    """`read_work` still reads one work: the anthology's works one after another, under its own title."""
    merged = epubmerge(tmp_path / "anthology.epub", [fff_epub_members(STORY), fff_epub_members(ONE_SHOT)])
    work = read_work(merged)
    assert work.meta.title == f"{STORY.title} Anthology"
    assert [c.title for c in work.chapters] == [*(c.title for c in STORY.chapters), ONE_SHOT.title]
    assert len(work.parts) == 2


def test_an_ao3_series_merged_gives_each_work_as_its_own_epub_does(tmp_path: Path):
    one, two = ao3_epub(tmp_path / "one.epub"), ao3_epub(tmp_path / "two.epub", ONE_SHOT)
    merged = epubmerge(tmp_path / "series.epub", [epub_members(one), epub_members(two)], title="The Owl Series")
    for part, alone in zip(read_works(merged), (read_work(one), read_work(two)), strict=True):
        assert part.meta.title == alone.meta.title
        assert part.meta.tags == alone.meta.tags
        assert [c.title for c in part.chapters] == [c.title for c in alone.chapters]
        assert part.text == alone.text
        assert [(n.kind, n.text) for n in part.notes] == [(n.kind, n.text) for n in alone.notes]


def test_epubmerge_of_plain_books_takes_titles_from_its_description(tmp_path: Path):
    def book(name: str, title: str, author: str) -> dict[str, bytes]:
        page = f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p>{title} begins.</p></body></html>'
        return epub_members(write_epub(tmp_path / name, [("a.xhtml", page)], title=title, authors=(author,)))

    books = [book("a.epub", "Winter", "Jane Writer"), book("b.epub", "Summer", "John Author")]
    for keep_meta in (False, True):  # with --keep-meta each book's own OPF is there too
        works = read_works(epubmerge(tmp_path / f"two{keep_meta}.epub", books, keep_meta=keep_meta))
        assert [(w.meta.title, w.meta.authors) for w in works] == [("Winter", ["Jane Writer"]), ("Summer", ["John Author"])]
        assert [w.text for w in works] == ["Winter begins.", "Summer begins."]


def test_ao3_works_bound_without_epubmerge_split_at_each_preface(tmp_path: Path):
    """Each AO3 work opens with its preface; a book holding two of them holds two works."""
    parts = ao3_epub_parts(STORY) + [(f"second_{name}", xhtml) for name, xhtml in ao3_epub_parts(ONE_SHOT)]
    works = read_works(write_epub(tmp_path / "bound.epub", parts, title="Two Works"))
    assert [w.meta.title for w in works] == [STORY.title, ONE_SHOT.title]
    assert [len(w.chapters) for w in works] == [3, 1]


def test_one_work_is_one_work(tmp_path: Path):
    assert [w.meta.title for w in read_works(ao3_epub(tmp_path / "one.epub"))] == [STORY.title]
    assert read_work(ao3_epub(tmp_path / "one.epub")).parts == []


def test_calibres_split_preface_is_one_work(ao3_ebook):
    """Calibre repeats `div#preface` in each file it splits AO3's preface into: still one work."""
    works = read_works(ao3_ebook(STORY, "epub"))
    assert [w.meta.title for w in works] == [STORY.title]
    assert len(works[0].chapters) == 3


def test_calibre_epubs_of_an_ao3_series_merged(ao3_ebook, tmp_path: Path):
    books = [epub_members(ao3_ebook(STORY, "epub")), epub_members(ao3_ebook(ONE_SHOT, "epub"))]
    works = read_works(epubmerge(tmp_path / "series.epub", books))
    assert [(w.meta.title, len(w.chapters)) for w in works] == [(STORY.title, 3), (ONE_SHOT.title, 1)]


def test_a_work_without_text_is_named_and_the_others_read(tmp_path: Path):
    empty = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><div> </div></body></html>'
    story = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p>It rained.</p></body></html>'
    books = [epub_members(write_epub(tmp_path / "a.epub", [("a.xhtml", story)], title="Rain", authors=("A",))),
             epub_members(write_epub(tmp_path / "b.epub", [("b.xhtml", empty), ("c.xhtml", empty)], title="Blank",
                                     authors=("B",)))]
    merged = epubmerge(tmp_path / "two.epub", books)
    works = read_works(merged)
    assert [w.meta.title for w in works] == ["Rain"]
    assert works[0].skipped == [f"{merged}: work 2 (Blank): EPUB holds no story text"]

"""EPUB: AO3's EPUBs, other EPUBs read from their OPF and spine, and broken EPUBs."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from downloader_files import PLATONIC, fff_epub, fichub_epub, webtoepub_epub
from story_files import STORY, ao3_epub, ao3_epub_parts, rezip, write_epub

from ficlens.errors import InputError
from ficlens.read import read_bytes, read_work
from ficlens.structure import build_structure


def _page(body: str, title: str = "page") -> str:
    return f'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head><body>{body}</body></html>'


def _blocks(work, index: int) -> list[tuple[str, str]]:
    return [(b.hint, work.text[b.start : b.end]) for b in work.chapters[index].blocks]


def _novel(path: Path, **options) -> Path:
    """A non-AO3 EPUB: three chapter files out of name order in the spine, one without a heading."""
    parts = [
        ("text/part_b.xhtml", _page("<h1>Chapter One</h1><p>It was a cold morning.</p><p>“Hello,” she said.</p>")),
        ("text/part_a.xhtml", _page("<h2>Chapter Two</h2><p>Later that day.</p><hr/><p>Much later.</p>")),
        ("text/part_c.xhtml", _page("<p>The last page has no heading.</p>")),
    ]
    defaults = dict(
        title="A Winter Novel",
        authors=("Jane Writer",),
        description="<p>A <b>short</b> novel.</p><p>In three parts.</p>",
        subjects=("Romance", "Snow"),
        toc_titles=["One", "Two", "The End"],
        nav_in_spine=True,
        cover=True,
    )
    defaults.update(options)
    return write_epub(path, parts, **defaults)


def test_ao3_epub_reads_like_the_html_download(tmp_path: Path):
    work = read_work(ao3_epub(tmp_path / "work.epub"))
    assert work.source.format == "epub"
    assert work.meta.title == STORY.title
    assert work.meta.url == STORY.url
    assert work.meta.stats["chapters"] == "3/3"
    assert [c.title for c in work.chapters] == [c.title for c in STORY.chapters]
    assert work.skipped == []


@pytest.mark.parametrize("wrapper_ids", [True, False])
def test_ao3_epub_with_calibre_flattened_classes(tmp_path: Path, wrapper_ids: bool):
    """Calibre renames classes from their first name plus a number and drops classes it has no style for."""
    parts = []
    for name, xhtml in ao3_epub_parts(wrapper_ids=wrapper_ids):
        xhtml = xhtml.replace('<div class="meta group">', "<div>")
        xhtml = xhtml.replace('<div class="userstuff">\n  <p>', '<div class="userstuff2">\n  <p>')
        xhtml = xhtml.replace('<blockquote class="userstuff">', '<blockquote class="userstuff1">')
        parts.append((name, xhtml))
    work = read_work(write_epub(tmp_path / "calibre.epub", parts, title=STORY.title, authors=STORY.authors))
    assert [c.title for c in work.chapters] == [c.title for c in STORY.chapters]
    assert work.meta.summary == STORY.summary
    assert work.chapters[2].summary == STORY.chapters[2].summary
    texts = [work.text[b.start : b.end] for b in work.chapters[0].blocks]
    assert texts == list(STORY.chapters[0].paragraphs)
    assert {n.kind for n in work.notes} == {"notes", "end-notes", "chapter-notes", "chapter-end-notes"}


def test_ao3_markup_written_by_the_author_inside_a_chapter(tmp_path: Path):
    """A work's own HTML may reuse AO3's class names; it stays story text."""
    parts = ao3_epub_parts(wrapper_ids=False)
    name, xhtml = parts[1]
    inner = '<div><h2 class="heading">Part Two</h2></div><div class="userstuff"><p>Nested text.</p></div>\n  <p>The owl'
    parts[1] = (name, xhtml.replace("<p>The owl", inner, 1))
    work = read_work(write_epub(tmp_path / "nested.epub", parts, title=STORY.title))
    assert [c.title for c in work.chapters] == [c.title for c in STORY.chapters]
    assert _blocks(work, 0)[:3] == [("heading", "Part Two"), ("p", "Nested text."), ("p", STORY.chapters[0].paragraphs[0])]


def test_other_epub_takes_metadata_from_the_opf(tmp_path: Path):
    work = read_work(_novel(tmp_path / "novel.epub"))
    meta = work.meta
    assert work.source.format == "epub"
    assert meta.title == "A Winter Novel"
    assert meta.authors == ["Jane Writer"]
    assert meta.language == "en"
    assert meta.summary == "A short novel.\n\nIn three parts."
    assert meta.tags == ["Romance", "Snow"]


def test_other_epub_has_a_chapter_per_spine_document(tmp_path: Path):
    work = read_work(_novel(tmp_path / "novel.epub"))
    assert [c.title for c in work.chapters] == ["Chapter One", "Chapter Two", "The End"]
    assert _blocks(work, 0) == [("p", "It was a cold morning."), ("p", "“Hello,” she said.")]
    assert _blocks(work, 1) == [("p", "Later that day."), ("hr", ""), ("p", "Much later.")]
    assert _blocks(work, 2) == [("p", "The last page has no heading.")]
    assert len(build_structure(work).scenes) == 4
    assert "Chapter One" not in work.text
    for chapter in work.chapters:
        for block in chapter.blocks:
            assert chapter.start <= block.start <= block.end <= chapter.end


def test_navigation_cover_and_inline_toc_are_skipped(tmp_path: Path):
    toc = _page('<h1>Contents</h1><p><a href="a.xhtml">One</a></p><p><a href="b.xhtml">Two</a></p>')
    parts = [("toc_inline.xhtml", toc), ("a.xhtml", _page("<p>Story one.</p>")), ("b.xhtml", _page("<p>Story two.</p>"))]
    work = read_work(write_epub(tmp_path / "toc.epub", parts, title="T", nav_in_spine=True, cover=True))
    assert [work.text[c.start : c.end] for c in work.chapters] == ["Story one.", "Story two."]


def test_a_missing_spine_document_is_skipped_and_named(tmp_path: Path):
    data = _novel(tmp_path / "novel.epub").read_bytes()
    broken = rezip(data, drop={"EPUB/text/part_a.xhtml"})
    work = read_bytes(broken, "novel.epub")
    assert [c.title for c in work.chapters] == ["Chapter One", "The End"]
    assert work.skipped == ["novel.epub/EPUB/text/part_a.xhtml: missing from the archive"]


def test_entities_are_not_expanded_and_nothing_is_fetched(tmp_path: Path):
    """Hostile XHTML and OPF members (ebooklib's writer would clean them, so they are put in raw)."""
    doctype = '<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>'
    hostile = (
        f'<?xml version="1.0"?>\n{doctype}\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/style.css"/></head>'
        "<body><p>Before &secret; &remote; after.</p><script>alert(1)</script></body></html>"
    )
    data = write_epub(tmp_path / "hostile.epub", [("a.xhtml", _page("<p>placeholder</p>"))], title="Hostile").read_bytes()
    opf = zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf").decode()
    opf = opf.replace("<package", '<!DOCTYPE package [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<package', 1)
    opf = opf.replace("<dc:title>Hostile</dc:title>", "<dc:title>Hostile &secret;</dc:title>")
    work = read_bytes(rezip(data, replace={"EPUB/a.xhtml": hostile.encode(), "EPUB/content.opf": opf.encode()}), "hostile.epub")
    assert "root:" not in work.text and "root:" not in (work.meta.title or "")
    assert "alert" not in work.text
    assert "Before" in work.text and "after." in work.text


def _assert_one_line_error(data: bytes, name: str, *reason_parts: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read_bytes(data, name)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    for part in reason_parts:
        assert part in caught.value.reason
    return caught.value


@pytest.fixture
def epub_bytes(tmp_path: Path) -> bytes:
    return _novel(tmp_path / "novel.epub").read_bytes()


def test_truncated_epub(epub_bytes: bytes):
    error = _assert_one_line_error(epub_bytes[: len(epub_bytes) // 2], "cut.epub")
    assert any(word in error.reason.lower() for word in ("truncated", "damaged", "zip"))


def test_epub_without_its_container(epub_bytes: bytes):
    _assert_one_line_error(rezip(epub_bytes, drop={"META-INF/container.xml"}), "nocontainer.epub", "no META-INF/container.xml")


def test_epub_without_its_opf(epub_bytes: bytes):
    _assert_one_line_error(rezip(epub_bytes, drop={"EPUB/content.opf"}), "noopf.epub", "EPUB/content.opf", "missing")


def test_epub_whose_container_names_no_package(epub_bytes: bytes):
    container = b'<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles/></container>'
    broken = rezip(epub_bytes, replace={"META-INF/container.xml": container})
    _assert_one_line_error(broken, "empty.epub", "names no package")


@pytest.mark.parametrize(
    ("opf", "reason"),
    [(b"\x00\x01 not xml at all", "is not XML"), (b"", "is not XML"), (b"<package><metadata>", "has no <metadata>")],
)
def test_epub_with_a_corrupt_opf(epub_bytes: bytes, opf: bytes, reason: str):
    _assert_one_line_error(rezip(epub_bytes, replace={"EPUB/content.opf": opf}), "badopf.epub", "EPUB/content.opf", reason)


@pytest.mark.parametrize("container", [b"garbage", b""])
def test_epub_with_a_corrupt_container(epub_bytes: bytes, container: bytes):
    _assert_one_line_error(rezip(epub_bytes, replace={"META-INF/container.xml": container}), "bad.epub", "container.xml is not XML")


def test_epub_whose_opf_has_no_dublin_core(epub_bytes: bytes):
    """ebooklib fails on an OPF without Dublin Core metadata; the text is still there to read."""
    opf = zipfile.ZipFile(io.BytesIO(epub_bytes)).read("EPUB/content.opf").decode()
    opf = re.sub(r"<dc:[^>]*>.*?</dc:[^>]*>", "", opf)
    work = read_bytes(rezip(epub_bytes, replace={"EPUB/content.opf": opf.encode()}), "nodc.epub")
    assert work.meta.title is None
    assert [c.title for c in work.chapters] == ["Chapter One", "Chapter Two", "The End"]


def test_epub_without_story_text(tmp_path: Path):
    data = write_epub(tmp_path / "empty.epub", [("a.xhtml", _page("<p> </p>"))], title="Nothing").read_bytes()
    _assert_one_line_error(data, "empty.epub")


# --- Download tools' EPUBs: title pages are metadata, notes are kept apart -----------------------


def _story_texts(work) -> list[list[str]]:
    return [[work.text[b.start : b.end] for b in c.blocks if b.end > b.start] for c in work.chapters]


@pytest.mark.parametrize("table", [False, True])
def test_fanficfare_title_page_is_metadata_not_a_chapter(tmp_path: Path, table: bool):
    work = read_work(fff_epub(tmp_path / "fff.epub", table=table))
    assert [c.title for c in work.chapters] == [c.title for c in STORY.chapters]  # "1. " numbering dropped
    assert _story_texts(work) == STORY.story_paragraphs()
    meta = work.meta
    assert meta.title == STORY.title and meta.url == STORY.url
    assert meta.fandoms == list(STORY.fandoms)
    assert meta.relationships == ["Candy/Draco Malfoy", PLATONIC]
    assert meta.tags == ["Epistolary", "Fluff", "Hurt/Comfort"]
    assert meta.stats["status"] == "Completed" and meta.stats["words"] == f"{STORY.words():,}"
    assert (meta.site, meta.site_id, meta.published, meta.updated, meta.complete) == (
        "ao3", str(STORY.work_id), STORY.published, STORY.completed, True)


def test_fanficfare_subject_tags_without_a_title_page(tmp_path: Path):
    """No title page: the OPF's subjects are all there is, less FanFicFare's own tags, entities read."""
    work = read_work(fff_epub(tmp_path / "fff.epub", title_page=False))
    assert work.meta.tags == [*sorted({*STORY.tags, *STORY.categories}), *STORY.fandoms, *sorted(STORY.characters),
                              *sorted([*STORY.relationships, PLATONIC])]
    assert work.meta.stats["status"] == "Completed"
    assert [c.title for c in work.chapters] == [c.title for c in STORY.chapters]


def test_fanficfare_notes_are_kept_apart_with_their_bodies(tmp_path: Path):
    work = read_work(fff_epub(tmp_path / "fff.epub"))
    assert [(n.kind, n.text, n.chapter) for n in work.notes] == [
        ("notes", STORY.notes, None),
        ("chapter-notes", STORY.chapters[0].notes, 0),
        ("chapter-end-notes", STORY.chapters[1].end_notes, 1),
        ("end-notes", STORY.end_notes, None),
    ]
    assert [c.summary for c in work.chapters] == [None, None, STORY.chapters[2].summary]
    for label in ("Author's Note", "Summary for the Chapter", "Notes for the Chapter", STORY.notes, STORY.end_notes):
        assert label not in work.text
    structure = build_structure(work)
    assert structure.words == STORY.words()


def test_fichub_introduction_is_metadata_not_a_chapter(tmp_path: Path):
    work = read_work(fichub_epub(tmp_path / "fichub.epub"))
    assert [c.title for c in work.chapters] == [c.title for c in STORY.chapters]
    assert _story_texts(work) == STORY.story_paragraphs()
    assert work.meta.url == STORY.url
    assert work.meta.stats["words"] == str(STORY.words())
    assert (work.meta.site_id, work.meta.published, work.meta.complete) == (str(STORY.work_id), STORY.published, True)
    assert "FicHub" not in work.text


@pytest.mark.parametrize("chapters_id", [False, True])
def test_webtoepub_of_an_ao3_work(tmp_path: Path, chapters_id: bool):
    """WebToEpub keeps AO3's page markup: its Information page is metadata; the chapters' notes are not story."""
    work = read_work(webtoepub_epub(tmp_path / "w2e.epub", chapters_id=chapters_id))
    meta = work.meta
    assert meta.title == STORY.title and meta.url == STORY.url
    assert meta.characters == list(STORY.characters)
    assert meta.tags == list(STORY.tags)  # not the OPF's one subject of every tag joined by commas
    assert len(work.chapters) == 3
    for note in (STORY.notes, STORY.chapters[0].notes, STORY.chapters[1].end_notes, STORY.chapters[2].summary):
        assert note not in work.text
    assert "Information" not in work.text
    if not chapters_id:
        assert [c.title for c in work.chapters] == [c.title for c in STORY.chapters]
        assert [c.summary for c in work.chapters] == [None, None, STORY.chapters[2].summary]
        assert [(n.kind, n.text) for n in work.notes] == [
            ("notes", STORY.notes), ("chapter-notes", STORY.chapters[0].notes),
            ("chapter-end-notes", STORY.chapters[1].end_notes)]


def test_a_label_over_a_blockquote_is_a_note(tmp_path: Path):
    """Any EPUB: "Author’s Note:" (curly apostrophe) or "A/N:" alone over a blockquote is a note, body and all."""
    chapter = _page("<h1>One</h1><p>Author’s Note:</p><blockquote><p>Thanks to my beta.</p><p>Enjoy!</p></blockquote>"
                    "<p>The story starts.</p><p>A/N:</p><blockquote><p>More soon.</p></blockquote>")
    work = read_work(write_epub(tmp_path / "notes.epub", [("a.xhtml", chapter)], title="T"))
    assert _story_texts(work) == [["The story starts."]]
    assert [(n.kind, n.text) for n in work.notes] == [("chapter-notes", "Thanks to my beta.\n\nEnjoy!"),
                                                      ("chapter-end-notes", "More soon.")]

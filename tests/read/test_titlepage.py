"""Title pages of download tools read as metadata: FanFicFare, FicHub, WebToEpub."""

from __future__ import annotations

from downloader_files import PLATONIC, fff_title_page, fichub_introduction, webtoepub_information
from story_files import STORY

from ficlens.read.ao3_html import parse
from ficlens.read.titlepage import read_title_page


def _page(xhtml: str):
    return read_title_page(parse(xhtml, "page.xhtml"))


def test_fanficfare_title_page():
    page = _page(fff_title_page())
    meta = page.meta
    assert meta.title == STORY.title
    assert meta.url == STORY.url
    assert meta.fandoms == list(STORY.fandoms)  # FanFicFare's "Category" on AO3 is the fandom
    assert meta.categories == ["F/M"]  # its "Genre" holds the AO3 categories with the additional tags
    assert meta.tags == ["Epistolary", "Fluff", "Hurt/Comfort"]
    assert meta.relationships == ["Candy/Draco Malfoy", PLATONIC]
    assert meta.characters == sorted(STORY.characters)
    assert meta.rating == "General Audiences"
    assert meta.warnings == ["No Archive Warnings Apply"]
    assert meta.language == "English"
    assert meta.summary == STORY.summary
    assert meta.stats["status"] == "Completed"
    assert meta.stats["published"] == "2023-03-14"
    assert meta.stats["updated"] == "2023-04-02"
    assert meta.stats["words"] == f"{STORY.words():,}"
    assert meta.stats["chapters"] == "3"
    assert "packaged" not in meta.stats and "publisher" not in meta.stats  # the download's, not the work's


def test_fanficfare_title_page_as_a_table():
    """`titlepage_use_table`: each label and value in cells of their own."""
    table = _page(fff_title_page(table=True)).meta
    assert table == _page(fff_title_page()).meta


def test_fichub_introduction():
    meta = _page(fichub_introduction()).meta
    assert meta.title == STORY.title
    assert meta.authors == ["Moonlit_Quill"]
    assert meta.url == STORY.url
    assert meta.summary is None  # the description is prose there, and the OPF carries it
    assert meta.stats == {"status": "complete", "published": "2023-03-14", "updated": "2023-04-02",
                          "words": str(STORY.words()), "chapters": "3"}


def test_fichub_fanfiction_net_line():
    """FicHub's extra line for FanFiction.Net: the rating first, then " - " parts, some labelled."""
    meta = _page(fichub_introduction(extra_meta="Rating: Fiction T - English - Romance - Reviews: 12 - Words: 212")).meta
    assert meta.rating == "Teen And Up Audiences"
    assert meta.stats["words"] == "212"


def test_webtoepub_information_page_with_ao3_markup():
    page = _page(webtoepub_information())
    meta = page.meta
    assert meta.url == STORY.url
    assert meta.title is None  # "Information" is the page's heading, not the work's
    assert meta.rating == "General Audiences"
    assert meta.fandoms == list(STORY.fandoms)
    assert meta.characters == list(STORY.characters)
    assert meta.tags == list(STORY.tags)
    assert meta.stats["published"] == "2023-03-14"
    assert meta.stats["chapters"] == "3/3"
    assert meta.summary == STORY.summary
    assert [(n.kind, n.text) for n in page.notes] == [("notes", STORY.notes)]


def test_a_chapter_is_no_title_page():
    chapter = ("<html><body><h2>Status Report</h2><p>Status: alive. Words: few.</p>"
               "<p>“Rating?” she asked. Nobody answered.</p><p>The owl flew on.</p></body></html>")
    assert _page(chapter) is None
    story = "<html><body>" + "".join(f"<p>Paragraph {i} of the story.</p>" for i in range(20)) + "</body></html>"
    assert _page(story) is None


def test_a_labelled_page_among_much_prose_is_a_chapter():
    """Three labels with a stat, but the page is mostly story: a chapter that quotes a form."""
    form = "<p>Name: Harry</p><p>Status: Missing</p><p>Rating: T</p><p>Words: none</p>"
    prose = "".join(f"<p>He read the form again, line {i}.</p>" for i in range(12))
    assert _page(f"<html><body>{form}{prose}</body></html>") is None


def test_a_source_that_is_no_address_is_no_url():
    page = _page("<html><body><p>Source: the old show</p><p>Status: Complete</p><p>Words: 1,000</p>"
                 "<p>Published: 2020-01-01</p></body></html>")
    assert page is not None and page.meta.url is None
    assert page.meta.published == "2020-01-01"

"""Word drafts: header lines, Heading 1 chapters, paragraphs as blocks, broken files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from story_files import STORY, rezip, write_docx

from ficlens.errors import InputError
from ficlens.read import read_bytes, read_work
from ficlens.structure import build_structure


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def _blocks(work, index: int = 0) -> list[tuple[str, str]]:
    return [(b.hint, work.text[b.start : b.end]) for b in work.chapters[index].blocks]


def _draft() -> docx.document.Document:
    document = docx.Document()
    document.core_properties.author = "Jane Writer"
    document.core_properties.title = ""
    return document


def test_title_from_the_title_style_and_authors_from_the_properties(tmp_path: Path):
    document = _draft()
    document.core_properties.title = "An Old Working Title"
    document.add_paragraph("The Real Title", style="Title")
    document.add_paragraph("It began with rain.")
    work = read_work(_save(document, tmp_path / "a.docx"))
    assert work.source.format == "docx"
    assert work.meta.title == "The Real Title"
    assert work.meta.authors == ["Jane Writer"]
    assert _blocks(work) == [("p", "It began with rain.")]


def test_title_from_the_properties_and_authors_from_a_by_line(tmp_path: Path):
    document = _draft()
    document.core_properties.title = "Property Title"
    document.add_paragraph("by Moonlit_Quill and ivyandink")
    document.add_paragraph("Rating: T")
    document.add_paragraph("It began with rain.")
    work = read_work(_save(document, tmp_path / "a.docx"))
    assert work.meta.title == "Property Title"
    assert work.meta.authors == ["Moonlit_Quill", "ivyandink"]
    assert work.meta.rating == "Teen And Up Audiences"
    assert [c.title for c in work.chapters] == [None]
    assert work.text == "It began with rain."


def test_tag_lines_fill_the_declared_metadata(tmp_path: Path):
    work = read_work(write_docx(tmp_path / "story.docx"))
    meta = work.meta
    assert (meta.rating, meta.warnings, meta.categories) == (STORY.rating, list(STORY.warnings), list(STORY.categories))
    assert meta.fandoms == list(STORY.fandoms)
    assert meta.relationships == list(STORY.relationships)
    assert meta.characters == list(STORY.characters)
    assert meta.tags == ["Epistolary", "Fluff", "Hurt/Comfort"]
    assert meta.summary == STORY.summary
    assert meta.authors == list(STORY.authors)


def test_summary_and_notes_paragraphs_run_until_the_first_chapter(tmp_path: Path):
    document = _draft()
    document.add_paragraph("A Title", style="Title")
    document.add_paragraph("Fandom: Harry Potter - J. K. Rowling")
    document.add_paragraph("Summary")
    document.add_paragraph("First summary paragraph.")
    document.add_paragraph("Second summary paragraph.")
    document.add_paragraph("Author's Note:")
    document.add_paragraph("Thanks to my beta.")
    document.add_heading("Chapter One", level=1)
    document.add_paragraph("Story text.")
    work = read_work(_save(document, tmp_path / "a.docx"))
    assert work.meta.summary == "First summary paragraph.\n\nSecond summary paragraph."
    assert [(n.kind, n.text) for n in work.notes] == [("notes", "Thanks to my beta.")]
    assert [c.title for c in work.chapters] == ["Chapter One"]
    assert work.text == "Story text."


def test_without_chapter_headings_the_story_starts_after_the_header(tmp_path: Path):
    document = _draft()
    document.add_paragraph("Summary:")
    document.add_paragraph("A one-paragraph summary.")
    document.add_paragraph("The story starts here.")
    document.add_paragraph("And goes on.")
    work = read_work(_save(document, tmp_path / "a.docx"))
    assert work.meta.summary == "A one-paragraph summary."
    assert _blocks(work) == [("p", "The story starts here."), ("p", "And goes on.")]


def test_headings_centering_line_breaks_rules_and_page_breaks(tmp_path: Path):
    document = _draft()
    document.add_heading("One", level=1)
    document.add_paragraph("Opening line.")
    document.add_heading("Three Weeks Later", level=2)
    centered = document.add_paragraph("~ Interlude ~")
    centered.alignment = WD_ALIGN_PARAGRAPH.CENTER
    letter = document.add_paragraph()
    run = letter.add_run("Dear Harry,")
    run.add_break()
    letter.add_run("  Come home.  ")
    run = letter.add_run()
    run.add_break()
    run.add_break()
    letter.add_run("Ginny")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    rule = document.add_paragraph()
    rule._p.get_or_add_pPr().append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'))
    document.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Closing line.")
    document.add_heading("Two", level=1)
    document.add_paragraph("Second chapter.")
    work = read_work(_save(document, tmp_path / "a.docx"))
    assert [c.title for c in work.chapters] == ["One", "Two"]
    assert _blocks(work, 0) == [
        ("p", "Opening line."),
        ("heading", "Three Weeks Later"),
        ("center", "~ Interlude ~"),
        ("p", "Dear Harry,"),
        ("p", "Come home."),
        ("p", "Ginny"),
        ("hr", ""),
        ("center", "* * *"),
        ("p", "Closing line."),
    ]
    assert work.text.split("\n\n\n")[1] == "Second chapter."
    structure = build_structure(work)
    assert [h.text for h in structure.headings][:1] == ["Three Weeks Later"]
    assert len(structure.breaks) == 2
    for chapter in work.chapters:
        for block in chapter.blocks:
            assert chapter.start <= block.start <= block.end <= chapter.end


def test_tables_and_tracked_changes(tmp_path: Path):
    document = _draft()
    paragraph = document.add_paragraph("Kept ")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t>inserted</w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText> deleted</w:delText></w:r></w:del>'
        )
    )
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Left cell."
    table.cell(0, 1).text = "Right cell."
    work = read_work(_save(document, tmp_path / "a.docx"))
    assert [text for _, text in _blocks(work)] == ["Kept inserted", "Left cell.", "Right cell."]


def test_styles_count_through_their_based_on_chain(tmp_path: Path):
    """Custom styles inherit heading levels, outline levels and centering from the styles they are based on."""
    document = _draft()
    styles = document.styles
    chapter_style = styles.add_style("My Chapter", WD_STYLE_TYPE.PARAGRAPH)
    chapter_style.base_style = styles["Heading 1"]
    outlined = styles.add_style("Outlined", WD_STYLE_TYPE.PARAGRAPH)
    outlined.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    centered = styles.add_style("Centered", WD_STYLE_TYPE.PARAGRAPH)
    centered.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    verse = styles.add_style("Verse", WD_STYLE_TYPE.PARAGRAPH)
    verse.base_style = centered
    emphasis = styles.add_style("Shout", WD_STYLE_TYPE.CHARACTER)
    odd = styles.add_style("Odd", WD_STYLE_TYPE.PARAGRAPH)
    odd.base_style = emphasis  # python-docx's own lookups raised on this; a reader should shrug
    document.add_paragraph("Chapter One", style=chapter_style)
    document.add_paragraph("A heading inside.", style=outlined)
    document.add_paragraph("Sung line.", style=verse)
    document.add_paragraph("Left after all.", style=verse).alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.add_paragraph("Oddly styled.", style=odd)
    unknown = document.add_paragraph("Unknown style.")
    unknown._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="NoSuchStyle"/>'))
    document.add_paragraph("Chapter Two", style=chapter_style)
    document.add_paragraph("The end.")
    work = read_work(_save(document, tmp_path / "a.docx"))
    assert [c.title for c in work.chapters] == ["Chapter One", "Chapter Two"]
    assert _blocks(work, 0) == [
        ("heading", "A heading inside."),
        ("center", "Sung line."),
        ("p", "Left after all."),
        ("p", "Oddly styled."),
        ("p", "Unknown style."),
    ]
    assert _blocks(work, 1) == [("p", "The end.")]


def test_a_minimal_package_without_styles_or_properties():
    """Hand-written docx files (and some converters) carry only the document part."""
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Chapter One</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">Hello </w:t></w:r><w:r><w:t>world.</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Chapter Two</w:t></w:r></w:p>'
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>In a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        '<w:p><w:r><w:pict><v:rect xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" o:hr="t"/></w:pict></w:r></w:p>'
        "<w:p><w:r><w:t>After the rule.</w:t></w:r></w:p>"
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    work = read_bytes(out.getvalue(), "minimal.docx")
    assert work.meta.title is None and work.meta.authors == []
    assert [c.title for c in work.chapters] == ["Chapter One", "Chapter Two"]
    assert _blocks(work, 0) == [("p", "Hello world.")]
    assert _blocks(work, 1) == [("p", "In a content control."), ("hr", ""), ("p", "After the rule.")]


def _assert_one_line_error(data: bytes, name: str, *reason_parts: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read_bytes(data, name)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"{name}: ")
    for part in reason_parts:
        assert part in caught.value.reason
    return caught.value


@pytest.fixture
def docx_bytes(tmp_path: Path) -> bytes:
    return write_docx(tmp_path / "story.docx").read_bytes()


def test_truncated_docx(docx_bytes: bytes):
    error = _assert_one_line_error(docx_bytes[: len(docx_bytes) // 2], "cut.docx")
    assert any(word in error.reason.lower() for word in ("truncated", "damaged", "zip"))


@pytest.mark.parametrize("xml", [b"<w:document><w:body><w:p>", b"\x00garbage", b""])
def test_docx_with_corrupt_xml(docx_bytes: bytes, xml: bytes):
    _assert_one_line_error(rezip(docx_bytes, replace={"word/document.xml": xml}), "bad.docx", "not a readable Word document")


def test_docx_without_its_package_parts(docx_bytes: bytes):
    _assert_one_line_error(rezip(docx_bytes, drop={"[Content_Types].xml"}), "bad.docx", "not a readable Word document")


def test_docx_without_text(tmp_path: Path):
    document = _draft()
    document.add_paragraph("Rating: G")
    document.add_paragraph()
    data = _save(document, tmp_path / "empty.docx").read_bytes()
    _assert_one_line_error(data, "empty.docx", "no story text")


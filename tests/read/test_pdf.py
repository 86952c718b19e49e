"""PDF stories: AO3's PDF download, and the page furniture any PDF has.

AO3's PDFs are made by Calibre's `ebook-convert` as AO3 makes them (see
`ebook_convert.py`). The layouts Calibre does not make on demand (a word
hyphenated at a line's end, a paragraph running over a page, a running head on
every page) are written by `_pdf` below: each line drawn at a given place in
Helvetica, one page after another, as any PDF maker draws text, and a rule as
Chromium draws `<hr>`.
"""

from __future__ import annotations

import io
from pathlib import Path

import ebook_convert
from click.testing import CliRunner
from story_files import STORY

from ficlens.cli import main
from ficlens.read import read_work

ao3_ebook = ebook_convert.ao3_ebook  # the fixture that makes the Calibre formats

Line = tuple[str, float, float]  # text, x and y (from the page's bottom) in points, in 12-point type
RULE = "<hr>"  # a line of this text is drawn as a rule across the page (a thin filled box, as Chromium draws <hr>)


def _pdf(pages: list[list[Line]], outline: list[tuple[str, int]] = (), size: float = 12) -> bytes:
    """A PDF of Letter pages, each line drawn where it is placed, and an outline of (title, page)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, written once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        drawn = b"".join(
            b"%.1f %.1f 468 0.75 re f\n" % (x, y) if text == RULE else
            b"BT /F1 %.1f Tf %.1f %.1f Td (%s) Tj ET\n" % (size, x, y, _escape(text))
            for text, x, y in lines
        )  # fmt: skip
        objects.append(b"<< /Length %d >>\nstream\n%sendstream" % (len(drawn), drawn))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % len(objects)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    if not outline:
        return out.getvalue()
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(out.getvalue()))
    for title, page in outline:
        writer.add_outline_item(title=title, page_number=page)
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()


def _escape(text: str) -> bytes:
    return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _lines(*texts: str, top: float = 700, x: float = 72, step: float = 14) -> list[Line]:
    """Lines of one paragraph, `step` points apart (12-point type set a little loose)."""
    return [(text, x, top - i * step) for i, text in enumerate(texts)]


def _write(tmp_path: Path, data: bytes, name: str = "story.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _paragraphs(path: Path) -> list[str]:
    work = read_work(path)
    return [work.text[b.start : b.end] for c in work.chapters for b in c.blocks if b.end > b.start]


def test_paragraphs_are_told_by_the_gap_between_lines(tmp_path: Path):
    page = [
        *_lines("The owl arrived at dawn, which was the first sign that", "something was wrong.", top=700),
        *_lines("“You’re up early,” Pansy said.", top=660),
        *_lines("He did not answer.", top=632),
    ]
    assert _paragraphs(_write(tmp_path, _pdf([page]))) == [
        "The owl arrived at dawn, which was the first sign that something was wrong.",
        "“You’re up early,” Pansy said.",
        "He did not answer.",
    ]


def test_a_rule_drawn_between_paragraphs_is_a_scene_break(tmp_path: Path):
    page = [*_lines("Candy stood at the top of the stairs.", top=700), (RULE, 72, 680), *_lines("Later, he wrote.", top=660)]
    work = read_work(_write(tmp_path, _pdf([page])))
    [chapter] = work.chapters
    assert [(work.text[b.start : b.end], b.hint) for b in chapter.blocks] == [
        ("Candy stood at the top of the stairs.", "p"),
        ("", "hr"),
        ("Later, he wrote.", "p"),
    ]


def test_running_heads_and_page_numbers_are_dropped(tmp_path: Path):
    story = ["The owl arrived at dawn.", "Pansy was up early.", "He did not answer.", "She did not ask twice."]
    pages = [
        [("Forty-One Letters - Moonlit_Quill", 200, 760), *_lines(paragraph, top=700), (str(number), 300, 40)]
        for number, paragraph in enumerate(story, 1)
    ]
    assert read_work(_write(tmp_path, _pdf(pages))).text.split("\n\n") == story


def test_a_paragraph_runs_on_over_a_page_break(tmp_path: Path):
    pages = [
        _lines("She did not look surprised to find him at the desk, surrounded",
               "by crumpled parchment and a cup of tea that had gone cold hours", top=100),
        [*_lines("ago, and the candle had burnt down to nothing at all.", top=740), *_lines("He did not answer.", top=700)],
    ]  # fmt: skip
    assert _paragraphs(_write(tmp_path, _pdf(pages))) == [
        "She did not look surprised to find him at the desk, surrounded by crumpled parchment and a cup of tea "
        "that had gone cold hours ago, and the candle had burnt down to nothing at all.",
        "He did not answer.",
    ]


def test_a_word_hyphenated_at_a_line_end_is_mended_only_where_safe(tmp_path: Path):
    page = [
        *_lines("The Owlery was colder than he remem-", "bered, as everything he remembered was.", top=700),
        *_lines("It was a well-known fact, and a well-", "known owl.", top=660),
        *_lines("Candy stood there, half-", "asleep.", top=620),
    ]
    assert _paragraphs(_write(tmp_path, _pdf([page]))) == [
        "The Owlery was colder than he remembered, as everything he remembered was.",  # spelt whole elsewhere
        "It was a well-known fact, and a well-known owl.",  # spelt with its hyphen elsewhere
        "Candy stood there, half-asleep.",  # spelt nowhere else: the hyphen stays
    ]


def test_any_other_pdf_has_a_chapter_per_outline_entry(tmp_path: Path):
    pages = [
        [("Departure", 72, 740), *_lines("She left at dawn.", top=700)],
        [("Arrival", 72, 740), *_lines("The city was loud.", top=700)],
    ]
    work = read_work(_write(tmp_path, _pdf(pages, outline=[("Departure", 0), ("Arrival", 1)])))
    assert work.source.format == "pdf"
    assert [c.title for c in work.chapters] == ["Departure", "Arrival"]
    assert [work.text[c.start : c.end] for c in work.chapters] == ["She left at dawn.", "The city was loud."]


def test_ao3_pdf_preface_is_read_into_the_metadata(ao3_ebook):
    work = read_work(ao3_ebook(STORY, "pdf"))
    meta = work.meta
    assert (meta.title, meta.authors, meta.url) == ("Forty-One Letters", ["Moonlit_Quill", "ivyandink"], STORY.url)
    assert meta.characters == ["Candy (Original Character)", "Draco Malfoy", "Pansy Parkinson"]
    assert meta.stats == {"published": "2023-03-14", "completed": "2023-04-02", "words": str(STORY.words()), "chapters": "3/3"}
    assert [c.title for c in work.chapters] == ["The First Letter", "Owls", "Sent"]
    assert {(n.kind, n.chapter): n.text for n in work.notes} == {
        ("notes", None): STORY.notes,
        ("end-notes", None): STORY.end_notes,
        ("chapter-notes", 0): STORY.chapters[0].notes,
        ("chapter-end-notes", 1): STORY.chapters[1].end_notes,
    }
    for label in ("Summary", "Chapter Notes", "See the end", "Afterword", "Posted originally"):
        assert label not in work.text


def test_ao3_pdf_with_running_heads_and_page_numbers_reads_the_same(ao3_ebook):
    header = '<p style="text-align:center">_TITLE_ by _AUTHOR_</p>'
    plain = read_work(ao3_ebook(STORY, "pdf"))
    headed = read_work(ao3_ebook(STORY, "pdf", extra=("--pdf-page-numbers", "--pdf-header-template", header)))
    assert headed.text == plain.text
    assert [c.title for c in headed.chapters] == [c.title for c in plain.chapters]


def _cli_read(path: Path):
    return CliRunner().invoke(main, ["read", str(path)])


def test_a_truncated_pdf_is_one_line_and_exit_2(ao3_ebook, tmp_path: Path):
    data = ao3_ebook(STORY, "pdf").read_bytes()
    path = _write(tmp_path, data[: len(data) * 6 // 10])
    result = _cli_read(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"ficlens: {path}: damaged or truncated PDF (its end-of-file marker is missing)\n"


def test_an_encrypted_pdf_is_one_line_and_exit_2(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(_pdf([_lines("A secret story.")])))
    writer.encrypt(user_password="owl", algorithm="RC4-128")
    data = io.BytesIO()
    writer.write(data)
    path = _write(tmp_path, data.getvalue(), "locked.pdf")
    result = _cli_read(path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"ficlens: {path}: encrypted PDF (it needs a password or is DRM-protected), ficlens reads only unencrypted PDFs\n"
    )


def test_a_pdf_with_an_owner_password_only_is_read(tmp_path: Path):
    """Restrictions without a password to open (printing, copying) do not keep the text from a reader."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(_pdf([_lines("An open story.")])))
    writer.encrypt(user_password="", owner_password="owl", algorithm="RC4-128")
    data = io.BytesIO()
    writer.write(data)
    assert read_work(_write(tmp_path, data.getvalue())).text == "An open story."


def test_a_pdf_of_images_only_is_one_line_and_exit_2(tmp_path: Path):
    path = _write(tmp_path, _pdf([[]]), "scan.pdf")
    result = _cli_read(path)
    assert result.exit_code == 2
    assert result.stderr == f"ficlens: {path}: PDF holds no text (a scan or images only?)\n"

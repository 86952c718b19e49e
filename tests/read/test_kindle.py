"""Kindle books: AO3's MOBI and AZW3 downloads, other MOBI books, and the ones ficlens refuses.

The books are made by Calibre's `ebook-convert` as AO3 makes them (see
`ebook_convert.py`); the refused ones are those books with a byte changed or
cut off, as a DRM-protected or half-downloaded file would be.
"""

from __future__ import annotations

import struct
import tempfile
from pathlib import Path

import ebook_convert
import pytest
from click.testing import CliRunner
from story_files import ONE_SHOT, STORY, ao3_html

from ficlens.cli import main
from ficlens.errors import InputError
from ficlens.read import read_work

ao3_ebook = ebook_convert.ao3_ebook  # the fixture that makes the Calibre formats


def _encryption_offset(book: bytes) -> int:
    """Where record 0's PalmDOC header keeps the encryption type (0 none, 1 or 2 Mobipocket DRM)."""
    (record0,) = struct.unpack_from(">L", book, 78)  # the first entry of the PalmDB record list
    return record0 + 12


def _cli_read(path: Path):
    return CliRunner().invoke(main, ["read", str(path)])


@pytest.mark.parametrize("kind", ["mobi", "azw3"])
def test_ao3_kindle_downloads_keep_the_preface_and_notes(ao3_ebook, kind: str):
    work = read_work(ao3_ebook(STORY, kind))
    assert work.source.format == kind
    assert work.meta.title == "Forty-One Letters"
    assert work.meta.authors == ["Moonlit_Quill", "ivyandink"]
    assert work.meta.url == "https://archiveofourown.org/works/48151623"
    assert work.meta.stats["chapters"] == "3/3"
    assert [c.title for c in work.chapters] == ["The First Letter", "Owls", "Sent"]
    assert work.chapters[2].summary == "In which a letter finally leaves."
    notes = {(n.kind, n.chapter): n.text for n in work.notes}
    assert notes[("chapter-end-notes", 1)] == "One more chapter to go."
    assert "Chapter Notes" not in work.text and "See the end" not in work.text


def test_a_summary_of_two_paragraphs_stays_whole_in_a_mobi(ao3_ebook):
    """MOBI 6 has one `<blockquote>` per paragraph of a summary; all of them are the summary."""
    html = ao3_html(ONE_SHOT).replace(
        f"<p>{ONE_SHOT.summary}</p>", f"<p>{ONE_SHOT.summary}</p><p>Set after the war.</p>"
    )
    work = read_work(ao3_ebook(ONE_SHOT, "mobi", html=html))
    assert work.meta.summary == f"{ONE_SHOT.summary}\n\nSet after the war."
    assert work.text.startswith("The owl would not take the letter.")


def test_a_one_shot_mobi_has_its_text_after_the_preface(ao3_ebook):
    work = read_work(ao3_ebook(ONE_SHOT, "mobi"))
    assert [c.title for c in work.chapters] == [None]
    assert work.text.startswith("The owl would not take the letter.")
    assert work.text.endswith("did not mind as much as he had expected.")
    assert sorted(n.kind for n in work.notes) == ["end-notes", "notes"]


def test_another_mobi_gives_a_chapter_per_headed_page(ao3_ebook):
    html = (
        "<html><head><title>Letters Home</title></head><body>"
        "<h2>Chapter 1: Departure</h2><p>She left at dawn.</p><p>Nobody waved.</p>"
        "<h2>Chapter 2: Arrival</h2><p>The city was loud.</p>"
        "</body></html>"
    )
    work = read_work(ao3_ebook(ONE_SHOT, "mobi", html=html, as_ao3=False))
    assert work.source.format == "mobi"
    assert [c.title for c in work.chapters] == ["Chapter 1: Departure", "Chapter 2: Arrival"]
    assert [work.text[c.start : c.end] for c in work.chapters] == ["She left at dawn.\n\nNobody waved.", "The city was loud."]


def test_a_kindle_book_is_known_by_its_content_not_its_name(ao3_ebook, tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_bytes(ao3_ebook(STORY, "mobi").read_bytes())
    assert read_work(path).meta.title == "Forty-One Letters"


@pytest.mark.parametrize("kind", ["mobi", "azw3"])
@pytest.mark.parametrize("drm", [1, 2], ids=["old Mobipocket DRM", "Mobipocket DRM"])
def test_a_drm_protected_book_is_one_line_and_exit_2(ao3_ebook, tmp_path: Path, kind: str, drm: int):
    book = bytearray(ao3_ebook(STORY, kind).read_bytes())
    struct.pack_into(">H", book, _encryption_offset(bytes(book)), drm)
    path = tmp_path / f"bought.{kind}"
    path.write_bytes(book)
    result = _cli_read(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"ficlens: {path}: DRM-protected Kindle book (encrypted), ficlens reads only DRM-free books\n"


def test_a_truncated_book_is_one_line_and_exit_2(ao3_ebook, tmp_path: Path):
    book = ao3_ebook(STORY, "mobi").read_bytes()
    path = tmp_path / "half.mobi"
    path.write_bytes(book[: len(book) // 2])
    result = _cli_read(path)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"ficlens: {path}: damaged or truncated Kindle book (")
    assert line.endswith("records are missing)")


def test_a_book_declaring_more_text_than_the_limit_is_refused_before_unpacking(ao3_ebook, tmp_path: Path):
    book = bytearray(ao3_ebook(STORY, "mobi").read_bytes())
    struct.pack_into(">L", book, _encryption_offset(bytes(book)) - 8, 300 * 2**20)  # the text length
    path = tmp_path / "huge.mobi"
    path.write_bytes(book)
    with pytest.raises(InputError, match=r"Kindle book declares 300 MB of text, over the 100 MB limit"):
        read_work(path)


def test_nothing_is_left_in_the_temporary_folder(ao3_ebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    read_work(ao3_ebook(STORY, "azw3"))
    broken = tmp_path / "broken.mobi"
    book = bytearray(ao3_ebook(STORY, "mobi").read_bytes())
    broken.write_bytes(book[:-200])  # the last records cut off
    with pytest.raises(InputError):
        read_work(broken)
    assert [p.name for p in tmp_path.iterdir()] == ["broken.mobi"]


def test_a_palmdoc_book_is_named_and_refused(tmp_path: Path):
    """A PalmDB of type TEXtREAd (an old .pdb e-book) is told apart from text, and refused by name."""
    header = b"Letters Home".ljust(32, b"\0") + bytes(28) + b"TEXtREAd" + bytes(10)
    path = tmp_path / "story.pdb"
    path.write_bytes(header + b"Once upon a time." * 10)
    with pytest.raises(InputError, match=r"story.pdb: a PalmDOC e-book, not supported \(convert it to EPUB\)$"):
        read_work(path)

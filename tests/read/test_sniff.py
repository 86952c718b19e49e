"""Telling a file's format from its first bytes, whatever its name says."""

from __future__ import annotations

import pytest

from ficlens.read.sniff import binary_kind, is_kindle, is_pdf, is_zip, looks_like_html, looks_like_markdown


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image, not a story"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image, not a story"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image, not a story"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc or other OLE file, not supported (save it as .docx)"),
        (b"{\\rtf1\\ansi\\deff0", "an RTF document, not supported (save it as .docx)"),
        (b"\x1f\x8b\x08\x00", "a gzip archive, not supported (unpack it, or make it a zip)"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "a Windows program, not a story"),
        (b"ID3\x04\x00\x00\x00\x00", "an MP3 file, not a story"),
    ],
)
def test_files_that_are_not_stories_are_named(head: bytes, reason: str) -> None:
    assert binary_kind(head) == reason


@pytest.mark.parametrize(
    "head",
    [b"Chapter 1\n\nIt rained.", b"MZ and Ron had never", b"ID3 was the name of the ship", b"PK\x03\x04", b""],
)
def test_text_and_zips_are_left_to_the_readers(head: bytes) -> None:
    assert binary_kind(head) is None


def test_pdfs_and_kindle_books_are_read_not_refused() -> None:
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3"
    # A PalmDB header: a 32-byte name, 28 bytes of dates and counters, then type and creator.
    mobi = b"Forty-One Letters".ljust(32, b"\0") + bytes(28) + b"BOOKMOBI"
    assert is_pdf(pdf) and binary_kind(pdf) is None
    assert is_kindle(mobi) and not is_kindle(pdf)
    assert not is_pdf(b"A story about %PDF-1.7 files") and not is_kindle(b"BOOKMOBI" * 8)


def test_zips_are_recognised_empty_or_not() -> None:
    assert is_zip(b"PK\x03\x04\x14\x00")
    assert is_zip(b"PK\x05\x06\x00\x00")  # an empty archive is still an archive
    assert not is_zip(b"PKZIP is a program")


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html>\n<html><body><p>It rained.</p></body></html>",
        b'\xef\xbb\xbf  <?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
        "<!DOCTYPE html><html><body><p>It rained.</p></body></html>".encode("utf-16"),
        b"<div class='userstuff'><p>It rained.</p></div>",
    ],
)
def test_html_is_recognised_from_its_markup(head: bytes) -> None:
    assert looks_like_html(head)


@pytest.mark.parametrize("head", [b"Chapter 1\n\n<3 she texted back.", b"<Harry's POV>\n\nIt rained."])
def test_text_with_angle_brackets_is_not_html(head: bytes) -> None:
    assert not looks_like_html(head)


def test_markdown_by_suffix_or_by_its_headings_and_rules() -> None:
    assert looks_like_markdown("It rained.", ".md")
    drafted = "# The Long Way Round\n\n## Chapter 1\n\nIt rained.\n\n***\n\n## Chapter 2\n\nIt stopped.\n"
    assert looks_like_markdown(drafted, ".txt")
    assert not looks_like_markdown("Chapter 1\n\nIt rained.\n\n***\n\nIt stopped.\n", ".txt")

"""A story kept as one file per chapter, in a folder or a zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.read import read_work


def chapter(number: int) -> str:
    return f"Chapter {number}\n\n“Again?” she asked. It was the {number}th time it had rained.\n"


def write_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def docx_bytes(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_folder_is_read_in_natural_order_each_chapter_slicing_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "Rain Again"
    folder.mkdir()
    for number in (10, 2, 1):
        (folder / f"Ch{number}.txt").write_text(chapter(number), encoding="utf-8")
    work = read_work(folder)
    assert work.source.format == "directory"
    assert work.source.encoding == "utf-8"
    assert work.meta.title == "Rain Again"
    assert [c.title for c in work.chapters] == ["Chapter 1", "Chapter 2", "Chapter 10"]
    for number, found in zip((1, 2, 10), work.chapters):
        assert work.text[found.start : found.end].strip() == chapter(number).split("\n\n", 1)[1].strip()
        assert work.text[found.title_span.start : found.title_span.end] == f"Chapter {number}"
    assert work.skipped == []


def test_files_without_a_chapter_heading_are_titled_by_their_names(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "01 Prologue.txt").write_text("It began with rain.\n", encoding="utf-8")
    (folder / "02 The Owl.txt").write_text("The owl came at dawn.\n", encoding="utf-8")
    assert [c.title for c in read_work(folder).chapters] == ["01 Prologue", "02 The Owl"]


def test_clutter_is_ignored_and_junk_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))
    (folder / "._ch1.txt").write_bytes(b"\x00\x05\x16\x07" + bytes(60))
    (folder / "ch1.txt").write_text(chapter(1), encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    work = read_work(folder)
    assert [c.title for c in work.chapters] == ["Chapter 1"]
    assert work.skipped == [f"{folder / 'notes.pdf'}: damaged or truncated PDF (its end-of-file marker is missing)"]


def test_a_zip_of_chapters_in_a_folder_with_mac_clutter(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "Rain Again.zip",
        {
            "Rain Again/ch2.txt": chapter(2),
            "Rain Again/ch1.txt": chapter(1).encode("cp1252"),
            "__MACOSX/Rain Again/._ch1.txt": b"\x00\x05\x16\x07",
            "Rain Again/.DS_Store": b"\x00\x00\x00\x01Bud1",
        },
    )
    work = read_work(path)
    assert (work.source.format, work.meta.title) == ("zip", "Rain Again")
    assert [c.title for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert "“Again?” she asked." in work.text[work.chapters[0].start : work.chapters[0].end]
    assert work.source.encoding == "mixed"  # one chapter in Windows-1252, one in UTF-8
    assert work.skipped == []


def test_a_word_document_in_a_zip_of_chapters_is_read(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "story.zip",
        {"ch1.txt": chapter(1), "ch2.docx": docx_bytes("Chapter 2", "“Again?” she asked. The owl had come back.")},
    )
    work = read_work(path)
    assert len(work.chapters) == 2
    assert "The owl had come back." in work.text[work.chapters[1].start : work.chapters[1].end]


def test_a_zip_inside_a_zip_is_not_opened(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("ch2.txt", chapter(2))
    path = write_zip(tmp_path / "story.zip", {"ch1.txt": chapter(1), "more.zip": inner.getvalue()})
    work = read_work(path)
    assert [c.title for c in work.chapters] == ["Chapter 1"]
    assert work.skipped == [f"{path}/more.zip: a zip archive inside the zip archive (not read)"]


def test_nothing_readable_is_an_error_naming_the_reasons(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "pictures.zip", {"a.png": b"\x89PNG\r\n\x1a\n" + bytes(20), "b.txt": b""})
    with pytest.raises(InputError) as caught:
        read_work(path)
    assert caught.value.reason == (
        f"no readable story files ({path}/a.png: a PNG image, not a story; {path}/b.txt: empty file)"
    )


def test_a_folder_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    for number in (1, 2, 3):
        (folder / f"ch{number}.txt").write_text(chapter(number) * 100, encoding="utf-8")
    with pytest.raises(InputError, match="folder holds more than 0.0095 MB of files"):
        read_work(folder, max_bytes=10_000)


def test_what_a_zip_in_a_folder_skips_is_named_too(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "ch1.txt").write_text(chapter(1), encoding="utf-8")
    write_zip(folder / "more.zip", {"ch2.txt": chapter(2), "cover.png": b"\x89PNG\r\n\x1a\n" + bytes(20)})
    work = read_work(folder)
    assert [c.title for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert work.skipped == [f"{folder / 'more.zip'}/cover.png: a PNG image, not a story"]

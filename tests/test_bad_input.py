"""Bad input, end to end through `ficlens read`: one clear line, exit 2, never a traceback.

Every file here is something a user may really hand ficlens: an empty or
binary file, an image or PDF with the wrong name, broken and hostile archives,
a web page with no story, a file too big, text in an encoding other than
UTF-8. Each is written into the test's `tmp_path` by a builder below.
"""

from __future__ import annotations

import errno
import io
import json
import random
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from ficlens.cli import main

STORY = (
    "Chapter 1: The “Café” Incident\n\n"
    "“Hello,” she said. “You’re late.”\n\n"
    "He shrugged — it wasn’t the first time — and sat down.\n\n"
    "* * *\n\n"
    "Later, the rain stopped. She didn’t say goodbye.\n"
)


# --- builders: each writes one file (or folder) into `folder` and returns its path


def empty(folder: Path) -> Path:
    return _write(folder / "empty.txt", b"")


def whitespace_only(folder: Path) -> Path:
    return _write(folder / "blank.txt", " \n\t\r\n\u00a0\u3000\n".encode())


def random_bytes(folder: Path) -> Path:
    return _write(folder / "story.txt", random.Random(7).randbytes(8192))


def png_renamed_txt(folder: Path) -> Path:
    return _write(folder / "chapter1.txt", _png())


def pdf(folder: Path) -> Path:
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    return _write(folder / "story.pdf", body)


def truncated_zip(folder: Path) -> Path:
    data = _zip({f"chapter{i}.txt": STORY.replace("1", str(i)) * 20 for i in (1, 2, 3)})
    return _write(folder / "chapters.zip", data[: len(data) // 2])


def truncated_epub(folder: Path) -> Path:
    data = _epub()
    return _write(folder / "story.epub", data[: len(data) * 6 // 10])


def zip_bomb(folder: Path) -> Path:
    """One member that declares, and really inflates to, 1 GiB; 1 MB on disk."""
    data, crc = _deflated_zeros(1024)
    return _write(folder / "bomb.zip", _raw_zip([("story.txt", data, crc, 1024 * 2**20)]))


def lying_zip_bomb(folder: Path) -> Path:
    """A member that declares 2 kB but would inflate to 1 GiB if nobody stopped at 2 kB."""
    data, crc = _deflated_zeros(1024)
    return _write(folder / "small.zip", _raw_zip([("story.txt", data, crc, 2048)]))


def lying_docx(folder: Path) -> Path:
    """A Word document whose text part lies about its size in the same way.

    python-docx opens the zip itself and would inflate the whole gigabyte.
    """
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    members = []
    with zipfile.ZipFile(buffer) as archive:
        for name in archive.namelist():
            if name != "word/document.xml":
                data = archive.read(name)
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                members.append((name, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)))
    data, crc = _deflated_zeros(1024)
    members.append(("word/document.xml", data, crc, 2048))
    return _write(folder / "draft.docx", _raw_zip(members))


def path_traversal_zip(folder: Path) -> Path:
    return _write(folder / "evil.zip", _zip({"chapter1.txt": STORY, "../../evil.txt": STORY}))


def absolute_path_zip(folder: Path) -> Path:
    return _write(folder / "absolute.zip", _zip({"chapter1.txt": STORY, "/tmp/evil.txt": STORY}))


def windows_path_zip(folder: Path) -> Path:
    return _write(folder / "windows.zip", _zip({"chapter1.txt": STORY, "..\\..\\evil.txt": STORY}))


def zip_needing_a_newer_unzip(folder: Path) -> Path:
    """A central directory that asks for zip format 9.9 to extract the member."""
    data = bytearray(_zip({"chapter1.txt": STORY}))
    entry = data.index(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = struct.pack("<H", 99)
    return _write(folder / "future.zip", bytes(data))


def many_members_zip(folder: Path) -> Path:
    return _write(folder / "many.zip", _zip({f"part{i}.txt": "x" for i in range(30_000)}))


def zip_in_zip(folder: Path) -> Path:
    inner = _zip({"chapter1.txt": STORY})
    return _write(folder / "outer.zip", _zip({"inner.zip": inner}))


def html_without_story(folder: Path) -> Path:
    page = (
        "<!DOCTYPE html><html><head><title>Archive of Our Own</title></head><body>"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/works">Works</a></li>'
        '<li><a href="/login">Log In</a></li></ul></nav>'
        '<script>document.write("Chapter 1. It was a dark and stormy night.")</script>'
        "</body></html>"
    )
    return _write(folder / "page.html", page.encode())


def broken_front_matter(folder: Path) -> Path:
    """A Markdown draft whose YAML front matter leaves a list open."""
    return _write(folder / "draft.md", b"---\ntitle: Rain\nfandom: [Merlin (TV)\n---\n\nIt rained.\n")


def oversized(folder: Path) -> Path:
    """300 MB that costs no disk: a little text, then a hole."""
    path = _write(folder / "huge.txt", STORY.encode())
    with path.open("r+b") as handle:
        handle.truncate(300 * 2**20)
    return path


def nonexistent(folder: Path) -> Path:
    return folder / "no-such-story.txt"


def empty_folder(folder: Path) -> Path:
    path = folder / "drafts"
    path.mkdir()
    return path


def damaged_utf8(folder: Path) -> Path:
    """UTF-8 with a stray byte inside a word and a last character cut in half."""
    data = (STORY * 5).encode().replace(b"rain", b"ra\x81n", 1)
    return _write(folder / "damaged.txt", data + "She stopped…".encode()[:-1])


def neither_utf8_nor_cp1252(folder: Path) -> Path:
    """Windows-1252 text with bytes Windows-1252 does not use (0x81, 0x8D, 0x9D)."""
    data = (STORY * 5).encode("cp1252").replace(b"rain", b"ra\x81n").replace(b"late", b"l\x8d\x9de")
    return _write(folder / "legacy.txt", data)


BAD_FILES: list[tuple[Callable[[Path], Path], str]] = [
    (empty, "empty file"),
    (whitespace_only, "file holds only whitespace"),
    (random_bytes, "binary data, not text"),
    (png_renamed_txt, "a PNG image, not a story"),
    (pdf, "damaged PDF (startxref not found)"),
    (truncated_zip, "damaged or truncated zip archive"),
    (truncated_epub, "damaged or truncated EPUB"),
    (zip_bomb, "(zip bomb?)"),
    (lying_zip_bomb, "archive member 'story.txt' is corrupt"),
    (lying_docx, "archive member 'word/document.xml' is corrupt"),
    (path_traversal_zip, "unsafe path in archive: '../../evil.txt'"),
    (absolute_path_zip, "unsafe path in archive: '/tmp/evil.txt'"),
    (windows_path_zip, "unsafe path in archive"),
    (zip_needing_a_newer_unzip, "unsupported zip archive (zip file version 9.9)"),
    (many_members_zip, "archive holds more than 20,000 files"),
    (zip_in_zip, "a zip archive inside the zip archive (not read)"),
    (html_without_story, "HTML holds no story text"),
    (broken_front_matter, "front matter is not valid YAML at line 4"),
    (oversized, "file is 300 MB, over the 100 MB limit (--max-size raises it)"),
    (nonexistent, "no such file"),
    (empty_folder, "folder holds no files"),
    (damaged_utf8, "file is partly UTF-8 but invalid at byte 164, line 9 (damaged, or mixing encodings)"),
    (neither_utf8_nor_cp1252, "cannot tell the text encoding"),
]


# --- the tests


@pytest.mark.parametrize(("build", "reason"), BAD_FILES, ids=[b.__name__ for b, _ in BAD_FILES])
def test_a_bad_file_is_one_line_naming_it_and_exit_2(tmp_path: Path, build, reason: str) -> None:
    path = build(tmp_path)
    result = _run("read", path)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"ficlens: {path}: ")
    assert reason in line


def test_bad_files_in_a_batch_do_not_stop_the_good_ones(tmp_path: Path) -> None:
    """A real `python -m ficlens` process: good stories printed, one line per bad file, a summary."""
    good = _write(tmp_path / "good.txt", STORY.encode())
    bad = [build(tmp_path) for build, _ in BAD_FILES]
    files = [good, *bad[:8], _write(tmp_path / "good2.txt", STORY.encode()), *bad[8:]]
    done = subprocess.run(
        [sys.executable, "-m", "ficlens", "read", *map(str, files)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stdout.count("Chapter 1: The “Café” Incident") == 2
    *lines, summary = done.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines] == [str(p) for p in bad]
    assert all(re.fullmatch(r"ficlens: .+: \S.*", line) for line in lines)
    assert summary == f"ficlens: {len(bad)} of {len(files)} inputs had problems: {', '.join(map(str, bad))}"


def test_a_folder_of_chapters_is_read_and_the_junk_named(tmp_path: Path) -> None:
    folder = tmp_path / "My Story"
    folder.mkdir()
    for number in (1, 2, 10):
        _write(folder / f"ch{number}.txt", STORY.replace("Chapter 1", f"Chapter {number}").encode())
    _write(folder / "cover.png", _png())
    _write(folder / ".DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(64))
    result = _run("read", folder, "--format", "json")
    assert result.exit_code == 2  # read, but not all of it: a problem worth a non-zero exit
    assert result.stderr == f"ficlens: {folder / 'cover.png'}: a PNG image, not a story\n"
    document = json.loads(result.stdout)
    assert [c["title"] for c in document["work"]["chapters"]] == [
        "Chapter 1: The “Café” Incident",
        "Chapter 2: The “Café” Incident",
        "Chapter 10: The “Café” Incident",
    ]
    assert document["skipped"] == [f"{folder / 'cover.png'}: a PNG image, not a story"]


@pytest.mark.parametrize(
    ("data", "reported"),
    [
        pytest.param(STORY.encode("utf-16"), "utf-16", id="utf-16 with a BOM"),
        pytest.param(STORY.encode("utf-16-le"), "utf-16-le", id="utf-16-le without a BOM"),
        pytest.param(STORY.encode("utf-16-be"), "utf-16-be", id="utf-16-be without a BOM"),
        pytest.param(STORY.encode("utf-8-sig"), "utf-8-sig", id="utf-8 with a BOM"),
        pytest.param(STORY.encode("cp1252"), "cp1252", id="windows-1252 with curly quotes"),
    ],
)
def test_text_in_other_encodings_is_decoded_and_the_encoding_reported(tmp_path: Path, data: bytes, reported: str) -> None:
    path = _write(tmp_path / "story.txt", data)
    result = _run("read", path, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["source"]["encoding"] == reported
    assert document["work"]["chapters"][0]["title"] == "Chapter 1: The “Café” Incident"
    assert len(document["scenes"]) == 2
    outline = _run("read", path).stdout
    assert "“Hello,” she said. “You’re late.”" in outline


def test_a_failed_run_leaves_no_output_file_and_no_temp_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = _run("read", png_renamed_txt(tmp_path), "--format", "json", "-o", out / "story.json")
    assert result.exit_code == 2
    assert list(out.iterdir()) == []


def test_a_failed_run_leaves_an_earlier_output_untouched(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", STORY.encode())
    target = tmp_path / "out" / "story.json"
    assert _run("read", good, "--format", "json", "-o", target).exit_code == 0
    before = target.read_bytes()
    assert _run("read", empty(tmp_path), "--format", "json", "-o", target).exit_code == 2
    assert target.read_bytes() == before
    assert list(target.parent.iterdir()) == [target]


def test_a_batch_writes_the_good_outputs_only(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", STORY.encode())
    out = tmp_path / "out"
    out.mkdir()
    result = _run("read", good, truncated_zip(tmp_path), "--format", "json", "-o", out)
    assert result.exit_code == 2
    assert [p.name for p in out.iterdir()] == ["good.json"]


def test_a_write_that_fails_halfway_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    good = _write(tmp_path / "good.txt", STORY.encode())
    out = tmp_path / "out"
    out.mkdir()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ficlens.outputs.atomic.os.fsync", disk_full)
    result = _run("read", good, "--format", "json", "-o", out / "story.json")
    assert result.exit_code == 2
    assert result.stderr == f"ficlens: {out / 'story.json'}: cannot write (No space left on device)\n"
    assert list(out.iterdir()) == []


def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", STORY.encode())
    target = good / "story.json"  # inside a regular file: cannot be created
    result = _run("read", good, "--format", "json", "-o", target)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"ficlens: {target}: ")


# --- helpers


def _run(*args: object):
    """`ficlens ARGS` in this process; an uncaught exception fails the test as a traceback would."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from ficlens {' '.join(map(str, args))}") from result.exception
    return result


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


@cache
def _deflated_zeros(mebibytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of `mebibytes` MiB of zeros, and their CRC-32, built fast:
    after a full flush every MiB compresses to the same bytes."""
    chunk = bytes(2**20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    return block * mebibytes + compressor.flush(), crc


def _raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, CRC-32, declared size) members, the size
    written into the headers whatever the data inflates to."""
    local, central = b"", b""
    for name, deflated, crc, declared in members:
        encoded = name.encode()
        sizes = (crc, len(deflated), declared, len(encoded), 0)
        header = struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, *sizes, 0, 0, 0, 0, len(local))
        central += header + encoded
        local += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, *sizes) + encoded + deflated
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0)
    return local + central + end


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">2I5B", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


def _epub() -> bytes:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("urn:uuid:ficlens-bad-input")
    book.set_title("The Café")
    book.set_language("en")
    chapters = []
    for number in (1, 2, 3):
        chapter = epub.EpubHtml(title=f"Chapter {number}", file_name=f"chapter{number}.xhtml")
        chapter.content = f"<h2>Chapter {number}</h2>" + "".join(f"<p>{p}</p>" for p in STORY.split("\n\n")[1:]) * 20
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.spine = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()

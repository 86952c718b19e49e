"""Readers: any story file into one `Work`, the format told by content first.

`read_work(path)` is the one entry point. It refuses what is not a story with
an `InputError` naming the file and the reason: an empty file, an image, a
truncated or hostile archive, a file over the size limit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError
from ..model import Source, Work
from . import sniff
from .decode import decode
from .safezip import megabytes

DEFAULT_MAX_BYTES = 100 * 2**20
STORY_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".docx", ".epub", ".mobi", ".azw3", ".azw", ".pdf")

__all__ = ["DEFAULT_MAX_BYTES", "InputError", "read_work", "read_works", "read_bytes"]


def read_work(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Work:
    """Read the story at `path`: a file, or a folder of chapter files."""
    path = Path(path)
    name = str(path)
    if path.is_dir():
        from .chapters import read_directory

        return read_directory(path, max_bytes)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as error:
        raise InputError(name, f"cannot open ({error.strerror or error})") from None
    if not path.is_file():
        raise InputError(name, "not a regular file")
    if size == 0:
        raise InputError(name, "empty file")
    if size > max_bytes:
        raise InputError(
            name, f"file is {megabytes(size)}, over the {megabytes(max_bytes)} limit (--max-size raises it)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot read ({error.strerror or error})") from None
    return read_bytes(data, name, max_bytes)


def read_works(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Work]:
    """The works in the story file at `path`: each work of an anthology (several works bound in
    one EPUB, see `anthology`), else the one work `read_work` reads."""
    work = read_work(path, max_bytes)
    return work.parts or [work]


def read_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES, *, in_archive: bool = False) -> Work:
    """Read a story from the bytes of a file called `name`.

    `in_archive` is set for a member of a zip of chapters: an EPUB or docx
    there is read, but a zip inside the zip is not (archives nest without end).
    """
    from .plain import undoubled_title

    work = _read_bytes(data, name, max_bytes, in_archive)
    for chapter in work.chapters:
        chapter.title = undoubled_title(chapter.title)
    return work


def _read_bytes(data: bytes, name: str, max_bytes: int, in_archive: bool) -> Work:
    if not data.strip():
        raise InputError(name, "empty file" if not data else "file holds only whitespace")
    digest = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower()
    if sniff.is_kindle(data[:68]):
        from .kindle import read_kindle

        return read_kindle(data, Source(path=name, format="mobi", sha256=digest), max_bytes)
    if sniff.is_pdf(data[:5]):
        from .pdf import read_pdf

        return read_pdf(data, Source(path=name, format="pdf", sha256=digest))
    kind = sniff.binary_kind(data[:64])
    if kind:
        raise InputError(name, kind)
    if sniff.is_zip(data[:4]):
        return _read_zip(data, name, digest, max_bytes, in_archive)
    from . import webpage

    if webpage.is_mhtml(data[:4096]):
        return webpage.read_mhtml(data, Source(path=name, format="html", sha256=digest))
    text, encoding = decode(data, name)
    if not text.strip():
        raise InputError(name, "file holds only whitespace")
    source = Source(path=name, format="text", sha256=digest, encoding=encoding)
    work = _read_text(text, source, sniff.looks_like_html(data[:4096]), suffix)
    if not any(text[c.start : c.end].strip() for c in work.chapters):
        raise InputError(name, "no story text found")
    return work


def _read_text(text: str, source: Source, html: bool, suffix: str) -> Work:
    from . import ao3_html, ao3_text, fff_text, markdown, plain

    if html:
        return ao3_html.read_html(text, source)
    if ao3_text.looks_like_work_text_dump(text):
        source.format = "ao3-text"
        return ao3_text.read_work_text_dump(text, source)
    if ao3_text.looks_like_header_dump(text):
        source.format = "ao3-text"
        return ao3_text.read_header_dump(text, source)
    if fff_text.looks_like_fff_text(text):
        source.format = "fff-text"
        return fff_text.read_fff_text(text, source)
    if sniff.looks_like_markdown(text, suffix):
        source.format = "markdown"
        return markdown.read_markdown(text, source)
    return plain.read_plain(text, source)


def _read_zip(data: bytes, name: str, digest: str, max_bytes: int, in_archive: bool) -> Work:
    from .safezip import SafeZip

    archive = SafeZip(data, name, max_bytes)
    names = set(archive.names())
    if "mimetype" in names and archive.read("mimetype").strip() == b"application/epub+zip" or "META-INF/container.xml" in names:
        from .epub import read_epub

        return read_epub(archive, Source(path=name, format="epub", sha256=digest))
    if "word/document.xml" in names:
        from .docx import read_docx
        from .safezip import repacked

        return read_docx(repacked(archive), Source(path=name, format="docx", sha256=digest))
    if in_archive:
        raise InputError(name, "a zip archive inside the zip archive (not read)")
    from .chapters import read_zip_of_chapters

    return read_zip_of_chapters(archive, Source(path=name, format="zip", sha256=digest), max_bytes)

"""Tell a file's format from its content, not only its name."""

from __future__ import annotations

import re

# Magic numbers of files people mistake for stories, with what to tell them.
_NOT_A_STORY = "not a story"
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _NOT_A_STORY),
    (b"\xff\xd8\xff", "a JPEG image", _NOT_A_STORY),
    (b"GIF87a", "a GIF image", _NOT_A_STORY),
    (b"GIF89a", "a GIF image", _NOT_A_STORY),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)", _NOT_A_STORY),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc or other OLE file", "not supported (save it as .docx)"),
    (b"{\\rtf", "an RTF document", "not supported (save it as .docx)"),
    (b"\x1f\x8b", "a gzip archive", "not supported (unpack it, or make it a zip)"),
    (b"BZh", "a bzip2 archive", "not supported (unpack it, or make it a zip)"),
    (b"\xfd7zXZ\x00", "an xz archive", "not supported (unpack it, or make it a zip)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive", "not supported (unpack it, or make it a zip)"),
    (b"Rar!", "a RAR archive", "not supported (unpack it, or make it a zip)"),
    (b"\x7fELF", "a program", _NOT_A_STORY),
    (b"MZ", "a Windows program", _NOT_A_STORY),
    (b"SQLite format 3\x00", "an SQLite database", _NOT_A_STORY),
    (b"ID3", "an MP3 file", _NOT_A_STORY),
    (b"OggS", "an Ogg media file", _NOT_A_STORY),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video", _NOT_A_STORY),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video", _NOT_A_STORY),
    (b"\x00\x00\x00\x1cftyp", "an MP4 or HEIC file", _NOT_A_STORY),
)
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0e-\x1f]")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
PDF_MAGIC = b"%PDF-"
PALM_TYPES = (b"BOOKMOBI", b"TEXtREAd")  # a PalmDB's type and creator, at bytes 60-68
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<div[\s>]|<p[\s>]|<\?xml", re.I)
_MARKDOWN = re.compile(r"^(?:#{1,6} \S|[-*_]{3,}\s*$|> \S)", re.M)


def binary_kind(head: bytes) -> str | None:
    """Why a file is refused by its first bytes ("a PNG image, not a story"), or
    None when it may be text or a zip."""
    for magic, kind, verdict in _MAGIC:
        if head.startswith(magic):
            if len(magic) < 4 and magic.isalnum() and not _CONTROL_BYTE.search(head):
                continue  # "MZ", "BZh", "ID3" may also begin a line of text
            return f"{kind}, {verdict}"
    return None


def is_zip(head: bytes) -> bool:
    """A zip archive (EPUB and docx are zips too), empty ones included."""
    return head.startswith(ZIP_MAGIC)


def is_pdf(head: bytes) -> bool:
    """A PDF document (AO3's PDF download among them)."""
    return head.startswith(PDF_MAGIC)


def is_kindle(head: bytes) -> bool:
    """A Kindle book (MOBI, AZW, AZW3: a PalmDB of type BOOKMOBI) or a PalmDOC text, from its first 68 bytes."""
    return head[60:68] in PALM_TYPES


def looks_like_html(head: bytes) -> bool:
    """HTML or XHTML, judged from the first few kilobytes (any encoding close to ASCII)."""
    sample = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        sample = sample.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    return sample.startswith(b"<") and _HTML.search(sample) is not None


def looks_like_markdown(text: str, suffix: str) -> bool:
    if suffix in (".md", ".markdown", ".mdown", ".mkd"):
        return True
    return len(_MARKDOWN.findall(text[:20_000])) >= 3 and bool(re.match(r"\s*# \S", text))

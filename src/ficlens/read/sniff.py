"""Tell a file's format from its content, not only its name."""

from __future__ import annotations

import re

# Magic numbers of files people mistake for stories, named for the error message.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"%PDF-", "a PDF document (not supported: save it as text, EPUB or docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc or other OLE file (not supported: save it as .docx)"),
    (b"{\\rtf", "an RTF document (not supported: save it as .docx)"),
    (b"\x1f\x8b", "a gzip archive (not supported)"),
    (b"BZh", "a bzip2 archive (not supported)"),
    (b"\xfd7zXZ\x00", "an xz archive (not supported)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive (not supported)"),
    (b"Rar!", "a RAR archive (not supported)"),
    (b"\x7fELF", "a program, not a story"),
    (b"MZ", "a Windows program, not a story"),
    (b"SQLite format 3\x00", "an SQLite database, not a story"),
    (b"ID3", "an MP3 file, not a story"),
    (b"OggS", "an Ogg media file, not a story"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video, not a story"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video, not a story"),
    (b"\x00\x00\x00\x1cftyp", "an MP4 or HEIC file, not a story"),
)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<div[\s>]|<p[\s>]|<\?xml", re.I)
_MARKDOWN = re.compile(r"^(?:#{1,6} \S|[-*_]{3,}\s*$|> \S)", re.M)


def binary_kind(head: bytes) -> str | None:
    """What a non-text file is ("a PNG image"), or None when it may be text or a zip."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


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

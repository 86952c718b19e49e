"""A folder or zip of chapter files, read in natural order ("ch2" before "ch10").

Each file is read on its own by the format it has; the works are joined into
one, a chapter (or more) per file. Files that are not stories are named in
`Work.skipped` with the reason; hidden files and system clutter are ignored.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path, PurePosixPath

from natsort import natsorted, ns

from ..errors import InputError
from ..model import Block, Chapter, Metadata, Note, Source, Span, Work
from .safezip import MAX_MEMBERS, SafeZip, megabytes

_IGNORED = {"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini"}
_SEPARATOR = "\n\n\n"


def read_directory(path: Path, max_bytes: int) -> Work:
    """The chapter files under `path`, subfolders included, as one work."""
    from . import read_work

    found = []
    for file in path.rglob("*"):
        if file.is_file() and not _ignored(file.relative_to(path).parts):
            found.append(file)
            if len(found) > MAX_MEMBERS:
                raise InputError(str(path), f"folder holds more than {MAX_MEMBERS:,} files")
    files = natsorted(found, key=lambda p: str(p.relative_to(path)), alg=ns.IGNORECASE | ns.PATH)
    if not files:
        raise InputError(str(path), "folder holds no files")
    parts: list[Work] = []
    skipped: list[str] = []
    total = 0
    digest = hashlib.sha256()
    for file in files:
        total += file.stat().st_size
        if total > max_bytes:
            raise InputError(str(path), f"folder holds more than {megabytes(max_bytes)} of files")
        try:
            work = read_work(file, max_bytes)
        except InputError as error:
            skipped.append(str(error))
            continue
        digest.update(str(file.relative_to(path)).encode() + b"\0" + work.source.sha256.encode())
        skipped.extend(work.skipped)  # from a zip of chapters in the folder
        parts.append(work)
    source = Source(path=str(path), format="directory", sha256=digest.hexdigest())
    return join_works(parts, source, path.name, skipped)


def read_zip_of_chapters(archive: SafeZip, source: Source, max_bytes: int) -> Work:
    """The chapter files in a zip (already checked by `SafeZip`) as one work."""
    from . import read_bytes

    names = natsorted(
        (n for n in archive.names() if not _ignored(PurePosixPath(n).parts)),
        alg=ns.IGNORECASE | ns.PATH,
    )
    if not names:
        raise InputError(source.path, "zip archive holds no files")
    parts: list[Work] = []
    skipped: list[str] = []
    for name in names:
        label = f"{source.path}/{name}"
        try:
            work = read_bytes(archive.read(name), label, max_bytes, in_archive=True)
        except InputError as error:
            skipped.append(str(error))
            continue
        parts.append(work)
    return join_works(parts, source, Path(source.path).stem, skipped)


def join_works(parts: list[Work], source: Source, fallback_title: str, skipped: list[str]) -> Work:
    """One work made of `parts` in order, each part's chapters shifted into the joined text."""
    if not parts:
        reasons = "; ".join(skipped[:3])
        raise InputError(source.path, f"no readable story files ({reasons})")
    texts: list[str] = []
    chapters: list[Chapter] = []
    notes: list[Note] = []
    offset = 0
    encodings = {p.source.encoding for p in parts if p.source.encoding}
    for part in parts:
        for chapter in part.chapters:
            title = chapter.title
            if title is None and len(part.chapters) == 1:
                title = part.meta.title or Path(part.source.path).stem
            chapters.append(_shift_chapter(chapter, offset, title))
        notes.extend(_shift_note(n, offset) for n in part.notes)
        texts.append(part.text)
        offset += len(part.text) + len(_SEPARATOR)
    source.encoding = encodings.pop() if len(encodings) == 1 else ("mixed" if encodings else None)
    meta = _merged_meta(parts, fallback_title)
    return Work(text=_SEPARATOR.join(texts), source=source, meta=meta, chapters=chapters, notes=notes, skipped=skipped)


def _merged_meta(parts: list[Work], fallback_title: str) -> Metadata:
    declared = [p.meta for p in parts if p.meta != Metadata()]
    meta = replace(declared[0]) if declared else Metadata()
    if len(parts) > 1 or meta.title is None:
        titles = {p.meta.title for p in parts}
        if len(titles) > 1 or meta.title is None:
            meta.title = fallback_title
    return meta


def _shift_chapter(chapter: Chapter, offset: int, title: str | None) -> Chapter:
    return Chapter(
        title=title,
        start=chapter.start + offset,
        end=chapter.end + offset,
        title_span=Span(chapter.title_span.start + offset, chapter.title_span.end + offset) if chapter.title_span else None,
        summary=chapter.summary,
        blocks=[Block(b.start + offset, b.end + offset, b.hint) for b in chapter.blocks] if chapter.blocks is not None else None,
    )


def _shift_note(note: Note, offset: int) -> Note:
    if note.start is None:
        return note
    return replace(note, start=note.start + offset, end=note.end + offset)


def _ignored(parts: tuple[str, ...]) -> bool:
    return any(p in _IGNORED or p.startswith(".") for p in parts)

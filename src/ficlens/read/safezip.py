"""Open zip-based files (EPUB, docx, zips of chapters) without trusting them.

Archives are read in memory, never extracted, and refused when their names try
to escape (absolute paths, "..") or when they would expand far beyond any story
(zip bombs). Sizes come from the central directory; each member is inflated to
its declared size and no further, so a member that lies about its size fails
its CRC check instead of filling memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from ..errors import InputError

MAX_MEMBERS = 20_000
MAX_RATIO = 200  # deflate tops out near 1000:1; real text compresses about 3:1
_KINDS = {".epub": "EPUB", ".docx": "docx file", ".zip": "zip archive"}


class SafeZip:
    """A zip archive checked for hostile names and sizes before any member is read."""

    def __init__(self, data: bytes, path: str, max_bytes: int) -> None:
        self.path = path
        # Counted before zipfile builds an object per member: a small archive
        # can declare millions of them.
        if data.count(b"PK\x01\x02") > MAX_MEMBERS:
            raise InputError(path, f"archive holds more than {MAX_MEMBERS:,} files")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            kind = _KINDS.get(PurePosixPath(path).suffix.lower(), "zip archive")
            if isinstance(error, NotImplementedError):
                raise InputError(path, f"unsupported {kind} ({error})") from None
            detail = "its table of contents is missing" if "not a zip file" in str(error) else str(error)
            raise InputError(path, f"damaged or truncated {kind} ({detail})") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"archive holds {len(infos):,} files, more than {MAX_MEMBERS:,}")
        total = 0
        for info in infos:
            _check_name(info.filename, path)
            total += info.file_size
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(path, f"archive member {info.filename!r} expands {info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)")
        if total > max_bytes:
            raise InputError(path, f"archive expands to {megabytes(total)}, over the {megabytes(max_bytes)} limit")
        self.infos = [i for i in infos if not i.is_dir()]

    def names(self) -> list[str]:
        """Member names in archive order, folders left out."""
        return [i.filename for i in self.infos]

    def read(self, name: str) -> bytes:
        """The bytes of member `name`, never more than its declared size."""
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            raise InputError(self.path, f"archive has no member {name!r}") from None
        if info.flag_bits & 0x1:
            raise InputError(self.path, f"archive member {name!r} is encrypted")
        try:
            # zipfile's read() with no size inflates the whole compressed stream
            # before cutting it to the declared size; a size keeps it bounded.
            with self.zip.open(info) as member:
                return member.read(info.file_size)
        except NotImplementedError as error:
            raise InputError(self.path, f"archive member {name!r} uses an unsupported compression ({error})") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, zlib.error) as error:
            raise InputError(self.path, f"archive member {name!r} is corrupt ({error})") from None


def repacked(archive: SafeZip) -> bytes:
    """The archive rebuilt from members read within their declared sizes, for
    libraries (python-docx) that open the zip themselves and would trust it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as clean:
        for info in archive.infos:
            clean.writestr(info.filename, archive.read(info.filename))
    return buffer.getvalue()


def megabytes(size: int) -> str:
    """A size for a message: "300 MB", "0.5 MB"."""
    value = size / 2**20
    return f"{value:,.0f} MB" if value >= 10 else f"{value:.2g} MB"


def _check_name(name: str, path: str) -> None:
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":"):
        raise InputError(path, f"unsafe path in archive: {name!r}")

"""Open zip-based files (EPUB, docx, zips of chapters) without trusting them.

Archives are read in memory, never extracted, and refused when their names try
to escape (absolute paths, "..") or when they would expand far beyond any story
(zip bombs). Sizes come from the central directory, which also bounds how much
`zipfile` will inflate for each member.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from ..errors import InputError

MAX_MEMBERS = 20_000
MAX_RATIO = 200  # deflate tops out near 1000:1; real text compresses about 3:1


class SafeZip:
    """A zip archive checked for hostile names and sizes before any member is read."""

    def __init__(self, data: bytes, path: str, max_bytes: int) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise InputError(path, f"not a valid zip archive ({error})") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"archive holds {len(infos)} files, more than {MAX_MEMBERS}")
        total = 0
        for info in infos:
            _check_name(info.filename, path)
            total += info.file_size
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(path, f"archive member {info.filename!r} expands {info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)")
        if total > max_bytes:
            raise InputError(path, f"archive expands to {total / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB limit")
        self.infos = [i for i in infos if not i.is_dir()]

    def names(self) -> list[str]:
        return [i.filename for i in self.infos]

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except KeyError:
            raise InputError(self.path, f"archive has no member {name!r}") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as error:
            raise InputError(self.path, f"archive member {name!r} is corrupt ({error})") from None


def _check_name(name: str, path: str) -> None:
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":"):
        raise InputError(path, f"unsafe path in archive: {name!r}")

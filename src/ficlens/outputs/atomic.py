"""Write files so that a reader never sees half of one: temp file, then rename; a folder of files the same way."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Replace `path` with `data` in one step; on failure the old file is untouched. The file gets
    the old one's permissions, or those a plain open() would give (not the temp file's 0600)."""
    path = Path(path)
    mode = _mode_for(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path, fresh: int = 0o666) -> int:
    """`path`'s permissions, or, when there is nothing at `path`, those `fresh` gets under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return fresh & ~umask


@contextmanager
def replaced_folder(path: str | Path) -> Iterator[Path]:
    """A new, empty folder to write the next content of the folder `path` into, so that a set of files
    appears together: when the block ends without error, the new folder takes `path`'s place (what `path`
    held is deleted) and a reader finds the old set or the new one, never a mix; on an error `path` is left
    as it was. The folder gets the old one's permissions, or those a plain mkdir gives."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    try:
        os.chmod(new, _mode_for(path, 0o777))
        yield new
        _swap(new, path)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise


def _swap(new: Path, path: Path) -> None:
    """Put the folder `new` at `path`: the old folder is moved aside, `new` renamed into its place (the old
    one put back if that fails), then the old one deleted. Between the two renames there is no `path`."""
    if not path.exists():
        os.rename(new, path)
        return
    aside = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
    try:
        os.rename(path, aside)  # onto an empty folder: replaces it
    except BaseException:
        aside.rmdir()
        raise
    try:
        os.rename(new, path)
    except BaseException:
        os.rename(aside, path)
        raise
    shutil.rmtree(aside, ignore_errors=True)

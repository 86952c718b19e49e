"""Write files so that a reader never sees half of one: temp file, then rename."""

from __future__ import annotations

import os
import stat
import tempfile
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


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def temp_beside(path: str | Path) -> Path:
    """A new empty temporary file in `path`'s folder, to write `path`'s content into before `publish`."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    return Path(temp)


def publish(temp: Path, path: str | Path) -> None:
    """Rename a finished `temp_beside` file onto `path`, with the permissions `write_atomic` gives."""
    os.chmod(temp, _mode_for(Path(path)))
    os.replace(temp, path)

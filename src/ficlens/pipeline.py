"""The one place that knows the order of the stages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Structure, Work
from .read import DEFAULT_MAX_BYTES, read_work
from .structure import build_structure


@dataclass(slots=True)
class ReadResult:
    """A work as read and structured."""

    work: Work
    structure: Structure


def read_and_structure(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read a story file and find its structure."""
    work = read_work(path, max_bytes)
    return ReadResult(work, build_structure(work))

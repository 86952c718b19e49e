"""`ficlens library import-corpus`: a corpus run's works into the SQLite library.

Each work goes in as `ficlens add` would put it: its analysis (the analyses table)
and its text, from the `texts` table when the run kept it (`--keep-text`), else
read again from the story file, which must still hold the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError
from .inputs import content_hash
from .store import PART, part_batch

if TYPE_CHECKING:
    from ..library import Library


@dataclass
class ImportReport:
    """Counts of what the library did with each work, and the works that could not go in."""

    statuses: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (work id, reason)


def corpus_works(output: Path) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Every committed work of OUTPUT with its kept text (None when the run kept none), batch by batch."""
    for path in check_output(output):
        texts = _kept(output / "texts" / PART.format(part_batch(path)), "text")
        analyses = _kept(output / "analyses" / PART.format(part_batch(path)), "analysis")
        inline = ["analysis"] if "analysis" in pq.read_schema(path).names else []  # schema 1 kept it in works
        for row in _read(path, ["work_id", "content_hash", "source_path", *inline]).to_pylist():
            key = (row["work_id"], row["content_hash"])
            yield {**row, "analysis": row.get("analysis") or analyses.get(key)}, texts.get(key)


def _kept(path: Path, column: str) -> dict[tuple[str, str], str]:
    """A batch's kept texts or analyses by (work id, content hash); none when the run kept none."""
    if not path.exists():
        return {}
    kept = _read(path, ["work_id", "content_hash", column]).to_pydict()
    return dict(zip(zip(kept["work_id"], kept["content_hash"]), kept[column]))


def _read(path: Path, columns: list[str]) -> pa.Table:
    """`columns` of one part file, or one line naming the file when it is no whole part of a corpus run."""
    try:
        return pq.read_table(path, columns=columns)
    except (OSError, pa.ArrowException) as error:
        raise InputError(str(path), f"cannot read as a corpus run's table ({_first_line(error)})") from None


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def import_corpus(output: str | Path, library: Library,
                  progress: Callable[[str], None] | None = None) -> ImportReport:
    """Add every work of a corpus OUTPUT to `library`; a work already there is left unchanged."""
    from ..read import read_work

    report = ImportReport()
    for row, text in corpus_works(Path(output)):
        work_id = row["work_id"]
        if progress:
            progress(work_id)
        if not row["analysis"]:
            report.failures.append((work_id, "no analysis kept (the run had --no-analysis-json)"))
            continue
        data = json.loads(row["analysis"])
        source = row["source_path"] or (data.get("source") or {}).get("path") or work_id
        if text is None:
            try:
                path = Path(source)
                if not path.is_file() or content_hash(path.read_bytes()) != row["content_hash"]:
                    raise InputError(source, "no text kept (--keep-text) and the file is gone or has changed")
                text = read_work(path).text
            except (InputError, OSError) as error:
                report.failures.append((work_id, getattr(error, "reason", None) or str(error)))
                continue
        outcome = library.add_analysis(data, text, source)
        report.statuses[outcome.status] = report.statuses.get(outcome.status, 0) + 1
    return report


def check_output(output: Path) -> list[Path]:
    """OUTPUT's committed `works` files, or one line when OUTPUT is no corpus run or one of them is no whole
    part of one (each file's footer read): checked before the library is opened, so that a mistyped OUTPUT
    never leaves a new, empty library behind."""
    works = Path(output) / "works"
    if not works.is_dir():
        raise InputError(str(output), "not a corpus output (no works folder)")
    parts = sorted(works.glob("part-*.parquet"))
    for path in parts:
        try:
            names = pq.read_schema(path).names
        except (OSError, pa.ArrowException) as error:
            raise InputError(str(path), f"cannot read as a corpus run's table ({_first_line(error)})") from None
        if missing := [c for c in ("work_id", "content_hash", "source_path") if c not in names]:
            raise InputError(str(path), f"not a corpus run's works table (no {', '.join(missing)} column)")
    return parts

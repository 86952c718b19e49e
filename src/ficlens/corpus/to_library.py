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
    works = output / "works"
    if not works.is_dir():
        raise InputError(str(output), "not a corpus output (no works folder)")
    for path in sorted(works.glob("part-*.parquet")):
        texts = _kept(output / "texts" / PART.format(part_batch(path)), "text")
        analyses = _kept(output / "analyses" / PART.format(part_batch(path)), "analysis")
        inline = ["analysis"] if "analysis" in pq.read_schema(path).names else []  # schema 1 kept it in works
        for row in pq.read_table(path, columns=["work_id", "content_hash", "source_path", *inline]).to_pylist():
            key = (row["work_id"], row["content_hash"])
            yield {**row, "analysis": row.get("analysis") or analyses.get(key)}, texts.get(key)


def _kept(path: Path, column: str) -> dict[tuple[str, str], str]:
    """A batch's kept texts or analyses by (work id, content hash); none when the run kept none."""
    if not path.exists():
        return {}
    kept = pq.read_table(path, columns=["work_id", "content_hash", column]).to_pydict()
    return dict(zip(zip(kept["work_id"], kept["content_hash"]), kept[column]))


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


def check_output(output: Path) -> None:
    """Refuse, in one line, an OUTPUT that is no corpus run's: checked before the library is opened, so that a
    mistyped OUTPUT never leaves a new, empty library behind."""
    if not (Path(output) / "works").is_dir():
        raise InputError(str(output), "not a corpus output (no works folder)")

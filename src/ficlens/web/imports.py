"""Imports and re-analyses from the web page as background jobs: queued, run one at a time per library,
watched.

An upload is kept beside the library (`<library>-imports/files/<digest>/<the name it had>`), so the
work's source path is a file that stays (it can be read again when ficlens improves), and a work the
reader cannot title is titled from the name the user gave the file. Each import is a job: a small JSON
file under `<library>-imports/jobs/`, written whole (temp file, then rename) by whichever process holds
it, so that every server process answers for every job. Jobs run in the server's import process, and a
lock file lets one import at a time write a library, whichever server process took it; the others wait
their turn, queued. No job blocks a page: the pages only read the job files.

A work analysed again (the work page's "Analyse again") is a job of the same queue, of kind "reanalyze":
it takes its turn with the imports (both write the library, and both load the language model).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..library import Library, LibraryError, default_path

KEPT_JOBS = 50
"""Finished jobs whose pages stay; older ones are forgotten when a new import starts."""

SAFE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".epub", ".docx", ".md", ".markdown", ".zip"}

UNFINISHED = ("queued", "running")


@dataclass
class ImportResult:
    """What an import did, with every path shown under the name the user's file had."""

    stored: list[tuple[str, str, int, str]] = field(default_factory=list)  # (file, status, work id, title)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    near: list[tuple[str, int, str, float]] = field(default_factory=list)  # (new title, work id, title, similarity)

    @classmethod
    def of(cls, report: Any, names: dict[str, str], refused: list[tuple[str, str]]) -> ImportResult:
        result = cls(failed=list(refused))
        if report is None:
            return result
        for outcome in report.outcomes:
            result.stored.append((_shown(outcome.path, names), outcome.status, outcome.work_id, outcome.title))
            result.near += [(outcome.title, d.work_id, d.title, d.similarity) for d in outcome.near_duplicates]
        result.failed += [(_shown(path, names), _unpath(reason, names)) for path, reason in report.failures]
        return result

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        return cls([tuple(s) for s in data.get("stored", [])], [tuple(f) for f in data.get("failed", [])],
                   [tuple(n) for n in data.get("near", [])])


@dataclass
class Job:
    """One import: the files as the user named them and where they are kept, and how far it has come."""

    id: str
    files: dict[str, str]  # kept path -> the name the file had
    refused: list[tuple[str, str]]  # (file, reason): refused before the import (an empty file)
    status: str = "queued"  # queued, running, done, stopped
    done: int = 0
    current: str = ""
    created: float = 0.0
    server: int = 0  # the server process that took it: a job whose server is gone is "stopped"
    result: dict[str, Any] | None = None
    kind: str = "import"  # or "reanalyze": `work` analysed again (no files)
    work: int | None = None
    title: str = ""  # the work's title, for a re-analysis

    @property
    def total(self) -> int:
        return 1 if self.kind == "reanalyze" else len(self.files)

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED

    def outcome(self) -> ImportResult | None:
        return ImportResult.from_dict(self.result) if self.result is not None else None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "work": self.work, "status": self.status, "done": self.done,
                "total": self.total, "current": self.current, "files": sorted(self.files.values()),
                "result": self.result}


class ImportJobs:
    """The import jobs of the library at `library_path` (None: the default library)."""

    def __init__(self, library_path: Path | None) -> None:
        library = Path(library_path) if library_path is not None else default_path()
        self.folder = library.with_name(library.name.removesuffix(".db") + "-imports")

    def submit(self, uploads: list[tuple[str, bytes]]) -> Job:
        """A queued job for `uploads` ((file name, bytes)): empty files refused at once, the others kept. The
        same files as an import still unfinished give that import (a button pressed twice)."""
        files: dict[str, str] = {}
        refused: list[tuple[str, str]] = []
        for filename, data in uploads:
            shown = display_name(filename)
            if not data.strip():
                refused.append((shown, "the file is empty"))
                continue
            digest = hashlib.sha256(data).hexdigest()[:16]
            target = self.folder / "files" / digest / kept_name(filename)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                _write_whole(target, data)
            files[str(target)] = shown
        for job in self.unfinished():
            if files and job.files == files:
                return job
        job = Job(secrets.token_hex(8), files, refused, created=time.time(), server=os.getpid())
        if not files:
            job.status, job.result = "done", asdict(ImportResult(failed=refused))
        self.save(job)
        self._forget_old()
        return job

    def reanalyze(self, work_id: int, title: str) -> Job:
        """A queued job analysing the work `work_id` again; while one is unfinished for that work, that one
        (the button pressed twice)."""
        for job in self.unfinished():
            if job.kind == "reanalyze" and job.work == work_id:
                return job
        job = Job(secrets.token_hex(8), {}, [], created=time.time(), server=os.getpid(), kind="reanalyze",
                  work=work_id, title=title)
        self.save(job)
        self._forget_old()
        return job

    def get(self, job_id: str) -> Job | None:
        """The job `job_id`, or None; an unfinished job whose server process is gone says "stopped"."""
        if not re.fullmatch(r"[0-9a-f]{16}", job_id):
            return None
        try:
            data = json.loads((self.folder / "jobs" / f"{job_id}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        job = Job(**{**data, "refused": [tuple(r) for r in data.get("refused", [])]})
        if not job.finished and not _alive(job.server):
            job.status = "stopped"
        return job

    def unfinished(self) -> list[Job]:
        """The jobs queued or running, oldest first."""
        jobs = [self.get(path.stem) for path in (self.folder / "jobs").glob("*.json")]
        return sorted((j for j in jobs if j is not None and not j.finished), key=lambda j: j.created)

    def ahead(self, job: Job) -> int:
        """How many imports run or wait before `job`."""
        return sum(other.created < job.created for other in self.unfinished()) if not job.finished else 0

    def save(self, job: Job) -> None:
        (self.folder / "jobs").mkdir(parents=True, exist_ok=True)
        _write_whole(self.folder / "jobs" / f"{job.id}.json", json.dumps(asdict(job)).encode("utf-8"))

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the library's import lock: one import at a time, whichever server process runs it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "import.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _forget_old(self) -> None:
        paths = sorted((self.folder / "jobs").glob("*.json"), key=lambda p: p.stat().st_mtime)
        for path in paths[:-KEPT_JOBS]:
            job = self.get(path.stem)
            if job is None or job.finished:
                path.unlink(missing_ok=True)


def run_job(library_path: str | None, job_id: str) -> None:
    """What the import process runs for a job: wait for the library's turn, then import its files,
    saying after each how far it has come, and keep only the files that became works; or, for a
    re-analysis, analyse its work again."""
    jobs = ImportJobs(Path(library_path) if library_path is not None else None)
    job = jobs.get(job_id)
    if job is None or job.finished:
        return
    with jobs.turn():
        job.status = "running"
        jobs.save(job)

        def progress(done: int, total: int, path: str) -> None:
            job.done, job.current = done, _shown(path, job.files)
            jobs.save(job)

        try:
            with Library(Path(library_path) if library_path is not None else None) as library:
                if job.kind == "reanalyze":
                    report = library.reanalyze([job.work], force=True, progress=progress)
                    result = ImportResult([(o.path, o.status, o.work_id, o.title) for o in report.outcomes],
                                          [(job.title, reason) for _, reason in report.failures])
                else:
                    report = library.add(list(job.files), jobs=1, progress=progress)
                    result = ImportResult.of(report, job.files, job.refused)
                    _drop_unused(job, report, library)
        except LibraryError as error:  # a library that cannot be written, a work removed meanwhile
            names = list(job.files.values()) if job.kind == "import" else [job.title]
            result = ImportResult(failed=job.refused + [(name, str(error)) for name in names])
        job.status, job.result, job.current = "done", asdict(result), ""
        jobs.save(job)


def _drop_unused(job: Job, report: Any, library: Library) -> None:
    """Remove the kept files no work is stored from: a failure, or a file whose work was there already
    (from another file)."""
    used = set()
    for outcome in report.outcomes:
        if outcome.status == "unchanged":
            stored = library.work(outcome.work_id)
            if stored is None or stored.source_path != outcome.path:
                continue
        used.add(_kept(outcome.path, job.files))
    for path in job.files:
        if path not in used:
            Path(path).unlink(missing_ok=True)
            try:
                Path(path).parent.rmdir()
            except OSError:  # another kept file with the same bytes
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_whole(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def _kept(path: str, files: dict[str, str]) -> str:
    """The kept file `path` is, or is part of (a zip's member), else `path`."""
    for kept in files:
        if path == kept or path.startswith(kept + "/") or path.startswith(kept + ":"):
            return kept
    return path


def _shown(path: str, names: dict[str, str]) -> str:
    kept = _kept(path, names)
    return names[kept] + path[len(kept):] if kept in names else Path(path).name


def _unpath(reason: str, names: dict[str, str]) -> str:
    """A failure reason with the kept paths replaced by the uploaded names."""
    for kept, shown in names.items():
        reason = reason.replace(kept, shown)
    return reason


def safe_suffix(filename: str | None) -> str:
    """The file's suffix when it is one ficlens reads (lower case), else none: the name is never a path."""
    suffix = Path((filename or "").replace("\\", "/")).suffix.lower()
    return suffix if suffix in SAFE_SUFFIXES else ""


def display_name(filename: str | None) -> str:
    """The last part of an uploaded file's name, for showing only."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[:120] or "unnamed file"


def kept_name(filename: str | None) -> str:
    """The name an upload is kept under: its own name's stem (what a work with no title of its own is
    titled by) with a suffix ficlens reads, never a path, never hidden."""
    shown = display_name(filename)
    stem = Path(shown).stem if safe_suffix(shown) else shown
    stem = re.sub(r"[/\\:]", "_", stem).lstrip(".").strip()[:100] or "upload"
    return stem + safe_suffix(shown)

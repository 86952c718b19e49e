"""`ficlens add/search/similar/export`, and imports that are killed or run side by side."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from library_data import story_text

from ficlens.cli import main


def test_search_similar_export_commands(seeded, tmp_path):
    path, ids = seeded
    runner = CliRunner()
    result = runner.invoke(main, ["search", "rain", "--library", str(path)])
    assert result.exit_code == 0 and "2 works" in result.output and "Broken Pieces" in result.output
    result = runner.invoke(main, ["search", "--fandom", "Harry Potter - J. K. Rowling", "--pov", "third",
                                  "--words", "5000-", "--json", "--library", str(path)])
    data = json.loads(result.output)
    assert data["total"] == 1 and data["hits"][0]["work_id"] == ids["004"]
    assert dict(map(tuple, data["facets"]["category"])) == {"F/M": 1}
    result = runner.invoke(main, ["search", "--words", "lots", "--library", str(path)])
    assert result.exit_code == 2 and "MIN-MAX" in result.output
    result = runner.invoke(main, ["similar", "broken pieces", "--library", str(path)])
    assert result.exit_code == 0 and "000_ceecfa5f01676a87" in result.output and "Draco Malfoy" in result.output
    result = runner.invoke(main, ["similar", str(ids["000"]), "--library", str(path)])
    assert "Broken Pieces" in result.output
    result = runner.invoke(main, ["similar", "no such story", "--library", str(path)])
    assert result.exit_code == 2 and "no such work" in result.output
    result = runner.invoke(main, ["export", "--format", "jsonl", "-o", str(tmp_path / "x"), "--library", str(path)])
    assert result.exit_code == 0 and (tmp_path / "x" / "quotes.jsonl").stat().st_size > 0
    result = runner.invoke(main, ["search", "x", "--library", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no library here" in result.output and not (tmp_path / "none.db").exists()


def _stories(folder: Path, count: int, words: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"story{i:02}.txt").write_text(f"Story {i}\n\n" + story_text(100 + i, words), "utf-8")
    return folder


def _add(folder: Path, library: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ficlens", "add", str(folder), "--library", str(library), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _check(library: Path) -> int:
    """The library is consistent: SQLite and FTS5 integrity, every work with its text and rows; its size."""
    db = sqlite3.connect(library)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO works_fts(works_fts) VALUES ('integrity-check')")
    works = db.execute("SELECT count(*) FROM works").fetchone()[0]
    assert db.execute("SELECT count(*) FROM works_fts").fetchone()[0] == works
    assert db.execute("SELECT count(*) FROM works WHERE id NOT IN (SELECT work_id FROM scenes)"
                      " OR embedding IS NULL OR minhash IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT count(DISTINCT sha256) FROM works").fetchone()[0] == works
    db.close()
    return works


def test_sigkill_mid_import_then_rerun(tmp_path):
    folder = _stories(tmp_path / "in", 6, 300)
    library = tmp_path / "l.db"
    process = _add(folder, library, "--jobs", "1")
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if library.exists():
            try:
                db = sqlite3.connect(library, timeout=5)
                stored = db.execute("SELECT count(*) FROM works").fetchone()[0]
                db.close()
            except sqlite3.OperationalError:  # the schema is not there yet
                stored = 0
            if stored >= 1:
                os.kill(process.pid, signal.SIGKILL)
                break
        time.sleep(0.05)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    assert 1 <= _check(library) < 6
    rerun = _add(folder, library, "--jobs", "1")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert _check(library) == 6
    assert "already in the library" in out


def test_two_imports_at_once(tmp_path):
    folder = _stories(tmp_path / "in", 4, 200)
    library = tmp_path / "l.db"
    first, second = _add(folder, library, "--jobs", "1"), _add(folder, library, "--jobs", "1")
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert _check(library) == 4


def test_bad_files_are_named_and_the_rest_imported(tmp_path):
    folder = _stories(tmp_path / "in", 1, 200)
    (folder / "empty.txt").write_text("   \n", "utf-8")
    process = _add(folder, tmp_path / "l.db", "--jobs", "1")
    out, err = process.communicate(timeout=300)
    assert process.returncode == 2
    assert f"ficlens: {folder / 'empty.txt'}: file holds only whitespace" in err.splitlines()
    assert "Traceback" not in err
    assert "1 added" in out
    assert _check(tmp_path / "l.db") == 1


def test_import_corpus_creates_a_missing_library_as_add_does_and_says_so(tmp_path):
    """The rule: a library path that does not exist is refused by every command but those that put works in
    (add, library import-corpus), which create it and say so in one line."""
    runner = CliRunner()
    library = tmp_path / "new" / "library.db"
    library.parent.mkdir()
    run = tmp_path / "run"
    (run / "works").mkdir(parents=True)  # a corpus run that committed no work yet
    result = runner.invoke(main, ["library", "import-corpus", str(run), "--library", str(library)])
    assert result.exit_code == 0, result.output
    assert result.output.count(f"creating a new library at {library}") == 1
    assert "nothing imported, 0 failed" in result.output and library.exists()
    again = runner.invoke(main, ["library", "import-corpus", str(run), "--library", str(library)])
    assert again.exit_code == 0 and "creating" not in again.output


def test_import_corpus_of_no_corpus_output_leaves_no_library_behind(tmp_path):
    library = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["library", "import-corpus", str(tmp_path / "no-run"), "--library", str(library)])
    assert result.exit_code == 2
    assert result.output.strip() == f"ficlens: {tmp_path / 'no-run'}: not a corpus output (no works folder)"
    assert not library.exists()
    search = CliRunner().invoke(main, ["search", "rain", "--library", str(library)])
    assert search.exit_code == 2 and "no library here" in search.output and not library.exists()


def test_import_corpus_of_a_damaged_or_foreign_run_is_one_line_and_leaves_no_library_behind(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    library = tmp_path / "library.db"
    damaged = tmp_path / "damaged" / "works" / "part-0a.parquet"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"PAR1 cut off by a full disk")
    foreign = tmp_path / "foreign" / "works" / "part-0b.parquet"
    foreign.parent.mkdir(parents=True)
    pq.write_table(pa.table({"title": ["Emma"], "words": [160_000]}), foreign)
    for run, reason in ((damaged, "cannot read as a corpus run's table ("),
                        (foreign, "not a corpus run's works table (no work_id, content_hash, source_path column)")):
        result = CliRunner().invoke(main, ["library", "import-corpus", str(run.parents[1]), "--library", str(library)])
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"ficlens: {run}: {reason}") and result.output.count("\n") == 1
        assert "Traceback" not in result.output and not library.exists()


def test_export_to_where_it_cannot_write_is_one_line_naming_the_folder(seeded, tmp_path, monkeypatch):
    from ficlens.outputs import atomic

    path, _ = seeded
    runner = CliRunner()
    (tmp_path / "a-file").write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["export", "--format", "csv", "-o", str(tmp_path / "a-file"), "--library", str(path)])
    assert (result.exit_code, result.output) == (2, f"ficlens: {tmp_path / 'a-file'}: is a file, not a folder\n")

    def read_only(*args, **kwargs):  # a folder the user may not write in (the tests may run as root)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkdtemp", read_only)
    result = runner.invoke(main, ["export", "--format", "csv", "-o", str(tmp_path / "out"), "--library", str(path)])
    assert (result.exit_code, result.output) == (2, f"ficlens: {tmp_path / 'out'}: cannot write (Permission denied)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]

"""Atomic writes: all or nothing, with the permissions a plain write would give."""

from __future__ import annotations

import os
import stat

import pytest

from ficlens.outputs.atomic import write_atomic


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umask_permissions_not_the_temp_files(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.json", "{}")
    finally:
        os.umask(old)
    assert mode(tmp_path / "report.json") == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert path.read_text() == "new" and mode(path) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(path, 42)  # type: ignore[arg-type]
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]

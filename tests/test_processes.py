"""Worker processes end with the process that made them, even one killed with `kill -9`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

WAIT = 60.0  # seconds a condition is polled for before the test gives up


def children_of(pid: int) -> set[int]:
    """Pids of the live processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def until(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"still waiting, after {WAIT:g} s, for {what}")


pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def test_a_pool_worker_ends_when_its_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import os, time
        from concurrent.futures import ProcessPoolExecutor
        from ficlens.processes import die_with_parent
        pool = ProcessPoolExecutor(1, initializer=die_with_parent, initargs=(os.getpid(),))
        pool.submit(time.sleep, 600)
        time.sleep(600)
    """)])
    try:
        (worker,) = until(lambda: children_of(parent.pid), "the pool's worker to start")
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    until(lambda: not alive(worker), f"worker {worker} to end once its parent was killed")


def test_killing_ficlens_add_ends_its_workers(tmp_path, seed_004):
    story = seed_004.read_text(encoding="utf-8")
    files = []
    for n in range(4):  # four different works, so that each is analysed
        path = tmp_path / f"story{n}.txt"
        path.write_text(f"Version {n}\n\n{story}", encoding="utf-8")
        files.append(str(path))
    ficlens = Path(sys.executable).with_name("ficlens")
    add = subprocess.Popen([str(ficlens), "add", *files, "--library", str(tmp_path / "lib.db"), "-j", "2"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        workers = until(lambda: len(children_of(add.pid)) >= 2 and children_of(add.pid), "two import workers")
    finally:
        add.send_signal(signal.SIGKILL)
        add.wait()
    until(lambda: not any(alive(w) for w in workers), f"workers {sorted(workers)} to end with `ficlens add`")

"""`ficlens serve`: loopback by default, a flag to bind elsewhere, the port bound before the address is
printed, a taken port or a library that is not there refused in one line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import httpx
import pytest
from click.testing import CliRunner

from ficlens.cli import main
from ficlens.library import Library
from ficlens.web import app as web_app
from ficlens.web.app import is_loopback


@pytest.fixture
def library(tmp_path):
    """An empty library that exists (serve no longer makes one)."""
    path = tmp_path / "library.db"
    Library(path).close()
    return path


@pytest.fixture
def runs(monkeypatch) -> list:
    """What `serve` hands to Uvicorn (the config and the bound socket), Uvicorn itself not started."""
    calls = []

    def run(config, listener):
        calls.append((config, listener.getsockname()))
        listener.close()

    monkeypatch.setattr(web_app, "run_uvicorn", run)
    for name in ("FICLENS_SERVE_LIBRARY", "FICLENS_SERVE_HOST", "FICLENS_SERVE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return calls


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_binds_loopback_and_says_the_address_it_bound(library, runs, monkeypatch):
    monkeypatch.setattr(web_app, "default_workers", lambda: 1)  # one process: uvicorn is given the app itself
    port = _free_port()
    result = CliRunner().invoke(main, ["serve", "--library", str(library), "--port", str(port)])
    assert result.exit_code == 0, result.output
    (config, bound), = runs
    assert bound == ("127.0.0.1", port) and config.host == "127.0.0.1" and not isinstance(config.app, str)
    assert f"serving {library} at http://127.0.0.1:{port}/" in result.output


def test_port_zero_prints_the_port_the_system_gave(library, runs, monkeypatch):
    monkeypatch.setattr(web_app, "default_workers", lambda: 1)
    result = CliRunner().invoke(main, ["serve", "--library", str(library), "--port", "0"])
    (_, (_, port)), = runs
    assert port > 0 and f"at http://127.0.0.1:{port}/" in result.output


def test_a_taken_port_is_one_line_and_exit_2_and_no_address_is_printed(library, runs):
    with socket.socket() as other:  # someone else's server on the port
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--library", str(library), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output == f"ficlens: 127.0.0.1:{port}: the port is taken (choose another with --port)\n"
    assert not runs


def test_a_library_that_is_not_there_is_refused_and_not_made(tmp_path, runs):
    typo = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["serve", "--library", str(typo)])
    assert result.exit_code == 2
    assert result.output == f"ficlens: {typo}: no library here (ficlens add creates one)\n"
    assert not typo.exists() and not runs


@pytest.mark.parametrize("command", [["search", "love"], ["similar", "1"], ["export", "--format", "csv", "-o", "out"]])
def test_every_other_command_refuses_a_library_that_is_not_there(tmp_path, command):
    typo = tmp_path / "typo.db"
    result = CliRunner().invoke(main, [*command, "--library", str(typo)])
    assert result.exit_code == 2 and "no library here (ficlens add creates one)" in result.output
    assert not typo.exists()


def test_add_says_that_it_creates_a_library(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Work Text:\n\n“Are you coming?” Anna asked.\n\n“In a minute,” said Ben.\n")
    path = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["add", str(story), "--library", str(path)])
    assert f"creating a new library at {path}" in result.output and path.exists()
    again = CliRunner().invoke(main, ["add", str(story), "--library", str(path)])
    assert "creating" not in again.output


def test_serve_runs_one_process_per_core_unless_told(library, runs, monkeypatch):
    assert 1 <= web_app.default_workers() <= (os.cpu_count() or 1)
    monkeypatch.setattr(web_app, "default_workers", lambda: 3)
    assert CliRunner().invoke(main, ["serve", "--library", str(library), "--port", "0"]).exit_code == 0
    assert CliRunner().invoke(main, ["serve", "--library", str(library), "--port", "0",
                                     "--workers", "1"]).exit_code == 0
    (three, _), (one, _) = runs
    assert three.workers == 3 and three.app == "ficlens.web.app:app_from_environment"
    assert one.workers == 1 and not isinstance(one.app, str)  # the app made by the command, in this process


def test_binding_elsewhere_warns(library, runs, monkeypatch):
    monkeypatch.setattr(web_app, "default_workers", lambda: 1)
    result = CliRunner().invoke(main, ["serve", "--library", str(library), "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 0 and runs[0][0].host == "0.0.0.0"
    assert "anyone who can reach this computer" in result.output


def test_a_file_that_is_not_a_library_is_one_line(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not sqlite at all, just some words " * 100)
    result = CliRunner().invoke(main, ["serve", "--library", str(bad)])
    assert result.exit_code == 2
    assert "not a ficlens library" in result.output and "Traceback" not in result.output


def test_loopback_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


def test_workers_run_uvicorn_processes_that_each_make_the_app(library, runs):
    from fastapi.testclient import TestClient

    from ficlens.web.app import app_from_environment

    result = CliRunner().invoke(main, ["serve", "--library", str(library), "--workers", "2", "--port", "0"])
    assert result.exit_code == 0, result.output
    (config, _), = runs
    assert config.workers == 2 and config.factory is True and config.host == "127.0.0.1"
    assert config.app == "ficlens.web.app:app_from_environment"
    assert os.environ["FICLENS_SERVE_LIBRARY"] == str(library)  # undone by the fixture's monkeypatch
    with TestClient(app_from_environment(), base_url="http://127.0.0.1") as client:  # what each worker process makes
        assert client.get("/api/dashboard").json()["works"] == 0


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_printed_address_answers_at_once_and_sigterm_stops_the_server(library, workers):
    """A real `ficlens serve`: the moment it prints the address, the port is its own (a connection made
    then waits for the server rather than being refused, or reaching another program)."""
    server = subprocess.Popen([sys.executable, "-m", "ficlens", "serve", "--library", str(library), "--port", "0",
                               "--workers", workers], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        assert "serving" in line, line
        url = line.split(" at ", 1)[1].split()[0]
        assert httpx.get(f"{url}healthz", timeout=60).json() == {"ok": True}
        server.send_signal(signal.SIGTERM)
        # it ends cleanly (the workers' supervisor) or by the signal itself (one process: uvicorn
        # raises it again once its graceful shutdown is done), never by an error; the timeout
        # only ends a hung test
        assert server.wait(timeout=60) in (0, -signal.SIGTERM)
        with pytest.raises(httpx.ConnectError):  # and the port is let go
            httpx.get(f"{url}healthz", timeout=10)
    finally:
        if server.poll() is None:
            server.kill()

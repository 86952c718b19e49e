"""`ficlens serve`: loopback by default, a flag to bind elsewhere, a bad library in one line."""

from __future__ import annotations

import os

import uvicorn
from click.testing import CliRunner

from ficlens.cli import main
from ficlens.web import app as web_app
from ficlens.web.app import is_loopback


def test_serve_starts_uvicorn_on_loopback(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(web_app, "default_workers", lambda: 1)  # one process: uvicorn is given the app itself
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    result = CliRunner().invoke(main, ["serve", "--library", str(tmp_path / "library.db")])
    assert result.exit_code == 0, result.output
    (app, options), = calls
    assert options["host"] == "127.0.0.1" and options["port"] == 8000
    assert "serving" in result.output and "http://127.0.0.1:8000/" in result.output
    assert (tmp_path / "library.db").exists()


def test_serve_runs_one_process_per_core_unless_told(tmp_path, monkeypatch):
    assert 1 <= web_app.default_workers() <= (os.cpu_count() or 1)
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    monkeypatch.setattr(web_app, "default_workers", lambda: 3)
    monkeypatch.delenv("FICLENS_SERVE_LIBRARY", raising=False)
    path = tmp_path / "library.db"
    assert CliRunner().invoke(main, ["serve", "--library", str(path)]).exit_code == 0
    assert CliRunner().invoke(main, ["serve", "--library", str(path), "--workers", "1"]).exit_code == 0
    (first, three), (second, one) = calls
    assert three["workers"] == 3 and first == "ficlens.web.app:app_from_environment"
    assert "workers" not in one and not isinstance(second, str)  # the app made by the command, in this process


def test_binding_elsewhere_warns(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(web_app, "default_workers", lambda: 1)
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    result = CliRunner().invoke(main, ["serve", "--library", str(tmp_path / "l.db"), "--host", "0.0.0.0",
                                       "--port", "9000"])
    assert result.exit_code == 0 and calls[0]["host"] == "0.0.0.0" and calls[0]["port"] == 9000
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


def test_workers_run_uvicorn_processes_that_each_make_the_app(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from ficlens.web.app import app_from_environment

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    monkeypatch.delenv("FICLENS_SERVE_LIBRARY", raising=False)
    path = tmp_path / "library.db"
    result = CliRunner().invoke(main, ["serve", "--library", str(path), "--workers", "2"])
    assert result.exit_code == 0, result.output
    (target, options), = calls
    assert options["workers"] == 2 and options["factory"] is True and options["host"] == "127.0.0.1"
    assert target == "ficlens.web.app:app_from_environment"
    assert os.environ["FICLENS_SERVE_LIBRARY"] == str(path)  # undone by monkeypatch after the test
    with TestClient(app_from_environment(), base_url="http://127.0.0.1") as client:  # what each worker process makes
        assert client.get("/api/dashboard").json()["works"] == 0

"""A live server for the browser tests and the load bench: Uvicorn on a free loopback port, in a thread."""

from __future__ import annotations

import re
import socket
import threading
import time

LOCAL = "http://127.0.0.1"
"""The base URL of a TestClient: the app answers only to its own addresses (TestClient's own is "testserver")."""


def form_token(client) -> str:
    """The session token the import form carries, as a browser would post it back."""
    return re.search(r'<input type="hidden" name="token" value="([^"]+)">', client.get("/import").text).group(1)


class LiveServer:
    """Uvicorn serving an app on a free loopback port, in a background thread."""

    def __init__(self, app) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def slow_import(library_path: str | None, job_id: str) -> object:
    """An import process's work for the shutdown test: an import of a file holding "SLOW" never ends (it
    writes its process id next to the library, then waits); any other is imported as usual."""
    import os
    from pathlib import Path

    from ficlens.web import app as web_app
    from ficlens.web.imports import ImportJobs

    job = ImportJobs(Path(library_path)).get(job_id)
    if any("SLOW" in Path(p).read_text(errors="replace") for p in job.files):
        Path(library_path).with_name("slow-import.pid").write_text(str(os.getpid()))
        time.sleep(600)
    return web_app.import_in_process(library_path, job_id)


def imported(client, files, token: str, seconds: float = 120):
    """Post `files` to the import page as its form does and follow the import to its end: the last answer
    (the progress page once the import has finished)."""
    response = client.post("/import", files=files, data={"token": token}, follow_redirects=False)
    if response.status_code != 303:
        return response
    page = response.headers["location"]
    deadline = time.monotonic() + seconds
    while True:
        answer = client.get(page)
        if 'data-status="queued"' not in answer.text and 'data-status="running"' not in answer.text:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"the import at {page} did not finish within {seconds} s")
        time.sleep(0.2)


def finished(client, page: str, seconds: float = 180) -> dict:
    """Follow a job's progress page (`/import/jobs/<id>`, read as JSON) to its end: the job's last state."""
    deadline = time.monotonic() + seconds
    while True:
        job = client.get("/api" + page.replace("/import/jobs/", "/imports/")).json()
        if job["status"] not in ("queued", "running"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)

"""The server against hostile pages and runaway requests (issue 21, items 1 to 4): it answers only to its
own names, takes a change only with its pages' token, refuses searches larger than a page can hold, imports
in processes of their own that neither block it nor outlive it, and says 404 for any id out of range."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from web_server import LOCAL, form_token

from ficlens.web import app as web_app
from ficlens.web import create_app

STORY = ("Work Text:\n\n“Are you coming?” Anna asked.\n\n“In a minute,” said Ben. He put down the cup and "
         "looked out at the rain over the harbour, where the boats rocked on their ropes.\n\n"
         "Anna waited by the door. “You always say that.”\n\n“And I always come,” Ben said, smiling.\n")


@pytest.fixture
def empty(tmp_path) -> TestClient:
    with TestClient(create_app(tmp_path / "library.db"), base_url=LOCAL) as client:
        yield client


# --- 1. DNS rebinding: the Host header and the session token ------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8765", "localhost", "LocalHost:8000", "[::1]",
                                  "[::1]:8765"])
def test_the_servers_own_names_are_answered(client, host):
    assert client.get("/api/search", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", "localhost.evil",
                                  "192.168.1.4:8765", ""])
def test_any_other_host_is_refused_with_400(client, host):
    response = client.get("/api/search", headers={"host": host})
    assert response.status_code == 400
    assert "answers only to its own address" in response.text
    assert "Draco" not in response.text


def test_a_rebound_page_cannot_import_even_from_its_own_origin(empty):
    token = form_token(empty)
    files = [("files", ("story.txt", STORY.encode(), "text/plain"))]
    response = empty.post("/import", files=files, data={"token": token},
                          headers={"host": "evil.example:8765", "origin": "http://evil.example:8765"})
    assert response.status_code == 400
    assert empty.get("/api/dashboard").json()["works"] == 0


def test_the_bind_address_given_to_serve_is_answered_too(tmp_path, monkeypatch):
    monkeypatch.setattr(web_app, "run_uvicorn", lambda config, listener: listener.close())
    app = create_app(tmp_path / "library.db")
    web_app.serve(app, "192.168.1.4", 9000, workers=1, listener=web_app.bind("127.0.0.1", 0))
    with TestClient(app, base_url=LOCAL) as client:
        assert client.get("/healthz", headers={"host": "192.168.1.4:9000"}).status_code == 200
        assert client.get("/healthz", headers={"host": "192.168.1.5:9000"}).status_code == 400
        assert client.get("/healthz", headers={"host": "evil.example:9000"}).status_code == 400


def test_bound_to_every_address_any_address_but_no_other_name_is_answered(tmp_path):
    with TestClient(create_app(tmp_path / "library.db", hosts=["0.0.0.0"]), base_url=LOCAL) as client:
        assert client.get("/healthz", headers={"host": "192.168.1.4:8000"}).status_code == 200
        assert client.get("/healthz", headers={"host": "[fe80::1]:8000"}).status_code == 200
        assert client.get("/healthz", headers={"host": "evil.example:8000"}).status_code == 400


def test_an_import_without_the_pages_token_is_refused(empty):
    files = [("files", ("story.txt", STORY.encode(), "text/plain"))]
    missing = empty.post("/import", files=files)
    wrong = empty.post("/import", files=files, data={"token": "guessed"})
    assert missing.status_code == wrong.status_code == 403
    assert "reload the page" in missing.text
    assert empty.get("/api/dashboard").json()["works"] == 0


def test_the_token_is_in_every_page_and_the_import_form(empty, tmp_path):
    token = empty.app.state.token
    assert len(token) >= 32
    assert form_token(empty) == token
    for url in ("/", "/dashboard", "/import"):
        assert f'<meta name="ficlens-token" content="{token}">' in empty.get(url).text, url
    with TestClient(create_app(tmp_path / "other.db"), base_url=LOCAL) as other:
        assert other.app.state.token != token, "each server makes its own"


def test_every_other_state_changing_request_needs_the_token_header(empty):
    token = empty.app.state.token
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert empty.request(method, "/api/search", json={}).status_code == 403, method
        assert empty.request(method, "/works/1").status_code == 403, method
        # with the token it reaches the app, which has no such route
        assert empty.request(method, "/api/search", headers={"x-ficlens-token": token}).status_code == 405, method
    # a form posted elsewhere than the import page is not let through on its field
    assert empty.post("/api/search", data={"token": token}).status_code == 403


def test_the_token_header_is_enough_for_an_import(empty):
    files = [("files", ("story.txt", b"   ", "text/plain"))]
    response = empty.post("/import", files=files, headers={"x-ficlens-token": empty.app.state.token})
    # past both checks: the import page's own answer about the empty file
    assert response.status_code == 422 and "<b>story.txt</b>: the file is empty" in response.text


def test_worker_processes_share_the_token_and_the_bind_address(tmp_path, monkeypatch):
    monkeypatch.setattr(web_app, "run_uvicorn", lambda config, listener: listener.close())
    for name in ("FICLENS_SERVE_LIBRARY", "FICLENS_SERVE_HOST", "FICLENS_SERVE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    app = create_app(tmp_path / "library.db")
    web_app.serve(app, "192.168.1.4", 9000, workers=2, library_path=tmp_path / "library.db",
                  listener=web_app.bind("127.0.0.1", 0))
    worker = web_app.app_from_environment()
    assert worker.state.token == app.state.token
    with TestClient(worker, base_url=LOCAL) as client:
        assert client.get("/healthz", headers={"host": "192.168.1.4:9000"}).status_code == 200
        assert client.get("/healthz", headers={"host": "evil.example"}).status_code == 400


# --- 2. caps on every search -----------------------------------------------------------------------

SEARCHES = ("/", "/dashboard", "/api/search", "/api/dashboard")


@pytest.mark.parametrize("path", SEARCHES)
def test_four_thousand_filter_values_are_refused_with_a_clear_400(client, path):
    params = [("fandom", f"v{i}") for i in range(4000)]  # a 50 KB URL
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert "too long" in response.text or "Too many filters" in response.text
    assert len(response.content) < 20_000  # a message, not the selection spelt out again


@pytest.mark.parametrize("path", SEARCHES)
def test_more_values_than_the_cap_are_refused_and_the_cap_itself_answered(client, path):
    cap = web_app.MAX_FILTER_VALUES
    # spread over two facets: the cap is on all facets together
    at_cap = [("fandom", f"f{i}") for i in range(cap // 2)] + [("tag", f"t{i}") for i in range(cap - cap // 2)]
    assert client.get(path, params=at_cap).status_code == 200
    over = client.get(path, params=[*at_cap, ("character", "one more")])
    assert over.status_code == 400
    assert f"at most {cap} values can be selected at once, and this search selects {cap + 1}" in over.text


def test_the_same_value_twice_counts_once(client):
    cap = web_app.MAX_FILTER_VALUES
    response = client.get("/api/search", params=[("fandom", "same")] * (cap + 5))
    assert response.status_code == 200 and response.json()["total"] == 0


@pytest.mark.parametrize("path", SEARCHES)
def test_a_query_string_over_the_limit_is_refused(client, path):
    response = client.get(path, params={"q": "x" * (web_app.MAX_QUERY_BYTES + 1)})
    assert response.status_code == 400 and "too long" in response.text


def test_the_page_size_is_capped(client):
    assert client.get("/api/search", params={"per_page": "100000"}).json()["per_page"] == web_app.MAX_PER_PAGE


def test_a_page_at_the_cap_holds_each_selected_value_a_bounded_number_of_times(client):
    """Each selected value shows as a chip whose link removes it: 30 links spelling the 29 others. The
    page grows with the square of the selection, which the cap bounds."""
    values = [f"value number {i:02d}" for i in range(web_app.MAX_FILTER_VALUES)]
    html = client.get("/", params=[("tag", v) for v in values]).text
    spelt = html.count("value+number+")
    n = len(values)
    assert spelt >= n * (n - 1)  # the chips' links, each the selection less its own value
    assert spelt <= 3 * n * n  # and no more than a few spellings of the selection a value
    assert len(html) < 1_000_000


# --- 3. imports neither block the server nor outlive it -----------------------------------------

SERVER = """
import sys
sys.path.insert(0, {tests!r})
import web_server
from ficlens.web import app as web_app
web_app.import_in_process = web_server.slow_import
web_app.serve(web_app.create_app({library!r}), "127.0.0.1", {port}, workers=1)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.2)


@contextmanager
def slow_import_running(tmp_path):
    """A real server whose first import never ends: yields the server, its URL, the import process's
    pid and a function that posts a story; kills whatever is left at the end."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    marker = tmp_path / "slow-import.pid"
    script = SERVER.format(tests=str(Path(__file__).parent), library=str(tmp_path / "library.db"), port=port)
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    worker = None
    try:
        def up() -> bool:
            try:
                return httpx.get(f"{url}/healthz").status_code == 200
            except httpx.HTTPError:
                return server.poll() is not None
        _wait_for(up, 60, "the server starting")
        assert server.poll() is None, server.stderr.read().decode()
        with httpx.Client(base_url=url, timeout=300) as client:
            token = form_token(client)

        def post(text: str) -> httpx.Response | None:
            try:
                return httpx.post(f"{url}/import", data={"token": token}, timeout=300, follow_redirects=True,
                                  files=[("files", ("story.txt", text.encode(), "text/plain"))])
            except httpx.HTTPError:  # the server stopping with the import unanswered
                return None

        threading.Thread(target=post, args=("SLOW " + STORY,), daemon=True).start()
        _wait_for(marker.exists, 60, "the slow import starting")
        worker = int(marker.read_text())
        yield server, url, worker, post
    finally:
        if server.poll() is None:
            server.kill()
        if worker is not None and _alive(worker):
            os.kill(worker, signal.SIGKILL)


def test_a_running_import_blocks_no_page_queues_the_next_and_sigterm_stops_it(tmp_path):
    with slow_import_running(tmp_path) as (server, url, worker, post):
        # while it runs: pages are answered, and another import is taken at once and waits its turn
        assert httpx.get(f"{url}/", timeout=60).status_code == 200
        other = post(STORY)
        assert other is not None and other.status_code == 200, other and other.text
        assert 'data-status="queued"' in other.text and "1 import runs before this one" in other.text
        assert httpx.get(f"{url}/api/dashboard", timeout=60).json()["works"] == 0
        assert _alive(worker), "the slow import is still running"

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        _wait_for(lambda: not _alive(worker), 30, "the import process stopping with the server")


def test_an_import_process_ends_when_the_server_is_killed(tmp_path):
    with slow_import_running(tmp_path) as (server, url, worker, post):
        server.send_signal(signal.SIGKILL)  # no shutdown can run: the import process must see it alone
        server.wait(timeout=60)
        _wait_for(lambda: not _alive(worker), 30, "the import process ending with its killed server")


# --- 4. ids out of range ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/works/{}", "/works/{}/report", "/api/works/{}"])
@pytest.mark.parametrize("work_id", ["99999999999999999999", str(2**63), str(2**63 - 1), "-1"])
def test_an_id_no_work_can_have_is_a_404(client, path, work_id):
    response = client.get(path.format(work_id))
    assert response.status_code == 404
    assert "There is no work" in response.text and "went wrong" not in response.text

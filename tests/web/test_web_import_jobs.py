"""Imports from the page as background jobs: one at a time per library, the others queued, their progress
as a page and as JSON, the same files twice one import, an import its server never finished "stopped"."""

from __future__ import annotations

import subprocess
import time

import pytest
from fastapi.testclient import TestClient
from web_server import LOCAL, finished, form_token, imported

from ficlens.library import Library
from ficlens.web import create_app
from ficlens.web.imports import ImportJobs, run_job

STORY = ("Work Text:\n\n“Are you coming?” Anna asked.\n\n“In a minute,” said Ben. He put down the cup and "
         "looked out at the rain over the harbour, where the boats rocked on their ropes.\n\n"
         "Anna waited by the door. “You always say that.”\n\n“And I always come,” Ben said, smiling.\n")


@pytest.fixture(scope="module")
def library_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("jobs") / "library.db"
    Library(path).close()
    return path


@pytest.fixture(scope="module")
def client(library_path):
    with TestClient(create_app(library_path), base_url=LOCAL) as test_client:
        yield test_client


def post(client, name: str, text: str) -> str:
    """Send one file as the import form does; the progress page it is sent to."""
    response = client.post("/import", files=[("files", (name, text.encode(), "text/plain"))],
                           data={"token": form_token(client)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_a_second_import_waits_for_the_first_and_both_are_added(client, library_path):
    first = post(client, "harbour.txt", STORY)
    second = post(client, "the_rain.txt", STORY.replace("harbour", "river"))
    # the first takes seconds (a process starting, the language model loading): the second waits its turn
    waiting = client.get(second)
    assert 'data-status="queued"' in waiting.text and "1 import runs before this one" in waiting.text
    assert "the_rain.txt" in waiting.text
    assert client.get("/").status_code == 200, "the library answers meanwhile"
    done = [finished(client, page) for page in (first, second)]
    assert [job["result"]["stored"][0][:2] for job in done] == [["harbour.txt", "added"], ["the_rain.txt", "added"]]
    assert [job["done"] for job in done] == [1, 1] and [job["total"] for job in done] == [1, 1]
    with Library(library_path) as library:
        assert sorted(hit.title for hit in library.search().hits) == ["harbour", "the_rain"]


def test_the_same_files_sent_twice_while_unfinished_are_one_import(client):
    text = STORY.replace("Anna", "Maren")
    assert post(client, "twice.txt", text) == post(client, "twice.txt", text)


def test_the_progress_page_while_running_and_after(client):
    page = post(client, "progress.txt", STORY.replace("Ben", "Tobias"))
    seen = set()
    deadline = time.monotonic() + 180
    while "done" not in seen:
        html = client.get(page).text
        for status in ("queued", "running", "done"):
            if f'data-status="{status}"' in html:
                seen.add(status)
        if 'data-status="running"' in html:
            assert '<progress id="progress" max="1" value="0">' in html
        if 'data-status="queued"' in html or 'data-status="running"' in html:
            assert '<meta http-equiv="refresh" content="2">' in html  # the page follows the import
        assert time.monotonic() < deadline
        time.sleep(0.1)
    done = client.get(page).text
    assert '<span class="status added">added</span>' in done and 'http-equiv="refresh"' not in done


def test_an_import_its_server_never_finished_says_it_was_stopped(client, library_path):
    jobs = ImportJobs(library_path)
    job = jobs.submit([("orphan.txt", b"A story nobody finished importing.")])
    gone = subprocess.Popen(["true"])
    gone.wait()
    job.server = gone.pid  # a server process that has ended
    jobs.save(job)
    html = client.get(f"/import/jobs/{job.id}").text
    assert 'data-status="stopped"' in html and "This import was stopped" in html


@pytest.mark.parametrize("job_id", ["0123456789abcdef", "../../etc/passwd", "x"])
def test_no_such_import_is_a_404(client, job_id):
    assert client.get(f"/import/jobs/{job_id}").status_code == 404
    assert client.get(f"/api/imports/{job_id}").status_code == 404


def test_an_upload_of_empty_files_only_is_answered_at_once(client):
    response = imported(client, [("files", ("blank.txt", b"\n\n", "text/plain"))], form_token(client))
    assert response.status_code == 422 and "<b>blank.txt</b>: the file is empty" in response.text


def test_a_reanalysis_of_a_work_removed_meanwhile_says_so_and_the_same_work_asked_twice_is_one_job(tmp_path):
    library = tmp_path / "library.db"
    Library(library).close()
    jobs = ImportJobs(library)
    job = jobs.reanalyze(7, "Gone Home")
    assert jobs.reanalyze(7, "Gone Home").id == job.id  # still queued: the same job
    assert jobs.reanalyze(8, "Other").id != job.id
    assert (job.kind, job.work, job.total, job.status) == ("reanalyze", 7, 1, "queued")
    run_job(str(library), job.id)  # as the import process runs it: work 7 is not in the library
    done = jobs.get(job.id)
    assert done.status == "done" and done.outcome().stored == []
    assert done.outcome().failed == [("Gone Home", "no work 7 in the library")]
    assert jobs.reanalyze(7, "Gone Home").id != job.id  # finished: asking again is a new job

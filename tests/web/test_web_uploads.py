"""The import page: size limit, names that try to be paths, files that are not stories, cross-site posts."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_server import LOCAL, form_token

from ficlens.library import Library
from ficlens.web import create_app

STORY = ("Work Text:\n\n“Are you coming?” Anna asked.\n\n“In a minute,” said Ben. He put down the cup and "
         "looked out at the rain over the harbour, where the boats rocked on their ropes.\n\n"
         "Anna waited by the door. “You always say that.”\n\n“And I always come,” Ben said, smiling.\n")


@pytest.fixture(scope="module")
def library_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads") / "library.db"


@pytest.fixture(scope="module")
def uploads(library_path) -> TestClient:
    with TestClient(create_app(library_path, max_upload_bytes=64 * 1024), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def token(uploads) -> dict[str, str]:
    """The form field carrying the session token, as the import page gives it."""
    return {"token": form_token(uploads)}


def test_the_form_says_the_limit(uploads):
    html = uploads.get("/import").text
    assert 'enctype="multipart/form-data"' in html and "multiple" in html and "0.1 MB" in html


def test_a_story_is_analysed_and_added_under_its_own_name_never_a_path(uploads, token, library_path, tmp_path,
                                                                     monkeypatch):
    scratch = tmp_path / "scratch" / "deep"
    scratch.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    files = [("files", ("../../evil.txt", STORY.encode(), "text/plain"))]
    response = uploads.post("/import", files=files, data=token)
    assert response.status_code == 200, response.text
    html = response.text
    assert '<span class="status added">added</span>' in html
    assert "from evil.txt" in html and "../" not in html
    assert not list(tmp_path.rglob("evil.txt")) and not (tmp_path / "evil.txt").exists()
    assert not list(scratch.iterdir()), "the upload folder is removed afterwards"
    with Library(library_path) as library:
        assert library.count() == 1
        work_id = library.search().hits[0].work_id
        assert "upload-000.txt" in library.work(work_id).source_path
    again = uploads.post("/import", files=files, data=token).text
    assert '<span class="status unchanged">unchanged</span>' in again


def test_a_binary_file_gets_a_clear_message(uploads, token):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    response = uploads.post("/import", files=[("files", ("holiday.png", png, "image/png"))], data=token)
    assert response.status_code == 422
    assert "<b>holiday.png</b>:" in response.text and "a PNG image, not a story" in response.text
    assert "/tmp" not in response.text and "upload-000" not in response.text
    assert "Traceback" not in response.text


def test_good_and_bad_files_together(uploads, token):
    files = [("files", ("empty.txt", b"  \n", "text/plain")),
             ("files", ("notes.docx", b"PK\x03\x04 not really a zip", "application/octet-stream")),
             ("files", ("story.txt", STORY.encode(), "text/plain"))]
    response = uploads.post("/import", files=files, data=token)
    assert response.status_code == 200
    html = response.text
    assert "<b>empty.txt</b>: the file is empty" in html
    assert "<b>notes.docx</b>:" in html
    assert "from story.txt" in html


def test_too_large_is_refused_with_413_and_a_message(uploads, token):
    big = b"word " * 20_000  # 100 kB against a 64 kB limit
    response = uploads.post("/import", files=[("files", ("big.txt", big, "text/plain"))], data=token)
    assert response.status_code == 413
    assert "The upload is too large: the limit is 0.0625 MB for all files together." in response.text


def test_too_large_without_a_declared_length(uploads):
    def chunks():
        boundary = b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n"
        yield boundary
        for _ in range(20):
            yield b"word " * 1000
        yield b"\r\n--x--\r\n"

    response = uploads.post("/import", content=chunks(),
                            headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413 and "too large" in response.text


def test_nothing_chosen(uploads, token):
    response = uploads.post("/import", data={"nothing": "here", **token})
    assert response.status_code == 400 and "Choose one or more story files to import." in response.text


def test_a_post_from_another_site_is_refused(uploads, token):
    files = [("files", ("story.txt", STORY.encode(), "text/plain"))]
    response = uploads.post("/import", files=files, data=token, headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    same = uploads.post("/import", files=files, data=token, headers={"origin": "http://127.0.0.1"})
    assert same.status_code == 200


def test_the_browser_says_where_a_post_came_from(uploads, token):
    assert uploads.post("/import", data=token, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert uploads.post("/import", data=token, headers={"sec-fetch-site": "same-site"}).status_code == 403
    same_origin = {"sec-fetch-site": "same-origin", "origin": "null"}
    assert uploads.post("/import", data=token, headers=same_origin).status_code == 400

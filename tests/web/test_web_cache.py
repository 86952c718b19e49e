"""The page cache: a page asked for again comes from memory, and never outlives the library it was made from.

Each test has a library of its own (seed 000 first, seed 004 added during the
test, through another connection as `ficlens add` would, or through the
import page).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_server import LOCAL, form_token, imported

from ficlens.library import Library
from ficlens.web import create_app
from ficlens.web.cache import PageCache

HP = "Harry Potter - J. K. Rowling"
STORY = ("Work Text:\n\n“Are you coming?” Marigold asked.\n\n“In a minute,” said Ben. He put down the cup and "
         "looked out at the rain over the harbour.\n\nMarigold waited by the door. “You always say that.”\n")


@pytest.fixture(scope="module")
def prepared(analysis_000, analysis_004, seed_000, seed_004) -> dict:
    """Both seeds ready to store (embeddings computed once for the module)."""
    from ficlens.library.importer import prepare
    from ficlens.outputs.json import analysis_dict

    return {key: prepare(analysis_dict(a), a.work.text, str(source))
            for key, a, source in (("000", analysis_000, seed_000), ("004", analysis_004, seed_004))}


def _store(path: Path, prepared, key: str) -> int:
    work = prepared[key]
    with Library(path) as library:
        return library.add_analysis(work.data, work.text, work.path, prepared=work).work_id


@pytest.fixture
def one_seed(tmp_path, prepared) -> tuple[Path, int]:
    path = tmp_path / "library.db"
    return path, _store(path, prepared, "000")


def _total(html: str) -> int:
    return int(re.search(r'id="total">(\d+)<', html).group(1))


def test_a_page_asked_again_is_the_same_page_from_the_cache(one_seed):
    path, work_id = one_seed
    with TestClient(create_app(path), base_url=LOCAL) as client:
        for url in ("/", f"/works/{work_id}", f"/works/{work_id}/report", "/dashboard", "/api/search?q=owl"):
            first, again = client.get(url), client.get(url)
            assert first.status_code == again.status_code == 200, url
            assert first.headers["x-ficlens-cache"] == "miss" and again.headers["x-ficlens-cache"] == "hit", url
            assert again.content == first.content, url
            assert again.headers["content-type"] == first.headers["content-type"]
            assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
            assert again.headers["x-content-type-options"] == "nosniff"  # the safety headers on kept pages too


def test_pages_show_a_work_added_by_another_process_at_once(one_seed, prepared):
    path, first_id = one_seed
    with TestClient(create_app(path), base_url=LOCAL) as client:
        assert _total(client.get("/").text) == 1
        assert client.get("/").headers["x-ficlens-cache"] == "hit"
        assert client.get("/api/search", params={"category": "F/M"}).json()["total"] == 0
        board = client.get("/api/dashboard").json()
        assert board["works"] == 1
        work_page = client.get(f"/works/{first_id}").text

        second_id = _store(path, prepared, "004")  # another connection, as `ficlens add` in a terminal

        page = client.get("/")
        assert page.headers["x-ficlens-cache"] == "miss"
        assert _total(page.text) == 2 and f'href="/works/{second_id}"' in page.text
        assert client.get("/api/search", params={"category": "F/M"}).json()["total"] == 1
        assert client.get("/api/dashboard").json()["works"] == 2
        assert f"/works/{second_id}" not in work_page
        assert f"/works/{second_id}" in client.get(f"/works/{first_id}").text  # now listed as similar
        assert client.get(f"/works/{second_id}").status_code == 200


def test_an_import_through_the_page_shows_in_the_library_at_once(one_seed):
    path, _ = one_seed
    with TestClient(create_app(path), base_url=LOCAL) as client:
        assert _total(client.get("/", params={"q": "Marigold"}).text) == 0
        assert client.get("/", params={"q": "Marigold"}).headers["x-ficlens-cache"] == "hit"
        response = imported(client, [("files", ("harbour.txt", STORY.encode(), "text/plain"))], form_token(client))
        assert response.status_code == 200 and '<span class="status added">added</span>' in response.text
        found = client.get("/", params={"q": "Marigold"})
        assert found.headers["x-ficlens-cache"] == "miss" and _total(found.text) == 1


def test_errors_forms_files_and_the_health_check_are_not_kept(one_seed):
    path, _ = one_seed
    with TestClient(create_app(path), base_url=LOCAL) as client:
        for url in ("/works/999", "/characters/Nobody%20At%20All"):
            assert client.get(url).status_code == 404
            assert client.get(url).headers["x-ficlens-cache"] == "miss", url
        for url in ("/import", "/static/web.css", "/healthz"):
            assert "x-ficlens-cache" not in client.get(url).headers, url


async def _app(scope, receive, send) -> None:
    body = scope["path"].encode() * 1000
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


def test_the_cache_keeps_at_most_its_size_dropping_the_least_recently_used():
    version = [1]
    cache = PageCache(_app, version=lambda: version[0], prefixes=("/",), max_bytes=5000)
    client = TestClient(cache)
    for path in ("/a", "/b", "/a", "/c"):  # 2,000 bytes each: /b is the least recently used when /c comes
        client.get(path)
    assert [key[0] for key in cache.pages] == ["/a", "/c"] and cache.bytes == 4000
    assert client.get("/a").headers["x-ficlens-cache"] == "hit"
    version[0] = 2
    assert client.get("/a").headers["x-ficlens-cache"] == "miss"
    assert [key[0] for key in cache.pages] == ["/a"]
    assert (cache.hits, cache.misses) == (2, 4)


def test_requests_for_a_page_being_made_wait_for_it_instead_of_making_it_again():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    made = []

    async def slow_app(scope, receive, send) -> None:
        made.append(scope["path"])
        await asyncio.sleep(0.05)
        await _app(scope, receive, send)

    cache = PageCache(slow_app, version=lambda: 1, prefixes=("/",))

    async def ten_readers() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cache), base_url="http://test") as client:
            return await asyncio.gather(*(client.get("/first") for _ in range(10)))

    with ThreadPoolExecutor(1) as thread:  # a loop of its own: Playwright's may be running in this thread
        responses = thread.submit(asyncio.run, ten_readers()).result()
    assert made == ["/first"] and {r.content for r in responses} == {b"/first" * 1000}
    assert sorted(r.headers["x-ficlens-cache"] for r in responses) == ["hit"] * 9 + ["miss"]

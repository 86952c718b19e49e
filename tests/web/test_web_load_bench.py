"""bench/web_load.py's load generators against a live server: they count requests, errors and page-cache
hits the same way, and the "once" mode never asks for a URL twice. Timings are printed by the bench, not tested.

wrk is Debian's package (.ci/run installs it): under CI a missing wrk fails, elsewhere its test skips.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from web_server import LiveServer

from ficlens.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import web_load  # noqa: E402


def _wrk() -> None:
    if shutil.which("wrk") is None:
        message = "wrk not found: install Debian's wrk package (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(params=["wrk", "httpx"])
def generator(request, seed_library, tmp_path):
    """A load generator of 4 clients and a server of its own (its page cache empty)."""
    if request.param == "wrk":
        _wrk()
    with LiveServer(create_app(seed_library[0])) as server:
        yield (web_load.Wrk if request.param == "wrk" else web_load.Httpx)(server.url, 4, tmp_path)


def test_pages_seen_again_are_counted_as_cache_hits(generator, ids):
    urls = [f"/works/{ids['000']}", "/?pov=first"]
    phase = generator.run(urls, 1)
    assert phase.requests > len(urls) and phase.errors == 0
    assert phase.hits + phase.misses == phase.requests
    assert phase.hits >= phase.requests - 4 * len(urls) and phase.misses >= len(urls)  # 4 clients may ask at once
    assert phase.p50 <= phase.p95 <= phase.p99


def test_once_mode_asks_for_every_url_at_most_once(generator, seed_library):
    urls = web_load.miss_urls(seed_library[0], 20_000, seed=99)
    assert len(set(urls)) == len(urls)
    phase = generator.run(urls, 1, once=True)
    assert phase.requests > 0 and phase.errors == 0 and phase.hits == 0 and phase.misses == phase.requests
    assert phase.note == ""
    short = generator.run(urls[:3], 1, once=True)
    assert short.note  # the list ran out: said, not hidden


def test_fresh_searches_each_ask_for_a_word_of_their_own(seed_library):
    """The fresh phase's words come from the works, one per stem, none of them a word the misses ask for."""
    import sqlite3
    from urllib.parse import parse_qs, urlsplit

    from ficlens.library.search import tokenize

    urls = web_load.fresh_urls(seed_library[0], 200)
    words = [parse_qs(urlsplit(u).query)["q"][0] for u in urls]
    assert len(urls) == 200 and all("min_words" in parse_qs(urlsplit(u).query) for u in urls)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE works_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')")
    stems = [tokenize(db, w)[0] for w in words]
    assert len(set(stems)) == len(stems)  # no two share postings
    assert not set(stems) & {tokenize(db, w)[0] for w in ("rain", "night", "tea", "coffee", "Potter")}

"""A real library of the two seed stories, the web app over it, a live server and headless Chromium.

The seeds are analysed once per session (the session's `analysis_000`/`analysis_004`,
shared with the other test folders) and stored with `Library.add_analysis`; the
upload tests exercise `Library.add` on files of their own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ficlens.library import Library
from ficlens.outputs.json import analysis_dict
from ficlens.web import create_app
from web_server import LOCAL, LiveServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))  # story_files, the AO3 builders
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "library"))  # library_data: stories, analyses


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory, analysis_000, analysis_004, seed_000, seed_004) -> tuple[Path, dict[str, int]]:
    """A library holding both seeds: its path and the work id of each ("000", "004")."""
    path = tmp_path_factory.mktemp("web-library") / "library.db"
    ids = {}
    with Library(path) as library:
        for key, analysis, source in (("000", analysis_000, seed_000), ("004", analysis_004, seed_004)):
            ids[key] = library.add_analysis(analysis_dict(analysis), analysis.work.text, str(source)).work_id
    return path, ids


@pytest.fixture(scope="session")
def client(seed_library):
    from fastapi.testclient import TestClient

    with TestClient(create_app(seed_library[0]), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def ids(seed_library) -> dict[str, int]:
    return seed_library[1]


@pytest.fixture(scope="session")
def live_server(seed_library) -> Iterator[LiveServer]:
    with LiveServer(create_app(seed_library[0])) as server:
        yield server


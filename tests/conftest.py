"""Shared fixtures: the seed stories in ../shared/seeds beside the checkout, and a real browser.

The browser is Debian's headless Chromium driven by Playwright (never a browser
Playwright downloads). Under CI (env CI set) a missing /usr/bin/chromium fails
the tests that need it; elsewhere they skip. Screenshots land in
build/test-output/<test name>/ for people to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEST_OUTPUT = REPO / "build" / "test-output"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def output(request) -> Path:
    """build/test-output/<test name>/, for screenshots."""
    folder = TEST_OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.fail(f"seed stories not found at {path}: ../shared must sit beside the checkout")
    return path


@pytest.fixture(scope="session")
def seed_000(seeds: Path) -> Path:
    return seeds / "000_ceecfa5f01676a87.txt"


@pytest.fixture(scope="session")
def seed_004(seeds: Path) -> Path:
    return seeds / "004_4b0c1104e5e2f910.txt"


@pytest.fixture(scope="session")
def analysis_000(seed_000: Path):
    """Seed 000 through every stage, once per test session (spaCy takes seconds)."""
    from ficlens.pipeline import analyze

    return analyze(seed_000)


@pytest.fixture(scope="session")
def analysis_004(seed_004: Path):
    from ficlens.pipeline import analyze

    return analyze(seed_004)

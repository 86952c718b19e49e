"""Shared fixtures: the seed stories in ../shared/seeds beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


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

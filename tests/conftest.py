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

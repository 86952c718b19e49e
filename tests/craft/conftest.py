"""Fixtures of the craft tests: the seeds' diagnostics, computed once per session."""

from __future__ import annotations

import pytest
from craft_files import Diagnosed, run_craft


@pytest.fixture(scope="session")
def craft_000(analysis_000) -> Diagnosed:
    return run_craft(analysis_000)


@pytest.fixture(scope="session")
def craft_004(analysis_004) -> Diagnosed:
    return run_craft(analysis_004)

"""The seed analyses as the renderers take them: the contract's dict and the work's text."""

from __future__ import annotations

import pytest
from report_data import with_story_and_craft

from ficlens.outputs.json import analysis_dict


@pytest.fixture(scope="session")
def plain_000(analysis_000):
    """Seed 000 as `analysis_dict` gives it today: no story or craft keys."""
    return analysis_dict(analysis_000), analysis_000.work.text


@pytest.fixture(scope="session")
def plain_004(analysis_004):
    return analysis_dict(analysis_004), analysis_004.work.text


@pytest.fixture(scope="session")
def full_000(plain_000):
    """Seed 000 with every key of docs/report-contract.md filled in by stand-in stages."""
    data, text = plain_000
    return with_story_and_craft(data, text), text


@pytest.fixture(scope="session")
def full_004(plain_004):
    data, text = plain_004
    return with_story_and_craft(data, text), text


@pytest.fixture(params=["000", "004"])
def full_seed(request):
    """Each seed in turn, fully filled in."""
    return request.getfixturevalue(f"full_{request.param}")

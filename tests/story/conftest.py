"""Fixtures of the story stage: what it finds in the seed stories."""

from __future__ import annotations

import pytest

from ficlens.story import Story


@pytest.fixture(scope="session")
def story_000(analysis_000) -> Story:
    return analysis_000.story


@pytest.fixture(scope="session")
def story_004(analysis_004) -> Story:
    return analysis_004.story

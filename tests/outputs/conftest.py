"""The seed analyses as the renderers take them: the contract's dict and the work's text."""

from __future__ import annotations

import pytest

from ficlens.outputs.json import analysis_dict

STAGED = ("arc", "relationships", "pairing", "inferred", "diagnostics")
"""The keys the story and craft stages add to the analysis dict."""


def _without_stages(analysis):
    data = analysis_dict(analysis)
    return {k: v for k, v in data.items() if k not in STAGED}, analysis.work.text


def _staged(analysis):
    data = analysis_dict(analysis)
    assert all(key in data for key in STAGED), "the story and craft stages must be in analysis_dict"
    return data, analysis.work.text


@pytest.fixture(scope="session")
def plain_000(analysis_000):
    """Seed 000 without the story or craft keys, as a stored analysis from before them would be."""
    return _without_stages(analysis_000)


@pytest.fixture(scope="session")
def plain_004(analysis_004):
    return _without_stages(analysis_004)


@pytest.fixture(scope="session")
def staged_000(analysis_000):
    """Seed 000 as the pipeline gives it, story and craft stages included."""
    return _staged(analysis_000)


@pytest.fixture(scope="session")
def staged_004(analysis_004):
    return _staged(analysis_004)

"""Fixtures of the story stage: the seed stories told, and a helper to tell any file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.language import parse_spans
from ficlens.pipeline import Analysis, analyze
from ficlens.story import Story, tell_story


def tell(analysis: Analysis) -> Story:
    """Run the story stage on an analysis, as the pipeline will."""
    text = analysis.work.text
    parsed = parse_spans(text, [(p.start, p.end) for p in analysis.structure.story_paragraphs()])
    return tell_story(
        text,
        analysis.structure,
        parsed,
        analysis.characters,
        analysis.mentions,
        analysis.quotes,
        analysis.narration,
        analysis.work.meta,
    )


def tell_file(path: Path) -> Story:
    return tell(analyze(path))


@pytest.fixture(scope="session")
def story_000(analysis_000) -> Story:
    return tell(analysis_000)


@pytest.fixture(scope="session")
def story_004(analysis_004) -> Story:
    return tell(analysis_004)

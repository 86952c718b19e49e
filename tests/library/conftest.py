"""Library fixtures: the seeds analysed once (tests/conftest.py) and stored in a library once per session."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def seed_works(analysis_000, analysis_004, seed_000: Path, seed_004: Path) -> dict[str, tuple[dict, str, str]]:
    """Each seed as (analysis dict, text, source path)."""
    from ficlens.outputs.json import analysis_dict

    return {
        "000": (analysis_dict(analysis_000), analysis_000.work.text, str(seed_000)),
        "004": (analysis_dict(analysis_004), analysis_004.work.text, str(seed_004)),
    }


@pytest.fixture(scope="session")
def seed_prepared(seed_works) -> dict:
    """The seeds with their embeddings and signatures computed once, for `add_analysis(..., prepared=)`."""
    from ficlens.library.importer import prepare

    return {name: prepare(*work) for name, work in seed_works.items()}


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, seed_works, seed_prepared) -> tuple[Path, dict[str, int]]:
    """A library holding the two seeds (do not write to it): its path and the seeds' work ids."""
    from ficlens.library import Library

    path = tmp_path_factory.mktemp("seeded") / "library.db"
    ids = {}
    with Library(path) as library:
        for name, (data, text, source) in seed_works.items():
            ids[name] = library.add_analysis(data, text, source, prepared=seed_prepared[name]).work_id
    return path, ids


@pytest.fixture(scope="session")
def litbank_texts() -> list[str]:
    """Three public-domain excerpts from LitBank (tokens joined back into text): works unlike the seeds."""
    folder = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "litbank" / "entities" / "tsv"
    texts = []
    for name in ("113_the_secret_garden_brat.tsv", "1023_bleak_house_brat.tsv", "1064_the_masque_of_the_red_death_brat.tsv"):
        lines = (folder / name).read_text("utf-8").splitlines()
        texts.append(" ".join(line.split("\t")[0] for line in lines if line.strip()))
    return texts

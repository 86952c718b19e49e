"""Training the conversation speaker model on gold quotations, and scoring with held-out weights."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from eval_files import NOVEL, oracle, write_pdnc

from ficlens.cli import main
from ficlens.dialogue.conversation import LOCAL_FEATURES, SpeakerModel, text_key
from ficlens.evaluate import runner
from ficlens.evaluate.runner import tasks
from ficlens.evaluate.train import train_speakers, work_examples
from ficlens.read import read_work


@pytest.fixture(scope="module")
def novel(tmp_path_factory):
    return write_pdnc(tmp_path_factory.mktemp("pdnc"))


def test_each_turn_knows_which_candidates_are_its_gold_speaker(novel):
    work = work_examples(tasks("pdnc", novel)[0])
    (found, allowed), = work.examples
    assert len(allowed) == 3  # three quote paragraphs, one conversation
    first = found.candidates[0]
    assert [first[j] for j in allowed[0]] == ["anne"]  # "Good morning," said Anne
    assert work.name == f"pdnc:{NOVEL}"
    assert work.key == text_key(read_work(novel / NOVEL / "novel_text.txt").text)


def test_the_model_file_holds_weights_without_each_work(novel):
    model = train_speakers(tasks("pdnc", novel), jobs=1, epochs=2)
    assert model["trained_on"] == [f"pdnc:{NOVEL}"]
    (key, held), = model["held_out"].items()
    assert key == text_key(read_work(novel / NOVEL / "novel_text.txt").text)
    assert held["work"] == f"pdnc:{NOVEL}"
    # trained on the other works, of which there are none here
    assert not SpeakerModel.from_json(held).local.any()
    assert set(model["local"]) == set(LOCAL_FEATURES)


def test_eval_says_when_the_speakers_came_from_held_out_weights(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "analyze_gold", oracle)
    monkeypatch.setattr(runner, "seen_in_training", lambda text: True)
    root = write_pdnc(tmp_path / "pdnc")
    result = CliRunner().invoke(main, ["eval", "pdnc", str(root), "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "speakers of 1 of 1 works were decided by conversation weights trained without that work" in " ".join(
        result.stdout.split())

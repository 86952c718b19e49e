"""Point of view, tense and narrator of the seed stories."""

from __future__ import annotations


def test_seed_000_first_person_past_narrated_by_draco(analysis_000):
    narration = analysis_000.narration
    assert (narration.pov, narration.tense) == ("first", "past")
    narrator = next(c for c in analysis_000.characters if c.id == narration.narrator)
    assert narrator.name == "Draco Malfoy"


def test_seed_004_third_person_present_through_candy(analysis_004):
    narration = analysis_004.narration
    assert (narration.pov, narration.tense, narration.narrator) == ("third", "present", None)
    names = {c.id: c.name for c in analysis_004.characters}
    assert [names[s.pov_character] for s in narration.scenes] == ["Candy", "Candy"]


def test_slips_are_narration_not_speech(analysis_004):
    text = analysis_004.work.text
    quotes = [(q.start, q.end) for q in analysis_004.quotes]
    for slip in analysis_004.narration.slips:
        assert not any(s <= slip.start and slip.end <= e for s, e in quotes)
        assert slip.expected == "present"
        assert text[slip.start : slip.end].strip()

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


FRAME = """Christopher Robin came down the stairs with his bear. "What about a story?" said Christopher Robin.

"What about a story?" I said.

"Could you very sweetly tell Pooh one?"

"I suppose I could," I said. "What sort of stories does he like?"

Once upon a time Winnie-the-Pooh lived in a forest all by himself. Pooh went walking one morning, and Pooh climbed a tree, and Pooh sat down and thought. Pooh hummed a hum, and he walked on through the forest until he came to a sandy bank. Pooh looked in, and Pooh called out. "Is anybody at home?" said Pooh.

"No!" said a voice. Pooh scratched his head and Pooh thought again, and then Pooh went in.

""" + """Pooh walked on and on, and the forest was quiet, and the sun was warm on his back. He thought about honey, and he thought about his friends, and he hummed another hum as he went.

""" * 8 + """"Was that me?" said Christopher Robin. "It was you," I said.
"""


def test_a_frame_narrator_who_speaks_makes_a_first_person_story():
    from ficlens.pipeline import analyze_work
    from ficlens.read import read_bytes

    analysis = analyze_work(read_bytes(FRAME.encode(), "frame.txt"))
    narrative_words = len(FRAME.split())
    assert FRAME.count(" I said") / narrative_words < 0.012  # too few "I"s to say first person by rate alone
    names = {c.id: c.name for c in analysis.characters}
    assert analysis.narration.pov == "first"
    # Pooh is named in narration as he acts: a character of the tale, not its teller.
    assert names.get(analysis.narration.narrator) != "Pooh"

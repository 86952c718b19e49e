import pytest

from ficlens.structure.breaks import is_scene_break

MARKERS = [
    "~~~♡~~~", "───── ⋆⋅☆⋅⋆ ─────", "***", "* * *", "#", "~*~", "oOo", "xXx", "-x-", "OoOoO",
    "XXX", "~o~", ".oOo.", "-----", "◇◇◇", "❀❀❀", "Line Break", "[scene break]", "-Time Skip-", "~Page Break~",
    # issue 22: separators fans use that were read as story
    "xxx", "xxxxxxxx", "x x x", "o0o", "0o0o0", "Time Jump", "POV Switch", "~POV Switch~", "Scene Shift",
    "xxx Line Break xxx", "XxX", "x-x-x", "~x~", "Scene break",
]  # fmt: skip
NOT_MARKERS = [
    "Harry.", "“…”", '"..."', "xoxo", "Ooo", "Oh.", "And there he was.", "Part of me", "X", "O", "",
    "Break it.", "“—”", "xox", "ooo", "Xx", "0000", "xxx Harry xxx", "Thin", "Then.",
]  # fmt: skip


@pytest.mark.parametrize("line", MARKERS)
def test_scene_break_styles(line):
    assert is_scene_break(line)


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_story_lines_are_not_breaks(line):
    assert not is_scene_break(line)


# --- breaks nothing marks but space ------------------------------------------------------------

from ficlens.read import read_bytes  # noqa: E402
from ficlens.structure import build_structure  # noqa: E402
from ficlens.structure.breaks import wide_gaps  # noqa: E402


def _scenes(text: str, name: str = "story.txt") -> list[str]:
    structure = build_structure(read_bytes(text.encode(), name))
    return [" ".join(text[p.start : p.end] for p in structure.story_paragraphs() if s.start <= p.start < s.end)
            for s in structure.scenes]


def test_two_blank_lines_where_the_story_uses_one_are_a_scene_break():
    text = "Harry woke early.\n\nThe house was quiet.\n\n\nAcross town, Draco slept.\n\nHe dreamt of nothing.\n"
    assert _scenes(text) == ["Harry woke early. The house was quiet.", "Across town, Draco slept. He dreamt of nothing."]
    structure = build_structure(read_bytes(text.encode(), "story.txt"))
    [gap] = structure.breaks
    assert (text[gap.start : gap.end], gap.marker) == ("\n\n\n", "blank lines")
    assert structure.words == 15


def test_a_blank_line_in_a_story_of_a_paragraph_per_line_is_a_scene_break():
    first = [f"Harry did thing {n}." for n in range(6)]
    second = [f"Draco did thing {n}." for n in range(6)]
    text = "\n".join(first) + "\n\n" + "\n".join(second) + "\n"
    assert _scenes(text) == [" ".join(first), " ".join(second)]


def test_a_story_spaced_by_two_blank_lines_breaks_at_wider_gaps_only():
    text = "One.\n\n\nTwo.\n\n\nThree.\n\n\n\n\nFour.\n\n\nFive.\n"
    assert _scenes(text) == ["One. Two. Three.", "Four. Five."]


def test_blank_lines_around_a_marker_make_one_break_not_three():
    text = "One.\n\nTwo.\n\n\n* * *\n\n\nThree.\n\nFour.\n"
    structure = build_structure(read_bytes(text.encode(), "story.txt"))
    assert [b.marker for b in structure.breaks] == ["* * *"]
    assert len(structure.scenes) == 2


def test_markdown_blank_line_runs_are_breaks():
    draft = "# Rain\n\nIt rained.\n\nIt stopped.\n\n\n\nThe sun came out.\n"
    assert _scenes(draft, "rain.md") == ["It rained. It stopped.", "The sun came out."]


def test_wide_gaps_are_counted_against_the_whole_work():
    text = "a\n\nb\n\n\nc\n\nd"
    spans = [[(0, 1), (3, 4)], [(7, 8), (10, 11)]]
    assert wide_gaps(text, spans) == [[], []]  # within each chapter, one blank line: no break
    assert wide_gaps(text, [[(0, 1), (3, 4), (7, 8), (10, 11)]]) == [[2]]
    assert wide_gaps(text, [[(0, 1), (1, 1), (3, 4)]]) == [[]]  # a rule (zero-width) is no gap


def test_blank_lines_between_long_wrapped_paragraphs_are_no_breaks():
    """A novel wrapped at 70 columns, its paragraphs so long that blank lines are rare: they part
    paragraphs, not scenes (Northanger Abbey had 988 'breaks')."""
    sentence = "Catherine walked on along the street and thought about the ball, "
    paragraph = "\n".join([sentence] * 12).replace(", \n", ",\n") + "and went home."
    text = "\n\n".join([paragraph] * 3) + "\n"
    structure = build_structure(read_bytes(text.encode(), "novel.txt"))
    assert structure.breaks == [] and len(structure.scenes) == 1


def test_verse_set_off_by_space_is_no_scene_break():
    text = ("Alice began to recite.\n\n\n"
            "How doth the little crocodile\nImprove his shining tail,\n\n\n"
            "\"I'm sure those are not the right words,\" said poor Alice.\n\nShe sighed.\n")
    assert build_structure(read_bytes(text.encode(), "alice.txt")).breaks == []


def test_space_after_a_sentence_left_open_is_no_scene_break():
    text = "From Pope, she learnt to censure those who\n\n\n\"bear about the mockery of woe.\"\n\nShe read on.\n"
    assert build_structure(read_bytes(text.encode(), "novel.txt")).breaks == []


def test_parts_scenes_by_example():
    from ficlens.structure.breaks import parts_scenes

    assert parts_scenes("He did not stop running.", "Morning came.")
    assert parts_scenes("“Run!”", "Morning came.")
    assert not parts_scenes("She learnt from those who", "“bear about the mockery of woe.”")
    assert not parts_scenes("He sang:", "Morning came.")
    assert not parts_scenes("How doth the little crocodile\nImprove his shining tail", "Alice sighed.")


def test_space_before_a_heading_breaks_the_scene_and_the_heading_heads_the_next():
    text = "Harry left.\n\nThe door shut.\n\n\nThree Weeks Later\n\nHarry came back.\n\nNobody was home.\n"
    structure = build_structure(read_bytes(text.encode(), "story.txt"))
    assert [s.heading for s in structure.scenes] == [None, "Three Weeks Later"]

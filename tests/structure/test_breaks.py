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

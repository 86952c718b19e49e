import pytest

from ficlens.structure.breaks import is_scene_break

MARKERS = [
    "~~~♡~~~", "───── ⋆⋅☆⋅⋆ ─────", "***", "* * *", "#", "~*~", "oOo", "xXx", "-x-", "OoOoO",
    "XXX", "~o~", ".oOo.", "-----", "◇◇◇", "❀❀❀", "Line Break", "[scene break]", "-Time Skip-", "~Page Break~",
]  # fmt: skip
NOT_MARKERS = [
    "Harry.", "“…”", '"..."', "xoxo", "Ooo", "Oh.", "And there he was.", "Part of me", "X", "O", "",
    "Break it.", "“—”",
]  # fmt: skip


@pytest.mark.parametrize("line", MARKERS)
def test_scene_break_styles(line):
    assert is_scene_break(line)


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_story_lines_are_not_breaks(line):
    assert not is_scene_break(line)

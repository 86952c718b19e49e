import pytest

from ficlens.structure.headings import is_heading

HEADINGS = [
    "Epilogue: Letters Never Read Until Now", "(Years Later – Draco’s POV)", "Prologue", "Epilogue",
    "Part Two", "Part II: The Return", "Chapter 3", "Interlude", "Harry's POV", "~Draco POV~",
    "[Hogwarts, 1998]", "A couple of days later", "Three Weeks Later", "Letter One — From Lucius Malfoy",
    "Day 1", "Flashback", "Present Day",
]  # fmt: skip
PROSE = [
    "Part of me wanted to scream.", "Harry.", "And there he was.", "Harry bloody Potter.",
    "“Epilogue,” he said.", "Later, he would wonder why.", "I lied again. “Just tired.”",
    "(He didn't.)", "Lucius. Narcissa.", "That’s how love ends when you let fear win—",
    "Epilogue of a life that was never lived, the one he kept telling himself about.",
]  # fmt: skip


@pytest.mark.parametrize("line", HEADINGS)
def test_section_headings(line):
    assert is_heading(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_not_a_heading(line):
    assert not is_heading(line)

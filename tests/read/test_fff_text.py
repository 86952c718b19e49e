"""FanFicFare's TXT output: notes under any label its adapters write are kept apart."""

from story_files import STORY, fff_txt

from ficlens.read import read_bytes


def _notes(text: str) -> list[tuple[str, str, int | None]]:
    work = read_bytes(text.encode("utf-8"), "story.txt")
    return [(n.kind, n.text, n.chapter) for n in work.notes]


def test_the_ao3_adapters_labels():
    assert _notes(fff_txt()) == [
        ("notes", STORY.notes, None),
        ("chapter-notes", STORY.chapters[0].notes, 0),
        ("chapter-end-notes", STORY.chapters[1].end_notes, 1),
        ("end-notes", STORY.end_notes, None),
    ]


def test_other_spellings_of_the_authors_note():
    """Other site adapters write "Author's note:" (WuxiaWorld's) and writers "Author’s Note:" or "A/N:"."""
    for label in ("Author's note:", "Author’s Note:", "A/N:"):
        text = fff_txt().replace("**Author's Note:**", f"**{label}**")
        assert _notes(text) == _notes(fff_txt()), label
        work = read_bytes(text.encode("utf-8"), "story.txt")
        assert STORY.notes not in work.text[work.chapters[0].start : work.chapters[-1].end]

from ficlens.structure.notes import is_author_note


def test_inline_author_notes():
    assert is_author_note("A/N: Thanks for reading!", at_chapter_edge=False)
    assert is_author_note("AN: this one is short", at_chapter_edge=False)
    assert is_author_note("Author's Note: I own nothing.", at_chapter_edge=False)
    assert is_author_note("Disclaimer: not mine.", at_chapter_edge=False)


def test_bare_note_counts_only_at_chapter_edges():
    assert is_author_note("Note: updates weekly.", at_chapter_edge=True)
    assert not is_author_note("Note: buy milk.", at_chapter_edge=False)
    assert not is_author_note("Annie ran.", at_chapter_edge=True)

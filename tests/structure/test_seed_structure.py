"""The two real seed stories, read and structured as the foundation issue demands."""

from __future__ import annotations

from ficlens.pipeline import read_and_structure


def _story_lines(result):
    text = result.work.text
    return [text[p.start : p.end] for p in result.structure.story_paragraphs()]


def test_seed_000_story_starts_after_work_text_line(seed_000):
    result = read_and_structure(seed_000)
    assert result.work.source.format == "ao3-text"
    assert _story_lines(result)[0].startswith("The war had been over")
    assert result.work.text[result.work.chapters[0].start :].lstrip().startswith("The war had been over")


def test_seed_000_has_twelve_scenes_between_eleven_breaks(seed_000):
    result = read_and_structure(seed_000)
    assert [b.marker for b in result.structure.breaks] == ["~~~♡~~~"] * 11
    assert len(result.structure.scenes) == 12
    text = result.work.text
    assert text[result.structure.scenes[0].start :].startswith("The war had been over")
    assert text[result.structure.scenes[-1].start :].startswith("(Years Later – Draco’s POV)")


def test_seed_000_letters_are_embedded_documents_with_senders(seed_000):
    result = read_and_structure(seed_000)
    text = result.work.text
    letters = [(x.title, x.salutation, x.sender, x.signature) for x in result.structure.letters]
    assert letters == [
        ("From the Desk of Lucius Malfoy", "My son,", "Lucius Malfoy", "— Lucius A. Malfoy"),
        ("Letter One — From Lucius Malfoy", "> My son,", "Lucius Malfoy", "— Lucius A. Malfoy"),
        ("Letter Two — From Harry Potter", "Draco,", "Harry Potter", "— H"),
        ("Letter Three — From Hermione Granger-Weasley", "Draco,", "Hermione Granger-Weasley", "— Hermione"),
    ]
    owl = result.structure.letters[0]
    assert "You will cease this behavior immediately." in text[owl.start : owl.end]
    assert "The paper felt heavier" not in text[owl.start : owl.end]
    letter_roles = {p.role for p in result.structure.paragraphs if owl.start <= p.start < owl.end}
    assert letter_roles == {"letter"}


def test_seed_000_headings_are_not_story_sentences(seed_000):
    result = read_and_structure(seed_000)
    headings = [h.text for h in result.structure.headings]
    assert "Epilogue: Letters Never Read Until Now" in headings
    assert "(Years Later – Draco’s POV)" in headings
    story = _story_lines(result)
    assert "Epilogue: Letters Never Read Until Now" not in story
    assert "(Years Later – Draco’s POV)" not in story
    assert [s.heading for s in result.structure.scenes][-2:] == [
        "Epilogue: Letters Never Read Until Now",
        "(Years Later – Draco’s POV)",
    ]


def test_seed_004_header_is_metadata_not_story(seed_004):
    result = read_and_structure(seed_004)
    meta = result.work.meta
    assert meta.title == "Broken Pieces, Mended Hearts (One-Shot)"
    assert meta.fandoms == ["Harry Potter - J. K. Rowling"]
    assert meta.categories == ["F/M"]
    assert meta.rating == "General Audiences"
    assert meta.summary.startswith("Candy and Draco run into each other on a rainy evening")
    story = _story_lines(result)
    assert story[0].startswith("Draco looks up, surprised to see Candy")
    assert meta.summary not in story
    assert all("Summary" != line for line in story)


def test_seed_004_has_two_scenes(seed_004):
    result = read_and_structure(seed_004)
    assert [b.marker for b in result.structure.breaks] == ["───── ⋆⋅☆⋅⋆ ─────"]
    assert len(result.structure.scenes) == 2


def test_plain_text_offsets_slice_the_decoded_file(seed_000, seed_004):
    for seed in (seed_000, seed_004):
        result = read_and_structure(seed)
        decoded = seed.read_bytes().decode("utf-8")
        assert result.work.text == decoded
        for p in result.structure.paragraphs:
            assert decoded[p.start : p.end] == result.work.text[p.start : p.end]
            assert decoded[p.start : p.end].strip() == decoded[p.start : p.end]
        for letter in result.structure.letters:
            assert decoded[letter.start : letter.end].endswith(letter.signature.splitlines()[-1])

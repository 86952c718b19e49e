"""Acceptance: one story in four formats reads as the same work.

The story of `story_files.STORY` (and the one-chapter `ONE_SHOT`, which each
tool lays out differently) is written as AO3's HTML download, AO3's EPUB,
FanFicFare's TXT and a Word draft. Each file is read with `read_work` and must
give the same declared metadata, the same chapters, the same story paragraphs
(compared after normalising whitespace in copies; the readers' text is left as
it is) and the same scenes, and every span must slice to its paragraph.
"""

from __future__ import annotations

import pytest
from story_files import BREAK, ONE_SHOT, STORY, Story, ao3_epub, ao3_html, declared, fff_txt, normalised, write_docx

from ficlens.model import Structure, Work
from ficlens.read import read_work
from ficlens.structure import build_structure, is_scene_break

FORMATS = {
    "ao3-html": ("story.html", "ao3-html", lambda path: path.write_text(ao3_html(), encoding="utf-8")),
    "ao3-epub": ("story.epub", "epub", lambda path: ao3_epub(path)),
    "ao3-epub-calibre-ids": ("story.epub", "epub", lambda path: ao3_epub(path, wrapper_ids=False)),
    "fff-txt": ("story.txt", "fff-text", lambda path: path.write_bytes(fff_txt().encode("utf-8"))),
    "fff-txt-unix": ("story.txt", "fff-text", lambda path: path.write_bytes(fff_txt(windows_eol=False).encode("utf-8"))),
    "fff-txt-unwrapped": ("story.txt", "fff-text", lambda path: path.write_bytes(fff_txt(wrap_width=0).encode("utf-8"))),
    "docx": ("story.docx", "docx", lambda path: write_docx(path)),
    "docx-summary-block": ("story.docx", "docx", lambda path: write_docx(path, summary_block=True, rule_break=False)),
}


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory):
    cache: dict[str, tuple[Work, Structure]] = {}

    def reader(kind: str) -> tuple[Work, Structure]:
        if kind not in cache:
            name, _, write = FORMATS[kind]
            path = tmp_path_factory.mktemp(kind) / name
            write(path)
            work = read_work(path)
            cache[kind] = (work, build_structure(work))
        return cache[kind]

    return reader


def _story_paragraphs(work: Work, structure: Structure) -> list[list[str]]:
    chapters: list[list[str]] = [[] for _ in work.chapters]
    for paragraph in structure.story_paragraphs():
        chapters[paragraph.chapter].append(normalised(work.text[paragraph.start : paragraph.end]))
    return chapters


def _digest(work: Work, structure: Structure) -> dict:
    """What must be the same whatever format the story came in."""
    meta = work.meta
    return {
        **declared(meta),
        "chapter titles": [c.title for c in work.chapters],
        "paragraphs": _story_paragraphs(work, structure),
        "scenes": [sum(s.chapter == i for s in structure.scenes) for i in range(len(work.chapters))],
    }


def _expected(story: Story) -> dict:
    return {
        "title": story.title,
        "authors": list(story.authors),
        "fandoms": list(story.fandoms),
        "rating": story.rating,
        "warnings": list(story.warnings),
        "categories": list(story.categories),
        "relationships": list(story.relationships),
        # FanFicFare sorts list entries; the stories' characters and tags are already in that order.
        "characters": list(story.characters),
        "tags": list(story.tags),
        "language": story.language,
        "summary": story.summary,
        "chapter titles": [c.title or None for c in story.chapters],
        "paragraphs": story.story_paragraphs(),
        "scenes": story.scenes(),
    }


EXPECTED = _expected(STORY)


@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_reads_the_story(read, kind: str):
    work, structure = read(kind)
    assert work.source.format == FORMATS[kind][1]
    assert _digest(work, structure) == EXPECTED


def test_all_formats_give_the_same_work(read):
    digests = {kind: _digest(*read(kind)) for kind in FORMATS}
    first = digests["ao3-html"]
    assert all(digest == first for digest in digests.values())


@pytest.mark.parametrize("kind", ["ao3-html", "ao3-epub", "fff-txt"])
def test_notes_are_kept_apart_from_the_story(read, kind: str):
    work, structure = read(kind)
    notes = sorted((n.kind, n.chapter, normalised(n.text)) for n in work.notes)
    assert notes == sorted(
        [
            ("notes", None, STORY.notes),
            ("end-notes", None, STORY.end_notes),
            ("chapter-notes", 0, STORY.chapters[0].notes),
            ("chapter-end-notes", 1, STORY.chapters[1].end_notes),
        ]
    )
    assert [c.summary for c in work.chapters] == [c.summary for c in STORY.chapters]
    story = normalised(" ".join(work.text[p.start : p.end] for p in structure.story_paragraphs()))
    assert all(normalised(note.text) not in story for note in work.notes)


@pytest.mark.parametrize("kind", FORMATS)
def test_every_span_slices_to_its_paragraph(read, kind: str):
    work, structure = read(kind)
    text = work.text
    for index, chapter in enumerate(work.chapters):
        assert 0 <= chapter.start <= chapter.end <= len(text)
        assert chapter.blocks is not None
        previous_end = chapter.start
        sliced = []
        for block in chapter.blocks:
            assert previous_end <= block.start <= block.end <= chapter.end
            previous_end = block.end
            piece = text[block.start : block.end]
            assert piece == piece.strip()
            if block.hint == "hr":
                assert piece == ""
            elif not is_scene_break(piece):
                sliced.append(normalised(piece))
        assert sliced == EXPECTED["paragraphs"][index]
        if chapter.title_span is not None:
            assert chapter.title_span.slice(text) == chapter.title
    for paragraph in structure.paragraphs:
        piece = text[paragraph.start : paragraph.end]
        chapter = work.chapters[paragraph.chapter]
        assert chapter.start <= paragraph.start <= paragraph.end <= chapter.end
        assert piece == piece.strip()
        assert piece or paragraph.role == "break"
    for note in work.notes:
        if note.start is not None:
            assert normalised(note.text) in normalised(text[note.start : note.end].replace(">", " "))


def test_scene_break_is_found_in_every_format(read):
    for kind in FORMATS:
        work, structure = read(kind)
        assert [b.chapter for b in structure.breaks] == [i for i, c in enumerate(STORY.chapters) for p in c.paragraphs if p == BREAK]


def test_fanficfare_text_is_the_file_itself(read):
    work, _ = read("fff-txt")
    assert work.text == fff_txt()
    assert work.text.endswith("\r\nEnd file.\r\n\r\n")


ONE_SHOT_FORMATS = {
    "ao3-html": ("one-shot.html", lambda path: path.write_text(ao3_html(ONE_SHOT), encoding="utf-8")),
    "ao3-epub": ("one-shot.epub", lambda path: ao3_epub(path, ONE_SHOT)),
    "fff-txt": ("one-shot.txt", lambda path: path.write_bytes(fff_txt(ONE_SHOT).encode("utf-8"))),
    "docx": ("one-shot.docx", lambda path: write_docx(path, ONE_SHOT, headings=False)),
}


@pytest.mark.parametrize("kind", ONE_SHOT_FORMATS)
def test_a_one_chapter_work_reads_the_same_in_every_format(tmp_path, kind: str):
    name, write = ONE_SHOT_FORMATS[kind]
    write(tmp_path / name)
    work = read_work(tmp_path / name)
    assert _digest(work, build_structure(work)) == _expected(ONE_SHOT)
    notes = sorted((n.kind, normalised(n.text)) for n in work.notes)
    assert notes == ([] if kind == "docx" else [("end-notes", ONE_SHOT.end_notes), ("notes", ONE_SHOT.notes)])

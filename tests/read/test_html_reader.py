"""Generic HTML stories: what a parser does with odd markup must not lose or hide story text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.read import read_work

PARAGRAPHS = ["“You’re early,” Ann said at the door.", "Tom shrugged and hung up his coat.",
              "“I couldn’t sleep,” he said at last."]


def page(body: str) -> str:
    return f"<html><head><title>Early</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("void", ['<embed src="film.swf">', "<embed>", '<input type="checkbox">', "<wbr>"])
def test_an_element_that_holds_nothing_does_not_swallow_the_paragraphs_after_it(tmp_path: Path, void: str) -> None:
    path = tmp_path / "story.html"
    first, *rest = PARAGRAPHS
    path.write_text(page(f"<p>{first}</p>{void}" + "".join(f"<p>{p}</p>" for p in rest)), encoding="utf-8")
    work = read_work(path)
    for paragraph in PARAGRAPHS:
        assert paragraph in work.text


def test_text_nested_deeper_than_the_parser_reads_is_refused_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(page("<div>" * 300 + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>" * 300),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_work(path)
    assert caught.value.reason == "HTML nested over 256 elements deep, deeper than ficlens reads"


def test_text_nested_as_deep_as_stories_go_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text(page("<div>" * 40 + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>" * 40),
                    encoding="utf-8")
    assert all(p in read_work(path).text for p in PARAGRAPHS)


# --- scene breaks left as blank lines ----------------------------------------------------------------

def _ao3_chapter_page(userstuff: str) -> str:
    """A one-chapter AO3 download (`div#chapters` holding the story's `div.userstuff`)."""
    return page(f'<div id="chapters" class="userstuff"><div class="userstuff">{userstuff}</div></div>')


def _breaks_and_scenes(tmp_path: Path, userstuff: str) -> tuple[list[str], int]:
    from ficlens.structure import build_structure

    path = tmp_path / "work.html"
    path.write_text(_ao3_chapter_page(userstuff), encoding="utf-8")
    structure = build_structure(read_work(path))
    return [b.marker for b in structure.breaks], len(structure.scenes)


@pytest.mark.parametrize("gap", [
    "<br/><br/><br/>",  # inside one paragraph: two blank lines between the lines of text
    "</p><br/><br/><p>",  # between paragraphs
    "</p><p>&nbsp;</p><p>&nbsp;</p><p>",  # the empty paragraphs a rich-text editor leaves
    "</p><p><br/></p><p>\u00a0</p><p>",
])
def test_two_or_more_blank_lines_are_a_scene_break(tmp_path: Path, gap: str) -> None:
    markers, scenes = _breaks_and_scenes(tmp_path, f"<p>{PARAGRAPHS[0]}{gap}{PARAGRAPHS[1]}</p>")
    assert (markers, scenes) == (["blank lines"], 2)


@pytest.mark.parametrize("spacing", [
    "<br/>",  # a line break
    "<br/><br/>",  # one blank line
    "</p><p>&nbsp;</p><p>",  # one empty paragraph: spacing, as many writers put between all paragraphs
    "</p><br/><p>",
])
def test_a_line_break_or_one_blank_line_is_no_scene_break(tmp_path: Path, spacing: str) -> None:
    assert _breaks_and_scenes(tmp_path, f"<p>{PARAGRAPHS[0]}{spacing}{PARAGRAPHS[1]}</p>") == ([], 1)


def test_every_blank_line_gap_of_a_long_work_is_a_scene(tmp_path: Path) -> None:
    # 125 scenes of two paragraphs, spaced by empty paragraphs, cut by 124 runs of three <br/>s.
    scene = "<p>Tom shrugged and hung up his coat.</p><p>&nbsp;</p><p>“I couldn’t sleep,” he said.</p>"
    markers, scenes = _breaks_and_scenes(tmp_path, "<p><br/><br/><br/></p>".join([scene] * 125))
    assert (len(markers), scenes) == (124, 125)


def test_blank_lines_beside_a_rule_or_at_the_ends_make_no_second_break(tmp_path: Path) -> None:
    userstuff = (f"<p>&nbsp;</p><p>&nbsp;</p><p>{PARAGRAPHS[0]}</p><br/><br/><hr/><br/><br/>"
                 f"<p>{PARAGRAPHS[1]}</p><p>&nbsp;</p><p>&nbsp;</p>")
    assert _breaks_and_scenes(tmp_path, userstuff) == (["<hr>"], 2)


def test_an_image_between_blank_lines_is_no_gap(tmp_path: Path) -> None:
    userstuff = f'<p>{PARAGRAPHS[0]}</p><p>&nbsp;</p><p><img src="owl.png"/></p><p>&nbsp;</p><p>{PARAGRAPHS[1]}</p>'
    assert _breaks_and_scenes(tmp_path, userstuff) == ([], 1)

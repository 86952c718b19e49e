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

"""A generated corpus for the corpus tests: short works from a few templates, in every common format.

Each work is a `story_files.Story` (the readers' test builders) with its own
names, written as plain text, Markdown, AO3's HTML download, FanFicFare's TXT
or a Word draft; `BROKEN` files are not stories at all. Works are a few
hundred words so that 200 of them run in well under a minute on two cores.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "read"))

from story_files import BREAK, Story, StoryChapter, ao3_html, fff_txt, write_docx  # noqa: E402

PEOPLE = [("Mara", "she"), ("Tobias", "he"), ("Ines", "she"), ("Corwin", "he"), ("Lena", "she"), ("Felix", "he"),
          ("Priya", "she"), ("Aldo", "he"), ("Nadia", "she"), ("Rowan", "he"), ("Hester", "she"), ("Jonah", "he")]
PLACES = ["the lighthouse", "the library", "the harbour", "the old mill", "the greenhouse", "the station"]
FANDOMS = ["Harry Potter - J. K. Rowling", "Star Wars", "Good Omens", "Sherlock (TV)"]

SCENES = [
    (
        "The rain had not stopped for three days when {a} finally walked to {place}. The door was unlocked, as "
        "it always was, and the air inside smelled of salt and old paper.",
        "“You came,” {b} said from the stairs. {bp_cap} did not sound surprised.",
        "“You wrote that it was urgent,” {a} said. “It is always urgent with you.”",
        "{b} laughed and came down slowly, one hand on the rail. “This time I mean it. Sit down.”",
    ),
    (
        "Later, when the lamps were lit, {a} read the letter again. The handwriting was careful and small, the "
        "kind of hand that had been taught to waste nothing.",
        "“Who sent it?” {b} asked.",
        "“Someone who knew where to find me,” {a} said, and folded it away before {b} could lean closer.",
        "They sat without speaking for a long while. Outside, the wind turned and the shutters knocked against "
        "the wall like someone asking to be let in.",
    ),
    (
        "In the morning {b} was gone. {a} found a cup of tea on the table, still warm, and a note beside it that "
        "said only that {bp} would be back before dark.",
        "{a} waited. {ap_cap} swept the floor, mended the latch on the window, and counted the boats in the bay "
        "twice, because the first count had come out wrong.",
        "“You worry too much,” {c} told {a} at noon, leaning on the gate.",
        "“Someone has to,” {a} said.",
    ),
]


def make_story(i: int) -> Story:
    """The `i`th work: three names, a place and a fandom picked by `i`, one or two chapters."""
    (a, ap), (b, bp), (c, _) = PEOPLE[i % 12], PEOPLE[(i * 5 + 1) % 12], PEOPLE[(i * 7 + 3) % 12]
    if b == a:
        b, bp = PEOPLE[(i + 6) % 12]
    names = {"a": a, "b": b, "c": c, "ap": ap, "bp": bp, "ap_cap": ap.capitalize(), "bp_cap": bp.capitalize(),
             "place": PLACES[i % len(PLACES)]}
    scenes = [[p.format(**names) for p in scene] for scene in (SCENES[i % 3:] + SCENES[: i % 3])]
    if i % 2:
        chapters = (StoryChapter("Arrival", tuple(scenes[0] + [BREAK] + scenes[1])), StoryChapter("Morning", tuple(scenes[2])))
    else:
        chapters = (StoryChapter("", tuple(scenes[0] + [BREAK] + scenes[1] + [BREAK] + scenes[2])),)
    return Story(
        title=f"The Letter at {names['place'].title()} {i}", authors=(f"writer{i % 17}",), work_id=60000000 + i,
        fandoms=(FANDOMS[i % len(FANDOMS)],), rating="General Audiences", warnings=("No Archive Warnings Apply",),
        categories=("Gen",), relationships=(), characters=(a, b), tags=("Hurt/Comfort",), language="English",
        summary=f"{a} answers a letter.", notes="", end_notes="", published="2024-01-01", completed="2024-01-01",
        chapters=chapters,
    )


def plain_text(story: Story) -> str:
    """A writer's text file: the title, then paragraphs, "* * *" between scenes, chapter titles on their own line."""
    out = [story.title, ""]
    for chapter in story.chapters:
        if chapter.title and len(story.chapters) > 1:
            out += [chapter.title, ""]
        for paragraph in chapter.paragraphs:
            out += ["* * *" if paragraph == BREAK else paragraph, ""]
    return "\n".join(out)


def markdown(story: Story) -> str:
    """The same as Markdown: `#` title, `##` chapters, `***` breaks."""
    out = [f"# {story.title}", ""]
    for chapter in story.chapters:
        if chapter.title and len(story.chapters) > 1:
            out += [f"## {chapter.title}", ""]
        for paragraph in chapter.paragraphs:
            out += ["***" if paragraph == BREAK else paragraph, ""]
    return "\n".join(out)


FORMATS = ("txt", "md", "html", "fff", "docx")
BROKEN = {
    "broken-empty.txt": b"",
    "broken-blank.txt": b"  \n\n \n",
    "broken-binary.txt": bytes(range(256)) * 4,
    "broken-image.html": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "broken-zip.docx": b"PK\x03\x04" + b"\x00" * 60 + b"not really a zip",
}


def write_corpus(folder: Path, count: int, formats: tuple[str, ...] = FORMATS, broken: bool = True) -> dict[str, Story]:
    """`count` works in `folder` (the formats taken in turn) plus the `BROKEN` files; returns work id -> story."""
    folder.mkdir(parents=True, exist_ok=True)
    works = {}
    for i in range(count):
        story = make_story(i)
        kind = formats[i % len(formats)]
        path = folder / (f"fff-work-{i:03d}.txt" if kind == "fff" else f"work-{i:03d}.{kind}")
        if kind == "txt":
            path.write_text(plain_text(story), encoding="utf-8")
        elif kind == "md":
            path.write_text(markdown(story), encoding="utf-8")
        elif kind == "html":
            path.write_text(ao3_html(story), encoding="utf-8")
        elif kind == "fff":
            path.write_bytes(fff_txt(story).encode("utf-8"))
        else:
            write_docx(path, story)
        works[path.name] = story
    if broken:
        for name, data in BROKEN.items():
            (folder / name).write_bytes(data)
    return works


def write_jsonl(path: Path, count: int, start: int = 0) -> list[dict]:
    """A dump in the shape public fan-fiction datasets use: id, title, author, fandom, tags, text, kudos."""
    rows = []
    for i in range(start, start + count):
        story = make_story(i)
        rows.append({"id": story.work_id, "title": story.title, "author": list(story.authors),
                     "fandom": ", ".join(story.fandoms), "tags": list(story.tags), "kudos": i * 3,
                     "text": plain_text(story).split("\n", 2)[2]})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows

"""A search hit's snippet as a reader wants it: without the reader furniture a download carries ("Work
Text:", "Chapter 1", "Notes:"), and with a link that opens the story at the passage it came from.

The link names the words around the snippet's first match (`passage_link`); the web app finds them in
the work's text and sends the browser to the paragraph holding them, by its id in the report
(`para-<where it starts>`), which the report marks as the one opened at (`paragraph_at`).
"""

from __future__ import annotations

import bisect
import html
import re
from urllib.parse import quote

FURNITURE = re.compile(
    r"^(?:work text|chapter text|chapter \d+|chapter [ivxlc]+|(?:author'?s |chapter |end )?notes?|summary"
    r"|see the end of the (?:chapter|work) for (?:more )?notes|preface|afterword)\s*:?\s*(?:\([^)\n]{0,40}\))?\s*$",
    re.IGNORECASE)
"""A line that is furniture (the download's labels), not the story."""

PHRASE_WORDS = 8
_MARK = re.compile(r"</?mark>")


def without_furniture(snippet_html: str) -> str:
    """`snippet_html` (escaped text with <mark>) without lines that are a download's labels."""
    lines = snippet_html.split("\n")
    kept = [line for line in lines if not FURNITURE.match(_MARK.sub("", line).strip(" \t…().").strip())]
    if len(kept) == len(lines):
        return snippet_html
    text = "\n".join(kept).strip()
    lead = "…" if snippet_html.startswith("…") and not text.startswith("…") and text else ""
    return lead + text


def passage_link(work_id: int, snippet_html: str) -> str | None:
    """The link to the story of `work_id` at the snippet's first matched words (up to `PHRASE_WORDS` of
    them, on one line of the text, so in one paragraph); None when the snippet has no match."""
    at = snippet_html.find("<mark>")
    if at < 0:
        return None
    line = snippet_html[snippet_html.rfind("\n", 0, at) + 1:]
    line = line.split("\n", 1)[0]
    words = html.unescape(_MARK.sub("", line[line.find("<mark>"):] if "<mark>" in line else line)).split()
    phrase = " ".join(w for w in (w.strip("…") for w in words) if w)
    phrase = " ".join(phrase.split()[:PHRASE_WORDS])
    if not phrase:
        return None
    return f"/works/{int(work_id)}/passage?words={quote(phrase, safe='')}"


def paragraph_at(text: str, starts: list[int], words: str) -> int | None:
    """Of the paragraphs starting at `starts` (in order), the one holding the first place in `text` where
    `words` are (the first `PHRASE_WORDS` of them), whatever their case and the spaces between them; the
    fewer of the first words when all of them are nowhere (a snippet cut inside a word). None when not
    even the first word is there."""
    tokens = words.split()[:PHRASE_WORDS]
    for size in range(len(tokens), 0, -1):
        found = re.search(r"\s+".join(re.escape(t) for t in tokens[:size]), text, re.IGNORECASE)
        if found is not None:
            before = bisect.bisect_right(starts, found.start()) - 1
            return starts[max(before, 0)] if starts else None
    return None

"""A search hit's snippet as a reader wants it: without the reader furniture a download carries ("Work
Text:", "Chapter 1", "Notes:"), and with a link that opens the story at the passage it came from.

The link is a text fragment (`#:~:text=`, which Chromium, Safari and Firefox follow: they scroll to the
words and highlight them) on the work's report, made from the words around the snippet's first match, on
one line of the text so that they sit in one paragraph of the report.
"""

from __future__ import annotations

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
    """The report of `work_id` opened at the snippet's first matched words (a text fragment); None when
    the snippet has no match."""
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
    # "-" and "," delimit a fragment's parts: encoded, like everything but letters and digits
    return f"/works/{int(work_id)}/report#:~:text={quote(phrase, safe='').replace('-', '%2D')}"

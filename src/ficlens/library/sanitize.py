"""Untrusted markup made safe: what a work file says about itself may carry HTML.

Summaries and notes are stored as HTML fragments cleaned by nh3 (an allowlist:
no scripts, no event handlers, no `javascript:` links), so that the web pages
can show them as they are. Everything else the library keeps is plain text and
must be escaped where it is shown.
"""

from __future__ import annotations

import copy
import html
from typing import Any

import nh3

_TAGS = {"a", "b", "blockquote", "br", "code", "del", "em", "hr", "i", "li", "ol", "p", "pre", "s", "small",
         "strong", "sub", "sup", "u", "ul"}
_ATTRIBUTES = {"a": {"href", "title"}}
_SCHEMES = {"http", "https", "mailto"}


def clean_html(fragment: str | None) -> str | None:
    """`fragment` with only harmless markup left."""
    if fragment is None:
        return None
    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel="noopener noreferrer nofollow")


def plain_text(fragment: str | None) -> str:
    """The text of an HTML fragment, markup dropped (for the full-text index)."""
    if not fragment:
        return ""
    return html.unescape(nh3.clean(fragment, tags=set()))


def clean_analysis(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an analysis with its summaries and notes sanitised."""
    data = copy.deepcopy(data)
    work = data.get("work") or {}
    work["summary"] = clean_html(work.get("summary"))
    for chapter in work.get("chapters") or []:
        chapter["summary"] = clean_html(chapter.get("summary"))
    for note in (data.get("structure") or {}).get("notes") or []:
        note["text"] = clean_html(note.get("text"))
    return data

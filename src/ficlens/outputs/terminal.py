"""Text from stories and file names made safe to show on a terminal.

A title, a name or a file name is untrusted: escape sequences in it (raw ESC
bytes, or an HTML entity such as `&#27;` that decodes to one) could set the
window title, clear the screen or plant a clickable link, and square brackets
in it would be read by Rich as markup. `terminal_safe` strips the first;
`plain` gives a Rich `Text`, which Rich never reads as markup.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC, DCS...: titles, links
    r"|\x1b[ -/]*[0-~]"  # the other escapes: charsets, keypad modes, reset
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 but tab and newline, DEL and C1: what is left once whole sequences are gone."""


def terminal_safe(text: str) -> str:
    """`text` without escape sequences or control characters, so printing it cannot drive the terminal.

    Tab and newline stay, for layout; everything else below space, DEL and C1 go (CR too: it would let
    a line overwrite what is shown before it). Whole sequences are removed, not only their ESC, so
    no `[31m` or `]0;title` debris is left in their place.
    """
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def safe_tree(value: Any) -> Any:
    """`value` with `terminal_safe` applied to every string in it, through dicts (keys too: the
    verbs and words counted are keys), lists and tuples.

    The renderers take an analysis dict whose every string may come from a story; cleaning it once
    on the way in is surer than cleaning each field where it is shown.
    """
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {safe_tree(key): safe_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [safe_tree(item) for item in value]
    if isinstance(value, tuple):
        return tuple(safe_tree(item) for item in value)
    return value


def plain(text: str, style: str = "") -> Text:
    """`text` as a Rich `Text`: terminal-safe, and never read as markup (`[/b]`, `[link=...]` print as written)."""
    return Text(terminal_safe(text), style=style)

"""Recognise scene-break markers in every style authors use.

Lines made only of symbols or decoration (`~~~♡~~~`, `───── ⋆⋅☆⋅⋆ ─────`,
`***`, `* * *`, `~*~`, `#`), letter doodles (`oOo`, `xXx`, `xxx`, `x-x-x`,
`-x-`, `OoOoO`, `o0o`) and spelled-out markers ("Line Break", "[scene break]",
"Time Jump", "xxx POV Switch xxx").
"""

from __future__ import annotations

import re

_QUOTES = "\"“”'‘’«»„‚"
_ONLY_SYMBOLS = re.compile(r"[^\w" + _QUOTES + r"]+")
_DOODLE = re.compile(r"[\W_]*(?:[oO0xX][\W_]*){1,30}")
_DOODLE_END = re.compile("[oOxX0eEkKpPhHtTnN]")  # doodles and "break", "skip", "switch", "shift", ...
_WRITTEN = re.compile(
    r"[\W_]*(?:(?:line|page|scene|time|pov)[ -]?)?(?:break|skip|change|switch|jump|shift|transition)[\W_]*", re.I
)
_DOODLE_EDGES = re.compile(r"^[xXoO0]{1,6}[\W_]+|[\W_]+[xXoO0]{1,6}$")  # "xxx Line Break xxx"


def is_scene_break(line: str) -> bool:
    """True when `line` (one stripped paragraph) is a scene-break marker."""
    if not line or len(line) > 80 or line[-1].isalpha() and not _DOODLE_END.match(line[-1]):
        return False
    if _ONLY_SYMBOLS.fullmatch(line):
        return True
    if _DOODLE.fullmatch(line):
        letters = "".join(ch for ch in line if ch.isalnum())
        decorated = len(letters) < len(line.replace(" ", ""))
        mixed_case = not (letters.islower() or letters.isupper() or letters == letters.capitalize())
        mixed_case |= "0" in letters and letters.strip("0") != ""  # "o0o", "0o0o0"
        kisses_or_caps = letters.isupper() or set(letters) == {"x"}  # "XXX", "xxx"
        # "-x-", "~o~", "oOo", "xXx", "XXX", "xxx"; not "xoxo", "ooo" or "Ooo", which are words.
        return decorated or (mixed_case or kisses_or_caps) and len(letters) >= 3
    return bool(_WRITTEN.fullmatch(_DOODLE_EDGES.sub("", line)))

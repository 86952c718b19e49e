"""Recognise scene-break markers in every style authors use.

Lines made only of symbols or decoration (`~~~♡~~~`, `───── ⋆⋅☆⋅⋆ ─────`,
`***`, `* * *`, `~*~`, `#`), letter doodles (`oOo`, `xXx`, `-x-`, `OoOoO`) and
spelled-out markers ("Line Break", "[scene break]").
"""

from __future__ import annotations

import re

_QUOTES = "\"“”'‘’«»„‚"
_ONLY_SYMBOLS = re.compile(r"[^\w" + _QUOTES + r"]+")
_DOODLE = re.compile(r"[\W_]*(?:[oO0xX][\W_]*){1,30}")
_DOODLE_END = re.compile("[oOxX0eEkKpP]")  # doodles and "break", "skip", ...
_WRITTEN = re.compile(r"[\W_]*(?:(?:line|page|scene|time|pov)[ -]?)?(?:break|skip|change)[\W_]*", re.I)


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
        # "-x-", "~o~", "oOo", "xXx", "XXX"; not "xoxo" or "Ooo", which are words.
        return decorated or mixed_case and len(letters) >= 3 or letters.isupper() and len(letters) >= 3
    return bool(_WRITTEN.fullmatch(line))

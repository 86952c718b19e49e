"""Find documents embedded whole in a story: letters, notes, messages.

A letter opens with a salutation line ("My son,", "Dear Harry,", "Draco,"),
perhaps under a title line ("Letter One — From Lucius Malfoy", "From the Desk of
Lucius Malfoy"), and closes with a sign-off ("— Hermione", or "Love," and a
name). Both ends are needed: a salutation without a sign-off is not a letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTES = re.compile("[\"“”«»„]")
_SALUTATION = re.compile(
    r"(?:>\s*)?(?:(?:my|dear|dearest|to|hello|hi)\s+)?[A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,3},"
)
_DASH_SIGNOFF = re.compile(r"(?:>\s*)?[—–~-]+\s*([A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,4})")
_VALEDICTION = re.compile(
    r"(?:>\s*)?(?:(?:with\s+)?(?:all\s+(?:my\s+)?)?love|yours(?:\s+\w+)?|(?:yours\s+)?(?:sincerely|truly|faithfully)|"
    r"(?:best|kind|warm)(?:\s+(?:wishes|regards))?|regards|always|forever(?:\s+yours)?|cheers|"
    r"(?:your|my)\s+(?:\w+\s+)?(?:father|mother|son|daughter|friend|brother|sister|love|husband|wife))[,.]?",
    re.I,
)
_NAME = re.compile(r"(?:>\s*)?([A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})\.?")
_FROM = re.compile(r"\bfrom\s+(?:the\s+(?:desk|office|pen)\s+of\s+)?(.+)$", re.I)
_TITLE_WORDS = re.compile(r"\b(?:letter|note|message|memo|from|to|desk of)\b", re.I)
_SEARCH_WINDOW = 60
_DASH_STARTS = set(">—–~-")


@dataclass(frozen=True, slots=True)
class FoundLetter:
    """Indices (into the paragraph list given) of a letter's parts."""

    first: int
    last: int
    title: int | None
    salutation: int
    signature: int
    sender: str | None


def is_salutation(line: str) -> bool:
    return len(line) <= 60 and line.endswith(",") and not _QUOTES.search(line) and bool(_SALUTATION.fullmatch(line))


def signature_name(line: str) -> str | None:
    """The name in a dash sign-off ("— Lucius A. Malfoy"), or None."""
    if len(line) > 60 or line[0] not in _DASH_STARTS:
        return None
    match = _DASH_SIGNOFF.fullmatch(line)
    return match.group(1).rstrip(".").strip() if match else None


def find_letters(lines: list[str], stops: set[int]) -> list[FoundLetter]:
    """Letters among consecutive paragraphs `lines` (stripped texts).

    `stops` holds indices a letter cannot run across (scene breaks).
    """
    found: list[FoundLetter] = []
    i = 0
    while i < len(lines):
        if not is_salutation(lines[i]):
            i += 1
            continue
        end = _find_signoff(lines, i, stops)
        if end is None:
            i += 1
            continue
        last, signature, name = end
        title = i - 1 if i > 0 and i - 1 not in stops and _is_title(lines[i - 1]) else None
        sender = _sender_from_title(lines[title]) if title is not None else None
        found.append(
            FoundLetter(
                first=title if title is not None else i,
                last=last,
                title=title,
                salutation=i,
                signature=signature,
                sender=sender or name,
            )
        )
        i = last + 1
    return found


def _find_signoff(lines: list[str], salutation: int, stops: set[int]) -> tuple[int, int, str] | None:
    for j in range(salutation + 1, min(len(lines), salutation + _SEARCH_WINDOW)):
        if j in stops:
            return None
        line = lines[j]
        name = signature_name(line)
        if name:
            return j, j, name
        if len(line) <= 40 and _VALEDICTION.fullmatch(line) and j + 1 < len(lines) and j + 1 not in stops:
            match = _NAME.fullmatch(lines[j + 1])
            if match and len(lines[j + 1]) <= 40:
                return j + 1, j, match.group(1)
    return None


def _is_title(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 12
        and not line.endswith((".", "!", "?", "”", '"'))
        and not _QUOTES.search(line)
        and bool(_TITLE_WORDS.search(line))
    )


def _sender_from_title(line: str) -> str | None:
    match = _FROM.search(line)
    return match.group(1).strip(" .:—–-") if match else None

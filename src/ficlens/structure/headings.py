"""Recognise section headings inside a chapter.

"Epilogue: Letters Never Read Until Now", "Part Two", "(Years Later – Draco’s
POV)", "Harry's POV", "Three Weeks Later". A heading is short and does not end
like a sentence; sentences that merely start with "Part of me ..." are not.
"""

from __future__ import annotations

import re

NUMBER = (
    r"(?:\d+|[IVXLCDM]+\b|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"
)
_NUMBERED = re.compile(
    rf"[\W_]*(?:chapter|ch\.|part|book|act|section|volume|letter|entry|interlude|day|week|year)\s+(?:the\s+)?{NUMBER}\b(?:\s*[.:\-–—~|]\s*.*|\s*)",
    re.I,
)
_NAMED = re.compile(
    r"[\W_]*(?:prologue|epilogue|interlude|intermission|afterword|foreword|preface|coda|"
    r"flashback|end flashback|flashback end|present day|the present|meanwhile|bonus|omake)\b(?:\s*[.:\-–—~|]\s*.*|[\W_]*)",
    re.I,
)
_POV = re.compile(r"\bP\.?O\.?V\.?(?:\W|$)")
_BRACKETED = re.compile(r"[(\[{<~*]+[^.!?()\[\]{}<>]*[)\]}>~*]+")
_TIME_SKIP = re.compile(
    r"[\W_]*(?:\w+[ -]){0,4}(?:later|earlier|ago|before|after|afterwards)[\W_]*", re.I
)
_QUOTES = re.compile("[\"“”«»„]")
_SENTENCE_END = tuple(".!?…\"”’")
_KEYWORD_START = re.compile(r"[\W_]*(?:chapter|ch\.|part|book|act|section|volume|letter|entry|interlude|day|week|year|"
                            r"prologue|epilogue|intermission|afterword|foreword|preface|coda|flashback|end|present|"
                            r"the present|meanwhile|bonus|omake)\b", re.I)


def is_heading(line: str) -> bool:
    """True when `line` (one stripped paragraph) reads as a section heading."""
    if not line or len(line) > 100:
        return False
    if line.endswith(_SENTENCE_END) and not line.endswith((".)", ".]")) and not _KEYWORD_START.match(line):
        return False
    if _QUOTES.search(line):
        return False
    words = line.split()
    if len(words) > 12:
        return False
    if _NUMBERED.fullmatch(line) or _NAMED.fullmatch(line):
        return not line.endswith(("!", "?", "…")) and not _ends_as_sentence(words)
    if line.endswith(_SENTENCE_END) and not line.endswith((".)", ".]")):
        return False
    if _BRACKETED.fullmatch(line) and len(words) <= 10:
        return True
    if _POV.search(line) and len(words) <= 8:
        return True
    return bool(_TIME_SKIP.fullmatch(line)) and len(words) <= 6


def _ends_as_sentence(words: list[str]) -> bool:
    """A keyword line that runs on as a sentence ("Part of me knew.") is prose."""
    return len(words) > 3 and words[-1].endswith(".") and ":" not in " ".join(words)

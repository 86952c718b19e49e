"""Dialogue punctuation: the slips around a line's closing quotation mark that fan fiction often has.

A dialogue tag ("she said", "Harry asked", "said Harry") continues the sentence
of its line, so:
- `"Hello." she said`: a full stop before a tag should be a comma ("full stop before tag");
- `"Hello," She said`: after a comma the tag goes on in lower case ("capital after comma"),
  and so does a beat wrongly joined by a comma (`"Hello," She smiled`);
- `"Really?" He asked`: after a question or exclamation mark too ("capital after ? or !");
- `"Hello" she said`: the line needs a comma before its tag ("no comma before tag").
A tag is a verb of saying (the speech lexicon of dialogue tags less the verbs
of a beat, `BEATS`: "smile", "laugh", "nod") with a pronoun or name before it,
or such a verb followed by its speaker; a capitalised pronoun followed by any
other verb is a beat, a sentence of its own (`"Hello." She smiled.`), and is right. Names keep their capital. Ellipses and dashes at the
end of a line are left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from ..characters.lexicon import SPEECH_VERBS
from ..model import Quote
from .tokens import Tokens

PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it"})
# Verbs the speech lexicon holds that a writer uses for a beat rather than a tag ("She smiled.").
BEATS = frozenset({
    "smile", "grin", "smirk", "laugh", "chuckle", "giggle", "cackle", "titter", "chortle", "sigh", "sneer",
    "scoff", "snort", "huff", "gasp", "groan", "moan", "sniff", "sniffle", "sneeze", "cough", "pant", "nod",
    "shrug", "go", "put", "point", "cut", "press", "return", "read", "write", "sing", "hum", "pray",
    "finish", "resume", "proceed", "pursue", "persist", "offer", "echo", "mouth", "wonder", "think",
})  # fmt: skip
TAG_VERBS = frozenset(SPEECH_VERBS - BEATS)
_CLOSING = re.compile(r"""["”’']\s*""")


@dataclass(slots=True)
class PunctuationSlip:
    """A slip from the end of a line's words to the end of the tag's first words, and its kind."""

    start: int
    end: int
    kind: str
    text: str


def dialogue_punctuation(text: str, tokens: Tokens, quotes: Sequence[Quote]) -> list[PunctuationSlip]:
    """The punctuation slips between each line of dialogue and the tag after it, in text order."""
    slips = []
    for quote in quotes:
        if quote.end <= quote.start:
            continue
        closing = _CLOSING.match(text, quote.end)
        if not closing:
            continue
        i = bisect_left(tokens.start, closing.end())
        if i + 1 >= len(tokens) or tokens.start[i] != closing.end() or tokens.paragraph[i] != tokens.paragraph[i - 1]:
            continue
        kind = _slip(text[max(0, quote.end - 3) : quote.end], tokens, i)
        if kind:
            start = quote.end - 1
            slips.append(PunctuationSlip(start, tokens.end[i + 1], kind, text[start : tokens.end[i + 1]]))
    return slips


def _slip(line_end: str, tokens: Tokens, i: int) -> str | None:
    """The kind of slip a line whose words end in `line_end` makes with the words from token `i`, if any."""
    last = line_end[-1]
    if line_end.endswith("..") or last == "…":
        return None
    first = tokens.text[i]
    pronoun = tokens.lower[i] in PRONOUNS
    capital = first[0].isupper() and first != "I"  # "I" is never lower-case
    speaker_then_verb = (pronoun or tokens.pos[i] == "PROPN") and tokens.lemma[i + 1] in TAG_VERBS
    verb_then_speaker = tokens.lemma[i] in TAG_VERBS and tokens.pos[i] == "VERB" and (
        tokens.lower[i + 1] in PRONOUNS or tokens.pos[i + 1] == "PROPN")
    tag = speaker_then_verb or verb_then_speaker
    if last == "," and pronoun and capital:
        return "capital after comma"
    if last in "?!" and tag and capital and (pronoun or verb_then_speaker):
        return "capital after ? or !"
    if last == "." and tag:
        return "full stop before tag"
    if last.isalnum() and tag and not (capital and pronoun):
        return "no comma before tag"
    return None

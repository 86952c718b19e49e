"""Genders names and pronouns left open, from how others address the character.

The characters stage reads gender from honorifics and from the he/she that
follows a name in narration. A first-person narrator is never "he" or "she" in
their own narration, so their gender is often unknown. Other characters give
it away when they address them: "Be free, my son." in a letter, "Thank you,
my lady." in a line of dialogue. A letter is addressed to whoever its
salutation names; in a first-person story an unnamed salutation ("My son,")
addresses the narrator, who is the one reading it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from .lexicon import GENDERED_NOUNS
from ..model import Character, Narration, Quote, Structure

# "..., my son." / "My dear boy," / "Thank you, my lady!": a vocative possessive.
_VOCATIVE = re.compile(
    r"(?:^[>\s]*|[,;—–]\s*)my\s+"
    r"(?:(?:dear|dearest|sweet|darling|little|poor|beloved|good|brave)\s+)?"
    r"([a-z]+)\s*(?=[,.!?;:—–]|$)",
    re.IGNORECASE | re.MULTILINE,
)
_WORD = re.compile(r"[\w'’-]+")
# "Never, sir." / "Indeed, madam": a bare form of address (not "Sir William").
_ADDRESS = re.compile(r"\b((?i:sir|madam|ma['’]am|madame|mademoiselle|monsieur|mister|missus))\b(?!\s+[A-Z])")
_ADDRESS_GENDERS = {"sir": "male", "monsieur": "male", "mister": "male"}


def complete_genders(
    text: str, characters: Sequence[Character], structure: Structure, quotes: Sequence[Quote], narration: Narration
) -> dict[str, str | None]:
    """Every character's gender: the characters stage's, else what vocatives addressed to them say."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for quote in quotes:
        if len(quote.addressees) == 1:
            votes[quote.addressees[0]].update(_vocative_genders(text[quote.start : quote.end]))
    names = {alias.lower(): c.id for c in characters for alias in c.aliases}
    narrator = narration.narrator if narration.pov == "first" else None
    for letter in structure.letters:
        salutation = letter.salutation or ""
        named = [names[w.lower()] for w in _WORD.findall(salutation) if w.lower() in names]
        addressee = named[0] if named else narrator
        sender = names.get((letter.sender or "").lower())
        if addressee is not None and addressee != sender:
            votes[addressee].update(_vocative_genders(text[letter.start : letter.end]))
    genders: dict[str, str | None] = {}
    for character in characters:
        genders[character.id] = character.gender or _majority(votes.get(character.id, Counter()))
    return genders


def addressed_gender(text: str) -> str | None:
    """The gender a quotation's forms of address give its addressee ("my son", "sir", "madam"),
    when they agree."""
    found = set(_vocative_genders(text))
    found.update(_ADDRESS_GENDERS.get(m.group(1).lower(), "female") for m in _ADDRESS.finditer(text))
    return found.pop() if len(found) == 1 else None


def _vocative_genders(text: str) -> list[str]:
    return [g for m in _VOCATIVE.finditer(text) if (g := GENDERED_NOUNS.get(m.group(1).lower()))]


def _majority(votes: Counter) -> str | None:
    total = sum(votes.values())
    if not total:
        return None
    gender, count = votes.most_common(1)[0]
    return gender if count / total >= 0.7 else None

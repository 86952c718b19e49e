"""Who a word of the text means: a name, a pronoun, "I" and "you" in a line.

Without a coreference model, pronouns are read as a careful reader reads
them most of the time: "I" in a line is its speaker and "you" its one hearer;
in narration, "I" is a first-person narrator, and "he" or "she" the last
character of that gender named before (the one before them when the sentence
already has them: "Harry kissed him" is not Harry kissing Harry), unless
someone unnamed came in since ("a little man ... he kissed me"). A first-person
narrator is never "he" or "she" of their own narration.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Token

from ..characters.lexicon import (
    ARCHAIC_SECOND_PERSON, FEMALE_PRONOUNS, FIRST_PERSON, GENDERED_NOUNS, MALE_PRONOUNS, MARRIED, SECOND_PERSON,
)
from ..characters.names import honorific_key
from ..model import Character, Mention, Quote

_LOOK_BACK = 40  # named characters a pronoun may reach back over
_SPOUSE_NEAR, _SPOUSE_CHARS = 12, 1500  # "his wife" means Mrs. his surname only if she was named this close
_HEARER = SECOND_PERSON | ARCHAIC_SECOND_PERSON


class Referents:
    """Resolves tokens (at their text offsets) to character ids."""

    def __init__(
        self,
        mentions: Sequence[Mention],
        quotes: Sequence[Quote],
        genders: dict[str, str | None],
        narrator: str | None = None,
        spouses: dict[tuple[str, str], str] | None = None,
    ) -> None:
        self.spouses = spouses or {}
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]
        self._quotes = sorted(quotes, key=lambda q: q.start)
        self._quote_starts = [q.start for q in self._quotes]
        narrated = [m for m in self._mentions if self.quote_at(m.start) is None]
        self._narrated = narrated
        self._narrated_starts = [m.start for m in narrated]
        self._genders = genders
        self.narrator = narrator

    def spouse(self, character: str, relation: str, offset: int) -> str | None:
        """Who "his wife" or "her husband" (`relation`) of `character` at `offset` means: the one
        the text calls Mrs. or Mr. his or her surname, when named shortly before; anyone else's
        wife in an anecdote, or a mother of that name, is not at hand."""
        spouse = self.spouses.get((character, relation))
        if spouse is None:
            return None
        i = bisect_right(self._starts, offset)
        recent = self._mentions[max(0, i - _SPOUSE_NEAR) : i]
        return spouse if any(m.character == spouse and offset - m.start < _SPOUSE_CHARS for m in recent) else None

    def quote_at(self, offset: int) -> Quote | None:
        """The quotation `offset` is inside, if any."""
        i = bisect_right(self._quote_starts, offset) - 1
        return self._quotes[i] if i >= 0 and offset < self._quotes[i].end else None

    def named(self, offset: int) -> str | None:
        """The character whose name covers `offset`, if any."""
        i = bisect_right(self._starts, offset) - 1
        return self._mentions[i].character if i >= 0 and offset < self._mentions[i].end else None

    def certainty(self, token: Token, offset: int) -> float:
        """How far to trust `resolve` on this token: a name is sure; "he" in narration is right
        most of the time; "I" and "you" in a line are as right as its speaker and hearer; "he" in a
        line often means someone not there."""
        if self.named(offset) is not None:
            return 1.0
        in_line = self.quote_at(offset) is not None
        if token.lower_ in FIRST_PERSON or token.lower_ in _HEARER:
            return 0.5 if in_line else 0.75
        return 0.25 if in_line else 0.75

    def resolve(self, token: Token, offset: int, avoid: str | None = None) -> str | None:
        """The character `token` (at text offset `offset`) means, if it can be told; `avoid` is a
        character the sentence already has in another role."""
        named = self.named(offset)
        if named is not None:
            return named
        word = token.lower_
        quote = self.quote_at(offset)
        if word in FIRST_PERSON:
            return quote.speaker if quote is not None else self.narrator
        if word in _HEARER:
            return quote.addressees[0] if quote is not None and len(quote.addressees) == 1 else None
        gender = "male" if word in MALE_PRONOUNS else "female" if word in FEMALE_PRONOUNS else None
        if gender is None:
            return None
        skip = {avoid, quote.speaker if quote is not None else self.narrator}
        i = bisect_right(self._narrated_starts, offset) - 1
        for mention in self._narrated[max(0, i - _LOOK_BACK) : i + 1][::-1]:
            if mention.start < offset and mention.character not in skip \
                    and self._genders.get(mention.character) == gender:
                return None if _someone_new(token, offset, mention.start, gender) else mention.character
        return None


def spouses_by_title(characters: Sequence[Character]) -> dict[tuple[str, str], str]:
    """Who "his wife" and "her husband" mean when the text names no one: John Cavendish's wife is
    the one woman the text calls "Mrs. Cavendish", and her husband the one man it calls
    "Mr. Cavendish". Keyed by (character, "wife" or "husband")."""
    titled_wife = {c.id: _titled(c, True) for c in characters if c.gender == "female"}
    wives: dict[str, list[str]] = {}
    husbands: dict[str, list[str]] = {}
    for character in characters:
        for surname in titled_wife.get(character.id, ()):
            wives.setdefault(surname, []).append(character.id)
        for surname in _titled(character, False) if character.gender == "male" else ():
            husbands.setdefault(surname, []).append(character.id)
    spouses = {}
    for character in characters:
        words = character.name.split()
        if character.gender == "male" and len(words) > 1 and len(wives.get(words[-1], ())) == 1:
            spouses[character.id, "wife"] = wives[words[-1]][0]
        as_wife = titled_wife.get(character.id, set())
        if len(as_wife) == 1 and len(husbands.get(surname := next(iter(as_wife)), ())) == 1:
            spouses[character.id, "husband"] = husbands[surname][0]
    return spouses


def _titled(character: Character, married: bool) -> set[str]:
    """The surnames a character is called by with a married woman's title ("Mrs. Cavendish") or,
    when not `married`, with "Mr."."""
    surnames = set()
    for name in (character.name, *character.aliases):
        words = name.split()
        key = honorific_key(words[0]) if len(words) == 2 else None
        if key is not None and (MARRIED.get(key) if married else key == "mr"):
            surnames.add(words[1])
    return surnames


def _someone_new(pronoun: Token, offset: int, named_at: int, gender: str) -> bool:
    """Whether someone unnamed of that gender came in since the character named at `named_at`, in
    the pronoun's sentence or the one before ("I cannoned into a little man ... he kissed me")."""
    paragraph_start = offset - pronoun.idx
    sentence = pronoun.sent
    first = sentence.start
    if first > 0:
        first = pronoun.doc[first - 1].sent.start
    for token in pronoun.doc[first : pronoun.i]:
        if paragraph_start + token.idx > named_at and GENDERED_NOUNS.get(token.lower_) == gender \
                and token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            return True
    return False

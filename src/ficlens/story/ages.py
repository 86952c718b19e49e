"""Which characters the text marks as children, each with the passage that says so.

A character is a child when the text gives them an age under `ADULT_AGE`
("Anne, who was eleven", "a twelve-year-old Naruto", "Oliver's ninth
birthday") or calls them a child ("Anne was only a child", "the little boy,
Oliver"), and no later passage gives them a grown age ("Harry, now
twenty-three"). What is said of a past ("when he was eleven", "as a child")
does not count: a story about grown people remembers their childhood.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Token

from ..characters.lexicon import SECOND_PERSON
from ..language import ParsedParagraph
from .bonds import Cue
from .cues import ADULT_AGE, CHILD_NOUNS, NUMBER_WORDS, ORDINAL_WORDS, TENS_WORDS, YOUNG_ADJECTIVES, YOUNG_NOUNS
from .referents import Referents

CHILD = "child"
CHILD_CALLED = 2  # times a character is called a child before they are one
_PAST_MARKERS = frozenset(("when", "since", "before", "after", "until", "while", "once", "as"))


def find_children(parsed: Sequence[ParsedParagraph], referents: Referents) -> dict[str, Cue]:
    """Character id -> the passage that makes them a child, for those the text leaves children."""
    latest: dict[str, tuple[bool, bool, Cue]] = {}
    called: Counter[str] = Counter()  # how often a child noun is said of each
    for paragraph in parsed:
        for sentence in paragraph.doc.sents:
            start, end = paragraph.offset + sentence.start_char, paragraph.offset + sentence.end_char
            for token in sentence:
                found = _age_of(token)
                stated = found is not None
                found = found or _child_noun(token)
                if found is None:
                    continue
                young, bearer, word = found
                in_line = referents.quote_at(paragraph.offset + token.idx) is not None
                if bearer is None or _about_the_past(token, in_line):
                    continue
                if word in CHILD_NOUNS | YOUNG_NOUNS and (bearer.lower_ in SECOND_PERSON or
                                                          referents.certainty(bearer, paragraph.offset + bearer.idx) < 0.5):
                    continue  # "don't be such a child", "he is a child of a noble nature" of someone unsure
                character = referents.resolve(bearer, paragraph.offset + bearer.idx)
                if character is None:
                    continue
                called[character] += not stated
                latest[character] = (young, stated, Cue(CHILD, word, character, character, 1.0, start, end))
    # An age is a fact; "a child" once may be a figure ("in his eyes she was still a child").
    return {character: cue for character, (young, stated, cue) in latest.items()
            if young and (stated or called[character] >= CHILD_CALLED)}


def _age_of(token: Token) -> tuple[bool, Token | None, str] | None:
    """(under age?, whose, words) for an age: "twelve years old", "twelve-year-old", "aged twelve",
    "who was twelve", "his ninth birthday"."""
    word = token.lower_
    if token.lemma_.lower() == "birthday" and (ordinal := _ordinal(token)) is not None:
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        return ordinal < ADULT_AGE, owner, f"{ordinal}th birthday"
    age = NUMBER_WORDS.get(word, TENS_WORDS.get(word)) if not word.isdecimal() else int(word) if len(word) <= 2 else None
    if age is None:
        return None
    doc = token.doc
    if token.i > 1 and doc[token.i - 1].lower_ == "-" and doc[token.i - 2].lower_ in TENS_WORDS:
        age += TENS_WORDS[doc[token.i - 2].lower_]  # "twenty-one"
    after = [t.lower_ for t in doc[token.i + 1 : token.i + 5] if t.lower_ != "-"]
    before = doc[token.i - 1].lower_ if token.i > 0 else ""
    if after[:2] in (["years", "old"], ["year", "old"]):
        old = next(t for t in doc[token.i + 1 : token.i + 5] if t.lower_ == "old")
        if old.dep_ == "amod":
            return age < ADULT_AGE, old.head if old.head.pos_ in ("PROPN", "PRON", "NOUN") else _next_name(old), \
                f"{age}-year-old"
        return age < ADULT_AGE, _subject(old), f"{age} years old"
    if before == "aged" or (before == "of" and token.i > 1 and doc[token.i - 2].lower_ == "age"):
        return age < ADULT_AGE, _subject(token) or _previous_name(token), f"aged {age}"
    if token.dep_ in ("attr", "acomp") and token.head.lemma_ == "be" and age >= 2 and not any(token.children):
        return age < ADULT_AGE, _subject(token), f"was {age}"
    return None


def _child_noun(token: Token) -> tuple[bool, Token | None, str] | None:
    """(True, whose, word) for a child noun said of a character: "Anne was a child", "the little
    boy, Oliver"; a possessed one ("her child") is a relation, not an age."""
    lemma = token.lemma_.lower()
    young = lemma in YOUNG_NOUNS and any(c.lower_ in YOUNG_ADJECTIVES for c in token.children if c.dep_ == "amod")
    if token.pos_ != "NOUN" or not (lemma in CHILD_NOUNS or young):
        return None
    if any(c.dep_ == "poss" for c in token.children) or token.head.lower_ in ("as", "like"):
        return None
    if token.dep_ == "appos":
        return True, token.head, lemma
    appositive = next((c for c in token.children if c.dep_ == "appos"), None)
    if appositive is not None:
        return True, appositive, lemma
    if token.dep_ == "attr" and token.head.lemma_ == "be":
        return True, _subject(token), lemma
    return None


def _about_the_past(token: Token, in_line: bool) -> bool:
    """Whether the clause of `token` tells a past ("when he was eleven", "I was sixteen when you
    were born", "had been"); in a line, anything but the present ("I'm only twelve!")."""
    clause = token
    while clause.dep_ not in ("ROOT", "relcl", "advcl", "ccomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "advcl" or any(c.dep_ == "mark" and c.lower_ in _PAST_MARKERS for c in clause.children):
        return True
    if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in _PAST_MARKERS for g in c.children)
           for c in clause.children):
        return True
    if in_line and clause.tag_ not in ("VBP", "VBZ"):
        return True
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in clause.children)


def _subject(token: Token) -> Token | None:
    """The subject of the verb `token` hangs from; for a relative clause, the noun it tells of."""
    verb = token.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.tag_ == "WP" and verb.dep_ == "relcl":
        return verb.head  # "Anne, who was eleven"
    return subject


def _next_name(token: Token) -> Token | None:
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return following if following is not None and following.pos_ == "PROPN" else None


def _previous_name(token: Token) -> Token | None:
    for candidate in reversed(token.doc[max(0, token.i - 4) : token.i]):
        if candidate.pos_ == "PROPN":
            return candidate
    return None


def _ordinal(token: Token) -> int | None:
    for child in token.children:
        word = child.lower_
        if child.i > 0 and child.doc[child.i - 1].lower_ == "-":
            return None  # "twenty-second"
        if word in ORDINAL_WORDS:
            return ORDINAL_WORDS[word]
        digits = word.rstrip("stndrh")
        if digits.isdigit() and word != digits:
            return int(digits)
    return None

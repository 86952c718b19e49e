"""Find the names in a story and how each place uses it.

Generic NER labels are not trusted (the small model calls "Draco" an ORG): a
name is a run of proper nouns (with a surname's particles), perhaps after an
honorific, or a capitalised word English does not know. Each occurrence keeps
what a reader would notice of it (said to someone, given as one's own, the
subject of which verb, at a sentence's start, a whole quote); whether the name
is a person's is the person classifier's to say (see `people`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..dialogue.quotes import QuoteIndex
from ..language import ParsedParagraph, english_words
from .first_names import census_rank
from .lexicon import HONORIFICS, LANGUAGES, NOT_NAMES, PARTICLES

_ENDEARMENTS = {"dear", "dearest", "my", "poor", "little", "old", "young", "good", "sweet", "darling", "oh", "o"}
_INITIAL = re.compile(r"[A-Z]\.?")
_NAME_TOKEN = re.compile(r"[A-Z][^\W\d_]*(?:['’\-][^\W\d_]+)?\.?")


@dataclass(slots=True)
class NameOccurrence:
    """One place a name is written, and what the name is made of."""

    start: int
    end: int
    honorific: str | None  # as written: "Mr.", "Miss"
    parts: tuple[str, ...]  # name words without the honorific: ("Harry", "James", "Potter")
    paragraph: int
    in_quote: bool
    vocative: bool = False
    introduced: bool = False  # the speaker's own name, introduced ("My name is Potter, Harry Potter")
    utterance: bool = False  # all the words of its quote: a name called, or a spell cast ("Draco," "Episkey!")
    subject_of: str | None = None  # lemma of the verb it is the subject of
    sentence_start: bool = False

    @property
    def text(self) -> str:
        return " ".join(((self.honorific,) if self.honorific else ()) + self.parts)


def honorific_key(word: str) -> str | None:
    """"mr" for "Mr." or "Mr"; None when the word is no honorific."""
    key = word.lower().rstrip(".")
    return key if key in HONORIFICS else None


def find_names(
    parsed: Sequence[ParsedParagraph], quotes: Sequence[tuple[int, int]], text: str = ""
) -> list[NameOccurrence]:
    """Every proper-noun name run in the parsed paragraphs, with how it is used (`text`, the
    work's text, tells a name that is a whole quote)."""
    occurrences: list[NameOccurrence] = []
    quote_index = QuoteIndex(quotes)
    for index, paragraph in enumerate(parsed):
        doc = paragraph.doc
        i = 0
        introduced: tuple[int, tuple[str, ...]] = (-1, ())  # the token after the speaker's own name, and its words
        while i < len(doc):
            found = _name_at(doc, i)
            if found is None:
                i += 1
                continue
            first, last, honorific = found
            parts = _parts(doc, first if honorific is None else first + 1, last)
            if parts:
                start = paragraph.offset + doc[first].idx
                end = paragraph.offset + doc[last - 1].idx + len(doc[last - 1].text)
                in_quote = quote_index.inside(start)
                own = in_quote and (_introduces(doc, first, last) or _restates(doc, first, parts, introduced))
                if own:
                    introduced = (last, parts)
                occurrences.append(
                    NameOccurrence(
                        start,
                        end,
                        honorific,
                        parts,
                        index,
                        in_quote,
                        vocative=in_quote and not own and _vocative(doc, first, last),
                        introduced=own,
                        utterance=in_quote and _whole_quote(text, quote_index.span(start), start, end),
                        subject_of=_subject_verb(doc, first, last),
                        sentence_start=_starts_sentence(doc, first),
                    )
                )
            i = last
    return occurrences


def known_people_words(known_people: Sequence[str]) -> list[str]:
    """The words of declared names, whole and split at hyphens ("Granger-Weasley", "Granger")."""
    return [w for name in known_people for w in re.split(r"[\s-]+", name) + name.split() if len(w) > 1]


def _name_at(doc: Doc, i: int) -> tuple[int, int, str | None] | None:
    """(first token, end token, honorific) of a name starting at token i, or None."""
    token = doc[i]
    if token.lower_ in _ENDEARMENTS:
        return None
    honorific = None
    j = i
    if honorific_key(token.text) and token.text[:1].isupper() and (
        _is_name_token(_after_break(doc, i + 1)) or _particle(doc, i + 1)
    ):
        honorific = token.text
        j = i + 1
    elif not (_is_name_token(token) or _particle(doc, i)) or token.lower_ in NOT_NAMES and not _first_name_of(doc, i):
        return None
    k = j
    while k < len(doc) and (
        _is_name_token(doc[k]) or _hyphen_join(doc, k) or _middle_initial(doc, k) or _line_break(doc, k)
        or _particle(doc, k)
    ):
        if k > j and honorific_key(doc[k].text):
            break  # "Miss Woodhouse Miss Taylor" is two names
        if k > j and doc[k].lower_ in LANGUAGES:
            break  # "teaching Lucy Italian"
        if k > j and _acts(doc[k]):
            break  # "McGonagall Apparated beside them": a name, then what its bearer did
        k += 1
    while k > j and (doc[k - 1].text in ("-", "–") or doc[k - 1].is_space):
        k -= 1
    if k == j:
        return None
    return i, k, honorific


_VERB_DEPENDENTS = frozenset(("prep", "advmod", "dobj", "prt", "agent", "xcomp", "ccomp", "advcl", "acomp", "aux", "neg"))


def _acts(token: Token) -> bool:
    """Whether a capitalised word after a name is a verb the tagger took for part of it: tagged a
    verb, or heading the sentence with a verb's dependents ("Apparated beside them")."""
    return token.pos_ == "VERB" or token.dep_ == "ROOT" and any(c.dep_ in _VERB_DEPENDENTS for c in token.children)


def _first_name_of(doc: Doc, i: int) -> bool:
    """Whether a word that is mostly no name but is a first name ("May", "June", "Will") opens a full
    name here: tagged a proper noun inside a sentence and followed by a name ("May Welland"; not "May
    I", "in May", nor "Hello Potter")."""
    token = doc[i]
    return token.pos_ == "PROPN" and not token.is_sent_start and census_rank(token.text, "first") is not None \
        and i + 1 < len(doc) and _is_name_token(doc[i + 1]) and doc[i + 1].lower_ not in NOT_NAMES


def _particle(doc: Doc, k: int) -> bool:
    """A lower-case surname particle followed by the rest of a name: "van der" in "Henry van
    der Luyden", "de" in "Mrs. de Winter"."""
    while k < len(doc) and doc[k].text in PARTICLES:
        k += 1
        if k < len(doc) and _is_name_token(doc[k]):
            return True
    return False


def _is_name_token(token: Token | None) -> bool:
    if token is None:
        return False
    text = token.text
    if len(text) > 2 and text.isupper():
        return False  # shouting, headings and letter captions, not names
    if not _NAME_TOKEN.fullmatch(text) or token.lower_ in NOT_NAMES and token.pos_ != "PROPN":
        return False
    if token.pos_ == "PROPN" or token.tag_ in ("NNP", "NNPS"):
        return not (token.is_sent_start and token.lower_ in NOT_NAMES)
    return _unknown_capitalized(token)


def _unknown_capitalized(token: Token) -> bool:
    """A capitalised word English does not know: a name the tagger missed."""
    text = token.text
    return (
        len(text) >= 3
        and text.isalpha()
        and text[0].isupper()
        and not text.isupper()
        and not token.is_stop
        and token.pos_ in ("NOUN", "ADJ", "ADV", "VERB", "X")
        and text.lower() not in english_words()
    )


def _line_break(doc: Doc, k: int) -> bool:
    """Extra whitespace inside a name, as a hard-wrapped, indented line leaves it ("Mrs.\n  Gardiner")."""
    return doc[k].is_space and k + 1 < len(doc) and _is_name_token(doc[k + 1])


def _after_break(doc: Doc, k: int) -> Token | None:
    """Token k, or the one after it when token k is extra whitespace."""
    if k < len(doc) and doc[k].is_space:
        k += 1
    return doc[k] if k < len(doc) else None


def _hyphen_join(doc: Doc, k: int) -> bool:
    """"Granger-Weasley" split by the tokenizer into Granger, -, Weasley."""
    token = doc[k]
    return (
        token.text in ("-", "–")
        and k > 0
        and k + 1 < len(doc)
        and not doc[k - 1].whitespace_
        and not token.whitespace_
        and _is_name_token(doc[k + 1])
    )


def _middle_initial(doc: Doc, k: int) -> bool:
    """"A." in "Lucius A. Malfoy", which the tagger may call a noun."""
    return (
        k > 0
        and k + 1 < len(doc)
        and len(doc[k].text) == 2
        and doc[k].text[1] == "."
        and doc[k].text[0].isupper()
        and _is_name_token(doc[k + 1])
    )


def _parts(doc: Doc, first: int, last: int) -> tuple[str, ...]:
    words: list[str] = []
    glue = False
    for token in doc[first:last]:
        if token.is_space:
            continue
        if token.text in ("-", "–"):
            glue = True
            continue
        if glue and words:
            words[-1] = f"{words[-1]}-{token.text}"
        else:
            words.append(token.text)
        glue = False
    if all(word.lower().rstrip(".") in NOT_NAMES or _INITIAL.fullmatch(word) for word in words):
        return ()
    return tuple(words)


# Words after which a name is said to someone: quote marks, "Oh", "Dear", greetings ("Hello Potter,").
_BEFORE_VOCATIVE = frozenset({"“", '"', "‘", "'", "O", "Oh", "oh", "Dear", "dear",
                              "Hello", "Hi", "Hey", "Goodbye", "Bye", "Morning", "Evening", "Night"})


def _vocative(doc: Doc, first: int, last: int) -> bool:
    """A name set off by commas or quote edges inside dialogue: "Draco, where's the sugar?",
    "You observed it, Mr. Darcy, I am sure", "Hello Potter, ..."."""
    before = doc[first - 1].text if first > 0 else ""
    after = doc[last].text if last < len(doc) else ""
    opens = first == 0 or before in _BEFORE_VOCATIVE
    closes = after in (".", "!", "?", "”", '"', "’", "'", "—", "…", "", ",", ";")
    return (before == "," and closes) or (opens and after == ",")


_INTRODUCTIONS = (("my", "name", "is"), ("my", "name", "'s"), ("my", "name", "'s", "is"), ("i", "'m"), ("i", "am"),
                  ("call", "me"))  # with straight apostrophes: curly ones are straightened before matching


def _introduces(doc: Doc, first: int, last: int) -> bool:
    """Whether the name at tokens `first:last` comes straight after the speaker introducing
    themselves: "My name is Harry", "I'm Draco Malfoy", "Call me Harry" (not "I'm Harry's")."""
    if last < len(doc) and doc[last].lower_.replace("’", "'") == "'s":
        return False
    before = tuple(t.lower_.replace("’", "'") for t in doc[max(0, first - 4) : first])
    return any(before[-len(words):] == words for words in _INTRODUCTIONS)


def _restates(doc: Doc, first: int, parts: tuple[str, ...], introduced: tuple[int, tuple[str, ...]]) -> bool:
    """Whether the name at `first` restates the speaker's own name given just before,
    after a comma ("Potter, Harry Potter"): the same person, not someone addressed."""
    end, own = introduced
    return end >= 0 and first == end + 1 and doc[end].text == "," and bool(set(parts) & set(own))


def _whole_quote(text: str, quote: tuple[int, int] | None, start: int, end: int) -> bool:
    """Whether the quote holds nothing but the name at `[start, end)` and punctuation."""
    if not text or quote is None:
        return False
    rest = text[quote[0] : start] + text[end : quote[1]]
    return not any(c.isalnum() for c in rest)


def pronoun_follows(doc: Doc, last: int) -> bool:
    """A he/she later in the same sentence, with no other name between."""
    sentence_end = doc[last - 1].sent.end if last > 0 else len(doc)
    for token in doc[last:sentence_end]:
        if token.pos_ == "PROPN":
            return False
        if token.lower_ in ("he", "she") and token.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def _starts_sentence(doc: Doc, i: int) -> bool:
    """At a sentence's start, or right after an opening quote or dash."""
    j = i
    while j > 0 and (doc[j - 1].is_punct or doc[j - 1].is_space) and not doc[j - 1].text in (",", ";"):
        j -= 1
        if doc[j].is_sent_start or j == 0:
            return True
    return doc[i].is_sent_start or i == 0


def _subject_verb(doc: Doc, first: int, last: int) -> str | None:
    for token in doc[first:last]:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
            return token.head.lemma_.lower()
    return None


def _token_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)

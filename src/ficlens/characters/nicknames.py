"""Names only ever said to someone: what the speaker calls the one they talk to.

"I'm tired, Lee," Draco says to Candy, and "Lee" appears nowhere else: a
reader takes it for Draco's name for Candy, not for a third person. Once the
speakers are known, a name of one word, whose every use is a vocative (one of
them in a sentence, not said alone), which no one speaking bears, and whose
every use is answered by one and the same character in a conversation of two
(for a name said often, most of them), is that character's alias, whether the
cast kept it as a character or left it out as seen too seldom ("Thquire" is
Sleary's "Squire", Mr. Gradgrind; "Work'us" is Oliver).

The same answers tell who a description is: a character the narration calls
"the Jew", who answers whenever the others say "Fagin", is Fagin; and who a
title and surname is: "Mr. Archer", answered by Newland Archer, is he, and "Mr.
Vane", answered by an "Adrian" whose surname the text never writes, is Adrian.
A title shared by several of a family ("Miss Bennet", said to one sister and
another) joins no one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import Quote
from . import Cast
from .cluster import compatible
from .names import honorific_key

_REACH = 3  # quotes before and after a vocative in which its hearer is looked for
_PERSON_AT_LEAST = 0.25  # what the person classifier must think of a name the cast left out
MANY = 3  # answers by one hearer that let a few others be misread
AGREEMENT = 0.75  # share of the answers that hearer must give


def join_nicknames(cast: Cast, quotes: Sequence[Quote]) -> dict[str, str]:
    """Join each name only ever said to one hearer to that hearer; returns {joined id: hearer id}.

    The name may be a character's, or one the cast left out as too seldom seen (but not
    surely no one's). `quotes` are in text order, with their speakers decided; speakers and
    addressees are rewritten to the hearer's id.
    """
    starts = [q.start for q in quotes]
    spoken = Counter(q.speaker for q in quotes if q.speaker)
    by_name: dict[str, list] = defaultdict(list)
    for occurrence in cast.candidates:
        by_name[occurrence.text].append(occurrence)
    said_of: dict[str, set[str]] = defaultdict(set)  # character -> its names
    for name in by_name:
        character = cast.lookup(name)
        if character:
            said_of[character].add(name)
    joined: dict[str, str] = {}
    for name, found in by_name.items():
        character = cast.lookup(name)
        if character is None and cast.person.get(name, 0.0) < _PERSON_AT_LEAST:
            continue
        if character is not None and (spoken[character] or len(said_of[character]) > 1):
            continue
        called = [o for o in found if o.vocative]
        if any(len(o.parts) > 1 or o.honorific for o in found) or not _most(len(called), len(found)):
            continue
        if all(o.utterance for o in found):
            continue  # said alone, a call or a spell ("Episkey,"): no sentence says it is a name
        hearer = cast.get(_answerer([_hearer(quotes, bisect_right(starts, o.start) - 1, character) for o in called]))
        known = cast.get(character)
        if hearer is None or known is not None and (
                hearer.mentions <= known.mentions or not compatible(known.gender, hearer.gender)):
            continue
        if known is None:
            cast.alias(name, hearer.id)
        else:
            cast.join(known.id, hearer.id)
            joined[known.id] = hearer.id
    _rewrite(quotes, joined)
    return joined | join_titles(cast, quotes)


def join_titles(cast: Cast, quotes: Sequence[Quote]) -> dict[str, str]:
    """Join each character known only by a title and a surname ("Mr. Vane") to the one who answers
    when the others call them by it ("Adrian"); returns {joined id: hearer id}.

    The hearer must have that surname among its names, or no surname at all, and a gender that
    does not clash; a father called "Mr. Emerson" is answered by himself, never by his son.
    """
    hearers = _hearers(cast, quotes)
    joined: dict[str, str] = {}
    for named_id, heard in hearers.items():
        named, hearer = cast.get(named_id), cast.get(_answerer(heard))
        if named is None or hearer is None or hearer.id in joined or named.id in joined \
                or sum(h == hearer.id for h in heard) < MANY or hearer.mentions <= named.mentions:
            continue
        surname = _titled_surname(named)
        if surname is None or not compatible(named.gender, hearer.gender):
            continue
        theirs = {words[-1] for name in _names(hearer) if len(words := name.split()) > 1}
        if theirs and surname not in theirs or len(_kin(cast, surname, named.gender)) > 1:
            continue  # "Miss Bennet", said to any of five sisters, is no one sister's name
        cast.join(named.id, hearer.id)
        joined[named.id] = hearer.id
    _rewrite(quotes, joined)
    return joined


def _kin(cast: Cast, surname: str, gender: str | None) -> list[str]:
    """Characters named in full with this surname whose gender may be `gender`."""
    return [c.id for c in cast.characters if compatible(c.gender, gender) and any(
        len(words := name.split()) > 1 and words[-1] == surname and not honorific_key(words[0]) for name in _names(c))]


def _titled_surname(character) -> str | None:
    """The surname of a character all of whose names are a title and that one word ("Mr. Vyse")."""
    words = {tuple(name.split()) for name in _names(character)}
    surnames = {w[-1] for w in words}
    titled = [w for w in words if len(w) == 2 and honorific_key(w[0])]
    if len(surnames) != 1 or not titled or any(len(w) > 1 and w not in titled for w in words):
        return None
    return surnames.pop()


def join_epithets(cast: Cast, quotes: Sequence[Quote]) -> dict[str, str]:
    """Join each character the narration knows by an epithet ("the Jew", "the Dodger") to the
    named character whose name the others call them by ("Fagin"); returns {joined id: named id}.

    The one who answers a name said to someone is its bearer (see `_answerer`); a word the
    narration writes after "the" is a description, which a bearer of a name may go by; the two
    are one when sentences name both less than half as often as the described one and its usual
    company ("Barney looked at Fagin, the Jew remaining silent" is a writer's variation).
    """
    hearers = _hearers(cast, quotes)
    joined: dict[str, str] = {}
    for named_id, heard in hearers.items():
        named, hearer = cast.get(named_id), cast.get(_answerer(heard))
        if named is None or hearer is None or hearer.id in joined or named.id in joined \
                or sum(h == hearer.id for h in heard) < MANY:
            continue
        if not _epithet(cast, hearer) or _epithet(cast, named) or not compatible(named.gender, hearer.gender):
            continue
        company = _company(cast, hearer)
        if company[named.id] > TOGETHER_SHARE * max((n for c, n in company.items() if c != named.id), default=0):
            continue
        cast.join(hearer.id, named.id)
        joined[hearer.id] = named.id
    _rewrite(quotes, joined)
    return joined


EPITHET_SHARE = 0.8  # of a character's mentions written after "the", "a" or "an"
TOGETHER_SHARE = 0.5  # of the sentences naming a character with its most frequent company


def _epithet(cast: Cast, character) -> bool:
    """Whether the narration writes the character's names as descriptions: "the Jew", not "Fagin"."""
    names = _names(character)
    shares = [cast.features[name]["after_the"] for name in names if name in cast.features]
    return bool(shares) and all(len(name.split()) == 1 for name in names) and sum(shares) / len(shares) >= EPITHET_SHARE


def _company(cast: Cast, character) -> Counter[str]:
    """How many sentences name `character` with each other character."""
    own = set(_names(character))
    company: Counter[str] = Counter()
    for pair, sentences in cast.together.items():
        if len(own & pair) == 1 and (other := cast.lookup(next(iter(pair - own)))) not in (None, character.id):
            company[other] += sentences
    return company


def _names(character) -> list[str]:
    return [character.name, *character.aliases]


def _rewrite(quotes: Sequence[Quote], joined: dict[str, str]) -> None:
    """Speakers and addressees of joined characters given to the character they joined."""
    for quote in quotes:
        quote.speaker = joined.get(quote.speaker, quote.speaker) if quote.speaker else None
        quote.addressees = list(dict.fromkeys(joined.get(a, a) for a in quote.addressees))


def _hearers(cast: Cast, quotes: Sequence[Quote]) -> dict[str, list[str | None]]:
    """For each character, who answers each time a name of theirs is said to someone (see `_hearer`)."""
    starts = [q.start for q in quotes]
    hearers: dict[str, list[str | None]] = defaultdict(list)
    for occurrence in cast.occurrences:
        named = cast.occurrence_character(occurrence) if occurrence.vocative else None
        if named is not None:
            hearers[named].append(_hearer(quotes, bisect_right(starts, occurrence.start) - 1, named))
    return hearers


def _answerer(hearers: list[str | None]) -> str | None:
    """The one who answers a name whenever an answer can be seen (`None`: no conversation of two to
    tell), or most times when it is said often: a misread turn or a third voice must not undo
    "Thquire", said thirty times to Mr. Gradgrind."""
    told = Counter(h for h in hearers if h)
    if not told:
        return None
    hearer, answers = told.most_common(1)[0]
    return hearer if _most(answers, told.total()) else None


def _most(part: int, whole: int) -> bool:
    """All, or for a name said often (`MANY` times or more), `AGREEMENT` of them."""
    return part == whole or part >= MANY and part >= AGREEMENT * whole


def _hearer(quotes: Sequence[Quote], index: int, name: str | None) -> str | None:
    """The one who answers quote `index` in a conversation of two: the next speaker who is
    not its own, when every speaker `_REACH` quotes around is one of the two."""
    if index < 0 or quotes[index].speaker is None:
        return None
    speaker = quotes[index].speaker
    after = next((q.speaker for q in quotes[index + 1 : index + 1 + _REACH] if q.speaker != speaker), None)
    around = {q.speaker for q in quotes[max(0, index - _REACH) : index + 1 + _REACH]} - {None}
    if after in (None, name) or around != {speaker, after}:
        return None
    return after

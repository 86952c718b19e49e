"""Names only ever said to someone: what the speaker calls the one they talk to.

"I'm tired, Lee," Draco says to Candy, and "Lee" appears nowhere else: a
reader takes it for Draco's name for Candy, not for a third person. Once the
speakers are known, a character known by one word, whose every mention is a
vocative, who never speaks, and whose every vocative is answered by one and
the same other character (the next speaker, who also spoke last before it),
is joined to that character as an alias ("Thquire" is Sleary's
"Squire", Mr. Gradgrind; "Work'us" is Oliver).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import Quote
from . import Cast

_REACH = 3  # quotes before and after a vocative in which its hearer is looked for


def join_nicknames(cast: Cast, quotes: Sequence[Quote]) -> dict[str, str]:
    """Join each name only ever said to one hearer to that hearer; returns {joined id: hearer id}.

    `quotes` are in text order, with their speakers decided; their speakers and
    addressees are rewritten to the hearer's id.
    """
    starts = [q.start for q in quotes]
    spoken = Counter(q.speaker for q in quotes if q.speaker)
    occurrences: dict[str, list] = defaultdict(list)
    for occurrence in cast.occurrences:
        character = cast.occurrence_character(occurrence)
        if character:
            occurrences[character].append(occurrence)
    joined: dict[str, str] = {}
    for character in list(cast.characters):
        found = occurrences.get(character.id, [])
        if not found or spoken[character.id] or not all(o.vocative and len(o.parts) == 1 and not o.honorific
                                                         for o in found):
            continue
        hearers = {_hearer(quotes, bisect_right(starts, o.start) - 1, character.id) for o in found}
        if len(hearers) != 1 or None in hearers:
            continue
        hearer = cast.get(hearers.pop())
        if hearer is None or hearer.mentions <= character.mentions or not _compatible(character.gender, hearer.gender):
            continue
        cast.join(character.id, hearer.id)
        joined[character.id] = hearer.id
    for quote in quotes:
        quote.speaker = joined.get(quote.speaker, quote.speaker) if quote.speaker else None
        quote.addressees = list(dict.fromkeys(joined.get(a, a) for a in quote.addressees))
    return joined


def _hearer(quotes: Sequence[Quote], index: int, name: str) -> str | None:
    """The one who answers quote `index`: the next speaker who is not its own, when the
    last other speaker before it (if any) is the same one."""
    if index < 0 or quotes[index].speaker is None:
        return None
    speaker = quotes[index].speaker
    after = next((q.speaker for q in quotes[index + 1 : index + 1 + _REACH] if q.speaker != speaker), None)
    before = next((q.speaker for q in reversed(quotes[max(0, index - _REACH) : index]) if q.speaker != speaker), None)
    if after in (None, name) or before not in (None, after):
        return None
    return after


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b

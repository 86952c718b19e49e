"""Who tells a first-person story, when the text names them.

A narrator is rarely named in narration; the text names them through others:
the names other characters call them by ("Draco," said to him), the names
they give themselves in their own speech ("my name's Malfoy, Draco Malfoy"),
and the salutations of letters they receive.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

from ..characters import Cast
from ..characters.names import NameOccurrence
from ..characters.lexicon import FIRST_PERSON
from ..language import ParsedParagraph

_MIN_SCORE = 1.5
_PERSON_AT_LEAST = 0.1  # what the person classifier must think of a name the cast left out


def find_narrator(
    parsed: Sequence[ParsedParagraph],
    quotes: Sequence[tuple[int, int, int]],
    cast: Cast,
    letter_salutations: Sequence[str] = (),
) -> str | None:
    """The character id of the first-person narrator, or the name the text gives them when
    no character bears it yet, or None if the text never names them.

    `quotes` are (start, end, paragraph index) of the quotations.
    """
    # Every name the story writes counts, not only the cast's: a narrator's name is often
    # said only to them, too seldom for the cast to take it for a person's.
    names = sorted((o for o in cast.candidates if cast.person.get(o.text, 1.0) >= _PERSON_AT_LEAST),
                   key=lambda o: o.start)
    starts = [o.start for o in names]

    def within(start: int, end: int) -> list[NameOccurrence]:
        return names[bisect_left(starts, start) : bisect_left(starts, end)]

    def who(occurrence: NameOccurrence) -> str:
        return cast.occurrence_character(occurrence) or occurrence.text

    scores: Counter = Counter()
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for start, end, paragraph in quotes:
        by_paragraph.setdefault(paragraph, []).append((start, end))
    for paragraph, spans in by_paragraph.items():
        narrator_speaks = _narrator_tag(parsed[paragraph], spans)
        for start, end in spans:
            if narrator_speaks is not False:
                weight = 3 if narrator_speaks else 1
                for character in {who(o) for o in within(start, end) if o.introduced}:
                    scores[character] += weight
            if narrator_speaks is not True:
                weight = 1 if narrator_speaks is False else 0.5
                for occ in within(start, end):
                    if occ.vocative or occ.utterance:
                        scores[who(occ)] += weight
    for salutation in letter_salutations:
        character = cast.lookup(salutation.strip("> ,"))
        if character:
            scores[character] += 1
    # A narrator is rarely the named subject of their own narration: a frame
    # narrator's characters ("Pooh," says Christopher Robin) are not the narrator.
    named_subject = Counter(
        cast.occurrence_character(o) for o in cast.occurrences if o.subject_of and not o.in_quote
    )
    for best, score in scores.most_common():
        if score < _MIN_SCORE:
            return None
        if named_subject[best] <= max(3.0, score):
            return best
    return None


def _narrator_tag(paragraph: ParsedParagraph, spans: list[tuple[int, int]]) -> bool | None:
    """True when the narration around the quotes has "I" as a subject, False when
    another subject, None when there is no narration to tell."""
    offset = paragraph.offset
    subjects = [
        t
        for t in paragraph.doc
        if t.dep_ in ("nsubj", "nsubjpass") and not any(s <= offset + t.idx < e for s, e in spans)
    ]
    if not subjects:
        return None
    return subjects[0].lower_ in FIRST_PERSON

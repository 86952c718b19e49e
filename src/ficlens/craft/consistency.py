"""Consistency: one word written two ways in the same story.

Three checks, as ProWritingAid's consistency report makes them:
- a name spelt two ways ("Hermione" and "Hermoine"): a capitalised word of at
  least MIN_NAME letters that no dictionary knows, one edit (a letter changed,
  added, dropped, or two swapped) from a name used at least NAME_RATIO times as
  often, and not that name plus "s";
- British and American spellings mixed ("colour" and "gray"): the pairs of
  `SPELLINGS`, each with its inflected forms; reported when both sides are used,
  the rarer side's words marked;
- one compound hyphenated and not ("half-blood" and "half blood" or "halfblood"):
  a hyphenated pair of words also written closed up, or open when neither word
  is a stop word ("well known" and "well-known" follow a grammar rule).
For each, the rarer forms' uses are the passages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Span
from .english import STOP, frequency, symspell_words
from .tokens import Tokens

MIN_NAME = 5  # letters
NAME_RATIO = 3  # the commoner spelling of a name is used at least this many times as often
# Common British spellings and their American forms (base words; inflections are added).
SPELLINGS = [
    ("colour", "color"), ("favour", "favor"), ("favourite", "favorite"), ("honour", "honor"),
    ("humour", "humor"), ("labour", "labor"), ("neighbour", "neighbor"), ("rumour", "rumor"),
    ("behaviour", "behavior"), ("harbour", "harbor"), ("armour", "armor"), ("flavour", "flavor"),
    ("parlour", "parlor"), ("glamour", "glamor"), ("vapour", "vapor"), ("odour", "odor"),
    ("realise", "realize"), ("recognise", "recognize"), ("apologise", "apologize"),
    ("organise", "organize"), ("emphasise", "emphasize"), ("memorise", "memorize"),
    ("criticise", "criticize"), ("sympathise", "sympathize"), ("agonise", "agonize"),
    ("analyse", "analyze"), ("paralyse", "paralyze"), ("centre", "center"), ("theatre", "theater"),
    ("litre", "liter"), ("fibre", "fiber"), ("sombre", "somber"),
    ("grey", "gray"), ("defence", "defense"), ("offence", "offense"), ("pretence", "pretense"),
    ("travelled", "traveled"), ("travelling", "traveling"),
    ("cancelled", "canceled"), ("jewellery", "jewelry"), ("pyjamas", "pajamas"), ("mum", "mom"),
    ("catalogue", "catalog"), ("dialogue", "dialog"), ("plough", "plow"), ("aluminium", "aluminum"),
    ("sceptical", "skeptical"), ("moustache", "mustache"),
    ("manoeuvre", "maneuver"), ("aeroplane", "airplane"),
    ("enrol", "enroll"), ("fulfil", "fulfill"), ("judgement", "judgment"),
]  # fmt: skip
_WHOLE = {  # written as they are, without inflections
    "mum", "mom", "travelled", "traveled", "travelling", "traveling", "cancelled", "canceled", "pyjamas",
    "pajamas", "jewellery", "jewelry", "aluminium", "aluminum", "sceptical", "skeptical",
}  # fmt: skip


@dataclass(slots=True)
class Inconsistency:
    """One word written more than one way: the check (`kind` "name", "british-american" or
    "hyphenation"), each form with its count (the commoner first), the uses of the rarer
    forms, and a line saying it ("Hermione ×40, Hermoine ×2")."""

    kind: str
    forms: dict[str, int]
    spans: list[Span]
    summary: str


def inconsistencies(tokens: Tokens) -> list[Inconsistency]:
    """Every inconsistency found, names first, then spellings, then compounds."""
    return [*_names(tokens), *_british_american(tokens), *_hyphenation(tokens)]


def _names(tokens: Tokens) -> list[Inconsistency]:
    uses: dict[str, list[int]] = defaultdict(list)
    proper: set[str] = set()
    for i, text in enumerate(tokens.text):
        if len(text) >= MIN_NAME and text.isalpha() and text[0].isupper() and not text.isupper():
            uses[text].append(i)
            if tokens.pos[i] == "PROPN":
                proper.add(text)
    by_length: dict[int, list[str]] = defaultdict(list)
    for name in proper:
        by_length[len(name)].append(name)
    known = symspell_words()
    found = []
    for rare in uses:
        if frequency(rare.lower()) or rare.lower() in known:
            continue  # a word of its own ("Larry" beside "Harry", "There" beside "Where")
        candidates = [n for d in (-1, 0, 1) for n in by_length.get(len(rare) + d, ()) if n != rare]
        for common in candidates:
            if len(uses[common]) >= NAME_RATIO * len(uses[rare]) and _one_edit(rare, common) and not _plural(rare, common):
                forms = {common: len(uses[common]), rare: len(uses[rare])}
                found.append(Inconsistency("name", forms, [Span(tokens.start[i], tokens.end[i]) for i in uses[rare]],
                                           _listed(forms)))
                break
    return found


def _british_american(tokens: Tokens) -> list[Inconsistency]:
    side_of: dict[str, int] = {}  # form -> 0 British, 1 American
    for pair in SPELLINGS:
        for side, word in enumerate(pair):
            for form in _forms(word):
                side_of.setdefault(form, side)
    uses: dict[int, dict[str, list[int]]] = {0: defaultdict(list), 1: defaultdict(list)}
    for i, lower in enumerate(tokens.lower):
        side = side_of.get(lower)
        if side is not None and tokens.text[i].isalpha():
            uses[side][lower].append(i)
    if not uses[0] or not uses[1]:
        return []
    counts = [sum(len(found) for found in uses[side].values()) for side in (0, 1)]
    rare = 0 if counts[0] < counts[1] else 1
    forms = {form: len(found) for side in (1 - rare, rare) for form, found in uses[side].items()}
    spans = [Span(tokens.start[i], tokens.end[i]) for i in sorted(i for found in uses[rare].values() for i in found)]
    sides = []
    for side, label in sorted(((0, "British"), (1, "American")), key=lambda sl: sl[0] == rare):
        words = sorted(uses[side], key=lambda form: -len(uses[side][form]))
        sides.append(f"{label} {counts[side]} ({', '.join(words[:4])}{', …' if len(words) > 4 else ''})")
    return [Inconsistency("british-american", forms, spans, "; ".join(sides))]


def _hyphenation(tokens: Tokens) -> list[Inconsistency]:
    n = len(tokens)
    hyphenated: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)  # (first, last) tokens
    for i in range(n - 2):
        if tokens.text[i + 1] == "-" and tokens.word[i] and tokens.word[i + 2] \
                and tokens.end[i] == tokens.start[i + 1] and tokens.end[i + 1] == tokens.start[i + 2]:
            hyphenated[tokens.lower[i], tokens.lower[i + 2]].append((i, i + 2))
    if not hyphenated:
        return []
    closed_forms = {a + b: (a, b) for a, b in hyphenated}
    firsts = {a for a, b in hyphenated if a not in STOP and b not in STOP}
    elsewhere: dict[tuple[str, str], dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for i in range(n):
        lower = tokens.lower[i]
        if not tokens.word[i]:
            continue
        if lower in closed_forms:
            elsewhere[closed_forms[lower]][lower].append((i, i))
        if lower in firsts and i + 1 < n and (lower, tokens.lower[i + 1]) in hyphenated and tokens.word[i + 1] \
                and tokens.paragraph[i + 1] == tokens.paragraph[i] and tokens.end[i] < tokens.start[i + 1]:
            elsewhere[lower, tokens.lower[i + 1]][f"{lower} {tokens.lower[i + 1]}"].append((i, i + 1))
    found = []
    for (a, b), others in elsewhere.items():
        forms = {f"{a}-{b}": hyphenated[a, b], **others}
        ranked = sorted(forms, key=lambda form: -len(forms[form]))
        rarer = sorted(pair for form in ranked[1:] for pair in forms[form])
        counts = {form: len(forms[form]) for form in ranked}
        found.append(Inconsistency("hyphenation", counts,
                                   [Span(tokens.start[i], tokens.end[j]) for i, j in rarer], _listed(counts)))
    found.sort(key=lambda inconsistency: inconsistency.spans[0].start)
    return found


def _listed(forms: dict[str, int]) -> str:
    return ", ".join(f"{form} ×{n}" for form, n in forms.items())


def _forms(word: str) -> set[str]:
    """A base word and its inflections ("realise": "realises", "realised", "realising")."""
    if word in _WHOLE or not word.isalpha():
        return {word}
    if word.endswith("e"):
        return {word, word + "s", word + "d", word[:-1] + "ing"}
    return {word, word + "s", word + "ed", word + "ing"}


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one changed, added or dropped letter, or two neighbours swapped."""
    if len(a) == len(b):
        diffs = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def _plural(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long == short + "s"

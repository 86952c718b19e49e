"""Which prediction answers which gold item: quotation spans and characters.

Two questions are answered here and nowhere else: which predicted quotations
overlap a gold one, and which gold character a predicted character stands for.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..characters.lexicon import HONORIFICS
from ..model import Character, Mention
from .gold import GoldWork

# Spellings of one title, to one form: "Mr." and "Mister" are the same word here.
_SPELLINGS = {
    "mister": "mr", "missus": "mrs", "mistress": "mrs", "doctor": "dr", "st": "saint",
    "capt": "captain", "col": "colonel", "gen": "general", "prof": "professor",
    "rev": "reverend", "revd": "reverend", "mme": "madame", "mlle": "mademoiselle",
    "mons": "monsieur", "messrs": "mr",
}  # fmt: skip
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "saint", "captain", "colonel", "general", "major",
    "professor", "reverend", "sir", "lady", "lord", "madame", "mademoiselle", "monsieur",
    "master", "uncle", "aunt", "father", "mother", "sister", "brother", "dame", "madam",
})  # fmt: skip
_TITLE_GENDERS = {title: HONORIFICS[title] for title in TITLES if HONORIFICS.get(title)}  # "mr" -> "male"
_ARTICLES = frozenset({"the", "a", "an"})
_NOT_WORD = re.compile(r"[^\w]+|_+")


def normalise_name(name: str) -> str:
    """A name as compared: accents, case and punctuation dropped, titles spelled one way.

    "Mr. Darcy" and "mister darcy" give "mr darcy"; "Winnie-the-Pooh" gives
    "winnie the pooh"; "The Doctor" gives "dr"; "Alcée" gives "alcee".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = [_SPELLINGS.get(w, w) for w in _NOT_WORD.split(plain) if w]
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def bare_name(normalised: str) -> str:
    """A normalised name without its titles ("mr darcy" -> "darcy"); "" if only titles."""
    return " ".join(w for w in normalised.split() if w not in TITLES)


def name_set(names: Iterable[str]) -> set[str]:
    """The normalised forms of `names`, blanks dropped."""
    return {n for n in map(normalise_name, names) if n}


@dataclass(slots=True)
class CharacterMap:
    """Predicted character id -> gold character key, and how each was matched.

    `how` says, per predicted id, "name", "name without titles", "shared
    words" or "narrator".
    """

    gold_of: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)

    def get(self, predicted_id: str | None) -> str | None:
        return None if predicted_id is None else self.gold_of.get(predicted_id)


def name_usage(text: str, mentions: Iterable[Mention]) -> dict[str, Counter[str]]:
    """How often the text calls each predicted character by each of its names (normalised)."""
    usage: dict[str, Counter[str]] = {}
    for mention in mentions:
        name = normalise_name(text[mention.start : mention.end])
        if name:
            usage.setdefault(mention.character, Counter())[name] += 1
    return usage


def map_characters(
    predicted: Sequence[Character], gold: GoldWork, narrator: str | None = None,
    usage: Mapping[str, Counter[str]] | None = None,
) -> CharacterMap:
    """Map each predicted character to the gold character its names match best.

    A predicted character's names are its `name` and `aliases`; a gold
    character's are its main name and aliases; all are compared after
    `normalise_name`. For every gold character the match is scored as three
    counts, compared in this order:

    1. names the two share exactly ("Mr. Darcy" = "mr darcy");
    2. names that agree once titles are dropped ("Miss Lizzy" ~ "Lizzy");
    3. words the two sets of names share, titles and words such as "old" or
       "dear" dropped ("Winnie" ~ "Winnie Verloc"; "Caroline Bingley" shares
       two words with Miss Bingley, called "Caroline", and one with Mr. Bingley).

    The gold character with the highest score wins, except that between
    equal first two counts the one whose shared names the text uses more
    for the predicted character goes before the third count (`usage`, from
    `name_usage`: a "Tom" called "Tom" 178 times and "Tom Gradgrind" 38
    times is the gold "Tom", not the gold "Tom Gradgrind", though the
    latter shares the word "Gradgrind" too); among equals, the one who
    speaks more gold quotations (a reader who hears "Bennet" thinks of
    the Bennet who talks most), then the one listed first. A predicted
    character that shares nothing with any gold character stays unmapped,
    except the predicted narrator (`narrator`, a predicted id), which maps
    to the gold narrator when the gold names one ("_narr" in PDNC).

    Several predicted characters may map to one gold character (a split
    cluster still earns its speaker credit; the clustering score is what
    penalises the split). Groups and "unknowable" speakers are never targets.
    """
    prominence = gold.quote_counts()
    candidates = []
    for order, c in enumerate(gold.real_characters()):
        names = name_set(c.names)
        candidates.append((c, names, *_bare_and_words(names), prominence[c.key], -order))
    result = CharacterMap()
    for character in predicted:
        names = name_set([character.name, *character.aliases])
        bare, words = _bare_and_words(names)
        called = (usage or {}).get(character.id, Counter())
        best, best_rank = None, None
        for gold_character, gold_names, gold_bare, gold_words, weight, order in candidates:
            score = (len(names & gold_names), len(bare & gold_bare), len(words & gold_words))
            if score == (0, 0, 0):
                continue
            used = sum(n for name, n in called.items() if name in gold_names or bare_name(name) in gold_bare)
            rank = (score[:2], used, score[2], weight, order)
            if best_rank is None or rank > best_rank:
                best, best_rank = gold_character, rank
        if best is not None and best_rank is not None:
            result.gold_of[character.id] = best.key
            result.how[character.id] = _HOW[next(i for i, n in enumerate((*best_rank[0], best_rank[2])) if n)]
        elif character.id == narrator and gold.narrator is not None:
            result.gold_of[character.id] = gold.narrator
            result.how[character.id] = "narrator"
    return result


_HOW = ("name", "name without titles", "shared words")
# Words that say how a character is spoken of, not who: "Old Stephen", "Dearest Lizzy".
_NOT_NAMES = frozenset({"old", "young", "little", "poor", "dear", "dearest", "my", "good", "s", "of", "and"})


def _bare_and_words(names: set[str]) -> tuple[set[str], set[str]]:
    """The names without titles, and the words of those that can name someone."""
    bare = {bare_name(n) for n in names} - {""}
    return bare, {w for name in bare for w in name.split()} - _NOT_NAMES


class SpanIndex:
    """Spans sorted by start, answering "which of them overlap [start, end)?" quickly."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: spans[i])
        self.starts = [spans[i][0] for i in self.order]
        self.ends = [spans[i][1] for i in self.order]
        self.reach = []  # the furthest end among spans sorted up to here
        furthest = -1
        for end in self.ends:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices (into the spans given) of spans sharing at least one character with [start, end)."""
        found = []
        j = bisect_left(self.starts, end) - 1
        while j >= 0 and self.reach[j] > start:
            if self.ends[j] > start and self.starts[j] < self.ends[j]:
                found.append(self.order[j])
            j -= 1
        return sorted(found)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many characters two half-open spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding whitespace (gold spans sometimes carry a space)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(slots=True)
class CastMatch:
    """How one predicted character's names line up with the gold cast.

    `matches` holds every gold character that one of its names could mean:
    equal once normalised, equal without titles, or made of words of one gold
    name ("Archer" of "Newland Archer"). `support` counts, per gold character,
    the predicted character's mentions written with a name that is that gold
    character's alone (for a speaker the text never names, "the doctor", its
    lines, when its description fits one gold character); `gold` is the best
    supported, or None.
    """

    matches: set[str] = field(default_factory=set)
    support: Counter[str] = field(default_factory=Counter)

    @property
    def gold(self) -> str | None:
        return self.support.most_common(1)[0][0] if self.support else None


def match_cast(
    predicted: Sequence[Character], gold: GoldWork, usage: Mapping[str, Counter[str]]
) -> dict[str, CastMatch]:
    """Predicted character id -> how it lines up with the gold cast (see `CastMatch`).

    Stricter than `map_characters`, which lets a shared word decide a
    speaker's credit: here a cluster named after a house or a wine ("Malfoy
    Manor") matches nobody, and a cluster's mentions speak for a gold
    character only through names no other gold character carries.
    """
    owners: dict[str, set[str]] = {}
    bare_owners: dict[str, set[str]] = {}
    word_sets: list[tuple[str, set[str]]] = []
    genders = {}
    for c in gold.real_characters():
        genders[c.key] = c.gender
        for name in name_set(c.names):
            owners.setdefault(name, set()).add(c.key)
            if bare_name(name):
                bare_owners.setdefault(bare_name(name), set()).add(c.key)
            word_sets.append((c.key, set(bare_name(name).split())))
    result = {}
    for character in predicted:
        match = CastMatch()
        named: set[str] = set()  # gold characters one of its names is, not just shares words with
        for name in name_set([character.name, *character.aliases]):
            bare = bare_name(name)
            named |= owners.get(name, set()) | bare_owners.get(bare, set())
            words = set(bare.split())
            if words:
                match.matches |= {key for key, gold_words in word_sets if words <= gold_words}
        match.matches |= named
        if not character.mentions and character.quotes:
            # a speaker the text never names ("said the doctor") is the gold one so described
            described = named or match.matches
            if len(described) == 1:
                match.support[next(iter(described))] += character.quotes
        for name, count in usage.get(character.id, Counter()).items():
            # "Mrs. Knightley" speaks for no gold "Knightley" who is a man
            title_gender = {_TITLE_GENDERS.get(w) for w in name.split()} - {None}
            known = owners.get(name) or {
                key for key in bare_owners.get(bare_name(name), ()) if genders[key] is None or not title_gender
                or title_gender == {genders[key]}
            }
            if len(known) == 1:
                match.support[next(iter(known))] += count
        result[character.id] = match
    return result

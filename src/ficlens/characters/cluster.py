"""Group the names of a story into characters.

Full names anchor the characters: "Harry Potter", "Harry James Potter" and
"Lucius A. Malfoy" are keyed by first and last name, so "Harry James Potter"
joins "Harry Potter" while "Lucius Malfoy" and "Draco Malfoy" stay apart. A
single word joins the one character whose first name it is, whatever a few
stray pronouns after it said ("Newland" is Newland Archer); a surname shared by
several goes to the most prominent of them. An honorific keeps people apart by
gender ("Mr. Weston" is not "Mrs. Weston") and by marriage ("Mrs. Honeychurch"
is not her daughter "Miss Honeychurch"), and a rank from "Mr." ("Captain
Tilney" is not "Mr. Tilney"). A rank is one person's ("Dr. Watson" is "Dr. John
H. Watson"); "Mrs. Cavendish" or "Countess Olenska" is the one woman of that
surname with a first name (by her first name, whatever a stray pronoun said)
and "Mr. Rodney" the one man, unless someone is "Miss Cavendish" or "Miss
Rodney" (a daughter of the house, whose parents they may be) or the story names
the two in one sentence ("Mr. Emerson and George Emerson sat"); "Mr.
Knightley", in use before "Mr. John Knightley" is written, is another man. A
bare surname is the man called "Mr." by it ("Wickham", not his wife Lydia
Wickham), unless pronouns say otherwise. "Mrs. Julius Beaufort", a man's names,
is his wife.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from nicknames import NickNamer

from .first_names import first_name_gender
from .lexicon import HONORIFICS, MARRIED, PARTICLES
from .names import honorific_key


VARIANT_SHARE = 0.1  # a first name written at most this share as often as its other form is a variant of it
KNOWN_USES = 3  # a short name written this often before a fuller one is someone the reader knew already


@dataclass(slots=True)
class NameCluster:
    """One character's names, before ids and counts are given."""

    first: str | None
    last: str | None
    gender: str | None = None
    alone: bool = False  # known by one word that may be a first name or a surname
    married: bool | None = None  # "Mrs." (True) or "Miss" (False) before the surname
    names: Counter = field(default_factory=Counter)  # name string -> occurrences

    @property
    def weight(self) -> int:
        return sum(self.names.values())

    @property
    def title_gender(self) -> str | None:
        """The gender its honorifics agree on ("Mr. Knightley", "Miss Woodhouse"), if any."""
        found = {HONORIFICS.get(title) for name in self.names if (title := _split(name)[0])} - {None}
        return found.pop() if len(found) == 1 else None

    @property
    def main_name(self) -> str:
        """The character's one name everywhere: the first and last name the story gives them most,
        honorifics and ranks left out ("John H. Watson" from "Dr. John H. Watson", "Harry Potter"
        before a once-written "Harry James Potter"), else their most used name, honorific kept
        where it is all there is to tell them by ("Mrs. Bennet")."""
        full: Counter = Counter()
        for name, uses in self.names.items():
            honorific, parts = _split(name)
            if len(parts) >= 2:
                # a wife called by her husband's name keeps her "Mrs.": "Mrs. Newland Archer"
                full[name if self.first is None and MARRIED.get(honorific) else " ".join(parts)] += uses
        if full:
            firsts: Counter = Counter()  # "Ron" said often makes "Ron Weasley" the name, not "Ronald Weasley"
            for name, uses in self.names.items():
                firsts[_split(name)[1][0]] += uses
            return max(full, key=lambda n: (full[n], firsts[_split(n)[1][0]], len(n.split()), n))
        plain = [n for n in self.names if not honorific_key(n.split()[0])] or list(self.names)
        return max(plain, key=lambda n: (self.names[n], len(n), n))


def cluster_names(
    counts: dict[str, int],
    name_genders: dict[str, str] | None = None,
    apart: set[frozenset[str]] | None = None,
    uses: dict[str, list[int]] | None = None,
) -> tuple[list[NameCluster], dict[str, int]]:
    """Characters (as name clusters) and the cluster index of every kept name
    (`counts`: how often each is written).

    `name_genders` gives the gender the pronouns after a name suggest; with
    honorifics it keeps "Mr. Bennet" out of "Elizabeth Bennet". `apart` holds
    pairs of names written in one sentence, which a title does not join.
    `uses` gives where each name is written, in order, when known.
    """
    name_genders = name_genders or {}
    apart = apart or set()
    uses = uses or {}
    clusters: list[NameCluster] = []
    index: dict[str, int] = {}
    by_key: dict[tuple[str, str], int] = {}

    def add(name: str, cluster: int) -> None:
        index[name] = cluster
        clusters[cluster].names[name] += counts[name]

    names = sorted(counts, key=lambda n: (-_word_count(n), _split(n)[0] is not None, -counts[n], n))
    first_uses: Counter[str] = Counter()  # how often each first name is written, alone or in a full name
    for name in names:
        first_uses[_split(name)[1][0].lower()] += counts[name]
    # 1. Full names (first and last), honorific or not; "the Newland Archers" are a couple.
    for name in names:
        honorific, parts = _split(name)
        if len(parts) < 2 or _couple(parts, counts):
            continue
        key = (parts[0].lower(), parts[-1].lower())
        gender = (HONORIFICS.get(honorific) if honorific else None) or name_genders.get(name) or name_genders.get(parts[0])
        his = MARRIED.get(honorific) and (first_name_gender(parts[0]) == "male" or _man_called(parts, counts))
        if key in by_key and compatible(clusters[by_key[key]].gender, gender) and not his:
            add(name, by_key[key])
            clusters[by_key[key]].gender = clusters[by_key[key]].gender or gender
            continue
        if (key in by_key or his) and MARRIED.get(honorific):
            # "Mrs. Newland Archer" beside "Newland Archer", a man, or "Mr. Manson Mingott": his wife
            wives = (honorific, *key)
            if wives not in by_key:
                clusters.append(NameCluster(None, parts[-1], gender, married=True))
                by_key[wives] = len(clusters) - 1
            add(name, by_key[wives])
            continue
        same = {i for k, i in by_key.items() if len(k) == 2 and k[1] == key[1] and _same_first_name(k[0], key[0])
                and compatible(clusters[i].gender, gender) and not any(frozenset((name, n)) in apart for n in clusters[i].names)}
        if len(same) == 1 and _rare_beside(first_uses[key[0]], first_uses[clusters[next(iter(same))].first.lower()]):
            i = same.pop()
            add(name, i)  # "Eliza Bennet", written 21 times, is "Elizabeth Bennet", written 728
            by_key.setdefault(key, i)
            if first_uses[key[0]] > first_uses[clusters[i].first.lower()]:
                clusters[i].first = parts[0]  # known by the first name most written, whichever came first
            continue
        clusters.append(NameCluster(parts[0], parts[-1], gender))
        by_key.setdefault(key, len(clusters) - 1)
        add(name, len(clusters) - 1)
    # 2. One name word, with or without an honorific, most frequent first.
    # Titled surnames first, so that a bare surname can find "Mr. Gradgrind".
    singles = sorted((n for n in names if len(_split(n)[1]) == 1),
                     key=lambda n: (_split(n)[0] is None, -counts[n], n))
    surnames = {_split(n)[1][-1] for n in names if len(n.split()) > 1}
    for name in singles:
        honorific, (word,) = _split(name)
        if honorific in (None, "miss") and _family(word, surnames):
            continue  # "the Emersons" are a family and "the Miss Alans" two sisters, not a character
        gender = (HONORIFICS.get(honorific) if honorific else None) or name_genders.get(name)
        married = MARRIED.get(honorific) if honorific else None
        word_key = word.lower()
        as_first = [i for i, c in enumerate(clusters) if c.first and c.first.lower() == word_key and compatible(c.gender, gender)]
        as_last = [i for i, c in enumerate(clusters) if c.last and c.last.lower() == word_key and compatible(c.gender, gender)]
        title = honorific_key(word)
        if title:
            # "Mademoiselle" alone: the character the story calls "Mademoiselle Reisz".
            candidates = [i for i, c in enumerate(clusters)
                          if any(_split(n)[0] == title and len(n.split()) > 1 for n in c.names)]
        elif honorific:
            # "Mr. Knightley" is a surname; it joins only a character known by that one
            # word, never a first-named one: "Mrs. Bennet" is not Elizabeth Bennet and
            # "Mr. Knightley" is George, not his brother John Knightley.
            candidates = [
                i for i in as_last
                if (clusters[i].first is None or clusters[i].alone) and compatible(clusters[i].married, married)
                and _titles_agree(clusters[i], honorific, gender)
            ]
            daughters = [i for i in as_last if clusters[i].first and _woman(clusters[i])]
            if not candidates and married is False and len(daughters) == 1:
                candidates = daughters  # "Miss Woodhouse" is Emma, the one Woodhouse girl
            named_men = [i for i, c in enumerate(clusters)
                         if c.first and not c.alone and c.last and c.last.lower() == word_key and not _woman(c)]
            if not candidates and married is not False and HONORIFICS.get(honorific) == "female" and len(daughters) == 1 \
                    and not _called_miss(word, counts) \
                    and (clusters[daughters[0]].gender == "female" or named_men or not _man_called([word], counts)) \
                    and not any(frozenset((name, other)) in apart for other in clusters[daughters[0]].names):
                # "Mrs. Cavendish" is Mary Cavendish and "Countess Olenska" Ellen Olenska, the one woman of the name;
                # but beside a "Mr. Bennet" who is no named man, "Mrs. Bennet" may be his wife and "Lydia Bennet",
                # of whom no pronoun has told, their girl
                candidates = daughters
            sons = [i for i in named_men if i in as_last]
            if not candidates and HONORIFICS.get(honorific) == "male" and gender in ("male", None) and len(sons) == 1 \
                    and not _called_miss(word, counts) \
                    and not (_titled_in_full(honorific, word, counts) and _known_before(name, clusters[sons[0]].names, uses)) \
                    and not any(frozenset((name, other)) in apart for other in clusters[sons[0]].names):
                candidates = sons  # "Mr. Rodney" is William Rodney, the one man named in full Rodney
            ranked = [i for i in as_last if clusters[i].first and not clusters[i].alone
                      and any(_split(n)[0] == honorific and len(_split(n)[1]) > 1 for n in clusters[i].names)]
            if not candidates and honorific not in MARRIED and HONORIFICS.get(honorific) is None and len(ranked) == 1:
                candidates = ranked  # a rank is one person's: "Dr. Watson" is "Dr. John H. Watson"
            if not candidates and not as_last:
                # No one's surname: "Sir Harry" and "Miss Lizzy" go by their first names.
                by_first = as_first or _by_nickname(clusters, word, gender)
                candidates = by_first if len(by_first) == 1 else []
        elif len(as_first) == 1:
            candidates = as_first
        elif not as_first and len(named := _first_named(clusters, word_key)) == 1 and first_name_gender(word) is None \
                and all(clusters[i].weight < clusters[named[0]].weight for i in _last_named(clusters, word_key)):
            candidates = named  # "Newland", after whom a few stray "she"s, is still the one Newland Archer
        elif not as_first and not as_last and len(by_nickname := _by_nickname(clusters, word, gender)) == 1:
            candidates = by_nickname  # "Lizzy" is Elizabeth Bennet
        else:
            # A bare surname joins a character of that surname whose gender does not clash,
            # known or not ("Small" is Jonathan Small, of whom no pronoun told).
            candidates = as_first or as_last
            titled = [i for i in candidates if _titled_as(clusters[i], word)]
            men = [i for i in titled if clusters[i].title_gender == "male"]
            if titled and len({clusters[i].first for i in candidates if clusters[i].first}) > 1:
                # "Gradgrind" shared by Tom and Thomas is "Mr. Gradgrind"; "Wickham" is who "Mr. Wickham" is, not
                # his wife Lydia Wickham: a surname alone is a man's unless pronouns tell otherwise.
                candidates = men if men and gender is None else titled
            elif men and gender is None and set(candidates) <= set(titled):
                candidates = men  # "Sowerberry" is Mr. Sowerberry, not Mrs. Sowerberry
        if candidates:
            add(name, max(candidates, key=lambda i: clusters[i].weight))
            chosen = clusters[index[name]]
            chosen.gender = chosen.gender or gender
            chosen.married = married if chosen.married is None else chosen.married
            continue
        clusters.append(NameCluster(None if honorific else word, word, gender, alone=not honorific, married=married))
        add(name, len(clusters) - 1)
        if honorific is None:
            by_key[(word_key, "")] = len(clusters) - 1
    return clusters, index


def _first_named(clusters: list[NameCluster], word_key: str) -> list[int]:
    """Characters named in full with this (lower-cased) first name, whatever their gender."""
    return [i for i, c in enumerate(clusters) if c.first and not c.alone and c.first.lower() == word_key]


def _last_named(clusters: list[NameCluster], word_key: str) -> list[int]:
    """Characters named in full with this (lower-cased) surname, whatever their gender."""
    return [i for i, c in enumerate(clusters) if c.first and not c.alone and c.last and c.last.lower() == word_key]


def _titles_agree(cluster: NameCluster, honorific: str, gender: str | None) -> bool:
    """Whether a titled name may be the titled character `cluster`: a rank and "Mrs." are one
    person only when the rank's holder is known to be a woman ("Colonel Forster" is not
    "Mrs. Forster", "Dr. Watson" is "Doctor Watson"); a rank and "Mr." are two ("Captain
    Tilney" is the brother of "Mr. Tilney"), a man of rank being called by it."""
    mine, theirs = HONORIFICS.get(honorific), cluster.title_gender
    if (mine is None) == (theirs is None):
        return True
    return theirs != "male" and gender is not None and gender == cluster.gender


def _by_nickname(clusters: list[NameCluster], word: str, gender: str | None) -> list[int]:
    """Full-named characters whose first name `word` is a short or pet form of."""
    formal = _nicknames().canonicals_of(word.lower())
    return [i for i, c in enumerate(clusters)
            if c.first and not c.alone and c.first.lower() in formal and compatible(c.gender, gender)]


def _rare_beside(a: int, b: int) -> bool:
    """Whether one of two counts is rare beside the other: a first name the story seldom uses
    ("Eliza") is a form of a common one ("Elizabeth"), and so is one written once ("Ronald Sodding
    Weasley" beside "Ron"); but "Tom" and "Thomas Gradgrind", both common, are a son and his father."""
    return min(a, b) <= max(1.0, VARIANT_SHARE * max(a, b)) < max(a, b)


def _same_first_name(a: str, b: str) -> bool:
    """Whether two lower-cased first names are one, the one a short or pet form of the other ("ron",
    "ronald")."""
    return a != b and (a in _formal_names(b) or b in _formal_names(a) or a in _spellings(b))  # "charley", "charles"


@cache
def _formal_names(name: str) -> frozenset[str]:
    """The given names a lower-cased name is a pet form of, however its ending is spelt ("charley",
    like "charlie", is a form of "charles")."""
    namer = _nicknames()
    return frozenset(formal for form in _spellings(name) for formal in namer.canonicals_of(form))


def _spellings(name: str) -> set[str]:
    """A name and its other spellings of a pet-name ending: -y, -ie and -ey are one sound ("Charley",
    "Charlie"; "Fanny", "Fannie")."""
    for ending in ("ey", "ie", "y"):
        if name.endswith(ending) and len(name) > len(ending) + 2:
            stem = name[: -len(ending)]
            return {stem + other for other in ("ey", "ie", "y")}
    return {name}


@cache
def _nicknames() -> NickNamer:
    return NickNamer()


def _split(name: str) -> tuple[str | None, list[str]]:
    """The honorific key of a name, if any, and its words, a surname's particles joined to
    it ("Mr. van der Luyden" -> "mr", ["van der Luyden"])."""
    words = name.split()
    key = honorific_key(words[0]) if len(words) > 1 else None
    words = words[1:] if key else words
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].split()[-1] in PARTICLES:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return key, joined


def _titled_in_full(honorific: str, surname: str, counts: dict[str, int]) -> bool:
    """Whether someone of this surname is called by title and first name ("Mr. John Knightley"): then
    "Mr. Knightley" alone is another, the head of the family."""
    return any(title == honorific and len(parts) > 1 and parts[-1] == surname
               for title, parts in map(_split, counts))


def _known_before(short: str, full: Iterable[str], uses: dict[str, list[int]]) -> bool:
    """Whether a short name was in use (`KNOWN_USES` times) before any of a character's fuller
    names was written: then it names someone the reader knew already ("Mr. Knightley", long before
    his brother "Mr. John Knightley" comes), not a man being introduced ("Mr. Sikes", "Bill Sikes")."""
    introduced = min((uses[n][0] for n in full if uses.get(n)), default=None)
    return introduced is not None and bisect_left(uses.get(short, []), introduced) >= KNOWN_USES


def _woman(cluster: NameCluster) -> bool:
    """Whether a named character is a woman: by the first name, when it is surely a woman's or a man's,
    before the few pronouns seen ("May Welland", followed once by the "he" of the man beside her)."""
    return ((first_name_gender(cluster.first) if cluster.first else None) or cluster.gender) == "female"


def _titled_as(cluster: NameCluster, word: str) -> bool:
    """Whether the character is called by a title and this one word ("Mr. Wickham" for "Wickham")."""
    return any(title is not None and parts == [word] for title, parts in map(_split, cluster.names))


def _man_called(parts: list[str], counts: dict[str, int]) -> bool:
    """Whether a man is called by a title and just these words ("Mr. Manson Mingott", "Mr. Bennet")."""
    return any(HONORIFICS.get(title) == "male" and words == parts for title, words in map(_split, counts) if title)


def _called_miss(surname: str, counts: dict[str, int]) -> bool:
    """Whether the story calls anyone "Miss" of this surname: a daughter of the house, whose mother
    "Mrs." and father "Mr." of that name may be."""
    return any(title == "miss" and parts[-1] == surname for title, parts in map(_split, counts))


def _couple(parts: list[str], counts: dict[str, int]) -> bool:
    """Whether a full name is a man's in the plural: "the Newland Archers", beside "Newland Archer"."""
    *first, last = parts
    return last.endswith("s") and any(" ".join([*first, single]) in counts for single in (last[:-1], last[:-2]))


def _family(word: str, surnames: set[str]) -> bool:
    """Whether `word` is the plural of a surname ("Emersons", "Coles")."""
    return word.endswith("s") and (word[:-1] in surnames or word.endswith("es") and word[:-2] in surnames)


def _word_count(name: str) -> int:
    return len(_split(name)[1])


def compatible(a: str | None, b: str | None) -> bool:
    """Whether two values either may leave open (gender, married or not) agree."""
    return a is None or b is None or a == b

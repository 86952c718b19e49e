"""The characters stage: who is in the story, by every name they go by.

Names are found (see `names`), told to be people's or not by a learnt
classifier of how the text uses them (see `people`), grouped into characters
(see `cluster`), and given a gender from honorifics and the pronouns that
follow them. The narrator of a first-person story is resolved by the
narration stage, which adds them here if the cast lacks them ("Narrator" when
the text never names them); nicknames said only to someone are joined to
their hearer once the speakers are known (see `nicknames`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..dialogue.quotes import QuoteIndex
from ..language import ParsedParagraph
from ..model import Character, Mention, Paragraph
from .cluster import NameCluster, cluster_names
from .first_names import first_name_gender
from .names import NameOccurrence, find_names, honorific_key, known_people_words
from .lexicon import SAY_VERBS
from .people import PersonModel, name_features, person_model

__all__ = ["Cast", "find_characters", "pronoun_votes"]

_EXTENSION_THRESHOLD = 0.25  # P(person) that keeps a name with other evidence (part of a kept name, addressed)
_PRONOUN_WINDOW = 30
_CONVINCING_VOTES = 3  # pronouns after a name that outweigh what its first name usually is
AGREE = 0.7  # share of the pronouns after a name that must agree to tell its gender
AGREE_AGAINST_NAME = 0.9  # ... to tell the gender its first name does not usually have


@dataclass(slots=True)
class Cast:
    """The characters of a work, their mentions, and how to look a name up."""

    characters: list[Character]
    mentions: list[Mention]
    occurrences: list[NameOccurrence] = field(default_factory=list)
    by_name: dict[str, str] = field(default_factory=dict)  # lower-cased name string -> character id
    features: dict[str, dict[str, float]] = field(default_factory=dict)  # every name found -> `people` features
    candidates: list[NameOccurrence] = field(default_factory=list)  # every name found, kept or not
    person: dict[str, float] = field(default_factory=dict)  # every name found -> P(it names a person)
    together: Counter[frozenset[str]] = field(default_factory=Counter)  # sentences naming both (`named_together`)
    _by_id: dict[str, Character] = field(init=False, repr=False)
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.occurrences.sort(key=lambda o: o.start)
        self._starts = [o.start for o in self.occurrences]
        self._by_id = {c.id: c for c in self.characters}

    def get(self, character_id: str | None) -> Character | None:
        return self._by_id.get(character_id)

    def occurrences_within(self, start: int, end: int) -> list[NameOccurrence]:
        """Name occurrences that start inside `[start, end)`."""
        return self.occurrences[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def occurrence_at(self, offset: int) -> NameOccurrence | None:
        """The name occurrence that covers `offset`, if any."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.occurrences[i].end:
            return self.occurrences[i]
        return None

    def character_at(self, offset: int) -> str | None:
        """The character whose name covers `offset`, if any."""
        occurrence = self.occurrence_at(offset)
        return self.occurrence_character(occurrence) if occurrence is not None else None

    def lookup(self, name: str) -> str | None:
        """The character a name string refers to, if the story uses it."""
        return self.by_name.get(" ".join(name.split()).lower())

    def occurrence_character(self, occurrence: NameOccurrence) -> str | None:
        return self.lookup(occurrence.text)

    def add(self, name: str) -> str:
        """Make a character of a name the story writes but the cast left out (the narrator's,
        said only to them), or of no name at all ("Narrator"); returns its id."""
        char_id = _unique_slug(name, set(self._by_id))
        character = Character(id=char_id, name=name, aliases=[])
        self.characters.append(character)
        self._by_id[char_id] = character
        self.alias(name, char_id)
        return char_id

    def alias(self, name: str, target: str) -> None:
        """Give character `target` a name the story writes that the cast had left out, with its mentions."""
        character = self._by_id[target]
        found = [o for o in self.candidates if o.text == name]
        character.aliases = list(dict.fromkeys([*character.aliases, name]))
        self.by_name[" ".join(name.split()).lower()] = target
        new = [Mention(o.start, o.end, target) for o in found]
        self.mentions = sorted([*self.mentions, *new], key=lambda m: m.start)
        self.occurrences = sorted([*self.occurrences, *found], key=lambda o: o.start)
        self._starts = [o.start for o in self.occurrences]
        _count([character], new)

    def join(self, source: str, target: str) -> None:
        """Make character `source` one with `target`: its names become aliases, its mentions theirs."""
        gone, kept = self._by_id.pop(source), self._by_id[target]
        self.characters.remove(gone)
        kept.aliases = list(dict.fromkeys([*kept.aliases, gone.name, *gone.aliases]))
        kept.mentions += gone.mentions
        kept.quotes += gone.quotes
        firsts = [x for x in (kept.first, gone.first) if x is not None]
        lasts = [x for x in (kept.last, gone.last) if x is not None]
        kept.first, kept.last = (min(firsts) if firsts else None), (max(lasts) if lasts else None)
        for mention in self.mentions:
            if mention.character == source:
                mention.character = target
        for name, character in self.by_name.items():
            if character == source:
                self.by_name[name] = target

    def count_quotes(self, speakers: Sequence[str | None]) -> None:
        """Set each character's line count from the speakers of the quotes."""
        lines = Counter(s for s in speakers if s)
        for character in self.characters:
            character.quotes = lines.get(character.id, 0)


def find_characters(
    text: str,
    paragraphs: Sequence[Paragraph],
    parsed: Sequence[ParsedParagraph],
    quotes: Sequence[tuple[int, int]],
    known_people: Sequence[str] = (),
    people: PersonModel | None = None,
) -> Cast:
    """Characters with aliases, genders and mention counts.

    `known_people` are names the work gives as people (declared character tags,
    letter senders): evidence, not a list to copy. `people` replaces the shipped
    person classifier (evaluation uses one trained without the work).
    """
    occurrences = find_names(parsed, quotes, text)
    name_votes = pronoun_votes(occurrences, parsed, quotes)
    known_words = {w.lower() for w in known_people_words(known_people)}
    features = name_features(occurrences, parsed, known_words, name_votes)
    model = people or person_model()
    person = {name: model.probability(f) for name, f in features.items()}
    counts = Counter(occ.text for occ in occurrences)
    kept = _people(occurrences, features, person, model.threshold, known_words)
    together = named_together(occurrences, parsed)
    clusters, index = cluster_names({name: counts[name] for name in kept},
                                    {name: g for name, v in name_votes.items()
                                     if (g := _gender(v, first_name_gender(name.split()[0])))},
                                    together, _uses(occurrences))
    votes: dict[int, Counter] = defaultdict(Counter)
    for name, cluster in index.items():
        votes[cluster].update(name_votes.get(name, Counter()))
    characters = []
    ids: dict[int, str] = {}
    used: set[str] = set()
    order = sorted(range(len(clusters)), key=lambda i: -clusters[i].weight)
    for i in order:
        cluster = clusters[i]
        char_id = _unique_slug(cluster.main_name, used)
        ids[i] = char_id
        characters.append(
            Character(
                id=char_id,
                name=cluster.main_name,
                aliases=sorted(cluster.names, key=lambda n: (-cluster.names[n], n)),
                gender=_cluster_gender(cluster, votes[i]),
            )
        )
    mentions = []
    for occ in occurrences:
        cluster = index.get(occ.text)
        if cluster is not None:
            mentions.append(Mention(occ.start, occ.end, ids[cluster]))
    _count(characters, mentions)
    by_name = {name.lower(): ids[i] for name, i in index.items()}
    return Cast(characters, mentions, [o for o in occurrences if o.text in index], by_name, features, occurrences, person,
                together)


def _uses(occurrences: Sequence[NameOccurrence]) -> dict[str, list[int]]:
    """Where each name is written, in order."""
    uses: dict[str, list[int]] = defaultdict(list)
    for occ in sorted(occurrences, key=lambda o: o.start):
        uses[occ.text].append(occ.start)
    return uses


def named_together(occurrences: Sequence[NameOccurrence], parsed: Sequence[ParsedParagraph]) -> Counter[frozenset[str]]:
    """Pairs of different names written in one sentence ("Mr. Emerson and George Emerson sat"), with
    the number of such sentences: a writer seldom names one person twice in a sentence, so such
    names are two people."""
    by_sentence: dict[tuple[int, int], set[str]] = defaultdict(set)
    starts: dict[int, list[int]] = {}
    for occ in occurrences:
        if occ.paragraph not in starts:
            starts[occ.paragraph] = [parsed[occ.paragraph].offset + s.start_char for s in parsed[occ.paragraph].doc.sents]
        by_sentence[occ.paragraph, bisect_right(starts[occ.paragraph], occ.start)].add(occ.text)
    return Counter(frozenset((a, b)) for names in by_sentence.values() for a in names for b in names if a < b)


def _people(
    occurrences: Sequence[NameOccurrence],
    features: dict[str, dict[str, float]],
    person: dict[str, float],
    threshold: float,
    known_words: set[str],
) -> set[str]:
    """The names that name people: those the classifier says do, and those the text shows are."""
    # A name the work itself gives a person (a declared character, a letter's sender) is one; so is
    # a name not unlikely that is said to someone twice ("Draco," to a narrator no narration names),
    # that says something twice ("said the Lory"), or that is given as the speaker's own.
    addressed = Counter(occ.text for occ in occurrences if occ.vocative)
    speaks = Counter(occ.text for occ in occurrences if occ.subject_of in SAY_VERBS and not occ.in_quote)
    introduced = {occ.text for occ in occurrences if occ.introduced}
    kept = {
        name for name, p in person.items()
        if p >= threshold or features[name]["known_person"]
        or p >= _EXTENSION_THRESHOLD and (addressed[name] >= 2 or speaks[name] >= 2 or name in introduced)
    } - _sounds_and_spells(occurrences, features)
    # A kept name followed by a kept name, a kept person's surname or a word English does not know
    # is a full name ("Harry James Potter", "Charlotte Bartlett" beside "Miss Bartlett", "Draco
    # Malfoy"; not "Malfoy Manor"); a part of a kept name ("Potter") is kept unless it is surely no one.
    titled = {name.split()[-1] for name in kept if len(name.split()) == 2 and honorific_key(name.split()[0])}
    for name, f in features.items():
        words = name.split()
        surname = words[-1] in kept or words[-1] in titled or words[-1].lower() in known_words or not (
            f["last_english"] or f["last_lowercase_share"])
        if len(words) > 1 and words[0] in kept and surname:
            kept.add(name)
    kept_words = {w for name in kept for w in name.split()}
    return kept | {name for name, p in person.items() if name in kept_words and p >= _EXTENSION_THRESHOLD}


def _sounds_and_spells(occurrences: Sequence[NameOccurrence], features: dict[str, dict[str, float]]) -> set[str]:
    """Names no one bears: a word without a vowel ("Mmm", "Shh"), and a word only ever said alone,
    once or twice ("Episkey!", "Aguamenti,"): a call to someone says their name again elsewhere."""
    alone: dict[str, bool] = {}
    uses: Counter[str] = Counter()
    for occ in occurrences:
        alone[occ.text] = alone.get(occ.text, True) and occ.utterance
        uses[occ.text] += 1
    return {name for name, f in features.items() if f["no_vowel"] or alone.get(name) and uses[name] <= 2}


def pronoun_votes(
    occurrences: Sequence[NameOccurrence],
    parsed: Sequence[ParsedParagraph],
    quotes: Sequence[tuple[int, int]],
) -> dict[str, Counter]:
    """For each name, the he/she subject pronouns that follow it as a subject
    in narration ("Draco nods, but he doesn't say anything")."""
    votes: dict[str, Counter] = defaultdict(Counter)
    inside = QuoteIndex(quotes)
    by_paragraph: dict[int, list[NameOccurrence]] = defaultdict(list)
    for occ in occurrences:
        if not occ.in_quote:
            by_paragraph[occ.paragraph].append(occ)
    for paragraph, occs in by_paragraph.items():
        doc, offset = parsed[paragraph].doc, parsed[paragraph].offset
        starts = {occ.start - offset: occ for occ in occs}
        subject: str | None = None
        distance = 0
        for token in doc:
            occ = starts.get(token.idx)
            if occ is not None:
                subject = occ.text if occ.subject_of else None
                distance = 0
                continue
            distance += 1
            if subject is None or distance > _PRONOUN_WINDOW or inside.inside(offset + token.idx):
                continue
            if token.dep_ == "nsubj" and token.lower_ in ("he", "she"):
                votes[subject]["male" if token.lower_ == "he" else "female"] += 1
                subject = None
    return votes


def _cluster_gender(cluster: NameCluster, votes: Counter) -> str | None:
    """Honorifics first, then the pronouns after all its names, then what its first name usually is."""
    named = first_name_gender(cluster.first) if cluster.first else None
    told = _gender(votes, named) if sum(votes.values()) >= _CONVINCING_VOTES else None
    return cluster.title_gender or told or named or _gender(votes, named) or cluster.gender


def _gender(votes: Counter, named: str | None = None) -> str | None:
    """The gender the pronouns after a name agree on, if they do (`AGREE`); against what its first
    name usually is (`named`), only when they all but all agree, and are more than a stray one or two
    ("May Welland", followed by the "he" of the man beside her three times in four, is a woman;
    "George Emerson", followed twice by the "she" of the woman he talks to, a man)."""
    total = sum(votes.values())
    if total == 0:
        return None
    gender, count = votes.most_common(1)[0]
    if named in (None, gender):
        return gender if count / total >= AGREE else None
    return gender if count / total >= AGREE_AGAINST_NAME and total >= _CONVINCING_VOTES else None


def _count(characters: list[Character], mentions: list[Mention]) -> None:
    by_id = {c.id: c for c in characters}
    for mention in mentions:
        character = by_id[mention.character]
        character.mentions += 1
        character.first = mention.start if character.first is None else min(character.first, mention.start)
        character.last = mention.start if character.last is None else max(character.last, mention.start)


def _unique_slug(name: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "character"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug

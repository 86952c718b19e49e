"""The figures for one work, and their sums over a corpus.

Every figure keeps its counts, not just its ratio, so a corpus total is the sum
of the works' counts (micro-averaged): a long novel weighs more than a short one.
A ratio with nothing to count (no predictions, say) is None, shown as "-".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

from ..model import Character, Mention, Narration, Quote
from .gold import QUOTE_KINDS, EvalError, GoldWork
from .matching import CharacterMap, SpanIndex, map_characters, match_cast, name_set, name_usage, overlap, trim

MAIN_CHARACTER_QUOTES = 5
BIG_CLUSTER = 10  # mentions that make a predicted character one a reader would notice
WHOLE = 0.9  # share of a character's mentions one cluster must hold for it to be found whole
MERGED = 0.1  # share of a cluster's mentions a second gold character must have for a merge
SPEAKER_GROUPS = ("all", *QUOTE_KINDS)


class AnalysisLike(Protocol):
    """What scoring reads of a `ficlens.pipeline.Analysis`."""

    work: Any  # has .text
    characters: Sequence[Character]
    mentions: Sequence[Mention]
    quotes: Sequence[Quote]
    narration: Narration | None


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; a missing side counts as 0 unless both are missing."""
    if precision is None and recall is None:
        return None
    p, r = precision or 0.0, recall or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Detection:
    """Quotation detection: predicted spans that hit gold, gold spans that were hit."""

    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.predicted_matched, self.predicted)

    @property
    def recall(self) -> float | None:
        return ratio(self.gold_matched, self.gold)

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)

    def __add__(self, other: Detection) -> Detection:
        return Detection(*(a + b for a, b in zip(_fields(self), _fields(other))))


@dataclass(slots=True)
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return ratio(self.right, self.total)

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.right + other.right, self.total + other.total)


@dataclass(slots=True)
class BCubed:
    """B-cubed over the name strings both sides know (sums of per-name scores).

    `excluded` counts names known to both sides but given to more than one
    character on either side, which B-cubed cannot place.
    """

    items: int = 0
    precision_sum: float = 0.0
    recall_sum: float = 0.0
    excluded: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.precision_sum, self.items)

    @property
    def recall(self) -> float | None:
        return ratio(self.recall_sum, self.items)

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall) if self.items else None

    def __add__(self, other: BCubed) -> BCubed:
        return BCubed(*(a + b for a, b in zip(_fields(self), _fields(other))))


@dataclass(slots=True)
class Coverage:
    """Gold characters with at least `MAIN_CHARACTER_QUOTES` quotes that some predicted character maps to."""

    found: int = 0
    total: int = 0
    missing: list[str] = field(default_factory=list)

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(self.found + other.found, self.total + other.total, self.missing + other.missing)


@dataclass(slots=True)
class CastScore:
    """The predicted cast against the gold one (see `cast_score`).

    `big` counts predicted characters with at least `BIG_CLUSTER` mentions and
    `strays` names those of them that match no gold character; `mains` counts
    gold main characters and `whole` those found as one cluster; `merged`
    names clusters that join two gold main characters, `split` gold characters
    spread over several clusters.
    """

    big: int = 0
    strays: list[str] = field(default_factory=list)
    mains: int = 0
    whole: int = 0
    merged: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)

    @property
    def stray_share(self) -> float | None:
        return ratio(len(self.strays), self.big)

    @property
    def whole_share(self) -> float | None:
        return ratio(self.whole, self.mains)

    def __add__(self, other: CastScore) -> CastScore:
        return CastScore(*(a + b for a, b in zip(_fields(self), _fields(other))))


@dataclass(slots=True)
class PairingScore:
    """The main pairing against the work's central romantic couple (see `pairing_score`)."""

    judged: int = 0
    right: int = 0
    same_person: list[str] = field(default_factory=list)  # pairings of one gold character twice
    found: list[str] = field(default_factory=list)  # per work: "work: predicted (gold)"

    def __add__(self, other: PairingScore) -> PairingScore:
        return PairingScore(*(a + b for a, b in zip(_fields(self), _fields(other))))


@dataclass(slots=True)
class CharacterMatch:
    """A predicted character, its names, and the gold character it stands for (None: none)."""

    id: str
    name: str
    aliases: list[str]
    gold: str | None
    how: str | None


@dataclass(slots=True)
class WorkScore:
    """Every figure for one work, or the reason it could not be scored."""

    name: str
    gold_quotes: int = 0
    predicted_quotes: int = 0
    detection: Detection = field(default_factory=Detection)
    exact: Detection = field(default_factory=Detection)
    speakers: dict[str, Accuracy] = field(default_factory=lambda: {g: Accuracy() for g in SPEAKER_GROUPS})
    clustering: BCubed = field(default_factory=BCubed)
    main_characters: Coverage = field(default_factory=Coverage)
    pov: str | None = None
    predicted_pov: str | None = None
    characters: list[CharacterMatch] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    held_out: bool = False  # speakers decided by weights trained without this work's gold
    cast: CastScore = field(default_factory=CastScore)
    pairing: PairingScore = field(default_factory=PairingScore)

    @property
    def pov_right(self) -> bool | None:
        return None if self.pov is None else self.pov == self.predicted_pov


@dataclass(slots=True)
class CorpusScore:
    """The works of a corpus and their sums (works that failed are left out of the sums)."""

    corpus: str
    works: list[WorkScore]

    @property
    def scored(self) -> list[WorkScore]:
        return [w for w in self.works if w.error is None]

    def overall(self) -> WorkScore:
        total = WorkScore("overall")
        for work in self.scored:
            total.gold_quotes += work.gold_quotes
            total.predicted_quotes += work.predicted_quotes
            total.detection += work.detection
            total.exact += work.exact
            for group in SPEAKER_GROUPS:
                total.speakers[group] += work.speakers[group]
            total.clustering += work.clustering
            total.main_characters += Coverage(work.main_characters.found, work.main_characters.total)
            total.cast += work.cast
            total.pairing += work.pairing
            total.seconds += work.seconds
        return total

    def pov(self) -> Accuracy:
        """Works whose POV ficlens got right, among those whose gold POV is known."""
        judged = [w.pov_right for w in self.scored if w.pov_right is not None]
        return Accuracy(sum(judged), len(judged))


def score_work(gold: GoldWork, analysis: AnalysisLike, seconds: float = 0.0) -> WorkScore:
    """Compare one analysis with the gold annotations of the same text."""
    text = analysis.work.text
    if text != gold.text:
        raise EvalError(f"{gold.name}: ficlens read a different text than the gold annotates "
                        f"({len(text)} vs {len(gold.text)} characters); offsets would not compare")
    quotes = [q for q in analysis.quotes if q.end > q.start]
    predicted = [(q.start, q.end) for q in quotes]
    narration = analysis.narration
    usage = name_usage(text, analysis.mentions)
    mapping = map_characters(analysis.characters, gold, narration.narrator if narration else None, usage)
    return WorkScore(
        name=gold.name,
        gold_quotes=len(gold.quotes),
        predicted_quotes=len(predicted),
        detection=detection(gold, predicted),
        exact=exact_detection(gold, predicted),
        speakers=speaker_accuracy(gold, quotes, mapping),
        clustering=b_cubed(gold, analysis.characters),
        main_characters=main_characters(gold, mapping),
        cast=cast_score(gold, analysis.characters, usage),
        pairing=pairing_score(gold, analysis, mapping),
        pov=gold.pov,
        predicted_pov=narration.pov if narration else None,
        characters=[
            CharacterMatch(c.id, c.name, list(c.aliases), mapping.get(c.id), mapping.how.get(c.id))
            for c in analysis.characters
        ],
        seconds=seconds,
        notes=list(gold.notes),
    )


def detection(gold: GoldWork, predicted: Sequence[tuple[int, int]]) -> Detection:
    """Spans that overlap: a predicted span hits when it shares a character with
    any gold sub-quotation span; a gold span is found when any prediction does."""
    gold_spans = [span for q in gold.quotes for span in q.spans if span[1] > span[0]]
    index = SpanIndex(gold_spans)
    hit_gold: set[int] = set()
    hits = 0
    for start, end in predicted:
        found = index.overlapping(start, end)
        hits += bool(found)
        hit_gold.update(found)
    return Detection(len(predicted), hits, len(gold_spans), len(hit_gold))


def exact_detection(gold: GoldWork, predicted: Sequence[tuple[int, int]]) -> Detection:
    """Spans that are equal once surrounding whitespace is trimmed from both."""
    gold_spans = {trim(gold.text, *span) for q in gold.quotes for span in q.spans if span[1] > span[0]}
    predicted_spans = [trim(gold.text, *span) for span in predicted]
    matched = sum(1 for span in predicted_spans if span in gold_spans)
    return Detection(len(predicted), matched, len(gold_spans), len(gold_spans & set(predicted_spans)))


def speaker_accuracy(gold: GoldWork, quotes: Sequence[Quote], mapping: CharacterMap) -> dict[str, Accuracy]:
    """Share of gold quotations whose speaker ficlens names, overall and by quote type.

    The prediction that answers a gold quotation is the predicted quote sharing
    the most characters with its spans (the first on a tie); with none, the
    quotation counts as wrong. It is right when its speaker maps to the gold
    speaker (see `map_characters`). For a quotation the annotators give to a
    group or to nobody knowable, saying no speaker (None) is right.
    """
    index = SpanIndex([(q.start, q.end) for q in quotes])
    result = {group: Accuracy() for group in SPEAKER_GROUPS}
    for gold_quote in gold.quotes:
        shared: dict[int, int] = defaultdict(int)
        for span in gold_quote.spans:
            for i in index.overlapping(*span):
                shared[i] += overlap(span, (quotes[i].start, quotes[i].end))
        right = False
        if shared:
            answer = quotes[max(shared, key=lambda i: (shared[i], -i))]
            if gold_quote.speaker is None or gold_quote.speaker in gold.nobody:
                right = answer.speaker is None
            else:
                right = mapping.get(answer.speaker) == gold_quote.speaker
        for group in ("all", gold_quote.kind):
            if group in result:
                result[group] += Accuracy(int(right), 1)
    return result


def b_cubed(gold: GoldWork, predicted: Sequence[Character]) -> BCubed:
    """B-cubed precision and recall of the predicted grouping of names.

    The items are the normalised name strings that both a gold character and a
    predicted character carry. Each item's gold cluster is the items of its gold
    character, its predicted cluster those of its predicted character; precision
    asks how much of the predicted cluster is right, recall how much of the gold
    cluster was gathered. A name on two characters of one side is left out.
    """
    gold_owner = _sole_owner((c.key, name_set(c.names)) for c in gold.real_characters())
    predicted_owner = _sole_owner((c.id, name_set([c.name, *c.aliases])) for c in predicted)
    known = set(gold_owner) & set(predicted_owner)
    items = [n for n in known if gold_owner[n] is not None and predicted_owner[n] is not None]
    gold_clusters: dict[str, set[str]] = defaultdict(set)
    predicted_clusters: dict[str, set[str]] = defaultdict(set)
    for name in items:
        gold_clusters[gold_owner[name]].add(name)  # type: ignore[index]
        predicted_clusters[predicted_owner[name]].add(name)  # type: ignore[index]
    score = BCubed(items=len(items), excluded=len(known) - len(items))
    for name in items:
        g, p = gold_clusters[gold_owner[name]], predicted_clusters[predicted_owner[name]]  # type: ignore[index]
        both = len(g & p)
        score.precision_sum += both / len(p)
        score.recall_sum += both / len(g)
    return score


def main_characters(gold: GoldWork, mapping: CharacterMap) -> Coverage:
    """Which gold characters with at least `MAIN_CHARACTER_QUOTES` quotes some predicted character stands for."""
    counts = gold.quote_counts()
    mains = [c for c in gold.real_characters() if counts[c.key] >= MAIN_CHARACTER_QUOTES]
    found = set(mapping.gold_of.values())
    missing = [c.name for c in mains if c.key not in found]
    return Coverage(len(mains) - len(missing), len(mains), missing)


def cast_score(gold: GoldWork, predicted: Sequence[Character], usage) -> CastScore:
    """The cast a reader would meet, against the gold one.

    A predicted character with `BIG_CLUSTER` mentions or more is a stray when
    none of its names can mean a gold character (see `match_cast`). A gold
    main character (`MAIN_CHARACTER_QUOTES` quotes or more) is found whole
    when some cluster stands for it, one cluster holds at least `WHOLE` of
    the mentions written with its own names, and no cluster merges it with
    another main character. A cluster merges two main
    characters when each has at least `MERGED` of its mentions; a gold
    character is split when two or more clusters stand for it.
    """
    matches = match_cast(predicted, gold, usage)
    counts = gold.quote_counts()
    names = {c.key: c.name for c in gold.real_characters()}
    mains = {key for key in names if counts[key] >= MAIN_CHARACTER_QUOTES}
    score = CastScore(mains=len(mains))
    standing_for: dict[str, list[str]] = defaultdict(list)
    in_merges: set[str] = set()
    for character in predicted:
        match = matches[character.id]
        if match.gold is not None:
            standing_for[match.gold].append(character.name)
        if character.mentions >= BIG_CLUSTER:
            score.big += 1
            if not match.matches:
                score.strays.append(f"{gold.name}: {character.name} ({character.mentions})")
        total = sum(usage.get(character.id, {}).values()) or 1
        joined = sorted((key for key, n in match.support.items() if key in mains and n >= MERGED * total),
                        key=lambda key: (-match.support[key], names[key]))
        if len(joined) > 1:
            in_merges.update(joined)
            score.merged.append(f"{gold.name}: {character.name} = " + " + ".join(names[k] for k in joined))
    for key in mains:
        held = [m.support[key] for m in matches.values()]
        if standing_for[key] and key not in in_merges and max(held) >= WHOLE * sum(held):
            score.whole += 1
    score.split = [f"{gold.name}: {names[key]} = " + " | ".join(clusters)
                   for key, clusters in sorted(standing_for.items()) if len(clusters) > 1]
    return score


def pairing_score(gold: GoldWork, analysis: AnalysisLike, mapping: CharacterMap) -> PairingScore:
    """Whether the main pairing is the gold central couple (both mapped to it) or, for a work
    without one, absent; and whether it pairs one gold character with themselves."""
    pairing = getattr(getattr(analysis, "story", None), "pairing", None)
    members = [mapping.get(c) for c in pairing.characters] if pairing is not None else []
    names = {c.key: c.name for c in gold.characters}
    told = pairing.tag if pairing is not None else "none"
    expected = " / ".join(sorted(names.get(k, k) for k in gold.couple)) if gold.couple else "none"
    score = PairingScore(found=[f"{gold.name}: {told} ({expected})"])
    if len(members) == 2 and members[0] is not None and members[0] == members[1]:
        score.same_person.append(f"{gold.name}: {told}")
    if gold.couple_known:
        score.judged = 1
        score.right = int(frozenset(members) == gold.couple if gold.couple else pairing is None)
    return score


def _sole_owner(owners) -> dict[str, str | None]:
    """name -> its one owner, or None when several owners carry it."""
    result: dict[str, str | None] = {}
    for owner, names in owners:
        for name in names:
            result[name] = owner if result.get(name, owner) == owner else None
    return result


def _fields(obj) -> list:
    return [getattr(obj, name) for name in obj.__slots__]

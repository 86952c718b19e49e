"""The narration stage: who tells the story, in which person and tense.

Person and tense are counted in narration only (quoted speech excluded, and
embedded letters, which have their own voice), per scene and for the work;
sentences whose verbs all leave their scene's tense are flagged as slips (not
a narrator's generalisations in the present: "love isn't armor"), and so are
first-person sentences in a third-person scene. A verb's tense is its written
form's where that form has one tense ("froze"), lemminflect's tables say.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

from ..characters import Cast
from ..characters.lexicon import FIRST_PERSON
from ..dialogue.quotes import QuoteIndex, QuoteSpan
from ..language import ParsedParagraph
from ..model import Narration, Paragraph, SceneNarration, Slip, Structure
from .focal import focal_character
from .narrator import find_narrator
from .person import count_narration, narrator_speaks, person_of, slip_tense, tense_of

__all__ = ["narrate"]

_MIXED_SHARE = 0.25
UNNAMED_NARRATOR = "Narrator"


def narrate(
    text: str,
    structure: Structure,
    paragraphs: Sequence[Paragraph],
    parsed: Sequence[ParsedParagraph],
    quotes: Sequence[QuoteSpan],
    cast: Cast,
) -> Narration:
    """Point of view and tense of the work and of each scene, the narrator, and slips."""
    quoted = QuoteIndex([(q.start, q.end) for q in quotes])
    starts = [p.start for p in paragraphs]
    scene_results: list[SceneNarration] = []
    scene_counts: list[Counter] = []
    slips: list[Slip] = []
    total: Counter = Counter()
    narration_names = {o.start: o for o in cast.occurrences if not o.in_quote}
    for scene in structure.scenes:
        members = range(bisect_left(starts, scene.start), bisect_left(starts, scene.end))
        narrative = [parsed[i] for i in members if paragraphs[i].role == "text"]
        counts: Counter = Counter()
        for paragraph in narrative:
            count_narration(paragraph.doc, paragraph.offset, quoted, counts)
        pov, tense = person_of(counts), tense_of(counts)
        focal = focal_character(narrative, cast, quoted, narration_names) if pov == "third" else None
        scene_results.append(SceneNarration(pov, tense, focal))
        scene_counts.append(counts)
        total.update(counts)
        slips.extend(_slips(narrative, quoted, pov, tense))
    pov = _work_value([s.pov for s in scene_results], scene_counts) or person_of(total)
    if pov != "first" and narrator_speaks(total):
        pov = "first"
    tense = _work_value([s.tense for s in scene_results], scene_counts) or tense_of(total)
    narrator = None
    if pov == "first":
        quote_spans = [(q.start, q.end, q.paragraph) for q in quotes]
        salutations = [letter.salutation for letter in structure.letters if letter.salutation]
        named = find_narrator(parsed, quote_spans, cast, salutations)
        # Whoever says "I" speaks the narrator's lines, named or not.
        narrator = named if cast.get(named) else cast.add(named or UNNAMED_NARRATOR)
        for scene in scene_results:
            if scene.pov == "first":
                scene.pov_character = narrator
    return Narration(pov, tense, narrator, scene_results, slips)


def _work_value(values: list[str | None], counts: list[Counter]) -> str | None:
    """The value most of the narrative words carry; "mixed" when another holds a quarter."""
    weights: Counter = Counter()
    for value, count in zip(values, counts):
        if value is not None:
            weights[value] += count["words"]
    if not weights:
        return None
    ranked = weights.most_common()
    total = sum(weights.values())
    if len(ranked) > 1 and ranked[1][1] / total >= _MIXED_SHARE and "mixed" not in (ranked[0][0], ranked[1][0]):
        return "mixed"
    return ranked[0][0]


def _slips(narrative: Sequence[ParsedParagraph], quoted: QuoteIndex, pov: str | None, tense: str | None) -> list[Slip]:
    slips = []
    for paragraph in narrative:
        for sentence in paragraph.doc.sents:
            start = paragraph.offset + sentence.start_char
            end = paragraph.offset + sentence.end_char
            if quoted(start) and quoted(end - 1):
                continue
            found = slip_tense(sentence, paragraph.offset, quoted, tense) if tense in ("past", "present") else None
            if found:
                slips.append(Slip(start, end, "tense", tense, found))
            if pov == "third" and any(
                t.lower_ in FIRST_PERSON and t.dep_ in ("nsubj", "nsubjpass") and not quoted(paragraph.offset + t.idx)
                for t in sentence
            ):
                slips.append(Slip(start, end, "pov", "third", "first"))
    return slips

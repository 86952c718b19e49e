"""The one place that knows the order of the stages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Character, Mention, Narration, Quote, Structure, Work
from .read import DEFAULT_MAX_BYTES, read_work, read_works
from .structure import build_structure

if TYPE_CHECKING:
    from .characters import Cast
    from .characters.people import PersonModel
    from .craft import Diagnostics
    from .dialogue.conversation import SpeakerModel, Turn
    from .language import ParsedParagraph
    from .languages import Language
    from .story import Story


@dataclass(slots=True)
class ReadResult:
    """A work as read and structured."""

    work: Work
    structure: Structure


ENGLISH_ONLY = ("characters", "dialogue", "narration", "story", "craft")
"""The stages that read English (spaCy's English parse, English word lists): not run on other languages."""


@dataclass(slots=True)
class Analysis:
    """Everything ficlens finds in one work.

    For a work in another language than English the English-only stages are not run: `characters`,
    `mentions` and `quotes` are empty and `narration`, `story` and `diagnostics` are None.
    """

    work: Work
    structure: Structure
    characters: list[Character]
    mentions: list[Mention]
    quotes: list[Quote]
    narration: Narration | None
    story: Story | None
    diagnostics: Diagnostics | None
    language: Language

    @property
    def skipped_stages(self) -> tuple[str, ...]:
        """The stages not run because the work is not in English (none for English)."""
        return () if self.language.is_english else ENGLISH_ONLY


def read_and_structure(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read a story file and find its structure."""
    work = read_work(path, max_bytes)
    return ReadResult(work, build_structure(work))


def analyze(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Analysis:
    """Read a story file and run every stage on it."""
    return analyze_work(read_work(path, max_bytes))


def read_and_structure_each(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[ReadResult]:
    """Read a story file and find the structure of each work in it (an anthology holds several)."""
    return [ReadResult(work, build_structure(work)) for work in read_works(path, max_bytes)]


def analyze_each(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Analysis]:
    """Read a story file and run every stage on each work in it (an anthology holds several)."""
    return [analyze_work(work) for work in read_works(path, max_bytes)]


@dataclass(slots=True)
class Dialogue:
    """The stages up to speaker attribution, and the sieves' reading of each conversation:
    what the conversation speaker model decodes, and learns from."""

    work: Work
    structure: Structure
    parsed: list[ParsedParagraph]
    cast: Cast
    narration: Narration
    quotes: list[Quote]
    conversations: list[list[Turn]]


def read_dialogue(work: Work, people: PersonModel | None = None, structure: Structure | None = None) -> Dialogue:
    """Structure, parse, quotations, characters, narration, then the sieves' conversations;
    `people` replaces the shipped person classifier; `structure` is the work's, when already found."""
    # Imported here so that `ficlens read` never pays for loading spaCy.
    from .characters import find_characters
    from .dialogue import find_quotes_in, read_conversations
    from .language import check_budget, parse_processes, parse_spans
    from .narration import narrate

    structure = structure or build_structure(work)
    paragraphs = structure.story_paragraphs()
    spans = [(p.start, p.end) for p in paragraphs]
    check_budget(work.source.path, work.text, spans, structure.words)
    parsed = parse_spans(work.text, spans, parse_processes(structure.words))
    quote_spans = find_quotes_in(work.text, paragraphs)
    known_people = work.meta.characters + [x.sender for x in structure.letters if x.sender]
    cast = find_characters(work.text, paragraphs, parsed, [(q.start, q.end) for q in quote_spans], known_people,
                           people)
    narration = narrate(work.text, structure, paragraphs, parsed, quote_spans, cast)
    quotes, conversations = read_conversations(paragraphs, parsed, quote_spans, cast, narration)
    return Dialogue(work, structure, parsed, cast, narration, quotes, conversations)


def analyze_work(work: Work, speakers: SpeakerModel | None = None, people: PersonModel | None = None) -> Analysis:
    """Run the literary stages on a work already read; `speakers` and `people` replace the
    shipped conversation speaker model and person classifier (evaluation scores each work
    with models trained without it)."""
    from .characters.genders import complete_genders
    from .characters.nicknames import join_epithets, join_nicknames
    from .craft import diagnose
    from .dialogue import decide_speakers
    from .story import tell_story

    structure = build_structure(work)
    language = identify_language(work, structure)
    if not language.is_english:
        return Analysis(work, structure, [], [], [], None, None, None, language)
    dialogue = read_dialogue(work, people, structure)
    structure, cast, narration = dialogue.structure, dialogue.cast, dialogue.narration
    quotes = decide_speakers(dialogue.quotes, dialogue.conversations, cast, narration, speakers)
    joined = join_nicknames(cast, quotes) | join_epithets(cast, quotes)
    if narration.narrator in joined:
        narration.narrator = joined[narration.narrator]
    cast.count_quotes([q.speaker for q in quotes])
    characters, mentions = cast.characters, cast.mentions
    # Who is addressed how ("Be free, my son.") tells genders names and pronouns left open.
    genders = complete_genders(work.text, characters, structure, quotes, narration)
    for character in characters:
        character.gender = genders[character.id]
    story = tell_story(work.text, structure, dialogue.parsed, characters, mentions, quotes, narration, work.meta)
    diagnostics = diagnose(work.text, structure, dialogue.parsed, characters, quotes, narration, list(cast.features),
                           work.meta.title)
    return Analysis(work, structure, characters, mentions, quotes, narration, story, diagnostics, language)


def identify_language(work: Work, structure: Structure) -> Language:
    """The work's language: as its file declares it, else as its story text reads."""
    from .languages import identify

    text = work.text
    return identify([text[p.start : p.end] for p in structure.story_paragraphs()], work.meta.language)

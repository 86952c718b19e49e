"""Attribute each quotation to a speaker, with the rule that decided it.

First the sieves, most reliable first, as in quote-attribution work since He
et al. (2013) and Muzny et al. (2017), read the work forward:
1. tag: a speech verb outside the quotes of the paragraph ("Candy replies",
   "said he", "I said") whose subject is a name, the narrator's "I", or
   he/she resolved to the most recent character of that gender; or, as good,
   the speaker giving their own name ("My name's Potter, Harry Potter"): introduced;
2. beat: the paragraph's narration has one character as subject
   ("Harry frowned. “You've been tired since I met you.”");
3. turn: in a run of dialogue, speakers alternate (A, B, A, B), and a quote
   that names someone by vocative is answered by them;
4. nearest: the most recently mentioned character other than the last speaker.
Their reading, with what each paragraph shows (tag, pronoun, beat, vocatives,
who was mentioned lately), becomes the turns of each conversation, whose
speakers `conversation` then decides all at once: a turn keeps the sieves'
method when the decision agrees with them, else its method is "conversation".
Addressees come from vocatives inside the quote, else the previous speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..characters.genders import addressed_gender
from ..characters.lexicon import HONORIFICS, KIN_NOUNS, FEMALE_PRONOUNS, FIRST_PERSON, GENDERED_NOUNS, MALE_PRONOUNS, SAY_VERBS, SPEECH_VERBS
from ..characters.names import honorific_key
from ..characters.nouns import is_role_noun
from ..language import ParsedParagraph
from ..model import Narration, Paragraph, Quote
from .conversation import SpeakerModel, Turn, lattice, shipped_model
from .quotes import DOUBLE_MARKS, QuoteIndex, QuoteSpan

if TYPE_CHECKING:
    from ..characters import Cast

CONFIDENCE = {"conversation": 0.5, "tag": 0.9, "introduced": 0.9, "beat": 0.7, "continued": 0.85, "turn": 0.55, "vocative-turn": 0.6, "nearest": 0.3}
_WORDS = re.compile(r"\w")
_SUBORDINATE = frozenset({"relcl", "acl", "ccomp", "pcomp", "csubj"})
_AGAINST = r"\s,:;—–\-\"“”'‘’"  # what alone may part a tag from its quote ("said Pooh, “")
_BETWEEN = re.compile(f"[^{_AGAINST}]")  # a character that parts them more
_CONVERSATION_GAP = 1
_RESOLVE_DEPTH = 8
_SUBJECT_DEPTH = 3  # narration-only paragraphs a conversation survives
_KIN = {"mother": "mrs", "mama": "mrs", "mamma": "mrs", "wife": "mrs", "father": "mr", "papa": "mr", "husband": "mr"}


@dataclass(slots=True)
class _Context:
    """What has been said and named so far, in reading order."""

    recent: list[str]  # characters in order of last mention, most recent last
    last_speakers: list[str | None]  # speakers of recent quote paragraphs, most recent last
    gap: int = 0
    called: list[str] = field(default_factory=list)  # named by vocative in the last quote paragraph
    subjects: list[str] = field(default_factory=list)  # recent subjects and speakers, most recent last
    paragraph: int = 0  # the paragraph being read
    mentioned_in: dict[str, int] = field(default_factory=dict)  # paragraph each character was last named in
    acted_in: dict[str, int] = field(default_factory=dict)  # paragraph each was last a subject or speaker in

    def mention(self, character: str) -> None:
        if character in self.recent:
            self.recent.remove(character)
        self.recent.append(character)
        self.mentioned_in[character] = self.paragraph

    def act(self, character: str) -> None:
        """`character` was a subject or spoke: the likeliest referent of the next he/she."""
        self.mention(character)
        self.acted_in[character] = self.paragraph
        if character in self.subjects:
            self.subjects.remove(character)
        self.subjects.append(character)

    def resolve(self, gender: str | None, cast: Cast, exclude: str | None = None) -> str | None:
        """The character a he/she most likely means: the latest subject or speaker
        of that gender, unless one of that gender was named in a later paragraph than
        that one last acted in; else the latest mentioned one, else one of unknown
        gender, else the last one of that gender named at all ("said her mother")."""
        if gender is not None:
            found = _latest_of(self.subjects[-_SUBJECT_DEPTH:], gender, cast, exclude)
            named = _latest_of(self.recent[-_RESOLVE_DEPTH:], gender, cast, exclude)
            if named and found and named != found and self.mentioned_in[named] > self.acted_in[found]:
                return named  # "... on Frank Churchill's part ..." after Mr. Woodhouse spoke: "said he" is Frank
            if found:
                return found
        unknown = None
        for character in reversed(self.recent[-_RESOLVE_DEPTH:]):
            if character == exclude:
                continue
            known = cast.get(character)
            found = known.gender if known else None
            if gender is None or found == gender:
                return character
            if found is None and unknown is None:
                unknown = character
        if unknown is None and gender is not None:
            return _latest_of(self.recent[:-_RESOLVE_DEPTH], gender, cast, exclude)
        return unknown


def _latest_of(characters: Sequence[str], gender: str, cast: Cast, exclude: str | None) -> str | None:
    """The last of `characters` known to be of `gender`, other than `exclude`."""
    for character in reversed(characters):
        known = cast.get(character)
        if character != exclude and known is not None and known.gender == gender:
            return character
    return None


def decide_speakers(
    quotes: list[Quote], conversations: Sequence[Sequence[Turn]], cast: Cast, narration: Narration,
    model: SpeakerModel | None = None,
) -> list[Quote]:
    """The sieves' quotes with each conversation's speakers decided at once by `model`
    (default: the shipped one)."""
    model = model or shipped_model()
    first_person = narration.pov == "first"
    for turns in conversations:
        found = lattice(turns, cast, narration.narrator, first_person)
        _settle(turns, found.candidates, model.decode(found), quotes)
    return quotes


def read_conversations(
    paragraphs: Sequence[Paragraph],
    parsed: Sequence[ParsedParagraph],
    spans: Sequence[QuoteSpan],
    cast: Cast,
    narration: Narration,
) -> tuple[list[Quote], list[list[Turn]]]:
    """The sieves' reading: a `Quote` per span with their speaker, and the
    conversations as turns carrying what the text shows about each speaker."""
    quoted = QuoteIndex([(q.start, q.end) for q in spans])
    by_paragraph: dict[int, list[int]] = {}
    for i, span in enumerate(spans):
        by_paragraph.setdefault(span.paragraph, []).append(i)
    narrator = narration.narrator
    context = _Context(recent=[], last_speakers=[])
    reader = _Reader(quoted, cast, context, narrator, narration.pov == "first", role_holders(parsed, cast),
                     _Epithets(parsed, cast, quoted))
    quotes: list[Quote] = [Quote(s.start, s.end, group=i) for i, s in enumerate(spans)]
    lead_in: str | None = None
    preceding: list[str] = []  # subjects of the narration paragraph before a turn
    conversation: list[Turn] = []
    conversations: list[list[Turn]] = [conversation]
    for index, paragraph in enumerate(parsed):
        context.paragraph = index
        members = by_paragraph.get(index, [])
        recent = context.recent[::-1][:10] if members else []  # before this paragraph names anyone
        subjects, mentioned = reader.subjects(paragraph)
        if not members:
            lead_in = reader.lead_in(paragraph) if subjects else None
            preceding = subjects
            context.gap += 1
            if context.gap > _CONVERSATION_GAP:
                context.last_speakers.clear()
                context.called = []
                if conversation:
                    conversation = []
                    conversations.append(conversation)
            continue
        for window, part in reader.speeches(paragraph, members, spans):
            if part[0] != members[0]:
                # A later speaker of the same paragraph ("Pooh said, ... and Piglet said, ..."):
                # the paragraph's narration before it belongs to the first.
                subjects, mentioned, lead_in, preceding = [], [], None, []
            speaker, named, word = reader.tagged(paragraph, spans[part[0]].start, window)
            method = "tag" if speaker else None
            called, named_inside, introduced = _named_in_quotes(spans, part, cast)
            if speaker is None and introduced:
                speaker = named = introduced[0]
                method = "introduced"
            announced = lead_in
            if speaker is None and lead_in is not None:
                speaker, method = lead_in, "tag"
            continued = spans[part[0]].continues
            if speaker is None and continued is not None and quotes[continued].speaker:
                speaker, method = quotes[continued].speaker, "continued"
            if speaker is None and subjects:
                # A first-person narrator watches more than speaks, and nobody calls
                # themselves by name: another subject goes first.
                others = [c for c in subjects if c != narrator and c not in called]
                speaker, method = (others or subjects)[0], "beat"
            if speaker is None:
                speaker, method = _turn(context, quotes, part, spans, cast)
                if speaker in called:
                    speaker = next((s for s in reversed(context.last_speakers) if s and s not in called), speaker)
            context.called = [c for c in called if c != speaker]
            group = part[0] if continued is None else quotes[continued].group
            for i in part:
                quotes[i].speaker = speaker
                quotes[i].method = method if speaker else None
                quotes[i].group = group
            if speaker:
                context.act(speaker)
            if method == "continued" and conversation and continued in conversation[-1].members:
                # A paragraph that opens without the last one closing its quote is the
                # same speech (a story told over pages): one turn, whatever alternation suggests.
                _extend(conversation[-1], part, called, mentioned, named_inside)
                continue
            context.last_speakers.append(speaker)
            conversation.append(Turn(
                part, speaker, method, named=named, pronoun=_person(word), gender=_gender_of(word), lead_in=announced,
                preceding=preceding, described=speaker if word and not _person(word) else None, kin=word in KIN_NOUNS,
                addressed=addressed_gender(" ".join(_quote_text(paragraph, spans[i]) for i in part)),
                subjects=subjects,
                called=called, mentioned=mentioned, named_inside=named_inside, recent=recent,
                gap=context.gap if len(conversation) else 0,
                opens_with_narration=_WORDS.search(paragraph.text, 0, spans[part[0]].start - paragraph.offset)
                is not None,
            ))
            context.gap = 0
        context.gap = 0
        lead_in, preceding = None, []
    return quotes, [c for c in conversations if c]


def _extend(turn: Turn, members: list[int], called: list[str], mentioned: list[str], named_inside: list[str]) -> None:
    """Add the quotes of a paragraph that goes on with `turn`'s speech, and whom they name."""
    turn.members += members
    for known, found in ((turn.called, called), (turn.mentioned, mentioned), (turn.named_inside, named_inside)):
        known += [c for c in found if c not in known]


def _settle(
    turns: Sequence[Turn], candidates: Sequence[Sequence[str | None]], chosen: Sequence[int], quotes: list[Quote]
) -> None:
    """Give each turn's quotes the decoded speaker, a method and confidence, and addressees."""
    previous: str | None = None
    for turn, names, index in zip(turns, candidates, chosen):
        speaker = names[index]
        method = turn.method if speaker == turn.speaker else "conversation"
        addressees = [c for c in turn.called if c != speaker]
        if not addressees and previous and previous != speaker:
            addressees = [previous]
        for i in turn.members:
            quote = quotes[i]
            quote.speaker = speaker
            quote.method = method if speaker else None
            quote.confidence = CONFIDENCE.get(method, 0.0) if speaker else 0.0
            quote.addressees = addressees
        previous = speaker or previous


def _speakers_of(verb: Token) -> list[Token]:
    """The subject of a speech verb: its nsubj; the name or pronoun right after it
    when inverted ("exclaimed Lucy", which the parser may call an object); or,
    for a verb with no subject of its own, the subject of the verb it hangs on
    ("rose with a sigh, and said", "allowed her to go--saying, as she left");
    a relative "who" stands for the noun it describes ("Maria, who cried")."""
    inverted = _inverted_subject(verb)
    if inverted is not None:
        return [inverted]
    node = verb
    for _ in range(3):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return [_antecedent(s) for s in subjects]
        if node.dep_ not in ("conj", "advcl", "xcomp") or node.head is node:
            break
        node = node.head
    return []


def _inverted_subject(verb: Token) -> Token | None:
    """The speaker named right after the verb ("exclaimed Mr. Beebe", "said he",
    "put in Lucy"), which the parser often takes for an object."""
    doc = verb.doc
    i = verb.i + 1
    if i < len(doc) and doc[i].lower_ in ("in", "out", "up") and doc[i].head == verb:
        i += 1  # "put in", "broke out", "spoke up"
    if i >= len(doc):
        return None
    token = doc[i]
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i and not DOUBLE_MARKS.search(doc[c.i:verb.i].text)
           for c in verb.children):
        return None  # "Harry said Ron was right"
    if token.lower_ in ("he", "she", "i", "they"):
        return token
    if (token.lower_ in ("his", "her", "the", "their", "my") and i + 1 < len(doc)
            and doc[i + 1].lower_ in GENDERED_NOUNS and _follows_quote(verb)):
        return doc[i + 1]  # “Were you snubbed?” asked his son
    if (token.lower_ == "the" and i + 2 < len(doc) and doc[i + 1].is_alpha and doc[i + 1].text.islower()
            and not doc[i + 1].is_stop and doc[i + 2].is_punct and _follows_quote(verb)):
        return doc[i + 1]  # “You're late,” said the blonde, which the parser may take for a word of what follows
    if token.pos_ != "PROPN":
        return None
    while token.head != token and token.dep_ in ("compound", "flat") and token.head.pos_ == "PROPN":
        token = token.head
    governor = token.head.head if token.head.dep_ == "prep" and token.head.head == verb else token.head
    if governor == verb and token.dep_ not in ("nsubj", "nsubjpass"):
        return token
    return None


def _follows_quote(verb: Token) -> bool:
    """The verb comes straight after a closing quote mark (“...,” said ...)."""
    before = verb.doc[max(0, verb.i - 2) : verb.i].text
    return bool(DOUBLE_MARKS.search(before)) or "’" in before or "'" in before


def _antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("Maria" for "who" in "Maria, who cried")."""
    if token.lower_ in ("who", "that") and token.head.dep_ == "relcl":
        return token.head.head
    return token


@dataclass(slots=True)
class _Tag:
    """A speech verb outside the quotes and who it says speaks."""

    offset: int  # of the verb
    span: tuple[int, int]  # verb and subject
    speaker: str
    named: str | None  # the character the subject names, if it names one
    word: str | None  # else the subject's word ("he", "i", "mother")
    main: bool  # the verb is not in a clause hanging on another word


@dataclass(slots=True)
class _Reader:
    """Reads who is who in one work's paragraphs, in order: what the sieves share."""

    quoted: QuoteIndex
    cast: Cast
    context: _Context
    narrator: str | None
    first_person: bool
    roles: dict[str, set[str]]  # "general" -> those called so ("General Tilney")
    epithets: _Epithets  # "blonde" -> the one the narration describes so

    def subjects(self, paragraph: ParsedParagraph) -> tuple[list[str], list[str]]:
        """Characters that are subjects in the paragraph's narration, other than of a speech
        verb (the tag's business), and all it names, updating who was mentioned last."""
        subjects: list[str] = []
        mentioned: list[str] = []
        for token in paragraph.doc:
            offset = paragraph.offset + token.idx
            if self.quoted(offset):
                continue
            occurrence = self.cast.occurrence_at(offset)
            character = self.cast.occurrence_character(occurrence) if occurrence is not None else None
            if character and occurrence.start == offset:
                self.context.mention(character)
                if character not in mentioned:
                    mentioned.append(character)
            if token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if character is None:
                character = self.refer(token)
            if character:
                self.context.act(character)
                speaking = token.head.pos_ in ("VERB", "AUX") and token.head.lemma_.lower() in SPEECH_VERBS
                if character not in subjects and not speaking:
                    subjects.append(character)
        return subjects, mentioned

    def tagged(
        self, paragraph: ParsedParagraph, first_quote: int, window: tuple[int, int] | None = None
    ) -> tuple[str | None, str | None, str | None]:
        """The speaker of the speech verb outside the quotes nearest the first
        quote (within `window`, offsets into the text); the character the tag
        names, if it names one; else the word it says instead ("he", "i", "mother")."""
        best: tuple[int, str, str | None, str | None] | None = None
        for tag in self._tags(paragraph, window):
            distance = abs(tag.offset - first_quote)
            if best is None or distance < best[0]:
                best = (distance, tag.speaker, tag.named, tag.word)
        return best[1:] if best else (None, None, None)

    def speeches(
        self, paragraph: ParsedParagraph, members: list[int], spans: Sequence[QuoteSpan]
    ) -> list[tuple[tuple[int, int] | None, list[int]]]:
        """The paragraph's quotes grouped by speaker, each group with the stretch of text
        its tags lie in: one group, unless two quotes each have a tag naming
        different characters ("Pooh said, "Yes," ... and Piglet said, "No!"")."""
        if len(members) < 2:
            return [(None, members)]
        owned: dict[int, str] = {}  # quote -> the character a tag right against it names
        text, offset = paragraph.text, paragraph.offset
        starts = [spans[i].start for i in members]
        ends = [spans[i].end for i in members]
        for tag in self._tags(paragraph, None):
            (lo, hi), named = tag.span, tag.named
            if named is None or not tag.main:
                continue
            # Only the quotes nearest the tag can be right against it: a gap that holds a
            # word holds it for every quote further on, so each side stops at the first.
            for k in range(bisect_left(starts, hi), len(members)):
                if _BETWEEN.search(text, hi - offset, starts[k] - offset):
                    break
                owned.setdefault(members[k], named)
            for k in range(bisect_right(ends, lo) - 1, -1, -1):
                if _BETWEEN.search(text, ends[k] - offset, lo - offset):
                    break
                owned.setdefault(members[k], named)
        groups, speaker = [[members[0]]], owned.get(members[0])
        for i in members[1:]:
            if speaker is not None and owned.get(i) not in (None, speaker):
                groups.append([i])
                speaker = owned[i]
            else:
                groups[-1].append(i)
                speaker = speaker or owned.get(i)
        if len(groups) == 1:
            return [(None, members)]
        cuts = [(spans[a[-1]].end + spans[b[0]].start) // 2 for a, b in zip(groups, groups[1:])]
        edges = [paragraph.offset, *cuts, paragraph.offset + len(text)]
        return [((edges[k], edges[k + 1]), group) for k, group in enumerate(groups)]

    def _tags(
        self, paragraph: ParsedParagraph, window: tuple[int, int] | None
    ) -> Iterator[_Tag]:
        """Every speech tag outside the quotes (within `window`)."""
        tokens = paragraph.doc if window is None else paragraph.tokens_between(*window)
        for token in tokens:
            offset = paragraph.offset + token.idx
            if self.quoted(offset) or token.lemma_.lower() not in SPEECH_VERBS:
                continue
            if token.pos_ in ("VERB", "AUX"):
                speakers = _speakers_of(token)
            elif token.tag_ == "NNS" and token.i and self._known_name(token.doc[token.i - 1]):
                speakers = [token.doc[token.i - 1]]  # “Told you,” Candy replies: the tagger made a noun of it
            else:
                continue
            for child in speakers:
                if self.quoted(paragraph.offset + child.idx):
                    continue
                named = (self.cast.character_at(paragraph.offset + child.idx) or self._known_name(child)
                         or (self.unnamed(child) if token.lemma_.lower() in SAY_VERBS else None))
                character = named or self.refer(child)
                if character:
                    at = paragraph.offset + child.idx
                    occurrence = self.cast.occurrence_at(at)
                    first = occurrence.start if occurrence is not None else at
                    last = occurrence.end if occurrence is not None else at + len(child.text)
                    span = (min(offset, first), max(offset + len(token.text), last))
                    main = token.dep_ not in _SUBORDINATE  # not "everything that Alice said"
                    yield _Tag(offset, span, character, named, None if named else child.lower_, main)

    def _known_name(self, token: Token) -> str | None:
        """The character a capitalised word is the name of, where the tagger did not call it one
        (it called "Candy" a common noun)."""
        return self.cast.lookup(token.text) if token.text[:1].isupper() and token.pos_ != "PRON" else None

    def lead_in(self, paragraph: ParsedParagraph) -> str | None:
        """The speaker a narration paragraph announces for the quote after it
        ("..., he suddenly addressed her with," / "when thus accosted by Miss
        Bingley," / "met Maria, who, breathless, cried out,"): the last subject,
        or passive agent, of the sentence that runs into the speech."""
        if not paragraph.text.rstrip().endswith((",", ":", "—", "-")):
            return None
        last_sentence = list(paragraph.doc.sents)[-1]
        for token in reversed(last_sentence):
            if self.quoted(paragraph.offset + token.idx):
                continue
            is_agent = token.dep_ == "pobj" and token.head.dep_ == "agent"
            if not is_agent and not (token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX")):
                continue
            token = _antecedent(token)
            character = self.cast.character_at(paragraph.offset + token.idx) or self.refer(token)
            if character:
                return character
        return None

    def relative(self, owner: str | None, kin: str) -> str | None:
        """The character a kinship noun of `owner` names by family name ("her
        mother" of Lydia Bennet: Mrs. Bennet), the most mentioned such one."""
        honorific = _KIN.get(kin)
        known = self.cast.get(owner)
        if honorific is None or known is None:
            return None
        surnames = {alias.split()[-1] for alias in known.aliases if len(alias.split()) > 1}
        wanted = {f"{honorific} {surname}".lower() for surname in surnames}
        family = [
            c for c in self.cast.characters
            if c.id != owner and any(a.lower().replace(".", "") in wanted for a in c.aliases)
        ]
        return max(family, key=lambda c: c.mentions).id if family else None

    def unnamed(self, token: Token) -> str | None:
        """Who a tag means that names someone by what they are: the character the text gives that
        role ("said the general", of General Tilney), else one of their own ("said the healer",
        "a secretary asked"), never a named character who may not be there."""
        if token.pos_ not in ("NOUN", "PROPN", "ADJ") or not token.text.islower() or token.tag_ in ("NNS", "NNPS"):
            return None  # a name, or a group ("the girls")
        if token.lower_ in GENDERED_NOUNS or token.lower_ in KIN_NOUNS:
            return None  # "the old man", "the girl" mostly stand for someone named nearby
        if not any(c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in token.children):
            return None
        if not is_role_noun(token.lower_):  # "the voice", "the letter"; "the blonde", who is someone named
            return self.epithets.holder(token.lower_)
        holders = self.roles.get(token.lower_)
        if holders:  # "said the general", of "General Tilney"; of several, the one named last
            return next((c for c in reversed(self.context.recent) if c in holders), min(holders))
        name = f"the {token.lower_}"
        return self.cast.lookup(name) or self.cast.add(name)

    def refer(self, token: Token) -> str | None:
        """The character a pronoun or a gendered noun phrase ("his wife") most likely means."""
        lower = token.lower_
        context, cast = self.context, self.cast
        if token.pos_ == "NOUN" and lower in GENDERED_NOUNS:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            owner_id = self.refer(owner) if owner is not None else None
            gender = GENDERED_NOUNS[lower]
            return (
                self.relative(owner_id, lower)
                or context.resolve(gender, cast, exclude=owner_id)
                or context.resolve(gender, cast)
            )
        if lower in FIRST_PERSON:
            return self.narrator if self.first_person else None
        exclude = self.narrator if self.first_person else None
        if lower in MALE_PRONOUNS:
            return context.resolve("male", cast, exclude=exclude)
        if lower in FEMALE_PRONOUNS:
            return context.resolve("female", cast, exclude=exclude)
        return None


def role_holders(parsed: Sequence[ParsedParagraph], cast: Cast) -> dict[str, set[str]]:
    """The named characters a role noun stands for: those whose title it is ("General Tilney",
    "Dr. Kemp" for "the doctor"), else the one the text sets it beside, after a comma ("Bunting,
    the vicar", "the beadle, Mr. Bumble"). "Said the vicar" is then theirs, not someone new's."""
    titled: dict[str, set[str]] = defaultdict(set)
    for character in cast.characters:
        for alias in (character.name, *character.aliases):
            words = alias.split()
            if len(words) > 1 and (title := honorific_key(words[0])) and HONORIFICS.get(title) is None:
                titled[_TITLE_NOUNS.get(title, title)].add(character.id)
    beside: dict[str, set[str]] = defaultdict(set)
    for paragraph in parsed:
        doc = paragraph.doc
        for token in doc:
            if token.dep_ != "appos":
                continue
            for noun, name in ((token, token.head), (token.head, token)):
                if not (noun.tag_ == "NN" and noun.text.islower()
                        and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)):
                    continue
                between = doc[min(noun.i, name.i) + 1 : max(noun.i, name.i)]
                after = doc[max(noun.i, name.i) + 1 : max(noun.i, name.i) + 3]
                if not any(t.text == "," for t in between) or any(t.lower_ in ("and", "or") for t in after):
                    continue  # "Holmes, the prisoner, and he": a list, not one person and their role
                character = cast.character_at(paragraph.offset + name.idx)
                if character:
                    beside[noun.lower_].add(character)
    roles = {noun: named for noun, named in beside.items() if len(named) == 1}
    return roles | dict(titled)


class _Epithets:
    """Who a word a tag calls someone by describes ("said the blonde"): the one character the
    narration names in most of the sentences that use the word ("Draco pushed his blond hair back")."""

    def __init__(self, parsed: Sequence[ParsedParagraph], cast: Cast, quoted: QuoteIndex) -> None:
        self.parsed, self.cast, self.quoted = parsed, cast, quoted
        self.found: dict[str, str | None] = {}

    def holder(self, word: str) -> str | None:
        """The character `word` describes, or None when the narration ties it to no one clearly
        (each word is looked up once: the pass reads the whole text)."""
        if word not in self.found:
            self.found[word] = self._holder(word)
        return self.found[word]

    def _holder(self, word: str) -> str | None:
        stem = word.rstrip("e")  # "blonde" is "blond"
        counts: Counter[str] = Counter()
        for paragraph in self.parsed:
            if stem not in paragraph.text.lower():
                continue
            for sentence in paragraph.doc.sents:
                if not any(t.lower_.rstrip("e") == stem for t in sentence):
                    continue
                counts.update({character for t in sentence
                               if not self.quoted(offset := paragraph.offset + t.idx)
                               and (character := self.cast.character_at(offset))})
        if not counts:
            return None
        character, seen = counts.most_common(1)[0]
        return character if seen >= EPITHET_SEEN and seen >= EPITHET_SHARE * counts.total() else None


EPITHET_SEEN = 3  # sentences that use the word with the character named
EPITHET_SHARE = 0.6  # of all the characters named in them


# Titles written short, as the noun a tag uses: "Dr. Kemp" is "the doctor".
_TITLE_NOUNS = {"dr": "doctor", "capt": "captain", "col": "colonel", "lt": "lieutenant", "sgt": "sergeant",
                "prof": "professor", "rev": "reverend"}


def _turn(
    context: _Context, quotes: list[Quote], members: list[int], spans: Sequence[QuoteSpan], cast: Cast
) -> tuple[str | None, str | None]:
    speakers = context.last_speakers
    if speakers:
        previous = speakers[-1]
        # The one named by vocative in the previous quote answers.
        for addressee in context.called:
            if addressee != previous:
                return addressee, "vocative-turn"
        if len(speakers) >= 2 and speakers[-2] and speakers[-2] != previous:
            return speakers[-2], "turn"
        other = next((c for c in reversed(context.recent) if c != previous), None)
        if other:
            return other, "turn" if previous else "nearest"
    candidate = context.recent[-1] if context.recent else None
    return (candidate, "nearest") if candidate else (None, None)


def _quote_text(paragraph: ParsedParagraph, span: QuoteSpan) -> str:
    return paragraph.text[span.start - paragraph.offset : span.end - paragraph.offset]


def _person(word: str | None) -> str | None:
    """"male", "female" or "first" for he, she or I; None for any other word."""
    if word in MALE_PRONOUNS:
        return "male"
    if word in FEMALE_PRONOUNS:
        return "female"
    return "first" if word in FIRST_PERSON else None


def _gender_of(word: str | None) -> str | None:
    """The gender a tag's he, she or noun ("her mother") shows."""
    person = _person(word)
    if person in ("male", "female"):
        return person
    return GENDERED_NOUNS.get(word) if word else None


def _named_in_quotes(
    spans: Sequence[QuoteSpan], members: list[int], cast: Cast
) -> tuple[list[str], list[str], list[str]]:
    """Characters the quotes call by vocative, those they name otherwise, and those who
    introduce themselves in them ("I'm Harry"; anyone else named is not the speaker)."""
    called: list[str] = []
    named: list[str] = []
    introduced: list[str] = []
    for i in members:
        for occ in cast.occurrences_within(spans[i].start, spans[i].end):
            character = cast.occurrence_character(occ)
            found = introduced if occ.introduced else called if occ.vocative else named
            if character and character not in found:
                found.append(character)
    return called, [c for c in named if c not in introduced], introduced

"""Evidence of how two characters are bound, read from the parse, each kept with its passage.

A word of `cues` counts only where the parse ties it to two characters:
- a relation noun with an owner and a bearer: "her sister Jane", "Jane, her
  sister", "Jane was Elizabeth's sister", "the wife of Mr. Bennet", or said of
  two: "Jane and Tom were cousins"; "his wife" with no name is the one woman the text calls
  Mrs. his surname, when she was named shortly before;
- a word of address in a line, said by its speaker to its one hearer ("Papa,
  you are wrong", "my love");
- an act of one to the other, or of two together: "Harry kissed Draco", "he
  proposed to her", "I love you", "Harry and Draco kissed", "she took his hand";
- a state towards the other: "engaged to", "in love with", "jealous of".
Negated acts ("he did not kiss her"), acts only asked about ("do you think I
love him?", though "Will you marry me?" proposes), supposed ones ("as if she were his
brother"), relations only to be or nearly so ("you'll be my cousin soon",
"almost my cousin") and courting that only entices ("courted her into an
apartment") tell nothing. Who a pronoun means is
`referents`' reading; a cue weighs as much as the less certain of its two
readings (a name is certain; a pronoun or a line's speaker is not), for those
readings are wrong often enough to make a sister of a lover.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..language import ParsedParagraph
from .cues import ACTS, ADDRESS, HAND_VERBS, HAND_WEIGHT, RELATION_NOUNS, ROMANTIC, STATES
from .referents import Referents

_OBJECT_PREPOSITIONS = frozenset(("to", "with", "at", "on", "for", "against"))
_ADDRESS_OPENERS = frozenset(("my", "dear", "dearest", "oh", "o", "darling"))
LINE_TRUST = 0.5  # a word of address is as right as the line's speaker and hearer
_SUPPOSING = frozenset(("if", "though", "unless"))
_HEDGES = frozenset(("almost", "nearly", "practically", "virtually", "like"))
_EXTENDED_KIN = frozenset(("cousin", "aunt", "uncle", "niece", "nephew"))  # not born new, unlike a brother
_ACQUIRED = frozenset(("new", "future", "prospective"))
_TO_SOMEONE = frozenset(("propose",))  # "proposed to her", not "proposed to her a walk"
_ENTICING = frozenset(("court", "woo"))  # "courted her into an apartment": drew her in, did not woo her
DECLARATION = ("love you", 2.0)  # "I love you" said to someone: more than a fond word
_CUE_WORDS = frozenset((*RELATION_NOUNS, *ADDRESS, *ACTS, *HAND_VERBS, *(word for word, _ in STATES)))


@dataclass(slots=True)
class Cue:
    """One piece of evidence: `who` is `of`'s `word` ("Jane" is Elizabeth's "sister"), or `who`
    did `word` to `of` ("Harry" "kiss"ed Draco). `start`/`end` are the sentence's offsets."""

    kind: str
    word: str
    who: str
    of: str
    weight: float
    start: int
    end: int
    address: bool = False  # told by a word of address ("Papa,"), not by the narration's grammar


def find_cues(parsed: Sequence[ParsedParagraph], referents: Referents) -> list[Cue]:
    """Every cue of a bond between two characters, in text order."""
    cues: list[Cue] = []
    for paragraph in parsed:
        for sentence in paragraph.doc.sents:
            reader = _SentenceReader(sentence, paragraph.offset, referents)
            for token in sentence:
                word, lemma = token.lower_, token.lemma_.lower()
                if lemma not in _CUE_WORDS and word not in _CUE_WORDS:
                    continue
                found = [*reader.relation(token), *reader.address(token)]
                if not _asked(token):  # "do you think I love Mr. Bounderby?" tells no love
                    found += [*reader.act(token), *reader.touch(token), *reader.state(token)]
                if found and not _supposed(token):  # "as if she were his brother", "if he had kissed her"
                    cues += found
    return cues


class _SentenceReader:
    """The cues of one sentence, each weighed by how surely its two people are read."""

    def __init__(self, sentence: Span, offset: int, referents: Referents) -> None:
        self.offset, self.referents = offset, referents
        self.start, self.end = offset + sentence.start_char, offset + sentence.end_char

    def who(self, token: Token | None, avoid: str | None = None) -> str | None:
        if token is not None and token.lower_.endswith("self"):
            return avoid  # "he fancied himself": the doer again, no bond
        return None if token is None else self.referents.resolve(token, self.offset + token.idx, avoid)

    def trust(self, *tokens: Token | None) -> float:
        return min((self.referents.certainty(t, self.offset + t.idx) for t in tokens if t is not None), default=0.0)

    def cue(self, kind: str, word: str, bearer: str | None, other: str | None, weight: float, sure: float,
            address: bool = False) -> Iterator[Cue]:
        if bearer is not None and other is not None and bearer != other:
            yield Cue(kind, word, bearer, other, round(weight * sure, 3), self.start, self.end, address)

    def relation(self, token: Token) -> Iterator[Cue]:
        """"her sister Jane", "Jane was Elizabeth's sister", "Jane and Tom were cousins"; not "My wife,
        Hastings" or "almost my cousin"."""
        lemma = token.lemma_.lower()
        relation = RELATION_NOUNS.get(lemma) or RELATION_NOUNS.get(token.lower_)
        if relation is None or token.pos_ not in ("NOUN", "PROPN"):
            return
        owner, bearer = _owner(token), _bearer(token)
        if owner is None and bearer is not None and token.tag_ == "NNS" and bearer.conjuncts and not _modal(token):
            # "she and Alfred Inglethorp were cousins": each of the two is the other's
            first = self.who(bearer)
            for other in bearer.conjuncts:
                yield from self.cue(relation[0], lemma, self.who(other, first), first, relation[1],
                                    self.trust(bearer, other))
            return
        if owner is None or bearer is not None and _is_address(bearer) or _modal(token):
            return
        owner_id = self.who(owner)
        if bearer is None and owner_id is not None:  # "his wife": the one the text calls Mrs. his surname
            yield from self.cue(relation[0], lemma, self.referents.spouse(owner_id, lemma, self.start), owner_id,
                                relation[1], self.trust(owner))
            return
        yield from self.cue(relation[0], lemma, self.who(bearer, owner_id), owner_id, relation[1],
                            self.trust(bearer, owner))

    def address(self, token: Token) -> Iterator[Cue]:
        """"Papa, you are wrong": the hearer is the speaker's papa."""
        address = ADDRESS.get(token.lower_)
        if address is None or not _is_address(token):
            return
        quote = self.referents.quote_at(self.offset + token.idx)
        if quote is not None and quote.speaker and len(quote.addressees) == 1:
            yield from self.cue(address[0], token.lower_, quote.addressees[0], quote.speaker, address[1], LINE_TRUST,
                                True)

    def act(self, verb: Token) -> Iterator[Cue]:
        """"Harry kissed Draco", "he proposed to her", "Harry and Draco kissed", "I love you"."""
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in ACTS or _negated(verb) or lemma in _TO_SOMEONE and _has_thing(verb) \
                or lemma in _ENTICING and any(c.dep_ == "prep" and c.lower_ == "into" for c in verb.children):
            return
        kind, weight = ACTS[lemma]
        subjects, objects = _subjects(verb), _objects(verb)
        if lemma == "love" and _declared(subjects, objects):
            lemma, weight = DECLARATION
        for subject in subjects:
            actor = self.who(subject)
            for thing in objects:
                yield from self.cue(kind, lemma, actor, self.who(thing, actor), weight, self.trust(subject, thing))
        if not objects and len(subjects) > 1:  # "Harry and Draco kissed"
            first = self.who(subjects[0])
            for other in subjects[1:]:
                yield from self.cue(kind, lemma, first, self.who(other, first), weight, self.trust(subjects[0], other))
        if lemma in _WEDDING and not subjects and len(objects) > 1 and any(c.dep_ == "auxpass" for c in verb.children) \
                and not any(c.dep_ == "prt" for c in verb.children):
            # "Henry and Catherine were married": to each other, as far as the words go; told apart from
            # "married to" so that sisters "married the same day" keep the family their shared name tells
            first = self.who(objects[0])
            for other in objects[1:]:
                yield from self.cue(kind, "were married", first, self.who(other, first), weight,
                                    self.trust(objects[0], other))

    def touch(self, verb: Token) -> Iterator[Cue]:
        """"she took his hand"; not "he held out his hand"."""
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in HAND_VERBS or _negated(verb) or any(c.dep_ == "prt" for c in verb.children):
            return
        for thing in _objects(verb):
            owner = _owner(thing) if thing.lemma_.lower() == "hand" else None
            for subject in _subjects(verb):
                actor = self.who(subject)
                yield from self.cue(ROMANTIC, f"{lemma} hand", actor, self.who(owner, actor), HAND_WEIGHT,
                                    self.trust(subject, owner))

    def state(self, token: Token) -> Iterator[Cue]:
        """"she was engaged to him", "he fell in love with her"."""
        lemma = token.lemma_.lower()
        for preposition in token.children:
            state = STATES.get((lemma, preposition.lower_)) if preposition.dep_ == "prep" else None
            clause = _clause(token) if state else None
            if state is None or clause is None or _negated_between(token, clause):
                continue
            holder = next(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
            actor = self.who(holder)
            for thing in preposition.children:
                if thing.dep_ == "pobj":
                    yield from self.cue(state[0], f"{lemma} {preposition.lower_}", actor, self.who(thing, actor),
                                        state[1], self.trust(holder, thing))


_WEDDING = frozenset(("marry", "wed"))


def _owner(noun: Token) -> Token | None:
    """Whose the noun is: "her" in "her sister", "Jane" in "Jane's sister" or "the sister of Jane"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _bearer(noun: Token) -> Token | None:
    """Who the relation noun is said of: "Jane" in "Jane, her sister", "her sister Jane" or
    "Jane was her sister"."""
    if noun.dep_ == "appos" and noun.head.pos_ in ("PROPN", "PRON") and noun.head.tag_ != "PRP$" \
            and any(t.is_punct for t in noun.doc[min(noun.i, noun.head.i) + 1 : max(noun.i, noun.head.i)]):
        return noun.head  # set off by a comma or dash, not run on ("you, Miss Morland my stupid sister has ...")
    for child in noun.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    if noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
        return noun.head
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    return None


def _is_address(token: Token) -> bool:
    """Whether a word is said to someone ("Papa," "my dear brother!") rather than of them."""
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "poss", "compound"):
        return False
    i, doc = token.i, token.doc
    before = i - 1
    while before >= 0 and doc[before].lower_ in _ADDRESS_OPENERS:
        before -= 1
    opens = before < 0 or doc[before].is_punct or doc[before].is_quote
    closes = i + 1 >= len(doc) or doc[i + 1].is_punct
    return opens and closes


def _supposed(token: Token) -> bool:
    """Whether a word stands in a clause that only supposes ("as if she were his brother", "if
    only he loved her")."""
    for head in (token, *token.ancestors):
        if any(c.dep_ == "mark" and c.lower_ in _SUPPOSING for c in head.children):
            return True
    return False


def _asked(token: Token) -> bool:
    """Whether a word stands in a question asked for yes or no ("do you love him?", "Can he marry
    her?", "Did she kiss you?"), which tells nothing; a question asking what or why ("Why did you
    kiss me?") still takes the act as done."""
    ends = token.sent[-1]
    if "?" not in token.doc[token.i : ends.i + 1].text or _proposal(token):
        return False
    for head in (token, *token.ancestors):
        if any(c.dep_ in ("advmod", "attr", "dobj", "nsubj") and c.tag_ in ("WRB", "WP", "WDT") for c in head.children):
            return False
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if subject is not None and any(c.dep_ in ("aux", "auxpass") and c.i < subject.i for c in head.children):
            return True
        if subject is not None and head.lemma_ == "be" and head.i < subject.i:
            return True  # "Is she in love with him?"
    return False


def _proposal(verb: Token) -> bool:
    """"Will you marry me?": asked, and a courtship all the same."""
    return verb.lemma_.lower() in _WEDDING and any(c.lower_ == "you" for c in _subjects(verb)) \
        and any(c.lower_ == "me" for c in _objects(verb))


def _modal(noun: Token) -> bool:
    """Whether a relation is only to be, might be or is nearly ("you'll be my cousin soon", "she would
    be his wife", "almost my cousin"), or comes with a marriage ("Newland's new cousin", said of his
    bride's cousin: a cousin is not new unless married into)."""
    if any(c.lower_ in _HEDGES for c in noun.children):
        return True
    if noun.lemma_.lower() in _EXTENDED_KIN and any(c.lower_ in _ACQUIRED for c in noun.children):
        return True
    verb = noun.head if noun.dep_ == "attr" else None
    return verb is not None and any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _has_thing(verb: Token) -> bool:
    """Whether a verb has an object that is no one ("proposed a walk to Miss Tilney")."""
    return any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in verb.children)


def _declared(subjects: list[Token], objects: list[Token]) -> bool:
    """Whether the words are "I ... you" (or "thee"): a declaration made to the hearer."""
    return any(s.lower_ == "i" for s in subjects) and any(o.lower_ in ("you", "thee") for o in objects)


def _negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _subjects(verb: Token) -> list[Token]:
    """The doers of a verb: its subjects and theirs conjoined, a passive's agent, the subject of
    the verb it is joined to ("turned and kissed him")."""
    found = [c for c in verb.children if c.dep_ == "nsubj"]
    for child in verb.children:
        if child.dep_ == "agent":
            found += [g for g in child.children if g.dep_ == "pobj"]
    if not found and verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
        # "asked her to marry him": the asker's object does it; "wanted to kiss him": the subject
        found = [c for c in verb.head.children if c.dep_ == "dobj"] or \
            [c for c in verb.head.children if c.dep_ == "nsubj"]
    if not found and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        found = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return [s for first in found for s in (first, *first.conjuncts)]


def _objects(verb: Token) -> list[Token]:
    """Who a verb is done to: its object, a passive's subject, the object of "to", "with", "at"."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPOSITIONS:
            found += [g for g in child.children if g.dep_ == "pobj"]
    return [o for first in found for o in (first, *first.conjuncts)]


def _negated_between(token: Token, clause: Token) -> bool:
    """Whether a word or one of its heads up to its clause is negated ("not being in love")."""
    current = token
    while True:
        if _negated(current):
            return True
        if current.i == clause.i or current.head.i == current.i:
            return False
        current = current.head


def _clause(token: Token) -> Token | None:
    """The word heading the clause `token` stands in, the one with a subject ("was" of "she was
    engaged to him", "fell" of "he fell in love with her")."""
    current = token
    for _ in range(4):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in current.children):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


"""Cues of a bond and children, read from small passages: what the grammar ties to two people,
and what it only supposes, remembers or figures."""

from __future__ import annotations

from ficlens.language import parse_spans
from ficlens.pipeline import analyze_work
from ficlens.read import read_bytes
from ficlens.story.ages import find_children
from ficlens.story.bonds import find_cues
from ficlens.story.referents import Referents


def read(story: str):
    """The analysis of a story, its parsed paragraphs and who its words mean."""
    analysis = analyze_work(read_bytes(story.encode("utf-8"), "case.txt"))
    spans = [(p.start, p.end) for p in analysis.structure.story_paragraphs()]
    genders = {c.id: c.gender for c in analysis.characters}
    referents = Referents(analysis.mentions, analysis.quotes, genders, analysis.narration.narrator)
    return analysis, parse_spans(analysis.work.text, spans), referents


def cues_of(story: str) -> set[tuple[str, str, str, str]]:
    """(kind, word, who, of) of every cue, by character name."""
    analysis, parsed, referents = read(story)
    names = {c.id: c.name for c in analysis.characters}
    return {(c.kind, c.word, names[c.who], names[c.of]) for c in find_cues(parsed, referents)}


def children_of(story: str) -> set[str]:
    analysis, parsed, referents = read(story)
    names = {c.id: c.name for c in analysis.characters}
    return {names[c] for c in find_children(parsed, referents)}


CAST = """Jane Grey and Tom Grey walked to church. Alice Moore walked with them, and Harry Stone came behind.
"""


def test_a_relation_noun_ties_its_owner_to_its_bearer():
    cues = cues_of(CAST + "Jane Grey was the sister of Tom Grey. Alice Moore, Jane Grey's friend, laughed.\n")
    assert ("family", "sister", "Jane Grey", "Tom Grey") in cues
    assert ("friendship", "friend", "Alice Moore", "Jane Grey") in cues
    cues = cues_of(CAST + "Everyone knew that Harry Stone and Alice Moore were cousins.\n")
    assert {c[2:] for c in cues if c[:2] == ("family", "cousin")} & {("Harry Stone", "Alice Moore"),
                                                                     ("Alice Moore", "Harry Stone")}


def test_acts_tie_a_doer_to_whom_it_is_done():
    cues = cues_of(CAST + "Harry Stone kissed Alice Moore. Later Harry Stone proposed to Alice Moore.\n")
    assert ("romantic", "kiss", "Harry Stone", "Alice Moore") in cues
    assert ("romantic", "propose", "Harry Stone", "Alice Moore") in cues


def test_i_love_you_said_to_the_one_hearer_is_a_declaration_in_old_words_too():
    story = CAST + ('"Stephen," said Rachael.\n\n"Rachael," said Stephen Blackpool, "I love thee."\n\n'
                    '"Hush," said Rachael.\n')
    cues = cues_of(story)
    assert ("romantic", "love you", "Stephen Blackpool", "Rachael") in cues


def test_he_after_someone_unnamed_came_in_is_not_the_last_man_named():
    cues = cues_of(CAST + "Harry Stone stayed in the church. At the gate Jane Grey ran into a little man, "
                          "and he kissed her warmly.\n")
    assert not [c for c in cues if c[0] == "romantic"]


def test_supposing_denying_offering_and_enticing_tell_nothing():
    cues = cues_of(CAST + "Tom Grey argued with Alice Moore as if she were his sister. Harry Stone did not kiss "
                          "Jane Grey. Jane Grey proposed a walk to Harry Stone. Harry Stone held out his hand. "
                          "Alice Moore courted Jane Grey into the parlour.\n")
    assert not [c for c in cues if c[0] in ("family", "romantic")]


def test_a_stated_age_makes_a_child_and_a_remembered_one_does_not():
    story = ("Kit Barrow was only twelve years old. Ann Pike had been eleven when the war began. "
             "Ann Pike, who was thirty, watched Kit Barrow play.\n")
    assert children_of(story) == {"Kit Barrow"}


def test_a_later_grown_age_outlives_a_childhood():
    story = "Lily Evans was eleven years old. Years later, Lily Evans was twenty-one years old.\n"
    assert children_of(story) == set()


def test_two_told_to_be_married_are_tied_by_it_sisters_married_the_same_day_are_not_a_couple():
    story = CAST + "A year later Harry Stone and Alice Moore were married, and the bells rang.\n"
    assert ("romantic", "were married", "Harry Stone", "Alice Moore") in cues_of(story)
    sisters = CAST + "Jane Grey and Alice Grey were married on the same day.\n"
    analysis = read(sisters)[0]
    names = {c.id: c.name for c in analysis.characters}
    pair = next(r for r in analysis.story.relationships
                if {names[c] for c in r.characters} == {"Jane Grey", "Alice Grey"})
    assert pair.kind == "family" and analysis.story.pairing is None


def test_a_relation_noun_run_on_after_a_name_without_a_comma_is_not_said_of_it():
    # "you, Miss Morland my stupid sister has mistaken you": the sister is someone else, of whom he speaks
    story = CAST + ('"And you, Alice Moore my stupid sister has mistaken all your words," said Harry Stone.\n\n'
                    '"Has she?" said Alice Moore.\n')
    assert not {c for c in cues_of(story) if c[1] == "sister" and "Alice Moore" in c[2:]}


def test_a_superscript_digit_is_no_age():
    # "²" is a digit to str.isdigit, but no number a character's age is written in
    assert children_of(CAST + "Harry Stone was ² years old, and Alice Moore was 12 years old.\n") == {"Alice Moore"}

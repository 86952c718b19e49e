"""Who says each line: tags, pronouns, beats and turn-taking, on small stories."""

from __future__ import annotations

import pytest

from ficlens.pipeline import analyze_work
from ficlens.read import read_bytes

STORY = """Harry walked into the kitchen. Hermione was reading at the table.

“Morning,” said Harry.

“You’re late,” Hermione replied. She did not look up.

“I overslept.”

“You always oversleep.”

Harry frowned. “That’s not fair.”

“Isn’t it?” she asked, turning a page.

Ron came in then, yawning. Harry nodded at him, and Ron nodded back, and Hermione sighed.

“Have you two eaten?” asked Ron.
"""


@pytest.fixture(scope="module")
def story():
    analysis = analyze_work(read_bytes(STORY.encode(), "kitchen.txt"))
    names = {c.id: c.name for c in analysis.characters}
    lines = [(analysis.work.text[q.start : q.end], names.get(q.speaker), q.method) for q in analysis.quotes]
    return analysis, lines


def test_named_tags_in_both_orders(story):
    _, lines = story
    assert lines[0][:2] == ("Morning,", "Harry")
    assert lines[1][:2] == ("You’re late,", "Hermione")
    assert lines[-1][:2] == ("Have you two eaten?", "Ron")


def test_untagged_lines_alternate(story):
    _, lines = story
    assert lines[2][:2] == ("I overslept.", "Harry")
    assert lines[3][:2] == ("You always oversleep.", "Hermione")


def test_action_beat_and_pronoun_tag(story):
    _, lines = story
    assert lines[4] == ("That’s not fair.", "Harry", "beat")
    assert lines[5][:2] == ("Isn’t it?", "Hermione")


def test_confidence_follows_the_rule(story):
    analysis, _ = story
    by_method = {q.method: q.confidence for q in analysis.quotes}
    assert by_method["tag"] > by_method["beat"] > by_method["turn"]


def test_first_person_narrator_says_i_lines():
    text = """Work Text:
“Draco,” Harry said, “come here.”
I did not move. “Why?”
“Because I asked, Draco.”
“Fine,” I said.
"""
    analysis = analyze_work(read_bytes(text.encode(), "first.txt"))
    names = {c.id: c.name for c in analysis.characters}
    assert analysis.narration.pov == "first"
    assert names[analysis.narration.narrator] == "Draco"
    speakers = [names.get(q.speaker) for q in analysis.quotes]
    assert speakers[0] == "Harry" and speakers[-1] == "Draco"
    assert names.get(analysis.quotes[0].addressees[0]) == "Draco"


LEAD_INS = """Harry and Hermione sat by the fire while Ron slept.

When the clock struck, Harry was thus accosted by Hermione,

“You haven’t started your essay.”

Ron woke and met Harry, who, yawning, called out,

“Is it morning already?”
"""


def test_a_lead_in_paragraph_names_the_next_speaker():
    analysis = analyze_work(read_bytes(LEAD_INS.encode(), "lead-ins.txt"))
    names = {c.id: c.name for c in analysis.characters}
    assert [names.get(q.speaker) for q in analysis.quotes] == ["Hermione", "Harry"]


FAMILY = """Mrs. Bennet sat with Lady Lucas, and Mr. Bennet read by the window.

Lydia Bennet ran into the room with Charlotte Lucas behind her.

“There is to be a ball!” cried Lydia.

“Sit down and be quiet,” said her mother.
"""


def test_a_kinship_tag_names_the_parent_by_family_name():
    analysis = analyze_work(read_bytes(FAMILY.encode(), "family.txt"))
    names = {c.id: c.name for c in analysis.characters}
    assert [names.get(q.speaker) for q in analysis.quotes] == ["Lydia Bennet", "Mrs. Bennet"]


GLUED_TAGS = """Elizabeth and Darcy stood by the window.

"I have faults enough."--said Darcy; "but they are not of understanding."

"_That_ is a failing indeed!"--cried Elizabeth. "Implacable resentment _is_ a shade in a character."

"Yes,"--replied Darcy;--"there is, I believe, a tendency to some evil."
"""


def test_a_tag_glued_to_its_quote_by_dashes_still_names_the_speaker():
    analysis = analyze_work(read_bytes(GLUED_TAGS.encode(), "glued.txt"))
    names = {c.id: c.name for c in analysis.characters}
    speakers = [names.get(q.speaker) for q in analysis.quotes]
    assert speakers == ["Darcy", "Darcy", "Elizabeth", "Elizabeth", "Darcy", "Darcy"]
    assert {q.method for q in analysis.quotes} == {"tag"}


INVERTED_TAGS = """Lucy and Mr. Beebe walked on with Charlotte Bartlett.

"She is emancipated, but only in the best sense,"
 continued Charlotte Bartlett slowly.

"Oh!" exclaimed Mr. Beebe, mopping his brow.

"Well," put in Lucy.

"Lucy thinks so," said Mr. Beebe; and Lucy said Charlotte was right.
"""


def test_a_speaker_named_after_the_verb_is_the_speaker_even_when_parsed_as_an_object():
    analysis = analyze_work(read_bytes(INVERTED_TAGS.encode(), "inverted.txt"))
    names = {c.id: c.name for c in analysis.characters}
    assert [names.get(q.speaker) for q in analysis.quotes] == [
        "Charlotte Bartlett", "Mr. Beebe", "Lucy", "Mr. Beebe",
    ]


READ_BACK = """Ron had lost it again, and Ron was cross. Harry waited by the fire. Hermione came in with Ron.

"Where did you put it?"

"In the trunk, under the cloak."

"Are you sure? I looked there twice."

"I'm sure," said Harry. "Look again."
"""


def test_a_later_named_tag_settles_who_spoke_two_turns_before():
    analysis = analyze_work(read_bytes(READ_BACK.encode(), "read-back.txt"))
    names = {c.id: c.name for c in analysis.characters}
    assert [names.get(q.speaker) for q in analysis.quotes] == ["Ron", "Harry", "Ron", "Harry", "Harry"]


EMERSONS = """Mr. Emerson and George Emerson sat in the chapel with Lucy Honeychurch. George looked at the
fresco, and he put his hands in his pockets. Lucy looked at George. Then the clergyman left.

“The clergyman has gone,” said Mr. Emerson.

“Were you snubbed?” asked his son tranquilly.
"""


def test_a_family_word_after_the_quote_is_the_speaker_of_that_family():
    analysis = analyze_work(read_bytes(EMERSONS.encode(), "emersons.txt"))
    names = {c.id: c.name for c in analysis.characters}
    assert [names.get(q.speaker) for q in analysis.quotes] == ["Mr. Emerson", "George Emerson"]


def test_a_speaker_may_go_on_after_a_beat_that_opens_the_paragraph(analysis_004):
    # “Just needed a change of scenery,” Draco says ... / After a few moments, Draco breaks the
    # silence. “How long have you been here?” he asks ... / “Told you,” Candy replies ...
    text = analysis_004.work.text
    names = {c.id: c.name for c in analysis_004.characters}
    said = {text[q.start : q.end]: names.get(q.speaker) for q in analysis_004.quotes}
    assert said["Just needed a change of scenery,"] == "Draco Malfoy"
    assert said["How long have you been here?"] == "Draco Malfoy"
    assert said["Told you,"] == "Candy"


SHARED_PARAGRAPH = """Pooh went down to the Very Deep Pit where Piglet was waiting for him.

Piglet looked up from the bottom of the Pit, and said, “Got it?” and Pooh said, “Yes, but it isn't quite a full jar,” and he threw it down, and Piglet said, “No, it isn't!”

“Of course it is,” said Pooh, who seemed ready to agree to everything that Piglet said; “there is more at home.”
"""


def test_one_paragraph_may_hold_several_speakers_each_tagged_against_their_quote():
    analysis = analyze_work(read_bytes(SHARED_PARAGRAPH.encode(), "shared.txt"))
    names = {c.id: c.name for c in analysis.characters}
    # A tag inside a clause ("everything that Piglet said") does not start a new speaker.
    assert [names.get(q.speaker) for q in analysis.quotes] == ["Piglet", "Pooh", "Piglet", "Pooh", "Pooh"]


def test_a_speaker_who_gives_their_own_name_is_its_speaker(analysis_000):
    # Harry held out his hand. / "My name's Potter, Harry Potter." / ... / "Hello Potter, my name's is Malfoy, Draco Malfoy."
    text = analysis_000.work.text
    names = {c.id: c.name for c in analysis_000.characters}
    said = {text[q.start : q.end]: (names.get(q.speaker), q.method, [names[a] for a in q.addressees])
            for q in analysis_000.quotes}
    assert said["My name's Potter, Harry Potter."][:2] == ("Harry Potter", "introduced")
    assert said["Hello Potter, my name's is Malfoy, Draco Malfoy."] == ("Draco Malfoy", "introduced", ["Harry Potter"])


class _CountingDoc:
    """A spaCy Doc that counts how often its whole text is read (Doc.text joins every token)."""

    def __init__(self, doc, reads: list[int]) -> None:
        self._doc, self._reads = doc, reads

    @property
    def text(self) -> str:
        self._reads[0] += 1
        return self._doc.text

    def __getattr__(self, name):
        return getattr(self._doc, name)

    def __iter__(self):
        return iter(self._doc)

    def __len__(self) -> int:
        return len(self._doc)

    def __getitem__(self, key):
        return self._doc[key]


def test_a_long_paragraph_of_many_quotes_reads_its_text_a_bounded_number_of_times(monkeypatch):
    # One paragraph of 60 tagged quotes: rebuilding the paragraph's text per quote (or per
    # mention) costs the square of its length; the analysis must read it a fixed number of times.
    from ficlens import language

    lines = [f"“Line number {i} is here,” said {'Harry' if i % 2 else 'Hermione'}." for i in range(60)]
    paragraph = "Harry and Hermione talked. " + " ".join(lines)
    reads = [0]
    parse_spans = language.parse_spans

    def counting(text, spans, processes=1):
        parsed = parse_spans(text, spans, processes)
        for p in parsed:
            p.doc = _CountingDoc(p.doc, reads)
        return parsed

    monkeypatch.setattr(language, "parse_spans", counting)
    analysis = analyze_work(read_bytes(f"Talk\n\n{paragraph}\n".encode(), "talk.txt"))
    names = {c.id: c.name for c in analysis.characters}
    assert len(analysis.quotes) == 60
    assert [names.get(q.speaker) for q in analysis.quotes[:2]] == ["Hermione", "Harry"]
    assert reads[0] <= 2


NAMED_SINCE = """Emma Woodhouse stood by the window while the young men measured the room.

“Oh! no,” said Mr. Woodhouse; “it would be the extreme of imprudence. Emma is not strong.”

Every door was now closed, and the passage given up, with such good-will on Frank Churchill's part
that the room was soon thought quite large enough.

“We were too magnificent,” said he. “Ten couple may stand here very well.”

Mr. Woodhouse came back from the fire and looked hard at Frank Churchill. “It is a draught,” he said.
"""


def test_he_is_the_man_named_since_the_last_one_spoke():
    # Mr. Woodhouse spoke last, but Frank Churchill is named in the paragraph after: "said he" is
    # Frank's; in the last paragraph Mr. Woodhouse is its subject and Frank only looked at
    analysis = analyze_work(read_bytes(NAMED_SINCE.encode(), "named-since.txt"))
    names = {c.id: c.name for c in analysis.characters}
    said = {analysis.work.text[q.start : q.end]: names.get(q.speaker) for q in analysis.quotes}
    assert said["We were too magnificent,"] == "Frank Churchill"
    assert said["It is a draught,"] == "Mr. Woodhouse"

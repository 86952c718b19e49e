"""The kind of relationships in small stories written for the purpose, one case each: sisters,
a married couple, colleagues, a teacher and a pupil, a child, a Gen story, a kiss and a confession."""

from __future__ import annotations

from ficlens.pipeline import analyze_work
from ficlens.read import read_bytes


def analyse(story: str, categories: list[str] | None = None):
    work = read_bytes(story.encode("utf-8"), "case.txt")
    if categories is not None:
        work.meta.categories = categories
    return analyze_work(work)


def between(analysis, first: str, second: str):
    """The relationship of the two characters named `first` and `second`."""
    ids = {c.name: c.id for c in analysis.characters}
    pair = sorted((ids[first], ids[second]))
    return next(r for r in analysis.story.relationships if r.characters == pair)


SISTERS = """Elinor Dashwood sat by the window with her sister Marianne. The rain had kept them in all day.

"You are reading the same page again," Elinor said.

"I am thinking," Marianne answered. "Is that not allowed, Elinor?"

"It is allowed. It is only not like you."

Marianne closed the book. "Do you think he will write?"

"I think he will do what he thinks right," said Elinor. "He always has."

"That is no answer, Elinor."

"It is the only one I have, Marianne." Elinor put down her sewing and looked at her sister.

Marianne laughed in spite of herself. "You are impossible."

"So Mamma says," said Elinor. "Of both of us."

The next morning Marianne Dashwood walked to the village alone, and Elinor Dashwood watched her go.
When she came back her sister was waiting at the gate.

"There was no letter," Marianne said.

"Then we will wait," said Elinor. "Together, as we always have."

"Together," Marianne said, and took her arm.
"""


def test_sisters_who_talk_a_lot_are_family_not_a_pairing():
    analysis = analyse(SISTERS)
    sisters = between(analysis, "Elinor Dashwood", "Marianne Dashwood")
    assert sisters.kind == "family" and sisters.relation == "sister"
    assert sisters.guard == "family" and sisters.confidence["romantic"] == 0.0
    assert any(e.word == "sister" for e in sisters.evidence)
    assert analysis.story.pairing is None
    assert analysis.story.inferred.categories == ["Gen"]
    assert "Elinor Dashwood & Marianne Dashwood" in analysis.story.inferred.relationships


MARRIED = """Tom Hale came home late, and his wife Ruth Hale was waiting up for him in the kitchen.

"You missed supper," Ruth said.

"I know. The mill ran over." Tom kissed her and sat down heavily. "Is there anything left?"

"There is always something left for you." She set a plate in front of him.

Tom Hale had married Ruth twelve years before, in the chapel on the hill, and he still watched
her move about the kitchen as if she were something he had been lent.

"The boys asleep?" he asked.

"Hours ago." Ruth sat down across from him. "Tom, the landlord came."

"What did he want?"

"What he always wants." Ruth reached across the table and took his hand. "We will manage."

"We always have," said Tom, and he held on to her hand a long time.
"""


def test_a_married_couple_is_romantic():
    analysis = analyse(MARRIED)
    couple = between(analysis, "Tom Hale", "Ruth Hale")
    assert couple.kind == "romantic" and couple.relation == "wife"
    assert couple.guard is None
    pairing = analysis.story.pairing
    assert pairing is not None and pairing.tag == "Ruth Hale/Tom Hale" and pairing.category == "F/M"


COLLEAGUES = """Detective Sarah Okafor and her colleague Daniel Reyes reached the warehouse at six.

"Back door's open," Reyes said.

"Then we go in the front," said Okafor. She checked her radio. "Control, this is Okafor. We're at the
site."

Reyes was her partner of three years, and the best colleague she had ever had. He went left without
being asked.

"Clear," he called.

"Clear here too," Okafor answered. "Bag everything on the desk, Reyes. I'll call it in."

"You always call it in," Reyes said. "One day I'll get to call it in."

"One day," said Okafor, "you'll outrank me. Then you can call in whatever you like."

Back at the station Daniel Reyes wrote the report while Sarah Okafor read it over his shoulder.

"You spelled warehouse wrong," she said.

"I spelled it the way the sergeant does," said Reyes.
"""


def test_two_colleagues_are_professional():
    analysis = analyse(COLLEAGUES)
    work = between(analysis, "Sarah Okafor", "Daniel Reyes")
    assert work.kind == "professional" and work.relation in ("colleague", "partner")
    assert analysis.story.pairing is None


TEACHER = """Professor Elm kept his pupil Nora Quill after the lesson. The classroom was empty.

"Your essay was the best in the class, Nora," said Professor Elm.

"Thank you, Professor." Nora Quill took his hand and shook it hard. "I worked all week on it."

"It shows." Professor Elm smiled. "You should think about the advanced course."

"Do you think I could?"

"I know you could." He handed the essay back. "Go on, Nora. Your friends are waiting."

Nora ran to the door, then turned back. "I love your lessons, Professor!"

"Go," said Professor Elm, laughing, and Nora Quill went.

The next morning Nora brought him an apple, as the first-years did, and Professor Elm put it on
his desk beside the others.

"For you, Professor," Nora said. She kissed his cheek and ran off before he could say a word.
"""


def test_a_teacher_and_a_pupil_are_never_romantic():
    analysis = analyse(TEACHER)
    lesson = between(analysis, "Professor Elm", "Nora Quill")
    assert lesson.kind != "romantic" and lesson.confidence["romantic"] == 0.0
    assert lesson.guard in ("teacher and pupil", "child")
    assert analysis.story.pairing is None


CHILD = """Kit Barrow was only twelve years old when the war reached the village, and Captain Hale
was the first soldier he had ever spoken to.

"You there," said Captain Hale. "Where is the well?"

"Behind the church, sir," Kit said. "I can show you."

Captain Hale took the boy's hand and let himself be led. "What's your name?"

"Kit, sir. Kit Barrow."

"Well, Kit Barrow, you have saved a thirsty regiment." Captain Hale drank and laughed. "I love this
village already."

Kit grinned up at him. Captain Hale ruffled his hair and kissed the top of his head, the way the
boy's father used to, and Kit Barrow decided then that he would be a soldier too.

"Will you come back, Captain Hale?" Kit asked when the regiment formed up.

"If I can, Kit," said Captain Hale. "Mind your mother."
"""


def test_a_twelve_year_old_is_never_in_a_pairing():
    analysis = analyse(CHILD)
    pair = between(analysis, "Kit Barrow", "Captain Hale")
    assert pair.kind != "romantic" and pair.guard == "child"
    assert any(e.kind == "child" for e in pair.evidence)
    assert analysis.story.pairing is None and analysis.story.inferred.categories == ["Gen"]


def test_a_gen_story_without_romance_has_no_pairing():
    analysis = analyse(COLLEAGUES, categories=["Gen"])
    assert analysis.story.pairing is None
    assert analysis.story.inferred.categories == ["Gen"]
    assert analysis.story.inferred.agreement.categories.agree == ["Gen"]


CONFESSION = """Harry Potter found Draco Malfoy on the Astronomy Tower after midnight.

"You shouldn't be here, Potter," Draco said without turning round.

"Neither should you." Harry leaned on the parapet beside him. "Draco. Look at me."

Draco looked at him. For a long moment neither of them said anything.

"I love you," Harry said. "I have for a year. I'm tired of pretending I don't."

Draco stared at him, and he did not say anything for a long time. "You're an idiot, Potter."

"Probably." Harry waited.

Then Draco Malfoy kissed him, hard and clumsy, and Harry kissed him back.

"I love you too," Draco said against his mouth. "You absolute idiot."

Harry Potter laughed and kissed Draco again, and they stayed on the tower until the sky went grey.
"""


def test_a_kiss_and_a_confession_are_romantic():
    analysis = analyse(CONFESSION)
    lovers = between(analysis, "Draco Malfoy", "Harry Potter")
    assert lovers.kind == "romantic" and lovers.confidence["romantic"] >= 0.5
    assert {e.word for e in lovers.evidence} & {"kiss", "love"}
    pairing = analysis.story.pairing
    assert pairing is not None and pairing.tag == "Draco Malfoy/Harry Potter" and pairing.category == "M/M"
    assert analysis.story.inferred.categories == ["M/M"]


def test_a_work_declared_gen_keeps_a_weak_romance_out_but_says_when_it_disagrees():
    analysis = analyse(CONFESSION, categories=["Gen"])
    lovers = between(analysis, "Draco Malfoy", "Harry Potter")
    strong = lovers.confidence["romantic"] >= 0.9
    assert (analysis.story.pairing is not None) == strong
    if strong:
        assert analysis.story.inferred.agreement.categories.only_declared == ["Gen"]


FATHER = """Mr. Bennet came home late with the letter in his pocket. Jane met him in the hall.

"It is settled," said Mr. Bennet. "Mr. Bingley has written to me at last."

Jane went to him instantly, kissed him, and thanked him for his goodness.

"Can it be possible that he will marry her?" cried Kitty from the stairs.

"It is very possible," said Mr. Bennet. "Go to bed, Kitty."

Jane laughed and went up to write to her aunt.
"""


def test_a_daughter_s_kiss_and_a_pronoun_in_a_line_make_no_romance():
    # "he will marry her" is Bingley and Jane, but a reader of the parse alone may take "he" for the
    # last man named; one such misreading beside a daughter's kiss must not make a romance
    analysis = analyse(FATHER)
    assert between(analysis, "Jane", "Mr. Bennet").kind != "romantic"
    assert analysis.story.pairing is None


COUPLE_BY_TITLE = """Mrs. Carter poured the tea while the rain ran down the windows of the farmhouse.

"The Pembertons are selling the top field," she said.

"Let them," said John Carter. He did not look up from his paper.

Mrs. Carter set his cup beside him and sat down across the table. After a while John Carter folded
the paper and looked at his wife for a long moment.

"You want that field," he said.

"I have wanted it for ten years," said Mrs. Carter.

That night Mrs. Carter lay awake listening to the rain. John Carter came up late and stood by the
bed, and his wife pretended to be asleep until he laughed at her.
"""


def test_his_wife_is_the_woman_called_by_his_surname():
    # "Mrs. Carter" and "John Carter" share a name, which alone would make them relatives; "his
    # wife", said of him each time just after she is named, tells the marriage
    analysis = analyse(COUPLE_BY_TITLE)
    couple = between(analysis, "John Carter", "Mrs. Carter")
    assert couple.kind == "romantic" and couple.relation == "wife" and couple.guard is None
    assert analysis.story.pairing is not None and analysis.story.pairing.category == "F/M"


SON_AND_MOTHER = """Mrs. Lebrun kept the big house by the gulf, and every summer Robert Lebrun came down
from the city to help with the boarders.

"The Farivals want the corner rooms again," said Mrs. Lebrun.

"Then they shall have them," said Robert Lebrun, and went to carry up their trunks.

The boarders came on the Tuesday boat: two families from the city, a widower with a cough, and a
young man who painted. The children ran straight down to the beach and had to be called back for
dinner. The widower asked for a room away from the children, and there was none. The painter set
up his easel on the wharf and painted the same pirogue every morning for a week, and the fishermen
came to watch him and tell him what was wrong with it. In the evenings there was music in the big
hall, and on Saturdays a dance, and the young people walked on the beach until the moon went down.
The summer went on in that way, each day like the one before it, hot and still and bright, with a
storm in the afternoons that cooled nothing and was gone in an hour. The oranges ripened. The widower
got better and began to walk to the village and back. The painter finished his pirogue and began on
a second one, which he said was the same boat seen in the evening. Nobody could tell the difference.

In August the heat grew worse. The families from the city talked of going home early and did not go.
The children caught crabs off the wharf and kept them in buckets until the smell drove everyone off
the gallery. A priest came over from the mainland for a week and said Mass in the big hall on
Sunday, and the painter made a drawing of him that the priest asked to keep. There was a wedding in
the village, and the whole island went to it, and the dancing lasted until the morning boat came in.
The widower danced twice and was ill for a day after. The painter sold his two pirogues to a cotton
broker from the city, who said he had never seen a boat look so much like a boat.

On the last night Robert Lebrun sat on the gallery with the painter and talked about Mexico. He was
going there in the autumn, he said, to make his fortune, and he would come back with a wife. He had
it all arranged in his head: the house in Vera Cruz, and his wife at the window, waiting.

The painter laughed at him. Robert did not mind. He said that his wife would be the handsomest
woman in Vera Cruz, and that he would paint her himself if the painter would not.
"""


def test_anyone_s_wife_in_a_story_told_is_not_a_mother_of_that_name():
    # "his wife" is the wife Robert means to have; Mrs. Lebrun, who shares his name, was last named
    # two long paragraphs before, so nothing tells a marriage and the name keeps them family
    analysis = analyse(SON_AND_MOTHER)
    family = between(analysis, "Mrs. Lebrun", "Robert Lebrun")
    assert family.kind == "family" and family.confidence["romantic"] == 0.0
    assert analysis.story.pairing is None


ASKED = """Harriet Smith sat with her friend Emma Woodhouse in the morning room, and could talk of nothing but
Mr. Elton.

"Is Mr. Elton in love with Harriet?" Emma asked herself aloud, and laughed.

"Does Mr. Elton love me, do you think?" said Harriet Smith. "Will he ever kiss me, Emma?"

"Did Mr. Elton kiss Harriet at the party?" asked Miss Bates, who had come in without knocking.

"No," said Emma Woodhouse. "Mr. Elton has only been polite to Harriet. Mr. Elton is polite to
everyone."

Mr. Elton called that afternoon, talked to Emma Woodhouse about her drawing, and left without a word
to Harriet Smith.
"""


def test_a_question_asked_for_yes_or_no_tells_no_romance():
    # every "love" and "kiss" between Mr. Elton and Harriet is asked, never told
    analysis = analyse(ASKED)
    assert between(analysis, "Harriet Smith", "Mr. Elton").kind != "romantic"
    assert analysis.story.pairing is None


def test_the_same_words_told_are_a_romance():
    told = ASKED.replace('"Is Mr. Elton in love with Harriet?" Emma asked herself aloud, and laughed.',
                         "Mr. Elton was in love with Harriet, and Emma knew it.") \
                .replace('"Did Mr. Elton kiss Harriet at the party?" asked Miss Bates',
                         "Mr. Elton had kissed Harriet at the party, said Miss Bates")
    assert between(analyse(told), "Harriet Smith", "Mr. Elton").kind == "romantic"


NEW_COUSIN = """Newland Archer was engaged to May Welland that spring, and the whole family came to the opera to
see him with her.

"And Newland's new cousin, Countess Olenska? Is she here tonight?" asked Mrs. Archer.

Ellen Olenska was there, in the Mingott box, and Newland Archer watched her all evening.

In the autumn Newland Archer knew that he was in love with Ellen Olenska. He went to her house in the
dusk and Ellen Olenska kissed him at the door.

"We cannot," said Ellen Olenska. "You are going to marry May."

"I am in love with you, Ellen," said Newland Archer, and kissed her again.
"""


def test_a_cousin_new_by_marriage_is_no_blood_relative_and_the_romance_stands():
    # Ellen is his bride's cousin, "new" to him by the engagement; what the two do is a romance
    analysis = analyse(NEW_COUSIN)
    lovers = between(analysis, "Ellen Olenska", "Newland Archer")
    assert lovers.kind == "romantic" and lovers.guard is None


def test_a_cousin_by_birth_is_family_whatever_they_do():
    born = NEW_COUSIN.replace("And Newland's new cousin, Countess Olenska?", "And Newland's cousin, Countess Olenska?")
    relatives = between(analyse(born), "Ellen Olenska", "Newland Archer")
    assert relatives.kind == "family" and relatives.guard == "family"

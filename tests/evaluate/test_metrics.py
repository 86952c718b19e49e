"""The figures, checked against values worked out by hand on tiny gold works.

The PDNC novel (see `eval_files.write_pdnc`) has four gold spans in three quotations:
Q0 explicit, Anne, "Good morning," + "lovely day."; Q1 implicit, Tom, "Is it?";
Q2 anaphoric, Anne, "It is,".
"""

from __future__ import annotations

import pytest
from eval_files import (
    LITBANK_WORK,
    NOVEL,
    NOVEL_TEXT,
    character,
    fake_analysis,
    oracle,
    quote,
    write_litbank,
    write_pdnc,
)

from ficlens.evaluate.gold import EvalError, GoldCharacter, GoldQuote, GoldWork
from ficlens.evaluate.litbank import load_work
from ficlens.evaluate.metrics import CorpusScore, WorkScore, score_work
from ficlens.evaluate.pdnc import load_novel
from ficlens.model import Character, Mention

T = NOVEL_TEXT
ANNE, TOM = character("anne", "Anne", "Miss Shirley"), character("tom", "Tom")


@pytest.fixture
def novel(tmp_path):
    return load_novel(write_pdnc(tmp_path), NOVEL)


def score(gold, quotes=(), characters=(ANNE, TOM), pov=None, narrator=None) -> WorkScore:
    return score_work(gold, fake_analysis(gold.text, characters, quotes, pov, narrator))


def test_a_predicted_span_counts_when_it_overlaps_a_gold_span(novel):
    result = score(novel, [
        quote(T, "Good morning,"),
        quote(T, "lovely day."),
        quote(T, '"Is it?'),  # one character too early: overlaps, but is not exact
        quote(T, "said Anne"),  # narration: overlaps nothing
    ])
    assert (result.detection.precision, result.detection.recall, result.detection.f1) == (0.75, 0.75, 0.75)
    assert (result.exact.precision, result.exact.recall, result.exact.f1) == (0.5, 0.5, 0.5)


def test_one_prediction_running_over_the_tag_overlaps_both_parts_but_matches_neither_exactly(novel):
    result = score(novel, [quote(T, 'Good morning," said Anne, "lovely day.')])
    assert (result.detection.precision, result.detection.recall) == (1.0, 0.5)
    assert result.detection.f1 == pytest.approx(2 / 3)
    assert (result.exact.precision, result.exact.recall, result.exact.f1) == (0.0, 0.0, 0.0)


def test_with_no_predictions_precision_is_undefined_and_every_quote_is_wrong(novel):
    result = score(novel, [])
    assert (result.detection.precision, result.detection.recall, result.detection.f1) == (None, 0.0, 0.0)
    assert (result.speakers["all"].right, result.speakers["all"].total) == (0, 3)
    assert result.speakers["all"].value == 0.0


def test_speakers_right_when_each_predicted_character_maps_to_the_gold_speaker(novel):
    result = score(novel, [
        quote(T, "Good morning,", "anne"),
        quote(T, "lovely day.", "anne"),
        quote(T, "Is it?", "tom"),
        quote(T, "It is,", "anne", after=10),
    ])
    assert {g: (a.right, a.total) for g, a in result.speakers.items()} == {
        "all": (3, 3), "explicit": (1, 1), "anaphoric": (1, 1), "implicit": (1, 1),
    }


def test_a_quote_split_by_its_tag_is_answered_by_the_part_covering_more_of_it(novel):
    # "Good morning," (13 characters) outweighs "lovely day." (11)
    wrong = score(novel, [quote(T, "Good morning,", "tom"), quote(T, "lovely day.", "anne")])
    right = score(novel, [quote(T, "Good morning,", "anne"), quote(T, "lovely day.", "tom")])
    assert wrong.speakers["explicit"].right == 0
    assert right.speakers["explicit"].right == 1


def test_a_speaker_that_maps_to_no_gold_character_is_wrong(novel):
    gilbert = character("gilbert", "Gilbert Blythe")
    result = score(novel, [quote(T, "Is it?", "gilbert"), quote(T, "It is,", "nobody-listed", after=10)],
                   characters=(ANNE, TOM, gilbert))
    assert (result.speakers["all"].right, result.speakers["all"].total) == (0, 3)
    assert [(m.id, m.gold) for m in result.characters] == [("anne", "Anne Shirley"), ("tom", "Tom Barry"),
                                                           ("gilbert", None)]


def test_accuracy_by_quote_type_counts_missed_and_unattributed_quotes(novel):
    result = score(novel, [quote(T, "Good morning,", "anne"), quote(T, "Is it?", None)])
    assert {g: (a.right, a.total) for g, a in result.speakers.items()} == {
        "all": (1, 3), "explicit": (1, 1), "anaphoric": (0, 1), "implicit": (0, 1),
    }


def test_b_cubed_over_the_names_both_sides_know(novel):
    # Items: anne, miss shirley, thomas, tom. Gold groups {anne, miss shirley} {thomas, tom};
    # predicted {anne, miss shirley, thomas} {tom}.
    # Precision per item 2/3, 2/3, 1/3, 1 -> 2/3; recall 1, 1, 1/2, 1/2 -> 3/4.
    result = score(novel, characters=[character("a", "Anne", "Miss Shirley", "Thomas"), character("t", "Tom")])
    assert result.clustering.items == 4
    assert result.clustering.precision == pytest.approx(2 / 3)
    assert result.clustering.recall == pytest.approx(3 / 4)
    assert result.clustering.f1 == pytest.approx(12 / 17)


def test_a_name_given_to_two_predicted_characters_is_left_out(novel):
    result = score(novel, characters=[character("a1", "Anne"), character("a2", "Anne", "Miss Shirley")])
    assert (result.clustering.items, result.clustering.excluded) == (1, 1)
    assert result.clustering.f1 == 1.0


def test_main_characters_are_those_with_five_quotes_or_more():
    speakers = ["Anne"] * 5 + ["Tom"] * 4
    gold = GoldWork("w", "x" * 200, [GoldQuote(str(i), ((i * 10, i * 10 + 5),), s) for i, s in enumerate(speakers)],
                    [GoldCharacter("Anne", "Anne"), GoldCharacter("Tom", "Tom")])
    missing = score(gold, characters=[TOM]).main_characters
    assert (missing.found, missing.total, missing.missing) == (0, 1, ["Anne"])
    assert (score(gold).main_characters.found, score(gold).main_characters.total) == (1, 1)


def test_pov_is_right_or_wrong_against_the_index(novel):
    assert score(novel, pov="third").pov_right is True
    assert score(novel, pov="first").pov_right is False
    corpus = CorpusScore("pdnc", [score(novel, pov="third"), score(novel, pov="mixed"), WorkScore("x", error="boom")])
    assert (corpus.pov().right, corpus.pov().total) == (1, 2)


def test_an_analysis_that_says_what_the_gold_says_scores_full_marks(novel, tmp_path):
    excerpt = load_work(write_litbank(tmp_path / "litbank"), LITBANK_WORK)
    for gold in (novel, excerpt):
        result = score_work(gold, oracle(gold))
        assert result.detection.f1 == result.exact.f1 == result.speakers["all"].value == 1.0
        assert result.clustering.f1 == 1.0


def test_litbank_speakers_match_through_the_name_in_their_id(tmp_path):
    excerpt = load_work(write_litbank(tmp_path), LITBANK_WORK)
    text = excerpt.text
    result = score(excerpt, [
        quote(text, "Where are you going?", "mary"),
        quote(text, "Out.", "john"),
        quote(text, "I am sure,", "john"),
        quote(text, "that it will rain.", None),  # the speech's first sentence only, unattributed
    ], characters=[character("mary", "Mary"), character("john", "John")])
    assert [(m.name, m.gold, m.how) for m in result.characters] == [
        ("Mary", "Mary_Bennet-0", "shared words"), ("John", "John-1", "name"),
    ]
    assert (result.detection.precision, result.detection.recall) == (1.0, 1.0)
    assert (result.exact.precision, result.exact.recall) == (0.75, 0.75)
    assert (result.speakers["all"].right, result.speakers["all"].total) == (3, 4)


def test_the_corpus_total_sums_the_counts_of_the_works_that_ran(novel):
    small = score(novel, [quote(T, "Good morning,")])
    large = score(novel, [quote(T, "Good morning,"), quote(T, "lovely day."), quote(T, "Is it?")])
    overall = CorpusScore("pdnc", [small, large, WorkScore("broken", error="boom")]).overall()
    assert (overall.detection.predicted_matched, overall.detection.gold_matched, overall.detection.gold) == (4, 4, 8)
    assert overall.detection.recall == 0.5


def test_an_analysis_of_another_text_is_refused(novel):
    with pytest.raises(EvalError, match="different text"):
        score_work(novel, fake_analysis(T + "more", [], []))


# The cast: a text that is a list of names, each one mention.
CAST_NAMES = (["Anne Shirley"] * 8 + ["Anne"] * 4 + ["Miss Shirley"] * 2 + ["Green Gables"] * 10
              + ["Mr. Barry"] * 6 + ["Mrs. Barry"] * 6 + ["Tom"] * 3)
CAST_TEXT = "".join(f"{name}. " for name in CAST_NAMES)
CAST_GOLD = GoldWork(
    "cast", CAST_TEXT,
    [GoldQuote(str(i), ((0, 1),), s) for i, s in enumerate(["anne"] * 5 + ["tom"] * 5 + ["mrs"] * 5)],
    [GoldCharacter("anne", "Anne Shirley", ("Anne", "Miss Shirley"), "female"),
     GoldCharacter("tom", "Mr. Barry", ("Tom Barry", "Tom"), "male"),
     GoldCharacter("mrs", "Mrs. Barry", (), "female")],
)


def cast_of(*groups: tuple[str, list[str]]):
    """The cast score of predicted characters, each mentioned wherever the text writes one of its names."""
    places, start = [], 0
    for name in CAST_NAMES:
        places.append((name, start, start + len(name)))
        start += len(name) + 2
    characters, mentions = [], []
    for id, names in groups:
        found = [Mention(s, e, id) for name, s, e in places if name in names]
        characters.append(Character(id=id, name=names[0], aliases=list(names), mentions=len(found)))
        mentions += found
    return score_work(CAST_GOLD, fake_analysis(CAST_TEXT, characters, mentions=mentions)).cast


def test_a_cast_that_says_what_the_gold_says_has_no_stray_merge_or_split():
    cast = cast_of(("anne", ["Anne Shirley", "Anne", "Miss Shirley"]), ("tom", ["Mr. Barry", "Tom"]),
                   ("mrs", ["Mrs. Barry"]))
    assert (cast.big, cast.strays, cast.mains, cast.whole, cast.merged, cast.split) == (1, [], 3, 3, [], [])


def test_a_place_with_ten_mentions_is_a_stray():
    cast = cast_of(("anne", ["Anne Shirley", "Anne", "Miss Shirley"]), ("gables", ["Green Gables"]))
    assert (cast.big, cast.strays, cast.stray_share) == (2, ["cast: Green Gables (10)"], 0.5)


def test_husband_and_wife_in_one_cluster_is_a_merge_of_two_main_characters():
    cast = cast_of(("barry", ["Mr. Barry", "Mrs. Barry"]))
    assert cast.merged == ["cast: Mr. Barry = Mr. Barry + Mrs. Barry"]
    assert cast.whole == 0  # neither is found whole, though each has all of its mentions in the one cluster


def test_a_character_split_over_two_clusters_is_not_found_whole():
    # Anne's 14 mentions: 8 "Anne Shirley" in one cluster, 4 "Anne" and 2 "Miss Shirley" in another
    cast = cast_of(("a1", ["Anne Shirley"]), ("a2", ["Anne", "Miss Shirley"]), ("mrs", ["Mrs. Barry"]))
    assert cast.split == ["cast: Anne Shirley = Anne Shirley | Anne"]
    assert (cast.mains, cast.whole) == (3, 1)  # Mrs. Barry whole; Anne split; Tom missing


def test_a_woman_called_by_a_man_s_surname_speaks_for_no_man():
    # "Mrs. Barry" names the gold Mrs. Barry only, not Mr. Barry, whose bare name it shares
    cast = cast_of(("mrs", ["Mrs. Barry"]))
    assert (cast.merged, cast.whole) == ([], 1)


def test_a_speaker_the_text_never_names_is_found_by_the_description_it_speaks_under():
    # "said the doctor" five times: ficlens's unnamed "the doctor" stands for the gold "The Doctor"
    gold = GoldWork("doctor", "x" * 20, [GoldQuote(str(i), ((i, i + 1),), "doc") for i in range(5)],
                    [GoldCharacter("doc", "The Doctor", (), "male")])
    doctor = Character(id="the-doctor", name="the doctor", aliases=["the doctor"], quotes=5)
    cast = score_work(gold, fake_analysis("x" * 20, [doctor])).cast
    assert (cast.mains, cast.whole, cast.split) == (1, 1, [])

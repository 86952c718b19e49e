"""Names grouped into characters: full names anchor, honorifics keep people apart."""

from ficlens.characters.cluster import cluster_names


def characters(counts: dict[str, int], genders: dict[str, str] | None = None) -> list[set[str]]:
    clusters, _ = cluster_names(counts, genders)
    return sorted((set(c.names) for c in clusters), key=lambda names: sorted(names))


def test_full_names_and_their_parts_are_one_character_and_relatives_stay_apart():
    found = characters({"Harry Potter": 5, "Harry James Potter": 1, "Harry": 40, "Potter": 9,
                        "Lucius Malfoy": 3, "Draco Malfoy": 4, "Lucius": 6})
    assert {"Harry Potter", "Harry James Potter", "Harry", "Potter"} in found
    assert {"Lucius Malfoy", "Lucius"} in found
    assert {"Draco Malfoy"} in found


def test_mrs_and_miss_of_one_family_are_mother_and_daughter():
    found = characters({"Miss Honeychurch": 60, "Mrs. Honeychurch": 50, "Mr. Bennet": 30, "Mrs. Bennet": 40})
    assert found == [{"Miss Honeychurch"}, {"Mr. Bennet"}, {"Mrs. Bennet"}, {"Mrs. Honeychurch"}]


def test_an_honorific_joins_the_one_character_known_by_that_surname():
    found = characters({"Mr. Knightley": 30, "Knightley": 10, "Mrs. Weston": 20, "Weston": 5})
    assert {"Mr. Knightley", "Knightley"} in found


def test_a_surname_shared_by_two_first_names_goes_to_the_titled_one():
    found = characters({"Tom Gradgrind": 20, "Tom": 150, "Thomas Gradgrind": 10, "Thomas": 30,
                        "Gradgrind": 120, "Mr. Gradgrind": 80})
    assert {"Gradgrind", "Mr. Gradgrind"} in found
    assert {"Tom Gradgrind", "Tom"} in found


def test_a_family_is_not_a_character_and_a_bare_title_is_the_one_who_bears_it():
    found = characters({"George Emerson": 20, "Mr. Emerson": 40, "Emersons": 12,
                        "Mademoiselle Reisz": 15, "Mademoiselle": 30})
    assert not any("Emersons" in names for names in found)
    assert {"Mademoiselle Reisz", "Mademoiselle"} in found


def test_miss_and_a_surname_is_the_one_daughter_of_that_name():
    found = characters({"Emma Woodhouse": 20, "Emma": 300, "Miss Woodhouse": 80, "Mr. Woodhouse": 90},
                       {"Emma Woodhouse": "female", "Emma": "female"})
    assert {"Emma Woodhouse", "Emma", "Miss Woodhouse"} in found
    assert {"Mr. Woodhouse"} in found
    sisters = characters({"Jane Bennet": 10, "Elizabeth Bennet": 10, "Miss Bennet": 40},
                         {"Jane Bennet": "female", "Elizabeth Bennet": "female"})
    assert {"Miss Bennet"} in sisters


def test_a_bare_surname_joins_the_one_full_name_of_that_surname_even_of_unknown_gender():
    found = characters({"Jonathan Small": 20, "Jonathan": 2, "Small": 10}, {"Small": "male"})
    assert {"Jonathan Small", "Jonathan", "Small"} in found


def test_a_pet_name_joins_the_one_character_of_that_formal_first_name():
    found = characters({"Elizabeth Bennet": 20, "Elizabeth": 300, "Lizzy": 90, "Miss Lizzy": 3, "Jane Bennet": 30},
                       {"Elizabeth Bennet": "female", "Jane Bennet": "female"})
    assert {"Elizabeth Bennet", "Elizabeth", "Lizzy", "Miss Lizzy"} in found


def test_a_title_before_a_first_name_joins_the_character_of_that_first_name():
    found = characters({"Sir Harry Otway": 9, "Sir Harry": 20})
    assert found == [{"Sir Harry Otway", "Sir Harry"}]


def test_a_rank_and_mrs_are_husband_and_wife_unless_the_rank_is_known_to_be_hers():
    assert characters({"Colonel Forster": 27, "Mrs. Forster": 12}) == [{"Colonel Forster"}, {"Mrs. Forster"}]
    assert characters({"Captain Janeway": 27, "Mrs. Janeway": 2}, {"Captain Janeway": "female"}) == [
        {"Captain Janeway", "Mrs. Janeway"}]


def test_a_rank_and_mr_of_one_surname_are_two_men():
    found = characters({"Mr. Tilney": 40, "Captain Tilney": 25}, {"Mr. Tilney": "male", "Captain Tilney": "male"})
    assert found == [{"Captain Tilney"}, {"Mr. Tilney"}]


def names_shown(counts: dict[str, int]) -> list[str]:
    clusters, _ = cluster_names(counts)
    return sorted(c.main_name for c in clusters)


def test_a_character_is_shown_by_the_first_and_last_name_the_story_gives_most_without_titles():
    assert names_shown({"Harry": 40, "Potter": 9, "Harry Potter": 5, "Harry James Potter": 1}) == ["Harry Potter"]
    assert names_shown({"Lucius": 6, "Lucius A. Malfoy": 2}) == ["Lucius A. Malfoy"]
    assert names_shown({"Dr. John H. Watson": 3, "Dr. Watson": 20, "Watson": 50}) == ["John H. Watson"]
    assert names_shown({"Mr. Henry van der Luyden": 1, "Henry": 2}) == ["Henry van der Luyden"]


def test_a_character_known_only_with_an_honorific_keeps_it():
    assert names_shown({"Mrs. Bennet": 30, "Mr. Bennet": 20}) == ["Mr. Bennet", "Mrs. Bennet"]


def test_sisters_called_together_are_no_character():
    found = characters({"Maria Bertram": 10, "Julia Bertram": 8, "Miss Bertram": 6, "Miss Bertrams": 5,
                        "Bertrams": 3})
    assert not any({"Miss Bertrams", "Bertrams"} & names for names in found)
    assert {"Maria Bertram"} in found and {"Julia Bertram"} in found


def test_mrs_is_the_one_woman_of_that_surname_unless_a_miss_of_it_may_be_her_daughter():
    wife = characters({"Mary Cavendish": 40, "Mrs. Cavendish": 30, "John Cavendish": 60},
                      {"Mary Cavendish": "female", "John Cavendish": "male"})
    assert {"Mary Cavendish", "Mrs. Cavendish"} in wife and {"John Cavendish"} in wife
    mother = characters({"Catherine Morland": 50, "Miss Morland": 20, "Mrs. Morland": 15},
                        {"Catherine Morland": "female"})
    assert {"Mrs. Morland"} in mother


def test_mr_is_the_one_man_named_in_full_of_that_surname_unless_he_has_a_family_or_sits_beside_him():
    assert {"William Rodney", "Mr. Rodney"} in characters({"William Rodney": 40, "Mr. Rodney": 10})
    # Lydia Wickham is never "Miss Wickham": she married into the name, and Mr. Wickham is her husband George
    wife = characters({"George Wickham": 7, "Lydia Wickham": 20, "Mr. Wickham": 30})
    assert {"George Wickham", "Mr. Wickham"} in wife and {"Lydia Wickham"} in wife
    # a "Miss Morland" is a daughter of the house: Mr. Morland may be her father and James's
    children = characters({"James Morland": 20, "Catherine Morland": 50, "Miss Morland": 20, "Mr. Morland": 15})
    assert {"Mr. Morland"} in children
    beside = cluster_names({"George Emerson": 40, "Mr. Emerson": 30}, apart={frozenset(("George Emerson", "Mr. Emerson"))})
    assert len(beside[0]) == 2


def test_a_mr_known_before_a_mr_first_name_is_written_is_another_man():
    # "Mr. Knightley" is on every page before his brother "Mr. John Knightley" comes
    counts = {"Mr. Knightley": 30, "John Knightley": 10, "Mr. John Knightley": 5}
    uses = {"Mr. Knightley": list(range(0, 3000, 100)), "John Knightley": list(range(5000, 6000, 100)),
            "Mr. John Knightley": list(range(5050, 5550, 100))}
    brothers, _ = cluster_names(counts, uses=uses)
    assert {"Mr. Knightley"} in [set(c.names) for c in brothers]
    # "Mr. Sikes" written once before the man is named "Bill Sikes" is him being introduced
    counts = {"Mr. Sikes": 70, "Bill Sikes": 8, "Mr. Bill Sikes": 1}
    uses = {"Mr. Sikes": [100, *range(1000, 8000, 100)], "Bill Sikes": list(range(350, 1150, 100)), "Mr. Bill Sikes": [4000]}
    one, _ = cluster_names(counts, uses=uses)
    assert [set(c.names) for c in one] == [{"Mr. Sikes", "Bill Sikes", "Mr. Bill Sikes"}]


def test_a_bare_surname_is_the_man_called_mr_by_it_not_a_woman_who_married_into_it():
    found = characters({"George Wickham": 7, "Mr. Wickham": 30, "Wickham": 100, "Lydia Wickham": 20, "Lydia": 150,
                        "Mrs. Wickham": 10}, {"Lydia Wickham": "female"})
    assert {"George Wickham", "Mr. Wickham", "Wickham"} in found
    assert {"Lydia Wickham", "Lydia", "Mrs. Wickham"} in found


def test_a_bare_surname_between_mr_and_mrs_is_the_husband_unless_pronouns_say_otherwise():
    assert {"Mr. Sowerberry", "Sowerberry"} in characters({"Mrs. Sowerberry": 36, "Mr. Sowerberry": 33, "Sowerberry": 17})
    assert {"Mrs. Sowerberry", "Sowerberry"} in characters({"Mrs. Sowerberry": 36, "Mr. Sowerberry": 33, "Sowerberry": 17},
                                                           {"Sowerberry": "female"})


def test_mrs_and_a_man_s_full_name_is_his_wife():
    found = characters({"Julius Beaufort": 12, "Mrs. Julius Beaufort": 3, "Beaufort": 100})
    assert {"Julius Beaufort", "Beaufort"} in found and {"Mrs. Julius Beaufort"} in found


def test_a_man_s_name_in_the_plural_is_a_couple_not_a_character():
    found = characters({"Newland Archer": 50, "Newland Archers": 4, "Jack Dawkins": 9, "Dawkin": 1})
    assert {"Newland Archer"} in found and not any("Newland Archers" in names for names in found)
    assert {"Jack Dawkins"} in found  # no "Jack Dawkin": a surname that ends in s


def test_a_rare_pet_form_of_a_first_name_is_that_name_but_a_common_one_may_be_a_son():
    found = characters({"Elizabeth Bennet": 20, "Elizabeth": 600, "Eliza Bennet": 21, "Eliza": 10})
    assert {"Elizabeth Bennet", "Elizabeth", "Eliza Bennet", "Eliza"} in found
    # the rare form written first still leaves the character known by the common one, and its pet name
    found = characters({"Eliza Bennet": 2, "Elizabeth Bennet": 2, "Elizabeth": 600, "Lizzy": 90})
    assert {"Eliza Bennet", "Elizabeth Bennet", "Elizabeth", "Lizzy"} in found
    found = characters({"Thomas Gradgrind": 40, "Thomas": 30, "Tom Gradgrind": 20, "Tom": 150})
    assert {"Thomas Gradgrind", "Thomas"} in found and {"Tom Gradgrind", "Tom"} in found


def test_a_lady_or_a_countess_is_the_one_woman_of_her_name_unless_a_miss_may_be_her_daughter():
    found = characters({"Ellen Olenska": 90, "Countess Olenska": 66, "Madame Olenska": 120}, {"Ellen Olenska": "female"})
    assert {"Ellen Olenska", "Countess Olenska", "Madame Olenska"} in found
    found = characters({"Charlotte Lucas": 60, "Miss Lucas": 20, "Lady Lucas": 16}, {"Charlotte Lucas": "female"})
    assert {"Lady Lucas"} in found


def test_mrs_and_the_names_a_man_is_called_by_is_his_wife_and_the_family_name_is_hers():
    found = characters({"Mrs. Manson Mingott": 28, "Mr. Manson Mingott": 1, "Mrs. Mingott": 40,
                        "Catherine Mingott": 30})
    assert {"Mrs. Manson Mingott", "Mrs. Mingott"} in found and {"Mr. Manson Mingott"} in found


def test_a_noble_title_is_a_title_not_a_first_name():
    found = characters({"Medora Manson": 38, "Marchioness Manson": 17, "Marchioness": 13}, {"Medora Manson": "female"})
    assert {"Medora Manson", "Marchioness Manson", "Marchioness"} in found


def test_miss_is_the_one_daughter_though_a_stray_pronoun_made_her_brother_a_woman():
    # "James" is a man's name whatever one "she" after it says; Catherine is the one Morland girl
    found = characters({"Catherine Morland": 50, "Catherine": 400, "James Morland": 20, "Miss Morland": 58},
                       {"Catherine Morland": "female", "James Morland": "female"})
    assert {"Catherine Morland", "Catherine", "Miss Morland"} in found


def test_mrs_beside_a_mr_of_no_first_name_is_his_wife_not_a_girl_no_pronoun_has_shown_a_woman():
    family = characters({"Mrs. Bennet": 40, "Mr. Bennet": 30, "Lydia Bennet": 20, "Lydia": 60})
    assert {"Mrs. Bennet"} in family and {"Lydia Bennet", "Lydia"} in family
    # the text's "she" has shown Edna a grown woman: "Mrs. Pontellier" is her, Mr. Pontellier her husband
    couple = characters({"Mrs. Pontellier": 40, "Mr. Pontellier": 30, "Edna Pontellier": 5, "Edna": 200},
                        {"Edna Pontellier": "female"})
    assert {"Mrs. Pontellier", "Edna Pontellier", "Edna"} in couple

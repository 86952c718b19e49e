"""Training the person classifier: LitBank's entity layer read as spans, and the trees exported
so that ficlens, without scikit-learn, gives the probabilities scikit-learn gives."""

from __future__ import annotations

import random

import numpy
import pytest

from ficlens.characters.people import FEATURES, PersonModel
from ficlens.evaluate.litbank import load_entity_work
from ficlens.evaluate.people import Example, _innermost, fit

# Two sentences; "Lincoln 's Inn Hall" is a facility holding a person's name; "the Lord Chancellor"
# is a person with a nested person inside.
ENTITY_ROWS = """In\tO\tO
Chancery\tB-FAC\tO
London\tB-GPE\tO
.\tO\tO

the\tB-PER\tO
Lord\tI-PER\tB-PER
Chancellor\tI-PER\tO
sat\tO\tO
in\tO\tO
Lincoln\tB-FAC\tB-PER
's\tI-FAC\tO
Inn\tI-FAC\tO
Hall\tI-FAC\tO
.\tO\tO
"""


def test_the_entity_layer_becomes_spans_on_the_laid_out_text(tmp_path):
    folder = tmp_path / "entities" / "tsv"
    folder.mkdir(parents=True)
    (folder / "1_bleak_brat.tsv").write_text(ENTITY_ROWS, encoding="utf-8")
    work = load_entity_work(tmp_path, "1_bleak")
    found = {(work.text[s:e], label) for s, e, label in work.entities}
    assert found == {("Chancery", "FAC"), ("London", "GPE"), ("the Lord Chancellor", "PER"), ("Lord", "PER"),
                     ("Lincoln's Inn Hall", "FAC"), ("Lincoln", "PER")}
    lincoln = work.text.index("Lincoln")
    assert _innermost(work.entities, lincoln) == "PER"  # the name inside the hall is a person's
    assert _innermost(work.entities, work.text.index("Inn")) == "FAC"
    assert _innermost(work.entities, work.text.index("sat")) is None


def test_a_bad_entity_row_names_its_file_and_line(tmp_path):
    folder = tmp_path / "entities" / "tsv"
    folder.mkdir(parents=True)
    (folder / "2_bad_brat.tsv").write_text("Anne\tB-PER\nShirley\tPERSON\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"2_bad_brat.tsv:2"):
        load_entity_work(tmp_path, "2_bad")


def examples(n: int, seed: int) -> list[Example]:
    """Names whose vocatives make them people and whose places ("at Kew") make them not, with noise."""
    rng = random.Random(seed)
    found = []
    for i in range(n):
        person = rng.random() < 0.5
        features = {k: rng.random() * 0.2 for k in FEATURES}
        features["vocative"] = rng.random() * (0.8 if person else 0.2)
        features["after_place_preposition"] = rng.random() * (0.2 if person else 0.8)
        found.append(Example("pdnc:x" if i % 3 else "litbank:y", f"n{i}", features, person))
    return found


def test_the_exported_trees_give_scikit_learn_s_probabilities():
    from sklearn.ensemble import HistGradientBoostingClassifier

    train, test = examples(400, 1), examples(100, 2)
    seen = {}
    original = HistGradientBoostingClassifier.fit

    def keep(self, *args, **kwargs):
        seen["model"] = self
        return original(self, *args, **kwargs)

    HistGradientBoostingClassifier.fit = keep
    try:
        model = fit(train)
    finally:
        HistGradientBoostingClassifier.fit = original
    x = numpy.array([[e.features[k] for k in FEATURES] for e in test])
    expected = seen["model"].predict_proba(x)[:, 1]
    assert [model.probability(e.features) for e in test] == pytest.approx(list(expected), abs=1e-12)
    again = PersonModel.from_json(model.to_json())
    assert [again.probability(e.features) for e in test] == [model.probability(e.features) for e in test]


def test_the_model_learns_that_vocatives_make_people_and_places_do_not():
    model = fit(examples(400, 3))
    base = {k: 0.1 for k in FEATURES}
    assert model.probability(base | {"vocative": 0.7}) > 0.5 > model.probability(base | {"after_place_preposition": 0.7})

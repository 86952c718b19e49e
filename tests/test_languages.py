"""A work's language, declared or detected, and what ficlens does not run on a language other than English.

ficlens's characters, dialogue, narration, story and craft stages read English (spaCy's English
model, English word lists). On a Spanish story they made "Se", "La" and "Luego" characters and
"Hermione/Luego" a pairing; now they are not run and every output says so.
"""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console

from ficlens.languages import identify, language_code, language_name
from ficlens.outputs.html import render_html
from ficlens.outputs.json import analysis_dict, dumps, schema
from ficlens.outputs.markdown import render_markdown
from ficlens.outputs.report import render_report
from ficlens.pipeline import ENGLISH_ONLY, analyze_work
from ficlens.read import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent / "read"))
from story_files import STORY, StoryChapter, ao3_html  # noqa: E402

SPANISH = """La biblioteca estaba vacía cuando Hermione llegó aquella mañana.

Se sentó junto a la ventana y abrió el libro que Ron le había regalado. Las páginas olían a polvo y a tinta vieja.

—¿Todavía estás aquí? —preguntó Harry desde la puerta.

—Nunca me fui —respondió ella sin levantar la vista.

Luego cerró el libro, suspiró y miró por la ventana. La lluvia caía sobre los jardines del castillo y el lago parecía de plata.

Harry se acercó despacio. Se quedaron en silencio un largo rato, escuchando la lluvia, hasta que la campana sonó y tuvieron que bajar a cenar.
"""

FRENCH = """La bibliothèque était vide quand Hermione arriva ce matin-là.

Elle s'assit près de la fenêtre et ouvrit le livre que Ron lui avait offert. Les pages sentaient la poussière et l'encre ancienne.

« Tu es encore là ? » demanda Harry depuis la porte.

« Je ne suis jamais partie », répondit-elle sans lever les yeux.

Puis elle referma le livre, soupira et regarda par la fenêtre. La pluie tombait sur les jardins du château et le lac semblait d'argent.

Harry s'approcha lentement. Ils restèrent longtemps en silence, à écouter la pluie, jusqu'à ce que la cloche sonne pour le dîner.
"""

GERMAN = """Die Bibliothek war leer, als Hermine an diesem Morgen ankam.

Sie setzte sich ans Fenster und öffnete das Buch, das Ron ihr geschenkt hatte. Die Seiten rochen nach Staub und altem Papier.

„Bist du immer noch hier?“, fragte Harry von der Tür aus.

„Ich war nie weg“, antwortete sie, ohne aufzusehen.

Dann schloss sie das Buch, seufzte und sah aus dem Fenster. Der Regen fiel auf die Gärten des Schlosses, und der See glänzte wie Silber.

Harry kam langsam näher. Lange schwiegen sie und hörten dem Regen zu, bis die Glocke zum Abendessen läutete.
"""

ENGLISH = """The library was empty when Hermione arrived that morning.

She sat down by the window and opened the book Ron had given her. The pages smelled of dust and old ink.

“Are you still here?” Harry asked from the doorway.

“I never left,” Hermione said, without looking up.

Then she closed the book, sighed, and looked out of the window. Rain fell on the castle grounds and the lake shone like silver.

Harry came closer. They sat in silence for a long while, listening to the rain, until the bell rang for dinner.
"""


@pytest.mark.parametrize(
    ("declared", "code"),
    [
        ("Español", "es"), ("Spanish", "es"), ("es-ES", "es"), ("Français", "fr"), ("Deutsch", "de"),
        ("English", "en"), ("en", "en"), ("Português brasileiro", "pt"), ("pt_BR", "pt"),
        ("中文-普通话 國語", "zh"), ("日本語", "ja"), ("und", None), ("Klingon", None), ("", None),
    ],
)  # fmt: skip
def test_declared_languages_by_ao3_name_english_name_or_code(declared, code):
    assert language_code(declared) == code


def test_language_names_are_english_names():
    assert language_name("es") == "Spanish"
    assert language_name("de") == "German"
    assert language_name("ace") == "ace"  # a code ficlens has no name for is shown as the code


@pytest.mark.parametrize(("story", "code", "name"), [(SPANISH, "es", "Spanish"), (FRENCH, "fr", "French"),
                                                     (GERMAN, "de", "German"), (ENGLISH, "en", "English")])
def test_the_language_of_story_text_is_detected(story, code, name):
    language = identify(story.split("\n\n"))
    assert (language.code, language.name, language.source) == (code, name, "detected")
    assert language.confidence >= 0.8
    assert language.is_english == (code == "en")


def test_a_declared_language_is_taken_as_declared():
    language = identify(SPANISH.split("\n\n"), declared="English")
    assert (language.code, language.source, language.confidence) == ("en", "declared", None)


def test_too_little_text_is_no_guess_and_is_read_as_english():
    """Two words could be any language: the work is analysed as before, as English."""
    language = identify(["Hermione. Luego."])
    assert language.code is None and language.source == "detected"
    assert language.is_english
    assert identify([]).source is None


def _analysis(text: str, name: str = "story.txt"):
    return analyze_work(read_bytes(text.encode(), name))


@pytest.fixture(scope="module")
def spanish():
    return _analysis(SPANISH)


def test_a_spanish_story_has_no_english_only_analysis(spanish):
    assert spanish.language.code == "es"
    assert spanish.skipped_stages == ENGLISH_ONLY
    assert spanish.characters == [] and spanish.quotes == []
    assert spanish.narration is None and spanish.story is None and spanish.diagnostics is None
    assert len(spanish.structure.scenes) == 1 and spanish.structure.words == len(SPANISH.split())


def test_the_json_of_a_spanish_story_says_what_was_not_run(spanish):
    data = json.loads(dumps(analysis_dict(spanish)))
    jsonschema.validate(data, schema())
    assert data["language"] == {"code": "es", "name": "Spanish", "source": "detected",
                                "confidence": spanish.language.confidence, "skipped": list(ENGLISH_ONLY)}
    for key in ("characters", "quotes", "narration", "arc", "relationships", "pairing", "inferred", "diagnostics"):
        assert key not in data
    assert "Luego" not in json.dumps(data)


def test_every_report_of_a_spanish_story_says_it_is_spanish_and_what_was_not_run(spanish):
    data = analysis_dict(spanish)
    console = Console(width=200, file=io.StringIO(), color_system=None)
    render_report(data, spanish.work.text, console)
    terminal, markdown = console.file.getvalue(), render_markdown(data, spanish.work.text)
    html = render_html(data, spanish.work.text)
    for report in (terminal, markdown, html):
        assert "Spanish" in report
        assert "Not analysed" in report
        assert "English only" in report
    assert "Luego" not in terminal and "Luego" not in markdown
    assert 'id="characters"' not in html and "Main pairing" not in html
    assert "<dt>characters</dt>" not in html and "<dt>lines of dialogue</dt>" not in html  # not "0 characters"


@pytest.mark.parametrize(("story", "name"), [(FRENCH, "French"), (GERMAN, "German")])
def test_french_and_german_stories_are_not_read_as_english(story, name):
    analysis = _analysis(story)
    assert analysis.language.name == name
    assert analysis.characters == [] and analysis.narration is None
    jsonschema.validate(json.loads(dumps(analysis_dict(analysis))), schema())


def test_an_english_story_is_analysed_whole():
    analysis = _analysis(ENGLISH)
    assert (analysis.language.code, analysis.skipped_stages) == ("en", ())
    assert {c.name for c in analysis.characters} >= {"Hermione", "Harry"}
    assert len(analysis.quotes) == 2
    assert analysis.narration is not None and analysis.narration.tense == "past"
    data = analysis_dict(analysis)
    jsonschema.validate(json.loads(dumps(data)), schema())
    assert data["language"]["skipped"] == [] and "diagnostics" in data and "arc" in data


def test_ao3s_declared_language_is_used():
    """AO3's "Language: Español" decides, however short the story."""
    chapter = StoryChapter("Uno", ("Se fue. Luego volvió.",))
    story = dataclasses.replace(STORY, language="Español", chapters=(chapter,))
    work = read_bytes(ao3_html(story).encode(), "work.html")
    analysis = analyze_work(work)
    assert work.meta.language == "Español"
    assert (analysis.language.code, analysis.language.source) == ("es", "declared")
    assert analysis.characters == []

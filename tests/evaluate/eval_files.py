"""Tiny gold corpora written by the tests, and analyses faked to order.

`write_pdnc` writes a three-quotation novel in the PDNC layout; `write_litbank`
a four-quotation LitBank pair. `fake_analysis` builds what
`ficlens.pipeline.analyze` would return, so scoring is tested without the
real stages (whose accuracy is what the scores measure, not what they test).
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

from ficlens.evaluate.gold import GoldWork
from ficlens.model import Character, Narration, Quote

NOVEL = "TheShortNovel"
NOVEL_TEXT = '"Good morning," said Anne, "lovely day."\n\n"Is it?"\n\n"It is," she said.\n'


def span(text: str, words: str) -> tuple[int, int]:
    """Where `words` first occur in `text`."""
    start = text.index(words)
    return start, start + len(words)


def write_pdnc(root: Path, person: str = "3.0", prefix: str = "", byte_offsets: bool = False) -> Path:
    """A PDNC folder with one novel of three quotations:

    Q0, explicit, Anne (named by her alias), split by its tag: "Good morning," / "lovely day."
    Q1, implicit, Tom: "Is it?"
    Q2, anaphoric, Anne: "It is,"

    `prefix` goes before the text; with `byte_offsets` the spans count UTF-8 bytes.
    """
    folder = root / NOVEL
    folder.mkdir(parents=True)
    text = prefix + NOVEL_TEXT
    (folder / "novel_text.txt").write_text(text, encoding="utf-8")
    shift = len(prefix.encode("utf-8")) - len(prefix) if byte_offsets else 0
    good, lovely, is_it, it_is = (
        (start + shift, end + shift)
        for start, end in (span(text, w) for w in ("Good morning,", "lovely day.", "Is it?", "It is,"))
    )
    _write_csv(folder / "quotation_info.csv", ["quoteID", "quoteText", "subQuotationList", "quoteByteSpans",
                                               "speaker", "addressees", "quoteType"], [
        ["Q0", "Good morning, lovely day.", "['Good morning,', 'lovely day.']", str([list(good), list(lovely)]),
         "Anne", "['Tom']", "Explicit"],
        ["Q1", "Is it?", "['Is it?']", str([list(is_it)]), "Tom Barry", "['Anne Shirley']", "Implicit"],
        ["Q2", "It is,", "['It is,']", str([list(it_is)]), "Anne Shirley", "['Tom Barry']", "Anaphoric"],
    ])
    _write_csv(folder / "character_info.csv", ["Character ID", "Main Name", "Aliases", "Gender", "Category"], [
        ["0", "Anne Shirley", "{'Anne', 'Miss Shirley', 'Anne Shirley'}", "F", "major"],
        ["1", "Tom Barry", "['Tom', 'Thomas']", "M", "minor"],
    ])
    _write_csv(root / "PDNC-Novel-Index.csv", ["Novel Code", "Narrative Person", "Folder Name"],
               [["SHRT", person, NOVEL]])
    return root


LITBANK_WORK = "1_the_rain"
LITBANK_SENTENCES = [
    "Chapter 1",
    "“ Where are you going ? ” said Mary Bennet .",
    "“ Out . ”",
    "John left .",
    '" I am sure , " he said , " that it will rain .',
    'It always does . "',
]
LITBANK_TEXT = (
    "Chapter 1\n\n“Where are you going?” said Mary Bennet.\n\n“Out.”\n\nJohn left.\n\n"
    '"I am sure," he said, "that it will rain. It always does."'
)


def write_litbank(root: Path, suffix: str = ".ann") -> Path:
    """A LitBank folder (quotations/tsv) with one excerpt of four quotations:
    Mary asks, John answers, then John's speech is cut in two by "he said" and
    its second part runs over two sentences."""
    folder = root / "quotations" / "tsv"
    folder.mkdir(parents=True)
    (folder / f"{LITBANK_WORK}_brat.txt").write_text("\n".join(LITBANK_SENTENCES) + "\n", encoding="utf-8")
    rows = [
        "QUOTE\tQ1\t1\t0\t1\t6\t“ Where are you going ? ”",
        "QUOTE\tQ2\t2\t0\t2\t3\t“ Out . ”",
        'QUOTE\tQ3\t4\t0\t4\t5\t" I am sure , "',
        'QUOTE\tQ4\t4\t9\t5\t4\t" that it will rain . It always does . "',
        "ATTRIB\tQ1\tMary_Bennet-0",
        "ATTRIB\tQ2\tJohn-1",
        "ATTRIB\tQ3\tJohn-1",
        "ATTRIB\tQ4\tJohn-1",
    ]
    (folder / f"{LITBANK_WORK}_brat{suffix}").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def character(id: str, name: str, *aliases: str) -> Character:
    return Character(id=id, name=name, aliases=list(aliases))


def quote(text: str, words: str, speaker: str | None = None, after: int = 0) -> Quote:
    """A predicted quotation of `words` (first found at or after `after`)."""
    start = text.index(words, after)
    return Quote(start=start, end=start + len(words), speaker=speaker)


def fake_analysis(
    text: str, characters=(), quotes=(), pov: str | None = None, narrator: str | None = None, mentions=()
):
    """What scoring reads of an `Analysis`, and nothing else."""
    return SimpleNamespace(
        work=SimpleNamespace(text=text),
        characters=list(characters),
        mentions=list(mentions),
        quotes=list(quotes),
        narration=Narration(pov=pov, tense=None, narrator=narrator),
    )


def oracle(gold: GoldWork):
    """An analysis that says exactly what the gold says."""
    characters = [character(c.key, c.name, *c.aliases) for c in gold.real_characters()]
    quotes = [
        Quote(start, end, speaker=None if q.speaker in gold.nobody else q.speaker)
        for q in gold.quotes
        for start, end in q.spans
    ]
    return fake_analysis(gold.text, characters, quotes, pov=gold.pov)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)

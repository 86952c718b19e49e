"""The research tables: one versioned schema that `ficlens corpus run` and `ficlens export` both write.

Every table and every column is declared here once, with what it means; the
pyarrow schemas, the data dictionary (`ficlens schema`, docs/scale.md) and the
Parquet files' field metadata all come from these declarations. Bump
`SCHEMA_VERSION` whenever a column changes meaning, type or name, or is
removed, and say what changed in `CHANGES`; adding a column or a table keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = 2
SCHEMA_ID = f"ficlens.corpus/{SCHEMA_VERSION}"
METADATA = {b"ficlens.schema": SCHEMA_ID.encode()}

CHANGES = {
    1: "The corpus run's nine tables (works, chapters, scenes, characters, quotes, relationships, diagnostics, "
       "errors, texts).",
    2: "Written by `ficlens export` too (work_id is the library's work id as text). The analysis JSON moved from "
       "works to analyses; works lost arc_shape, pairing and inferred_* (see arcs, pairings, inferred_tags) and "
       "gained added_at (a timestamp), source_encoding, the declared dates, counts and series, and "
       "detected_language. relationships: a_to_b and b_to_a renamed lines_a_to_b and lines_b_to_a; guard, the "
       "confidence of each kind and the evidence count added. The key-value diagnostics table is replaced by one "
       "table per diagnostic family (craft_rates, repeated_phrases, slips...) and spans. New tables: arcs, "
       "arc_points, scene_emotions, relationship_evidence, pairings, inferred_tags; signatures, embeddings and "
       "the reader's personal, collections, collection_works, edits and duplicates (export only).",
}
"""What each version changed, for the data dictionary."""

CELL_LIMIT = 32_767
"""The most characters a spreadsheet keeps in a cell: no CSV cell is longer (see `Table.csv`)."""

_str = pa.string()
_strs = pa.list_(pa.string())
_i32 = pa.int32()
_i32s = pa.list_(pa.int32())
_i64 = pa.int64()
_f64 = pa.float64()
_bool = pa.bool_()
_date = pa.date32()
_time = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, its Arrow type and what it means."""

    name: str
    type: pa.DataType
    meaning: str


@dataclass(frozen=True, slots=True)
class Table:
    """One table: what a row is, its columns, which commands write it, and whether it fits a CSV file.

    A table with `csv=False` holds cells longer than a spreadsheet keeps (whole texts, the analysis JSON):
    an export in CSV writes it as JSON Lines instead.
    """

    name: str
    row: str
    columns: tuple[Column, ...]
    written_by: str = "both"  # "both", "export" or "corpus run"
    csv: bool = True

    @property
    def schema(self) -> pa.Schema:
        """The pyarrow schema, each field carrying its meaning as `description` metadata."""
        fields = [pa.field(c.name, c.type, metadata={b"description": c.meaning.encode()}) for c in self.columns]
        return pa.schema(fields, metadata={**METADATA, b"ficlens.table": self.name.encode(),
                                           b"description": f"One row per {self.row}.".encode()})


def _table(name: str, row: str, *columns: tuple[str, pa.DataType, str], written_by: str = "both",
           csv: bool = True, work: bool | str = True) -> Table:
    meaning = work if isinstance(work, str) else "The work the row belongs to (works.work_id)."
    first = (("work_id", _str, meaning),) if work else ()
    return Table(name, row, tuple(Column(*c) for c in (*first, *columns)), written_by, csv)


_POSITION = ("position", _i32, "The row's place in its work, from 0.")
_START = ("start", _i64, "Character offset in the work's text where it begins.")
_END = ("end", _i64, "Character offset in the work's text where it ends (exclusive).")
_HASH = ("content_hash", _str, "sha256 of the source file's bytes (of the text in UTF-8 for a table row).")
BOND_KINDS = ("romantic", "family", "friendship", "rivalry", "professional")
SHAPES = ("rags to riches", "tragedy", "man in a hole", "Icarus", "Cinderella", "Oedipus")
EMOTIONS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")
READABILITY = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "dale_chall")


def shape_column(shape: str) -> str:
    """The arcs column of one of Reagan et al.'s shapes: "man in a hole" -> man_in_a_hole."""
    return shape.lower().replace(" ", "_")


_DEFINITIONS = (
    _table(
        "works", "analysed work: what the file declares and what the analysis found, in brief",
        ("content_hash", _str, _HASH[2]),
        ("schema_version", _i32, f"This schema's version ({SCHEMA_VERSION})."),
        ("ficlens_version", _str, "The ficlens that analysed the work (null for a library work stored before "
                                  "ficlens kept it)."),
        ("added_at", _time, "When the work was analysed into this output (corpus run) or added to the library "
                            "(export), UTC."),
        ("source_path", _str, "The file the work was read from."),
        ("source_format", _str, "The format it was read as (ao3-html, epub, docx, text...)."),
        ("source_encoding", _str, "The text encoding of the file, when it is a text file."),
        ("title", _str, "Title, as declared (the file's name when none is; the reader's own in an export when "
                        "she edited it)."),
        ("authors", _strs, "Authors, as declared."),
        ("fandoms", _strs, "Fandoms, as declared (AO3's fandom tags)."),
        ("rating", _str, "Rating, as declared."),
        ("warnings", _strs, "Archive warnings, as declared."),
        ("categories", _strs, "Categories (F/M, M/M, Gen...), as declared."),
        ("relationship_tags", _strs, "Relationship tags, as declared."),
        ("character_tags", _strs, "Character tags, as declared."),
        ("freeform_tags", _strs, "Additional (freeform) tags, as declared."),
        ("series", _strs, "Names of the series the work belongs to, as declared."),
        ("language", _str, "Language, as declared."),
        ("detected_language", _str, "The language's ISO code, declared or detected from the text."),
        ("summary", _str, "Summary, as declared (plain text)."),
        ("url", _str, "The work's address, as declared."),
        ("site", _str, "The archive the address is on (ao3, ffn)."),
        ("site_id", _str, "The work's id on that archive."),
        ("published", _date, "Date first published, as declared."),
        ("updated", _date, "Date last updated, as declared."),
        ("complete", _bool, "Whether the author declares it finished (null when the file does not say)."),
        ("chapters_posted", _i32, "Chapters posted, as declared."),
        ("chapters_planned", _i32, "Chapters planned, as declared (null for '?')."),
        ("kudos", _i64, "Kudos, as declared."),
        ("hits", _i64, "Hits, as declared."),
        ("comments", _i64, "Comments, as declared."),
        ("bookmarks", _i64, "Bookmarks, as declared."),
        ("words", _i64, "Words in the story text."),
        ("chapters", _i32, "Chapters found (rows in chapters)."),
        ("scenes", _i32, "Scenes found (rows in scenes)."),
        ("characters", _i32, "Characters found (rows in characters)."),
        ("quotes", _i32, "Quotations found (rows in quotes)."),
        ("pov", _str, "Narrative point of view: first, second, third or mixed."),
        ("tense", _str, "Narrative tense: past, present or mixed."),
        ("narrator", _str, "The first-person narrator's character id (characters.character_id), or null."),
        ("narrator_name", _str, "The narrator's name."),
        ("seconds", _f64, "Seconds the analysis took (null in an export)."),
        ("input_metadata", _str, "A corpus INPUT's other columns (kudos, dates...) as a JSON object (null in an "
                                 "export)."),
        work="The work's id: in a corpus run the INPUT's id column, or the file's path under INPUT; in an export "
             "the library's work id, as text.",
    ),
    _table("analyses", "work whose analysis was kept: the whole JSON contract (docs/report-contract.md)",
           ("content_hash", _str, _HASH[2]),
           ("analysis", _str, "What `ficlens analyze --format json` prints for the work (an export: as the "
                              "library stores it, the reader's edits in work and the file's values under edits)."),
           csv=False),
    _table("texts", "work whose text was kept (a corpus run with --keep-text; every work in an export)",
           ("content_hash", _str, _HASH[2]),
           ("text", _str, "The story text every start and end indexes."),
           csv=False),
    _table("signatures", "work of the library",
           ("minhash", pa.list_(pa.uint32()), "MinHash of the text's word 5-shingles (128 numbers): near "
                                              "duplicates share many."),
           written_by="export"),
    _table("embeddings", "work of the library",
           ("embedding", pa.list_(pa.float32()), "all-MiniLM-L6-v2 embedding of the work (384 numbers, length 1)."),
           written_by="export"),
    _table("chapters", "chapter",
           _POSITION, ("title", _str, "Chapter title."), _START, _END, ("summary", _str, "Chapter summary.")),
    _table("scenes", "scene",
           _POSITION, ("chapter", _i32, "The chapter it is in (chapters.position)."), _START, _END,
           ("heading", _str, "A heading the scene opens with."),
           ("pov", _str, "The scene's point of view."), ("tense", _str, "The scene's tense."),
           ("pov_character", _str, "The character whose point of view it is (character id)."),
           ("characters", _strs, "Character ids present, most present first.")),
    _table("characters", "character of a work",
           ("character_id", _str, "The character's id, unique within the work."),
           ("name", _str, "Full name."), ("aliases", _strs, "Every name and form the text calls them."),
           ("gender", _str, "male, female, nonbinary or null when the text does not tell."),
           ("mentions", _i32, "Times named or referred to."), ("quotes", _i32, "Quotations attributed to them."),
           ("first", _i64, "Offset of the first mention."), ("last", _i64, "Offset of the last mention.")),
    _table("quotes", "quotation",
           _POSITION, _START, _END, ("text", _str, "The quoted words, without the quotation marks."),
           ("speaker", _str, "Speaker's character id, or null."),
           ("addressees", _strs, "Character ids of whom it is said to."),
           ("confidence", _f64, "How sure the speaker attribution is, 0 to 1."),
           ("method", _str, "How the speaker was found (tag, turn-taking, ...)."),
           ("group", _i32, "Quotations of one utterance share a group.")),
    _table("relationships", "pair of characters",
           ("a", _str, "One character's id."), ("b", _str, "The other's id."),
           ("lines_a_to_b", _i32, "Quotations a says to b."), ("lines_b_to_a", _i32, "Quotations b says to a."),
           ("shared_scenes", _i32, "Scenes both are in."), ("co_mentions", _i32, "Sentences naming both."),
           ("warmth", _f64, "Mean valence of their shared sentences."),
           ("strength", _f64, "How central the pair is to the work, 0 to 1."),
           ("kind", _str, "What binds them: romantic, family, friendship, rivalry, professional or unknown."),
           ("relation", _str, "The word the text names the bond by (sister, wife...)."),
           ("guard", _str, "Why romance is ruled out (family, child, teacher and pupil), or null."),
           *((f"{k}_confidence", _f64, f"Confidence that the bond is {k}, 0 to 1.") for k in BOND_KINDS),
           ("evidence", _i32, "Passages that tell the bond (rows in relationship_evidence).")),
    _table("relationship_evidence", "passage that tells what binds a pair",
           ("a", _str, "relationships.a"), ("b", _str, "relationships.b"),
           ("kind", _str, "The kind it tells (romantic, family, friendship, rivalry, professional, child)."),
           ("word", _str, "The words that tell it (kiss, grip hand, sister...)."),
           ("who", _str, "The character who acts (character id)."), ("of", _str, "The other (character id)."),
           _START, _END),
    _table("pairings", "work with a main pairing (inferred)",
           ("a", _str, "One character's id."), ("b", _str, "The other's id."),
           ("tag", _str, "The pairing as an AO3 relationship tag (A/B)."),
           ("category", _str, "Its AO3 category (F/M, M/M, F/F...).")),
    _table("inferred_tags", "tag ficlens infers for a work (kept apart from the declared ones in works)",
           ("kind", _str, "character, relationship or category."), ("tag", _str, "The tag, as AO3 writes it."),
           ("declared", _bool, "Whether the file declares it too.")),
    _table("arcs", "work with an emotional arc",
           ("method", _str, "The sentiment lexicon (nrc-valence)."),
           ("window", _i32, "Words in each window."), ("step", _i32, "Words between two windows' starts."),
           ("smoothing", _f64, "The smoothing kernel's width, as a share of the story."),
           ("shape", _str, "The closest of Reagan et al.'s six shapes, only when the arc clearly has one."),
           ("signal", _f64, "The arc's range over the median range of the same sentences shuffled (1: noise)."),
           ("clear", _bool, "Whether the range clears what 95 in 100 shuffled orders reach."),
           *((shape_column(s), _f64, f"How well the arc fits {s!r}, -1 to 1.") for s in SHAPES)),
    _table("arc_points", "window of a work's arc",
           _POSITION, _START, _END, ("place", _f64, "The window's middle, 0 to 1 of the story's words."),
           ("sentiment", _f64, "Mean valence of its words."), ("smoothed", _f64, "The smoothed arc there.")),
    _table("scene_emotions", "scene of a work with an arc",
           ("position", _i32, "The scene (scenes.position)."), _START, _END,
           ("sentiment", _f64, "Mean valence per word (null without sentences)."),
           *((e, _f64, f"NRC {e} words per 1,000 words.") for e in EMOTIONS)),
    _table("slips", "sentence that slips out of the work's tense or point of view",
           _POSITION, _START, _END, ("kind", _str, "tense or pov."), ("expected", _str, "The work's own."),
           ("found", _str, "The sentence's."), ("text", _str, "The sentence.")),
    _table(
        "craft_rates", "analysed work in English: the writer's measures",
        ("sentences", _i32, "Sentences."), ("sentence_words_mean", _f64, "Mean words per sentence."),
        ("sentence_words_stdev", _f64, "Standard deviation of words per sentence."),
        ("longest_sentence_words", _i32, "Words in the longest sentence."),
        ("longest_sentence_start", _i64, "Where it begins."), ("longest_sentence_end", _i64, "Where it ends."),
        ("paragraphs", _i32, "Paragraphs."), ("paragraph_words_mean", _f64, "Mean words per paragraph."),
        ("paragraph_words_stdev", _f64, "Standard deviation of words per paragraph."),
        *((r, _f64, f"Readability: {r.replace('_', ' ')}.") for r in READABILITY),
        ("filter_words", _i32, "Filter words (felt, saw, seemed...)."),
        ("filter_words_per_1000", _f64, "Filter words per 1,000 words."),
        ("crutch_words", _i32, "Crutch words (just, really, suddenly...)."),
        ("crutch_words_per_1000", _f64, "Crutch words per 1,000 words."),
        ("adverbs", _i32, "-ly adverbs."), ("adverbs_per_1000", _f64, "-ly adverbs per 1,000 words."),
        ("passive_voice", _i32, "Passive verbs."), ("passive_voice_per_1000", _f64, "Passive verbs per 1,000 words."),
        ("cliches", _i32, "Clichés."), ("cliches_per_10000", _f64, "Clichés per 10,000 words."),
        ("sticky_sentences", _i32, "Sentences mostly of glue words."),
        ("sticky_sentences_share", _f64, "Their share, in % of the sentences of 8 words or more."),
        ("dialogue_tags", _i32, "Dialogue tags."), ("said_tags", _i32, "Of them, 'said'."),
        ("dialogue_adverbs", _i32, "Tags with an adverb (rows in dialogue_adverbs)."),
        ("untagged_runs", _i32, "Runs of untagged lines (rows in untagged_runs)."),
        ("dialogue_punctuation", _i32, "Dialogue punctuation slips (rows in dialogue_punctuation)."),
        ("repeated_phrases", _i32, "Phrases repeated more than chance (rows in repeated_phrases)."),
        ("echoes", _i32, "Words echoed close together (rows in echoes)."),
        ("spelling", _i32, "Misspellings (rows in spelling)."),
        ("slips", _i32, "Tense and point-of-view slips (rows in slips)."),
    ),
    _table("sentence_lengths", "bucket of sentence lengths in a work",
           ("words", _str, "The bucket (1-5, 6-10, ... 41+ words)."), ("sentences", _i32, "Sentences in it.")),
    _table("word_counts", "word a work uses of a watched list",
           ("list", _str, "filter_words, crutch_words, adverbs or dialogue_verbs (lemmas of tag verbs)."),
           ("word", _str, "The word."), ("count", _i32, "Times used.")),
    _table("repeated_phrases", "phrase a work repeats more than chance would",
           ("phrase", _str, "The phrase."), ("count", _i32, "Times used."),
           ("expected", _f64, "Times chance would give."),
           ("variants", _strs, "Longer phrases it is part of, most used first."),
           ("variant_counts", _i32s, "Times each variant is used.")),
    _table("echoes", "word used again too close to its last use",
           ("word", _str, "The word."), ("count", _i32, "Uses in the echo (rows in spans).")),
    _table("spelling", "misspelt word",
           ("word", _str, "The word as written."), ("suggestion", _str, "The spelling suggested."),
           ("count", _i32, "Times written so.")),
    _table("openings", "way of opening sentences a work leans on",
           ("opening", _str, "The opening (a word, or a structure such as 'pronoun + verb')."),
           ("kind", _str, "word or structure."), ("sentences", _i32, "Sentences in a row opening so.")),
    _table("cliches", "cliché found", ("phrase", _str, "The cliché."), ("count", _i32, "Times used.")),
    _table("consistency", "word or name written in more than one way",
           ("kind", _str, "name, british-american or hyphenation."), ("summary", _str, "What is mixed, in words."),
           ("forms", _strs, "The forms written."), ("form_counts", _i32s, "Times each form is written.")),
    _table("passive_voice", "passive verb", _START, _END, ("text", _str, "The verb phrase.")),
    _table("dialogue_adverbs", "dialogue tag with an adverb", _START, _END, ("text", _str, "The tag.")),
    _table("dialogue_punctuation", "punctuation slip in dialogue",
           _START, _END, ("kind", _str, "The slip (full stop before tag, capital after comma...)."),
           ("text", _str, "The passage.")),
    _table("untagged_runs", "run of dialogue lines without a tag",
           _START, _END, ("lines", _i32, "Lines in the run.")),
    _table("pacing_runs", "long run of narration or of dialogue",
           ("kind", _str, "narration or dialogue."), _START, _END, ("words", _i32, "Words in the run."),
           ("paragraphs", _i32, "Paragraphs in the run.")),
    _table("sticky_sentences", "sentence mostly of glue words",
           _START, _END, ("glue", _f64, "Glue words, in % of its words."),
           ("glue_words", _strs, "The glue words."), ("glue_word_counts", _i32s, "Times each is used.")),
    _table("norms", "rate of a work placed among published works",
           ("rate", _str, "The craft_rates column (filter_words, passive_voice...)."),
           ("label", _str, "The rate in words."), ("unit", _str, "Its unit."), ("value", _f64, "The work's rate."),
           ("percentile", _f64, "Share of published works with a lower rate, 0 to 1."),
           ("comparison", _str, "The same for a reader.")),
    _table("start_here", "finding ficlens puts first for the writer",
           _POSITION, ("check", _str, "The diagnostic (table) it comes from."), ("headline", _str, "The finding."),
           ("detail", _str, "Why it matters."), ("score", _f64, "How far it stands out (higher first)."),
           ("examples", _strs, "Examples from the text.")),
    _table("spans", "passage a diagnostic points at",
           ("family", _str, "The diagnostic: repeated_phrases, echoes, spelling, openings, cliches, consistency, "
                            "filter_words, crutch_words or adverbs."),
           ("item", _str, "Its phrase, word, opening or summary (null for the filter, crutch and adverb lists)."),
           _START, _END),
    _table("personal", "work the reader has marked",
           ("status", _str, "read, reading, to read or abandoned."),
           ("favourite", _bool, "Marked as a favourite."), ("rating", _i32, "The reader's stars, 1 to 5."),
           ("notes", _str, "The reader's notes."), ("tags", _strs, "The reader's own tags."),
           ("updated_at", _time, "Last changed, UTC."),
           written_by="export"),
    _table("collections", "collection (the reader's named shelf)",
           ("collection_id", _i64, "The collection's id."), ("name", _str, "Its name."),
           ("created_at", _time, "When it was made, UTC."),
           written_by="export", work=False),
    _table("collection_works", "work in a collection",
           ("collection_id", _i64, "collections.collection_id"), ("added_at", _time, "When it was put there, UTC."),
           written_by="export"),
    _table("edits", "field of a work the reader has given her own value",
           ("field", _str, "title, authors, fandoms or summary."),
           ("value", _str, "Her title or summary."), ("values", _strs, "Her authors or fandoms."),
           ("edited_at", _time, "When, UTC."),
           written_by="export"),
    _table("duplicates", "pair of works found to be near duplicates (both ways)",
           ("other_id", _str, "The other work (works.work_id)."),
           ("similarity", _f64, "Estimated Jaccard similarity of their word 5-shingles."),
           written_by="export"),
    _table("errors", "work a corpus run could not analyse",
           ("content_hash", _str, "sha256 of the input (null when it could not be read at all)."),
           ("schema_version", _i32, f"This schema's version ({SCHEMA_VERSION})."),
           ("source_path", _str, "The file, or null for a table row."),
           ("stage", _str, "read, analyze or timeout."),
           ("error", _str, "InputError, the exception's class, or WorkTimeout."), ("reason", _str, "Why."),
           ("seconds", _f64, "Seconds spent on it."),
           written_by="corpus run"),
)

DEFINITIONS: dict[str, Table] = {t.name: t for t in _DEFINITIONS}
"""Every table of the schema, `works` first."""

SCHEMAS: dict[str, pa.Schema] = {t.name: t.schema for t in _DEFINITIONS}

TABLES = tuple(DEFINITIONS)

CORPUS_TABLES = tuple(t.name for t in _DEFINITIONS if t.written_by != "export")
"""The tables a corpus run writes, `works` first; a batch writes `works` last (see store.py). `texts` only
when a run keeps the texts (`--keep-text`), `analyses` unless it is run with `--no-analysis-json`."""

EXPORT_TABLES = tuple(t.name for t in _DEFINITIONS if t.written_by != "corpus run")
"""The tables `ficlens export` writes."""

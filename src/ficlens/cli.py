"""The `ficlens` command: parses arguments, calls the package, prints."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from . import __version__
from .errors import InputError
from .model import Work
from .outputs.atomic import write_atomic
from .outputs.html import render_html
from .outputs.json import analysis_dict, dumps, read_dict
from .outputs.markdown import render_markdown
from .outputs.outline import outline_text, render_outline
from .outputs.report import render_report, report_text
from .outputs.terminal import plain, terminal_safe
from .pipeline import analyze_each, read_and_structure_each
from .read import DEFAULT_MAX_BYTES

EXIT_INPUT_ERROR = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ficlens")
def main() -> None:
    """ficlens reads fan fiction the way a careful reader does, locally."""


FORMATS = {"text": ".txt", "json": ".json", "md": ".md", "html": ".html"}
"""Every output format of `analyze` and the suffix of its file."""


def _format_list(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    """A comma list of formats, in the order given, each once."""
    formats = list(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'} is not one of {', '.join(FORMATS)}")
    return formats


def _story_options(format_option: Callable) -> Callable:
    """The arguments every command over story files takes."""

    def decorate(command: Callable) -> Callable:
        for option in reversed(
            [
                click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path)),
                format_option,
                click.option("-o", "--output", type=click.Path(path_type=Path),
                             help="Write to this file (one input, one format) or else into this folder as "
                                  "<name>.<format>, atomically."),
                click.option("--max-size", type=click.FloatRange(min=0.001), default=DEFAULT_MAX_BYTES / 2**20,
                             show_default=True, help="Largest input to accept, in MB."),
            ]
        ):
            command = option(command)
        return command

    return decorate


@dataclass(frozen=True)
class _View:
    """How a command turns one story file into results (one per work), their documents, and the terminal."""

    run: Callable[[Path, int], list[Any]]
    documents: dict[str, Callable[[Any], str]]
    render: Callable[[Any, Console], None]


@dataclass(frozen=True)
class _Analyzed:
    """An analysis as the renderers take it: the contract's dict and the work's text."""

    work: Work
    data: dict[str, Any]


def _analyze(path: Path, max_bytes: int) -> list[_Analyzed]:
    return [_Analyzed(analysis.work, analysis_dict(analysis)) for analysis in analyze_each(path, max_bytes)]


_READ = _View(
    run=read_and_structure_each,
    documents={
        "json": lambda r: dumps(read_dict(r.work, r.structure)),
        "text": lambda r: outline_text(r.work, r.structure),
    },
    render=lambda r, console: render_outline(r.work, r.structure, console),
)
_ANALYZE = _View(
    run=_analyze,
    documents={
        "json": lambda a: dumps(a.data),
        "text": lambda a: report_text(a.data, a.work.text),
        "md": lambda a: render_markdown(a.data, a.work.text),
        "html": lambda a: render_html(a.data, a.work.text),
    },
    render=lambda a, console: render_report(a.data, a.work.text, console),
)


@main.command()
@_story_options(click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="An outline for people, or the JSON contract for programs."))
def read(files: tuple[Path, ...], fmt: str, output: Path | None, max_size: float) -> None:
    """Read story files (text, AO3 HTML, EPUB, docx, Markdown, folders or zips of
    chapters) and print their outline: tags, chapters, scenes, letters, notes."""
    _run_stories(_READ, files, [fmt], output, max_size)


@main.command()
@_story_options(click.option("--format", "formats", default="text", show_default=True, callback=_format_list,
                             metavar="FORMATS",
                             help="Comma list of text (a report for people), json (the contract for programs), "
                                  "md (the report as Markdown), html (one self-contained page with charts and "
                                  "the annotated text). Several formats need -o."))
@click.option("--library", "library_path", type=click.Path(path_type=Path),
              help="Also place each craft rate among your works of the same fandom in this library "
                   "(at least 5 of them).")
def analyze(files: tuple[Path, ...], formats: list[str], output: Path | None, max_size: float,
            library_path: Path | None) -> None:
    """Analyze stories: characters and aliases, who says each line, point of view and tense,
    emotional arc, relationships and craft notes."""
    if library_path is None:
        _run_stories(_ANALYZE, files, formats, output, max_size)
        return
    from .library.norms import with_library_norms

    with _open_library(library_path) as library:
        view = replace(_ANALYZE, run=lambda path, max_bytes: [
            _Analyzed(a.work, with_library_norms(a.data, library.db)) for a in _analyze(path, max_bytes)])
        _run_stories(view, files, formats, output, max_size)


def _run_stories(view: _View, files: tuple[Path, ...], formats: list[str], output: Path | None,
                 max_size: float) -> None:
    """Run `view` on each file; bad files are reported in one line each and the rest go on."""
    if output is None and len(formats) > 1:
        raise click.UsageError("several formats need -o DIR")
    if output is None and formats == ["html"] and len(files) > 1:
        raise click.UsageError("html for several stories needs -o DIR")
    console = Console(width=min(100, Console().width), soft_wrap=False, highlight=False)
    into_folder = output is not None and (len(files) > 1 or len(formats) > 1 or output.is_dir())
    if into_folder:
        _refuse_name_clashes(files, formats, output)
    failed: list[str] = []
    printed: list[str] = []
    written: set[str] = set()
    # Reports printed to the terminal show progress themselves; a bar would fight them for the screen.
    show_bar = len(files) > 1 and (output is not None or not sys.stdout.isatty())
    with _progress(len(files) if show_bar else 0) as advance:
        for file in files:
            advance(file)
            try:
                results = view.run(file, int(max_size * 2**20))
            except InputError as error:
                _fail(str(error))
                failed.append(str(file))
                continue
            if len(results) > 1 and (output is not None and not into_folder or output is None and formats == ["html"]):
                _fail(f"{file}: an anthology of {len(results)} works; give -o a folder to write a file for each")
                failed.append(str(file))
                continue
            if len(results) > 1 and output is None and formats == ["text"]:
                console.print(_anthology_line(file, [r.work for r in results]))
                console.print()
            for number, result in enumerate(results, 1):
                for problem in result.work.skipped:
                    _fail(problem)
                if result.work.skipped:
                    failed.append(str(file))
                if output is not None:
                    stem = file.stem if len(results) == 1 else f"{file.stem}.{number:0{len(str(len(results)))}d}"
                    for fmt in formats:
                        target = output / f"{stem}{FORMATS[fmt]}" if into_folder else output
                        if not _write_once(target, view.documents[fmt](result), written):
                            failed.append(str(target))
                elif formats == ["text"]:
                    view.render(result, console)
                    console.print()
                else:
                    printed.append(view.documents[formats[0]](result))
    if printed and formats == ["json"]:
        _echo(printed[0] if len(printed) == 1 else _json_array(printed), nl=False)
    elif printed:
        _echo("\n".join(printed), nl=False)
    if failed and len(files) > 1:
        _fail(f"{len(failed)} of {len(files)} inputs had problems: {', '.join(failed)}")
    if failed:
        sys.exit(EXIT_INPUT_ERROR)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[Path], None]]:
    """A bar over `total` files on stderr when it is a terminal (none for 0); the callable starts the next file."""
    errors = Console(stderr=True)
    if not total or not errors.is_terminal:
        yield lambda file: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=True, redirect_stdout=False) as progress:
        task = progress.add_task("", total=total)
        done = -1

        def advance(file: Path) -> None:
            nonlocal done
            done += 1
            progress.update(task, completed=done, description=f"[dim]{escape(terminal_safe(file.name))}[/]")

        yield advance


def _write(target: Path, document: str) -> bool:
    """Write one output atomically and say where; a failure is reported and returns False."""
    try:
        write_atomic(target, document)
    except OSError as error:
        _fail(f"{target}: cannot write ({error.strerror or error})")
        return False
    _echo(f"wrote {target}", err=True)
    return True


def _anthology_line(file: Path, works: list[Work]) -> Text:
    """"<file>: an anthology of N works" and a numbered line per work, for `read` and `analyze` on the terminal."""
    titles = "".join(f"\n  {n}. {work.meta.title or '(untitled)'}" for n, work in enumerate(works, 1))
    return Text(terminal_safe(f"{file.name}: an anthology of {len(works)} works{titles}"), style="bold")


def _write_once(target: Path, document: str, written: set[str]) -> bool:
    """`_write`, refusing a file this run has written already (an anthology's works are <name>.<n>,
    which another input may be called too): a clash is reported and nothing is overwritten."""
    key = str(target.resolve()).casefold()
    if key in written:
        _fail(f"{target}: another input of this run was written there already; rename one, or give each its own -o")
        return False
    written.add(key)
    return _write(target, document)


def _json_array(documents: list[str]) -> str:
    return "[\n" + ",\n".join(d.rstrip("\n") for d in documents) + "\n]\n"


def _refuse_name_clashes(files: tuple[Path, ...], formats: list[str], output: Path) -> None:
    """Exit 2, before any work, when two inputs would be written to the same <name>.<format> in `output`.

    `a/story.txt b/story.txt -o out` would otherwise leave one out/story.json, the other silently lost.
    Refusing keeps the documented name mapping (out/<name>.<format>) that scripts rely on, where invented
    names (story-2.json) would leave the user guessing which output is which input. Names are compared
    without case, as a case-insensitive file system would.
    """
    seen: dict[str, Path] = {}
    for file in files:
        first = seen.setdefault(file.stem.casefold(), file)
        if first != file and first.resolve() != file.resolve():
            _fail(f"{first} and {file} would both be written to {output / (file.stem + FORMATS[formats[0]])}; "
                  "rename one, or give each its own -o")
            sys.exit(EXIT_INPUT_ERROR)


def _echo(message: str, err: bool = False, nl: bool = True) -> None:
    """Print `message`, which may hold titles and file names, made terminal-safe (see outputs.terminal)."""
    click.echo(terminal_safe(message), err=err, nl=nl)


def _fail(message: str) -> None:
    _echo(f"ficlens: {message}", err=True)


@main.group(name="eval")
def eval_group() -> None:
    """Measure ficlens against gold annotations: PDNC novels, LitBank excerpts."""


def _eval_options(command):
    """The arguments every `eval` command takes."""
    for option in (
        click.option("-v", "--verbose", is_flag=True,
                     help="Also list, per work, the character mapping, main characters not found "
                          "and what the loader noticed in the gold data."),
        click.option("--json", "json_path", type=click.Path(path_type=Path),
                     help="Also write the figures to this JSON file, atomically."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Works analysed at once, one process each [default: every core]."),
        click.option("--novel", "only", multiple=True, metavar="NAME",
                     help="Evaluate only this work (folder or file name); repeatable."),
        click.argument("directory", type=click.Path(path_type=Path)),
    ):
        command = option(command)
    return command


@eval_group.command(name="pdnc")
@_eval_options
def eval_pdnc(directory: Path, only: tuple[str, ...], jobs: int | None, json_path: Path | None, verbose: bool) -> None:
    """Quotation, speaker, character and POV figures on PDNC novel folders in DIRECTORY."""
    _run_eval("pdnc", directory, only, jobs, json_path, verbose)


@eval_group.command(name="litbank")
@_eval_options
def eval_litbank(directory: Path, only: tuple[str, ...], jobs: int | None, json_path: Path | None,
                 verbose: bool) -> None:
    """Quotation and speaker figures on LitBank (DIRECTORY: the litbank folder or its quotations/tsv)."""
    _run_eval("litbank", directory, only, jobs, json_path, verbose)


def _run_eval(corpus: str, directory: Path, only: tuple[str, ...], jobs: int | None, json_path: Path | None,
              verbose: bool) -> None:
    import time

    from .evaluate import CorpusScore, EvalError
    from .evaluate.report import render, to_json
    from .evaluate.runner import evaluate, tasks

    started = time.perf_counter()
    try:
        work = tasks(corpus, directory, only)
    except EvalError as error:
        _fail(str(error))
        sys.exit(EXIT_INPUT_ERROR)
    scores = []
    for score in evaluate(work, jobs):
        scores.append(score)
        status = f"failed: {score.error}" if score.error else f"{score.seconds:.0f} s"
        _echo(f"[{len(scores)}/{len(work)}] {score.name}: {status}", err=True)
    result = CorpusScore(corpus, scores)
    wall = time.perf_counter() - started
    width = min(100, Console().width) if sys.stdout.isatty() else 100
    console = Console(width=width, soft_wrap=False, highlight=False)
    render(result, console, verbose)
    console.print(f"wall time {wall:.0f} s for {len(work)} works")
    if json_path is not None:
        try:
            write_atomic(json_path, to_json(result, wall))
        except OSError as error:
            _fail(f"{json_path}: cannot write ({error.strerror or error})")
            sys.exit(EXIT_INPUT_ERROR)
        _echo(f"wrote {json_path}", err=True)
    if any(s.error for s in scores):
        sys.exit(1)


# The library: add, search, similar, export.

_LIBRARY_OPTION = click.option(
    "--library", "library_path", type=click.Path(path_type=Path), envvar="FICLENS_LIBRARY",
    help="The library database [default: ficlens/library.db in the platform's data folder].")


def _library_path(path: Path | None, *, create: bool = False) -> Path:
    """The library file `path` names (or the default). One that does not exist is refused in one line (a
    mistyped --library must not become an empty library) unless `create`, which says it makes one."""
    from .library import default_path

    target = path or default_path()
    if not target.exists():
        if not create:
            _fail(f"{target}: no library here (ficlens add creates one)")
            sys.exit(EXIT_INPUT_ERROR)
        _echo(f"ficlens: creating a new library at {target}", err=True)
    return target


def _open_library(path: Path | None, *, create: bool = False):
    """The library at `path` (or the default); a missing one is an error unless `create`."""
    from .library import Library, LibraryError

    target = _library_path(path, create=create)
    try:
        return Library(target)
    except LibraryError as error:
        _fail(str(error))
        sys.exit(EXIT_INPUT_ERROR)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_LIBRARY_OPTION
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Works analysed at once, one process each [default: every core].")
def add(paths: tuple[Path, ...], library_path: Path | None, jobs: int | None) -> None:
    """Analyse story files (or folders of them) and keep them in the library. A file already there is
    skipped; a new version of a work replaces the old one; near-duplicates are reported."""
    from .library import LibraryError

    with _open_library(library_path, create=True) as library, _add_progress() as progress:
        try:
            report = library.add(paths, jobs=jobs, progress=progress)
        except LibraryError as error:  # a library that cannot be written to
            _fail(str(error))
            sys.exit(EXIT_INPUT_ERROR)
    for outcome, duplicate in report.near_duplicates:
        _echo(f"near-duplicate: {outcome.title} (#{outcome.work_id}) and {duplicate.title} "
              f"(#{duplicate.work_id}), {duplicate.similarity:.0%} alike")
    _echo(f"{report.count('added')} added, {report.count('replaced')} replaced, "
          f"{report.count('unchanged')} already in the library, {len(report.failures)} failed "
          f"({library.path})")
    for path, reason in report.failures:
        _fail(f"{path}: {reason}")
    if report.failures:
        sys.exit(EXIT_INPUT_ERROR)


@contextmanager
def _add_progress() -> Iterator[Callable[[int, int, str], None] | None]:
    """A bar on stderr when it is a terminal, fed by the import's progress calls."""
    errors = Console(stderr=True)
    if not errors.is_terminal:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=True) as bar:
        task = bar.add_task("analysing", total=None)

        def advance(done: int, total: int, path: str) -> None:
            name = escape(terminal_safe(Path(path).name))
            bar.update(task, completed=done, total=total, description=f"[dim]{name}[/]")

        yield advance


def _word_range(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int | None, int | None]:
    """MIN-MAX, MIN- or -MAX as a pair of optional ints."""
    if not value:
        return (None, None)
    low, dash, high = value.partition("-")
    try:
        if not dash:
            raise ValueError
        return (int(low) if low.strip() else None, int(high) if high.strip() else None)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not MIN-MAX, MIN- or -MAX (numbers of words)") from None


_FACET_OPTIONS = ("fandom", "rating", "warning", "category", "relationship", "character", "tag",
                  "inferred_fandom", "inferred_category", "inferred_relationship", "pairing", "relationship_kind",
                  "pov", "tense", "language", "author", "appears", "speaks", "status", "collection", "bookmark_tag")


def _exclusions(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, list[str]]:
    """FACET=VALUE options as the values to leave out of each facet."""
    out: dict[str, list[str]] = {}
    for given in values:
        facet, equals, value = given.partition("=")
        if not equals or not facet.strip() or not value.strip():
            raise click.BadParameter(f"{given!r} is not FACET=VALUE (e.g. rating=Explicit)")
        out.setdefault(facet.strip().replace("-", "_"), []).append(value.strip())
    return out


def _ranges(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, tuple[str | None, str | None]]:
    """KEY=LOW..HIGH options (either end may be left out) as the ranges a search holds works to."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for given in values:
        key, equals, span = given.partition("=")
        low, dots, high = span.partition("..")
        if not equals or not dots or not key.strip():
            raise click.BadParameter(f"{given!r} is not KEY=LOW..HIGH (e.g. kudos=100.. or published=2019..2020-06)")
        out[key.strip().replace("-", "_")] = (low.strip() or None, high.strip() or None)
    return out


def _facet_options(command: Callable) -> Callable:
    for facet in reversed(_FACET_OPTIONS):
        command = click.option(f"--{facet.replace('_', '-')}", facet, multiple=True, metavar="VALUE",
                               help=f"Only works with this {facet.replace('_', ' ')} (repeatable).")(command)
    return command


@main.command()
@click.argument("query", required=False, default="")
@_facet_options
@click.option("--words", callback=_word_range, metavar="MIN-MAX", help="Word-count range, e.g. 1000-5000 or 10000-.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(min=1, max=500), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results (hits and facet counts) as JSON.")
@click.option("--favourite", is_flag=True, help="Only the works you marked as favourites.")
@click.option("--hide-read", is_flag=True, help="Leave out the works you marked as read.")
@click.option("--exclude", "exclude", multiple=True, callback=_exclusions, metavar="FACET=VALUE",
              help="Leave out the works with this value, e.g. rating=Explicit or appears=Harry Potter (repeatable).")
@click.option("--range", "ranges", multiple=True, callback=_ranges, metavar="KEY=LOW..HIGH",
              help="Only works inside a range of chapters, chapter_words (words a chapter), kudos, hits, comments, "
                   "bookmarks, published or updated (dates as YYYY, YYYY-MM or YYYY-MM-DD), e.g. kudos=100.. "
                   "(repeatable).")
@click.option("--sort", "sort", metavar="KEY", default=None,
              help="Order the works by relevance, title, author, words, chapters, added, published, updated, kudos, "
                   "hits, comments, bookmarks or dialogue (its share of the words) [default: relevance with a query, "
                   "else title]; works without the value come last.")
@click.option("--ascending/--descending", "ascending", default=None,
              help="The order's direction [default: A to Z for title and author, most or latest first for the rest].")
@_LIBRARY_OPTION
def search(query: str, words: tuple[int | None, int | None], page: int, per_page: int, as_json: bool,
           favourite: bool, hide_read: bool, exclude: dict[str, list[str]],
           ranges: dict[str, tuple[str | None, str | None]], sort: str | None, ascending: bool | None,
           library_path: Path | None, **facets: tuple[str, ...]) -> None:
    """Search the library: words of the text, summary and tags (all must match; "quote" a phrase),
    narrowed by facets (values included, and values excluded) and ranges, in the order asked for."""
    from dataclasses import asdict

    from .library import LibraryError

    selected = {facet: list(values) for facet, values in facets.items() if values}
    selected |= ({"favourite": ["favourite"]} if favourite else {}) | ({"read": ["unread"]} if hide_read else {})
    with _open_library(library_path) as library:
        try:
            results = library.search(query, selected, words, page, per_page, exclude=exclude, ranges=ranges,
                                     sort=sort, descending=None if ascending is None else not ascending)
        except LibraryError as error:
            _fail(str(error))
            sys.exit(EXIT_INPUT_ERROR)
    if as_json:
        _echo(dumps(asdict(results)), nl=False)
        return
    _print_hits(results)


def _print_hits(results) -> None:
    from rich.table import Table

    console = Console(width=min(140, Console().width), highlight=False)
    first = (results.page - 1) * results.per_page
    console.print(f"{results.total} works" + (f", {first + 1}-{first + len(results.hits)} shown" if results.hits else ""))
    if not results.hits:
        return
    table = Table(show_lines=True)
    for column in ("#", "title", "author", "fandom", "words", "snippet"):
        table.add_column(column, justify="right" if column in ("#", "words") else "left",
                         ratio=3 if column == "snippet" else None)
    for hit in results.hits:
        table.add_row(str(hit.work_id), plain(hit.title), plain(", ".join(hit.authors)),
                      plain(", ".join(hit.fandoms)), f"{hit.words:,}", _marked(hit.snippet_html))
    console.print(table)


def _marked(snippet_html: str):
    """A search snippet (escaped HTML with <mark>) as rich Text with the marks in bold."""
    import html
    import re

    text = Text()
    for index, part in enumerate(re.split(r"</?mark>", snippet_html)):
        words = terminal_safe(re.sub(r"\s+", " ", html.unescape(part)))
        text.append(words, style="bold yellow" if index % 2 else None)
    return text


@main.command()
@click.argument("work")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@_LIBRARY_OPTION
def similar(work: str, limit: int, library_path: Path | None) -> None:
    """Works like WORK (its id, or its title or part of it): embeddings, shared characters and tags."""
    from rich.table import Table

    with _open_library(library_path) as library:
        work_id, title = _one_work(library, work)
        results = library.similar(work_id, limit)
    console = Console(width=min(140, Console().width), highlight=False)
    console.print(Text.assemble(f"Works like #{work_id} ", terminal_safe(title)))
    table = Table()
    if not results:
        console.print("No other work in the library is close to this one.")
        return
    for column in ("#", "title", "score", "why"):
        table.add_column(column, justify="right" if column in ("#", "score") else "left")
    for item in results:
        table.add_row(str(item.work_id), plain(item.title), f"{item.score:.3f}", plain(item.reason))
    console.print(table)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), required=True,
              help="One file per table in this format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Folder to write the tables into: a new or empty one, or an earlier export's "
                   "(its tables replaced together).")
@_LIBRARY_OPTION
def export(fmt: str, output: Path, library_path: Path | None) -> None:
    """Write the library as the research tables a corpus run writes (`ficlens schema` lists them), one file a table,
    for pandas, DuckDB or R; your bookmarks, collections and edits too."""
    from .library import LibraryError

    with _open_library(library_path) as library:
        try:
            written = library.export(fmt, output)
        except LibraryError as error:
            _fail(str(error))
            sys.exit(EXIT_INPUT_ERROR)
    for path in written:
        _echo(f"wrote {path}", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="How to print it.")
def schema(fmt: str) -> None:
    """Print the data dictionary: every table `export` and `corpus run` write, each column's type and meaning."""
    from .corpus.dictionary import RENDER

    _echo(RENDER[fmt](), nl=False)


def _one_work(library, reference: str) -> tuple[int, str]:
    """The work `reference` names (its id, or its title or part of it): (id, title), or one line and exit 2
    when it names none or several."""
    found = library.find(reference)
    if not found:
        _fail(f"{reference}: no such work in the library")
        sys.exit(EXIT_INPUT_ERROR)
    if len(found) > 1:
        _fail(f"{reference}: {len(found)} works match; name one by id: "
              + "; ".join(f"#{i} {t}" for i, t in found[:10]))
        sys.exit(EXIT_INPUT_ERROR)
    return found[0]


@contextmanager
def _library_change(library_path: Path | None) -> Iterator[Any]:
    """The library, for a command that changes it: a LibraryError (a read-only library, a bad value) is one
    line and exit 2."""
    from .library import LibraryError

    with _open_library(library_path) as library:
        try:
            yield library
        except LibraryError as error:
            _fail(str(error))
            sys.exit(EXIT_INPUT_ERROR)


@main.command()
@click.argument("works", nargs=-1, required=True)
@_LIBRARY_OPTION
def remove(works: tuple[str, ...], library_path: Path | None) -> None:
    """Remove works (ids, or titles or parts of them) from the library, with everything kept about them."""
    with _library_change(library_path) as library:
        chosen = dict(_one_work(library, work) for work in works)
        for work_id, title in chosen.items():
            library.remove(work_id)
            _echo(f"removed #{work_id} {title}")


@main.command()
@click.argument("work")
@click.option("--title", help="Your title for the work.")
@click.option("--author", "authors", multiple=True, help="Its author (repeatable: all of them, in order).")
@click.option("--fandom", "fandoms", multiple=True, help="Its fandom (repeatable).")
@click.option("--summary", help="Your summary.")
@click.option("--reset", "resets", multiple=True, type=click.Choice(["title", "authors", "fandoms", "summary"]),
              help="Back to what the file declares for this field (repeatable).")
@_LIBRARY_OPTION
def edit(work: str, title: str | None, authors: tuple[str, ...], fandoms: tuple[str, ...], summary: str | None,
         resets: tuple[str, ...], library_path: Path | None) -> None:
    """Put your own title, authors, fandoms or summary over what WORK's file declares. Your values are shown
    as yours, searched and faceted, and kept when the work is analysed again or a new version is added."""
    changes: dict[str, Any] = {name: None for name in resets}
    changes |= {k: v for k, v in (("title", title), ("summary", summary)) if v is not None}
    changes |= {k: list(v) for k, v in (("authors", authors), ("fandoms", fandoms)) if v}
    if not changes:
        _fail("edit: nothing to change (give --title, --author, --fandom, --summary or --reset)")
        sys.exit(EXIT_INPUT_ERROR)
    with _library_change(library_path) as library:
        work_id, _ = _one_work(library, work)
        library.edit(work_id, **changes)
        _echo(f"edited #{work_id} {library.find(str(work_id))[0][1]}: {', '.join(changes)}")


@main.command()
@click.argument("work", required=False)
@click.option("--all", "every", is_flag=True, help="Every work an older ficlens analysed (with --force, every work).")
@click.option("--force", is_flag=True, help="Analyse again even works this ficlens analysed.")
@_LIBRARY_OPTION
def reanalyze(work: str | None, every: bool, force: bool, library_path: Path | None) -> None:
    """Analyse WORK (or --all) again with this ficlens, from its original file when it is still where it was
    added from and unchanged, else from the text the library keeps. Your own fields are kept."""
    if bool(work) == every:
        _fail("reanalyze: name one WORK or give --all")
        sys.exit(EXIT_INPUT_ERROR)
    with _library_change(library_path) as library, _add_progress() as progress:
        ids = None if every else [_one_work(library, work)[0]]
        report = library.reanalyze(ids, force=force, progress=progress)
    for outcome in report.outcomes:
        if outcome.status == "unchanged":
            _echo(f"#{outcome.work_id} {outcome.title}: analysed by this ficlens already (--force analyses it again)")
        else:
            _echo(f"{outcome.status}: #{outcome.work_id} {outcome.title}")
    _echo(f"{len(report.outcomes) - report.count('unchanged')} analysed again, {report.count('unchanged')} "
          f"already current, {len(report.failures)} failed ({library.path})")
    for what, reason in report.failures:
        _fail(f"{what}: {reason}")
    if report.failures:
        sys.exit(EXIT_INPUT_ERROR)


_STATUSES = ("read", "reading", "to read", "abandoned", "none")


@main.command()
@click.argument("work")
@click.option("--status", type=click.Choice(_STATUSES), help="Where you are with it ('none' clears it).")
@click.option("--favourite/--not-favourite", default=None, help="A favourite of yours, or no longer.")
@click.option("--rating", type=click.IntRange(0, 5), help="Your own stars, 1 to 5 (0 clears them).")
@click.option("--note", help="Your notes on it ('' clears them).")
@click.option("--tag", "tags", multiple=True, help="Add one of your tags to its bookmark (repeatable).")
@click.option("--untag", "untags", multiple=True, help="Take one of your tags off (repeatable).")
@_LIBRARY_OPTION
def mark(work: str, status: str | None, favourite: bool | None, rating: int | None, note: str | None,
         tags: tuple[str, ...], untags: tuple[str, ...], library_path: Path | None) -> None:
    """Your bookmark of WORK, as AO3 and Calibre keep one: status, favourite, your rating, notes and tags.
    With no option, prints it."""
    fields: dict[str, Any] = {"favourite": favourite, "add_tags": list(tags), "remove_tags": list(untags)}
    if status is not None:
        fields["status"] = None if status == "none" else status
    if rating is not None:
        fields["rating"] = rating or None
    if note is not None:
        fields["notes"] = note or None
    with _library_change(library_path) as library:
        work_id, title = _one_work(library, work)
        if status is not None or favourite is not None or rating is not None or note is not None or tags or untags:
            library.mark(work_id, **fields)
        own = library.personal(work_id)
        record = library.work(work_id)
    yours = (record.analysis.get("work") or {}) if record else {}
    stars = "★" * own.rating if own.rating else "none"
    _echo(f"#{work_id} {title}\n  status: {own.status or 'none'}\n  favourite: {'yes' if own.favourite else 'no'}\n"
          f"  your rating: {stars}\n  tags: {', '.join(own.tags) or 'none'}\n"
          f"  collections: {', '.join(own.collections) or 'none'}\n  notes: {own.notes or 'none'}"
          + "".join(f"\n  your {name}: {_shown(yours.get(name))} (the file: {_shown(declared)})"
                    for name, declared in ((record.analysis.get("edits") or {}) if record else {}).items()))


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return str(value) if value else "none"


@main.group(name="collection")
def collection_group() -> None:
    """Your collections: named shelves, a work in as many as you like."""


@collection_group.command(name="add")
@click.argument("name")
@click.argument("works", nargs=-1, required=True)
@_LIBRARY_OPTION
def collection_add(name: str, works: tuple[str, ...], library_path: Path | None) -> None:
    """Put WORKS in the collection NAME (made when new)."""
    with _library_change(library_path) as library:
        ids = [_one_work(library, work)[0] for work in works]
        library.collect(name, ids)
        _echo(f"{name}: {len(ids)} added ({dict(library.collections()).get(name, len(ids))} in it)")


@collection_group.command(name="remove")
@click.argument("name")
@click.argument("works", nargs=-1)
@_LIBRARY_OPTION
def collection_remove(name: str, works: tuple[str, ...], library_path: Path | None) -> None:
    """Take WORKS out of the collection NAME, or, with no WORKS, delete the collection (the works stay)."""
    with _library_change(library_path) as library:
        ids = [_one_work(library, work)[0] for work in works] or None
        if not library.uncollect(name, ids):
            _fail(f"{name}: no such collection")
            sys.exit(EXIT_INPUT_ERROR)
    _echo(f"{name}: {len(ids)} taken out" if ids else f"{name}: deleted")


@collection_group.command(name="list")
@_LIBRARY_OPTION
def collection_list(library_path: Path | None) -> None:
    """Every collection and how many works it holds."""
    with _open_library(library_path) as library:
        for name, count in library.collections():
            _echo(f"{name}\t{count}")


@main.group(name="corpus")
def corpus_group() -> None:
    """Archive scale: analyse a whole corpus into Parquet tables, locally or on a Ray cluster."""


def _meta_columns(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    """FIELD=COLUMN pairs, FIELD one of the work metadata fields."""
    from .corpus.inputs import META_FIELDS

    pairs = {}
    for item in value:
        key, _, column = item.partition("=")
        if key not in META_FIELDS or not column:
            raise click.BadParameter(f"{item!r} is not FIELD=COLUMN with FIELD one of {', '.join(META_FIELDS)}")
        pairs[key] = column
    return pairs


@corpus_group.command(name="run")
@click.argument("input_spec", metavar="INPUT")
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="A process pool on this machine, or Ray Data (this machine, or a cluster with --address).")
@click.option("--address", help="A running Ray cluster's address (ray start --head prints it); implies --engine ray.")
@click.option("--workers", type=click.IntRange(min=1), help="Works analysed at once [default: every core].")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Works a worker commits to OUTPUT at a time.")
@click.option("--timeout", type=click.FloatRange(min=0), default=600, show_default=True,
              help="Seconds a work may take before it is recorded in errors (0: no limit).")
@click.option("--text-column", default="text", show_default=True, help="JSONL/Parquet input: the story's text.")
@click.option("--id-column", default="id", show_default=True,
              help="JSONL/Parquet input: the work id (without it, the text's hash).")
@click.option("--title-column", help="JSONL/Parquet input: the title [default: title].")
@click.option("--meta", "meta", multiple=True, callback=_meta_columns, metavar="FIELD=COLUMN",
              help="JSONL/Parquet input: another metadata column, e.g. fandoms=fandom_list; repeatable.")
@click.option("--max-size", type=click.FloatRange(min=0.001), default=DEFAULT_MAX_BYTES / 2**20,
              show_default=True, help="Largest story file to accept, in MB.")
@click.option("--analysis-json/--no-analysis-json", default=True, show_default=True,
              help="Keep each work's whole analysis (the JSON contract) in the analyses table.")
@click.option("--keep-text", is_flag=True,
              help="Also keep each work's text (a texts table), so import-corpus needs no access to INPUT.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show progress on a terminal.")
def corpus_run(input_spec: str, output: Path, engine: str, address: str | None, workers: int | None,
               batch_size: int, timeout: float, text_column: str, id_column: str, title_column: str | None,
               meta: dict[str, str], max_size: float, analysis_json: bool, keep_text: bool, progress: bool) -> None:
    """Analyse every work in INPUT into Parquet tables in OUTPUT; a re-run skips works already there.

    INPUT is a folder or glob of story files, or JSONL/Parquet files with a text column.
    """
    from .corpus import Columns, run_corpus

    columns = Columns(text_column, id_column, meta | ({"title": title_column} if title_column else {}))
    try:
        summary = run_corpus(input_spec, output, engine="ray" if address else engine, workers=workers,
                             address=address, columns=columns, timeout=timeout or None, batch_size=batch_size,
                             max_bytes=int(max_size * 2**20), keep_json=analysis_json, keep_text=keep_text,
                             progress=progress)
    except InputError as error:
        _fail(str(error))
        sys.exit(EXIT_INPUT_ERROR)
    _echo(f"{output}: {summary.line()}", err=True)


@main.group(name="library")
def library_group() -> None:
    """Bring whole corpora into the library."""


@library_group.command(name="import-corpus")
@click.argument("output", type=click.Path(path_type=Path))
@_LIBRARY_OPTION
def library_import_corpus(output: Path, library_path: Path | None) -> None:
    """Load the works of a `ficlens corpus run` OUTPUT into the library (works already there stay as they are).
    Like add, it creates the library when there is none at --library, and says so."""
    from .corpus.to_library import check_output, import_corpus

    try:
        check_output(output)
    except InputError as error:
        _fail(str(error))
        sys.exit(EXIT_INPUT_ERROR)
    with _open_library(library_path, create=True) as library:
        try:
            report = import_corpus(output, library)
        except InputError as error:
            _fail(str(error))
            sys.exit(EXIT_INPUT_ERROR)
        for work_id, reason in report.failures:
            _fail(f"{output}: {work_id}: {reason}")
        counts = ", ".join(f"{n} {status}" for status, n in sorted(report.statuses.items())) or "nothing imported"
        _echo(f"{counts}, {len(report.failures)} failed ({library.path})", err=True)
    if report.failures:
        sys.exit(EXIT_INPUT_ERROR)


@main.command()
@_LIBRARY_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default serves this computer only; 0.0.0.0 serves your network.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1, max=64),
              help="Server processes [default: one per core]. Each keeps its own connections and page cache.")
def serve(library_path: Path | None, host: str, port: int, workers: int | None) -> None:
    """Browse the library in a web browser: search and facets, works with their reports, characters,
    an import page and a corpus dashboard. Runs until Ctrl+C."""
    import errno

    from .library import LibraryError
    from .web import create_app
    from .web import serve as serve_web
    from .web.app import address, bind, is_loopback

    target = _library_path(library_path)
    try:
        app = create_app(target)
    except LibraryError as error:
        _fail(str(error))
        sys.exit(EXIT_INPUT_ERROR)
    if not is_loopback(host):
        _fail(f"serving on {host}: anyone who can reach this computer can read the library and add to it")
    try:
        listener = bind(host, port)
    except OSError as error:
        reason = "the port is taken (choose another with --port)" if error.errno == errno.EADDRINUSE else \
            f"cannot listen there ({error.strerror or error})"
        _fail(f"{host}:{port}: {reason}")
        sys.exit(EXIT_INPUT_ERROR)
    _echo(f"ficlens: serving {target} at {address(listener)} (Ctrl+C stops)", err=True)
    serve_web(app, host, port, workers=workers, library_path=target, listener=listener)

"""The `ficlens` command: parses arguments, calls the package, prints."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .errors import InputError
from .model import Work
from .outputs.atomic import write_atomic
from .outputs.html import render_html
from .outputs.json import analysis_dict, dumps, read_dict
from .outputs.markdown import render_markdown
from .outputs.outline import outline_text, render_outline
from .outputs.report import render_report, report_text
from .pipeline import analyze as analyze_story
from .pipeline import read_and_structure
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
    """How a command turns one story file into a result, its documents, and the terminal."""

    run: Callable[[Path, int], Any]
    documents: dict[str, Callable[[Any], str]]
    render: Callable[[Any, Console], None]


@dataclass(frozen=True)
class _Analyzed:
    """An analysis as the renderers take it: the contract's dict and the work's text."""

    work: Work
    data: dict[str, Any]


def _analyze(path: Path, max_bytes: int) -> _Analyzed:
    analysis = analyze_story(path, max_bytes)
    return _Analyzed(analysis.work, analysis_dict(analysis))


_READ = _View(
    run=read_and_structure,
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
def analyze(files: tuple[Path, ...], formats: list[str], output: Path | None, max_size: float) -> None:
    """Analyze stories: characters and aliases, who says each line, point of view and tense,
    emotional arc, relationships and craft notes."""
    _run_stories(_ANALYZE, files, formats, output, max_size)


def _run_stories(view: _View, files: tuple[Path, ...], formats: list[str], output: Path | None,
                 max_size: float) -> None:
    """Run `view` on each file; bad files are reported in one line each and the rest go on."""
    if output is None and len(formats) > 1:
        raise click.UsageError("several formats need -o DIR")
    if output is None and formats == ["html"] and len(files) > 1:
        raise click.UsageError("html for several stories needs -o DIR")
    console = Console(width=min(100, Console().width), soft_wrap=False, highlight=False)
    into_folder = output is not None and (len(files) > 1 or len(formats) > 1 or output.is_dir())
    failed: list[str] = []
    printed: list[str] = []
    # Reports printed to the terminal show progress themselves; a bar would fight them for the screen.
    show_bar = len(files) > 1 and (output is not None or not sys.stdout.isatty())
    with _progress(len(files) if show_bar else 0) as advance:
        for file in files:
            advance(file)
            try:
                result = view.run(file, int(max_size * 2**20))
            except InputError as error:
                _fail(str(error))
                failed.append(str(file))
                continue
            for problem in result.work.skipped:
                _fail(problem)
            if result.work.skipped:
                failed.append(str(file))
            if output is not None:
                for fmt in formats:
                    target = output / f"{file.stem}{FORMATS[fmt]}" if into_folder else output
                    if not _write(target, view.documents[fmt](result)):
                        failed.append(str(target))
            elif formats == ["text"]:
                view.render(result, console)
                console.print()
            else:
                printed.append(view.documents[formats[0]](result))
    if printed and formats == ["json"]:
        click.echo(printed[0] if len(printed) == 1 else _json_array(printed), nl=False)
    elif printed:
        click.echo("\n".join(printed), nl=False)
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
            progress.update(task, completed=done, description=f"[dim]{file.name}[/]")

        yield advance


def _write(target: Path, document: str) -> bool:
    """Write one output atomically and say where; a failure is reported and returns False."""
    try:
        write_atomic(target, document)
    except OSError as error:
        _fail(f"{target}: cannot write ({error.strerror or error})")
        return False
    click.echo(f"wrote {target}", err=True)
    return True


def _json_array(documents: list[str]) -> str:
    return "[\n" + ",\n".join(d.rstrip("\n") for d in documents) + "\n]\n"


def _fail(message: str) -> None:
    click.echo(f"ficlens: {message}", err=True)


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
        click.echo(f"[{len(scores)}/{len(work)}] {score.name}: {status}", err=True)
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
        click.echo(f"wrote {json_path}", err=True)
    if any(s.error for s in scores):
        sys.exit(1)

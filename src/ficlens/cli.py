"""The `ficlens` command: parses arguments, calls the package, prints."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from . import __version__
from .errors import InputError
from .outputs.atomic import write_atomic
from .outputs.json import analysis_dict, dumps, read_dict
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


def _story_options(format_help: str) -> Callable:
    """The arguments every command over story files takes."""

    def decorate(command: Callable) -> Callable:
        for option in reversed(
            [
                click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path)),
                click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help=format_help),
                click.option("-o", "--output", type=click.Path(path_type=Path),
                             help="Write to this file (one input) or into this folder (several), atomically."),
                click.option("--max-size", type=click.FloatRange(min=0.001), default=DEFAULT_MAX_BYTES / 2**20,
                             show_default=True, help="Largest input to accept, in MB."),
            ]
        ):
            command = option(command)
        return command

    return decorate


@dataclass(frozen=True)
class _View:
    """How a command turns one story file into a result and shows it."""

    run: Callable[[Path, int], Any]
    as_json: Callable[[Any], str]
    as_text: Callable[[Any], str]
    render: Callable[[Any, Console], None]


_READ = _View(
    run=read_and_structure,
    as_json=lambda r: dumps(read_dict(r.work, r.structure)),
    as_text=lambda r: outline_text(r.work, r.structure),
    render=lambda r, console: render_outline(r.work, r.structure, console),
)
_ANALYZE = _View(
    run=analyze_story,
    as_json=lambda a: dumps(analysis_dict(a)),
    as_text=report_text,
    render=render_report,
)


@main.command()
@_story_options("An outline for people, or the JSON contract for programs.")
def read(files: tuple[Path, ...], fmt: str, output: Path | None, max_size: float) -> None:
    """Read story files (text, AO3 HTML, EPUB, docx, Markdown, folders or zips of
    chapters) and print their outline: tags, chapters, scenes, letters, notes."""
    _run_stories(_READ, files, fmt, output, max_size)


@main.command()
@_story_options("A report for people, or the JSON contract for programs.")
def analyze(files: tuple[Path, ...], fmt: str, output: Path | None, max_size: float) -> None:
    """Analyze stories: characters and aliases, who says each line, point of view and tense."""
    _run_stories(_ANALYZE, files, fmt, output, max_size)


def _run_stories(view: _View, files: tuple[Path, ...], fmt: str, output: Path | None, max_size: float) -> None:
    """Run `view` on each file; bad files are reported in one line each and the rest go on."""
    console = Console(width=min(100, Console().width), soft_wrap=False, highlight=False)
    failed: list[str] = []
    documents: list[tuple[Path, str]] = []
    for file in files:
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
        if fmt == "json":
            documents.append((file, view.as_json(result)))
        elif output is None:
            view.render(result, console)
            console.print()
        else:
            documents.append((file, view.as_text(result)))
    if output is not None:
        failed.extend(_write_outputs(documents, output, ".json" if fmt == "json" else ".txt"))
    elif fmt == "json" and documents:
        click.echo(documents[0][1] if len(documents) == 1 else _json_array(d for _, d in documents), nl=False)
    if failed and len(files) > 1:
        _fail(f"{len(failed)} of {len(files)} inputs had problems: {', '.join(failed)}")
    if failed:
        sys.exit(EXIT_INPUT_ERROR)


def _write_outputs(documents: list[tuple[Path, str]], output: Path, suffix: str) -> list[str]:
    """One input to the file `output`; several into the folder `output`, each atomically.

    Returns the targets that could not be written, each already reported.
    """
    if len(documents) == 1 and not output.is_dir():
        targets = [(output, documents[0][1])]
    else:
        targets = [(output / f"{file.stem}{suffix}", document) for file, document in documents]
    failed = []
    for target, document in targets:
        try:
            write_atomic(target, document)
        except OSError as error:
            _fail(f"{target}: cannot write ({error.strerror or error})")
            failed.append(str(target))
        else:
            click.echo(f"wrote {target}", err=True)
    return failed


def _json_array(documents) -> str:
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

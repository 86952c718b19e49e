"""AO3's MOBI, AZW3 and PDF downloads, made the way AO3 makes them, for the reader tests.

AO3 writes a work's HTML download, zips it, and converts the zip with Calibre's
`ebook-convert` (otwarchive's `app/models/download_writer.rb`): the options
below are that file's, with its `public/stylesheets/ebooks.css` for the Kindle
formats and its margins and font size for PDF. Debian's `calibre` package has
`ebook-convert` (.ci/run installs it). Without it the tests that need it are
skipped, and under CI (env CI set) they fail, as the browser tests do.

`ao3_ebook(story, "mobi")` gives the path of the file, converted once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from story_files import Story, ao3_html

# otwarchive's public/stylesheets/ebooks.css
EBOOKS_CSS = """.meta dl.tags {
  border: none;
  padding: 0;
}

.meta dl.tags > dt, .meta dl.tags > dd {
  display: block;
  margin: 0;
}

.meta dt {
  font-weight: bold;
}

#chapters, .userstuff {
  font-family: serif;
  padding: 0;
}
"""
CHAPTER_XPATH = (
    "//h:body/h:div[@id='chapters']/h:h2[@class='toc-heading'] | "
    "//h:body/h:div[@id='chapters']/h:div[@class='meta group']/h:h2[@class='heading'] | "
    "//h:body/h:div[@id='preface' or @id='afterword']/h:h2[@class='toc-heading']"
)
PDF_OPTIONS = [
    "--pdf-page-margin-top", "36", "--pdf-page-margin-right", "36", "--pdf-page-margin-bottom", "36",
    "--pdf-page-margin-left", "36", "--pdf-default-font-size", "17", "--subset-embedded-fonts",
]  # fmt: skip
_MADE: dict[tuple, Path] = {}


def ebook_convert_command(story: Story, source: Path, target: Path, css: Path) -> list[str]:
    """`DownloadWriter#get_calibre_command` for `story`."""
    kind = target.suffix.lstrip(".")
    authors = ", ".join(story.authors)
    tags = ", ".join(["Fanworks", story.rating, *story.warnings, *story.categories, *story.fandoms,
                      *story.relationships, *story.characters, *story.tags])  # fmt: skip
    command = [
        "ebook-convert", str(source), str(target),
        "--input-encoding", "utf-8", "--toc-threshold", "0", "--use-auto-toc",
        "--title", story.title, "--title-sort", story.title, "--authors", authors, "--author-sort", authors,
        "--comments", story.summary, "--tags", tags, "--pubdate", story.completed,
        "--publisher", "Archive of Our Own", "--language", "en", "--chapter", CHAPTER_XPATH,
    ]  # fmt: skip
    if kind in ("azw3", "epub", "mobi"):
        command += ["--extra-css", str(css)]
    if kind == "epub":
        command += ["--no-default-epub-cover"]
    if kind == "pdf":
        command += PDF_OPTIONS
    return command


@pytest.fixture(scope="session")
def ao3_ebook(tmp_path_factory: pytest.TempPathFactory):
    """Make AO3's download of a story in a Calibre format (once per session per story and format).

    `html` replaces the story's AO3 download with other markup, `extra` adds
    ebook-convert options AO3 does not use (running heads, page numbers), and
    `as_ao3=False` converts with Calibre's defaults, as a reader converting any
    book would.
    """
    if shutil.which("ebook-convert") is None:
        message = "ebook-convert not found: install Debian's calibre package (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def make(story: Story, kind: str, extra: tuple[str, ...] = (), html: str | None = None, as_ao3: bool = True) -> Path:
        key = (story, kind, extra, html, as_ao3)
        if key not in _MADE:
            folder = tmp_path_factory.mktemp(f"ao3-{kind}")
            assets = folder / "assets"
            assets.mkdir()
            (assets / f"{story.work_id}.html").write_text(html or ao3_html(story), encoding="utf-8")
            css = folder / "ebooks.css"
            css.write_text(EBOOKS_CSS, encoding="utf-8")
            download = folder / "download.zip"
            with zipfile.ZipFile(download, "w") as archive:  # AO3: zip -r <zip> <assets folder>
                archive.write(assets / f"{story.work_id}.html", f"assets/{story.work_id}.html")
            target = folder / f"{story.title.replace(' ', '_')}.{kind}"
            # Offscreen Qt, and Chromium's sandbox off for PDF output (it will not start as root with it).
            env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}
            command = ebook_convert_command(story, download, target, css) if as_ao3 else ["ebook-convert", str(download), str(target)]
            done = subprocess.run(
                [*command, *extra],
                capture_output=True, text=True, env=env, timeout=300,
            )  # fmt: skip
            assert done.returncode == 0 and target.exists(), done.stdout[-2000:] + done.stderr[-2000:]
            _MADE[key] = target
        return _MADE[key]

    return make

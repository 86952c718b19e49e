"""Managing the library in headless Chromium, on a phone (390 px) and a desktop (1,400 px), in light and dark:
the bookmark, an edit shown as the reader's, downloads of a report and of the results, hiding read works,
and removing a work after the confirmation.

Screenshots land in build/test-output/<test name>/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from web_server import LiveServer

from ficlens.library import Library
from ficlens.web import create_app

VIEWS = [(390, "light"), (390, "dark"), (1400, "light"), (1400, "dark")]

STORY = """Title: {title}
Author: Wren
Fandom: Original Work

Mara watched Tobias near the harbour while the light went out of the sky.

“Did you bring the map?” Tobias asked, and Mara shook her head.

“We should go,” said Mara. “It is late, and {title} is not a place to be at night.”
"""


@pytest.fixture(scope="module")
def library_server(tmp_path_factory):
    """A library of one small story per view (analysed from its file) and another every view leaves
    unread, served live: (server, {view: work id})."""
    folder = tmp_path_factory.mktemp("manage-browser")
    files = []
    for name in [f"Harbour {width} {scheme}" for width, scheme in VIEWS] + ["Lighthouse"]:
        path = folder / f"{name.replace(' ', '-').lower()}.txt"
        path.write_text(STORY.format(title=name), encoding="utf-8")
        files.append(path)
    with Library(folder / "library.db") as library:
        report = library.add(files, jobs=1)
        assert not report.failures, report.failures
        ids = {Path(o.path).stem: o.work_id for o in report.outcomes}
    with LiveServer(create_app(folder / "library.db")) as server:
        yield server, {view: ids[f"harbour-{view[0]}-{view[1]}"] for view in VIEWS}


@pytest.mark.parametrize("width,scheme", VIEWS, ids=[f"{w}-{s}" for w, s in VIEWS])
def test_manage_a_work_in_the_browser(browser, library_server, output, width, scheme):
    server, ids = library_server
    work = ids[(width, scheme)]
    title = f"Harbour {width} {scheme}"
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    shot = lambda name, full=True: page.screenshot(path=str(output / f"{name}-{width}-{scheme}.png"),  # noqa: E731
                                                   full_page=full)

    # the bookmark
    page.goto(f"{server.url}/works/{work}")
    page.select_option("#status", "read")
    page.select_option("#rating", "5")
    page.check("#favourite")
    page.fill("#tags", "maps, night walks")
    page.fill("input[name=new_collection]", "Sea stories")
    page.fill("#notes", "Read it on the train.")
    page.locator("#yours button[type=submit]").click()
    page.wait_for_url(f"**/works/{work}#yours")
    pills = page.locator(".own-line .pill.own")
    assert pills.all_inner_texts() == ["♥ favourite", "read", "★★★★★"]
    assert page.locator("#status").input_value() == "read"
    assert page.locator('input[name=collections][value="Sea stories"]').is_checked()
    for card in ("#yours", "#manage"):
        box = page.locator(card).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (card, box)
    page.locator("#yours").scroll_into_view_if_needed()
    page.locator("#yours").screenshot(path=str(output / f"1-bookmark-{width}-{scheme}.png"))

    # an edit, shown as the reader's own
    if not page.locator("details.edit").get_attribute("open") == "":
        page.locator("details.edit summary").click()
    page.fill("#edit-title", f"{title}: the night walk")
    page.locator("details.edit button[type=submit]").click()
    page.wait_for_url(f"**/works/{work}#yours")
    assert page.locator("h1").inner_text() == f"{title}: the night walk YOUR TITLE"  # the mark is set in capitals
    assert page.locator("h1 .yours").get_attribute("title") == f"your edit; the file says: {title}"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(output / f"2-edited-{width}-{scheme}.png"))

    # a report downloaded, named after the reader's title
    with page.expect_download() as info:
        page.locator(f'a[href="/works/{work}/download/md"]').click()
    download = info.value
    assert download.suggested_filename == f"{title} the night walk.md"  # no ':' in a file name
    assert Path(download.path()).read_text("utf-8").startswith(f"# {title}: the night walk")
    page.locator("#manage").scroll_into_view_if_needed()
    page.locator("#manage").screenshot(path=str(output / f"3-downloads-{width}-{scheme}.png"))

    # the library: hide read works, and the results downloaded
    page.goto(f"{server.url}/")
    assert page.locator(f'.hit a[href="/works/{work}"]').count() == 1
    page.locator("#hide-read").click()
    page.wait_for_url("**/?read=unread")
    assert page.locator(f'.hit a[href="/works/{work}"]').count() == 0
    assert page.locator(".hit h2 a", has_text="Lighthouse").count() == 1
    assert page.locator("#hide-read").inner_text() == "show read works too"
    shot("4-hide-read")
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    rows = Path(info.value.path()).read_text("utf-8").splitlines()
    assert rows[0].startswith("id,title,") and not any(f"{title}: the night walk" in r for r in rows[1:])
    assert any("Lighthouse" in r for r in rows[1:])

    # removing asks first
    page.goto(f"{server.url}/works/{work}")
    page.locator("a.remove").click()
    page.wait_for_url(f"**/works/{work}/remove")
    assert page.locator("#confirm-remove h2").inner_text() == f"Remove “{title}: the night walk” from the library?"
    shot("5-confirm-remove", full=False)
    page.locator("#confirm-remove button.danger").click()
    page.wait_for_url("**/?removed=*")
    assert page.locator(f'.hit a[href="/works/{work}"]').count() == 0
    assert page.goto(f"{server.url}/works/{work}").status == 404
    assert all("404" in m for m in problems), problems  # nothing went wrong but the removed work's page
    page.close()

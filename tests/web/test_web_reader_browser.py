"""The reader's way through a story in headless Chromium, on a 390 px phone and a 1,400 px screen, in light
and dark: a search hit opens the story at its paragraph (by the paragraph's id) and marks it; a keyboard
user tabbing through the lines sees who says each; a fandom ficlens found is in the blurb, marked found;
"Analyse again" runs as a background job with a progress page, and its button is sent once.

Two small stories, analysed from their files: one declares its fandom, the other names the same two
characters and declares none. Screenshots land in build/test-output/<test name>/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from web_server import LiveServer

from ficlens.library import Library
from ficlens.web import create_app

HP = "Harry Potter - J. K. Rowling"
VIEWS = [(390, "light"), (390, "dark"), (1400, "light"), (1400, "dark")]
VIEW_IDS = [f"{w}-{s}" for w, s in VIEWS]

WALKS = [f"Draco Malfoy walked the length of the quay for the {n}th evening, counting the boats that came in "
         f"and the ones that did not, while the tide pulled at the ropes and the gulls argued over the nets."
         for n in range(4, 40)]

DECLARED = """Title: The Lantern Keeper
Author: Wren
Fandom: Harry Potter - J. K. Rowling

Harry Potter found Draco Malfoy at the end of the pier, where the light went out of the sky.

“Did you bring the map?” Harry asked.

“I never bring the map,” Draco said. “You know that by now.”

{walks}

At the far end of the bay the old lighthouse turned its lamp once, slowly, and went dark again.

“There,” said Harry. “That is where we are going.”
""".replace("{walks}", "\n\n".join(WALKS))

UNDECLARED = """Title: Letters from the Quay

Draco Malfoy wrote to Harry Potter every week that winter, and Harry Potter wrote back.

“You could visit,” Harry said when they met at last on the quay.

“I could,” said Draco Malfoy. “I might.”

Harry Potter laughed, and Draco Malfoy did not, but he smiled at the water.
"""


@pytest.fixture(scope="module")
def reading(tmp_path_factory):
    """The two stories stored and served: (server, library path, {"declared": id, "undeclared": id})."""
    folder = tmp_path_factory.mktemp("reader-browser")
    (folder / "lantern.txt").write_text(DECLARED, encoding="utf-8")
    (folder / "letters.txt").write_text(UNDECLARED, encoding="utf-8")
    with Library(folder / "library.db") as library:
        report = library.add([folder / "lantern.txt", folder / "letters.txt"], jobs=1)
        assert not report.failures, report.failures
        ids = {"declared" if o.path.endswith("lantern.txt") else "undeclared": o.work_id for o in report.outcomes}
    with LiveServer(create_app(folder / "library.db")) as server:
        yield server, folder / "library.db", ids


@contextmanager
def opened(browser, width: int, scheme: str) -> Iterator:
    """A new page `width` px wide in the `scheme` colour scheme; once the block is done, no script on it may
    have failed."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("width,scheme", VIEWS, ids=VIEW_IDS)
def test_a_hit_opens_the_story_at_its_paragraph_and_marks_it(browser, reading, output, width, scheme):
    server, _, ids = reading
    with opened(browser, width, scheme) as page:
        page.goto(f"{server.url}/?q=lighthouse")
        hit = page.locator(f'.blurb[data-work="{ids["declared"]}"]')
        assert "lighthouse" in hit.locator(".snippet mark").first.inner_text().lower()
        page.screenshot(path=str(output / f"hit-{width}-{scheme}.png"), full_page=True)
        hit.locator("a.passage").click()
        page.wait_for_url(re.compile(rf"/works/{ids['declared']}/report#para-\d+$"))
        target = page.url.rsplit("#", 1)[1]
        passage = page.locator(f"#{target}")
        # the paragraph holding the words, far down the story, scrolled into view and marked as the one opened at
        assert passage.inner_text().startswith("At the far end of the bay the old lighthouse")
        page.wait_for_function(f"""() => {{
            const box = document.getElementById("{target}").getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }}""")
        assert page.evaluate("window.scrollY") > 1000
        assert page.evaluate(f'document.querySelector("#{target}").matches(":target")')
        assert page.evaluate(f'getComputedStyle(document.getElementById("{target}")).outlineStyle') == "solid"
        # every paragraph of the story has an id of its own
        paragraphs = page.locator(".story p:not(.brk)")
        assert paragraphs.count() >= len(WALKS) + 4
        assert paragraphs.count() == page.locator('.story p[id^="para-"]').count()
        page.screenshot(path=str(output / f"passage-{width}-{scheme}.png"))


@pytest.mark.parametrize("width,scheme", VIEWS, ids=VIEW_IDS)
def test_tabbing_to_a_line_shows_who_says_it(browser, reading, output, width, scheme):
    server, _, ids = reading
    with opened(browser, width, scheme) as page:
        page.goto(f"{server.url}/works/{ids['declared']}/report")
        line = page.locator('.q[data-speaker]').first
        speaker = line.get_attribute("data-speaker")
        assert speaker in ("Harry Potter", "Harry")
        label = 'getComputedStyle(document.activeElement, "::before")'

        def tab_to(selector: str, presses: int = 40) -> None:
            for _ in range(presses):
                page.keyboard.press("Tab")
                if page.evaluate(f"document.activeElement.matches({selector!r})"):
                    return
            pytest.fail(f"Tab never reached {selector}")

        # as a keyboard user skips the figures: the contents' "Text" link, then on from the story's start
        tab_to('.toc a[href="#text"]')
        page.keyboard.press("Enter")
        tab_to(".q[data-speaker]")
        assert page.evaluate("document.activeElement.getAttribute('data-speaker')") == speaker
        # the name is shown: the label before the line is laid out in full, not clipped to a pixel
        assert page.evaluate(f"{label}.content") == f'"{speaker}: "'
        assert page.evaluate(f"{label}.clipPath") == "none" and page.evaluate(f"{label}.position") == "static"
        # ...and takes room on the line: the line is wider focused than not by the width of the name
        widths = page.evaluate("""() => {
            const line = document.activeElement;
            const width = () => [...line.getClientRects()].reduce((sum, box) => sum + box.width, 0);
            const focused = width();
            line.blur();
            const unfocused = width();
            line.focus();
            return [focused, unfocused];
        }""")
        assert widths[0] > widths[1] + 40, widths
        said = page.locator("p", has=page.locator(".q[data-speaker]:focus"))
        said.screenshot(path=str(output / f"speaker-{width}-{scheme}.png"))
        assert said.locator(".q:focus").is_visible()
        # the next Tab goes on to the next line and names its speaker
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.matches('.q[data-speaker]')")
        assert page.evaluate("document.activeElement.getAttribute('data-speaker')") in ("Draco Malfoy", "Draco")


@pytest.mark.parametrize("width,scheme", VIEWS, ids=VIEW_IDS)
def test_a_fandom_found_by_ficlens_is_in_the_blurb_marked_found(browser, reading, output, width, scheme):
    server, _, ids = reading
    with opened(browser, width, scheme) as page:
        page.goto(f"{server.url}/")
        found = page.locator(f'.blurb[data-work="{ids["undeclared"]}"] .fandoms')
        assert found.locator("a.tag.found").inner_text() == HP
        assert found.locator(".found-by").text_content() == "found by ficlens"
        link = found.locator("a.tag.found").get_attribute("href")
        assert link == "/?inferred_fandom=Harry%20Potter%20-%20J.%20K.%20Rowling"
        declared = page.locator(f'.blurb[data-work="{ids["declared"]}"] .fandoms')
        assert declared.locator("a.tag").inner_text() == HP and declared.locator(".found-by").count() == 0
        page.screenshot(path=str(output / f"library-{width}-{scheme}.png"), full_page=True)
        # the found-fandom facet it links to finds the work
        found.locator("a.tag.found").click()
        page.wait_for_url("**/?inferred_fandom=*")
        assert page.locator("#total").inner_text() == "1"
        # and its own page shows it too, marked so
        page.goto(f"{server.url}/works/{ids['undeclared']}")
        assert page.locator(".work-head .fandoms a.tag.found").inner_text() == HP
        page.screenshot(path=str(output / f"work-{width}-{scheme}.png"))


@pytest.mark.parametrize("width,scheme", VIEWS, ids=VIEW_IDS)
def test_analyse_again_is_sent_once_and_followed_on_its_progress_page(browser, reading, output, width, scheme):
    server, _, ids = reading
    work = ids["undeclared"]
    with opened(browser, width, scheme) as page:
        posts: list[str] = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        page.goto(f"{server.url}/works/{work}")
        title = page.locator("h1").inner_text()
        # pressed twice: the second press finds the button disabled and the form already sent
        state = page.evaluate("""() => {
            const form = document.querySelector("form.once"), button = document.getElementById("reanalyze");
            form.requestSubmit(button);
            const after = [button.disabled, button.textContent];
            form.requestSubmit();
            return after;
        }""")
        assert state == [True, "Analysing again…"]
        page.wait_for_url("**/import/jobs/*")
        assert posts == [f"{server.url}/works/reanalyze"]
        assert page.locator("h1").inner_text() == f"Analyse “{title}” again"
        assert page.locator("#job").get_attribute("data-status") in ("queued", "running", "done")
        page.screenshot(path=str(output / f"progress-{width}-{scheme}.png"))
        # the page follows the job (it reloads itself) to its end, and leads back to the work
        page.wait_for_selector("#result", timeout=180_000)
        assert page.locator("#result .status").text_content() in ("reanalysed", "reanalysed from the stored text")
        page.screenshot(path=str(output / f"done-{width}-{scheme}.png"))
        page.locator(f'#result a[href="/works/{work}"]').click()
        page.wait_for_url(f"**/works/{work}")

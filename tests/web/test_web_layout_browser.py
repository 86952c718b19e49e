"""The library as a reader sees it in headless Chromium, on a 390 px phone and a 1,400 px screen, in light
and dark: AO3-style blurbs (found values marked), similar works with their reasons, no sideways
scrolling, the "Filters" toggle, the skip link, dark mode, and `ficlens serve` opened at the address it
prints.

Screenshots land in build/test-output/<test name>/.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from library_data import analysis, quick, story_text
from web_server import LiveServer

from ficlens.library import Library
from ficlens.web import create_app


HP = "Harry Potter - J. K. Rowling"
LONG_TITLE = "Averyveryveryveryverylongtitlewithnospacesatall_" * 3
SIZES = [pytest.param(390, 844, id="390px"), pytest.param(1400, 900, id="1400px")]
SCHEMES = ["light", "dark"]


def rich_work(seed: int, title: str, **facts) -> tuple[dict, str, str]:
    """A work's (analysis, text, path) with AO3's counts and dates added to what the file declares."""
    text = story_text(seed)
    stats = {key: facts.pop(key) for key in ("kudos", "hits", "published", "updated", "complete",
                                              "chapters_posted", "chapters_planned") if key in facts}
    data = analysis(text, title, **facts)
    data["work"].update(stats)
    return data, text, f"{title[:40]}.txt"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """Three works: two Harry Potter fics sharing Draco and Harry (one a work in progress with AO3's
    counts), and a plain text with a title no line can break, no declared tags and a relationship ficlens
    found. Its path and the ids by name."""
    path = tmp_path_factory.mktemp("layout") / "library.db"
    works = {
        "wip": rich_work(1, "Forty-One Letters", authors=["owlpost"], fandoms=[HP], rating="Teen And Up Audiences",
                         warnings=["No Archive Warnings Apply"], categories=["M/M"],
                         relationships=["Draco Malfoy/Harry Potter"], characters=["Draco Malfoy", "Harry Potter"],
                         tags=["Fluff", "Letters"], summary="Draco writes to Harry every week.", kudos=120,
                         hits=3400, published="2024-01-02", updated="2024-03-04", complete=False,
                         chapters_posted=3, cast=[("Draco Malfoy", [], 40, 12), ("Harry Potter", [], 30, 9)]),
        "done": rich_work(2, "The Owl Came Back", authors=["quill"], fandoms=[HP], rating="General Audiences",
                          categories=["Gen"], complete=True, chapters_posted=1, chapters_planned=1,
                          cast=[("Draco Malfoy", [], 20, 6), ("Harry Potter", [], 10, 3)]),
        "plain": rich_work(3, LONG_TITLE, authors=[], language=None, inferred_relationships=["Edward Rochester/Jane Eyre"],
                           cast=[("Jane Eyre", [], 50, 20), ("Edward Rochester", [], 30, 10)]),
    }
    ids = {}
    with Library(path) as stored:
        for name, (data, text, source) in works.items():
            ids[name] = stored.add_analysis(data, text, source, prepared=quick(data, text, source)).work_id
    return path, ids


@pytest.fixture(scope="module")
def server(library):
    with LiveServer(create_app(library[0])) as live:
        yield live


def page_at(browser, width: int, height: int, scheme: str):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return context, page, errors


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def background_lightness(page) -> float:
    """The page background's mean channel, 0 (black) to 255 (white)."""
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in rgb[rgb.index("(") + 1: rgb.index(")")].split(",")[:3]]
    return sum(channels) / 3


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width,height", SIZES)
def test_results_show_blurbs_fit_the_screen_and_follow_the_colour_scheme(browser, server, library, output, width,
                                                                          height, scheme):
    context, page, errors = page_at(browser, width, height, scheme)
    page.goto(server.url + "/")
    assert page.locator("#total").inner_text() == "3"
    assert no_sideways_scroll(page), "the long title pushes the page sideways"
    # dark by the system's setting, light otherwise
    assert (background_lightness(page) < 60) if scheme == "dark" else (background_lightness(page) > 200)

    wip = page.locator(f'.blurb[data-work="{library[1]["wip"]}"]')
    # the four squares, each said in words for a screen reader
    hidden = wip.locator(".required-tags .visually-hidden").all_inner_texts()
    assert hidden == ["Rating: Teen And Up Audiences.", "Warnings: No Archive Warnings Apply.", "Category: M/M.",
                      "Completion: Work in Progress."]
    stats = dict(zip(wip.locator(".blurb-stats dt").all_inner_texts(), wip.locator(".blurb-stats dd").all_inner_texts()))
    assert stats["Chapters:"] == "3/?" and stats["Kudos:"] == "120" and stats["Hits:"] == "3,400"
    assert wip.locator(".datetime").inner_text() == "updated 2024-03-04"
    assert wip.locator(".tags .freeforms").all_inner_texts() == ["Fluff", "Letters"]
    # its summary once: no snippet repeats it when nothing was searched for
    assert wip.inner_text().count("Draco writes to Harry every week.") == 1
    assert page.locator(f'.blurb[data-work="{library[1]["done"]}"] .square.completion').get_attribute("title") \
        == "Complete Work"
    # what ficlens found, where the file declares nothing, says so in words
    plain = page.locator(f'.blurb[data-work="{library[1]["plain"]}"]')
    assert plain.locator(".relationships").text_content().strip() == "Edward Rochester/Jane Eyre found by ficlens"
    assert "found" in plain.locator(".blurb-stats").text_content()  # the point of view and tense

    toggle = page.locator("button.filters-toggle")
    if width < 860:
        # the filters fold away behind a button, so the first result is near the top
        assert toggle.is_visible() and not page.locator(".facets").is_visible()
        assert page.locator(".hit").first.bounding_box()["y"] < height
        page.screenshot(path=str(output / f"library-{width}-{scheme}.png"), full_page=True)
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and page.locator(".facets").is_visible()
        page.screenshot(path=str(output / f"library-{width}-{scheme}-filters-open.png"), full_page=True)
    else:
        assert not toggle.is_visible() and page.locator(".facets").is_visible()
        page.screenshot(path=str(output / f"library-{width}-{scheme}.png"), full_page=True)
    assert not errors, errors
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width,height", SIZES)
def test_a_work_page_has_its_blurb_and_similar_works_with_reasons(browser, server, library, output, width,
                                                                  height, scheme):
    ids = library[1]
    # (the report in the frame is not looked at: these works' analyses are the library tests' small stand-ins)
    context, page, _ = page_at(browser, width, height, scheme)
    page.goto(f"{server.url}/works/{ids['wip']}")
    assert page.locator(".work-head .blurb .square.rating").get_attribute("title") == "Teen And Up Audiences"
    similar = page.locator("#similar li")
    # the other Harry Potter fic, for what it shares; not the unrelated plain text
    assert similar.count() == 1
    assert similar.locator("a").inner_text() == "The Owl Came Back"
    assert similar.locator(".why").inner_text() == f"shares Draco Malfoy, Harry Potter, {HP}"
    assert no_sideways_scroll(page)
    page.screenshot(path=str(output / f"work-{width}-{scheme}.png"))

    page.goto(f"{server.url}/works/{ids['plain']}")
    assert page.locator("#similar li").count() == 0
    assert "No other work in the library is close to this one." in page.locator("#similar").inner_text()
    assert no_sideways_scroll(page), "the long title pushes the page sideways"
    page.screenshot(path=str(output / f"work-long-title-{width}-{scheme}.png"))
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width,height", SIZES)
def test_the_skip_link_is_the_first_stop_of_the_keyboard_and_reaches_the_content(browser, server, output, width,
                                                                                 height, scheme):
    context, page, _ = page_at(browser, width, height, scheme)
    page.goto(server.url + "/dashboard")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to the content"
    page.screenshot(path=str(output / f"skip-link-{width}-{scheme}.png"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width,height", SIZES)
def test_ficlens_serve_is_open_at_the_address_it_prints(browser, library, output, width, height, scheme):
    server = subprocess.Popen([sys.executable, "-m", "ficlens", "serve", "--library", str(library[0]), "--port", "0",
                               "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        url = line.split(" at ", 1)[1].split()[0]
        context, page, errors = page_at(browser, width, height, scheme)
        page.goto(url)  # at once: the port is bound before the address is printed
        assert page.locator("#total").inner_text() == "3"
        page.screenshot(path=str(output / f"served-{width}-{scheme}.png"))
        context.close()
    finally:
        server.terminate()
        server.wait(30)


def test_an_import_runs_in_the_background_with_its_progress_and_the_button_cannot_be_pressed_twice(
        browser, tmp_path, output):
    path = tmp_path / "library.db"
    Library(path).close()
    story = tmp_path / "the_owl_letters.txt"
    story.write_text("Work Text:\n\n“Are you coming?” Anna asked.\n\n“In a minute,” said Ben. He put down the cup "
                     "and looked out at the rain over the harbour.\n\nAnna waited by the door. “You always say that.”"
                     "\n\n“And I always come,” Ben said, smiling.\n")
    with LiveServer(create_app(path)) as live:
        context, page, errors = page_at(browser, 1400, 900, "light")
        page.goto(live.url + "/import")
        page.set_input_files("#files", str(story))
        posts = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        page.locator("form.upload button").dblclick()  # pressed twice
        page.wait_for_url("**/import/jobs/*")
        assert len(posts) == 1, posts
        job = page.url
        page.screenshot(path=str(output / "import-progress.png"))
        # the library answers while the import runs: its page is whole before the job has a result
        other = context.new_page()
        response = other.goto(live.url + "/")
        assert response.ok and other.locator("main").count() == 1
        assert page.locator("#result").count() == 0
        page.wait_for_selector("#result", timeout=120_000)
        assert page.locator("#result .status").text_content() == "added", page.locator("#result").inner_text()
        # titled from the file's name, never "upload-000"
        assert page.locator("#result a").inner_text() == "the_owl_letters"
        context.close()
        for width, height in ((390, 844), (1400, 900)):
            for scheme in SCHEMES:
                context, page, _ = page_at(browser, width, height, scheme)
                page.goto(job)
                assert no_sideways_scroll(page)
                page.screenshot(path=str(output / f"import-done-{width}-{scheme}.png"), full_page=True)
                context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width,height", SIZES)
def test_a_hit_opens_the_story_at_its_passage_and_the_page_says_how_words_match(browser, live_server, ids, output,
                                                                              width, height, scheme):
    context, page, errors = page_at(browser, width, height, scheme)
    page.goto(live_server.url + "/?q=owl")
    assert "“love” also finds “lovely”" in page.locator("#stem-note").inner_text()
    hit = page.locator(f'.blurb[data-work="{ids["000"]}"]')
    # seed 000 is a "Work Text:" dump: its snippet starts with the story, not the label
    assert "Work Text" not in hit.locator(".snippet").inner_text()
    assert hit.locator(".snippet mark").first.inner_text().lower().startswith("owl")
    assert no_sideways_scroll(page)
    page.screenshot(path=str(output / f"hits-{width}-{scheme}.png"), full_page=True)
    hit.locator("a.passage").click()
    page.wait_for_url(f"**/works/{ids['000']}/report*")
    deadline = time.monotonic() + 10  # (polled from here: the report's policy forbids a page-side eval)
    while page.evaluate("window.scrollY") == 0:  # the browser goes to the words
        assert time.monotonic() < deadline, "the report did not scroll to the passage"
        page.wait_for_timeout(100)
    page.screenshot(path=str(output / f"passage-{width}-{scheme}.png"))
    # in the text, who says a line is named in words where it begins, not by colour and a hover title only
    line = page.locator(".q[data-speaker]").first
    speaker = line.get_attribute("data-speaker")
    assert speaker and line.evaluate("e => getComputedStyle(e, '::before').content") == f'"{speaker}: "'
    assert "Draco Malfoy" in page.locator(".q[data-speaker]").evaluate_all("els => els.map(e => e.dataset.speaker)")
    context.close()


@pytest.mark.parametrize("width", [360, 768, 1920])
def test_no_page_scrolls_sideways_from_360_to_1920_px(browser, server, library, width):
    context, page, _ = page_at(browser, width, 900, "light")
    for path in ("/", "/?q=harbour", "/dashboard", "/import", f"/works/{library[1]['plain']}",
                 f"/works/{library[1]['wip']}", "/characters/Jane%20Eyre"):
        page.goto(server.url + path)
        assert no_sideways_scroll(page), f"{path} scrolls sideways at {width} px"
    context.close()

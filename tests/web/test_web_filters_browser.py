"""Sorting, excluding, ranges and links that lead somewhere, in headless Chromium, on a phone (390 px) and a
desktop (1,400 px), in light and dark.

A reader sorts her library by kudos and reverses it, excludes a rating, holds the works to a range of
kudos, narrows it to nothing and finds her filters still there to remove, picks a character ficlens
found speaking, and follows the dashboard's top pairing and a character page's link to their works.
Screenshots land in build/test-output/<test name>/.
"""

from __future__ import annotations

import pytest
from library_data import analysis, quick, story_text
from web_server import LiveServer

from ficlens.library import Library
from ficlens.web import create_app


VIEWS = [(390, "light"), (390, "dark"), (1400, "light"), (1400, "dark")]

# title, rating, kudos (None: a plain file without), the cast found (name, mentions, lines), declared pairing
WORKS = [
    ("The Lantern Keeper", "Mature", 120, [("Mara Quill", 30, 9), ("Tobias Reed", 20, 4)], "Mara Quill/Tobias Reed"),
    ("Harbour Lights", "Explicit", 640, [("Mara Quill", 12, 0), ("Ines Vale", 25, 7)], None),
    ("Paper Boats", "General Audiences", 35, [("Tobias Reed", 18, 6)], "Mara Quill/Tobias Reed"),
    ("Orchard Letters 2", "Teen And Up Audiences", None, [("Ines Vale", 9, 2), ("Mara Quill", 4, 1)], None),
    ("Orchard Letters 10", "General Audiences", None, [("Wren Hale", 14, 0)], None),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("filters-browser")
    with Library(folder / "library.db") as library:
        for i, (title, rating, kudos, cast, pairing) in enumerate(WORKS):
            text = story_text(70 + i, 300 + 200 * i)
            data = analysis(text, title, ["Wren"], fandoms=["Original Work"], rating=rating,
                            relationships=[pairing] if pairing else [],
                            cast=[(name, [name.split()[0]], mentions, lines) for name, mentions, lines in cast],
                            inferred_relationships=["Ines Vale/Mara Quill"] if i == 1 else [])
            if kudos is not None:
                data["work"].update(kudos=kudos, hits=kudos * 10, published=f"202{i}-05-01")
            library.add_analysis(data, text, f"{title}.txt", prepared=quick(data, text, f"{title}.txt"))
    with LiveServer(create_app(folder / "library.db")) as live:
        yield live


def _titles(page) -> list[str]:
    return page.locator(".hit h2 a").all_inner_texts()


def _filters(page, width: int) -> None:
    """On a phone the filters sit behind a button: open them."""
    toggle = page.locator(".filters-toggle")
    if width < 860 and toggle.count() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


@pytest.mark.parametrize("width,scheme", VIEWS, ids=[f"{w}-{s}" for w, s in VIEWS])
def test_sort_exclude_range_and_follow_in_the_browser(browser, server, output, width, scheme):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def shot(name: str) -> None:
        page.screenshot(path=str(output / f"{name}-{width}-{scheme}.png"), full_page=True)
        width_now = page.evaluate("document.documentElement.scrollWidth")
        assert width_now <= width, f"{name}: the page scrolls sideways ({width_now} px wide)"

    # the library in a reader's title order: numbers whole, "The" set aside
    page.goto(server.url + "/")
    assert _titles(page) == ["Harbour Lights", "The Lantern Keeper", "Orchard Letters 2", "Orchard Letters 10",
                             "Paper Boats"]
    shot("1-library")

    # most kudos first, the plain files without kudos last; then reversed, and they are still last
    page.locator("nav.sorts a", has_text="kudos").click()
    page.wait_for_url("**sort=kudos**")
    assert _titles(page) == ["Harbour Lights", "The Lantern Keeper", "Paper Boats", "Orchard Letters 2",
                             "Orchard Letters 10"]
    page.locator("nav.sorts a.on").click()
    page.wait_for_url("**order=asc**")
    assert _titles(page) == ["Paper Boats", "The Lantern Keeper", "Harbour Lights", "Orchard Letters 2",
                             "Orchard Letters 10"]
    shot("2-sorted")

    # exclude a rating from the sidebar: the order stays, the value is shown left out
    _filters(page, width)
    page.locator('.facet[data-facet=rating] a.fx[data-value="Explicit"]').click()
    page.wait_for_url("**not_rating=Explicit**")
    assert "Harbour Lights" not in _titles(page) and page.locator("#total").inner_text() == "4"
    _filters(page, width)
    assert page.locator('.facet[data-facet=rating] a.fv.out[data-value="Explicit"]').is_visible()
    assert page.locator(".selection .chip", has_text="not Rating: Explicit").count() == 1
    shot("3-excluded")

    # a range of kudos: the works without kudos are outside it
    page.locator("details.ranges summary").click()
    page.fill("input[name=min_kudos]", "50")
    page.locator("form.search button[type=submit]").click()
    page.wait_for_url("**min_kudos=50**")
    assert _titles(page) == ["The Lantern Keeper"]
    shot("4-range")

    # narrowed to nothing: the filters stay in the sidebar and above the results, each removable
    assert page.locator("input[name=min_kudos]").is_visible()  # the ranges stay open while one is in force
    page.fill("input[name=min_kudos]", "5000")
    page.locator("form.search button[type=submit]").click()
    page.wait_for_url("**min_kudos=5000**")
    assert page.locator("#total").inner_text() == "0"
    _filters(page, width)
    left_out = page.locator('.facet[data-facet=rating] a.fv.out[data-value="Explicit"]')
    assert left_out.is_visible()
    shot("5-nothing-left")
    page.locator(".selection .chip", has_text="kudos").click()
    page.wait_for_url(lambda url: "min_kudos" not in url)
    assert page.locator("#total").inner_text() == "4"

    # a character ficlens found speaking: the works where she has lines
    page.goto(server.url + "/")
    _filters(page, width)
    page.locator('.facet[data-facet=speaks] a.fv[data-value="Ines Vale"]').click()
    page.wait_for_url("**speaks=Ines**")
    assert sorted(_titles(page)) == ["Harbour Lights", "Orchard Letters 2"]
    shot("6-speaks")

    # the dashboard's top pairings and a character page lead to works, as many as they say
    page.goto(server.url + "/dashboard")
    shot("7-dashboard")
    for facet, works in (("relationship", 2), ("inferred_relationship", 1)):
        page.goto(server.url + "/dashboard")
        page.locator(f'#top-pairings a.bar-row[href*="{facet}="]').first.click()
        page.wait_for_url(f"**{facet}=**")
        assert page.locator("#total").inner_text() == str(works)
    page.goto(server.url + "/characters/Mara%20Quill")
    page.locator("a", has_text="the works Mara Quill appears in").click()
    page.wait_for_url("**appears=**")
    assert page.locator("#total").inner_text() == "3"
    shot("8-character-works")
    page.close()
    assert problems == []

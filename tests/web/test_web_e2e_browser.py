"""The library end to end in headless Chromium: search, a facet, a work with its arc chart, a character.

Screenshots land in build/test-output/<test name>/.
"""

from __future__ import annotations

HP = "Harry Potter - J. K. Rowling"


def test_search_facet_work_arc_and_character(browser, live_server, ids, output):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url))

    page.goto(live_server.url + "/")
    assert page.locator("#total").inner_text() == "2"
    page.fill("input[name=q]", "Draco")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(lambda url: "q=Draco" in url)
    assert page.locator("#total").inner_text() == "2"
    assert page.locator(".hit .snippet mark").count() >= 1
    page.screenshot(path=str(output / "1-search.png"), full_page=True)

    page.locator(f'.facet[data-facet=fandom] a.fv[data-value="{HP}"]').click()
    page.wait_for_url(lambda url: "fandom=" in url)
    assert page.locator("#total").inner_text() == "1"
    assert page.locator(f'.facet[data-facet=fandom] a.fv.on[data-value="{HP}"]').count() == 1
    page.screenshot(path=str(output / "2-facet.png"), full_page=True)

    page.locator(".hit h2 a").first.click()
    page.wait_for_url(f"**/works/{ids['004']}")
    assert page.locator("h1").inner_text() == "Broken Pieces, Mended Hearts (One-Shot)"
    chart = page.frame_locator("iframe#report").locator("#arc-chart")
    chart.wait_for()
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert chart.is_visible() and box and box["width"] > 300 and box["height"] > 100, box
    frame_box = page.locator("iframe#report").bounding_box()
    assert frame_box["height"] > 2000, "the frame grows to the report's height"
    assert page.locator(f'#similar a[href="/works/{ids["000"]}"]').count() == 1
    page.screenshot(path=str(output / "3-work-arc.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(output / "3-work.png"))

    page.locator('a[href="/characters/Draco%20Malfoy"]').first.click()
    page.wait_for_url("**/characters/Draco%20Malfoy")
    assert page.locator("h1").inner_text() == "Draco Malfoy"
    assert page.locator(".appearance").count() == 2
    page.screenshot(path=str(output / "4-character.png"), full_page=True)

    page.click("nav.main-nav a[href='/dashboard']")
    page.wait_for_url("**/dashboard")
    assert page.locator("#works").inner_text() == "2"
    assert page.locator("#pov-shares svg.bar").count() == 2
    page.screenshot(path=str(output / "5-dashboard.png"), full_page=True)
    page.close()

    assert problems == []
    assert all(url.startswith(live_server.url) for url in requests)

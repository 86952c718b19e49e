"""The HTML report in a real browser: Debian's headless Chromium, driven by Playwright, offline.

The `browser` and `output` fixtures live in tests/conftest.py.
"""

from __future__ import annotations


import pytest

from ficlens.outputs.html import render_html


@pytest.mark.parametrize("seed", ["staged_000", "staged_004"])
def test_report_works_offline_in_chromium(browser, output, request, seed):
    data, text = request.getfixturevalue(seed)
    page_file = output / f"report_{seed}.html"
    page_file.write_text(render_html(data, text), encoding="utf-8")
    url = page_file.as_uri()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems, requests = [], []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")

    for chart in ("#arc-chart", "#relationship-graph"):
        box = page.locator(chart).bounding_box()
        assert page.locator(chart).is_visible() and box and box["width"] > 100 and box["height"] > 100, chart

    link = page.locator("#craft table.phrases a.jump").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function(f"location.hash === '{target}'")
    page.wait_for_function(
        f"""() => {{ const r = document.getElementById('{target[1:]}').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }}"""
    )
    assert page.evaluate("document.querySelector(':target').id") == target[1:]
    assert page.evaluate("document.querySelector(':target').tagName") == "MARK"
    page.screenshot(path=str(output / f"jump_{seed}.png"))

    page.locator(".toggles input[data-kind=fw]").check()
    assert page.evaluate("!document.getElementById('story').classList.contains('no-fw')")

    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(output / f"report_{seed}.png"), full_page=True)
    page.close()

    assert not problems
    assert requests == [url]

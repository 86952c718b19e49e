"""The HTML report in a real browser: Debian's headless Chromium, driven by Playwright, offline.

Under CI (env CI set) a missing /usr/bin/chromium fails the test; elsewhere it skips.
Screenshots land in build/test-output/<test name>/ for people to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ficlens.outputs.html import render_html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = Path(__file__).resolve().parents[2] / "build" / "test-output"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def output(request) -> Path:
    folder = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("seed", ["staged_000", "staged_004", "full_000", "full_004"])
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

"""The HTML report's layout in Chromium at a phone's width and a desktop's: nothing wider than the
window, no chart label over another, and the arc of a story without a clear shape saying so.

Screenshots land in build/test-output/<test name>/ (the `browser` and `output` fixtures are in
tests/conftest.py).
"""

from __future__ import annotations

import pytest

from ficlens.outputs.html import render_html

OVERLAPS = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)].map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, box]) => box.width > 0);
  const hits = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, p] = boxes[i], [b, q] = boxes[j];
    if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) hits.push(a + ' / ' + b);
  }
  return hits;
}"""


@pytest.mark.parametrize("width", [390, 1400])
@pytest.mark.parametrize("seed", ["staged_000", "staged_004"])
def test_report_fits_the_window_and_no_label_overlaps(browser, output, request, seed, width):
    data, text = request.getfixturevalue(seed)
    page_file = output / f"report_{seed}.html"
    page_file.write_text(render_html(data, text), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")

    assert page.evaluate("document.documentElement.scrollWidth") == width
    for chart in ("#relationship-graph", "#arc-chart"):
        assert page.locator(chart + " text").count() >= 2, chart
        assert page.evaluate(OVERLAPS, chart + " text") == [], chart
    for labels in (".hist small", ".emo-row > span", ".bar-row > span", ".heat > *"):  # the HTML charts
        assert page.evaluate(OVERLAPS, labels) == [], labels
    # the chart's labels stay readable: at least 9 CSS pixels tall on the screen
    smallest = page.evaluate("Math.min(...[...document.querySelectorAll('svg.chart text')]"
                             ".map(t => t.getBoundingClientRect().height))")
    assert smallest >= 9
    # both seeds' arcs are within chance (story/arc.py), and the heading says so
    assert page.locator("#arc h2").inner_text() == "Emotional arc: no clear shape"
    page.screenshot(path=str(output / f"{seed}_{width}.png"), full_page=True)
    page.close()


def test_a_jump_shows_its_passage_on_focus_inside_the_window(browser, output, staged_004):
    data, text = staged_004
    page_file = output / "report.html"
    page_file.write_text(render_html(data, text), encoding="utf-8")
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(page_file.as_uri())
    jump = page.locator("#craft table.phrases a.jump").first
    jump.focus()
    tip = page.locator("#tip")
    assert tip.is_visible()
    phrase = data["diagnostics"]["repeated_phrases"][0]["phrase"]
    assert phrase.casefold() in " ".join(tip.inner_text().split()).casefold()
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(output / "tip_390.png"))
    jump.blur()
    assert not tip.is_visible()
    page.close()

"""An AO3 download carrying scripts, event handlers and javascript: links, imported through the
upload page and then browsed in headless Chromium: nothing it carries may run.

Every payload would set window.__pwned, retitle the page or open a dialog; the test
watches for all three, for console errors, and for any handler left in the DOM.
"""

from __future__ import annotations

from story_files import STORY, ao3_html
from web_server import LiveServer

from ficlens.web import create_app

RUN = "window.__pwned='{0}';document.title='pwned {0}';alert('{0}')"
SCRIPT = "<script>" + RUN + "</script>"


def evil_ao3_html() -> str:
    """STORY as AO3's download, with payloads in the summary, notes, tags, title and story text."""
    page = ao3_html(STORY)
    payloads = {
        "<blockquote class=\"userstuff\"><p>Draco Malfoy has written":
            "<blockquote class=\"userstuff\"><p>" + SCRIPT.format("summary")
            + "<img src=\"x\" onerror=\"" + RUN.format("img") + "\">"
            + "<a href=\"javascript:" + RUN.format("link") + "\">read more</a> Draco Malfoy has written",
        "Written for the Winter Owl Exchange.":
            "<svg onload=\"" + RUN.format("svg") + "\"></svg><iframe src=\"javascript:" + RUN.format("frame")
            + "\"></iframe>Written for the Winter Owl Exchange.",
        ">Fluff</a>": " onmouseover=\"" + RUN.format("tag") + "\">Fluff" + SCRIPT.format("tag") + "</a>",
        "<h1>Forty-One Letters</h1>": "<h1>Forty-One Letters" + SCRIPT.format("title") + "</h1>",
        "<p>The owl arrived at dawn,":
            "<p><b onclick=\"" + RUN.format("click") + "\" onmouseover=\"" + RUN.format("hover") + "\">The owl</b> "
            + SCRIPT.format("text") + "<a href=\"javascript:" + RUN.format("textlink") + "\">arrived</a> at dawn,",
        "<p>Candy stood at the top":
            "<p><img src=x onerror=" + RUN.format("bare").replace("'", "") + "><style>body{display:none}</style>"
            "<object data=\"javascript:alert(9)\"></object>Candy stood at the top",
    }
    for anchor, payload in payloads.items():
        assert anchor in page, anchor
        page = page.replace(anchor, payload, 1)
    return page


def test_nothing_in_an_imported_work_runs(browser, output, tmp_path):
    story = tmp_path / "evil.html"
    story.write_text(evil_ao3_html(), encoding="utf-8")
    with LiveServer(create_app(tmp_path / "library.db")) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        dialogs: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("request", lambda r: requests.append(r.url))

        def dialog(d) -> None:
            dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

        page.goto(f"{server.url}/import")
        page.set_input_files("#files", str(story))
        page.click("form.upload button[type=submit]")
        page.wait_for_selector("#result", timeout=120_000)
        page.screenshot(path=str(output / "imported.png"), full_page=True)
        assert page.locator("#result .status.added").count() == 1, page.locator("#result").inner_text()

        page.locator("#result a").first.click()
        page.wait_for_selector("iframe#report")
        frame = page.frame_locator("iframe#report")
        frame.locator("#arc-chart, #text").first.wait_for()
        page.wait_for_timeout(300)
        report = next(f for f in page.frames if f.url.endswith("/report"))
        for where in (page, report):
            where.evaluate("""() => document.querySelectorAll('*').forEach(el => {
                for (const kind of ['mouseover', 'mouseenter', 'focus', 'load', 'error'])
                  el.dispatchEvent(new Event(kind));
            })""")
            for element in where.locator("b, a, img, svg").all()[:40]:
                if element.is_visible():
                    element.hover(timeout=2_000)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(output / "work.png"))

        page.goto(f"{server.url}/?q=owl")
        page.wait_for_load_state("load")
        checked = [page.url]
        _assert_clean(page, "library")
        page.goto(f"{server.url}/works/1/report")
        page.wait_for_load_state("load")
        _assert_clean(page, "report")
        checked.append(page.url)
        page.goto(f"{server.url}/works/1")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        _assert_clean(page, "work page")
        _assert_clean(next(f for f in page.frames if f.url.endswith("/report")), "framed report")
        page.close()

    assert dialogs == []
    assert problems == []
    assert all(url.startswith(server.url) for url in requests), [u for u in requests if not u.startswith(server.url)]


def _assert_clean(where, label: str) -> None:
    """No payload ran here, and none is left in the DOM to run later."""
    assert where.evaluate("typeof window.__pwned") == "undefined", label
    assert "pwned" not in where.evaluate("document.title"), label
    leftovers = where.evaluate(
        """() => {
          const found = [];
          for (const el of document.querySelectorAll('*')) {
            for (const attr of el.attributes) {
              if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
              if (/^\\s*javascript:/i.test(attr.value)) found.push(el.tagName + ' ' + attr.name + '=javascript:');
            }
            if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) found.push(el.tagName + ' ' + (el.getAttribute('src') || 'inline'));
          }
          return found;
        }"""
    )
    ours = ("SCRIPT inline", "SCRIPT /static/web.js", "IFRAME /works/1/report")
    assert [e for e in leftovers if e not in ours] == [], label
    inline = where.evaluate("[...document.querySelectorAll('script:not([src])')].map(s => s.textContent.trim())")
    assert all(text.startswith("// Show or hide each kind of highlight") for text in inline), label

"""The web app's pages and JSON API over a real library of the two seeds (FastAPI's TestClient)."""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from urllib.parse import quote

import pytest

from ficlens.web.app import Query, hit_items, pager, report_csp, safe_snippet
from ficlens.web.imports import display_name, safe_suffix

HP = "Harry Potter - J. K. Rowling"


def _hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def test_library_lists_both_seeds_with_facets(client, ids):
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert 'id="total">2<' in html
    assert f'href="/works/{ids["004"]}"' in html and f'href="/works/{ids["000"]}"' in html
    assert "Broken Pieces, Mended Hearts" in html
    assert "<dt>Words:</dt><dd>8,769</dd>" in html and "third person, present tense" in html
    facets = client.get("/api/search").json()["facets"]
    assert [HP, 1] in facets["fandom"]
    assert ["F/M", 1] in facets["category"]
    assert sorted(v for v, _ in facets["pov"]) == ["first", "third"]
    assert f"/?fandom={quote(HP, safe='').replace('%20', '+')}" in _hrefs(html)


def test_seed_004_has_the_declared_facets(client, ids):
    hits = client.get("/api/search", params={"fandom": HP, "category": "F/M"}).json()
    assert [h["work_id"] for h in hits["hits"]] == [ids["004"]]
    assert hits["hits"][0]["rating"] == "General Audiences"


def test_a_facet_link_adds_and_removes_the_value(client, ids):
    html = client.get("/", params={"pov": "first"}).text
    assert 'id="total">1<' in html and f'href="/works/{ids["000"]}"' in html
    selected = re.findall(r'<a class="fv on" href="([^"]*)" data-value="([^"]*)" aria-pressed="true"', html)
    assert selected == [("/", "first")]  # the selected value's link removes it
    other = client.get("/", params={"pov": "first", "tense": "past"}).text
    assert re.findall(r'<a class="fv on" href="([^"]*)" data-value="first"', other) == ["/?tense=past"]
    both = client.get("/?pov=first&tense=present").text
    assert 'id="total">0<' in both and "Nothing matches" in both


def test_text_search_highlights_the_snippet(client, ids):
    html = client.get("/", params={"q": "Margarita"}).text
    assert 'id="total">1<' in html
    assert "<mark>Margarita</mark>" in html
    api = client.get("/api/search", params={"q": "Margarita"}).json()
    assert api["total"] == 1 and "<mark>" in api["hits"][0]["snippet_html"]


def test_word_range_and_paging(client, ids):
    short = client.get("/", params={"max_words": "5,000"}).text
    assert 'id="total">1<' in short and f'href="/works/{ids["000"]}"' in short
    assert "words 0–5,000" in short
    first = client.get("/?per_page=1").text
    assert "next →" in first and 'aria-current="page">1<' in first
    second = client.get("/?per_page=1&page=2").text
    assert "← previous" in second and 'aria-current="page">2<' in second
    assert client.get("/api/search?per_page=1&page=2").json()["hits"][0]["work_id"] != \
        client.get("/api/search?per_page=1").json()["hits"][0]["work_id"]


def test_nonsense_parameters_are_ignored(client):
    for url in ("/?page=-4&min_words=lots", "/?q=%22unclosed", "/?q=AND%20OR%20NOT%20*", "/?q=" + "x" * 2000,
                "/?nosuchfacet=1", "/dashboard?pov=nothing"):
        assert client.get(url).status_code == 200, url


def test_work_page_embeds_the_report_and_lists_the_other_seed_as_similar(client, ids):
    html = client.get(f"/works/{ids['004']}").text
    assert "<h1>Broken Pieces, Mended Hearts (One-Shot)</h1>" in html
    assert f'<iframe id="report" src="/works/{ids["004"]}/report"' in html
    similar = html.split('id="similar"')[1].split("</section>")[0]
    assert f'href="/works/{ids["000"]}"' in similar
    assert 'href="/characters/Draco%20Malfoy"' in html and 'href="/characters/Candy"' in html
    other = client.get(f"/works/{ids['000']}").text.split('id="similar"')[1].split("</section>")[0]
    assert f'href="/works/{ids["004"]}"' in other
    assert '<script src="/static/web.js"></script>' in html


def test_report_is_served_with_only_its_own_script_allowed(client, ids):
    response = client.get(f"/works/{ids['004']}/report")
    assert response.status_code == 200
    assert 'id="arc-chart"' in response.text
    policy = response.headers["content-security-policy"]
    scripts = re.findall(r"<script>(.*?)</script>", response.text, flags=re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in policy


def test_report_policy_never_allows_a_foreign_script():
    page = "<script>alert(1)</script><p>story</p>"
    assert "script-src 'none'" in report_csp(page)


def test_missing_work_is_a_page_not_a_traceback(client):
    response = client.get("/works/9999")
    assert response.status_code == 404 and "There is no work 9999 in the library." in response.text
    assert "Traceback" not in response.text
    assert client.get("/works/abc").status_code in (404, 422)
    assert client.get("/api/works/9999").json() == {"error": "There is no work 9999 in the library."}


def test_character_page_gathers_draco_across_both_seeds(client, ids):
    html = client.get("/characters/Draco Malfoy").text
    assert "<h1>Draco Malfoy</h1>" in html
    works = re.findall(r'<h2><a href="/works/(\d+)">', html)
    assert sorted(map(int, works)) == sorted(ids.values())
    assert "lines" in html and "mentions" in html
    assert re.search(r"<li>“[^<]{10,}”</li>", html), "a sample line"
    by_alias = client.get("/characters/Draco").text
    assert "<h1>Draco</h1>" in by_alias and f'href="/works/{ids["004"]}"' in by_alias


def test_unknown_character_is_a_clear_404(client):
    response = client.get("/characters/Nobody%20Here")
    assert response.status_code == 404 and "No character called “Nobody Here” in the library." in response.text


def test_dashboard_over_the_library_and_a_selection(client):
    board = client.get("/api/dashboard").json()
    assert board["works"] == 2 and board["words"] > 10_000
    assert board["pov"] == {"first": 0.5, "third": 0.5}
    html = client.get("/dashboard").text
    assert 'id="works">2<' in html and "Top characters" in html and "Top pairings" in html
    assert 'href="/characters/Draco%20Malfoy"' in html
    assert "<svg class=\"bar\"" in html
    selected = client.get("/dashboard", params={"fandom": HP}).text
    assert 'id="works">1<' in selected and "the works selected below" in selected
    assert client.get("/api/dashboard", params={"fandom": HP}).json()["pov"] == {"third": 1.0}


@pytest.mark.parametrize("url", ["/", "/works/1", "/dashboard", "/import", "/characters/Candy", "/static/web.css",
                                 "/static/web.js", "/healthz", "/api/search", "/nowhere", "/works/1/report"])
def test_every_response_carries_the_safety_headers(client, url):
    response = client.get(url)
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "default-src" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "http:" not in policy and "https:" not in policy and "*" not in policy


def test_pages_load_nothing_from_elsewhere(client, ids):
    for url in ("/", f"/works/{ids['004']}", "/dashboard", "/import", "/characters/Candy"):
        html = client.get(url).text
        assert not re.search(r'(src|href)="(https?:)?//', html), url
        assert "<script>" not in html and " style=" not in html, url


def test_static_files_come_from_the_package(client):
    css = client.get("/static/web.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/static/../app.py").status_code == 404


def test_query_urls_round_trip():
    query = Query(q="rain", facets={"fandom": [HP]}, min_words=100)
    assert query.toggle("fandom", HP) == "/?q=rain&min_words=100"
    assert query.toggle("pov", "first").endswith("&pov=first&min_words=100")
    assert query.url(page=3).endswith("&page=3")


def test_upload_names_are_never_paths():
    assert safe_suffix("../../evil.txt") == ".txt"
    assert safe_suffix("x.php") == "" and safe_suffix("a.HTML") == ".html" and safe_suffix(None) == ""
    assert display_name("..\\..\\evil.txt") == "evil.txt" and display_name("/etc/passwd") == "passwd"
    assert display_name("\x00") == "unnamed file"


def test_snippets_keep_only_mark():
    cleaned = str(safe_snippet('a <mark>b</mark> <script>x()</script><img src=x onerror=y()> <mark onclick="z">c</mark>'))
    assert cleaned == "a <mark>b</mark>  <mark>c</mark>"


def test_library_snippets_pass_as_they_are_and_anything_else_is_cleaned():
    """The library's snippets (escaped text, balanced <mark>) are kept as they are; nh3 sees the rest."""
    ours = "a &lt;script&gt; <mark>b</mark> &amp; <mark>c</mark>"
    assert str(safe_snippet(ours)) == ours
    assert "<script" not in str(safe_snippet("<mark>a</mark><script>x()</script>"))
    assert str(safe_snippet("<mark>a")).count("</mark>") == 1  # an unclosed mark is closed
    assert "onclick" not in str(safe_snippet('<mark onclick="z">c</mark>'))


def test_pager_links_first_last_and_near_pages():
    query = Query(q="rain", page=7)
    nav = str(pager(query, 20))
    assert '<span class="current" aria-current="page">7</span>' in nav
    numbers = [int(n) for n in re.findall(r'page=(\d+)">\d+</a>', nav)]
    assert numbers == [5, 6, 8, 9, 20] and 'href="/?q=rain">1</a>' in nav  # page 1 has no page parameter
    assert nav.count('class="gap"') == 2 and "← previous" in nav and "next →" in nav
    assert "&amp;page=6" in nav  # attribute values escaped
    assert str(pager(Query(), 1)) == ""


def test_hit_items_escape_every_field():
    from ficlens.library.records import Hit

    hit = Hit(3, "<b>Title</b>", ["A & B"], ["F<1>"], "Explicit", "M/M", 12345, "first", None, "x <mark>y</mark>", 1.0)
    html = str(hit_items([hit]))
    assert '<a href="/works/3">&lt;b&gt;Title&lt;/b&gt;</a>' in html and "by A &amp; B" in html
    assert '<span class="pill">F&lt;1&gt;</span>' in html and "12,345 words" in html
    assert "first person · ? tense" in html and '<p class="snippet">x <mark>y</mark></p>' in html


def test_static_files_say_their_etag_and_a_browser_holding_one_gets_a_304(client):
    script = client.get("/static/web.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert int(script.headers["content-length"]) == len(script.content) > 0
    again = client.get("/static/web.js", headers={"if-none-match": script.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/static/web.js", headers={"if-none-match": '"other"'}).status_code == 200
    assert client.get("/static/nothing.css").status_code == 404
    assert client.post("/static/web.css").status_code == 403  # no session token
    assert client.post("/static/web.css", headers={"x-ficlens-token": client.app.state.token}).status_code == 405

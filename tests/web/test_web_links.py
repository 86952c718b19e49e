"""No link leads nowhere: every link of every page, followed on a live server, gives a page with results.

Two libraries: the two seeds, and 200 works made from them with AO3's metadata drawn from fixed pools
(fandoms, ratings, warnings, pairings, declared characters ficlens does not find, kudos and dates for
some). The crawl (link_crawl.py) fetches the library, the dashboard and the import page, every link they
give, and every link of the pages those lead to; a search page must find a work, any other page answer
200. Before, the dashboard's top pairings (found by ficlens) and a character page's "search the works
tagged with ..." led to the declared-tag facet and so to 0 works, and a declared character the text never
names led to a character page that did not exist.
"""

from __future__ import annotations

import copy
import hashlib
import random
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import quote

import httpx
import pytest
from link_crawl import crawl, links
from web_server import LiveServer

from ficlens.library import Library
from ficlens.library.importer import Prepared, prepare
from ficlens.outputs.json import analysis_dict
from ficlens.web import create_app

STARTS = ["/", "/dashboard", "/import"]
FANDOMS = ["Harry Potter - J. K. Rowling", "Good Omens (TV)", "Sherlock (TV)", "Original Work"]
RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated", None]
WARNINGS = ["No Archive Warnings Apply", "Creator Chose Not To Use Archive Warnings", "Major Character Death"]
TAGS = ["Fluff", "Angst", "Hurt/Comfort", "Slow Burn", "Letters", "Post-War", "Alternate Universe", "Pining"]
PAIRS = ["Draco Malfoy/Harry Potter", "Candy/Draco Malfoy", "Aziraphale/Crowley (Good Omens)"]
DECLARED = ["Draco Malfoy", "Harry Potter", "Minerva McGonagall", "Candy (Original Character)", "Lucius Malfoy"]


def _getter(client: httpx.Client):
    def get(url: str) -> tuple[int, str, str]:
        answer = client.get(url)
        kind = answer.headers.get("content-type", "")
        return answer.status_code, kind, answer.text if kind.startswith("text/html") else ""
    return get


@pytest.fixture(scope="module")
def generated(tmp_path_factory, analysis_000, analysis_004) -> Iterator[LiveServer]:
    """A live server over 200 works made from the two seeds: each a seed's analysis and text (with a line
    of its own at the end, kept in a file of its own) under metadata drawn from the pools above."""
    folder = tmp_path_factory.mktemp("generated")
    rng = random.Random(23)
    seeds = []
    for analysis in (analysis_000, analysis_004):
        data, text = analysis_dict(analysis), analysis.work.text
        seeds.append((data, text, prepare(data, text, "seed.txt")))
    authors = [f"{rng.choice(['quiet', 'paper', 'silver', 'rainy'])}_{rng.choice(['owls', 'doors'])}{n}"
               for n in range(40)]
    path = folder / "library.db"
    with Library(path) as library:
        for i in range(200):
            data, text, prepared = seeds[i % 2]
            data = copy.deepcopy(data)
            text = f"{text}\nEnd note {i}.\n"
            work = data["work"]
            work.update(title=f"{rng.choice(['Broken', 'Quiet', 'Paper'])} {rng.choice(['Hearts', 'Owls'])} {i}",
                        authors=[rng.choice(authors)] if i % 9 else [],
                        fandoms=[rng.choice(FANDOMS)] if i % 7 else [], rating=rng.choice(RATINGS),
                        warnings=[rng.choice(WARNINGS)], categories=[rng.choice(["F/M", "M/M", "Gen"])],
                        relationships=rng.sample(PAIRS, rng.randint(0, 2)),
                        characters=rng.sample(DECLARED, rng.randint(0, 3)), tags=rng.sample(TAGS, rng.randint(1, 4)))
            if i % 3 == 0:
                work.update(kudos=rng.randint(0, 900), hits=rng.randint(100, 9000),
                            published=f"20{rng.randint(12, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
            data["source"]["sha256"] = hashlib.sha256(text.encode()).hexdigest()
            source = folder / f"work{i:03}.txt"
            source.write_text(text, "utf-8")
            library.add_analysis(data, text, str(source), prepared=Prepared(
                data, text, str(source), prepared.minhash, prepared.work_vector, prepared.scene_vectors))
        assert library.count() == 200
    with LiveServer(create_app(path)) as server:
        yield server


def test_every_link_of_the_seed_library_leads_to_works(live_server):
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        seen = crawl(_getter(client), STARTS, depth=2)
    assert not seen.failures, seen.report()
    assert len(seen.fetched) > 500 and seen.search_pages > 300  # facets, exclusions, sorts, pages, characters


def test_every_link_of_a_200_work_library_leads_to_works(generated):
    """Every link of the start pages (with the whole listing, 100 works a page), and every link of the
    work and character pages they lead to: every kind of link the pages give (a facet's values to include
    and to exclude, the sorts, the pages, the dashboard's bars, a blurb's tags, a work's characters and
    similar works). The library and dashboard pages reached are checked, not crawled further: they give
    the links of the start pages again, for other selections (the seed library is crawled deeper)."""
    def follow(url: str, depth: int) -> bool:
        return depth == 0 or not url.startswith(("/?", "/dashboard"))

    with httpx.Client(base_url=generated.url, timeout=120) as client:
        seen = crawl(_getter(client), [*STARTS, "/?per_page=100", "/?per_page=100&page=2"], depth=2, follow=follow)
    assert not seen.failures, seen.report()
    works = {url for url in seen.fetched if re.fullmatch(r"/works/\d+", url)}
    assert len(works) == 200
    assert seen.search_pages > 400


def _total(html: str) -> int:
    return int(re.search(r'id="total">([\d,]+)<', html).group(1).replace(",", ""))


def test_the_dashboards_pairings_lead_to_as_many_works_as_they_say(client):
    html = client.get("/dashboard").text
    section = html[html.index('id="top-pairings"'):]
    section = section[:section.index("</section>")]
    rows = re.findall(r'<a class="bar-row" href="([^"]+)">.*?<span class="bar-val">(\d+) works?</span>', section)
    assert rows, "the seeds have pairings"
    for href, works in rows:
        assert _total(client.get(unescape(href)).text) == int(works), href


def test_a_character_page_leads_to_the_works_the_character_appears_and_speaks_in(client, ids):
    page = client.get("/characters/Draco%20Malfoy").text
    found = [unescape(h) for h in re.findall(r'href="(/\?(?:appears|speaks)=[^"]+)"', page)]
    assert [h.split("=")[0] for h in found] == ["/?appears", "/?speaks"]
    for href in found:
        assert _total(client.get(href).text) == 2, href  # Draco Malfoy appears and speaks in both seeds


def test_an_empty_result_keeps_the_sidebar_with_its_filters_removable(client):
    html = client.get("/", params={"pov": "first", "tense": "present", "not_language": "Deutsch"}).text
    assert _total(html) == 0
    sidebar = html[html.index('class="facets"'):html.index('class="results"')]
    removals = re.findall(r'<a class="fv (?:on|out)" href="([^"]+)"', sidebar)
    assert len(removals) == 3  # both values chosen and the one left out
    assert [_total(client.get(unescape(href)).text) for href in removals] == [1, 1, 0]
    assert "not Language: Deutsch" in html  # and the filters are listed above the results to remove


def test_a_declared_character_ficlens_does_not_find_has_no_character_page_link(generated):
    with httpx.Client(base_url=generated.url, timeout=60) as client:
        html = client.get("/").text
        characters = html[html.index('data-facet="character"'):]
        characters = characters[:characters.index("</section>")]
        assert "Minerva McGonagall" in characters and "/characters/" not in characters
        found = html[html.index('data-facet="appears"'):]
        found = found[:found.index("</section>")]
        pages = [h for h in links(found) if h.startswith("/characters/")]
        assert f"/characters/{quote('Draco Malfoy', safe='')}" in pages
        assert all(client.get(h).status_code == 200 for h in pages)


def test_an_exclusion_that_would_leave_nothing_is_not_offered(client):
    html = client.get("/", params={"pov": "first"}).text  # one work: excluding any of its values leaves none
    assert _total(html) == 1 and 'class="fx"' not in html
    both = client.get("/").text
    assert 'href="/?not_pov=first"' in both and 'href="/?not_pov=third"' in both


def test_the_crawl_follows_the_sites_own_links_only():
    html = ('<a href="/?fandom=A&amp;rating=B#x">a</a> <a href="https://archiveofourown.org/works/1">b</a>'
            '<a href="#top">c</a> <a href="/works/2">d</a> <a href="/works/2">again</a>')
    assert links(html) == ["/?fandom=A&rating=B", "/works/2"]

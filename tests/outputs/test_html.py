"""The HTML report: self-contained, small, escaped, and faithful to the text's offsets."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

from ficlens.outputs.html import render_html, speaker_classes
from ficlens.outputs.json import read_dict
from ficlens.read import read_bytes
from ficlens.structure import build_structure

VOID = {"meta", "br", "input", "hr", "img", "link", "circle", "line", "polyline", "polygon", "stop"}


class _Page(HTMLParser):
    """Checks that every tag closes in order and collects quotes, paragraphs, ids and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.quotes: list[list] = []  # [css classes, text]
        self.paragraphs: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            assert attrs["id"] not in self.ids, f"duplicate id {attrs['id']}"
            self.ids.add(attrs["id"])
        if "href" in attrs:
            self.links.append(attrs["href"])
        self.sources += [attrs[a] for a in ("src", "srcset", "action", "data") if a in attrs]
        if tag in VOID:
            return
        self.stack.append((tag, attrs))
        if tag == "span" and "q" in attrs.get("class", "").split() and self._in_story():
            self.quotes.append([attrs["class"], ""])
        if tag == "p" and self._in_story() and not attrs.get("class"):
            self.paragraphs.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes <{self.stack[-1][0] if self.stack else '-'}>"
        self.stack.pop()

    def handle_data(self, data):
        if not self._in_story():
            return
        open_quotes = [a for t, a in self.stack if t == "span" and "q" in a.get("class", "").split()]
        if open_quotes:
            self.quotes[-1][1] += data
        if any(t == "p" and not a.get("class") for t, a in self.stack):
            self.paragraphs[-1] += data

    def _in_story(self) -> bool:
        return any(a.get("id") == "story" for _, a in self.stack)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack[-3:]}"
    return parser


_RENDERED: dict[str, tuple[str, dict, str]] = {}


@pytest.fixture(params=["staged_000", "staged_004"])
def rendered(request) -> tuple[str, dict, str]:
    """A seed's page, its dict and text: with stand-in story and craft keys, then with the real stages'."""
    if request.param not in _RENDERED:
        data, text = request.getfixturevalue(request.param)
        _RENDERED[request.param] = (render_html(data, text), data, text)
    return _RENDERED[request.param]


@pytest.fixture(scope="module")
def pages(staged_000, staged_004):
    return {seed: (render_html(*data), *data) for seed, data in (("000", staged_000), ("004", staged_004))}


def test_report_is_small_and_well_formed(rendered):
    page, data, text = rendered
    assert len(page.encode("utf-8")) < 3 * 2**20
    assert page.startswith("<!DOCTYPE html>")
    _parse(page)


def test_every_quote_is_shown_in_its_speakers_colour(rendered):
    page, data, text = rendered
    classes = speaker_classes(data)
    story = [(s, e) for s, e, role in data["structure"]["paragraphs"] if role in ("text", "letter")]
    expected = []
    for quote in data["quotes"]:
        css = f"q {classes[quote['speaker']]}" if quote["speaker"] else "q cu"
        for start, end in story:  # a quote over several paragraphs is shown once per paragraph
            if quote["start"] < end and quote["end"] > start and quote["end"] > quote["start"]:
                expected.append([css, text[max(start, quote["start"]) : min(end, quote["end"])]])
    shown = _parse(page).quotes
    assert len(expected) > 100
    assert shown == expected


def test_the_text_is_sliced_from_the_work_unchanged(rendered):
    page, data, text = rendered
    story = [text[s:e] for s, e, role in data["structure"]["paragraphs"] if role in ("text", "letter")]
    assert _parse(page).paragraphs == story


def test_diagnostic_links_reach_highlighted_passages(rendered):
    page, data, text = rendered
    parsed = _parse(page)
    jumps = [link for link in parsed.links if link.startswith("#p-")]
    assert len(jumps) > 50
    assert all(link[1:] in parsed.ids for link in jumps)
    for phrase in data["diagnostics"]["repeated_phrases"]:
        for span in phrase["spans"]:
            assert f'href="#p-{span["start"]}"' in page
    first = data["diagnostics"]["repeated_phrases"][0]["spans"][0]
    marked = re.search(rf'<mark class="rp" id="p-{first["start"]}"[^>]*>(.*?)</mark>', page)
    assert marked and re.sub("<[^>]+>", "", html.unescape(marked.group(1)))


def test_nothing_is_fetched_from_elsewhere(rendered):
    page = rendered[0]
    parsed = _parse(page)
    assert not parsed.sources
    assert all(link.startswith("#") for link in parsed.links)
    assert "<link" not in page and "@import" not in page
    assert re.findall(r"url\(([^)]*)\)", page) == ["#arc-fill"]
    assert "default-src 'none'" in page


def test_every_section_is_there_when_its_keys_are(pages):
    page, data, _ = pages["004"]
    for marker in ('id="overview"', 'id="characters"', 'id="dialogue"', 'id="relationship-graph"',
                   'id="arc-chart"', "Emotions per scene", 'id="craft"', 'id="story"', "no clear shape",
                   "Repeated phrases", "Dialogue tags", "Filter words", "Candy/Draco Malfoy", 'class="tag agree"',
                   "Flesch reading ease"):
        assert marker in page, marker
    assert ("Spelling" in page) == bool(data["diagnostics"]["spelling"])
    assert "Who is in which scene" in pages["000"][0]


@pytest.mark.parametrize("seed", ["000", "004"])
def test_sections_without_their_keys_are_left_out(request, seed):
    data, text = request.getfixturevalue(f"plain_{seed}")
    page = render_html(data, text)
    _parse(page)
    for gone in ('id="relationship-graph"', 'id="arc-chart"', 'id="craft"', "Emotions per scene", "Main pairing",
                 'href="#p-', "<mark"):
        assert gone not in page, gone
    assert 'id="characters"' in page and 'id="story"' in page
    assert "first person, past tense, narrated by Draco Malfoy" in page or seed == "004"


def test_a_bare_read_dict_still_renders(analysis_004):
    from ficlens.outputs.json import read_dict

    data = read_dict(analysis_004.work, analysis_004.structure)
    page = render_html(data, analysis_004.work.text)
    assert "Broken Pieces, Mended Hearts" in page and 'id="characters"' not in page
    _parse(page)


def _tiny(text: str, quotes, diagnostics=None) -> dict:
    """A minimal analysis dict over `text`: one paragraph per line, one scene."""
    paragraphs, start = [], 0
    for line in text.split("\n"):
        paragraphs.append([start, start + len(line), "text"])
        start += len(line) + 1
    data = {
        "schema": "ficlens.analysis/1",
        "source": {"path": "tiny.txt", "format": "text", "sha256": "0" * 64},
        "work": {"title": "<b>Tiny</b> & co", "authors": ["<img src=x>"], "fandoms": [], "words": 10},
        "scenes": [{"start": 0, "end": len(text), "characters": ["a"]}],
        "structure": {"paragraphs": paragraphs},
        "characters": [{"id": "a", "name": "Ann <script>", "aliases": ["Ann"], "gender": None, "mentions": 1,
                        "quotes": len(quotes)}],
        "quotes": [{"start": s, "end": e, "text": text[s:e], "speaker": "a", "addressees": [], "confidence": 1.0}
                   for s, e in quotes],
        "narration": {"pov": "third", "tense": "past", "narrator": None, "slips": []},
    }
    if diagnostics is not None:
        data["diagnostics"] = diagnostics
    return data


def test_story_text_and_names_are_escaped():
    text = 'She typed "<script>alert(1)</script>" & left.\nThen <b>nothing</b>.'
    start = text.index("<script>")
    data = _tiny(text, [(start, text.index('"', start))])
    page = render_html(data, text)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>nothing" not in page and "&lt;b&gt;Tiny&lt;/b&gt; &amp; co" in page
    assert "<img src=x>" not in page and "Ann &lt;script&gt;" in page
    assert page.count("<script>") == 1  # the page's own
    _parse(page)


def test_marks_split_at_quote_edges_and_nest():
    text = 'He said it again, "said it again and again," and said it again.'
    quote = (text.index('"') + 1, text.rindex('"'))
    spans = [{"start": m.start(), "end": m.end()} for m in re.finditer("said it again", text)]
    slip = {"start": 0, "end": len(text), "kind": "tense", "expected": "past", "found": "present", "text": text}
    data = _tiny(text, [quote], {"repeated_phrases": [{"phrase": "said it again", "count": 3, "expected": 0.1,
                                                        "variants": [], "spans": spans}],
                                 "slips": [slip]})
    page = render_html(data, text)
    paragraph = re.search(r'<article id="story"[^>]*>.*?<p id="para-\d+">(.*?)</p>', page, re.S).group(1)
    assert paragraph == (
        '<mark class="sl" id="p-0" title="tense slip: present where past is expected">He '
        '<mark class="rp" id="p-3" title="repeated ×3: said it again">said it again</mark>, &#34;</mark>'
        '<span class="q c0" title="Ann &lt;script&gt;" data-speaker="Ann &lt;script&gt;" tabindex="0"><mark class="sl" '
        'title="tense slip: present where past is '
        'expected"><mark class="rp" id="p-19" title="repeated ×3: said it again">said it again</mark> and again,'
        '</mark></span><mark class="sl" title="tense slip: present where past is expected">&#34; and '
        f'<mark class="rp" id="p-{spans[2]["start"]}" title="repeated ×3: said it again">said it again</mark>.</mark>'
    )
    assert _parse(page).quotes == [["q c0", "said it again and again,"]]


def test_a_phrase_crossing_into_a_quote_is_cut_there():
    text = 'Oh, "yes please," she said.'
    data = _tiny(text, [(5, 16)], {"echoes": [{"word": "x", "spans": [{"start": 0, "end": 8}]}]})
    paragraph = re.search(r'<article id="story"[^>]*>.*?<p id="para-\d+">(.*?)</p>', render_html(data, text), re.S).group(1)
    assert paragraph == ('<mark class="ec" id="p-0" title="echo: x">Oh, &#34;</mark><span class="q c0" '
                         'title="Ann &lt;script&gt;" data-speaker="Ann &lt;script&gt;" tabindex="0"><mark class="ec" '
                         'title="echo: x">yes</mark> please,</span>'
                         '&#34; she said.')


def test_many_speakers_share_a_grey_beyond_the_palette():
    data = {"characters": [{"id": f"p{i}"} for i in range(12)]}
    classes = speaker_classes(data)
    assert classes["p0"] == "c0" and classes["p9"] == "c9" and classes["p11"] == "cx"


def test_the_relationship_table_and_graph_say_what_binds_each_pair(pages):
    page, data, _ = pages["000"]
    table = re.search(r'<table class="pairs">.*?</table>', page, re.S).group(0)
    first = data["relationships"][0]
    assert first["kind"] == "romantic" and ">romantic</td>" in table  # Draco and Harry, lovers
    legend = dict((kind, colour) for colour, kind in re.findall(r'<i style="background:([^"]+)"></i>(\w+)</span>', page))
    assert {"romantic", "family", "friendship", "rivalry", "professional", "unknown"} <= set(legend)
    pairing_edge = re.search(r'<line [^>]*stroke="([^"]+)"[^>]*class="edge[^"]*pairing', page)
    assert pairing_edge.group(1) == legend["romantic"]  # the pairing's edge in the romance's colour


def test_each_rate_is_shown_with_its_place_among_published_works(rendered):
    page, data, _ = rendered
    assert "Against published works" in page
    for norm in data["diagnostics"]["norms"]:
        assert f"<th scope=\"row\">{norm['label']}</th>" in page
        assert norm["words"] in page


def test_the_arc_axis_fits_the_data_with_zero_marked(pages):
    for page, data, _ in pages.values():
        chart = page[page.index('id="arc-chart"') : page.index("</svg>", page.index('id="arc-chart"'))]
        labels = re.findall(r'class="tick" text-anchor="end">([-+0-9.]+)</text>', chart)
        values = [float(label) for label in labels]
        assert 0.0 in values and "grid zero" in chart
        largest = max(abs(v) for p in data["arc"]["points"] for v in (p["sentiment"], p["smoothed"]))
        # the top tick holds every window, and the data fill more than a fifth of the axis (not a fixed ±0.25)
        assert largest <= max(values) and largest > max(values) / 5
        assert "what the same sentences reach in shuffled order" in page


def _chaptered() -> tuple[dict, str]:
    """As an analysis stored before parts were found has it: a part heading the reader split off
    as an untitled chapter of its own, then three chapters: untitled, titled, and titled by a
    heading of its own."""
    lines = ["PART ONE", "Ann woke early.", "Ann walked to town.", "Chapter Three: Home", "Ann came home."]
    text = "\n".join(lines)
    data = _tiny(text, [])
    starts = [text.index(line) for line in lines]
    data["work"]["chapters"] = [
        {"title": None, "start": 0, "end": len(lines[0]), "summary": None},
        {"title": None, "start": starts[1], "end": starts[2] - 1, "summary": None},
        {"title": "The Road", "start": starts[2], "end": starts[3] - 1, "summary": None},
        {"title": "Chapter Three: Home", "start": starts[3], "end": len(text), "summary": None},
    ]
    data["structure"]["paragraphs"][0][2] = "heading"
    data["structure"]["paragraphs"][3][2] = "chapter-title"
    return data, text


def test_chapters_are_headed_in_the_text_and_listed_in_a_menu():
    page = render_html(*_chaptered())
    story = page[page.index('<article id="story"') :]
    headings = re.findall(r'<h2 class="(part|chapter)" id="(chapter-\d)">([^<]*)<', story)
    assert headings == [("part", "chapter-1", "PART ONE"), ("chapter", "chapter-2", "Chapter 1"),
                        ("chapter", "chapter-3", "Chapter 2: The Road"),
                        ("chapter", "chapter-4", "Chapter Three: Home")]
    assert story.count("PART ONE") == 1 and story.count("Chapter Three") == 1  # headings not shown twice
    menu = re.search(r'<nav id="chapters".*?</nav>', page, re.S).group(0)
    assert re.findall(r'<a href="#(chapter-\d)">([^<]*)</a>', menu) == [h[1:] for h in headings]
    assert '<a href="#chapters">Chapters (3)</a>' in page  # the part is not a chapter


def test_the_chapter_menu_groups_chapters_by_part():
    text = ("PART ONE\n\nChapter 1: The Letter\n\nAnna walked to the harbour.\n\n"
            "Chapter 2: The Boat\n\nThe boat came at noon.\n\nPART TWO\n\n"
            "Chapter 3: The Island\n\nThe island was quiet.\n")
    work = read_bytes(text.encode(), "story.txt")
    page = render_html(read_dict(work, build_structure(work)), text)
    story = page[page.index('<article id="story"') :]
    assert re.findall(r'<h2 class="(part|chapter)" id="([a-z]+-\d)">([^<]*)<', story) == [
        ("part", "part-1", "PART ONE"), ("chapter", "chapter-1", "Chapter 1: The Letter"),
        ("chapter", "chapter-2", "Chapter 2: The Boat"), ("part", "part-2", "PART TWO"),
        ("chapter", "chapter-3", "Chapter 3: The Island")]
    assert story.count("PART ONE") == 1 and story.count("Chapter 1: The Letter") == 1
    menu = re.search(r'<nav id="chapters".*?</nav>', page, re.S).group(0)
    # each part's chapters are a list inside the part's entry
    assert re.sub(r"\s+", "", menu).count('<liclass="part"><ahref="#part-1">PARTONE</a><ol><li><ahref="#chapter-1">') == 1
    assert '<a href="#chapter-2">Chapter 2: The Boat</a></li></ol></li><li class="part"><a href="#part-2">' in menu
    assert '<a href="#chapters">Chapters (3)</a>' in page


def test_a_one_chapter_work_has_no_chapter_menu(pages):
    page, _, _ = pages["004"]
    assert 'id="chapters"' not in page and 'class="chapter"' not in page


def test_the_cast_table_shows_who_matters_and_the_rest_behind_show_all():
    text = "Ann spoke."
    data = _tiny(text, [(0, 3)])
    data["characters"] += [{"id": f"x{i}", "name": f"Passerby {i}", "aliases": [], "gender": None, "mentions": 1,
                            "quotes": 0} for i in range(60)]
    page = render_html(data, text)
    table = re.search(r'<table class="people">.*?<details', page, re.S).group(0)
    assert "Ann &lt;script&gt;" in table and "Passerby" not in table
    assert "Show all 61 characters (60 more" in page and "Passerby 59" in page


def _crowd(names: list[str]) -> dict:
    """Characters who all speak and all pair up, for the graph."""
    text = "\n".join(f"{name} spoke." for name in names)
    starts = [text.index(f"{name} spoke.") for name in names]
    data = _tiny(text, [])
    data["characters"] = [{"id": f"p{i}", "name": name, "aliases": [], "gender": None, "mentions": 5, "quotes": 1}
                          for i, name in enumerate(names)]
    data["quotes"] = [{"start": s, "end": s + 3, "text": text[s : s + 3], "speaker": f"p{i}", "addressees": [],
                       "confidence": 1.0} for i, s in enumerate(starts)]
    data["relationships"] = [{"characters": [f"p{i}", f"p{j}"], "kind": "unknown", "relation": None,
                              "lines": {"a_to_b": 1, "b_to_a": 0}, "shared_scenes": 1, "co_mentions": 0,
                              "warmth": 0.3, "strength": 0.5, "evidence": [], "guard": None}
                             for i in range(len(names)) for j in range(i + 1, len(names))]
    return data, text


def test_graph_labels_never_overlap_and_a_name_without_room_is_kept_for_the_hover():
    names = [f"Lady Hermione Granger-Weasley the {n}" for n in ("First", "Second", "Third", "Fourth", "Fifth",
                                                                  "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")]
    page = render_html(*_crowd(names))
    graph = re.search(r'<svg class="chart" id="relationship-graph".*?</svg>', page, re.S).group(0)
    labels = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)">([^<]*)</text>', graph)
    boxes = []
    for x, y, anchor, name in labels:  # 13 px bold: no wider than 0.64 em a character
        width = 0.64 * 13 * len(name)
        left = float(x) - {"middle": width / 2, "end": width, "start": 0}[anchor]
        boxes.append((left, float(y) - 13, left + width, float(y) + 4))
    assert labels and all(not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
                          for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    # ten such names cannot all fit around the circle: some shortened to their first word, or left out
    assert sum(label[3] in names for label in labels) < 10
    assert all(f"<title>{name}: 1 lines spoken</title>" in graph for name in names)  # every name on hover


def test_numbers_say_their_unit_and_meaning(pages):
    page, data, _ = pages["000"]
    table = re.search(r'<table class="pairs">.*?</table>', page, re.S).group(0)
    first = data["relationships"][0]
    assert f'{first["lines"]["a_to_b"]} / {first["lines"]["b_to_a"]} <small>lines</small>' in table
    assert f'{round(100 * first["strength"])}% <small>of the strongest</small>' in table
    assert "Warmth (−1 to +1)" in table
    assert "<small>school grade</small>" in page and "<small>years of school</small>" in page


def test_an_unknown_pairing_category_prints_no_none():
    data = _tiny("Ann spoke.", [])
    data["pairing"] = {"characters": ["a", "b"], "tag": "Ann/Bo", "category": None}
    page = render_html(data, "Ann spoke.")
    assert 'Ann/Bo <span class="pill">genders unknown</span>' in page and ">None<" not in page


def test_an_arc_within_chance_says_so(pages):
    page, data, _ = pages["000"]
    assert data["arc"]["clear"] is False
    assert "no more than chance" in page and "more than 95 in 100 shuffles" not in page


def test_repeated_phrases_show_fifteen_then_show_all_with_checkable_numbers(pages):
    page, data, _ = pages["004"]
    phrases = data["diagnostics"]["repeated_phrases"]
    box = page[page.index("Repeated phrases</h3>") :]
    box = box[: box.index("</div>")]
    shown, rest = box.split("<details", 1)
    assert shown.count('<td class="phrase">') == 15 and f"Show all {len(phrases)} phrases" in rest
    assert rest.count('<td class="phrase">') == len(phrases) - 15
    assert "expected about" not in page
    words = data["work"]["words"]
    top = phrases[0]
    assert f'title="{top["count"]} times in {words:,} words ({1000 * top["count"] / words:.1f} per 1,000)' in box
    for p in phrases:  # a headline is never listed again as its own variant
        assert p["phrase"] not in [v["phrase"] for v in p["variants"]]
    assert 'data-passage="' in box


def test_an_analysis_stored_by_an_older_ficlens_still_renders(staged_004):
    # a library keeps analyses made before the arc's signal and the norms existed, and one whose
    # paragraphs figure was never written
    data, text = staged_004
    older = json.loads(json.dumps(data))
    for key in ("step", "smoothing", "signal", "clear"):
        older["arc"].pop(key)
    older["diagnostics"].pop("norms")
    del older["diagnostics"]["paragraphs"]["mean"]
    page = render_html(older, text)
    _parse(page)
    assert "Against published works" not in page and 'id="arc-chart"' in page

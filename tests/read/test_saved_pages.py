"""Saved web pages (File > Save Page As): AO3 work pages, FanFiction.Net story pages, and pages with no story.

The pages are written here the way the sites render them: AO3's from otwarchive's
`works/show`, `chapters/show`, `works/_work_header`, `works/_meta` (`dl.work.meta.group`,
`works_helper.work_meta_list`'s `dl.stats`, `series_helper`'s `span.position`) and
`chapters/_chapter`; FanFiction.Net's as FanFicFare's `adapter_fanfictionnet.py` reads
it (`#pre_story_links`, `#profile_top`, the `span.xgray` info line with `data-xutime`
dates, `select#chap_select`, `#storytext`), its mobile page with `#storycontent`.
Around the work each page keeps the site: header, menus, kudos, comments, footer.
"""

from __future__ import annotations

import base64
import html
import json
import quopri
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from story_files import ONE_SHOT, STORY, Story, StoryChapter, ao3_html

from ficlens.cli import main
from ficlens.errors import InputError
from ficlens.model import Series
from ficlens.outputs.json import schema
from ficlens.read import read_work
from ficlens.structure import build_structure

WORK_ID = STORY.work_id


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _paragraphs(chapter: StoryChapter) -> str:
    return "\n".join("<hr />" if p == "<hr>" else "<p>" + "<br />".join(_e(line) for line in p.split("\n")) + "</p>"
                     for p in chapter.paragraphs)


# --- AO3 ------------------------------------------------------------------------------------------

AO3_HEADER = """<header id="header" class="region">
  <h1 class="heading"><a href="/"><span>Archive of Our Own</span><sup> beta</sup><img alt="Archive of Our Own" class="logo" src="/images/ao3_logos/logo_42.png"></a></h1>
  <nav aria-label="Site"><ul class="primary navigation actions">
    <li class="dropdown"><a href="/menu/fandoms">Fandoms</a><ul class="menu"><li><a href="/media">All Fandoms</a></li><li><a href="/media/Books%20*a*%20Literature/fandoms">Books &amp; Literature</a></li><li><a href="/media/Movies/fandoms">Movies</a></li></ul></li>
    <li class="dropdown"><a href="/menu/browse">Browse</a></li><li class="dropdown"><a href="/menu/search">Search</a></li>
  </ul></nav>
  <form class="search" id="search" action="/works/search" method="get"><fieldset><input class="text" id="site_search" type="text" name="work_search[query]"><input class="button" type="submit" value="Search"></fieldset></form>
</header>"""

AO3_FEEDBACK = """<div id="feedback" class="feedback">
  <ul class="actions" role="navigation"><li><form action="/kudos" id="new_kudo" method="post"><input type="submit" value="Kudos ♥"></form></li><li><a href="#comments">Comments (12)</a></li></ul>
  <div id="kudos"><p class="kudos"><a href="/users/owlfan">owlfan</a> and 1,233 more users as well as 500 guests left kudos on this work!</p></div>
  <div id="comments_placeholder"><ol class="thread"><li class="comment group" id="comment_1">
    <h4 class="heading byline"><a href="/users/Reader">Reader</a> on Chapter 3</h4>
    <blockquote class="userstuff"><p>This made me cry. “Yes,” she wrote, and I lost it.</p></blockquote>
  </li></ol></div>
</div>"""

AO3_FOOTER = """<div id="footer" role="contentinfo" class="region"><h3 class="landmark heading">Footer</h3>
  <ul class="navigation actions" role="navigation"><li class="module group"><h4 class="heading">About the Archive</h4>
  <ul class="menu"><li><a href="/site_map">Site Map</a></li><li><a href="/diversity">Diversity Statement</a></li><li><a href="/tos">Terms of Service</a></li></ul></li></ul>
</div>"""


def _tag_row(css: str, one: str, many: str, tags: tuple[str, ...]) -> str:
    if not tags:
        return ""
    links = "".join(f'<li><a class="tag" href="/tags/{html.escape(t)}/works">{_e(t)}</a></li>' for t in tags)
    label = one if len(tags) == 1 else many
    return (f'<dt class="{css} tags">{label}:</dt>\n'
            f'<dd class="{css} tags"><ul class="commas">{links}</ul></dd>\n')


def _work_meta(story: Story, *, series: bool = True) -> str:
    rows = "".join((
        _tag_row("rating", "Rating", "Ratings", (story.rating,)),
        _tag_row("warning", '<a href="/tos_faq#tags">Archive Warning</a>', '<a href="/tos_faq#tags">Archive Warnings</a>',
                 story.warnings),
        _tag_row("category", "Category", "Categories", story.categories),
        _tag_row("fandom", "Fandom", "Fandoms", story.fandoms),
        _tag_row("relationship", "Relationship", "Relationships", story.relationships),
        _tag_row("character", "Character", "Characters", story.characters),
        _tag_row("freeform", "Additional Tags", "Additional Tags", story.tags),
    ))
    series_row = ("""<dt class="series">Series:</dt>
<dd class="series"><span class="series"><a class="previous" href="/works/47000001">← Previous Work</a><span class="divider"> </span><span class="position">Part 2 of <a href="/series/2417">Owl Post</a></span></span></dd>
""" if series else "")
    chapters = len(story.chapters)
    return f"""<h3 class="landmark heading">Work Header</h3>
<div class="wrapper">
<dl class="work meta group">
{rows}<dt class="language">Language:</dt>
<dd class="language" lang="en">{story.language}</dd>
{series_row}<dt class="collections">Collections:</dt>
<dd class="collections"><a href="/collections/winter_owls">Winter Owl Exchange 2023</a></dd>
<dt class="stats">Stats:</dt>
<dd class="stats"><dl class="stats"><dt class="published">Published:</dt><dd class="published">{story.published}</dd>{f'<dt class="status">Completed:</dt><dd class="status">{story.completed}</dd>' if chapters > 1 else ''}<dt class="words">Words:</dt><dd class="words">{story.words():,}</dd><dt class="chapters">Chapters:</dt><dd class="chapters">{chapters}/{chapters}</dd><dt class="comments">Comments:</dt><dd class="comments">12</dd><dt class="kudos">Kudos:</dt><dd class="kudos">1,234</dd><dt class="bookmarks">Bookmarks:</dt><dd class="bookmarks"><a href="/works/{story.work_id}/bookmarks">301</a></dd><dt class="hits">Hits:</dt><dd class="hits">56,789</dd></dl></dd>
</dl>
</div>"""


def _ao3_chapter(story: Story, position: int) -> str:
    chapter = story.chapters[position - 1]
    parts = [f'<div class="chapter" id="chapter-{position}">\n<div class="chapter preface group" role="complementary">\n'
             f'<h3 class="title"><a href="/works/{story.work_id}/chapters/{121000 + position}">Chapter {position}</a>: '
             f"{_e(chapter.title)}</h3>\n"]
    if chapter.summary:
        parts.append(f'<div id="summary" class="summary module"><h3 class="heading">Summary:</h3>'
                     f'<blockquote class="userstuff"><p>{_e(chapter.summary)}</p></blockquote></div>\n')
    if chapter.notes:
        parts.append(f'<div id="notes" class="notes module"><h3 class="heading">Notes:</h3>'
                     f'<blockquote class="userstuff"><p>{_e(chapter.notes)}</p></blockquote></div>\n')
    parts.append('</div>\n<div class="userstuff module" role="article">\n<h3 class="landmark heading" id="work">'
                 f"Chapter Text</h3>\n{_paragraphs(chapter)}\n</div>\n")
    if chapter.end_notes:
        parts.append(f'<div class="chapter preface group" role="complementary"><div id="chapter_{position}_endnotes" '
                     f'class="end notes module"><h3 class="heading">Notes:</h3><blockquote class="userstuff">'
                     f"<p>{_e(chapter.end_notes)}</p></blockquote></div></div>\n")
    return "".join(parts) + "</div>\n"


def ao3_page(story: Story = STORY, *, shown: list[int] | None = None, saved_from: str | None = None) -> str:
    """A saved AO3 work page: the entire work, or the chapters `shown` (chapter view)."""
    shown = shown or list(range(1, len(story.chapters) + 1))
    first, last = 1 in shown, len(story.chapters) in shown
    byline = ", ".join(f'<a rel="author" href="/users/{a}/pseuds/{a}">{_e(a)}</a>' for a in story.authors)
    preface = ""
    if first:
        preface = (f'<div class="summary module"><h3 class="heading">Summary:</h3><blockquote class="userstuff">'
                   f"<p>{_e(story.summary)}</p></blockquote></div>\n"
                   f'<div class="notes module"><h3 class="heading">Notes:</h3><blockquote class="userstuff">'
                   f"<p>{_e(story.notes)}</p></blockquote>\n"
                   f'<p class="jump">(See the end of the work for <a href="#work_endnotes">more notes</a>.)</p></div>')
    if len(story.chapters) == 1:
        chapters = ('<h3 class="landmark heading" id="work">Work Text:</h3>\n<div class="userstuff">\n'
                    f"{_paragraphs(story.chapters[0])}\n</div>")
    else:
        chapters = "".join(_ao3_chapter(story, position) for position in shown)
    afterword = ""
    if last:
        afterword = (f'<div class="afterword preface group"><div id="work_endnotes" class="end notes module">'
                     f'<h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>{_e(story.end_notes)}</p>'
                     f"</blockquote></div></div>")
    note = f"<!-- saved from url=({len(saved_from):04d}){saved_from} -->\n" if saved_from else ""
    return f"""<!DOCTYPE html>
{note}<html lang="en"><head><meta charset="utf-8">
<title>{_e(story.title)} - {_e(story.authors[0])} - {_e(story.fandoms[0])} [Archive of Our Own]</title>
<link rel="stylesheet" href="./work_files/site.css"><script>var kudos = 1234;</script></head>
<body class="logged-out"><div id="outer" class="wrapper">
<ul id="skiplinks"><li><a href="#main">Main Content</a></li></ul>
{AO3_HEADER}
<div id="inner" class="wrapper"><div id="main" class="works-show region" role="main">
<ul class="work navigation actions" role="menu">
  <li class="chapter entire"><a href="/works/{story.work_id}?view_full_work=true">Entire Work</a></li>
  <li class="download"><a href="#">Download</a><ul class="expandable secondary">
    <li><a href="/downloads/{story.work_id}/{story.title.replace(' ', '%20')}.epub?updated_at=1680400000">EPUB</a></li>
    <li><a href="/downloads/{story.work_id}/{story.title.replace(' ', '%20')}.html?updated_at=1680400000">HTML</a></li>
  </ul></li>
</ul>
{_work_meta(story)}
<div id="workskin">
<div class="preface group">
<h2 class="title heading">{_e(story.title)}</h2>
<h3 class="byline heading">{byline}</h3>
{preface}
</div>
<div id="chapters" role="article">
{chapters}
</div>
{afterword}
</div>
{AO3_FEEDBACK}
</div></div>
{AO3_FOOTER}
</div></body></html>
"""


def _read(tmp_path: Path, text: str, name: str = "page.html"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_work(path)


def test_a_saved_ao3_work_page_reads_like_the_download(tmp_path: Path) -> None:
    work = _read(tmp_path, ao3_page(STORY))
    download = _read(tmp_path, ao3_html(STORY), "download.html")
    meta = work.meta
    assert work.source.format == "ao3-page"
    assert meta.title == "Forty-One Letters"  # not the site's "Archive of Our Own beta"
    assert meta.authors == ["Moonlit_Quill", "ivyandink"]
    assert (meta.rating, meta.warnings, meta.categories) == (STORY.rating, list(STORY.warnings), list(STORY.categories))
    assert (meta.fandoms, meta.relationships) == (list(STORY.fandoms), list(STORY.relationships))
    assert (meta.characters, meta.tags) == (list(STORY.characters), list(STORY.tags))
    assert meta.language == "English"
    assert meta.series == [Series("Owl Post", 2, "https://archiveofourown.org/series/2417")]
    assert meta.collections == ["Winter Owl Exchange 2023"]
    assert meta.summary == STORY.summary
    assert work.text == download.text  # the story and nothing of the site
    assert [c.title for c in work.chapters] == ["Chapter 1: The First Letter", "Chapter 2: Owls", "Chapter 3: Sent"]
    assert work.chapters[2].summary == "In which a letter finally leaves."
    assert [(n.kind, n.text, n.chapter) for n in work.notes] == [
        ("notes", STORY.notes, None),
        ("chapter-notes", "This chapter was written on a very long train ride.", 0),
        ("chapter-end-notes", "One more chapter to go.", 1),
        ("end-notes", STORY.end_notes, None),
    ]


def test_a_saved_ao3_page_gives_the_stats_fans_sort_by(tmp_path: Path) -> None:
    meta = _read(tmp_path, ao3_page(STORY)).meta
    # No "saved from" note: the address comes from the page's own download links.
    assert (meta.site, meta.site_id, meta.url) == ("ao3", "48151623", "https://archiveofourown.org/works/48151623")
    assert (meta.published, meta.updated, meta.complete) == ("2023-03-14", "2023-04-02", True)
    assert (meta.chapters_posted, meta.chapters_planned) == (3, 3)
    assert (meta.comments, meta.kudos, meta.bookmarks, meta.hits) == (12, 1234, 301, 56789)


def test_a_saved_ao3_page_of_a_work_in_progress(tmp_path: Path) -> None:
    page = ao3_page(STORY)
    done = ('<dt class="status">Completed:</dt><dd class="status">2023-04-02</dd>', '<dd class="chapters">3/3</dd>')
    wip = ('<dt class="status">Updated:</dt><dd class="status">2023-04-02</dd>', '<dd class="chapters">3/?</dd>')
    for old, new in zip(done, wip):
        assert old in page
        page = page.replace(old, new)
    meta = _read(tmp_path, page).meta
    assert (meta.updated, meta.complete, meta.chapters_posted, meta.chapters_planned) == ("2023-04-02", False, 3, None)


@pytest.mark.parametrize("leftover", ["Archive of Our Own", "Chapter Text", "Work Header", "Kudos", "left kudos",
                                      "This made me cry", "Site Map", "Fandoms", "Entire Work", "Download"])
def test_nothing_of_the_ao3_site_becomes_story_text(tmp_path: Path, leftover: str) -> None:
    assert leftover not in _read(tmp_path, ao3_page(STORY)).text


def test_warnings_a_reader_chose_to_hide_are_no_tags(tmp_path: Path) -> None:
    # works_helper's show_hidden_tag_link_list_item: a toggle in place of the warning tags.
    shown = _tag_row("warning", '<a href="/tos_faq#tags">Archive Warning</a>', "", STORY.warnings)
    hidden = ('<dt class="warning tags"><a href="/tos_faq#tags">Archive Warning</a>:</dt>\n'
              '<dd class="warning tags"><ul class="commas"><li id="work_48151623_category_warnings"><strong>'
              '<a class="toggle" href="/works/48151623?show_warnings=true">Show warnings</a></strong></li></ul></dd>\n')
    page = ao3_page(STORY)
    assert shown in page
    meta = _read(tmp_path, page.replace(shown, hidden)).meta
    assert meta.warnings == [] and meta.rating == STORY.rating


def test_a_saved_ao3_chapter_view_gives_that_chapter_and_the_work(tmp_path: Path) -> None:
    work = _read(tmp_path, ao3_page(STORY, shown=[2],
                                    saved_from=f"https://archiveofourown.org/works/{WORK_ID}/chapters/121002"))
    assert work.meta.title == "Forty-One Letters"
    assert work.meta.site_id == "48151623"
    assert [c.title for c in work.chapters] == ["Chapter 2: Owls"]
    assert work.text.startswith("The Owlery was colder than he remembered.")
    assert work.text.endswith("“Tomorrow,” he promised the owl. “I’ll send them both tomorrow.”")
    assert [(n.kind, n.chapter) for n in work.notes] == [("chapter-end-notes", 0)]
    assert len(build_structure(work).scenes) == 2  # the chapter's <hr />


def test_a_saved_ao3_one_shot_page(tmp_path: Path) -> None:
    work = _read(tmp_path, ao3_page(ONE_SHOT))
    assert work.meta.title == "The Owlery at Midnight"
    assert work.meta.site_id == "50000001"
    assert [c.title for c in work.chapters] == [None]
    assert "Work Text" not in work.text
    assert work.text == _read(tmp_path, ao3_html(ONE_SHOT), "download.html").text


@pytest.mark.parametrize("which", ["ao3", "ffn"])
def test_the_json_of_a_saved_page_keeps_the_contract(tmp_path: Path, which: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(ao3_page(STORY) if which == "ao3" else ffn_desktop_page(), encoding="utf-8")
    result = CliRunner().invoke(main, ["read", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema())
    assert document["work"]["site"] == which
    assert document["work"]["complete"] is True


# --- FanFiction.Net -------------------------------------------------------------------------------

FFN_ID = 14215234
PUBLISHED = int(datetime(2023, 3, 14, 18, 30, tzinfo=timezone.utc).timestamp())
UPDATED = int(datetime(2023, 4, 2, 9, 0, tzinfo=timezone.utc).timestamp())
FFN_CHAPTER = STORY.chapters[1]

FFN_MENUS = """<div id=top><div class='menulink'><a href='/'>FanFiction</a> <span class=xcontrast_txt>|</span> unleash your imagination</div>
<div class='zmenu'><a href='/anime/'>Anime</a> <a href='/book/'>Books</a> <a href='/cartoon/'>Cartoons</a> <a href='/comic/'>Comics</a> <a href='/game/'>Games</a> <a href='/misc/'>Misc</a> <a href='/play/'>Plays</a> <a href='/movie/'>Movies</a> <a href='/tv/'>TV</a></div>
<form name=myform action='/search/' method=get><input type=text name=keywords placeholder='Search'><select name=type><option value=story>Story</option><option value=writer>Writer</option></select></form>
<a href='/login.php'>Login</a> <a href='/signup.php'>Sign Up</a></div>"""

FFN_FOOTER = """<div id=p_footer class=maxwidth><a href='/help/'>Help</a> . <a href='/privacy/'>Privacy</a> . <a href='/tos/'>Terms of Service</a> . <a href='#top'>Top</a></div>
<div id='gdpr-banner' class='gdpr'>We use cookies to personalize content and ads. <button>Accept all cookies</button> <a href='/privacy/'>Cookie settings</a></div>"""


def ffn_desktop_page(*, complete: bool = True, canonical: bool = True) -> str:
    status = " - Status: Complete" if complete else ""
    link = f"<link rel='canonical' href='//www.fanfiction.net/s/{FFN_ID}/2/Forty-One-Letters'>" if canonical else ""
    options = "".join(f"<option  value={i}{' selected' if i == 2 else ''}>{i}. {_e(c.title)}"
                      for i, c in enumerate(STORY.chapters, 1))
    return f"""<!DOCTYPE html><html><head><meta charset='utf-8'>
<title>Forty-One Letters Chapter 2: Owls, a harry potter fanfic | FanFiction</title>{link}
<script src='/static/scripts/combo.js'></script></head>
<body>{FFN_MENUS}
<div id=content_parent class=maxwidth>
<div id=pre_story_links><span class=lc-left><a class=xcontrast_txt href='/book/'>Books</a><span class='xcontrast_txt icon-chevron-right xicon-section-arrow'></span><a class=xcontrast_txt href='/book/Harry-Potter/'>Harry Potter</a></span></div>
<div id=content_wrapper><div id=content_wrapper_inner>
<div id=profile_top style='min-height:112px;'>
<button class='btn pull-right icon-heart' type=button> Follow/Fav</button><b class='xcontrast_txt'>Forty-One Letters</b>
<span class='xcontrast_txt'><div style='height:5px'></div>By:</span> <a class='xcontrast_txt' href='/u/9876543/Moonlit-Quill'>Moonlit_Quill</a> <a class='xcontrast_txt' title="Send Private Message" href='https://www.fanfiction.net/pm2/post.php?uid=9876543'></a>
<div style='margin-top:2px' class='xcontrast_txt'>{_e(STORY.summary)}</div>
<span class='xgray xcontrast_txt'>Rated: <a class='xcontrast_txt' href='https://www.fictionratings.com/' target='rating'>Fiction  T</a> - English - Romance/Hurt/Comfort - [Draco M., OC] Pansy P. - Chapters: 3 - Words: 1,234 - Reviews: <a href='/r/{FFN_ID}/'>12</a> - Favs: 34 - Follows: 56 - Updated: <span data-xutime='{UPDATED}'>Apr 2</span> - Published: <span data-xutime='{PUBLISHED}'>Mar 14</span>{status} - id: {FFN_ID} </span>
</div>
<span class='lc-left'><select id=chap_select title="Chapter Navigation" Name=chapter>{options}</select></span>
<div role='main' aria-label='story content' class='storytextp' id='storytextp' align=center>
<div class='storytext xcontrast_txt nocopy' id='storytext'>
{_paragraphs(FFN_CHAPTER)}
</div></div>
<div style='height:5px'></div><span class='lc-left'><button class=btn type=button>&lt; Prev</button> <button class=btn type=button>Next &gt;</button></span>
<div id=review><form><textarea name=review></textarea><button>Post Review</button></form></div>
</div></div></div>
{FFN_FOOTER}
</body></html>
"""


def ffn_mobile_page() -> str:
    return f"""<!DOCTYPE html><html><head><meta charset='utf-8'><title>Forty-One Letters Chapter 2: Owls, a harry potter fanfic | FanFiction</title></head>
<body>
<div id=top><div style='padding-left:0.5em;'><a href='/'>FanFiction</a> &#187; <a href='/book/'>Books</a> &#187; <a href='/book/Harry-Potter/'>Harry Potter</a> &#187; <b>Forty-One Letters</b></div></div>
<div id=content><div align=center><b>Forty-One Letters</b> By: <a href='/u/9876543/Moonlit-Quill'>Moonlit_Quill</a></div>
<div align=center class=xcontrast_txt>Rated: T, English, Romance &amp; Hurt/Comfort, [Draco M., OC] Pansy P., Words: 1k+, Favs: 34, Follows: 56, Published: <span data-xutime='{PUBLISHED}'>Mar 14</span>, id: {FFN_ID}</div>
<div align=center>Ch 2 of <a href='/s/{FFN_ID}/3/'>3</a></div>
<div style='' class='storycontent nocopy' id='storycontent' >
{_paragraphs(FFN_CHAPTER)}
</div>
<div align=center><a href='/s/{FFN_ID}/1/'>&#171; Prev</a> <a href='/s/{FFN_ID}/3/'>Next &#187;</a></div>
</div>
<div id=footer><a href='/'>Home</a> . <a href='/book/'>Books</a> . <a href='/cartoon/'>Cartoons</a> . <a href='/movie/'>Movies</a> . <a href='https://www.fanfiction.net/s/{FFN_ID}/2/'>Desktop Mode</a></div>
</body></html>
"""


def test_a_saved_fanfiction_net_page_gives_the_story_and_what_the_page_says_of_it(tmp_path: Path) -> None:
    work = _read(tmp_path, ffn_desktop_page())
    meta = work.meta
    assert work.source.format == "ffn-page"
    assert (meta.title, meta.authors, meta.fandoms) == ("Forty-One Letters", ["Moonlit_Quill"], ["Harry Potter"])
    assert meta.rating == "Teen And Up Audiences"  # "Fiction T", named as every reader names it
    assert (meta.language, meta.tags) == ("English", ["Romance", "Hurt/Comfort"])
    assert meta.relationships == ["Draco M./OC"]
    assert meta.characters == ["Draco M.", "OC", "Pansy P."]
    assert meta.summary == STORY.summary
    assert (meta.site, meta.site_id, meta.url) == ("ffn", "14215234", "https://www.fanfiction.net/s/14215234")
    assert (meta.published, meta.updated) == ("2023-03-14", "2023-04-02")
    assert (meta.chapters_posted, meta.chapters_planned, meta.complete) == (3, 3, True)
    assert (meta.stats["words"], meta.comments, meta.stats["favs"], meta.stats["follows"]) == ("1,234", 12, "34", "56")
    assert [c.title for c in work.chapters] == ["Owls"]


def test_only_the_story_text_of_a_fanfiction_net_page_is_story(tmp_path: Path) -> None:
    work = _read(tmp_path, ffn_desktop_page())
    story = [line for p in FFN_CHAPTER.paragraphs if p != "<hr>" for line in p.split("\n")]
    assert work.text == "\n\n".join(story)
    structure = build_structure(work)
    assert len(structure.scenes) == 2  # the chapter's one <hr />
    for chrome in ("Books", "Cartoons", "Movies", "Updated", "Follow/Fav", "Privacy", "cookies", "Post Review"):
        assert chrome not in work.text


def test_a_fanfiction_net_story_in_progress(tmp_path: Path) -> None:
    meta = _read(tmp_path, ffn_desktop_page(complete=False, canonical=False)).meta
    assert (meta.chapters_posted, meta.chapters_planned, meta.complete) == (3, None, False)
    assert meta.url == "https://www.fanfiction.net/s/14215234"  # from "id: 14215234" on the info line


def test_a_fanfiction_net_crossover_names_both_fandoms(tmp_path: Path) -> None:
    single = ("<a class=xcontrast_txt href='/book/'>Books</a><span class='xcontrast_txt icon-chevron-right "
              "xicon-section-arrow'></span><a class=xcontrast_txt href='/book/Harry-Potter/'>Harry Potter</a>")
    crossover = "<a class=xcontrast_txt href='/Harry-Potter-and-Naruto-Crossovers/224/1402/'>Harry Potter + Naruto Crossover</a>"
    page = ffn_desktop_page()
    assert single in page
    assert _read(tmp_path, page.replace(single, crossover)).meta.fandoms == ["Harry Potter", "Naruto"]


def test_a_fictionpress_page_is_read_but_not_given_a_fanfiction_net_address(tmp_path: Path) -> None:
    page = ffn_desktop_page(canonical=False).replace("a harry potter fanfic | FanFiction", "a romance story | FictionPress")
    meta = _read(tmp_path, page).meta
    assert meta.title == "Forty-One Letters"
    assert (meta.site, meta.site_id, meta.url) == (None, None, None)  # its id 14215234 is FictionPress's


def test_a_saved_mobile_fanfiction_net_page(tmp_path: Path) -> None:
    work = _read(tmp_path, ffn_mobile_page())
    meta = work.meta
    assert (meta.title, meta.authors, meta.fandoms) == ("Forty-One Letters", ["Moonlit_Quill"], ["Harry Potter"])
    assert (meta.rating, meta.language, meta.tags) == ("Teen And Up Audiences", "English", ["Romance", "Hurt/Comfort"])
    assert (meta.relationships, meta.characters) == (["Draco M./OC"], ["Draco M.", "OC", "Pansy P."])
    assert (meta.published, meta.updated, meta.site_id) == ("2023-03-14", None, "14215234")
    assert meta.stats["words"] == "1k+"
    assert work.text == _read(tmp_path, ffn_desktop_page(), "desktop.html").text
    for chrome in ("Books", "Cartoons", "Movies", "Desktop Mode", "Prev", "Ch 2 of"):
        assert chrome not in work.text


# --- pages that are no story ----------------------------------------------------------------------

BLOG_FRONT_PAGE = """<!DOCTYPE html><html><head><title>Owl Post Fics – a fic blog</title></head><body>
<header class="site-header"><h1 class="site-title"><a href="/">Owl Post Fics</a></h1>
<nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a></li><li><a href="/masterlist/">Masterlist</a></li></ul></nav></header>
<main id="main">
""" + "".join(f"""<article class="post type-post"><header class="entry-header"><h2 class="entry-title"><a href="/2023/0{i}/letter-{i}/">Letter {i}</a></h2>
<div class="entry-meta">Posted on <a href="/2023/0{i}/">March {i}, 2023</a> by <a href="/author/quill/">quill</a></div></header>
<div class="entry-summary"><p>Draco writes another letter he will never send. Pansy finds it on the desk and reads it aloud, which he does not appreciate at all.</p>
<p><a class="more-link" href="/2023/0{i}/letter-{i}/">Continue reading →</a></p></div></article>
""" for i in range(1, 6)) + """</main>
<aside class="widget-area"><section class="widget"><h2 class="widget-title">Tags</h2><a href="/tag/drarry/">drarry</a> <a href="/tag/fluff/">fluff</a></section></aside>
<footer class="site-footer">Proudly powered by WordPress</footer></body></html>
"""

SEARCH_RESULTS = """<!DOCTYPE html><html><head><title>Search results for "owl letters"</title></head><body>
<div id="header"><a href="/">Fic Finder</a> <form action="/search" role="search"><input type="search" name="q" value="owl letters"><button>Search</button></form></div>
<p>About 1,240 results (0.31 seconds)</p><ol class="results">
""" + "".join(f"""<li class="result"><a href="https://example.org/fic/{i}"><h3>Owl Letters, part {i}</h3></a>
<span class="url">example.org › fic › {i}</span><p>Draco writes a letter. Candy reads it. A short fic about owls and letters…</p></li>
""" for i in range(1, 9)) + """</ol><div class="pagination"><a href="?p=2">2</a> <a href="?p=3">3</a> <a href="?p=2">Next</a></div></body></html>
"""

# A fandom's story list on FanFiction.Net: one div.z-list per story (title link, author, summary, info line).
FFN_LISTING = ("<!DOCTYPE html><html><head><title>Harry Potter FanFiction Archive | FanFiction</title></head><body>"
               + FFN_MENUS + "<div id=content_wrapper_inner><div id=filters><form><select name=sortid>"
               "<option value=1>Update Date</option></select></form></div>" + "".join(
    f"<div class='z-list zhover zpointer '><a class=stitle href='/s/{14000000 + i}/1/Letter-{i}'>Letter {i}</a> "
    f"by <a href='/u/{900 + i}/quill{i}'>quill{i}</a> <a class=reviews href='/r/{14000000 + i}/'>reviews</a>"
    f"<div class='z-indent z-padtop'>Draco writes another letter he will never send, and Pansy reads it aloud."
    f"<div class='z-padtop2 xgray'>Rated: T - English - Romance - Chapters: {i} - Words: {i * 1000:,}</div></div></div>"
    for i in range(1, 26)) + "</div>" + FFN_FOOTER + "</body></html>")

LOGIN_PAGE = """<!DOCTYPE html><html><head><title>Log in | Archive</title></head><body>
<nav><a href="/">Home</a> <a href="/works">Works</a></nav>
<main><h1>Log in</h1><form action="/login" method="post"><label>User name <input type="text" name="user"></label>
<label>Password <input type="password" name="password"></label><button>Log in</button></form>
<p><a href="/forgot">Forgot your password?</a> <a href="/signup">Create an account.</a></p></main>
<footer>© 2024 The Archive</footer></body></html>
"""


@pytest.mark.parametrize("page, reason", [
    (BLOG_FRONT_PAGE, "a web page listing linked titles (a blog's front page, search results), not a story"),
    (SEARCH_RESULTS, "a web page listing linked titles (a blog's front page, search results), not a story"),
    (FFN_LISTING, "a web page listing linked titles (a blog's front page, search results), not a story"),
    (LOGIN_PAGE, "a web page with a login form, not a story"),
], ids=["blog front page", "search results", "fanfiction.net story list", "login page"])
def test_a_web_page_that_is_no_story_is_refused_in_one_line(tmp_path: Path, page: str, reason: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_work(path)
    assert caught.value.reason == reason
    result = CliRunner().invoke(main, ["read", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"ficlens: {path}: {reason}"]


def test_a_page_of_site_chrome_with_a_few_sentences_is_no_story(tmp_path: Path) -> None:
    page = ("<html><body><nav><a href='/'>Home</a></nav><main><h1>About us</h1><p>We are a small team of fans. "
            "Write to us any time.</p></main><footer>© 2024</footer></body></html>")
    with pytest.raises(InputError) as caught:
        _read(tmp_path, page)
    assert caught.value.reason == ("HTML holds no story text (a web page with only 12 words of prose among the "
                                   "site's menus and forms)")  # "About us" is a heading; nav and footer are chrome


def test_a_hand_written_html_story_is_still_read(tmp_path: Path) -> None:
    paragraphs = [line for p in STORY.chapters[0].paragraphs for line in p.split("\n")]
    page = ("<html><head><title>The First Letter</title></head><body><h1>The First Letter</h1>"
            + "".join(f"<p>{_e(p)}</p>" for p in paragraphs) + "</body></html>")
    work = _read(tmp_path, page)
    assert work.source.format == "html"
    assert work.meta.title == "The First Letter"
    assert work.text == "The First Letter\n\n" + "\n\n".join(paragraphs)


def test_a_story_on_a_site_page_is_read_without_the_site(tmp_path: Path) -> None:
    story = [line for c in STORY.chapters for p in c.paragraphs if p != "<hr>" for line in p.split("\n")]
    page = ("<html><head><title>Forty-One Letters | my fic blog</title></head><body>"
            "<header><a href='/'>my fic blog</a></header><nav><a href='/'>Home</a> <a href='/fics'>Fics</a></nav>"
            "<article><h1>Forty-One Letters</h1>" + "".join(f"<p>{_e(p)}</p>" for p in story) + "</article>"
            "<div class='comments'><p>Loved this! Thank you for writing it.</p></div>"
            "<footer>© 2024 quill. Powered by a static site generator.</footer></body></html>")
    work = _read(tmp_path, page)
    assert work.text == "Forty-One Letters\n\n" + "\n\n".join(story)


def test_a_story_post_with_a_login_box_and_related_posts_is_still_a_story(tmp_path: Path) -> None:
    story = [line for c in STORY.chapters for p in c.paragraphs if p != "<hr>" for line in p.split("\n")]
    page = ("<html><head><title>Forty-One Letters</title></head><body>"
            "<header class='site-header'><h1 class='site-title'><a href='/'>my fic blog</a></h1></header>"
            "<main><article class='post'><header class='entry-header'><h1 class='entry-title'>Forty-One Letters</h1>"
            "</header><div class='entry-content'>" + "".join(f"<p>{_e(p)}</p>" for p in story) + "</div></article>"
            "<div class='related-posts'>" + "".join(f"<h3><a href='/{i}'>Letter {i}</a></h3>" for i in range(4))
            + "</div></main><aside class='sidebar'><form><input type='text' name='log'>"
            "<input type='password' name='pwd'><button>Log in</button></form></aside></body></html>")
    assert _read(tmp_path, page).text == "\n\n".join(story)


def test_a_page_of_links_is_no_story(tmp_path: Path) -> None:
    fandoms = "".join(f"<li><a href='/fandom/{i}'>Fandom number {i}</a> (1,204 works)</li>" for i in range(60))
    page = (f"<html><body><nav><a href='/'>Home</a></nav><ul class='fandoms'>{fandoms}</ul>"
            "<p>Pick a fandom to see its works. New works are added every day.</p></body></html>")
    with pytest.raises(InputError) as caught:
        _read(tmp_path, page)
    assert caught.value.reason == "a web page made mostly of links, not a story"


# --- a page saved as one file (MHTML) -------------------------------------------------------------

def mhtml(page: str, address: str, boundary: str = "----MultipartBoundary--Hq3bVrPL4x8sNm2cYtK0wZ----") -> bytes:
    """A page as Chrome's "Webpage, Single File" writes it (Blink): MIME headers, the page quoted-printable
    with no charset named, then its resources."""
    body = quopri.encodestring(page.encode("utf-8")).decode("ascii")
    logo = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(24)).decode("ascii")
    lines = [
        "From: <Saved by Blink>", f"Snapshot-Content-Location: {address}", "Subject: Forty-One Letters",
        "Date: Sat, 6 May 2023 10:12:45 -0000", "MIME-Version: 1.0", "Content-Type: multipart/related;",
        '\ttype="text/html";', f'\tboundary="{boundary}"', "", "",
        f"--{boundary}", "Content-Type: text/html", "Content-ID: <frame-5C2B1F0E9A@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable", f"Content-Location: {address}", "", body,
        f"--{boundary}", "Content-Type: image/png", "Content-Transfer-Encoding: base64",
        "Content-Location: https://archiveofourown.org/images/ao3_logos/logo_42.png", "", logo,
        f"--{boundary}--", "",
    ]
    return "\r\n".join(lines).encode("ascii")


def test_an_ao3_page_saved_as_one_file_reads_like_the_page(tmp_path: Path) -> None:
    path = tmp_path / "Forty-One Letters.mhtml"
    path.write_bytes(mhtml(ao3_page(STORY), f"https://archiveofourown.org/works/{WORK_ID}?view_full_work=true"))
    work = read_work(path)
    assert (work.source.format, work.source.encoding) == ("ao3-page", "utf-8")
    assert work.meta.title == "Forty-One Letters" and work.meta.site_id == "48151623"
    assert work.text == _read(tmp_path, ao3_page(STORY)).text  # curly quotes and all, through quoted-printable


def test_a_fanfiction_net_page_saved_as_one_file_gives_its_address(tmp_path: Path) -> None:
    page = ffn_desktop_page(canonical=False)
    assert f" - id: {FFN_ID}" in page
    path = tmp_path / "story.mht"
    path.write_bytes(mhtml(page.replace(f" - id: {FFN_ID}", ""), f"https://www.fanfiction.net/s/{FFN_ID}/2/"))
    meta = read_work(path).meta  # no canonical link, no id on the info line: the archive's address tells
    assert (meta.site, meta.url) == ("ffn", "https://www.fanfiction.net/s/14215234")


def test_an_mhtml_archive_without_a_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.mhtml"
    data = mhtml("", "https://example.org/").replace(b"Content-Type: text/html\r\n", b"Content-Type: text/css\r\n")
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_work(path)
    assert caught.value.reason == "an MHTML archive holding no web page"

"""The HTML writer: escaping, structure the PDF tags come from, and strings from the table."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
from doctree_samples import every_node_document, t

from kitgen import doctree as d
from kitgen.strings import Strings, load_strings
from kitgen.writers.html import css_string, page_of_css, render_html

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class _Tags(HTMLParser):
    """Start tags with their attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def strings() -> Strings:
    return load_strings(TEMPLATES, "en")


@pytest.fixture(scope="module")
def html(strings: Strings) -> str:
    return render_html(every_node_document(), TEMPLATES, strings)


def test_page_has_language_title_and_dates_from_meta(html: str) -> None:
    assert '<html lang="en">' in html
    assert "<title>Sample Guide</title>" in html
    assert '<meta name="dcterms.created" content="2025-01-15">' in html
    assert '<meta name="dcterms.modified" content="2025-01-15">' in html
    assert '<meta name="author" content="Sample District">' in html
    assert "size: letter;" in html


def test_lesson_text_is_characters_not_markup(html: str) -> None:
    assert "&lt;b&gt;not bold&lt;/b&gt; {{ not_jinja }} &amp; ampersand." in html
    assert "<b>" not in html
    assert all(tag != "b" for tag, _ in tags(html))


def test_hostile_meta_and_titles_are_escaped(strings: Strings) -> None:
    doc = every_node_document()
    meta = replace(doc.meta, title='<script>x</script>"', footer='"><i>', running_title="{{ 7*7 }}")
    blocks = (*doc.blocks, d.Callout("help", "<em>t</em>", ()), d.Table(((t("<th>"),),), caption="<x>"))
    html = render_html(d.Document(meta, blocks), TEMPLATES, strings)
    assert "<title>&lt;script&gt;x&lt;/script&gt;&#34;</title>" in html
    assert 'data-footer="&#34;&gt;&lt;i&gt;"' in html
    assert 'data-running="{{ 7*7 }}"' in html
    assert "&lt;em&gt;t&lt;/em&gt;" in html
    assert "<caption>&lt;x&gt;</caption>" in html
    assert not {"script", "i"} & {tag for tag, _ in tags(html)}


def test_headings_follow_levels_and_running_headings_start_pages(html: str) -> None:
    found = [(tag, attrs) for tag, attrs in tags(html) if re.fullmatch(r"h[1-6]", tag)]
    assert [tag for tag, _ in found] == ["h1", "h2", "h3", "h3", "h3", "h4", "h2"]
    running = [attrs for tag, attrs in found if "data-running" in attrs]
    assert [a["data-running"] for a in running] == ["Lesson 1: First Lesson", "Lesson 2: Second Lesson"]
    assert all(a["class"] == "new-page" for a in running)
    assert 'data-running="Sample Guide"' in html  # the initial running header
    assert 'data-footer="Sample District · Sample Guide"' in html


def test_contents_links_to_the_level_two_headings(html: str) -> None:
    ids = {attrs["id"]: tag for tag, attrs in tags(html) if "id" in attrs}
    contents = html[html.index('class="contents"') : html.index("</ol>", html.index('class="contents"'))]
    hrefs = re.findall(r'<li data-target="#([^"]+)"><a href="#\1">([^<]+)</a></li>', contents)
    assert [text for _, text in hrefs] == ["Lesson 1: First Lesson", "Lesson 2: Second Lesson"]
    assert all(ids[anchor] == "h2" for anchor, _ in hrefs)
    assert '<p class="contents-title">Contents</p>' in contents


def test_table_has_caption_header_cells_and_widths(html: str) -> None:
    table = html[html.index("<table>") : html.index("</table>")]
    assert "<caption>Agenda</caption>" in table
    assert '<thead>\n<tr><th scope="col">Section</th><th scope="col">Minutes</th></tr>\n</thead>' in table
    assert "<td>Warm-up</td><td>5</td>" in table
    assert '<col style="width: 80.00%">' in table


def test_image_callouts_lists_write_in_and_links(html: str) -> None:
    imgs = [attrs for tag, attrs in tags(html) if tag == "img"]
    assert imgs == [
        {"src": "assets/images/sample.png", "alt": "A sample picture of a blue square", "style": "width: 60%"}
    ]
    assert "<figcaption>A caption</figcaption>" in html
    kinds = re.findall(r'class="callout callout-(\w+)"', html)
    assert kinds == [
        "glance",
        "video",
        "advisory",
        "safety",
        "facilitator",
        "answer",
        "agreement",
        "help",
        "card",
    ]
    assert '<p class="callout-title">At a glance</p>' in html
    assert '<ul class="checklist">' in html
    assert '<div class="write-in" style="height: 1.32in"></div>' in html
    assert '<a href="tel:18883737888">phone link</a>' in html
    assert '<div class="page-break"></div>' in html


def test_image_src_cannot_become_another_scheme(strings: Strings) -> None:
    doc = d.Document(every_node_document().meta, (d.Image("file:///etc/passwd", alt="x"),))
    html = render_html(doc, TEMPLATES, strings)
    assert 'src="assets/file%3A///etc/passwd"' in html


def test_page_size_and_page_numbers_come_from_meta_and_strings() -> None:
    hostile = Strings("xx", {"page_of": 'S. {page} / "{total}"</style>', "facilitator_only": "F"})
    doc = d.Document(replace(every_node_document().meta, page_size="a4"), ())
    html = render_html(doc, TEMPLATES, hostile)
    assert "size: A4;" in html
    assert '</style>"' not in html and html.count("</style>") == 1
    assert str(page_of_css(hostile)) == (
        '"S\\00002e " counter(page) " \\00002f \\000022" counter(pages) '
        '"\\000022\\00003c\\00002fstyle\\00003e"'
    )
    assert str(css_string("a\nb")) == '"a\\00000ab"'


def test_empty_title_is_refused(strings: Strings) -> None:
    doc = d.Document(replace(every_node_document().meta, title="  "), ())
    with pytest.raises(ValueError, match="title"):
        render_html(doc, TEMPLATES, strings)


def test_the_sample_holds_every_node_type() -> None:
    """The sample is the proof that the writers handle the closed tree: it must use all of it."""
    doc = every_node_document()
    blocks = list(d.walk(doc.blocks))
    inlines: list[d.Inline] = []

    def collect(nodes: tuple[d.Inline, ...]) -> None:
        for node in nodes:
            inlines.append(node)
            if isinstance(node, d.Strong | d.Emph | d.Link):
                collect(node.children)

    for block in blocks:
        if isinstance(block, d.Paragraph | d.Heading):
            collect(block.children)
        elif isinstance(block, d.BulletList | d.NumberedList):
            for item in block.items:
                collect(item.children)
        elif isinstance(block, d.Table):
            for row in block.rows:
                for cell in row:
                    collect(cell)
    assert {type(b) for b in blocks} == set(get_args(d.Block))
    assert {type(i) for i in inlines} == set(get_args(d.Inline))
    assert {b.kind for b in blocks if isinstance(b, d.Callout)} == set(get_args(d.CalloutKind))
    assert {b.kind for b in blocks if isinstance(b, d.Part)} == set(get_args(d.PartKind))


def test_labels_come_from_the_callout_not_its_kind(html: str, strings: Strings) -> None:
    titled = re.findall(
        r'<p class="callout-title">([^<]+)<span class="callout-label">([^<]+)</span></p>', html
    )
    assert titled == [("Look for ", "· Facilitator only"), ("Answer key ", "· Facilitator only")]
    doc = d.Document(every_node_document().meta, (d.Callout("answer", "Key", (), label=None),))
    assert "callout-label" not in render_html(doc, TEMPLATES, strings)


def test_new_nodes_render(html: str) -> None:
    assert "Draw four rings.<br>Label each ring." in html
    assert (
        '<span class="blank" style="width: 14em"><span class="hidden-label">trusted adult&#39;s name</span></span>'
        in html
    )
    keep = html[html.index('<div class="keep">') :]
    assert keep.index("Write your answer:") < keep.index('class="write-in"') < keep.index("</div>\n</div>")
    assert '<div class="write-in-box" style="height: 1.98in"></div>' in html
    response = html[html.index('<table class="response">') :]
    response = response[: response.index("</table>")]
    assert "<caption>Job ads</caption>" in response
    assert response.count('<td style="height: 0.99in"></td>') == 2
    parts = re.findall(r'<section class="part part-([\w-]+)">\n<p class="part-title">([^<]+)</p>', html)
    assert parts == [("keep", "Keep this page"), ("hand-in", "Hand this page in")]


def test_body_is_the_main_landmark(html: str) -> None:
    found = [tag for tag, _ in tags(html)]
    assert found.count("main") == 1
    body = html[html.index("<main>") : html.index("</main>")]
    assert "<h1" in body and "Exit ticket question" in body


def test_only_tables_with_long_rows_may_split_a_row(strings: Strings) -> None:
    table = d.Table(((t("Question"), t("Listen for")), (t("1. Why?"), t("trust"))), caption="Questions")
    doc = d.Document(
        every_node_document().meta,
        (d.Heading(1, t("T")), table, replace(table, caption="Long", long_rows=True)),
    )
    classes = [
        attrs.get("class") for tag, attrs in tags(render_html(doc, TEMPLATES, strings)) if tag == "table"
    ]
    assert classes == [None, "long-rows"]
    assert re.search(r"table\.long-rows tr \{ break-inside: auto; \}", (TEMPLATES / "print.css").read_text())


def test_a_paragraph_that_introduces_what_follows_is_kept_with_it(html: str) -> None:
    assert '<p class="introduces">Walk through the steps:</p>' in html
    assert "p.introduces { break-after: avoid; }" in (TEMPLATES / "print.css").read_text(encoding="utf-8")

"""The DOCX writer, checked by reading the .docx back the way Word, LibreOffice and a screen
reader would: styles, numbering, relationships and properties in the saved file, not the tree."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from doctree_samples import every_node_document, image_assets, png, t
from docx import Document as open_docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from readback import contrast_on_white, libreoffice_pdfs

from kitgen import doctree as d
from kitgen.strings import load_strings
from kitgen.writers import docx_style as S
from kitgen.writers.docx import RenderError, render_docx
from kitgen.writers.docx_fonts import FACES, font_dir, obfuscate
from kitgen.writers.docx_style import WRITE_LINE
from kitgen.writers.docx_toc import heading_pages

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
NSMAP = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def render(doc: d.Document, templates: Path, assets: Path, pages: dict[str, int] | None = None) -> bytes:
    return render_docx(doc, templates, assets, load_strings(templates, "en"), pages)


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return image_assets(tmp_path_factory.mktemp("assets"))


@pytest.fixture(scope="module")
def docx_bytes(assets: Path) -> bytes:
    return render(every_node_document(), TEMPLATES, assets)


@pytest.fixture(scope="module")
def word(docx_bytes: bytes) -> WordDocument:
    return open_docx(io.BytesIO(docx_bytes))


def style_names(word: WordDocument) -> dict[str, str]:
    return {s.style_id: s.name for s in word.styles}


def body_paragraphs(word: WordDocument) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph in the body, table cells included, in order."""
    names = style_names(word)
    out = []
    for p in word.element.body.iter(qn("w:p")):
        style = p.find("w:pPr/w:pStyle", NSMAP)
        sid = style.get(qn("w:val")) if style is not None else "Normal"
        out.append((names.get(sid, sid), "".join(x.text or "" for x in p.iter(qn("w:t")))))
    return out


def test_headings_are_real_heading_styles_in_order(word: WordDocument) -> None:
    found = [
        (int(name.split()[1]), text) for name, text in body_paragraphs(word) if name.startswith("Heading ")
    ]
    assert found == d.headings(every_node_document())
    assert [level for level, _ in found][:5] == [1, 2, 3, 3, 3]
    assert found[0] == (1, "Sample Guide")
    for (before, _), (after, _) in itertools.pairwise(found):
        assert after <= before + 1, "a heading level was skipped"
    assert all(name != "Title" for name, _ in body_paragraphs(word))


def test_text_in_order_and_markup_stays_literal(word: WordDocument) -> None:
    texts = [text for _, text in body_paragraphs(word)]
    literal = (
        "Plain, strong, emphasis and a phone link. "
        "Markup stays text: <b>not bold</b> {{ not_jinja }} & ampersand."
    )
    wanted = [
        "Grades 7–12 · Sample District",
        literal,
        "Grades: 7, 8",
        "Stay calm.",
        "Nested point",
        "Write your answer:",
        "Small print.",
        "Second lesson body.",
        "Text 233733",
    ]
    positions = [texts.index(w) for w in wanted]
    assert positions == sorted(positions)
    runs = {r.text: r for p in word.paragraphs for r in p.runs}
    assert runs["strong"].bold is True and not runs["emphasis"].bold
    assert runs["emphasis"].italic is True
    assert not runs[" and a "].bold


def test_core_properties_and_language(word: WordDocument) -> None:
    cp = word.core_properties
    assert (cp.title, cp.language, cp.subject, cp.author) == (
        "Sample Guide",
        "en-US",
        "Sample subject",
        "Sample District",
    )
    assert cp.created == cp.modified == dt.datetime(2025, 1, 15, tzinfo=dt.UTC)
    assert cp.revision == 1 and cp.comments == ""
    lang = word.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NSMAP)
    assert lang is not None and lang.get(qn("w:val")) == "en-US"


def test_every_image_has_alt_text(word: WordDocument) -> None:
    doc_prs = word.element.body.findall(".//wp:docPr", NSMAP)
    assert [p.get("descr") for p in doc_prs] == ["A sample picture of a blue square"]


def test_data_tables_repeat_their_header_row(word: WordDocument) -> None:
    tables = [
        t for t in word.element.body.iter(qn("w:tbl")) if t.find("w:tblPr/w:tblCaption", NSMAP) is not None
    ]
    captions = [t.find("w:tblPr/w:tblCaption", NSMAP).get(qn("w:val")) for t in tables]
    assert captions == ["Agenda", "Job ads"]
    agenda = tables[0]
    assert agenda.find("w:tr/w:trPr/w:tblHeader", NSMAP) is not None
    assert agenda.findall("w:tr", NSMAP)[1].find("w:trPr/w:tblHeader", NSMAP) is None
    widths = [int(c.get(qn("w:w"))) for c in agenda.findall("w:tblGrid/w:gridCol", NSMAP)]
    assert widths[0] == 4 * widths[1]
    # every row may move to the next page whole, never split inside
    assert all(r.find("w:trPr/w:cantSplit", NSMAP) is not None for r in agenda.findall("w:tr", NSMAP))


def test_no_layout_tables(word: WordDocument) -> None:
    """Boxes are paragraphs: every table has a caption, a header row and more than one cell,
    but the one grid of cards to cut apart, which has dashed borders and neither."""
    grids = [t for t in word.element.body.iter(qn("w:tbl")) if t.find("w:tblPr/w:tblCaption", NSMAP) is None]
    assert (
        len(grids) == 1
        and grids[0].find("w:tblPr/w:tblBorders/w:insideV", NSMAP).get(qn("w:val")) == "dashed"
    )
    assert grids[0].find("w:tr/w:trPr/w:tblHeader", NSMAP) is None
    for table in word.element.body.iter(qn("w:tbl")):
        if table is grids[0]:
            continue
        assert len(table.findall(".//w:tc", NSMAP)) > 1
        assert table.find("w:tr/w:trPr/w:tblHeader", NSMAP) is not None
        assert table.find("w:tblPr/w:tblCaption", NSMAP) is not None


def test_response_table_rows_are_tall_enough_to_write_in(word: WordDocument) -> None:
    table = word.element.body.findall(".//w:tbl", NSMAP)[1]
    style = table.find("w:tblPr/w:tblStyle", NSMAP).get(qn("w:val"))
    assert style_names(word)[style] == "Response Table"
    rows = table.findall("w:tr", NSMAP)
    assert rows[0].find("w:trPr/w:trHeight", NSMAP) is None
    for row in rows[1:]:
        height = row.find("w:trPr/w:trHeight", NSMAP)
        assert (height.get(qn("w:hRule")), int(height.get(qn("w:val")))) == ("atLeast", 3 * WRITE_LINE)


def boxes(word: WordDocument) -> list[tuple[str, list[str]]]:
    """Each box as (style of its paragraphs, their texts): runs of paragraphs of one Callout
    style, the way Word and LibreOffice join them into one frame."""
    found: list[tuple[str, list[str]]] = []
    previous = None
    for name, text in body_paragraphs(word):
        if name.startswith("Callout "):
            kind = name.removesuffix(" Title")
            if name.endswith(" Title") or kind != previous:
                found.append((kind, []))
            found[-1][1].append(text)
        previous = name.removesuffix(" Title") if name.startswith("Callout ") else None
    return found


def test_callouts_are_framed_paragraphs_titled_by_their_first(word: WordDocument) -> None:
    callouts = [b for b in d.walk(every_node_document().blocks) if isinstance(b, d.Callout)]
    found = boxes(word)
    assert [kind for kind, _ in found] == [f"Callout {c.kind.capitalize()}" for c in callouts]
    for (_, texts), callout in zip(found, callouts, strict=True):
        title = callout.title + (f" · {callout.label}" if callout.label else "")
        assert texts[0] == title
        assert len(texts) > 1, f"{callout.title}: the box lost its content"
    safety = word.styles["Callout Safety"].element
    assert safety.find("w:pPr/w:pBdr/w:left", NSMAP) is not None
    assert safety.find("w:pPr/w:shd", NSMAP).get(qn("w:fill")) == "EBF4F3"
    # the look-for list is a real list inside the box
    look_for = paragraph_of(word, "trust")
    assert look_for.find("w:pPr/w:numPr", NSMAP) is not None
    assert style_names(word)[look_for.find("w:pPr/w:pStyle", NSMAP).get(qn("w:val"))] == "Callout Facilitator"


def test_audience_labels_print_beside_box_titles(word: WordDocument) -> None:
    titles = [text for name, text in body_paragraphs(word) if name.endswith(" Title")]
    assert "Look for · Facilitator only" in titles and "Answer key · Facilitator only" in titles
    label = word.styles["Callout Label"].element
    assert label.find("w:rPr/w:caps", NSMAP) is not None


def contrast(foreground: str, background: str) -> float:
    def luminance(value: str) -> float:
        def channel(c: int) -> float:
            x = c / 255
            return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_meet_aa_contrast(docx_bytes: bytes, word: WordDocument) -> None:
    """Every text colour against the fill it is printed on (a style's own shading, the navy
    header row for table headings, white otherwise)."""
    styles = word.styles.element
    header_fill = styles.find(
        'w:style[@w:styleId="DataTable"]//w:tblStylePr[@w:type="firstRow"]//w:shd', NSMAP
    )
    seen = 0
    for style in styles.findall("w:style", NSMAP):
        sid = style.get(qn("w:styleId"))
        own = style.find("w:pPr/w:shd", NSMAP)
        background = own.get(qn("w:fill")) if own is not None else "FFFFFF"
        if sid == "TableHeading":
            background = header_fill.get(qn("w:fill"))
        for color in style.iter(qn("w:color")):
            assert color.get(qn("w:themeColor")) is None, f"{sid}: a theme colour overrides w:val"
            if color.getparent().getparent().tag == qn("w:tblStylePr"):
                continue  # a table style's header row: checked through Table Heading
            if color.get(qn("w:val")) != "auto":
                seen += 1
                assert contrast(color.get(qn("w:val")), background) >= 4.5, (
                    f"{sid}: #{color.get(qn('w:val'))}"
                )
    assert seen > 10
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    for name in package.namelist():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            for color in etree.fromstring(package.read(name)).iter(qn("w:color")):
                assert contrast_on_white(color.get(qn("w:val"))) >= 4.5, f"{name}: #{color.get(qn('w:val'))}"
    assert contrast_on_white("4F81BD") < 4.5  # the check can fail: python-docx's default accent


def test_palette_is_the_pdf_palette() -> None:
    css = (TEMPLATES / "print.css").read_text().lower()
    for kind in ("safety", "help", "advisory", "glance"):
        look = S.BOXES[kind]
        colours = [c for c in (look.fill, look.frame[2], look.left[1] if look.left else None) if c]
        assert all(f"#{c.lower()}" in css for c in colours), kind
    assert S.BOXES["safety"].frame[2] == S.TEAL and S.BOXES["help"].frame[2] == S.NAVY


def test_link_is_a_real_hyperlink(word: WordDocument) -> None:
    rels = {r.rId: r for r in word.part.rels.values() if r.reltype == RT.HYPERLINK}
    links = word.element.body.findall(".//w:hyperlink[@r:id]", NSMAP)
    assert len(links) == 1
    rel = rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == "tel:18883737888"
    assert "".join(x.text for x in links[0].iter(qn("w:t"))) == "phone link"
    assert links[0].find("w:r/w:rPr/w:rStyle", NSMAP).get(qn("w:val")) == "Hyperlink"


def test_lists_use_real_numbering(word: WordDocument) -> None:
    numbering = word.part.numbering_part.element
    abstract_of = {
        n.get(qn("w:numId")): n.find("w:abstractNumId", NSMAP).get(qn("w:val"))
        for n in numbering.findall("w:num", NSMAP)
    }
    marker = {
        a.get(qn("w:abstractNumId")): a.find("w:lvl/w:lvlText", NSMAP).get(qn("w:val"))
        for a in numbering.findall("w:abstractNum", NSMAP)
    }
    items = {}
    for p in word.element.body.iter(qn("w:p")):
        num_pr = p.find("w:pPr/w:numPr", NSMAP)
        if num_pr is not None:
            text = "".join(x.text or "" for x in p.iter(qn("w:t")))
            items[text] = (
                marker[abstract_of[num_pr.find("w:numId", NSMAP).get(qn("w:val"))]],
                int(num_pr.find("w:ilvl", NSMAP).get(qn("w:val"))),
            )
    assert items["Preview the video"] == ("\u2610", 0)
    assert items["Stay calm."] == ("%1.", 0)
    assert items["Nested point"][1] == 1
    assert items["First objective"] == ("\u2022", 0)
    assert not any(t.startswith(("•", "-", "☐")) for t in items)


def text_of(p: etree._Element) -> str:
    return "".join(x.text or "" for x in p.iter(qn("w:t")))


def paragraph_of(word: WordDocument, text: str) -> etree._Element:
    return next(p for p in word.element.body.iter(qn("w:p")) if text_of(p) == text)


def test_write_in_is_one_paragraph_per_space(word: WordDocument) -> None:
    paragraphs = body_paragraphs(word)
    start = paragraphs.index(("Label", "Write your answer:"))
    assert paragraphs[start + 1] == ("Write-in", "")
    assert paragraphs[start + 2][0] != "Write-in"
    lines = paragraph_of(word, "Write your answer:").getnext()
    assert len(lines.findall("w:r/w:tab", NSMAP)) == 4 and len(lines.findall("w:r/w:br", NSMAP)) == 3
    tab = lines.find("w:pPr/w:tabs/w:tab", NSMAP)
    assert (tab.get(qn("w:val")), tab.get(qn("w:leader"))) == ("right", "underscore")
    box = [p for p in word.element.body.iter(qn("w:p")) if p.find("w:pPr/w:pStyle", NSMAP) is not None]
    box = [p for p in box if p.find("w:pPr/w:pStyle", NSMAP).get(qn("w:val")) == "Write-inBox"]
    assert len(box) == 1
    spacing = box[0].find("w:pPr/w:spacing", NSMAP)
    assert (spacing.get(qn("w:lineRule")), int(spacing.get(qn("w:line")))) == ("exact", 6 * WRITE_LINE)
    assert word.styles["Write-in Box"].element.find("w:pPr/w:pBdr/w:left", NSMAP) is not None
    assert "___" not in "".join(word.element.body.itertext()).replace("Start: ____  End: ____", "")


def test_keep_groups_stay_together(word: WordDocument) -> None:
    question = paragraph_of(word, "Write your answer:")
    assert question.find("w:pPr/w:keepNext", NSMAP) is not None
    lines = question.getnext()
    assert lines.find("w:pPr/w:keepLines", NSMAP) is not None
    assert lines.find("w:pPr/w:keepNext", NSMAP) is None


def test_a_paragraph_that_introduces_a_list_keeps_with_it(word: WordDocument) -> None:
    lead_in = paragraph_of(word, "Walk through the steps:")
    assert lead_in.find("w:pPr/w:keepNext", NSMAP) is not None
    assert paragraph_of(word, "We will talk about a hard topic.").find("w:pPr/w:keepNext", NSMAP) is None


def test_blank_is_one_underlined_stretched_space_and_line_breaks_are_breaks(word: WordDocument) -> None:
    card = paragraph_of(word, "A trusted adult: \u00a0")
    blank = [r for r in card.findall("w:r", NSMAP) if r.find("w:rPr/w:rStyle", NSMAP) is not None][-1]
    assert blank.find("w:rPr/w:rStyle", NSMAP).get(qn("w:val")) == "Blank"
    assert int(blank.find("w:rPr/w:spacing", NSMAP).get(qn("w:val"))) >= 14 * 200
    assert word.styles["Blank"].element.find("w:rPr/w:u", NSMAP) is not None
    rings = paragraph_of(word, "Draw four rings.Label each ring.")
    assert len(rings.findall("w:r/w:br", NSMAP)) == 1


def test_kept_part_stays_whole_and_hand_in_starts_a_right_hand_page(word: WordDocument) -> None:
    banners = [text for name, text in body_paragraphs(word) if name == "Part Title"]
    assert banners == ["Keep this page", "Hand this page in"]
    assert word.sections[-1].start_type == WD_SECTION.ODD_PAGE
    assert word.sections[-1].header.is_linked_to_previous
    paragraphs = list(word.element.body.iter(qn("w:p")))
    texts = [text_of(p) for p in paragraphs]
    kept = paragraphs[texts.index("Keep this page") : texts.index("Hand this page in")]
    kept = [p for p in kept if p.find("w:pPr/w:sectPr", NSMAP) is None]
    assert len(kept) >= 2
    assert all(p.find("w:pPr/w:keepNext", NSMAP) is not None for p in kept[:-1])
    # LibreOffice drops an empty paragraph that ends a section: a break never rides on content
    # that is only space (a write-in box), it gets a paragraph of its own
    names = style_names(word)
    for p in word.element.body.iter(qn("w:p")):
        if p.find("w:pPr/w:sectPr", NSMAP) is not None and not text_of(p):
            assert names[p.find("w:pPr/w:pStyle", NSMAP).get(qn("w:val"))] == "Section Break"


def test_write_in_box_before_a_part_keeps_its_paragraph(assets: Path) -> None:
    meta = every_node_document().meta
    doc = d.Document(meta, (d.Heading(1, t("T")), d.WriteIn(5, box=True), d.Part("hand_in", "Hand in", ())))
    word = open_docx(io.BytesIO(render(doc, TEMPLATES, assets)))
    styles = [name for name, _ in body_paragraphs(word)]
    assert styles[1:4] == ["Write-in Box", "Section Break", "Part Title"]


def test_contents_is_a_field_with_a_readable_stored_result(assets: Path) -> None:
    pages = {"Lesson 1: First Lesson": 2, "Lesson 2: Second Lesson": 5}
    word = open_docx(io.BytesIO(render(every_node_document(), TEMPLATES, assets, pages)))
    body = word.element.body
    assert "TOC" in "".join(x.text for x in body.iter(qn("w:instrText")))
    entries = [text for name, text in body_paragraphs(word) if name.lower() == "toc 2"]
    assert entries == ["Lesson 1: First Lesson2", "Lesson 2: Second Lesson5"]
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    bookmarks = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert anchors == bookmarks and len(anchors) == 2
    refs = [x.text.split() for x in body.iter(qn("w:instrText")) if "PAGEREF" in x.text]
    assert [ref[1] for ref in refs] == anchors


def test_contents_page_numbers_come_from_the_pdf_of_the_same_tree(assets: Path) -> None:
    from kitgen.writers.pdf import PdfRenderer

    doc = every_node_document()
    pdf = PdfRenderer(TEMPLATES, assets, load_strings(TEMPLATES, "en")).render(doc)
    pages = heading_pages(pdf)
    assert list(pages) == ["Lesson 1: First Lesson", "Lesson 2: Second Lesson"]
    assert 1 < pages["Lesson 1: First Lesson"] < pages["Lesson 2: Second Lesson"]


def test_running_headers_page_numbers_and_page_setup(word: WordDocument) -> None:
    headers = [s.header.paragraphs[0].text for s in word.sections]
    assert headers[:3] == ["Sample Guide", "Lesson 1: First Lesson", "Lesson 2: Second Lesson"]
    assert all(s.start_type == WD_SECTION.NEW_PAGE for s in word.sections[1:3])
    footer = word.sections[0].footer
    assert footer.paragraphs[0].text.startswith("Sample District · Sample Guide")
    instructions = [x.text.strip() for x in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert all(s.footer.is_linked_to_previous for s in word.sections[1:])
    first = word.sections[0]
    assert (first.page_width.inches, first.page_height.inches) == (8.5, 11)
    assert first.left_margin.twips == S.MARGIN_SIDE
    # the PageBreak before a section start must not add a blank page
    breaks = word.element.body.findall(".//w:pageBreakBefore", NSMAP)
    assert len(breaks) == 0


def test_settings_carry_no_east_asian_theme_language(docx_bytes: bytes) -> None:
    settings = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/settings.xml"))
    assert settings.find("w:themeFontLang", NSMAP) is None
    assert settings.find("w:compat/w:useFELayout", NSMAP) is None
    fonts = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/fontTable.xml"))
    assert [f.get(qn("w:name")) for f in fonts] == ["Atkinson Hyperlegible", "Segoe UI Symbol"]


def test_font_is_embedded_obfuscated(docx_bytes: bytes, word: WordDocument) -> None:
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    fonts = etree.fromstring(package.read("word/fontTable.xml"))
    rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    entry = fonts.find("w:font", NSMAP)
    assert entry.get(qn("w:name")) == "Atkinson Hyperlegible"
    for tag, file_name in FACES:
        embed = entry.find(tag.replace("w:", "w:"), NSMAP)
        part = "word/" + targets[embed.get(qn("r:id"))]
        assert part.endswith(".odttf")
        stored = package.read(part)
        original = (font_dir() / file_name).read_bytes()
        assert stored != original and stored[32:] == original[32:]
        assert obfuscate(stored, embed.get(qn("w:fontKey"))) == original
    content_types = package.read("[Content_Types].xml").decode()
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in content_types
    assert word.settings.element.find("w:embedTrueTypeFonts", NSMAP) is not None


def test_a4_page_size(assets: Path) -> None:
    doc = every_node_document()
    a4 = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, page_size="a4"))
    section = open_docx(io.BytesIO(render(a4, TEMPLATES, assets))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


@pytest.mark.parametrize("src", ["../outside.png", "/etc/hostname", "images/missing.png"])
def test_image_outside_assets_is_refused(assets: Path, src: str) -> None:
    (assets.parent / "outside.png").write_bytes(png())
    meta = every_node_document().meta
    doc = d.Document(meta, (d.Heading(1, t("T")), d.Image(src, alt="x")))
    with pytest.raises(RenderError):
        render(doc, TEMPLATES, assets)


def test_same_input_gives_same_bytes(docx_bytes: bytes, assets: Path) -> None:
    assert render(every_node_document(), TEMPLATES, assets) == docx_bytes
    entries = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    assert entries[0].filename == "[Content_Types].xml"
    assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}


def test_output_does_not_depend_on_the_folder(tmp_path: Path, docx_bytes: bytes) -> None:
    outputs = []
    for name in ("one", "two/deeper"):
        base = tmp_path / name
        shutil.copytree(TEMPLATES, base / "templates")
        outputs.append(render(every_node_document(), base / "templates", image_assets(base / "assets")))
    assert outputs[0] == outputs[1] == docx_bytes


def test_import_does_not_load_python_docx() -> None:
    code = "import sys, kitgen.writers.docx; assert 'docx' not in sys.modules, 'docx imported eagerly'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_reference_template_is_small_and_rebuilds_identically(tmp_path: Path) -> None:
    committed = (TEMPLATES / "reference.docx").read_bytes()
    assert len(committed) < 60_000
    names = zipfile.ZipFile(io.BytesIO(committed)).namelist()
    assert not any("thumbnail" in n or "customXml" in n or "stylesWithEffects" in n for n in names)
    out = tmp_path / "reference.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_reference_docx.py"), str(out)],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    assert out.read_bytes() == committed, (
        "templates/reference.docx is stale: rerun tools/make_reference_docx.py"
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_it(tmp_path: Path, docx_bytes: bytes) -> None:
    source = tmp_path / "guide.docx"
    source.write_bytes(docx_bytes)
    libreoffice_pdfs([source], tmp_path, timeout=180)
    pdf = tmp_path / "guide.pdf"
    assert pdf.stat().st_size > 1000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for _, heading in d.headings(every_node_document()):
        assert heading in text
    assert "Page 1 of" in text and "Lesson 2: Second Lesson" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "AtkinsonHyperlegible-Regular" in fonts and "AtkinsonHyperlegible-Bold" in fonts


def test_rows_never_split_unless_the_table_has_long_rows(assets: Path) -> None:
    table = d.Table(
        ((t("Term"), t("Definition")), (t("force"), t("Using the body to control someone."))), caption="G"
    )
    doc = d.Document(
        every_node_document().meta,
        (d.Heading(1, t("T")), table, dataclasses.replace(table, caption="Q", long_rows=True)),
    )
    word = open_docx(io.BytesIO(render(doc, TEMPLATES, assets)))
    body_rows = [tbl.findall("w:tr", NSMAP)[1] for tbl in word.element.body.iter(qn("w:tbl"))]
    assert [row.find("w:trPr/w:cantSplit", NSMAP) is not None for row in body_rows] == [True, False]

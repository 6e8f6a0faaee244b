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
from doctree_samples import every_node_document, png, t
from docx import Document as open_docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from readback import contrast_on_white

from kitgen import doctree as d
from kitgen.strings import load_strings
from kitgen.writers.docx import RenderError, render_docx

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
NSMAP = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def make_assets(folder: Path) -> Path:
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "sample.png").write_bytes(png())
    return folder


def render(doc: d.Document, templates: Path, assets: Path) -> bytes:
    return render_docx(doc, templates, assets, load_strings(templates, "en"))


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_assets(tmp_path_factory.mktemp("assets"))


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
    tables = word.element.body.findall(".//w:tbl", NSMAP)
    data = [t for t in tables if t.find("w:tblPr/w:tblCaption", NSMAP) is not None]
    assert len(data) == 1
    assert data[0].find("w:tblPr/w:tblCaption", NSMAP).get(qn("w:val")) == "Agenda"
    assert data[0].find("w:tr/w:trPr/w:tblHeader", NSMAP) is not None
    assert data[0].findall("w:tr", NSMAP)[1].find("w:trPr/w:tblHeader", NSMAP) is None
    widths = [int(c.get(qn("w:w"))) for c in data[0].findall("w:tblGrid/w:gridCol", NSMAP)]
    assert widths[0] == 4 * widths[1]
    # the only tables without a header row are the one-cell callout boxes (layout, not data)
    names = style_names(word)
    for table in tables:
        if table.find("w:tr/w:trPr/w:tblHeader", NSMAP) is None:
            style = names[table.find("w:tblPr/w:tblStyle", NSMAP).get(qn("w:val"))]
            assert style.startswith("Callout") and len(table.findall(".//w:tc", NSMAP)) == 1


def test_callouts_are_boxes_with_a_label_not_a_heading(word: WordDocument) -> None:
    paragraphs = body_paragraphs(word)
    titles = [text for name, text in paragraphs if name == "Callout Title"]
    assert titles[:2] == ["At a glance", "Video: Segment 1"] and "Where to get help" in titles
    names = style_names(word)
    styles = [names[s.get(qn("w:val"))] for s in word.element.body.findall(".//w:tblStyle", NSMAP)]
    assert "Callout Safety" in styles and "Callout Help" in styles and "Data Table" in styles


def test_colours_meet_aa_contrast(docx_bytes: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    seen = 0
    for name in package.namelist():
        if not name.startswith("word/") or not name.endswith(".xml"):
            continue
        for color in etree.fromstring(package.read(name)).iter(qn("w:color")):
            assert color.get(qn("w:themeColor")) is None, f"{name}: a theme colour overrides w:val"
            value = color.get(qn("w:val"))
            if value != "auto":
                seen += 1
                assert contrast_on_white(value) >= 4.5, f"{name}: #{value}"
    assert seen > 10
    assert contrast_on_white("4F81BD") < 4.5  # the check can fail: python-docx's default accent


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


def test_write_in_lines_are_bordered_empty_paragraphs(word: WordDocument) -> None:
    paragraphs = body_paragraphs(word)
    start = paragraphs.index(("Label", "Write your answer:"))
    assert paragraphs[start + 1 : start + 5] == [("Write-in", "")] * 4
    assert paragraphs[start + 5][0] != "Write-in"
    assert word.styles["Write-in"].element.find("w:pPr/w:pBdr/w:bottom", NSMAP) is not None


def test_contents_is_a_field_with_a_readable_stored_result(word: WordDocument) -> None:
    body = word.element.body
    assert "TOC" in "".join(x.text for x in body.iter(qn("w:instrText")))
    entries = [text for name, text in body_paragraphs(word) if name.lower() == "toc 2"]
    assert entries == ["Lesson 1: First Lesson", "Lesson 2: Second Lesson"]
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    bookmarks = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert anchors == bookmarks and len(anchors) == 2


def test_running_headers_page_numbers_and_page_setup(word: WordDocument) -> None:
    headers = [s.header.paragraphs[0].text for s in word.sections]
    assert headers == ["Sample Guide", "Lesson 1: First Lesson", "Lesson 2: Second Lesson"]
    assert all(s.start_type == WD_SECTION.NEW_PAGE for s in word.sections[1:])
    footer = word.sections[0].footer
    assert footer.paragraphs[0].text.startswith("Sample District · Sample Guide")
    instructions = [x.text.strip() for x in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert all(s.footer.is_linked_to_previous for s in word.sections[1:])
    first = word.sections[0]
    assert (first.page_width.inches, first.page_height.inches, first.left_margin.inches) == (8.5, 11, 1)
    # the PageBreak before a section start must not add a blank page
    breaks = word.element.body.findall(".//w:pageBreakBefore", NSMAP)
    assert len(breaks) == 0


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
        outputs.append(render(every_node_document(), base / "templates", make_assets(base / "assets")))
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
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "guide.pdf"
    assert pdf.stat().st_size > 1000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for _, heading in d.headings(every_node_document()):
        assert heading in text
    assert "Page 1 of" in text and "Lesson 2: Second Lesson" in text

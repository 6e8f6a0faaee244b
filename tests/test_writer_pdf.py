"""The PDF writer, checked by reading the PDF back (pikepdf, pdftotext), not by trusting the HTML."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from built_kit import built_kit
from doctree_samples import every_node_document, png
from tagged_pdf import kids, pagination_artifacts, struct_elements, untagged_content

from kitgen import doctree as d
from kitgen.strings import Strings, load_strings
from kitgen.writers.pdf import VIRTUAL_BASE, PdfRenderer, RenderError, _make_fetcher, font_dir

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"


def make_assets(folder: Path) -> Path:
    (folder / "assets" / "images").mkdir(parents=True)
    (folder / "assets" / "images" / "sample.png").write_bytes(png(40, 24, (40, 90, 160)))
    (folder / "secret.png").write_bytes(png(4, 4, (255, 0, 0)))  # exists, but outside assets/
    return folder / "assets"


@pytest.fixture(scope="module")
def strings() -> Strings:
    return load_strings(TEMPLATES, "en")


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory, strings: Strings) -> PdfRenderer:
    return PdfRenderer(TEMPLATES, make_assets(tmp_path_factory.mktemp("one")), strings)


@pytest.fixture(scope="module")
def pdf_bytes(renderer: PdfRenderer) -> bytes:
    return renderer.render(every_node_document())


@pytest.fixture(scope="module")
def pdf(pdf_bytes: bytes) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as opened:
        yield opened


def pdftotext(data: bytes, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(["pdftotext", *pages, "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


# --------------------------------------------------------------------------- what a reader sees


def test_text_is_present_in_order_and_markup_stays_literal(pdf_bytes: bytes) -> None:
    text = " ".join(pdftotext(pdf_bytes).split())
    expected = [
        "Sample Guide",
        "Grades 7\u201312 \u00b7 Sample District",
        "Contents",
        "Lesson 1: First Lesson",
        "Plain, strong, emphasis and a phone link.",
        "<b>not bold</b> {{ not_jinja }} & ampersand.",
        "At a glance",
        "Preview the video",
        "Section Minutes",
        "Stay calm.",
        "Nested point",
        "Look for · FACILITATOR ONLY",  # the label is set in capitals (text-transform)
        "Answer key · FACILITATOR ONLY",
        "Write your answer:",
        "Draw four rings.",
        "Label each ring.",
        "JOB ADS",
        "A caption",
        "A fourth-level heading",
        "Lesson 2: Second Lesson",
        "Where to get help",
        "National Human Trafficking Hotline: Call 1-888-373-7888",
        "KEEP THIS PAGE",
        "My help card",
        "A trusted adult:",
        "trusted adult's name",  # a blank's label: invisible, but text a screen reader finds
        "HAND THIS PAGE IN",
        "Exit ticket question",
    ]
    position = 0
    for snippet in expected:  # each one after the previous: reading order, not just presence
        found = text.find(snippet, position)
        assert found >= 0, f"{snippet!r} missing after position {position}"
        position = found + len(snippet)
    assert "\ufffd" not in text


def test_pages_running_header_and_footer(pdf: pikepdf.Pdf, pdf_bytes: bytes) -> None:
    assert len(pdf.pages) >= 2
    first, second, last = (pdftotext(pdf_bytes, n) for n in (1, 2, len(pdf.pages)))
    assert "LESSON 1: FIRST LESSON" in second  # header is set in small caps (text-transform)
    assert "LESSON" not in first  # no running header over the title
    assert "LESSON 2: SECOND LESSON" in last
    assert f"Page 2 of {len(pdf.pages)}" in second
    assert "Sample District · Sample Guide" in second


def test_contents_shows_page_numbers(pdf_bytes: bytes) -> None:
    lines = [" ".join(line.split()) for line in pdftotext(pdf_bytes, 1).splitlines()]
    entries = [line for line in lines if line.startswith("Lesson ")]
    assert len(entries) == 2
    assert entries[0].endswith(" 2") and entries[0].startswith("Lesson 1: First Lesson")


# --------------------------------------------------------------------------- PDF/UA signals


def test_catalog_and_metadata(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    assert str(root.Lang) == "en"
    assert bool(root.MarkInfo.Marked)
    assert "/StructTreeRoot" in root
    assert bool(root.ViewerPreferences.DisplayDocTitle)
    assert str(pdf.docinfo.Title) == "Sample Guide"
    assert str(pdf.docinfo.Author) == "Sample District"
    assert str(pdf.docinfo.CreationDate).startswith("D:20250115")
    meta = pdf.open_metadata()
    assert meta.get("dc:title") == "Sample Guide"
    assert str(meta.get("pdfuaid:part")) == "1"


def test_structure_headings_figure_and_table(pdf: pikepdf.Pdf) -> None:
    elements = struct_elements(pdf)
    names = [str(e.S) for e in elements]
    heads = [int(n[2]) for n in names if n in {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}]
    assert heads == [1, 2, 3, 3, 3, 4, 2]
    assert all(b - a <= 1 for a, b in itertools.pairwise(heads))
    figures = [e for e in elements if e.S == "/Figure"]
    assert [str(f.Alt) for f in figures] == ["A sample picture of a blue square"]
    assert names.count("/Table") == 2 and names.count("/TH") == 4
    assert names.count("/Caption") == 3  # two tables and the figure
    assert "/Part" in names  # <main>; WeasyPrint opens one per page
    assert "/L" in names and "/LI" in names and "/Link" in names


def test_fonts_are_embedded_atkinson_hyperlegible(pdf: pikepdf.Pdf) -> None:
    fonts: dict[str, bool] = {}
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            fonts[str(font.BaseFont)] = "/FontFile2" in descendant.FontDescriptor
    assert fonts and all(fonts.values())
    assert all(name.split("+")[-1].replace("-", "").startswith("AtkinsonHyperlegible") for name in fonts)
    assert len(fonts) >= 3  # regular, bold, italic


def test_page_margins_are_pagination_artifacts_and_all_else_is_tagged(
    pdf: pikepdf.Pdf, pdf_bytes: bytes
) -> None:
    """Matterhorn 01-005: nothing on a page escapes both the structure tree and the artifacts."""
    assert untagged_content(pdf) == []
    # footer and "Page X of Y" on every page, the running title after the first; still text
    assert [pagination_artifacts(page) for page in pdf.pages] == [2] + [3] * (len(pdf.pages) - 1)
    assert "Page 3 of" in pdftotext(pdf_bytes, 3)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:  # the parent tree maps exactly the MCIDs still on the page
        used = {
            int(operands[1].MCID)
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC"
            and isinstance(operands[1], pikepdf.Dictionary)
            and "/MCID" in operands[1]
        }
        mapped = tree[int(page.StructParents)]
        assert {i for i, element in enumerate(mapped) if element is not None} == used


def test_contents_entries_are_one_link_each_described_by_their_text(pdf: pikepdf.Pdf) -> None:
    links = [(str(a.Contents), str(a.Dest)) for a in pdf.pages[0].Annots if a.Subtype == "/Link"]
    assert links == [("Lesson 1: First Lesson", "h-2"), ("Lesson 2: Second Lesson", "h-7")]
    elements = [e for e in struct_elements(pdf) if e.S == "/Link"]
    assert len(elements) == 3  # the two entries and the phone link: no nested link elements
    phone = [a for page in pdf.pages for a in page.get("/Annots", ()) if "/A" in a]
    assert [str(a.Contents) for a in phone] == ["phone link"]


def test_response_table_and_parts(pdf: pikepdf.Pdf, pdf_bytes: bytes) -> None:
    cells = [e for e in struct_elements(pdf) if e.S == "/TD"]
    assert len([c for c in cells if not kids(c)]) == 2  # the response table's two empty cells
    hand_in = next(n for n in range(1, len(pdf.pages) + 1) if "HAND THIS PAGE IN" in pdftotext(pdf_bytes, n))
    assert hand_in % 2 == 1, "the part handed in starts on a right-hand (odd) page"
    assert hand_in == len(pdf.pages)
    kept = [n for n in range(1, hand_in) if "KEEP THIS PAGE" in pdftotext(pdf_bytes, n)]
    assert len(kept) == 1, "the kept part comes before the exit ticket and is never split"


@pytest.mark.slow
def test_built_kit_is_fully_tagged_and_keeps_captions_with_their_tables() -> None:
    pdfs = sorted(built_kit().rglob("*.pdf"))
    assert len(pdfs) >= 7
    for path in pdfs:
        with pikepdf.open(path) as opened:
            assert untagged_content(opened) == [], path.name
            elements = struct_elements(opened)
            captions_alone = [
                e for e in elements if e.S == "/Table" and all(k.get("/S") == "/Caption" for k in kids(e))
            ]
            assert captions_alone == [], f"{path.name}: a table caption split from its table"
            links = [a for page in opened.pages for a in page.get("/Annots", ()) if a.Subtype == "/Link"]
            assert all(not str(a.Contents).startswith("h-") for a in links), path.name


# --------------------------------------------------------------------------- refusals


def image_doc(src: str, alt: str = "A picture") -> d.Document:
    return d.Document(every_node_document().meta, (d.Heading(1, (d.Text("T"),)), d.Image(src, alt=alt)))


@pytest.mark.parametrize(
    "src",
    ["../secret.png", "file:///etc/passwd", "/etc/passwd", "images/missing.png", "images/../../secret.png"],
)
def test_images_outside_assets_are_refused(renderer: PdfRenderer, src: str) -> None:
    with pytest.raises(RenderError, match=r"refused|no such file"):
        renderer.render(image_doc(src))


def test_raw_html_cannot_reach_files_or_network(renderer: PdfRenderer) -> None:
    for src in ("file:///etc/passwd", "https://example.com/a.png", f"{VIRTUAL_BASE}fonts/../../etc/passwd"):
        page = f'<html lang="en"><title>T</title><h1>T</h1><img src="{src}" alt="x"></html>'
        with pytest.raises(RenderError, match="refused"):
            renderer.write(page)


def test_fetcher_serves_only_its_three_roots(tmp_path: Path) -> None:
    assets = make_assets(tmp_path)
    fetcher = _make_fetcher({"fonts": font_dir(), "templates": TEMPLATES, "assets": assets})
    assert fetcher.fetch(f"{VIRTUAL_BASE}assets/images/sample.png").read().startswith(b"\x89PNG")
    assert fetcher.fetch(f"{VIRTUAL_BASE}fonts/AtkinsonHyperlegible-Bold.ttf").content_type == "font/ttf"
    for url in (
        "file:///etc/passwd",
        "http://kitgen.invalid/assets/images/sample.png",
        f"{VIRTUAL_BASE}assets/../secret.png",
        f"{VIRTUAL_BASE}assets/%2e%2e/secret.png",
        f"{VIRTUAL_BASE}templates/../../../../etc/passwd",
        f"{VIRTUAL_BASE}other/x.png",
        f"{VIRTUAL_BASE}assets/",
        "data:text/plain,hi",
    ):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 8


def test_missing_alt_is_refused(renderer: PdfRenderer) -> None:
    with pytest.raises(RenderError, match="alt"):
        renderer.render(image_doc("images/sample.png", alt=" "))


def test_weasyprint_accessibility_errors_become_render_errors(renderer: PdfRenderer) -> None:
    img = f'<img src="{VIRTUAL_BASE}assets/images/sample.png" alt="">'
    with pytest.raises(RenderError, match="alt description"):
        renderer.write(f'<html lang="en"><title>T</title><h1>T</h1>{img}</html>')
    with pytest.raises(RenderError, match="lang"):
        renderer.write("<html><title>T</title><h1>T</h1></html>")


# --------------------------------------------------------------------------- reproducibility


def test_same_document_twice_gives_identical_bytes(renderer: PdfRenderer, pdf_bytes: bytes) -> None:
    assert renderer.render(every_node_document()) == pdf_bytes


def test_output_does_not_depend_on_the_folder(tmp_path: Path, strings: Strings) -> None:
    outputs = []
    for name in ("first", "second/deeper"):
        folder = tmp_path / name
        templates = folder / "templates"
        shutil.copytree(TEMPLATES, templates)
        outputs.append(PdfRenderer(templates, make_assets(folder), strings).render(every_node_document()))
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"%PDF-1.7")


def test_a4_documents_get_a4_pages(renderer: PdfRenderer) -> None:
    doc = every_node_document()
    data = renderer.render(replace(doc, meta=replace(doc.meta, page_size="a4")))
    with pikepdf.open(io.BytesIO(data)) as opened:
        width, height = (round(float(v)) for v in opened.pages[0].MediaBox[2:])
    assert (width, height) == (595, 842)


def test_importing_the_writer_does_not_import_weasyprint() -> None:
    code = "import sys, kitgen.writers.pdf; assert 'weasyprint' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


_RENDER_IN_CHILD = """
import sys
import time
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from doctree_samples import every_node_document
from kitgen.strings import load_strings
from kitgen.writers.pdf import PdfRenderer
templates = Path(sys.argv[1]) / "templates"
renderer = PdfRenderer(templates, Path(sys.argv[2]), load_strings(templates, "en"))
sys.stdout.buffer.write(renderer.render(every_node_document()))
"""


@pytest.mark.slow
def test_separate_processes_seconds_apart_give_identical_bytes(tmp_path: Path) -> None:
    """Font subsetting must not stamp the clock, whatever the environment says."""
    assets = make_assets(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    outputs = []
    for delay in (0.0, 2.1):
        time.sleep(delay)
        result = subprocess.run(
            [sys.executable, "-c", _RENDER_IN_CHILD, str(ROOT), str(assets)],
            capture_output=True,
            check=True,
            env=env,
        )
        outputs.append(result.stdout)
    assert outputs[0].startswith(b"%PDF") and outputs[0] == outputs[1]

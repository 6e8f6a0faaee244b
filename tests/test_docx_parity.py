"""The DOCX of every built document against its PDF, through LibreOffice as a second reader:
about the same number of pages, and every box title and audience label the PDF prints."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from built_kit import built_kit, kit_through_libreoffice
from lxml import etree
from readback import pdf_page_count, pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PDF_LABEL = re.compile(r"· ([A-Z][A-Z' ]*[A-Z])\b(?![a-z])")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]


def squash(text: str) -> str:
    """White space made single: box titles are compared word for word, not squashed together."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def box_titles(docx: Path) -> list[str]:
    """The text of every box title paragraph (style ``Callout <Kind> Title``), label included."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    titles = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and re.fullmatch(r"Callout\w+Title", style.get(f"{W}val", "")):
            titles.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return titles


@pytest.fixture(scope="module")
def kit() -> Path:
    return built_kit()


@pytest.fixture(scope="module")
def through_libreoffice() -> Path:
    return kit_through_libreoffice()


def test_docx_pages_within_ten_percent_of_the_pdf(kit: Path, through_libreoffice: Path) -> None:
    counts = {
        pdf.name: (pdf_page_count(through_libreoffice / pdf.name), pdf_page_count(pdf))
        for pdf in sorted(kit.rglob("*.pdf"))
        if pdf.with_suffix(".docx").exists()
    }
    assert len(counts) >= 7
    off = {name: c for name, c in counts.items() if abs(c[0] - c[1]) > 0.1 * c[1]}
    assert off == {}, f"(DOCX through LibreOffice, PDF) pages: {off}"


def test_libreoffice_lays_out_the_docx_in_the_embedded_font(kit: Path, through_libreoffice: Path) -> None:
    guide = next(through_libreoffice.glob("*facilitator-guide.pdf"))
    fonts = subprocess.run(["pdffonts", str(guide)], check=True, capture_output=True, text=True).stdout
    assert "AtkinsonHyperlegible-Regular" in fonts and "AtkinsonHyperlegible-Bold" in fonts


def test_every_box_title_and_label_is_in_both_formats(kit: Path, through_libreoffice: Path) -> None:
    """Box titles (with their audience label) read from the DOCX are printed in the PDF, and
    the PDF prints no more audience labels than the DOCX carries."""
    for docx in sorted(kit.rglob("*.docx")):
        titles = box_titles(docx)
        boxed = any(kind in docx.name for kind in ("facilitator-guide", "student-handout", "family-letter"))
        assert titles or not boxed, docx.name  # a card set, a survey or a family sheet has no box
        raw = pdf_text(docx.with_suffix(".pdf"))
        printed = squash(raw)
        missing = [title for title in titles if squash(title) not in printed]
        assert missing == [], f"{docx.name}: box titles the PDF does not print"
        labels = {squash(title.partition(" · ")[2]) for title in titles if " · " in title}
        labels |= {squash(label) for label in PDF_LABEL.findall(raw)}  # printed in capitals
        for label in labels:
            in_pdf = printed.count(f"· {label}")
            in_docx = sum(squash(title).endswith(f"· {label}") for title in titles)
            assert in_pdf <= in_docx, (
                f"{docx.name}: '{label}' {in_pdf} times in the PDF, {in_docx} in the DOCX"
            )
        lo_text = squash(pdf_text(through_libreoffice / docx.with_suffix(".pdf").name))
        assert [title for title in titles if squash(title) not in lo_text] == [], docx.name


def test_instructions_that_end_in_a_list_stay_on_the_page_of_their_space(
    kit: Path, through_libreoffice: Path
) -> None:
    """Lesson 5's protective map: the heading, "Fill each ring …:", the four rings and the box
    to draw in are on one page in both formats (LibreOffice had put the heading and the first
    sentence at the foot of the page before, the rings and the box on the next)."""
    name = "ht-awareness-lesson-05-vulnerability-and-labor-student-handout.pdf"
    for pdf in (kit / "student" / name, through_libreoffice / name):
        pages = pdf_text(pdf).split("\f")
        page = next(page for page in pages if "A protective map" in page)
        assert "Fill each ring" in page and "Outer ring" in page and "11." in page, pdf

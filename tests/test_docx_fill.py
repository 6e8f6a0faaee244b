"""A DOCX rendered before its PDF, with the contents' page numbers left empty, and filled in with
them afterwards (``docx.fill_pages``) is the very file rendered with them, byte for byte: with the
numbers of one layout or of another that shifts every page (other digit counts, a heading the PDF
does not have), for a hand-built tree and for the shipped guide as the build makes it."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from built_kit import REPO, built_kit, composed
from doctree_samples import every_node_document, image_assets
from lxml import etree

from kitgen import doctree as d
from kitgen.strings import load_strings
from kitgen.writers.docx import fill_pages, render_docx
from kitgen.writers.docx_toc import heading_pages

TEMPLATES = REPO / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = "Familias & escuelas: <juntas> “¿qué?” — 2ª parte"
"""An entry whose text is escaped in the XML and is not ASCII."""


def contents_document() -> d.Document:
    """The every-node tree with two more level-2 headings: one of ``HOSTILE`` text (partly bold)
    and a plain one."""
    doc = every_node_document()
    extra = (
        d.Heading(2, (d.Text("Familias & escuelas: "), d.Strong((d.Text("<juntas> “¿qué?” — 2ª parte"),)))),
        d.Paragraph((d.Text("Body."),)),
        d.Heading(2, (d.Text("Closing"),)),
    )
    return dataclasses.replace(doc, blocks=doc.blocks + extra)


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return image_assets(tmp_path_factory.mktemp("assets"))


def rendered(doc: d.Document, assets: Path, pages: Mapping[str, int] | None) -> bytes:
    return render_docx(doc, TEMPLATES, assets, load_strings(TEMPLATES, "en"), pages)


@pytest.fixture(scope="module")
def blank(assets: Path) -> bytes:
    return rendered(contents_document(), assets, None)


def contents(docx: bytes) -> list[tuple[str, str]]:
    """Each contents entry as a reader sees it: its text and its stored page number."""
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    entries = []
    for link in body.iter(f"{W}hyperlink"):
        if link.get(f"{W}anchor", "").startswith("_Toc_kitgen_"):
            texts = [t.text or "" for t in link.iter(f"{W}t")]
            entries.append((texts[0], texts[-1]))
    return entries


LAYOUTS = {
    "one layout": {"Lesson 1: First Lesson": 3, "Lesson 2: Second Lesson": 7, HOSTILE: 8, "Closing": 9},
    "every page shifted": {
        "Lesson 1: First Lesson": 9,
        "Lesson 2: Second Lesson": 99,
        HOSTILE: 100,
        "Closing": 1234,
    },
    "a heading not in the PDF": {"Lesson 1: First Lesson": 2, "Closing": 10},
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_filled_in_is_byte_identical_to_rendered_with_the_numbers(
    blank: bytes, assets: Path, layout: str
) -> None:
    pages = LAYOUTS[layout]
    filled = fill_pages(blank, pages)
    assert filled == rendered(contents_document(), assets, pages)
    shown = dict(contents(filled))
    assert shown == {text: str(pages[text]) if text in pages else "" for text in shown}
    assert list(shown) == ["Lesson 1: First Lesson", "Lesson 2: Second Lesson", HOSTILE, "Closing"]


def test_an_entry_not_as_the_writer_writes_it_is_refused(blank: bytes) -> None:
    with pytest.raises(ValueError, match="3 of 4 contents entries"):
        fill_pages(fill_pages(blank, {"Closing": 5}), {"Closing": 6})


@pytest.mark.slow
def test_the_shipped_guide_docx_of_a_build_is_the_guide_rendered_with_its_pdf_numbers() -> None:
    """The build renders the guide's DOCX beside its PDF and fills the numbers in (with two or
    more cores); the file is the DOCX rendered after the PDF with them. And filled in with every
    number shifted, it is the DOCX rendered with those."""
    folder = built_kit() / "facilitator"
    stem = "ht-awareness-whole-unit-facilitator-guide"
    guide = composed(REPO / "lessons")[stem]
    numbers = heading_pages((folder / f"{stem}.pdf").read_bytes())
    assert len(numbers) > 8 and min(numbers.values()) < 10 < max(numbers.values()) < 100
    lessons = REPO / "lessons"
    strings = load_strings(TEMPLATES, guide.meta.language)
    assert (folder / f"{stem}.docx").read_bytes() == render_docx(guide, TEMPLATES, lessons, strings, numbers)
    shifted = {text: page + 15 for text, page in numbers.items()}  # 2 → 17, 90 → 105
    blank = render_docx(guide, TEMPLATES, lessons, strings, None)
    assert fill_pages(blank, shifted) == render_docx(guide, TEMPLATES, lessons, strings, shifted)

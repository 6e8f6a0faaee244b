"""A passage in another language than its document's is tagged with its own language in the PDF
and the DOCX (PDF/UA-1 7.2, WCAG 3.1.2 Language of Parts), so a screen reader reads the English
note of a Spanish handout with English pronunciation, and the rest in Spanish.

Read back as a reader meets it: the PDF's text per language of the structure element that owns
it (``pdf_language.text_in``), the DOCX's runs with their ``w:lang``.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pikepdf
import pytest
from built_kit import built_kit
from doctree_samples import image_assets, t
from pdf_language import text_in
from readback import pdf_text, squash
from tagged_pdf import struct_elements

from kitgen import doctree as d
from kitgen.compose.common import translation_note
from kitgen.strings import Strings, load_strings
from kitgen.writers.docx import render_docx
from kitgen.writers.pdf import PdfRenderer

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SPANISH = "Hoy hablamos de cómo pedir ayuda."
ITEM = "Puedes decir «paso» en cualquier pregunta."
NESTED = "y esto sigue en español"
ENGLISH_ITEM = "Crisis line"
ENGLISH_CELL = "Text line"


@pytest.fixture(scope="module")
def es() -> Strings:
    return load_strings(TEMPLATES, "es")


@pytest.fixture(scope="module")
def en() -> Strings:
    return load_strings(TEMPLATES, "en")


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return image_assets(tmp_path_factory.mktemp("assets"))


def _meta(language: str) -> d.Meta:
    return d.Meta(
        title="Hoja del estudiante",
        language=language,
        audience="student",
        subject="Prueba",
        author="Distrito",
        date="2025-01-15",
        running_title="Hoja del estudiante",
        footer="Distrito · Hoja del estudiante",
    )


@pytest.fixture(scope="module")
def spanish(es: Strings, en: Strings) -> d.Document:
    """A small Spanish handout with English in a list item, a table cell and inside a link, one
    Spanish phrase inside the English, and the unreviewed-translation note as the build adds it."""
    doc = d.Document(
        _meta("es"),
        (
            d.Heading(1, t("Hoja del estudiante")),
            d.Paragraph(t(SPANISH)),
            d.BulletList(
                (
                    d.ListItem(t(ITEM)),
                    d.ListItem(
                        (
                            d.Link("tel:988", (d.Span("en", t(ENGLISH_ITEM)),)),
                            d.Text(": llama al 988"),
                        )
                    ),
                )
            ),
            d.Table(
                ((t("Recurso"), t("Cómo")), ((d.Span("en", (d.Strong(t(ENGLISH_CELL)),)),), t("233733"))),
                caption="Recursos",
            ),
            d.Paragraph((d.Span("en", (d.Text("Help: "), d.Span("es", t(NESTED)))),)),
        ),
    )
    return translation_note(doc, es, en)


@pytest.fixture(scope="module")
def spanish_pdf(assets: Path, es: Strings, spanish: d.Document) -> bytes:
    return PdfRenderer(TEMPLATES, assets, es).render(spanish)


def _note(strings: Strings) -> str:
    return strings("translation_unreviewed")


def test_the_english_passages_are_read_in_english(spanish_pdf: bytes, en: Strings) -> None:
    assert squash(text_in(spanish_pdf, "en")) == squash(f"{ENGLISH_ITEM} {ENGLISH_CELL} Help: {_note(en)}")


def test_the_spanish_text_is_read_in_spanish(spanish_pdf: bytes, es: Strings, en: Strings) -> None:
    spanish = squash(text_in(spanish_pdf, "es"))
    for text in (SPANISH, ITEM, NESTED, _note(es), ": llama al 988"):
        assert squash(text) in spanish
    for text in (ENGLISH_ITEM, ENGLISH_CELL, "Help:", _note(en)):
        assert squash(text) not in spanish
    with pikepdf.open(io.BytesIO(spanish_pdf)) as pdf:
        assert str(pdf.Root.Lang) == "es"


def test_lang_is_written_only_in_the_parts_in_another_language(
    spanish_pdf: bytes, assets: Path, en: Strings
) -> None:
    """Outside the English parts no element says its language (it inherits the document's);
    an English document without parts in another language has no /Lang below its root."""
    with pikepdf.open(io.BytesIO(spanish_pdf)) as pdf:
        tagged = [(str(e.S), str(e.Lang)) for e in struct_elements(pdf) if "/Lang" in e]
    # the link's span, the cell's span and its bold text, the help span and its Spanish phrase,
    # the note's span on each of its two lines
    assert tagged == [
        ("/Span", "en"),
        ("/Span", "en"),
        ("/NonStruct", "en"),
        ("/Span", "en"),
        ("/Span", "es"),
        ("/Span", "en"),
        ("/Span", "en"),
    ]
    english = d.Document(_meta("en"), (d.Heading(1, t("Handout")), d.Paragraph(t("All English."))))
    with pikepdf.open(io.BytesIO(PdfRenderer(TEMPLATES, assets, en).render(english))) as pdf:
        assert [e for e in struct_elements(pdf) if "/Lang" in e] == []


def test_the_tagged_pdf_is_byte_reproducible(
    spanish_pdf: bytes, assets: Path, es: Strings, spanish: d.Document
) -> None:
    assert PdfRenderer(TEMPLATES, assets, es).render(spanish) == spanish_pdf


def test_the_docx_runs_say_their_language(
    spanish: d.Document, assets: Path, es: Strings, en: Strings
) -> None:
    with zipfile.ZipFile(io.BytesIO(render_docx(spanish, TEMPLATES, assets, es))) as package:
        body = ET.fromstring(package.read("word/document.xml"))
        styles = ET.fromstring(package.read("word/styles.xml"))
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default is not None and default.get(f"{W}val") == "es-US"
    runs = [
        ((lang.get(f"{W}val") if (lang := run.find(f"{W}rPr/{W}lang")) is not None else None), text)
        for run in body.iter(f"{W}r")
        if (text := "".join(node.text or "" for node in run.iter(f"{W}t")))
    ]
    tagged = [(lang, text) for lang, text in runs if lang is not None]
    assert tagged == [
        ("en-US", ENGLISH_ITEM),
        ("en-US", ENGLISH_CELL),
        ("en-US", "Help: "),
        ("es-US", NESTED),
        ("en-US", _note(en)),
    ]
    untagged = " ".join(text for lang, text in runs if lang is None)
    assert SPANISH in untagged and _note(es) in untagged and _note(en) not in untagged


@pytest.mark.slow
def test_the_shipped_spanish_pdfs_read_only_the_note_in_english() -> None:
    """Every Spanish PDF of the shipped whole-unit kit, the copy-room file too: the English note
    is all a reader reads in English, each time the page prints it; no English PDF has a part in
    another language."""
    english = squash(_note(load_strings(TEMPLATES, "en")))
    checked = 0
    for path in sorted(built_kit().rglob("*.pdf")):
        if not path.stem.endswith("-es"):
            with pikepdf.open(path) as pdf:
                assert [e for e in struct_elements(pdf) if "/Lang" in e] == [], path.name
            continue
        notes = squash(pdf_text(path)).count(english)
        data = path.read_bytes()
        assert squash(text_in(data, "en")) == english * notes, path.name
        assert english not in squash(text_in(data, "es")), path.name
        checked += notes > 0
    assert checked >= 15


@pytest.mark.slow
def test_the_catalog_tags_a_spanish_title_as_spanish() -> None:
    """The catalog page is English; a translated material's own title in it is a Spanish part."""
    page = (built_kit().parent / "index.html").read_text(encoding="utf-8")
    # its row's heading cell and the hidden name of each format's link (PDF, DOCX)
    assert page.count('<span lang="es">¿Mito o realidad? Tarjetas con afirmaciones</span> (Spanish)') == 3
    assert page.count('<span lang="es">Marcus y Lina</span> (Spanish)') == 3
    assert '<span lang="es">Myth or fact?' not in page and '<span lang="en">' not in page

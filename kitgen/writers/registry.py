"""The output formats: each registers its name, file suffix and a factory that imports its writer
only when a document of that format is rendered (``validate`` never loads WeasyPrint or
python-docx; a DOCX-only build never sets up WeasyPrint)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kitgen import doctree as d
from kitgen.strings import Strings, load_strings

Pages = bytes | Mapping[str, int] | None
"""What a format takes from the PDF of the same tree: that PDF, or the page numbers of its
contents headings already read from it (``kitgen.pdf_facts``)."""

Render = Callable[[d.Document, Pages], bytes]
"""Renders one tree, given ``Pages`` when the format uses them."""


@dataclass(frozen=True)
class Writer:
    name: str
    suffix: str
    make: Callable[[Path, Path, Strings], Render]
    """Set up the writer once (templates, lesson assets, string table); returns its render function."""
    pages_from: str | None = None
    """A format whose rendering of the same tree gives this one its contents' page numbers."""
    fill: Callable[[bytes, Mapping[str, int]], bytes] | None = None
    """Puts those page numbers into a file rendered without them: the bytes rendering with them
    gives, so the file need not wait for the other format's."""
    preload: Callable[[], None] = lambda: None
    """Import what ``make`` and rendering import, ahead of them (``render.preload``)."""


def _tables(templates: Path, strings: Strings) -> Callable[[str], Strings]:
    """The string table of a document's language: ``strings``, or another language's, read once.
    One writer serves every language, so a kit in English and Spanish sets WeasyPrint up once."""
    tables = {strings.language: strings}

    def table(language: str) -> Strings:
        if language not in tables:
            tables[language] = load_strings(templates, language)
        return tables[language]

    return table


class _Pdf:
    """The PDF writer: renders a tree, or writes the HTML of one part of a tree (``pdf_parts``)."""

    def __init__(self, templates: Path, assets: Path, strings: Strings) -> None:
        from kitgen.writers.pdf import PdfRenderer

        self.renderer, self.table = PdfRenderer(templates, assets, strings), _tables(templates, strings)

    def __call__(self, doc: d.Document, _pages: Pages) -> bytes:
        return self.renderer.render(doc, self.table(doc.meta.language))

    def write(self, html: str, date: str) -> bytes:
        return self.renderer.write_dated(html, date)


def _docx(templates: Path, assets: Path, strings: Strings) -> Render:
    from kitgen.writers.docx import render_docx
    from kitgen.writers.docx_toc import heading_pages

    table = _tables(templates, strings)

    def render(doc: d.Document, pdf: Pages) -> bytes:
        pages = heading_pages(pdf) if isinstance(pdf, bytes) else pdf
        return render_docx(doc, templates, assets, table(doc.meta.language), pages)

    return render


def _fill_docx(data: bytes, pages: Mapping[str, int]) -> bytes:
    from kitgen.writers.docx import fill_pages

    return fill_pages(data, pages)


def _preload_pdf() -> None:
    from kitgen.writers.weasyprint_import import import_weasyprint

    import_weasyprint()  # first: whatever imports WeasyPrint later finds it imported
    from weasyprint.text import fonts  # noqa: F401

    from kitgen.writers import (  # noqa: F401
        ffi_arrays,
        line_break_fix,
        page_styles,
        pdf,
        pdf_combine,
        pdf_parts,
        pdf_tags,
        pydyf_pages,
        pydyf_write,
    )


def _preload_docx() -> None:
    import docx  # noqa: F401

    from kitgen import pdf_facts  # noqa: F401
    from kitgen.writers import docx as writer  # noqa: F401
    from kitgen.writers import docx_toc  # noqa: F401


WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (
        Writer(
            "pdf",
            ".pdf",
            _Pdf,
            preload=_preload_pdf,
        ),
        Writer(
            "docx",
            ".docx",
            _docx,
            pages_from="pdf",
            fill=_fill_docx,
            preload=_preload_docx,
        ),
    )
}

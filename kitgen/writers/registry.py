"""The output formats: each registers its name, file suffix and a factory that imports its writer
only when a document of that format is rendered (``validate`` never loads WeasyPrint or
python-docx; a DOCX-only build never sets up WeasyPrint)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kitgen import doctree as d
from kitgen.strings import Strings

Render = Callable[[d.Document, bytes | None], bytes]
"""Renders one tree; the bytes argument is the PDF of the same tree when the format uses it."""


@dataclass(frozen=True)
class Writer:
    name: str
    suffix: str
    make: Callable[[Path, Path, Strings], Render]
    """Set up the writer once (templates, lesson assets, string table); returns its render function."""
    pages_from: str | None = None
    """A format whose rendering of the same tree gives this one its contents' page numbers."""


def _pdf(templates: Path, assets: Path, strings: Strings) -> Render:
    from kitgen.writers.pdf import PdfRenderer

    renderer = PdfRenderer(templates, assets, strings)
    return lambda doc, _pdf: renderer.render(doc)


def _docx(templates: Path, assets: Path, strings: Strings) -> Render:
    from kitgen.writers.docx import render_docx
    from kitgen.writers.docx_toc import heading_pages

    def render(doc: d.Document, pdf: bytes | None) -> bytes:
        return render_docx(doc, templates, assets, strings, heading_pages(pdf) if pdf is not None else None)

    return render


WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (
        Writer("pdf", ".pdf", _pdf),
        Writer("docx", ".docx", _docx, pages_from="pdf"),
    )
}

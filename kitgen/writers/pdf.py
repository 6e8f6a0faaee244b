"""HTML → tagged PDF/UA-1 through WeasyPrint, reproducible and sealed off from the machine.

Why it looks like this:
- WeasyPrint and pikepdf are imported lazily: ``validate`` must not pay their import time.
- One ``FontConfiguration`` and one parsed stylesheet serve every document of a renderer.
- Every resource is requested under a fixed virtual base URL and served by ``_Fetcher`` from
  exactly three roots (bundled fonts, templates, lesson assets). The bytes then do not depend on
  the folder the build runs in (image names hash the URL), and a lesson cannot pull in
  ``file:///etc/passwd``, ``../secret.png`` or anything from the network.
- WeasyPrint only *logs* a missing ``lang`` or ``alt`` and a failed fetch and still writes a PDF;
  those records are collected and turned into ``RenderError``, so a build never ships such a PDF.
- WeasyPrint's tags are repaired by ``pdf_tags`` before they are written (margin content as
  pagination artifacts, links described by their text).
- Dates come from ``Meta.date`` only; ``SOURCE_DATE_EPOCH`` is pinned to it during writing when
  the caller has not set it, so even a fontTools fallback stamps no wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kitgen import doctree as d
from kitgen.strings import Strings
from kitgen.writers.html import render_html

VIRTUAL_BASE = "https://kitgen.invalid/"
STYLESHEET = "print.css"
FONT_PACKAGE = "fontpkg_atkinson_hyperlegible"

_CONTENT_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
"""Fixed, not ``mimetypes``: that module reads /etc/mime.types, which differs between machines."""

_FATAL_LOG_TEXT = ("has no required alt description", 'Missing required "lang"', "Failed to load")


WARM_UP = (
    '<!DOCTYPE html>\n<html lang="en"><head><title>Warm-up</title></head><body><p>Warm-up</p></body></html>\n'
)
"""A page whose writing does what WeasyPrint does once per process on its first document (cffi
parsing the C types it allocates, among others): written before forking workers, so that each
of them does not (``kitgen.render``)."""


class RenderError(Exception):
    """A document cannot become a correct PDF (missing alt or lang, a refused or broken resource)."""


def font_dir() -> Path:
    """The folder of the bundled Atkinson Hyperlegible TTF files."""
    return Path(str(importlib.resources.files(FONT_PACKAGE) / "files"))


class _Fetcher:
    """Serves ``fonts/``, ``templates/`` and ``assets/`` under ``VIRTUAL_BASE``; refuses the rest.

    Built on demand as a subclass of WeasyPrint's ``URLFetcher`` (see ``_make_fetcher``) so this
    module imports without WeasyPrint. Refusals are remembered in ``refused`` because WeasyPrint
    swallows fetch exceptions and only logs them.
    """

    def __init__(self, roots: dict[str, Path]) -> None:
        self.roots = {name: root.resolve() for name, root in roots.items()}
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path:
        """The file behind ``url``, or ``PermissionError`` when it is not ours to serve."""
        if not url.startswith(VIRTUAL_BASE):
            raise PermissionError(f"refused URL outside the virtual base: {url}")
        path = unquote(urlsplit(url).path).lstrip("/")
        top, _, rest = path.partition("/")
        root = self.roots.get(top)
        if root is None or not rest:
            raise PermissionError(f"refused URL outside fonts/, templates/, assets/: {url}")
        target = (root / rest).resolve()
        if not target.is_relative_to(root):
            raise PermissionError(f"refused URL escaping {top}/: {url}")
        if not target.is_file():
            raise PermissionError(f"no such file under {top}/: {url}")
        return target

    def fetch(self, url: str, headers: object = None) -> Any:
        from weasyprint.urls import URLFetcherResponse

        try:
            target = self.resolve(url)
        except PermissionError as error:
            self.refused.append(str(error))
            raise
        content_type = _CONTENT_TYPES.get(target.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": content_type})


def _make_fetcher(roots: dict[str, Path]) -> Any:
    """A ``_Fetcher`` that is also a WeasyPrint ``URLFetcher`` (its 70.0 extension point)."""
    from weasyprint.urls import URLFetcher

    class Fetcher(_Fetcher, URLFetcher):
        def __init__(self, roots: dict[str, Path]) -> None:
            URLFetcher.__init__(self, allowed_protocols=("https",))
            _Fetcher.__init__(self, roots)

    return Fetcher(roots)


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors of one render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _pinned_source_date(date: str) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH from the document date while writing, unless the caller set it."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    try:
        day = dt.date.fromisoformat(date)
        epoch = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    except ValueError:
        epoch = 0
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def document_html(doc: d.Document, templates: Path, strings: Strings) -> str:
    """The HTML the PDF of ``doc`` is written from; ``RenderError`` when it cannot be a correct PDF."""
    missing = [b.src for b in d.walk(doc.blocks) if isinstance(b, d.Image) and not b.alt.strip()]
    if missing:
        raise RenderError(f"image without alt text: {', '.join(missing)}")
    try:
        return render_html(doc, templates, strings)
    except ValueError as error:
        raise RenderError(str(error)) from error


class PdfRenderer:
    """Renders many documents in one process with one font configuration and one stylesheet.

    Not thread-safe: the log gate listens on WeasyPrint's global logger. Use processes to
    render in parallel.
    """

    def __init__(self, templates: Path, assets: Path, strings: Strings) -> None:
        from kitgen.writers.weasyprint_import import import_weasyprint

        weasyprint = import_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        from kitgen.writers import ffi_arrays, line_break_fix, page_styles, pydyf_pages, pydyf_write

        ffi_arrays.install()
        page_styles.install()
        pydyf_pages.install()
        pydyf_write.install()
        line_break_fix.install()

        self.templates = templates.resolve()
        self.assets = assets.resolve()
        self.strings = strings
        self._roots = {"fonts": font_dir(), "templates": self.templates, "assets": self.assets}
        self._weasyprint = weasyprint
        self._font_config = FontConfiguration()
        fetcher = _make_fetcher(self._roots)
        with self._gate(fetcher, "stylesheet"):
            self._css = weasyprint.CSS(
                url=f"{VIRTUAL_BASE}templates/{STYLESHEET}",
                url_fetcher=fetcher,
                font_config=self._font_config,
            )

    def render(self, doc: d.Document, strings: Strings | None = None) -> bytes:
        """The PDF/UA-1 bytes of ``doc``; ``RenderError`` when it would not be a correct PDF.
        ``strings``: the table of the document's language, when it is not the renderer's."""
        return self.write_dated(document_html(doc, self.templates, strings or self.strings), doc.meta.date)

    def write_dated(self, html: str, date: str) -> bytes:
        """``write`` with the clock pinned to ``date`` (one part of a document, see ``render``)."""
        with _pinned_source_date(date):
            return self.write(html)

    def write(self, html: str) -> bytes:
        """The PDF/UA-1 bytes of an HTML page that uses the virtual base URL."""
        from kitgen.writers import pdf_tags

        fetcher = _make_fetcher(self._roots)
        with self._gate(fetcher, "document"):
            page = self._weasyprint.HTML(string=html, base_url=VIRTUAL_BASE, url_fetcher=fetcher)
            pdf: bytes = page.write_pdf(
                stylesheets=[self._css],
                font_config=self._font_config,
                pdf_variant="pdf/ua-1",
                pdf_identifier=True,
                finisher=pdf_tags.finisher(pdf_tags.link_texts(html)),
            )
        return pdf

    @contextmanager
    def _gate(self, fetcher: _Fetcher, what: str) -> Iterator[None]:
        """Turn refused fetches and WeasyPrint's accessibility errors into ``RenderError``."""
        handler = _Collect()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(handler)
        try:
            yield
        finally:
            logger.removeHandler(handler)
        problems = list(fetcher.refused)
        problems += [
            record.getMessage()
            for record in handler.records
            if any(text in record.getMessage() for text in _FATAL_LOG_TEXT)
        ]
        if problems:
            raise RenderError(f"{what}: " + "; ".join(dict.fromkeys(problems)))

"""The preview's own HTML: the index, the page of located problems, and a document wrapped for screen.

A document page is the very HTML the PDF writer prints (``render_html``), given the print
stylesheet and a screen stylesheet that draws the sheet at its page width, plus a bar with the
PDF and DOCX links and the script that reloads the page when its token changes. These pages
come from kitgen's own templates (``preview-*.html``, ``preview.css``), never a district's, so a
restyled templates folder needs nothing extra to be previewed.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from pathlib import Path

import jinja2

from ..diagnostics import Diagnostic, Severity
from ..i18n.translate import language_name
from .preview import PreviewDocument, Snapshot

SHEET_WIDTHS = {"letter": "8.5in", "a4": "210mm"}


def shipped_templates() -> Path:
    """kitgen's own templates folder (installed package, else the source checkout)."""
    try:
        return Path(str(importlib.resources.files("kitgen.templates")))
    except ModuleNotFoundError:  # a source checkout on sys.path ahead of the installed package
        return Path(__file__).resolve().parents[2] / "templates"


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(shipped_templates())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def where(problem: Diagnostic) -> str:
    """``file:line:col`` as the terminal prints it (just the file when the whole file is meant)."""
    return f"{problem.file}:{problem.line}:{problem.col}" if problem.line else problem.file


def _render(template: str, **values: object) -> str:
    return _environment().get_template(template).render(**values)


def index_page(snapshot: Snapshot, curriculum: str) -> str:
    """Every document with its PDF and DOCX links, by language, or the problems when there are errors."""
    if snapshot.failed:
        return error_page(snapshot, "index")
    warnings = sum(p.severity is Severity.WARNING for p in snapshot.diagnostics)
    languages: dict[str, list[PreviewDocument]] = {}
    for doc in snapshot.documents.values():
        languages.setdefault(doc.language, []).append(doc)
    return _render(
        "preview-index.html",
        languages=[(language_name(code), docs) for code, docs in languages.items()],
        curriculum=curriculum,
        warnings=warnings,
        doc=None,
        page="index",
        token=snapshot.token("index"),
    )


def error_page(snapshot: Snapshot, page: str, shown: tuple[Diagnostic, ...] = ()) -> str:
    """The located problems (``shown``, else the snapshot's), errors first; the page reloads into
    ``page`` once they are fixed."""
    problems = sorted(shown or snapshot.diagnostics, key=lambda p: (p.severity is not Severity.ERROR, p))
    return _render(
        "preview-errors.html",
        errors=[p for p in problems if p.severity is Severity.ERROR],
        warnings=[p for p in problems if p.severity is Severity.WARNING],
        where=where,
        doc=None,
        page=page,
        token=snapshot.token(page),
    )


def document_page(doc: PreviewDocument, snapshot: Snapshot) -> str:
    """The document's print HTML with the stylesheets, the bar and the reload script added; a
    document whose translation is refused shows its located problems instead."""
    if doc.tree is None:
        return error_page(snapshot, doc.name, doc.problems)
    head = _render("preview-head.html", sheet_width=SHEET_WIDTHS.get(doc.tree.meta.page_size, "8.5in"))
    bar = _render("preview-bar.html", doc=doc, page=doc.name, token=snapshot.token(doc.name))
    html = doc.html
    html = html.replace("</head>", head + "</head>", 1) if "</head>" in html else head + html
    body = re.search(r"<body[^>]*>", html)
    at = body.end() if body else 0
    return html[:at] + bar + html[at:]

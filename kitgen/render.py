"""Rendering many documents to DOCX and PDF, on long-lived workers.

WeasyPrint costs about half a second to import and set up fonts and styles, and then some
0.1–0.5 s per document; so each worker builds one PdfRenderer and reuses it for all the
documents it is given. Two workers match the two cores of the target machines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from . import doctree as d
from .strings import Strings, load_strings

_worker: _Renderer | None = None


class _Renderer:
    """Both writers, set up once: the PDF renderer keeps its fonts and parsed stylesheet."""

    def __init__(self, templates: Path, assets: Path, strings: Strings):
        from .writers.pdf import PdfRenderer

        self.templates, self.assets, self.strings = templates, assets, strings
        self.pdf = PdfRenderer(templates, assets, strings)

    def render(self, doc: d.Document, fmt: str, pdf: bytes | None) -> bytes:
        if fmt == "pdf":
            return self.pdf.render(doc)
        from .writers.docx import render_docx
        from .writers.docx_toc import heading_pages

        pages = heading_pages(pdf) if pdf is not None else None
        return render_docx(doc, self.templates, self.assets, self.strings, pages)


def _init_worker(templates: Path, assets: Path, language: str) -> None:
    global _worker
    _worker = _Renderer(templates, assets, load_strings(templates, language))


def _render_in_worker(doc: d.Document, fmt: str, pdf: bytes | None = None) -> bytes:
    assert _worker is not None, "worker not initialised"
    return _worker.render(doc, fmt, pdf)


def _needs_pages(doc: d.Document, fmt: str, formats: tuple[str, ...]) -> bool:
    """A DOCX with a contents list takes its page numbers from the PDF of the same tree, so it
    is rendered after that PDF (when the build makes one)."""
    return fmt == "docx" and "pdf" in formats and any(isinstance(b, d.Contents) for b in doc.blocks)


@contextmanager
def _naming(name: str) -> Iterator[None]:
    """A writer's error carries the name of the file it was rendering, as its last note."""
    try:
        yield
    except Exception as exc:
        exc.add_note(name)
        raise


def render_all(
    documents: dict[str, d.Document],
    formats: tuple[str, ...],
    templates: Path,
    assets: Path,
    progress: Callable[[str], None],
    workers: int | None = None,
) -> dict[str, bytes]:
    """Every document in every format, keyed by file name; raises the first writer error."""
    language = next(iter(documents.values())).meta.language
    jobs = [(f"{stem}.{fmt}", doc, fmt) for stem, doc in documents.items() for fmt in formats]
    count = workers if workers is not None else min(2, os.cpu_count() or 1, len(jobs))
    files: dict[str, bytes] = {}
    first = [job for job in jobs if not _needs_pages(job[1], job[2], formats)]
    later = [job for job in jobs if job not in first]
    if count <= 1:
        _init_worker(templates, assets, language)
        for name, doc, fmt in first + later:
            with _naming(name):
                pdf = files.get(name.removesuffix(".docx") + ".pdf") if (name, doc, fmt) in later else None
                files[name] = _render_in_worker(doc, fmt, pdf)
            progress(name)
        return files
    with ProcessPoolExecutor(count, initializer=_init_worker, initargs=(templates, assets, language)) as pool:
        futures = {name: pool.submit(_render_in_worker, doc, fmt) for name, doc, fmt in first}
        for name, future in futures.items():
            with _naming(name):
                files[name] = future.result()
            progress(name)
        waiting = {
            name: pool.submit(_render_in_worker, doc, fmt, files[name.removesuffix(".docx") + ".pdf"])
            for name, doc, fmt in later
        }
        for name, future in waiting.items():
            with _naming(name):
                files[name] = future.result()
            progress(name)
    return dict(sorted(files.items(), key=lambda item: [n for n, _, _ in jobs].index(item[0])))

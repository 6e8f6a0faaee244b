"""The PDF and DOCX of a previewed document, rendered on request by the build's own writers.

Nothing is written to the output folder: the bytes are kept in memory under the document's key,
so a second click is instant and an edit (a new key) renders afresh. A writer is set up once per
templates state and language, and one document renders at a time. WeasyPrint unpacks its fonts
into a temporary folder it removes only when collected, so the writers get a folder of the
preview's own, removed by ``close``.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..render import pages_source
from ..strings import load_strings
from ..writers.registry import WRITERS, Render
from .documents import folder_hash
from .preview import PreviewDocument

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class Downloads:
    """Renders documents to the registered formats on demand and keeps the latest bytes."""

    def __init__(self, templates: Path, assets: Path) -> None:
        self.templates, self.assets = templates, assets
        self._lock = threading.Lock()
        self._writers: dict[tuple[str, str, str], Render] = {}
        self._files: dict[tuple[str, str], bytes] = {}
        self._scratch: str | None = None

    def get(self, doc: PreviewDocument, fmt: str) -> bytes:
        """The document in ``fmt``; a DOCX with a contents list first gets the PDF its page numbers come from."""
        with self._lock, self._in_scratch():
            return self._render(doc, fmt)

    @contextmanager
    def _in_scratch(self) -> Iterator[None]:
        self._scratch = self._scratch or tempfile.mkdtemp(prefix="kitgen-serve-")
        saved, tempfile.tempdir = tempfile.tempdir, self._scratch
        try:
            yield
        finally:
            tempfile.tempdir = saved

    def _render(self, doc: PreviewDocument, fmt: str) -> bytes:
        found = self._files.get((doc.key, fmt))
        if found is not None:
            return found
        tree = doc.tree
        assert tree is not None, "a refused document has no files to offer"
        source = pages_source(tree, fmt, WRITERS)
        pdf = self._render(doc, source) if source else None
        language, state = tree.meta.language, folder_hash(self.templates)
        render = self._writers.get((fmt, language, state))
        if render is None:
            strings = load_strings(self.templates, language)
            render = WRITERS[fmt].make(self.templates, self.assets, strings)
            self._writers = {k: v for k, v in self._writers.items() if k[2] == state}
            self._writers[(fmt, language, state)] = render
        self._files[(doc.key, fmt)] = render(tree, pdf)
        return self._files[(doc.key, fmt)]

    def forget(self, keep: set[str]) -> None:
        """Drop the files of documents no longer on offer (their sources changed)."""
        with self._lock:
            self._files = {k: v for k, v in self._files.items() if k[0] in keep}

    def close(self) -> None:
        """Drop the writers and remove their temporary files."""
        with self._lock:
            self._writers.clear()
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
                self._scratch = None

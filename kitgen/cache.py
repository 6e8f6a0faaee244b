"""Rendered files kept between builds, keyed by everything that can change them.

A key hashes the document tree (which holds every lesson, unit, profile and string-table word
it prints, the date and the page size), the format, the images the tree names, the page
numbers a DOCX takes from its PDF, and the environment: every template file, kitgen's own
source and the versions of the libraries that write the bytes. Whatever changes a file changes
its key, so the cache cannot serve a stale document; an unchanged document is read back instead
of rendered. The cache is a folder of files named by key: deleting it only costs time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
import tempfile
from pathlib import Path

from . import doctree as d

FOLDER = ".kitgen-cache"
WRITERS = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "fonttools",
    "python-docx",
    "lxml",
    "pikepdf",
    "fontpkg-atkinson-hyperlegible",
)
"""The libraries whose versions can change the bytes of a rendered file."""


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def environment_hash(templates: Path) -> str:
    """Everything outside the document tree that shapes a rendered file."""
    digest = hashlib.sha256(sys.version.encode())
    for dist in WRITERS:
        digest.update(f"{dist}={_version(dist)}\n".encode())
    package = Path(__file__).resolve().parent
    for root in (package, templates):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def document_key(doc: d.Document, fmt: str, environment: str, assets: Path, pages_from: str | None) -> str:
    """The key of one rendered file; ``pages_from`` is the key of the PDF whose page numbers a
    DOCX contents list prints."""
    digest = hashlib.sha256(f"{environment}\n{fmt}\n{pages_from}\n".encode())
    digest.update(repr(doc).encode())
    digest.update(images_hash(doc, assets).encode())
    return digest.hexdigest()


def images_hash(doc: d.Document, assets: Path) -> str:
    """The names and bytes of the images a tree shows."""
    digest = hashlib.sha256()
    for src in sorted({b.src for b in d.walk(doc.blocks) if isinstance(b, d.Image)}):
        path = assets / src
        digest.update(src.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return digest.hexdigest()


class PartStore:
    """The cached parts of PDFs laid out in parts (``kitgen.writers.pdf_parts``), keyed by the
    part's HTML, the images of its document and the environment; counts the parts laid out."""

    def __init__(self, cache: Cache, environment: str) -> None:
        self.cache, self.environment = cache, environment
        self.rendered = 0

    def key(self, html: str, images: str) -> str:
        return hashlib.sha256(f"{self.environment}\npart\n{images}\n{html}".encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        return self.cache.get(key, "pdf")

    def put(self, key: str, data: bytes) -> None:
        self.rendered += 1
        self.cache.put(key, "pdf", data)


def bytes_key(parts: list[bytes], label: str, environment: str) -> str:
    """The key of a file assembled from other files (all handouts in one PDF)."""
    digest = hashlib.sha256(f"{environment}\n{label}\n".encode())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


class Cache:
    """The cache folder of an output folder; ``enabled=False`` (``--no-cache``) reads nothing
    but still stores what it renders, for the next build."""

    def __init__(self, out: Path, enabled: bool = True) -> None:
        self.folder, self.enabled = out / FOLDER, enabled
        self.used: set[str] = set()

    def _path(self, key: str, fmt: str) -> Path:
        return self.folder / f"{key}.{fmt}"

    def get(self, key: str, fmt: str) -> bytes | None:
        """The stored bytes for ``key``, or None."""
        self.used.add(f"{key}.{fmt}")
        if not self.enabled:
            return None
        try:
            return self._path(key, fmt).read_bytes()
        except OSError:
            return None

    def put(self, key: str, fmt: str, data: bytes) -> None:
        """Store ``data`` whole or not at all (written beside, then renamed)."""
        self.used.add(f"{key}.{fmt}")
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, self._path(key, fmt))
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def forget_unused(self) -> None:
        """Remove entries this build did not use (after a build of every saved kit)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)

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
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def tree_hash(doc: d.Document, assets: Path) -> str:
    """A document tree and the images it shows: hashed once, shared by the tree's formats."""
    digest = hashlib.sha256(repr(doc).encode())
    digest.update(images_hash(doc, assets).encode())
    return digest.hexdigest()


def document_key(tree: str, fmt: str, environment: str, pages: Mapping[str, int] | None) -> str:
    """The key of one rendered file of the tree hashed as ``tree`` (``tree_hash``); ``pages``
    are the page numbers a DOCX contents list prints (read from the PDF of the same tree),
    which is all the DOCX takes from that PDF."""
    numbers = None if pages is None else json.dumps(sorted(pages.items()), ensure_ascii=False)
    return hashlib.sha256(f"{environment}\n{fmt}\n{numbers}\n{tree}".encode()).hexdigest()


def images_hash(doc: d.Document, assets: Path) -> str:
    """The names and bytes of the images a tree shows."""
    digest = hashlib.sha256()
    for src in sorted({b.src for b in d.walk(doc.blocks) if isinstance(b, d.Image)}):
        path = assets / src
        digest.update(src.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class PartFacts:
    pages: int
    outline: dict[str, int]
    """Heading id → page index (from 0) in the part."""


class PartStore:
    """The cached parts of PDFs laid out in parts (``kitgen.writers.pdf_parts``), keyed by the
    part's HTML, the images of its document and the environment; counts the parts laid out.
    Each part's page count and heading pages are kept beside it, so joining a long document
    again does not parse every unchanged part to number the pages; and the keys of the parts
    a document was joined from are kept beside the document, so a build that reads the whole
    document from the cache keeps its parts too, for the next edit."""

    def __init__(self, cache: Cache, environment: str) -> None:
        self.cache, self.environment = cache, environment
        self.rendered = 0
        self._facts: dict[str, PartFacts] = {}
        self._used: dict[str, list[str]] = {}

    def use(self, document: str, key: str) -> None:
        """Note that the part ``key`` went into the file named ``document`` in this build."""
        self._used.setdefault(document, []).append(key)

    def record(self, document: str, key: str) -> None:
        """Keep the keys of the parts of ``document`` beside its file, cached as ``key``."""
        if document in self._used:
            self.cache.put(key, "parts", json.dumps(self._used[document]).encode())

    def keep(self, key: str) -> None:
        """Keep the parts of the file cached as ``key`` (read from the cache, not joined)."""
        kept = self.cache.get(key, "parts")
        for part in json.loads(kept) if kept is not None else []:
            self.cache.keep(f"{part}.pdf", f"{part}.json")

    def facts(self, key: str, data: bytes) -> PartFacts:
        """The page count and heading pages of the part ``key`` whose bytes are ``data``."""
        if key not in self._facts:
            kept = self.cache.get_json(key)
            if isinstance(kept, dict) and isinstance(kept.get("pages"), int):
                self._facts[key] = PartFacts(kept["pages"], dict(kept["outline"]))
            else:
                from .writers import pdf_parts

                self._facts[key] = PartFacts(pdf_parts.page_count(data), pdf_parts.outline_pages(data))
                self.cache.put_json(
                    key, {"pages": self._facts[key].pages, "outline": self._facts[key].outline}
                )
        return self._facts[key]

    def key(self, html: str, images: str) -> str:
        return hashlib.sha256(f"{self.environment}\npart\n{images}\n{html}".encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        return self.cache.get(key, "pdf")

    def put(self, key: str, data: bytes) -> None:
        self.rendered += 1
        self.cache.put(key, "pdf", data)


def files_key(keys: list[str], label: str, environment: str) -> str:
    """The key of a file assembled from other files (all handouts in one PDF), from their keys:
    equal keys, equal bytes."""
    return hashlib.sha256(f"{environment}\n{label}\n{chr(10).join(keys)}".encode()).hexdigest()


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

    def get_json(self, key: str) -> Any:
        """A small value stored beside the file of ``key`` (``put_json``), or None."""
        data = self.get(key, "json")
        return None if data is None else json.loads(data)

    def put_json(self, key: str, value: Any) -> None:
        self.put(key, "json", json.dumps(value, ensure_ascii=False, sort_keys=True).encode())

    def keep(self, *names: str) -> None:
        """Count the files ``names`` (key and suffix) as used by this build."""
        self.used.update(names)

    def forget_unused(self) -> None:
        """Remove entries this build did not use (after a build of every saved kit)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)

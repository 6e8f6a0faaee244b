"""What a build needs to know about a rendered PDF without opening it again: its page count
(manifest, catalog) and the page of each contents heading (a DOCX prints them in its contents
list). Read once when the PDF is rendered and kept beside it in the cache, so an unchanged
rebuild reads a few bytes instead of parsing every PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from .cache import Cache


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    headings: dict[str, int]
    """Level-2 outline entry (a heading the contents lists) → its page number, from 1."""


def read_facts(pdf: bytes) -> PdfFacts:
    """The facts of ``pdf``, read from its page tree and outline (level 1 is the document title,
    level 2 the headings a contents list shows)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document, document.open_outline() as outline:
        pages: dict[Any, int] = {page.objgen: n for n, page in enumerate(document.pages, start=1)}
        found: dict[str, int] = {}
        for top in outline.root:
            for item in top.children:
                destination = item.destination
                if isinstance(destination, pikepdf.Array) and len(destination):
                    found.setdefault(item.title, pages[destination[0].objgen])
        return PdfFacts(len(pages), found)


def cached_facts(cache: Cache, key: str, pdf: bytes) -> PdfFacts:
    """The facts of the PDF cached under ``key`` (whose bytes are ``pdf``): from the cache, or
    read and stored there."""
    kept = cache.get_json(key)
    if isinstance(kept, dict) and isinstance(kept.get("pages"), int):
        return PdfFacts(kept["pages"], dict(kept["headings"]))
    facts = read_facts(pdf)
    cache.put_json(key, {"pages": facts.pages, "headings": facts.headings})
    return facts

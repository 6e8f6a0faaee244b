"""A faster ``pydyf.PDF.page_references``, installed before WeasyPrint writes tagged PDFs.

pydyf (0.11/0.12) computes ``page_references`` as a property that builds a tuple of every
page's reference on each access, and WeasyPrint's PDF/UA tagging reads it once per tagged
element, so writing a tagged PDF costs pages × elements: 0.4 s for a 128-page guide, 17.5 s for
a 60-lesson one. The pages' ``Kids`` array is only ever appended to (three items per page), so
the tuple is kept and rebuilt only when the array has grown. Same bytes, linear time.
"""

from __future__ import annotations

from typing import Any

_CACHE = "_kitgen_page_references"
original: Any = None
"""pydyf's own property, kept when it is replaced (the tests compare the two)."""


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get(_CACHE)
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__[_CACHE] = cached
    references: tuple[bytes, ...] = cached[1]
    return references


def install() -> None:
    """Replace the property once per process (idempotent)."""
    import pydyf

    global original
    current = pydyf.PDF.__dict__["page_references"]
    if current.fget is not _page_references:
        original = current
        pydyf.PDF.page_references = property(_page_references)

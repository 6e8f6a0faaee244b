"""The language of each part of a tagged PDF, which WeasyPrint 70 does not write.

WeasyPrint sets the document's ``/Lang`` from ``<html lang>`` but gives no structure element a
``/Lang`` of its own, so the English note of a Spanish handout (``<span lang="en">``) is read
aloud with Spanish pronunciation (PDF/UA-1 7.2, WCAG 3.1.2 Language of Parts).

``install`` wraps WeasyPrint's ``pdf.tags._build_box_tree``, which makes the structure elements
of one box and calls itself through the module for the box's children, so every box passes
through here. An element gets its box's language when that differs from the document's, and
inside such a part every element gets its own, so what WeasyPrint moves in the tree (a nested
list goes up to the list around it) is still read right. The text runs WeasyPrint hangs under an
element inherit its language. A document in one language is written exactly as before, and the
guide's thousands of elements cost only a comparison each.
"""

from __future__ import annotations

import functools
from typing import Any

original: Any = None
"""WeasyPrint's own ``_build_box_tree``, kept when it is replaced."""

_depth = 0
"""How many boxes in another language than the document's enclose the box being tagged."""


def _build_box_tree(box: Any, parent: Any, pdf: Any, *args: Any) -> list[Any]:
    """WeasyPrint's elements for ``box``, with ``/Lang`` where a reader needs it. A list, not a
    generator: every caller consumes the elements at once and in order, so the calls nest and
    ``_depth`` says what encloses the box. An element an inner box made (``html`` and ``body``
    only pass theirs through) keeps what that box gave it."""
    global _depth
    lang = box.style["lang"] or ""
    document = pdf.catalog.get("Lang")
    foreign = _key(lang) != _key(document.string if document is not None else "")
    _depth += foreign
    try:
        elements = list(original(box, parent, pdf, *args))
    finally:
        _depth -= foreign
    if lang and (foreign or _depth):
        for element in elements:
            if "Lang" not in element:
                element["Lang"] = _string(lang)
    return elements


def _key(lang: str) -> str:
    """Language tags compare without regard to case (BCP 47)."""
    return lang.lower()


@functools.cache
def _string(lang: str) -> Any:
    from pydyf import String

    return String(lang)


def install() -> None:
    """Replace the function where the tagging calls it, once per process (idempotent)."""
    from weasyprint.pdf import tags

    global original
    if tags._build_box_tree is not _build_box_tree:
        original = tags._build_box_tree
        tags._build_box_tree = _build_box_tree

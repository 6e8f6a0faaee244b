"""WeasyPrint's page styles worked out once per kind of page, not once per page.

WeasyPrint 70 gives every page its own type (its index is part of it), so for every page it
cascades the @page rules again, walks every cascaded style of the document to find the page's
margin boxes, and builds fresh computed styles for the page and its sixteen margin boxes, whose
values are then computed one by one as layout asks for them: 3-4 ms a page, a third of the time
of the page-number stamp of a guide laid out in parts (``pdf_parts``). Pages that differ only in
their index match the same rules unless a stylesheet selects pages by index (``:nth()``), so a
page of a kind seen before in the document is given the computed styles of the first one:
``(side, blank, name, first)`` is the kind. Computed styles of pages are not changed by layout
(``_standardize_page_based_counters`` gives the same result when it runs again), and what
differs from page to page (counters, running strings) is kept in the page state, not the style.
"""

from __future__ import annotations

from typing import Any

_KINDS = "_kitgen_page_kinds"


def install() -> None:
    """Patch ``weasyprint.layout.page`` (idempotent)."""
    from weasyprint.layout import page

    if hasattr(page.set_page_type_computed_styles, "original"):
        return
    original = page.set_page_type_computed_styles

    def shared(page_type: Any, html: Any, style_for: Any) -> None:
        kinds: dict[tuple[object, ...], tuple[Any, list[object]]] | None = _kinds(style_for)
        if kinds is None:  # pages selected by index: each page is its own kind
            original(page_type, html, style_for)
            return
        kind = (page_type.side, page_type.blank, page_type.name, page_type.index == 0)
        if kind not in kinds:
            original(page_type, html, style_for)
            pseudo_types = [p for e, p in style_for.get_cascaded_styles() if e == page_type]
            kinds[kind] = (page_type, pseudo_types)
            return
        first, pseudo_types = kinds[kind]
        if first == page_type:
            return
        cascaded, computed = style_for.get_cascaded_styles(), style_for.get_computed_styles()
        for pseudo_type in pseudo_types:
            cascaded[page_type, pseudo_type] = cascaded[first, pseudo_type]
        for pseudo_type in [None, *pseudo_types]:
            if (first, pseudo_type) in computed:
                computed[page_type, pseudo_type] = computed[first, pseudo_type]

    shared.original = original  # type: ignore[attr-defined]
    page.set_page_type_computed_styles = shared


def _kinds(style_for: Any) -> dict[tuple[object, ...], tuple[Any, list[object]]] | None:
    """The page kinds of this document's styles so far; None when a rule selects by index."""
    if not hasattr(style_for, _KINDS):
        by_index = any(
            selector[2].index is not None
            for sheet, _origin, _specificity in style_for._sheets
            for _rule, selectors, _declarations in sheet.page_rules
            for selector in selectors
        )
        setattr(style_for, _KINDS, None if by_index else {})
    kinds: dict[tuple[object, ...], tuple[Any, list[object]]] | None = getattr(style_for, _KINDS)
    return kinds

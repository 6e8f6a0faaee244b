"""A line-breaking fix for WeasyPrint 70, installed before it lays out a document.

WeasyPrint's ``split_first_line`` measures a text run with its trailing space. When a run that
ends in a space (the text before ``<strong>``, ``<em>`` or a link) fits the line exactly except
for that space, it finds the line "too wide", gives up on the whole run and keeps only its
first word: the shipped lesson 5 handout printed "Take" alone on a line, then "a slow breath
with the class… that **any**" on the next. The inline layout that calls it already lets a
trailing space hang past the line's end, so when the run without its trailing spaces fits, the
whole run is one line. Everything else is laid out as WeasyPrint lays it out.
"""

from __future__ import annotations

from math import inf
from typing import Any

original: Any = None
"""WeasyPrint's own ``split_first_line``, kept when it is replaced (the tests compare the two)."""


def _split_first_line(
    text: str,
    style: Any,
    context: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool = True,
    minimum: bool = False,
) -> Any:
    split = original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    resume_index = split[2]
    if (
        resume_index is None
        or minimum
        or max_width is None
        or max_width == inf
        or not text.endswith(" ")
        or style["white_space"] != "normal"
    ):
        return split
    stripped = text.rstrip(" ")
    if len(stripped.encode()) <= resume_index:  # broken only in the trailing space: nothing lost
        return split
    width = original(stripped, style, context, inf, justification_spacing, is_line_start, minimum)[3]
    if width > max_width:
        return split
    return original(text, style, context, inf, justification_spacing, is_line_start, minimum)


def install() -> None:
    """Replace the function where the inline layout calls it, once per process (idempotent)."""
    from weasyprint.layout import inline

    global original
    if inline.split_first_line is not _split_first_line:
        original = inline.split_first_line
        inline.split_first_line = _split_first_line

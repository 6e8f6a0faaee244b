"""Text nobody has written yet: a TODO left in a field, or the README's '…' example value copied as is.

A TODO is a warning, so a draft made by ``kitgen new lesson`` still validates and builds while
``--strict`` refuses it. A value that is only an ellipsis is an error: it is the README's example
standing in for text, and a handout would print it as it is.
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic, error, warning
from .loader import dotted
from .source import SourceFile

TODO = re.compile(r"\bTODO\b")
ELLIPSIS_ONLY = re.compile(r"^\s*(…|\.\.\.)\s*$")


def _quoted(value: str) -> str:
    flat = " ".join(value.split())
    return f"'{flat[:50]}…'" if len(flat) > 50 else f"'{flat}'"


def unwritten(source: SourceFile) -> list[Diagnostic]:
    """Every TODO (a warning) and every '…'-only value (an error) of one file, at its field."""
    found = []
    for path, value in source.strings:
        if ELLIPSIS_ONLY.match(value):
            mark = source.value_mark(path)
            found.append(
                error(
                    source.display,
                    mark.line,
                    mark.col,
                    "example-value",
                    f"'{dotted(path, source.data)}' is only '{value.strip()}', the README's example value",
                    "write this field's own text; in the README's example '…' only marks where it goes",
                )
            )
        elif "TODO" in value and TODO.search(value):
            mark = source.value_mark(path)
            found.append(
                warning(
                    source.display,
                    mark.line,
                    mark.col,
                    "todo",
                    f"'{dotted(path, source.data)}' still says {_quoted(value)}",
                    "write the text in place of the TODO; 'validate --strict' and 'build --strict' "
                    "refuse any TODO left",
                )
            )
    return found

"""Fixed words of the documents ("Objectives", "Page 3 of 9"), from one table per language.

Writers and the composer never hold such words as literals, so a translation is a new
``templates/strings/<lang>.yaml`` and nothing else. A district edits these files, so a missing
or broken entry is reported as a located problem, not a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, error
from .loader import display_path
from .source import load


class StringsError(Exception):
    """A string table is missing, unreadable, or lacks an entry the documents need."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic)  # the only argument, so the error survives a worker process
        self.diagnostic = diagnostic

    def __str__(self) -> str:
        return self.diagnostic.as_text()


@dataclass(frozen=True)
class Strings:
    """A loaded string table; ``s("key", n=3)`` formats one entry."""

    language: str
    table: dict[str, str]
    path: str = ""

    def __call__(self, key: str, **values: object) -> str:
        if key not in self.table:
            raise StringsError(error(self.path, 0, 0, "missing-string", f"the string table has no '{key}'"))
        try:
            return self.table[key].format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            names = ", ".join("{" + name + "}" for name in values) or "no {placeholders}"
            raise StringsError(
                error(
                    self.path,
                    0,
                    0,
                    "bad-string",
                    f"'{key}' cannot be filled in ({exc})",
                    f"it may use {names}",
                )
            ) from None


def load_strings(templates: Path, language: str) -> Strings:
    """Read ``strings/<language>.yaml`` under ``templates``, safely and with located problems."""
    path = templates / "strings" / f"{language}.yaml"
    if not path.is_file():
        raise StringsError(
            error(display_path(path), 0, 0, "missing-file", f"there is no string table for '{language}'")
        )
    source, problems = load(path, display_path(path))
    if source is None:
        raise StringsError(problems[0])
    return Strings(language, {str(k): str(v) for k, v in source.data.items()}, display_path(path))

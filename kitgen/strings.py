"""Fixed words of the documents ("Objectives", "Page 3 of 9"), from one table per language.

Writers and the composer never hold such words as literals, so a translation is a new
``templates/strings/<lang>.yaml`` and nothing else. A district edits these files, so a missing
or broken entry is reported as a located problem, not a traceback.

Writers import this module for the ``Strings`` type only, so it depends on nothing but
``diagnostics``: importing a writer never loads the models (pydantic) or the YAML parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, display_path, error

PLURAL_FORMS = ("one", "other")
"""An entry may be a mapping of these forms, chosen by its count ``n``: ``one`` when n is 1."""

Entry = str | Mapping[str, str]


class StringsError(Exception):
    """A string table is missing, unreadable, or lacks an entry the documents need."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic)  # the only argument, so the error survives a worker process
        self.diagnostic = diagnostic

    def __str__(self) -> str:
        return self.diagnostic.as_text()


@dataclass(frozen=True)
class Strings:
    """A loaded string table; ``s("key", n=3)`` formats one entry.

    An entry with plural forms (``minutes: {one: "{n} minute", other: "{n} minutes"}``) is
    chosen by the value named ``n``.
    """

    language: str
    table: Mapping[str, Entry]
    path: str = ""

    def __call__(self, key: str, **values: object) -> str:
        if key not in self.table:
            raise StringsError(error(self.path, 0, 0, "missing-string", f"the string table has no '{key}'"))
        entry = self.table[key]
        if not isinstance(entry, str):
            form = "one" if values.get("n") == 1 and "one" in entry else "other"
            entry = entry[form]
        try:
            return entry.format(**values)
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
    from .source import load  # PyYAML loads only when a table is read, not when a writer is imported

    path = templates / "strings" / f"{language}.yaml"
    shown = display_path(path)
    if not path.is_file():
        raise StringsError(error(shown, 0, 0, "missing-file", f"there is no string table for '{language}'"))
    source, problems = load(path, shown)
    if source is None:
        raise StringsError(problems[0])
    table: dict[str, Entry] = {}
    for key, value in source.data.items():
        if isinstance(value, dict):
            if "other" not in value or not set(value) <= set(PLURAL_FORMS):
                mark = source.value_mark((key,))
                raise StringsError(
                    error(
                        shown,
                        mark.line,
                        mark.col,
                        "bad-string",
                        f"'{key}' must be text or plural forms ({', '.join(sorted(map(str, value)))} given)",
                        "write 'one:' (used when n is 1) and 'other:' (every other count)",
                    )
                )
            table[str(key)] = {str(form): str(text) for form, text in value.items()}
        else:
            table[str(key)] = str(value)
    return Strings(language, table, shown)

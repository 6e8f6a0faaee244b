"""Fixed words of the documents ("Objectives", "Page 3 of 9"), from one table per language.

Writers and the composer never hold such words as literals, so a translation is a new
``templates/strings/<lang>.yaml`` and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Strings:
    """A loaded string table; ``s("key", n=3)`` formats one entry."""

    language: str
    table: dict[str, str]

    def __call__(self, key: str, **values: object) -> str:
        return self.table[key].format(**values)


def load_strings(templates: Path, language: str) -> Strings:
    """Read ``strings/<language>.yaml`` under ``templates``."""
    path = templates / "strings" / f"{language}.yaml"
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Strings(language, {str(k): str(v) for k, v in table.items()})

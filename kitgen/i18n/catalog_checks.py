"""``kitgen validate``'s checks of the translation catalogs themselves, each file's findings kept
in the validation cache.

What a catalog's check finds is made from its bytes, its language, its template's bytes and the
names both are shown under, so those are its key: a validation after an edit parses only the
catalogs whose bytes (or whose template's) changed. What a check needs of a catalog is which
entries it holds (``catalog_keys``: Babel reads the header, the entries are followed without
building Babel's Catalog), and Babel is imported only when a catalog has to be read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .. import validation_cache
from ..diagnostics import Diagnostic, display_path, error, warning
from .layout import TEMPLATES, languages, template_path, translations_dir

if TYPE_CHECKING:
    from .catalog_keys import Keys
    from .catalogs import PoProblem

KIND = "catalog"


def catalog_diagnostics(root: Path) -> list[Diagnostic]:
    """Problems of the catalogs themselves, for ``kitgen validate``: .po files that cannot be read
    (located syntax errors) and catalogs older than their template (``kitgen translate update``
    has not been run since the English changed)."""
    found: list[Diagnostic] = []
    folder = translations_dir(root)
    if not folder.is_dir():
        return found
    templates: dict[bytes, Keys | None] = {}
    """Each template's entries read in this call, by its bytes: every language's catalog compares with it."""
    for path in sorted((folder / TEMPLATES).glob("*.pot")):
        found += _checked(path, None, None, templates)
    for language in languages(root):
        for path in sorted((folder / language).glob("*.po")):
            found += _checked(path, language, template_path(root, path.stem), templates)
    return found


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _digest(raw: bytes | None) -> str:
    return "-" if raw is None else hashlib.sha256(raw).hexdigest()


def _checked(
    path: Path, language: str | None, template: Path | None, templates: dict[bytes, Keys | None]
) -> list[Diagnostic]:
    """One catalog's (or, without a language, one template's) problems, from the cache when its
    bytes and its template's were checked before under the same names."""
    raw = _bytes(path)
    if raw is None:  # unreadable: said as read_catalog says it, and not kept
        from .catalogs import read_catalog

        _, problem = read_catalog(path)
        return [_syntax(display_path(path), problem.line if problem else 0, _message(problem))]
    pot = _bytes(template) if template is not None and template.is_file() else None
    where = display_path(path)
    shown = display_path(template) if template is not None else ""
    about = os.path.abspath(path)
    made = validation_cache.key(KIND, where, language or "", _digest(raw), shown, _digest(pot))
    return validation_cache.diagnostics(
        KIND, about, made, lambda: _problems(where, raw, language, shown, pot, templates)
    )


def _problems(
    where: str,
    raw: bytes,
    language: str | None,
    template: str,
    pot: bytes | None,
    templates: dict[bytes, Keys | None],
) -> list[Diagnostic]:
    from .catalog_keys import catalog_keys

    keys, problem = catalog_keys(raw, language)
    if language is None:  # a template: the catalogs of every language compare with it
        templates[raw] = keys
    if problem is not None or keys is None:
        return [_syntax(where, problem.line if problem else 0, _message(problem))]
    if language is None:
        return []
    if pot is not None and pot not in templates:
        templates[pot] = catalog_keys(pot)[0]
    parsed = templates.get(pot) if pot is not None else None
    if parsed is None:
        return [
            warning(
                where,
                0,
                0,
                "catalog-orphan",
                f"no template {template} for this catalog",
                "run 'kitgen translate extract'; remove catalogs of removed lessons",
            )
        ]
    held = set(keys)
    stale = sum(1 for key in parsed if key not in held)
    if not stale:
        return []
    return [
        warning(
            where,
            0,
            0,
            "catalog-stale",
            f"{stale} entr{'y' if stale == 1 else 'ies'} of the template are not in this catalog",
            f"run 'kitgen translate update --language {language}'",
        )
    ]


def _message(problem: PoProblem | None) -> str:
    return problem.message if problem is not None else "unreadable"


def _syntax(where: str, line: int, message: str) -> Diagnostic:
    return error(where, line, 1 if line else 0, "catalog-syntax", message)

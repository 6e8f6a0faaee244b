"""Where the catalogs live and how they are read and written.

Layout, beside the curriculum (``lessons/`` for the shipped unit)::

    translations/templates/unit.pot            the English template of the unit's strings
    translations/templates/<lesson-id>.pot     one template per lesson
    translations/<language>/unit.po            one catalog per language and document
    translations/<language>/<lesson-id>.po

One catalog per document keeps each file small enough for one translator and lets Weblate or
Poedit treat each as a component. A translation is *reviewed* when its header names the reviewer
and the date: ``X-Reviewed-By: Name <email>`` and ``X-Reviewed-Date: YYYY-MM-DD``. Babel's own
Catalog drops header fields it does not know, so ``ReviewedCatalog`` keeps these two.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, write_po

TRANSLATIONS = "translations"
TEMPLATES = "templates"
UNIT_DOCUMENT = "unit"
"""The catalog name of the unit's strings; a lesson's catalog is named by its id."""
REVIEWED_BY = "X-Reviewed-By"
REVIEWED_DATE = "X-Reviewed-Date"


class ReviewedCatalog(Catalog):
    """A Babel catalog that keeps the reviewer header fields through reading and writing."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.reviewed_by = ""
        self.reviewed_date = ""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        if self.locale is None:  # a template: nothing to review
            return headers
        return [
            *headers[:-1],
            (REVIEWED_BY, self.reviewed_by),
            (REVIEWED_DATE, self.reviewed_date),
            headers[-1],
        ]

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        super()._set_mime_headers(headers)
        for name, value in headers:
            if name.lower() == REVIEWED_BY.lower():
                self.reviewed_by = value.strip()
            elif name.lower() == REVIEWED_DATE.lower():
                self.reviewed_date = value.strip()

    @property
    def reviewed(self) -> bool:
        """Reviewed by a named person on a real date (YYYY-MM-DD)."""
        try:
            date.fromisoformat(self.reviewed_date)
        except ValueError:
            return False
        return bool(self.reviewed_by)


@dataclass(frozen=True)
class PoProblem:
    """Why a catalog file could not be read, and at which line (0 for the whole file)."""

    line: int
    message: str


def translations_dir(root: Path) -> Path:
    return root / TRANSLATIONS


def template_path(root: Path, document: str) -> Path:
    return root / TRANSLATIONS / TEMPLATES / f"{document}.pot"


def catalog_path(root: Path, language: str, document: str) -> Path:
    return root / TRANSLATIONS / language / f"{document}.po"


def languages(root: Path) -> list[str]:
    """The languages that have a catalog folder, in name order."""
    folder = translations_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != TEMPLATES)


def read_catalog(path: Path, locale: str | None = None) -> tuple[ReviewedCatalog | None, PoProblem | None]:
    """Read a .po or .pot file strictly: a syntax error is a located problem, not a guess."""
    catalog = ReviewedCatalog(locale=locale)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, PoProblem(0, f"cannot read the catalog: {exc.strerror}")
    except UnicodeDecodeError:
        return None, PoProblem(0, "the catalog is not UTF-8 text")
    try:
        PoFileParser(catalog, ignore_obsolete=False, abort_invalid=True).parse(io.StringIO(text))
    except PoFileError as exc:
        return None, PoProblem(exc.lineno, f"{str(exc).rsplit(' on ', 1)[0]}: {exc.line.strip()!r}")
    except ValueError as exc:  # e.g. a malformed Plural-Forms or Language header
        return None, PoProblem(0, f"the catalog header is invalid: {exc}")
    return catalog, None


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write a catalog in the model's order, keeping the previous English of fuzzy entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_previous=True)
    path.write_bytes(buffer.getvalue())


def edition_datetime(edition: str) -> datetime:
    """The unit's edition as the catalogs' creation date, so extracting twice writes the same bytes."""
    return datetime.fromisoformat(edition).replace(tzinfo=UTC)


def comment(text: str) -> str:
    """``text`` as a .po header comment."""
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())

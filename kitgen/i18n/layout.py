"""Where a curriculum's catalogs live (the layout is described in catalogs.py): paths only, so
that finding the catalogs imports no catalog parser."""

from __future__ import annotations

from pathlib import Path

TRANSLATIONS = "translations"
TEMPLATES = "templates"
UNIT_DOCUMENT = "unit"
"""The catalog name of the unit's strings; a lesson's catalog is named by its id."""


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

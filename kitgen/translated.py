"""A kit's student and family documents in another language: what they are made from, or why not.

The translated unit and lessons come from the curriculum's gettext catalogs through
``kitgen.i18n.translate``; the fixed words from ``templates/strings/<lang>.yaml``. This module
decides what a build does with them. An error (safety-critical text missing, fuzzy or out of date,
in a catalog or a string table) refuses that language alone: its documents are not built, the
build exits 1, and the other languages' documents are still written. A warning (other text shown
in English) is passed on, and ``--strict`` makes it an error, which refuses the language too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .compose import LanguageStatus
from .diagnostics import Diagnostic, has_errors, promote
from .model import Lesson, Unit
from .strings import Strings, StringsError, load_strings

if TYPE_CHECKING:
    from .i18n import Translation


@dataclass(frozen=True)
class Language:
    """One language of a kit, ready to compose; ``unit``/``lessons`` are None when refused."""

    code: str
    unit: Unit | None
    lessons: tuple[Lesson, ...]
    strings: Strings | None
    english: Strings | None
    """The source language's table, for the note in both languages on an unreviewed translation."""
    status: LanguageStatus | None
    """None for the curriculum's own language."""
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def refused(self) -> bool:
        return self.unit is None


def source_language(code: str, unit: Unit, lessons: tuple[Lesson, ...], strings: Strings) -> Language:
    """The curriculum's own language: the models as they are."""
    return Language(code, unit, lessons, strings, None, None)


def translated_language(
    root: Path,
    code: str,
    unit: Unit,
    lessons: tuple[Lesson, ...],
    templates: Path,
    english: Strings,
    strict: bool,
) -> Language:
    """``code``'s unit, lessons and string table, or the located errors that refuse it."""
    strings, translation, found = _translate(root, code, unit, lessons, templates)
    if strict:
        found = promote(found)
    status = LanguageStatus(
        language=code,
        documents=(),
        translated=translation.translated,
        fuzzy=translation.fuzzy,
        missing=translation.missing,
        reviewer=translation.reviewer if translation.reviewed else None,
        reviewed_on=translation.reviewed_on if translation.reviewed else None,
        refused=has_errors(found) or strings is None,
    )
    if status.refused:
        return Language(code, None, (), None, english, status, tuple(found))
    return Language(
        code, translation.unit, tuple(translation.lessons), strings, english, status, tuple(found)
    )


def language_problems(
    root: Path, code: str, unit: Unit, lessons: tuple[Lesson, ...], templates: Path
) -> list[Diagnostic]:
    """What a build of these documents in ``code`` would refuse (errors) and print in English
    (warnings), found exactly as the build finds it; for ``kitgen validate``."""
    return _translate(root, code, unit, lessons, templates)[2]


def _translate(
    root: Path, code: str, unit: Unit, lessons: tuple[Lesson, ...], templates: Path
) -> tuple[Strings | None, Translation, list[Diagnostic]]:
    from .i18n import translate

    found: list[Diagnostic] = []
    strings: Strings | None = None
    try:
        strings = load_strings(templates, code)
    except StringsError as exc:
        found.extend(exc.diagnostics)
    translation = translate(root, unit, list(lessons), code)
    return strings, translation, found + translation.diagnostics

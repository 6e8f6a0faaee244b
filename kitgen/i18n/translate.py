"""Translated copies of the unit and lessons for the build, with a diagnostic for every gap.

The build calls ``translate`` once per language. Each student- and family-facing string is
replaced by its catalog translation when that translation is current and confirmed. Otherwise it
stays English, with a located WARNING, unless it is safety-critical (safety.py): then a located
ERROR names the catalog entry, and the build of that language must stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..diagnostics import Diagnostic, Severity, display_path, error, warning
from ..model import Lesson, Unit
from .catalog_checks import catalog_diagnostics as catalog_diagnostics
from .layout import catalog_path

if TYPE_CHECKING:
    from .catalogs import ReviewedCatalog
    from .fields import Entry
    from .lookup import Found

M = TypeVar("M", Unit, Lesson)


@dataclass(frozen=True)
class DocumentStatus:
    """How far one document's catalog is translated and whether a person reviewed it."""

    document: str
    catalog: Path
    translated: int = 0
    fuzzy: int = 0
    """Fuzzy or outdated entries: a translation of older English."""
    missing: int = 0
    reviewer: str | None = None
    reviewed_on: str | None = None

    @property
    def reviewed(self) -> bool:
        return self.reviewer is not None


@dataclass
class Translation:
    """The unit and lessons in one language, and what the build must know about the translation."""

    language: str
    unit: Unit
    lessons: list[Lesson]
    documents: list[DocumentStatus] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return sum(d.translated for d in self.documents)

    @property
    def fuzzy(self) -> int:
        """Fuzzy or outdated entries, over every document."""
        return sum(d.fuzzy for d in self.documents)

    @property
    def missing(self) -> int:
        return sum(d.missing for d in self.documents)

    @property
    def reviewed(self) -> bool:
        """Every document's catalog names a reviewer and a review date."""
        return bool(self.documents) and all(d.reviewed for d in self.documents)

    @property
    def reviewer(self) -> str | None:
        """The reviewers, when every catalog was reviewed."""
        names = dict.fromkeys(d.reviewer for d in self.documents if d.reviewer)
        return ", ".join(names) if self.reviewed else None

    @property
    def reviewed_on(self) -> str | None:
        """The latest review date, when every catalog was reviewed."""
        return max(d.reviewed_on or "" for d in self.documents) if self.reviewed else None

    @property
    def ok(self) -> bool:
        """No safety-critical string is missing, fuzzy or outdated, and every catalog was read."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def language_name(language: str) -> str:
    """The language's English name, e.g. 'Spanish' for 'es' (the code itself if Babel does not know it)."""
    from babel import Locale, UnknownLocaleError  # imported when a language is named, not by validate

    try:
        return Locale.parse(language).get_display_name("en") or language
    except (ValueError, UnknownLocaleError):
        return language


HINTS = {
    "missing": "write its translation in {where}",
    "fuzzy": "check the translation against the English and remove the 'fuzzy' flag in {where}",
    "outdated": "run 'kitgen translate update --language {language}', then check the entry and "
    "remove its 'fuzzy' flag in {where}",
}


def _problem(
    found: Found, entry: Entry, safety: bool, language: str, where: str
) -> tuple[Severity, str, str]:
    from .lookup import State

    name = language_name(language)
    what = {
        State.MISSING: f"has no {name} translation",
        State.FUZZY: f"has only a fuzzy {name} translation (not confirmed by the translator)",
        State.OUTDATED: f"has a {name} translation of older English: the English changed since",
    }[found.state]
    hint = HINTS[found.state].format(where=where, language=language)
    if found.message is None:  # not in the catalog at all: new English since the last update
        hint = (
            f"run 'kitgen translate extract' and 'kitgen translate update --language {language}', then {hint}"
        )
    if safety:
        message = (
            f"safety-critical entry '{entry.context}' {what}; the {name} documents are not built "
            "from English or outdated text for it"
        )
        return Severity.ERROR, message, hint
    return (
        Severity.WARNING,
        f"entry '{entry.context}' {what}; the {name} documents print the English text",
        hint,
    )


def _translate_document(
    model: M, document: str, root: Path, language: str
) -> tuple[M, DocumentStatus, list[Diagnostic]]:
    from .catalogs import read_catalog_unchanged
    from .fields import reader_paths, rewrite
    from .lookup import Lookup, State
    from .safety import is_safety_critical, lost_numbers

    path = catalog_path(root, language, document)
    where = display_path(path)
    wanted = reader_paths(model)
    catalog: ReviewedCatalog | None = None
    if path.is_file():
        catalog, problem = read_catalog_unchanged(path, language)
        if problem is not None:
            return (
                model,
                DocumentStatus(document, path, missing=len(wanted)),
                [error(where, problem.line, 1 if problem.line else 0, "catalog-syntax", problem.message)],
            )
    if catalog is None:
        message = f"there is no {language_name(language)} catalog for '{document}'"
        hint = f"run 'kitgen translate update --language {language}' and translate it"
        return (
            model,
            DocumentStatus(document, path, missing=len(wanted)),
            [error(where, 0, 0, "catalog-missing", message, hint)],
        )
    lookup = Lookup(catalog)
    counts = {State.TRANSLATED: 0, State.FUZZY: 0, State.MISSING: 0}
    diagnostics: list[Diagnostic] = []

    def change(entry: Entry) -> str:
        if entry.path not in wanted:
            return entry.text
        found = lookup.find(entry.context, entry.text)
        counts[State.FUZZY if found.state is State.OUTDATED else found.state] += 1
        line = (found.message.lineno or 0) if found.message is not None else 0
        safety = is_safety_critical(document, entry.context)
        lost = lost_numbers(entry.text, found.text) if safety and found.text is not None else []
        if found.text is not None and not lost:
            return found.text
        if lost:
            message = (
                f"safety-critical entry '{entry.context}': the {language_name(language)} text does not "
                f"give {', '.join(lost)} as the English does"
            )
            hint = f"write every number as the English writes it, in {where}"
            diagnostics.append(error(where, line, 1 if line else 0, "translation-numbers", message, hint))
            return entry.text
        severity, message, hint = _problem(found, entry, safety, language, where)
        make = error if severity is Severity.ERROR else warning
        code = f"translation-{found.state.value}"
        diagnostics.append(make(where, line, 1 if line else 0, code, message, hint))
        return entry.text

    translated = rewrite(model, change)
    status = DocumentStatus(
        document,
        path,
        translated=counts[State.TRANSLATED],
        fuzzy=counts[State.FUZZY],
        missing=counts[State.MISSING],
        reviewer=catalog.reviewed_by if catalog.reviewed else None,
        reviewed_on=catalog.reviewed_date if catalog.reviewed else None,
    )
    return translated, status, diagnostics


def translate(root: Path, unit: Unit, lessons: Sequence[Lesson], language: str) -> Translation:
    """The unit and ``lessons`` with their student and family text in ``language``.

    ``root`` is the curriculum folder (its ``translations/<language>/`` holds the catalogs). The
    copies keep every id and number; facilitator-only text stays English. ``diagnostics`` holds an
    ERROR for each safety-critical string that is missing, fuzzy or outdated or whose translation
    drops one of its numbers (and for a missing or unreadable catalog) and a WARNING for each other
    missing, fuzzy or outdated string, which stays English.
    """
    from .extract import document_name

    result = Translation(language, unit, [])
    result.unit = _add(result, *_translate_document(unit, document_name(unit), root, language))
    for lesson in lessons:
        result.lessons.append(_add(result, *_translate_document(lesson, lesson.id, root, language)))
    return result


def _add(result: Translation, copy: M, status: DocumentStatus, found: list[Diagnostic]) -> M:
    result.documents.append(status)
    result.diagnostics += found
    return copy

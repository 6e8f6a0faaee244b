"""``kitgen build``: validate, select, compose, render every document in memory, then publish.

Nothing is written until every document has rendered, so bad sources or a rendering failure
leave the previous output as it was.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import doctree as d
from .compose import Settings, facilitator_guide, student_handout
from .diagnostics import Diagnostic, describe, display_path, error, has_errors, promote
from .select import select
from .strings import StringsError, load_strings
from .validate import validate_folder

FORMATS = ("pdf", "docx")


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    kit: Path | None = None
    files: dict[str, int] = field(default_factory=dict)
    """Written file name → size in bytes."""


def default_templates(lessons: Path) -> Path:
    """``templates/`` beside the lessons folder when there is one, else the templates shipped with kitgen."""
    local = lessons.resolve().parent / "templates"
    if (local / "strings").is_dir():
        return local
    try:
        return Path(str(importlib.resources.files("kitgen.templates")))
    except ModuleNotFoundError:  # a source checkout on sys.path ahead of the installed package
        return Path(__file__).resolve().parent.parent / "templates"


def document_date(edition: str) -> str:
    """SOURCE_DATE_EPOCH when set (reproducible-builds convention), else the unit's edition date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return edition


def compose_kit(
    lessons: Path,
    profile_file: Path | None,
    grades: set[int],
    ids: set[str],
    page_size: str,
    templates: Path,
    strict: bool = False,
) -> tuple[str, dict[str, d.Document], list[Diagnostic]]:
    """Validate and compose: the kit name and its documents by file stem, or the problems.
    ``strict`` refuses warnings too (an unfilled district value, a task without space)."""
    curriculum, problems = validate_folder(lessons, profile_file)
    if strict:
        problems = promote(problems)
    if has_errors(problems) or curriculum.unit is None or curriculum.profile is None:
        return "", {}, problems
    unit, profile = curriculum.unit.model, curriculum.profile.model
    chosen = select([lesson.model for lesson in curriculum.lessons], grades, ids)
    if not chosen:
        return (
            "",
            {},
            [
                *problems,
                error(display_path(lessons), 0, 0, "empty-selection", "no lesson matches the selection"),
            ],
        )
    settings = Settings(date=document_date(unit.edition), page_size=page_size)
    kit = unit.id + (f"-grades-{min(grades)}-{max(grades)}" if grades else "") + ("-selection" if ids else "")
    try:
        strings = load_strings(templates, profile.language)
        documents = {
            f"{unit.id}-facilitator-guide": facilitator_guide(unit, profile, chosen, strings, settings)
        }
        for lesson in chosen:
            stem = f"{unit.id}-lesson-{lesson.number:02d}-{lesson.id}-student-handout"
            documents[stem] = student_handout(unit, profile, lesson, strings, settings)
    except StringsError as exc:  # a district's edited string table
        return "", {}, [*problems, exc.diagnostic]
    return kit, documents, problems


def render_failure(lessons: Path, exc: Exception) -> Diagnostic:
    """A writer's unexpected error as a diagnostic naming the file and the error, never empty."""
    notes = getattr(exc, "__notes__", [])
    what = notes[-1] if notes else "a document"
    return error(
        display_path(lessons),
        0,
        0,
        "render-failed",
        f"{what} could not be rendered: {describe(exc)}",
        "this is a bug in kitgen or its templates; please report it with the lessons that caused it",
    )


def build(
    lessons: Path,
    out: Path,
    *,
    grades: set[int] | None = None,
    ids: set[str] | None = None,
    profile: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    page_size: str = "letter",
    templates: Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
    workers: int | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build one kit from a curriculum folder into ``out/<kit>/``; ``profile`` replaces its profile.yaml."""
    templates = templates or default_templates(lessons)
    kit, documents, problems = compose_kit(
        lessons, profile, grades or set(), ids or set(), page_size, templates, strict
    )
    if not documents:
        return BuildResult(problems)
    from .render import render_all  # heavy writers load only when there is something to render

    try:
        files = render_all(documents, formats, templates, lessons, progress, workers)
    except StringsError as exc:
        return BuildResult([*problems, exc.diagnostic])
    except Exception as exc:  # a writer failure must not leave a half-built kit or a traceback
        return BuildResult([*problems, render_failure(lessons, exc)])
    from .package import publish

    target = publish(files, out, kit)
    return BuildResult(problems, target, {name: len(data) for name, data in sorted(files.items())})

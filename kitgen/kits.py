"""Saved kits: ``kits/*.yaml`` in a curriculum folder names what a district downloads and prints.

A kit file picks lessons (by grade band, grades, ids or tags), their order, an optional profile,
and which documents and formats to build. Kit files are validated like lessons: located errors
with a hint, every problem in one run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import StringConstraints, model_validator

from .diagnostics import Diagnostic, display_path, error
from .kitfiles import Format
from .loader import Curriculum, Loaded, load_model
from .model import LANGUAGE_CODE, Grade, Id, Lesson, Node, Text, fac, pub
from .select import closest
from .source import Path_

KITS_FOLDER = "kits"
DOCUMENTS = ("guide", "handouts", "letter")
FORMATS: tuple[Format, ...] = ("pdf", "docx")
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_CODE)]
"""An ISO 639 language code, as the string tables (``templates/strings/es.yaml``) and the
translation catalogs (``translations/es/``) are named."""


class LessonChoice(Node):
    """Which lessons a kit holds: every filter given must match; none given means every lesson."""

    noun: ClassVar[str] = "lesson choice"
    band: Id | None = fac("Id of one of the unit's grade bands, e.g. '9-10'.", default=None)
    grades: list[Grade] = fac("Lessons written for any of these grades.", default_factory=list)
    ids: list[Id] = fac("These lessons, by id (with order: listed, in this order).", default_factory=list)
    tags: list[Id] = fac("Lessons carrying any of these tags.", default_factory=list)


class KitSpec(Node):
    """One kit file."""

    noun: ClassVar[str] = "kit"
    id: Id = fac("Kit identifier; also the name of its output folder and zip. Must match the file name.")
    title: Text = pub("Kit title, printed on its guide and in the catalog, e.g. 'Grades 9–10'.")
    description: Text | None = fac("What the kit is for, shown in the catalog.", default=None)
    lessons: LessonChoice = fac("Which lessons the kit holds.", default=LessonChoice())
    order: Literal["number", "listed"] = fac(
        "'number': by lesson number; 'listed': in the order of lessons.ids.", default="number"
    )
    profile: Text | None = fac(
        "A district profile file for this kit, relative to the curriculum folder (default: profile.yaml).",
        default=None,
    )
    documents: list[Literal["guide", "handouts", "letter"]] = fac(
        "Which documents to build: the facilitator guide, the student handouts, the family letter.",
        default_factory=lambda: list(DOCUMENTS),
        min_length=1,
    )
    formats: list[Literal["pdf", "docx"]] = fac(
        "Which formats to build.", default_factory=lambda: list(FORMATS), min_length=1
    )
    languages: list[Language] = fac(
        "Languages of the student and family documents, e.g. [en, es]. The facilitator guide stays in "
        "the curriculum's own language (the profile's) and lists the translated documents.",
        default_factory=lambda: ["en"],
        min_length=1,
    )

    titles: dict[Language, Text] = pub(
        "The kit's title in its other languages, e.g. {es: 'Grados 9–10'}, for their letters; "
        "the title above where none is given.",
        default_factory=dict,
    )

    @model_validator(mode="after")
    def _listed_needs_ids(self) -> KitSpec:
        if self.order == "listed" and not self.lessons.ids:
            raise ValueError("'order: listed' needs the lessons listed in 'lessons.ids'")
        return self

    @model_validator(mode="after")
    def _languages_once(self) -> KitSpec:
        if len(set(self.languages)) != len(self.languages):
            raise ValueError("'languages' names a language twice")
        other = sorted(set(self.titles) - set(self.languages))
        if other:
            raise ValueError(f"'titles' gives a title in {', '.join(other)}, which is not in 'languages'")
        return self


def load_kits(root: Path) -> tuple[list[Loaded[KitSpec]], list[Diagnostic]]:
    """Every ``kits/*.yaml`` of a curriculum folder (none when there is no kits folder)."""
    kits: list[Loaded[KitSpec]] = []
    problems: list[Diagnostic] = []
    for path in sorted([*(root / KITS_FOLDER).glob("*.yaml"), *(root / KITS_FOLDER).glob("*.yml")]):
        loaded, found = load_model(path, KitSpec)
        problems += found
        if loaded is not None:
            kits.append(loaded)
    return kits, problems


def kit_lessons(kit: KitSpec, curriculum: Curriculum) -> list[Lesson]:
    """The kit's lessons in its order (assumes ``check_kit`` found no errors)."""
    choice = kit.lessons
    band_grades: set[int] = set()
    if choice.band is not None and curriculum.unit is not None:
        band_grades = {g for b in curriculum.unit.model.grade_bands if b.id == choice.band for g in b.grades}
    chosen = [
        lesson.model
        for lesson in curriculum.lessons
        if (choice.band is None or set(lesson.model.grades) <= band_grades)
        and (not choice.grades or set(choice.grades) & set(lesson.model.grades))
        and (not choice.ids or lesson.model.id in choice.ids)
        and (not choice.tags or set(choice.tags) & set(lesson.model.tags))
    ]
    if kit.order == "listed":
        return sorted(chosen, key=lambda lesson: choice.ids.index(lesson.id))
    return sorted(chosen, key=lambda lesson: lesson.number)


def _at(loaded: Loaded[KitSpec], path: Path_, code: str, message: str, hint: str | None = None) -> Diagnostic:
    mark = loaded.source.value_mark(path)
    return error(loaded.source.display, mark.line, mark.col, code, message, hint)


def _unknown(loaded: Loaded[KitSpec], path: Path_, what: str, ref: str, known: list[str]) -> Diagnostic:
    close = closest(ref, known)
    return _at(
        loaded,
        path,
        "unknown-reference",
        f"no {what} '{ref}' in this curriculum" + (f"; did you mean {close}?" if close else ""),
        f"known {what}s: {', '.join(known)}" if known else None,
    )


def check_kit(loaded: Loaded[KitSpec], curriculum: Curriculum) -> list[Diagnostic]:
    """References a kit makes (band, lessons, tags, profile) exist, and it holds at least one lesson."""
    kit, root = loaded.model, curriculum.root
    found: list[Diagnostic] = []
    stem = Path(loaded.source.display).stem
    if kit.id != stem:
        found.append(
            _at(
                loaded,
                ("id",),
                "kit-id",
                f"the kit id '{kit.id}' differs from its file name '{stem}'",
                f"rename the file to {kit.id}.yaml or set 'id: {stem}'",
            )
        )
    bands = [b.id for b in curriculum.unit.model.grade_bands] if curriculum.unit else []
    if kit.lessons.band is not None and curriculum.unit is not None and kit.lessons.band not in bands:
        found.append(_unknown(loaded, ("lessons", "band"), "grade band", kit.lessons.band, bands))
    ids = [lesson.model.id for lesson in curriculum.lessons]
    for i, ref in enumerate(kit.lessons.ids):
        if ref not in ids and not curriculum.unread_lessons:
            found.append(_unknown(loaded, ("lessons", "ids", i), "lesson", ref, ids))
    tags = sorted({tag for lesson in curriculum.lessons for tag in lesson.model.tags})
    for i, ref in enumerate(kit.lessons.tags):
        if ref not in tags and not curriculum.unread_lessons:
            found.append(_unknown(loaded, ("lessons", "tags", i), "tag", ref, tags))
    if kit.profile is not None:
        target = (root / kit.profile).resolve()
        if not target.is_relative_to(root.resolve()) or not target.is_file():
            found.append(
                _at(
                    loaded,
                    ("profile",),
                    "missing-file",
                    f"no profile file '{kit.profile}' in the curriculum folder",
                    "give a path relative to the curriculum folder, e.g. 'profiles/district.yaml'",
                )
            )
    if not found and not curriculum.unread_lessons and not kit_lessons(kit, curriculum):
        found.append(
            _at(
                loaded,
                ("lessons",),
                "empty-kit",
                "no lesson matches this kit's choice",
                "check the band, grades, ids and tags: every filter given must match",
            )
        )
    return found


def check_kits(kits: list[Loaded[KitSpec]], curriculum: Curriculum) -> list[Diagnostic]:
    """Every kit's references, and kit ids unique across the folder."""
    found: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for loaded in kits:
        found += check_kit(loaded, curriculum)
        if loaded.model.id in seen:
            found.append(
                _at(
                    loaded,
                    ("id",),
                    "duplicate-id",
                    f"kit id '{loaded.model.id}' is also used by {seen[loaded.model.id]}",
                )
            )
        seen.setdefault(loaded.model.id, loaded.source.display)
    return found


def in_teaching_order(kits: list[Loaded[KitSpec]], curriculum: Curriculum) -> list[Loaded[KitSpec]]:
    """Kits by their first lesson, the larger kit first: the whole unit, then each band in grade order."""

    def key(loaded: Loaded[KitSpec]) -> tuple[int, int, str]:
        lessons = kit_lessons(loaded.model, curriculum)
        first = min((lesson.number for lesson in lessons), default=100)
        return first, -len(lessons), loaded.model.id

    return sorted(kits, key=key)


def kits_folder_display(root: Path) -> str:
    """The kits folder as the user should see it, for messages."""
    return display_path(root / KITS_FOLDER)

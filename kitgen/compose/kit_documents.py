"""The student and family documents of one language of a kit, in the order a reader meets them,
before they are composed: the one list ``kitgen build`` composes and ``kitgen serve`` previews.

Per lesson: its student handout, its printed readings, worksheets and card sets, its role cards
and its survey; then the family letter, the consent form (opt-in) and each lesson's take-home
sheet. A document is composed only when asked (``make``), with the string table and settings of
its language, so the preview composes only what an edit changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .. import doctree as d
from ..kitfiles import FileKind
from ..model import ConsentMode, Lesson, Profile, Unit
from ..strings import Strings
from .common import KitScope, Settings
from .family_sheet import family_sheet
from .handout import student_handout
from .letter import consent_form, family_letter
from .materials import PRINTED, student_material
from .roles import has_roles, role_cards
from .survey import survey

Composer = Callable[[Strings, Settings], d.Document | None]
"""A composer with its models given: the string table and settings of its language to come."""


@dataclass(frozen=True)
class KitDocument:
    """One document of a kit's language, not yet composed."""

    stem: str
    """Its file name without folder, language suffix and format."""
    kind: FileKind
    lessons: tuple[Lesson, ...]
    """The lessons it is made from, in the kit's language."""
    make: Composer
    title: str | None = None
    """A printed material's own title (the catalog names the file by it)."""
    material: str | None = None
    """A printed material's id."""


def student_documents(unit: Unit, profile: Profile, lessons: list[Lesson]) -> list[KitDocument]:
    """Each lesson's handout, printed materials, role cards and survey, lesson by lesson."""
    found: list[KitDocument] = []
    for lesson in lessons:
        base = f"{unit.id}-lesson-{lesson.number:02d}"
        found.append(
            KitDocument(
                f"{base}-{lesson.id}-student-handout",
                "handout",
                (lesson,),
                partial(student_handout, unit, profile, lesson),
            )
        )
        for material in (m for m in lesson.student_materials if m.kind in PRINTED):
            kind: FileKind = "material" if material.per == "student" else "group-material"
            if material.kind == "card_set":
                kind = "card-set"
            make = partial(student_material, unit, profile, lesson, material)
            found.append(
                KitDocument(f"{base}-{material.id}", kind, (lesson,), make, material.title, material.id)
            )
        if has_roles(lesson):
            found.append(
                KitDocument(
                    f"{base}-role-cards", "role-cards", (lesson,), partial(role_cards, unit, profile, lesson)
                )
            )
        if lesson.survey is not None:
            found.append(
                KitDocument(f"{base}-survey", "survey", (lesson,), partial(survey, unit, profile, lesson))
            )
    return found


def family_documents(
    unit: Unit, profile: Profile, lessons: list[Lesson], scope: KitScope, prefix: str
) -> list[KitDocument]:
    """The family letter, the consent form when families opt in, and each lesson's take-home
    sheet. ``prefix`` begins the names of the kit's own documents (the unit's id, and the kit's)."""
    every = tuple(lessons)
    found = [
        KitDocument(
            f"{prefix}-family-letter", "letter", every, partial(family_letter, unit, profile, lessons, scope)
        )
    ]
    if profile.consent.mode is ConsentMode.OPT_IN:
        make = partial(consent_form, unit, profile, lessons, scope)
        found.append(KitDocument(f"{prefix}-consent-form", "consent-form", every, make))
    for lesson in lessons:
        if lesson.family_connection is not None:
            stem = f"{unit.id}-lesson-{lesson.number:02d}-{lesson.id}-family-sheet"
            found.append(
                KitDocument(stem, "family-sheet", (lesson,), partial(family_sheet, unit, profile, lesson))
            )
    return found

"""A lesson's printed student materials, each its own student document: a reading or worksheet
(title, the lesson it belongs to, its text, a worksheet's numbered prompts with their spaces)
and a card set (its cards as a cut-out grid, eight to a page).

Like the handout, every function here takes the full models and composes only from their
student views (see audience.py): a card's ``answer`` and a material's ``source`` are not there
to print. Only the choice of document follows the material's facilitator-only ``kind``.
External materials are kept elsewhere and never built; the guide lists them.
"""

from __future__ import annotations

from .. import doctree as d
from ..audience import view
from ..markdown import blocks
from ..model import STUDENT, Lesson, Material, Profile, Unit
from ..strings import Strings
from .common import Settings, grades_text, join, known, lesson_heading, meta, response_space, t
from .handout import help_line, question_paragraph

PRINTED = ("reading", "worksheet", "card_set")
"""Material kinds built as documents of their own."""


def student_material(
    unit: Unit, profile: Profile, lesson: Lesson, material: Material, s: Strings, settings: Settings
) -> d.Document:
    """The document of one printed material of ``lesson``: a card set's cut-out cards, else a
    reading or worksheet."""
    if material.kind not in PRINTED:
        raise ValueError(f"{material.id!r} is {material.kind}: it is listed in the guide, not printed")
    card_set = material.kind == "card_set"
    unit, profile, lesson = view(unit, STUDENT), view(profile, STUDENT), view(lesson, STUDENT)
    seen = next(m for m in lesson.student_materials if m.id == material.id)
    body = _cards(s, seen) if card_set else _reading(s, seen, lesson.student_materials)
    return student_document(unit, profile, lesson, s, settings, seen.title, body, help_at_end=not card_set)


def student_document(
    unit: Unit,
    profile: Profile,
    lesson: Lesson,
    s: Strings,
    settings: Settings,
    title: str,
    body: list[d.Block],
    help_at_end: bool = True,
) -> d.Document:
    """A student document of a lesson (student views only): its title, the lesson and grades it
    belongs to, ``body``, and the one-line reminder of where to get help at the end (not under
    cards that are cut apart, where it would only start a page of its own)."""
    heading = lesson_heading(s, lesson)
    return d.Document(
        meta(
            f"{title} — {heading}",
            "student",
            unit,
            profile,
            settings,
            running=f"{title} · {heading}",
            footer=join(known(profile.school) or unit.title, f"{s('lesson')} {lesson.number}"),
        ),
        (
            d.Heading(1, t(title)),
            d.Paragraph(t(join(heading, grades_text(s, lesson.grades))), style="lead"),
            *body,
            *([help_line(s, unit)] if help_at_end else []),
        ),
    )


def _reading(s: Strings, material: Material, materials: list[Material]) -> list[d.Block]:
    """The text, then the prompts students answer (not those asked aloud), numbered from 1;
    ``materials`` are the lesson's, which a card sort may name."""
    out: list[d.Block] = list(blocks(material.body)) if material.body else []
    asked = [prompt for prompt in material.prompts if not prompt.aloud]
    for number, prompt in enumerate(asked, start=1):
        space = response_space(prompt.response, s("question_n", n=number), s, materials)
        out.append(d.Keep((question_paragraph(number, prompt), *space)))
    return out


def _cards(s: Strings, material: Material) -> list[d.Block]:
    """Every card's text in large type on a card of its own, labelled with the set and its number."""
    cards = tuple(
        (
            d.Paragraph(t(s("card_label", title=material.title, n=number)), style="small"),
            d.Paragraph(t(card.text)),
        )
        for number, card in enumerate(material.cards, start=1)
    )
    return [d.Paragraph(t(s("cut_apart")), style="small"), d.CutCards(cards, columns=2, uniform=True)]

"""A lesson's role cards: one card per group role, to cut apart and hand out, so a script is
read only by the student whose role it is (the handout names the roles, never the scripts).

Composed from student views only (see audience.py), like the handout.
"""

from __future__ import annotations

from .. import doctree as d
from ..audience import view
from ..markdown import blocks
from ..model import STUDENT, Lesson, Profile, Role, Section, Unit
from ..strings import Strings
from .common import Settings, t
from .materials import student_document


def has_roles(lesson: Lesson) -> bool:
    return any(section.roles for section in lesson.sections)


def role_cards(unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings) -> d.Document:
    """Every role of every section of ``lesson``, each on its own card in the sections' order.
    Cards are full width when any of them holds a script, two across otherwise."""
    unit, profile, lesson = view(unit, STUDENT), view(profile, STUDENT), view(lesson, STUDENT)
    roles = [(section, role) for section in lesson.sections for role in section.roles]
    if not roles:
        raise ValueError(f"lesson {lesson.number} has no group roles")
    wide = any(role.script for _, role in roles)
    cards = tuple(_card(s, section, role) for section, role in roles)
    body: list[d.Block] = [
        d.Paragraph(t(s("role_cards_intro"))),
        d.CutCards(cards, columns=1 if wide else 2, uniform=False),
    ]
    return student_document(unit, profile, lesson, s, settings, s("role_cards"), body)


def _card(s: Strings, section: Section, role: Role) -> tuple[d.Block, ...]:
    """The section the role belongs to, the role as a heading, what it does, and its own script."""
    out: list[d.Block] = [
        d.Paragraph(t(section.title), style="small"),
        d.Heading(2, t(role.name)),
        *blocks(role.instructions),
    ]
    if role.script:
        out += [d.Paragraph(t(s("read_aloud")), style="label"), *blocks(role.script)]
    return tuple(out)

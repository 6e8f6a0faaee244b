"""A lesson's take-home sheet for families, sent home after the lesson: what it covered, questions
to talk about at home, whom to ask at school and where to get help, in small type so the sheet
stays one page.

Composed only from family views of the models (see audience.py), like the family letter, so
no facilitator-only text is there to print.
"""

from __future__ import annotations

from .. import doctree as d
from ..audience import view
from ..markdown import blocks
from ..model import FAMILY, Lesson, Profile, Unit
from ..strings import Strings
from .common import (
    Settings,
    grades_text,
    items,
    join,
    known,
    lesson_heading,
    meta,
    resource_items,
    sentence,
    t,
)
from .letter import reach


def family_sheet(unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings) -> d.Document:
    """The sheet of ``lesson``, which must have a family connection."""
    unit, profile, lesson = view(unit, FAMILY), view(profile, FAMILY), view(lesson, FAMILY)
    connection = lesson.family_connection
    if connection is None:
        raise ValueError(f"lesson {lesson.number} has no family connection")
    heading, title = lesson_heading(s, lesson), s("family_sheet")
    out: list[d.Block] = [
        d.Heading(1, t(heading)),
        d.Paragraph(
            t(join(known(profile.school), unit.title, grades_text(s, lesson.grades), title)), style="lead"
        ),
        d.Heading(2, t(s("what_we_covered"))),
        *blocks(connection.summary),
        d.Heading(2, t(s("talk_at_home"))),
        d.BulletList(items(connection.conversation_starters)),
        d.Paragraph(sentence(s, "questions_contact", contact=reach(s, profile.letter.contact))),
        d.Heading(2, t(s("where_to_get_help"))),
        # The resources speak to the student; the letter's sentence tells the parent they are
        # the ones on every handout, and theirs to use too.
        d.Paragraph(t(s("help_for_families")), style="small"),
        d.BulletList(resource_items(unit), columns=2),
    ]
    return d.Document(
        meta(
            f"{heading} — {title}",
            "family",
            unit,
            profile,
            settings,
            running=heading,  # the footer names the sheet, so a long heading stays one line
            footer=join(known(profile.school) or unit.title, title),
        ),
        tuple(out),
    )

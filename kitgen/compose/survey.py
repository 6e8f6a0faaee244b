"""A lesson's survey as its own student document: anonymous, every item may be skipped, the
statements rated in one table (with a Before and an After column for a pre/post survey).

Composed from student views only (see audience.py), like the handout.
"""

from __future__ import annotations

from .. import doctree as d
from ..audience import view
from ..markdown import blocks
from ..model import STUDENT, Lesson, Profile, Unit
from ..strings import Strings
from .common import Settings, rating_table, t
from .materials import student_document


def survey(unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings) -> d.Document:
    """The survey of ``lesson``; it says it is anonymous and that items may be skipped, whatever
    its own instructions say."""
    unit, profile, lesson = view(unit, STUDENT), view(profile, STUDENT), view(lesson, STUDENT)
    found = lesson.survey
    if found is None:
        raise ValueError(f"lesson {lesson.number} has no survey")
    pre_post = found.when == "before_and_after"
    scale = found.scale.model_copy(update={"before_after": pre_post})
    body: list[d.Block] = [
        d.Paragraph((d.Strong(t(s("survey_anonymous"))),)),
        *blocks(found.instructions),
        *rating_table(scale, found.title, s),
    ]
    return student_document(unit, profile, lesson, s, settings, found.title, body)

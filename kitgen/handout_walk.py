"""The sentences of a lesson's student handout, read from its models without composing it.

``kitgen validate`` scores every handout's reading level. Composing a handout (the student
views of the models, then the document tree) only to read its text back was two thirds of
scoring it; ``handout_sentences`` walks the models in the order ``compose.handout`` prints them
and reads the same texts. Composing stays the definition: a test compares the two for every
shipped lesson, in English and in Spanish, and ``reading_level`` composes the first handout of
a folder, so what could fail in every handout alike fails as it did.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import doctree as d
from .compose.common import Asked, grades_text, lesson_heading, numbered, response_space, segment
from .compose.guide_section import section_title
from .compose.handout import answer_space
from .handout_text import NUMBERED, block_texts
from .markdown import blocks, inlines
from .model import Lesson, Section, SectionKind, Unit
from .readability import sentences_of
from .strings import Strings


def handout_sentences(unit: Unit, lesson: Lesson, s: Strings) -> list[str]:
    """``handout_text.student_sentences`` of the lesson's composed handout, read from the full
    models: the same sentences in the same order."""
    return [s for text in _lesson_texts(unit, lesson, s) for s in sentences_of(NUMBERED.sub("", text))]


def _lesson_texts(unit: Unit, lesson: Lesson, s: Strings) -> Iterator[str]:
    """What ``handout_text.block_texts`` reads in ``compose.handout._handout``'s blocks, in their
    order (headings, the name and help lines and the page kept read nothing).

    The string-table entries the composer fills in for this lesson's headings are filled in here
    too, for what they may raise: an entry that cannot be filled in with this lesson's values (a
    plural form, a placeholder) fails the lesson here as it fails its composing."""
    lesson_heading(s, lesson)
    if lesson.periods > 1:
        s("days", n=lesson.periods)
    grades_text(s, lesson.grades)
    if lesson.essential_question:
        yield f"{s('essential_question')}: {_plain(lesson.essential_question)}"
    yield from block_texts(blocks(lesson.student_summary))
    yield from (_plain(objective.student) for objective in lesson.objectives)
    if lesson.content_advisory is not None:
        yield from block_texts(blocks(lesson.content_advisory.student))
    yield f"{s('step_out')}: {_plain(lesson.safety_plan.step_out)}"
    yield from (_plain(agreement) for agreement in unit.group_agreements)
    if lesson.vocabulary:
        s("words_to_know")
    yield from (f"{term.term}: {_plain(term.definition)}" for term in lesson.vocabulary)
    hand_in: list[str] = []
    for section, questions in numbered(lesson.sections):
        if lesson.periods > 1:
            s("day", n=section.period)
        section_title(s, section)
        texts = _section_texts(s, unit, lesson, section, questions)
        if section.kind is SectionKind.EXIT_TICKET:  # on the sheet handed in, after the kept page
            hand_in += texts
        else:
            yield from texts
    if any(section.kind is SectionKind.EXIT_TICKET for section in lesson.sections):
        s("hand_this_in")
    yield from hand_in


def _section_texts(
    s: Strings, unit: Unit, lesson: Lesson, section: Section, questions: list[Asked]
) -> list[str]:
    """What ``compose.handout._section`` prints of a section, in its order."""
    out: list[str] = []
    materials = {m.id: m for m in lesson.student_materials}
    used = [materials[ref].title for ref in section.materials if ref in materials]
    if used:
        out.append(f"{s('you_need')}: {'; '.join(used)}")
    for part in section.part_order:
        asked = [q for q in questions if q.part == part and q.number is not None]
        if part == "student_instructions":
            if section.student_instructions:
                out += block_texts(blocks(section.student_instructions))
            if section.figure is not None and section.figure.caption:
                out.append(section.figure.caption)
            out += block_texts(
                tuple(response_space(section.response, section.title, s, lesson.student_materials))
            )
        elif part == "video" and section.video is not None:
            found = segment(unit, section.video.segment)
            if found is not None:
                out.append(s("video_intro", title=found.title, series=found.series))
            out += _question_texts(s, lesson, asked)
        elif part == "stations":
            for index, station in enumerate(section.stations):
                out += block_texts(blocks(station.instructions))
                if station.material in materials:
                    out.append(f"{s('you_need')}: {materials[station.material or ''].title}")
                out += _question_texts(s, lesson, [q for q in asked if q.station == index])
        elif part == "roles" and section.roles:
            out.append(s("your_roles", roles=", ".join(r.name for r in section.roles)))
        else:
            out += _question_texts(s, lesson, asked)
    return out


def _question_texts(s: Strings, lesson: Lesson, asked: list[Asked]) -> Iterator[str]:
    """Numbered questions and their answer spaces, as ``compose.handout._questions`` prints them."""
    for entry in asked:
        if entry.group:
            s(entry.group)  # its heading's entry, as for the lesson's headings
        assert entry.number is not None
        yield f"{entry.number}. {_plain(entry.question.text)}"
        yield from block_texts(tuple(answer_space(s, entry.number, entry.question, lesson.student_materials)))


def _plain(text: str) -> str:
    return d.plain_text(inlines(text))

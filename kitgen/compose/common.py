"""What the documents share: small node helpers, numbering, help resources, response spaces,
what a kit holds, and how district values that are not filled in yet are shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from babel.dates import format_date

from .. import doctree as d
from ..markdown import inlines
from ..model import (
    ExitItem,
    Lesson,
    Profile,
    Prompt,
    Response,
    Section,
    Unit,
    VideoSegment,
    is_placeholder,
)
from ..strings import Strings


@dataclass(frozen=True)
class Settings:
    """What a build adds to the sources: the date and the page size."""

    date: str
    page_size: str = "letter"


@dataclass(frozen=True)
class KitScope:
    """The part of the unit a kit holds, for documents that say so ("2 of the unit's 6 lessons")."""

    title: str
    """The kit's title, e.g. 'Grades 9–10'."""
    curriculum_lessons: int
    """How many lessons the whole curriculum has."""


def t(text: str) -> tuple[d.Inline, ...]:
    return (d.Text(text),)


def label_value(label: str, value: Iterable[d.Inline] | str) -> d.Paragraph:
    """'Label: value' with the label in bold."""
    rest = t(value) if isinstance(value, str) else tuple(value)
    return d.Paragraph((d.Strong(t(label)), d.Text(" "), *rest))


def items(texts: Iterable[str]) -> tuple[d.ListItem, ...]:
    return tuple(d.ListItem(inlines(text)) for text in texts)


def grade_numbers(grades: list[int]) -> str:
    """'10', '7–8' or '7, 9': for a column already headed 'Grades'."""
    ordered = sorted(set(grades))
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


def grades_text(s: Strings, grades: list[int]) -> str:
    """'Grade 10', 'Grades 7–8' or 'Grades 7, 9': said once, never after a 'Grades:' label."""
    ordered = sorted(set(grades))
    if len(ordered) == 1:
        return s("grade_one", grade=ordered[0])
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return s("grades_range", low=ordered[0], high=ordered[-1])
    return s("grades_list", grades=", ".join(map(str, ordered)))


def known(value: str | None) -> str:
    """A district value, or '' while it still says 'FILL IN: …'."""
    return value if value and not is_placeholder(value) else ""


def district_value(value: str | None, label: str) -> tuple[d.Inline, ...]:
    """A district value in running text; until it is filled in, a labelled line to write it on."""
    if known(value):
        return t(value or "")
    return (d.Blank(label),)


def date_in_words(iso: str, language: str) -> str:
    """'2027-01-15' → 'Friday, January 15, 2027', in the documents' language."""
    return format_date(dt.date.fromisoformat(iso), format="full", locale=language.replace("-", "_"))


_SLOT = "\x00"


def sentence(s: Strings, key: str, **values: object) -> tuple[d.Inline, ...]:
    """A string-table sentence whose ``{slots}`` may hold inlines as well as text: a tuple value
    (a district value, or the line to write it on) is put in as nodes."""
    slots = {name: f"{_SLOT}{name}{_SLOT}" if isinstance(v, tuple) else v for name, v in values.items()}
    out: list[d.Inline] = []
    for index, piece in enumerate(s(key, **slots).split(_SLOT)):
        if index % 2:
            out += values[piece]  # type: ignore[arg-type]
        elif piece:
            out.append(d.Text(piece))
    return tuple(out)


def resource_items(unit: Unit) -> tuple[d.ListItem, ...]:
    """'Name: contact. when' for each help resource, in the guide and the family letter alike."""
    return tuple(
        d.ListItem((d.Strong(t(r.name + ":")), d.Text(f" {r.contact}. {r.when}")))
        for r in unit.help_resources
    )


def lesson_heading(s: Strings, lesson: Lesson) -> str:
    return s("lesson_title", number=lesson.number, title=lesson.title)


def meta(
    title: str,
    audience: str,
    unit: Unit,
    profile: Profile,
    settings: Settings,
    running: str,
    footer: str,
) -> d.Meta:
    return d.Meta(
        title=title,
        language=profile.language,
        audience=audience,  # type: ignore[arg-type]
        subject=unit.title,
        author=known(profile.district) or unit.title,
        date=settings.date,
        page_size=settings.page_size,  # type: ignore[arg-type]
        running_title=running,
        footer=footer,
    )


def join(*parts: str) -> str:
    """Parts joined with a middle dot, leaving out empty ones (unfilled district values)."""
    return " · ".join(p for p in parts if p)


def segment(unit: Unit, segment_id: str | None) -> VideoSegment | None:
    return next((v for v in unit.videos if v.id == segment_id), None)


# --------------------------------------------------------------------------- numbering

Question = Prompt | ExitItem


def section_questions(section: Section) -> Iterator[tuple[str, Question]]:
    """A section's questions in the order students meet them, each with the string key of its
    group heading ('' for the section's own prompts and exit-ticket items)."""
    if section.video is not None:
        stages: tuple[tuple[str, list[Prompt]], ...] = (
            ("before_watch", section.video.pre_viewing),
            ("pause_think", list(section.video.pause_points)),
            ("after_watch", section.video.post_viewing),
        )
        for key, prompts in stages:
            for prompt in prompts:
                yield key, prompt
    questions: list[Question] = [*section.prompts, *section.items]
    if section.items_first:  # the order the lesson file gives them
        questions = [*section.items, *section.prompts]
    for question in questions:
        yield "", question


def numbered(sections: Iterable[Section]) -> Iterator[tuple[Section, list[tuple[str, int, Question]]]]:
    """Every section with its questions numbered 1, 2, 3 … through the lesson: the one number a
    question has on the handout, in the guide and on the exit ticket."""
    number = 0
    for section in sections:
        questions = []
        for key, question in section_questions(section):
            number += 1
            questions.append((key, number, question))
        yield section, questions


# --------------------------------------------------------------------------- responses


def response_space(response: Response | None, caption: str) -> list[d.Block]:
    """The write-in space a response asks for, as the one block that holds it; ``caption`` names
    a response table (the section's title, or the question's number)."""
    if response is None:
        return []
    if response.lines is not None:
        return [d.WriteIn(response.lines)]
    if response.box is not None:
        return [d.WriteIn(response.box, box=True)]
    if response.table is not None:
        table = response.table
        width = len(table.columns)
        body = [(inlines(label), *([()] * (width - 1))) for label in table.rows]
        body += [tuple(() for _ in range(width))] * table.blank_rows
        widths: tuple[int, ...] = ()
        if table.rows and width > 1:  # labelled rows: the label column gets half the width
            widths = (50, *([50 // (width - 1)] * (width - 1)))
        return [
            d.Table(
                (tuple(t(c) for c in table.columns), *body),
                caption=caption,
                widths=widths,
                write_lines=table.lines,
            )
        ]
    assert response.card is not None
    return [
        d.Callout(
            "card",
            "",
            tuple(
                d.Paragraph((d.Strong(t(label + ":")), d.Text(" "), d.Blank(label)))
                for label in response.card
            ),
        )
    ]

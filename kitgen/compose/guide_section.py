"""One section of a lesson in the facilitator guide: its parts in the order the lesson file gives
them, each question beside what to listen for or its answer key, stations and group roles with
everything their cards say, and how to adapt the step.

Questions carry the number students see on the handout; a prompt asked aloud only has none and
is marked so, since the handout leaves it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import doctree as d
from ..markdown import blocks, inlines
from ..model import (
    Differentiation,
    ExitItem,
    Lesson,
    Material,
    PausePoint,
    Prompt,
    Response,
    Role,
    Section,
    Station,
    Unit,
)
from ..strings import Strings
from .common import Asked, Question, join, label_value, response_space, segment, t


def labelled(label: str, content: Sequence[d.Block]) -> list[d.Block]:
    """A bold run-in label ("Script:") at the start of the first paragraph, so a label can never
    end a page apart from its text; before a list, the label is kept with it instead."""
    if content and isinstance(content[0], d.Paragraph):
        first = content[0]
        return [
            replace(first, children=(d.Strong(t(label + ":")), d.Text(" "), *first.children)),
            *content[1:],
        ]
    return [d.Keep((d.Paragraph(t(label + ":"), style="label"), *content[:1])), *content[1:]]


def minutes(s: Strings, n: int) -> str:
    return s("minutes", n=n)


def section_minutes(s: Strings, section: Section) -> str:
    """'15 minutes' or '15–20 minutes'."""
    if section.up_to is not None and section.up_to != section.minutes:
        return s("minutes_range", low=section.minutes, high=section.up_to)
    return minutes(s, section.minutes)


def section_title(s: Strings, section: Section) -> str:
    """The title, marked '(optional)' for an optional step."""
    return s("optional_title", title=section.title) if section.optional else section.title


def guide_section(
    s: Strings, unit: Unit, lesson: Lesson, section: Section, questions: list[Asked], first_of_day: bool
) -> list[d.Block]:
    """A section's heading (with its day, when it opens one of several periods), the materials it
    uses, its parts in file order, then how to adapt it."""
    day = s("day", n=section.period) if first_of_day else ""
    out: list[d.Block] = [d.Heading(3, t(join(day, section_title(s, section), section_minutes(s, section))))]
    materials = {m.id: m for m in lesson.student_materials}
    used = [materials[ref].title for ref in section.materials if ref in materials]
    if used:
        out.append(label_value(s("uses") + ":", "; ".join(used)))
    for part in section.part_order:
        asked = [q for q in questions if q.part == part]
        out += _part(s, unit, section, part, asked, materials)
    if section.differentiation is not None:
        out += _differentiation(s, section.differentiation)
    return out


def _part(
    s: Strings, unit: Unit, section: Section, part: str, asked: list[Asked], materials: dict[str, Material]
) -> list[d.Block]:
    out: list[d.Block] = []
    if part == "student_instructions":
        if section.student_instructions:
            out.append(
                d.Callout(
                    "agreement",
                    s("students_read"),
                    blocks(section.student_instructions),
                    label=s("on_the_handout"),
                )
            )
        if section.figure is not None:
            out.append(d.Image(section.figure.src, section.figure.alt, section.figure.caption))
        out += _handout_tables(s, section.title, section.response)
    elif part == "script" and section.script:
        out += labelled(s("script"), blocks(section.script))
    elif part == "notes" and section.notes:
        out += labelled(s("notes"), blocks(section.notes))
    elif part == "video" and section.video is not None:
        out += _video_card(s, unit, section.video.segment)
        out += _questions(s, section.title, asked)
        out += labelled(s("debrief"), blocks(section.video.debrief))
    elif part in ("prompts", "items"):
        out += _questions(s, section.title, asked)
    elif part == "stations":
        for index, station in enumerate(section.stations):
            out += _station(s, station, [q for q in asked if q.station == index], materials)
    elif part == "roles" and section.roles:
        out.append(d.Heading(4, t(s("group_roles"))))
        for role in section.roles:
            out += _role(s, role)
    return out


def _station(
    s: Strings, station: Station, asked: list[Asked], materials: dict[str, Material]
) -> list[d.Block]:
    out: list[d.Block] = [
        d.Heading(4, t(join(station.title, minutes(s, station.minutes)))),
        *labelled(s("students_read"), blocks(station.instructions)),
    ]
    if station.material in materials:
        out.append(label_value(s("uses") + ":", materials[station.material or ""].title))
    return out + _questions(s, station.title, asked)


def _role(s: Strings, role: Role) -> list[d.Block]:
    """A role's instructions, and its script in a box that says it is on that role's card only."""
    out = labelled(role.name, blocks(role.instructions))
    if role.script:
        out.append(
            d.Callout(
                "agreement", s("role_script", role=role.name), blocks(role.script), label=s("on_role_card")
            )
        )
    return out


def _differentiation(s: Strings, notes: Differentiation) -> list[d.Block]:
    """Support for English learners, accommodations, going further: one compact box."""
    content: list[d.Block] = []
    for key, text in (
        ("english_learners", notes.english_learners),
        ("accommodations", notes.accommodations),
        ("going_further", notes.going_further),
    ):
        if text:
            content += labelled(s(key), blocks(text))
    if not content:
        return []
    return [d.Callout("facilitator", s("differentiation"), tuple(content))]


def _questions(s: Strings, title: str, asked: list[Asked]) -> list[d.Block]:
    """The questions table, then any table or list students fill in, as they get it."""
    if not asked:
        return []
    out: list[d.Block] = [_questions_table(s, title, asked)]
    for question in asked:
        if question.number is not None:
            out += _handout_tables(s, s("question_n", n=question.number), question.question.response)
    return out


def _questions_table(s: Strings, title: str, asked: list[Asked]) -> d.Table:
    """Each question as students see it (with its number) beside what to listen for or its
    answer; a prompt asked aloud only is marked so, without a number."""
    has_items = any(isinstance(q.question, ExitItem) for q in asked)
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [
        (t(s("question_header")), t(s("answer_key") if has_items else s("look_fors")))
    ]
    group = ""
    for entry in asked:
        question, left = entry.question, list[d.Inline]()
        if entry.group and entry.group != group:
            key = entry.group if entry.group != "pause_think" else "post_pause"
            left += [d.Emph(t(s(key))), d.LineBreak()]
        group = entry.group
        if isinstance(question, PausePoint):  # before the number: "7. text" reads as on the handout
            left += [d.Emph(t(s("pause_at", at=question.at or "__:__"))), d.LineBreak()]
        if entry.number is None:
            left += [d.Strong(t(s("ask_aloud") + ":")), d.Text(" "), *inlines(question.text)]
        else:
            left += [d.Strong(t(f"{entry.number}.")), d.Text(" "), *inlines(question.text)]
        if isinstance(question, ExitItem):
            choices = question.choices if question.kind == "multiple_choice" else []
            if question.kind == "true_false":
                choices = [s("true"), s("false")]
            for choice in choices:
                left += [d.LineBreak(), d.Text("– "), *inlines(choice)]
        rows.append((tuple(left), _notes(s, question)))
    return d.Table(tuple(rows), caption=s("questions_caption", title=title), widths=(55, 45), long_rows=True)


def _handout_tables(s: Strings, caption: str, response: Response | None) -> list[d.Block]:
    """What students fill in beyond lines and boxes (a table, a rating scale, a sorting mat, a
    checklist), shown as they get it, so the guide holds every word of it."""
    if response is None or response.lines is not None or response.box is not None or response.card:
        return []
    if response.sort is not None:  # an empty mat says nothing but the names of its piles
        return [label_value(s("sorting_mat") + ":", " · ".join(response.sort.categories))]
    out: list[d.Block] = []
    for block in response_space(response, caption, s):
        if isinstance(block, d.Table):
            out.append(replace(block, write_lines=0))
        elif isinstance(block, d.BulletList):
            out.append(block)
    return out


def _notes(s: Strings, question: Question) -> tuple[d.Inline, ...]:
    """The right-hand cell: look-fors as short lines, then follow-ups and what to do if concerning."""
    if isinstance(question, ExitItem):
        return inlines(question.answer)
    assert isinstance(question, Prompt)
    out: list[d.Inline] = []
    for look_for in question.look_fors:
        if out:
            out.append(d.LineBreak())
        out += [d.Text("• "), *inlines(look_for)]
    for label, texts in (
        (s("follow_ups"), question.follow_ups),
        (s("if_concerning"), [question.if_concerning]),
    ):
        texts = [x for x in texts if x]
        if texts:
            if out:
                out.append(d.LineBreak())
            out += [d.Strong(t(label + ":")), d.Text(" "), *inlines(" ".join(texts))]
    return tuple(out) or t("—")


def _video_card(s: Strings, unit: Unit, segment_id: str) -> list[d.Block]:
    found = segment(unit, segment_id)
    if found is None:
        return []
    unset = "__:__"
    return [
        d.Callout(
            "video",
            s("video_card", id=found.id, title=found.title),
            (
                d.Paragraph(
                    t(
                        join(
                            f"{found.series} ({found.source})",
                            s("about_minutes", n=found.length_minutes),
                            f"{s('start_end')}: {found.start or unset} – {found.end or unset}",
                            f"{s('min_grade')}: {found.min_grade}",
                        )
                    )
                ),
                label_value(s("content_descriptors") + ":", "; ".join(found.content_descriptors)),
                label_value(s("access") + ":", inlines(found.access)),
            ),
        )
    ]

"""One lesson's student handout, composed only from student views of the models.

``student_handout`` takes the full models and hands ``_handout`` their student views (see
audience.py), so no facilitator-only text is there to print. A handout has three parts:
the lesson (with a short help line on page 1), a page the student keeps (the help resources
and a pocket card that does not name the topic), and the exit ticket on a sheet of its own
that is handed in, so collecting it never takes the help numbers away.
"""

from __future__ import annotations

from .. import doctree as d
from ..audience import view
from ..markdown import blocks, inlines
from ..model import STUDENT, ExitItem, Lesson, Profile, Section, SectionKind, Unit
from ..strings import Strings
from .common import (
    Question,
    Settings,
    grades_text,
    items,
    join,
    known,
    label_value,
    lesson_heading,
    meta,
    numbered,
    response_space,
    segment,
    t,
)


def student_handout(
    unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings
) -> d.Document:
    """One lesson's handout. Takes full models and composes only from their student views."""
    return _handout(view(unit, STUDENT), view(profile, STUDENT), view(lesson, STUDENT), s, settings)


def _handout(unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings) -> d.Document:
    title = lesson_heading(s, lesson)
    out: list[d.Block] = [
        d.Heading(1, t(title)),
        d.Paragraph(t(join(unit.title, grades_text(s, lesson.grades), s("student_handout"))), style="lead"),
        _name_line(s),
        help_line(s, unit),
        d.Heading(2, t(s("today"))),
        *blocks(lesson.student_summary),
        d.Heading(2, t(s("i_can"))),
        d.BulletList(items(o.student for o in lesson.objectives)),
    ]
    advisory: list[d.Block] = []
    if lesson.content_advisory is not None:
        advisory += blocks(lesson.content_advisory.student)
    advisory.append(label_value(s("step_out") + ":", inlines(lesson.safety_plan.step_out)))
    out.append(d.Callout("advisory", s("before_we_start"), tuple(advisory)))
    out.append(d.Callout("agreement", s("group_agreements"), (d.BulletList(items(unit.group_agreements)),)))
    if lesson.vocabulary:
        out.append(d.Heading(2, t(s("words_to_know"))))
        out.append(
            d.BulletList(
                tuple(
                    d.ListItem((d.Strong(t(v.term + ":")), d.Text(" "), *inlines(v.definition)))
                    for v in lesson.vocabulary
                )
            )
        )
    hand_in: list[d.Block] = []
    for section, questions in numbered(lesson.sections):
        part = _section(s, unit, section, questions)
        if section.kind is SectionKind.EXIT_TICKET:
            hand_in += part
        else:
            out += part
    out.append(d.Part("keep", s("keep_this_page"), tuple(help_page(s, unit, profile))))
    if hand_in:
        hand_in.insert(0, _name_line(s))
        out.append(d.Part("hand_in", s("hand_this_in"), tuple(hand_in)))
    return d.Document(
        meta(
            f"{title} — {s('student_handout')}",
            "student",
            unit,
            profile,
            settings,
            running=title,
            footer=join(known(profile.school) or unit.title, s("student_handout")),
        ),
        tuple(out),
    )


def answer_space(s: Strings, number: int, question: Question) -> list[d.Block]:
    """Choices to tick for a multiple-choice or true/false item, else the response space."""
    if isinstance(question, ExitItem) and question.kind == "multiple_choice":
        return [d.BulletList(items(question.choices), checklist=True)]
    if isinstance(question, ExitItem) and question.kind == "true_false":
        return [d.BulletList(items([s("true"), s("false")]), checklist=True)]
    return response_space(question.response, s("question_n", n=number))


def question_paragraph(number: int, question: Question) -> d.Paragraph:
    """'7. Question text' with the number in bold."""
    return d.Paragraph((d.Strong(t(f"{number}.")), d.Text(" "), *inlines(question.text)))


def _name_line(s: Strings) -> d.Paragraph:
    return d.Paragraph(
        (
            d.Strong(t(s("name") + ":")),
            d.Text(" "),
            d.Blank(s("name"), width_em=18),
            d.Text("   "),
            d.Strong(t(s("date") + ":")),
            d.Text(" "),
            d.Blank(s("date"), width_em=8),
        ),
        style="label",
    )


def help_line(s: Strings, unit: Unit) -> d.Paragraph:
    """The one-line reminder on page 1: every contact, no explanations."""
    contacts = [(r.card_name or r.name, r.contact) for r in unit.help_resources]
    parts: list[d.Inline] = [d.Strong(t(s("need_help") + " "))]
    for index, (name, contact) in enumerate(contacts):
        if index:
            parts.append(d.Text(" · "))
        parts.append(d.Text(f"{name}: {contact}"))
    return d.Paragraph(tuple(parts), style="small")


def help_page(s: Strings, unit: Unit, profile: Profile) -> list[d.Block]:
    """The page the student keeps: every help resource with what stays private, the school's
    counselor, and a pocket card without the topic's name, with blanks for a trusted adult."""
    out: list[d.Block] = [d.Heading(2, t(s("help_title"))), d.Paragraph(t(s("help_intro")))]
    entries: list[d.ListItem] = []
    for r in unit.help_resources:
        nested = tuple(blocks(r.confidentiality)) if r.confidentiality else ()
        entries.append(d.ListItem((d.Strong(t(r.name + ":")), d.Text(f" {r.contact}. {r.when}")), nested))
    counselor = profile.counselor
    where = ", ".join(x for x in (known(counselor.location), known(counselor.phone)) if x)
    if known(counselor.name):  # until then the unit's trusted-adult line names the counselor
        entries.append(
            d.ListItem(
                (
                    d.Strong(t(s("counselor_label") + ":")),
                    d.Text(f" {counselor.name}" + (f" ({where})" if where else "")),
                )
            )
        )
    if known(profile.break_space):
        entries.append(d.ListItem((d.Strong(t(s("break_space") + ":")), d.Text(" " + profile.break_space))))
    card: list[d.Block] = [
        d.Paragraph((d.Strong(t(r.card_name or r.name)), d.Text(" " + r.contact)))
        for r in unit.help_resources
    ]
    for label in (s("card_trusted_adult"), s("card_phone")):
        card.append(d.Paragraph((d.Strong(t(label + ":")), d.Text(" "), d.Blank(label))))
    out += [
        d.Paragraph(t(s("card_intro"))),
        d.Callout("card", s("card_title"), tuple(card)),
        d.Callout("help", s("help_box_title"), (d.BulletList(tuple(entries)),)),
    ]
    return out


def _section(
    s: Strings, unit: Unit, section: Section, questions: list[tuple[str, int, Question]]
) -> list[d.Block]:
    has_content = (
        section.student_instructions or questions or section.video or section.figure or section.response
    )
    if not has_content:
        return []
    intro: list[d.Block] = []
    if section.student_instructions:
        intro += blocks(section.student_instructions)
    if section.figure is not None:
        intro.append(d.Image(section.figure.src, section.figure.alt, section.figure.caption))
    if section.video is not None:
        found = segment(unit, section.video.segment)
        if found is not None:
            intro.append(
                d.Paragraph(t(s("video_intro", title=found.title, series=found.series)), style="lead")
            )
    space = response_space(section.response, section.title)
    # Kept groups: a heading with what follows it, an instruction with the space it asks for,
    # a question with its space. ``lead`` is what still waits for the next group.
    lead: list[d.Block] = [d.Heading(2, t(section.title))]
    out: list[d.Block] = []
    if space:
        before, asking = intro[:-1], intro[-1:]
        if before:
            out += [d.Keep((*lead, before[0])), *before[1:]]
            lead = []
        out.append(d.Keep((*lead, *asking, *space)))
        lead = []
    elif intro:  # headings already keep with the next block in both writers
        out += [*lead, *intro]
        lead = []
    group = None
    for key, number, question in questions:
        if key and key != group:
            lead.append(d.Heading(3, t(s(key))))
        group = key
        out.append(d.Keep((*lead, question_paragraph(number, question), *answer_space(s, number, question))))
        lead = []
    return out + lead

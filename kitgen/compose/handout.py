"""One lesson's student handout, composed only from student views of the models.

``student_handout`` takes the full models and hands ``_handout`` their student views (see
audience.py), so no facilitator-only text is there to print. A handout has three parts:
the lesson (with a short help line on page 1), a page the student keeps (the help resources
and a pocket card that does not name the topic), and the exit ticket on a sheet of its own
that is handed in, so collecting it never takes the help numbers away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import doctree as d
from ..audience import view
from ..markdown import blocks, inlines
from ..model import STUDENT, ExitItem, Lesson, Material, Profile, Section, SectionKind, Unit
from ..strings import Strings
from .common import (
    Asked,
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
from .guide_section import section_title


def student_handout(
    unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings
) -> d.Document:
    """One lesson's handout. Takes full models and composes only from their student views."""
    return _handout(view(unit, STUDENT), view(profile, STUDENT), view(lesson, STUDENT), s, settings)


def student_handouts(
    unit: Unit, profile: Profile, s: Strings, settings: Settings
) -> Callable[[Lesson], d.Document]:
    """``student_handout`` for many lessons of one unit (validation scores every handout of a
    folder): the unit's and the profile's student views are made once, not for each lesson."""
    unit_view, profile_view = view(unit, STUDENT), view(profile, STUDENT)
    return lambda lesson: _handout(unit_view, profile_view, view(lesson, STUDENT), s, settings)


def _handout(unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings) -> d.Document:
    title = lesson_heading(s, lesson)
    days = s("days", n=lesson.periods) if lesson.periods > 1 else ""
    essential: list[d.Block] = []
    if lesson.essential_question:
        essential.append(
            d.Paragraph(
                (
                    d.Strong(t(s("essential_question") + ":")),
                    d.Text(" "),
                    *inlines(lesson.essential_question),
                ),
                style="lead",
            )
        )
    out: list[d.Block] = [
        d.Heading(1, t(title)),
        d.Paragraph(
            t(join(unit.title, grades_text(s, lesson.grades), s("student_handout"), days)), style="lead"
        ),
        _name_line(s),
        help_line(s, unit),
        *essential,
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
    day = 0  # the period whose "Day" heading has been printed
    for section, questions in numbered(lesson.sections):
        several = lesson.periods > 1
        if section.kind is SectionKind.EXIT_TICKET:  # on the sheet handed in, under its own title
            ticket = join(s("day", n=section.period) if several else "", section_title(s, section))
            hand_in += _section(s, unit, lesson, section, questions, [d.Heading(2, t(ticket))])
            continue
        lead: list[d.Block] = [d.Heading(3 if several else 2, t(section_title(s, section)))]
        if several and section.period != day:  # a later day starts a fresh page, as it is taught
            lead.insert(0, d.Heading(2, t(s("day", n=section.period)), running=title if day else None))
        part = _section(s, unit, lesson, section, questions, lead)
        if part and several:
            day = section.period
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


def answer_space(
    s: Strings, number: int, question: Question, materials: Sequence[Material] = ()
) -> list[d.Block]:
    """Choices to tick for a multiple-choice or true/false item, else the response space."""
    if isinstance(question, ExitItem) and question.kind == "multiple_choice":
        return [d.BulletList(items(question.choices), checklist=True)]
    if isinstance(question, ExitItem) and question.kind == "true_false":
        return [d.BulletList(items([s("true"), s("false")]), checklist=True)]
    return response_space(question.response, s("question_n", n=number), s, materials)


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


class _Flow:
    """A section's blocks in kept groups: headings wait to be kept with what follows them, an
    instruction stays with the space it asks for, a question with its space."""

    def __init__(self, lead: list[d.Block]) -> None:
        self.lead = lead
        self.out: list[d.Block] = []

    def heading(self, heading: d.Heading) -> None:
        self.lead.append(heading)

    def keep(self, *blocks: d.Block) -> None:
        self.out.append(d.Keep((*self.lead, *blocks)))
        self.lead = []

    def flow(self, blocks: Sequence[d.Block]) -> None:
        """Blocks that may break between them; waiting headings are kept with the first, and with
        the list after it when it introduces one ("For each scenario:")."""
        if blocks and self.lead:
            first = 2 if len(blocks) > 1 and isinstance(blocks[1], d.BulletList | d.NumberedList) else 1
            self.keep(*blocks[:first])
            blocks = blocks[first:]
        self.out += blocks

    def hold(self, blocks: Sequence[d.Block]) -> None:
        """Short blocks kept with what follows them: what a section needs, the roles line, a
        station's instructions with its first question."""
        self.lead += blocks

    def done(self) -> list[d.Block]:
        """The kept groups; blocks still held are kept together, headings with nothing after are dropped."""
        if any(not isinstance(b, d.Heading) for b in self.lead):
            self.keep()
        return self.out

    def ask(self, intro: Sequence[d.Block], space: Sequence[d.Block]) -> None:
        """Instructions, then the space they ask for, kept with their last block; when that is a
        list, with the paragraph that introduces it too ("Fill each ring …:"), so no reader
        finds the list and its space on a page after what they are for."""
        if space:
            tail = 2 if len(intro) > 1 and isinstance(intro[-1], d.BulletList | d.NumberedList) else 1
            self.flow(intro[:-tail])
            self.keep(*intro[-tail:], *space)
        else:
            self.flow(intro)


def _section(
    s: Strings, unit: Unit, lesson: Lesson, section: Section, questions: list[Asked], lead: list[d.Block]
) -> list[d.Block]:
    """A section's parts in the order the lesson file gives them, under ``lead`` (its heading, and
    the day's before the first section of a day); nothing when students have nothing to read in it
    (prompts asked aloud only, a script). Role instructions and scripts are on the role cards."""
    level = next(b.level for b in reversed(lead) if isinstance(b, d.Heading)) + 1
    materials = {m.id: m for m in lesson.student_materials}
    flow = _Flow(lead)
    used = [materials[ref].title for ref in section.materials if ref in materials]
    if used:
        flow.hold([label_value(s("you_need") + ":", "; ".join(used))])
    for part in section.part_order:
        asked = [q for q in questions if q.part == part and q.number is not None]
        if part == "student_instructions":
            intro = list(blocks(section.student_instructions)) if section.student_instructions else []
            if section.figure is not None:
                intro.append(d.Image(section.figure.src, section.figure.alt, section.figure.caption))
            flow.ask(intro, response_space(section.response, section.title, s, lesson.student_materials))
        elif part == "video" and section.video is not None:
            found = segment(unit, section.video.segment)
            if found is not None:
                flow.flow(
                    [d.Paragraph(t(s("video_intro", title=found.title, series=found.series)), style="lead")]
                )
            _questions(s, lesson, flow, asked, level)
        elif part == "stations":
            for index, station in enumerate(section.stations):
                flow.heading(d.Heading(level, t(station.title)))
                intro = list(blocks(station.instructions))
                if station.material in materials:
                    intro.append(label_value(s("you_need") + ":", materials[station.material or ""].title))
                flow.hold(intro)
                _questions(s, lesson, flow, [q for q in asked if q.station == index], level + 1)
        elif part == "roles" and section.roles:
            flow.hold([d.Paragraph(t(s("your_roles", roles=", ".join(r.name for r in section.roles))))])
        else:
            _questions(s, lesson, flow, asked, level)
    return flow.done()


def _questions(s: Strings, lesson: Lesson, flow: _Flow, asked: list[Asked], level: int) -> None:
    """Numbered questions, each kept with its space; in a video, under their group headings."""
    group = None
    for entry in asked:
        if entry.group and entry.group != group:
            flow.heading(d.Heading(level, t(s(entry.group))))
        group = entry.group
        assert entry.number is not None
        flow.keep(
            question_paragraph(entry.number, entry.question),
            *answer_space(s, entry.number, entry.question, lesson.student_materials),
        )

"""The letter to families and, in opt-in mode, the consent form, from family views only.

Both functions take the full models and compose only from their family views (see
audience.py), so no facilitator-only text (look-fors, the facilitator's content detail,
reporting contacts) is there to print. The letter is for a kit: it lists the kit's lessons in
the kit's order, each with what families are told it covers and the content note its students
hear first. The profile chooses the consent mode: ``opt_out`` ends the letter with a tear-off
slip, ``opt_in`` sends a separate form to sign. District values not filled in yet print as a
line to write on, never as their placeholder.
"""

from __future__ import annotations

from .. import doctree as d
from ..audience import view
from ..markdown import blocks, inlines
from ..model import FAMILY, ConsentMode, Contact, Lesson, Person, Profile, Unit, is_placeholder
from ..strings import Strings
from .common import (
    KitScope,
    Settings,
    date_in_words,
    district_value,
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


def family_letter(
    unit: Unit, profile: Profile, lessons: list[Lesson], scope: KitScope, s: Strings, settings: Settings
) -> d.Document:
    """The letter sent home before a kit's lessons; in opt-out mode it ends with the slip."""
    return _letter(_Family(unit, profile, lessons, scope, s, settings))


def consent_form(
    unit: Unit, profile: Profile, lessons: list[Lesson], scope: KitScope, s: Strings, settings: Settings
) -> d.Document | None:
    """The one-page form families sign and return in opt-in mode; None in opt-out mode."""
    if profile.consent.mode is not ConsentMode.OPT_IN:
        return None
    return _form(_Family(unit, profile, lessons, scope, s, settings))


class _Family:
    """The family views of the models and the pieces both documents say the same way."""

    def __init__(
        self,
        unit: Unit,
        profile: Profile,
        lessons: list[Lesson],
        scope: KitScope,
        s: Strings,
        settings: Settings,
    ) -> None:
        self.unit, self.profile = view(unit, FAMILY), view(profile, FAMILY)
        self.lessons = [view(lesson, FAMILY) for lesson in lessons]
        self.scope, self.s, self.settings = scope, s, settings
        self.grades = sorted({g for lesson in self.lessons for g in lesson.grades})

    def deadline(self) -> tuple[d.Inline, ...]:
        """The deadline in words, or a line to write it on."""
        value = self.profile.consent.deadline
        if is_placeholder(value):
            return (d.Blank(self.s("deadline"), width_em=14),)
        return t(date_in_words(value, self.settings.language))

    def return_to(self) -> tuple[d.Inline, ...]:
        return district_value(self.profile.consent.return_to, self.s("return_to"))

    def which_lessons(self) -> str:
        """'all 6 lessons' or '2 of the 6 lessons'."""
        count, total = len(self.lessons), self.scope.curriculum_lessons
        if count >= total:
            return self.s("letter_lessons_all", n=count)
        return self.s("letter_lessons_some", n=count, total=total)

    def contact(self) -> tuple[d.Inline, ...]:
        """'Name, role, phone, email', each part written out or a line to write it on."""
        return reach(self.s, self.profile.letter.contact)

    def heading_line(self) -> d.Paragraph:
        school = join(known(self.profile.district), known(self.profile.school))
        return d.Paragraph(t(join(school, self.unit.title, self.scope.title)), style="lead")

    def meta(self, title: str) -> d.Meta:
        footer = join(known(self.profile.school) or self.unit.title, title)
        return meta(
            f"{self.unit.title} — {title}",
            "family",
            self.unit,
            self.profile,
            self.settings,
            running=title,
            footer=footer,
        )

    def fields(self, *fields: tuple[str, int]) -> d.Paragraph:
        """'Label: ____' blanks on one line to fill in by hand, each ``(label, width in em)``."""
        parts: list[d.Inline] = []
        for index, (label, width) in enumerate(fields):
            if index:
                parts.append(d.Text("   "))
            parts += [d.Strong(t(label + ":")), d.Text(" "), d.Blank(label, width_em=width)]
        return d.Paragraph(tuple(parts), style="label")


def _person(s: Strings, person: Person) -> tuple[d.Inline, ...]:
    return (
        *district_value(person.name, s("name")),
        d.Text(", "),
        *district_value(person.role, s("role")),
    )


def _teachers(s: Strings, teachers: list[Person]) -> tuple[d.Inline, ...]:
    """'A (role), B (role) and C (role)'."""
    names = [
        (*district_value(p.name, s("name")), d.Text(" ("), *district_value(p.role, s("role")), d.Text(")"))
        for p in teachers
    ]
    out: list[d.Inline] = []
    for index, name in enumerate(names):
        if index:
            out.append(d.Text(f" {s('and')} " if index == len(names) - 1 else ", "))
        out += name
    return tuple(out)


def reach(s: Strings, contact: Contact) -> tuple[d.Inline, ...]:
    """How to reach the school's contact: 'name, role, phone, email', unfilled parts as lines."""
    out = list(_person(s, contact))
    for value, label in ((contact.phone, s("phone")), (contact.email, s("email"))):
        if value is not None:
            out += [d.Text(", "), *district_value(value, label)]
    return tuple(out)


# --------------------------------------------------------------------------- the letter


def _letter(f: _Family) -> d.Document:
    s, unit, profile = f.s, f.unit, f.profile
    letter = unit.family_letter
    title = s("letter_to_families")
    opt_in = profile.consent.mode is ConsentMode.OPT_IN
    action = sentence(
        s, "opt_in_action" if opt_in else "opt_out_action", return_to=f.return_to(), deadline=f.deadline()
    )
    out: list[d.Block] = [
        d.Heading(1, t(title)),
        f.heading_line(),
        d.Paragraph(t(date_in_words(f.settings.date, f.settings.language))),
        d.Paragraph(t(s("letter_greeting"))),
        d.Paragraph(t(s("letter_opening", lessons=f.which_lessons(), unit=unit.title))),
        d.Paragraph(sentence(s, "who_teaches", teachers=_teachers(s, profile.letter.teachers))),
        d.Callout("glance", s("what_to_do"), (d.Paragraph(action), d.Paragraph(t(s("no_penalty"))))),
        *_section(s("why_we_teach"), *blocks(letter.purpose)),
        *_section(s("keeping_safe"), *blocks(letter.how_taught)),
        *_counselor(f),
        *blocks(letter.reporting_notice),
        *_lessons(f),
        *_section(
            s("review_materials"),
            *blocks(letter.preview),
            d.Paragraph(
                sentence(s, "review_where", review=district_value(profile.letter.review, s("where")))
            ),
            d.Paragraph(sentence(s, "review_contact", contact=f.contact())),
            *_surveys(f),
        ),
        *_talking(f),
        *_section(
            s("where_to_get_help"), d.Paragraph(t(s("help_for_families"))), d.BulletList(resource_items(unit))
        ),
        *_signature(f),
    ]
    if not opt_in:
        out.append(_slip(f))
    return d.Document(f.meta(title), tuple(out))


def _section(title: str, first: d.Block, *rest: d.Block) -> list[d.Block]:
    """A heading kept on the page of its first block, then the rest: a heading never ends a page,
    nor stands over a single line of its section."""
    return [d.Keep((d.Heading(2, t(title)), first)), *rest]


def _lessons(f: _Family) -> list[d.Block]:
    """The kit's lessons, in its order: what each covers and the content note students hear."""
    s = f.s
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [
        (t(s("lesson")), t(s("what_students_learn")), t(s("content_note_header")))
    ]
    for lesson in f.lessons:
        connection = lesson.family_connection
        rows.append(
            (
                (
                    d.Strong(t(lesson_heading(s, lesson))),
                    d.LineBreak(),
                    d.Text(grades_text(s, lesson.grades)),
                ),
                inlines(connection.preview) if connection is not None else t("—"),
                _first_paragraph(lesson.content_advisory.student)
                if lesson.content_advisory is not None
                else t(s("no_content_note")),
            )
        )
    return [
        d.Heading(2, t(s("the_lessons"))),
        d.Table(tuple(rows), caption=s("lessons_table_caption", kit=f.scope.title), widths=(24, 34, 42)),
    ]


def _surveys(f: _Family) -> list[d.Block]:
    """Which lessons hold a survey, that it is anonymous, and the parents' right to review it
    first (PPRA), with whom to ask; nothing when no lesson of the kit has one."""
    numbers = [lesson.number for lesson in f.lessons if lesson.survey is not None]
    if not numbers:
        return []
    s = f.s
    listed = (
        ", ".join(map(str, numbers[:-1])) + f" {s('and')} {numbers[-1]}"
        if len(numbers) > 1
        else str(numbers[0])
    )
    lessons = s("survey_lessons", n=len(numbers), numbers=listed)
    return [d.Paragraph(sentence(s, "survey_notice", n=len(numbers), lessons=lessons, contact=f.contact()))]


def _first_paragraph(text: str) -> tuple[d.Inline, ...]:
    """What a content note says the lesson holds: its first paragraph. The rights it goes on to
    list (to pass, to step out) are the letter's own section on safety."""
    first = next((b for b in blocks(text) if isinstance(b, d.Paragraph)), None)
    return first.children if first is not None else inlines(text)


def _counselor(f: _Family) -> list[d.Block]:
    counselor = f.profile.counselor
    if not known(counselor.name):
        return []
    where = ", ".join(x for x in (known(counselor.location), known(counselor.phone)) if x)
    key = "counselor_available_at" if where else "counselor_available"
    return [d.Paragraph(t(f.s(key, name=counselor.name, where=where)))]


def _talking(f: _Family) -> list[d.Block]:
    """The unit's tips, then one question per lesson: the first of its conversation starters
    (the rest go home with the lesson itself, from the guide's family connection)."""
    s = f.s
    out: list[d.Block] = [
        d.Heading(2, t(s("talking_at_home"))),
        d.BulletList(items(f.unit.family_letter.conversation_tips)),
    ]
    starters = [
        d.ListItem(
            (
                d.Strong(t(s("after_lesson", number=lesson.number) + " ")),
                *inlines(lesson.family_connection.conversation_starters[0]),
            )
        )
        for lesson in f.lessons
        if lesson.family_connection is not None
    ]
    if starters:
        out += [d.Paragraph(t(s("ask_after_lessons")), style="label"), d.BulletList(tuple(starters))]
    return out


def _signature(f: _Family) -> list[d.Block]:
    s, signer, school = f.s, f.profile.letter.signer, known(f.profile.school)
    return [
        d.Keep(
            (
                d.Paragraph(t(s("sincerely"))),
                d.Paragraph((d.Blank(s("signature"), width_em=18),)),
                d.Paragraph(district_value(signer.name, s("name"))),
                d.Paragraph((*district_value(signer.role, s("role")), *t(f", {school}" if school else ""))),
            )
        )
    ]


def _slip(f: _Family) -> d.Keep:
    """The opt-out slip under a cut line, kept whole on the letter's last page."""
    s = f.s
    return d.Keep(
        (
            d.CutLine(s("cut_here")),
            d.Heading(2, t(s("opt_out_slip"))),
            d.Paragraph(
                (
                    d.Strong(sentence(s, "return_by", return_to=f.return_to(), deadline=f.deadline())),
                    d.Text(" " + s("opt_out_statement", unit=f.unit.title)),
                )
            ),
            *_sign_here(f),
        )
    )


def _sign_here(f: _Family) -> list[d.Block]:
    """The lines a parent fills in, each short enough to stay on one line of the page."""
    s = f.s
    return [
        f.fields((s("student_name"), 19), (s("grade"), 6)),
        f.fields((s("parent_name"), 24)),
        f.fields((s("signature"), 20), (s("date"), 8)),
        f.fields((s("phone_or_email"), 20)),
    ]


# --------------------------------------------------------------------------- the form


def _form(f: _Family) -> d.Document:
    s = f.s
    title = s("consent_form")
    out: list[d.Block] = [
        d.Heading(1, t(title)),
        f.heading_line(),
        d.Paragraph(t(s("consent_intro"))),
        d.BulletList(
            tuple(
                d.ListItem(t(f"{lesson_heading(s, lesson)} ({grades_text(s, lesson.grades)})"))
                for lesson in f.lessons
            )
        ),
        d.Paragraph(sentence(s, "consent_choose", return_to=f.return_to(), deadline=f.deadline())),
        d.BulletList(items([s("consent_yes"), s("consent_no")]), checklist=True),
        *_sign_here(f),
        d.Paragraph(sentence(s, "questions_contact", contact=f.contact()), style="small"),
    ]
    return d.Document(f.meta(title), tuple(out))

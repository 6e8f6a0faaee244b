"""The facilitator guide: front matter, the disclosure card, every lesson, appendices.

Each lesson opens with a one-page summary (objectives, agenda with minutes, materials,
preparation); its questions follow as compact tables, each question with what to listen for
or its answer key beside it, numbered as students see them. Facts the guide states (how many
lessons, how long, how long a video runs) are computed from the data, never copied from prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import doctree as d
from ..markdown import blocks, inlines
from ..model import (
    ExitItem,
    Lesson,
    PausePoint,
    Profile,
    Prompt,
    Response,
    Section,
    SectionKind,
    Standard,
    Unit,
)
from ..strings import Strings
from .common import (
    KitScope,
    Question,
    Settings,
    district_value,
    grade_numbers,
    grades_text,
    items,
    join,
    known,
    label_value,
    lesson_heading,
    meta,
    numbered,
    resource_items,
    response_space,
    segment,
    t,
)


def facilitator_guide(
    unit: Unit,
    profile: Profile,
    lessons: list[Lesson],
    s: Strings,
    settings: Settings,
    *,
    scope: KitScope | None = None,
) -> d.Document:
    """The whole guide for ``lessons``, in lesson-number order; with ``scope``, its cover says
    for which kit it was built."""
    ordered = sorted(lessons, key=lambda lesson: lesson.number)
    grades = sorted({g for lesson in ordered for g in lesson.grades})
    out: list[d.Block] = [d.Heading(1, t(unit.title))]
    if unit.subtitle:
        out.append(d.Paragraph(t(unit.subtitle), style="lead"))
    if profile.logo is not None:
        out.append(d.Image(profile.logo.src, profile.logo.alt, None, width_percent=30))
    cover = join(
        s("facilitator_guide"), grades_text(s, grades), known(profile.district), known(profile.school)
    )
    out.append(d.Paragraph(t(cover), style="lead"))
    if scope is not None:
        built = s("built_for", kit=scope.title, count=len(ordered), total=scope.curriculum_lessons)
        out.append(d.Paragraph(t(built)))
    out += [
        d.Callout("facilitator", s("facilitator_only"), (d.Paragraph(t(s("facilitator_only_text"))),)),
        d.Contents(s("contents")),
        *_front_matter(s, unit, ordered),
        *_disclosure(s, unit, profile),
    ]
    for lesson in ordered:
        out += _lesson(s, unit, profile, lesson)
    out += _appendix(s, unit, profile, ordered)
    return d.Document(
        meta(
            f"{unit.title} — {s('facilitator_guide')}",
            "facilitator",
            unit,
            profile,
            settings,
            running=s("facilitator_guide"),
            footer=join(known(profile.district), s("facilitator_guide"), s("not_for_students")),
        ),
        tuple(out),
    )


def labelled(label: str, content: Sequence[d.Block]) -> list[d.Block]:
    """A bold run-in label ("Script:") at the start of the first paragraph, so a label can never
    end a page apart from its text; before a list, the label is kept with it instead."""
    if content and isinstance(content[0], d.Paragraph):
        first = content[0]
        return [
            d.Paragraph((d.Strong(t(label + ":")), d.Text(" "), *first.children), first.style),
            *content[1:],
        ]
    return [d.Keep((d.Paragraph(t(label + ":"), style="label"), *content[:1])), *content[1:]]


def minutes(s: Strings, n: int) -> str:
    return s("minutes", n=n)


def _span(s: Strings, values: list[int]) -> str:
    """'50 minutes' or '50–55 minutes'."""
    low, high = min(values), max(values)
    return minutes(s, low) if low == high else s("minutes_range", low=low, high=high)


def _front_matter(s: Strings, unit: Unit, lessons: list[Lesson]) -> list[d.Block]:
    heading = s("about_guide")
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [
        (t(s("lesson")), t(s("grades")), t(s("minutes_header")), t(s("video")))
    ]
    for lesson in lessons:
        videos = [segment(unit, sec.video.segment) for sec in lesson.sections if sec.video is not None]
        rows.append(
            (
                t(lesson_heading(s, lesson)),
                t(grade_numbers(lesson.grades)),
                t(str(lesson.duration_minutes)),
                t(
                    ", ".join(f"{v.id} ({s('about_minutes', n=v.length_minutes)})" for v in videos if v)
                    or "—"
                ),
            )
        )
    summary = s(
        "unit_summary",
        count=len(lessons),
        span=_span(s, [lesson.duration_minutes for lesson in lessons]),
        total=sum(lesson.duration_minutes for lesson in lessons),
    )
    return [
        d.Heading(2, t(heading), running=heading),
        *blocks(unit.description),
        d.Paragraph(t(summary)),
        d.Table(tuple(rows), caption=s("lessons_in_guide"), widths=(46, 10, 12, 32)),
        d.Heading(3, t(s("how_to_use"))),
        d.BulletList(items(unit.how_to_use)),
        d.Heading(3, t(s("readiness"))),
        d.BulletList(items(unit.facilitator_readiness), checklist=True),
        d.Paragraph(t(s("family_letter_note"))),
        d.Heading(3, t(s("group_agreements"))),
        d.Paragraph(t(s("agreements_intro"))),
        d.BulletList(items(unit.group_agreements)),
    ]


def _contacts_table(s: Strings, unit: Unit, profile: Profile) -> d.Table:
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [(t(s("who")), t(s("name")), t(s("how_to_reach")))]
    for contact, role in (
        (profile.counselor, s("counselor_label")),
        (profile.reporting_contact, s("reporting_contact")),
    ):
        reach: tuple[d.Inline, ...] = district_value(contact.phone, s("phone"))
        if known(contact.location):
            reach += (d.Text(", " + (contact.location or "")),)
        rows.append((t(known(contact.role) or role), district_value(contact.name, s("name")), reach))
    rows.append((t(s("cps")), t("—"), district_value(profile.cps_phone, s("phone"))))
    rows.append((t(s("law_enforcement")), t("—"), district_value(profile.law_enforcement_phone, s("phone"))))
    for resource in unit.help_resources:
        rows.append((t(resource.name), t("—"), t(resource.contact)))
    return d.Table(tuple(rows), caption=s("district_contacts"), widths=(34, 30, 36))


def _disclosure(s: Strings, unit: Unit, profile: Profile) -> list[d.Block]:
    heading = s("disclosure_title")
    card = unit.disclosure
    out: list[d.Block] = [
        d.Heading(2, t(heading), running=heading),
        d.Paragraph(t(s("disclosure_intro"))),
        d.Heading(3, t(s("do"))),
        d.NumberedList(items(card.do)),
        d.Heading(3, t(s("avoid"))),
        d.BulletList(items(card.avoid)),
    ]
    if card.say:
        out += [d.Heading(3, t(s("helpful_words"))), d.BulletList(items(f"“{p}”" for p in card.say))]
    out += [
        d.Heading(3, t(s("reporting_steps"))),
        d.NumberedList(items(unit.reporting_steps)),
        d.Heading(3, t(s("district_contacts"))),
        _contacts_table(s, unit, profile),
    ]
    return out


# --------------------------------------------------------------------------- one lesson


def _lesson(s: Strings, unit: Unit, profile: Profile, lesson: Lesson) -> list[d.Block]:
    heading = lesson_heading(s, lesson)
    facts = [grades_text(s, lesson.grades), minutes(s, lesson.duration_minutes)]
    for section in lesson.sections:
        found = segment(unit, section.video.segment) if section.video else None
        if found is not None:
            facts.append(s("video_fact", id=found.id, length=s("about_minutes", n=found.length_minutes)))
    out: list[d.Block] = [
        d.Heading(2, t(heading), running=heading),
        d.Paragraph(t(join(*facts)), style="lead"),
        d.Heading(3, t(s("objectives"))),
        d.BulletList(
            tuple(
                d.ListItem(
                    (*inlines(o.facilitator), d.Text(" "), d.Emph(t(f"({s('handout_says')} {o.student})")))
                )
                for o in lesson.objectives
            )
        ),
        d.Heading(3, t(s("agenda"))),
        _agenda(s, lesson),
    ]
    if lesson.materials:
        out += [d.Heading(3, t(s("materials"))), d.BulletList(items(lesson.materials))]
    if lesson.preparation:
        out += [d.Heading(3, t(s("preparation"))), d.BulletList(items(lesson.preparation), checklist=True)]
    standards = {st.id: st for st in unit.standards}
    if lesson.standards:
        texts = [_standard_text(s, standards[ref]) if ref in standards else ref for ref in lesson.standards]
        out.append(label_value(s("standards") + ":", "; ".join(texts)))
    if lesson.vocabulary:
        out.append(label_value(s("vocabulary_terms") + ":", ", ".join(v.term for v in lesson.vocabulary)))
    out += [d.Heading(3, t(s("overview"))), *blocks(lesson.overview)]
    out += _safety(s, profile, lesson)
    for section, questions in numbered(lesson.sections):
        out += _section(s, unit, section, questions)
    if lesson.disclosure_notes:
        out.append(
            d.Callout(
                "safety",
                s("if_disclosure"),
                (*blocks(lesson.disclosure_notes), d.Paragraph(t(s("see_disclosure_card")))),
            )
        )
    if lesson.family_connection is not None:
        out += [
            d.Heading(3, t(s("family_connection"))),
            *blocks(lesson.family_connection.summary),
            *labelled(
                s("conversation_starters"),
                [d.BulletList(items(lesson.family_connection.conversation_starters))],
            ),
        ]
    return out


def _standard_text(s: Strings, standard: Standard) -> str:
    text = f"{standard.id} ({standard.label})"
    return text if standard.verified else f"{text}, {s('unverified')}"


def _safety(s: Strings, profile: Profile, lesson: Lesson) -> list[d.Block]:
    plan = lesson.safety_plan
    out: list[d.Block] = [d.Heading(3, t(s("advisory_and_safety")))]
    if lesson.content_advisory is not None:
        out.append(
            d.Callout(
                "advisory",
                s("read_to_students"),
                blocks(lesson.content_advisory.student),
                label=s("on_the_handout"),
            )
        )
        out += [
            d.Paragraph(t(s("facilitator_detail")), style="label"),
            *blocks(lesson.content_advisory.facilitator),
        ]
    where = s("counselor_in_room" if plan.counselor == "in_room" else "counselor_on_call")
    safety: list[d.Block] = [
        label_value(
            s("counselor_label") + ":",
            (d.Text(where + " — "), *district_value(profile.counselor.name, s("name"))),
        ),
        label_value(s("break_space") + ":", district_value(profile.break_space, s("break_space"))),
        label_value(s("step_out") + ":", inlines(plan.step_out)),
        *labelled(s("opt_out"), blocks(plan.opt_out_alternative)),
    ]
    if plan.notes:
        safety += blocks(plan.notes)
    out.append(d.Callout("safety", s("safety_plan"), tuple(safety)))
    return out


def _agenda(s: Strings, lesson: Lesson) -> d.Table:
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [(t(s("section")), t(s("kind")), t(s("minutes_header")))]
    for section in lesson.sections:
        title = section.title
        if section.kind is SectionKind.EXTENSION:
            title = f"{title} ({s('not_counted')})"
        rows.append((t(title), t(s(f"kind_{section.kind.value}")), t(str(section.minutes))))
    total = lesson.planned_minutes()
    rows.append(
        (
            (d.Strong(t(s("total"))),),
            t(""),
            (d.Strong(t(s("of_minutes", total=total, period=lesson.duration_minutes))),),
        )
    )
    return d.Table(tuple(rows), caption=s("agenda_caption", title=lesson.title), widths=(60, 22, 18))


def _section(
    s: Strings, unit: Unit, section: Section, questions: list[tuple[str, int, Question]]
) -> list[d.Block]:
    out: list[d.Block] = [d.Heading(3, t(join(section.title, minutes(s, section.minutes))))]
    if section.student_instructions:
        out.append(
            d.Callout(
                "agreement",
                s("students_read"),
                blocks(section.student_instructions),
                label=s("on_the_handout"),
            )
        )
    if section.script:
        out += labelled(s("script"), blocks(section.script))
    if section.notes:
        out += labelled(s("notes"), blocks(section.notes))
    if section.figure is not None:
        out.append(d.Image(section.figure.src, section.figure.alt, section.figure.caption))
    if section.video is not None:
        out += _video_card(s, unit, section.video.segment)
    out += _handout_tables(section.title, section.response)
    if questions:
        out.append(_questions(s, section, questions))
        for _, number, question in questions:
            out += _handout_tables(s("question_n", n=number), question.response)
    if section.video is not None:
        out += labelled(s("debrief"), blocks(section.video.debrief))
    return out


def _questions(s: Strings, section: Section, questions: list[tuple[str, int, Question]]) -> d.Table:
    """Each question as students see it (with its number) beside what to listen for or its answer."""
    has_items = any(isinstance(q, ExitItem) for _, _, q in questions)
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [
        (t(s("question_header")), t(s("answer_key") if has_items else s("look_fors")))
    ]
    group = ""
    for key, number, question in questions:
        left: list[d.Inline] = []
        if key and key != group:
            left += [d.Emph(t(s(key if key != "pause_think" else "post_pause"))), d.LineBreak()]
        group = key
        if isinstance(question, PausePoint):  # before the number: "7. text" reads as on the handout
            left += [d.Emph(t(s("pause_at", at=question.at or "__:__"))), d.LineBreak()]
        left += [d.Strong(t(f"{number}.")), d.Text(" "), *inlines(question.text)]
        if isinstance(question, ExitItem):
            choices = question.choices if question.kind == "multiple_choice" else []
            if question.kind == "true_false":
                choices = [s("true"), s("false")]
            for choice in choices:
                left += [d.LineBreak(), d.Text("– "), *inlines(choice)]
        rows.append((tuple(left), _notes(s, question)))
    return d.Table(
        tuple(rows), caption=s("questions_caption", title=section.title), widths=(55, 45), long_rows=True
    )


def _handout_tables(caption: str, response: Response | None) -> list[d.Block]:
    """A table students fill in, shown as they get it, so the guide holds every word of it."""
    if response is None or response.table is None:
        return []
    return [
        replace(block, write_lines=0)
        for block in response_space(response, caption)
        if isinstance(block, d.Table)
    ]


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


# --------------------------------------------------------------------------- appendices


def _appendix(s: Strings, unit: Unit, profile: Profile, lessons: list[Lesson]) -> list[d.Block]:
    used = {
        st.id: [str(lesson.number) for lesson in lessons if st.id in lesson.standards]
        for st in unit.standards
    }
    rows = [(t(s("standard")), t(s("what_it_says")), t(s("lessons")), t(s("verified")))]
    for standard in unit.standards:
        if used[standard.id]:
            rows.append(
                (
                    t(standard.id),
                    t(f"{standard.framework}: {standard.label}"),
                    t(", ".join(used[standard.id])),
                    t(s("yes") if standard.verified else s("not_yet")),
                )
            )
    heading = s("standards_alignment")
    out: list[d.Block] = [
        d.Heading(2, t(heading), running=heading),
        d.Paragraph(t(s("standards_note"))),
        d.Table(tuple(rows), caption=heading, widths=(18, 56, 12, 14)),
    ]
    terms: dict[str, tuple[str, str]] = {}
    for lesson in lessons:
        for term in lesson.vocabulary:
            terms.setdefault(term.term.lower(), (term.term, term.definition))
    if terms:
        heading = s("glossary")
        glossary = [(t(s("term")), t(s("definition")))]
        glossary += [(t(term), inlines(definition)) for term, definition in (terms[k] for k in sorted(terms))]
        out += [
            d.Heading(2, t(heading), running=heading),
            d.Table(tuple(glossary), caption=heading, widths=(28, 72)),
        ]
    heading = s("resources")
    out += [
        d.Heading(2, t(heading), running=heading),
        d.BulletList(resource_items(unit)),
        _contacts_table(s, unit, profile),
    ]
    return out

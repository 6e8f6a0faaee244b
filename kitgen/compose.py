"""Models → document trees, one composer per audience. The only module that knows audiences.

``facilitator_guide`` sees everything. ``student_handout`` is given views of the models from
which facilitator-only fields are already gone (see audience.py), so it cannot leak them; the
help resources are added to every handout here, not left to a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import doctree as d
from .audience import view
from .markdown import blocks, inlines
from .model import (
    STUDENT,
    ExitItem,
    Lesson,
    PausePoint,
    Profile,
    Prompt,
    Response,
    Section,
    Standard,
    Unit,
    VideoSegment,
    VideoUse,
    is_placeholder,
)
from .strings import Strings


@dataclass(frozen=True)
class Settings:
    """What a build adds to the sources: the date and the page size."""

    date: str
    page_size: str = "letter"


def t(text: str) -> tuple[d.Inline, ...]:
    return (d.Text(text),)


def label_value(label: str, value: Iterable[d.Inline] | str) -> d.Paragraph:
    """'Label: value' with the label in bold."""
    rest = t(value) if isinstance(value, str) else tuple(value)
    return d.Paragraph((d.Strong(t(label)), d.Text(" "), *rest))


def items(texts: Iterable[str]) -> tuple[d.ListItem, ...]:
    return tuple(d.ListItem(inlines(text)) for text in texts)


def grades_text(s: Strings, grades: list[int]) -> str:
    ordered = sorted(set(grades))
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return s("grades_range", low=ordered[0], high=ordered[-1])
    return s("grades_list", grades=", ".join(map(str, ordered)))


def filled(value: str | None, fallback: str) -> str:
    """A profile value, or ``fallback`` while it still says 'FILL IN: …' (never shown to students)."""
    return value if value and not is_placeholder(value) else fallback


def lesson_heading(s: Strings, lesson: Lesson) -> str:
    return s("lesson_title", number=lesson.number, title=lesson.title)


def _meta(
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
        author=filled(profile.district, unit.title),
        date=settings.date,
        page_size=settings.page_size,  # type: ignore[arg-type]
        running_title=running,
        footer=footer,
    )


# --------------------------------------------------------------------------- shared parts


def resource_items(unit: Unit) -> tuple[d.ListItem, ...]:
    """'Name: contact. when' for each help resource, on handouts and in the guide alike."""
    return tuple(
        d.ListItem((d.Strong(t(r.name + ":")), d.Text(f" {r.contact}. {r.when}")))
        for r in unit.help_resources
    )


def response_space(response: Response | None) -> list[d.Block]:
    """The write-in space a response asks for, as the one block that holds it."""
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
        return [
            d.Table(
                (tuple(t(c) for c in table.columns), *body),
                caption=", ".join(table.columns),
                write_lines=table.lines,
            )
        ]
    assert response.card is not None
    return [
        d.Callout(
            "card",
            "",
            tuple(d.Paragraph((d.Strong(t(label + ":")), d.Text(" "), d.Blank(label))) for label in response.card),
        )
    ]


def viewing_stages(video: VideoUse, pause_key: str) -> tuple[tuple[str, list[Prompt]], ...]:
    """The three groups of video questions in order, each with the string key of its heading."""
    return (
        ("before_watch", video.pre_viewing),
        (pause_key, list(video.pause_points)),
        ("after_watch", video.post_viewing),
    )


def help_box(s: Strings, unit: Unit, profile: Profile) -> d.Callout:
    """The help resources every student handout carries, with the school's counselor."""
    entries = list(resource_items(unit))
    counselor = profile.counselor
    where = ", ".join(filled(x, "") for x in (counselor.location, counselor.phone) if filled(x, ""))
    if filled(counselor.name, ""):  # until the district fills it in, the trusted-adult line covers it
        entries.append(
            d.ListItem(
                (
                    d.Strong(t(s("counselor_label") + ":")),
                    d.Text(f" {counselor.name}" + (f" ({where})" if where else "")),
                )
            )
        )
    if filled(profile.break_space, ""):
        entries.append(d.ListItem((d.Strong(t(s("break_space") + ":")), d.Text(" " + profile.break_space))))
    return d.Callout("help", s("help_title"), (d.Paragraph(t(s("help_intro"))), d.BulletList(tuple(entries))))


def agreements_box(s: Strings, unit: Unit) -> d.Callout:
    return d.Callout("agreement", s("group_agreements"), (d.BulletList(items(unit.group_agreements)),))


# --------------------------------------------------------------------------- student handout


def student_handout(
    unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings
) -> d.Document:
    """One lesson's handout. Takes full models and composes only from their student views."""
    return _handout(view(unit, STUDENT), view(profile, STUDENT), view(lesson, STUDENT), s, settings)


def _handout(unit: Unit, profile: Profile, lesson: Lesson, s: Strings, settings: Settings) -> d.Document:
    title = lesson_heading(s, lesson)
    out: list[d.Block] = [
        d.Heading(1, t(title)),
        d.Paragraph(
            t(f"{unit.title} · {grades_text(s, lesson.grades)} · {s('student_handout')}"), style="lead"
        ),
        d.Paragraph(t(s("name_date_line")), style="label"),
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
    out.append(agreements_box(s, unit))
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
    number = 0
    for section in lesson.sections:
        part, number = _student_section(s, unit, section, number)
        out += part
    out.append(help_box(s, unit, profile))
    return d.Document(
        _meta(
            f"{title} — {s('student_handout')}",
            "student",
            unit,
            profile,
            settings,
            running=title,
            footer=f"{filled(profile.school, unit.title)} · {s('student_handout')}",
        ),
        tuple(out),
    )


def _student_prompts(prompts: list[Prompt], number: int) -> tuple[list[d.Block], int]:
    out: list[d.Block] = []
    for prompt in prompts:
        number += 1
        out.append(d.Paragraph((d.Strong(t(f"{number}.")), d.Text(" "), *inlines(prompt.text))))
        out += response_space(prompt.response)
    return out, number


def _student_section(s: Strings, unit: Unit, section: Section, number: int) -> tuple[list[d.Block], int]:
    has_content = (
        section.student_instructions or section.prompts or section.video or section.items or section.figure
    )
    if not has_content:
        return [], number
    out: list[d.Block] = [d.Heading(2, t(section.title))]
    if section.student_instructions:
        out += blocks(section.student_instructions)
    if section.figure is not None:
        out.append(d.Image(section.figure.src, section.figure.alt, section.figure.caption))
    out += response_space(section.response)
    if section.video is not None:
        segment = _segment(unit, section.video.segment)
        if segment is not None:
            out.append(
                d.Paragraph(t(s("video_intro", title=segment.title, series=segment.series)), style="lead")
            )
        for key, prompts in viewing_stages(section.video, "pause_think"):
            if prompts:
                out.append(d.Heading(3, t(s(key))))
                part, number = _student_prompts(prompts, number)
                out += part
    part, number = _student_prompts(section.prompts, number)
    out += part
    for item in section.items:
        number += 1
        out += _exit_item(s, item, number, with_answer=False)
    return out, number


def _segment(unit: Unit, segment_id: str | None) -> VideoSegment | None:
    return next((v for v in unit.videos if v.id == segment_id), None)


def _exit_item(s: Strings, item: ExitItem, number: int, with_answer: bool) -> list[d.Block]:
    out: list[d.Block] = [d.Paragraph((d.Strong(t(f"{number}.")), d.Text(" "), *inlines(item.text)))]
    if item.kind == "multiple_choice":
        out.append(d.BulletList(items(item.choices), checklist=True))
    elif item.kind == "true_false":
        out.append(d.BulletList(items([s("true"), s("false")]), checklist=True))
    else:
        out += response_space(item.response)
    if with_answer:
        out.append(d.Callout("answer", s("answer_key"), blocks(item.answer)))
    return out


# --------------------------------------------------------------------------- facilitator guide


def facilitator_guide(
    unit: Unit, profile: Profile, lessons: list[Lesson], s: Strings, settings: Settings
) -> d.Document:
    """The whole guide: front matter, disclosure card, every lesson, appendices."""
    ordered = sorted(lessons, key=lambda lesson: lesson.number)
    grades = sorted({g for lesson in ordered for g in lesson.grades})
    out: list[d.Block] = [d.Heading(1, t(unit.title))]
    if unit.subtitle:
        out.append(d.Paragraph(t(unit.subtitle), style="lead"))
    if profile.logo is not None:
        out.append(d.Image(profile.logo.src, profile.logo.alt, None, width_percent=30))
    out += [
        d.Paragraph(
            t(f"{s('facilitator_guide')} · {grades_text(s, grades)} · {profile.district} · {profile.school}"),
            style="lead",
        ),
        d.Callout("facilitator", s("facilitator_only"), (d.Paragraph(t(s("facilitator_only_text"))),)),
        d.Contents(s("contents")),
        *_front_matter(s, unit, profile),
        *_disclosure(s, unit, profile),
    ]
    for lesson in ordered:
        out += _guide_lesson(s, unit, profile, lesson)
    out += _appendix(s, unit, profile, ordered)
    title = f"{unit.title} — {s('facilitator_guide')}"
    return d.Document(
        _meta(
            title,
            "facilitator",
            unit,
            profile,
            settings,
            running=s("facilitator_guide"),
            footer=f"{profile.district} · {s('facilitator_guide')} · {s('not_for_students')}",
        ),
        tuple(out),
    )


def _front_matter(s: Strings, unit: Unit, profile: Profile) -> list[d.Block]:
    heading = s("about_guide")
    return [
        d.Heading(2, t(heading), running=heading),
        *blocks(unit.description),
        d.Heading(3, t(s("how_to_use"))),
        d.BulletList(items(unit.how_to_use)),
        d.Heading(3, t(s("readiness"))),
        d.BulletList(items(unit.facilitator_readiness), checklist=True),
        d.Heading(3, t(s("group_agreements"))),
        d.Paragraph(t(s("agreements_intro"))),
        d.BulletList(items(unit.group_agreements)),
    ]


def _contacts_table(s: Strings, unit: Unit, profile: Profile) -> d.Table:
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [(t(s("who")), t(s("name")), t(s("how_to_reach")))]
    for contact in (profile.counselor, profile.reporting_contact):
        reach = ", ".join(x for x in (contact.phone, contact.location) if x)
        rows.append((t(contact.role), t(contact.name), t(reach or "—")))
    rows.append((t(s("cps")), t("—"), t(profile.cps_phone)))
    rows.append((t(s("law_enforcement")), t("—"), t(profile.law_enforcement_phone)))
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


def _guide_lesson(s: Strings, unit: Unit, profile: Profile, lesson: Lesson) -> list[d.Block]:
    heading = lesson_heading(s, lesson)
    standards = {st.id: st for st in unit.standards}
    glance: list[d.Block] = [
        label_value(s("grades") + ":", grades_text(s, lesson.grades)),
        label_value(s("duration") + ":", s("minutes", n=lesson.duration_minutes)),
        d.Paragraph(t(s("objectives")), style="label"),
        d.BulletList(tuple(d.ListItem(inlines(o.facilitator)) for o in lesson.objectives)),
    ]
    if lesson.standards:
        glance += [
            d.Paragraph(t(s("standards")), style="label"),
            d.BulletList(
                tuple(
                    d.ListItem(t(_standard_text(s, standards[ref]) if ref in standards else ref))
                    for ref in lesson.standards
                )
            ),
        ]
    if lesson.materials:
        glance += [d.Paragraph(t(s("materials")), style="label"), d.BulletList(items(lesson.materials))]
    out: list[d.Block] = [
        d.Heading(2, t(heading), running=heading),
        d.Callout("glance", s("at_a_glance"), tuple(glance)),
        d.Heading(3, t(s("overview"))),
        *blocks(lesson.overview),
    ]
    if lesson.preparation:
        out += [d.Heading(3, t(s("preparation"))), d.BulletList(items(lesson.preparation), checklist=True)]
    out += _guide_safety(s, profile, lesson)
    if lesson.vocabulary:
        rows = [(t(s("term")), t(s("definition")))] + [
            (t(v.term), inlines(v.definition)) for v in lesson.vocabulary
        ]
        out += [
            d.Heading(3, t(s("vocabulary"))),
            d.Table(tuple(rows), caption=s("vocabulary"), widths=(28, 72)),
        ]
    out += [d.Heading(3, t(s("agenda"))), _agenda(s, lesson)]
    for section in lesson.sections:
        out += _guide_section(s, unit, section)
    if lesson.disclosure_notes:
        out += [
            d.Heading(3, t(s("if_disclosure"))),
            d.Callout(
                "safety",
                s("if_disclosure"),
                (*blocks(lesson.disclosure_notes), d.Paragraph(t(s("see_disclosure_card")))),
            ),
        ]
    if lesson.family_connection is not None:
        out += [
            d.Heading(3, t(s("family_connection"))),
            *blocks(lesson.family_connection.summary),
            d.Paragraph(t(s("conversation_starters")), style="label"),
            d.BulletList(items(lesson.family_connection.conversation_starters)),
        ]
    return out


def _standard_text(s: Strings, standard: Standard) -> str:
    text = f"{standard.id}: {standard.label}"
    return text if standard.verified else f"{text} ({s('unverified')})"


def _guide_safety(s: Strings, profile: Profile, lesson: Lesson) -> list[d.Block]:
    plan = lesson.safety_plan
    out: list[d.Block] = [d.Heading(3, t(s("advisory_and_safety")))]
    if lesson.content_advisory is not None:
        out.append(d.Callout("advisory", s("read_to_students"), blocks(lesson.content_advisory.student)))
        out += [
            d.Paragraph(t(s("facilitator_detail")), style="label"),
            *blocks(lesson.content_advisory.facilitator),
        ]
    counselor = s("counselor_in_room" if plan.counselor == "in_room" else "counselor_on_call")
    safety: list[d.Block] = [
        label_value(s("counselor_label") + ":", f"{counselor} — {profile.counselor.name}"),
        label_value(s("break_space") + ":", profile.break_space),
        label_value(s("step_out") + ":", inlines(plan.step_out)),
        label_value(s("opt_out") + ":", inlines(plan.opt_out_alternative)),
    ]
    if plan.notes:
        safety += blocks(plan.notes)
    out.append(d.Callout("safety", s("safety_plan"), tuple(safety)))
    return out


def _agenda(s: Strings, lesson: Lesson) -> d.Table:
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [(t(s("section")), t(s("kind")), t(s("minutes_header")))]
    for section in lesson.sections:
        rows.append((t(section.title), t(s(f"kind_{section.kind.value}")), t(str(section.minutes))))
    total = lesson.planned_minutes()
    rows.append(((d.Strong(t(s("total"))),), t(""), (d.Strong(t(f"{total} / {lesson.duration_minutes}")),)))
    return d.Table(tuple(rows), caption=s("agenda_caption", title=lesson.title), widths=(56, 26, 18))


def _facilitator_prompt(s: Strings, prompt: Prompt, number: int) -> list[d.Block]:
    lead: list[d.Inline] = [d.Strong(t(f"{number}."))]
    if isinstance(prompt, PausePoint):  # an unfilled time still shows where to write it
        lead += [d.Text(" "), d.Emph(t(s("pause_at", at=prompt.at or "____")))]
    out: list[d.Block] = [d.Paragraph((*lead, d.Text(" "), *inlines(prompt.text)))]
    notes: list[d.Block] = []
    if prompt.look_fors:
        notes += [d.Paragraph(t(s("look_fors")), style="label"), d.BulletList(items(prompt.look_fors))]
    if prompt.follow_ups:
        notes += [d.Paragraph(t(s("follow_ups")), style="label"), d.BulletList(items(prompt.follow_ups))]
    if prompt.if_concerning:
        notes += [d.Paragraph(t(s("if_concerning")), style="label"), *blocks(prompt.if_concerning)]
    if notes:
        out.append(d.Callout("facilitator", s("facilitator_notes"), tuple(notes)))
    return out


def _guide_section(s: Strings, unit: Unit, section: Section) -> list[d.Block]:
    out: list[d.Block] = [d.Heading(3, t(f"{section.title} · {s('minutes', n=section.minutes)}"))]
    if section.student_instructions:
        out.append(d.Callout("agreement", s("students_read"), blocks(section.student_instructions)))
    if section.script:
        out += [d.Paragraph(t(s("script")), style="label"), *blocks(section.script)]
    if section.notes:
        out += [d.Paragraph(t(s("notes")), style="label"), *blocks(section.notes)]
    if section.figure is not None:
        out.append(d.Image(section.figure.src, section.figure.alt, section.figure.caption))
    number = 0
    if section.video is not None:
        out += _video_card(s, unit, section.video.segment)
        for key, prompts in viewing_stages(section.video, "post_pause"):
            if prompts:
                out.append(d.Heading(4, t(s(key))))
                for prompt in prompts:
                    number += 1
                    out += _facilitator_prompt(s, prompt, number)
        out += [d.Paragraph(t(s("debrief")), style="label"), *blocks(section.video.debrief)]
    if section.prompts:
        out.append(d.Heading(4, t(s("prompts"))))
        for prompt in section.prompts:
            number += 1
            out += _facilitator_prompt(s, prompt, number)
    for item in section.items:
        number += 1
        out += _exit_item(s, item, number, with_answer=True)
    return out


def _video_card(s: Strings, unit: Unit, segment_id: str) -> list[d.Block]:
    segment = _segment(unit, segment_id)
    if segment is None:
        return []
    unset = s("fill_in_time")
    return [
        d.Callout(
            "video",
            s("video_card", id=segment.id, title=segment.title),
            (
                label_value(s("series") + ":", f"{segment.series} ({segment.source})"),
                label_value(s("length") + ":", s("about_minutes", n=segment.length_minutes)),
                label_value(s("start_end") + ":", f"{segment.start or unset} – {segment.end or unset}"),
                label_value(s("min_grade") + ":", str(segment.min_grade)),
                label_value(s("content_descriptors") + ":", "; ".join(segment.content_descriptors)),
                label_value(s("access") + ":", inlines(segment.access)),
            ),
        )
    ]


def _appendix(s: Strings, unit: Unit, profile: Profile, lessons: list[Lesson]) -> list[d.Block]:
    out: list[d.Block] = []
    used = {
        ref: [str(lesson.number) for lesson in lessons if ref in lesson.standards]
        for ref in (st.id for st in unit.standards)
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
    out += [
        d.Heading(2, t(heading), running=heading),
        d.Paragraph(t(s("standards_note"))),
        d.Table(tuple(rows), caption=heading, widths=(18, 56, 12, 14)),
    ]
    terms: dict[str, str] = {}
    for lesson in lessons:
        for term in lesson.vocabulary:
            terms.setdefault(term.term.lower(), f"{term.term}\0{term.definition}")
    if terms:
        heading = s("glossary")
        glossary = [(t(s("term")), t(s("definition")))]
        glossary += [(t(v.split("\0")[0]), inlines(v.split("\0")[1])) for _, v in sorted(terms.items())]
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
    letter = unit.family_letter
    heading = s("family_letter")
    policy = s("policy_opt_in" if profile.family_policy.value == "opt-in" else "policy_opt_out")
    out += [
        d.Heading(2, t(heading), running=heading),
        d.Paragraph(t(s("family_letter_intro")), style="small"),
        *blocks(letter.purpose),
        *blocks(letter.how_taught),
        *blocks(letter.reporting_notice),
        *blocks(letter.preview),
        d.Paragraph(t(policy)),
        d.Paragraph(t(s("conversation_tips")), style="label"),
        d.BulletList(items(letter.conversation_tips)),
    ]
    return out

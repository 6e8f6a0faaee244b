"""The facilitator guide: front matter, the disclosure card, every lesson, appendices.

Each lesson opens with a one-page summary (objectives, agenda with minutes, materials,
preparation); its questions follow as compact tables, each question with what to listen for
or its answer key beside it, numbered as students see them. Facts the guide states (how many
lessons, how long, how long a video runs) are computed from the data, never copied from prose.
"""

from __future__ import annotations

from .. import doctree as d
from ..markdown import blocks, inlines
from ..model import (
    Lesson,
    Profile,
    Section,
    SectionKind,
    Standard,
    Unit,
)
from ..strings import Strings, language_name
from .common import (
    KitScope,
    LanguageStatus,
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
    minutes_text,
    numbered,
    resource_items,
    segment,
    t,
)
from .guide_section import guide_section, labelled, minutes, section_title


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
        *_front_matter(s, unit, ordered, scope.translations if scope is not None else ()),
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


def _length(lesson: Lesson) -> str:
    """'50', or '2 × 45' for a lesson over two periods."""
    if lesson.periods > 1:
        return f"{lesson.periods} × {lesson.duration_minutes}"
    return str(lesson.duration_minutes)


def _span(s: Strings, values: list[int]) -> str:
    """'50 minutes' or '50–55 minutes'."""
    low, high = min(values), max(values)
    return minutes(s, low) if low == high else s("minutes_range", low=low, high=high)


def _front_matter(
    s: Strings, unit: Unit, lessons: list[Lesson], translations: tuple[LanguageStatus, ...]
) -> list[d.Block]:
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
                t(_length(lesson)),
                t(
                    ", ".join(f"{v.id} ({s('about_minutes', n=v.length_minutes)})" for v in videos if v)
                    or "—"
                ),
            )
        )
    summary = s(
        "unit_summary",
        count=len(lessons),
        span=_span(s, [lesson.duration_minutes * lesson.periods for lesson in lessons]),
        total=sum(lesson.duration_minutes * lesson.periods for lesson in lessons),
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
        *_translations(s, translations),
        d.Heading(3, t(s("group_agreements"))),
        d.Paragraph(t(s("agreements_intro"))),
        d.BulletList(items(unit.group_agreements)),
    ]


def _translations(s: Strings, translations: tuple[LanguageStatus, ...]) -> list[d.Block]:
    """The kit's documents in other languages, and how far each translation can be trusted."""
    if not translations:
        return []
    out: list[d.Block] = [d.Heading(3, t(s("translated_documents")))]
    for status in translations:
        name = language_name(status.language, s.language)
        if status.refused:
            out.append(d.Paragraph(t(s("translation_refused", language=name))))
            continue
        total = status.translated + status.fuzzy + status.missing
        counts = s(
            "translation_counts",
            language=name,
            translated=status.translated,
            total=total,
            fuzzy=status.fuzzy,
            missing=status.missing,
        )
        review = (
            s("translation_reviewed", reviewer=status.reviewer, date=status.reviewed_on or "")
            if status.reviewer is not None
            else s("translation_not_reviewed")
        )
        out += [
            d.Paragraph(t(f"{counts} {review}")),
            d.Paragraph(t(s("translation_files")), style="small"),
            d.BulletList(tuple(d.ListItem(t(name)) for name in status.documents)),
        ]
    return out


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
    length = minutes(s, lesson.duration_minutes)
    if lesson.periods > 1:
        length = s("class_periods", n=lesson.periods, minutes=length)
    facts = [grades_text(s, lesson.grades), length]
    for section in lesson.sections:
        found = segment(unit, section.video.segment) if section.video else None
        if found is not None:
            facts.append(s("video_fact", id=found.id, length=s("about_minutes", n=found.length_minutes)))
    out: list[d.Block] = [
        d.Heading(2, t(heading), running=heading),
        d.Paragraph(t(join(*facts)), style="lead"),
    ]
    if lesson.essential_question:
        out.append(label_value(s("essential_question") + ":", inlines(lesson.essential_question)))
    out += [
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
        *_agenda(s, lesson),
    ]
    if lesson.materials:
        out += [d.Heading(3, t(s("materials"))), d.BulletList(items(lesson.materials))]
    if lesson.student_materials or lesson.survey:
        out += [d.Heading(3, t(s("student_materials"))), d.BulletList(_student_materials(s, lesson))]
    if lesson.preparation:
        out += [d.Heading(3, t(s("preparation"))), d.BulletList(items(lesson.preparation), checklist=True)]
    standards = _standards(s, unit, lesson)
    if standards:
        out.append(label_value(s("standards") + ":", "; ".join(standards)))
    if lesson.vocabulary:
        out.append(label_value(s("vocabulary_terms") + ":", ", ".join(v.term for v in lesson.vocabulary)))
    out += [
        d.Heading(3, t(s("overview"))),
        *blocks(lesson.overview),
        d.Paragraph(t(s("handout_summary")), style="label"),
        *blocks(lesson.student_summary),
    ]
    out += _safety(s, profile, lesson)
    period = 0
    for section, questions in numbered(lesson.sections):
        first_of_day = lesson.periods > 1 and section.period != period
        period = section.period
        out += guide_section(s, unit, lesson, section, questions, first_of_day)
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


def _student_materials(s: Strings, lesson: Lesson) -> tuple[d.ListItem, ...]:
    """Printed ones by title, where they are and who gets a copy; external ones with their source."""
    out: list[d.ListItem] = []
    printed = s("material_printed")
    for material in lesson.student_materials:
        if material.kind == "external":
            rest: tuple[d.Inline, ...] = (d.Text(" — "), *inlines(material.source or ""))
        else:
            rest = (d.Text(f" ({printed}), {s('per_' + material.per)}"),)
        out.append(d.ListItem((d.Strong(t(material.title)), *rest)))
    if lesson.survey is not None:
        out.append(
            d.ListItem((d.Strong(t(lesson.survey.title)), d.Text(f" ({printed}), {s('per_student')}")))
        )
    return tuple(out)


def _standards(s: Strings, unit: Unit, lesson: Lesson) -> list[str]:
    """The lesson's standards, then those of one grade band, each with its band's label."""
    catalog = {st.id: st for st in unit.standards}
    bands = {band.id: band.label for band in unit.grade_bands}
    out = [_standard_text(s, catalog[ref]) if ref in catalog else ref for ref in lesson.standards]
    for entry in lesson.band_standards:
        only = s("band_only", band=bands.get(entry.band, entry.band))
        for ref in entry.standards:
            text = _standard_text(s, catalog[ref]) if ref in catalog else ref
            out.append(f"{text} — {only}")
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


def _agenda(s: Strings, lesson: Lesson) -> list[d.Block]:
    """One agenda table, or one per class period under its day heading ("Day 1 · 45 minutes")."""
    if lesson.periods == 1:
        return [_agenda_table(s, lesson, lesson.sections, None, s("agenda_caption", title=lesson.title))]
    out: list[d.Block] = []
    for period in range(1, lesson.periods + 1):
        sections = [x for x in lesson.sections if x.period == period]
        if sections:
            caption = s("agenda_day_caption", n=period, title=lesson.title)
            out += [
                d.Heading(4, t(join(s("day", n=period), minutes(s, lesson.duration_minutes)))),
                _agenda_table(s, lesson, sections, period, caption),
            ]
    return out


def _agenda_table(
    s: Strings, lesson: Lesson, sections: list[Section], period: int | None, caption: str
) -> d.Table:
    rows: list[tuple[tuple[d.Inline, ...], ...]] = [(t(s("section")), t(s("kind")), t(s("minutes_header")))]
    for section in sections:
        title = section_title(s, section)
        if section.kind is SectionKind.EXTENSION:
            title = f"{section.title} ({s('not_counted')})"
        rows.append((t(title), t(s(f"kind_{section.kind.value}")), t(minutes_text(section))))
    required = lesson.planned_minutes(period)
    counted = [x for x in sections if x.kind is not SectionKind.EXTENSION]
    most = sum(x.up_to or x.minutes for x in counted)
    label: tuple[d.Inline, ...] = (d.Strong(t(s("total"))),)
    if most != required:
        key = "required_with_optional" if any(x.optional for x in counted) else "required_up_to"
        label += (d.Text(": " + s(key, required=minutes(s, required), most=most)),)
    rows.append(
        (label, t(""), (d.Strong(t(s("of_minutes", total=required, period=lesson.duration_minutes))),))
    )
    return d.Table(tuple(rows), caption=caption, widths=(60, 22, 18))


# --------------------------------------------------------------------------- appendices


def _appendix(s: Strings, unit: Unit, profile: Profile, lessons: list[Lesson]) -> list[d.Block]:
    used: dict[str, list[str]] = {st.id: [] for st in unit.standards}
    bands = {band.id: grade_numbers(band.grades) for band in unit.grade_bands}
    for lesson in lessons:
        for ref in lesson.standards:
            used.setdefault(ref, []).append(str(lesson.number))
        for entry in lesson.band_standards:  # "4 (9–10)": lesson 4, when taught to grades 9–10
            for ref in entry.standards:
                used.setdefault(ref, []).append(f"{lesson.number} ({bands.get(entry.band, entry.band)})")
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

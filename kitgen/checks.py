"""Rules that span fields and files, run once every file has loaded into its model.

The schema says what one file may hold; these rules say whether the files fit together and
whether the safety content a lesson needs is there.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import validation_cache
from .diagnostics import Diagnostic, error, warning
from .loader import Curriculum, Loaded, dotted
from .model import (
    CardSort,
    Lesson,
    Node,
    Profile,
    Prompt,
    Section,
    SectionKind,
    Station,
    Unit,
    is_placeholder,
)
from .placeholders import unwritten
from .source import Path_, SourceFile

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
"""What both writers can embed; python-docx cannot embed SVG."""
REQUIRED_HELP = {
    "1-888-373-7888": "the National Human Trafficking Hotline (1-888-373-7888)",
    "233733": "the hotline's text line (233733)",
    "911": "911 for emergencies",
}


CONTENT = (
    "student_instructions",
    "script",
    "notes",
    "prompts",
    "video",
    "items",
    "stations",
    "roles",
    "figure",
    "response",
    "materials",
)
"""What a section can hold besides its id, kind, title and minutes: a section with none of it is empty."""
TIMING = ("minutes", "up_to", "period", "optional", "kind")
"""The fields of a section that the minutes checks add up."""
SLACK_ALLOWED = 0.1
"""Minutes left unplanned, as a share of the period, that pass without a warning: time to settle
in and move between sections."""
SUGGEST_CUTOFF = 0.6
SUGGEST_MARGIN = 0.1
"""A did-you-mean needs a similarity of at least the cutoff, and this much more than the next id."""
MAX_LISTED = 15
"""An unknown reference lists the valid ids when there are at most this many."""


WRITE_TASK = re.compile(
    r"\b(write|draw|list|fill in|fill out|sketch|note down|jot)\b(?! of\b)", re.IGNORECASE
)
LEAD_IN = re.compile(r"(^|,|\b(and|then|or|please|now|first|next|also))\s*$", re.IGNORECASE)
"""What may come before an instruction's verb in its clause: nothing, a comma ('On your own,
write'), or a joining word ('read each one and write')."""
OTHER_SUBJECT = re.compile(
    r"\b(we|we'll|i|i'll|they|he|she|everyone|students|don't|do not|never)\b", re.IGNORECASE
)
"""A clause with one of these before the verb is not telling the student to write ('we will write')."""
CLAUSE_END = re.compile(r"[.!?;:]\s+|\n\s*(?:[-*+]|\d+[.)])?\s*")
RESPONSE_HINT = (
    "say what space it needs: 'response: {lines: 4}', '{box: 8}' to draw in, "
    "'{table: {columns: [...], rows: [...]}}' or '{card: [label, ...]}'"
)


def _at(source: SourceFile, path: Path_, code: str, message: str, hint: str | None = None) -> Diagnostic:
    mark = source.value_mark(path)
    return replace(error(source.display, mark.line, mark.col, code, message, hint), path=path)


def _warn(source: SourceFile, path: Path_, code: str, message: str, hint: str | None = None) -> Diagnostic:
    mark = source.value_mark(path)
    return replace(warning(source.display, mark.line, mark.col, code, message, hint), path=path)


def write_task(text: str) -> str | None:
    """The words of ``text`` that tell students to write or draw ('write your answer'), if any."""
    plain = re.sub(r"[*_]", "", text)
    for clause in CLAUSE_END.split(plain):
        found = WRITE_TASK.search(clause)
        if found is None:
            continue
        before = clause[: found.start()]
        if LEAD_IN.search(before) and not OTHER_SUBJECT.search(before):
            return " ".join(clause[found.start() :].split()[:4])
    return None


def _duplicates(source: SourceFile, items: list[tuple[Path_, str]], what: str) -> list[Diagnostic]:
    seen: dict[str, Path_] = {}
    found = []
    for path, value in items:
        if value in seen:
            first = source.value_mark(seen[value])
            found.append(
                _at(
                    source,
                    path,
                    "duplicate-id",
                    f"{what} '{value}' is used twice (first at line {first.line})",
                )
            )
        else:
            seen[value] = path
    return found


def check_unit(curriculum: Curriculum) -> list[Diagnostic]:
    """The unit's own ids are unique and its help resources include the ones every handout needs."""
    found = []
    for loaded in curriculum.checked(Unit):
        found += _intact(loaded, _check_unit(loaded))
    return found


def _check_unit(loaded: Loaded[Unit]) -> list[Diagnostic]:
    unit, source = loaded.model, loaded.source
    found = _duplicates(source, [(("videos", i, "id"), v.id) for i, v in enumerate(unit.videos)], "video id")
    found += _duplicates(
        source, [(("standards", i, "id"), s.id) for i, s in enumerate(unit.standards)], "standard id"
    )
    found += _duplicates(
        source,
        [(("help_resources", i, "id"), r.id) for i, r in enumerate(unit.help_resources)],
        "help resource id",
    )
    offered = " ".join(f"{r.name} {r.contact}" for r in unit.help_resources)
    for needle, label in REQUIRED_HELP.items():
        if needle not in offered:
            found.append(
                _at(
                    source,
                    ("help_resources",),
                    "missing-help-resource",
                    f"the help resources do not include {label}",
                    "every student handout must carry it; add it to help_resources",
                )
            )
    return found


def check_lesson(lesson: Loaded[Lesson], curriculum: Curriculum) -> list[Diagnostic]:
    """One lesson against itself and the unit."""
    model, source = lesson.model, lesson.source
    found = _duplicates(
        source, [(("sections", i, "id"), s.id) for i, s in enumerate(model.sections)], "section id"
    )
    found += check_plan(lesson, curriculum)
    if model.disclosure_notes is None and not lesson.touches(("disclosure_notes",)):
        found.append(
            _at(
                source,
                (),
                "missing-disclosure-notes",
                "the lesson has no disclosure_notes",
                "say what a facilitator does if a student discloses during this lesson",
            )
        )
    shows_video = False
    for i, section in enumerate(model.sections):
        here: Path_ = ("sections", i)
        if section.kind is SectionKind.VIDEO and section.video is None:
            found.append(_at(source, (*here, "kind"), "missing-video", "a video section needs 'video'"))
        if section.kind is SectionKind.EXIT_TICKET and not section.items:
            found.append(
                _at(source, (*here, "kind"), "missing-items", "an exit_ticket section needs 'items'")
            )
        for j, item in enumerate(section.items):
            if item.kind == "multiple_choice" and len(item.choices) < 2:
                found.append(
                    _at(
                        source,
                        (*here, "items", j),
                        "missing-choices",
                        "a multiple_choice item needs at least 2 choices",
                    )
                )
        if section.video is not None:
            shows_video = True
            found += _check_video(lesson, curriculum, here, section)
        if not any(getattr(section, part) for part in CONTENT) and not lesson.touches(here):
            found.append(
                _at(
                    source,
                    (*here, "id"),
                    "empty-section",
                    f"section '{section.id}' has nothing in it: the documents would print only its title",
                    "add what happens in it: student_instructions, a script, notes or prompts",
                )
            )
        found += _check_spaces(source, here, section)
    if shows_video and model.content_advisory is None and not lesson.touches(("content_advisory",)):
        found.append(
            _at(
                source,
                (),
                "missing-advisory",
                "the lesson shows a video but has no content_advisory",
                "tell students ahead of time what the video covers and that they may step out",
            )
        )
    if (unit := _unit_with(curriculum, "standards")) is not None:
        known = {s.id for s in unit.standards}
        for i, ref in enumerate(model.standards):
            if ref not in known:
                found.append(_unknown(source, ("standards", i), "standard", ref, known))
    return found


def _check_spaces(source: SourceFile, here: Path_, section: Section) -> list[Diagnostic]:
    """Instructions and prompts that ask students to write or draw have somewhere to do it.

    Instructions may stand above prompts or items that carry the space themselves ('write your
    answers below'), but only a box serves drawing.
    """
    prompts: list[tuple[Path_, Prompt]] = [((*here, "prompts", j), p) for j, p in enumerate(section.prompts)]
    if section.video is not None:
        for group in ("pre_viewing", "pause_points", "post_viewing"):
            prompts += [((*here, "video", group, j), p) for j, p in enumerate(getattr(section.video, group))]
    prompts = [(path, prompt) for path, prompt in prompts if not prompt.aloud]  # never on the handout
    found = []
    for path, prompt in prompts:
        if prompt.response is None and (task := write_task(prompt.text)):
            found.append(
                _warn(
                    source,
                    (*path, "text"),
                    "missing-response",
                    f"the prompt asks students to write or draw ('{task}') but has 'response: null'",
                    RESPONSE_HINT,
                )
            )
    task = write_task(section.student_instructions or "")
    if task is None or section.response is not None:
        return found
    below = [p.response for _, p in prompts] + [i.response for i in section.items]
    drawing = task.split()[0].lower() in ("draw", "sketch")
    if not any(r is not None and (r.box or not drawing) for r in below):
        found.append(
            _warn(
                source,
                (*here, "student_instructions"),
                "missing-response",
                f"the instructions ask students to write or draw ('{task}') but the section gives "
                + ("no box to draw in" if drawing and any(below) else "no space"),
                RESPONSE_HINT,
            )
        )
    return found


def check_plan(lesson: Loaded[Lesson], curriculum: Curriculum) -> list[Diagnostic]:
    """The lesson plan holds together: periods and their minutes, the student materials it names,
    prompts asked aloud, and standards by grade band."""
    model, source = lesson.model, lesson.source
    timing: list[Path_] = [("duration_minutes",), ("periods",)]
    timing += [("sections", i, part) for i in range(len(model.sections)) for part in TIMING]
    found = [] if any(map(lesson.touches, timing)) else _check_periods(source, model)
    nodes = list(_nodes(model))
    found += _check_materials(source, model, nodes, judge_unused=not lesson.broken)
    found += _check_aloud(source, nodes)
    if (unit := _unit_with(curriculum, "standards", "grade_bands")) is not None:
        found += _check_bands(source, model, unit)
    return found


def _nodes(value: object, path: Path_ = ()) -> Iterator[tuple[Path_, BaseModel]]:
    """Every model inside ``value`` (itself first) with its path in the file."""
    if isinstance(value, BaseModel):
        yield path, value
        for name in _node_fields(type(value)):
            yield from _nodes(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*path, index))


@functools.cache
def _node_fields(kind: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``kind`` whose type names a model: the only ones that can hold one, since
    every model of a lesson was validated from plain YAML values (text fields are not entered)."""
    return tuple(name for name, info in kind.model_fields.items() if _names_model(info.annotation))


def _names_model(annotation: Any) -> bool:
    if annotation is Any:
        return True
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(_names_model(arg) for arg in typing.get_args(annotation))


def _check_periods(source: SourceFile, model: Lesson) -> list[Diagnostic]:
    """Every section falls in one of the lesson's periods, every period is taught, and each
    period's required minutes fit it: the least of every range must, the most should."""
    found = [
        _at(
            source,
            ("sections", i, "period"),
            "period-out-of-range",
            f"section '{section.id}' is in period {section.period}, but the lesson has "
            + ("1 period" if model.periods == 1 else f"{model.periods} periods"),
            "raise the lesson's 'periods', or give the section an earlier period",
        )
        for i, section in enumerate(model.sections)
        if section.period > model.periods
    ]
    taught = {section.period for section in model.sections}
    for period in range(1, model.periods + 1):
        if period not in taught:
            found.append(
                _at(
                    source,
                    ("periods",),
                    "empty-period",
                    f"period {period} of {model.periods} has no sections",
                    f"give a section 'period: {period}', or lower 'periods'",
                )
            )
        elif not found:  # with a section in a period the lesson lacks, the minutes are not yet planned
            found += _check_minutes(source, model, period)
    return found


def _check_minutes(source: SourceFile, model: Lesson, period: int) -> list[Diagnostic]:
    required = [s for s in model.sections if s.required and s.period == period]
    least = model.planned_minutes(period)
    most = sum(s.up_to or s.minutes for s in required)
    sections = "the sections" if model.periods == 1 else f"the sections of period {period}"
    length = (
        f"the lesson's {model.duration_minutes}"
        if model.periods == 1
        else f"the period's {model.duration_minutes}"
    )
    if least > model.duration_minutes:
        return [
            _at(
                source,
                ("duration_minutes",),
                "minutes-exceed",
                f"{sections} add up to {'at least ' if most > least else ''}{least} minutes, more than {length}",
                "shorten a section, mark it optional, or raise duration_minutes "
                "(optional and extension sections do not count)",
            )
        ]
    if most > model.duration_minutes:
        return [
            _warn(
                source,
                ("duration_minutes",),
                "minutes-range",
                f"with every range at its most, {sections} add up to {most} minutes, more than {length} "
                f"(at their least, {least} minutes fit)",
                "plan which steps stay short, or narrow a range ('up_to')",
            )
        ]
    slack = model.duration_minutes - most
    if slack > model.duration_minutes * SLACK_ALLOWED:
        return [
            _warn(
                source,
                ("duration_minutes",),
                "minutes-short",
                f"{sections} add up to {most} minutes, {slack} less than {length}",
                f"plan the other {slack} minute{'s' * (slack != 1)}: lengthen a section, add one, "
                "or lower duration_minutes",
            )
        ]
    return []


def _check_materials(
    source: SourceFile, model: Lesson, nodes: list[tuple[Path_, BaseModel]], judge_unused: bool
) -> list[Diagnostic]:
    """Sections, stations and card sorts name the lesson's own materials (a sort a card set),
    and every material is used somewhere (judged only when the whole file is valid)."""
    materials = {m.id: m for m in model.student_materials}
    found = _duplicates(
        source,
        [(("student_materials", i, "id"), m.id) for i, m in enumerate(model.student_materials)],
        "student material id",
    )
    refs: list[tuple[Path_, str, bool]] = []  # where, which id, whether it must be a card set
    for path, node in nodes:
        if isinstance(node, Section):
            refs += [((*path, "materials", j), ref, False) for j, ref in enumerate(node.materials)]
        elif isinstance(node, Station | CardSort) and node.material is not None:
            refs.append(((*path, "material"), node.material, isinstance(node, CardSort)))
    used = _meant({ref for _, ref, _ in refs}, set(materials))
    for path, ref, sorted_ in refs:
        material = materials.get(ref)
        if material is None:
            close = _suggestion(ref, set(materials))
            found.append(
                _at(
                    source,
                    path,
                    "unknown-reference",
                    f"no student material '{ref}' in this lesson"
                    + (f"; did you mean '{close}'?" if close else ""),
                    None if close else "add it to the lesson's student_materials",
                )
            )
        elif sorted_ and material.kind != "card_set":
            found.append(
                _at(
                    source,
                    path,
                    "not-a-card-set",
                    f"the sort uses '{ref}', which is a {material.kind}, not a card_set",
                    "name a card set, or leave out 'material' so students write each card's words into a pile",
                )
            )
    found += [
        _warn(
            source,
            ("student_materials", i, "id"),
            "unused-entry",
            f"student material '{material.id}' is used in no section, station or sort",
            "list it in the 'materials' of the section that uses it, or remove it",
        )
        for i, material in enumerate(model.student_materials)
        if material.id not in used and judge_unused
    ]
    return found


def _check_aloud(source: SourceFile, nodes: list[tuple[Path_, BaseModel]]) -> list[Diagnostic]:
    """A prompt asked aloud is kept off the handout, so a space given for it would never print."""
    return [
        _warn(
            source,
            (*path, "response"),
            "aloud-response",
            "the prompt is asked aloud only, so its response space is never printed",
            "remove 'response', or remove 'aloud: true' to print the prompt with its space on the handout",
        )
        for path, node in nodes
        if isinstance(node, Prompt)
        and node.aloud
        and node.response is not None
        and "response" in node.model_fields_set
    ]


def _check_bands(source: SourceFile, model: Lesson, unit: Unit) -> list[Diagnostic]:
    """Standards by grade band name a band the lesson teaches and standards from the catalog."""
    bands = {band.id: band for band in unit.grade_bands}
    known = {standard.id for standard in unit.standards}
    found = _duplicates(
        source,
        [(("band_standards", i, "band"), entry.band) for i, entry in enumerate(model.band_standards)],
        "grade band",
    )
    for i, entry in enumerate(model.band_standards):
        band = bands.get(entry.band)
        if band is None:
            found.append(
                _unknown(source, ("band_standards", i, "band"), "grade band", entry.band, set(bands))
            )
        elif not set(band.grades) & set(model.grades):
            found.append(
                _at(
                    source,
                    ("band_standards", i, "band"),
                    "band-grades",
                    f"the lesson does not teach grade band '{band.id}' (grades {_grades(band.grades)}); "
                    f"it is for grades {_grades(model.grades)}",
                    "remove this entry, or add the band's grades to the lesson's grades",
                )
            )
        found += [
            _unknown(source, ("band_standards", i, "standards", j), "standard", ref, known)
            for j, ref in enumerate(entry.standards)
            if ref not in known
        ]
    return found


def _grades(grades: list[int]) -> str:
    return ", ".join(str(grade) for grade in sorted(grades))


def _suggestion(ref: str, known: set[str]) -> str | None:
    """The id ``ref`` was meant to be: the same in another case, or the one clearly closest.
    None when several are about as close ('VID-09' is as near VID-01 as VID-06)."""
    for candidate in sorted(known):
        if candidate.casefold() == ref.casefold():
            return candidate
    scores = sorted(((SequenceMatcher(None, ref, k).ratio(), k) for k in known), reverse=True)
    if not scores or scores[0][0] < SUGGEST_CUTOFF:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < SUGGEST_MARGIN:
        return None
    return scores[0][1]


def _unknown(source: SourceFile, path: Path_, what: str, ref: str, known: set[str]) -> Diagnostic:
    close = _suggestion(ref, known)
    message = f"no {what} '{ref}' in unit.yaml" + (f"; did you mean '{close}'?" if close else "")
    if close:
        hint = None
    elif known and len(known) <= MAX_LISTED:
        hint = f"the unit's {what}s are {', '.join(sorted(known))}"
    else:
        hint = f"add it to the unit's {what}s"
    return _at(source, path, "unknown-reference", message, hint)


def _unit_with(curriculum: Curriculum, *parts: str) -> Unit | None:
    """The unit for a rule that reads ``parts`` of it: the valid unit, or one that failed the
    schema elsewhere than in those parts."""
    if curriculum.unit is not None:
        return curriculum.unit.model
    for loaded in curriculum.checked(Unit):
        if not any(loaded.touches((part,)) for part in parts):
            return loaded.model
    return None


def _check_video(
    lesson: Loaded[Lesson], curriculum: Curriculum, here: Path_, section: Section
) -> list[Diagnostic]:
    """The segment is in the unit's library, may be shown to the lesson's grades, and fits the
    section's minutes."""
    unit = _unit_with(curriculum, "videos")
    if unit is None or section.video is None:
        return []
    path, ref = (*here, "video", "segment"), section.video.segment
    videos = {v.id: v for v in unit.videos}
    if ref not in videos:
        return [_unknown(lesson.source, path, "video", ref, set(videos))]
    video, found = videos[ref], []
    lowest = min(lesson.model.grades)
    if video.min_grade > lowest and not lesson.touches(("grades",)):
        found.append(
            _at(
                lesson.source,
                path,
                "video-grade",
                f"video '{ref}' is for grade {video.min_grade} and up, but the lesson is for grade {lowest}",
                "choose another segment or remove the lower grades from the lesson",
            )
        )
    most = section.up_to or section.minutes
    if most < video.length_minutes and not lesson.touches((*here, "minutes")):
        found.append(
            _at(
                lesson.source,
                (*here, "minutes"),
                "video-too-long",
                f"section '{section.id}' has {most} minute{'s' * (most != 1)}, but video '{ref}' runs "
                f"{video.length_minutes}",
                f"give the section at least {video.length_minutes} minutes, plus time for its questions",
            )
        )
    return found


def check_unused(curriculum: Curriculum) -> list[Diagnostic]:
    """Catalog entries no lesson uses appear nowhere in the kit: a warning at each entry.

    Skipped while a lesson file fails to load, since what it uses is unknown.
    """
    if curriculum.unit is None or curriculum.unread_lessons:
        return []
    unit, source = curriculum.unit.model, curriculum.unit.source
    lessons = [lesson.model for lesson in curriculum.lessons]
    cited = _meant(
        {ref for lesson in lessons for ref in lesson.standards}
        | {ref for lesson in lessons for band in lesson.band_standards for ref in band.standards},
        {s.id for s in unit.standards},
    )
    shown = _meant(
        {s.video.segment for lesson in lessons for s in lesson.sections if s.video is not None},
        {v.id for v in unit.videos},
    )
    found = [
        _warn(
            source,
            ("standards", i, "id"),
            "unused-entry",
            f"standard '{standard.id}' is cited by no lesson",
            "add it to the standards of the lessons that teach it, or remove it from the catalog",
        )
        for i, standard in enumerate(unit.standards)
        if standard.id not in cited
    ]
    found += [
        _warn(
            source,
            ("videos", i, "id"),
            "unused-entry",
            f"video '{video.id}' is shown in no lesson",
            "show it in a lesson's video section, or remove it from the library",
        )
        for i, video in enumerate(unit.videos)
        if video.id not in shown
    ]
    return found


def _meant(refs: set[str], known: set[str]) -> set[str]:
    """The entries ``refs`` mean: each known one, and for an unknown one the entry suggested for it."""
    return {ref if ref in known else (_suggestion(ref, known) or ref) for ref in refs}


def check_ids(curriculum: Curriculum) -> list[Diagnostic]:
    """Lesson ids and numbers are unique across the folder."""
    found = []
    for attribute in ("id", "number"):
        seen: dict[object, Loaded[Lesson]] = {}
        for lesson in curriculum.checked(Lesson):
            if lesson.touches((attribute,)):
                continue
            value = getattr(lesson.model, attribute)
            if value in seen:
                found.append(
                    _at(
                        lesson.source,
                        (attribute,),
                        "duplicate-id",
                        f"lesson {attribute} '{value}' is also used by {seen[value].source.display}",
                    )
                )
            else:
                seen[value] = lesson
    return found


PLACEHOLDER_HINTS: dict[Path_, str] = {
    ("consent", "deadline"): "write the date the slip or form is due back as YYYY-MM-DD, e.g. 2027-01-15",
}
"""Hints for profile values that need more than 'your district's value'."""


def check_profile(curriculum: Curriculum) -> list[Diagnostic]:
    """Profile values still saying 'FILL IN: …' are warnings: the build works, the district must
    finish it. The documents print a line to write on instead (the family letter's contact,
    signer, deadline and review place too), so strict builds refuse them."""
    return [found for loaded in curriculum.checked(Profile) for found in _placeholders(loaded.source)]


def _placeholders(source: SourceFile) -> list[Diagnostic]:
    found = []
    for path, value in source.strings:
        if is_placeholder(value):
            mark = source.value_mark(path)
            found.append(
                warning(
                    source.display,
                    mark.line,
                    mark.col,
                    "profile-placeholder",
                    f"'{dotted(path, source.data)}' is not filled in yet ({value.strip()})",
                    PLACEHOLDER_HINTS.get(path, "replace the FILL IN text with your district's value"),
                )
            )
    return found


def check_deadline(curriculum: Curriculum) -> list[Diagnostic]:
    """The consent deadline is a day of the calendar (the schema only checks its shape), since
    the family letter prints it in words."""
    found = []
    for profile in curriculum.checked(Profile):
        deadline = profile.model.consent.deadline
        if is_placeholder(deadline):
            continue
        try:
            dt.date.fromisoformat(deadline)
        except ValueError:
            bad = _at(
                profile.source,
                ("consent", "deadline"),
                "bad-date",
                f"the deadline '{deadline}' is not a date in the calendar",
                "write it as YYYY-MM-DD, e.g. 2027-01-15",
            )
            found += _intact(profile, [bad])
    return found


def check_text(source: SourceFile, root: Path) -> list[Diagnostic]:
    """Links use only http, https, mailto or tel; tables have captions; no TODO or README example
    value is left (placeholders.py); images are PNG or JPEG files inside the curriculum folder.
    What the file's text says is kept in the validation cache with the file's bytes; whether each
    image is there is looked for on every call."""
    found, images = _file_text(source)
    for path, value in images:
        if problem := image_problem(root, value):
            found.append(_at(source, path, "image-path", problem, "put images in the lessons folder"))
    return found


Images = list[tuple[Path_, str]]
"""The image paths a file names (``src`` values), each with where it stands."""


def _file_text(source: SourceFile) -> tuple[list[Diagnostic], Images]:
    """``_read_text``, kept for the file's bytes and the name it is shown under."""
    place = validation_cache.place("text", source)
    kept = validation_cache.fetch("text", *place) if place else None
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], list):
        found = validation_cache.unpacked(kept[0])
        if found is not None:
            return found, [(tuple(path), value) for path, value in kept[1]]
    found, images = _read_text(source)
    if place:
        validation_cache.keep("text", *place, (validation_cache.packed(found), images))
    return found, images


def _read_text(source: SourceFile) -> tuple[list[Diagnostic], Images]:
    """What ``check_text`` finds in the file's text alone, and the images it names."""
    from .links import link_targets, safe_href  # Markdown is parsed only when a file is not cached
    from .prose import CAPTION_PREFIX, uncaptioned_tables

    found = []
    images: Images = []
    for path, value in source.strings:
        if uncaptioned_tables(value):
            found.append(
                _at(
                    source,
                    path,
                    "table-caption",
                    "a table needs a caption, which the documents print above it",
                    f"write '{CAPTION_PREFIX} what the table shows' on the line directly above the table",
                )
            )
        for href in link_targets(value):
            if not safe_href(href):
                found.append(
                    _at(
                        source,
                        path,
                        "unsafe-link",
                        f"the link '{href[:60]}' is not allowed",
                        "links may use only http, https, mailto or tel",
                    )
                )
        if path and path[-1] == "src" and len(path) >= 2:
            if value.strip().lower().endswith(".svg"):
                found.append(
                    _at(
                        source,
                        path,
                        "image-format",
                        f"the image '{value}' is an SVG file, which the DOCX documents cannot embed",
                        "export it as PNG (or JPEG) and use that file",
                    )
                )
            else:
                images.append((path, value))
    return found + unwritten(source), images


def image_problem(root: Path, src: str) -> str | None:
    """Why an image path is not acceptable, or None when it is."""
    if "://" in src or src.startswith(("/", "\\")) or ":" in src:
        return f"the image '{src}' must be a relative path inside the lessons folder"
    try:  # a NUL character or an overlong name makes the file system refuse the path itself
        base = root.resolve()
        target = (base / src).resolve()
        if not target.is_relative_to(base):
            return f"the image '{src}' leaves the lessons folder"
        if target.suffix.lower() not in IMAGE_SUFFIXES:
            return f"the image '{src}' is not a PNG or JPEG file"
        if not target.is_file():
            return f"the image '{src}' does not exist"
    except (OSError, ValueError):
        return f"the image '{src[:60]}' is not a usable file path"
    return None


RULES: tuple[Callable[[Curriculum], list[Diagnostic]], ...] = (
    check_unit,
    check_unused,
    check_ids,
    check_profile,
    check_deadline,
)


def run_checks(curriculum: Curriculum) -> list[Diagnostic]:
    """Every cross-file rule over a loaded curriculum; a file that failed the schema is checked
    too, except where a rule would read what failed."""
    found: list[Diagnostic] = []
    for rule in RULES:
        found += rule(curriculum)
    units = [part for unit in curriculum.checked(Unit) for part in (unit.source.digest, unit.source.display)]
    for lesson in curriculum.checked(Lesson):
        found += _lesson_checks(lesson, curriculum, units)
    for loaded in curriculum.checked(Node):
        found += check_text(loaded.source, curriculum.root)
    return found


def _lesson_checks(lesson: Loaded[Lesson], curriculum: Curriculum, units: list[str]) -> list[Diagnostic]:
    """``check_lesson`` (less what it finds at stand-ins), kept for the bytes of the lesson and of
    the unit file (the only other file it reads), and the names they are shown under (``units``:
    each unit file's digest and name)."""
    place = validation_cache.place("lesson", lesson.source, *units) if all(units) else None
    if place is None:
        return _intact(lesson, check_lesson(lesson, curriculum))
    return validation_cache.diagnostics(
        "lesson", *place, lambda: _intact(lesson, check_lesson(lesson, curriculum))
    )


def _intact(loaded: Loaded[Any], found: list[Diagnostic]) -> list[Diagnostic]:
    """What a check found, less what it found at the stand-ins of a file that failed the schema."""
    return [d for d in found if not (d.path and loaded.touches(d.path))]

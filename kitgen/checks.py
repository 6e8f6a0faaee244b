"""Rules that span fields and files, run once every file has loaded into its model.

The schema says what one file may hold; these rules say whether the files fit together and
whether the safety content a lesson needs is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, error, warning
from .loader import Curriculum, Loaded
from .markdown import link_targets, safe_href
from .model import Lesson, SectionKind, is_placeholder
from .source import Path_, SourceFile

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
REQUIRED_HELP = {
    "1-888-373-7888": "the National Human Trafficking Hotline (1-888-373-7888)",
    "233733": "the hotline's text line (233733)",
    "911": "911 for emergencies",
}


def _at(source: SourceFile, path: Path_, code: str, message: str, hint: str | None = None) -> Diagnostic:
    mark = source.value_mark(path)
    return error(source.display, mark.line, mark.col, code, message, hint)


def _strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string value of a loaded file with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


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
    if curriculum.unit is None:
        return []
    unit, source = curriculum.unit.model, curriculum.unit.source
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
    total = model.planned_minutes()
    if total > model.duration_minutes:
        found.append(
            _at(
                source,
                ("duration_minutes",),
                "minutes-exceed",
                f"the sections add up to {total} minutes, more than the lesson's {model.duration_minutes}",
                "shorten a section or raise duration_minutes (extension sections do not count)",
            )
        )
    if model.disclosure_notes is None:
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
            found += _check_video(lesson, curriculum, (*here, "video", "segment"), section.video.segment)
    if shows_video and model.content_advisory is None:
        found.append(
            _at(
                source,
                (),
                "missing-advisory",
                "the lesson shows a video but has no content_advisory",
                "tell students ahead of time what the video covers and that they may step out",
            )
        )
    if curriculum.unit is not None:
        known = {s.id for s in curriculum.unit.model.standards}
        for i, ref in enumerate(model.standards):
            if ref not in known:
                found.append(_unknown(source, ("standards", i), "standard", ref, known))
    return found


def _unknown(source: SourceFile, path: Path_, what: str, ref: str, known: set[str]) -> Diagnostic:
    close = get_close_matches(ref, sorted(known), n=1, cutoff=0.6)
    message = f"no {what} '{ref}' in unit.yaml" + (f"; did you mean '{close[0]}'?" if close else "")
    return _at(source, path, "unknown-reference", message, None if close else f"add it to the unit's {what}s")


def _check_video(lesson: Loaded[Lesson], curriculum: Curriculum, path: Path_, ref: str) -> list[Diagnostic]:
    if curriculum.unit is None:
        return []
    videos = {v.id: v for v in curriculum.unit.model.videos}
    if ref not in videos:
        return [_unknown(lesson.source, path, "video", ref, set(videos))]
    lowest = min(lesson.model.grades)
    if videos[ref].min_grade > lowest:
        return [
            _at(
                lesson.source,
                path,
                "video-grade",
                f"video '{ref}' is for grade {videos[ref].min_grade} and up, but the lesson is for grade {lowest}",
                "choose another segment or remove the lower grades from the lesson",
            )
        ]
    return []


def check_ids(curriculum: Curriculum) -> list[Diagnostic]:
    """Lesson ids and numbers are unique across the folder."""
    found = []
    for attribute in ("id", "number"):
        seen: dict[object, Loaded[Lesson]] = {}
        for lesson in curriculum.lessons:
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


def check_profile(curriculum: Curriculum) -> list[Diagnostic]:
    """Profile values still saying 'FILL IN: …' are warnings: the build works, the district must finish it."""
    if curriculum.profile is None:
        return []
    source = curriculum.profile.source
    found = []
    for path, value in _strings(source.data):
        if is_placeholder(value):
            mark = source.value_mark(path)
            found.append(
                warning(
                    source.display,
                    mark.line,
                    mark.col,
                    "profile-placeholder",
                    f"'{'.'.join(map(str, path))}' is not filled in yet ({value.strip()})",
                    "replace the FILL IN text with your district's value",
                )
            )
    return found


def check_text(source: SourceFile, root: Path) -> list[Diagnostic]:
    """Links use only http, https, mailto or tel; images stay inside the curriculum folder."""
    found = []
    for path, value in _strings(source.data):
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
            problem = image_problem(root, value)
            if problem:
                found.append(_at(source, path, "image-path", problem, "put images in the lessons folder"))
    return found


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
            return f"the image '{src}' is not a PNG, JPEG or SVG file"
        if not target.is_file():
            return f"the image '{src}' does not exist"
    except (OSError, ValueError):
        return f"the image '{src[:60]}' is not a usable file path"
    return None


RULES: tuple[Callable[[Curriculum], list[Diagnostic]], ...] = (check_unit, check_ids, check_profile)


def run_checks(curriculum: Curriculum) -> list[Diagnostic]:
    """Every cross-file rule over a loaded curriculum."""
    found: list[Diagnostic] = []
    for rule in RULES:
        found += rule(curriculum)
    for lesson in curriculum.lessons:
        found += check_lesson(lesson, curriculum)
    for loaded in [curriculum.unit, curriculum.profile, *curriculum.lessons]:
        if loaded is not None:
            found += check_text(loaded.source, curriculum.root)
    return found

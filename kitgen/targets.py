"""What a build will make: the user's request resolved into kits, each with its lessons and profile.

Plain ``kitgen build`` makes every saved kit; ``--kit`` names some; ``--grades``/``--lesson`` make
one ad-hoc kit whose folder name says what it holds (or ``--name``). Nothing is guessed: an
unknown id, an empty choice or a contradiction is an error that names what would work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .checks import check_profile
from .diagnostics import Diagnostic, error
from .kitfiles import Format
from .kits import DOCUMENTS, FORMATS, KitSpec, kit_lessons, kits_folder_display
from .loader import Curriculum, Loaded, load_model
from .model import ID_PATTERN, Lesson, Profile, slug
from .request import Request
from .select import SelectionError, closest, grades_label, select


@dataclass(frozen=True)
class Target:
    """One kit to build, resolved."""

    id: str
    title: str
    lessons: tuple[Lesson, ...]
    profile: Profile
    profile_file: Path | None
    documents: tuple[str, ...]
    formats: tuple[Format, ...]
    page_size: str
    languages: tuple[str, ...]
    """Languages of the student and family documents; the guide is in the profile's language."""
    titles: dict[str, str]
    """The kit's title in other languages, where the kit file gives one."""
    saved: bool
    """True when the folder is exactly a saved kit (no profile or page-size override)."""
    sources: tuple[Path, ...]
    """The files the kit is built from (besides templates), for its sources hash."""


def _problem(option: str, code: str, message: str, hint: str | None = None) -> Diagnostic:
    """A problem with the command line, located at the option that caused it."""
    return error(option, 0, 0, code, message, hint)


def _kit_profile(
    kit: Loaded[KitSpec], curriculum: Curriculum
) -> tuple[Loaded[Profile] | None, list[Diagnostic]]:
    """The profile a saved kit names, loaded and checked like the folder's own."""
    assert kit.model.profile is not None
    path = curriculum.root / kit.model.profile
    loaded, problems = load_model(path, Profile)
    return loaded, problems + check_profile(Curriculum(curriculum.root, profile=loaded))


def _variant(request: Request) -> list[str]:
    """Folder-name parts for what changes a kit's pages: another profile, another page size."""
    parts = [slug(request.profile.stem)] if request.profile is not None else []
    return parts + ([request.page_size] if request.page_size != "letter" else [])


def _lesson_sources(curriculum: Curriculum, lessons: list[Lesson]) -> list[Path]:
    ids = {lesson.id for lesson in lessons}
    return [loaded.source.path for loaded in curriculum.lessons if loaded.model.id in ids]


def _catalogs(curriculum: Curriculum, lessons: list[Lesson], languages: tuple[str, ...]) -> list[Path]:
    """The translation catalogs a kit's documents in other languages are built from."""
    from .i18n.catalogs import UNIT_DOCUMENT, catalog_path

    assert curriculum.profile is not None
    names = [UNIT_DOCUMENT, *(lesson.id for lesson in lessons)]
    return [
        path
        for language in languages
        if language != curriculum.profile.model.language
        for name in names
        if (path := catalog_path(curriculum.root, language, name)).is_file()
    ]


def _base_sources(curriculum: Curriculum, profile_path: Path | None) -> list[Path]:
    unit = [curriculum.unit.source.path] if curriculum.unit is not None else []
    return unit + ([profile_path] if profile_path is not None else [])


def saved_targets(
    curriculum: Curriculum, request: Request, wanted: list[Loaded[KitSpec]]
) -> tuple[list[Target], list[Diagnostic]]:
    """Targets of saved kits, with their own profiles unless the request names one."""
    assert curriculum.profile is not None
    targets, problems = [], []
    variant = _variant(request)
    for kit in wanted:
        spec, profile, profile_path = kit.model, curriculum.profile.model, curriculum.profile_path
        if spec.profile is not None and request.profile is None:
            loaded, found = _kit_profile(kit, curriculum)
            problems += found
            if loaded is None:
                continue
            profile, profile_path = loaded.model, loaded.source.path
        lessons = kit_lessons(spec, curriculum)
        formats = tuple(f for f in FORMATS if f in (request.formats or spec.formats))
        targets.append(
            Target(
                id="-".join([spec.id, *variant]),
                title=spec.title,
                lessons=tuple(lessons),
                profile=profile,
                profile_file=profile_path,
                documents=tuple(doc for doc in DOCUMENTS if doc in spec.documents),
                formats=formats,
                page_size=request.page_size,
                languages=tuple(spec.languages),
                titles=dict(spec.titles),
                saved=not variant,
                sources=(
                    *_base_sources(curriculum, profile_path),
                    kit.source.path,
                    *_lesson_sources(curriculum, lessons),
                    *_catalogs(curriculum, lessons, tuple(spec.languages)),
                ),
            )
        )
    return targets, problems


def _ad_hoc_title(curriculum: Curriculum, grades: tuple[int, ...], lessons: list[Lesson]) -> str:
    bands = curriculum.unit.model.grade_bands if curriculum.unit is not None else []
    band = next((b.label for b in bands if sorted(b.grades) == sorted(grades)), None)
    if grades and band is None:
        band = f"Grade {grades[0]}" if len(grades) == 1 else f"Grades {', '.join(map(str, grades))}"
    if not grades and len(lessons) == len(curriculum.lessons):
        return "All lessons"
    numbers = ", ".join(str(lesson.number) for lesson in lessons)
    chosen = f"lesson{'s' * (len(lessons) != 1)} {numbers}"
    return (
        f"{band}: {chosen}"
        if band and len(lessons) < len(curriculum.lessons)
        else band or chosen.capitalize()
    )


def ad_hoc_target(curriculum: Curriculum, request: Request) -> tuple[list[Target], list[Diagnostic]]:
    """One kit of the lessons a trainer picked by grade or id; its folder name says which."""
    assert curriculum.profile is not None
    try:
        lessons = select([loaded.model for loaded in curriculum.lessons], request.grades, request.lessons)
    except SelectionError as exc:
        return [], [_problem(exc.option, "selection", str(exc))]
    if request.name is not None:
        name = request.name
    else:
        parts = ["grades-" + grades_label(request.grades)] if request.grades else []
        if request.lessons:
            parts.append("lessons-" + "-".join(f"{lesson.number:02d}" for lesson in lessons))
        if not parts:  # every lesson of a curriculum without saved kits
            parts = [curriculum.unit.model.id if curriculum.unit else "kit"]
        if request.languages and request.languages != (curriculum.profile.model.language,):
            parts.append("-".join(request.languages))
        name = "-".join([*parts, *_variant(request)])
    title = _ad_hoc_title(curriculum, request.grades, lessons)
    languages = request.languages or (curriculum.profile.model.language,)
    target = Target(
        id=name,
        title=title,
        lessons=tuple(lessons),
        profile=curriculum.profile.model,
        profile_file=curriculum.profile_path,
        documents=DOCUMENTS,
        formats=tuple(f for f in FORMATS if f in (request.formats or FORMATS)),
        page_size=request.page_size,
        languages=languages,
        titles={},
        saved=False,
        sources=(
            *_base_sources(curriculum, curriculum.profile_path),
            *_lesson_sources(curriculum, lessons),
            *_catalogs(curriculum, lessons, languages),
        ),
    )
    return [target], []


def resolve(curriculum: Curriculum, request: Request) -> tuple[list[Target], list[Diagnostic]]:
    """The kits a request builds (the curriculum has loaded without errors)."""
    if request.kits and (request.grades or request.lessons):
        return [], [
            _problem(
                "--kit",
                "selection",
                "--kit builds a saved kit; it cannot be combined with --grades or --lesson",
                "drop --kit to build an ad-hoc kit, or drop --grades/--lesson",
            )
        ]
    if request.name is not None and not (request.grades or request.lessons):
        return [], [
            _problem("--name", "selection", "--name names an ad-hoc kit; give --grades or --lesson too")
        ]
    if request.name is not None and not re.match(ID_PATTERN, request.name):
        return [], [
            _problem(
                "--name",
                "selection",
                f"'{request.name}' cannot name a folder",
                "use lowercase letters, digits and hyphens, e.g. 'district-9-10'",
            )
        ]
    if request.languages and not (request.grades or request.lessons):
        return [], [
            _problem(
                "--language",
                "selection",
                "--language chooses the languages of an ad-hoc kit; give --grades or --lesson too",
                "a saved kit names its languages in its file ('languages: [en, es]')",
            )
        ]
    if request.grades or request.lessons:
        return ad_hoc_target(curriculum, request)
    known = {kit.model.id: kit for kit in curriculum.kits}
    if request.kits:
        unknown = [ref for ref in request.kits if ref not in known]
        if unknown:
            close = closest(unknown[0], sorted(known))
            return [], [
                _problem(
                    "--kit",
                    "unknown-kit",
                    f"no kit '{unknown[0]}'" + (f"; did you mean {close}?" if close else ""),
                    f"saved kits: {', '.join(sorted(known))} ('kitgen kits' lists them)"
                    if known
                    else f"this curriculum has no saved kits in {kits_folder_display(curriculum.root)}/",
                )
            ]
        return saved_targets(curriculum, request, [known[ref] for ref in dict.fromkeys(request.kits)])
    if not known:  # a curriculum without saved kits builds all its lessons as one kit
        return ad_hoc_target(curriculum, request)
    return saved_targets(curriculum, request, list(known.values()))

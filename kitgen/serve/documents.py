"""Which documents the preview shows, each with the key of its inputs and how to compose it.

They are the documents ``kitgen build`` makes for a kit of every lesson, from the same list
(``compose.kit_documents``): the facilitator guide; per lesson its student handout, printed
readings, worksheets and card sets, role cards and survey; the family letter, the consent form
(opt-in) and each lesson's family sheet; then the student and family documents again in every
other language the saved kits name, translated from the catalogs. A refused language keeps its documents, each holding the located errors instead.
A document's key hashes the models it reads, so an edit recomposes only the documents it changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from .. import doctree as d
from ..build import document_date, with_review_note
from ..compose import KitScope, LanguageStatus, Settings, facilitator_guide
from ..compose.kit_documents import KitDocument, family_documents, student_documents
from ..diagnostics import Diagnostic, Severity
from ..i18n.catalogs import translations_dir
from ..i18n.translate import language_name
from ..kits import kit_lessons
from ..loader import Curriculum
from ..model import Lesson, Node, Profile, Unit
from ..strings import Strings, load_strings
from ..translated import Language, source_language, translated_language

SCOPE_TITLE = "All lessons"
"""The preview shows the whole curriculum: titled as the saved kit that holds every lesson, if
there is one, else as an ad-hoc kit of every lesson is."""


class Planned(NamedTuple):
    """A document to show: its URL name, label, input key, and how to compose it, or the
    problems that refuse it (its language's translation)."""

    name: str
    label: str
    key: str
    compose: Callable[[], d.Document] | None
    strings: Strings | None
    stem: str
    """Its file name in a build of the kit, without folder and format (the guide lists these)."""
    language: str
    problems: tuple[Diagnostic, ...] = ()


def key(*parts: str | bytes) -> str:
    """sha256 over the parts, each ended by a NUL."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part.encode() if isinstance(part, str) else part) + b"\0")
    return digest.hexdigest()


def model_key(model: Node) -> str:
    return key(type(model).__name__, model.model_dump_json())


IMAGES = frozenset({".png", ".jpg", ".jpeg"})


def folder_hash(folder: Path, suffixes: frozenset[str] | None = None) -> str:
    """Every file's name and bytes under ``folder`` (only those with ``suffixes``, when given): a
    template edit, or a new version of an image a lesson shows, changes every document."""
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and (suffixes is None or p.suffix.lower() in suffixes)
    )
    return key(*(part for path in files for part in (path.relative_to(folder).as_posix(), path.read_bytes())))


class Translations:
    """Each language's translated models, kept while its inputs are unchanged (the English
    models, its catalogs, the templates): translating takes a few tenths of a second."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, Language]] = {}

    def language(self, s: Scope, code: str, english: Strings) -> Language:
        inputs = key(
            s.shared,
            folder_hash(translations_dir(s.root)),
            model_key(s.unit),
            *map(model_key, s.lessons),
        )
        kept = self._kept.get(code)
        if kept is None or kept[0] != inputs:
            found = translated_language(s.root, code, s.unit, s.lessons, s.templates, english, strict=False)
            kept = self._kept[code] = (inputs, found)
        return kept[1]


@dataclass(frozen=True)
class Scope:
    """What every document shares: the kit of every lesson, its languages, and the other inputs."""

    root: Path
    templates: Path
    unit: Unit
    profile: Profile
    lessons: tuple[Lesson, ...]
    title: str
    kit_id: str
    titles: dict[str, str]
    languages: tuple[str, ...]
    date: str
    page_size: str
    shared: str
    """The hash of the templates folder, the curriculum's images and the page size."""


def scope(curriculum: Curriculum, templates: Path, page_size: str, shared: str) -> Scope:
    """The saved kit that holds every lesson (its title, languages and titles), else every kit's
    languages under an ad-hoc title."""
    assert curriculum.unit is not None and curriculum.profile is not None
    unit, profile = curriculum.unit.model, curriculum.profile.model
    lessons = tuple(sorted((loaded.model for loaded in curriculum.lessons), key=lambda x: x.number))
    every = {lesson.id for lesson in lessons}
    whole = next(
        (k.model for k in curriculum.kits if {x.id for x in kit_lessons(k.model, curriculum)} == every), None
    )
    if whole is not None:
        title, kit_id, titles, languages = whole.title, whole.id, dict(whole.titles), tuple(whole.languages)
    else:
        named = sorted({code for k in curriculum.kits for code in k.model.languages} - {profile.language})
        title, kit_id, titles, languages = SCOPE_TITLE, unit.id, {}, (profile.language, *named)
    return Scope(
        curriculum.root,
        templates,
        unit,
        profile,
        lessons,
        title,
        kit_id,
        titles,
        languages,
        document_date(unit.edition),
        page_size,
        shared,
    )


def plan(s: Scope, translations: Translations) -> list[Planned]:
    """Every document in the order a reader meets them, the guide first."""
    english = load_strings(s.templates, s.profile.language)
    languages = [
        source_language(code, s.unit, s.lessons, english)
        if code == s.profile.language
        else translations.language(s, code, english)
        for code in s.languages
    ]
    documents: list[Planned] = []
    statuses: list[LanguageStatus] = []
    for language in languages:
        student, family = _language_documents(s, language)
        documents += student + family
        if language.status is not None:  # the guide lists a translation's files as a build names them
            stems = (*(x.stem for x in student), *_copy_room(s, language), *(x.stem for x in family))
            statuses.append(replace(language.status, documents=() if language.refused else stems))
    every = key(s.shared, s.title, model_key(s.unit), model_key(s.profile), *map(model_key, s.lessons))
    settings = Settings(date=s.date, page_size=s.page_size, language=s.profile.language)
    kit = KitScope(title=s.title, curriculum_lessons=len(s.lessons), translations=tuple(statuses))
    guide = Planned(
        "guide",
        "Facilitator guide",
        key("guide", every, repr(statuses)),
        lambda: facilitator_guide(s.unit, s.profile, list(s.lessons), english, settings, scope=kit),
        english,
        f"{_prefix(s)}-facilitator-guide",
        s.profile.language,
    )
    return [guide, *documents]


def _prefix(s: Scope) -> str:
    return s.unit.id if s.kit_id == s.unit.id else f"{s.unit.id}-{s.kit_id}"


def _copy_room(s: Scope, language: Language) -> tuple[str, ...]:
    """The copy-room PDF of all handouts a build adds (not previewed: it is the handouts again)."""
    if len(s.lessons) < 2:
        return ()
    return (f"{_prefix(s)}-student-handouts-all-{language.code}",)


def _language_documents(s: Scope, language: Language) -> tuple[list[Planned], list[Planned]]:
    """One language's student documents and its family documents; a refused language's hold its
    problems."""
    source = language.code == s.profile.language
    code = language.code
    end = "" if source else f"-{code}"
    suffix = "" if source else f" ({language_name(language.code)})"
    unit = language.unit or s.unit
    lessons = {lesson.id: lesson for lesson in language.lessons}
    strings = language.strings if not language.refused else None
    settings = Settings(date=s.date, page_size=s.page_size, language=language.code)
    status = language.status
    reviewed = repr((status.reviewer, status.reviewed_on)) if status is not None else ""  # the note
    profile = s.profile.in_language(language.code)
    base = key(s.shared, language.code, model_key(unit), model_key(profile), reviewed)
    refused = tuple(p for p in language.diagnostics if p.severity is Severity.ERROR)

    def planned(document: KitDocument, name: str, label: str) -> Planned:
        if strings is None:
            problems = key("refused", *map(str, refused))
            return Planned(
                name + end, label + suffix, problems, None, None, document.stem + end, code, refused
            )
        given, make, kind = strings, document.make, document.kind

        def compose() -> d.Document:
            doc = make(given, settings)
            assert doc is not None, "listed only when it is made"
            return with_review_note(doc, language, kind)

        parts = (kit.title, *map(model_key, document.lessons))  # the letter names the kit
        return Planned(
            name + end, label + suffix, key(name, base, *parts), compose, strings, document.stem + end, code
        )

    english = {lesson.id: lesson for lesson in s.lessons}
    ordered = [lessons.get(lesson.id, lesson) for lesson in s.lessons]
    kit = KitScope(title=s.titles.get(language.code, s.title), curriculum_lessons=len(s.lessons))
    student = [
        planned(document, *_student_name(document, english[document.lessons[0].id]))
        for document in student_documents(unit, profile, ordered)
    ]
    family = [
        planned(document, *_family_name(document, english))
        for document in family_documents(unit, profile, ordered, kit, _prefix(s))
    ]
    return student, family


def _student_name(document: KitDocument, english: Lesson) -> tuple[str, str]:
    """A student document's URL name and label, from the curriculum's own lesson."""
    n = english.number
    if document.kind == "handout":
        return f"handout-{n:02d}-{english.id}", f"Student handout, lesson {n}: {english.title}"
    if document.material is not None:
        title = next(m.title for m in english.student_materials if m.id == document.material)
        return f"material-{n:02d}-{document.material}", f"{title}, lesson {n}"
    if document.kind == "role-cards":
        return f"role-cards-{n:02d}", f"Role cards, lesson {n}"
    return f"survey-{n:02d}", f"Survey, lesson {n}"


def _family_name(document: KitDocument, english: dict[str, Lesson]) -> tuple[str, str]:
    """A family document's URL name and label, from the curriculum's own lessons."""
    if document.kind == "letter":
        return "letter", "Letter to families"
    if document.kind == "consent-form":
        return "consent-form", "Consent form"
    lesson = english[document.lessons[0].id]
    return (
        f"family-sheet-{lesson.number:02d}-{lesson.id}",
        f"Family sheet, lesson {lesson.number}: {lesson.title}",
    )

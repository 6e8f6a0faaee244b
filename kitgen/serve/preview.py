"""The documents of the live preview, recomposed only when their inputs change.

Every refresh validates the whole curriculum (cross-file rules need all of it), then composes
the facilitator guide, one handout per lesson and the family letter exactly as ``kitgen build``
does. Each document is kept under a key made of what it is composed from (the models it reads,
the templates folder's bytes, the date and page size), so saving one lesson recomposes and
re-renders only the guide, that lesson's handout and the letter; the other handouts are reused.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import jinja2

from .. import doctree as d
from ..build import document_date
from ..compose import KitScope, Settings, facilitator_guide, family_letter, student_handout
from ..diagnostics import Diagnostic, describe, display_path, error, has_errors
from ..kits import kit_lessons
from ..loader import Curriculum
from ..model import Lesson, Node, Profile, Unit
from ..strings import Strings, StringsError, load_strings
from ..validate import validate_folder
from ..writers.html import render_html

SCOPE_TITLE = "All lessons"
"""The preview shows the whole curriculum: titled as the saved kit that holds every lesson, if
there is one, else as an ad-hoc kit of every lesson is."""


@dataclass(frozen=True)
class PreviewDocument:
    """One document as the preview shows it: its tree (for the PDF and DOCX) and its HTML."""

    name: str
    """The URL name: ``guide``, ``handout-03-force-fraud-coercion``, ``letter``."""
    label: str
    key: str
    """The hash of everything it was composed from; equal keys, equal documents."""
    tree: d.Document
    html: str


@dataclass(frozen=True)
class Snapshot:
    """The state after one refresh: the documents, or the problems that stop them."""

    documents: dict[str, PreviewDocument]
    diagnostics: list[Diagnostic]
    changed: tuple[str, ...]
    """Names of the documents composed in this refresh (the others were reused)."""
    seconds: float

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)

    def token(self, name: str) -> str:
        """What the open page ``name`` was made from: it reloads when this differs."""
        if self.failed:
            problems = "\n".join(p.as_text() for p in sorted(self.diagnostics))
            return "errors-" + hashlib.sha256(problems.encode()).hexdigest()[:16]
        if name == "index":
            listed = "\n".join(f"{doc.name} {doc.label}" for doc in self.documents.values())
            return "index-" + hashlib.sha256(listed.encode()).hexdigest()[:16]
        doc = self.documents.get(name)
        return doc.key[:16] if doc else "missing"


def _hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part.encode() if isinstance(part, str) else part) + b"\0")
    return digest.hexdigest()


def _model_hash(model: Node) -> str:
    return _hash(type(model).__name__, model.model_dump_json())


IMAGES = frozenset({".png", ".jpg", ".jpeg"})


def folder_hash(folder: Path, suffixes: frozenset[str] | None = None) -> str:
    """Every file's name and bytes under ``folder`` (only those with ``suffixes``, when given): a
    template edit, or a new version of an image a lesson shows, changes every document."""
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and (suffixes is None or p.suffix.lower() in suffixes)
    )
    return _hash(
        *(part for path in files for part in (path.relative_to(folder).as_posix(), path.read_bytes()))
    )


def _scope_title(curriculum: Curriculum, lessons: list[Lesson]) -> str:
    every = {lesson.id for lesson in lessons}
    whole = (
        k.model.title for k in curriculum.kits if {x.id for x in kit_lessons(k.model, curriculum)} == every
    )
    return next(whole, SCOPE_TITLE)


class _Planned(NamedTuple):
    """A document to show: its URL name and label, the key of its inputs, and how to compose it."""

    name: str
    label: str
    key: str
    compose: Callable[[], d.Document]
    strings: Strings


def _lesson_label(lesson: Lesson) -> str:
    return f"Student handout, lesson {lesson.number}: {lesson.title}"


class Preview:
    """Composes the preview's documents from a curriculum folder and keeps them between refreshes."""

    def __init__(self, lessons: Path, templates: Path, page_size: str = "letter") -> None:
        self.lessons, self.templates, self.page_size = lessons, templates, page_size
        self._kept: dict[str, PreviewDocument] = {}
        self.snapshot = Snapshot({}, [], (), 0.0)

    def refresh(self, publish: Callable[[], None] | None = None) -> Snapshot:
        """Validate, compose what changed, and keep the result as ``self.snapshot``.

        The guide, the largest document, is composed last. With ``publish``, each document
        recomposed before it is shown at once: ``self.snapshot`` then holds it beside the previous
        versions of those still to come (whose pages keep their token), and ``publish`` is called.
        """
        started = time.monotonic()
        curriculum, problems = validate_folder(self.lessons)
        documents: dict[str, PreviewDocument] = {}
        changed: list[str] = []
        if not has_errors(problems) and curriculum.unit is not None and curriculum.profile is not None:
            unit, profile = curriculum.unit.model, curriculum.profile.model
            lessons = sorted((loaded.model for loaded in curriculum.lessons), key=lambda x: x.number)
            try:
                plan = self._plan(unit, profile, lessons, _scope_title(curriculum, lessons))
                stale = [item for item in plan if item.key != getattr(self._kept.get(item.name), "key", None)]
                for item in sorted(stale, key=lambda item: item.name == "guide"):
                    tree = item.compose()
                    html = render_html(tree, self.templates, item.strings)
                    documents[item.name] = PreviewDocument(item.name, item.label, item.key, tree, html)
                    changed.append(item.name)
                    if publish is not None and len(changed) < len(stale) and not self.snapshot.failed:
                        self.snapshot = self._snapshot(plan, documents, problems, changed, started)
                        publish()
                documents = {item.name: documents.get(item.name) or self._kept[item.name] for item in plan}
            except Exception as exc:  # a district's template or string table, or a composer bug
                problems = [*problems, self._failure(exc)]
                documents, changed = {}, []
        if documents:
            self._kept = documents
        self.snapshot = Snapshot(documents, problems, tuple(changed), time.monotonic() - started)
        return self.snapshot

    def _snapshot(
        self,
        plan: list[_Planned],
        documents: dict[str, PreviewDocument],
        problems: list[Diagnostic],
        changed: list[str],
        started: float,
    ) -> Snapshot:
        """Part way through a refresh: the documents done, and the previous versions of the rest."""
        shown = {item.name: documents.get(item.name) or self._kept.get(item.name) for item in plan}
        return Snapshot(
            {name: doc for name, doc in shown.items() if doc is not None},
            problems,
            tuple(changed),
            time.monotonic() - started,
        )

    def _plan(self, unit: Unit, profile: Profile, lessons: list[Lesson], title: str) -> list[_Planned]:
        """Each document's name, label, input key and composer, in the order a reader meets them."""
        strings = load_strings(self.templates, profile.language)
        settings = Settings(date=document_date(unit.edition), page_size=self.page_size)
        scope = KitScope(title=title, curriculum_lessons=len(lessons))
        shared = _hash(
            folder_hash(self.templates),
            folder_hash(self.lessons, IMAGES),
            repr(settings),
            _model_hash(unit),
            _model_hash(profile),
        )
        every = _hash(shared, title, *(_model_hash(lesson) for lesson in lessons))
        plan = [
            _Planned(
                "guide",
                "Facilitator guide",
                _hash("guide", every),
                lambda: facilitator_guide(unit, profile, lessons, strings, settings, scope=scope),
                strings,
            )
        ]
        for lesson in lessons:
            plan.append(
                _Planned(
                    f"handout-{lesson.number:02d}-{lesson.id}",
                    _lesson_label(lesson),
                    _hash("handout", shared, _model_hash(lesson)),
                    lambda lesson=lesson: student_handout(unit, profile, lesson, strings, settings),  # type: ignore[misc]
                    strings,
                )
            )
        plan.append(
            _Planned(
                "letter",
                "Letter to families",
                _hash("letter", every),
                lambda: family_letter(unit, profile, lessons, scope, strings, settings),
                strings,
            )
        )
        return plan

    def _failure(self, exc: Exception) -> Diagnostic:
        """An error while composing or templating, located when the exception knows where."""
        if isinstance(exc, StringsError):
            return exc.diagnostic
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where = self.templates / (exc.name or "document.html")
            return error(
                display_path(where),
                exc.lineno,
                1,
                "template",
                exc.message or describe(exc),
                "fix the template; the preview comes back when it parses",
            )
        return error(
            display_path(self.lessons),
            0,
            0,
            "compose-failed",
            f"the preview could not be composed: {describe(exc)}",
            "this is a bug in kitgen or its templates; please report it with the lessons that caused it",
        )

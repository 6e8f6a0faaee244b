"""The documents of the live preview, recomposed only when their inputs change.

Every refresh validates the whole curriculum (cross-file rules need all of it), then composes
the documents ``documents.plan`` lists exactly as ``kitgen build`` does. Each document is kept
under a key made of what it is composed from (the models it reads, the templates folder's bytes,
the date and page size), so saving one lesson recomposes and re-renders only the guide, that
lesson's documents and the family letters; the other lessons' documents are reused.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import doctree as d
from ..diagnostics import Diagnostic, describe, display_path, error, has_errors
from ..strings import StringsError
from ..validate import validate_folder
from ..writers.html import render_html
from .documents import IMAGES, Planned, Translations, folder_hash, key, scope
from .documents import plan as plan_documents


@dataclass(frozen=True)
class PreviewDocument:
    """One document as the preview shows it: its tree (for the PDF and DOCX) and its HTML."""

    name: str
    """The URL name: ``guide``, ``handout-03-force-fraud-coercion``, ``letter``, ``letter-es``."""
    label: str
    key: str
    """The hash of everything it was composed from; equal keys, equal documents."""
    tree: d.Document | None
    """None when its language's translation is refused: ``problems`` say why."""
    html: str
    language: str
    problems: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """The state after one refresh: the documents, or the problems that stop them."""

    documents: dict[str, PreviewDocument]
    diagnostics: list[Diagnostic]
    changed: tuple[str, ...]
    """Names of the documents composed in this refresh (the others were reused)."""
    seconds: float
    refusals: frozenset[Diagnostic] = frozenset()
    """Those of ``diagnostics`` that refuse one language's documents (their pages show them),
    not the preview."""

    @property
    def failed(self) -> bool:
        return has_errors(p for p in self.diagnostics if p not in self.refusals)

    def token(self, name: str) -> str:
        """What the open page ``name`` was made from: it reloads when this differs."""
        if self.failed:
            problems = "\n".join(p.as_text() for p in sorted(self.diagnostics))
            return "errors-" + hashlib.sha256(problems.encode()).hexdigest()[:16]
        if name == "index":
            listed = "\n".join(f"{d.name} {d.label} {d.tree is None}" for d in self.documents.values())
            return "index-" + hashlib.sha256(listed.encode()).hexdigest()[:16]
        doc = self.documents.get(name)
        return doc.key[:16] if doc else "missing"


def _made(item: Planned, templates: Path) -> PreviewDocument:
    """The planned document composed and rendered, or holding the problems that refuse it."""
    if item.compose is None or item.strings is None:
        return PreviewDocument(item.name, item.label, item.key, None, "", item.language, item.problems)
    tree = item.compose()
    html = render_html(tree, templates, item.strings)
    return PreviewDocument(item.name, item.label, item.key, tree, html, item.language)


class Preview:
    """Composes the preview's documents from a curriculum folder and keeps them between refreshes."""

    def __init__(
        self, lessons: Path, templates: Path, page_size: str = "letter", profile: Path | None = None
    ) -> None:
        self.lessons, self.templates, self.page_size, self.profile = lessons, templates, page_size, profile
        self._kept: dict[str, PreviewDocument] = {}
        self._translations = Translations()
        self.snapshot = Snapshot({}, [], (), 0.0)

    def refresh(self, publish: Callable[[], None] | None = None) -> Snapshot:
        """Validate, compose what changed, and keep the result as ``self.snapshot``.

        The guide, the largest document, is composed last. With ``publish``, each document
        recomposed before it is shown at once: ``self.snapshot`` then holds it beside the previous
        versions of those still to come (whose pages keep their token), and ``publish`` is called.
        """
        started = time.monotonic()
        curriculum, problems = validate_folder(self.lessons, self.profile)
        refusals = frozenset(curriculum.translations)
        documents: dict[str, PreviewDocument] = {}
        changed: list[str] = []
        blocking = has_errors(p for p in problems if p not in refusals)
        if not blocking and curriculum.unit is not None and curriculum.profile is not None:
            try:
                shared = key(folder_hash(self.templates), folder_hash(self.lessons, IMAGES), self.page_size)
                plan = plan_documents(
                    scope(curriculum, self.templates, self.page_size, shared), self._translations
                )
                stale = [item for item in plan if item.key != getattr(self._kept.get(item.name), "key", None)]
                for item in sorted(stale, key=lambda item: item.name == "guide"):
                    documents[item.name] = _made(item, self.templates)
                    changed.append(item.name)
                    if publish is not None and len(changed) < len(stale) and not self.snapshot.failed:
                        self.snapshot = self._snapshot(plan, documents, problems, refusals, changed, started)
                        publish()
                documents = {item.name: documents.get(item.name) or self._kept[item.name] for item in plan}
            except Exception as exc:  # a district's template or string table, or a composer bug
                problems = [*problems, self._failure(exc)]
                documents, changed = {}, []
        if documents:
            self._kept = documents
        self.snapshot = Snapshot(documents, problems, tuple(changed), time.monotonic() - started, refusals)
        return self.snapshot

    def _snapshot(
        self,
        plan: list[Planned],
        documents: dict[str, PreviewDocument],
        problems: list[Diagnostic],
        refusals: frozenset[Diagnostic],
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
            refusals,
        )

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

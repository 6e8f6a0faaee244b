"""What a built kit is made of, as the packaging steps see it: its facts and its files.

The build composes and renders; everything after that (manifest, README, zip, catalog,
publishing) reads only these records, so packaging never needs the lesson models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Audience = Literal["facilitator", "student", "family"]
FileKind = Literal[
    "guide",
    "handout",
    "material",
    "group-material",
    "card-set",
    "role-cards",
    "survey",
    "handouts-all",
    "letter",
    "consent-form",
    "family-sheet",
]
"""In the order a kit lists them. A printed student material is a ``material`` when each student
gets a copy, a ``group-material`` when a pair, a group or the class shares one (its ``per``)."""
Format = Literal["pdf", "docx"]


@dataclass(frozen=True)
class LessonEntry:
    """One lesson of a kit, as the catalog and the manifest list it."""

    id: str
    number: int
    title: str
    grades: tuple[int, ...]
    minutes: int
    """The length of the lesson (its class period) in minutes, as the guide states it."""


@dataclass(frozen=True)
class KitInfo:
    """The facts of one kit."""

    id: str
    """Folder name under the output folder, e.g. 'grades-9-10'."""
    title: str
    grades: tuple[int, ...]
    band: str | None
    """The grade band label ('Grades 9–10') when all the kit's lessons fall in one band of the unit."""
    lessons: tuple[LessonEntry, ...]
    """In the kit's order."""
    unit_title: str
    edition: str
    date: str
    """The documents' date (YYYY-MM-DD): also the fixed timestamp of the zip's entries."""
    sources_sha256: str
    """Hash of every source file the kit was built from (lessons, unit, profile, kit file, templates)."""
    kitgen_version: str
    saved: bool
    """True for a kit defined in the curriculum's kits folder; False for an ad-hoc trainer build."""
    languages: tuple[str, ...] = ("en",)
    """Languages of the student and family documents, the curriculum's own first when built."""


@dataclass(frozen=True)
class KitFile:
    """One rendered file of a kit."""

    path: str
    """Relative POSIX path inside the kit folder, e.g. 'student/ht-awareness-lesson-01-…-student-handout.pdf'."""
    audience: Audience
    kind: FileKind
    format: Format
    data: bytes
    pages: int | None
    """PDF: its page count. DOCX: the page count of the PDF rendered from the same tree (a word
    processor may differ by a page); None when no PDF of it was built."""
    lessons: tuple[str, ...]
    """Ids of the lessons the file covers, in the kit's order."""
    sources_sha256: str | None = None
    """The sources hash of the build that made this file, when that was an earlier build than the
    kit's (a file of another format kept by a partial build); None: made with the kit."""
    title: str | None = None
    """The document's own title where its kind does not say it (a reading, a card set)."""
    language: str = "en"
    """The language the document is written in (a file in another language says so in its name)."""

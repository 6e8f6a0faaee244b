"""``index.html`` of the output folder: an offline catalog of every kit built there.

Built from the kits' manifests alone (so it lists exactly what is on the disk, whichever builds
made it), and opened from ``file://`` on a laptop with no network: one static page, no
JavaScript, no outside resource, every link relative. Kits are grouped by grade band; kits
spanning bands (the whole unit) come first. The page's words and look are in
``templates/catalog.html``, which a district's ``templates/`` folder may replace.
"""

from __future__ import annotations

import importlib.resources
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, get_args
from urllib.parse import quote

import jinja2

from .kitfiles import Audience, FileKind
from .manifest import read_manifest
from .strings import language_name

TEMPLATE = "catalog.html"
AUDIENCES = get_args(Audience)
KINDS = get_args(FileKind)
FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Download:
    href: str
    format: str
    size: str


@dataclass(frozen=True)
class Row:
    """One document of a kit, in every format it was built in."""

    kind: str
    audience: str
    lesson: dict[str, Any] | None
    """The lesson of a one-lesson document."""
    name: str
    """What its file is called after the lesson's number: a student material's id, e.g. 'myth-cards'."""
    pages: int | None
    approximate: bool
    """Pages counted on the PDF of a document that is only here as DOCX."""
    downloads: tuple[Download, ...]
    language: str = "en"
    language_name: str = ""
    """The document's language in English words ('Spanish') when it is not English, else ''."""


@dataclass(frozen=True)
class Kit:
    id: str
    title: str
    grades: list[int]
    minutes: int
    edition: str
    saved: bool
    lessons: tuple[dict[str, Any], ...]
    rows: tuple[Row, ...]
    zip: Download | None


@dataclass(frozen=True)
class Group:
    label: str
    kits: tuple[Kit, ...]


def write_catalog(out: Path, templates: Path | None = None) -> Path:
    """Write ``out/index.html`` from every kit manifest under ``out`` (atomically) and return its path.
    ``templates`` is a district's folder whose ``catalog.html`` replaces the shipped one."""
    manifests = [
        manifest
        for folder in sorted(out.iterdir())
        if folder.is_dir() and not folder.name.startswith(".")
        for manifest in [read_manifest(folder / "manifest.json")]
        if manifest is not None and manifest["kit"] == folder.name
    ]
    units = {manifest["unit_title"] for manifest in manifests}
    html = (
        _environment(templates)
        .get_template(TEMPLATE)
        .render(
            unit_title=units.pop() if len(units) == 1 else None,
            groups=_groups([_kit(out, manifest) for manifest in manifests], manifests),
            version=max((manifest["kitgen_version"] for manifest in manifests), default=None),
        )
    )
    target = out / "index.html"
    handle, temporary = tempfile.mkstemp(prefix=".kitgen-tmp-", suffix=".html", dir=out)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(html.encode("utf-8"))
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def _environment(templates: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(shipped_templates()))]
    if templates is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(templates)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def shipped_templates() -> Path:
    try:
        return Path(str(importlib.resources.files("kitgen.templates")))
    except ModuleNotFoundError:  # a source checkout on sys.path ahead of the installed package
        return Path(__file__).resolve().parent.parent / "templates"


def _groups(kits: list[Kit], manifests: list[dict[str, Any]]) -> list[Group]:
    """Kits spanning grade bands first, then one group per band, from the lowest grades up;
    in a group, the curriculum's saved kits before trainers' own selections."""
    bands: dict[str | None, list[tuple[tuple[int, ...], Kit]]] = {}
    for kit, manifest in zip(kits, manifests, strict=True):
        bands.setdefault(manifest["band"], []).append((tuple(manifest["grades"]), kit))
    order = sorted(bands, key=lambda band: (band is not None, min(min(g or (0,)) for g, _ in bands[band])))
    return [
        Group(
            band or "Kits for more than one grade band",
            tuple(
                kit
                for _, kit in sorted(
                    bands[band], key=lambda item: (not item[1].saved, item[0], item[1].title)
                )
            ),
        )
        for band in order
    ]


def _kit(out: Path, manifest: dict[str, Any]) -> Kit:
    kit = manifest["kit"]
    lessons = {lesson["id"]: lesson for lesson in manifest["lessons"]}
    documents: dict[str, list[dict[str, Any]]] = {}
    for entry in manifest["files"]:
        if (out / kit / entry["path"]).is_file():
            documents.setdefault(entry["path"].rsplit(".", 1)[0], []).append(entry)
    rows = [_row(kit, entries, lessons) for entries in documents.values()]
    rows.sort(key=_row_order)
    archive = out / f"{kit}.zip"
    return Kit(
        id=kit,
        title=manifest["title"],
        grades=manifest["grades"],
        minutes=sum(lesson["minutes"] for lesson in manifest["lessons"]),
        edition=manifest["edition"],
        saved=manifest["saved"],
        lessons=tuple(manifest["lessons"]),
        rows=tuple(rows),
        zip=Download(quote(archive.name), "zip", size_label(archive.stat().st_size))
        if archive.is_file()
        else None,
    )


def _row_order(row: Row) -> tuple[int, bool, int, int, bool, str, str]:
    """Facilitator, student, family; in each, the documents of the whole kit (the guide, the
    letter, the consent form), then each lesson's in lesson order (its handout, its materials,
    role cards and survey, or its take-home sheet), and all handouts in one file last; a
    translated document right after the English one."""
    number = row.lesson["number"] if row.lesson is not None else 0
    return (
        AUDIENCES.index(row.audience),
        row.kind == "handouts-all",
        number,
        KINDS.index(row.kind),
        row.language != "en",
        row.language,
        row.name,
    )


def _row(kit: str, entries: list[dict[str, Any]], lessons: dict[str, dict[str, Any]]) -> Row:
    entries.sort(key=lambda entry: FORMATS.index(entry["format"]))
    first = entries[0]
    ids = first["lessons"]
    language = first["language"] if isinstance(first.get("language"), str) else "en"
    return Row(
        kind=first["kind"],
        audience=first["audience"],
        lesson=lessons.get(ids[0]) if len(ids) == 1 else None,
        name=first["title"]
        if isinstance(first.get("title"), str)
        else re.sub(r"^.*-lesson-\d+-", "", PurePosixPath(first["path"]).stem),
        pages=first["pages"],
        approximate=first["format"] != "pdf",
        downloads=tuple(
            Download(quote(f"{kit}/{entry['path']}"), entry["format"], size_label(entry["bytes"]))
            for entry in entries
        ),
        language=language,
        language_name="" if language == "en" else language_name(language, "en"),
    )


def size_label(size: int) -> str:
    """Decimal units, as file managers show them: '820 bytes', '53 KB', '1.9 MB' (the number
    never parted from its unit at a line end)."""
    if size < 1000:
        return f"{size}\u00a0bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)}\u00a0KB"
    return f"{size / 1_000_000:.1f}\u00a0MB"

"""``kitgen init DIR``: a new curriculum project to start from, with the shipped unit as its example.

DIR receives ``lessons/`` (the unit, its district profile with FILL IN values, the lessons and
the saved kits), ``schemas/`` (the JSON Schemas the files' first-line modelines point to) and
``.vscode/`` settings that map the same schemas for the YAML extension, so that ``kitgen
validate`` and ``kitgen build`` work in DIR at once and an editor completes and checks fields.
"""

from __future__ import annotations

import json
from pathlib import Path

from .loader import UNIT_FILE
from .schemas import KINDS, schema_json

LESSONS_FOLDER = "lessons"

EDITOR_SCHEMAS = {
    "./schemas/lesson.schema.json": ["lessons/[0-9]*.yaml"],
    "./schemas/unit.schema.json": ["lessons/unit.yaml"],
    "./schemas/profile.schema.json": ["lessons/profile.yaml"],
    "./schemas/kit.schema.json": ["lessons/kits/*.yaml"],
}
"""The Red Hat YAML extension's ``yaml.schemas``: schema (relative to DIR) → the files it checks."""


def curriculum_folder(folder: Path) -> Path:
    """The curriculum in ``folder``: its ``lessons/`` when it is a project made by ``init`` (no
    unit at its top, one in ``lessons/``), else ``folder`` itself."""
    inner = folder / LESSONS_FOLDER
    if not (folder / UNIT_FILE).is_file() and (inner / UNIT_FILE).is_file():
        return inner
    return folder


class InitError(Exception):
    """DIR cannot take a new project: nothing was written."""


def example_folder() -> Path:
    """The shipped unit: package data of an installed kitgen (``kitgen/example``), or the
    repository's ``lessons/`` when kitgen runs from a source checkout."""
    package = Path(__file__).resolve().parent
    packaged = package / "example"
    return packaged if packaged.is_dir() else package.parent / "lessons"


def _example_files(root: Path) -> dict[str, bytes]:
    """Every file of the curriculum folder ``root`` (lessons, unit, profile, kits, translations,
    images) by relative path; hidden files and Python's caches are not the curriculum's."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not any(part.startswith((".", "__")) for part in path.relative_to(root).parts)
    }


def project_files() -> dict[str, bytes]:
    """Every file of a new project, by path relative to its folder."""
    files = {f"{LESSONS_FOLDER}/{name}": data for name, data in _example_files(example_folder()).items()}
    files |= {f"schemas/{kind}.schema.json": schema_json(kind).encode() for kind in KINDS}
    settings = {"yaml.schemas": EDITOR_SCHEMAS}
    files[".vscode/settings.json"] = (json.dumps(settings, indent=2) + "\n").encode()
    extensions = {"recommendations": ["redhat.vscode-yaml"]}
    files[".vscode/extensions.json"] = (json.dumps(extensions, indent=2) + "\n").encode()
    files[".gitignore"] = b"/output/\n"
    return files


def init_project(target: Path) -> list[Path]:
    """Write a new project into ``target`` (created if missing, else it must be empty); the files written.

    Refuses a file or a folder with anything in it, and never replaces a file."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} is a file; give the name of a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise InitError(
            f"{target} is not empty; kitgen init writes only into a new or empty folder, "
            "so that it never replaces a file"
        )
    files = project_files()
    written = []
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as out:  # "x": fail rather than replace a file that appeared meanwhile
            out.write(data)
        written.append(path)
    return written

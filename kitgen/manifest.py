"""A kit's manifest.json: what was built, from what, and every file with its checksum.

The manifest is what later steps trust: publishing reads the previous one to keep the files a
partial build did not replace, removing stale kits reads it to know a folder is a kitgen kit, and
the catalog is built from the manifests alone. So reading is strict about shape and tolerant of
damage: a missing, unreadable or foreign manifest is ``None``, a malformed file entry is dropped,
never a traceback.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any, get_args

from .kitfiles import Audience, FileKind, KitFile, KitInfo

LAYOUT = 1
"""``kitgen_manifest`` in the file: the layout of this module; marks a folder as a kitgen kit."""

AUDIENCES = frozenset(get_args(Audience))
KINDS = frozenset(get_args(FileKind))
FORMATS = frozenset({"pdf", "docx"})


def manifest_json(info: KitInfo, files: list[KitFile]) -> bytes:
    """The manifest of a kit: its facts, then its files sorted by path. UTF-8 JSON, keys in a
    fixed order, a newline at the end: identical for identical kits."""
    data = {
        "kitgen_manifest": LAYOUT,
        "kit": info.id,
        "title": info.title,
        "grades": list(info.grades),
        "band": info.band,
        "lessons": [
            {
                "id": lesson.id,
                "number": lesson.number,
                "title": lesson.title,
                "grades": list(lesson.grades),
                "minutes": lesson.minutes,
            }
            for lesson in info.lessons
        ],
        "unit_title": info.unit_title,
        "edition": info.edition,
        "date": info.date,
        "kitgen_version": info.kitgen_version,
        "sources_sha256": info.sources_sha256,
        "saved": info.saved,
        "languages": list(info.languages),
        "files": [file_entry(file, info) for file in sorted(files, key=lambda file: file.path)],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def file_entry(file: KitFile, info: KitInfo) -> dict[str, Any]:
    """One file's entry; ``sources_sha256`` says which sources it was built from, so a file a
    partial build kept from an earlier build is told apart from the kit's new ones."""
    return {
        "path": file.path,
        "audience": file.audience,
        "kind": file.kind,
        "format": file.format,
        "pages": file.pages,
        "bytes": len(file.data),
        "sha256": hashlib.sha256(file.data).hexdigest(),
        "lessons": list(file.lessons),
        "language": file.language,
        "sources_sha256": file.sources_sha256 or info.sources_sha256,
        **({"title": file.title} if file.title else {}),
    }


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest at ``path`` with its well-formed file entries, or ``None`` when there is none,
    it cannot be read, or it is not a kitgen kit manifest of this layout."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not (isinstance(data, dict) and _is_kit(data)):
        return None
    files = data.get("files")
    data["files"] = [entry for entry in files if _is_file_entry(entry)] if isinstance(files, list) else []
    return data


def _is_kit(data: dict[str, Any]) -> bool:
    strings = ("kit", "title", "unit_title", "edition", "date", "kitgen_version", "sources_sha256")
    lessons = data.get("lessons")
    return (
        data.get("kitgen_manifest") == LAYOUT
        and all(isinstance(data.get(key), str) for key in strings)
        and is_safe_name(data["kit"])
        and _is_grades(data.get("grades"))
        and (data.get("band") is None or isinstance(data.get("band"), str))
        and isinstance(data.get("saved"), bool)
        and isinstance(lessons, list)
        and all(_is_lesson(lesson) for lesson in lessons)
    )


def _is_lesson(lesson: object) -> bool:
    return (
        isinstance(lesson, dict)
        and isinstance(lesson.get("id"), str)
        and isinstance(lesson.get("title"), str)
        and _is_int(lesson.get("number"))
        and _is_int(lesson.get("minutes"))
        and _is_grades(lesson.get("grades"))
    )


def _is_file_entry(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    sha = entry.get("sha256")
    lessons = entry.get("lessons")
    return (
        isinstance(entry.get("path"), str)
        and is_safe_path(entry["path"])
        and entry.get("audience") in AUDIENCES
        and entry.get("kind") in KINDS
        and entry.get("format") in FORMATS
        and (entry.get("pages") is None or _is_int(entry.get("pages")))
        and _is_int(entry.get("bytes"))
        and isinstance(sha, str)
        and len(sha) == 64
        and all(c in "0123456789abcdef" for c in sha)
        and isinstance(lessons, list)
        and all(isinstance(lesson, str) for lesson in lessons)
    )


def is_safe_path(path: str) -> bool:
    """A relative POSIX path that stays inside the kit folder: no '..', no absolute path."""
    parts = PurePosixPath(path).parts
    return (
        bool(parts) and not path.startswith("/") and "\\" not in path and all(is_safe_name(p) for p in parts)
    )


def is_safe_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name and "\0" not in name


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_grades(value: object) -> bool:
    return isinstance(value, list) and all(_is_int(grade) for grade in value)

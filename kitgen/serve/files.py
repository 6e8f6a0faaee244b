"""Which files the preview may send: template files, bundled fonts and curriculum images, nothing else.

A request names a path under one of these roots. It is refused (None, a 404) when it is absolute,
holds a ``..`` or backslash, resolves (symlinks included) outside its root, is not a file, or has
a suffix the root does not serve; so no YAML source, Python file or anything outside the
curriculum and templates can be fetched, however the path is encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".ttf": "font/ttf",
}


@dataclass(frozen=True)
class Root:
    """A folder the preview serves some file types from."""

    folder: Path
    suffixes: frozenset[str]


def safe_file(root: Root, requested: str) -> Path | None:
    """The file ``requested`` names under ``root``, or None when it is not one the preview serves."""
    if not requested or "\\" in requested or "\0" in requested:
        return None
    relative = PurePosixPath(requested)
    if relative.is_absolute() or any(part in ("..", ".") for part in relative.parts):
        return None
    base = root.folder.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target if target.suffix.lower() in root.suffixes else None

"""A folder's lesson files, read while ``kitgen validate`` is still importing what checks them.

The first few tenths of a second of every validation import the models and checks, on one
core. ``start``, called before those imports, forks a child that reads (parses) the lesson files
of the first folder named; ``taken`` hands the loader those results, the files the child has
not reached yet read here. It is only a head start: the loader takes the results only for
exactly the files, named exactly as, it would read itself, and reads everything itself
otherwise.

This module imports only the YAML reader and the validation cache, which the loader needs anyway.
"""

from __future__ import annotations

import atexit
import gc
import os
from pathlib import Path
from typing import Any

from . import validation_cache
from .diagnostics import Diagnostic, display_path
from .fork_map import Started
from .gc_pause import THRESHOLD
from .source import SourceFile

UNIT_FILE = "unit.yaml"
PROFILE_FILE = "profile.yaml"
LESSONS_FOLDER = "lessons"

Packed = tuple[str, dict[str, Any], bytes, str]
"""A file loaded in a forked child, sent back with its marks packed: display, data, marks, digest."""
Read = SourceFile | Packed | list[Diagnostic]
"""One file as read for the loader: its source (read here), packed (read by a child) or why not."""


def lesson_paths(root: Path) -> list[Path]:
    """A curriculum folder's lesson files: its YAML files other than the unit and the profile."""
    return sorted(
        p for p in [*root.glob("*.yaml"), *root.glob("*.yml")] if p.name not in (UNIT_FILE, PROFILE_FILE)
    )


def display_paths(paths: list[Path]) -> list[str]:
    """``display_path`` of each path, resolving each folder once rather than every file's whole
    path (a tenth of a millisecond a file): a file that is not a symbolic link resolves to its
    folder's resolved path and its own name."""
    cwd = Path.cwd().resolve()
    folders: dict[Path, Path] = {}
    shown = []
    for path in paths:
        if path.is_symlink() or path.name in ("", ".", ".."):
            shown.append(display_path(path))
            continue
        if path.parent not in folders:
            folders[path.parent] = path.parent.resolve()
        try:
            shown.append((folders[path.parent] / path.name).relative_to(cwd).as_posix())
        except ValueError:
            shown.append(path.as_posix())
    return shown


class Reading:
    """Reading some files on every core, this process's share left until ``finish``."""

    def __init__(self, paths: list[Path], shown: list[str], cache: bool = True):
        self.paths, self.shown, self.cache = paths, shown, cache
        self.here = os.getpid()
        self.started = Started(self._read, list(zip(paths, shown, strict=True)))

    def _read(self, item: tuple[Path, str]) -> Read:
        path, shown = item
        with validation_cache.turned_off(not self.cache):
            source, problems = validation_cache.load(path, shown)
        if source is None:
            return problems
        if os.getpid() == self.here:
            return source
        return source.display, source.data, source.pack_marks(), source.digest  # quick to pickle

    def finish(self) -> list[Read]:
        return self.started.finish()


_ahead: list[Reading] = []
"""The reading ``start`` began, until the loader takes it."""


def start(paths: list[Path], cache: bool) -> None:
    """Begin reading the lesson files of the first of ``paths`` that is a curriculum folder (as
    ``init.curriculum_folder`` finds it: the folder, or its ``lessons/``), when there are enough
    of them to share between cores."""
    folder = next((path for path in paths if path.is_dir()), None)
    if folder is None:
        return
    inner = folder / LESSONS_FOLDER
    root = inner if not (folder / UNIT_FILE).is_file() and (inner / UNIT_FILE).is_file() else folder
    paths = lesson_paths(root)
    threshold = gc.get_threshold()
    gc.set_threshold(*THRESHOLD)  # the child collects as seldom as validation does (gc_pause)
    try:
        reading = Reading(paths, display_paths(paths), cache)
    finally:
        gc.set_threshold(*threshold)
    atexit.register(reading.started.cancel)  # a child not waited for is stopped
    _ahead[:] = [reading]


def taken(paths: list[Path], shown: list[str]) -> list[Read] | None:
    """The files begun by ``start``, when they are exactly ``paths`` shown as ``shown`` (the rest
    read here now); None otherwise, the child then stopped."""
    if not _ahead:
        return None
    reading = _ahead.pop()
    if reading.paths != paths or reading.shown != shown:
        reading.started.cancel()
        return None
    return reading.finish()

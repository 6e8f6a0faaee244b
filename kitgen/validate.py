"""``kitgen validate``: load, check and collect every problem of one or more curriculum paths."""

from __future__ import annotations

import atexit
import gc
from dataclasses import dataclass
from pathlib import Path

from . import validation_cache
from .checks import check_profile, run_checks
from .diagnostics import Diagnostic, display_path, error
from .gc_pause import fewer_collections
from .i18n import catalog_diagnostics
from .init import curriculum_folder
from .kits import KITS_FOLDER, check_kits, in_teaching_order, load_kits
from .language_checks import check_languages, check_profile_translations
from .loader import PROFILE_FILE, UNIT_FILE, Curriculum, load_curriculum, read_model
from .model import Profile
from .reading_level import check_reading_level
from .source import load

atexit.register(gc.freeze)
"""A process that validated ends without the collector walking every object still alive (every
module, model and value): a tenth of a second of each ``kitgen validate`` on this 2-core machine.
Nothing validation leaves needs collecting: its files are written and closed before it returns."""


@dataclass
class Validation:
    """The outcome of validating some paths: the curricula read and every problem found."""

    curricula: list[Curriculum]
    diagnostics: list[Diagnostic]
    files: int


@fewer_collections
def validate_folder(root: Path, profile: Path | None = None) -> tuple[Curriculum, list[Diagnostic]]:
    """Load a curriculum folder (optionally with another district's profile) and its saved kits,
    and run every check."""
    curriculum, problems = load_curriculum(root, profile)
    checked: list[Diagnostic] = []
    catalogs: list[Diagnostic] = []

    def beside() -> None:
        """The checks that need no handout, made here while forked children score handouts."""
        checked.extend(run_checks(curriculum))
        catalogs.extend(catalog_diagnostics(root))

    reading = check_reading_level(curriculum, beside)
    problems += checked + reading + catalogs
    kits, found = load_kits(root)
    curriculum.files += len(found) + len(kits)
    found += check_kits(kits, curriculum)
    curriculum.kits = in_teaching_order(kits, curriculum)
    curriculum.translations = check_languages(curriculum)
    found += curriculum.translations + check_profile_translations(curriculum)
    validation_cache.flush()
    return curriculum, problems + found


def validate_profile(path: Path) -> tuple[Curriculum, list[Diagnostic]]:
    """A district profile on its own: its schema and its unfilled values."""
    curriculum = Curriculum(path.parent, profile_path=path, files=1)
    profile, problems = read_model(path, Profile)
    if profile is not None and profile.broken:
        curriculum.partial.append(profile)
    else:
        curriculum.profile = profile
    return curriculum, problems + check_profile(curriculum)


def is_profile_file(path: Path) -> bool:
    """A district profile that is not the folder's own profile.yaml (which is checked with its
    folder): a file whose top level names a district, wherever a trainer keeps it."""
    if path.name == UNIT_FILE or path.parent.name == KITS_FOLDER:
        return False
    if path.name == PROFILE_FILE and (path.parent / UNIT_FILE).is_file():
        return False
    source, _ = load(path, display_path(path))
    return source is not None and "district" in source.data


def curriculum_root(path: Path) -> Path:
    """The curriculum folder a file belongs to (a kit file's is the folder above ``kits/``)."""
    folder = path.parent
    return folder.parent if folder.name == KITS_FOLDER else folder


def validate_paths(paths: list[Path], profile: Path | None = None, cache: bool = True) -> Validation:
    """Validate folders whole; for a single file, validate its folder and keep that file's problems.
    A profile file on its own is checked as a profile; ``profile`` replaces each folder's profile.yaml.
    ``cache=False`` neither reads nor writes the validation cache."""
    with validation_cache.turned_off(not cache):
        try:
            return _validate_paths(paths, profile)
        finally:
            validation_cache.flush()


def _validate_paths(paths: list[Path], profile: Path | None) -> Validation:
    result = Validation([], [], 0)
    if profile is not None and not profile.is_file():
        result.diagnostics.append(error(display_path(profile), 0, 0, "missing-path", "no such profile file"))
        return result
    for path in paths:
        if not path.exists():
            result.diagnostics.append(
                error(display_path(path), 0, 0, "missing-path", "no such file or folder")
            )
            continue
        if path.is_file() and is_profile_file(path):
            curriculum, problems = validate_profile(path)
            result.files += 1
        else:
            root = curriculum_folder(path) if path.is_dir() else curriculum_root(path)
            curriculum, problems = validate_folder(root, profile)
            if path.is_file():
                shown = display_path(path)
                problems = [p for p in problems if p.file == shown]
                result.files += 1
            else:
                result.files += curriculum.files
        result.curricula.append(curriculum)
        result.diagnostics += problems
    return result

"""``kitgen validate``: load, check and collect every problem of one or more curriculum paths."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .diagnostics import Diagnostic, display_path, error
from .loader import Curriculum, load_curriculum


@dataclass
class Validation:
    """The outcome of validating some paths: the curricula read and every problem found."""

    curricula: list[Curriculum]
    diagnostics: list[Diagnostic]
    files: int


def validate_folder(root: Path, profile: Path | None = None) -> tuple[Curriculum, list[Diagnostic]]:
    """Load a curriculum folder (optionally with another district's profile) and run every check."""
    curriculum, problems = load_curriculum(root, profile)
    return curriculum, problems + run_checks(curriculum)


def validate_paths(paths: list[Path]) -> Validation:
    """Validate folders whole; for a single file, validate its folder and keep that file's problems."""
    result = Validation([], [], 0)
    for path in paths:
        if not path.exists():
            result.diagnostics.append(
                error(display_path(path), 0, 0, "missing-path", "no such file or folder")
            )
            continue
        root = path if path.is_dir() else path.parent
        curriculum, problems = validate_folder(root)
        if path.is_file():
            shown = display_path(path)
            problems = [p for p in problems if p.file == shown]
            result.files += 1
        else:
            result.files += curriculum.files
        result.curricula.append(curriculum)
        result.diagnostics += problems
    return result

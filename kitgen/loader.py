"""Reads a curriculum folder into typed models, turning schema errors into located diagnostics.

A folder holds ``unit.yaml``, ``profile.yaml`` and one YAML file per lesson. Every file is read
and validated even after a failure, so an editor sees every problem in one run.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, display_path, error
from .model import Lesson, Node, Profile, Unit
from .source import Path_, SourceFile, load

if TYPE_CHECKING:
    from .kits import KitSpec

M = TypeVar("M", bound=Node)

UNIT_FILE = "unit.yaml"
PROFILE_FILE = "profile.yaml"


@dataclass
class Loaded(Generic[M]):
    """A model together with the file it came from (for locating later checks)."""

    model: M
    source: SourceFile


@dataclass
class Curriculum:
    """Everything read from one folder; a part is None when its file failed to load."""

    root: Path
    unit: Loaded[Unit] | None = None
    profile: Loaded[Profile] | None = None
    lessons: list[Loaded[Lesson]] = field(default_factory=list)
    files: int = 0
    unread_lessons: int = 0
    """Lesson files that failed to load: what they use is unknown, so unused entries are not judged."""
    kits: list[Loaded[KitSpec]] = field(default_factory=list)
    """The saved kits of ``kits/*.yaml`` that loaded."""
    profile_path: Path | None = None
    """The profile file used: the folder's profile.yaml or the one a trainer named."""


def _unwrap(annotation: Any) -> Any:
    """The model class inside ``list[X]``, ``X | None`` or ``Annotated[X, …]``, if there is one."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def model_at(root: type[Node], loc: Path_) -> type[Node]:
    """The model class that owns the last key of ``loc`` (for nouns and did-you-mean)."""
    current: type[Node] = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            break
        inner = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, Node):
            current = inner
    return current


def _dotted(loc: Path_) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value[:40]}'" + ("…" if len(value) > 40 else "")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def schema_diagnostics(kind: type[Node], exc: ValidationError, source: SourceFile) -> list[Diagnostic]:
    """Turn pydantic's errors into located, plain-language diagnostics with hints."""
    found: list[Diagnostic] = []
    for err in exc.errors():
        loc: Path_ = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        owner = model_at(kind, loc)
        name = str(loc[-1]) if loc else ""
        kind_ = err["type"]
        value = err.get("input")
        ctx = err.get("ctx") or {}
        hint: str | None = None
        if kind_ == "extra_forbidden":
            mark = source.key_mark(loc)
            known = sorted(owner.model_fields)
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            message = f"'{name}' is not a field of a {owner.noun}"
            if close:
                message += f"; did you mean '{close[0]}'?"
            else:
                hint = "known fields: " + ", ".join(known)
            found.append(error(source.display, mark.line, mark.col, "unknown-field", message, hint))
            continue
        if kind_ == "missing":
            parent = loc[:-1]
            mark = source.key_mark(parent) if parent else source.value_mark(())
            where = f" in {_dotted(parent)}" if parent else ""
            description = owner.model_fields[name].description if name in owner.model_fields else None
            found.append(
                error(
                    source.display,
                    mark.line,
                    mark.col,
                    "missing-field",
                    f"a {owner.noun} needs '{name}'{where}",
                    f"add '{name}:' ({description.rstrip('.')})" if description else None,
                )
            )
            continue
        mark = source.value_mark(loc)
        field_ = _dotted(loc)
        if kind_ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            code = "out-of-range"
            limits = {
                "greater_than_equal": "at least",
                "less_than_equal": "at most",
                "greater_than": "more than",
                "less_than": "less than",
            }
            bound = next(iter(ctx.values()), "")
            message = f"'{field_}' must be {limits[kind_]} {bound} (got {_describe(value)})"
        elif kind_ == "too_short":
            code = "out-of-range"
            message = f"'{field_}' needs at least {ctx.get('min_length', 1)} item(s)"
        elif kind_ == "string_too_short":
            code = "out-of-range"
            message = f"'{field_}' must not be empty"
        elif kind_ == "string_too_long":
            code = "out-of-range"
            message = f"'{field_}' is longer than {ctx.get('max_length')} characters"
        elif kind_ in ("literal_error", "enum"):
            code = "invalid-value"
            message = f"'{field_}' must be {ctx.get('expected', 'one of the allowed values')} (got {_describe(value)})"
        elif kind_ == "string_pattern_mismatch":
            code = "invalid-value"
            message = f"'{field_}' has the wrong form (got {_describe(value)})"
            hint = {
                "at": "use MM:SS or H:MM:SS, e.g. 04:30",
                "start": "use MM:SS or H:MM:SS, e.g. 04:30",
                "end": "use MM:SS or H:MM:SS, e.g. 04:30",
            }.get(name, "use lowercase letters, digits and hyphens, e.g. 'myths-and-facts'")
        else:
            code = "wrong-type"
            expected = err["msg"].removeprefix("Input should be ").split(",")[0]
            message = f"'{field_}' should be {expected} (got {_describe(value)})"
        found.append(error(source.display, mark.line, mark.col, code, message, hint))
    return found


def load_model(path: Path, kind: type[M]) -> tuple[Loaded[M] | None, list[Diagnostic]]:
    """Load and validate one file as ``kind``."""
    source, problems = load(path, display_path(path))
    if source is None:
        return None, problems
    try:
        model = kind.model_validate(source.data)
    except ValidationError as exc:
        return None, schema_diagnostics(kind, exc, source)
    return Loaded(model, source), []


def load_curriculum(root: Path, profile: Path | None = None) -> tuple[Curriculum, list[Diagnostic]]:
    """Read every YAML file of a curriculum folder; lessons are the files other than unit and profile.

    ``profile`` replaces the folder's own profile.yaml, so a trainer can build the shipped lessons
    with their district's contacts without copying them.
    """
    curriculum = Curriculum(root)
    problems: list[Diagnostic] = []
    unit_path, profile_path = root / UNIT_FILE, profile or root / PROFILE_FILE
    curriculum.profile_path = profile_path
    for path in (unit_path, profile_path):
        if not path.is_file():
            problems.append(
                error(
                    display_path(path),
                    0,
                    0,
                    "missing-file",
                    f"there is no {path.name}",
                    f"a curriculum folder holds {UNIT_FILE}, {PROFILE_FILE} and one YAML file per lesson",
                )
            )
    if unit_path.is_file():
        curriculum.unit, found = load_model(unit_path, Unit)
        problems += found
        curriculum.files += 1
    if profile_path.is_file():
        curriculum.profile, found = load_model(profile_path, Profile)
        problems += found
        curriculum.files += 1
    lesson_paths = sorted(
        p for p in [*root.glob("*.yaml"), *root.glob("*.yml")] if p.name not in (UNIT_FILE, PROFILE_FILE)
    )
    if not lesson_paths:
        problems.append(error(display_path(root), 0, 0, "no-lessons", "the folder holds no lesson files"))
    for path in lesson_paths:
        lesson, found = load_model(path, Lesson)
        problems += found
        curriculum.files += 1
        if lesson is not None:
            curriculum.lessons.append(lesson)
        else:
            curriculum.unread_lessons += 1
    return curriculum, problems

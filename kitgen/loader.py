"""Reads a curriculum folder into typed models, turning schema errors into located diagnostics.

A folder holds ``unit.yaml``, ``profile.yaml`` and one YAML file per lesson. Every file is read
and validated even after a failure, so an editor sees every problem in one run.
"""

from __future__ import annotations

import copy
import difflib
import enum
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import read_ahead, validation_cache
from .diagnostics import Diagnostic, display_path, error
from .model import Lesson, Node, Profile, Unit
from .read_ahead import PROFILE_FILE, UNIT_FILE, display_paths, lesson_paths
from .source import Path_, SourceFile

if TYPE_CHECKING:
    from .kits import KitSpec

M = TypeVar("M", bound=Node)

MAX_REPAIRS = 10
"""Rounds of stand-ins: each round can reveal the missing fields of a model that was put in."""


@dataclass
class Loaded(Generic[M]):
    """A model together with the file it came from (for locating later checks)."""

    model: M
    source: SourceFile
    broken: frozenset[Path_] = frozenset()
    """Paths whose values failed the schema and hold stand-ins, so the rest of the file can be
    checked: empty for a valid model. A model with broken paths is checked, never built."""

    def touches(self, path: Path_) -> bool:
        """Whether ``path`` holds, or lies inside, a value that failed the schema."""
        return any(b[: len(path)] == path or path[: len(b)] == b for b in self.broken)


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
    partial: list[Loaded[Any]] = field(default_factory=list)
    """Files that failed the schema, with stand-ins at the broken paths: checked, never built."""
    kits: list[Loaded[KitSpec]] = field(default_factory=list)
    """The saved kits of ``kits/*.yaml`` that loaded."""
    profile_path: Path | None = None
    """The profile file used: the folder's profile.yaml or the one a trainer named."""
    translations: list[Diagnostic] = field(default_factory=list)
    """The problems of the saved kits' other languages (language_checks.py), also among the
    folder's problems: each refuses one language's documents, not the build."""

    def checked(self, kind: type[M]) -> list[Loaded[M]]:
        """The valid and the partial models of one kind, for checks that can run on either."""
        loaded: list[Loaded[Any] | None] = [self.unit, self.profile, *self.lessons, *self.partial]
        return [item for item in loaded if item is not None and isinstance(item.model, kind)]


def _unwrap(annotation: Any) -> Any:
    """The model class inside ``list[X]``, ``X | None`` or ``Annotated[X, …]``, if there is one."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is dict:  # a mapping by language: its values
        return _unwrap(typing.get_args(annotation)[1])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def model_at(root: type[Node], loc: Path_) -> type[Node]:
    """The model class that owns the last key of ``loc`` (for nouns and did-you-mean)."""
    current: type[Node] = root
    keyed = False
    for part in loc[:-1]:
        if isinstance(part, int) or keyed:  # a list index, or a mapping's key ('es')
            keyed = False
            continue
        info = current.model_fields.get(part)
        if info is None:
            break
        inner = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, Node):
            current = inner
            keyed = typing.get_origin(info.annotation) is dict
    return current


def dotted(loc: Path_, data: Any = None) -> str:
    """A path as a writer reads it: a list item by its id when it has one ('sections[watch]'),
    else by its place counted from 1 ('objectives[1]')."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            item = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
            name = item.get("id") if isinstance(item, dict) else None
            text += f"[{name}]" if isinstance(name, str) and name else f"[{part + 1}]"
            data = item
        else:
            text += f".{part}" if text else str(part)
            data = data.get(part) if isinstance(data, dict) else None
    return text


def _a(noun: str) -> str:
    """The noun with its article: 'a prompt', 'an exit-ticket item'."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


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
            message = f"'{name}' is not a field of {_a(owner.noun)}"
            misplaced = _misplaced(kind, loc, source)
            if misplaced:
                message += f"; {misplaced[0]}"
                hint = misplaced[1]
            elif close:
                message += f"; did you mean '{close[0]}'?"
            else:
                hint = "known fields: " + ", ".join(known)
            found.append(error(source.display, mark.line, mark.col, "unknown-field", message, hint))
            continue
        if kind_ == "missing":
            parent = loc[:-1]
            mark = source.key_mark(parent) if parent else source.value_mark(())
            where = f" in {dotted(parent, source.data)}" if parent else ""
            description = owner.model_fields[name].description if name in owner.model_fields else None
            found.append(
                error(
                    source.display,
                    mark.line,
                    mark.col,
                    "missing-field",
                    f"{_a(owner.noun)} needs '{name}'{where}",
                    f"add '{name}:' ({description.rstrip('.')})" if description else None,
                )
            )
            continue
        mark = source.value_mark(loc)
        field_ = dotted(loc, source.data)
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
                "[key]": "name a language by its code, two or three lowercase letters, e.g. 'es'",
            }.get(name, "use lowercase letters, digits and hyphens, e.g. 'myths-and-facts'")
        elif kind_ in ("model_type", "model_attributes_type", "dict_type"):
            code = "wrong-type"
            item = isinstance(loc[-1], int) or name not in owner.model_fields  # or a mapping's value
            target = owner if item else _unwrap(owner.model_fields[name].annotation)
            required = [f for f, info in target.model_fields.items() if info.is_required()]
            message = f"'{field_}' should be {_a(target.noun)} with its fields (got {_describe(value)})"
            example = ", ".join(f"{f}: …" for f in required) or "…"
            hint = f"write it as a mapping, e.g. {{{example}}}"
        else:
            code = "wrong-type"
            expected = err["msg"].removeprefix("Input should be ").split(",")[0]
            message = f"'{field_}' should be {expected} (got {_describe(value)})"
            number = re.match(r"\s*(\d+)\b", value) if isinstance(value, str) else None
            if kind_ == "int_parsing" and number:
                hint = f"write the number alone: '{name}: {number[1]}'"
            items = _unwrap(owner.model_fields[name].annotation) if name in owner.model_fields else None
            scalars = not (isinstance(items, type) and issubclass(items, BaseModel))
            if kind_ == "list_type" and scalars and isinstance(value, (str, int, float)):
                shown = value if not isinstance(value, str) else f'"{value}"' if ", " not in value else value
                hint = f"write a list, even of one item: '{name}: [{shown}]'"
        found.append(error(source.display, mark.line, mark.col, code, message, hint))
    return found


def value_at(data: Any, path: Path_) -> Any:
    """The value at ``path`` inside loaded YAML data, or None when there is none."""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _misplaced(kind: type[Node], loc: Path_, source: SourceFile) -> tuple[str, str] | None:
    """For an unknown field that belongs one level deeper or higher (an indentation slip that
    YAML accepts): what happened and how to indent it."""
    name, parent = str(loc[-1]), loc[:-1]
    owner = model_at(kind, loc)
    data = value_at(source.data, parent)
    for sibling, info in owner.model_fields.items():
        inner = _unwrap(info.annotation)
        is_node = isinstance(inner, type) and issubclass(inner, Node)
        if is_node and isinstance(data, dict) and sibling in data and name in inner.model_fields:
            mark = source.key_mark((*parent, sibling))
            return (
                f"it is a field of '{sibling}' above (line {mark.line})",
                f"indent it under '{sibling}', lined up with that {inner.noun}'s other fields",
            )
    holders = [i for i, part in enumerate(parent) if isinstance(part, str)]
    if holders:
        holder = parent[: holders[-1] + 1]
        outer = model_at(kind, holder)
        if name in outer.model_fields:
            return (
                f"it is a field of the {outer.noun}, not of '{holder[-1]}'",
                f"indent it like '{holder[-1]}' (line {source.key_mark(holder).line}), not under it",
            )
    return None


def _stand_in(annotation: Any, metadata: list[Any], value: Any) -> Any:
    """A value the schema accepts where a value failed it, so the rest of the file can be
    checked; a model gets an empty mapping whose own missing fields are filled the same way."""
    inner = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return [{}] if typing.get_origin(annotation) is list else {}
    candidates: list[Any] = [] if value is None or isinstance(value, (list, dict)) else [[value]]
    if typing.get_origin(annotation) is typing.Literal:
        candidates += list(typing.get_args(annotation))
    elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        candidates += [member.value for member in annotation]
    candidates += ["stand-in", 1, 7, 10, 45, "2000-01-01", [], [7], ["stand-in"], {}]
    constrained = typing.Annotated[annotation, *metadata] if metadata else annotation
    adapter: TypeAdapter[Any] = TypeAdapter(constrained)  # type: ignore[arg-type]  # a built annotation
    for candidate in candidates:
        try:
            adapter.validate_python(candidate)
        except ValidationError:
            continue
        return candidate
    raise LookupError(f"no stand-in for {annotation}")


def _patch(kind: type[Node], data: dict[str, Any], loc: Path_, err_type: str, value: Any) -> None:
    """Remove an unknown field, or put a stand-in where a value failed (the default when it has one)."""
    if not loc:
        raise LookupError("the whole file failed a rule")
    container: Any = data
    for part in loc[:-1]:
        container = container[part]
    last = loc[-1]
    if err_type == "extra_forbidden":
        del container[last]
        return
    if last == "[key]":  # a mapping's key failed its rule ('Spanish' for 'es'): leave its entry out
        del value_at(data, loc[:-2])[loc[-2]]
        return
    if isinstance(last, str) and last not in model_at(kind, loc).model_fields:
        del container[last]  # a mapping's value failed (a language of 'translations'): leave it out
        return
    if isinstance(last, int):
        if len(loc) < 2 or isinstance(loc[-2], int):
            raise LookupError("a list inside a list")
        items = model_at(kind, loc[:-1]).model_fields[str(loc[-2])].annotation
        container[last] = _stand_in(typing.get_args(items)[0], [], value)
        return
    info = model_at(kind, loc).model_fields[last]
    if err_type != "missing" and not info.is_required():
        del container[last]
    else:
        container[last] = _stand_in(info.annotation, info.metadata, value)


def _partial(kind: type[M], source: SourceFile, exc: ValidationError) -> tuple[M, frozenset[Path_]] | None:
    """The model with stand-ins at every broken path, or None when the file cannot be repaired."""
    data = copy.deepcopy(source.data)
    broken: set[Path_] = set()
    for _ in range(MAX_REPAIRS):
        for err in exc.errors():
            loc: Path_ = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
            broken.add(loc)
            try:
                _patch(kind, data, loc, err["type"], err.get("input"))
            except (LookupError, TypeError):
                return None
        try:
            return kind.model_validate(data), frozenset(broken)
        except ValidationError as again:
            exc = again
    return None


def read_model(path: Path, kind: type[M]) -> tuple[Loaded[M] | None, list[Diagnostic]]:
    """Load and validate one file as ``kind``; after schema errors, a partial model (with broken
    paths) for the checks, or None when the file is not even YAML."""
    return _validated(kind, *validation_cache.load(path, display_path(path)))


def read_models(paths: list[Path], kind: type[M]) -> list[tuple[Loaded[M] | None, list[Diagnostic]]]:
    """``read_model`` for each file: the YAML is read on every core (or was begun by
    ``read_ahead.start``), the models made here."""
    shown = display_paths(paths)
    found = read_ahead.taken(paths, shown)
    if found is None:
        found = read_ahead.Reading(paths, shown).finish()
    return [_validated(kind, *_unpacked(path, read)) for path, read in zip(paths, found, strict=True)]


def _unpacked(path: Path, found: read_ahead.Read) -> tuple[SourceFile | None, list[Diagnostic]]:
    if isinstance(found, list):
        return None, found
    if isinstance(found, SourceFile):
        return found, []
    display, data, marks, digest = found
    source = SourceFile(path, display, data, digest=digest, packed_marks=marks)
    validation_cache.keep_loaded(source)
    return source, []


def _validated(
    kind: type[M], source: SourceFile | None, problems: list[Diagnostic]
) -> tuple[Loaded[M] | None, list[Diagnostic]]:
    if source is None:
        return None, problems
    try:
        model = kind.model_validate(source.data)
    except ValidationError as exc:
        repaired = _partial(kind, source, exc)
        partial = Loaded(repaired[0], source, repaired[1]) if repaired else None
        return partial, schema_diagnostics(kind, exc, source)
    return Loaded(model, source), []


def load_model(path: Path, kind: type[M]) -> tuple[Loaded[M] | None, list[Diagnostic]]:
    """Load and validate one file as ``kind``: the model only when it is valid."""
    loaded, problems = read_model(path, kind)
    return (loaded if loaded is not None and not loaded.broken else None), problems


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
        unit, found = read_model(unit_path, Unit)
        curriculum.unit = _keep(curriculum, unit)
        problems += found
        curriculum.files += 1
    if profile_path.is_file():
        profile_, found = read_model(profile_path, Profile)
        curriculum.profile = _keep(curriculum, profile_)
        problems += found
        curriculum.files += 1
    lessons = lesson_paths(root)
    if not lessons:
        problems.append(error(display_path(root), 0, 0, "no-lessons", "the folder holds no lesson files"))
    for lesson, found in read_models(lessons, Lesson):
        problems += found
        curriculum.files += 1
        if _keep(curriculum, lesson) is not None and lesson is not None:
            curriculum.lessons.append(lesson)
        else:
            curriculum.unread_lessons += 1
    return curriculum, problems


def _keep(curriculum: Curriculum, loaded: Loaded[M] | None) -> Loaded[M] | None:
    """A valid model, to build from; a partial one is set aside for the checks only."""
    if loaded is not None and loaded.broken:
        curriculum.partial.append(loaded)
        return None
    return loaded

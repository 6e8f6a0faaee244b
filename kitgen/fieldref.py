"""The readable field reference, ``docs/fields.md``, written from the models themselves.

Each field's type, description and readers are declared once, in ``model.py`` and ``kits.py``;
this renders them as Markdown tables, one per part of each file kind, so the reference says
exactly what the JSON Schemas say. Examples are the first value the shipped unit gives a field
(or the description's 'e.g.'). Regenerate with ``python -m kitgen.fieldref > docs/fields.md``
(a test keeps the file current).
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from .init import example_folder
from .kits import KITS_FOLDER, KitSpec
from .loader import PROFILE_FILE, UNIT_FILE
from .model import (
    DEADLINE_PATTERN,
    FAMILY,
    ID_PATTERN,
    LANGUAGE_CODE,
    STUDENT,
    TIMESTAMP_PATTERN,
    Lesson,
    Node,
    Profile,
    Unit,
    audience_of,
    is_placeholder,
)
from .placeholders import ELLIPSIS_ONLY, TODO
from .source import load

READERS = {STUDENT: "students", FAMILY: "families"}
FILES: tuple[tuple[type[Node], str], ...] = (
    (Lesson, "`lessons/NN-<id>.yaml`, one per lesson (`kitgen new lesson` starts one)"),
    (Unit, f"`lessons/{UNIT_FILE}`, what every lesson shares"),
    (Profile, f"`lessons/{PROFILE_FILE}`, the district's names and numbers"),
    (KitSpec, f"`lessons/{KITS_FOLDER}/<id>.yaml`, one per saved kit"),
)
PATTERNS = {
    ID_PATTERN: "id (a-z, 0-9, -)",
    TIMESTAMP_PATTERN: "time MM:SS",
    DEADLINE_PATTERN: "date YYYY-MM-DD or FILL IN",
    LANGUAGE_CODE: "language code (en, es)",
    r"^\d{4}-\d{2}-\d{2}$": "date YYYY-MM-DD",
}
EXAMPLE_LENGTH = 48


def readers(model: type[Node], name: str) -> str:
    """Who reads a field besides the facilitator, in words: 'students and families', 'facilitator only'."""
    audience = audience_of(model, name)
    others = [plural for reader, plural in READERS.items() if reader in audience]
    return " and ".join(others) if others else "facilitator only"


def _model_in(annotation: Any) -> type[Node] | None:
    """The model class inside ``X``, ``list[X]``, ``X | None`` or ``Annotated[X, …]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return annotation
    if typing.get_origin(annotation) is dict:  # a mapping by language: its values
        return _model_in(typing.get_args(annotation)[1])
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            if (inner := _model_in(arg)) is not None:
                return inner
    return None


def _models(root: type[Node], known: list[type[Node]]) -> list[type[Node]]:
    """``root`` and every model reachable from its fields not in ``known``, in the order first met."""
    found = [root]
    for model in found:
        for info in model.model_fields.values():
            inner = _model_in(info.annotation)
            if inner is not None and inner not in found and inner not in known:
                found.append(inner)
    return found


def _anchor(model: type[Node]) -> str:
    """The anchor GitHub and most Markdown viewers give the model's heading."""
    return model.noun.replace(" ", "-")


def _type(annotation: Any, metadata: list[Any]) -> str:
    """A field's type in words: 'text', 'whole number 1–99', 'list of [prompt](#prompt)'."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        extra = [m for item in args[1:] for m in (item.metadata if isinstance(item, FieldInfo) else [item])]
        return _type(args[0], [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type(arg, metadata) for arg in args if arg is not type(None))
    if origin is list:
        return f"list of {_type(args[0], [])}"
    if origin is dict:
        return f"mapping of {_type(args[0], [])} to {_type(args[1], [])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{value}`" for value in args)
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return f"[{annotation.noun}](#{_anchor(annotation)})"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(f"`{member.value}`" for member in annotation)
    if annotation is bool:
        return "`true` or `false`"
    if annotation is int:
        low = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
        high = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
        return "whole number" + (f" {low}–{high}" if low is not None and high is not None else "")
    pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
    return PATTERNS.get(pattern, "text") if pattern else "text"


def _required(info: FieldInfo) -> str:
    """'yes', or 'no' with the default when it is a plain value."""
    if info.is_required():
        return "yes"
    default = info.get_default(call_default_factory=True)
    if isinstance(default, enum.Enum):
        default = default.value
    if isinstance(default, bool):
        return f"no (`{str(default).lower()}`)"
    return f"no (`{default}`)" if isinstance(default, int | str) else "no"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _shown(value: Any) -> str | None:
    """A value as the example cell shows it, or None when it makes no example."""
    if isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        if is_placeholder(value) or ELLIPSIS_ONLY.match(value) or TODO.search(value):
            return None
        text = " ".join(value.split())
    elif isinstance(value, list) and value and all(isinstance(v, str | int) for v in value):
        text = "[" + ", ".join(str(v) for v in value) + "]"
    else:
        return None
    text = text if len(text) <= EXAMPLE_LENGTH else text[: EXAMPLE_LENGTH - 1].rstrip() + "…"
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _walk(model: type[Node], data: Any) -> Iterator[tuple[type[Node], str, Any]]:
    """Every (model, field, value) of a file's data, in file order."""
    if not isinstance(data, dict):
        return
    for name, value in data.items():
        info = model.model_fields.get(name)
        if info is None:
            continue
        yield model, name, value
        inner = _model_in(info.annotation)
        if inner is not None:
            for item in value if isinstance(value, list) else [value]:
                yield from _walk(inner, item)


def _shipped(folder: Path) -> Iterator[tuple[type[Node], Path]]:
    """The shipped unit's files with the model each holds."""
    for path in sorted(folder.glob("*.yaml")):
        kinds: dict[str, type[Node]] = {UNIT_FILE: Unit, PROFILE_FILE: Profile}
        yield kinds.get(path.name, Lesson), path
    for path in sorted((folder / KITS_FOLDER).glob("*.yaml")):
        yield KitSpec, path


def shipped_examples(folder: Path) -> dict[tuple[type[Node], str], str]:
    """The first value the shipped unit gives each field, as the example cell shows it."""
    examples: dict[tuple[type[Node], str], str] = {}
    for kind, path in _shipped(folder):
        source, _ = load(path, path.name)
        for model, name, value in _walk(kind, source.data if source is not None else None):
            if (model, name) not in examples and (shown := _shown(value)) is not None:
                examples[(model, name)] = shown
    return examples


def _example(examples: dict[tuple[type[Node], str], str], model: type[Node], name: str) -> str:
    if (model, name) in examples:
        return examples[(model, name)]
    given = re.search(r"e\.g\. '([^']+)'", model.model_fields[name].description or "")
    return _shown(given[1]) or "" if given else ""


def field_reference() -> str:
    """Markdown: per file kind, a table per part (field, type, required, who reads it, description, example)."""
    examples = shipped_examples(example_folder())
    lines = [
        "# Curriculum files, field by field",
        "",
        "Generated from `kitgen/model.py` and `kitgen/kits.py` by `python -m kitgen.fieldref > docs/fields.md`;",
        "do not edit by hand. The facilitator guide shows every field; *who reads it* says who else does.",
        "Examples come from the shipped unit. Text fields accept the small Markdown subset the README",
        "describes. `kitgen schema KIND` prints the same as a JSON Schema for editors.",
    ]
    documented: list[type[Node]] = []
    for kind, where in FILES:
        lines += ["", f"## The {kind.noun} file", "", f"{where}."]
        for model in _models(kind, documented):
            documented.append(model)
            doc = _cell((model.__doc__ or "").strip().split("\n\n")[0].replace("``", "`"))
            lines += ["", f"### {model.noun.capitalize()}", "", doc, ""]
            lines += [
                "| field | type | required | who reads it | description | example |",
                "|---|---|---|---|---|---|",
            ]
            for name, info in model.model_fields.items():
                described = _cell((info.description or "").replace("``", "`"))
                lines.append(
                    f"| `{name}` | {_type(info.annotation, list(info.metadata))} | {_required(info)} | "
                    f"{readers(model, name)} | {described} | {_example(examples, model, name)} |"
                )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(field_reference(), end="")

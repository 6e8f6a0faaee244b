"""The readable field reference of the lesson file, written from the models themselves.

Each field's description and audience are declared once, in ``model.py``; this renders them as
Markdown tables so the reference says exactly what the JSON Schema says. Regenerate with
``python -m kitgen.fieldref > schemas/lesson-fields.md`` (a test keeps the file current).
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic.fields import FieldInfo

from .model import FAMILY, STUDENT, Lesson, Node, audience_of

READERS = {STUDENT: "students", FAMILY: "families"}


def _model_in(annotation: Any) -> type[Node] | None:
    """The model class inside ``X``, ``list[X]``, ``X | None`` or ``Annotated[X, …]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            if (inner := _model_in(arg)) is not None:
                return inner
    return None


def _models(root: type[Node]) -> list[type[Node]]:
    """``root`` and every model reachable from its fields, in the order first met."""
    found = [root]
    for model in found:
        for info in model.model_fields.values():
            inner = _model_in(info.annotation)
            if inner is not None and inner not in found:
                found.append(inner)
    return found


def readers(model: type[Node], name: str) -> str:
    """Who reads a field besides the facilitator, in words: 'students and families', 'facilitator only'."""
    audience = audience_of(model, name)
    others = [plural for reader, plural in READERS.items() if reader in audience]
    return " and ".join(others) if others else "facilitator only"


def _anchor(model: type[Node]) -> str:
    """The anchor GitHub and most Markdown viewers give the model's heading."""
    return model.noun.replace(" ", "-")


def _given(info: FieldInfo) -> str:
    """'yes' when the field is required, else its default when it is a plain value."""
    if info.is_required():
        return "yes"
    default = info.get_default(call_default_factory=True)
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    return f"`{default}`" if isinstance(default, int | str) else ""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def field_reference(root: type[Node] = Lesson) -> str:
    """Markdown: a table per part of the file (field, required or default, who reads it, what it holds)."""
    lines = [
        f"# The {root.noun} file, field by field",
        "",
        "Generated from `kitgen/model.py` by `python -m kitgen.fieldref`; do not edit by hand.",
        "The facilitator guide shows every field; *who reads it* says who else does.",
    ]
    for model in _models(root):
        doc = _cell((model.__doc__ or "").strip().split("\n\n")[0])
        lines += ["", f"## {model.noun.capitalize()}", "", doc, ""]
        lines += ["| field | required or default | who reads it | what it holds |", "|---|---|---|---|"]
        for name, info in model.model_fields.items():
            inner = _model_in(info.annotation)
            see = f" See [{inner.noun}](#{_anchor(inner)})." if inner is not None else ""
            text = _cell((info.description or "").replace("``", "`")) + see
            lines.append(f"| `{name}` | {_given(info)} | {readers(model, name)} | {text} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(field_reference(), end="")

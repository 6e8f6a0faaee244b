"""Views of the models for one audience, with every field that audience may not read removed.

The student composer is handed only such a view, so it cannot print a look-for or an answer
key by mistake: the text is simply not there. Fields are declared with their readers in
model.py; this module applies that declaration recursively.

What a view changes is worked out once per model class and audience (``_plan``): the fields
to empty and those that can hold models. A model none of whose fields changes, all the way
down, is its own view (models are frozen); the others are copied with only those fields
replaced. Copying every node of a lesson, field by field, was most of the time a student
handout took to compose in ``kitgen validate``.
"""

from __future__ import annotations

import functools
import typing
from typing import Any, TypeVar

from .model import FACILITATOR, Node, audience_of

N = TypeVar("N", bound=Node)


def _empty(value: Any) -> Any:
    return [] if isinstance(value, list) else None


def view(model: N, audience: str) -> N:
    """A copy of ``model`` in which fields hidden from ``audience`` are None or empty lists (the
    model itself when it has no such field, nor any model inside it)."""
    if audience == FACILITATOR:
        return model
    plan = _plan(type(model), audience)
    if plan is None:
        return model
    values: dict[str, Any] = {}
    data = model.__dict__
    for name, hidden in plan:
        value = data[name]
        if hidden:
            values[name] = _empty(value)
        elif isinstance(value, Node):
            values[name] = view(value, audience)
        elif isinstance(value, list):
            values[name] = [view(item, audience) if isinstance(item, Node) else item for item in value]
    # model_copy skips validation on purpose (required facilitator fields are now None) and
    # keeps what validation noted privately, such as the order of a section's prompts and items.
    copy = model.model_copy(update=values)
    copy.__pydantic_fields_set__.update(type(model).model_fields)  # as when every field was given
    return copy


@functools.cache
def _plan(kind: type[Node], audience: str) -> tuple[tuple[str, bool], ...] | None:
    """The fields of ``kind`` a view for ``audience`` may change, each with whether it is hidden
    (else it can hold a model); None when the view of every such model is the model itself."""
    plan = tuple(
        (name, audience not in audience_of(kind, name))
        for name, info in kind.model_fields.items()
        if audience not in audience_of(kind, name) or _models(info.annotation) != []
    )
    return None if _whole(kind, audience) else plan


@functools.cache
def _whole(kind: type[Node], audience: str) -> bool:
    """Whether ``audience`` may read every field of ``kind`` and of every model its fields can
    hold."""
    seen: set[type[Node]] = set()
    waiting = [kind]
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            if audience not in audience_of(current, name):
                return False
            inner = _models(info.annotation)
            if inner is None:
                return False
            waiting += inner
    return True


def _models(annotation: Any) -> list[type[Node]] | None:
    """The models a field of this type can hold, or None when that cannot be told (``Any``)."""
    if annotation is Any:
        return None
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return [annotation]
    found: list[type[Node]] = []
    for arg in typing.get_args(annotation):
        inner = _models(arg)
        if inner is None:
            return None
        found += inner
    return found

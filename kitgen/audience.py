"""Views of the models for one audience, with every field that audience may not read removed.

The student composer is handed only such a view, so it cannot print a look-for or an answer
key by mistake: the text is simply not there. Fields are declared with their readers in
model.py; this module applies that declaration recursively.
"""

from __future__ import annotations

from typing import Any, TypeVar

from .model import FACILITATOR, Node, audience_of

N = TypeVar("N", bound=Node)


def _empty(value: Any) -> Any:
    return [] if isinstance(value, list) else None


def view(model: N, audience: str) -> N:
    """A copy of ``model`` in which fields hidden from ``audience`` are None or empty lists."""
    if audience == FACILITATOR:
        return model
    values: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if audience not in audience_of(type(model), name):
            values[name] = _empty(value)
        elif isinstance(value, Node):
            values[name] = view(value, audience)
        elif isinstance(value, list):
            values[name] = [view(item, audience) if isinstance(item, Node) else item for item in value]
        else:
            values[name] = value
    # model_copy skips validation on purpose (required facilitator fields are now None) and
    # keeps what validation noted privately, such as the order of a section's prompts and items.
    return model.model_copy(update=values)

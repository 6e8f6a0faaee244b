"""Which strings of a lesson or the unit are translatable text, and where each one sits.

A string is translatable when its field is prose (``Text`` or ``Markdown`` in model.py): ids,
references, timestamps, dates, kinds and numbers are never text to translate, and an image's file
path is not either. Every string is named two ways: by its *path* in the model (indexes for list
items, the same path the YAML loader records marks under) and by its *context*, the catalog's
``msgctxt``: the dotted field path with a list item named by its ``id`` when it has one and by its
index otherwise, e.g. ``sections.discuss.prompts.0.text`` or ``help_resources.hotline.contact``.
Ids keep a context stable when items are inserted or reordered, so a translation stays with its
text.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from ..audience import view
from ..model import FAMILY, STUDENT, Figure, Node, Text
from ..source import Path_

N = TypeVar("N", bound=Node)

PROSE_CONSTRAINTS = typing.get_args(Text)[1]
"""The StringConstraints that make a str field ``Text`` or ``Markdown`` (the two are the same type)."""
NOT_TEXT: frozenset[tuple[type[Node], str]] = frozenset({(Figure, "src")})
"""Prose-typed fields that are not words to translate."""
READERS = (STUDENT, FAMILY)
"""The audiences whose documents are translated; the facilitator guide stays in English."""


@dataclass(frozen=True)
class Entry:
    """One translatable string: where it is in the model, its catalog context and its text."""

    path: Path_
    context: str
    text: str


def _holds_prose(annotation: Any) -> bool:
    if annotation == Text:
        return True
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        return any(_holds_prose(arg) for arg in typing.get_args(annotation))
    return False


@cache  # asked for every value of every document: the answer depends on the class alone
def is_prose(owner: type[Node], name: str) -> bool:
    """True when field ``name`` of ``owner`` holds text to translate."""
    if (owner, name) in NOT_TEXT:
        return False
    info = owner.model_fields[name]
    if info.annotation is str:
        return PROSE_CONSTRAINTS in info.metadata
    return _holds_prose(info.annotation)


def _holds_node(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return True
    return any(_holds_node(arg) for arg in typing.get_args(annotation))


@cache
def _walked(owner: type[Node], name: str) -> bool:
    """Whether field ``name`` of ``owner`` can hold text to translate, itself or in its models:
    ids, numbers, kinds and times are not walked."""
    return is_prose(owner, name) or _holds_node(owner.model_fields[name].annotation)


def _key(item: Any, index: int) -> str | int:
    identifier = getattr(item, "id", None) if isinstance(item, Node) else None
    return identifier if isinstance(identifier, str) else index


def rewrite(node: N, change: Callable[[Entry], str]) -> N:
    """A copy of ``node`` in which every translatable string is replaced by ``change(entry)``.

    Ids, numbers and private attributes (such as a section's part order) are kept, so the copy
    composes exactly like the original.
    """
    return _node(node, change, (), ())


def _node(node: N, change: Callable[[Entry], str], path: Path_, context: tuple[str | int, ...]) -> N:
    updates: dict[str, Any] = {}
    for name in type(node).model_fields:
        if not _walked(type(node), name):
            continue
        value = getattr(node, name)
        new = _value(value, is_prose(type(node), name), change, (*path, name), (*context, name))
        if new is not value:
            updates[name] = new
    return node.model_copy(update=updates) if updates else node


def _value(
    value: Any, prose: bool, change: Callable[[Entry], str], path: Path_, context: tuple[str | int, ...]
) -> Any:
    if isinstance(value, Node):
        return _node(value, change, path, context)
    if isinstance(value, list):
        items = [
            _value(item, prose, change, (*path, i), (*context, _key(item, i))) for i, item in enumerate(value)
        ]
        return items if any(new is not old for new, old in zip(items, value, strict=True)) else value
    if prose and isinstance(value, str):
        return change(Entry(path, ".".join(str(part) for part in context), value))
    return value


def entries(node: Node) -> list[Entry]:
    """Every translatable string of ``node``, in the order of its fields."""
    found: list[Entry] = []

    def note(entry: Entry) -> str:
        found.append(entry)
        return entry.text

    rewrite(node, note)
    return found


def reader_entries(node: Node) -> list[Entry]:
    """The translatable strings a student or a family reads: those of the two audience views.

    The views remove facilitator-only fields (and facilitator-only ids, so contexts come from the
    full model); a string is kept when either view still holds it at the same path.
    """
    visible = reader_paths(node)
    return [entry for entry in entries(node) if entry.path in visible]


def reader_paths(node: Node) -> set[Path_]:
    """Where ``reader_entries`` are: enough for a caller that walks the model itself."""
    return {entry.path for audience in READERS for entry in entries(view(node, audience))}

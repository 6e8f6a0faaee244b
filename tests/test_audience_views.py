"""audience.view copies only what it must: for every shipped file and audience, the view equals
the plain field-by-field copy (every field hidden from the audience emptied, every model inside
viewed in turn), fields and private values alike, and a model it returns unchanged has nothing
hidden anywhere inside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kitgen.audience import view
from kitgen.loader import load_model
from kitgen.model import FAMILY, STUDENT, Lesson, Node, Profile, Unit, audience_of, fac, pub

LESSONS = Path(__file__).resolve().parents[1] / "lessons"


def copied(model: Node, audience: str) -> Node:
    """The view as a plain recursive copy makes it."""
    values: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if audience not in audience_of(type(model), name):
            values[name] = [] if isinstance(value, list) else None
        elif isinstance(value, Node):
            values[name] = copied(value, audience)
        elif isinstance(value, list):
            values[name] = [copied(item, audience) if isinstance(item, Node) else item for item in value]
        else:
            values[name] = value
    return model.model_copy(update=values)


def nodes(value: object) -> list[Node]:
    if isinstance(value, Node):
        return [value] + [n for name in type(value).model_fields for n in nodes(getattr(value, name))]
    if isinstance(value, list):
        return [n for item in value for n in nodes(item)]
    return []


def models() -> list[Node]:
    found: list[Node] = []
    for path in sorted(LESSONS.glob("*.yaml")):
        kind = Unit if path.name == "unit.yaml" else Profile if path.name == "profile.yaml" else Lesson
        loaded, problems = load_model(path, kind)
        assert loaded is not None, problems
        found.append(loaded.model)
    return found


@pytest.mark.parametrize("audience", [STUDENT, FAMILY])
def test_a_view_is_the_plain_copy(audience: str) -> None:
    shared = 0
    for model in models():
        seen, expected = view(model, audience), copied(model, audience)
        assert seen == expected
        assert seen.model_dump() == expected.model_dump()
        assert seen.model_fields_set == expected.model_fields_set
        kept = [n for n in nodes(seen) if any(n is m for m in nodes(model))]
        assert all(
            audience in audience_of(type(n), name)
            for node in kept
            for n in nodes(node)
            for name in type(n).model_fields
        )
        shared += len(kept)
    assert shared  # some models are the originals, not copies


class _Inner(Node):
    said: str = pub("Everyone reads it.")
    secret: str | None = fac("Facilitators only.", default=None)


class _Outer(Node):
    title: str = pub("Everyone reads it.")
    inner: _Inner = pub("All of its fields are for everyone, but not all of the inner model's.")
    inners: list[_Inner] = pub("The same, in a list.", default_factory=list)


def test_a_model_whose_own_fields_are_all_readable_is_copied_when_a_model_inside_is_not() -> None:
    inner = _Inner(said="hello", secret="the answer")
    outer = _Outer(title="t", inner=inner, inners=[inner])
    seen = view(outer, STUDENT)
    assert seen.inner.secret is None and seen.inners[0].secret is None
    assert seen.inner.said == "hello" and outer.inner.secret == "the answer"

"""What a catalog holds for one English string: a translation, a fuzzy or outdated one, or nothing.

The context (the field path) identifies an entry; the English text (msgid) says which version of
it was translated. A catalog entry with the same context but other English is *outdated*: the
English changed and ``kitgen translate update`` has not yet been run to mark it fuzzy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from babel.messages.catalog import Catalog, Message


class State(StrEnum):
    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    OUTDATED = "outdated"
    MISSING = "missing"


@dataclass(frozen=True)
class Found:
    state: State
    message: Message | None
    """The catalog entry looked at (to locate it); None when the catalog has none for this context."""

    @property
    def text(self) -> str | None:
        """The translation to use, only when it is a current, confirmed one."""
        if (
            self.state is State.TRANSLATED
            and self.message is not None
            and isinstance(self.message.string, str)
        ):
            return self.message.string
        return None


class Lookup:
    """A catalog indexed by context, to judge each English string of the current model."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.by_context = {m.context: m for m in catalog if m.id and m.context is not None}

    def find(self, context: str, english: str) -> Found:
        message = self.catalog.get(english, context=context)
        if message is None:
            other = self.by_context.get(context)
            if other is not None and other.string:
                return Found(State.OUTDATED, other)
            return Found(State.MISSING, other)
        if not message.string:
            return Found(State.MISSING, message)
        if message.fuzzy:
            return Found(State.FUZZY, message)
        return Found(State.TRANSLATED, message)

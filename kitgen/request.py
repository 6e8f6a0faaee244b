"""What the user asked ``kitgen build`` (or ``plan``) for, as parsed from the command line.

Kept apart from ``kitgen.targets``, which resolves it into kits, so that the command line makes one
without loading the lesson models (``kitgen.last_build``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Request:
    """What the user asked for on the command line."""

    kits: tuple[str, ...] = ()
    grades: tuple[int, ...] = ()
    lessons: tuple[str, ...] = ()
    name: str | None = None
    profile: Path | None = None
    """A profile replacing every kit's own (the curriculum was loaded with it)."""
    formats: tuple[str, ...] = ()
    """Only these formats; empty: each kit's own."""
    page_size: str = "letter"
    languages: tuple[str, ...] = ()
    """An ad-hoc kit's languages (``--language``); empty: English only."""

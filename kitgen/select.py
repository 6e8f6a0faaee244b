"""Which lessons an ad-hoc build holds: trainers' ``--grades`` and ``--lesson``, checked, never guessed.

A typo in a lesson id, a grade outside 7–12 or a half-written range is an error that says what
is accepted, never a silently smaller kit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import get_close_matches

from .model import Lesson

LOWEST, HIGHEST = 7, 12
GRADES_HELP = f"grades are {LOWEST}–{HIGHEST}: one grade ('9'), a range ('9-10') or a list ('7,9-10')"
_PART = re.compile(r"^(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?$")


class SelectionError(ValueError):
    """A selection that cannot be built as asked; the message says why and what would work."""

    def __init__(self, message: str, option: str = "--grades") -> None:
        super().__init__(message)
        self.option = option
        """The command-line option at fault."""


def closest(ref: str, known: Sequence[str], n: int = 3) -> str | None:
    """'a' or 'a, b or c': the known ids closest to a mistyped one, quoted, or None."""
    close = [f"'{c}'" for c in get_close_matches(ref, list(known), n=n, cutoff=0.5)]
    if not close:
        return None
    return close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"


def parse_grades(text: str) -> list[int]:
    """'9-10' → [9, 10]; '7,9' → [7, 9]. Raises SelectionError naming what is accepted."""
    grades: set[int] = set()
    parts = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not part for part in parts):
        raise SelectionError(f"'{text}' names no grade; {GRADES_HELP}")
    for part in parts:
        match = _PART.match(part)
        if match is None:
            raise SelectionError(f"'{part}' is not a grade or a complete range; {GRADES_HELP}")
        first = int(match[1])
        last = int(match[2] or first)
        if first > last:
            raise SelectionError(f"'{part}' runs backwards; write '{last}-{first}'")
        if first < LOWEST or last > HIGHEST:
            raise SelectionError(f"'{part}' is outside grades {LOWEST}–{HIGHEST}; {GRADES_HELP}")
        grades.update(range(first, last + 1))
    return sorted(grades)


def grades_label(grades: Sequence[int]) -> str:
    """[9, 10] → '9-10'; [7, 9, 10] → '7-9-10' (for folder names): runs joined by '-'."""
    ordered = sorted(set(grades))
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}-{ordered[-1]}" if len(ordered) > 1 else str(ordered[0])
    return "-".join(str(g) for g in ordered)


def select(lessons: Sequence[Lesson], grades: Sequence[int] = (), ids: Sequence[str] = ()) -> list[Lesson]:
    """The lessons asked for, by number; SelectionError for an unknown id, a lesson outside the
    grades asked for, or grades no lesson teaches."""
    by_id = {lesson.id: lesson for lesson in lessons}
    for ref in ids:
        if ref not in by_id:
            close = closest(ref, sorted(by_id))
            raise SelectionError(
                f"no lesson '{ref}'"
                + (f"; did you mean {close}?" if close else "")
                + " ('kitgen list' shows every lesson id)",
                "--lesson",
            )
    chosen = [by_id[ref] for ref in dict.fromkeys(ids)] if ids else list(lessons)
    if grades:
        outside = [lesson for lesson in chosen if not set(grades) & set(lesson.grades)]
        if ids and outside:
            lesson = outside[0]
            raise SelectionError(
                f"lesson '{lesson.id}' is written for {_grades(lesson.grades)}, not {_grades(grades)}; "
                "drop --grades or that --lesson"
            )
        chosen = [lesson for lesson in chosen if lesson not in outside]
        if not chosen:
            covered = sorted({g for lesson in lessons for g in lesson.grades})
            raise SelectionError(
                f"no lesson is written for {_grades(grades)}; this curriculum covers {_grades(covered)}"
            )
    return sorted(chosen, key=lambda lesson: lesson.number)


def _grades(grades: Sequence[int]) -> str:
    ordered = sorted(set(grades))
    if len(ordered) == 1:
        return f"grade {ordered[0]}"
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"grades {ordered[0]}–{ordered[-1]}"
    return "grades " + ", ".join(str(g) for g in ordered)

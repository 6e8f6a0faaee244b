"""Which lessons a kit holds: pure functions over the loaded lessons, for trainers' subsets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Lesson


def parse_grades(text: str) -> set[int]:
    """'9-10' → {9, 10}; '7,9' → {7, 9}. Raises ValueError on anything else."""
    grades: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        first, last = int(low), int(high or low)
        if first > last:
            raise ValueError(f"'{part.strip()}' runs backwards")
        grades.update(range(first, last + 1))
    return grades


def select(lessons: Sequence[Lesson], grades: Iterable[int] = (), ids: Iterable[str] = ()) -> list[Lesson]:
    """Lessons that teach any of ``grades`` and whose id is in ``ids`` (an empty filter keeps all), in order."""
    wanted_grades, wanted_ids = set(grades), set(ids)
    chosen = [
        lesson
        for lesson in lessons
        if (not wanted_grades or wanted_grades & set(lesson.grades))
        and (not wanted_ids or lesson.id in wanted_ids)
    ]
    return sorted(chosen, key=lambda lesson: lesson.number)

"""``kitgen new lesson``: a lesson file to fill in, with the next free number and an id made from its title.

Every field a lesson needs is there with TODO text, so the file validates at once (with a
warning per TODO, which ``--strict`` refuses) and a writer replaces text rather than looking up
field names. The comment beside each field says who reads it, taken from the model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import display_path
from .fieldref import readers
from .loader import PROFILE_FILE, UNIT_FILE
from .model import (
    ID_PATTERN,
    ExitItem,
    FamilyConnection,
    Lesson,
    Node,
    Objective,
    SafetyPlan,
    Section,
    slug,
)
from .source import load

MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S+$")
DEFAULT_MODELINE = "# yaml-language-server: $schema=../schemas/lesson.schema.json"
HIGHEST_NUMBER = 99
COMMENT_COLUMN = 40


class NewLessonError(Exception):
    """The lesson cannot be written as asked; nothing was written."""


@dataclass(frozen=True)
class Neighbours:
    """What the lessons already in the folder use: numbers, ids, and their schema modeline."""

    numbers: frozenset[int]
    ids: frozenset[str]
    modeline: str


def _neighbours(folder: Path) -> Neighbours:
    numbers: set[int] = set()
    ids: set[str] = set()
    modeline = DEFAULT_MODELINE
    paths = sorted(
        p for p in [*folder.glob("*.yaml"), *folder.glob("*.yml")] if p.name not in (UNIT_FILE, PROFILE_FILE)
    )
    for path in paths:
        if prefix := re.match(r"^(\d+)-", path.name):
            numbers.add(int(prefix[1]))
        source, _ = load(path, display_path(path))  # a broken file still holds its name's number
        if source is None:
            continue
        if isinstance(source.data.get("number"), int):
            numbers.add(source.data["number"])
        if isinstance(source.data.get("id"), str):
            ids.add(source.data["id"])
        first = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0].strip()
        if MODELINE.match(first):
            modeline = first
    return Neighbours(frozenset(numbers), frozenset(ids), modeline)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _line(indent: str, model: type[Node], name: str, value: str | None = None, note: str = "") -> str:
    """``name: value`` with who reads the field in a comment beside it."""
    left = f"{indent}{name}:" + (f" {value}" if value is not None else "")
    comment = readers(model, name) + (f"; {note}" if note else "")
    return f"{left:<{COMMENT_COLUMN - 1}} # {comment}"


def skeleton(lesson_id: str, number: int, title: str, grades: list[int], modeline: str) -> str:
    """The text of a new lesson file: every field a lesson needs, TODO where words are needed."""
    lines = [
        modeline,
        "# Made by 'kitgen new lesson'. Replace every TODO: 'kitgen validate' warns about each one left,",
        "# and 'validate --strict' and 'build --strict' refuse them. The comment beside each field says",
        "# who reads it besides the facilitator, who reads everything. docs/fields.md in kitgen's",
        "# repository lists every field a lesson may have.",
        _line("", Lesson, "id", lesson_id, "lowercase letters, digits, hyphens; unique in the unit"),
        _line("", Lesson, "number", str(number), "its place in the unit"),
        _line("", Lesson, "title", _q(title), "sentence case"),
        _line("", Lesson, "grades", f"[{', '.join(map(str, grades))}]"),
        _line("", Lesson, "duration_minutes", "50", "one class period"),
        _line("", Lesson, "overview", _q("TODO: the big idea of the lesson and why it matters")),
        _line("", Lesson, "student_summary", _q("TODO: what we will do today, as students read it")),
        _line("", Lesson, "objectives"),
        _line("  - ", Objective, "facilitator", _q("TODO: a measurable objective that starts with its verb")),
        _line("    ", Objective, "student", _q("TODO: the same objective as 'I can …'")),
        _line("", Lesson, "safety_plan"),
        _line(
            "  ",
            SafetyPlan,
            "opt_out_alternative",
            _q("TODO: an equal activity that does not single anyone out"),
        ),
        _line("  ", SafetyPlan, "counselor", "on_call", "or in_room"),
        _line("  ", SafetyPlan, "step_out", _q("TODO: how a student steps out without having to explain")),
        _line("", Lesson, "sections", None, "minutes add up to duration_minutes"),
    ]
    sections = [
        ("warm-up", "warm_up", 10, "student_instructions", "TODO: what students do, as they read it"),
        ("activity", "activity", 25, "student_instructions", "TODO: what students do, as they read it"),
        ("closure", "closure", 10, "script", "TODO: what you say to close calmly and point to help"),
    ]
    for ident, kind, minutes, part, text in sections:
        lines += [
            _line("  - ", Section, "id", ident),
            _line("    ", Section, "kind", kind),
            _line("    ", Section, "title", _q(f"TODO: {kind.replace('_', '-')} title")),
            _line("    ", Section, "minutes", str(minutes)),
            _line("    ", Section, part, _q(text)),
        ]
    lines += [
        _line("  - ", Section, "id", "exit-ticket"),
        _line("    ", Section, "kind", "exit_ticket"),
        _line("    ", Section, "title", _q("TODO: exit-ticket title")),
        _line("    ", Section, "minutes", "5"),
        _line("    ", Section, "items"),
        _line("      - ", ExitItem, "text", _q("TODO: a question that shows whether an objective was met")),
        _line("        ", ExitItem, "kind", "short_answer", "or multiple_choice, true_false"),
        _line("        ", ExitItem, "answer", _q("TODO: what a strong answer says")),
        _line(
            "", Lesson, "disclosure_notes", _q("TODO: what to do if a student discloses during this lesson")
        ),
        _line("", Lesson, "family_connection"),
        _line(
            "  ",
            FamilyConnection,
            "preview",
            _q("TODO: what the lesson will cover, for the letter sent home"),
        ),
        _line("  ", FamilyConnection, "summary", _q("TODO: what the lesson covered, for the family sheet")),
        _line(
            "  ",
            FamilyConnection,
            "conversation_starters",
            f"[{_q('TODO: a question to talk about at home')}]",
        ),
    ]
    return "\n".join(lines) + "\n"


def next_steps(path: Path, folder: Path) -> list[str]:
    """What to do after ``new_lesson`` wrote ``path``: its TODOs, and in a curriculum with translations, the
    catalog each language needs (until its safety-critical entries are translated, a build
    refuses that language's documents of every kit holding the lesson)."""
    from .i18n.catalogs import catalog_path, languages
    from .i18n.translate import language_name

    shown, lesson_id = display_path(path), path.stem.split("-", 1)[1]  # named NN-<id>.yaml
    steps = [f"replace its TODOs, then run 'kitgen validate {shown}'"]
    codes = languages(folder)
    if codes:
        option = "" if folder == Path("lessons") else f" --lessons {display_path(folder)}"
        names = " and ".join(f"{language_name(code)} ({code})" for code in codes)
        catalogs = ", ".join(display_path(catalog_path(folder, code, lesson_id)) for code in codes)
        steps.append(
            f"for its {names} documents run 'kitgen translate extract{option}' and 'kitgen translate "
            f"update{option}', then translate {catalogs} ('kitgen translate status{option}' shows what "
            "is left); until then 'kitgen build' refuses those documents of every kit that holds this "
            "lesson, and builds the English ones"
        )
    return steps


def new_lesson(folder: Path, title: str, grades: list[int], lesson_id: str | None = None) -> Path:
    """Write a new lesson file into ``folder`` and return its path; never replaces a file."""
    if not folder.is_dir():
        raise NewLessonError(
            f"there is no folder {display_path(folder)}; 'kitgen init DIR' makes a new project"
        )
    if not title.strip():
        raise NewLessonError("the title is empty")
    ident = lesson_id if lesson_id is not None else slug(re.sub(r"['’]", "", title))[:60].strip("-")
    if not re.match(ID_PATTERN, ident) or len(ident) > 60:
        raise NewLessonError(
            f"'{ident}' cannot be a lesson id; give --id with lowercase letters, digits and hyphens"
        )
    taken = _neighbours(folder)
    if ident in taken.ids:
        raise NewLessonError(
            f"a lesson in {display_path(folder)} already has the id '{ident}'; give another with --id"
        )
    number = max(taken.numbers, default=0) + 1
    if number > HIGHEST_NUMBER:
        raise NewLessonError(f"lesson numbers go up to {HIGHEST_NUMBER}, and {HIGHEST_NUMBER} is taken")
    path = folder / f"{number:02d}-{ident}.yaml"
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(skeleton(ident, number, title.strip(), grades, taken.modeline))
    except FileExistsError:
        raise NewLessonError(f"{display_path(path)} already exists; nothing was written") from None
    return path

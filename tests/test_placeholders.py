"""Unwritten text: a TODO is a warning at its field, and the README's '…' example values copied as
they are are errors at each field, with a hint."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from kitgen.placeholders import unwritten
from kitgen.source import load
from kitgen.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent


def readme_lesson() -> str:
    """The lesson example of the README's 'Writing a lesson' section, as a reader would copy it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing a lesson", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match[1]


def test_the_readme_example_copied_as_is_is_caught_at_every_ellipsis(tmp_path: Path) -> None:
    folder = tmp_path / "lessons"
    folder.mkdir()
    for name in ("unit.yaml", "profile.yaml"):
        shutil.copy(ROOT / "lessons" / name, folder / name)
    text = readme_lesson()
    (folder / "01-myths-and-facts.yaml").write_text(text, encoding="utf-8")

    result = validate_paths([folder])
    found = [d for d in result.diagnostics if d.code == "example-value"]
    fields = [d.message.split("'")[1] for d in sorted(found)]
    assert fields == [
        "overview",
        "student_summary",
        "content_advisory.student",
        "content_advisory.facilitator",
        "safety_plan.opt_out_alternative",
        "safety_plan.step_out",
        "sections[warm-up].response.table.rows[1]",
        "sections[warm-up].response.table.rows[2]",
        "disclosure_notes",
    ]
    lines = text.splitlines()
    for d in found:  # located at the value itself, an error with a hint
        assert lines[d.line - 1][d.col - 1 :].lstrip('"').startswith("…"), d
        assert d.severity.value == "error" and d.hint and "README" in d.message
    assert sum(line.split(" # ")[0].count("…") for line in lines) == len(found) + 2  # two in prose


def test_todo_is_a_warning_at_its_field_and_three_dots_an_error(tmp_path: Path) -> None:
    path = tmp_path / "lesson.yaml"
    path.write_text(
        "id: x\n"
        "overview: |\n"
        "  The big idea.\n"
        "  TODO say why it matters.\n"
        "sections:\n"
        "  - id: warm-up\n"
        "    title: ...\n"
        "  - title: 'Todo list: what a to-do list is'\n"
        "    notes: 'An ellipsis … inside prose is fine'\n"
        "objectives:\n"
        "  - student: TODO\n",
        encoding="utf-8",
    )
    source, problems = load(path, "lesson.yaml")
    assert source is not None and not problems
    found = [(d.severity.value, d.code, d.line, d.col, d.message) for d in unwritten(source)]
    assert found == [
        ("warning", "todo", 2, 11, "'overview' still says 'The big idea. TODO say why it matters.'"),
        (
            "error",
            "example-value",
            7,
            12,
            "'sections[warm-up].title' is only '...', the README's example value",
        ),
        ("warning", "todo", 11, 14, "'objectives[1].student' still says 'TODO'"),
    ]


def test_the_shipped_lessons_have_nothing_unwritten() -> None:
    result = validate_paths([ROOT / "lessons"])
    assert not [d for d in result.diagnostics if d.code in ("todo", "example-value")]

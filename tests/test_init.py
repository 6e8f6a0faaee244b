"""``kitgen init``: a new project holds the shipped unit, its schemas and editor settings, validates
and builds; a folder with anything in it is refused untouched."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.init import example_folder, project_files
from kitgen.schemas import KINDS, schema_json
from kitgen.validate import validate_paths

SHIPPED = Path(__file__).resolve().parent.parent / "lessons"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _init(target: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert "kitgen validate && kitgen build" in result.output


def test_a_new_project_holds_the_shipped_unit_and_validates(tmp_path: Path) -> None:
    project = tmp_path / "district-unit"
    _init(project)
    lessons = project / "lessons"
    shipped = {p.relative_to(SHIPPED).as_posix() for p in SHIPPED.rglob("*") if p.is_file()}
    assert {p.relative_to(lessons).as_posix() for p in lessons.rglob("*") if p.is_file()} == shipped
    assert {"unit.yaml", "profile.yaml", "01-myths-and-facts.yaml", "kits/grades-9-10.yaml"} <= shipped
    for name in shipped:
        assert (lessons / name).read_bytes() == (example_folder() / name).read_bytes()
    assert "FILL IN:" in (lessons / "profile.yaml").read_text(encoding="utf-8")
    for kind in KINDS:
        assert (project / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_json(kind)

    found = {(d.severity.value, d.code, d.message) for d in validate_paths([lessons]).diagnostics}
    assert ("warning", "profile-placeholder") in {(severity, code) for severity, code, _ in found}
    assert not [problem for problem in found if problem[0] == "error"]
    shipped_found = validate_paths([SHIPPED]).diagnostics  # nothing the shipped folder does not say
    assert found == {(d.severity.value, d.code, d.message) for d in shipped_found}


def test_every_schema_the_editor_is_told_about_exists_and_covers_the_files(tmp_path: Path) -> None:
    _init(tmp_path / "p")
    project = tmp_path / "p"
    settings = json.loads((project / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    covered: dict[str, str] = {}
    for schema, globs in settings["yaml.schemas"].items():
        assert (project / schema).is_file(), schema
        for pattern in globs:
            covered |= {p.relative_to(project).as_posix(): Path(schema).name for p in project.glob(pattern)}
    yaml_files = sorted(p for p in (project / "lessons").rglob("*.yaml"))
    assert sorted(covered) == [p.relative_to(project).as_posix() for p in yaml_files]
    assert covered["lessons/unit.yaml"] == "unit.schema.json"
    assert covered["lessons/kits/grades-9-10.yaml"] == "kit.schema.json"
    for path in yaml_files:  # the first-line modeline names the same schema, and it resolves
        match = MODELINE.match(path.read_text(encoding="utf-8").split("\n", 1)[0])
        assert match is not None, path
        target = (path.parent / match[1]).resolve()
        assert target.is_file() and target.name == covered[path.relative_to(project).as_posix()]


def test_the_project_folder_validates_as_its_lessons_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'kitgen validate DIR' on a project checks DIR/lessons, whether named or run from inside."""
    project = tmp_path / "p"
    _init(project)
    (project / "lessons" / "02-recruitment-and-grooming.yaml").write_text("id: [\n", encoding="utf-8")
    runner = CliRunner()
    named = runner.invoke(main, ["validate", str(project)])
    assert named.exit_code == 1
    assert "lessons/02-recruitment-and-grooming.yaml:" in named.output and "error[" in named.output
    assert "no unit.yaml" not in named.output.lower()
    assert f"{len(list((project / 'lessons').rglob('*.yaml')))} files checked" in named.output
    monkeypatch.chdir(project)
    inside = runner.invoke(main, ["validate", "."])
    assert inside.exit_code == 1 and "lessons/02-recruitment-and-grooming.yaml:" in inside.output
    assert runner.invoke(main, ["validate"]).output == inside.output


@pytest.mark.parametrize("occupant", ["file-inside", "is-a-file"])
def test_a_folder_with_anything_in_it_is_refused_untouched(tmp_path: Path, occupant: str) -> None:
    target = tmp_path / "taken"
    if occupant == "file-inside":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    else:
        target.write_text("mine")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert ("is not empty" if occupant == "file-inside" else "is a file") in result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == (
        ["notes.txt", "taken"] if occupant == "file-inside" else ["taken"]
    )
    assert (target / "notes.txt" if occupant == "file-inside" else target).read_text() == "mine"


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _init(tmp_path / "empty")
    assert (tmp_path / "empty" / "lessons" / "unit.yaml").is_file()


@pytest.mark.slow
def test_init_then_new_lesson_builds_a_handout_with_its_title(tmp_path: Path) -> None:
    """The whole start: a new project, a new lesson in it, validated and built as a user would."""
    project = tmp_path / "project"
    _init(project)
    runner = CliRunner()
    title = "Healthy online friendships: who's real?"
    made = runner.invoke(
        main, ["new", "lesson", "--title", title, "--grades", "9-10", "--lessons", str(project / "lessons")]
    )
    assert made.exit_code == 0, made.output
    lesson = project / "lessons" / "07-healthy-online-friendships-whos-real.yaml"
    checked = runner.invoke(main, ["validate", str(project)])
    errors = [line for line in checked.output.splitlines() if ": error[" in line]
    assert errors and all(  # only the Spanish of the kits holding it, until its catalog is translated
        "/translations/es/healthy-online-friendships-whos-real.po" in line for line in errors
    ), checked.output
    out = tmp_path / "out"
    built = runner.invoke(
        main,
        ["build", "--lessons", str(project / "lessons"), "--out", str(out), "--lesson",
         "healthy-online-friendships-whos-real", "--format", "pdf", "--quiet"],
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    (handout,) = out.glob("*/student/*-lesson-07-healthy-online-friendships-whos-real-student-handout.pdf")
    text = subprocess.run(["pdftotext", str(handout), "-"], capture_output=True, text=True, check=True).stdout
    assert "Lesson 7: Healthy online friendships:" in text and "who's real?" in " ".join(text.split())
    assert "TODO: warm-up title" in text  # a draft builds, showing what is left to write
    assert lesson.is_file()


def test_the_wheel_carries_every_file_init_copies() -> None:
    """pyproject.toml's package data for kitgen.example (setuptools globs from lessons/) holds
    every file a new project gets from the shipped unit, so an installed kitgen can start one."""
    import tomllib

    setuptools = tomllib.loads((SHIPPED.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    assert "kitgen.example" in setuptools["packages"]
    assert setuptools["package-dir"]["kitgen.example"] == "lessons"
    shipped = {
        p.relative_to(SHIPPED).as_posix()
        for pattern in setuptools["package-data"]["kitgen.example"]
        for p in SHIPPED.glob(pattern)
        if p.is_file() and not any(part.startswith((".", "__")) for part in p.relative_to(SHIPPED).parts)
    }
    copied = {name for name in project_files() if name.startswith("lessons/")}
    assert {f"lessons/{name}" for name in shipped} == copied


def test_the_wheel_lists_every_package_of_kitgen() -> None:
    """pyproject.toml names kitgen's packages one by one: a new subpackage must be added there,
    or an installed kitgen lacks it."""
    import tomllib

    root = SHIPPED.parent
    listed = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = {
        ".".join(init.parent.relative_to(root).parts) for init in (root / "kitgen").rglob("__init__.py")
    }
    assert packages <= set(listed["packages"])

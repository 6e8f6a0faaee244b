"""``kitgen new lesson``: the next free number, an id from the title, every field a lesson needs with
TODO text and its readers beside it; it validates with TODO warnings only and never replaces a file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.fieldref import readers
from kitgen.model import ExitItem, Lesson, Objective, SafetyPlan, Section
from kitgen.validate import validate_paths

SHIPPED = Path(__file__).resolve().parent.parent / "lessons"


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    """A copy of the shipped curriculum folder (lessons 1–6)."""
    folder = tmp_path / "lessons"
    shutil.copytree(SHIPPED, folder)
    return folder


def _new(folder: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", "lesson", "--lessons", str(folder), *args])
    return result.exit_code, result.output


def test_the_skeleton_takes_the_next_number_and_validates_with_todo_warnings_only(lessons: Path) -> None:
    code, output = _new(lessons, "--title", "Healthy online friendships: who's real?", "--grades", "10")
    assert code == 0, output
    path = lessons / "07-healthy-online-friendships-whos-real.yaml"
    assert path.name in output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schemas/lesson.schema.json"
    data = yaml.safe_load(text)
    assert (data["id"], data["number"], data["title"], data["grades"]) == (
        "healthy-online-friendships-whos-real",
        7,
        "Healthy online friendships: who's real?",
        [10],
    )
    assert {name for name, info in Lesson.model_fields.items() if info.is_required()} <= set(data)
    assert "disclosure_notes" in data  # required by validation, not by the schema

    result = validate_paths([path])
    assert result.diagnostics and {d.code for d in result.diagnostics} == {"todo"}
    assert all(d.severity.value == "warning" for d in result.diagnostics)
    lines = text.splitlines()
    for diagnostic in result.diagnostics:  # each at a field that says TODO
        assert "TODO" in lines[diagnostic.line - 1][diagnostic.col - 1 :]
    everything = validate_paths([lessons])  # and the folder with it: no cross-file error; only the
    errors = [d for d in everything.diagnostics if d.severity.value == "error"]  # Spanish refused
    assert set(errors) <= set(everything.curricula[0].translations)
    assert all(d.file.endswith("translations/es/healthy-online-friendships-whos-real.po") for d in errors)

    strict = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1 and "error[todo]" in strict.output


def test_each_field_says_who_reads_it(lessons: Path) -> None:
    _new(lessons, "--title", "Spotting a fake job ad", "--grades", "11-12")
    text = (lessons / "07-spotting-a-fake-job-ad.yaml").read_text(encoding="utf-8")
    comments = {}
    for line in text.splitlines():
        if match := re.match(r"^[ -]*(\w+):.*?#\s*([^;]+?)(;.*)?$", line):
            comments.setdefault(match[1], match[2])
    expected = {
        "id": readers(Lesson, "id"),
        "student_summary": readers(Lesson, "student_summary"),
        "overview": readers(Lesson, "overview"),
        "facilitator": readers(Objective, "facilitator"),
        "student": readers(Objective, "student"),
        "step_out": readers(SafetyPlan, "step_out"),
        "minutes": readers(Section, "minutes"),
        "answer": readers(ExitItem, "answer"),
        "preview": "families",
    }
    assert {name: comments[name] for name in expected} == expected
    assert expected["overview"] == "facilitator only" and expected["step_out"] == "students"
    assert yaml.safe_load(text)["grades"] == [11, 12]


@pytest.mark.parametrize(("given", "grades"), [("10", [10]), ("9-10", [9, 10]), ("9,10", [9, 10])])
def test_grades_are_written_as_a_list(tmp_path: Path, given: str, grades: list[int]) -> None:
    code, output = _new(tmp_path, "--title", "First lesson", "--grades", given)
    assert code == 0, output
    data = yaml.safe_load((tmp_path / "01-first-lesson.yaml").read_text(encoding="utf-8"))
    assert data["grades"] == grades and data["number"] == 1


def test_a_broken_file_still_holds_its_number_and_nothing_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "09-half-written.yaml").write_text("id: half-written\nnumber: [\n", encoding="utf-8")
    (tmp_path / "02-other.yaml").write_text("id: other\nnumber: 12\n", encoding="utf-8")
    code, output = _new(tmp_path, "--title", "Next one", "--grades", "8")
    assert code == 0, output
    assert (tmp_path / "13-next-one.yaml").is_file()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, output = _new(tmp_path, "--title", "Next one", "--grades", "8")
    assert code == 1 and "already has the id 'next-one'" in output
    code, output = _new(tmp_path, "--title", "Other", "--grades", "8")
    assert code == 1 and "'other'" in output
    code, output = _new(tmp_path, "--title", "Fine", "--grades", "13")
    assert code == 2 and "outside grades 7–12" in output
    code, output = _new(tmp_path, "--title", "???", "--grades", "8")
    assert code == 1 and "--id" in output
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    code, output = _new(tmp_path / "nowhere", "--title", "A lesson", "--grades", "8")
    assert code == 1 and "there is no folder" in output and "kitgen init" in output


def test_the_todo_warnings_fold_into_one_line_unless_verbose(lessons: Path) -> None:
    _new(lessons, "--title", "Spotting a fake job ad", "--grades", "11-12")
    path = lessons / "07-spotting-a-fake-job-ad.yaml"
    todos = [d for d in validate_paths([path]).diagnostics if d.code == "todo"]
    assert len(todos) > 10

    folded = CliRunner().invoke(main, ["validate", str(path)])
    assert folded.exit_code == 0, folded.output
    lines = [line for line in folded.output.splitlines() if "warning[todo]" in line]
    assert len(lines) == 1
    assert f"{len(todos)} fields still say TODO" in lines[0] and "--verbose" in folded.output
    assert lines[0].startswith(f"{todos[0].file}:{todos[0].line}:")

    verbose = CliRunner().invoke(main, ["validate", "--verbose", str(path)])
    assert sum("warning[todo]" in line for line in verbose.output.splitlines()) == len(todos)
    assert "still says 'TODO: the big idea" in verbose.output

    strict = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1
    assert sum("error[todo]" in line for line in strict.output.splitlines()) == len(todos)


@pytest.mark.slow
def test_a_new_lesson_in_a_translated_curriculum_says_how_to_get_its_catalog_and_refuses_spanish(
    lessons: Path,
) -> None:
    """new lesson → translate extract/update → status counts it missing → a kit in en and es holding
    it refuses the Spanish documents, with a located error in the new catalog, and writes the English."""
    runner = CliRunner()
    code, output = _new(lessons, "--title", "Spotting a fake job ad", "--grades", "11")
    assert code == 0, output
    catalog = lessons / "translations" / "es" / "spotting-a-fake-job-ad.po"
    assert f"then translate {catalog.as_posix()}" in output
    assert "kitgen translate extract --lessons" in output and "kitgen translate update --lessons" in output

    extract = runner.invoke(main, ["translate", "extract", "--lessons", str(lessons)])
    assert extract.exit_code == 0 and "spotting-a-fake-job-ad.pot" in extract.output, extract.output
    assert not catalog.exists()
    update = runner.invoke(main, ["translate", "update", "--lessons", str(lessons)])
    assert update.exit_code == 0, update.output
    assert f"{catalog.name}: created" in update.output and catalog.is_file()
    status = runner.invoke(main, ["translate", "status", "--lessons", str(lessons)])
    row = next(line.split() for line in status.output.splitlines() if "spotting-a-fake-job-ad" in line)
    translated, fuzzy, missing = map(int, row[1:4])
    assert (translated, fuzzy) == (0, 0) and missing > 5 and row[4] == "no"

    (lessons / "kits" / "new-lesson.yaml").write_text(
        'id: new-lesson\ntitle: "The new lesson"\nlessons:\n  ids: [spotting-a-fake-job-ad]\n'
        "languages: [en, es]\n",
        encoding="utf-8",
    )
    out = lessons.parent / "out"
    built = runner.invoke(
        main,
        ["build", "--lessons", str(lessons), "--out", str(out), "--kit", "new-lesson", "--format", "pdf", "--quiet"],
    )  # fmt: skip
    assert built.exit_code == 1
    refused = [line for line in built.output.splitlines() if "error[" in line]
    assert refused and all(
        re.match(rf".*translations/es/{catalog.name}:\d+:\d+: error\[translation-missing\]", line)
        for line in refused
    ), refused
    kit = out / "new-lesson"
    written = sorted(p.name for p in kit.rglob("*.pdf"))
    assert "ht-awareness-lesson-07-spotting-a-fake-job-ad-student-handout.pdf" in written
    assert any(name.endswith("family-letter.pdf") for name in written)
    assert not [name for name in written if name.endswith("-es.pdf")]

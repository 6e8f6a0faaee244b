"""Saved kits and trainer selections: what `kitgen kits` and `kitgen plan` say, and every way a
selection is refused with a message that names what would work. Nothing here renders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kitgen.cli import main

REPO = Path(__file__).parent.parent


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the shipped curriculum; the working folder is its parent."""
    target = tmp_path / "lessons"
    shutil.copytree(REPO / "lessons", target)
    monkeypatch.chdir(tmp_path)
    return target


def planned_paths(result: Result) -> list[str]:
    return [line.strip() for line in result.output.splitlines() if line.startswith("  ") and "/" in line]


def test_shipped_kits_are_the_unit_and_one_per_grade_band(shipped: Path) -> None:
    listed = run("kits", str(shipped))
    assert listed.exit_code == 0, listed.output
    rows = [line.split() for line in listed.output.splitlines()]
    assert [row[0] for row in rows] == ["whole-unit", "grades-7-8", "grades-9-10", "grades-11-12"]
    lessons = {row[0]: row[row.index("lessons") + 1] for row in rows}
    assert lessons == {
        "whole-unit": "1,2,3,4,5,6",
        "grades-7-8": "1,2",
        "grades-9-10": "3,4",
        "grades-11-12": "5,6",
    }


def test_plan_lists_every_kit_and_file_without_writing(shipped: Path) -> None:
    result = run("plan", "--lessons", str(shipped))
    assert result.exit_code == 0, result.output
    assert not (shipped.parent / "output").exists()
    paths = planned_paths(result)
    assert "facilitator/ht-awareness-grades-9-10-facilitator-guide.pdf" in paths
    assert "student/ht-awareness-lesson-03-force-fraud-coercion-student-handout.docx" in paths
    assert "student/ht-awareness-grades-9-10-student-handouts-all.pdf" in paths
    assert "family/ht-awareness-grades-9-10-family-letter.pdf" in paths
    assert "4 kits" in result.output.splitlines()[-1]


def test_plan_of_one_kit_names_only_its_lessons(shipped: Path) -> None:
    result = run("plan", "--lessons", str(shipped), "--kit", "grades-11-12", "--format", "PDF")
    assert result.exit_code == 0, result.output
    paths = planned_paths(result)
    handouts = [p for p in paths if p.endswith("student-handout.pdf")]
    assert [p.split("-lesson-")[1][:2] for p in handouts] == ["05", "06"]
    assert not [p for p in paths if p.endswith(".docx")]


def test_a_kit_in_listed_order_keeps_that_order(shipped: Path) -> None:
    (shipped / "kits" / "review.yaml").write_text(
        "id: review\ntitle: Review\norder: listed\nlessons:\n  ids: [being-an-upstander, myths-and-facts]\n",
        encoding="utf-8",
    )
    result = run("plan", "--lessons", str(shipped), "--kit", "review")
    assert result.exit_code == 0, result.output
    lessons = [line.split()[2] for line in result.output.splitlines() if line.startswith("  lesson ")]
    assert lessons == ["being-an-upstander", "myths-and-facts"]


def test_a_broken_kit_file_gets_located_errors_with_suggestions(shipped: Path) -> None:
    (shipped / "kits" / "district.yaml").write_text(
        "id: district\ntitle: District\nlessons:\n  band: '9-1'\n  ids: [force-fraud]\nprofile: nope.yaml\n",
        encoding="utf-8",
    )
    result = run("validate", str(shipped / "kits" / "district.yaml"))
    assert result.exit_code == 1
    assert "kits/district.yaml:4:9: error[unknown-reference]: no grade band '9-1'" in result.output
    assert "did you mean '9-10'" in result.output
    assert "kits/district.yaml:5:9: error[unknown-reference]: no lesson 'force-fraud'" in result.output
    assert "did you mean 'force-fraud-coercion'?" in result.output
    assert "kits/district.yaml:6:10: error[missing-file]" in result.output
    building = run("build", "--lessons", str(shipped), "--out", "out")
    assert building.exit_code == 1 and not Path("out").exists()


def test_kit_schema_is_published() -> None:
    result = run("schema", "kit")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"id", "title", "lessons", "order", "documents", "formats"} <= set(schema["properties"])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--lesson", "force-fraud-coercion", "--lesson", "nope"], "no lesson 'nope'"),
        (["--lesson", "force-fraud"], "did you mean 'force-fraud-coercion'?"),
        (["--kit", "grades-9"], "did you mean 'grades-9-10'"),
        (["--kit", "grades-9-10", "--grades", "9"], "cannot be combined"),
        (["--grades", "9", "--lesson", "myths-and-facts"], "written for grades 7–8, not grade 9"),
        (["--name", "x"], "give --grades or --lesson too"),
        (["--grades", "9", "--name", "Not A Folder"], "cannot name a folder"),
    ],
)
def test_selection_mistakes_are_errors_that_say_what_works(shipped: Path, args: list[str], says: str) -> None:
    result = run("plan", "--lessons", str(shipped), *args)
    assert result.exit_code == 1, result.output
    assert says in result.output


@pytest.mark.parametrize("grades", ["9-", "", "9-13", "abc", "5-6", "10-9", "7,,8"])
def test_grades_are_7_to_12_in_complete_ranges(shipped: Path, grades: str) -> None:
    result = run("plan", "--lessons", str(shipped), "--grades", grades)
    assert result.exit_code == 2, result.output
    assert "invalid literal" not in result.output
    assert "grades are 7–12" in result.output or "runs backwards" in result.output


def test_grades_no_lesson_teaches_name_the_grades_covered(minimal: Path) -> None:
    result = run("plan", "--lessons", str(minimal), "--grades", "11-12")
    assert result.exit_code == 1
    assert "no lesson is written for grades 11–12; this curriculum covers grades 7–8" in result.output


@pytest.mark.parametrize(
    ("args", "folder"),
    [
        (["--grades", "9-10"], "grades-9-10"),
        (["--grades", "9,10", "--lesson", "force-fraud-coercion"], "grades-9-10-lessons-03"),
        (["--lesson", "being-an-upstander", "--lesson", "myths-and-facts"], "lessons-01-06"),
        (["--grades", "9-10", "--page-size", "A4"], "grades-9-10-a4"),
        (["--kit", "grades-9-10", "--profile", "district.yaml"], "grades-9-10-district"),
        (["--grades", "11-12", "--name", "spring-pilot"], "spring-pilot"),
    ],
)
def test_folder_names_say_what_was_built(shipped: Path, args: list[str], folder: str) -> None:
    shutil.copy(shipped / "profile.yaml", shipped.parent / "district.yaml")
    result = run("plan", "--lessons", str(shipped), "--out", "out", *args)
    assert result.exit_code == 0, result.output
    folders = [line.split("/")[1] for line in result.output.splitlines() if line.startswith("out/")]
    assert folders == [folder]


def test_validate_checks_a_trainers_profile(shipped: Path) -> None:
    profile = shipped.parent / "district.yaml"
    profile.write_text(
        (shipped / "profile.yaml").read_text(encoding="utf-8").replace("FILL IN: district name", "Lakeside"),
        encoding="utf-8",
    )
    alone = run("validate", str(profile))
    assert "district.yaml:" in alone.output and "profile-placeholder" in alone.output
    assert "'district' is not filled in" not in alone.output
    assert "1 file checked" in alone.output
    with_folder = run("validate", str(shipped), "--profile", str(profile))
    assert "district.yaml:" in with_folder.output and "lessons/profile.yaml" not in with_folder.output


def test_warning_hint_names_the_folder_and_profile_used(minimal: Path) -> None:
    profile = minimal.parent / "other.yaml"
    profile.write_text(
        (minimal / "profile.yaml").read_text(encoding="utf-8").replace("Jordan Lee", "'FILL IN: counselor'"),
        encoding="utf-8",
    )
    result = run("plan", "--lessons", str(minimal), "--profile", str(profile))
    assert result.exit_code == 0, result.output
    assert "run 'kitgen validate lessons --profile other.yaml' to see them" in result.output
    assert "\noutput/test-unit-other/  All lessons (ad-hoc kit; profile other.yaml)\n" in result.output


def test_a_selection_error_points_at_the_option_not_a_file(shipped: Path) -> None:
    result = run("build", "--lessons", str(shipped), "--out", "out", "--lesson", "nope")
    assert result.exit_code == 1 and not Path("out").exists()
    assert result.output.startswith("--lesson: error[selection]: no lesson 'nope'")
    assert "file checked" not in result.output and "build failed: nothing was written" in result.output


def test_kit_formats_are_the_registered_writers() -> None:
    from kitgen.kits import FORMATS
    from kitgen.writers.registry import WRITERS

    assert set(FORMATS) == set(WRITERS)

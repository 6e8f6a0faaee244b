"""The validation trial of issue 10: a new lesson with a writer's natural mistakes gets every
mistake reported in one run, each at its line with a message and a hint in words."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.validate import validate_paths

REPO = Path(__file__).parent.parent
TRIAL = REPO / "tests" / "fixtures" / "trial" / "07-online-job-offers.yaml"
T = "lessons/07-online-job-offers.yaml"
LESSON = "01-test-lesson.yaml"
L = "lessons/01-test-lesson.yaml"

TRIAL_REPORT = [
    f"{T}:9:9: error[wrong-type]: 'grades' should be a valid list (got 10)\n"
    "  hint: write a list, even of one item: 'grades: [10]'",
    f"{T}:10:19: warning[minutes-short]: the sections add up to 30 minutes, 20 less than the lesson's 50\n"
    "  hint: plan the other 20 minutes: lengthen a section, add one, or lower duration_minutes",
    f"{T}:16:14: error[wrong-type]: 'vocabulary[1]' should be a vocabulary term with its fields (got 'recruiter')\n"
    "  hint: write it as a mapping, e.g. {term: …, definition: …}",
    f"{T}:16:25: error[wrong-type]: 'vocabulary[2]' should be a vocabulary term with its fields "
    "(got 'debt bondage')\n  hint: write it as a mapping, e.g. {term: …, definition: …}",
    f"{T}:20:1: error[missing-field]: a safety plan needs 'counselor' in safety_plan\n"
    "  hint: add 'counselor:' (Whether the counselor is in the room or on call)",
    f"{T}:32:14: error[video-too-long]: section 'watch' has 4 minutes, but video 'VID-04' runs 6\n"
    "  hint: give the section at least 6 minutes, plus time for its questions",
    f"{T}:36:51: error[unknown-field]: 'look_for' is not a field of a prompt; did you mean 'look_fors'?",
    f"{T}:43:16: error[unknown-reference]: no video 'vid-03' in unit.yaml; did you mean 'VID-03'?",
    f"{T}:45:5: error[unknown-field]: 'post_viewing' is not a field of a section; it is a field of 'video' "
    "above (line 42)\n  hint: indent it under 'video', lined up with that video use's other fields",
    f"{T}:46:9: error[empty-section]: section 'discussion' has nothing in it: the documents would print only "
    "its title\n  hint: add what happens in it: student_instructions, a script, notes or prompts",
    f"{T}:55:16: error[unknown-reference]: no video 'VID-09' in unit.yaml\n"
    "  hint: the unit's videos are VID-01, VID-02, VID-03, VID-04, VID-05, VID-06",
]


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped lessons with the trial lesson added; the working folder is its parent."""
    target = tmp_path / "lessons"
    shutil.copytree(REPO / "lessons", target)
    shutil.copy(TRIAL, target / TRIAL.name)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture
def edit(edit: Callable[[str, str, str], None]) -> Callable[[str, str, str], None]:
    """The minimal curriculum with its lesson's time planned in full (25 of 45 minutes would warn)."""
    edit(LESSON, "duration_minutes: 45", "duration_minutes: 25")
    return edit


def report(file: str | None = None) -> list[str]:
    found = sorted(validate_paths([Path("lessons")]).diagnostics)
    return [d.as_text() for d in found if file is None or d.file == file]


def test_the_trial_lesson_has_every_mistake_reported_in_one_run(shipped: Path) -> None:
    assert report(T) == TRIAL_REPORT


def test_a_syntax_error_hides_only_the_rest_of_its_file(shipped: Path) -> None:
    trial = shipped / TRIAL.name
    text = trial.read_text(encoding="utf-8")
    trial.write_text(text.replace("    kind: discussion\n", "     kind: discussion\n"), encoding="utf-8")
    first = shipped / "01-myths-and-facts.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("segment: VID-01", "segment: VID-1"), "utf-8")
    assert report(T) == [
        f"{T}:47:6: error[yaml-syntax]: this line is indented more than the field above it ('id', line 46), "
        "which already has a value\n  hint: line it up with 'id' (4 spaces); only a field with nothing after "
        "its ':' can have fields indented under it. Fix this to see the file's other problems."
    ]
    others = [line for line in report() if "error" in line.split(": ")[1]]
    assert any("no video 'VID-1' in unit.yaml; did you mean 'VID-01'?" in line for line in others), others


def test_checks_skip_what_failed_the_schema(edit: Callable[[str, str, str], None]) -> None:
    """A broken value is replaced by a stand-in for the checks; nothing is reported about the stand-in,
    and rules that add up a broken value wait for it."""
    edit(LESSON, "      segment: VID-01\n", "")
    edit(LESSON, "    minutes: 15\n", "    minutes: fifteen\n")
    assert report() == [
        f"{L}:34:14: error[wrong-type]: 'sections[watch].minutes' should be a valid integer (got 'fifteen')",
        f"{L}:35:5: error[missing-field]: a video use needs 'segment' in sections[watch].video\n"
        "  hint: add 'segment:' (Id of a segment in the unit's video library)",
    ]


NEW_CHECKS = [
    (
        [
            (LESSON, "    minutes: 15", "    minutes: 3"),
            (LESSON, "duration_minutes: 25", "duration_minutes: 13"),
        ],
        f"{L}:34:14: error[video-too-long]: section 'watch' has 3 minutes, but video 'VID-01' runs 5\n"
        "  hint: give the section at least 5 minutes, plus time for its questions",
    ),
    (
        [
            (LESSON, "    minutes: 15", "    minutes: 3-4"),
            (LESSON, "duration_minutes: 25", "duration_minutes: 14"),
        ],
        f"{L}:34:14: error[video-too-long]: section 'watch' has 4 minutes, but video 'VID-01' runs 5\n"
        "  hint: give the section at least 5 minutes, plus time for its questions",
    ),
    (
        [
            (LESSON, "    student_instructions: Think about trust.\n", ""),
            (LESSON, "    prompts:\n      - text: What makes someone trustworthy?\n", ""),
            (LESSON, "        look_fors: [keeps promises]\n", ""),
        ],
        f"{L}:23:9: error[empty-section]: section 'warm' has nothing in it: the documents would print only "
        "its title\n  hint: add what happens in it: student_instructions, a script, notes or prompts",
    ),
    (
        [(LESSON, "duration_minutes: 25", "duration_minutes: 35")],
        f"{L}:5:19: warning[minutes-short]: the sections add up to 25 minutes, 10 less than the lesson's 35\n"
        "  hint: plan the other 10 minutes: lengthen a section, add one, or lower duration_minutes",
    ),
    ([(LESSON, "duration_minutes: 25", "duration_minutes: 27")], ""),  # a tenth left for moving between
    (
        [(LESSON, "segment: VID-01", "segment: CLIP-7")],
        f"{L}:36:16: error[unknown-reference]: no video 'CLIP-7' in unit.yaml\n"
        "  hint: the unit's videos are VID-01\n"
        "lessons/unit.yaml:43:9: warning[unused-entry]: video 'VID-01' is shown in no lesson\n"
        "  hint: show it in a lesson's video section, or remove it from the library",
    ),
    (
        [(LESSON, "segment: VID-01", "segment: vid-01")],
        f"{L}:36:16: error[unknown-reference]: no video 'vid-01' in unit.yaml; did you mean 'VID-01'?",
    ),
    (
        [(LESSON, "grades: [7, 8]", "grades: 8")],
        f"{L}:4:9: error[wrong-type]: 'grades' should be a valid list (got 8)\n"
        "  hint: write a list, even of one item: 'grades: [8]'",
    ),
    (
        [(LESSON, "number: 1", "number: 1\ntags: trust")],
        f"{L}:3:7: error[wrong-type]: 'tags' should be a valid list (got 'trust')\n"
        "  hint: write a list, even of one item: 'tags: [\"trust\"]'",
    ),
    (
        [
            (
                LESSON,
                "        look_fors: [keeps promises]",
                "        look_fors: [keeps promises]\n        minutes: 4",
            )
        ],
        f"{L}:31:9: error[unknown-field]: 'minutes' is not a field of a prompt; it is a field of the section, "
        "not of 'prompts'\n  hint: indent it like 'prompts' (line 28), not under it",
    ),
    (
        [(LESSON, "      debrief: One-word check-in.", "    debrief: One-word check-in.")],
        f"{L}:35:5: error[missing-field]: a video use needs 'debrief' in sections[watch].video\n"
        "  hint: add 'debrief:' (How to check in on feelings before analysis)\n"
        f"{L}:42:5: error[unknown-field]: 'debrief' is not a field of a section; it is a field of 'video' "
        "above (line 35)\n  hint: indent it under 'video', lined up with that video use's other fields",
    ),
    (
        [(LESSON, "    minutes: 15", "    minutes: 15 min")],
        f"{L}:34:14: error[wrong-type]: 'sections[watch].minutes' should be a valid integer (got '15 min')\n"
        "  hint: write the number alone: 'minutes: 15'",
    ),
    (
        [
            (
                LESSON,
                "        answer: Any named adult.",
                "        answer: Any named adult.\n      - text: Why?",
            )
        ],
        f"{L}:51:9: error[missing-field]: an exit-ticket item needs 'answer' in sections[exit].items[2]\n"
        "  hint: add 'answer:' (The answer key: what a correct or strong answer says)\n"
        f"{L}:51:9: error[missing-field]: an exit-ticket item needs 'kind' in sections[exit].items[2]\n"
        "  hint: add 'kind:' (How students answer)",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), NEW_CHECKS, ids=[f"case-{i}" for i in range(len(NEW_CHECKS))])
def test_new_checks_and_hints(
    edit: Callable[[str, str, str], None], edits: list[tuple[str, str, str]], expected: str
) -> None:
    for name, old, new in edits:
        edit(name, old, new)
    assert "\n".join(report()) == expected


def test_unfilled_values_fold_into_one_line_unless_verbose(edit: Callable[[str, str, str], None]) -> None:
    edit("profile.yaml", "cps_phone: 555-0199", 'cps_phone: "FILL IN: county CPS intake line"')
    edit("profile.yaml", "district: Test District", 'district: "FILL IN: district name"')
    runner = CliRunner()
    folded = runner.invoke(main, ["validate"])
    assert folded.exit_code == 0
    assert folded.output.splitlines() == [
        "lessons/profile.yaml:1:11: warning[profile-placeholder]: 2 values are not filled in yet, "
        "from line 1 to line 11",
        "  hint: replace each FILL IN text with your district's value; 'kitgen validate --verbose' lists them",
        "3 files checked: 0 errors, 2 warnings",
    ]
    verbose = runner.invoke(main, ["validate", "--verbose"])
    assert verbose.output.count("warning[profile-placeholder]") == 2
    assert "'cps_phone' is not filled in yet (FILL IN: county CPS intake line)" in verbose.output


def test_quiet_prints_errors_only(edit: Callable[[str, str, str], None]) -> None:
    edit("profile.yaml", "cps_phone: 555-0199", 'cps_phone: "FILL IN: county CPS intake line"')
    edit(LESSON, "segment: VID-01", "segment: CLIP-7")
    quiet = CliRunner().invoke(main, ["validate", "--quiet"])
    assert quiet.exit_code == 1
    assert quiet.output.splitlines() == [
        f"{L}:36:16: error[unknown-reference]: no video 'CLIP-7' in unit.yaml",
        "  hint: the unit's videos are VID-01",
        "3 files checked: 1 error, 2 warnings",
    ]


@pytest.mark.parametrize(
    ("color", "env", "coloured"),
    [(True, {}, True), (True, {"NO_COLOR": "1"}, False), (False, {}, False)],
    ids=["terminal", "no-color", "not-a-terminal"],
)
def test_colour_only_on_a_terminal_without_no_color(
    edit: Callable[[str, str, str], None], color: bool, env: dict[str, str], coloured: bool
) -> None:
    edit(LESSON, "segment: VID-01", "segment: CLIP-7")
    result = CliRunner().invoke(main, ["validate"], color=color, env=env)
    first = result.output.splitlines()[0]
    if coloured:
        assert first == (
            f"\x1b[1m{L}:36:16\x1b[0m: \x1b[31m\x1b[1merror[unknown-reference]\x1b[0m: "
            "no video 'CLIP-7' in unit.yaml"
        )
    else:
        assert "\x1b[" not in result.output
        assert first == f"{L}:36:16: error[unknown-reference]: no video 'CLIP-7' in unit.yaml"


def test_a_unit_with_a_field_error_still_checks_the_lessons_references(
    edit: Callable[[str, str, str], None],
) -> None:
    edit("unit.yaml", "  - id: hotline\n", "  - id: hotline\n    nmae: Hotline\n")
    edit(LESSON, "segment: VID-01", "segment: VID-1")
    assert report() == [
        f"{L}:36:16: error[unknown-reference]: no video 'VID-1' in unit.yaml; did you mean 'VID-01'?",
        "lessons/unit.yaml:18:5: error[unknown-field]: 'nmae' is not a field of a help resource; did you mean 'name'?",
    ]

"""Schema and cross-file problems: one exact, located message each, and the CLI's exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.checks import write_task
from kitgen.cli import main
from kitgen.validate import validate_paths

LESSON = "01-test-lesson.yaml"
L = "lessons/01-test-lesson.yaml"
KNOWN_LESSON_FIELDS = (
    "known fields: band_standards, content_advisory, disclosure_notes, duration_minutes, essential_question, "
    "family_connection, grades, id, materials, number, objectives, overview, periods, preparation, safety_plan, "
    "sections, standards, student_materials, student_summary, survey, tags, title, vocabulary"
)
ADVISORY = (
    "content_advisory:\n  student: We will talk about a hard topic. You may pass.\n"
    "  facilitator: The video mentions threats.\n"
)
RESPONSE_HINT = (
    "  hint: say what space it needs: 'response: {lines: 4}', '{box: 8}' to draw in, "
    "'{table: {columns: [...], rows: [...]}}' or '{card: [label, ...]}'"
)
OBJECTIVES = "objectives:\n  - facilitator: Define the term.\n    student: I can define the term.\n"
MINUTES_HINT = (
    "  hint: shorten a section, mark it optional, or raise duration_minutes "
    "(optional and extension sections do not count)"
)
MATERIALS = (
    "student_materials:\n"
    "  - id: story\n    title: A story\n    kind: reading\n    body: Sam gets a job offer.\n"
    "  - id: cards\n    title: Cards\n    kind: card_set\n"
    "    cards:\n      - {text: It is always a stranger., answer: Myth}\n      - {text: It can happen here., answer: Fact}\n"
    "sections:\n"
)
WARM_UP = "    student_instructions: Think about trust.\n"
USES_MATERIALS = (
    WARM_UP + "    materials: [story]\n    response: {sort: {categories: [Myth, Fact], material: cards}}\n"
)
TWO_BANDS = '  - id: "9-10"\n    label: Grades 9–10\n    grades: [9, 10]\nhow_to_use:\n'


@pytest.fixture
def edit(edit: Callable[[str, str, str], None]) -> Callable[[str, str, str], None]:
    """The minimal curriculum with its lesson's time planned in full: it plans 25 of its 45 minutes,
    which would add a minutes-short warning to every case (other tests use the spare minutes)."""
    edit(LESSON, "duration_minutes: 45", "duration_minutes: 25")
    return edit


CASES = [
    (
        LESSON,
        "        look_fors: [keeps promises]",
        "        look_for: [keeps promises]",
        f"{L}:30:9: error[unknown-field]: 'look_for' is not a field of a prompt; did you mean 'look_fors'?",
    ),
    (
        LESSON,
        "vocabulary:\n",
        "vocabulary: 3\nx_vocab:\n",
        f"{L}:12:13: error[wrong-type]: 'vocabulary' should be a valid list (got 3)\n"
        f"{L}:13:1: error[unknown-field]: 'x_vocab' is not a field of a lesson\n  hint: {KNOWN_LESSON_FIELDS}",
    ),
    (
        LESSON,
        "title: A Test Lesson\n",
        "",
        f"{L}:1:1: error[missing-field]: a lesson needs 'title'\n  hint: add 'title:' (Lesson title)",
    ),
    (
        LESSON,
        "  step_out: Show the pass card and go to the break space.\n",
        "",
        f"{L}:18:1: error[missing-field]: a safety plan needs 'step_out' in safety_plan\n"
        "  hint: add 'step_out:' (How a student steps out without having to explain)",
    ),
    (
        LESSON,
        "grades: [7, 8]",
        "grades: [6, 8]",
        f"{L}:4:10: error[out-of-range]: 'grades[1]' must be at least 7 (got 6)",
    ),
    (
        LESSON,
        "    minutes: 15",
        "    minutes: 500",
        f"{L}:34:14: error[out-of-range]: 'sections[watch].minutes' must be at most 120 (got 500)",
    ),
    (
        LESSON,
        "    minutes: 15",
        "    minutes: fifteen",
        f"{L}:34:14: error[wrong-type]: 'sections[watch].minutes' should be a valid integer (got 'fifteen')",
    ),
    (
        LESSON,
        "overview: The big idea.",
        "overview: ''",
        f"{L}:6:11: error[out-of-range]: 'overview' must not be empty",
    ),
    (
        LESSON,
        OBJECTIVES,
        "objectives: []\n",
        f"{L}:8:13: error[out-of-range]: 'objectives' needs at least 1 item(s)",
    ),
    (
        LESSON,
        "  counselor: on_call",
        "  counselor: nearby",
        f"{L}:20:14: error[invalid-value]: 'safety_plan.counselor' must be 'in_room' or 'on_call' (got 'nearby')",
    ),
    (
        LESSON,
        "id: test-lesson",
        "id: Test Lesson",
        f"{L}:1:5: error[invalid-value]: 'id' has the wrong form (got 'Test Lesson')\n"
        "  hint: use lowercase letters, digits and hyphens, e.g. 'myths-and-facts'",
    ),
    (
        LESSON,
        "duration_minutes: 25",
        "duration_minutes: 20",
        f"{L}:5:19: error[minutes-exceed]: the sections add up to 25 minutes, more than the lesson's 20\n"
        f"{MINUTES_HINT}",
    ),
    (
        LESSON,
        "segment: VID-01",
        "segment: VID-1",
        f"{L}:36:16: error[unknown-reference]: no video 'VID-1' in unit.yaml; did you mean 'VID-01'?",
    ),
    (
        LESSON,
        "standards: [NHES-2024.1]",
        "standards: [CASEL.XX]",
        f"{L}:11:13: error[unknown-reference]: no standard 'CASEL.XX' in unit.yaml\n  hint: the unit's standards are NHES-2024.1\n"
        "lessons/unit.yaml:52:9: warning[unused-entry]: standard 'NHES-2024.1' is cited by no lesson\n"
        "  hint: add it to the standards of the lessons that teach it, or remove it from the catalog",
    ),
    (
        LESSON,
        "disclosure_notes: Follow the disclosure card.\n",
        "",
        f"{L}:1:1: error[missing-disclosure-notes]: the lesson has no disclosure_notes\n"
        "  hint: say what a facilitator does if a student discloses during this lesson",
    ),
    (
        LESSON,
        ADVISORY,
        "",
        f"{L}:1:1: error[missing-advisory]: the lesson shows a video but has no content_advisory\n"
        "  hint: tell students ahead of time what the video covers and that they may step out",
    ),
    (
        LESSON,
        "  - id: exit\n",
        "  - id: watch\n",
        f"{L}:43:9: error[duplicate-id]: section id 'watch' is used twice (first at line 31)",
    ),
    (
        LESSON,
        "overview: The big idea.",
        "overview: 'See [this](javascript:alert(1))'",
        f"{L}:6:11: error[unsafe-link]: the link 'javascript:alert(1)' is not allowed\n"
        "  hint: links may use only http, https, mailto or tel",
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.",
        "    student_instructions: Think.\n    figure:\n      src: ../../etc/passwd.png\n      alt: A picture",
        f"{L}:29:12: error[image-path]: the image '../../etc/passwd.png' leaves the lessons folder\n"
        "  hint: put images in the lessons folder",
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.",
        "    student_instructions: Think.\n    figure:\n      src: missing.png\n      alt: A picture",
        f"{L}:29:12: error[image-path]: the image 'missing.png' does not exist\n  hint: put images in the lessons folder",
    ),
    (
        LESSON,
        "        kind: short_answer",
        "        kind: multiple_choice",
        f"{L}:48:9: error[missing-choices]: a multiple_choice item needs at least 2 choices",
    ),
    (
        "unit.yaml",
        "    min_grade: 7",
        "    min_grade: 9",
        f"{L}:36:16: error[video-grade]: video 'VID-01' is for grade 9 and up, but the lesson is for grade 7\n"
        "  hint: choose another segment or remove the lower grades from the lesson",
    ),
    (
        "unit.yaml",
        "    contact: Call 911",
        "    contact: Call the police",
        "lessons/unit.yaml:17:3: error[missing-help-resource]: the help resources do not include 911 for emergencies\n"
        "  hint: every student handout must carry it; add it to help_resources",
    ),
    (
        "unit.yaml",
        "  - id: text-line",
        "  - id: hotline",
        "lessons/unit.yaml:21:9: error[duplicate-id]: help resource id 'hotline' is used twice (first at line 17)",
    ),
    (
        "profile.yaml",
        "cps_phone: 555-0199",
        "cps_phone: 'FILL IN: county CPS intake phone'",
        "lessons/profile.yaml:11:12: warning[profile-placeholder]: 'cps_phone' is not filled in yet "
        "(FILL IN: county CPS intake phone)\n  hint: replace the FILL IN text with your district's value",
    ),
    (
        LESSON,
        "      - text: What makes someone trustworthy?\n",
        "      - text: What makes someone trustworthy? Write two ideas.\n        response: null\n",
        f"{L}:29:15: warning[missing-response]: the prompt asks students to write or draw ('Write two ideas.') "
        f"but has 'response: null'\n{RESPONSE_HINT}",
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.\n",
        "    student_instructions: On your own, list three adults you trust.\n",
        "",  # the prompt below carries the space to write in
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.\n    prompts:\n      - text: What makes someone trustworthy?\n",
        "    student_instructions: On your own, list three adults you trust.\n"
        "    prompts:\n      - text: What makes someone trustworthy?\n        response: null\n",
        f"{L}:27:27: warning[missing-response]: the instructions ask students to write or draw "
        f"('list three adults you') but the section gives no space\n{RESPONSE_HINT}",
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.\n",
        "    student_instructions: Read the story, then **draw** a map of who helps.\n",
        f"{L}:27:27: warning[missing-response]: the instructions ask students to write or draw "
        f"('draw a map of') but the section gives no box to draw in\n{RESPONSE_HINT}",
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.\n",
        "    student_instructions: Draw a map of who helps.\n    response: {box: 8}\n",
        "",
    ),
    (
        "unit.yaml",
        "    verified: true\n",
        "    verified: true\n  - id: CASEL.SA\n    framework: CASEL\n    code: SA\n    label: Self-awareness.\n"
        "    verified: false\n",
        "lessons/unit.yaml:57:9: warning[unused-entry]: standard 'CASEL.SA' is cited by no lesson\n"
        "  hint: add it to the standards of the lessons that teach it, or remove it from the catalog",
    ),
    (
        "unit.yaml",
        "standards:\n",
        "  - id: VID-02\n    title: Later\n    series: Test Series\n    source: Test producer\n"
        "    access: From the district's licensed copy.\n    length_minutes: 4\n    min_grade: 9\n"
        "    content_descriptors: [coercion]\nstandards:\n",
        "lessons/unit.yaml:51:9: warning[unused-entry]: video 'VID-02' is shown in no lesson\n"
        "  hint: show it in a lesson's video section, or remove it from the library",
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.",
        "    student_instructions: Think.\n    figure:\n      src: map.svg\n      alt: A map",
        f"{L}:29:12: error[image-format]: the image 'map.svg' is an SVG file, which the DOCX documents cannot "
        "embed\n  hint: export it as PNG (or JPEG) and use that file",
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.",
        "    student_instructions: |\n      Compare:\n\n      | Trust | Pressure |\n      |---|---|\n      | a | b |",
        f"{L}:27:27: error[table-caption]: a table needs a caption, which the documents print above it\n"
        "  hint: write 'Table: what the table shows' on the line directly above the table",
    ),
    (
        LESSON,
        "    student_instructions: Think about trust.",
        "    student_instructions: |\n      Table: Trust or pressure\n      | Trust | Pressure |\n      |---|---|",
        "",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    CASES,
    ids=[f"{i}-" + (c[3].split("[")[1].split("]")[0] if c[3] else "valid") for i, c in enumerate(CASES)],
)
def test_each_problem_has_one_located_message(
    edit: Callable[[str, str, str], None], name: str, old: str, new: str, expected: str
) -> None:
    edit(name, old, new)
    result = validate_paths([Path("lessons")])
    assert "\n".join(d.as_text() for d in sorted(result.diagnostics)) == expected


Edit = tuple[str, str, str]
PLAN_CASES: list[tuple[list[Edit], str]] = [
    (  # a range: the least minutes must fit
        [
            (LESSON, "duration_minutes: 25", "duration_minutes: 20"),
            (LESSON, "    minutes: 15", "    minutes: 15-20"),
        ],
        f"{L}:5:19: error[minutes-exceed]: the sections add up to at least 25 minutes, more than the lesson's 20\n"
        f"{MINUTES_HINT}",
    ),
    (  # the most may overflow, with a warning
        [(LESSON, "    minutes: 15", "    minutes: 15-40")],
        f"{L}:5:19: warning[minutes-range]: with every range at its most, the sections add up to 50 minutes, "
        "more than the lesson's 25 (at their least, 25 minutes fit)\n"
        "  hint: plan which steps stay short, or narrow a range ('up_to')",
    ),
    (  # optional steps are not counted
        [
            (LESSON, "duration_minutes: 25", "duration_minutes: 10"),
            (LESSON, "    minutes: 15", "    minutes: 15\n    optional: true"),
        ],
        "",
    ),
    (  # each period on its own
        [
            (LESSON, "duration_minutes: 25", "duration_minutes: 11\nperiods: 2"),
            (LESSON, "    minutes: 15", "    minutes: 15\n    period: 2"),
        ],
        f"{L}:5:19: error[minutes-exceed]: the sections of period 2 add up to 15 minutes, more than the period's 11\n"
        f"{MINUTES_HINT}",
    ),
    (
        [(LESSON, "duration_minutes: 25", "duration_minutes: 25\nperiods: 2")],
        f"{L}:6:10: error[empty-period]: period 2 of 2 has no sections\n"
        "  hint: give a section 'period: 2', or lower 'periods'",
    ),
    (
        [(LESSON, "    minutes: 15", "    minutes: 15\n    period: 2")],
        f"{L}:35:13: error[period-out-of-range]: section 'watch' is in period 2, but the lesson has 1 period\n"
        "  hint: raise the lesson's 'periods', or give the section an earlier period",
    ),
    ([(LESSON, "sections:\n", MATERIALS), (LESSON, WARM_UP, USES_MATERIALS)], ""),
    (
        [(LESSON, "sections:\n", MATERIALS), (LESSON, WARM_UP, USES_MATERIALS.replace("[story]", "[stroy]"))],
        f"{L}:39:17: error[unknown-reference]: no student material 'stroy' in this lesson; did you mean 'story'?",
    ),
    (
        [
            (LESSON, "sections:\n", MATERIALS),
            (LESSON, WARM_UP, USES_MATERIALS.replace("[story]", "[slides]")),
        ],
        f"{L}:23:9: warning[unused-entry]: student material 'story' is used in no section, station or sort\n"
        "  hint: list it in the 'materials' of the section that uses it, or remove it\n"
        f"{L}:39:17: error[unknown-reference]: no student material 'slides' in this lesson\n"
        "  hint: add it to the lesson's student_materials",
    ),
    (
        [
            (LESSON, "sections:\n", MATERIALS),
            (LESSON, WARM_UP, USES_MATERIALS.replace("material: cards", "material: story")),
        ],
        f"{L}:27:9: warning[unused-entry]: student material 'cards' is used in no section, station or sort\n"
        "  hint: list it in the 'materials' of the section that uses it, or remove it\n"
        f"{L}:40:59: error[not-a-card-set]: the sort uses 'story', which is a reading, not a card_set\n"
        "  hint: name a card set, or leave out 'material' so students write each card's words into a pile",
    ),
    (
        [
            (LESSON, "sections:\n", MATERIALS.replace("id: cards", "id: story")),
            (LESSON, WARM_UP, WARM_UP + "    materials: [story]\n"),
        ],
        f"{L}:27:9: error[duplicate-id]: student material id 'story' is used twice (first at line 23)",
    ),
    (
        [
            (LESSON, "sections:\n", MATERIALS),
            (
                LESSON,
                WARM_UP,
                USES_MATERIALS
                + "    stations:\n      - {title: Station 1, minutes: 2, instructions: Read it., material: storey}\n",
            ),
        ],
        f"{L}:42:74: error[unknown-reference]: no student material 'storey' in this lesson; did you mean 'story'?",
    ),
    (
        [
            (
                LESSON,
                "        look_fors: [keeps promises]",
                "        aloud: true\n        response: {lines: 2}",
            )
        ],
        f"{L}:31:19: warning[aloud-response]: the prompt is asked aloud only, so its response space is never printed\n"
        "  hint: remove 'response', or remove 'aloud: true' to print the prompt with its space on the handout",
    ),
    (
        [(LESSON, "        look_fors: [keeps promises]", "        response: {lines: 2}")],
        "",
    ),  # printed: a space is right
    (  # asked aloud: no space needed, even for a writing task
        [
            (
                LESSON,
                "      - text: What makes someone trustworthy?\n",
                "      - text: What makes someone trustworthy? List two ideas.\n        aloud: true\n        response: null\n",
            ),
        ],
        "",
    ),
    (  # an aloud prompt's space is not the space of the instructions above it
        [
            (LESSON, WARM_UP, "    student_instructions: List three adults you trust.\n"),
            (
                LESSON,
                "      - text: What makes someone trustworthy?\n",
                "      - text: What makes someone trustworthy?\n        aloud: true\n",
            ),
        ],
        f"{L}:27:27: warning[missing-response]: the instructions ask students to write or draw "
        f"('List three adults you') but the section gives no space\n{RESPONSE_HINT}",
    ),
    (  # roles with a script and no section instructions are fine
        [
            (
                LESSON,
                WARM_UP,
                "    roles:\n      - name: Reader\n        instructions: Read the story aloud.\n"
                "        script: Sam gets a message from someone new.\n",
            )
        ],
        "",
    ),
    (  # a standard cited only for one band counts as used
        [(LESSON, "standards: [NHES-2024.1]", "band_standards: [{band: '7-8', standards: [NHES-2024.1]}]")],
        "",
    ),
    (
        [
            (
                LESSON,
                "standards: [NHES-2024.1]",
                "standards: [NHES-2024.1]\nband_standards: [{band: '7-9', standards: [NHES-2024.1]}]",
            )
        ],
        f"{L}:12:25: error[unknown-reference]: no grade band '7-9' in unit.yaml; did you mean '7-8'?",
    ),
    (
        [
            (
                LESSON,
                "standards: [NHES-2024.1]",
                "standards: [NHES-2024.1]\nband_standards: [{band: '7-8', standards: [NHES-9]}]",
            )
        ],
        f"{L}:12:44: error[unknown-reference]: no standard 'NHES-9' in unit.yaml\n  hint: the unit's standards are NHES-2024.1",
    ),
    (
        [
            ("unit.yaml", "how_to_use:\n", TWO_BANDS),
            (
                LESSON,
                "standards: [NHES-2024.1]",
                "standards: [NHES-2024.1]\nband_standards: [{band: '9-10', standards: [NHES-2024.1]}]",
            ),
        ],
        f"{L}:12:25: error[band-grades]: the lesson does not teach grade band '9-10' (grades 9, 10); it is for grades 7, 8\n"
        "  hint: remove this entry, or add the band's grades to the lesson's grades",
    ),
    (
        [
            (
                LESSON,
                "standards: [NHES-2024.1]",
                "standards: [NHES-2024.1]\nband_standards:\n  - {band: '7-8', standards: [NHES-2024.1]}\n"
                "  - {band: '7-8', standards: [NHES-2024.1]}",
            )
        ],
        f"{L}:14:12: error[duplicate-id]: grade band '7-8' is used twice (first at line 13)",
    ),
]


@pytest.mark.parametrize(
    ("edits", "expected"),
    PLAN_CASES,
    ids=[f"{i}-" + (c[1].split("[")[1].split("]")[0] if c[1] else "valid") for i, c in enumerate(PLAN_CASES)],
)
def test_each_lesson_plan_problem_has_one_located_message(
    edit: Callable[[str, str, str], None], edits: list[Edit], expected: str
) -> None:
    for name, old, new in edits:
        edit(name, old, new)
    result = validate_paths([Path("lessons")])
    assert "\n".join(d.as_text() for d in sorted(result.diagnostics)) == expected


def test_all_problems_of_all_files_in_one_run(edit: Callable[[str, str, str], None]) -> None:
    edit(LESSON, "grades: [7, 8]", "grades: [6, 8]")
    edit(LESSON, "segment: VID-01", "segment: VID-99")
    edit("profile.yaml", "district: Test District", "district: [")
    result = validate_paths([Path("lessons")])
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["out-of-range", "unknown-reference", "yaml-syntax"]


def test_cli_text_output_and_exit_codes(minimal: Path, edit: Callable[[str, str, str], None]) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", "lessons"])
    assert (ok.exit_code, ok.output) == (0, "3 files checked: 0 errors, 0 warnings\n")
    edit("profile.yaml", "cps_phone: 555-0199", "cps_phone: 'FILL IN: phone'")
    warned = runner.invoke(main, ["validate"])
    assert warned.exit_code == 0 and warned.output.endswith("3 files checked: 0 errors, 1 warning\n")
    strict = runner.invoke(main, ["validate", "--strict"])
    assert strict.exit_code == 1 and "error[profile-placeholder]" in strict.output
    usage = runner.invoke(main, ["validate", "--format", "xml"])
    assert usage.exit_code == 2


def test_cli_json_and_github_formats(edit: Callable[[str, str, str], None]) -> None:
    edit(LESSON, "grades: [7, 8]", "grades: [6, 8]")
    runner = CliRunner()
    as_json = runner.invoke(main, ["validate", "--format", "json"])
    assert as_json.exit_code == 1
    payload = json.loads(as_json.output)
    assert payload["errors"] == 1 and payload["files"] == 3
    assert payload["diagnostics"][0] | {"hint": None} == {
        "file": L,
        "line": 4,
        "col": 10,
        "severity": "error",
        "code": "out-of-range",
        "message": "'grades[1]' must be at least 7 (got 6)",
        "hint": None,
    }
    github = runner.invoke(main, ["validate", "--format", "github"])
    assert github.output.splitlines()[0] == (
        f"::error file={L},line=4,col=10,title=out-of-range::'grades[1]' must be at least 7 (got 6)"
    )


def test_single_file_reports_only_that_file(edit: Callable[[str, str, str], None]) -> None:
    edit("profile.yaml", "cps_phone: 555-0199", "cps_phone: 'FILL IN: phone'")
    result = validate_paths([Path("lessons") / LESSON])
    assert result.diagnostics == [] and result.files == 1


def test_missing_folder_and_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    texts = [d.as_text() for d in sorted(validate_paths([Path("nowhere"), Path("empty")]).diagnostics)]
    assert texts == [
        "empty: error[no-lessons]: the folder holds no lesson files",
        "empty/profile.yaml: error[missing-file]: there is no profile.yaml\n"
        "  hint: a curriculum folder holds unit.yaml, profile.yaml and one YAML file per lesson",
        "empty/unit.yaml: error[missing-file]: there is no unit.yaml\n"
        "  hint: a curriculum folder holds unit.yaml, profile.yaml and one YAML file per lesson",
        "nowhere: error[missing-path]: no such file or folder",
    ]


def test_list_command(minimal: Path) -> None:
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    assert result.output.split() == [
        "1",
        "test-lesson",
        "grades",
        "7,8",
        "45",
        "min",
        "video",
        "VID-01",
        "A",
        "Test",
        "Lesson",
    ]


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("Write your answer next to the statement.", "Write your answer next"),
        ("In your group, read each statement and write M or F.", "write M or F."),
        ("On your own, **list** things any teenager needs.", "list things any teenager"),
        ("Fill in what you want to.", "Fill in what you"),
        ("Read the story.\n\n- Then sketch the scene.", "sketch the scene."),
        ("Note down one question; jot it quickly.", "Note down one question"),
        ("We will write a class definition together.", None),
        ("Then we'll list the ideas on the board.", None),
        ("Everyone writes something on a question slip.", None),
        ("Don't write anything from your safety card here.", None),
        ("Look at the list of help lines.", None),
        ("List of terms: trust, debt.", None),
        ("Listen for the people who helped.", None),
        ("People who exploit workers write ads too.", None),
    ],
)
def test_which_instructions_ask_students_to_write(text: str, task: str | None) -> None:
    assert write_task(text) == task

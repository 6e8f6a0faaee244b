"""Every field decides who reads it, and the student view really removes the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.audience import view
from kitgen.cli import main
from kitgen.loader import load_model
from kitgen.model import STUDENT, Lesson, Node, PausePoint, Profile, Section, Unit, audience_of
from kitgen.schemas import KINDS, schema_json

REPO = Path(__file__).parent.parent


def subclasses(base: type[Node]) -> list[type[Node]]:
    """Every model class derived from ``base``, so a new model is checked without being listed."""
    found = []
    for cls in base.__subclasses__():
        found += [cls, *subclasses(cls)]
    return found


def test_every_model_is_found() -> None:
    assert {Lesson, Unit, Profile, PausePoint} <= set(subclasses(Node))


@pytest.mark.parametrize("model", subclasses(Node), ids=lambda m: m.__name__)
def test_every_field_declares_its_audience(model: type[Node]) -> None:
    for name in model.model_fields:
        assert audience_of(model, name), (
            f"{model.__name__}.{name} has no audience: declare it with fac/stu/fam/pub"
        )


def test_facilitator_only_fields_are_the_expected_ones() -> None:
    hidden = {name for name in Lesson.model_fields if STUDENT not in audience_of(Lesson, name)}
    assert hidden == {
        "id",
        "duration_minutes",
        "tags",
        "overview",
        "standards",
        "band_standards",
        "materials",
        "preparation",
        "disclosure_notes",
        "family_connection",
    }


def test_student_view_of_a_shipped_lesson_has_no_facilitator_text() -> None:
    loaded, problems = load_model(REPO / "lessons" / "04-relationships-images-sextortion.yaml", Lesson)
    assert loaded is not None and not problems
    lesson = view(loaded.model, STUDENT)
    assert lesson.overview is None and lesson.disclosure_notes is None and lesson.preparation == []
    assert lesson.title == loaded.model.title and lesson.objectives[0].facilitator is None
    for section in lesson.sections:
        assert section.script is None and section.notes is None and section.minutes is None
        for prompt in section.prompts:
            assert prompt.look_fors == [] and prompt.follow_ups == [] and prompt.if_concerning is None
        for item in section.items:
            assert item.answer is None
    assert lesson.safety_plan.opt_out_alternative is None and lesson.safety_plan.step_out


def test_student_view_of_the_unit_keeps_titles_only() -> None:
    loaded, _ = load_model(REPO / "lessons" / "unit.yaml", Unit)
    assert loaded is not None
    unit = view(loaded.model, STUDENT)
    assert unit.disclosure is None and unit.reporting_steps == [] and unit.standards == []
    assert [v.title for v in unit.videos] == [v.title for v in loaded.model.videos]
    assert all(v.access is None and v.content_descriptors == [] for v in unit.videos)


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_files_are_current(kind: str) -> None:
    """Editors read schemas/*.schema.json; regenerate with `kitgen schema --out schemas`."""
    assert (REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_json(kind)


def test_schema_command_prints_json_schema_with_audiences() -> None:
    result = CliRunner().invoke(main, ["schema", "lesson"])
    assert result.exit_code == 0
    assert '"x-audience": [\n        "facilitator"\n      ]' in result.output
    assert '"additionalProperties": false' in result.output
    assert CliRunner().invoke(main, ["schema"]).exit_code == 2


@pytest.mark.parametrize("first", ["prompts", "items"])
def test_a_section_remembers_whether_items_or_prompts_come_first(first: str) -> None:
    parts = {
        "prompts": [{"text": "What helps?"}],
        "items": [{"text": "Name one adult.", "kind": "short_answer", "answer": "Any adult."}],
    }
    second = "items" if first == "prompts" else "prompts"
    data = {"id": "exit", "kind": "exit_ticket", "title": "Exit", "minutes": 5}
    section = Section.model_validate(data | {first: parts[first], second: parts[second]})
    assert [p for p in section.part_order if p in parts] == [first, second]
    assert view(section, STUDENT).part_order == section.part_order  # the handout follows the file too
    assert view(section, STUDENT).items[0].answer is None

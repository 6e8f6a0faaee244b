"""The readable field reference: current with the models, and saying who reads each field."""

from __future__ import annotations

from pathlib import Path

from kitgen.fieldref import field_reference

REFERENCE = Path(__file__).parent.parent / "schemas" / "lesson-fields.md"


def test_shipped_field_reference_is_current() -> None:
    """Regenerate with `python -m kitgen.fieldref > schemas/lesson-fields.md`."""
    assert REFERENCE.read_text(encoding="utf-8") == field_reference()


def test_each_part_has_a_table_and_each_field_its_readers() -> None:
    rows = {
        (heading, line.split("|")[1].strip(" `")): line.split("|")[3].strip()
        for part in field_reference().split("\n## ")[1:]
        for heading, _, body in [part.partition("\n")]
        for line in body.splitlines()
        if line.startswith("| `")
    }
    assert rows[("Prompt", "aloud")] == "students"
    assert rows[("Card", "answer")] == "facilitator only"
    assert rows[("Section", "differentiation")] == "facilitator only"
    assert rows[("Survey", "when")] == "students and families"
    assert rows[("Lesson", "family_connection")] == "families"
    assert {heading for heading, _ in rows} >= {
        "Role",
        "Station",
        "Rating scale",
        "Card sort",
        "Band standards",
    }

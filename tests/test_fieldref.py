"""The readable field reference: current with the models, and saying for each field of each file
kind its type, whether it is required, who reads it, what it holds and an example."""

from __future__ import annotations

from pathlib import Path

from kitgen.fieldref import field_reference

ROOT = Path(__file__).parent.parent
REFERENCE = ROOT / "docs" / "fields.md"


def rows() -> dict[tuple[str, str], list[str]]:
    """(part heading, field) → the row's cells after the field name."""
    found = {}
    for part in field_reference().split("\n### ")[1:]:
        heading, _, body = part.partition("\n")
        for line in body.splitlines():
            if line.startswith("| `"):
                cells = [cell.strip() for cell in line.strip("|").split(" | ")]
                found[(heading, cells[0].strip("`"))] = cells[1:]
    return found


def test_shipped_field_reference_is_current() -> None:
    """Regenerate with `python -m kitgen.fieldref > docs/fields.md`."""
    assert REFERENCE.read_text(encoding="utf-8") == field_reference()


def test_the_readme_links_the_reference() -> None:
    assert "](docs/fields.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_each_field_has_its_type_readers_and_an_example() -> None:
    table = rows()
    assert all(len(cells) == 5 for cells in table.values())
    kind, required, readers, _, example = table[("Lesson", "grades")]
    assert (kind, required, readers, example) == (
        "list of whole number 7–12",
        "yes",
        "students and families",
        "`[7, 8]`",
    )
    assert table[("Section", "kind")][0].startswith("one of `warm_up`, `video`")
    assert table[("Section", "id")][4] == "`warm-up`"
    assert table[("Pause point", "at")][0] == "time MM:SS"
    assert table[("Prompt", "aloud")][1:3] == ["no (`false`)", "students"]
    assert table[("Card", "answer")][2] == "facilitator only"
    assert table[("Section", "differentiation")][2] == "facilitator only"
    assert table[("Survey", "when")][2] == "students and families"
    assert table[("Lesson", "family_connection")][0:3] == [
        "[family connection](#family-connection)",
        "no",
        "families",
    ]
    assert table[("Consent", "deadline")][0] == "date YYYY-MM-DD or FILL IN"
    assert table[("Person", "name")][4] == "`Ms. Dana Ortiz`"  # from the description's 'e.g.'
    assert table[("Profile", "district")][4] == ""  # the shipped profile's FILL IN is no example
    assert table[("Kit", "order")][1] == "no (`number`)"
    headings = {heading for heading, _ in table}
    assert headings >= {
        "Lesson",
        "Unit",
        "Profile",
        "Kit",
        "Role",
        "Station",
        "Rating scale",
        "Band standards",
    }
    text = field_reference()
    for heading in headings:  # each part is documented once, so every link has one target
        assert text.count(f"\n### {heading}\n") == 1

"""The documents a lesson brings besides its handout: a reading, a card set, role cards, a survey
and the family sheet. Each is composed from a small lesson written here, rendered by the real
writers, and read back from the PDF and the DOCX as a reader gets them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from readback import docx_text, in_order, pdf_page_count, pdf_text, squash

from kitgen import doctree as dt
from kitgen.build import default_templates
from kitgen.cli import main
from kitgen.compose import Settings, family_letter, family_sheet, role_cards, student_material, survey
from kitgen.compose.common import KitScope
from kitgen.model import Lesson, Profile, Unit
from kitgen.render import _Renderer
from kitgen.strings import load_strings
from kitgen.validate import validate_folder

CARDS = [
    ("Trafficking always means crossing a border.", "Myth: no movement is needed."),
    ("Most victims know the person who exploits them.", "Fact: often a partner or relative."),
    ("Boys are never trafficked.", "Myth: anyone can be."),
    ("Traffickers often promise a job.", "Fact: fraud is a common means."),
    ("Only strangers recruit.", "Myth: recruiters are often known."),
    ("Debt can be used to control someone.", "Fact: debt bondage."),
    ("A victim is always locked up.", "Myth: control is often psychological."),
    ("Help is a phone call away.", "Fact: 1-888-373-7888."),
    ("Recruiters use social media.", "Fact: and games."),
]
SCRIPT = "Listen closely: Maya was offered a job far from home."
FACILITATOR_ONLY = ("The big idea.", "keeps promises", "Follow the disclosure card.", "Any named adult.")

EXTRA: dict[str, Any] = {
    "student_materials": [
        {
            "id": "case-story",
            "title": "Maya's story",
            "kind": "reading",
            "per": "group",
            "body": "Maya met someone online who promised a modeling job.\n\nShe was asked to keep it secret.",
            "prompts": [
                {"text": "What promise was made?", "response": {"lines": 2}},
                {"text": "Say aloud one thing you noticed.", "aloud": True, "response": None},
            ],
        },
        {
            "id": "myth-cards",
            "title": "Myth or fact?",
            "kind": "card_set",
            "per": "group",
            "cards": [{"text": text, "answer": answer} for text, answer in CARDS],
        },
        {"id": "slides", "title": "Slide deck", "kind": "external", "source": "The district's shared drive"},
    ],
    "survey": {
        "title": "How I see it",
        "when": "before_and_after",
        "instructions": "Rate each statement as you feel today.",
        "scale": {
            "low": 1,
            "high": 5,
            "low_label": "Strongly disagree",
            "high_label": "Strongly agree",
            "statements": ["I can name signs of recruitment.", "I know where to get help."],
        },
    },
}
GROUP_SECTION: dict[str, Any] = {
    "id": "group",
    "kind": "activity",
    "title": "Spot the signs",
    "minutes": 10,
    "materials": ["case-story", "myth-cards", "slides"],
    "roles": [
        {"name": "Reader", "instructions": "Read the story to your group.", "script": SCRIPT},
        {"name": "Recorder", "instructions": "Write down what the group notices."},
    ],
    "prompts": [
        {
            "text": "Sort the cards.",
            "response": {"sort": {"categories": ["Myth", "Fact"], "material": "myth-cards"}},
        }
    ],
}


@pytest.fixture
def lessons(minimal: Path) -> Path:
    """The minimal curriculum whose lesson has a reading, a card set, role cards and a survey."""
    path = minimal / "01-test-lesson.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(EXTRA)
    data["sections"].insert(-1, GROUP_SECTION)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return minimal


@pytest.fixture
def models(lessons: Path) -> tuple[Unit, Profile, Lesson]:
    curriculum, problems = validate_folder(lessons)
    assert [p.as_text() for p in problems if p.severity == "error"] == []
    assert curriculum.unit is not None and curriculum.profile is not None
    return curriculum.unit.model, curriculum.profile.model, curriculum.lessons[0].model


Compose = Callable[[Unit, Profile, Lesson], dt.Document]


def rendered(lessons: Path, doc: dt.Document, folder: Path) -> dict[str, Path]:
    """``doc`` written by the real PDF and DOCX writers, as files."""
    templates = default_templates(lessons)
    renderer = _Renderer(templates, lessons, load_strings(templates, "en"))
    files = {}
    for fmt in ("pdf", "docx"):
        files[fmt] = folder / f"document.{fmt}"
        files[fmt].write_bytes(renderer.render(doc, fmt, None))
    return files


def both_texts(lessons: Path, doc: dt.Document, folder: Path) -> dict[str, str]:
    files = rendered(lessons, doc, folder)
    return {
        "pdf": pdf_text(files["pdf"]),
        "docx": docx_text(files["docx"]),
        "pages": str(pdf_page_count(files["pdf"])),
    }


def settings() -> Settings:
    return Settings(date="2025-01-15")


def strings(lessons: Path) -> Any:
    return load_strings(default_templates(lessons), "en")


def test_a_card_set_prints_every_card_without_its_answer(
    lessons: Path, models: tuple[Unit, Profile, Lesson], tmp_path: Path
) -> None:
    unit, profile, lesson = models
    cards = lesson.student_materials[1]
    doc = student_material(unit, profile, lesson, cards, strings(lessons), settings())
    grids = [b for b in dt.walk(doc.blocks) if isinstance(b, dt.CutCards)]
    assert len(grids) == 1 and grids[0].uniform and len(grids[0].cards) == len(CARDS)
    texts = both_texts(lessons, doc, tmp_path)
    for fmt in ("pdf", "docx"):
        # pdftotext reads a page's left column of cards before its right one
        assert [text for text, _ in CARDS if squash(text) not in squash(texts[fmt])] == [], fmt
        assert [a for _, a in CARDS if squash(a) in squash(texts[fmt])] == [], (
            f"an answer is on the {fmt} cards"
        )
        assert squash("Myth or fact? · 9") in squash(texts[fmt])  # each card names its set
    assert texts["pages"] == "2"  # eight cards to a Letter page, the ninth on the next
    first_page = pdf_text_of_page(rendered(lessons, doc, tmp_path)["pdf"], 1)
    assert squash(CARDS[7][0]) in squash(first_page) and squash(CARDS[8][0]) not in squash(first_page)


def pdf_text_of_page(pdf: Path, page: int) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_a_reading_numbers_its_prompts_and_leaves_out_those_asked_aloud(
    lessons: Path, models: tuple[Unit, Profile, Lesson], tmp_path: Path
) -> None:
    unit, profile, lesson = models
    doc = student_material(unit, profile, lesson, lesson.student_materials[0], strings(lessons), settings())
    texts = both_texts(lessons, doc, tmp_path)
    for fmt in ("pdf", "docx"):
        assert (
            in_order(
                [
                    "Maya's story",
                    "Lesson 1: A Test Lesson",
                    "keep it secret",
                    "1. What promise was made?",
                    "Need help?",
                ],
                texts[fmt],
            )
            == []
        )
        assert "Say aloud" not in texts[fmt]
    with pytest.raises(ValueError, match="not printed"):
        student_material(unit, profile, lesson, lesson.student_materials[2], strings(lessons), settings())


def test_a_script_is_only_on_its_own_role_card(
    lessons: Path, models: tuple[Unit, Profile, Lesson], tmp_path: Path
) -> None:
    unit, profile, lesson = models
    doc = role_cards(unit, profile, lesson, strings(lessons), settings())
    cards = next(b for b in doc.blocks if isinstance(b, dt.CutCards)).cards
    assert len(cards) == 2
    assert [squash(SCRIPT) in squash(str(card)) for card in cards] == [True, False]
    texts = both_texts(lessons, doc, tmp_path)
    for fmt in ("pdf", "docx"):
        assert (
            in_order(
                ["Role cards", "Reader", "Read the story", "Read aloud:", SCRIPT, "Recorder", "Write down"],
                texts[fmt],
            )
            == []
        ), fmt
        assert squash(texts[fmt]).count(squash(SCRIPT)) == 1


def test_a_survey_is_anonymous_with_before_and_after_columns(
    lessons: Path, models: tuple[Unit, Profile, Lesson], tmp_path: Path
) -> None:
    unit, profile, lesson = models
    texts = both_texts(lessons, survey(unit, profile, lesson, strings(lessons), settings()), tmp_path)
    for fmt in ("pdf", "docx"):
        assert (
            in_order(
                [
                    "How I see it",
                    "this survey is anonymous",
                    "may skip any item",
                    "Statement",
                    "Before",
                    "After",
                    "I can name signs",
                    "I know where",
                ],
                texts[fmt],
            )
            == []
        ), fmt
    after_only = lesson.model_copy(update={"survey": lesson.survey.model_copy(update={"when": "after"})})  # type: ignore[union-attr]
    texts = both_texts(lessons, survey(unit, profile, after_only, strings(lessons), settings()), tmp_path)
    for fmt in ("pdf", "docx"):
        assert (
            "Before" not in texts[fmt]
            and in_order(["Statement", "1", "5", "Strongly agree"], texts[fmt]) == []
        )


def test_the_family_sheet_holds_the_lesson_for_families_and_nothing_for_facilitators(
    lessons: Path, models: tuple[Unit, Profile, Lesson], tmp_path: Path
) -> None:
    unit, profile, lesson = models
    texts = both_texts(lessons, family_sheet(unit, profile, lesson, strings(lessons), settings()), tmp_path)
    assert texts["pages"] == "1"
    for fmt in ("pdf", "docx"):
        assert (
            in_order(
                [
                    "Lesson 1: A Test Lesson",
                    "We talked about trust.",
                    "Who do you trust?",
                    "Questions? Please contact Jordan Lee",
                    "1-888-373-7888",
                ],
                texts[fmt],
            )
            == []
        ), fmt
        assert [text for text in FACILITATOR_ONLY if text in texts[fmt]] == [], fmt
        assert "Today we learn." not in texts[fmt]  # the student summary is for students


def test_the_letter_names_the_lessons_with_a_survey_and_the_right_to_review_it(
    lessons: Path, models: tuple[Unit, Profile, Lesson], tmp_path: Path
) -> None:
    unit, profile, lesson = models
    scope = KitScope(title="All lessons", curriculum_lessons=1)
    letter = family_letter(unit, profile, [lesson], scope, strings(lessons), settings())
    text = dt.plain_text(
        tuple(i for b in dt.walk(letter.blocks) if isinstance(b, dt.Paragraph) for i in b.children)
    )
    assert "Lesson 1 includes a short survey. It is anonymous" in text
    assert "right to review it before it is given to your child: please ask Jordan Lee" in text
    without = lesson.model_copy(update={"survey": None})
    letter = family_letter(unit, profile, [without], scope, strings(lessons), settings())
    assert "survey" not in str(letter.blocks)


@pytest.mark.slow
def test_a_kit_holds_the_new_documents(lessons: Path) -> None:
    planned = CliRunner().invoke(main, ["plan", "--lessons", str(lessons)])
    assert planned.exit_code == 0, planned.output
    stems = [
        "student/test-unit-lesson-01-case-story",
        "student/test-unit-lesson-01-myth-cards",
        "student/test-unit-lesson-01-role-cards",
        "student/test-unit-lesson-01-survey",
        "family/test-unit-lesson-01-test-lesson-family-sheet",
    ]
    assert in_order([f"{stem}.pdf" for stem in stems], planned.output) == []
    assert "slides" not in planned.output  # an external material is listed in the guide, not built
    built = CliRunner().invoke(main, ["build", "--lessons", str(lessons), "--quiet"])
    assert built.exit_code == 0, built.output
    kit = lessons.parent / "output" / "test-unit"
    for stem in stems:
        assert (kit / f"{stem}.pdf").is_file() and (kit / f"{stem}.docx").is_file(), stem
    readme = (kit / "README.txt").read_text(encoding="utf-8")
    assert (
        in_order(
            [
                "one copy per pair or per group",
                "case-story.pdf (1 page)",
                "one set per group",
                "myth-cards.pdf (2 pages)",
                "role-cards.pdf",
                "one copy per student",
                "survey.pdf",
                "one copy per family, sent home after that lesson",
                "family-sheet.pdf",
            ],
            readme,
        )
        == []
    )
    catalog = (lessons.parent / "output" / "index.html").read_text(encoding="utf-8")
    assert (
        in_order(
            [
                "Lesson 1 handout",
                "Lesson 1 reading or worksheet: Maya",  # by title ("Maya's story"), not by id
                "Lesson 1 card set to cut out: Myth or fact?",
                "Lesson 1 role cards",
                "Lesson 1 survey",
                "Family letter",
                "Lesson 1 take-home sheet for families",
            ],
            catalog,
        )
        == []
    )
    handout = squash(pdf_text(next(kit.glob("student/*-student-handout.pdf"))))
    assert squash(SCRIPT) not in handout and all(squash(a) not in handout for _, a in CARDS)

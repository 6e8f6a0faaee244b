"""Real lesson plans in the guide and the handout, read back from the PDF and the DOCX.

One lesson written here uses every new part: two class periods, an essential question,
standards for one grade band, student materials (a card set and an external deck), a
before/after rating, a card sort on a mat, a checklist, a 0–10 scale, an optional step, a time
range, a prompt asked aloud only, group roles with a script, stations and differentiation
notes. Texts only the facilitator may see carry a canary, so a leak into the handout shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber
import pikepdf
import pytest
import yaml
from readback import docx_text, in_order, pdf_text, squash
from tagged_pdf import struct_elements

from kitgen import doctree as d
from kitgen.compose import Settings, facilitator_guide, student_handout
from kitgen.model import Lesson
from kitgen.strings import load_strings
from kitgen.validate import validate_folder

REPO = Path(__file__).parent.parent
TEMPLATES = REPO / "templates"
MINIMAL = REPO / "tests" / "fixtures" / "minimal"

LESSON = """
id: plans
number: 2
title: Plans in practice
grades: [7, 8]
duration_minutes: 45
periods: 2
essential_question: How do we know whom to trust online?
overview: The big idea.
student_summary: Over two days we sort, rate and talk.
objectives:
  - facilitator: Sort myths from facts.
    student: I can sort myths from facts.
band_standards:
  - band: "7-8"
    standards: [NHES-2024.1]
safety_plan:
  opt_out_alternative: A reading in the library.
  counselor: on_call
  step_out: Show the pass card.
student_materials:
  - id: myth-cards
    title: Myth or fact cards
    kind: card_set
    per: group
    cards:
      - {text: A stranger is the usual danger., answer: Myth}
      - {text: It happens in every state., answer: Fact}
  - id: slides
    title: Online trust slides
    kind: external
    per: class
    source: Example Press, https://example.org/slides
sections:
  - id: rate-before
    kind: warm_up
    title: Where I stand
    minutes: 5
    student_instructions: Rate each statement now, and again at the end of day 2.
    response:
      scale:
        low_label: Strongly disagree
        high_label: Strongly agree
        before_after: true
        statements: [I can spot a fake profile., I know whom to tell.]
  - id: sort
    kind: activity
    title: Myth or fact sort
    minutes: 15-20
    materials: [myth-cards]
    roles:
      - name: Reader
        instructions: ZQXROLEDO Read each card aloud to the group.
        script: ZQXSCRIPT Our first card says a stranger is the usual danger.
      - name: Recorder
        instructions: ZQXROLEDO Write down the group's piles.
    student_instructions: Sort the cards with your group.
    response:
      sort: {categories: [Myth, Fact, Not sure], material: myth-cards, rows: 3}
    prompts:
      - text: ZQXALOUD Which card surprised you most?
        aloud: true
        look_fors: [names a card and says why]
      - text: Which card was the hardest to sort?
        look_fors: [gives a reason]
    differentiation:
      english_learners: ZQXADAPT Pair students with a buddy who shares their language.
      going_further: ZQXADAPT Write one more card.
  - id: checklist
    kind: discussion
    title: Safe-chat checklist
    minutes: 10
    optional: true
    prompts:
      - text: Tick what a safe chat looks like.
        response: {checklist: [They respect a no., They never ask for secrets.]}
  - id: stations
    kind: activity
    title: Stations
    period: 2
    minutes: 20
    stations:
      - title: "Station A: The offer"
        minutes: 10
        instructions: Read the job offer together.
        material: slides
        prompts:
          - text: What sounds too good to be true?
      - title: "Station B: The ask"
        minutes: 10
        instructions: Look at the chat on the card.
        prompts:
          - text: What could you say back?
  - id: how-sure
    kind: closure
    title: How sure am I?
    period: 2
    minutes: 5
    prompts:
      - text: Rate how sure you feel.
        response:
          scale:
            low: 0
            high: 10
            low_label: Not at all sure
            high_label: Completely sure
            statements: [I can name a warning sign.]
  - id: exit
    kind: exit_ticket
    title: Exit ticket
    period: 2
    minutes: 5
    items:
      - text: Name one warning sign.
        kind: short_answer
        answer: Any warning sign from the lesson.
"""

HIDDEN = ("ZQXROLEDO", "ZQXSCRIPT", "ZQXALOUD", "ZQXADAPT", "names a card and says why", "Ask aloud")
"""On the guide and never on the handout: role instructions and scripts (they are on role cards),
a prompt asked aloud only and its look-fors, differentiation notes."""


def plan_lesson() -> Lesson:
    return Lesson.model_validate(yaml.safe_load(LESSON))


@pytest.fixture(scope="module")
def docs() -> dict[str, d.Document]:
    folder, _ = validate_folder(MINIMAL)
    assert folder.unit and folder.profile
    unit, profile = folder.unit.model, folder.profile.model
    s, settings = load_strings(TEMPLATES, "en"), Settings(date="2026-11-29")
    lesson = plan_lesson()
    return {
        "guide": facilitator_guide(unit, profile, [lesson], s, settings),
        "handout": student_handout(unit, profile, lesson, s, settings),
    }


@pytest.fixture(scope="module")
def rendered(docs: dict[str, d.Document], tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The guide and the handout in PDF and DOCX, rendered once: file name → path."""
    from kitgen.render import _Renderer

    folder = tmp_path_factory.mktemp("plans")
    renderer = _Renderer(TEMPLATES, MINIMAL, load_strings(TEMPLATES, "en"))
    for name, doc in docs.items():
        pdf = renderer.render(doc, "pdf", None)
        (folder / f"{name}.pdf").write_bytes(pdf)
        (folder / f"{name}.docx").write_bytes(renderer.render(doc, "docx", pdf))
    return lambda name: folder / name


def texts(rendered: Callable[[str], Path], name: str) -> dict[str, str]:
    """What a reader sees in the PDF and in the DOCX of one document."""
    return {"pdf": pdf_text(rendered(f"{name}.pdf")), "docx": docx_text(rendered(f"{name}.docx"))}


@pytest.mark.slow
def test_the_guide_prints_every_new_part(rendered: Callable[[str], Path]) -> None:
    for fmt, text in texts(rendered, "guide").items():
        expected = [
            "Lesson 2: Plans in practice",
            "2 class periods of 45 minutes",
            "Essential question: How do we know whom to trust online?",
            "Day 1 · 45 minutes",
            "Where I stand",
            "Myth or fact sort",
            "15–20",
            "Safe-chat checklist (optional)",
            "Total: 20 minutes required (up to 35 with optional steps)",
            "20 of 45",
            "Day 2 · 45 minutes",
            "Stations",
            "30 of 45",
            "Student materials",
            "Myth or fact cards (printed: student folder of the kit), one per group",
            "Online trust slides — Example Press, https://example.org/slides",
            "Standards:",
            "Grades 7–8 only",
            "Day 1 · Where I stand · 5 minutes",
            "Myth or fact sort · 15–20 minutes",
            "Uses: Myth or fact cards",
            "Group roles",
            "Reader: ZQXROLEDO Read each card aloud",
            "Reader: script",
            "On the role card",
            "ZQXSCRIPT Our first card",
            "Students read",
            "Sort the cards with your group.",
            "Sorting mat: Myth · Fact · Not sure",
            "Ask aloud: ZQXALOUD Which card surprised you most?",
            "names a card and says why",
            "1. Which card was the hardest to sort?",
            "Adapting this step",
            "English learners: ZQXADAPT Pair students",
            "Going further: ZQXADAPT Write one more card.",
            "Safe-chat checklist (optional) · 10 minutes",
            "2. Tick what a safe chat looks like.",
            "Day 2 · Stations · 20 minutes",
            "Station A: The offer · 10 minutes",
            "Read the job offer together.",
            "Uses: Online trust slides",
            "3. What sounds too good to be true?",
            "Station B: The ask · 10 minutes",
            "4. What could you say back?",
            "5. Rate how sure you feel.",
            "6. Name one warning sign.",
        ]
        assert in_order(expected, text) == [], fmt


@pytest.mark.slow
def test_the_handout_prints_the_students_parts_and_days(rendered: Callable[[str], Path]) -> None:
    for fmt, text in texts(rendered, "handout").items():
        expected = [
            "Student handout · 2 days",
            "Essential question: How do we know whom to trust online?",
            "Day 1",
            "Where I stand",
            "Rate each statement now",
            "Write a number from 1 (Strongly disagree) to 5 (Strongly agree)",
            "Statement",
            "Before",
            "After",
            "I can spot a fake profile.",
            "I know whom to tell.",
            "Myth or fact sort",
            "You need: Myth or fact cards",
            "Your group's roles: Reader, Recorder. Your role card says what to do.",
            "Sort the cards with your group.",
            "Sort the cards from “Myth or fact cards” into these piles.",
            "Myth",
            "Fact",
            "Not sure",
            "1. Which card was the hardest to sort?",
            "Safe-chat checklist (optional)",
            "2. Tick what a safe chat looks like.",
            "They respect a no.",
            "They never ask for secrets.",
            "Day 2",
            "Station A: The offer",
            "Read the job offer together.",
            "You need: Online trust slides",
            "3. What sounds too good to be true?",
            "Station B: The ask",
            "4. What could you say back?",
            "5. Rate how sure you feel.",
            "Mark one number in each row: 0 means Not at all sure, 10 means Completely sure.",
            "0 1 2 3 4 5 6 7 8 9 10",
            "I can name a warning sign.",
            "Hand this page in",
            "Day 2 · Exit ticket",
            "6. Name one warning sign.",
        ]
        assert in_order(expected, text) == [], fmt


@pytest.mark.slow
def test_role_scripts_aloud_prompts_and_differentiation_never_reach_the_handout(
    rendered: Callable[[str], Path], docs: dict[str, d.Document]
) -> None:
    guide = texts(rendered, "guide")
    for fmt, text in texts(rendered, "handout").items():
        for hidden in HIDDEN:
            assert squash(hidden) in squash(guide[fmt]), (fmt, hidden)  # the canary is really there
            assert squash(hidden) not in squash(text), (fmt, hidden)
        assert squash("Adapting this step") not in squash(text), fmt


@pytest.mark.slow
def test_response_kinds_are_real_tables_and_drawn_boxes(rendered: Callable[[str], Path]) -> None:
    # PDF: the rating and sorting tables have header cells a screen reader announces
    with pikepdf.open(rendered("handout.pdf")) as pdf:
        header_cells = [e for e in struct_elements(pdf) if e.S == "/TH"]
    assert len(header_cells) >= 3 + 3 + 12  # before/after, the sorting mat, the 0–10 scale
    # PDF: each checklist item has a box drawn before it
    with pdfplumber.open(rendered("handout.pdf")) as pdf:
        boxes = []
        for page in pdf.pages:
            for word in page.search("They respect a no."):
                boxes += [
                    r
                    for r in page.rects + page.curves  # a rounded box is drawn as curves
                    if abs(r["top"] - word["top"]) < 6
                    and r["x1"] < word["x0"]
                    and 5 < r["width"] < 14
                    and abs(r["width"] - r["height"]) < 1
                ]
        assert boxes, "no check box drawn before the checklist item"
    # DOCX: the same tables with repeating header rows; checklist items as check-box list items
    document = docx.Document(str(rendered("handout.docx")))
    heads = {tuple(c.text for c in table.rows[0].cells): table for table in document.tables}
    assert ("Statement", "Before", "After") in heads
    assert ("Myth", "Fact", "Not sure") in heads
    assert len(heads[("Myth", "Fact", "Not sure")].rows) == 1 + 3
    wide = next(h for h in heads if h[0] == "Statement" and len(h) == 12)
    assert [c.split("\n")[0] for c in wide[1:]] == [str(n) for n in range(11)]
    for table in (heads[("Statement", "Before", "After")], heads[("Myth", "Fact", "Not sure")]):
        assert table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    checklist = [
        p for p in document.paragraphs if p.text in ("They respect a no.", "They never ask for secrets.")
    ]
    assert [p.style.name for p in checklist] == ["List Checklist"] * 2

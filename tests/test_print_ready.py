"""The shipped unit as printed: handout parts, one number per question, the guide's length and
page breaks, and district values that are not filled in yet. Read back from the built PDFs."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
import yaml
from built_kit import built_kit, composed, kit_through_libreoffice
from readback import docx_text, pdf_text, squash

from kitgen import doctree as d
from kitgen.build import build
from kitgen.targets import Request

REPO = Path(__file__).parent.parent
LESSONS = REPO / "lessons"
CAVEATS = [
    r["confidentiality"]
    for r in yaml.safe_load((LESSONS / "unit.yaml").read_text())["help_resources"]
    if "confidentiality" in r
]
"""What each help resource says stays private and what may not (e.g. for callers under 18)."""
QUESTION = re.compile(r"^(\d{1,2})\. (.{12,})")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kit() -> Path:
    return built_kit()


@pytest.fixture(scope="module")
def documents() -> dict[str, d.Document]:
    return composed(LESSONS)


def pages(path: Path) -> list[str]:
    """The text of each page, as pdftotext lays it out."""
    return pdf_text(path).split("\f")[:-1]


def handout_pdfs(kit: Path) -> list[Path]:
    return sorted(kit.rglob("*-student-handout.pdf"))


def test_page_one_of_every_handout_has_the_help_line(kit: Path) -> None:
    for path in handout_pdfs(kit):
        first = squash(pages(path)[0])
        for needle in ("1-888-373-7888", "233733", "911", "988", "trusted adult"):
            assert squash(needle) in first, f"{needle} not on page 1 of {path.name}"


def test_exit_ticket_is_handed_in_on_a_sheet_of_its_own(kit: Path) -> None:
    for path in handout_pdfs(kit):
        text = pages(path)
        hand_in = [i for i, page in enumerate(text) if "hand this page in" in page.casefold()]
        keep = [i for i, page in enumerate(text) if "keep this section" in page.casefold()]
        assert len(hand_in) == 1 and len(keep) == 1, path.name
        first = hand_in[0]
        assert first % 2 == 0, f"{path.name}: the exit ticket starts on page {first + 1}, a left-hand page"
        assert keep[0] < first
        handed_in = squash(" ".join(text[first:]))
        # the sheet handed in (front and back) carries the ticket only, never the help numbers
        assert "exitticket" in handed_in and squash("1-888-373-7888") not in handed_in, path.name


def test_the_kept_page_has_every_resource_and_a_card_that_does_not_name_the_topic(kit: Path) -> None:
    for path in handout_pdfs(kit):
        kept = next(page for page in pages(path) if "keep this section" in page.casefold())
        for needle in ("1-888-373-7888", "233733", "911", "988", *CAVEATS):
            assert squash(needle) in squash(kept), f"{needle[:30]} not on the kept page of {path.name}"
        card = kept[kept.index("My help card") : kept.casefold().index("who you can reach")]
        assert "trafficking" not in card.casefold(), path.name
        assert "My trusted adult" in card and "Their phone number" in card


def numbered_questions(text: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for line in text.splitlines():
        match = QUESTION.match(line.strip())
        if match:
            found.setdefault(int(match.group(1)), squash(match.group(2))[:20])
    return found


def test_a_question_has_one_number_in_the_handout_and_the_guide(kit: Path) -> None:
    guide = squash(pdf_text(next(kit.rglob("*facilitator-guide.pdf"))))
    for path in handout_pdfs(kit):
        questions = numbered_questions(pdf_text(path))
        assert len(questions) >= 8 and sorted(questions) == list(range(1, len(questions) + 1)), path.name
        missing = [n for n, start in questions.items() if f"{n}.{start}" not in guide]
        assert missing == [], f"{path.name}: the guide numbers questions {missing} differently"


def test_no_placeholder_is_ever_printed(kit: Path) -> None:
    for path in sorted(kit.rglob("*.pdf")):
        assert "FILL IN" not in pdf_text(path), path.name
    for path in sorted(kit.rglob("*.docx")):
        assert "FILL IN" not in docx_text(path), path.name


def test_plain_words_for_one_grade_and_one_minute(
    minimal: Path, edit: Callable[[str, str, str], None]
) -> None:
    edit("01-test-lesson.yaml", "grades: [7, 8]", "grades: [8]")
    edit("01-test-lesson.yaml", "title: Warm-up\n    minutes: 5", "title: Warm-up\n    minutes: 1")
    result = build(minimal, minimal.parent / "out", Request(formats=("pdf",)))
    assert result.kits, [dg.as_text() for dg in result.diagnostics]
    guide = " ".join(pdf_text(next(result.kits[0].folder.rglob("*facilitator-guide.pdf"))).split())
    handout = " ".join(pdf_text(next(result.kits[0].folder.rglob("*student-handout.pdf"))).split())
    assert "Warm-up · 1 minute " in guide and "1 minutes" not in guide
    assert "Grade 8 ·" in guide and "Grade 8 ·" in handout
    assert "Grades 8" not in guide + handout and "Grades: Grade" not in guide


def test_the_guide_is_at_most_ninety_letter_pages(kit: Path) -> None:
    with pdfplumber.open(next(kit.rglob("*facilitator-guide.pdf"))) as pdf:
        assert len(pdf.pages) <= 90


def body_lines(page: pdfplumber.page.Page) -> list[tuple[float, str]]:
    """(top, text) of each text line between the running header and the footer."""
    height = float(page.height)
    lines = page.extract_text_lines()
    return [
        (float(line["top"]), line["text"]) for line in lines if 0.09 * height < line["top"] < 0.9 * height
    ]


def titles(doc: d.Document) -> set[str]:
    """Texts that must never be the last thing on a page: headings, captions, box titles, labels
    and paragraphs that introduce what follows them ("Walk through the steps:")."""
    found: set[str] = set()
    for block in d.walk(doc.blocks):
        if isinstance(block, d.Heading):
            found.add(squash(d.plain_text(block.children)))
        elif isinstance(block, d.Table):
            found.add(squash(block.caption))
        elif isinstance(block, d.Callout) and block.title:
            found.add(squash(block.title))
        elif isinstance(block, d.Paragraph) and (block.style == "label" or block.introduces):
            found.add(squash(d.plain_text(block.children)))
    return found


def last_line_problems(path: Path, doc: d.Document) -> list[str]:
    """Pages that end with a title whose content starts on the next page."""
    forbidden = titles(doc)
    problems = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages[:-1], start=1):
            lines = body_lines(page)
            if lines and squash(lines[-1][1]) in forbidden:
                problems.append(f"page {number} ends with {lines[-1][1]!r}")
    return problems


def test_no_page_ends_with_a_heading_caption_or_box_title(
    kit: Path, documents: dict[str, d.Document]
) -> None:
    problems = {
        stem: last_line_problems(next(kit.rglob(f"{stem}.pdf")), doc) for stem, doc in documents.items()
    }
    assert {k: v for k, v in problems.items() if v} == {}


def test_no_guide_page_is_less_than_a_third_full(kit: Path, documents: dict[str, d.Document]) -> None:
    """Except the page before a part that starts on a new page (a lesson, an appendix)."""
    path = next(kit.rglob("*facilitator-guide.pdf"))
    guide = next(doc for stem, doc in documents.items() if stem.endswith("facilitator-guide"))
    starts = [
        squash(d.plain_text(b.children))
        for b in d.walk(guide.blocks)
        if isinstance(b, d.Heading) and b.running
    ]
    text = [squash(page) for page in pages(path)]
    sparse = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages[:-1], start=1):
            bottom = max((top for top, _ in body_lines(page)), default=0.0)
            before_a_part = any(start in text[number][:400] for start in starts)
            if bottom < float(page.height) * (0.09 + 0.82 / 3) and not before_a_part:
                sparse.append(number)
    assert sparse == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_through_libreoffice_keeps_titles_with_their_content(documents: dict[str, d.Document]) -> None:
    converted = kit_through_libreoffice()
    problems = {stem: last_line_problems(converted / f"{stem}.pdf", doc) for stem, doc in documents.items()}
    assert {k: v for k, v in problems.items() if v} == {}

"""No numbered question is separated from its write-in space by a page break.

A page is read the way a student meets it: text lines and write-in marks (ruled lines, empty
boxes and table cells, runs of underscores) from top to bottom, without the running header and
footer. A question is a line that starts with "N."; when the next thing after its text is a
write-in mark, that space is its answer space, and it must start on the question's page.

Both renderings of each handout are checked: WeasyPrint's PDF, and LibreOffice's rendering of
the DOCX. The DOCX is held to the PDF's list of write-in questions, so a DOCX that loses the
space (or draws it in a way no reader sees) fails too.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from built_kit import built_kit, kit_through_libreoffice

LABEL = re.compile(r"\d{1,2}\.")
UNDERSCORES = re.compile(r"_{4,}")
MIN_MARK_WIDTH = 72.0  # a write-in line or box is at least an inch wide
LINE_TOLERANCE = 3.0  # words whose tops differ by less are on one line


@dataclass(frozen=True)
class Item:
    """A text line (``text`` set) or a write-in mark (``text`` None) in a page's body."""

    page: int
    top: float
    bottom: float
    x0: float
    text: str | None = None

    @property
    def is_mark(self) -> bool:
        return self.text is None


@dataclass(frozen=True)
class Question:
    key: str
    """Its label and first words ("11. Was anyone kidnapped or"): the same in every format."""
    page: int
    space_page: int | None
    """The page where its write-in space starts; None when text follows it instead."""


def _lines(words: list[dict], page: int) -> list[Item]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [
        Item(
            page,
            min(w["top"] for w in line),
            max(w["bottom"] for w in line),
            min(w["x0"] for w in line),
            " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"])),
        )
        for line in lines
    ]


def _furniture(pages: list[list[Item]], height: float) -> tuple[float, float]:
    """The body's top and bottom: below the running header, above the footer. They are the text
    lines (digits aside) repeated at one height on at least half of the pages."""
    seen: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        seen.update({(re.sub(r"\d+", "#", line.text or ""), round(line.top)) for line in lines})
    needed = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, count in seen.items() if count >= needed}
    tops = [
        line
        for lines in pages
        for line in lines
        if (re.sub(r"\d+", "#", line.text or ""), round(line.top)) in repeated
    ]
    header = [line.bottom for line in tops if line.top < height / 4]
    footer = [line.top for line in tops if line.top > height * 3 / 4]
    slack = 16.0  # the rule under a header or over a footer
    return (max(header) + slack if header else 0.0), (min(footer) - slack if footer else height)


def _marks(page: pdfplumber.page.Page, number: int, lines: list[Item]) -> list[Item]:
    """Drawn lines and boxes with no text inside nor just above them, and underscore runs."""
    chars = [(c["x0"] + c["x1"]) / 2 for c in page.chars], [(c["top"] + c["bottom"]) / 2 for c in page.chars]
    centres = list(zip(*chars, strict=True))
    found = []
    for shape in [*page.rects, *page.lines, *page.curves]:
        x0, x1, top, bottom = shape["x0"], shape["x1"], shape["top"], shape["bottom"]
        if x1 - x0 < MIN_MARK_WIDTH:
            continue
        if any(x0 <= x <= x1 and top <= y <= bottom for x, y in centres):
            continue  # a box around text: a callout, a header cell, a heading's rule
        if bottom - top < 3 and any(top - 8 <= line.bottom <= top + 1 for line in lines):
            continue  # a rule under a line of text (a heading's border, a table's grid)
        found.append(Item(number, top, bottom, x0))
    for word in page.extract_words():
        if UNDERSCORES.search(word["text"]):
            found.append(Item(number, word["top"], word["bottom"], word["x0"]))
    return found


def read_items(pdf_path: Path) -> list[Item]:
    """Every text line and write-in mark of the body of every page, in reading order."""
    with pdfplumber.open(pdf_path) as pdf:
        height = float(pdf.pages[0].height)
        lines = [_lines(page.extract_words(), n) for n, page in enumerate(pdf.pages, start=1)]
        top, bottom = _furniture(lines, height)
        items = []
        for n, page in enumerate(pdf.pages, start=1):
            body = [line for line in lines[n - 1] if top <= line.top and line.bottom <= bottom]
            marks = [m for m in _marks(page, n, body) if top <= m.top and m.bottom <= bottom]
            text = [line for line in body if not UNDERSCORES.fullmatch((line.text or "").replace(" ", ""))]
            items += sorted([*text, *marks], key=lambda item: (item.top, item.x0))
    return items


def questions(pdf_path: Path) -> list[Question]:
    """Every numbered line, with the page where the write-in space after it starts."""
    items = read_items(pdf_path)
    found = []
    for i, item in enumerate(items):
        words = (item.text or "").split()
        if not words or not LABEL.fullmatch(words[0]):
            continue
        key = " ".join(words[:5])
        space_page, last = None, item
        for following in items[i + 1 :]:
            if following.is_mark:
                space_page = following.page
                break
            if not _continues(last, following, items):
                break
            last = following
        found.append(Question(key, item.page, space_page))
    return found


def _continues(last: Item, line: Item, items: list[Item]) -> bool:
    """Whether ``line`` is more of the question's text: set like it (not a heading, not the next
    question), and close below it or, when the question ended its page, first on the next."""
    words = (line.text or "").split()
    if not words or LABEL.fullmatch(words[0]):
        return False
    height = last.bottom - last.top
    if abs((line.bottom - line.top) - height) > 1.5 or line.x0 < last.x0 - 1:
        return False
    if line.page == last.page:
        return line.top - last.bottom < 0.8 * height
    last_on_page = max((i for i in items if i.page == last.page), key=lambda i: i.bottom)
    first_on_next = min((i for i in items if i.page == line.page), key=lambda i: i.top)
    return line.page == last.page + 1 and last_on_page == last and first_on_next == line


def question_space_splits(pdf_path: Path, write_ins: set[str] | None = None) -> list[str]:
    """What breaks a question from its write-in space in ``pdf_path``; empty when nothing does.

    Without ``write_ins``, a question's space is whatever write-in mark follows its text. With it
    (the keys of the questions that have write-in space in the reference rendering), each of those
    questions must also be found, with marks after it.
    """
    return splits(pdf_path.name, questions(pdf_path), write_ins)


def splits(name: str, found: list[Question], write_ins: set[str] | None = None) -> list[str]:
    problems = []
    for q in found:
        if q.space_page is not None and q.space_page != q.page:
            problems.append(f"{name}: '{q.key}' on page {q.page}, its write-in space on page {q.space_page}")
        elif write_ins is not None and q.key in write_ins and q.space_page is None:
            problems.append(f"{name}: '{q.key}' on page {q.page} has no write-in space after it")
    if write_ins is not None:
        missing = write_ins - {q.key for q in found}
        problems += [f"{name}: question '{key}' not found" for key in sorted(missing)]
    return problems


def write_ins(found: list[Question]) -> set[str]:
    return {q.key for q in found if q.space_page is not None}


def questions_of(paths: list[Path]) -> list[list[Question]]:
    """``questions`` of each file, two at a time (reading a page takes pdfplumber ~0.5 s)."""
    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(questions, paths))


# --------------------------------------------------------------------------- the shipped kit


@pytest.fixture(scope="module")
def handouts() -> dict[Path, list[Question]]:
    """Each handout PDF of a full build with its questions."""
    paths = sorted(built_kit().rglob("*-student-handout.pdf"))
    assert len(paths) >= 6
    return dict(zip(paths, questions_of(paths), strict=True))


@pytest.mark.slow
def test_no_handout_pdf_splits_a_question_from_its_space(handouts: dict[Path, list[Question]]) -> None:
    counts = {path.name: len(write_ins(found)) for path, found in handouts.items()}
    assert all(counts.values()), f"no write-in question found in some handout: {counts}"
    assert [problem for path, found in handouts.items() for problem in splits(path.name, found)] == []


@pytest.mark.slow
def test_no_handout_docx_splits_a_question_from_its_space_in_libreoffice(
    handouts: dict[Path, list[Question]],
) -> None:
    converted = kit_through_libreoffice()
    rendered = questions_of([converted / path.name for path in handouts])
    problems = [
        problem
        for (path, reference), found in zip(handouts.items(), rendered, strict=True)
        for problem in splits(f"{path.stem}.docx", found, write_ins(reference))
    ]
    assert problems == [], (
        "LibreOffice's rendering of the DOCX handouts separates questions from their write-in space "
        "(or shows none); the DOCX must keep each question with one write-in element:\n" + "\n".join(problems)
    )

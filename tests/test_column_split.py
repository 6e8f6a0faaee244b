"""A list in columns starts its second column where ``column_split`` says, in the PDF a family
holds: the take-home sheet's help resources side by side, each column read top to bottom."""

from __future__ import annotations

import re
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pytest
from built_kit import REPO, composed

from kitgen import doctree as d
from kitgen.strings import load_strings
from kitgen.writers.column_split import column_starts
from kitgen.writers.pdf import PdfRenderer

LESSONS = REPO / "lessons"
TEMPLATES = REPO / "templates"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>')


def item(text: str) -> d.ListItem:
    return d.ListItem((d.Text(text),))


def test_the_tallest_column_is_as_short_as_it_can_be() -> None:
    lines = [item("x" * 100), item("x" * 90), item("x" * 60), item("x" * 110), item("x" * 110)]
    assert column_starts(tuple(lines), 2) == {3}  # 3+2+2 lines beside 3+3
    assert column_starts(tuple(lines[:4]), 2) == {2}  # 3+2 beside 2+3
    assert column_starts((item("a"), item("b"), item("c")), 2) == {2}  # a tie: the first column the taller
    assert column_starts((item("a"), item("b"), item("c")), 3) == {1, 2}
    assert column_starts(tuple(lines), 1) == frozenset()
    assert column_starts((item("a"),), 2) == frozenset()


def test_a_nested_paragraph_counts_toward_its_items_height() -> None:
    nested = d.ListItem((d.Text("short"),), (d.Paragraph((d.Text("x" * 300),)),))
    assert column_starts((nested, item("a"), item("b")), 2) == {1}


def words(pdf: bytes) -> list[tuple[float, float, str]]:
    """Each word of a one-page PDF with its left edge and top, as pdftotext reads them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    return [(float(x), float(y), unescape(word)) for x, y, word in WORD.findall(html)]


@pytest.mark.parametrize(("language", "second"), [("en", 3), ("es", 2)])
def test_the_take_home_sheets_help_resources_start_their_second_column_where_split(
    language: str, second: int
) -> None:
    """Three and two in English; in Spanish, whose hotline entry is the longest, two and three
    (both as WeasyPrint's own balancing set them)."""
    suffix = "-es" if language == "es" else ""
    doc = composed(LESSONS)[f"ht-awareness-lesson-01-myths-and-facts-family-sheet{suffix}"]
    resources = next(b for b in doc.blocks if isinstance(b, d.BulletList) and b.columns == 2)
    assert column_starts(resources.items, 2) == {second}
    strings = load_strings(TEMPLATES, language)
    found = words(PdfRenderer(TEMPLATES, LESSONS, strings).render(doc))
    tops = [where(found, d.plain_text(i.children).split()[:8]) for i in resources.items]
    left, right = tops[:second], tops[second:]
    middle = 306  # half of a Letter page's width, in points
    assert all(x < middle for x, _ in left) and all(x > middle for x, _ in right), tops
    assert [y for _, y in left] == sorted(y for _, y in left), tops
    assert [y for _, y in right] == sorted(y for _, y in right), tops
    assert right[0][1] == pytest.approx(left[0][1], abs=1), tops  # both columns start on one line


def where(found: list[tuple[float, float, str]], phrase: list[str]) -> tuple[float, float]:
    """The left edge and top of the one place ``phrase`` (a run of words) is on the page."""
    spots = [
        found[i][:2]
        for i in range(len(found) - len(phrase) + 1)
        if [w for _, _, w in found[i : i + len(phrase)]] == phrase
    ]
    assert len(spots) == 1, (phrase, spots)
    return spots[0]

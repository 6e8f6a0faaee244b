"""A line that fits but for the space before a bold word keeps its words (``line_break_fix``).

Read on the real lesson 5 handout, whose closing paragraph fills its first line exactly up to
the space before "**any**"; WeasyPrint's own line breaking, put back for one render, shows the fault is still
exercised (so a change to the lesson's wording cannot make this test pass vacuously).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kitgen.build import Request, plan
from kitgen.strings import load_strings
from kitgen.writers import line_break_fix
from kitgen.writers.pdf import PdfRenderer, document_html

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"
LESSON = "vulnerability-and-labor"
FIRST_LINE = (
    "Take a slow breath with the class. Then, privately, circle one place or person on your "
    "protective map that"
)

pytestmark = pytest.mark.slow  # composes a lesson and lays its handout out twice


def _line_after(pdf: bytes, heading: str) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    lines = [line for line in text.decode("utf-8").splitlines() if line.strip()]
    at = lines.index(heading)
    return lines[at + 1], lines[at + 2]


@pytest.fixture(scope="module")
def handout_html() -> str:
    result = plan(REPO / "lessons", Request(lessons=(LESSON,), formats=("pdf",), languages=("en",)))
    ((_, _, planned),) = result.kits
    handout = next(file.document for file in planned if file.path.endswith("student-handout.pdf"))
    assert handout is not None
    return document_html(handout, TEMPLATES, load_strings(TEMPLATES, "en"))


def test_the_closing_paragraph_keeps_its_first_line(
    handout_html: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renderer = PdfRenderer(TEMPLATES, REPO / "lessons", load_strings(TEMPLATES, "en"))
    assert line_break_fix.original is not None, "the renderer installs the fix"
    first, second = _line_after(renderer.write(handout_html), "Building a safety net")
    assert (first, second.split()[:2]) == (FIRST_LINE, ["any", "teen"])

    from weasyprint.layout import inline

    monkeypatch.setattr(inline, "split_first_line", line_break_fix.original)
    first, second = _line_after(renderer.write(handout_html), "Building a safety net")
    assert (first, second.split()[:3]) == ("Take", ["a", "slow", "breath"]), "WeasyPrint's fault"

"""Page styles worked out once per kind of page (``writers.page_styles``) draw what WeasyPrint
draws when it works them out for every page: the first page's own rules, page numbers and running
headers on every page, and rules that pick a page by its index."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_pages import pages_read

from kitgen.strings import load_strings
from kitgen.writers.pdf import PdfRenderer

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

RULES = """
@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
@page :first { @bottom-right { content: "Cover"; } }
@page wide { size: letter landscape; @bottom-left { content: "Wide " counter(page); } }
section { break-before: page; }
.wide { page: wide; }
h1 { string-set: running content(); }
@page { @top-center { content: string(running); } }
"""
BY_INDEX = "@page :nth(3) { @top-right { content: 'Third'; } }\n"


def html(rules: str) -> str:
    sections = "".join(
        f'<section class="{"wide" if n == 4 else ""}"><h1>Part {n}</h1><p>Text of part {n}.</p></section>'
        for n in range(1, 6)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><title>Pages</title><style>{rules}</style></head>'
        f"<body><main>{sections}</main></body></html>\n"
    )


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> PdfRenderer:
    return PdfRenderer(TEMPLATES, tmp_path_factory.mktemp("assets"), load_strings(TEMPLATES, "en"))


def each_page_styled(renderer: PdfRenderer, rules: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The PDF as WeasyPrint makes it without the patch."""
    from weasyprint.layout import page

    with monkeypatch.context() as patch:
        patch.setattr(page, "set_page_type_computed_styles", page.set_page_type_computed_styles.original)
        return renderer.write(html(rules))


@pytest.mark.slow
@pytest.mark.parametrize("rules", [RULES, RULES + BY_INDEX], ids=["kinds", "by-index"])
def test_pages_are_drawn_as_with_styles_for_every_page(
    renderer: PdfRenderer, rules: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pdf = renderer.write(html(rules))
    assert pdf == each_page_styled(renderer, rules, monkeypatch)
    pages = [" ".join(page.split()) for page in pages_read(pdf, tmp_path)]
    assert len(pages) == 5
    assert "Cover" in pages[0] and "Page 1" not in pages[0]
    for number in range(2, 6):
        assert f"Part {number}" in pages[number - 1]
        assert (f"Wide {number}" in pages[number - 1]) == (number == 4)
        assert f"Page {number} of 5" in pages[number - 1]
    assert ("Third" in pages[2]) == (rules != RULES)
    assert not any("Third" in page for index, page in enumerate(pages) if index != 2)

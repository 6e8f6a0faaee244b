"""The facilitator guide laid out in parts and joined reads exactly like the guide laid out as one
document: the same pages, drawn and read ("Page X of Y" and the contents' numbers included), the
same bookmarks, links that land on their headings, one structure tree with nothing untagged, one
font program per face and about the same size, the same bytes from two folders; and an edit to
one lesson lays out that lesson's part alone."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pdf_pages import font_programs, pages_drawn
from tagged_pdf import untagged_content

from kitgen.build import build, default_templates, plan
from kitgen.strings import load_strings
from kitgen.targets import Request
from kitgen.writers import pdf_parts
from kitgen.writers.pdf import PdfRenderer

GUIDE = "test-unit/facilitator/test-unit-facilitator-guide.pdf"


def page_texts(pdf: bytes, folder: Path) -> list[str]:
    path = folder / "read.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode().split("\f")


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """(level, title, page from 1) of every bookmark, in order."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    found: list[tuple[int, str, int]] = []

    def walk(items: list[pikepdf.OutlineItem], level: int) -> None:
        for item in items:
            found.append((level, item.title, pages[item.destination[0].objgen]))
            walk(list(item.children), level + 1)

    with pdf.open_outline() as tree:
        walk(list(tree.root), 1)
    return found


def single_job_guide(lessons: Path) -> bytes:
    """The guide as WeasyPrint lays it out in one job."""
    planned = plan(lessons, Request(formats=("pdf",)))
    (doc,) = [
        item.document
        for _, _, items in planned.kits
        for item in items
        if item.kind == "guide" and item.document is not None
    ]
    templates = default_templates(lessons)
    return PdfRenderer(templates, lessons, load_strings(templates, "en")).render(doc)


def test_split_cuts_before_each_new_page_heading_and_leaves_the_page_number_to_the_stamp() -> None:
    html = (
        "<html><head><style>\n@page { size: letter; @bottom-right { content: counter(page); } }\n"
        '</style></head><body>\n<div class="page-strings" data-running="Guide" data-footer="F"></div>\n'
        '<main>\n<h1 id="h-1">T</h1>\n<div class="contents"><ol>\n<li data-target="#h-2"><a href="#h-2">A</a></li>\n'
        '</ol></div>\n<h2 id="h-2" class="new-page" data-running="A">A</h2>\n<p>a</p>\n'
        '<h2 id="h-3" class="new-page" data-running="B">B</h2>\n</main>\n</body></html>\n'
    )
    split = pdf_parts.split(html)
    assert split is not None and len(split.parts) == 3
    assert split.running == ("A", "B") and split.page_of == "counter(page)"
    assert all("@bottom-right { content: none; }" in part for part in split.parts)
    assert 'data-running="A"' in split.parts[1] and "<p>a</p>" in split.parts[1]
    assert pdf_parts.heading_ids(split.parts[2]) == ["h-3"]
    cover = pdf_parts.cover_with_pages(split.parts[0], {"h-2": 2})
    assert 'content: leader(". ") "2"' in cover and '<span id="h-2"></span>' in cover
    stamp = pdf_parts.stamp_html(split.parts[0], {1: "A"}, 3, split.page_of)
    assert stamp.count('class="stamp') == 3 and "content: counter(page);" in stamp
    assert pdf_parts.split(html.replace('class="new-page" ', "")) is None


@pytest.mark.slow
def test_the_guide_in_parts_reads_like_the_guide_in_one_job(minimal: Path, tmp_path: Path) -> None:
    result = build(minimal, tmp_path / "out", Request(formats=("pdf",)))
    assert result.kits and result.parts_rendered >= 4
    joined = (tmp_path / "out" / GUIDE).read_bytes()
    whole = single_job_guide(minimal)
    assert page_texts(joined, tmp_path) == page_texts(whole, tmp_path)
    assert "Page 1 of" in page_texts(joined, tmp_path)[0]
    assert pages_drawn(joined, tmp_path / "joined") == pages_drawn(whole, tmp_path / "whole")
    # qpdf's object streams of 100 objects compress a little worse than WeasyPrint's one
    assert len(joined) < 1.06 * len(whole)
    with pikepdf.open(io.BytesIO(joined)) as pdf, pikepdf.open(io.BytesIO(whole)) as reference:
        assert len(pdf.pages) == len(reference.pages) > 4
        assert outline(pdf) == outline(reference)
        assert untagged_content(pdf) == []
        assert len(pdf.Root.StructTreeRoot.K) == 1 and pdf.Root.Lang == reference.Root.Lang
        assert pdf.open_metadata()["dc:title"] == reference.open_metadata()["dc:title"]
        # the parts' subsets of each face are one font, as in the guide laid out whole
        assert font_programs(pdf) == font_programs(reference)
        # every contents link lands on the page of its heading
        names = pdf.Root.Names.Dests.Names
        targets = {str(names[i]): names[i + 1][0].objgen for i in range(0, len(names), 2)}
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        headings = {title: page for level, title, page in outline(pdf) if level == 2}
        links = [a for a in pdf.pages[0].obj.get("/Annots", ()) if "/Dest" in a]
        assert len(links) == len(headings) > 3
        for link in links:
            assert pages[targets[str(link.Dest)]] == headings[str(link.Contents)]

    copy = tmp_path / "elsewhere" / "lessons"
    copy.parent.mkdir()
    minimal.rename(copy)
    build(copy, tmp_path / "out2", Request(formats=("pdf",)))
    assert (tmp_path / "out2" / GUIDE).read_bytes() == joined, "the same bytes from another folder"


@pytest.mark.slow
def test_an_edit_to_one_lesson_lays_out_its_part_alone(minimal: Path, tmp_path: Path) -> None:
    (minimal / "kits").mkdir()  # a saved kit: a build of it removes cache entries it did not use
    (minimal / "kits" / "test-unit.yaml").write_text('id: test-unit\ntitle: "All"\ndescription: "All."\n')
    out = tmp_path / "out"
    build(minimal, out, Request(formats=("pdf",)))
    assert build(minimal, out, Request(formats=("pdf",))).rendered == 0, "a no-op keeps the parts"
    lesson = minimal / "01-test-lesson.yaml"
    lesson.write_text(lesson.read_text().replace("The big idea.", "The bigger idea."))
    again = build(minimal, out, Request(formats=("pdf",)))
    assert again.parts_rendered == 1
    assert "The bigger idea." in "".join(page_texts((out / GUIDE).read_bytes(), tmp_path))

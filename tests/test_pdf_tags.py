"""pdf_tags repairs WeasyPrint's tags on its pydyf objects, before they are written: margin content
becomes pagination artifacts in place, the elements it hung off are gone, links say their text."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pikepdf
import pytest
from tagged_pdf import pagination_artifacts, struct_elements, untagged_content

from kitgen.writers import pdf_tags

HTML = """<!DOCTYPE html><html lang="en"><head><title>Tags</title><style>
@page { size: letter; margin: 1in; @top-center { content: "Running title" }
        @bottom-right { content: "Page " counter(page) } }
p { break-after: page }
</style></head><body><h1>Tags</h1><p>First page, <a href="#end">to the end</a>.</p>
<p id="end">Second page.</p></body></html>"""


def _written(repaired: bool) -> bytes:
    import weasyprint

    finisher = pdf_tags.finisher(pdf_tags.link_texts(HTML)) if repaired else None
    data: bytes = weasyprint.HTML(string=HTML).write_pdf(pdf_variant="pdf/ua-1", finisher=finisher)
    return data


@contextmanager
def _opened(repaired: bool) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(io.BytesIO(_written(repaired))) as pdf:
        yield pdf


def test_margin_content_becomes_pagination_artifacts() -> None:
    with _opened(repaired=False) as before:
        assert untagged_content(before)  # what WeasyPrint alone writes
    with _opened(repaired=True) as pdf:
        assert untagged_content(pdf) == []
        assert [pagination_artifacts(page) for page in pdf.pages] == [2, 2]
        text = [
            b"".join(pikepdf.unparse_content_stream(pikepdf.parse_content_stream(p)).split())
            for p in pdf.pages
        ]
        assert all(b"/Span<</MCID" in page for page in text)  # the body stays tagged


def test_only_the_artifacts_marks_change() -> None:
    """Every other line of the content is WeasyPrint's."""
    with _opened(repaired=False) as before, _opened(repaired=True) as after:
        for old, new in zip(before.pages, after.pages, strict=True):
            old_lines, new_lines = (
                old.obj.Contents.read_bytes().splitlines(),
                new.obj.Contents.read_bytes().splitlines(),
            )
            changed = [n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
            assert len(changed) == 4  # tag and property list of each of the two margin boxes
            assert new.obj.Contents.read_bytes().count(b"/Artifact\n<</Type /Pagination>>\nBDC") == 2


def test_no_structure_element_is_left_off_the_tree() -> None:
    with _opened(repaired=True) as pdf:
        reachable = {element.objgen for element in struct_elements(pdf)}
        elements = [
            o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
        ]
        assert elements and {o.objgen for o in elements} <= reachable


def test_a_link_is_described_by_its_text() -> None:
    with _opened(repaired=True) as pdf:
        links = [a for a in pdf.pages[0].Annots if a.Subtype == "/Link"]
        assert [(str(a.Contents), str(a.Dest)) for a in links] == [("to the end", "end")]


def test_a_mark_not_in_the_page_content_is_an_error() -> None:
    content = ["/Span", {"MCID": 0}, b"BDC", b"EMC"]
    with pytest.raises(ValueError, match=r"\[1\]"):
        pdf_tags._as_artifacts(content, {0, 1})

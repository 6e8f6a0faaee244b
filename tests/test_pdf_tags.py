"""pdf_tags rewrites WeasyPrint's page content where it lies; content in another form is parsed."""

from __future__ import annotations

import io

import pikepdf
import pytest
from tagged_pdf import pagination_artifacts, untagged_content

from kitgen.writers import pdf_tags

HTML = """<!DOCTYPE html><html lang="en"><head><title>Tags</title><style>
@page { size: letter; margin: 1in; @top-center { content: "Running title" }
        @bottom-right { content: "Page " counter(page) } }
p { break-after: page }
</style></head><body><h1>Tags</h1><p>First page.</p><p>Second page.</p></body></html>"""


@pytest.fixture(scope="module")
def written() -> bytes:
    """WeasyPrint's tagged PDF before any repair."""
    import weasyprint

    data: bytes = weasyprint.HTML(string=HTML).write_pdf(pdf_variant="pdf/ua-1")
    return data


def one_line_operators(data: bytes) -> bytes:
    """The same PDF with each page's content written back by pikepdf (one operator a line)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.obj.Contents = pdf.make_stream(
                pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
            )
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.parametrize("form", [lambda data: data, one_line_operators], ids=["weasyprint", "parsed"])
def test_margin_content_becomes_pagination_artifacts(written: bytes, form: object) -> None:
    assert callable(form)
    with pikepdf.open(io.BytesIO(pdf_tags.repair(form(written), {}))) as pdf:
        assert untagged_content(pdf) == []
        assert [pagination_artifacts(page) for page in pdf.pages] == [2, 2]
        text = [
            b"".join(pikepdf.unparse_content_stream(pikepdf.parse_content_stream(p)).split())
            for p in pdf.pages
        ]
        assert all(b"/Span<</MCID" in page for page in text)  # the body stays tagged


def test_weasyprint_content_is_rewritten_in_place(written: bytes) -> None:
    """Only the artifacts' marks change: every other byte of the content is WeasyPrint's."""
    with (
        pikepdf.open(io.BytesIO(written)) as before,
        pikepdf.open(io.BytesIO(pdf_tags.repair(written, {}))) as after,
    ):
        for old, new in zip(before.pages, after.pages, strict=True):
            old_bytes, new_bytes = old.obj.Contents.read_bytes(), new.obj.Contents.read_bytes()
            assert new_bytes.count(b"/Artifact\n<</Type /Pagination>>\nBDC") == 2
            assert len(old_bytes.splitlines()) == len(new_bytes.splitlines())

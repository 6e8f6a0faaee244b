"""The faster page_references gives exactly what pydyf's own property gives, as pages are added."""

from __future__ import annotations

import pydyf

from kitgen.writers import pydyf_pages


def test_page_references_match_pydyfs_own_as_pages_are_added() -> None:
    pydyf_pages.install()
    original = pydyf_pages.original
    assert original.fget.__module__ == "pydyf"
    try:
        pdf = pydyf.PDF()
        for _ in range(5):
            pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
            assert pdf.page_references == original.fget(pdf)
        assert len(pdf.page_references) == 5
    finally:
        pydyf.PDF.page_references = original
        pydyf_pages.install()

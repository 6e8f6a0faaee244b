"""ffi_arrays: WeasyPrint's glyph-id arrays are made with one C type, and the PDF is the same."""

from __future__ import annotations

import pytest

from kitgen.writers import ffi_arrays

HTML = """<!DOCTYPE html><html lang="en"><head><title>Glyphs</title></head>
<body><p>Every glyph counts: ¿Qué tal, Mamá?</p><p><strong>Bold</strong> <em>italic</em></p></body></html>"""


def test_arrays_of_any_length_share_one_type() -> None:
    from weasyprint.text.ffi import ffi

    arrays = ffi_arrays._Arrays(ffi)
    made = [arrays.new(f"hb_codepoint_t[{n}]", list(range(n))) for n in (5, 6, 7)]
    assert {ffi.typeof(array) for array in made} == {ffi.typeof("hb_codepoint_t[]")}
    assert [list(array) for array in made] == [list(range(n)) for n in (5, 6, 7)]
    assert ffi.typeof(arrays.new("char[4]")) == ffi.typeof("char[4]")  # no items: as asked


@pytest.mark.slow
def test_subset_fonts_are_weasyprints_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint
    from weasyprint.pdf import fonts

    def written() -> bytes:
        data: bytes = weasyprint.HTML(string=HTML).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True)
        return data

    ffi_arrays.install()
    ours = written()
    assert isinstance(fonts.ffi, ffi_arrays._Arrays)
    monkeypatch.setattr(fonts, "ffi", fonts.ffi._ffi)
    assert written() == ours

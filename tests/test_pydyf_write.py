"""pydyf_write: a PDF is written byte for byte as pydyf writes it, each object made once."""

from __future__ import annotations

import io
import zlib
from collections import Counter
from typing import Any

import pydyf

from kitgen.writers import pydyf_write


def _pdf() -> pydyf.PDF:
    pdf = pydyf.PDF()
    content = pydyf.Stream([b"BT", b"/F1 12 Tf", b"(Hello) Tj", b"ET"], compress=True)
    pdf.add_object(content)
    page = pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference, "Contents": content.reference})
    pdf.add_page(page)
    pdf.info["Title"] = pydyf.String("Für alle")
    pdf.catalog["Lang"] = pydyf.String("en")
    return pdf


def _written(pdf: pydyf.PDF) -> bytes:
    out = io.BytesIO()
    pdf.write(out, b"1.7", True, True)
    return out.getvalue()


def _unpatched(pdf: pydyf.PDF) -> bytes:
    out = io.BytesIO()
    saved = {cls: cls.__dict__["data"] for cls in pydyf_write.originals}
    try:
        for cls, prop in pydyf_write.originals.items():
            cls.data = prop
        pydyf_write.original_write(pdf, out, b"1.7", True, True)
    finally:
        for cls, prop in saved.items():
            cls.data = prop
    return out.getvalue()


def test_bytes_are_pydyfs_own() -> None:
    pydyf_write.install()
    assert _written(_pdf()) == _unpatched(_pdf())
    assert _written(_pdf()) == _written(_pdf())  # nothing kept from one write to the next


def test_each_stream_is_made_once_per_write() -> None:
    pydyf_write.install()
    made: Counter[int] = Counter()
    fget = pydyf_write.originals[pydyf.Stream].fget

    def counted(stream: Any) -> bytes:
        made[id(stream)] += 1
        return bytes(fget(stream))

    pdf = _pdf()
    saved = pydyf.Stream.__dict__["data"]
    pydyf.Stream.data = property(pydyf_write._once(counted))  # type: ignore[method-assign,assignment]
    try:
        _written(pdf)
    finally:
        pydyf.Stream.data = saved  # type: ignore[method-assign]
    assert made and set(made.values()) == {1}  # pydyf alone makes each twice (the file ID's hash)


def test_streams_are_deflated_at_zlibs_default_level() -> None:
    pydyf_write.install()
    content = b"BT /F1 12 Tf (Hello, hello, hello) Tj ET\n" * 50
    data = pydyf.Stream([content], compress=True).data
    deflated = data.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert deflated == zlib.compress(content, 6)
    assert zlib.decompress(deflated) == content

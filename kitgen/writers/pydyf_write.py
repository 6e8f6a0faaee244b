"""pydyf's ``PDF.write`` with each object serialized once, installed before WeasyPrint writes.

pydyf (0.13) writes every object, and then, for the file identifier kitgen asks for
(``pdf_identifier=True``), serializes every object again to hash it: each content stream, font
and the object stream are deflated twice. That second pass was 1.2 s CPU of the whole-unit kit's
35 PDFs (2.6 s of writing). While a PDF is being written, the bytes of each of its numbered
objects are kept the first time they are made and handed out again; nothing changes an object
during a write, so the file is byte for byte the one pydyf writes.

pydyf also deflates every stream at level 9; zlib's default level 6 (qpdf's too) made the
whole-unit kit's streams 2.4 % larger (1.58 -> 1.62 MB) in a third of the time (0.61 -> 0.20 s).
"""

from __future__ import annotations

import zlib
from typing import Any

LEVEL = 6
"""zlib's default compression level, used for every stream pydyf deflates."""

_writing: list[Any] = []
"""The PDF being written (at most one: WeasyPrint writes in one thread per process)."""
_made: dict[int, bytes] = {}
"""Object number → its bytes, for the PDF being written."""
originals: dict[type, property] = {}
"""pydyf's own ``data`` properties by class, kept when they are replaced (the tests use them)."""
original_write: Any = None


def _once(fget: Any) -> Any:
    def data(obj: Any) -> bytes:
        number = obj.number
        if number is not None and _writing:
            objects = _writing[0].objects
            if number < len(objects) and objects[number] is obj:
                made = _made.get(number)
                if made is None:
                    made = _made[number] = fget(obj)
                return made
        fresh: bytes = fget(obj)
        return fresh

    return data


def _write(pdf: Any, *args: Any, **kwargs: Any) -> Any:
    _writing.append(pdf)
    try:
        return original_write(pdf, *args, **kwargs)
    finally:
        _writing.clear()
        _made.clear()


class _Deflate:
    """pydyf's ``zlib``: the two functions it calls, at ``LEVEL``."""

    @staticmethod
    def compress(data: bytes) -> bytes:
        return zlib.compress(data, LEVEL)

    @staticmethod
    def compressobj(level: int = LEVEL) -> Any:
        return zlib.compressobj(level=LEVEL)


def install() -> None:
    """Replace ``PDF.write``, the ``data`` of each pydyf object class and pydyf's ``zlib``,
    once per process."""
    import pydyf

    global original_write
    if original_write is not None:
        return
    for cls in (pydyf.Dictionary, pydyf.Stream, pydyf.String, pydyf.Array):
        originals[cls] = cls.__dict__["data"]
        cls.data = property(_once(originals[cls].fget))
    original_write = pydyf.PDF.write
    pydyf.PDF.write = _write
    pydyf.zlib = _Deflate()

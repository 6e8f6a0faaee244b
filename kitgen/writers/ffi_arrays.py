"""WeasyPrint's font subsetting without a new C type for every glyph count.

WeasyPrint 70 (``pdf/fonts.py``) passes glyph ids to HarfBuzz in arrays it makes with
``ffi.new(f"hb_codepoint_t[{n}]", ids)``: every count not seen before is a new C type, which cffi
parses with pycparser (about 6 ms each). The whole-unit kit's fonts have some 80 different counts,
0.45 s CPU of a build. The same arrays are made as ``hb_codepoint_t[]``, whose length is that of
the items: one type, parsed once, and the same memory handed to HarfBuzz.
"""

from __future__ import annotations

import re
from typing import Any

_SIZED = re.compile(r"(\w+)\[(\d+)\]")


class _Arrays:
    """WeasyPrint's ``ffi`` as its font module sees it: ``new("T[n]", n items)`` is
    ``new("T[]", items)``; everything else is the ``ffi`` itself."""

    def __init__(self, ffi: Any) -> None:
        self._ffi = ffi

    def new(self, cdecl: Any, init: Any = None) -> Any:
        if isinstance(cdecl, str) and isinstance(init, list | tuple):
            sized = _SIZED.fullmatch(cdecl)
            if sized is not None and int(sized.group(2)) == len(init):
                cdecl = f"{sized.group(1)}[]"
        return self._ffi.new(cdecl, init)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ffi, name)


def install() -> None:
    """Give WeasyPrint's font module the ``ffi`` above, once per process (idempotent)."""
    from weasyprint.pdf import fonts

    if not isinstance(fonts.ffi, _Arrays):
        fonts.ffi = _Arrays(fonts.ffi)

"""Import WeasyPrint without the library search that took a third of its import time.

WeasyPrint opens each C library (GObject, Pango, HarfBuzz, fontconfig) by trying a list of names
in turn. cffi hands a name without a dot to ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p``, then ``gcc`` and ``ld``, and finds nothing for names such as
``libgobject-2.0-0``: 22 searches, 0.29 s of the 0.85 s import, on the one core a build starts on.
The lists also hold each library's file name (``libgobject-2.0.so.0``), which opens directly.
So WeasyPrint is imported with the search answering "not found"; where that leaves a library
unopened (a system whose libraries are only found by the search), the import is done again the
usual way, with WeasyPrint's own messages.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys
from collections.abc import Iterator
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """The ``weasyprint`` module, imported now if it was not."""
    if "weasyprint" not in sys.modules:
        try:
            with _no_library_search(), contextlib.redirect_stdout(io.StringIO()):
                import weasyprint
        except OSError:  # a library not opened by its file name: the usual import
            pass
    import weasyprint

    return weasyprint


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    search = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        yield
    finally:
        ctypes.util.find_library = search


def _not_found(name: str) -> str | None:
    """``find_library`` finding nothing (same signature: callers may name the argument)."""
    return None

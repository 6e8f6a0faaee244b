"""WeasyPrint imported without the library search opens the same C libraries as its own import,
and still imports on a system where only the search finds them (``writers.weasyprint_import``).
Each case runs in a new interpreter: an import happens once per process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIBRARIES = """
import ctypes.util
searches = []
search = ctypes.util.find_library
def counted(name):
    searches.append(name)
    return search(name)
ctypes.util.find_library = counted
{imports}
assert ctypes.util.find_library is counted, "the search is given back"
opened = sorted({{line.split()[-1].rsplit("/", 1)[-1] for line in open("/proc/self/maps")
    if any(n in line for n in ("libgobject", "libpango", "libharfbuzz", "libfontconfig"))}})
print("SEARCHES", len(searches))
print("OPENED", opened)
"""
QUICK = "from kitgen.writers.weasyprint_import import import_weasyprint\nimport_weasyprint()"


def _run(script: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    return run.stdout.splitlines()


def test_the_same_libraries_open_without_searching_for_them() -> None:
    usual = _run(LIBRARIES.format(imports="import weasyprint"))
    quick = _run(LIBRARIES.format(imports=QUICK))
    assert quick[0] == "SEARCHES 0"
    assert usual[0] != "SEARCHES 0", "WeasyPrint's own import searches"
    assert quick[1] == usual[1]
    assert "libpango-1.0.so.0" in quick[1]


def test_where_only_the_search_finds_a_library_the_usual_import_is_done() -> None:
    """cffi refuses every library while the search answers "not found", as on a system where the
    file names WeasyPrint lists do not open: the import is done again with the search."""
    script = """
import _cffi_backend, ctypes.util
load = _cffi_backend.load_library
def refusing(name, flags=0):
    if ctypes.util.find_library.__name__ == "_not_found":
        raise OSError(f"cannot load {name}")
    return load(name, flags)
_cffi_backend.load_library = refusing
from kitgen.writers.weasyprint_import import import_weasyprint
weasyprint = import_weasyprint()
print("HTML", weasyprint.HTML(string="<p>x</p>").render().pages[0].width > 0)
"""
    assert _run(script) == ["HTML True"], "WeasyPrint's message to stdout is not shown either"

"""One real ``kitgen build`` of the shipped lessons, shared by the tests that read a whole kit."""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@functools.cache
def built_kit() -> Path:
    """The kit folder of ``kitgen build`` run on ``lessons/``, built once per test session."""
    out = Path(tempfile.mkdtemp(prefix="kitgen-kit-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "kitgen", "build", "--lessons", str(REPO / "lessons"), "--out", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (kit,) = (path for path in out.iterdir() if path.is_dir())
    return kit


@functools.cache
def kit_through_libreoffice() -> Path:
    """Every DOCX of ``built_kit()`` converted to PDF by LibreOffice, once per test session."""
    from readback import libreoffice_pdfs

    out = Path(tempfile.mkdtemp(prefix="kitgen-lo-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    libreoffice_pdfs(sorted(built_kit().glob("*.docx")), out)
    return out

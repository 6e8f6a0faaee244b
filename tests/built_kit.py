"""One real ``kitgen build`` of the shipped lessons, shared by the tests that read a whole kit."""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


@functools.cache
def built_kit() -> Path:
    """The whole-unit kit folder of ``kitgen build`` run on ``lessons/``, built once per test session."""
    out = Path(tempfile.mkdtemp(prefix="kitgen-kit-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kitgen",
            "build",
            "--lessons",
            str(REPO / "lessons"),
            "--out",
            str(out),
            "--kit",
            "whole-unit",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out / "whole-unit"


def composed(lessons: Path) -> dict[str, Any]:
    """The document trees of the whole-unit kit of ``lessons``, by file stem, as the build composes them."""
    from kitgen.build import plan
    from kitgen.targets import Request

    result = plan(lessons, Request(kits=("whole-unit",)))
    assert result.kits, [d.as_text() for d in result.diagnostics]
    return {
        Path(item.path).stem: item.document
        for _, _, planned in result.kits
        for item in planned
        if item.document is not None and item.format == result.kits[0][0].formats[0]
    }


@functools.cache
def kit_through_libreoffice() -> Path:
    """Every DOCX of ``built_kit()`` converted to PDF by LibreOffice, once per test session."""
    from readback import libreoffice_pdfs

    out = Path(tempfile.mkdtemp(prefix="kitgen-lo-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    libreoffice_pdfs(sorted(built_kit().rglob("*.docx")), out)
    return out

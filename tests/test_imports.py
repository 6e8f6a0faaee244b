"""`validate`, `list`, `kits`, `plan` and `--help` never import the writers' heavy libraries:
a curriculum writer checking a file should not wait for WeasyPrint or python-docx to load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from kitgen.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
heavy = sorted(name for name in ("weasyprint", "docx", "pikepdf", "pydyf") if name in sys.modules)
print("HEAVY", heavy)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "lessons"],
        ["list", "lessons"],
        ["kits", "lessons"],
        ["plan", "--lessons", "lessons"],
        ["--help"],
    ],
    ids=lambda args: args[0],
)
def test_commands_that_render_nothing_import_no_writer(args: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in run.stdout, run.stdout[-500:] + run.stderr[-500:]

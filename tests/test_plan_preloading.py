"""A build plans in a forked child while it imports the writers it will set up
(``build.plan_preloading``): the plan that comes back is the plan made here, the writers are
imported here, and a one-worker build keeps everything in this process. Each case runs in a new
interpreter, where nothing is imported yet and no test runner's threads stop the fork."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = """
import os, sys
from pathlib import Path
from kitgen import build, fork_map
from kitgen.request import Request

fork_map.cores = lambda: 2  # a loaded test machine would otherwise keep the work here
fork_map.busy = lambda: False
plan = build.plan
def traced(*args):
    result = plan(*args)
    result.diagnostics = [*result.diagnostics, os.getpid()]  # which process planned
    return result
build.plan = traced
lessons, templates = Path("lessons"), Path("templates")
planned = build.plan_preloading(lessons, Request(), templates, False, {workers})
print("PLANNER", "here" if planned.diagnostics.pop() == os.getpid() else "child")
print("IMPORTED", sorted(m for m in ("weasyprint", "docx") if m in sys.modules))
import gc
kits = planned.kits
print("FROZEN", gc.isenabled() and not any(o is kits for o in gc.get_objects()))  # out of collection
here = plan(lessons, Request(), templates, False)
print("KITS", len(here.kits), "SAME", (planned.diagnostics, planned.kits, planned.complete) == (here.diagnostics, here.kits, here.complete))
"""


def _run(workers: int | None) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(workers=workers)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.splitlines()


@pytest.mark.skipif(sys.platform != "linux", reason="forks")
def test_a_child_plans_while_the_writers_are_imported_here() -> None:
    assert _run(None) == [
        "PLANNER child",
        "IMPORTED ['docx', 'weasyprint']",
        "FROZEN True",
        "KITS 4 SAME True",
    ]


def test_one_worker_plans_here_and_imports_nothing_ahead() -> None:
    assert _run(1) == ["PLANNER here", "IMPORTED []", "FROZEN False", "KITS 4 SAME True"]


COMPLETE = """
import sys, tempfile
from pathlib import Path
sys.path.insert(0, "tests")
from doctree_samples import every_node_document, image_assets
from kitgen import render

render.preload(["pdf", "docx"])
before = set(sys.modules)
render._set_up(Path("templates"), image_assets(Path(tempfile.mkdtemp()) / "assets"), "en")
assert render._worker is not None
render._worker.warm_up({"pdf", "docx"})
for fmt in ("pdf", "docx"):
    render._worker.render(every_node_document(), fmt, None)
heavy = ("weasyprint", "docx", "pikepdf", "pydyf", "fontTools", "tinycss2", "cffi", "kitgen.writers")
print("NEW", sorted(m for m in set(sys.modules) - before if m.startswith(heavy)))
"""


@pytest.mark.slow
def test_the_preloads_import_everything_set_up_and_rendering_import() -> None:
    """What the writers import when they are set up and render is all imported ahead, while the
    child plans: nothing is left for the single-core stretch before the workers are forked."""
    run = subprocess.run(
        [sys.executable, "-c", COMPLETE], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert run.stdout.splitlines()[-1] == "NEW []", run.stdout + run.stderr[-2000:]

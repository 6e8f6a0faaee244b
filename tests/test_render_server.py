"""``kitgen build`` sets WeasyPrint up in a fork server while it plans (``kitgen.render_server``):
the files are those of workers forked from the build's own process, the build's process never
imports WeasyPrint, a broken stylesheet is still a located error, and nothing is left behind
(no process, no temporary file)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kitgen import render_server
from kitgen.request import Request

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork server"
)

BUILD = """
import contextlib, os, sys
import kitgen.render_server
if {without_server}:
    kitgen.render_server.early = lambda *args, **kwargs: contextlib.nullcontext()
from kitgen.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit as exit:
    print("exit", exit.code)
children = [
    pid for pid in os.listdir("/proc")
    if pid.isdigit() and os.path.exists(f"/proc/{{pid}}/stat")
    and open(f"/proc/{{pid}}/stat").read().rsplit(")", 1)[1].split()[1] == str(os.getpid())
]
print("children", children)
print("weasyprint imported", "weasyprint" in sys.modules)
"""


def _build(tmp_path: Path, args: list[str], without_server: bool = False) -> tuple[str, Path]:
    """Run ``kitgen build`` with ``args`` in a new process whose temporary folder is empty;
    its output, and that folder."""
    scratch = tmp_path / f"tmp-{len(list(tmp_path.glob('tmp-*')))}"
    scratch.mkdir()
    script = BUILD.format(without_server=without_server, args=args)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
        timeout=300,
    )
    return done.stdout + done.stderr, scratch


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".kitgen-cache" not in path.parts
    }


@pytest.mark.slow
def test_a_build_renders_from_the_server_the_same_bytes_and_leaves_nothing(
    minimal: Path, tmp_path: Path
) -> None:
    served, scratch = _build(tmp_path, ["build", "--lessons", str(minimal), "--out", str(tmp_path / "a")])
    assert "built 1 kit: 8 documents" in served, served
    assert "children []" in served, "no server, resource tracker or worker outlives the build"
    assert "weasyprint imported False" in served, "the server set WeasyPrint up, not the build's process"
    assert list(scratch.iterdir()) == [], "no temporary file or folder is left"
    forked, _ = _build(tmp_path, ["build", "--lessons", str(minimal), "--out", str(tmp_path / "b")], True)
    assert "weasyprint imported True" in forked, forked
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sum(name.endswith(".pdf") for name in a) == 4 and sum(name.endswith(".docx") for name in a) == 4
    assert a == b, "the same files as workers forked from the build's process"


@pytest.mark.slow
def test_a_broken_stylesheet_is_a_located_error_and_leaves_nothing(minimal: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    css = templates / "print.css"
    css.write_text('@import url("https://example.com/district.css");\n' + css.read_text(encoding="utf-8"))
    args = ["build", "--lessons", str(minimal), "--templates", str(templates), "--out", str(tmp_path / "out")]
    output, scratch = _build(tmp_path, args)
    assert "exit 1" in output and "build failed: nothing was written" in output, output
    assert (
        "test-unit-facilitator-guide.pdf could not be rendered: RenderError: stylesheet: "
        "refused URL outside the virtual base: https://example.com/district.css" in output
    )
    assert "children []" in output
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "out").exists()


def _ours(folder: Path) -> list[Path]:
    """What is in ``folder`` but multiprocessing's own folder (its socket's), removed when the
    process exits."""
    return [path for path in folder.iterdir() if not path.name.startswith("pymp-")]


def test_no_server_for_one_worker_or_without_pdfs_and_none_left_after_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates, lessons = REPO / "templates", REPO / "lessons"
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for formats, workers in ((("docx",), None), ((), 1)):
        with render_server.early(templates, lessons, Request(formats=formats), workers):
            assert render_server.serving(templates, lessons) is None
    assert _ours(tmp_path) == []
    with render_server.early(templates, lessons, Request(), 2):
        assert [path.name[:14] for path in _ours(tmp_path)] == ["kitgen-render-"]
        assert render_server.serving(templates, lessons) is not None
        assert render_server.serving(tmp_path, lessons) is None, "other templates: workers set up anew"
        pid = __import__("multiprocessing").forkserver._forkserver._forkserver_pid
        assert pid is not None and os.path.exists(f"/proc/{pid}")
    assert not os.path.exists(f"/proc/{pid}"), "stopped, even in the middle of its set-up"
    assert render_server.serving(templates, lessons) is None
    assert _ours(tmp_path) == []

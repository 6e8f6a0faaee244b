"""Rendering leaves nothing behind: no temporary folder after success, failure or Ctrl-C, and
Ctrl-C stops the workers at once instead of waiting for the documents they are on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from doctree_samples import every_node_document, png

from kitgen import doctree as d
from kitgen.render import render_all

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"


def make_assets(folder: Path) -> Path:
    (folder / "assets" / "images").mkdir(parents=True)
    (folder / "assets" / "images" / "sample.png").write_bytes(png(40, 24, (40, 90, 160)))
    return folder / "assets"


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary directory of this process and of the workers it forks."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_rendering_leaves_no_temporary_folder(private_tmp: Path, tmp_path: Path, workers: int) -> None:
    assets = make_assets(tmp_path)
    documents = {"a": every_node_document(), "b": every_node_document("student")}
    files = render_all(documents, ("pdf",), TEMPLATES, assets, lambda _: None, workers)
    assert sorted(files) == ["a.pdf", "b.pdf"]
    assert list(private_tmp.iterdir()) == []

    broken = d.Document(
        documents["a"].meta, (d.Heading(1, (d.Text("T"),)), d.Image("images/sample.png", alt=""))
    )
    with pytest.raises(Exception, match="alt"):
        render_all(
            {"a": documents["a"], "broken": broken}, ("pdf",), TEMPLATES, assets, lambda _: None, workers
        )
    assert list(private_tmp.iterdir()) == []


SCRIPT = textwrap.dedent(
    """
    import multiprocessing, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from doctree_samples import every_node_document
    from kitgen.render import render_all

    documents = {{f"doc{{i:02d}}": every_node_document() for i in range(40)}}

    def progress(name):
        print("rendered", name, flush=True)

    try:
        render_all(documents, ("pdf", "docx"), Path({templates!r}), Path({assets!r}), progress, 2)
    except KeyboardInterrupt:
        print("left", len(multiprocessing.active_children()), flush=True)
        sys.exit(130)
    """
)


@pytest.mark.slow
def test_ctrl_c_stops_rendering_within_a_second(tmp_path: Path) -> None:
    """Ctrl-C from a terminal reaches the whole process group: the workers ignore it, the parent
    ends them, and the worker processes and their temporary folder are gone."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    script = SCRIPT.format(
        tests=str(REPO / "tests"), templates=str(TEMPLATES), assets=str(make_assets(tmp_path))
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
        start_new_session=True,
    )
    assert process.stdout is not None
    for _ in range(3):  # the workers are up and busy
        assert process.stdout.readline().startswith("rendered ")
    start = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert time.monotonic() - start < 1
    assert process.returncode == 130, err
    assert out.splitlines()[-1] == "left 0"
    assert "Traceback" not in err
    assert list(temp.iterdir()) == []


@pytest.mark.slow
def test_ctrl_c_during_a_build_exits_130_and_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    from package_samples import kit_files, kit_info

    from kitgen.catalog import write_catalog
    from kitgen.publish import publish_kit

    out = tmp_path / "output"
    publish_kit(out, kit_info("whole-unit", band=None), kit_files(), ("pdf", "docx"))
    write_catalog(out)
    before = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "kitgen", "build", "--lessons", str(REPO / "lessons"), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
        start_new_session=True,
    )
    time.sleep(3)  # validated and composed; rendering
    assert process.poll() is None
    start = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - start < 1
    assert process.returncode == 130, err
    assert "Traceback" not in err
    # The render cache may keep documents that finished before Ctrl-C (it is keyed by their
    # inputs, so it can never serve them stale); each one it kept is whole. Nothing else changed.
    cache = out / ".kitgen-cache"
    kept = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert {p: b for p, b in kept.items() if cache not in (out / p).parents} == before
    assert all(
        b.rstrip().endswith(b"%%EOF")
        for p, b in kept.items()
        if p.suffix == ".pdf" and cache in (out / p).parents
    )
    assert list(temp.iterdir()) == []


def test_ctrl_c_while_the_workers_are_forked_is_raised_once_they_are() -> None:
    from kitgen import render

    with pytest.raises(KeyboardInterrupt), render._interrupt_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # not raised here
        forked = True
    assert forked
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

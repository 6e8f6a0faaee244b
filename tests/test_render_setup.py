"""Workers forked for rendering share the set-up of the process that forks them: WeasyPrint is
imported and its fonts and stylesheet loaded once per build, not once per worker
(``render._forked_set_up``), and the files are those one process renders."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from pathlib import Path

import pytest
from doctree_samples import every_node_document, image_assets

from kitgen import render
from kitgen.render import Job, render_jobs
from kitgen.writers.registry import WRITERS

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="counts set-ups in forked workers"
)


@pytest.mark.slow
def test_two_workers_set_up_the_pdf_writer_once_here_and_render_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assets = image_assets(tmp_path / "assets")
    log = tmp_path / "set-ups.log"
    make = WRITERS["pdf"].make

    def logged(*args: object) -> object:
        with open(log, "a") as stream:
            stream.write(f"{os.getpid()}\n")
        return make(*args)  # type: ignore[arg-type]

    patched = {**WRITERS, "pdf": dataclasses.replace(WRITERS["pdf"], make=logged)}
    monkeypatch.setattr(render, "WRITERS", patched)
    doc = every_node_document()
    other = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title="Another title"))
    jobs = [Job("one.pdf", doc, "pdf"), Job("two.pdf", other, "pdf")]
    done: list[str] = []
    files = render_jobs(jobs, TEMPLATES, assets, done.append, workers=2)
    assert sorted(done) == ["one.pdf", "two.pdf"]
    assert log.read_text().split() == [str(os.getpid())], "set up once, in this process"
    alone = render_jobs(jobs, TEMPLATES, assets, lambda _name: None, workers=1)
    assert files == alone, "the bytes one process renders"
    assert files["one.pdf"] != files["two.pdf"]

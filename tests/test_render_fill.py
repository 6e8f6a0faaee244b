"""A DOCX whose contents list prints the page numbers of its PDF does not wait for that PDF: with
two workers it is rendered at once, beside it, without the numbers, which are filled in when the
PDF gives them (``render.render_jobs``); with one worker it is rendered after the PDF, with them.
Either way the file is the one rendered with the PDF's numbers."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from doctree_samples import every_node_document, image_assets

from kitgen import render
from kitgen.render import Job, render_jobs
from kitgen.writers.docx_toc import heading_pages

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="counts renders in forked workers"
)


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return image_assets(tmp_path_factory.mktemp("assets"))


RENDER = render._render_in_worker


def logged(doc: object, fmt: str, pages: object = None) -> str:
    """``render._render_in_worker``, writing the numbers each DOCX is given to $RENDER_LOG."""
    if fmt == "docx":
        with open(os.environ["RENDER_LOG"], "a") as stream:
            stream.write(json.dumps(pages) + "\n")
    return RENDER(doc, fmt, pages)  # type: ignore[arg-type]


def rendered(workers: int, assets: Path, log: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The PDF and the DOCX of one tree; ``log`` gets one line per DOCX rendered, with the
    numbers it was given (pool workers are forked with the patched function)."""
    monkeypatch.setenv("RENDER_LOG", str(log))
    monkeypatch.setattr(render, "_render_in_worker", logged)
    doc = every_node_document()
    jobs = [Job("guide.pdf", doc, "pdf"), Job("guide.docx", doc, "docx", "guide.pdf")]
    done: list[str] = []
    files = render_jobs(jobs, TEMPLATES, assets, done.append, workers=workers)
    assert sorted(done) == ["guide.docx", "guide.pdf"], "each file reported done once"
    return files


@pytest.fixture(scope="module")
def one_worker(
    assets: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, bytes], list[object]]:
    """The files from one worker, and the numbers its DOCX was rendered with."""
    log = tmp_path_factory.mktemp("one") / "docx.log"
    with pytest.MonkeyPatch.context() as monkeypatch:
        files = rendered(1, assets, log, monkeypatch)
    return files, [json.loads(line) for line in log.read_text().splitlines()]


def test_with_one_worker_the_docx_is_rendered_once_after_its_pdf_with_its_numbers(
    one_worker: tuple[dict[str, bytes], list[object]],
) -> None:
    files, renders = one_worker
    numbers = heading_pages(files["guide.pdf"])
    assert len(numbers) == 2 and all(page > 1 for page in numbers.values())
    assert renders == [numbers]


def test_with_two_workers_the_docx_is_rendered_once_without_numbers_and_filled_in(
    one_worker: tuple[dict[str, bytes], list[object]],
    assets: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = tmp_path / "docx.log"
    files = rendered(2, assets, log, monkeypatch)
    assert [json.loads(line) for line in log.read_text().splitlines()] == [None]
    assert files == one_worker[0], "the same bytes as the DOCX rendered with the PDF's numbers"

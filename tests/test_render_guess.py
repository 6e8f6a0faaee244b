"""A DOCX whose contents list prints the page numbers of its PDF may start before that PDF is
done, with the numbers the last build remembered (``render.Job.guess``): it is kept only when the
PDF gives the same numbers, and rendered again with the PDF's otherwise. Either way the file is
the one a build without a guess writes."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from doctree_samples import every_node_document, png

from kitgen import render
from kitgen.render import Job, render_jobs
from kitgen.writers.docx_toc import heading_pages

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="counts renders in forked workers"
)


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("assets")
    (folder / "images").mkdir()
    (folder / "images" / "sample.png").write_bytes(png())
    return folder


@pytest.fixture(scope="module")
def plain(assets: Path) -> dict[str, bytes]:
    """The PDF, and the DOCX rendered after it with its numbers (no guess)."""
    doc = every_node_document()
    jobs = [Job("guide.pdf", doc, "pdf"), Job("guide.docx", doc, "docx", "guide.pdf")]
    return render_jobs(jobs, TEMPLATES, assets, lambda name: None, workers=2)


RENDER = render._render_in_worker


def logged(doc: object, fmt: str, pages: object = None) -> str:
    """``render._render_in_worker``, writing the numbers each DOCX is given to $RENDER_LOG."""
    if fmt == "docx":
        with open(os.environ["RENDER_LOG"], "a") as stream:
            stream.write(json.dumps(pages) + "\n")
    return RENDER(doc, fmt, pages)  # type: ignore[arg-type]


def rendered_with_guess(
    guess: dict[str, int], assets: Path, log: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, bytes]:
    """Both files from two workers, the DOCX guessing ``guess``; ``log`` gets one line per DOCX
    rendered, with the numbers it was given (the workers are forked with the patched function)."""
    monkeypatch.setenv("RENDER_LOG", str(log))
    monkeypatch.setattr(render, "_render_in_worker", logged)
    doc = every_node_document()
    jobs = [Job("guide.pdf", doc, "pdf"), Job("guide.docx", doc, "docx", "guide.pdf", guess)]
    done: list[str] = []
    files = render_jobs(jobs, TEMPLATES, assets, done.append, workers=2)
    assert sorted(done) == ["guide.docx", "guide.pdf"], "each file reported done once"
    return files


def test_a_right_guess_renders_the_docx_once_beside_its_pdf(
    plain: dict[str, bytes], assets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = heading_pages(plain["guide.pdf"])
    assert len(numbers) == 2 and all(page > 1 for page in numbers.values())
    log = tmp_path / "docx.log"
    files = rendered_with_guess(numbers, assets, log, monkeypatch)
    assert [json.loads(line) for line in log.read_text().splitlines()] == [numbers]
    assert files == plain


def test_a_wrong_guess_is_dropped_and_the_docx_rendered_again_with_the_pdf_numbers(
    plain: dict[str, bytes], assets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = heading_pages(plain["guide.pdf"])
    wrong = {title: page + 1 for title, page in numbers.items()}
    log = tmp_path / "docx.log"
    files = rendered_with_guess(wrong, assets, log, monkeypatch)
    assert [json.loads(line) for line in log.read_text().splitlines()] == [wrong, numbers]
    assert files == plain, "the DOCX prints the PDF's numbers, not the guess"

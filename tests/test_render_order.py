"""A file assembled from others (a kit's copy-room PDF of its handouts) is queued as heavy as its
parts together, so it goes before lighter documents still waiting instead of being the last job,
which then ran alone on one core while the other idled."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from doctree_samples import every_node_document, image_assets

from kitgen import doctree as d
from kitgen.render import Assembly, Job, render_jobs

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def joined(parts: list[bytes]) -> bytes:
    return b"".join(parts)


def test_a_copy_room_file_goes_before_lighter_documents_once_its_parts_are_done(tmp_path: Path) -> None:
    assets = image_assets(tmp_path / "assets")
    handout = every_node_document("student")
    other = dataclasses.replace(handout, meta=dataclasses.replace(handout.meta, title="Another handout"))
    sheet = d.Document(handout.meta, (d.Heading(1, (d.Text("Take-home sheet"),)),))
    jobs = [
        Job("one.docx", handout, "docx"),
        Job("two.docx", other, "docx"),
        Job("sheet.docx", sheet, "docx"),
    ]
    room = Assembly("all.docx", ("one.docx", "two.docx"), joined, "docx")
    done: list[str] = []
    files = render_jobs(jobs, TEMPLATES, assets, done.append, workers=1, assemblies=[room])
    assert done == ["one.docx", "two.docx", "all.docx", "sheet.docx"]
    assert files["all.docx"] == files["one.docx"] + files["two.docx"]

"""The render cache never serves a stale file: after each kind of change, a cached build writes
exactly what a build without the cache writes, and an unchanged rebuild renders nothing. A build
with nothing changed replays the last one's report without composing anything, and anything
changed in the output folder or the cache is built again (kitgen/last_build.py; each kind of
input changing its key is tests/test_last_build.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

import kitgen.build
from kitgen.build import build
from kitgen.cli import main
from kitgen.targets import Request
from kitgen.writers.pdf_combine import combine_handouts

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


def files_of(out: Path) -> dict[str, bytes]:
    """Every file of every kit folder (the cache itself left out)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".kitgen-cache" not in p.parts
    }


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_renders_only_what_changed_and_never_a_stale_file(minimal: Path, tmp_path: Path) -> None:
    shutil.copytree(REPO / "templates", minimal.parent / "templates")
    out = tmp_path / "out"
    first = build(minimal, out, Request())
    assert first.kits and first.rendered > 0
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != "index.html"}
    again = build(minimal, out, Request())
    assert again.rendered == 0, "an unchanged rebuild renders nothing"
    assert {p: p.stat().st_mtime_ns for p in written} == written, "and rewrites no kit"

    changes: list[tuple[str, Callable[[], None]]] = [
        (
            "a student's text",
            lambda: replace(minimal / "01-test-lesson.yaml", "title: Warm-up", "title: Warm up"),
        ),
        ("the profile", lambda: replace(minimal / "profile.yaml", "Jordan Lee", "Avery Stone")),
        (
            "the stylesheet",
            lambda: replace(minimal.parent / "templates" / "print.css", "orphans: 2;", "orphans: 3;"),
        ),
        (
            "the string table",
            lambda: replace(
                minimal.parent / "templates" / "strings" / "en.yaml",
                "Page {page} of {total}",
                "p. {page}/{total}",
            ),
        ),
    ]
    for what, change in changes:
        before = files_of(out)
        change()
        cached = build(minimal, out, Request())
        assert cached.kits, what
        fresh_out = tmp_path / f"fresh-{len(what)}"
        fresh = build(minimal, fresh_out, Request(), use_cache=False)
        assert fresh.kits, what
        assert files_of(out) == files_of(fresh_out), f"a stale file after changing {what}"
        changed = {name for name, data in files_of(out).items() if before.get(name) != data}
        assert changed, f"changing {what} changed no file"
        assert cached.rendered > 0, what
        if what == "a student's text":  # one section title: the handout and the guide, not the letter
            assert cached.rendered == 4
            assert not {name for name in changed if "/family/" in name}


def test_an_unchanged_build_composes_nothing_and_output_changed_by_hand_is_built_again(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = build(minimal, out, Request())
    assert first.kits
    built = files_of(out)
    plans: list[int] = []
    real_plan = kitgen.build.plan

    def counted(*args: object, **kwargs: object) -> object:
        plans.append(1)
        return real_plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kitgen.build, "plan", counted)
    again = build(minimal, out, Request())
    assert not plans, "an unchanged build is not even validated and composed"
    assert again.rendered == 0 and again.diagnostics == first.diagnostics and again.kits == first.kits
    assert files_of(out) == built

    guide = next(name for name in built if name.endswith("facilitator-guide.pdf"))
    (out / guide).write_bytes(b"%PDF-1.7 edited by hand")
    (out / "index.html").unlink()
    restored = build(minimal, out, Request())
    assert plans and restored.rendered == 0, "built again from the cache"
    assert files_of(out) == built

    cached = out / ".kitgen-cache"
    entry = next(p for p in cached.iterdir() if p.suffix == ".docx")
    entry.unlink()
    assert build(minimal, out, Request()).rendered == 1, "a deleted cache entry is rendered again"
    assert files_of(out) == built and entry.exists()

    lesson = minimal / "01-test-lesson.yaml"
    real_render = kitgen.build.render_kits

    def edited_meanwhile(*args: object, **kwargs: object) -> object:
        lesson.write_text(lesson.read_text(encoding="utf-8") + "# saved during the build\n", encoding="utf-8")
        return real_render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kitgen.build, "render_kits", edited_meanwhile)
    plans.clear()
    lesson.write_text(lesson.read_text(encoding="utf-8") + "# saved before the build\n", encoding="utf-8")
    build(minimal, out, Request())
    monkeypatch.setattr(kitgen.build, "render_kits", real_render)
    build(minimal, out, Request())
    assert len(plans) == 2, "a build whose lesson changed while it ran is not taken as the last one"
    build(minimal, out, Request())
    assert len(plans) == 2


def test_the_command_line_reports_an_unchanged_build_as_the_build_did(minimal: Path) -> None:
    def summary() -> str:
        run = CliRunner().invoke(main, ["build", "--lessons", str(minimal), "--quiet"])
        assert run.exit_code == 0, run.output
        return re.sub(r", [0-9.]+ s;", ", N s;", run.output)

    full = summary()
    (minimal.parent / "output" / ".kitgen-cache" / "last-build.json").unlink()
    composed, replayed = summary(), summary()
    assert "(0 files rendered" in composed and "1 warning;" in composed
    assert replayed == composed
    assert "(0 files rendered" not in full, "the first build rendered its files"
    probe = LOADED.format(args=["build", "--lessons", str(minimal), "--quiet"])
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "LOADED []" in run.stdout, "a replayed build loads no lesson model and no writer: " + run.stdout


LOADED = """
import sys
from kitgen.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
names = ("kitgen.model", "kitgen.loader", "kitgen.compose", "pydantic", "yaml", "weasyprint", "docx", "pikepdf")
print("LOADED", sorted(name for name in names if name in sys.modules))
"""


def test_the_copy_room_pdf_is_joined_beside_the_rendering_and_never_stale(
    minimal: Path, tmp_path: Path
) -> None:
    """All handouts in one PDF are joined by a worker as soon as the last is rendered
    (``render.Assembly``): after one handout's text changes, the copy-room file holds the new text
    and is the file a build without the cache makes; with one worker it is joined the same."""
    lesson = minimal / "01-test-lesson.yaml"
    second = lesson.read_text(encoding="utf-8").replace("id: test-lesson", "id: second-lesson", 1)
    (minimal / "02-second-lesson.yaml").write_text(
        second.replace("number: 1", "number: 2", 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert build(minimal, out, Request(), workers=2).kits
    room = next(name for name in files_of(out) if name.endswith("student-handouts-all.pdf"))
    replace(minimal / "02-second-lesson.yaml", "Think about trust.", "Think about loyalty.")
    edited = build(minimal, out, Request(), workers=2)
    assert edited.rendered == 4, "the second handout and the guide, in PDF and DOCX"
    text = subprocess.run(["pdftotext", out / room, "-"], capture_output=True, text=True, check=True).stdout
    assert "Think about loyalty." in text and "Think about trust." in text
    handouts = sorted(p for p in files_of(out) if p.endswith("-student-handout.pdf"))
    with pikepdf.open(out / room) as joined:
        title = str(joined.docinfo["/Title"])
    assert (out / room).read_bytes() == combine_handouts([(out / p).read_bytes() for p in handouts], title)
    fresh = build(minimal, tmp_path / "fresh", Request(), workers=1, use_cache=False)
    assert fresh.kits and files_of(tmp_path / "fresh") == files_of(out)

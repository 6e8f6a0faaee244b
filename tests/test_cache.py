"""The render cache never serves a stale file: after each kind of change, a cached build writes
exactly what a build without the cache writes, and an unchanged rebuild renders nothing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kitgen.build import build
from kitgen.targets import Request

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

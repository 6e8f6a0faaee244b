"""The record of the last build (kitgen/last_build.py) is replayed only when nothing a build reads
or leaves behind has changed: each kind of input changes the key, each change to the output
folder or the cache refuses the record, and a build whose inputs changed while it ran is not
recorded. (tests/test_cache.py builds for real.)"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kitgen import last_build
from kitgen.diagnostics import Diagnostic, Severity
from kitgen.last_build import BuildResult, BuiltKit, Inputs, read_inputs, replay, save
from kitgen.request import Request

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def place(minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal curriculum with a kit file and a translations folder, templates beside it, a
    profile of the trainer's own, and a copy of kitgen's package standing for kitgen's files."""
    (minimal / "kits").mkdir()
    (minimal / "kits" / "all.yaml").write_text("id: all\ntitle: All\n", encoding="utf-8")
    (minimal / "translations" / "es").mkdir(parents=True)
    (minimal / "translations" / "es" / "test-lesson.po").write_text(
        'msgid "a"\nmsgstr "b"\n', encoding="utf-8"
    )
    templates = tmp_path / "templates"
    (templates / "strings").mkdir(parents=True)
    (templates / "strings" / "en.yaml").write_text("page: Page\n", encoding="utf-8")
    (templates / "print.css").write_text("p { orphans: 2; }\n", encoding="utf-8")
    (tmp_path / "district.yaml").write_text("district: A\n", encoding="utf-8")
    package = tmp_path / "package"
    package.mkdir()
    (package / "build.py").write_text("VERSION = 1\n", encoding="utf-8")
    monkeypatch.setattr(last_build, "PACKAGE", package)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def key(place: Path, request: Request | None = None, strict: bool = False, out: str = "output") -> str:
    return read_inputs(place / "lessons", place / out, request or Request(), place / "templates", strict).key


def write(path: Path, text: str) -> Callable[[], None]:
    return lambda: path.write_text(text, encoding="utf-8")


def test_every_kind_of_input_changes_the_key(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lessons, templates = place / "lessons", place / "templates"
    extra_path = place / "site"
    extra_path.mkdir()
    monkeypatch.syspath_prepend(str(extra_path))
    changes: list[tuple[str, Callable[[], None]]] = [
        ("a lesson", write(lessons / "01-test-lesson.yaml", "title: changed\n")),
        ("the unit", write(lessons / "unit.yaml", "id: changed\n")),
        ("the profile", write(lessons / "profile.yaml", "district: changed\n")),
        ("a kit", write(lessons / "kits" / "all.yaml", "id: all\ntitle: Changed\n")),
        ("a catalog", write(lessons / "translations" / "es" / "test-lesson.po", 'msgid "a"\nmsgstr "c"\n')),
        ("a new file", write(lessons / "02-new.yaml", "id: new\n")),
        ("an empty folder", lambda: (lessons / "translations" / "fr").mkdir()),
        ("a removed file", lambda: (lessons / "02-new.yaml").unlink()),
        ("a string table", write(templates / "strings" / "en.yaml", "page: Seite\n")),
        ("the stylesheet", write(templates / "print.css", "p { orphans: 3; }\n")),
        ("kitgen's files", write(last_build.PACKAGE / "build.py", "VERSION = 2\n")),
        ("a library", lambda: (extra_path / "pydyf-0.12.dist-info").mkdir()),
        ("the Python version", lambda: monkeypatch.setattr(sys, "version", sys.version + "+")),
        ("SOURCE_DATE_EPOCH", lambda: monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")),
        ("the working folder", lambda: monkeypatch.chdir(lessons)),
    ]
    seen = {key(place)}
    assert key(place) in seen, "reading the same inputs again gives the same key"
    for what, change in changes:
        change()
        now = key(place)
        assert now not in seen, f"changing {what} left the key as it was"
        seen.add(now)
    profile = place / "district.yaml"
    for what, request in [
        ("--kit", Request(kits=("all",))),
        ("--format", Request(formats=("pdf",))),
        ("--page-size", Request(page_size="a4")),
        ("--grades", Request(grades=(9, 10))),
        ("--language", Request(lessons=("test-lesson",), languages=("en", "es"))),
        ("--profile", Request(profile=profile)),
    ]:
        assert key(place, request) not in seen, what
        seen.add(key(place, request))
    before = key(place, Request(profile=profile))
    profile.write_text("district: B\n", encoding="utf-8")
    assert key(place, Request(profile=profile)) != before, "the bytes of --profile's file"
    assert key(place, strict=True) not in seen, "--strict"
    assert key(place, out="elsewhere") not in seen, "--out"


def test_the_output_folder_is_not_an_input_even_inside_the_lessons(place: Path) -> None:
    before = key(place, out="lessons/output")
    (place / "lessons" / "output").mkdir()
    (place / "lessons" / "output" / "index.html").write_text("<p>kits</p>", encoding="utf-8")
    assert key(place, out="lessons/output") == before


def built(place: Path) -> tuple[Path, Inputs, BuildResult]:
    """A fake finished build: a kit folder, its zip, a catalog and a cache entry, recorded."""
    out = place / "output"
    (out / "all" / "student").mkdir(parents=True)
    (out / "all" / "student" / "handout.pdf").write_bytes(b"%PDF-1.7 one")
    (out / "all" / "manifest.json").write_text("{}", encoding="utf-8")
    (out / "all.zip").write_bytes(b"PK")
    (out / "index.html").write_text("<p>all</p>", encoding="utf-8")
    (out / ".kitgen-cache").mkdir()
    (out / ".kitgen-cache" / "abc.pdf").write_bytes(b"%PDF-1.7 one")
    warning = Diagnostic("lessons/profile.yaml", 3, 5, Severity.WARNING, "todo", "fill in", "hint", ("a", 0))
    result = BuildResult([warning], [BuiltKit("all", out / "all", 1, 2)], out / "index.html", rendered=1)
    inputs = read_inputs(place / "lessons", out, Request(), place / "templates", False)
    save(out, inputs, result)
    return out, inputs, result


def test_an_unchanged_build_is_replayed_as_reported(place: Path) -> None:
    out, _, result = built(place)
    again = replay(out, read_inputs(place / "lessons", out, Request(), place / "templates", False))
    assert again is not None
    assert again.diagnostics == result.diagnostics and again.diagnostics[0].path == ("a", 0)
    assert again.kits == result.kits and again.catalog == result.catalog
    assert again.rendered == 0 and again.removed == []


@pytest.mark.parametrize(
    "change",
    [
        "a kit file changed",
        "a kit file removed",
        "a file added to a kit",
        "the zip removed",
        "the catalog changed",
        "a cache entry removed",
        "a cache entry added",
        "the record damaged",
        "the record of another layout",
    ],
)
def test_any_change_to_the_output_or_the_cache_refuses_the_record(place: Path, change: str) -> None:
    out, inputs, _ = built(place)
    cache = out / ".kitgen-cache"
    {
        "a kit file changed": write(out / "all" / "student" / "handout.pdf", "%PDF-1.7 two"),
        "a kit file removed": lambda: (out / "all" / "student" / "handout.pdf").unlink(),
        "a file added to a kit": write(out / "all" / "student" / "notes.txt", "mine"),
        "the zip removed": lambda: (out / "all.zip").unlink(),
        "the catalog changed": write(out / "index.html", "<p>other</p>"),
        "a cache entry removed": lambda: (cache / "abc.pdf").unlink(),
        "a cache entry added": write(cache / "def.pdf", "%PDF"),
        "the record damaged": write(cache / "last-build.json", '{"layout": 1, "inputs": '),
        "the record of another layout": lambda: (cache / "last-build.json").write_text(
            (cache / "last-build.json").read_text(encoding="utf-8").replace('"layout": 1', '"layout": 0'),
            encoding="utf-8",
        ),
    }[change]()
    assert replay(out, inputs) is None


def test_a_build_whose_inputs_changed_while_it_ran_is_not_recorded(place: Path) -> None:
    out = place / "output"
    result = BuildResult([], [BuiltKit("all", out / "all", 1, 2)], out / "index.html")
    for change in (
        write(place / "lessons" / "01-test-lesson.yaml", "title: changed\n"),
        lambda: os.utime(place / "templates" / "print.css", ns=(0, 0)),
        lambda: (place / "lessons" / "notes.txt").write_text("new", encoding="utf-8"),
    ):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        inputs = read_inputs(place / "lessons", out, Request(), place / "templates", False)
        change()
        save(out, inputs, result)
        assert not (out / ".kitgen-cache" / "last-build.json").exists()
    inputs = read_inputs(place / "lessons", out, Request(), place / "templates", False)
    save(out, inputs, result)
    assert replay(out, inputs) == result
    save(out, inputs, BuildResult([], []))  # a build that wrote no kit leaves the record alone
    assert replay(out, inputs) == result


def test_the_command_line_names_the_schema_kinds_it_does_not_load() -> None:
    from kitgen.cli import SCHEMA_KINDS
    from kitgen.schemas import KINDS

    assert tuple(KINDS) == SCHEMA_KINDS

"""The validation cache (kitgen/validation_cache.py) never gives a stale answer: after each kind
of input changes, validating with the cache says what validating without it says, and that is
not what it said before. It lives outside the lessons folder, can be turned off, and a damaged
entry is a miss, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen import validation_cache
from kitgen.cli import main
from kitgen.diagnostics import render
from kitgen.reading_level import readings
from kitgen.validate import validate_paths

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def unit_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped lessons (with kits and catalogs) and templates, copied to edit."""
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "lessons"


def seen(lessons: Path) -> tuple[str, list[tuple[str, int, float | None]]]:
    """What a validation says: every diagnostic, and each handout's words and grade."""
    result = validate_paths([lessons])
    scores = [
        (r.lesson.model.id, r.words, r.score.grade if r.score else None)
        for r in readings(result.curricula[0])
    ]
    return render(result.diagnostics, "text", result.files, verbose=True, color=False), scores


def uncached(
    lessons: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, list[tuple[str, int, float | None]]]:
    with monkeypatch.context() as patch:
        patch.setenv(validation_cache.OFF, "1")
        return seen(lessons)


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "lesson": (
        "01-myths-and-facts.yaml",
        "student_summary: ",
        "student_summary: Read every word of it twice. ",
    ),
    "unit": ("unit.yaml", "group_agreements:\n", "group_agreements:\n  - Listen all the way to the end.\n"),
    "profile": ("profile.yaml", 'district: "FILL IN: district name"', 'district: "North Valley Schools"'),
    "kit": ("kits/grades-9-10.yaml", 'band: "9-10"', 'band: "9-11"'),
    "catalog": (
        "translations/es/myths-and-facts.po",
        'msgstr "¿Qué es la trata de personas? Mitos y realidades"',
        'msgstr ""',
    ),
    "catalog syntax": (
        "translations/es/myths-and-facts.po",
        'msgstr "¿Qué es la trata de personas? Mitos y realidades"',
        'msgstr "¿Qué es la trata de personas? Mitos y realidades',
    ),
    "template": (  # the catalog's own bytes stay: it now lacks an entry of its template
        "translations/templates/myths-and-facts.pot",
        'msgctxt "family_connection.conversation_starters.3"',
        'msgctxt "family_connection.conversation_starters.4"\nmsgid "A new question?"\nmsgstr ""\n\n'
        'msgctxt "family_connection.conversation_starters.3"',
    ),
    "lesson text": ("02-grooming-and-recruitment.yaml", "student_summary: ", "student_summary: TODO. "),
    "unit read by a lesson's checks": ("unit.yaml", "    min_grade: 7", "    min_grade: 9"),
    "string table": (
        "../templates/strings/en.yaml",
        "essential_question: Essential question",
        "essential_question: The big essential question",
    ),
}


@pytest.mark.parametrize("kind", EDITS)
def test_each_kind_of_input_changes_what_a_cached_validation_says(
    kind: str, unit_copy: Path, monkeypatch: pytest.MonkeyPatch, _validation_cache: Path
) -> None:
    before = seen(unit_copy)
    assert seen(unit_copy) == before  # read back from the cache
    assert entries(_validation_cache / "kitgen" / "validate")
    name, old, new = EDITS[kind]
    replace(unit_copy / name, old, new)
    after = seen(unit_copy)
    assert after == uncached(unit_copy, monkeypatch)
    assert after != before
    if kind in ("lesson", "unit", "string table"):  # what the handouts print: the reading levels
        assert after[1] != before[1]


def test_an_image_is_looked_for_on_every_validation(unit_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's text is read back from the cache, but whether the image it names is there is not."""
    lesson = unit_copy / "01-myths-and-facts.yaml"
    text = lesson.read_text(encoding="utf-8")
    at = text.index("    student_instructions: |")
    figure = "    figure:\n      src: map.png\n      alt: A map\n"
    lesson.write_text(text[:at] + figure + text[at:], encoding="utf-8")
    (unit_copy / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    there = seen(unit_copy)
    assert "image-path" not in there[0]
    (unit_copy / "map.png").unlink()
    gone = seen(unit_copy)
    assert "error[image-path]: the image 'map.png' does not exist" in gone[0]
    assert gone == uncached(unit_copy, monkeypatch)


def test_the_name_a_file_is_shown_under_is_part_of_each_key(
    unit_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validated from another folder, each file is named as seen from there, whichever check
    found its problem: its text's, its lesson's or its catalog's."""
    broken_template = ("translations/templates/unit.pot", 'msgid "It Happens', "msgid It Happens")
    edits = ("lesson text", "unit read by a lesson's checks", "template")
    for name, old, new in [*(EDITS[edit] for edit in edits), broken_template]:
        replace(unit_copy / name, old, new)
    here = seen(unit_copy)
    for code in ("todo", "video-grade", "catalog-stale", "catalog-syntax", "catalog-orphan"):
        assert f"[{code}]" in here[0]
    monkeypatch.chdir(unit_copy)
    inside = seen(Path("."))
    assert inside == uncached(Path("."), monkeypatch)
    assert inside[0] == here[0].replace("lessons/", "")


def test_kitgens_own_source_is_part_of_every_key(unit_copy: Path, tmp_path: Path) -> None:
    """A kitgen whose scoring differs (here: a copy that scores no text) does not read back
    the scores another kitgen kept."""
    changed = tmp_path / "changed"
    shutil.copytree(REPO / "kitgen", changed / "kitgen", ignore=shutil.ignore_patterns("__pycache__"))
    replace(changed / "kitgen" / "readability.py", "MIN_WORDS = 150", "MIN_WORDS = 10**9")

    def readability(package: Path) -> str:
        env = {**os.environ, "PYTHONPATH": str(package)}
        run = subprocess.run(
            [sys.executable, "-m", "kitgen", "list", "--readability", str(unit_copy)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stdout

    shipped = readability(REPO)
    assert " ok" in shipped
    assert "not scored" not in shipped.split("\n\n")[0]
    assert "ok" not in readability(changed).split("\n\n")[0]  # nothing is scored
    assert readability(REPO) == shipped


def test_a_file_read_back_is_located_as_when_it_was_read(unit_copy: Path) -> None:
    replace(
        unit_copy / "02-grooming-and-recruitment.yaml", "student_summary:", "look_for: x\nstudent_summary:"
    )
    first = seen(unit_copy)
    assert "02-grooming-and-recruitment.yaml:" in first[0] and "error[unknown-field]" in first[0]
    assert seen(unit_copy) == first


def test_a_damaged_entry_is_a_miss(
    unit_copy: Path, _validation_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = seen(unit_copy)
    kept = entries(_validation_cache)
    for n, path in enumerate(kept):
        data = path.read_bytes()
        path.write_bytes([b"", data[: len(data) // 2], data[:-1] + b"x", b"not marshal"][n % 4])
    assert seen(unit_copy) == truth == uncached(unit_copy, monkeypatch)
    assert seen(unit_copy) == truth  # the entries were written again


def test_it_lives_outside_the_lessons_and_can_be_turned_off(
    unit_copy: Path, _validation_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files_before = sorted(unit_copy.parent.rglob("*"))
    monkeypatch.setenv(validation_cache.OFF, "1")
    seen(unit_copy)
    assert not entries(_validation_cache)
    monkeypatch.delenv(validation_cache.OFF)
    out = CliRunner().invoke(main, ["validate", "--no-cache", str(unit_copy)])
    assert out.exit_code == 0, out.output
    assert not entries(_validation_cache)
    seen(unit_copy)
    assert entries(_validation_cache / "kitgen" / "validate")
    assert (_validation_cache / "kitgen").stat().st_mode & 0o777 == 0o700  # it holds lesson text
    assert sorted(unit_copy.parent.rglob("*")) == files_before


def test_an_edit_replaces_its_files_entries(unit_copy: Path, _validation_cache: Path) -> None:
    seen(unit_copy)
    count = len(entries(_validation_cache))
    replace(unit_copy / "03-force-fraud-coercion.yaml", "student_summary: ", "student_summary: Again. ")
    seen(unit_copy)
    assert len(entries(_validation_cache)) == count


def test_a_cache_that_cannot_be_written_is_skipped(
    unit_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = uncached(unit_copy, monkeypatch)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert seen(unit_copy) == truth
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_build_no_cache_reads_every_source_again(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``build --no-cache`` renders everything again, and validates without the cache too."""
    import kitgen.build

    folders: list[Path | None] = []

    def fake_build(*args: object, **kwargs: object) -> None:
        folders.append(validation_cache.folder())
        raise KeyboardInterrupt

    monkeypatch.setattr(kitgen.build, "build", fake_build)
    for options in (["--no-cache"], []):
        CliRunner().invoke(main, ["build", "--lessons", str(minimal), "--out", "out", *options])
    assert folders[0] is None and folders[1] is not None


def test_the_libraries_versions_are_those_python_imports() -> None:
    """Read from the dist-info folders' names, as importlib.metadata finds them."""
    import importlib.metadata

    expected = {dist: importlib.metadata.version(dist) for dist in validation_cache.LIBRARIES}
    assert validation_cache.versions() == expected


def test_one_pack_per_kind_and_folder_without_the_files_that_are_gone(
    unit_copy: Path, _validation_cache: Path
) -> None:
    """Creating a file costs about a millisecond: a validation writes one pack for each kind of
    result and folder of files (the lessons, the kits; the handouts' reading levels), whatever
    the number of lessons, and a pack drops the entries of files no longer there."""
    seen(unit_copy)
    packs = entries(_validation_cache)
    assert [p.parent.name for p in packs].count("load") == 2  # lessons/, lessons/kits/
    assert [p.parent.name for p in packs].count("reading") == 1
    written = [p.stat().st_mtime_ns for p in packs]
    seen(unit_copy)
    assert [p.stat().st_mtime_ns for p in packs] == written  # nothing changed: nothing written
    lesson = unit_copy / "06-being-an-upstander.yaml"
    held = [validation_cache._read(p) for p in packs]
    # the file as loaded, its text's and its lesson's checks, its reading level
    assert sum(str(lesson) in pack for pack in held) == 4
    lesson.unlink()
    seen(unit_copy)
    assert entries(_validation_cache) == packs
    assert not any(str(lesson) in validation_cache._read(p) for p in packs)


def test_two_threads_validating_at_once_each_say_what_one_says(unit_copy: Path) -> None:
    """``kitgen serve`` validates on a save while a download builds: each thread has its own
    packs (one thread's ``flush`` never empties the packs another is filling)."""
    validation_cache.keep("load", str(unit_copy / "01-myths-and-facts.yaml"), "a key", 1)
    with ThreadPoolExecutor(1) as pool:
        elsewhere = pool.submit(lambda: dict(validation_cache._packs.open)).result()
    assert validation_cache._packs.open and not elsewhere
    validation_cache.flush()
    truth = seen(unit_copy)
    with ThreadPoolExecutor(2) as pool:
        said = list(pool.map(lambda _: seen(unit_copy), range(4)))
    assert said == [truth] * 4


LOADED = """
import sys
from pathlib import Path
from kitgen.validate import validate_paths
result = validate_paths([Path({lessons!r})])
print("DIAGNOSTICS", len(result.diagnostics))
print("LOADED", sorted(name for name in ("kitgen.compose.handout", "babel.messages.pofile", "markdown_it")
                       if name in sys.modules))
"""


def test_what_every_file_kept_needs_no_composer_catalog_parser_or_markdown(unit_copy: Path) -> None:
    """Validating again what was validated before loads neither the handout composer, nor Babel's
    catalog parser, nor Markdown: each handout's score, each catalog's and each text's checks
    are read back; an edited lesson has its handout composed again. (The kits here are built in
    English only: a kit's other language is checked by translating, which reads the catalogs.)"""
    for kit in (unit_copy / "kits").glob("*.yaml"):
        replace(kit, "languages: [en, es]", "languages: [en]")

    def loaded() -> tuple[str, str]:
        code = LOADED.format(lessons=str(unit_copy))
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        lines = run.stdout.splitlines()
        return lines[-2], lines[-1]

    first = loaded()
    assert first[1] == "LOADED ['babel.messages.pofile', 'kitgen.compose.handout', 'markdown_it']"
    assert loaded() == (first[0], "LOADED []")
    replace(unit_copy / "01-myths-and-facts.yaml", "student_summary: ", "student_summary: Edited. ")
    assert "kitgen.compose.handout" in loaded()[1]

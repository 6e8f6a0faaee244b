"""What `kitgen build` leaves in the output folder, end to end on the one-lesson fixture: kit
folders by audience, manifests that match the files, zips, the catalog, partial rebuilds that
keep what they did not build, and kits that left the curriculum leaving the output."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result

from kitgen.cli import main

pytestmark = pytest.mark.slow

KIT = "id: {id}\ntitle: {title}\nlessons:\n  band: '7-8'\n{extra}"


def build(*args: str) -> Result:
    result = CliRunner().invoke(main, ["build", "--lessons", "lessons", "--out", "out", *args])
    assert result.exit_code == 0, result.output
    return result


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def with_kits(minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The one-lesson curriculum with two saved kits, and a private temporary folder to watch."""
    (minimal / "kits").mkdir()
    (minimal / "profiles").mkdir()
    opt_in = (minimal / "profile.yaml").read_text(encoding="utf-8").replace("mode: opt_out", "mode: opt_in")
    (minimal / "profiles" / "opt-in.yaml").write_text(opt_in, encoding="utf-8")
    kits = (("band", "Grades 7–8", ""), ("pilot", "Pilot", "profile: profiles/opt-in.yaml\n"))
    for kit_id, title, extra in kits:
        (minimal / "kits" / f"{kit_id}.yaml").write_text(
            KIT.format(id=kit_id, title=title, extra=extra), encoding="utf-8"
        )
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return minimal


def test_a_build_writes_each_kit_by_audience_with_a_true_manifest_and_zip(with_kits: Path) -> None:
    summary = build().output.strip().splitlines()[-1]
    assert summary.startswith("built 2 kits: 18 documents") and summary.endswith("catalog out/index.html")
    out = Path("out")
    assert sorted(p.name for p in out.iterdir()) == [
        ".kitgen-cache",
        "band",
        "band.zip",
        "index.html",
        "pilot",
        "pilot.zip",
    ]
    folder = out / "band"
    files = files_of(folder)
    assert sorted({name.split("/")[0] for name in files}) == [
        "README.txt",
        "facilitator",
        "family",
        "manifest.json",
        "student",
    ]
    manifest = json.loads(files["manifest.json"])
    assert manifest["kit"] == "band" and manifest["saved"] is True and manifest["grades"] == [7, 8]
    assert [lesson["id"] for lesson in manifest["lessons"]] == ["test-lesson"]
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json", "README.txt"}
    for path, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(files[path]).hexdigest(), path
        assert entry["bytes"] == len(files[path])
        assert entry["audience"] == path.split("/")[0]
        if path.endswith(".pdf"):
            with pikepdf.open(folder / path) as pdf:
                assert entry["pages"] == len(pdf.pages), path
    readme = files["README.txt"].decode()
    assert "student/test-unit-lesson-01-test-lesson-student-handout.pdf" in readme
    with zipfile.ZipFile(out / "band.zip") as archive:
        zipped = {name.removeprefix("band/"): archive.read(name) for name in archive.namelist()}
    assert zipped == files
    catalog = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="band.zip"' in catalog and 'href="pilot/family/' in catalog
    assert list((Path(tempfile.gettempdir())).iterdir()) == []


def test_each_kit_uses_its_own_profile_for_the_consent_mode(with_kits: Path) -> None:
    build("--format", "pdf")
    sheet = "test-unit-lesson-01-test-lesson-family-sheet.pdf"  # the lesson's take-home sheet
    assert sorted(p.name for p in Path("out/band/family").iterdir()) == [
        "test-unit-band-family-letter.pdf",
        sheet,
    ]
    assert sorted(p.name for p in Path("out/pilot/family").iterdir()) == [
        sheet,
        "test-unit-pilot-consent-form.pdf",
        "test-unit-pilot-family-letter.pdf",
    ]


def test_a_build_of_one_format_keeps_the_other(with_kits: Path) -> None:
    build()
    before, pilot = files_of(Path("out/band")), files_of(Path("out/pilot"))
    build("--kit", "band", "--format", "DOCX")
    after = files_of(Path("out/band"))
    pdfs = {name for name in before if name.endswith(".pdf")}
    assert pdfs and {name: after[name] for name in pdfs} == {name: before[name] for name in pdfs}
    manifest = json.loads(after["manifest.json"])
    assert pdfs <= {entry["path"] for entry in manifest["files"]}
    assert {entry["sources_sha256"] for entry in manifest["files"]} == {manifest["sources_sha256"]}
    lesson = with_kits / "01-test-lesson.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("title: Warm-up", "title: Warm up"), encoding="utf-8"
    )
    build("--kit", "band", "--format", "docx")
    changed = json.loads(Path("out/band/manifest.json").read_text(encoding="utf-8"))
    made_from = {entry["path"]: entry["sources_sha256"] for entry in changed["files"]}
    assert changed["sources_sha256"] != manifest["sources_sha256"]
    assert {made_from[name] for name in pdfs} == {manifest["sources_sha256"]}, "kept PDFs say they are older"
    assert {h for name, h in made_from.items() if name.endswith(".docx")} == {changed["sources_sha256"]}
    assert files_of(Path("out/pilot")) == pilot


def test_kits_that_left_the_curriculum_leave_the_output(with_kits: Path) -> None:
    build()
    build("--grades", "7", "--format", "pdf")
    Path("out/notes").mkdir()
    Path("out/pilot-notes").mkdir()
    (Path("out/notes") / "mine.txt").write_text("a trainer's own notes", encoding="utf-8")
    (with_kits / "kits" / "pilot.yaml").unlink()
    result = build()
    assert "removed out/pilot: the kit is no longer in the curriculum" in result.output
    assert sorted(p.name for p in Path("out").iterdir() if p.name != ".kitgen-cache") == [
        "band",
        "band.zip",
        "grades-7",
        "grades-7.zip",
        "index.html",
        "notes",
        "pilot-notes",
    ]
    catalog = (Path("out") / "index.html").read_text(encoding="utf-8")
    assert "pilot" not in catalog and "grades-7.zip" in catalog


def test_a_folder_kitgen_did_not_make_is_never_replaced(with_kits: Path) -> None:
    Path("out/band").mkdir(parents=True)
    (Path("out/band") / "lesson-notes.docx").write_bytes(b"a teacher's own file")
    result = CliRunner().invoke(main, ["build", "--lessons", "lessons", "--out", "out", "--kit", "band"])
    assert result.exit_code == 1
    assert "out/band: error[foreign-folder]: this folder was not made by kitgen" in result.output
    assert [p.name for p in Path("out/band").iterdir()] == ["lesson-notes.docx"]

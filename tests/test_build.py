"""Whole builds of the shipped unit, read back from the DOCX and PDF files a reader would get."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from itertools import pairwise
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from built_kit import composed
from click.testing import CliRunner
from readback import (
    docx_accessibility_problems,
    docx_headings,
    docx_paragraphs,
    docx_text,
    in_order,
    libreoffice_pdfs,
    pdf_text,
    squash,
)

from kitgen import doctree as dt
from kitgen.build import build
from kitgen.cli import main
from kitgen.loader import _unwrap
from kitgen.model import FAMILY, STUDENT, Lesson, Node, Profile, Unit, audience_of
from kitgen.targets import Request
from kitgen.validate import validate_folder

REPO = Path(__file__).parent.parent
HIDDEN = "ZQXHIDDEN"
"""Appended to every facilitator-only text: no student or family may receive it."""
FAMILY_ONLY = "ZQXFAMILY"
"""Appended to every text for families and facilitators but not students."""
NOT_TEXT = {
    "id",
    "segment",
    "standards",
    "kind",
    "counselor",
    "at",
    "start",
    "end",
    "src",
    "tags",
    "edition",
    "language",
    "mode",
    "deadline",
    "when",
    "per",
    "band",
    "materials",
    "material",
    "minutes",
}
"""Fields holding ids, references or fixed words rather than prose; a marker would break them."""

pytestmark = pytest.mark.slow


def mark(data: Any, model: type[Node], readers: set[str], found: list[str]) -> Any:
    """Copy ``data`` appending HIDDEN to facilitator-only text, FAMILY_ONLY to text students do not
    get but families do, and a unique marker to student text. A prompt asked aloud is marked as
    facilitator-only: students hear it, and no student document may print it."""
    if isinstance(data, dict):
        if data and not any(key in model.model_fields for key in data):
            # A mapping by language (the profile's translations): its values are ``model``s whose
            # text only that language's documents print, so their student text is not expected
            # in the English ones.
            return {key: mark(value, model, readers, []) for key, value in data.items()}
        if data.get("aloud") is True:
            readers = readers - {STUDENT, FAMILY}
        out = {}
        for key, value in data.items():
            inner = _unwrap(model.model_fields[key].annotation)
            sub = inner if isinstance(inner, type) and issubclass(inner, Node) else model
            out[key] = mark_value(value, key, sub, readers & set(audience_of(model, key)), found)
        return out
    return data


def mark_value(value: Any, key: str, model: type[Node], readers: set[str], found: list[str]) -> Any:
    if isinstance(value, list):
        return [mark_value(item, key, model, readers, found) for item in value]
    if isinstance(value, dict):
        return mark(value, model, readers, found)
    if isinstance(value, str) and key not in NOT_TEXT:
        if STUDENT in readers:
            found.append(f"QS{len(found)}Q")
            return f"{value} {found[-1]}"
        return f"{value} {FAMILY_ONLY if FAMILY in readers else HIDDEN}"
    return value


def marked_copy(target: Path) -> dict[str, list[str]]:
    """Copy lessons/ and templates/ under ``target`` with markers; returns student markers per file."""
    shutil.copytree(REPO / "templates", target / "templates")
    # The kits in English only: a marked English text has no translation, and the Spanish
    # documents have their own leak test (test_spanish).
    (target / "lessons" / "kits").mkdir(parents=True)
    for path in sorted((REPO / "lessons" / "kits").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec.pop("languages", None)
        spec.pop("titles", None)
        (target / "lessons" / "kits" / path.name).write_text(
            yaml.safe_dump(spec, sort_keys=False), encoding="utf-8"
        )
    markers: dict[str, list[str]] = {}
    for path in sorted((REPO / "lessons").glob("*.yaml")):
        kind: type[Node] = {"unit.yaml": Unit, "profile.yaml": Profile}.get(path.name, Lesson)
        found: list[str] = []
        data = mark(
            yaml.safe_load(path.read_text(encoding="utf-8")),
            kind,
            {"facilitator", "student", "family"},
            found,
        )
        (target / "lessons" / path.name).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        markers[path.name] = found
    return markers


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """The whole shipped unit, marked, built once in both formats."""
    root = tmp_path_factory.mktemp("marked")
    markers = marked_copy(root)
    result = build(root / "lessons", root / "output", Request(kits=("whole-unit",)))
    assert result.kits, [d.as_text() for d in result.diagnostics]
    return result.kits[0].folder, markers


def handouts(kit: Path, ext: str) -> list[Path]:
    return sorted(kit.glob(f"student/*-student-handout.{ext}"))


def student_documents(kit: Path) -> list[Path]:
    """Every student file of the kit: the handouts, the materials, role cards and surveys, and
    the copy room's one PDF of all handouts."""
    return sorted(kit.glob("student/*"))


def lesson_documents(kit: Path, number: int) -> list[Path]:
    """Every student file of one lesson: its handout and whatever else it prints."""
    return sorted(kit.glob(f"student/*-lesson-{number:02d}-*"))


def text_of(path: Path) -> str:
    return docx_text(path) if path.suffix == ".docx" else pdf_text(path)


def test_kit_holds_the_guide_and_every_handout(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert len(handouts(folder, "pdf")) == len(handouts(folder, "docx")) == 6
    for fmt in ("pdf", "docx"):
        assert f"facilitator/ht-awareness-whole-unit-facilitator-guide.{fmt}" in names
        assert f"family/ht-awareness-whole-unit-family-letter.{fmt}" in names
    assert "student/ht-awareness-whole-unit-student-handouts-all.pdf" in names
    assert "manifest.json" in names and "README.txt" in names
    for fmt in ("pdf", "docx"):
        assert f"student/ht-awareness-lesson-01-myth-or-fact-cards.{fmt}" in names
        assert f"student/ht-awareness-lesson-01-survey.{fmt}" in names
        assert f"student/ht-awareness-lesson-03-role-cards.{fmt}" in names
        assert len([n for n in names if n.endswith(f"-family-sheet.{fmt}")]) == 6


def test_marked_copy_is_still_valid(tmp_path: Path) -> None:
    marked_copy(tmp_path)
    _, problems = validate_folder(tmp_path / "lessons")
    assert [p.as_text() for p in problems if p.severity == "error"] == []


def test_no_hidden_text_reaches_a_student(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    files = student_documents(folder)
    assert len(handouts(folder, "pdf") + handouts(folder, "docx")) == 12
    for kind in ("cards", "role-cards", "survey"):  # the lessons' other documents are checked too
        assert [p for p in files if p.stem.endswith(kind)], kind
    for path in files:
        text = squash(text_of(path))
        assert HIDDEN.casefold() not in text, f"facilitator-only text in {path.name}"
        assert FAMILY_ONLY.casefold() not in text, f"family-only text in {path.name}"
    for guide in folder.glob("facilitator/*facilitator-guide.*"):  # the marker is really in the sources
        assert squash(text_of(guide)).count(HIDDEN.casefold()) > 300


def test_no_facilitator_text_reaches_a_family(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    letters = sorted(folder.glob("family/*"))
    assert len(letters) == 14  # the letter and six take-home sheets, in both formats
    for path in letters:
        text = squash(text_of(path))
        assert HIDDEN.casefold() not in text, f"facilitator-only text in {path.name}"
        assert FAMILY_ONLY.casefold() in text, f"the family's own text is missing from {path.name}"


def test_every_student_text_reaches_its_handout(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, markers = kit
    unit_markers = markers["unit.yaml"]
    for lesson_file, lesson_markers in markers.items():
        if lesson_file in ("unit.yaml", "profile.yaml"):
            continue
        number, stem = lesson_file.removesuffix(".yaml").split("-", 1)
        for ext in ("pdf", "docx"):
            # a lesson's student text is on its handout or its own documents (a role's script
            # only on its role card, a card only in its card set)
            documents = [p for p in lesson_documents(folder, int(number)) if p.suffix == f".{ext}"]
            text = squash("".join(text_of(path) for path in documents))
            missing = [m for m in lesson_markers if m.casefold() not in text]
            assert missing == [], f"lesson {number} ({ext}) drops student text {missing[:5]}"
        for path in folder.glob(f"student/*-{stem}-student-handout.*"):
            text = squash(text_of(path))
            # group agreements and help resources of the unit are on every handout
            assert sum(m.casefold() in text for m in unit_markers) >= 12


def test_each_handout_names_its_own_video(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    titles = {
        v["id"]: v["title"] for v in yaml.safe_load((REPO / "lessons" / "unit.yaml").read_text())["videos"]
    }
    for path in sorted((REPO / "lessons").glob("0*.yaml")):
        lesson = yaml.safe_load(path.read_text(encoding="utf-8"))
        shown = {s["video"]["segment"] for s in lesson["sections"] if s.get("video")}
        text = squash(pdf_text(next(folder.glob(f"student/*-{lesson['id']}-student-handout.pdf"))))
        assert [v for v in shown if squash(titles[v]) not in text] == []
        assert [v for v in set(titles) - shown if squash(titles[v]) in text] == []


def test_guide_marks_where_to_pause(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    for guide in folder.glob(
        "facilitator/*facilitator-guide.*"
    ):  # pause times are left for the facilitator to fill in
        assert squash(text_of(guide)).count(squash("Pause at __:__")) >= 6


def test_guide_holds_every_lesson_text(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, markers = kit
    for guide in folder.glob("facilitator/*facilitator-guide.*"):
        text = squash(text_of(guide))
        for name, found in markers.items():
            if name not in ("unit.yaml", "profile.yaml"):
                assert [m for m in found if m.casefold() not in text] == [], (
                    f"{guide.name} drops text of {name}"
                )


def test_every_handout_carries_help(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    for path in handouts(folder, "pdf") + handouts(folder, "docx"):
        text = squash(text_of(path))
        for needle in ("1-888-373-7888", "233733", "911", "counselor", "Where to get help"):
            assert squash(needle) in text, f"{needle} missing from {path.name}"


def marks(doc: dt.Document) -> list[str]:
    """What a reader uses to find their way, in order: callout titles with their audience labels,
    bold labels, table captions and the banners of handout parts."""
    found: list[str] = []
    for block in dt.walk(doc.blocks):
        if isinstance(block, dt.Callout):
            found += [x for x in (block.title, block.label) if x]
        elif isinstance(block, dt.Paragraph) and block.style == "label":
            if not any(
                isinstance(node, dt.Blank) for node in block.children
            ):  # a blank's label is read, not seen
                found.append(dt.plain_text(block.children))
        elif isinstance(block, dt.Table):
            found.append(block.caption)
        elif isinstance(block, dt.Part):
            found.append(block.title)
    return found


def test_docx_and_pdf_say_the_same_things_in_the_same_order(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    lessons = folder.parent.parent / "lessons"  # the marked copy the kit was built from
    documents = composed(lessons)
    for docx in sorted(folder.rglob("*.docx")):
        headings = [text for _, text in docx_headings(docx)]
        # the guide's questions sit in two-column tables, whose columns pdftotext interleaves;
        # test_print_ready checks that the guide numbers them as the handouts do
        prompts = [text for style, text in docx_paragraphs(docx) if text[:1].isdigit() and ". " in text[:5]]
        if "facilitator-guide" in docx.name:
            prompts = []
        long = any(kind in docx.name for kind in ("facilitator-guide", "student-handout", "family-letter"))
        assert len(headings) >= (8 if long else 1), docx.name
        assert len(prompts) >= 5 or "student-handout" not in docx.name
        pdf = pdf_text(docx.with_suffix(".pdf"))
        assert in_order(headings, pdf) == [], docx.name
        assert in_order(prompts, pdf) == [], docx.name
        labels = marks(documents[docx.stem])
        assert len(labels) >= (3 if "family-letter" in docx.name else 5 if long else 0), docx.name
        assert in_order(labels, pdf) == [], docx.name
        assert in_order(labels, docx_text(docx)) == [], docx.name


def _struct_tags(element: Any, found: list[str]) -> list[str]:
    tag = element.get("/S")
    if tag is not None:
        found.append(str(tag))
    kids = element.get("/K")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                _struct_tags(kid, found)
    elif isinstance(kids, pikepdf.Dictionary):
        _struct_tags(kids, found)
    return found


def test_every_pdf_is_tagged_and_titled(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    for path in sorted(folder.rglob("*.pdf")):
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            assert bool(root.MarkInfo.Marked) and str(root.Lang) == "en", path.name
            assert bool(root.ViewerPreferences.DisplayDocTitle) and str(pdf.docinfo.Title).strip()
            assert pdf.open_metadata().get("pdfuaid:part") == "1"
            tags = _struct_tags(root.StructTreeRoot, [])
            levels = [int(t[2]) for t in tags if t in ("/H1", "/H2", "/H3", "/H4")]
            assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels)), path.name
            if "/Table" in tags:
                assert "/TH" in tags
            for page in pdf.pages:
                for font in page.Resources.get("/Font", {}).values():
                    descendant = font.get("/DescendantFonts", [font])[0]
                    assert "/FontFile2" in descendant.FontDescriptor, f"unembedded font in {path.name}"
                    assert "Atkinson-Hyperlegible" in str(descendant.BaseFont)


def test_every_docx_passes_the_accessibility_checks(kit: tuple[Path, dict[str, list[str]]]) -> None:
    folder, _ = kit
    docs = sorted(folder.rglob("*.docx"))
    # the guide, six handouts, a card set, role cards, a reading, a survey, the letter, six family sheets
    assert len(docs) == 18
    assert {doc.name: docx_accessibility_problems(doc) for doc in docs} == {doc.name: [] for doc in docs}


def test_bad_sources_change_nothing(tmp_path: Path) -> None:
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    request = Request(lessons=("myths-and-facts",), formats=("docx",))
    first = build(tmp_path / "lessons", tmp_path / "out", request)
    assert first.kits
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    lesson = tmp_path / "lessons" / "01-myths-and-facts.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("duration_minutes: 50", "duration_minutes: 20")
    )
    second = build(tmp_path / "lessons", tmp_path / "out", request)
    assert not second.kits and [d.code for d in second.diagnostics if d.severity == "error"] == [
        "minutes-exceed"
    ]
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".kitgen-cache",
        "index.html",
        "lessons-01",
        "lessons-01.zip",
    ]


def test_cli_build_selects_a_grade_band(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--grades", "9-10", "--format", "docx"])
    assert result.exit_code == 0, result.output
    kit = tmp_path / "output" / "grades-9-10"
    assert sorted(p.relative_to(kit).as_posix() for p in kit.rglob("*.docx")) == [
        "facilitator/ht-awareness-grades-9-10-facilitator-guide.docx",
        "family/ht-awareness-grades-9-10-family-letter.docx",
        "family/ht-awareness-lesson-03-force-fraud-coercion-family-sheet.docx",
        "family/ht-awareness-lesson-04-relationships-images-sextortion-family-sheet.docx",
        "student/ht-awareness-lesson-03-force-fraud-coercion-student-handout.docx",
        "student/ht-awareness-lesson-03-role-cards.docx",
        "student/ht-awareness-lesson-04-relationships-images-sextortion-student-handout.docx",
    ]
    assert not list(kit.rglob("*.pdf"))
    bad = CliRunner().invoke(main, ["build", "--grades", "nine"])
    assert bad.exit_code == 2 and "grades are 7–12" in bad.output


def test_lesson_text_is_never_markup(tmp_path: Path) -> None:
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    lesson = tmp_path / "lessons" / "01-myths-and-facts.yaml"
    hostile = "Read <b>this</b> {{ 7*7 }} {% if true %}yes{% endif %} <script>alert(1)</script> &amp; done."
    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    data["student_summary"] = hostile
    lesson.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(tmp_path / "lessons", tmp_path / "out", Request(lessons=("myths-and-facts",)))
    assert result.kits
    for path in result.kits[0].folder.glob("student/*student-handout.*"):
        text = squash(text_of(path))
        assert squash(hostile) in text, path.name
        assert "49" not in text.replace("1-888-373-7888", "")


def _build_in_process(lessons_parent: Path) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run(
        [sys.executable, "-m", "kitgen", "build", "--grades", "7-8"],
        cwd=lessons_parent,
        env=env,
        check=True,
        capture_output=True,
    )
    out = lessons_parent / "output"
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".kitgen-cache" not in p.parts
    }


def test_two_builds_in_two_folders_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for name in ("first", "second-folder"):
        shutil.copytree(REPO / "lessons", tmp_path / name / "lessons")
        shutil.copytree(REPO / "templates", tmp_path / name / "templates")
        started = time.monotonic()
        outputs.append(_build_in_process(tmp_path / name))
        time.sleep(max(0.0, 2.1 - (time.monotonic() - started)))
    assert "grades-7-8.zip" in outputs[0] and "index.html" in outputs[0]
    assert len(outputs[0]) == 21 and outputs[0].keys() == outputs[1].keys()
    assert [n for n in outputs[0] if outputs[0][n] != outputs[1][n]] == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_every_docx(kit: tuple[Path, dict[str, list[str]]], tmp_path: Path) -> None:
    folder, _ = kit
    docs = sorted(folder.rglob("*.docx"))
    (tmp_path / "lo").mkdir()
    libreoffice_pdfs(docs, tmp_path / "lo", timeout=300)
    for docx in docs:
        converted = tmp_path / "lo" / docx.with_suffix(".pdf").name
        assert converted.is_file(), f"LibreOffice could not convert {docx.name}"
        assert in_order([text for _, text in docx_headings(docx)][:10], pdf_text(converted)) == []


def test_filled_profile_reaches_the_right_readers(minimal: Path, tmp_path: Path) -> None:
    result = build(minimal, tmp_path / "out", Request(formats=("docx",)))
    assert result.kits
    handout = docx_text(next(result.kits[0].folder.glob("student/*student-handout.docx")))
    guide = docx_text(next(result.kits[0].folder.glob("facilitator/*facilitator-guide.docx")))
    assert "School counselor: Jordan Lee (Room 12, 555-0100)" in handout
    assert "Break space: the library quiet room" in handout
    for facilitator_only in ("Sam Rivera", "555-0199", "555-0111"):  # reporting contact, CPS, police
        assert facilitator_only not in handout and facilitator_only in guide


def test_trainer_builds_with_their_own_profile(minimal: Path, tmp_path: Path) -> None:
    other = tmp_path / "district-b.yaml"
    other.write_text(
        (minimal / "profile.yaml").read_text(encoding="utf-8").replace("Jordan Lee", "Avery Stone"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["build", "--lessons", str(minimal), "--profile", str(other), "--format", "docx"]
    )
    assert result.exit_code == 0, result.output
    handout = docx_text(
        next((minimal.parent / "output" / "test-unit-district-b").glob("student/*student-handout.docx"))
    )
    assert "School counselor: Avery Stone (Room 12, 555-0100)" in handout and "Jordan Lee" not in handout
    missing = CliRunner().invoke(main, ["build", "--lessons", str(minimal), "--profile", "nowhere.yaml"])
    assert (
        missing.exit_code == 1
        and "nowhere.yaml: error[missing-file]: there is no nowhere.yaml" in missing.output
    )


def test_a_broken_string_table_is_a_located_error(minimal: Path) -> None:
    shutil.copytree(REPO / "templates", minimal.parent / "templates")
    table = minimal.parent / "templates" / "strings" / "en.yaml"
    text = table.read_text(encoding="utf-8")
    table.write_text(
        text.replace('page_of: "Page {page} of {total}"', 'page_of: "Page {pg}"'), encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--lessons", str(minimal), "--format", "docx"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert (
        "templates/strings/en.yaml: error[bad-string]: 'page_of' cannot be filled in ('pg')" in result.output
    )
    table.write_text(text.replace("total: ", "totl: "), encoding="utf-8")
    result = runner.invoke(main, ["build", "--lessons", str(minimal), "--format", "docx"])
    assert (
        "templates/strings/en.yaml: error[missing-string]: the string table has no 'total'" in result.output
    )
    table.write_text("page_of: [\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "--lessons", str(minimal)])
    assert "templates/strings/en.yaml:2:1: error[yaml-syntax]" in result.output
    assert not (minimal.parent / "output").exists()


def test_a4_pages(minimal: Path, tmp_path: Path) -> None:
    result = build(minimal, tmp_path / "out", Request(lessons=("test-lesson",), page_size="a4"))
    assert result.kits
    for pdf in result.kits[0].folder.rglob("*.pdf"):
        with pikepdf.open(pdf) as document:
            assert [round(float(v)) for v in document.pages[0].MediaBox] == [0, 0, 595, 842]
    for docx in result.kits[0].folder.rglob("*.docx"):
        assert 'w:w="11906" w:h="16838"' in zipfile.ZipFile(docx).read("word/document.xml").decode()

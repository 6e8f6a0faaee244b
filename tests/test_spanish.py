"""Spanish student and family documents, read back from the shipped kit's PDF and DOCX.

The shipped kits are built in English and Spanish. The whole-unit kit of the session's one build
(``built_kit``) is read here: every student and family document has a Spanish twin named ``…-es``,
tagged as Spanish in all three formats, with the help resources and what they offer in Spanish,
and without facilitator-only text; the English guide lists the Spanish documents and how far
their translation is reviewed. The string tables refuse a missing key and a safety-critical
entry translated from English that has since changed; a build then writes the English documents
and exits 1.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pikepdf
import pytest
import yaml
from built_kit import built_kit, composed
from pydantic import ValidationError
from readback import docx_text, in_order, pdf_page_count, pdf_text, squash
from tagged_pdf import struct_elements, untagged_content
from test_build import HIDDEN, mark

from kitgen.build import plan
from kitgen.compose.common import date_in_words
from kitgen.kits import KitSpec
from kitgen.model import Lesson, Node, Profile, Unit
from kitgen.strings import SAFETY_KEYS, StringsError, load_strings
from kitgen.targets import Request
from kitgen.writers.html import render_html

REPO = Path(__file__).resolve().parents[1]
LESSONS = REPO / "lessons"
TEMPLATES = REPO / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def kit() -> Path:
    return built_kit()


def documents(kit: Path, spanish: bool) -> list[Path]:
    """The kit's PDF and DOCX files in Spanish (named …-es) or in English."""
    return sorted(
        path
        for path in kit.rglob("*")
        if path.suffix in (".pdf", ".docx") and path.stem.endswith("-es") == spanish
    )


# --------------------------------------------------------------------------- the string tables


def _tables(tmp_path: Path) -> Path:
    shutil.copytree(TEMPLATES / "strings", tmp_path / "strings")
    return tmp_path


def test_a_key_missing_from_es_yaml_is_a_located_error(tmp_path: Path) -> None:
    templates = _tables(tmp_path)
    es = templates / "strings" / "es.yaml"
    es.write_text(re.sub(r"(?m)^i_can: .*\n", "", es.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(StringsError) as caught:
        load_strings(templates, "es")
    problem = caught.value.diagnostic
    assert (problem.code, problem.file.endswith("strings/es.yaml"), problem.line) == (
        "missing-string",
        True,
        1,
    )
    assert "'i_can'" in problem.message and "en.yaml:" in (problem.hint or "")


def test_a_safety_entry_translated_from_older_english_is_refused_at_its_line(tmp_path: Path) -> None:
    templates = _tables(tmp_path)
    en = templates / "strings" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    en.write_text(
        text.replace("You will not be in trouble for asking.", "Call 1-800-000-0000."), encoding="utf-8"
    )
    load_strings(templates, "en")  # the English table itself is fine
    with pytest.raises(StringsError) as caught:
        load_strings(templates, "es")
    problem = caught.value.diagnostic
    es_lines = (templates / "strings" / "es.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.code == "stale-translation" and "'help_intro'" in problem.message
    assert es_lines[problem.line - 1].startswith("help_intro:")
    assert "Call 1-800-000-0000." in (problem.hint or "") and "_translated_from.help_intro" in (
        problem.hint or ""
    )


def test_every_problem_of_an_edited_table_is_reported_in_one_run(tmp_path: Path) -> None:
    """A translator fixes an outdated table in one pass: a missing entry and two outdated safety
    entries are three located errors, not one at a time."""
    templates = _tables(tmp_path)
    es = templates / "strings" / "es.yaml"
    es.write_text(re.sub(r"(?m)^i_can: .*\n", "", es.read_text(encoding="utf-8")), encoding="utf-8")
    en = templates / "strings" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    assert "You will not be in trouble for asking." in text and "\nstep_out: " in text
    text = text.replace("You will not be in trouble for asking.", "Call 1-800-000-0000.")
    en.write_text(re.sub(r"(?m)^step_out: (.*)$", r"step_out: \1 Now.", text), encoding="utf-8")
    with pytest.raises(StringsError) as caught:
        load_strings(templates, "es")
    found = {(problem.code, problem.message.split("'")[1]) for problem in caught.value.diagnostics}
    assert found == {
        ("missing-string", "i_can"),
        ("stale-translation", "help_intro"),
        ("stale-translation", "step_out"),
    }
    assert str(caught.value).count("strings/es.yaml:") == 3


def test_every_safety_key_is_an_entry_of_both_tables() -> None:
    english, spanish = load_strings(TEMPLATES, "en"), load_strings(TEMPLATES, "es")
    assert [key for key in SAFETY_KEYS if key not in english.table] == []
    assert set(spanish.table) == set(english.table)


def test_a_kit_names_its_languages_and_its_titles_in_them() -> None:
    kit = KitSpec.model_validate(
        {"id": "k", "title": "Grades 9–10", "titles": {"es": "Grados 9–10"}, "languages": ["en", "es"]}
    )
    assert (kit.languages, kit.titles) == (["en", "es"], {"es": "Grados 9–10"})
    assert KitSpec.model_validate({"id": "k", "title": "T"}).languages == ["en"]
    for wrong in ({"languages": ["en", "en"]}, {"titles": {"fr": "Niveaux"}}, {"languages": ["Spanish"]}):
        with pytest.raises(ValidationError):
            KitSpec.model_validate({"id": "k", "title": "T", **wrong})


def test_a_kits_sources_hash_covers_its_catalogs(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS, lessons)
    request = Request(kits=("grades-9-10",))
    before = plan(lessons, request, TEMPLATES).kits[0][1].sources_sha256
    catalog = lessons / "translations" / "es" / "vulnerability-and-labor.po"  # not in the kit
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert plan(lessons, request, TEMPLATES).kits[0][1].sources_sha256 == before
    catalog = lessons / "translations" / "es" / "unit.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert plan(lessons, request, TEMPLATES).kits[0][1].sources_sha256 != before


def test_a_kits_sources_hash_is_the_same_wherever_the_folders_are_and_however_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same files give the same hash from a relative or an absolute --lessons, and from
    another place on disk (the hash once sorted the files' full paths)."""
    request = Request(kits=("grades-9-10",))
    for place in ("a", "zz/b"):
        shutil.copytree(LESSONS, tmp_path / place / "lessons")
        shutil.copytree(TEMPLATES, tmp_path / place / "templates")
    hashes = set()
    for place in ("a", "zz/b"):
        folder = tmp_path / place
        monkeypatch.chdir(folder)
        for lessons in (Path("lessons"), folder / "lessons"):
            hashes.add(plan(lessons, request, folder / "templates").kits[0][1].sources_sha256)
    assert len(hashes) == 1


def test_dates_are_written_in_spanish() -> None:
    assert date_in_words("2027-01-15", "es") == "viernes, 15 de enero de 2027"


# --------------------------------------------------------------------------- the built kit


@pytest.mark.slow
def test_every_student_and_family_document_has_a_spanish_twin_and_says_its_language(kit: Path) -> None:
    english = {path.relative_to(kit).as_posix() for path in documents(kit, spanish=False)}
    spanish = {path.relative_to(kit).as_posix() for path in documents(kit, spanish=True)}
    assert len(spanish) >= 30
    assert {re.sub(r"-es(\.\w+)$", r"\1", path) for path in spanish} == {
        path for path in english if not path.startswith("facilitator/")
    }
    manifest = json.loads((kit / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["languages"] == ["en", "es"]
    assert {e["path"]: e["language"] for e in manifest["files"]} == {
        **dict.fromkeys(english, "en"),
        **dict.fromkeys(spanish, "es"),
    }
    readme = (kit / "README.txt").read_text(encoding="utf-8")
    assert "in English and Spanish" in readme
    assert "student/ht-awareness-whole-unit-student-handouts-all-es.pdf" in readme
    catalog = (kit.parent / "index.html").read_text(encoding="utf-8")
    assert "Lesson 1 handout: What is human trafficking? Myths and facts (Spanish)" in catalog
    assert 'hreflang="es"' in catalog


@pytest.mark.slow
def test_language_tags_in_pdf_html_and_docx(kit: Path) -> None:
    for path in documents(kit, spanish=True) + documents(kit, spanish=False):
        want = "es" if path.stem.endswith("-es") else "en"
        if path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                assert str(pdf.Root.Lang) == want, path.name
            continue
        with zipfile.ZipFile(path) as package:
            styles = package.read("word/styles.xml").decode()
            core = package.read("docProps/core.xml").decode()
        assert f'w:val="{want}-US"' in styles, path.name
        assert f"<dc:language>{want}-US</dc:language>" in core, path.name
    trees = composed(LESSONS)
    spanish = {stem: doc for stem, doc in trees.items() if stem.endswith("-es")}
    assert len(spanish) >= 15
    strings = load_strings(TEMPLATES, "es")
    for stem, doc in spanish.items():
        assert '<html lang="es">' in render_html(doc, TEMPLATES, strings), stem


@pytest.mark.slow
def test_a_spanish_handout_keeps_every_help_resource_and_what_it_offers_in_spanish(kit: Path) -> None:
    handouts = sorted(kit.glob("student/*-student-handout-es.pdf"))
    assert len(handouts) == 6
    for path in handouts:
        text = squash(pdf_text(path))
        for needed in ("¿Necesitas ayuda?", "Dónde conseguir ayuda", "Mi tarjeta de ayuda"):
            assert squash(needed) in text, (path.name, needed)
        for number in ("1-888-373-7888", "233733", "911", "988"):
            assert squash(number) in text, (path.name, number)
        assert re.search(r"marca(el)?2", text) and "envíaayuda" in text, path.name  # 988 in Spanish
        assert squash("Traducción aún no revisada") in text, path.name
        assert squash("Translation not yet reviewed") in text, path.name


@pytest.mark.slow
def test_no_facilitator_only_text_reaches_a_spanish_document(kit: Path) -> None:
    """The English leak markers of test_build, used here as a list of every facilitator-only text:
    none of them (they stay English) may be printed in a Spanish student or family document."""
    hidden: list[str] = []
    for path in sorted(LESSONS.glob("*.yaml")):
        kind: type[Node] = {"unit.yaml": Unit, "profile.yaml": Profile}.get(path.name, Lesson)
        marked = mark(
            yaml.safe_load(path.read_text(encoding="utf-8")), kind, {"facilitator", "student", "family"}, []
        )
        hidden += _marked_texts(marked)
    assert len(hidden) > 100
    spanish = load_strings(TEMPLATES, "es")
    fixed = [
        spanish(key)
        for key in ("facilitator_only", "answer_key", "look_fors", "disclosure_title", "if_concerning")
    ]
    for path in documents(kit, spanish=True):
        text = squash(pdf_text(path) if path.suffix == ".pdf" else docx_text(path))
        leaked = [t for t in hidden if len(t) >= 25 and squash(t) in text] + [
            w for w in fixed if squash(w) in text
        ]
        assert leaked == [], path.name


def _marked_texts(data: object) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in _marked_texts(value)]
    if isinstance(data, list):
        return [text for value in data for text in _marked_texts(value)]
    if isinstance(data, str) and data.endswith(" " + HIDDEN):
        return [data.removesuffix(" " + HIDDEN)]
    return []


@pytest.mark.slow
def test_the_english_guide_lists_the_spanish_documents_and_their_status(kit: Path) -> None:
    guide = next(kit.glob("facilitator/*-facilitator-guide.pdf"))
    with pikepdf.open(guide) as pdf:
        assert str(pdf.Root.Lang) == "en"
    text = " ".join(pdf_text(guide).split())
    assert "Translated documents" in text
    status = re.search(
        r"Spanish: (\d+) of (\d+) catalog entries translated; (\d+) fuzzy and (\d+) missing", text
    )
    assert status is not None
    translated, total, fuzzy, missing = map(int, status.groups())
    assert translated > 400 and translated + fuzzy + missing == total
    assert "Not yet reviewed by a native-speaking educator" in text
    unbroken = squash(text)
    for path in documents(kit, spanish=True):
        assert squash(path.stem) in unbroken, path.stem


@pytest.mark.slow
def test_spanish_pdfs_are_tagged_like_the_english_ones(kit: Path) -> None:
    for path in (p for p in documents(kit, spanish=True) if p.suffix == ".pdf"):
        with pikepdf.open(path) as pdf:
            assert untagged_content(pdf) == [], path.name
            assert struct_elements(pdf), path.name
            assert bool(pdf.Root.MarkInfo.Marked), path.name


@pytest.mark.slow
def test_a_changed_english_safety_string_refuses_the_spanish_documents_and_exits_1(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("__pycache__"))
    en = templates / "strings" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace("Stepping out", "Leaving the room"), encoding="utf-8"
    )
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "kitgen", "build", "--lessons", str(LESSONS), "--out", str(out),
         "--templates", str(templates), "--lesson", "myths-and-facts", "--language", "en",
         "--language", "es", "--format", "pdf", "--quiet"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    line = next(
        n
        for n, text in enumerate((templates / "strings" / "es.yaml").read_text().splitlines(), 1)
        if text.startswith("step_out:")
    )
    assert re.search(rf"strings/es\.yaml:{line}:1: error\[stale-translation\]: .*'step_out'", run.stderr), (
        run.stderr
    )
    kit = out / "lessons-01-en-es"
    assert (kit / "student" / "ht-awareness-lesson-01-myths-and-facts-student-handout.pdf").is_file()
    assert (kit / "family" / "ht-awareness-lessons-01-en-es-family-letter.pdf").is_file()
    assert sorted(kit.rglob("*-es.pdf")) == []


# --------------------------------------------------------------------------- pages and passages


@pytest.mark.slow
def test_spanish_take_home_sheets_and_card_sets_are_one_page_as_in_english(kit: Path) -> None:
    """Spanish runs longer: the sheet's help resources sit in two columns and a card set's four
    rows of cards fit under a title of any length, so neither spills onto a second page."""
    sheets = [
        path
        for path in documents(kit, spanish=True)
        if path.suffix == ".pdf" and path.stem.endswith(("-family-sheet-es", "-cards-es"))
    ]
    assert len(sheets) == 8  # six take-home sheets, the myth-or-fact cards, the role cards
    assert {path.name: pdf_page_count(path) for path in sheets if pdf_page_count(path) != 1} == {}


@pytest.mark.slow
def test_a_take_home_sheet_tells_the_parent_whose_help_resources_these_are(kit: Path) -> None:
    """The resources speak to the student ("Llama…"); the letter's sentence before them says they
    are on every handout the child receives and the family's to use too."""
    for language, suffix in (("es", "-es"), ("en", "")):
        intro = load_strings(TEMPLATES, language)("help_for_families")
        sheet = kit / "family" / f"ht-awareness-lesson-01-myths-and-facts-family-sheet{suffix}.pdf"
        assert in_order([intro, "988"], pdf_text(sheet)) == [], sheet.name


@pytest.mark.slow
def test_the_english_sentence_of_the_unreviewed_note_is_tagged_english(kit: Path) -> None:
    english = load_strings(TEMPLATES, "en")("translation_unreviewed")
    stem = "ht-awareness-lesson-01-myths-and-facts-family-sheet-es"
    html = render_html(composed(LESSONS)[stem], TEMPLATES, load_strings(TEMPLATES, "es"))
    assert f'<span lang="en">{english}</span>' in html
    with zipfile.ZipFile(kit / "family" / f"{stem}.docx") as package:
        body = ET.fromstring(package.read("word/document.xml"))
    tagged = [
        (lang.get(f"{W}val"), "".join(node.text or "" for node in run.iter(f"{W}t")))
        for run in body.iter(f"{W}r")
        if (lang := run.find(f"{W}rPr/{W}lang")) is not None
    ]
    assert tagged == [("en-US", english)]

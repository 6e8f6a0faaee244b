"""The translation workflow: extraction from the model, catalog updates, status, and translate()."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from click.testing import CliRunner

from kitgen.cli import main
from kitgen.diagnostics import Severity
from kitgen.i18n import catalog_diagnostics, translate
from kitgen.i18n.catalogs import read_catalog, write_catalog
from kitgen.i18n.workflow import extract_templates, update_catalogs
from kitgen.loader import Curriculum, load_curriculum
from kitgen.model import FAMILY, STUDENT, Lesson, Node, Unit, audience_of

REPO = Path(__file__).parent.parent
LESSON = "myths-and-facts"
LESSON_FILE = "01-myths-and-facts.yaml"


def _curriculum(root: Path) -> Curriculum:
    curriculum, problems = load_curriculum(root)
    assert curriculum.unit is not None and not problems, problems
    return curriculum


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped lessons with freshly extracted templates and empty Spanish catalogs."""
    root = tmp_path_factory.mktemp("prepared") / "lessons"
    shutil.copytree(REPO / "lessons", root, ignore=shutil.ignore_patterns("translations"))
    curriculum = _curriculum(root)
    extract_templates(curriculum)
    update_catalogs(curriculum, ["es"])
    return root


@pytest.fixture
def lessons(prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of ``prepared``; the working folder is its parent."""
    root = tmp_path / "lessons"
    shutil.copytree(prepared, root)
    monkeypatch.chdir(tmp_path)
    return root


def _read(path: Path) -> Catalog:
    catalog, problem = read_catalog(path)
    assert catalog is not None, problem
    return catalog


def _fill(root: Path) -> None:
    """Translate every Spanish entry as 'ES<' + English + '>' (a stand-in a test can recognise)."""
    for path in (root / "translations" / "es").glob("*.po"):
        catalog = _read(path)
        for message in catalog:
            if message.id:
                message.string = f"ES<{message.id}>"
        write_catalog(path, catalog)


def _set(root: Path, document: str, context: str, string: str, fuzzy: bool = False) -> None:
    path = root / "translations" / "es" / f"{document}.po"
    catalog = _read(path)
    [message] = [m for m in catalog if m.context == context]
    message.string = string
    if fuzzy:
        message.flags.add("fuzzy")
    write_catalog(path, catalog)


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _models(root: Path) -> tuple[Unit, list[Lesson]]:
    curriculum = _curriculum(root)
    assert curriculum.unit is not None
    return curriculum.unit.model, [loaded.model for loaded in curriculum.lessons]


def _po_line(path: Path, context: str) -> int:
    """The line of the msgid of the entry with ``context`` in a .po file, read as plain text."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgctxt "{context}"')
    return at + 2


# --------------------------------------------------------------------------- extraction


def test_entries_carry_field_path_context_and_yaml_line(prepared: Path) -> None:
    template = _read(prepared / "translations" / "templates" / f"{LESSON}.pot")
    by_context = {m.context: m for m in template if m.id}
    prompt = by_context["sections.discussion.prompts.0.text"]
    assert prompt.id == "Which cards would your group move now, and why?"
    [(file, line)] = prompt.locations
    assert file == LESSON_FILE
    assert prompt.id in (prepared / LESSON_FILE).read_text(encoding="utf-8").splitlines()[line - 1]
    assert "help_resources.hotline.contact" in {
        m.context for m in _read(prepared / "translations/templates/unit.pot")
    }
    # ids, numbers, kinds and file paths are not text to translate
    lesson = _models(prepared)[1][0]
    not_text = {lesson.id, *(s.id for s in lesson.sections), *(s.kind.value for s in lesson.sections)}
    assert not not_text & set(by_context[c].id for c in by_context)
    assert not any(str(m.id).strip().isdigit() for m in template if m.id)


def _by_readers(node: Node) -> Iterator[tuple[bool, str]]:
    """Every string of ``node`` with whether a student or family may read it (walked independently)."""
    for name in type(node).model_fields:
        value = getattr(node, name)
        readers = audience_of(type(node), name)
        if STUDENT in readers or FAMILY in readers:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, Node):
                    yield from _by_readers(item)
                elif isinstance(item, str):
                    yield True, item
        else:
            yield from ((False, text) for text in _strings(value))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, Node):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name))


def test_no_facilitator_only_text_reaches_a_catalog(prepared: Path) -> None:
    unit, lessons = _models(prepared)
    folder = prepared / "translations"
    msgids = {
        str(m.id)
        for path in [*folder.glob("templates/*.pot"), *folder.glob("es/*.po")]
        for m in _read(path)
        if m.id
    }
    seen = [pair for model in (unit, *lessons) for pair in _by_readers(model)]
    # a card's answer ('Myth') may name a pile students see, and a tag may be a vocabulary word
    hidden = {text for visible, text in seen if not visible} - {text for visible, text in seen if visible}
    assert len(hidden) > 300  # look-fors, answer keys, scripts, notes, disclosure card, reporting steps…
    assert not hidden & msgids
    # and the shipped catalogs are made the same way
    shipped = {
        str(m.id) for path in (REPO / "lessons/translations").glob("**/*.po*") for m in _read(path) if m.id
    }
    assert not hidden & shipped


# --------------------------------------------------------------------------- update and status


def test_changed_english_becomes_fuzzy_with_the_previous_english_kept(lessons: Path) -> None:
    old = "Which cards would your group move now, and why?"
    new = "Which cards would your group move now? Say why."
    _set(lessons, LESSON, "sections.discussion.prompts.0.text", "¿Qué tarjetas moverían ahora y por qué?")
    _edit(lessons, LESSON_FILE, old, new)
    curriculum = _curriculum(lessons)
    extract_templates(curriculum)
    written = update_catalogs(curriculum, [])
    assert any("1 changed English entry now fuzzy" in w.note for w in written)
    path = lessons / "translations" / "es" / f"{LESSON}.po"
    [message] = [m for m in _read(path) if m.context == "sections.discussion.prompts.0.text"]
    assert (message.id, message.string, message.fuzzy) == (
        new,
        "¿Qué tarjetas moverían ahora y por qué?",
        True,
    )
    assert message.previous_id == [old]
    assert f'#| msgid "{old}"' in path.read_text(encoding="utf-8")


def test_status_counts_and_review(lessons: Path) -> None:
    _set(lessons, LESSON, "title", "¿Qué es la trata de personas? Mitos y realidades")
    _set(lessons, LESSON, "student_summary", "Hoy…", fuzzy=True)
    total = sum(1 for m in _read(lessons / "translations/templates" / f"{LESSON}.pot") if m.id)
    runner = CliRunner()
    result = runner.invoke(main, ["translate", "status", "--lessons", str(lessons)])
    assert result.exit_code == 0, result.output
    assert (
        "es (Spanish): NOT REVIEWED by a native-speaking educator (7 of 7 catalogs unreviewed)"
        in result.output
    )
    row = next(line.split() for line in result.output.splitlines() if line.strip().startswith(LESSON))
    assert row == [LESSON, "1", "1", str(total - 2), "no"]

    path = lessons / "translations" / "es" / f"{LESSON}.po"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"X-Reviewed-By: \\n"', '"X-Reviewed-By: Ana Reyes <ana@example.org>\\n"')
    text = text.replace(
        '"X-Reviewed-Date: \\n"', '"X-Reviewed-Date: 2026-12-01\\n"\n"X-Generator: Poedit 3.4\\n"'
    )
    path.write_text(text, encoding="utf-8")
    update_catalogs(_curriculum(lessons), ["es"])  # the review, and a tool's own header, survive an update
    assert '"X-Generator: Poedit 3.4\\n"' in path.read_text(encoding="utf-8")
    result = runner.invoke(main, ["translate", "status", "--lessons", str(lessons), "--language", "es"])
    assert "(6 of 7 catalogs unreviewed)" in result.output
    assert f"{LESSON}" in result.output and "Ana Reyes <ana@example.org>, 2026-12-01" in result.output


# --------------------------------------------------------------------------- translate()


def test_translate_replaces_reader_text_and_keeps_the_rest(lessons: Path) -> None:
    _fill(lessons)
    unit, models = _models(lessons)
    translation = translate(lessons, unit, models, "es")
    assert translation.diagnostics == []
    assert (translation.missing, translation.fuzzy) == (0, 0) and translation.translated > 400
    assert not translation.reviewed and translation.reviewer is None
    lesson, original = translation.lessons[0], models[0]
    assert lesson.title == f"ES<{original.title}>"
    assert lesson.student_summary == f"ES<{original.student_summary}>"  # a multi-line Markdown field
    assert lesson.sections[2].prompts[0].text == f"ES<{original.sections[2].prompts[0].text}>"
    assert translation.unit.help_resources[0].contact == "ES<Call 1-888-373-7888>"
    # ids, numbers and facilitator-only text stay as they are
    assert (lesson.id, lesson.number, [s.id for s in lesson.sections]) == (
        original.id,
        original.number,
        [s.id for s in original.sections],
    )
    assert lesson.overview == original.overview
    assert lesson.sections[2].prompts[0].look_fors == original.sections[2].prompts[0].look_fors
    assert lesson.sections[0].part_order == original.sections[0].part_order


def test_changed_english_safety_text_is_a_located_error_until_updated(lessons: Path) -> None:
    _fill(lessons)
    old = "Use the step-out signal and go to the break space."
    _edit(lessons, LESSON_FILE, old, "Use the step-out signal and go to the library.")
    po = lessons / "translations" / "es" / f"{LESSON}.po"
    unit, models = _models(lessons)
    translation = translate(lessons, unit, models, "es")
    [problem] = translation.diagnostics
    assert problem.severity is Severity.ERROR and problem.code == "translation-outdated"
    assert (problem.file, problem.line) == (
        f"lessons/translations/es/{LESSON}.po",
        _po_line(po, "safety_plan.step_out"),
    )
    assert "safety_plan.step_out" in problem.message and "kitgen translate update" in (problem.hint or "")

    curriculum = _curriculum(lessons)
    extract_templates(curriculum)
    update_catalogs(curriculum, ["es"])
    [problem] = translate(lessons, unit, models, "es").diagnostics
    assert (problem.severity, problem.code) == (Severity.ERROR, "translation-fuzzy")
    assert problem.line == _po_line(po, "safety_plan.step_out")


def test_fuzzy_other_text_falls_back_to_english_with_a_warning(lessons: Path) -> None:
    _fill(lessons)
    _set(lessons, LESSON, "sections.discussion.prompts.0.text", "¿Qué tarjetas moverían?", fuzzy=True)
    unit, models = _models(lessons)
    translation = translate(lessons, unit, models, "es")
    [problem] = translation.diagnostics
    assert (problem.severity, problem.code) == (Severity.WARNING, "translation-fuzzy")
    assert (
        problem.file.endswith(f"es/{LESSON}.po") and "sections.discussion.prompts.0.text" in problem.message
    )
    assert translation.lessons[0].sections[2].prompts[0].text == models[0].sections[2].prompts[0].text
    assert translation.fuzzy == 1 and translation.lessons[0].title.startswith("ES<")


def test_a_safety_translation_must_keep_the_phone_number(lessons: Path) -> None:
    _fill(lessons)
    _set(lessons, "unit", "help_resources.hotline.contact", "Llama al 1-888-373-7880")
    unit, models = _models(lessons)
    translation = translate(lessons, unit, models, "es")
    [problem] = translation.diagnostics
    assert (problem.severity, problem.code) == (Severity.ERROR, "translation-numbers")
    assert (problem.file, problem.line) == (
        "lessons/translations/es/unit.po",
        _po_line(lessons / "translations/es/unit.po", "help_resources.hotline.contact"),
    )
    assert "1-888-373-7888" in problem.message
    assert translation.unit.help_resources[0].contact == "Call 1-888-373-7888"


def test_missing_catalog_refuses_the_language(lessons: Path) -> None:
    (lessons / "translations" / "es" / "unit.po").unlink()
    _fill(lessons)
    unit, models = _models(lessons)
    translation = translate(lessons, unit, models, "es")
    [problem] = translation.diagnostics
    assert (problem.severity, problem.code, problem.file) == (
        Severity.ERROR,
        "catalog-missing",
        "lessons/translations/es/unit.po",
    )
    assert translation.unit.title == unit.title and translation.lessons[0].title.startswith("ES<")


def test_catalog_syntax_errors_and_stale_catalogs_are_located(lessons: Path) -> None:
    path = lessons / "translations" / "es" / f"{LESSON}.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index('msgctxt "title"') + 1  # 0-based index of its msgid line
    lines[at] = 'msgid "unterminated'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _edit(
        lessons,
        LESSON_FILE.replace("01-myths-and-facts", "02-grooming-and-recruitment"),
        'title: "',
        'title: "New ',
    )
    extract_templates(_curriculum(lessons))
    found = {(d.file, d.code): d for d in catalog_diagnostics(lessons)}
    syntax = found[(f"lessons/translations/es/{LESSON}.po", "catalog-syntax")]
    assert syntax.line == at + 1 and syntax.severity is Severity.ERROR
    stale = found[("lessons/translations/es/grooming-and-recruitment.po", "catalog-stale")]
    assert stale.severity is Severity.WARNING and "kitgen translate update" in (stale.hint or "")
    result = CliRunner().invoke(main, ["validate", str(lessons)])
    assert result.exit_code == 1
    assert f"lessons/translations/es/{LESSON}.po:{at + 1}:1: error[catalog-syntax]" in result.output


def test_a_removed_lesson_loses_its_template_and_its_catalogs_are_orphans(lessons: Path) -> None:
    (lessons / "06-being-an-upstander.yaml").unlink()
    written = extract_templates(_curriculum(lessons))
    assert not (lessons / "translations/templates/being-an-upstander.pot").exists()
    assert any(w.note.startswith("removed") and w.path.name == "being-an-upstander.pot" for w in written)
    [orphan] = [d for d in catalog_diagnostics(lessons) if d.code == "catalog-orphan"]
    assert orphan.file == "lessons/translations/es/being-an-upstander.po"


def test_shipped_catalogs_are_current(prepared: Path, tmp_path: Path) -> None:
    """The committed templates match the lessons, and updating the Spanish catalogs changes nothing."""
    shipped = REPO / "lessons" / "translations"
    for template in (prepared / "translations" / "templates").glob("*.pot"):
        assert (shipped / "templates" / template.name).read_bytes() == template.read_bytes(), (
            f"run 'kitgen translate extract': {template.name} is out of date"
        )
    root = tmp_path / "lessons"
    shutil.copytree(REPO / "lessons", root)
    update_catalogs(_curriculum(root), ["es"])
    for path in (shipped / "es").glob("*.po"):
        assert (root / "translations" / "es" / path.name).read_bytes() == path.read_bytes(), path.name
    assert catalog_diagnostics(REPO / "lessons") == []

"""``kitgen validate`` reports what a build of each saved kit's languages would refuse or print in
English, at the .po or es.yaml line, on a copy of the shipped curriculum (every kit is built in
English and Spanish); and the build's warning count is validate's."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import kitgen.i18n
from kitgen.cli import main
from kitgen.i18n import Translation
from kitgen.language_checks import check_languages
from kitgen.validate import validate_folder

REPO = Path(__file__).resolve().parents[1]
SAFETY = "help_resources.hotline.contact"
"""A safety-critical entry of the unit's catalog (kitgen/i18n/safety.py)."""
PROSE = "student_summary"
"""An entry of the first lesson's catalog that is not safety-critical."""


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped lessons with templates/ beside them (validate and build read that one); the
    working folder is their parent."""
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    shutil.copytree(REPO / "templates", tmp_path / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fuzzy(catalog: Path, context: str) -> int:
    """Mark the entry ``context`` of ``catalog`` fuzzy; the line of its msgid afterwards (where
    Babel, and so every diagnostic, locates an entry)."""
    text = catalog.read_text(encoding="utf-8")
    line = f'msgctxt "{context}"\n'
    assert text.count(line) == 1, context
    text = text.replace(line, "#, fuzzy\n" + line)
    catalog.write_text(text, encoding="utf-8")
    return text[: text.index(line)].count("\n") + 2


def validate(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", "lessons", *args])


def counts(result: Result) -> tuple[int, int]:
    errors, warnings = re.findall(r"(\d+) errors?, (\d+) warnings?$", result.output.strip())[0]
    return int(errors), int(warnings)


def test_the_shipped_kits_languages_are_clean(copy: Path) -> None:
    result = validate("--quiet")
    assert result.exit_code == 0 and "translation" not in result.output, result.output


def test_a_fuzzy_safety_entry_is_a_located_error(copy: Path) -> None:
    line = fuzzy(copy / "lessons/translations/es/unit.po", SAFETY)
    result = validate()
    assert result.exit_code == 1
    assert re.search(
        rf"^lessons/translations/es/unit\.po:{line}:1: error\[translation-fuzzy\]: "
        rf"safety-critical entry '{SAFETY}' has only a fuzzy Spanish translation",
        result.output,
        re.M,
    ), result.output


def test_a_fuzzy_entry_that_is_not_safety_critical_is_a_warning(copy: Path) -> None:
    catalog = copy / "lessons/translations/es/myths-and-facts.po"
    line = fuzzy(catalog, PROSE)
    result = validate("--verbose")
    assert result.exit_code == 0, result.output
    assert re.search(
        rf"^lessons/translations/es/myths-and-facts\.po:{line}:1: warning\[translation-fuzzy\]: "
        rf"entry '{PROSE}' has only a fuzzy Spanish translation .*print the English text",
        result.output,
        re.M,
    ), result.output
    assert validate("--strict").exit_code == 1  # --strict refuses the English fallback


def test_many_fallbacks_of_a_catalog_fold_into_one_line(copy: Path) -> None:
    catalog = copy / "lessons/translations/es/myths-and-facts.po"
    lines = [fuzzy(catalog, context) for context in (PROSE, "title", "objectives.0.student")]
    folded = validate()
    assert folded.exit_code == 0
    assert re.search(
        rf"^lessons/translations/es/myths-and-facts\.po:{min(lines)}:1: warning\[translation-fuzzy\]: "
        "3 entries have only a fuzzy translation",
        folded.output,
        re.M,
    ), folded.output
    assert validate("--verbose").output.count("warning[translation-fuzzy]") == 3
    assert counts(folded) == counts(validate("--verbose"))


def test_a_missing_string_table_is_an_error(copy: Path) -> None:
    (copy / "templates/strings/es.yaml").unlink()
    result = validate("--quiet")
    assert result.exit_code == 1
    assert (
        "templates/strings/es.yaml: error[missing-file]: there is no string table for 'es'" in result.output
    )


def test_a_missing_catalog_is_an_error_naming_it(copy: Path) -> None:
    (copy / "lessons/translations/es/being-an-upstander.po").unlink()
    result = validate("--quiet")
    assert result.exit_code == 1
    assert (
        "lessons/translations/es/being-an-upstander.po: error[catalog-missing]: there is no Spanish "
        "catalog for 'being-an-upstander'" in result.output
    )


def test_a_changed_english_safety_string_is_an_error_at_its_es_yaml_line(copy: Path) -> None:
    en = copy / "templates/strings/en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace("Stepping out", "Leaving the room"), encoding="utf-8"
    )
    es_lines = (copy / "templates/strings/es.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(es_lines, 1) if text.startswith("step_out:"))
    result = validate("--quiet")
    assert result.exit_code == 1
    assert re.search(
        rf"^templates/strings/es\.yaml:{line}:1: error\[stale-translation\]: .*'step_out'",
        result.output,
        re.M,
    ), result.output


def test_the_builds_warning_count_is_validates(copy: Path) -> None:
    """Four kits share the unit's catalog and two share each lesson's: each problem counts once."""
    for context in (PROSE, "title"):
        fuzzy(copy / "lessons/translations/es/myths-and-facts.po", context)
    fuzzy(copy / "lessons/translations/es/unit.po", "title")
    shown = json.loads(validate("--format", "json").output)
    plan = CliRunner().invoke(main, ["plan", "--lessons", "lessons", "--out", "out"])
    assert plan.exit_code == 0, plan.output
    assert f"{shown['warnings']} warnings; run 'kitgen validate lessons' to see them" in plan.output
    assert sum(d["code"] == "translation-fuzzy" for d in shown["diagnostics"]) == 3


def test_each_language_is_translated_once_per_run(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real: Callable[..., Translation] = kitgen.i18n.translate

    def counted(*args: object) -> Translation:
        calls.append(str(args[3]))
        return real(*args)

    curriculum, _ = validate_folder(copy / "lessons")
    assert len(curriculum.kits) == 4
    monkeypatch.setattr(kitgen.i18n, "translate", counted)
    assert check_languages(curriculum) == []
    assert calls == ["es"]

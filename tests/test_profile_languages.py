"""The district profile's words in another language (``translations: {es: …}``): checked by the
profile's own model, merged over the profile for that language's documents only, and read back
from the Spanish and English family letters."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from readback import pdf_text, squash

from kitgen.cli import main
from kitgen.model import Profile

REPO = Path(__file__).resolve().parents[1]
REVIEW = ("in the library on Tuesdays, 3 to 5 pm", "en la biblioteca los martes, de 15:00 a 17:00")
ROLE = ("School social worker", "Trabajadora social escolar")


@pytest.fixture
def lessons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped lessons; the working folder is its parent."""
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "lessons"


def _profile(lessons: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((lessons / "profile.yaml").read_text(encoding="utf-8"))


def _save(lessons: Path, data: dict) -> None:  # type: ignore[type-arg]
    (lessons / "profile.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_language_gets_its_values_and_keeps_the_rest() -> None:
    data = _profile(REPO / "lessons")
    data["letter"]["review"], data["letter"]["teachers"][0]["role"] = REVIEW[0], ROLE[0]
    data["letter"]["teachers"].append({"name": "Alex Kim", "role": "Health teacher"})
    data["translations"] = {"es": {"letter": {"review": REVIEW[1], "teachers": [{"role": ROLE[1]}]}}}
    profile = Profile.model_validate(data)
    spanish, english = profile.in_language("es"), profile.in_language("en")
    assert (spanish.letter.review, english.letter.review) == (REVIEW[1], REVIEW[0])
    assert [t.role for t in spanish.letter.teachers] == [ROLE[1], "Health teacher"]  # the second left out
    assert [t.name for t in spanish.letter.teachers] == [t.name for t in profile.letter.teachers]
    assert spanish.letter.contact == profile.letter.contact and spanish.break_space == profile.break_space
    assert spanish.translations == {} == english.translations  # nothing left for a composer to misread


def test_the_shipped_profile_gives_spanish_placeholders_that_strict_refuses(lessons: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "lessons", "--verbose"])
    assert result.exit_code == 0, result.output
    assert "'translations.es.break_space' is not filled in yet" in result.output
    assert CliRunner().invoke(main, ["validate", "lessons", "--strict"]).exit_code == 1


def test_unknown_fields_and_extra_teachers_are_located(lessons: Path) -> None:
    path = lessons / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('    break_space: "FILL IN: break space', '    breaks_space: "FILL IN: break space')
    text = text.replace(
        '      role: "FILL IN: role in Spanish, e.g. Consejera escolar"\n      location',
        '      phone: "555-0100"\n      location',
    )
    text = text.replace(
        '        - role: "FILL IN: role in Spanish, e.g. Trabajadora social escolar"',
        '        - role: "Trabajadora social"\n        - role: "Maestra de salud"',
    )
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def at(start: str) -> str:
        number = next(n for n, line in enumerate(lines, 1) if line.strip().startswith(start))
        return f"lessons/profile.yaml:{number}:"

    result = CliRunner().invoke(main, ["validate", "lessons", "--quiet"])
    assert result.exit_code == 1
    out = result.output
    breaks, phone, teachers = at("breaks_space:"), at('phone: "555-0100"'), at('- role: "Trabajadora social"')
    assert (
        f"{breaks}5: error[unknown-field]: 'breaks_space' is not a field of a profile translation; "
        "did you mean 'break_space'?" in out
    )
    assert f"{phone}7: error[unknown-field]: 'phone' is not a field of a contact translation" in out
    assert (
        f"{teachers}9: error[translation-teachers]: 'translations.es.letter.teachers' gives 2 teachers, "
        "but 'letter.teachers' lists 1" in out
    )


@pytest.mark.slow
def test_a_translated_value_is_in_the_spanish_letter_and_not_the_english_one(lessons: Path) -> None:
    data = _profile(lessons)
    data["letter"]["review"], data["letter"]["teachers"][0] = (
        REVIEW[0],
        {"name": "Dana Ortiz", "role": ROLE[0]},
    )
    data["translations"]["es"]["letter"]["review"] = REVIEW[1]
    data["translations"]["es"]["letter"]["teachers"] = [{"role": ROLE[1]}]
    _save(lessons, data)
    (lessons / "kits" / "letters.yaml").write_text(
        "id: letters\ntitle: Letters\nlessons: {ids: [myths-and-facts]}\ndocuments: [letter]\n"
        "formats: [pdf]\nlanguages: [en, es]\n",
        encoding="utf-8",
    )
    out = lessons.parent / "out"
    run = subprocess.run(
        [sys.executable, "-m", "kitgen", "build", "--lessons", "lessons", "--out", str(out), "--kit", "letters", "--quiet"],
        cwd=lessons.parent, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    family = out / "letters" / "family"
    spanish = squash(pdf_text(family / "ht-awareness-letters-family-letter-es.pdf"))
    english = squash(pdf_text(family / "ht-awareness-letters-family-letter.pdf"))
    for english_value, spanish_value in (REVIEW, ROLE):
        assert squash(spanish_value) in spanish and squash(english_value) not in spanish
        assert squash(english_value) in english and squash(spanish_value) not in english
    assert squash("FILL IN") not in spanish  # the Spanish placeholders left print as lines to write on


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "  es: oops\n",
            "'translations.es' should be a profile translation with its fields (got 'oops')",
        ),
        (
            "  Spanish:\n    break_space: la oficina\n",
            "hint: name a language by its code, two or three lowercase letters, e.g. 'es'",
        ),
    ],
)
def test_a_broken_language_is_located_and_the_rest_still_checked(
    lessons: Path, block: str, expected: str
) -> None:
    path = lessons / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("translations:")] + "translations:\n" + block, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "lessons"])
    assert result.exit_code == 1 and expected in result.output, result.output
    assert "1 error, 24 warnings" in result.output  # the profile's FILL IN values are still found

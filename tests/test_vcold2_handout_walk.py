"""``handout_walk.handout_sentences`` reads what composing the handout and reading it back reads:
the same sentences in the same order for every shipped lesson, in English and in Spanish, and
for lessons with the parts the shipped ones lack (several periods, stations, a figure, a
checklist). And with any string-table entry that cannot be filled in, a lesson fails the walk
exactly when it fails composing, unless the folder's first handout fails too (``reading_level``
then composes every handout)."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kitgen import validation_cache
from kitgen.compose.common import Settings
from kitgen.compose.handout import student_handout
from kitgen.handout_text import student_sentences
from kitgen.handout_walk import handout_sentences
from kitgen.last_build import default_templates
from kitgen.loader import Curriculum, load_curriculum
from kitgen.model import Lesson, Profile, Unit
from kitgen.reading_level import readings
from kitgen.strings import Strings, StringsError, load_strings
from kitgen.translated import translated_language

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def shipped() -> Curriculum:
    with validation_cache.turned_off():
        curriculum, _ = load_curriculum(REPO / "lessons")
    assert curriculum.unit is not None and curriculum.profile is not None and len(curriculum.lessons) == 6
    return curriculum


def _composed(unit: Unit, profile: Profile, lesson: Lesson, s: Strings, language: str = "en") -> list[str]:
    settings = Settings(date=unit.edition, language=language)
    return student_sentences(student_handout(unit, profile, lesson, s, settings))


def _english(curriculum: Curriculum) -> tuple[Unit, Profile, Strings]:
    assert curriculum.unit is not None and curriculum.profile is not None
    strings = load_strings(default_templates(curriculum.root), curriculum.profile.model.language)
    return curriculum.unit.model, curriculum.profile.model, strings


def _rich(lesson: Lesson) -> Lesson:
    """A shipped lesson given what no shipped lesson has: two periods, stations (one with a
    material), a captioned figure and a checklist to tick."""
    data: dict[str, Any] = copy.deepcopy(lesson.model_dump(exclude_none=True))
    data["periods"] = 2
    sections = data["sections"]
    material = lesson.student_materials[0].id if lesson.student_materials else None
    stations = [
        {"title": "Station 1: The offer", "minutes": 5, "instructions": "Read the offer. Is it *real*?"},
        {
            "title": "Station 2: The chat",
            "minutes": 5,
            "instructions": "- Read the chat.\n- Mark each red flag.",
            "prompts": [{"text": "Which message worried you most?", "response": {"lines": 2}}],
            **({"material": material} if material else {}),
        },
    ]
    sections[0] = {
        **sections[0],
        "stations": stations,
        "figure": {"src": "map.png", "alt": "A map of the town", "caption": "Where help is near school."},
        "response": {"checklist": ["I read the offer", "I found a red flag"]},
    }
    for index, section in enumerate(sections):
        section["period"] = 1 if index < len(sections) // 2 else 2
    return Lesson.model_validate(data)


def test_every_shipped_handout_reads_as_composed_in_english(shipped: Curriculum) -> None:
    unit, profile, strings = _english(shipped)
    for loaded in shipped.lessons:
        lesson = loaded.model
        composed = _composed(unit, profile, lesson, strings)
        assert len(composed) > 50
        assert handout_sentences(unit, lesson, strings) == composed, lesson.id


def test_every_shipped_handout_reads_as_composed_in_spanish(shipped: Curriculum) -> None:
    unit, profile, english = _english(shipped)
    lessons = tuple(sorted((item.model for item in shipped.lessons), key=lambda lesson: lesson.number))
    templates = default_templates(shipped.root)
    language = translated_language(shipped.root, "es", unit, lessons, templates, english, False)
    assert language.unit is not None and language.strings is not None and len(language.lessons) == 6
    local = profile.in_language("es")
    for lesson in language.lessons:
        composed = _composed(language.unit, local, lesson, language.strings, "es")
        assert any("¿" in sentence for sentence in composed)
        assert handout_sentences(language.unit, lesson, language.strings) == composed, lesson.id


def test_parts_no_shipped_lesson_has_read_as_composed(shipped: Curriculum) -> None:
    unit, profile, strings = _english(shipped)
    for loaded in shipped.lessons:
        lesson = _rich(loaded.model)
        composed = _composed(unit, profile, lesson, strings)
        for text in ("Where help is near school.", "I read the offer.", "Mark each red flag."):
            assert text in composed
        assert handout_sentences(unit, lesson, strings) == composed, lesson.id


def _failing(s: Strings, key: str) -> Strings:
    """The table with ``key``'s entry (each of its plural forms) naming a value nobody gives."""
    entry = s.table[key]
    broken = {form: "{nobody}" for form in entry} if isinstance(entry, dict) else "{nobody}"
    return Strings(s.language, {**s.table, key: broken}, s.path)


def _fails(read: Callable[..., object], *args: object) -> bool:
    try:
        read(*args)
    except StringsError:
        return True
    return False


@pytest.mark.slow
def test_an_entry_that_cannot_be_filled_in_fails_the_walk_where_it_fails_composing(
    shipped: Curriculum,
) -> None:
    unit, profile, strings = _english(shipped)
    lessons = [shipped.lessons[0].model, *(_rich(loaded.model) for loaded in shipped.lessons)]
    checked = 0
    for key in strings.table:
        s = _failing(strings, key)
        composing = [_fails(_composed, unit, profile, lesson, s) for lesson in lessons]
        if composing[0]:
            continue  # the first handout fails: reading_level composes them all
        walking = [_fails(handout_sentences, unit, lesson, s) for lesson in lessons]
        assert walking == composing, key
        checked += any(composing)
    assert checked >= 5  # entries some handouts fill in and others do not (day, days, sort_cards, …)


def test_a_folder_whose_first_handout_does_not_compose_scores_no_handout(tmp_path: Path) -> None:
    """An entry only the parts that print no text use (the name line's) fails every handout's
    composing, so none is scored, although the walk alone would read them all."""
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    table = tmp_path / "templates" / "strings" / "en.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("\nname: Name\n", "\nname: '{nobody}'\n"))
    with validation_cache.turned_off():
        curriculum, _ = load_curriculum(tmp_path / "lessons")
        assert readings(curriculum) == []
        unit, _, strings = _english(curriculum)
        assert all(handout_sentences(unit, loaded.model, strings) for loaded in curriculum.lessons)
        table.write_text((REPO / "templates" / "strings" / "en.yaml").read_text(encoding="utf-8"))
        assert len(readings(curriculum)) == 6

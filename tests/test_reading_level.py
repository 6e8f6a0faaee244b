"""The reading level validation reports is the reading level of the handout ``build`` composes:
validation composes every handout of a folder with the unit's and profile's student views made
once (``student_handouts``), and finds a handout's words in one pass over all its sentences.
Both must give, for every shipped and generated handout in English and Spanish, exactly what
composing each handout alone (``student_handout``) and scoring it sentence by sentence gives."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kitgen import validation_cache
from kitgen.compose.common import Settings
from kitgen.compose.handout import student_handout
from kitgen.handout_text import student_sentences
from kitgen.last_build import default_templates
from kitgen.loader import Curriculum
from kitgen.readability import _lowered_words, score, words_of
from kitgen.reading_level import readings, translated_readings
from kitgen.strings import load_strings
from kitgen.translated import translated_language
from kitgen.validate import validate_paths

REPO = Path(__file__).parent.parent


def _speed() -> ModuleType:
    """benchmarks/speed.py, whose ``generate`` makes the benchmark's curricula."""
    name = "kitgen_benchmark_speed"
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def curricula(tmp_path_factory: pytest.TempPathFactory) -> list[Curriculum]:
    """The shipped lessons, and a folder generated from them as the benchmark generates its own
    (lessons cloned under new numbers and ids), beside a copy of the templates."""
    tree = tmp_path_factory.mktemp("generated")
    (tree / "templates").symlink_to(REPO / "templates")
    _speed().generate(REPO / "lessons", tree / "lessons", 14)
    with validation_cache.turned_off():
        result = validate_paths([REPO / "lessons", tree / "lessons"])
    assert len(result.curricula) == 2 and all(c.lessons for c in result.curricula)
    return result.curricula


def _english(curriculum: Curriculum) -> list[tuple[list[str], str]]:
    """Each lesson's handout composed alone, as ``build`` composes it: its sentences and language."""
    assert curriculum.unit is not None and curriculum.profile is not None
    unit, profile = curriculum.unit.model, curriculum.profile.model
    strings = load_strings(default_templates(curriculum.root), profile.language)
    lessons = sorted((item.model for item in curriculum.lessons), key=lambda lesson: lesson.number)
    settings = Settings(date=unit.edition)
    return [
        (student_sentences(student_handout(unit, profile, lesson, strings, settings)), profile.language)
        for lesson in lessons
    ]


def _spanish(curriculum: Curriculum) -> list[list[str]]:
    """Each lesson's Spanish handout composed alone, as a kit's Spanish handout is built."""
    assert curriculum.unit is not None and curriculum.profile is not None
    unit, profile = curriculum.unit.model, curriculum.profile.model
    templates = default_templates(curriculum.root)
    english = load_strings(templates, profile.language)
    lessons = tuple(sorted((item.model for item in curriculum.lessons), key=lambda lesson: lesson.number))
    language = translated_language(curriculum.root, "es", unit, lessons, templates, english, False)
    assert language.unit is not None and language.strings is not None
    settings = Settings(date=unit.edition, language="es")
    local = profile.in_language("es")
    return [
        student_sentences(student_handout(language.unit, local, lesson, language.strings, settings))
        for lesson in language.lessons
    ]


def test_each_english_score_is_that_of_the_handout_composed_alone(curricula: list[Curriculum]) -> None:
    for curriculum in curricula:
        terms = [term.term for lesson in curriculum.lessons for term in lesson.model.vocabulary]
        with validation_cache.turned_off():
            found = readings(curriculum)
        alone = _english(curriculum)
        assert len(found) == len(alone) == len(curriculum.lessons)
        for reading, (sentences, language) in zip(found, alone, strict=True):
            assert reading.score is not None
            assert reading.score == score(sentences, language, terms)


def test_each_spanish_score_is_that_of_the_handout_composed_alone(curricula: list[Curriculum]) -> None:
    shipped = curricula[0]
    found = translated_readings(shipped)
    alone = _spanish(shipped)
    assert [code for code, _, _ in found] == ["es"] * len(alone) == ["es"] * len(shipped.lessons)
    for (_, _, scored), sentences in zip(found, alone, strict=True):
        assert scored is not None and scored == score(sentences, "es")


def test_the_words_of_every_handout_are_those_found_sentence_by_sentence(
    curricula: list[Curriculum],
) -> None:
    handouts = [sentences for sentences, _ in _english(curricula[0])] + _spanish(curricula[0])
    for sentences in handouts:
        one_by_one = [(s, [w.lower() for w in words]) for s in sentences if (words := words_of(s))]
        assert _lowered_words(sentences) == one_by_one

"""``kitgen validate`` on the languages of the saved kits and of the district profile.

A saved kit built in other languages (``languages: [en, es]``) has its student and family
documents made from the curriculum's catalogs and ``templates/strings/<language>.yaml``.
``kitgen build`` refuses a language whose safety-critical text is missing, fuzzy or outdated, or
whose string table is missing or older than the English, and prints other untranslated text in
English with a warning. ``check_languages`` reports the same problems, found by the build's own
code (``translated.language_problems``), so they show on every ``validate`` and in ``kitgen
serve``: each language is translated once per run, for every lesson a saved kit builds in it.
``check_profile_translations`` checks what the profile's ``translations`` block cannot say in
its schema: one translated role per teacher at most.
"""

from __future__ import annotations

from .diagnostics import Diagnostic, error
from .kits import kit_lessons
from .loader import Curriculum
from .model import Lesson, Profile
from .strings import SOURCE_LANGUAGE


def check_languages(curriculum: Curriculum) -> list[Diagnostic]:
    """For every language of every saved kit other than the curriculum's own: the errors that
    would refuse its documents and the warnings of text they would print in English."""
    if curriculum.unit is None:
        return []
    source = curriculum.profile.model.language if curriculum.profile is not None else SOURCE_LANGUAGE
    wanted: dict[str, set[str]] = {}
    for kit in curriculum.kits:
        ids = {lesson.id for lesson in kit_lessons(kit.model, curriculum)}
        for code in kit.model.languages:
            if code != source:
                wanted.setdefault(code, set()).update(ids)
    if not wanted:
        return []
    from .last_build import default_templates
    from .translated import language_problems

    templates = default_templates(curriculum.root)
    ordered = sorted((loaded.model for loaded in curriculum.lessons), key=lambda lesson: lesson.number)
    found: list[Diagnostic] = []
    for code, ids in sorted(wanted.items()):
        lessons: tuple[Lesson, ...] = tuple(lesson for lesson in ordered if lesson.id in ids)
        found += language_problems(curriculum.root, code, curriculum.unit.model, lessons, templates)
    return found


def check_profile_translations(curriculum: Curriculum) -> list[Diagnostic]:
    """A translation of ``letter.teachers`` gives each teacher's role in the profile's order, so
    it may not list more teachers than the profile does."""
    found: list[Diagnostic] = []
    for loaded in curriculum.checked(Profile):
        teachers = len(loaded.model.letter.teachers)
        for code, given in loaded.model.translations.items():
            if given.letter is None or len(given.letter.teachers) <= teachers:
                continue
            path = ("translations", code, "letter", "teachers")
            mark = loaded.source.value_mark(path)
            found.append(
                error(
                    loaded.source.display,
                    mark.line,
                    mark.col,
                    "translation-teachers",
                    f"'translations.{code}.letter.teachers' gives {len(given.letter.teachers)} teachers, "
                    f"but 'letter.teachers' lists {teachers}",
                    "give each teacher's role in the order of letter.teachers (names are not translated)",
                )
            )
    return found

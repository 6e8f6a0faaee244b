"""Each student handout's reading level against its grade band: the ``reading-level`` warning of
``kitgen validate`` and the table of ``kitgen list --readability``.

Bands and their upper Flesch–Kincaid grades are Common Core Appendix A's text-complexity bands.
A lesson is held to the lowest band it serves: a handout for grades 8–9 must suit grade 8.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import validation_cache
from .diagnostics import Diagnostic, warning
from .fork_map import fork_map
from .loader import Curriculum, Loaded
from .model import Lesson, Unit
from .readability import LANGUAGES, Score, base_language, score, words_of

if TYPE_CHECKING:
    from .handout_text import Located


@dataclass(frozen=True)
class Band:
    name: str
    last_grade: int
    limit: float
    """The band's upper Flesch–Kincaid grade."""


BANDS = (Band("6–8", 8, 10.3), Band("9–10", 10, 12.1), Band("11–12", 12, 14.2))


def band_for(grades: list[int]) -> Band:
    """The lowest band the grades reach into (grades 7–8 use 6–8; grades 10–11 use 9–10)."""
    youngest = min(grades)
    return next((band for band in BANDS if youngest <= band.last_grade), BANDS[-1])


@dataclass(frozen=True)
class Reading:
    """One handout's reading level; ``score`` is None when the text is too short to score."""

    lesson: Loaded[Lesson]
    unit: Loaded[Unit]
    band: Band
    words: int
    score: Score | None

    @property
    def over(self) -> bool:
        grade = self.score.grade if self.score else None
        return grade is not None and grade > self.band.limit

    def hardest(self) -> list[Located]:
        """The hardest sentences with the fields they were written in (looked up only when asked:
        a handout within its band needs no location)."""
        from .handout_text import Fields, locate

        files = [
            Fields.of(self.lesson.source, self.lesson.model),
            Fields.of(self.unit.source, self.unit.model),
        ]
        return locate(self.score.hardest, files) if self.score else []


def readings(curriculum: Curriculum, beside: Callable[[], object] | None = None) -> list[Reading]:
    """Every loaded lesson's handout, composed as ``build`` composes it and scored in the
    profile's language, with the unit's vocabulary terms counted as familiar words.

    ``beside`` (other work of the caller's) runs once, while forked children score handouts."""
    ran = False

    def side() -> None:
        nonlocal ran
        if beside is not None and not ran:
            ran = True
            beside()

    found = _readings(curriculum, side)
    side()  # no handout was scored: it runs now
    return found


def _readings(curriculum: Curriculum, side: Callable[[], None]) -> list[Reading]:
    if curriculum.unit is None or curriculum.profile is None:
        return []
    if base_language(curriculum.profile.model.language) not in LANGUAGES:
        return []
    from .last_build import default_templates

    templates = default_templates(curriculum.root)
    terms = [term.term for lesson in curriculum.lessons for term in lesson.model.vocabulary]
    lessons = sorted(curriculum.lessons, key=lambda item: item.model.number)
    shared = _shared_key(curriculum, templates, terms)
    keys = [
        validation_cache.key("reading", lesson.source.digest, shared) if shared else "" for lesson in lessons
    ]
    measured: dict[int, Measured] = {}
    for i, (lesson, made) in enumerate(zip(lessons, keys, strict=True)):
        kept = validation_cache.fetch("reading", os.path.abspath(lesson.source.path), made) if made else None
        if (found := _unpacked(kept)) is not False:
            measured[i] = found
    missing = [i for i in range(len(lessons)) if i not in measured]
    if missing:
        scored = _measured(curriculum, templates, terms, [lessons[i] for i in missing], side)
        if scored is None:
            return []  # the build reports a broken string table; there is no handout to score
        for i, found in zip(missing, scored, strict=True):
            measured[i] = found
            if keys[i]:
                validation_cache.keep(
                    "reading", os.path.abspath(lessons[i].source.path), keys[i], _packed(found)
                )
    validation_cache.flush()
    return [
        Reading(lesson, curriculum.unit, band_for(lesson.model.grades), *found)
        for i, lesson in enumerate(lessons)
        if (found := measured[i]) is not None
    ]


Measured = tuple[int, Score | None] | None
"""A handout's word count and score, or None when the lesson does not compose."""


def _measured(
    curriculum: Curriculum,
    templates: Path,
    terms: list[str],
    lessons: list[Loaded[Lesson]],
    side: Callable[[], None],
) -> list[Measured] | None:
    """Each of ``lessons``' handouts, composed and scored (on every core); None when the string
    table cannot be read. The composer is imported only here: a validation whose handouts were
    all scored before (a kit or catalog edited, say) never loads it.

    The first handout is composed; when it composes, the others' sentences are read from their
    models (``handout_sentences``: the same sentences, at a third of the cost), since what could
    fail in every handout alike (the string table's entries for the parts that print no text)
    did not. When it does not compose, every handout is composed, each failing or not alone."""
    from .compose.common import Settings
    from .compose.handout import student_handouts
    from .handout_text import student_sentences
    from .handout_walk import handout_sentences
    from .strings import StringsError, load_strings

    assert curriculum.unit is not None and curriculum.profile is not None
    unit, profile = curriculum.unit.model, curriculum.profile.model
    try:
        strings = load_strings(templates, profile.language)
    except StringsError:
        return None
    handout = student_handouts(unit, profile, strings, Settings(date=unit.edition))

    def composed(lesson: Lesson) -> list[str]:
        return student_sentences(handout(lesson))

    def read(lesson: Lesson) -> list[str]:
        return handout_sentences(unit, lesson, strings)

    def measured(sentences_of: Callable[[Lesson], list[str]]) -> Callable[[Loaded[Lesson]], Measured]:
        def measure(lesson: Loaded[Lesson]) -> Measured:
            try:
                sentences = sentences_of(lesson.model)
            except Exception:  # a lesson that other checks reject may not compose: they report it
                return None
            found = score(sentences, profile.language, terms)
            return (found.words if found else sum(len(words_of(s)) for s in sentences)), found

        return measure

    first = measured(composed)(lessons[0])
    rest = measured(read if first is not None else composed)
    return [first, *fork_map(rest, lessons[1:], beside=side)]


def _shared_key(curriculum: Curriculum, templates: Path, terms: list[str]) -> str:
    """What every handout's reading level is made from besides its lesson file: the unit and
    profile files, the string tables, the vocabulary terms, the language; '' when a file's
    bytes are not known (a source not read from a file), which turns the cache off."""
    assert curriculum.unit is not None and curriculum.profile is not None
    files = (curriculum.unit.source.digest, curriculum.profile.source.digest)
    tables = validation_cache.files_digest(templates / "strings")
    if not all(files) or not tables:
        return ""
    vocabulary = hashlib.sha256("\n".join(sorted(set(terms))).encode()).hexdigest()
    return "\0".join((*files, tables, vocabulary, curriculum.profile.model.language))


def _packed(found: Measured) -> tuple[Any, ...]:
    if found is None:
        return ()
    words, scored = found
    return (words, None if scored is None else tuple(getattr(scored, f.name) for f in fields(Score)))


def _unpacked(kept: Any) -> Measured | Literal[False]:
    """A kept measurement, or False when there is none (or it is not one)."""
    if kept == ():
        return None
    try:
        words, scored = kept
        return int(words), None if scored is None else Score(*scored)
    except (TypeError, ValueError):
        return False


def check_reading_level(
    curriculum: Curriculum, beside: Callable[[], object] | None = None
) -> list[Diagnostic]:
    """A warning for each handout above its band, at the field of its hardest sentence
    (``beside`` as for ``readings``)."""
    return [_warning(reading) for reading in readings(curriculum, beside) if reading.over]


def _warning(reading: Reading) -> Diagnostic:
    """At the lesson file, on the field of the hardest sentence written there (not the unit's
    group agreements, which every handout shares)."""
    assert reading.score is not None and reading.score.grade is not None
    lesson = reading.lesson.source
    hardest = reading.hardest()
    own = next((s for s in hardest if s.source is lesson), None)
    mark = lesson.value_mark(own.path) if own else None
    shown = "; ".join(f"“{s.text}”" for s in hardest)
    return warning(
        lesson.display,
        mark.line if mark else 0,
        mark.col if mark else 0,
        "reading-level",
        f"the student handout reads at Flesch–Kincaid grade {reading.score.grade:.1f}, above "
        f"{reading.band.limit} for grades {reading.band.name}; hardest sentences: {shown}",
        "split long sentences and prefer everyday words; the unit's vocabulary terms count as familiar",
    )


def translated_readings(curriculum: Curriculum) -> list[tuple[str, Lesson, Score | None]]:
    """Each handout in every other language of the saved kits, composed as ``build`` composes it
    from the catalogs and scored with that language's formula (Spanish: Fernández-Huerta). No
    band limits exist for these formulas, so they are shown, never warned about."""
    if curriculum.unit is None or curriculum.profile is None:
        return []
    from .compose.common import Settings
    from .compose.handout import student_handouts
    from .handout_text import student_sentences
    from .last_build import default_templates
    from .strings import StringsError, load_strings
    from .translated import translated_language

    unit, profile = curriculum.unit.model, curriculum.profile.model
    templates = default_templates(curriculum.root)
    try:
        english = load_strings(templates, profile.language)
    except StringsError:
        return []
    codes = sorted({code for kit in curriculum.kits for code in kit.model.languages} - {profile.language})
    lessons = tuple(sorted((item.model for item in curriculum.lessons), key=lambda lesson: lesson.number))
    out: list[tuple[str, Lesson, Score | None]] = []
    for code in (c for c in codes if base_language(c) in LANGUAGES):
        language = translated_language(curriculum.root, code, unit, lessons, templates, english, False)
        if language.unit is None or language.strings is None:
            continue  # refused: validate names the entries that refuse it
        settings = Settings(date=unit.edition, language=code)
        handout = student_handouts(language.unit, profile.in_language(code), language.strings, settings)
        for lesson in language.lessons:
            out.append((code, lesson, score(student_sentences(handout(lesson)), code)))
    return out


def table(curriculum: Curriculum) -> list[str]:
    """``kitgen list --readability``: each handout's words, grade, Dale–Chall score and limit,
    then the handouts in the kits' other languages with their own formula's score."""
    rows = [
        f"{'#':>2}  {'lesson':<34} {'band':<6} {'words':>5} {'FK grade':>8} {'Dale–Chall':>10} "
        f"{'limit':>5}  result"
    ]
    for reading in readings(curriculum):
        model, found = reading.lesson.model, reading.score
        if found is None or found.grade is None or found.dale_chall is None:
            values = f"{reading.words:>5} {'-':>8} {'-':>10}"
            result = "not scored: under 150 words" if found is None else "not scored: no grade formula"
        else:
            values = f"{reading.words:>5} {found.grade:>8.1f} {found.dale_chall:>10.1f}"
            result = "over" if reading.over else "ok"
        rows.append(
            f"{model.number:>2}  {model.id:<34} {reading.band.name:<6} {values} {reading.band.limit:>5}  {result}"
        )
    translated = translated_readings(curriculum)
    if translated:
        rows += [
            "",
            f"{'#':>2}  {'lesson':<34} {'lang':<6} {'words':>5} {'Fernández-Huerta ease':>21}  reads as",
        ]
    for code, lesson, found in translated:
        shown = (
            f"{found.words:>5} {found.ease:>21.1f}  {_ease_label(found.ease)}" if found and found.ease else ""
        )
        rows.append(f"{lesson.number:>2}  {lesson.id:<34} {code:<6} {shown or 'not scored: under 150 words'}")
    return rows


def _ease_label(ease: float) -> str:
    """Fernández-Huerta's own scale (the Flesch reading-ease bands it was adapted from)."""
    labels = (
        (90, "very easy"),
        (80, "easy"),
        (70, "fairly easy"),
        (60, "standard"),
        (50, "fairly difficult"),
    )
    return next((label for floor, label in labels if ease >= floor), "difficult")

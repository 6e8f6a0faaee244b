"""Reading level of student handouts: the scores, the ``reading-level`` warning of ``validate``
and ``kitgen list --readability``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen import doctree as d
from kitgen.cli import main
from kitgen.handout_text import student_sentences
from kitgen.readability import (
    _cmudict_lines,
    _from_cmudict,
    _lowered_words,
    score,
    sentences_of,
    syllables,
    words_of,
)
from kitgen.reading_level import band_for, readings
from kitgen.validate import validate_paths

REPO = Path(__file__).parent.parent

EASY = (
    "My friend has a dog. The dog is big and brown. It likes to run in the park. "
    "My friend throws a ball and the dog runs after it. Then it brings the ball back. "
    "We all laugh and give the dog a hug. We play until the sun goes down. "
    "At home, the dog drinks some water and sleeps on the floor. My friend reads a book next to it. "
) * 3
HARD = (
    "Comprehensive institutional accountability mechanisms necessitate interdisciplinary "
    "collaboration among educational administrators, psychological professionals and "
    "community organizations, particularly regarding the identification of exploitative "
    "circumstances affecting economically disadvantaged adolescents. "
    "Contemporary sociological investigations demonstrate that commercial exploitation frequently "
    "originates within preexisting interpersonal relationships characterized by progressive "
    "manipulation, psychological dependency and deliberately cultivated isolation from protective "
    "influences. "
    "Consequently, preventative educational interventions emphasizing recognition of coercive "
    "behavioral patterns, institutional reporting obligations and confidential assistance "
    "resources constitute essential components of responsible secondary curricula. "
    "Additionally, implementation fidelity requires systematic professional development, "
    "continuous evaluation of instructional effectiveness and transparent communication with "
    "families regarding curricular objectives and participation alternatives. "
    "Furthermore, administrators should establish unambiguous protocols delineating responsibilities "
    "of mandated reporters, documentation procedures and coordination with child protective "
    "services, thereby guaranteeing appropriate responses to disclosures. "
    "Ultimately, organizational commitment determines whether educational initiatives generate "
    "sustainable improvements in adolescent wellbeing and community resilience. "
    "Nevertheless, considerable methodological limitations characterize existing evaluations, "
    "including insufficient longitudinal observation, inconsistent operational definitions and "
    "unrepresentative participant populations, complicating generalizations regarding effectiveness. "
)
SHORT_HARD = "A short one. " + HARD.split(". ")[0] + "."


def test_an_easy_text_is_under_the_lowest_band() -> None:
    found = score(sentences_of(EASY))
    assert found is not None and found.grade is not None and found.dale_chall is not None
    assert found.words >= 150
    assert found.grade < 3 < band_for([7, 8]).limit
    assert found.dale_chall < 6
    assert found.difficult_share == 0  # "runs", "brings", "goes": forms of listed words are familiar


def test_a_hard_text_is_over_and_its_hardest_sentences_are_the_longest_in_long_words() -> None:
    found = score(sentences_of(HARD))
    assert found is not None and found.grade is not None
    assert found.grade > band_for([11, 12]).limit
    assert len(found.hardest) == 3
    assert found.hardest[0].startswith("Comprehensive institutional accountability")
    assert all(sentence in HARD for sentence in found.hardest)


def test_texts_under_150_words_are_not_scored() -> None:
    assert score(sentences_of(SHORT_HARD)) is None
    assert score(sentences_of(EASY)[:12]) is None  # 90 words
    assert score(sentences_of(EASY)) is not None


def test_vocabulary_terms_count_as_familiar_words_for_dale_chall() -> None:
    plain = score(sentences_of(HARD))
    terms = [
        "exploitation",
        "manipulation",
        "mandated reporter",
        "institutional accountability",
        "adolescent",
    ]
    familiar = score(sentences_of(HARD), familiar=terms)
    assert plain is not None and familiar is not None
    assert plain.dale_chall is not None and familiar.dale_chall is not None
    assert plain.difficult_share is not None and familiar.difficult_share is not None
    assert familiar.difficult_share < plain.difficult_share
    assert familiar.dale_chall < plain.dale_chall
    assert familiar.grade == plain.grade  # Flesch–Kincaid counts syllables, not familiarity


def test_list_items_count_as_sentences() -> None:
    items = ("Offering someone a real job with fair pay", "True", "False")
    doc = d.Document(
        d.Meta("t", "en", "student", "", "", "2025-01-01"),
        (
            d.Heading(1, (d.Text("Lesson 1: Title"),)),
            d.Paragraph((d.Text("Unit · Grades 7–8 · Student handout"),), style="lead"),
            d.Heading(2, (d.Text("What we will do today"),)),
            d.Paragraph((d.Text("We talk. We listen"),)),
            d.BulletList(tuple(d.ListItem((d.Text(text),)) for text in items)),
        ),
    )
    assert student_sentences(doc) == [
        "We talk.",
        "We listen.",
        "Offering someone a real job with fair pay.",
        "True.",
        "False.",
    ]
    text = ["The dog runs in the park and plays with a ball.", *[f"Item {n}" for n in range(80)]]
    found = score([s for line in text for s in sentences_of(line)])
    assert found is not None and found.sentences == 81


@pytest.mark.parametrize(
    "sentences",
    [
        ["Don’t stop—now.", "A well-paid job.", "", "—", "ΟΔΟΣ ΚΑΙ ΣΑΣ."],
        ["İstanbul is far.", "Straße."],  # 'İ' lowers to two characters: each sentence alone
        ["one\ntwo three.", "four."],  # a sentence holding the separator: each alone
        ["snake_case words.", "a_b’c d_’e."],  # '_' separates words, as in words_of
    ],
)
def test_words_of_a_whole_handout_are_those_of_each_sentence(sentences: list[str]) -> None:
    one_by_one = [(s, [w.lower() for w in words]) for s in sentences if (words := words_of(s))]
    assert _lowered_words(sentences) == one_by_one


def test_spanish_is_scored_with_fernandez_huerta() -> None:
    easy = "El perro es grande. Corre en el parque con Ana. Ana tira la pelota y el perro la trae. " * 10
    hard = (
        "La implementación institucional de procedimientos interdisciplinarios "
        "necesariamente requiere coordinación administrativa extraordinariamente "
        "comprometida con la identificación temprana de situaciones de explotación. "
    ) * 8
    easy_score, hard_score = score(sentences_of(easy), lang="es"), score(sentences_of(hard), lang="es_MX")
    assert easy_score is not None and hard_score is not None
    assert easy_score.ease is not None and hard_score.ease is not None
    assert easy_score.grade is None and easy_score.dale_chall is None
    assert easy_score.ease > 90 > 40 > hard_score.ease
    from textstat.textstat import textstatistics

    reference = textstatistics()
    reference.set_lang("es")
    assert hard_score.ease == pytest.approx(reference.fernandez_huerta(hard), abs=0.5)
    with pytest.raises(ValueError, match="'fr'"):
        score(sentences_of(easy), lang="fr")


@pytest.mark.slow  # textstat reads its whole pronunciation dictionary
def test_syllables_are_textstats_for_dictionary_words() -> None:
    textstat = pytest.importorskip("textstat")
    for word in ("trafficking", "every", "coercion", "the", "hotline", "counselor", "don't", "business"):
        assert syllables(word) == textstat.syllable_count(word), word
    assert syllables("sextortion") == 3  # not in the dictionary: vowel groups


@pytest.mark.slow  # looks up all 126,000 words
def test_every_dictionary_word_is_found_by_the_binary_search() -> None:
    """The dictionary is only nearly sorted: each word's first pronunciation must still be found."""
    first: dict[str, int] = {}
    for line in _cmudict_lines():
        word, _, phones = line.decode().partition(" ")
        if word and not word.endswith(")") and word not in first:
            first[word] = sum(phone[-1].isdigit() for phone in phones.split())
    assert len(first) > 100_000
    assert _from_cmudict(first) == first


def test_validate_warns_at_the_field_of_the_hardest_sentence(
    minimal: Path, edit: Callable[[str, str, str], None]
) -> None:
    edit("01-test-lesson.yaml", "student_summary: Today we learn.", f"student_summary: {HARD}")
    result = validate_paths([minimal])
    found = [p for p in result.diagnostics if p.code == "reading-level"]
    assert len(found) == 1
    warning = found[0]
    assert warning.severity == "warning"
    assert warning.file == "lessons/01-test-lesson.yaml"
    line = next(
        n
        for n, text in enumerate((minimal / "01-test-lesson.yaml").read_text().splitlines(), 1)
        if text.startswith("student_summary:")
    )
    assert (warning.line, warning.col) == (line, len("student_summary: ") + 1)
    grade = float(re.search(r"grade (\d+\.\d)", warning.message).group(1))  # type: ignore[union-attr]
    assert grade > 10.3
    assert "10.3 for grades 6–8" in warning.message
    assert "“Comprehensive institutional accountability mechanisms" in warning.message
    assert warning.message.count("“") == 3


def test_list_readability_marks_a_handout_over_its_band(
    minimal: Path, edit: Callable[[str, str, str], None]
) -> None:
    edit("01-test-lesson.yaml", "student_summary: Today we learn.", f"student_summary: {HARD}")
    out = CliRunner().invoke(main, ["list", "--readability", str(minimal)])
    assert out.exit_code == 0, out.output
    _, lesson, band, _, grade, dale_chall, limit, result = out.output.splitlines()[1].split()
    assert (lesson, band, limit, result) == ("test-lesson", "6–8", "10.3", "over")
    assert float(grade) > 10.3 and float(dale_chall) > 9


def test_a_short_handout_is_not_scored(minimal: Path) -> None:
    result = validate_paths([minimal])
    assert not [p for p in result.diagnostics if p.code == "reading-level"]
    out = CliRunner().invoke(main, ["list", "--readability", str(minimal)])
    assert out.exit_code == 0, out.output
    assert "not scored: under 150 words" in out.output


def test_a_lesson_spanning_bands_is_held_to_the_lowest() -> None:
    assert band_for([7, 8]).name == "6–8"
    assert band_for([8, 9]).limit == 10.3
    assert band_for([10, 11]).limit == 12.1
    assert band_for([11, 12]).limit == 14.2


def test_list_readability_on_the_shipped_lessons(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = CliRunner().invoke(main, ["list", "--readability"])
    assert out.exit_code == 0, out.output
    rows, spanish = out.output.split("\n\n")
    rows = rows.splitlines()
    assert rows[0].split() == ["#", "lesson", "band", "words", "FK", "grade", "Dale–Chall", "limit", "result"]
    shipped = sorted((REPO / "lessons").glob("0*.yaml"))
    scored = readings(validate_paths([REPO / "lessons"]).curricula[0])
    assert len(rows) == 1 + len(shipped) == 1 + len(scored)
    for row, path, reading in zip(rows[1:], shipped, scored, strict=True):
        _, lesson, band, words, grade, dale_chall, limit, result = row.split()
        assert path.stem.endswith(lesson) and lesson == reading.lesson.model.id
        assert reading.score is not None and reading.score.grade is not None
        assert int(words) == reading.score.words >= 150
        assert float(grade) == round(reading.score.grade, 1)
        assert float(dale_chall) == round(reading.score.dale_chall or 0, 1)
        assert 0 < float(grade) <= float(limit) == band_for_limit(band)
        assert result == "ok"
    # The kits are built in Spanish too: their handouts are scored with Fernández-Huerta.
    header, *es_rows = spanish.strip().splitlines()
    assert header.split()[:5] == ["#", "lesson", "lang", "words", "Fernández-Huerta"]
    assert len(es_rows) == len(shipped)
    for row, english, reading in zip(es_rows, rows[1:], scored, strict=True):
        _, lesson, lang, words, ease, *label = row.split()
        assert (lesson, lang) == (reading.lesson.model.id, "es")
        assert int(words) != int(english.split()[3])  # the Spanish text, not the English again
        assert 60 <= float(ease) <= 100 and " ".join(label) in {"very easy", "easy", "fairly easy", "normal"}


def band_for_limit(band: str) -> float:
    return {"6–8": 10.3, "9–10": 12.1, "11–12": 14.2}[band]

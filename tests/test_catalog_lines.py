"""A catalog's incomplete line is found by one search over its text as line by line: the same
first line and message for the shipped catalogs with random characters changed, taken out or
put in (quotes, backslashes, comment marks, spaces of every kind)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kitgen.i18n.catalogs import _each_line, unclosed_line

TRANSLATIONS = Path(__file__).resolve().parents[1] / "lessons" / "translations"
CATALOGS = sorted([*TRANSLATIONS.glob("*/*.po"), *TRANSLATIONS.glob("templates/*.pot")])
PIECES = ['"', "\\", "#", "#~", "~", " ", "\t", "\xa0", "\u3000", "msgid", "msgstr[0]", "x", "\n", ""]


def damaged(text: str, chance: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(chance.randint(1, 3)):
        at = chance.randrange(len(lines))
        line = lines[at]
        cut = chance.randint(0, len(line))
        lines[at] = line[:cut] + chance.choice(PIECES) + line[cut + chance.randint(0, 2) :]
    return "\n".join(lines)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_one_search_finds_the_line_a_line_by_line_reading_finds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unclosed_line(text) is None is _each_line(text)
    chance = random.Random(path.name)
    found = 0
    for _ in range(15):
        changed = damaged(text, chance)
        assert unclosed_line(changed) == _each_line(changed), changed
        found += _each_line(changed) is not None
    assert found  # the damage was seen

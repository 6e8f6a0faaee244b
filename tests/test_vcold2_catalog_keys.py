"""``catalog_keys`` answers what Babel's whole parse answers: the same entries for every shipped
catalog and template, and for each kind of entry or line it hands to Babel, or reads itself,
the same entries or the same located problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitgen.i18n.catalog_keys import Keys, catalog_keys
from kitgen.i18n.catalogs import PoProblem, parse_catalog

REPO = Path(__file__).parent.parent
CATALOGS = sorted((REPO / "lessons" / "translations").glob("*/*.po*"))
UNIT_PO = REPO / "lessons" / "translations" / "es" / "unit.po"


def _babel(raw: bytes, locale: str | None) -> tuple[Keys | None, PoProblem | None]:
    """The keys of the Catalog Babel builds, as Catalog.get looks them up."""
    catalog, problem = parse_catalog(raw, locale)
    if catalog is None:
        return None, problem
    ids = ((m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id)
    return tuple(i if context is None else (i, context) for i, context in ids), None


def _locale(path: Path) -> str | None:
    return None if path.suffix == ".pot" else path.parent.name


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_catalog_holds_what_babel_reads(path: Path) -> None:
    raw = path.read_bytes()
    keys, problem = catalog_keys(raw, _locale(path))
    assert problem is None and keys is not None and len(keys) > 50
    assert any(isinstance(key, tuple) for key in keys)  # entries with a msgctxt
    assert (keys, problem) == _babel(raw, _locale(path))


HEADER_END = '"Generated-By: Babel 2.19.0\\n"\n'
ENTRY = (
    '\n#: unit.yaml:3\nmsgctxt "title"\nmsgid "It Happens Here: human trafficking awareness and prevention"\n'
)

BAD_HEADER = ("Plural-Forms: nplurals=3;", "Plural-Forms: nplurals=x;")
CHANGES: dict[str, list[tuple[str, str]]] = {
    "an obsolete entry": [
        ("\n\n#: unit.yaml:3\n", '\n\n#~ msgid "Gone"\n#~ msgstr "Ido"\n\n#: unit.yaml:3\n')
    ],
    "plural forms": [
        (
            "\n\n#: unit.yaml:3\n",
            '\n\nmsgid "one day"\nmsgid_plural "{n} days"\nmsgstr[0] "un día"\nmsgstr[1] "{n} días"\n'
            'msgstr[2] "{n} días"\n\n#: unit.yaml:3\n',
        )
    ],
    "an entry without msgstr": [("\n\n#: unit.yaml:4\n", '\n\nmsgid "Alone"\n\n#: unit.yaml:4\n')],
    "the same entry twice": [("\n\n#: unit.yaml:4\n", ENTRY + 'msgstr "Otra vez"\n\n#: unit.yaml:4\n')],
    "an empty context": [
        ("\n\n#: unit.yaml:4\n", '\n\nmsgctxt ""\nmsgid "Bare"\nmsgstr "Sola"\n\n#: unit.yaml:4\n')
    ],
    "escapes": [
        (
            "\n\n#: unit.yaml:4\n",
            '\n\nmsgid "Say \\"no\\"\\n\\tnow"\nmsgstr "Di \\"no\\""\n\n#: unit.yaml:4\n',
        )
    ],
    "a continued context and msgid": [
        (
            'msgctxt "title"\nmsgid "It Happens Here: human trafficking awareness and prevention"\n',
            'msgctxt "ti"\n"tle"\nmsgid ""\n"It Happens Here: human trafficking awareness and prevention"\n',
        )
    ],
    "a second header": [("\n\n#: unit.yaml:4\n", '\n\nmsgid ""\nmsgstr "X-Other: 1\\n"\n\n#: unit.yaml:4\n')],
    "an unbalanced location in the header's part": [("\n\n#: unit.yaml:3\n", "\n\n#: \u2068unit.yaml:3\n")],
    "an unbalanced location later": [("\n\n#: unit.yaml:4\n", "\n\n#: \u2068unit.yaml:4\n")],
    "a conflict marker": [("\n\n#: unit.yaml:4\n", "\n\n#-#-#-#-# other #-#-#-#-#\n#: unit.yaml:4\n")],
    "a string after a comment": [("\n\n#: unit.yaml:4\n", '\n\n#: unit.yaml:4\n"stray"\n')],
    "a tab after the keyword": [('msgctxt "title"\n', 'msgctxt\t"title"\n')],
    "no space after the keyword": [('msgctxt "title"\n', 'msgctxt"title"\n')],
    "a bad header before a comment": [BAD_HEADER],
    "a bad header before a keyword": [BAD_HEADER, (HEADER_END + "\n#: unit.yaml:3\n", HEADER_END + "\n")],
    "no header": [('msgid ""\nmsgstr ""\n', "")],
    "a header after an entry": [
        (
            "# Spanish translation of the unit",
            '#: unit.yaml:1\nmsgid "First"\nmsgstr "Primero"\n\n# Spanish translation of the unit',
        )
    ],
    "an unclosed string": [('msgctxt "title"\n', 'msgctxt "title\n')],
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_each_kind_of_entry_or_line_reads_as_babel_reads_it(change: str) -> None:
    text = UNIT_PO.read_text(encoding="utf-8")
    for old, new in CHANGES[change]:
        assert old in text
        text = text.replace(old, new, 1)
    raw = text.encode()
    assert catalog_keys(raw, "es") == _babel(raw, "es")


def test_only_a_header_and_an_empty_file_read_as_babel_reads_them() -> None:
    text = UNIT_PO.read_text(encoding="utf-8")
    header = text[: text.index(HEADER_END) + len(HEADER_END)].encode()
    for raw in (header, b"", b"\n\n# a comment\n", "caf\xe9".encode("latin-1")):
        assert catalog_keys(raw, "es") == _babel(raw, "es")
    assert catalog_keys(header, "es") == ((), None)

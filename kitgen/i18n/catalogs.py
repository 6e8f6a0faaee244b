"""Where the catalogs live and how they are read and written.

Layout, beside the curriculum (``lessons/`` for the shipped unit)::

    translations/templates/unit.pot            the English template of the unit's strings
    translations/templates/<lesson-id>.pot     one template per lesson
    translations/<language>/unit.po            one catalog per language and document
    translations/<language>/<lesson-id>.po

One catalog per document keeps each file small enough for one translator and lets Weblate or
Poedit treat each as a component. A translation is *reviewed* when its header names the reviewer
and the date: ``X-Reviewed-By: Name <email>`` and ``X-Reviewed-Date: YYYY-MM-DD``. Babel's own
Catalog drops header fields it does not know, so ``ReviewedCatalog`` keeps them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, unescape, write_po

from .layout import TEMPLATES as TEMPLATES
from .layout import TRANSLATIONS as TRANSLATIONS
from .layout import UNIT_DOCUMENT as UNIT_DOCUMENT
from .layout import catalog_path as catalog_path
from .layout import languages as languages
from .layout import template_path as template_path
from .layout import translations_dir as translations_dir

PO_LINE = re.compile(r'(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)?\s*"(\\.|[^"\\])*"')
"""A line of an entry: a keyword and a quoted string, or a continuation string."""
REVIEWED_BY = "X-Reviewed-By"
REVIEWED_DATE = "X-Reviewed-Date"
BABEL_HEADERS = frozenset(
    {
        "project-id-version",
        "report-msgid-bugs-to",
        "pot-creation-date",
        "po-revision-date",
        "last-translator",
        "language",
        "language-team",
        "plural-forms",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "generated-by",
    }
)
"""The header fields Babel's Catalog reads and writes itself."""


class ReviewedCatalog(Catalog):
    """A Babel catalog that keeps the header fields Babel does not know through reading and
    writing: the reviewer fields, and those a translator's tool adds (``X-Generator``, Poedit's)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.extra_headers: dict[str, str] = {}
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def reviewed_by(self) -> str:
        return self.extra_headers.get(REVIEWED_BY, "")

    @property
    def reviewed_date(self) -> str:
        return self.extra_headers.get(REVIEWED_DATE, "")

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        extra = dict(self.extra_headers)
        if self.locale is not None:  # a catalog, not a template: say where the review goes
            extra = {REVIEWED_BY: self.reviewed_by, REVIEWED_DATE: self.reviewed_date, **extra}
        return [*headers[:-1], *extra.items(), headers[-1]]

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        super()._set_mime_headers(headers)
        for name, value in headers:
            if name.lower() not in BABEL_HEADERS:
                canonical = {REVIEWED_BY.lower(): REVIEWED_BY, REVIEWED_DATE.lower(): REVIEWED_DATE}
                self.extra_headers[canonical.get(name.lower(), name)] = value.strip()

    @property
    def reviewed(self) -> bool:
        """Reviewed by a named person on a real date (YYYY-MM-DD)."""
        try:
            date.fromisoformat(self.reviewed_date)
        except ValueError:
            return False
        return bool(self.reviewed_by)


class _Parser(PoFileParser):
    """Babel's .po parser, keeping each entry's previous English (``#| msgid``).

    Babel reads those lines as translator comments and so would lose them on the next update;
    the translator needs them to see what changed in a fuzzy entry.
    """

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self.previous: list[str] = []
        self.previous_part = ""

    def _process_comment(self, line: str) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        self._finish_current_message()
        keyword, _, rest = line[2:].strip().partition(" ")
        if keyword.startswith('"'):  # a continuation line: '#| "more text"'
            rest, keyword = line[2:].strip(), self.previous_part
        self.previous_part = keyword
        if keyword == "msgid":
            self.previous.append(unescape(rest))

    def _add_message(self) -> None:
        previous, key = "".join(self.previous), self.messages[0].denormalize()
        context = self.context.denormalize() if self.context else None
        obsolete = self.obsolete
        super()._add_message()
        message = None if obsolete else self.catalog.get(key, context=context)
        if previous and message is not None:
            message.previous_id = [previous]


@dataclass(frozen=True)
class PoProblem:
    """Why a catalog file could not be read, and at which line (0 for the whole file)."""

    line: int
    message: str


def read_catalog(path: Path, locale: str | None = None) -> tuple[ReviewedCatalog | None, PoProblem | None]:
    """Read a .po or .pot file strictly: a syntax error is a located problem, not a guess."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, PoProblem(0, f"cannot read the catalog: {exc.strerror}")
    return parse_catalog(raw, locale)


def parse_catalog(raw: bytes, locale: str | None = None) -> tuple[ReviewedCatalog | None, PoProblem | None]:
    """``read_catalog`` of a file's bytes (read as a text file reads them: any line ending is a
    newline), for a caller that keys what it finds by those bytes."""
    text, problem = decoded(raw)
    if text is None:
        return None, problem
    catalog = ReviewedCatalog(locale=locale)
    problem = unclosed_line(text) or babel_parse(catalog, text)
    return (None, problem) if problem is not None else (catalog, None)


def decoded(raw: bytes) -> tuple[str | None, PoProblem | None]:
    """A catalog's text, as a text file reads it (any line ending is a newline), or why not."""
    try:
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"), None
    except UnicodeDecodeError:
        return None, PoProblem(0, "the catalog is not UTF-8 text")


def babel_parse(catalog: ReviewedCatalog, text: str) -> PoProblem | None:
    """Babel's parser reads ``text`` into ``catalog``, strictly: a syntax error is a located
    problem, not a guess."""
    try:
        _Parser(catalog, ignore_obsolete=False, abort_invalid=True).parse(io.StringIO(text))
    except PoFileError as exc:
        return PoProblem(exc.lineno, f"{str(exc).rsplit(' on ', 1)[0]}: {exc.line.strip()!r}")
    except ValueError as exc:  # e.g. a malformed Plural-Forms or Language header
        return PoProblem(0, f"the catalog header is invalid: {exc}")
    return None


_UNCHANGED: dict[
    tuple[Path, str | None], tuple[tuple[int, int], tuple[ReviewedCatalog | None, PoProblem | None]]
] = {}


def read_catalog_unchanged(
    path: Path, locale: str | None = None
) -> tuple[ReviewedCatalog | None, PoProblem | None]:
    """``read_catalog``, kept while the file keeps its size and modification time, for readers
    that never change the catalog: validate's catalog checks and every kit's translation then
    parse each file once per run (and ``kitgen serve`` once per save)."""
    try:
        stat = path.stat()
    except OSError:
        return read_catalog(path, locale)
    version = (stat.st_mtime_ns, stat.st_size)
    kept = _UNCHANGED.get((path.resolve(), locale))
    if kept is not None and kept[0] == version:
        return kept[1]
    read = read_catalog(path, locale)
    _UNCHANGED[path.resolve(), locale] = (version, read)
    return read


BAD_LINE = re.compile(
    r"^(?!#(?!~)|(?:#~)?[^\S\n]*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?[^\S\n]*"
    r'"(?:\\[^\n]|[^"\\\n])*")?[^\S\n]*$).*$',
    re.MULTILINE,
)
"""A line ``unclosed_line`` finds fault with, in a text whose only line break is a newline:
neither a comment nor, once '#~' and the spaces around it are taken off, empty or ``PO_LINE``."""
LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""What ``str.splitlines`` also ends a line at."""


def unclosed_line(text: str) -> PoProblem | None:
    """The first entry line that is not a keyword and a closed string (Babel reads those silently).
    One search over the text when newlines alone end its lines (a catalog's thousand lines,
    matched one at a time, were a third of reading it without Babel); else line by line."""
    if not any(mark in text for mark in LINE_BREAKS):  # one search each: isdisjoint hashes every character
        found = BAD_LINE.search(text)
        if found is None:
            return None
        number = text.count("\n", 0, found.start()) + 1
        return PoProblem(number, f"not a complete .po line (a quote missing?): {found.group().strip()!r}")
    return _each_line(text)


def _each_line(text: str) -> PoProblem | None:
    """``unclosed_line``, one line at a time."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#") and not line.startswith("#~"):
            continue  # a comment, flag, reference or previous msgid
        entry_line = line.removeprefix("#~").strip()
        if entry_line and not PO_LINE.fullmatch(entry_line):
            return PoProblem(number, f"not a complete .po line (a quote missing?): {line.strip()!r}")
    return None


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write a catalog in the model's order, keeping the previous English of fuzzy entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_previous=True)
    path.write_bytes(buffer.getvalue())


def edition_datetime(edition: str) -> datetime:
    """The unit's edition as the catalogs' creation date, so extracting twice writes the same bytes."""
    return datetime.fromisoformat(edition).replace(tzinfo=UTC)


def comment(text: str) -> str:
    """``text`` as a .po header comment."""
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())

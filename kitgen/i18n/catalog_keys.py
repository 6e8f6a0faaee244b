"""Which entries a catalog holds, as ``kitgen validate``'s catalog checks need to know, read
without building Babel's whole Catalog.

The checks need whether a .po file reads (else the problem ``catalogs.parse_catalog`` states)
and the key (msgid, and msgctxt when given) of each entry: Babel builds a Message for every
entry (flags, locations, a search for Python format strings in its text), which was most of
reading a catalog. Here Babel parses only the header entry, and the entries after it are
followed line by line as Babel's parser (``babel.messages.pofile.PoFileParser``) follows them:
comments, msgctxt, msgid, msgstr and their continuation lines. A file with anything else
(plural forms, obsolete '#~' entries, an entry without msgstr, a location comment or a line
Babel refuses, a header not first) is parsed by Babel whole, so the answer is always Babel's.
"""

from __future__ import annotations

from babel.messages.pofile import _extract_locations, unescape

from .catalogs import PoProblem, ReviewedCatalog, babel_parse, decoded, unclosed_line

Key = str | tuple[str, str]
"""An entry's key as Babel's Catalog keys it: its msgid, or (msgid, msgctxt)."""
Keys = tuple[Key, ...]


class _ToBabel(Exception):
    """Internal: the file holds something only Babel's parser reads as Babel does."""


def catalog_keys(raw: bytes, locale: str | None = None) -> tuple[Keys | None, PoProblem | None]:
    """The keys of the entries of a .po or .pot file's bytes in file order (each once, as a
    Catalog holds them, the header left out), or None and the problem ``parse_catalog`` finds."""
    text, problem = decoded(raw)
    if text is None:
        return None, problem
    catalog = ReviewedCatalog(locale=locale)
    problem = unclosed_line(text)
    if problem is not None:
        return None, problem
    lines = text.split("\n")
    try:
        end, rest = _header_end(lines)
    except _ToBabel:
        return _babel_keys(catalog, text)
    problem = babel_parse(catalog, "\n".join(lines[:end]))
    if problem is not None:
        return None, problem
    try:
        return _Entries().read(lines[rest:]), None
    except _ToBabel:
        return _babel_keys(ReviewedCatalog(locale=locale), text)


def _babel_keys(catalog: ReviewedCatalog, text: str) -> tuple[Keys | None, PoProblem | None]:
    problem = babel_parse(catalog, text)
    if problem is not None:
        return None, problem
    return tuple(_key(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id), None


def _key(msgid: str, context: str | None) -> Key:
    return msgid if context is None else (msgid, context)


def _header_end(lines: list[str]) -> tuple[int, int]:
    """Where the header entry's part for Babel ends and the entries after it begin: comments,
    ``msgid ""``, ``msgstr ""`` and its continuation lines, then the line that makes Babel
    finish the header: a comment is Babel's part (an invalid header is then said at that
    comment's line), a keyword the rest's (the header is finished at the part's end, as there)."""
    at, stage = 0, "comments"
    for at, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if stage == "comments" and line.startswith("#") and line[1:2] not in ("~", "-"):
            continue
        if stage == "comments" and line == 'msgid ""':
            stage = "msgid"
        elif stage == "msgid" and line == 'msgstr ""':
            stage = "msgstr"
        elif stage == "msgstr" and line.startswith('"'):
            continue
        elif stage == "msgstr" and line.startswith("#") and line[1:2] not in ("~", "-"):
            return at + 1, at + 1
        elif stage == "msgstr" and line.startswith(("msgctxt ", "msgid ")):
            return at, at
        else:
            raise _ToBabel
    if stage != "msgstr":
        raise _ToBabel
    return len(lines), len(lines)


class _Entries:
    """The entries after the header, read with the state Babel's parser keeps (its flags, and
    whether an msgid, msgctxt and msgstr were given) for the lines it reads without a Message."""

    def __init__(self) -> None:
        self.keys: dict[Key, None] = {}
        self._reset()

    def _reset(self) -> None:
        self.msgid: list[str] | None = None
        self.context: list[str] | None = None
        self.translated = False
        self.in_msgid = self.in_msgstr = self.in_msgctxt = False

    def read(self, lines: list[str]) -> Keys:
        for line in lines:
            line = line.strip()
            if not line:
                continue
            if line[0] == "#":
                if line[1:2] in ("~", "-"):
                    raise _ToBabel
                self._finish()
                if line[1:2] == ":":
                    try:
                        _extract_locations(line[2:])
                    except ValueError:
                        raise _ToBabel from None
            elif line[0] == '"':
                self._continued(line)
            else:
                self._keyword(line)
        self._finish()
        return tuple(self.keys)

    def _continued(self, line: str) -> None:
        if self.in_msgid and self.msgid is not None:
            self.msgid.append(line)
        elif self.in_msgstr:
            pass
        elif self.in_msgctxt and self.context is not None:
            self.context.append(line)
        else:
            raise _ToBabel

    def _keyword(self, line: str) -> None:
        keyword, _, arg = line.partition(" ")
        if keyword in ("msgid", "msgctxt"):
            self._finish()
        if keyword == "msgid":
            self.in_msgctxt, self.in_msgid = False, True
            self.msgid = [arg.strip()]
        elif keyword == "msgctxt":
            self.in_msgctxt = True
            self.context = [arg.strip()]
        elif keyword == "msgstr":
            self.in_msgid, self.in_msgstr = False, True
            self.translated = True
        else:
            raise _ToBabel  # msgid_plural, msgstr[n]: plural forms

    def _finish(self) -> None:
        """Babel's ``_finish_current_message``: an entry given its msgid is added, and the state
        is reset only then."""
        if self.msgid is None:
            return
        if not self.translated:
            raise _ToBabel
        msgid = "".join(map(unescape, self.msgid))
        if not msgid:
            raise _ToBabel  # a second header
        context = "".join(map(unescape, self.context)) if self.context else None
        self.keys.setdefault(_key(msgid, context))
        self._reset()

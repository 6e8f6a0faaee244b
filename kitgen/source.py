"""Safe YAML loading that remembers where every value came from.

PyYAML's node graph carries line and column marks; we build plain Python values from it
ourselves, so we can keep a map from each value's path to its place in the file and refuse what
a curriculum file never needs: Python tags, duplicate keys, runaway alias expansion, huge,
binary or non-UTF-8 files. Every refusal is a located Diagnostic, never an exception.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import re
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, error
from .yaml_errors import HIDES_REST, explain

MAX_BYTES = 512 * 1024
"""A lesson is a few kilobytes; anything this big is a mistake or an attack."""
MAX_NODES = 50_000
"""Values built per file, counting each alias expansion again: stops 'billion laughs' early."""
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]
YAML = "tag:yaml.org,2002:"
PLAIN_TAGS = {f"{YAML}{t}" for t in ("str", "int", "float", "bool", "null")}
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML, and so every mark, counts as the end of a line (str.splitlines counts more)."""
SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Mark:
    line: int
    col: int


@dataclass
class SourceFile:
    """A loaded YAML file: its data and where each key and value stood."""

    path: Path
    display: str
    data: dict[str, Any]
    raw_keys: dict[Path_, int] = field(default_factory=dict, repr=False, compare=False)
    raw_values: dict[Path_, int] = field(default_factory=dict, repr=False, compare=False)
    """Where each key and value starts, 0-based, packed in an int (``line << COLUMN_BITS |
    column``): made into ``Mark`` only when asked for, as a file has hundreds of values and a
    check asks for a few, and quick to keep in the validation cache."""
    digest: str = field(default="", repr=False, compare=False)
    """sha256 of the file's bytes: what the validation cache keys its results by."""
    packed_marks: bytes | None = field(default=None, repr=False, compare=False)
    """The marks as ``pack_marks`` wrote them, unpacked on the first look-up: a file read back
    from the validation cache is rarely asked where a value stands."""

    def pack_marks(self) -> bytes:
        """The marks in a compact form (``marshal``) for ``packed_marks``."""
        self._unpack()
        return marshal.dumps((self.raw_keys, self.raw_values))

    def _unpack(self) -> None:
        if self.packed_marks is not None:
            self.raw_keys, self.raw_values = marshal.loads(self.packed_marks)
            self.packed_marks = None

    @functools.cached_property
    def strings(self) -> list[tuple[Path_, str]]:
        """Every text value with its path, in file order: collected once, as several checks read
        every text of a file (``load`` collects them as it builds the values)."""
        found: list[tuple[Path_, str]] = []
        _collect_strings(self.data, (), found)
        return found

    def key_mark(self, path: Path_) -> Mark:
        """Where the key of ``path`` stands, or its nearest located ancestor."""
        return self._nearest(path, prefer_keys=True)

    def value_mark(self, path: Path_) -> Mark:
        """Where the value at ``path`` starts, or its nearest located ancestor."""
        return self._nearest(path, prefer_keys=False)

    def _nearest(self, path: Path_, prefer_keys: bool) -> Mark:
        self._unpack()
        first, second = (self.raw_keys, self.raw_values) if prefer_keys else (self.raw_values, self.raw_keys)
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            found = first.get(prefix) or second.get(prefix)
            if found is not None:
                return _unpacked(found)
        return Mark(1, 1)


def _collect_strings(data: Any, path: Path_, found: list[tuple[Path_, str]]) -> None:
    if isinstance(data, str):
        found.append((path, data))
    elif isinstance(data, dict):
        for key, value in data.items():
            _collect_strings(value, (*path, key), found)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _collect_strings(value, (*path, index), found)


class _Refused(Exception):
    """Internal: stops building at the first refusal; turned into a Diagnostic by ``load``."""

    def __init__(self, node: Node | None, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.node, self.code, self.message, self.hint = node, code, message, hint


def _mark(node: Node) -> Mark:
    return _as_mark(node.start_mark)


COLUMN_BITS = 20
"""A packed mark is ``line << COLUMN_BITS | column``: a file of MAX_BYTES has fewer columns."""


def _as_mark(start: yaml.Mark) -> Mark:
    return Mark(start.line + 1, start.column + 1)


def _unpacked(packed: int) -> Mark:
    return Mark((packed >> COLUMN_BITS) + 1, (packed & ((1 << COLUMN_BITS) - 1)) + 1)


SEQ, MAP, STR, MERGE, TIMESTAMP = (f"{YAML}{t}" for t in ("seq", "map", "str", "merge", "timestamp"))


class _Builder:
    """Turns a composed node graph into dicts, lists and scalars, recording marks.

    Marks are kept packed in ints (see ``SourceFile.raw_keys``). Text and null values, most of a file, are
    taken straight from the node instead of through PyYAML's constructor."""

    def __init__(self, source: SourceFile, escapes: bool):
        self.source = source
        self.count = 0
        self.scalars = SafeConstructor()
        self.escapes = escapes
        """Whether the file has a backslash, the only way to write half a surrogate pair."""
        self.strings: list[tuple[Path_, str]] = []
        """Every text value built, with its path, in file order (``SourceFile.strings``)."""

    def build(self, node: Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(
                node,
                "alias-limit",
                f"the file expands to more than {MAX_NODES} values (aliases repeated inside aliases)",
                "write the values out instead of nesting anchors and aliases",
            )
        if depth > MAX_DEPTH:
            raise _Refused(node, "too-deep", f"values are nested more than {MAX_DEPTH} levels deep")
        values = self.source.raw_values
        if path not in values:
            mark = node.start_mark
            values[path] = mark.line << COLUMN_BITS | mark.column
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                raise _unsafe(node)
            return [self._text(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if self.escapes:
            _check_text(node)
        if node.tag == STR:
            self.strings.append((path, node.value))
            return node.value
        value = self._scalar(node)
        if isinstance(value, str):
            self.strings.append((path, value))
        return value

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        if node.tag != MAP:
            raise _unsafe(node)
        result: dict[str, Any] = {}
        keys = self.source.raw_keys
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                raise _Refused(
                    key_node,
                    "merge-key",
                    "merge keys ('<<') are not supported",
                    "write the fields out in full",
                )
            if not isinstance(key_node, ScalarNode) or key_node.tag not in PLAIN_TAGS:
                raise _Refused(key_node, "invalid-key", "a key must be a plain word, not a list or mapping")
            if self.escapes:
                _check_text(key_node)
            key = str(key_node.value)
            child = (*path, key)
            if key in result:
                first = _unpacked(keys[child])
                raise _Refused(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first defined at line {first.line})",
                    "keep one of the two; YAML would silently use only the last",
                )
            mark = key_node.start_mark
            keys[child] = mark.line << COLUMN_BITS | mark.column
            result[key] = self._text(value_node, child, depth + 1)
        return result

    def _text(self, node: Node, path: Path_, depth: int) -> Any:
        """``build``, with a plain text value (two thirds of a lesson's values) taken here rather
        than through ``build``'s checks, when no limit or escape is near: the same value and mark."""
        if (
            node.tag != STR
            or type(node) is not ScalarNode
            or self.escapes
            or depth > MAX_DEPTH
            or self.count >= MAX_NODES
        ):
            return self.build(node, path, depth)
        self.count += 1
        values = self.source.raw_values
        if path not in values:
            mark = node.start_mark
            values[path] = mark.line << COLUMN_BITS | mark.column
        self.strings.append((path, node.value))
        return node.value

    def _scalar(self, node: Node) -> Any:
        if node.tag == TIMESTAMP:
            return str(node.value)  # dates stay text: "2025-01-15" means what it says
        if node.tag not in PLAIN_TAGS:
            raise _unsafe(node)
        try:
            return self.scalars.construct_object(node, deep=True)
        except (ValueError, KeyError) as exc:  # '!!int x', '0x_', '!!bool maybe', a 5000-digit number
            text = str(node.value)
            raise _Refused(
                node,
                "invalid-value",
                f"'{text[:40]}{'…' if len(text) > 40 else ''}' cannot be read as {node.tag.replace(YAML, '!!')}",
                "fix the value, or put it in quotes to make it text",
            ) from exc


def _check_text(node: Node) -> None:
    """Refuse half a surrogate pair (from an escape like '\\ud800'): no character, and unprintable."""
    found = SURROGATE.search(node.value) if isinstance(node.value, str) else None
    if found:
        raise _Refused(
            node,
            "invalid-character",
            f"the text holds U+{ord(found.group()):04X}, half of a surrogate pair, which is not a character",
            "remove the '\\u' escape or write the character itself",
        )


def _unsafe(node: Node) -> _Refused:
    return _Refused(
        node,
        "unsafe-tag",
        f"the tag '{node.tag.replace(YAML, '!!')}' is not allowed",
        "curriculum files hold only text, numbers, true/false, lists and mappings; remove the '!' tag",
    )


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, counting line breaks as YAML does."""
    lines = LINE_BREAK.split(text[:offset])
    return len(lines), len(lines[-1]) + 1


def _resolve(loader: Any, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
    """PyYAML's tag resolution with the common cases first: a quoted value, or a plain one whose
    first character starts no pattern of another type (numbers, true, null, dates, '<<'), is
    text; a plain value that could be another type ('title', 'number', '12') is resolved once
    per run and remembered, as keys repeat in every file. libyaml calls this for every node, and
    leaving most of them to PyYAML's resolver took a fifth of reading a lesson."""
    if kind is ScalarNode:
        if not implicit[0] or (value and value[0] not in loader.yaml_implicit_resolvers):
            return STR
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = yaml.resolver.BaseResolver.resolve(loader, kind, value, implicit)
            if len(value) <= MAX_REMEMBERED:
                _PLAIN_TAGS[value] = tag
        return tag
    return MAP if kind is MappingNode else SEQ


_PLAIN_TAGS: dict[str, str] = {}
"""The tag of each short plain value resolved so far (the resolvers are fixed: SafeLoader's)."""
MAX_REMEMBERED = 40
"""Longer plain values are prose, rarely repeated: not worth remembering."""


def _fast_compose(text: str) -> list[Node] | None:
    """Compose with libyaml (about ten times faster than PyYAML's pure-Python parser), or None.

    None means libyaml is missing or refused the text; the pure-Python parser then runs and its
    marks and messages (the ones the tests pin down) explain the problem.
    """
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return None
    loader = loader_class(text)
    if None not in loader.yaml_implicit_resolvers and not loader.yaml_path_resolvers:
        loader.resolve = types.MethodType(_resolve, loader)  # no pattern for every value, none by path
        # With no path resolvers, PyYAML's descend and ascend hooks, called around every node,
        # do nothing: C callables that take the same arguments cost a tenth of reading a file less.
        loader.descend_resolver = {}.get  # (parent, index) -> index, ignored
        loader.ascend_resolver = tuple  # () -> (), ignored
    try:
        documents = []
        while loader.check_node():
            if (node := loader.get_node()) is not None:
                documents.append(node)
        return documents
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    finally:
        loader.dispose()


def _compose(text: str, display: str) -> tuple[list[Node], list[Diagnostic]]:
    """Compose with PyYAML's pure-Python parser, whose marks and messages explain a failure."""
    documents: list[Node] = []
    try:
        loader = yaml.SafeLoader(text)  # yaml.compose_all, unrolled so a failure can ask where it stopped
        try:
            while loader.check_node():
                if (node := loader.get_node()) is not None:
                    documents.append(node)
        except ValueError as exc:  # PyYAML lets a few through unmarked, e.g. the escape "\\U00110000"
            raise yaml.MarkedYAMLError(
                problem=f"invalid value ({exc})", problem_mark=loader.get_mark()
            ) from exc
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        said = explain(text, exc)
        return [], [error(display, said.line, said.col, "yaml-syntax", said.message, said.hint)]
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        message = f"character U+{exc.character:04X} is not allowed in YAML"
        return [], [error(display, line, col, "yaml-syntax", message, f"remove it. {HIDES_REST}")]
    except yaml.YAMLError as exc:
        return [], [error(display, 0, 0, "yaml-syntax", str(exc).strip() or "invalid YAML", HIDES_REST)]
    except RecursionError:
        return [], [error(display, 0, 0, "too-deep", f"values are nested more than {MAX_DEPTH} levels deep")]
    return documents, []


def _tab_indents(text: str, display: str) -> list[Diagnostic]:
    """Each line indented with a tab (a text without any tab, nearly every file, is not split)."""
    if "\t" not in text:
        return []
    return [
        error(
            display,
            number,
            indent.index("\t") + 1,
            "tab-indent",
            "a tab is used for indentation",
            f"YAML indents with spaces only; replace the tab with spaces. {HIDES_REST}",
        )
        for number, line_text in enumerate(LINE_BREAK.split(text), start=1)
        if "\t" in (indent := line_text[: len(line_text) - len(line_text.lstrip(" \t"))])
    ]


def load(path: Path, display: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Load one YAML file; on any problem return None and the located diagnostics."""
    raw, problems = read_bytes(path, display)
    return parse(raw, path, display) if raw is not None else (None, problems)


def read_bytes(path: Path, display: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A file's bytes, or None and why not (unreadable, or too large to be a curriculum file)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [
                error(
                    display,
                    0,
                    0,
                    "file-too-large",
                    f"the file is {size} bytes; the limit is {MAX_BYTES}",
                    "split it into smaller files",
                )
            ]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [error(display, 0, 0, "unreadable", f"cannot read the file: {exc.strerror}")]


def parse(raw: bytes, path: Path, display: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Load a YAML file's bytes; on any problem return None and the located diagnostics."""
    if b"\x00" in raw:
        return None, [error(display, 0, 0, "binary-file", "this is a binary file, not YAML text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig")  # valid up to the bad byte; columns count characters
        line, col = _line_col(before, len(before))
        return None, [
            error(
                display,
                line,
                col,
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8 (most editors: 'Save with encoding')",
            )
        ]
    tabs = _tab_indents(text, display)
    if tabs:
        return None, tabs
    source = SourceFile(path, display, {}, digest=hashlib.sha256(raw).hexdigest())
    documents = _fast_compose(text)
    if documents is None:
        documents, problems = _compose(text, display)
        if problems:
            return None, problems
    if not documents:
        return None, [
            error(display, 0, 0, "empty-file", "the file is empty", "see the README for a template")
        ]
    if len(documents) > 1:
        second = _mark(documents[1])
        return None, [
            error(
                display,
                second.line,
                second.col,
                "multiple-documents",
                "the file holds more than one YAML document",
                "keep one document per file; remove the '---' separator",
            )
        ]
    root = documents[0]
    if not isinstance(root, MappingNode):
        at = _mark(root)
        return None, [
            error(
                display,
                at.line,
                at.col,
                "not-mapping",
                "the top level must be a mapping of fields (key: value)",
            )
        ]
    try:
        builder = _Builder(source, "\\" in text)
        source.data = builder.build(root, ())
        source.__dict__["strings"] = builder.strings  # the cached property, already known
    except _Refused as refusal:
        at = _mark(refusal.node) if refusal.node is not None else Mark(0, 0)
        return None, [error(display, at.line, at.col, refusal.code, refusal.message, refusal.hint)]
    except RecursionError:
        return None, [
            error(display, 0, 0, "too-deep", f"values are nested more than {MAX_DEPTH} levels deep")
        ]
    return source, []

"""Property tests for the promise: whatever the bytes in a source file, validation never raises.

Every problem must come back as a ``Diagnostic`` whose file, code and place a user can act on:
a line and column inside the file (or 0:0 for a whole-file problem). What is tried:

* text: the shipped lessons, unit and profile (and the minimal fixture) with lines deleted,
  duplicated, re-indented or cut, and random or hostile bytes inserted; each hostile snippet
  is also tried on its own as a value;
* locations: a tab, control character or bad byte after every kind of YAML line break must be
  reported at its exact line and column;
* structure: the minimal fixture's data with keys dropped, renamed or given odd values, written
  back with ``yaml.safe_dump``; pydantic run directly on the same data is the oracle;
* the CLI, which must exit 0 or 1 and print, never crash.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, SequenceNode

from kitgen.cli import main
from kitgen.diagnostics import Diagnostic, Severity, render
from kitgen.loader import PROFILE_FILE, UNIT_FILE
from kitgen.model import Lesson, Profile, Unit
from kitgen.validate import Validation, validate_paths

REPO = Path(__file__).parent.parent
SHIPPED = REPO / "lessons"
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
KINDS: dict[str, type[Lesson] | type[Unit] | type[Profile]] = {UNIT_FILE: Unit, PROFILE_FILE: Profile}

TARGETS = [(SHIPPED, p.name) for p in sorted(SHIPPED.glob("*.yaml"))] + [
    (MINIMAL, p.name) for p in sorted(MINIMAL.glob("*.yaml"))
]
"""Every (folder, file) whose text the text mutations start from."""

LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
"""What PyYAML counts as a line break; its marks are the locations kitgen reports."""

CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SCHEMA_CODES = {"unknown-field", "missing-field", "wrong-type", "out-of-range", "invalid-value"}
"""Codes of pydantic's errors; any other code in a file that fails its schema is a loader refusal."""

HOSTILE = [
    b"\t", b"\x00", b"\xff", b"\xc3", b"\xe2\x82", b"\r", b"\r\n", b"\xc2\x85", "\u2028".encode(),
    b"\xef\xbb\xbf", b"\x0c", b"\x07", b"\x1b[31m",
    b"!!python/object/apply:os.system [ls]", b"!!python/name:os.system", b"!custom ", b"!!binary aGk=",
    b"!!set {a}", b"!!omap [a: 1]", b"!!int x", b"!!bool maybe", b"!!float x", b"!!str ", b"!!timestamp ",
    b"&a ", b"*a", b"*nope", b"<<: *a\n", b"<<: {x: 1}\n", b"? [a, b]\n: 1\n", b"? {a: 1}\n: 1\n",
    b"---\n", b"...\n", b"%YAML 1.1\n", b"%TAG ! tag:example.com,2000:\n",
    b"{", b"}", b"[", b"]", b'"', b"'", b"|", b">", b"- ", b": ", b"#", b"~", b"? ", b",",
    b"0x_", b"0b_", b"1" * 5000, b"-" + b"9" * 400, b"1e999", b".nan", b"2025-13-45", b"12:30:45",
    rb'"\ud800"', rb'"\udfff x"', rb'"\U00110000"', rb'"\0"', rb'"\x07"', rb'"\e"',
    b"[x](javascript:alert(1))", b"[x](http://[::1)", b"<script>", b"{{ 7*7 }}",
    b"src: ../../etc/passwd.png", rb'src: "a\0.png"', b"src: " + b"a" * 300 + b".png", b"src: C:\\x.png",
    b"[" * 300, b"- " * 100 + b"x", b"a: &a [*a]\n", b"a: &a {b: *a}\n",
]  # fmt: skip
"""Snippets that broke YAML loaders before, or that kitgen must refuse; random bytes join them."""


# --------------------------------------------------------------------------- the promise itself


def yaml_lines(path: Path) -> list[str]:
    """The file's lines as PyYAML counts them (invalid UTF-8 replaced, so locations before it stay)."""
    return LINE_BREAK.split(path.read_bytes().decode("utf-8-sig", errors="replace"))


def assert_promise(result: Validation, folder: Path) -> None:
    """Every diagnostic is well formed, prints as UTF-8 in every format, and points inside its file."""
    for fmt in ("text", "json", "github"):
        render(result.diagnostics, fmt, result.files).encode("utf-8")  # raises on lone surrogates
    for d in result.diagnostics:
        assert isinstance(d, Diagnostic) and isinstance(d.severity, Severity)
        assert CODE.match(d.code), d
        assert d.message.strip(), d
        assert d.file and Path(d.file).resolve().is_relative_to(folder.resolve()), d
        where = f"{d.file}:{d.line}:{d.col}" if d.line else d.file
        assert d.as_text().startswith(f"{where}: {d.severity.value}[{d.code}]: "), d
        if d.line == 0:
            assert d.col == 0, d
            continue
        lines = yaml_lines(Path(d.file))
        assert 1 <= d.line <= len(lines), (d, len(lines))
        assert 1 <= d.col <= len(lines[d.line - 1]) + 1, (d, lines[d.line - 1])


def errors_in(result: Validation, path: Path) -> list[Diagnostic]:
    return [
        d
        for d in result.diagnostics
        if d.severity is Severity.ERROR and Path(d.file).resolve() == path.resolve()
    ]


class _TextDates(yaml.SafeLoader):
    """The reference loader: plain PyYAML, except that dates stay text as they do in kitgen."""


class _FastTextDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml, which kitgen tries first (it accepts a little more, e.g. tabs before a value)."""


for _loader in (_TextDates, _FastTextDates):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def reference_accepts(path: Path) -> bool:
    """Whether plain UTF-8 decoding, PyYAML (libyaml, else pure Python) and pydantic accept the file on their own."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    for loader in (_FastTextDates, _TextDates):
        try:
            data = yaml.load(text, Loader=loader)
        except (yaml.YAMLError, ValueError, KeyError, RecursionError):
            continue
        try:
            KINDS.get(path.name, Lesson).model_validate(data)
        except (ValidationError, ValueError, KeyError, RecursionError):
            return False
        return True
    return False


@contextmanager
def curriculum(base: Path, names: list[str]) -> Iterator[Path]:
    """A throw-away copy of some files of a curriculum folder (hypothesis reuses no pytest tmp_path)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lessons"
        folder.mkdir()
        for name in names:
            shutil.copy(base / name, folder / name)
        yield folder


def folder_files(base: Path, name: str) -> list[str]:
    """The target file plus what makes a folder of it: the shipped unit and profile, and one lesson."""
    if base == MINIMAL:
        return sorted(p.name for p in MINIMAL.glob("*.yaml"))
    lesson = name if name not in KINDS else "01-myths-and-facts.yaml"
    return [UNIT_FILE, PROFILE_FILE, lesson]


# --------------------------------------------------------------------------- text mutations


@st.composite
def text_mutation(draw: st.DrawFn, raw: bytes) -> bytes:
    """Apply one random edit of the kinds a hurried editor, a bad merge or an attacker makes."""
    lines = raw.splitlines(keepends=True) or [b""]
    i = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "tab", "swap", "insert", "truncate",
                                 "byte", "line"]))  # fmt: skip
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "indent":
        lines[i] = b" " * draw(st.integers(1, 6)) + lines[i]
    elif kind == "dedent":
        lines[i] = lines[i][draw(st.integers(1, 6)) :] if lines[i].startswith(b" ") else lines[i].lstrip()
    elif kind == "tab":
        lines[i] = b"\t" + lines[i].lstrip(b" ")
    elif kind == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "line":  # a whole hostile line, indented like its neighbour
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip(b" "))]
        key = draw(st.sampled_from([b"", b"title: ", b"- ", b"id: ", b"minutes: ", b"<<: ", b"&a x: "]))
        lines.insert(i, indent + key + draw(st.sampled_from(HOSTILE)) + b"\n")
    else:
        data = b"".join(lines)
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            return data[:at]
        if kind == "byte":
            return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 1 :]
        snippet = draw(
            st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12).map(str.encode), st.binary(max_size=6))
        )
        return data[:at] + snippet + data[at:]
    return b"".join(lines)


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[Path, str, bytes]:
    """A shipped or fixture file with one to four edits applied."""
    base, name = draw(st.sampled_from(TARGETS))
    raw = (base / name).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        raw = draw(text_mutation(raw))
    return base, name, raw


FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(mutated_file())
def test_text_mutations_never_raise(case: tuple[Path, str, bytes]) -> None:
    """Any bytes in any file: no exception, located diagnostics, and an error when PyYAML or pydantic object."""
    base, name, raw = case
    with curriculum(base, folder_files(base, name)) as folder:
        target = folder / name
        target.write_bytes(raw)
        result = validate_paths([folder])
        assert_promise(result, folder)
        if not reference_accepts(target):
            assert errors_in(result, target), (
                f"kitgen accepted a file PyYAML or pydantic refuses: {raw[:200]!r}"
            )


@pytest.mark.parametrize("snippet", HOSTILE, ids=range(len(HOSTILE)))
@settings(max_examples=4, deadline=None)
@given(line=st.integers(0, 2000), suffix=st.sampled_from([b"", b" x", b"\n", b"]"]))
def test_each_hostile_snippet_as_a_value(snippet: bytes, line: int, suffix: bytes) -> None:
    """Every hostile snippet, as the value of some key of the minimal lesson, is refused or accepted, never raised.

    Random placement alone reaches a given snippet too rarely; here each one is tried on a few lines.
    """
    with curriculum(MINIMAL, folder_files(MINIMAL, "01-test-lesson.yaml")) as folder:
        target = folder / "01-test-lesson.yaml"
        lines = target.read_bytes().splitlines(keepends=True)
        at = line % len(lines)
        head = lines[at].split(b":")[0] if b":" in lines[at] else lines[at].rstrip()
        lines[at] = head + b": " + snippet + suffix + b"\n"
        target.write_bytes(b"".join(lines))
        result = validate_paths([folder])
        assert_promise(result, folder)
        if not reference_accepts(target):
            assert errors_in(result, target)


BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"]
PRINTABLE = "ab é—:-#[{&*!'\" "
"""Filler that YAML reads as printable text; 'é' and '—' make bytes and characters differ."""


@settings(max_examples=100, deadline=None)
@given(
    lines=st.lists(
        st.text(PRINTABLE + "\x0b\x0c\x1c", max_size=12).map("k: ".__add__), min_size=1, max_size=8
    ),
    breaks=st.lists(st.sampled_from(BREAKS), min_size=8, max_size=8),
    kind=st.sampled_from(["tab", "control", "not-utf8"]),
    data=st.data(),
)
def test_refusals_point_at_the_offending_character(
    lines: list[str], breaks: list[str], kind: str, data: st.DataObject
) -> None:
    """A refused tab, control character or non-UTF-8 byte is reported at its own line and column.

    The file mixes every line break YAML knows (CR alone, NEL, U+2028…) with characters that
    ``str.splitlines`` would also split on, so a location counted another way shows up.
    """
    row = data.draw(st.integers(0, len(lines) - 1))
    if kind != "tab":  # a control character is refused where YAML first sees one: keep the filler printable
        lines = [re.sub("[\x0b\x0c\x1c]", "", line) for line in lines]
    col = data.draw(st.integers(0, len(lines[row])))
    before = lines[row][:col]
    text = "".join(line + brk for line, brk in zip(lines[:row], breaks, strict=False))
    if kind == "tab":
        raw, expected = (text + "  \t" + lines[row]).encode(), (row + 1, 3, "tab-indent")
    elif kind == "control":
        raw, expected = (
            (text + before + "\x07" + lines[row][col:]).encode(),
            (row + 1, col + 1, "yaml-syntax"),
        )
    else:
        raw = (text + before).encode() + b"\xff" + lines[row][col:].encode()
        expected = (row + 1, col + 1, "not-utf8")
    with curriculum(MINIMAL, folder_files(MINIMAL, "01-test-lesson.yaml")) as folder:
        target = folder / "01-test-lesson.yaml"
        target.write_bytes(raw)
        result = validate_paths([folder])
        assert_promise(result, folder)
        assert [(d.line, d.col, d.code) for d in errors_in(result, target)] == [expected], raw


# --------------------------------------------------------------------------- structural mutations


NASTY_TEXT = st.sampled_from([
    "", " ", "\x00", "a\x00.png", "a" * 300 + ".png", "../../x.png", "/etc/passwd", "C:\\x.png", "x.gif",
    "[x](javascript:alert(1))", "[x](http://[::1)", "FILL IN: x", "2025-01-15", "12:30", "99:99", "yes", "null",
    "~", "*a", "&a", "!!python/object", "<<", "\t", "\u2028", "é" * 50, "x" * 70,
])  # fmt: skip

IMAGE_SOURCES = st.sampled_from([
    "a\x00.png", "a" * 300 + ".png", "a/" * 3000 + "x.png", "../../x.png", "/etc/passwd", "C:\\x.png", "x.gif",
    "lessons", "01-test-lesson.yaml/x.png", "~/x.png", "%2e%2e/x.png", "a\udc80.png",
])  # fmt: skip
"""Image paths that are absent, outside the folder, too long for the file system or not paths at all."""

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.sampled_from([0, -1, 99, 100, 10**30, -(10**4000)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    NASTY_TEXT,
)

JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def deep_list(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


VALUES = st.one_of(JSONISH, st.integers(1, 90).map(deep_list))
"""JSON-ish values: None, numbers (huge and negative), text, lists, mappings and deep lists."""


def paths_of(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every path to a value in the data, the root excluded."""
    if isinstance(data, dict):
        items: Iterator[tuple[str | int, Any]] = iter(data.items())
    elif isinstance(data, list):
        items = iter(enumerate(data))
    else:
        return
    for key, value in items:
        yield (*path, key)
        yield from paths_of(value, (*path, key))


def parent_of(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def typo(word: str, data: st.DataObject) -> str:
    """The key with one character dropped, doubled, swapped or added."""
    if not word:
        return "x"
    i = data.draw(st.integers(0, len(word) - 1))
    kind = data.draw(st.sampled_from(["drop", "double", "swap", "add"]))
    if kind == "drop" and len(word) > 1:
        return word[:i] + word[i + 1 :]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "add":
        return word[:i] + data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz_ ")) + word[i:]
    return word[:i] + word[i] + word[i:]


def mutate(data: Any, draw: st.DataObject) -> None:
    """One structural edit in place: drop, set, rename, or add a field or figure."""
    path = draw.draw(st.sampled_from(list(paths_of(data))))
    parent, last = parent_of(data, path), path[-1]
    kind = draw.draw(st.sampled_from(["drop", "set", "set", "rename", "add", "figure"]))
    if kind == "drop":
        del parent[last]
    elif kind == "set":
        parent[last] = draw.draw(VALUES)
    elif kind == "rename" and isinstance(last, str):
        parent[typo(last, draw)] = parent.pop(last)
    elif kind == "add" and isinstance(parent, dict):
        parent[draw.draw(st.one_of(st.sampled_from(sorted(Lesson.model_fields)), st.text(max_size=8)))] = (
            draw.draw(VALUES)
        )
    elif kind == "figure" and data.get("sections"):
        sections = data["sections"] if isinstance(data["sections"], list) else [data["sections"]]
        section = draw.draw(st.sampled_from(sections))
        if isinstance(section, dict):
            section["figure"] = {"src": draw.draw(IMAGE_SOURCES), "alt": "A picture"}


def node_at(root: Node, path: tuple[str | int, ...], key: bool = False) -> Node | None:
    """The node (or key node) at ``path`` in a composed graph: an oracle for locations, independent of kitgen."""
    node: Node | None = root
    key_node: Node | None = None
    for part in path:
        if isinstance(node, MappingNode):
            match = [(k, v) for k, v in node.value if k.value == part]
            if not match:
                return None
            key_node, node = match[-1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            key_node, node = None, node.value[part]
        else:
            return None
    return key_node if key else node


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(p.name for p in MINIMAL.glob("*.yaml"))), st.integers(1, 3), st.data())
def test_structural_mutations_match_pydantic(name: str, edits: int, draw: st.DataObject) -> None:
    """An edit pydantic rejects gives an error in that file, at the very place pydantic names when it exists."""
    kind = KINDS.get(name, Lesson)
    data = yaml.load((MINIMAL / name).read_text(encoding="utf-8"), Loader=_TextDates)
    for _ in range(edits):
        if isinstance(data, dict) and data:
            mutate(data, draw)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    try:
        expected: Any = kind.model_validate(data)
        pydantic_errors: list[Any] = []
    except ValidationError as exc:
        expected, pydantic_errors = None, exc.errors()
    with curriculum(MINIMAL, folder_files(MINIMAL, name)) as folder:
        target = folder / name
        target.write_text(text, encoding="utf-8")
        result = validate_paths([folder])
        assert_promise(result, folder)
        found = errors_in(result, target)
        if pydantic_errors:
            assert found, f"pydantic refuses {data!r} but kitgen reports nothing"
        if any(d.code not in SCHEMA_CODES for d in found):
            return  # refused while loading (e.g. nested too deep): pydantic's places do not apply
        root = yaml.compose(text)
        places = {(d.line, d.col) for d in found}
        for err in pydantic_errors if root is not None else []:
            loc = tuple(err["loc"])
            if err["type"] == "missing":
                continue
            node = node_at(root, loc, key=err["type"] == "extra_forbidden")
            if node is not None:
                at = (node.start_mark.line + 1, node.start_mark.column + 1)
                assert at in places, (
                    f"{err['type']} at {loc} should be reported at {at}, got {sorted(places)}"
                )
        loaded = [c for c in result.curricula[0].lessons if c.source.path.name == name]
        loaded += [
            p
            for p in (result.curricula[0].unit, result.curricula[0].profile)
            if p and p.source.path == target
        ]
        if expected is not None and loaded:
            assert loaded[0].model == expected, "kitgen read different values than were written"


# --------------------------------------------------------------------------- the command line


@settings(max_examples=60, deadline=None)
@given(mutated_file(), st.sampled_from(["text", "json", "github"]), st.booleans(), st.booleans())
def test_cli_never_crashes(case: tuple[Path, str, bytes], fmt: str, strict: bool, single: bool) -> None:
    """``kitgen validate`` exits 0 or 1 with printable output, for a folder or a single mutated file."""
    base, name, raw = case
    with curriculum(base, folder_files(base, name)) as folder:
        (folder / name).write_bytes(raw)
        target = folder / name if single else folder
        args = ["validate", str(target), "--format", fmt, *(["--strict"] if strict else [])]
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert result.exit_code in (0, 1), result.output
        if fmt == "json":
            payload = json.loads(result.output)
            assert (payload["errors"] > 0) == (result.exit_code == 1)
        elif fmt == "text":
            assert re.search(r"\d+ files? checked: \d+ errors?, \d+ warnings?\n$", result.output), (
                result.output
            )

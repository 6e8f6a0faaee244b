"""Loading: every kind of unreadable or unsafe file gives one exact, located diagnostic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kitgen.source import MAX_BYTES, MAX_DEPTH, MAX_NODES, Mark, SourceFile, _fast_compose, load


def problems(tmp_path: Path, content: bytes | str) -> list[str]:
    path = tmp_path / "x.yaml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    source, found = load(path, "x.yaml")
    assert (source is None) == bool(found)
    return [d.as_text() for d in found]


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "a: 1\na: 2\n",
            "x.yaml:2:1: error[duplicate-key]: duplicate key 'a' (first defined at line 1)\n"
            "  hint: keep one of the two; YAML would silently use only the last",
        ),
        (
            "a:\n\t- b\n",
            "x.yaml:2:1: error[tab-indent]: a tab is used for indentation\n"
            "  hint: YAML indents with spaces only; replace the tab with spaces. "
            "Fix this to see the file's other problems.",
        ),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "x.yaml:1:4: error[unsafe-tag]: the tag '!!python/object/apply:os.system' is not allowed\n"
            "  hint: curriculum files hold only text, numbers, true/false, lists and mappings; remove the '!' tag",
        ),
        (
            "a: !custom x\n",
            "x.yaml:1:4: error[unsafe-tag]: the tag '!custom' is not allowed\n"
            "  hint: curriculum files hold only text, numbers, true/false, lists and mappings; remove the '!' tag",
        ),
        (
            "a: [1, 2\n",
            "x.yaml:1:4: error[yaml-syntax]: the list opened with '[' here is not closed on its line\n"
            "  hint: end it with ']', and put an entry that holds ',', ':' or ']' in quotes. "
            "Fix this to see the file's other problems.",
        ),
        (
            "title: x\n  bad: indent\n",
            "x.yaml:2:3: error[yaml-syntax]: this line is indented more than the field above it ('title', line 1), "
            "which already has a value\n  hint: line it up with 'title' (0 spaces); only a field with nothing "
            "after its ':' can have fields indented under it. Fix this to see the file's other problems.",
        ),
        ("", "x.yaml: error[empty-file]: the file is empty\n  hint: see the README for a template"),
        (
            "# only a comment\n",
            "x.yaml: error[empty-file]: the file is empty\n  hint: see the README for a template",
        ),
        (
            "- a\n- b\n",
            "x.yaml:1:1: error[not-mapping]: the top level must be a mapping of fields (key: value)",
        ),
        (
            "just text\n",
            "x.yaml:1:1: error[not-mapping]: the top level must be a mapping of fields (key: value)",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "x.yaml:3:1: error[multiple-documents]: the file holds more than one YAML document\n"
            "  hint: keep one document per file; remove the '---' separator",
        ),
        (
            "base: &b {x: 1}\nother:\n  <<: *b\n",
            "x.yaml:3:3: error[merge-key]: merge keys ('<<') are not supported\n"
            "  hint: write the fields out in full",
        ),
        (
            "? [a, b]\n: 1\n",
            "x.yaml:1:3: error[invalid-key]: a key must be a plain word, not a list or mapping",
        ),
        ("a: &a [*a]\n", "x.yaml:1:4: error[too-deep]: values are nested more than 64 levels deep"),
        (
            b"a: caf\xe9\n",
            "x.yaml:1:7: error[not-utf8]: byte 0xe9 is not valid UTF-8\n"
            "  hint: save the file as UTF-8 (most editors: 'Save with encoding')",
        ),
        (b"a: 1\x00\x01\x02", "x.yaml: error[binary-file]: this is a binary file, not YAML text"),
        (
            "a: b\x07c\n",
            "x.yaml:1:5: error[yaml-syntax]: character U+0007 is not allowed in YAML\n"
            "  hint: remove it. Fix this to see the file's other problems.",
        ),
    ],
)
def test_refusals_are_located(tmp_path: Path, content: str | bytes, expected: str) -> None:
    assert problems(tmp_path, content) == [expected]


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    """Expansion stops at MAX_NODES values; benchmarks/validate_speed.py times it."""
    assert problems(tmp_path, BILLION_LAUGHS) == [
        "x.yaml:1:8: error[alias-limit]: the file expands to more than 50000 values (aliases repeated inside "
        "aliases)\n  hint: write the values out instead of nesting anchors and aliases"
    ]


@pytest.mark.parametrize(("depth", "line"), [(MAX_DEPTH, 0), (MAX_DEPTH + 1, MAX_DEPTH + 1)])
def test_text_at_the_depth_limit(tmp_path: Path, depth: int, line: int) -> None:
    """A text value one level too deep is refused at its own place, as a mapping or list is."""
    nested = "".join("  " * i + f"k{i}:\n" for i in range(depth - 1)) + "  " * (depth - 1) + "leaf: text\n"
    refused = (
        f"x.yaml:{line}:{2 * depth + 5}: error[too-deep]: values are nested more than {MAX_DEPTH} levels deep"
    )
    assert problems(tmp_path, nested) == ([refused] if line else [])


def test_text_at_the_node_limit(tmp_path: Path) -> None:
    """The value past MAX_NODES is refused where it stands, whether a text value or a list."""
    values = MAX_NODES - 3  # the file's mapping, 'a', its list and 'b' are the other values
    exact = "a: [" + ", ".join(["x"] * values) + "]\nb: y\n"
    assert problems(tmp_path, exact) == []
    assert problems(tmp_path, exact + "c: z\n") == [
        f"x.yaml:3:4: error[alias-limit]: the file expands to more than {MAX_NODES} values (aliases repeated "
        "inside aliases)\n  hint: write the values out instead of nesting anchors and aliases"
    ]


def test_oversized_file(tmp_path: Path) -> None:
    assert problems(tmp_path, "a: " + "x" * MAX_BYTES) == [
        f"x.yaml: error[file-too-large]: the file is {MAX_BYTES + 3} bytes; the limit is {MAX_BYTES}\n"
        "  hint: split it into smaller files"
    ]


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: Hi\nsections:\n  - id: one\n    minutes: 5\n  - id: two\n", encoding="utf-8")
    source, found = load(path, "x.yaml")
    assert source is not None and not found
    assert source.data == {"title": "Hi", "sections": [{"id": "one", "minutes": 5}, {"id": "two"}]}
    assert source.key_mark(("sections", 0, "minutes")) == Mark(4, 5)
    assert source.value_mark(("sections", 0, "minutes")) == Mark(4, 14)
    assert source.value_mark(("sections", 1, "id")) == Mark(5, 9)
    # a path that does not exist falls back to its nearest located ancestor
    assert source.value_mark(("sections", 1, "nope")).line == 5


def test_bom_and_dates_are_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffwhen: 2025-01-15\nyes_: true\n".encode())
    source, found = load(path, "x.yaml")
    assert source is not None and not found
    assert source.data == {"when": "2025-01-15", "yes_": True}


def test_marks_packed_for_the_cache_read_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    wide = "w: [" + "xx, " * 20_000 + "y]\n"  # its last item stands at column 80,005
    path.write_text("title: Hi\nsections:\n  - id: one\n    minutes: 5\n" + wide, encoding="utf-8")
    source, _ = load(path, "x.yaml")
    assert source is not None
    again = SourceFile(path, "x.yaml", source.data, packed_marks=source.pack_marks())
    for where in [("sections", 0, "minutes"), ("sections", 0), ("w", 20_000), ("nope",)]:
        assert again.key_mark(where) == source.key_mark(where)
        assert again.value_mark(where) == source.value_mark(where)
    assert again.value_mark(("w", 20_000)) == Mark(5, 80_005)


def test_the_texts_found_while_loading_are_every_text_in_file_order(tmp_path: Path) -> None:
    """``load`` notes each text value as it builds it; a file read back from the cache walks its
    values instead: both give the same list."""
    path = tmp_path / "x.yaml"
    path.write_text(
        "a: &x [one, 2, 2025-01-01, {b: three}]\nc: *x\nd: !!str 5\ne: null\nf: 'q'\ng: [1.5, true]\n",
        encoding="utf-8",
    )
    source, _ = load(path, "x.yaml")
    assert source is not None
    walked = SourceFile(path, "x.yaml", source.data).strings
    assert source.strings == walked
    assert [text for _, text in walked] == [
        "one",
        "2025-01-01",
        "three",
        "one",
        "2025-01-01",
        "three",
        "5",
        "q",
    ]
    assert walked[3][0] == ("c", 0)


PLAIN_VALUES = [
    *("title", "number", "text", "facilitator", "objectives", "only", "yes", "Yes", "YES", "no"),
    *("No", "y", "n", "on", "On", "off", "OFF", "true", "True", "false", "FALSE", "null", "Null"),
    *("NULL", "~", "12", "-3", "+4", "0o17", "0x1F", "1_000", "1.5", ".5", "-.inf", ".NaN", "1e3"),
    *("2025-01-15", "2025-01-15 10:00:00", "12:30", "190:20:30", "<<", "=", "nothing", "tomorrow"),
    *("0", "00", "07", "08", "+", ".", "1.2.3", "Nope", "offline", "trueish", "Order", "-x"),
]
"""Plain scalars whose first character starts some resolver's pattern, and a few that do not."""


def _tags(node: Any) -> Iterator[tuple[str, str, Any]]:
    yield node.id, node.tag, node.value if node.id == "scalar" else None
    if node.id == "mapping":
        for key, value in node.value:
            yield from _tags(key)
            yield from _tags(value)
    elif node.id == "sequence":
        for item in node.value:
            yield from _tags(item)


def test_every_node_is_tagged_as_pyyaml_tags_it() -> None:
    """libyaml's nodes get their tags from kitgen's quick resolver, which remembers short plain
    values: every key and value, plain, quoted, tagged or empty, the first time and again, is
    tagged as PyYAML's own loader tags it."""
    import yaml

    lines = [f"k{i}: [{v}, '{v}', !!str {v}, {{{v}: {v}}}]" for i, v in enumerate(PLAIN_VALUES)]
    text = "\n".join([*lines, "empty:", "list:\n  -\n  - a", "quoted: ''", "nested: {a: {b: [1, yes]}}"])
    expected = list(_tags(yaml.compose(text, Loader=yaml.SafeLoader)))  # the safe loader
    for _ in range(2):  # the second time, from what the first remembered
        documents = _fast_compose(text)
        assert documents is not None and len(documents) == 1
        assert list(_tags(documents[0])) == expected

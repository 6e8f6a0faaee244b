"""PyYAML's syntax errors said in words, at the line where the mistake is, with a hint.

PyYAML reports what its parser expected ("expected <block end>, but found '<block mapping
start>'") where it noticed the problem, sometimes a line after the mistake. A curriculum writer
needs to know which line is wrong and what to type: this module reads the lines around the
marks and names the usual mistakes (indentation, a missing ':', a ': ' inside a value, an
unclosed quote or bracket, a value starting with a YAML indicator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

HIDES_REST = "Fix this to see the file's other problems."
"""A syntax error stops the parser: nothing after it in the file can be checked until it is fixed."""

KEY = re.compile(
    r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>(?!- )[^\s#:'\"\[\]{}][^:#]*?|\"[^\"]*\"|'[^']*'):(?: |$)"
)
BLOCK_SCALAR = re.compile(r"(?:^|:|-)\s*[|>][-+0-9]*\s*(?:#.*)?$")
INDICATORS = {
    "*": "'*' starts a YAML alias (a reference to an '&' anchor)",
    "&": "'&' starts a YAML anchor",
    "!": "'!' starts a YAML tag",
    "@": "'@' is reserved in YAML",
    "`": "'`' is reserved in YAML",
    "%": "'%' starts a YAML directive",
    "|": "'|' starts a block of text",
    ">": "'>' starts a folded block of text",
}


@dataclass(frozen=True)
class Explained:
    """A syntax error in words: where, what, and how to fix it."""

    line: int
    col: int
    message: str
    hint: str


@dataclass(frozen=True)
class _Line:
    number: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def content_col(self) -> int:
        """Where the line's content starts after any '- ' list dashes (0-based)."""
        match = KEY.match(self.text)
        if match:
            return len(match["indent"]) + len(match["dashes"])
        stripped = self.text.lstrip(" ")
        dashes = re.match(r"(?:- +)*", stripped)
        return self.indent + (dashes.end() if dashes else 0)

    @property
    def is_item(self) -> bool:
        return self.text.lstrip(" ").startswith("- ") or self.text.strip() == "-"

    @property
    def key(self) -> str | None:
        match = KEY.match(self.text)
        return match["key"].strip().strip("'\"") if match else None

    @property
    def opens_block(self) -> bool:
        """Ends with a key and no value ('video:'), so the lines under it may be indented more."""
        body = re.sub(r"\s+#.*$", "", self.text).rstrip()
        return body.endswith(":") or body.endswith("-") or bool(BLOCK_SCALAR.search(body))

    @property
    def name(self) -> str:
        """How to refer to the line: its key, or its first words."""
        if self.key:
            return f"'{self.key}'"
        words = self.text.strip()
        return f"'{words[:30]}{'…' if len(words) > 30 else ''}'"


@dataclass(frozen=True)
class _Block:
    """A '|' or '>' block of text: the line that opens it and the indentation of its text."""

    opener: _Line
    indent: int


def _content_lines(text: str) -> tuple[list[_Line], dict[int, _Block]]:
    """The lines that hold structure (not blank, not comments, not inside a '|' or '>' text
    block), and for each line inside a text block, that block."""
    lines: list[_Line] = []
    blocks: dict[int, _Block] = {}
    opener: _Line | None = None
    block: _Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _Line(number, raw)
        stripped = raw.strip()
        if opener is not None:
            if not stripped:
                continue
            if line.indent > opener.indent:
                block = block or _Block(opener, line.indent)
                blocks[number] = block
                continue
            opener = block = None
        if not stripped or stripped.startswith("#"):
            continue
        lines.append(line)
        if BLOCK_SCALAR.search(re.sub(r"\s+#.*$", "", raw).rstrip()):
            opener = line
    return lines, blocks


def _before(lines: list[_Line], number: int) -> list[_Line]:
    return [line for line in lines if line.number < number]


def _levels(above: list[_Line]) -> list[tuple[int, _Line]]:
    """The columns a next line may start at, each with the line that opened it, nearest first."""
    levels: list[tuple[int, _Line]] = []
    limit: int | None = None
    for line in reversed(above):
        if limit is not None and line.indent >= limit:
            continue
        holds_fields = line.key is not None or line.text.strip() == "-"
        if line.is_item and holds_fields and (limit is None or line.content_col < limit):
            levels.append((line.content_col, line))
        levels.append((line.indent, line))
        limit = line.indent
    return levels


def quoted(text: str) -> str:
    """``text`` as a YAML quoted value: double quotes unless it holds one, then single quotes."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _value_fix(line: _Line) -> str:
    """The line rewritten with its value in quotes."""
    match = KEY.match(line.text)
    if not match:
        dashes = re.match(r"\s*((?:- +)*)", line.text)
        prefix = dashes[1] if dashes else ""
        return f"put the value in quotes: {prefix}{quoted(line.text.strip()[len(prefix) :])}"
    value = line.text[match.end() :].strip()
    return f"put the value in quotes: {match['key'].strip()}: {quoted(value)}"


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


def _level(column: int, opener: _Line) -> tuple[str, str]:
    """A column by what stands there (a field's name, or the '-' of a list item) and where."""
    if opener.is_item and column == opener.indent:
        return f"the '-' on line {opener.number}", _spaces(column)
    return opener.name, f"line {opener.number}, {_spaces(column)}"


def _in_text_block(line: _Line, block: _Block) -> Explained | None:
    """A line inside a '|' or '>' block that is indented less than the block's text: YAML ends
    the text there and cannot read the rest."""
    if line.indent >= block.indent:
        return None
    return Explained(
        line.number,
        line.indent + 1,
        f"this line is indented less than the text of {block.opener.name} above it "
        f"(line {block.opener.number}, {_spaces(block.indent)})",
        f"indent it {_spaces(block.indent)} like the lines of that text, or, if it starts something new, "
        f"{_spaces(block.opener.indent)} like {block.opener.name}",
    )


def _indentation(lines: list[_Line], line: _Line) -> Explained | None:
    """Why ``line`` is indented wrongly against the lines above it, or None if it is not."""
    above = _before(lines, line.number)
    if not above:
        return None
    previous = above[-1]
    where = line.indent + 1
    if line.indent > previous.content_col and not previous.opens_block:
        return Explained(
            line.number,
            where,
            f"this line is indented more than the field above it ({previous.name}, line {previous.number}), "
            "which already has a value",
            f"line it up with {previous.name} ({_spaces(previous.content_col)}); only a field with nothing "
            "after its ':' can have fields indented under it",
        )
    if previous.opens_block and line.indent > previous.indent:
        return None
    levels = _levels(above)
    owner = next((opener for column, opener in levels if column == line.indent), None)
    if owner is not None:
        if owner.is_item and owner.indent == line.indent and not line.is_item:
            return Explained(
                line.number,
                where,
                f"{line.name} is lined up with the '-' of the list item on line {owner.number}, not with its fields",
                f"indent it {_spaces(owner.content_col)} like {owner.name} to make it part of that item, "
                "or start it with '- ' to make it a new item",
            )
        return None
    if not line.is_item:  # a field never lines up with a '-': only the fields' columns are choices
        levels = [(c, o) for c, o in levels if not (o.is_item and c == o.indent)]
    deeper = min(((c, o) for c, o in levels if c > line.indent), key=lambda pair: pair[0], default=None)
    shallower = max(((c, o) for c, o in levels if c < line.indent), key=lambda pair: pair[0], default=None)
    if deeper is None and shallower is None:
        return None
    parts, choices = [], []
    for level, relation in ((deeper, "less than {} above it ({})"), (shallower, "more than {} ({})")):
        if level is not None:
            name, place = _level(*level)
            parts.append(relation.format(name, place))
            choices.append(f"{_spaces(level[0])} like {name}")
    return Explained(
        line.number,
        where,
        f"this line is indented {_spaces(line.indent)}: {' but '.join(parts)}",
        f"line it up with what it belongs beside: {', or '.join(choices)}",
    )


def _line(lines: list[_Line], text: str, number: int) -> _Line:
    found = next((line for line in lines if line.number == number), None)
    if found is not None:
        return found
    raw = text.splitlines()
    return _Line(number, raw[number - 1] if 0 < number <= len(raw) else "")


def _explain(text: str, exc: yaml.MarkedYAMLError) -> Explained | None:
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark
    start = exc.context_mark
    if mark is None:
        return None
    lines, blocks = _content_lines(text)
    at = _line(lines, text, mark.line + 1)
    col = mark.column + 1
    block = blocks.get(at.number)
    if block is not None and (inside := _in_text_block(at, block)):
        return inside
    if "mapping values are not allowed" in problem:
        match = KEY.match(at.text)
        if match and match.end() < mark.column:
            value_col = len(at.text) - len(at.text[match.end() :].lstrip()) + 1
            return Explained(
                at.number,
                value_col,
                f"the value of '{at.key}' holds ': ', which YAML reads as the start of another field",
                _value_fix(at),
            )
        above = _before(lines, at.number)
        previous = above[-1] if above else None
        if previous is not None and previous.key is None and at.indent == previous.content_col:
            return _missing_colon(previous)
        return _indentation(lines, at) or Explained(
            at.number,
            col,
            "a ':' followed by a space starts a field, which is not allowed here",
            _value_fix(at),
        )
    if "could not find expected ':'" in problem and start is not None:
        missing = _line(lines, text, start.line + 1)
        above = _before(lines, missing.number)
        return _missing_colon(missing, above[-1] if above else None)
    if "expected <block end>" in problem or "expected <block mapping end>" in problem:
        before = at.text[: mark.column].rstrip()
        if "'<scalar>'" in problem and before and before[-1] in "\"']}":
            closer = before[-1]
            what = "quote" if closer in "\"'" else f"'{closer}'"
            return Explained(
                at.number,
                col,
                f"text follows the closing {what} of "
                + (f"the value of '{at.key}'" if at.key else "the value"),
                f"a value that starts with a quote or bracket must end with it; {_value_fix(at)}",
            )
        return _indentation(lines, at) or Explained(
            at.number, col, "this line does not fit the structure above it", "check its indentation"
        )
    if "while scanning a quoted scalar" in context and start is not None:
        opened = _line(lines, text, start.line + 1)
        quote = text.splitlines()[start.line][start.column] if start.line < len(text.splitlines()) else '"'
        return Explained(
            opened.number,
            start.column + 1,
            f"the {quote} that starts here is never closed",
            f"end the value with a matching {quote} on the same line"
            + (
                '; to write a " inside it, put the whole value in single quotes'
                if quote == '"'
                else "; to write ' inside it, type it twice ('')"
            ),
        )
    flow = re.match(r"while parsing a flow (sequence|mapping)", context)
    if flow and start is not None:
        opener, closer = ("[", "]") if flow[1] == "sequence" else ("{", "}")
        what = "list" if opener == "[" else "mapping"
        if mark.line > start.line:
            return Explained(
                start.line + 1,
                start.column + 1,
                f"the {what} opened with '{opener}' here is not closed on its line",
                f"end it with '{closer}', and put an entry that holds ',', ':' or '{closer}' in quotes",
            )
        return Explained(
            at.number,
            col,
            f"the {what} opened with '{opener}' at column {start.column + 1} expects ',' or '{closer}' here",
            f"separate its entries with ', ', and put an entry that holds ',', ':' or '{closer}' in quotes",
        )
    if "sequence entries are not allowed" in problem:
        return Explained(
            at.number,
            col,
            "a value that starts with '- ' is read as a list item, which cannot start here",
            _value_fix(at),
        )
    character = re.search(r"found character '(.+)' that cannot start any token", problem)
    if character and character[1] == "\\t":
        return Explained(at.number, col, "a tab cannot be used here", "use spaces instead of the tab")
    first = at.text[mark.column : mark.column + 1] if character or "alias" in context + problem else ""
    if first in INDICATORS:
        match = KEY.match(at.text)
        return Explained(
            at.number,
            len(at.text) - len(at.text[match.end() :].lstrip()) + 1 if match else col,
            f"a value cannot start with '{first}': {INDICATORS[first]}",
            _value_fix(at),
        )
    return None


def _missing_colon(line: _Line, above: _Line | None = None) -> Explained:
    """A line without 'key:'; a few words are a field missing its ':', a sentence is text that
    continues the value above it but is not indented under it."""
    dashes = re.match(r"\s*((?:- +)*)", line.text)
    prefix = dashes[1] if dashes else ""
    words = line.text.strip()[len(prefix) :].split(maxsplit=1)
    if above is not None and above.key and len(line.text.split()) >= 4:
        return Explained(
            line.number,
            line.indent + 1,
            f"this line has no ':' after a field name; if it continues the text of {above.name} "
            f"(line {above.number}), it is not indented under it",
            f"indent it {_spaces(above.indent + 2)}, under {above.name}, or start the value with "
            f"'{above.key}: |' and put its text on the lines below",
        )
    fix = (
        f"write '{prefix}{words[0]}: {words[1]}'"
        if len(words) == 2
        else f"write '{prefix}{words[0] if words else 'name'}: …'"
    )
    return Explained(
        line.number, line.indent + 1, f"this line has no ':' after a field name ({line.name})", fix
    )


def explain(text: str, exc: yaml.MarkedYAMLError) -> Explained:
    """``exc`` in words at the line of the mistake; PyYAML's own words when the mistake is unusual.

    Every hint ends by saying that the rest of the file is checked once this is fixed.
    """
    found = _explain(text, exc)
    if found is None:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return Explained(line, col, problem, HIDES_REST)
    return Explained(found.line, found.col, found.message, f"{found.hint}. {HIDES_REST}")

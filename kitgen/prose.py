"""The Markdown subset of prose fields, as one parser that validation and composition share.

Only emphasis, strong, links, lists and GFM pipe tables are recognised; raw HTML, Jinja syntax
and everything else stay characters. A table's caption is a paragraph starting with ``Table:``
directly above it (pandoc's convention), because every table the documents print has one.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

CAPTION_PREFIX = "Table:"


@cache
def parser() -> MarkdownIt:
    """The parser of the subset (link targets it finds unsafe are left as text)."""
    return MarkdownIt("zero").enable(["emphasis", "link", "list", "escape", "table"])


def is_caption(tokens: list[Token], i: int) -> bool:
    """True when ``tokens[i]`` is the inline text of a ``Table:`` paragraph right above a table."""
    return (
        tokens[i].type == "inline"
        and tokens[i].content.startswith(CAPTION_PREFIX)
        and tokens[i].content.removeprefix(CAPTION_PREFIX).strip() != ""
        and i + 2 < len(tokens)
        and tokens[i + 2].type == "table_open"
    )


def uncaptioned_tables(text: str) -> int:
    """How many tables in ``text`` lack a ``Table:`` caption (text without a '|' has no table and
    is not parsed)."""
    if "|" not in text:
        return 0
    tokens = parser().parse(text)
    return sum(
        t.type == "table_open" and not (i >= 2 and is_caption(tokens, i - 2)) for i, t in enumerate(tokens)
    )

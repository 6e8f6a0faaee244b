"""The small Markdown subset allowed in prose fields, turned into document-tree nodes.

The subset is ``prose.parser``'s: emphasis, strong, links, lists and tables. The output is tree
nodes, never markup, so no writer can be tricked into interpreting lesson text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from markdown_it.token import Token

from . import doctree as d
from .links import safe_href
from .prose import CAPTION_PREFIX, is_caption, parser


def _inlines(tokens: list[Token]) -> tuple[d.Inline, ...]:
    """Nest a flat run of inline tokens (text, em/strong/link open-close, breaks) into nodes."""
    stack: list[tuple[str, str, list[d.Inline]]] = [("root", "", [])]
    for token in tokens:
        if token.type in ("text", "code_inline"):
            if token.content:  # markdown-it leaves empty text after a closing delimiter
                stack[-1][2].append(d.Text(" ".join(token.content.split("\n"))))
        elif token.type in ("softbreak", "hardbreak"):
            stack[-1][2].append(d.Text(" "))
        elif token.type.endswith("_open"):
            stack.append((token.type, str(token.attrs.get("href", "")), []))
        elif token.type.endswith("_close"):
            kind, href, children = stack.pop()
            node: d.Inline
            if kind == "em_open":
                node = d.Emph(tuple(children))
            elif kind == "strong_open":
                node = d.Strong(tuple(children))
            elif safe_href(href):
                node = d.Link(href, tuple(children))
            else:
                stack[-1][2].extend(children)
                continue
            stack[-1][2].append(node)
    return _merge(tuple(stack[0][2]))


def _merge(inlines: tuple[d.Inline, ...]) -> tuple[d.Inline, ...]:
    """Join neighbouring Text nodes so readers and tests see whole words."""
    merged: list[d.Inline] = []
    for node in inlines:
        if merged and isinstance(node, d.Text) and isinstance(merged[-1], d.Text):
            merged[-1] = d.Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)


_MARKUP = re.compile(r"[*_\[\]\\|\n\r\0]|^\s*(?:[-+]|\d+[.)])(?:\s|$)")
"""What can make the subset's parser see more than one plain paragraph: emphasis, link and table
characters, escapes, line breaks, NULs (normalised), and a list marker at the start."""


def _plain(text: str) -> str | None:
    """The paragraph text of ``text`` when it has no markup at all, else None.

    Most prose strings are one sentence without markup; they skip the parser, which composing
    would otherwise run thousands of times a build (a test checks both paths agree)."""
    return None if _MARKUP.search(text) else text.strip()


@lru_cache(maxsize=8192)
def inlines(text: str) -> tuple[d.Inline, ...]:
    """One line or paragraph of prose as inline nodes (lists are flattened to text).

    Cached: the nodes are immutable and the same text is composed into several documents."""
    plain = _plain(text)
    if plain is not None:
        return (d.Text(plain),) if plain else ()
    found: list[d.Inline] = []
    for token in parser().parse(text):
        if token.type == "inline":
            if found:
                found.append(d.Text(" "))
            found.extend(_inlines(token.children or []))
    return _merge(tuple(found))


@lru_cache(maxsize=8192)
def blocks(text: str) -> tuple[d.Block, ...]:
    """Prose with paragraphs, (nested) lists and captioned tables as block nodes (cached, as
    ``inlines``)."""
    plain = _plain(text)
    if plain is not None:
        return (d.Paragraph((d.Text(plain),)),) if plain else ()
    tokens = parser().parse(text)
    result, _ = _blocks(tokens, 0)
    return tuple(result)


def _blocks(tokens: list[Token], i: int) -> tuple[list[d.Block], int]:
    found: list[d.Block] = []
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("bullet_list_close", "ordered_list_close", "list_item_close"):
            return _lead_ins(found), i
        if token.type == "inline" and not is_caption(tokens, i):
            found.append(d.Paragraph(_inlines(token.children or [])))
        elif token.type == "table_open":
            table, i = _table(tokens, i)
            found.append(table)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, i = _items(tokens, i + 1)
            found.append(d.BulletList(items) if token.type == "bullet_list_open" else d.NumberedList(items))
        i += 1
    return _lead_ins(found), i


def _lead_ins(found: list[d.Block]) -> list[d.Block]:
    """``found`` with each paragraph that ends in a colon before another block marked as
    introducing it (``Paragraph.introduces``)."""
    return [
        replace(block, introduces=True)
        if isinstance(block, d.Paragraph)
        and i + 1 < len(found)
        and d.plain_text(block.children).rstrip().endswith(":")
        else block
        for i, block in enumerate(found)
    ]


def _items(tokens: list[Token], i: int) -> tuple[tuple[d.ListItem, ...], int]:
    items: list[d.ListItem] = []
    while tokens[i].type == "list_item_open":
        content, i = _blocks(tokens, i + 1)
        first = content[0] if content and isinstance(content[0], d.Paragraph) else None
        rest = content[1:] if first else content
        items.append(d.ListItem(first.children if first else (), tuple(rest)))
        i += 1  # past list_item_close
    return tuple(items), i


def _table(tokens: list[Token], i: int) -> tuple[d.Table, int]:
    """A pipe table from ``table_open`` at ``i``: its header row, body rows and the caption above."""
    caption = ""
    if i >= 2 and is_caption(tokens, i - 2):
        text = d.plain_text(_inlines(tokens[i - 2].children or []))
        caption = text.removeprefix(CAPTION_PREFIX).strip()
    rows: list[tuple[tuple[d.Inline, ...], ...]] = []
    cells: list[tuple[d.Inline, ...]] = []
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "inline":
            cells.append(_inlines(token.children or []))
        elif token.type == "tr_close":
            rows.append(tuple(cells))
            cells = []
        i += 1
    return d.Table(tuple(rows), caption=caption), i

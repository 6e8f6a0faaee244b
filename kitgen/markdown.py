"""The small Markdown subset allowed in prose fields, turned into document-tree nodes.

Only emphasis, strong, links and lists are recognised. Raw HTML, Jinja syntax and everything
else stay characters: the output is tree nodes, never markup, so no writer can be tricked into
interpreting lesson text.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import doctree as d

SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def safe_href(href: str) -> bool:
    """True for links a handout may carry: http, https, mailto and tel only."""
    scheme = urlsplit(href.strip()).scheme.lower()
    return scheme in SAFE_SCHEMES


@cache
def _parser(permissive: bool) -> MarkdownIt:
    md = MarkdownIt("zero").enable(["emphasis", "link", "list", "escape"])
    if permissive:  # for validation: see every link target, even ones the renderer drops
        md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def link_targets(text: str) -> list[str]:
    """Every link target written in ``text``."""
    targets = []
    for token in _parser(True).parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                targets.append(str(child.attrs.get("href", "")))
    return targets


def _inlines(tokens: list[Token]) -> tuple[d.Inline, ...]:
    """Nest a flat run of inline tokens (text, em/strong/link open-close, breaks) into nodes."""
    stack: list[tuple[str, str, list[d.Inline]]] = [("root", "", [])]
    for token in tokens:
        if token.type in ("text", "code_inline"):
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


def inlines(text: str) -> tuple[d.Inline, ...]:
    """One line or paragraph of prose as inline nodes (lists are flattened to text)."""
    found: list[d.Inline] = []
    for token in _parser(False).parse(text):
        if token.type == "inline":
            if found:
                found.append(d.Text(" "))
            found.extend(_inlines(token.children or []))
    return _merge(tuple(found))


def blocks(text: str) -> tuple[d.Block, ...]:
    """Prose with paragraphs and (nested) lists as block nodes."""
    tokens = _parser(False).parse(text)
    result, _ = _blocks(tokens, 0)
    return tuple(result)


def _blocks(tokens: list[Token], i: int) -> tuple[list[d.Block], int]:
    found: list[d.Block] = []
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("bullet_list_close", "ordered_list_close", "list_item_close"):
            return found, i
        if token.type == "inline":
            found.append(d.Paragraph(_inlines(token.children or [])))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, i = _items(tokens, i + 1)
            found.append(d.BulletList(items) if token.type == "bullet_list_open" else d.NumberedList(items))
        i += 1
    return found, i


def _items(tokens: list[Token], i: int) -> tuple[tuple[d.ListItem, ...], int]:
    items: list[d.ListItem] = []
    while tokens[i].type == "list_item_open":
        content, i = _blocks(tokens, i + 1)
        first = content[0] if content and isinstance(content[0], d.Paragraph) else None
        rest = content[1:] if first else content
        items.append(d.ListItem(first.children if first else (), tuple(rest)))
        i += 1  # past list_item_close
    return tuple(items), i

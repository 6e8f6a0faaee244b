"""Which links lesson text may carry: the rule validation reports on and composition enforces.

A module of its own so that ``checks`` does not reach into the composer's Markdown code to
apply it.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def safe_href(href: str) -> bool:
    """True for links a handout may carry: http, https, mailto and tel only."""
    scheme = urlsplit(href.strip()).scheme.lower()
    return scheme in SAFE_SCHEMES


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero").enable(["link", "escape"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every target, even unsafe ones
    return md


def link_targets(text: str) -> list[str]:
    """Every link target written in ``text``, including the ones composition will drop.
    Only inline links are recognised, and each has ``](``: text without it is not parsed."""
    if "](" not in text:
        return []
    return [
        str(child.attrs.get("href", ""))
        for token in _parser().parse(text)
        for child in token.children or []
        if child.type == "link_open"
    ]

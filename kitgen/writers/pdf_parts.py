"""A long document laid out in parts that run in parallel and are cached one by one, then
written as one PDF.

Every heading that starts a new page (``h2.new-page``: a lesson, an appendix) starts a part; the
part before the first one is the cover with the contents list. A part's layout does not depend on
where it lands in the document, so an edit to one lesson lays out that lesson alone:

- "Page X of Y" is left out of the parts (``@bottom-right`` is ``none``) and drawn afterwards
  from a *stamp*: a document of empty pages, one per page of the whole, laid out with the same
  stylesheet, whose only content is the page number box (and, on the first page of each later
  part, the running header that print.css's ``@page :first`` rule leaves out of that part);
- heading ids (``h-N``) are numbered over the whole document before it is split, so links and
  named destinations need no renaming;
- the cover is laid out last, when every other part's page count is known: its contents list
  prints literal page numbers, and empty anchors stand in for the headings of the other parts,
  so WeasyPrint keeps the links (the joined file's named destinations then point at the real
  headings).

``join`` writes the parts and the stamp as one tagged PDF through ``pdf_combine``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import escape

from kitgen.writers.html import css_string

_SPLIT = re.compile(r'^(?=<h2 id="h-\d+" class="new-page" data-running="[^"]*">)', re.MULTILINE)
_RUNNING = re.compile(r'^<h2 id="h-\d+" class="new-page" data-running="([^"]*)">')
_PAGE_OF = re.compile(r"@bottom-right \{ content: ([^;]*); \}")
_STRINGS = re.compile(r'<div class="page-strings" data-running="[^"]*"')
_TARGET = re.compile(r'<li data-target="#(h-\d+)">')
_IDS = re.compile(r'\bid="(h-\d+)"')


@dataclass(frozen=True)
class Split:
    """The HTML of each part (the cover first), and each later part's running header."""

    parts: tuple[str, ...]
    running: tuple[str, ...]
    page_of: str
    """The CSS ``content`` of the page number box, taken out of the parts."""


def split(html: str) -> Split | None:
    """``html`` cut before every new-page heading; None when there is nothing to cut."""
    head, main_open, rest = html.partition("<main>\n")
    body, main_close, tail = rest.rpartition("</main>")
    page_of = _PAGE_OF.search(head)
    chunks = _SPLIT.split(body)
    if not main_open or not main_close or page_of is None or len(chunks) < 2:
        return None
    head = head[: page_of.start()] + "@bottom-right { content: none; }" + head[page_of.end() :]
    # a part's first heading opens its first page: no forced break before it (no blank page)
    head = head.replace("</style>", "main > h2.new-page:first-child { break-before: auto; }\n</style>", 1)
    strings = _STRINGS.search(head)
    if strings is None:
        return None
    parts, running = [head + main_open + chunks[0] + main_close + tail], []
    for chunk in chunks[1:]:
        match = _RUNNING.match(chunk)
        assert match is not None
        running.append(match.group(1))
        # the part's first page takes its header from its heading, as it does in the whole document
        opening = f'<div class="page-strings" data-running="{match.group(1)}"'
        part_head = head[: strings.start()] + opening + head[strings.end() :]
        parts.append(part_head + main_open + chunk + main_close + tail)
    return Split(tuple(parts), tuple(running), page_of.group(1))


def heading_ids(part: str) -> list[str]:
    """The heading ids a part holds, in order."""
    return _IDS.findall(part)


def cover_with_pages(cover: str, pages: Mapping[str, int]) -> str:
    """The cover part with its contents list's numbers as literals (``pages``: heading id → page)
    and an empty anchor for each heading it links to that lies in another part."""
    rules = "".join(
        f'.contents li[data-target="#{target}"]::after {{ content: leader(". ") {css_string(str(page))}; }}\n'
        for target, page in sorted(pages.items())
    )
    own = set(heading_ids(cover))
    anchors = "".join(
        f'<span id="{escape(target)}"></span>' for target in _TARGET.findall(cover) if target not in own
    )
    head, style_end, rest = cover.partition("</style>")
    body, main_close, tail = rest.rpartition("</main>")
    return head + rules + style_end + body + f"<div>{anchors}</div>\n" + main_close + tail


def stamp_html(first: str, starts: Mapping[int, str], total: int, page_of: str) -> str:
    """A document of ``total`` empty pages drawing only the page numbers, and on each page in
    ``starts`` (index → running header) the header; ``first`` is the cover part, whose head
    (language, title, page size) it keeps."""
    head = first.partition("</style>")[0]
    head = head.replace("@bottom-right { content: none; }", f"@bottom-right {{ content: {page_of}; }}", 1)
    style = (
        "@page { @bottom-left { content: none !important; border: none !important; } }\n"
        "@page plain { @top-left { content: none; border: none; } }\n"
        ".stamp { page: plain; }\n.stamp.header { page: auto; }\n"
        ".stamp + .stamp { break-before: page; }\n"
    )
    pages = "".join(
        f'<div class="stamp header page-strings" data-running="{starts[index]}"></div>\n'
        if index in starts
        else '<div class="stamp"></div>\n'
        for index in range(total)
    )
    return f"{head}{style}</style>\n</head>\n<body>\n{pages}</body>\n</html>\n"


def page_count(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def outline_pages(pdf: bytes) -> dict[str, int]:
    """Heading id → page index (from 0) in one part, read from its named destinations."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
        if "/Names" not in document.Root or "/Dests" not in document.Root.Names:
            return {}
        names = document.Root.Names.Dests.Names
        return {
            str(names[i]): pages[names[i + 1][0].objgen]
            for i in range(0, len(names), 2)
            if str(names[i]).startswith("h-")
        }


def join(parts: Sequence[bytes], stamp: bytes, title: str) -> bytes:
    """The parts as one tagged PDF, each page overlaid with its page of ``stamp``."""
    from kitgen.writers.pdf_combine import combine_parts

    return combine_parts(parts, stamp, title)

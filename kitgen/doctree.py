"""A small closed document tree: what the composer produces and every writer renders.

Writers never see YAML or models, only these nodes, so the DOCX and the PDF of one document
say the same things in the same order. The node set is closed on purpose: a writer handles
every kind below and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    """Plain characters; never markup, whatever they contain."""

    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A hyperlink; the composer only lets http, https, mailto and tel through."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    """A line break inside a paragraph or table cell (items of a look-for list in one cell)."""


@dataclass(frozen=True)
class Blank:
    """A line to write on in running text. ``label`` says what belongs there, for screen readers
    and for a district value that is not filled in yet ("county CPS intake line")."""

    label: str
    width_em: int = 12


@dataclass(frozen=True)
class Span:
    """Inlines in a language other than the document's (a translated document's English
    reference sentence): writers tag them, so hyphenation and screen readers follow ``lang``."""

    lang: str
    children: tuple[Inline, ...]


Inline = Text | Strong | Emph | Link | LineBreak | Blank | Span


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 (document title) to 4; levels never skip."""

    level: int
    children: tuple[Inline, ...]
    running: str | None = None
    """When set, the heading starts a new page and ``running`` becomes the running page header
    from there on (a lesson title). Writers do the page break; the composer adds no PageBreak."""


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]
    style: Literal["body", "lead", "small", "label"] = "body"
    introduces: bool = False
    """It ends with a colon and a block follows that it introduces ("Walk through the steps:"):
    writers keep it on the page of that block, as they keep a heading with its text."""


@dataclass(frozen=True)
class ListItem:
    """A list item: its own paragraph of inlines, then any nested blocks."""

    children: tuple[Inline, ...]
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    checklist: bool = False
    """Render items with empty check boxes (preparation checklists)."""
    columns: int = 1
    """Short items side by side in this many columns: the PDF starts each column where
    ``kitgen.writers.column_split`` says; the DOCX sets them in a section of as many columns."""


@dataclass(frozen=True)
class NumberedList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Table:
    """A data table; the first ``header_rows`` rows are header cells and repeat on each page."""

    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    caption: str
    header_rows: int = 1
    widths: tuple[int, ...] = ()
    """Relative column widths (percent); empty for equal widths."""
    write_lines: int = 0
    """When above 0, a response table: each body row is at least this many write-in lines tall,
    so students can write in its empty cells."""
    long_rows: bool = False
    """Rows long enough (a question beside its look-fors) that one may continue on the next page
    rather than leave the rest of a page empty; other tables never split a row."""


CalloutKind = Literal[
    "glance", "advisory", "safety", "facilitator", "help", "video", "agreement", "answer", "card"
]
"""``card`` is a small cut-out card (dashed border, narrow), e.g. the wallet help card."""


@dataclass(frozen=True)
class Callout:
    """A boxed group of blocks. ``kind`` picks its look; ``title`` is a bold label, not a heading,
    so callouts never disturb the heading outline (put a Heading inside when one is needed).
    ``label``, when set, is an audience tag both writers print beside the title
    ("Facilitator only"), decided by the composer so no writer keeps its own list."""

    kind: CalloutKind
    title: str
    blocks: tuple[Block, ...]
    label: str | None = None


@dataclass(frozen=True)
class WriteIn:
    """One write-in space: ``lines`` ruled lines, or with ``box`` an empty bordered box that is
    ``lines`` write-in lines tall (for drawing or free-form notes)."""

    lines: int
    box: bool = False


@dataclass(frozen=True)
class Keep:
    """Blocks that must stay on one page: a question with its write-in space, a heading with
    what follows it. Writers never let a page break fall inside."""

    blocks: tuple[Block, ...]


PartKind = Literal["keep", "hand_in"]


@dataclass(frozen=True)
class Part:
    """A part of a handout that leaves the student's hands differently: ``hand_in`` (the exit
    ticket) starts on a fresh sheet, a right-hand page, so nothing kept is printed on its back;
    ``keep`` (the help resources) is never split across pages but flows on after the lesson, so
    it leaves no half-empty page. ``title`` is printed as a banner ("Hand this page in")."""

    kind: PartKind
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Image:
    """An image from the curriculum folder; ``src`` is relative to it, ``alt`` is required."""

    src: str
    alt: str
    caption: str | None = None
    width_percent: int = 60


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class CutLine:
    """A dashed line across the page to cut along, with ``label`` printed on it ("Cut here and
    return the slip below"): the tear-off slip under a family letter starts here."""

    label: str


@dataclass(frozen=True)
class CutCards:
    """Cards to cut apart along dashed lines, ``columns`` across. ``uniform`` cards are all one
    size, four rows to a page, their text large and centred (a card set to sort); other cards are
    as tall as their blocks (role cards with a script) and a page break never falls inside one."""

    cards: tuple[tuple[Block, ...], ...]
    columns: int = 2
    uniform: bool = True


@dataclass(frozen=True)
class Contents:
    """A table of contents built by the writer from the level-2 headings that follow."""

    title: str


Block = (
    Heading
    | Paragraph
    | BulletList
    | NumberedList
    | Table
    | Callout
    | WriteIn
    | Keep
    | Part
    | Image
    | PageBreak
    | CutLine
    | CutCards
    | Contents
)


@dataclass(frozen=True)
class Meta:
    """Document properties: title, language, audience, and the date taken from the sources."""

    title: str
    language: str
    audience: Literal["facilitator", "student", "family"]
    subject: str
    author: str
    date: str
    """ISO date (YYYY-MM-DD) derived from SOURCE_DATE_EPOCH or the sources, never the clock."""
    page_size: Literal["letter", "a4"] = "letter"
    running_title: str = ""
    footer: str = ""


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...] = field(default_factory=tuple)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The characters a reader sees in a run of inlines."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Blank):
            out.append("")
        else:
            out.append(plain_text(node.children))
    return "".join(out)


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block in reading order, descending into callouts and list items."""
    for block in blocks:
        yield block
        if isinstance(block, Callout | Keep | Part):
            yield from walk(block.blocks)
        elif isinstance(block, BulletList | NumberedList):
            for item in block.items:
                yield from walk(item.blocks)
        elif isinstance(block, CutCards):
            for card in block.cards:
                yield from walk(card)


def headings(doc: Document) -> list[tuple[int, str]]:
    """Every heading of a document in order, including those inside callouts."""
    return [(b.level, plain_text(b.children)) for b in walk(doc.blocks) if isinstance(b, Heading)]

"""The DOCX look in numbers: page frame, type sizes, spacing and palette, mirroring
``templates/print.css`` so the DOCX and the PDF of one tree fill about the same pages.

One place on purpose: ``tools/make_reference_docx.py`` turns these into the named styles of
``templates/reference.docx`` and the writer takes the page frame and box insets from here, so
retuning the print style means changing the numbers below and rerunning that script.

Units: twips (1/20 pt) for lengths, half-points for font sizes, eighths of a point for rules,
as WordprocessingML stores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


def pt(points: float) -> int:
    """Points → twips."""
    return round(points * 20)


def inch(inches: float) -> int:
    """Inches → twips."""
    return round(inches * 1440)


def half_points(points: float) -> int:
    """Points → the half-points of w:sz."""
    return round(points * 2)


def rule(points: float) -> int:
    """Points → the eighths of a point of a border's w:sz."""
    return round(points * 8)


# ------------------------------------------------------------------ palette (print.css header)

INK = "1F2933"  # body text
NAVY = "1B365D"  # headings, rules, banners
TEAL = "0E5A5F"  # accents, links, level-2 and level-3 headings
MUTED = "4A5561"  # running header, footer, captions, small print
LEAD = "3B4856"  # lead paragraph
WHITE = "FFFFFF"
HAIRLINE = "B8C2CC"  # header and footer rules
ROW_RULE = "C3CCD5"  # rules between table rows
ROW_BAND = "F3F6F9"  # every second table body row, contents box
WRITE_RULE = "7B8794"  # write-in lines and frames (a graphic: 3:1 is enough)
BLANK_RULE = INK  # the line under a blank in running text

# ------------------------------------------------------------------ page frame (@page)

MARGIN_TOP = inch(0.85)
MARGIN_SIDE = inch(0.75)
MARGIN_BOTTOM = inch(0.8)
HEADER_DISTANCE = inch(0.45)
FOOTER_DISTANCE = inch(0.4)
MARGIN_TEXT = 8.5  # pt, running header and footer

# ------------------------------------------------------------------ type

FONT = "Atkinson Hyperlegible"
FALLBACK = "Arial"
FONT_LINE_HEIGHT = 1.24
"""Atkinson Hyperlegible's own line height (ascender 950 + descender 290 per 1000 units), which
Word and LibreOffice call single spacing; CSS line heights are divided by it."""


def line(css_line_height: float) -> int:
    """A CSS line-height as WordprocessingML "auto" spacing (240 = single)."""
    return round(240 * css_line_height / FONT_LINE_HEIGHT)


BODY = 11.0
BODY_LINE = line(1.32)
LEAD_SIZE = 12.5
SMALL = 9.0
TABLE_TEXT = 10.5
CAPTION = 9.5
CARD_TEXT = 10.5
HELP_TEXT_STUDENT = 12.0
HEADING_LINE = line(1.2)


@dataclass(frozen=True)
class HeadingLook:
    size: float
    before: int
    after: int
    color: str


HEADINGS = {
    1: HeadingLook(26, pt(7), pt(8.6), NAVY),
    2: HeadingLook(16, pt(16), pt(6), NAVY),
    3: HeadingLook(13, pt(12), pt(4), TEAL),
    4: HeadingLook(11.5, pt(10), pt(3), NAVY),
}
H1_RULE = (rule(5), 14)  # thick navy rule above the title, and its distance in points
H2_RULE = (rule(1.5), 5)  # teal rule under a level-2 heading

PARAGRAPH_AFTER = pt(6)
LEAD_AFTER = pt(10)
LABEL_BEFORE, LABEL_AFTER = pt(8), pt(2)
LIST_AFTER = pt(2)  # between items
LIST_END = pt(6)  # after the last item
CHECK_AFTER = pt(5)
LIST_INDENT = round(BODY * 1.4 * 20)  # 1.4em: text start of a list item per nesting level
LIST_HANG = 300  # marker to text

# ------------------------------------------------------------------ tables

TABLE_BEFORE, TABLE_AFTER = pt(6), pt(14)
CELL_PAD_V, CELL_PAD_H = pt(3), pt(6)
CAPTION_AFTER = pt(4)

# ------------------------------------------------------------------ write-in space

WRITE_LINE = inch(0.33)  # one write-in line, as in writers/html.py
WRITE_BEFORE, WRITE_AFTER = pt(4), pt(14)

# ------------------------------------------------------------------ boxes (.callout-*)

BorderStyle = Literal["single", "double", "dashed", "none"]


@dataclass(frozen=True)
class BoxLook:
    """One callout kind: fill, frame and title colour. ``left`` is a thicker left bar (glance,
    advisory, video); ``width`` narrows the box (the cut-out card), in twips."""

    fill: str | None
    frame: tuple[BorderStyle, float, str]  # style, points, colour
    left: tuple[float, str] | None = None
    title: str = NAVY
    title_fill: str | None = None
    text_size: float = BODY
    width: int | None = None


NO_FRAME: tuple[BorderStyle, float, str] = ("none", 0, WHITE)

BOXES: dict[str, BoxLook] = {
    "glance": BoxLook("EEF2F7", NO_FRAME, left=(4, NAVY)),
    "advisory": BoxLook("FBF6EA", ("single", 0.75, "C9B68A"), left=(4, "8A6D2B"), title="5F4A17"),
    "safety": BoxLook("EBF4F3", ("double", 2.5, TEAL), title="0B4A4E"),
    "facilitator": BoxLook(None, ("dashed", 1.25, MUTED)),
    "answer": BoxLook(None, ("dashed", 1.25, MUTED)),
    "video": BoxLook("F2F3F5", NO_FRAME, left=(4, MUTED)),
    "agreement": BoxLook(None, ("single", 1.25, TEAL)),
    "help": BoxLook(None, ("single", 2.5, NAVY), title=WHITE, title_fill=NAVY),
    "card": BoxLook(None, ("dashed", 1.25, INK), text_size=CARD_TEXT, width=inch(3.5)),
}
CONTENTS = BoxLook(ROW_BAND, NO_FRAME, left=(4, NAVY))
"""The contents list: a navy bar and a pale fill, like the PDF's."""
BOX_PAD_TOP, BOX_PAD_SIDE, BOX_PAD_BOTTOM = 7, 12, 2  # points, as the CSS padding
BOX_MARGIN = pt(8)  # space above and below a box
BOX_GAP = PARAGRAPH_AFTER  # between paragraphs inside a box
BOX_TITLE_AFTER = pt(4)
LABEL_SIZE = 8.5  # the audience label beside a box title

KEEP_NOTE = 10.0  # a resource's privacy note on the page a student keeps (.part-keep li > p)
KEEP_NOTE_AFTER = pt(1)
KEEP_CARD_MARGIN = pt(6)
PART_BANNER = 12.0  # "Hand this page in": white on navy
PART_AFTER = pt(14)

CUT_BEFORE, CUT_AFTER = pt(12), pt(6)  # the line to cut along above a tear-off slip (p.cut-line)
CUT_RULE = 1.25
CUT_PAD = 3

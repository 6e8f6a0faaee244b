"""Small WordprocessingML helpers shared by the DOCX modules: qualified names, new elements,
and inserting a property where the schema wants it (Word refuses files whose property
children are out of order, even when LibreOffice opens them)."""

from __future__ import annotations

from typing import Any

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def qn(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def el(tag: str, **attrs: str) -> Any:
    """A new element; attribute names without a prefix are in the w: namespace."""
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key) if ":" in key else qn(f"w:{key}"), value)
    return element


def put(props: Any, child: Any, order: list[str]) -> Any:
    """Put ``child`` into a property element (pPr, rPr) at its schema position, replacing a
    child of the same name."""
    local = child.tag.rpartition("}")[2]
    rank = order.index(local)
    for existing in list(props):
        name = existing.tag.rpartition("}")[2]
        if name == local:
            existing.addprevious(child)
            props.remove(existing)
            return child
        if name in order and order.index(name) > rank:
            existing.addprevious(child)
            return child
    props.append(child)
    return child


def text_element(text: str, tag: str = "w:t") -> Any:
    """A w:t (or w:instrText) that keeps its spaces."""
    element = el(tag)
    element.set(XML_SPACE, "preserve")
    element.text = text
    return element

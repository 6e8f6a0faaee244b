"""Reading generated files back the way a reader (or assistive technology) meets them."""

from __future__ import annotations

import re
import subprocess
import zipfile
from itertools import pairwise
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style id, text) of every paragraph in the body, headers and footers, in document order."""
    found: list[tuple[str, str]] = []
    with zipfile.ZipFile(path) as z:
        parts = [
            "word/document.xml",
            *sorted(n for n in z.namelist() if re.match(r"word/(header|footer)\d*\.xml$", n)),
        ]
        for part in parts:
            root = etree.fromstring(z.read(part))
            for p in root.iter(f"{W}p"):
                style = p.find(f"{W}pPr/{W}pStyle")
                text = "".join(t.text or "" for t in p.iter(f"{W}t"))
                found.append((style.get(f"{W}val") if style is not None else "", text))
    return found


def docx_text(path: Path) -> str:
    return "\n".join(text for _, text in docx_paragraphs(path))


def docx_headings(path: Path) -> list[tuple[int, str]]:
    """(level, text) of paragraphs in a Heading N style, from the body only."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    found = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        match = re.fullmatch(r"Heading(\d)", style.get(f"{W}val")) if style is not None else None
        if match:
            found.append((int(match.group(1)), "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return found


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def squash(text: str) -> str:
    """Text with all white space and hyphens removed and case folded: robust to line wrapping,
    to pdftotext joining a word hyphenated at a line end ("trust-building" → "trustbuilding")
    and to small caps."""
    return re.sub(r"[\s-]+", "", text).casefold()


def in_order(needles: list[str], haystack: str) -> list[str]:
    """The needles that are not found in order in the haystack (both squashed); empty when all are."""
    missing, position, hay = [], 0, squash(haystack)
    for needle in needles:
        found = hay.find(squash(needle), position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(squash(needle))
    return missing


def contrast_on_white(hex_color: str) -> float:
    """WCAG contrast ratio of an RRGGBB colour against white."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (0, 2, 4))
    return 1.05 / (0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b) + 0.05)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two RRGGBB colours."""
    a, b = contrast_on_white(foreground), contrast_on_white(background)
    return max(a, b) / min(a, b)


def _fill_behind(color: etree._Element) -> str:
    """The shading a style's text colour is printed on: the style's own paragraph or table
    header fill (white text on a navy banner), else white."""
    style = next((a for a in color.iterancestors(f"{W}style", f"{W}tblStylePr")), None)
    shd = None if style is None else style.find(f".//{W}shd")
    return shd.get(f"{W}fill", "FFFFFF") if shd is not None else "FFFFFF"


def docx_accessibility_problems(path: Path) -> list[str]:
    """What a DOCX checker reports as errors (output-facts §4.2): title, language, headings, alt, headers, contrast."""
    problems = []
    with zipfile.ZipFile(path) as z:
        core = etree.fromstring(z.read("docProps/core.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
        document = etree.fromstring(z.read("word/document.xml"))
        parts = {
            n: etree.fromstring(z.read(n))
            for n in z.namelist()
            if n.startswith("word/") and n.endswith(".xml")
        }
    dc = "{http://purl.org/dc/elements/1.1/}"
    if not (core.findtext(f"{dc}title") or "").strip():
        problems.append("no title")
    if core.findtext(f"{dc}language") != "en-US":
        problems.append("core language is not en-US")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if lang is None or lang.get(f"{W}val") != "en-US":
        problems.append("docDefaults has no w:lang en-US")
    levels = [level for level, _ in docx_headings(path)]
    if not levels or levels[0] != 1 or any(b - a > 1 for a, b in pairwise(levels)):
        problems.append(f"heading levels {levels[:12]}… start elsewhere than 1 or skip")
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    problems += [
        f"image without alt: {p.get('name')}" for p in document.iter(f"{wp}docPr") if not p.get("descr")
    ]
    for table in document.iter(f"{W}tbl"):
        caption = table.find(f"{W}tblPr/{W}tblCaption")
        if caption is not None and table.find(f"{W}tr/{W}trPr/{W}tblHeader") is None:
            problems.append(f"table '{caption.get(f'{W}val')}' has no repeating header row")
    for name, root in parts.items():
        for color in root.iter(f"{W}color"):
            value = color.get(f"{W}val")
            if value and value != "auto" and contrast(value, _fill_behind(color)) < 4.5:
                problems.append(f"{name}: colour #{value} is below 4.5:1")
    return problems


LO_PDF = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
"""LibreOffice's PDF export, keeping the blank page it inserts before a right-hand part, as a printer does."""


def libreoffice_pdfs(docs: list[Path], outdir: Path, timeout: int = 600) -> None:
    """Convert ``docs`` to PDF in one LibreOffice call (a second, independent reader of the DOCX),
    with a private profile so parallel runs never share one; each PDF lands in ``outdir`` under
    the DOCX's stem."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(outdir / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            LO_PDF,
            "--outdir",
            str(outdir),
            *map(str, docs),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )


def pdf_page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, f"pdfinfo gave no page count for {path}"
    return int(match.group(1))

"""Reading generated files back the way a reader (or assistive technology) meets them."""

from __future__ import annotations

import re
import subprocess
import zipfile
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
    """Text with all white space removed and case folded: robust to line wrapping and small caps."""
    return re.sub(r"\s+", "", text).casefold()


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

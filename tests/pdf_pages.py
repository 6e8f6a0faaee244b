"""Reading a PDF back as a reader sees it: each page's text and picture, and its fonts."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pikepdf


def font_programs(pdf: pikepdf.Pdf) -> Counter[str]:
    """How many font programs the file embeds of each face (subset tag left out)."""
    return Counter(
        str(item.FontName).partition("+")[2]
        for item in pdf.objects
        if isinstance(item, pikepdf.Dictionary) and item.get("/Type") == pikepdf.Name.FontDescriptor
    )


def font_names(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """Every font the pages use, by object: its name."""
    return {
        font.objgen: str(font.BaseFont)
        for page in pdf.pages
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values()
    }


def pages_read(pdf: bytes, folder: Path) -> list[str]:
    folder.mkdir(exist_ok=True)
    (folder / "read.pdf").write_bytes(pdf)
    command = ["pdftotext", "-layout", str(folder / "read.pdf"), "-"]
    return subprocess.run(command, capture_output=True, check=True).stdout.decode().split("\f")[:-1]


def pages_drawn(pdf: bytes, folder: Path) -> list[bytes]:
    folder.mkdir(exist_ok=True)
    (folder / "draw.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(folder / "draw.pdf"), str(folder / "page")], check=True
    )
    return [path.read_bytes() for path in sorted(folder.glob("page-*.png"))]

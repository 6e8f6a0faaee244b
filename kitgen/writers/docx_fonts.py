"""Embed Atkinson Hyperlegible in a DOCX, so Word and LibreOffice lay the text out in the font
the styles name instead of a substitute that reflows every page.

Word's format for embedded fonts (ECMA-376 Part 1, 17.8.1): each face is a part
``word/fonts/fontN.odttf`` whose first 32 bytes are XORed with a GUID key that the font table
names beside it (``w:embedRegular r:id w:fontKey``). The key is derived from the font bytes, not
drawn at random, so the same fonts give the same document bytes. The SIL Open Font License of
Atkinson Hyperlegible allows embedding.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.writers.docx_style import FONT
from kitgen.writers.docx_xml import el, qn

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

FONT_PACKAGE = "fontpkg_atkinson_hyperlegible"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FACES = (
    ("w:embedRegular", "AtkinsonHyperlegible-Regular.ttf"),
    ("w:embedBold", "AtkinsonHyperlegible-Bold.ttf"),
    ("w:embedItalic", "AtkinsonHyperlegible-Italic.ttf"),
    ("w:embedBoldItalic", "AtkinsonHyperlegible-BoldItalic.ttf"),
)


def font_dir() -> Path:
    """The folder of the installed Atkinson Hyperlegible TTF files (as the PDF writer uses)."""
    import importlib.resources

    return Path(str(importlib.resources.files(FONT_PACKAGE) / "files"))


def font_key(data: bytes) -> str:
    """A GUID in Word's braced form, derived from the font bytes."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes, read from the end of the GUID string
    (the same operation undoes it)."""
    digits = key.strip("{}").replace("-", "")
    secret = bytes(int(digits[i : i + 2], 16) for i in range(30, -1, -2))
    return bytes(b ^ secret[i % 16] for i, b in enumerate(data[:32])) + data[32:]


def embed_fonts(word: WordDocument, folder: Path | None = None) -> None:
    """Add the four faces as obfuscated parts, name them in the font table, and ask Word to
    keep fonts embedded when the file is saved again."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    folder = folder or font_dir()
    table_part = next(r.target_part for r in word.part.rels.values() if r.reltype == RT.FONT_TABLE)
    table = etree.fromstring(table_part.blob)
    entry = next(f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == FONT)
    for old in entry.xpath(
        "w:embedRegular|w:embedBold|w:embedItalic|w:embedBoldItalic", namespaces=table.nsmap
    ):
        entry.remove(old)
    for number, (tag, file_name) in enumerate(FACES, start=1):
        data = (folder / file_name).read_bytes()
        key = font_key(data)
        part = Part(
            PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED, obfuscate(data, key), word.part.package
        )
        entry.append(el(tag, **{"r:id": table_part.relate_to(part, FONT_REL), "w:fontKey": key}))
    table_part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = word.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        zoom = settings.find(qn("w:zoom"))
        position = 0 if zoom is None else list(settings).index(zoom) + 1
        settings.insert(position, el("w:embedTrueTypeFonts"))

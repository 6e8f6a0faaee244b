"""One embedded font per face in a PDF joined from several WeasyPrint documents.

WeasyPrint embeds each face as a subset of the glyphs its document draws, keeping each drawn
glyph at its id in the whole font (``Identity-H``, ``/CIDToGIDMap /Identity``), and names it
after the face alone. A file joined from several documents (``pdf_combine``) therefore holds one
subset of each face per document, all under one name: the guide laid out in 12 parts grew by a
third. Because every content stream addresses glyphs by their ids in the whole font, the subsets
of one face can become one font, as a single document of all the pages would have embedded: the
glyphs of every subset in one TrueType program (``ttf_merge``), the widths and ToUnicode entries
of all of them, and every resource pointing at it.

A font that does not fit that pattern (another encoding, a CFF or bitmap font, widths or glyphs
that disagree) is left as it is, under a subset tag of its own, so that no two different subsets
share a name (a viewer or printer that caches fonts by name would draw glyphs missing).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

from kitgen.writers import ttf_merge

_CMAP_HEAD = (
    b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
    b"<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
    b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
    b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
)
_CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
"""WeasyPrint's ToUnicode CMap around its ``bfchar`` entries."""

_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")
_FIXED_PITCH = 1


def share_fonts(pdf: pikepdf.Pdf) -> None:
    """Make the subsets of each face that ``pdf``'s pages and forms use one font; give any font
    left sharing its name with another a tag of its own."""
    groups: dict[str, list[Any]] = {}
    seen: set[tuple[int, int]] = set()  # a font is used on many pages: 217,380 comparisons for 60 handouts
    for font in _fonts_in_use(pdf):
        if font.objgen not in seen:
            seen.add(font.objgen)
            groups.setdefault(str(font.get("/BaseFont", "")), []).append(font)
    replace: dict[tuple[int, int], Any] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        merged = _merge(pdf, members)
        if merged is None:
            for font in members:
                _retag(font)
        else:
            replace |= {font.objgen: merged for font in members[1:]}
    if replace:
        for resources in _resources(pdf):
            fonts = resources.get("/Font")
            for name, font in list(fonts.items()) if fonts is not None else ():
                if font.objgen in replace:
                    fonts[name] = replace[font.objgen]


def _resources(pdf: pikepdf.Pdf) -> Iterator[Any]:
    """Every resource dictionary of the pages and of the forms and patterns they draw."""
    stack: list[Any] = [page.obj for page in reversed(pdf.pages)]
    seen: set[tuple[int, int]] = set()
    while stack:
        holder = stack.pop()
        if holder.is_indirect:
            if holder.objgen in seen:
                continue
            seen.add(holder.objgen)
        resources = holder.get("/Resources")
        if resources is None:
            continue
        yield resources
        for kind in ("/Pattern", "/XObject"):
            items = resources.get(kind)
            if items is not None:
                stack += reversed([item for item in items.values() if "/Resources" in item])


def _fonts_in_use(pdf: pikepdf.Pdf) -> Iterator[Any]:
    for resources in _resources(pdf):
        fonts = resources.get("/Font")
        if fonts is not None:
            yield from (font for _, font in sorted(fonts.items()))


@dataclass
class _Subset:
    """What one WeasyPrint subset font holds: its glyphs' widths, their text, its program."""

    widths: dict[int, Any]
    text: dict[int, bytes]
    program: bytes

    @classmethod
    def read(cls, font: Any) -> _Subset | None:
        """The subset, or None when the font is not a WeasyPrint TrueType subset with identity
        glyph ids and a plain ToUnicode map."""
        if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
            return None
        descendants = font.get("/DescendantFonts")
        if descendants is None or len(descendants) != 1 or "/ToUnicode" not in font:
            return None
        cid_font = descendants[0]
        descriptor = cid_font.get("/FontDescriptor")
        if (
            cid_font.get("/Subtype") != "/CIDFontType2"
            or cid_font.get("/CIDToGIDMap") != "/Identity"
            or descriptor is None
            or "/FontFile2" not in descriptor
            or "/CIDSet" in descriptor
        ):
            return None
        widths = _widths(cid_font.get("/W", pikepdf.Array()))
        text = _to_unicode(font.ToUnicode.read_bytes())
        if widths is None or text is None:
            return None
        return cls(widths, text, descriptor.FontFile2.read_bytes())


def _widths(array: Any) -> dict[int, Any] | None:
    """Glyph id → width of a ``/W`` array in WeasyPrint's form (``first [w w …]`` runs)."""
    widths: dict[int, Any] = {}
    items = list(array)
    if len(items) % 2:
        return None
    for first, run in zip(items[::2], items[1::2], strict=True):
        if not isinstance(run, pikepdf.Array):
            return None
        widths |= {int(first) + offset: width for offset, width in enumerate(run)}
    return widths


def _to_unicode(cmap: bytes) -> dict[int, bytes] | None:
    """Glyph id → UTF-16BE hex text of a ToUnicode CMap made of ``bfchar`` entries only."""
    if b"bfrange" in cmap or not cmap.startswith(_CMAP_HEAD):
        return None
    text: dict[int, bytes] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        text |= {int(glyph, 16): target.lower() for glyph, target in _BFCHAR.findall(block)}
    return text


def _merge(pdf: pikepdf.Pdf, fonts: list[Any]) -> Any | None:
    """``fonts[0]`` made to hold every glyph of ``fonts``; None when they cannot be merged."""
    subsets = [subset for subset in map(_Subset.read, fonts) if subset is not None]
    if len(subsets) < len(fonts):
        return None
    widths: dict[int, Any] = {}
    text: dict[int, bytes] = {}
    for subset in subsets:
        for glyph, width in subset.widths.items():
            if glyph in widths and float(widths[glyph]) != float(width):
                return None
            widths[glyph] = width
        text |= subset.text  # a glyph drawn for different text: the last document's, as WeasyPrint does
    program = ttf_merge.merge([(subset.program, max(subset.widths, default=0)) for subset in subsets])
    if program is None:
        return None
    font = fonts[0]
    cid_font = font.DescendantFonts[0]
    descriptor = cid_font.FontDescriptor
    cid_font.W = _width_array(widths)
    stream = pdf.make_stream(program)
    stream.Length1 = len(program)
    descriptor.FontFile2 = stream
    box = [float(value) for value in descriptor.FontBBox]
    box[2] = max(float(width) for width in widths.values()) if widths else 0
    descriptor.FontBBox = pikepdf.Array([_number(value) for value in box])
    flags = int(descriptor.Flags) & ~_FIXED_PITCH
    if len(widths) > 1 and len({float(width) for width in widths.values()}) == 1:
        flags |= _FIXED_PITCH
    descriptor.Flags = flags
    font.ToUnicode = pdf.make_stream(_cmap(text))
    return font


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _width_array(widths: dict[int, Any]) -> pikepdf.Array:
    """A ``/W`` array as WeasyPrint writes it: each run of consecutive glyph ids as ``first [w …]``."""
    runs: list[list[int]] = []
    for glyph in sorted(widths):
        if not runs or glyph - 1 != runs[-1][-1]:
            runs.append([])
        runs[-1].append(glyph)
    return pikepdf.Array(
        [item for run in runs for item in (run[0], pikepdf.Array([widths[glyph] for glyph in run]))]
    )


def _cmap(text: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap as WeasyPrint writes it: ``bfchar`` blocks of at most 100 entries."""
    items = sorted(text.items())
    blocks = []
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        entries = b"".join(b"<%04x> <%s>\n" % (glyph, target) for glyph, target in batch)
        blocks.append(b"%d beginbfchar\n%sendbfchar\n" % (len(batch), entries))
    return _CMAP_HEAD + b"".join(blocks) + _CMAP_TAIL


def _retag(font: Any) -> None:
    """A subset tag derived from the font's program, for a subset that keeps its own font."""
    tag, plus, face = str(font.BaseFont).removeprefix("/").partition("+")
    if not plus:
        return
    seed = tag.encode()
    descriptors = [descendant.FontDescriptor for descendant in font.get("/DescendantFonts", ())]
    descriptors += [font.FontDescriptor] if "/FontDescriptor" in font else []
    for descriptor in descriptors:
        for key in ("/FontFile2", "/FontFile3", "/FontFile"):
            if key in descriptor:
                seed += descriptor[key].read_raw_bytes()
    digest = hashlib.sha256(seed).digest()
    name = pikepdf.Name("/" + "".join(chr(ord("A") + byte % 26) for byte in digest[:6]) + "+" + face)
    font.BaseFont = name
    for descendant in font.get("/DescendantFonts", ()):
        descendant.BaseFont = name
    for descriptor in descriptors:
        descriptor.FontName = name

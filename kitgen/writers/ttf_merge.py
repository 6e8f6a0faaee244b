"""One TrueType program from several subsets of one font, as WeasyPrint 70 subsets them.

WeasyPrint subsets a font in two HarfBuzz passes: every glyph id up to the highest one a
document draws keeps its id in the whole font (empty when not drawn), and the glyphs that only
serve as components of drawn composite glyphs (the accents of accented letters) follow, numbered
from there in each subset's own way. So an id up to a subset's highest drawn glyph means the same
glyph in every subset of the font, and an id above it means something in that subset only.

``merge`` keeps the first kind at their ids, so that every content stream that draws them stays
as it is, and gives each distinct component glyph one id after them, rewriting the composite
glyphs that use it. The glyphs are copied as bytes (no outline is decoded or encoded again), and
the tables that sum up the glyphs take the extremes over all subsets.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from typing import Any

_ARGS_ARE_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0020, 0x0040, 0x0080

_EXTREMES = {
    "head": {"xMin": min, "yMin": min, "xMax": max, "yMax": max},
    "hhea": {
        "advanceWidthMax": max,
        "minLeftSideBearing": min,
        "minRightSideBearing": min,
        "xMaxExtent": max,
    },
    "maxp": {
        name: max
        for name in (
            "maxPoints",
            "maxContours",
            "maxCompositePoints",
            "maxCompositeContours",
            "maxZones",
            "maxTwilightPoints",
            "maxStorage",
            "maxFunctionDefs",
            "maxInstructionDefs",
            "maxStackElements",
            "maxSizeOfInstructions",
            "maxComponentElements",
            "maxComponentDepth",
        )
    },
}
"""The fields that sum up a font's glyphs: each subset's hold its own glyphs' extremes, so the
merged glyphs' are the extremes over all subsets."""


class _Conflict(Exception):
    """Two subsets hold different glyphs at one id: not subsets of one font."""


def merge(subsets: Sequence[tuple[bytes, int]]) -> bytes | None:
    """The program holding every glyph of ``subsets`` (each a program and the highest glyph id its
    document draws); None when they are not subsets of one font or cannot be read."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        fonts = []
        for program, _ in subsets:
            # recalcBBoxes would decode and encode every glyph again
            font = TTFont(io.BytesIO(program), recalcTimestamp=False, recalcBBoxes=False)
            # names by glyph id: a subset names its glyphs after its own cmap, so names differ
            count = font["maxp"].numGlyphs
            font.setGlyphOrder([".notdef", *(f"glyph{gid:05d}" for gid in range(1, count))])
            fonts.append(font)
        first = max(range(len(fonts)), key=lambda index: subsets[index][1])
        merged = _Merged(fonts[first], subsets[first][1])
        for index, font in enumerate(fonts):
            if index != first:
                merged.add(font, subsets[index][1])
        return merged.program()
    except (TTLibError, KeyError, IndexError, struct.error, _Conflict):
        return None


class _Merged:
    """The subset that draws the highest glyph id, as the other subsets' glyphs are added."""

    def __init__(self, font: Any, last: int) -> None:
        self.font = font
        self.order: list[str] = list(font.getGlyphOrder())
        self.glyphs = font["glyf"].glyphs
        self.metrics = font["hmtx"].metrics
        self.components = {_key(self._data(gid)): gid for gid in range(last + 1, len(self.order))}
        self.added: list[tuple[Any, int]] = []

    def _data(self, gid: int) -> bytes:
        return bytes(getattr(self.glyphs[self.order[gid]], "data", b""))

    def add(self, font: Any, last: int) -> None:
        """Add the glyphs of ``font``, a subset whose highest drawn glyph id is ``last``."""
        self.added.append((font, last))
        order, glyphs, metrics = font.getGlyphOrder(), font["glyf"].glyphs, font["hmtx"].metrics
        placed: dict[int, int] = {}

        def data(gid: int) -> bytes:
            """Glyph ``gid`` of ``font``, its components' ids made ours."""
            raw = bytes(getattr(glyphs[order[gid]], "data", b""))
            if len(raw) < 10 or struct.unpack(">h", raw[:2])[0] >= 0:
                return raw
            patched = bytearray(raw)
            for offset in _component_ids(raw):
                (component,) = struct.unpack_from(">H", raw, offset)
                struct.pack_into(">H", patched, offset, place(component))
            return bytes(patched)

        def place(gid: int) -> int:
            """Our id of ``font``'s glyph ``gid``, adding the glyph when we lack it."""
            if gid not in placed:
                glyph = data(gid)
                placed[gid] = (
                    self._put(gid, glyph, metrics[order[gid]])
                    if gid <= last
                    else self._component(glyph, metrics[order[gid]])
                )
            return placed[gid]

        for gid in range(last + 1):
            name = order[gid]
            if getattr(glyphs[name], "data", b""):
                place(gid)
            elif self.metrics[self.order[gid]][0] == 0 and metrics[name][0] != 0:  # a space
                self.metrics[self.order[gid]] = metrics[name]

    def _put(self, gid: int, data: bytes, metrics: tuple[int, int]) -> int:
        current = self._data(gid)
        if not current:
            self._set(self.order[gid], data, metrics)
        elif _key(current) != _key(data):
            raise _Conflict(gid)
        return gid

    def _component(self, data: bytes, metrics: tuple[int, int]) -> int:
        key = _key(data)
        if key not in self.components:
            self.components[key] = len(self.order)
            self.order.append(f"glyph{len(self.order):05d}")
            self._set(self.order[-1], data, metrics)
        return self.components[key]

    def _set(self, name: str, data: bytes, metrics: tuple[int, int]) -> None:
        from fontTools.ttLib.tables._g_l_y_f import Glyph

        self.glyphs[name] = Glyph(data)
        self.metrics[name] = metrics

    def program(self) -> bytes:
        """The merged font's bytes."""
        font = self.font
        font.setGlyphOrder(self.order)
        font["glyf"].setGlyphOrder(self.order)
        font["maxp"].numGlyphs = len(self.order)
        fonts = [font, *(other for other, _ in self.added)]
        for tag, fields in _EXTREMES.items():
            for field, pick in fields.items():
                values = [getattr(other[tag], field) for other in fonts if hasattr(other[tag], field)]
                if values:
                    setattr(font[tag], field, pick(values))
        for table in font["cmap"].tables if "cmap" in font else ():
            for other, last in self.added:
                match = other["cmap"].getcmap(table.platformID, table.platEncID) if "cmap" in other else None
                if match is not None:  # characters of the glyphs kept at their ids
                    kept = {code: name for code, name in match.cmap.items() if other.getGlyphID(name) <= last}
                    table.cmap = kept | table.cmap
        buffer = io.BytesIO()
        font.save(buffer)
        return buffer.getvalue()


def _component_ids(glyph: bytes) -> list[int]:
    """The byte offsets of a composite glyph's component glyph ids."""
    offsets, position = [], 10
    while True:
        (flags,) = struct.unpack_from(">H", glyph, position)
        offsets.append(position + 2)
        position += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        position += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
        if not flags & _MORE:
            return offsets


def _key(data: bytes) -> bytes:
    """A glyph's bytes without the padding a subset may add to align the next glyph."""
    return data.rstrip(b"\0")

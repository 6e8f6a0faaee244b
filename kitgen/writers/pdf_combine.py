"""Several tagged PDFs as one, still PDF/UA-1: a kit's student handouts for the copy room.

Rendering the handouts again as one WeasyPrint document would cost seconds; joining the PDFs the
workers already made costs some milliseconds. What joining must keep valid:

- one structure tree: each part's Document element is dropped and its children hang off one
  Document element, in order;
- the parent tree: each part's keys are shifted past the previous parts' keys, on the pages
  (``/StructParents``) and on the annotations (``/StructParent``) alike;
- named destinations: WeasyPrint names them ``h-1``, ``h-2``… in every document, so each part's
  names get a prefix, and its links follow;
- the outline: each part's bookmarks, pointing at the copied pages;
- fonts: the parts' subsets of each face become one font (``pdf_fonts``);
- the catalog's language, marking and title display, and the XMP (``pdfuaid:part``), retitled.

Each part starts on an odd page (a blank page is added when the previous part ends on one), so a
duplex copy run never prints two students' pages on one sheet. The result is as reproducible as
the parts: no clock, and the file ID is derived from the content.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import Any

import pikepdf

from kitgen.writers import pdf_overlay
from kitgen.writers.pdf_fonts import share_fonts


def combine_handouts(pdfs: Sequence[bytes], title: str) -> bytes:
    """``pdfs`` in order as one tagged PDF titled ``title``, each part starting on an odd page."""
    if not pdfs:
        raise ValueError("nothing to combine")
    with ExitStack() as stack:
        out = stack.enter_context(pikepdf.new())
        first = stack.enter_context(pikepdf.open(io.BytesIO(pdfs[0])))
        joined = _Joined(out)
        for number, part in enumerate(_parts(first, pdfs[1:]), start=1):
            joined.append(part, f"part{number}-")
        joined.finish(first, title)
        share_fonts(out)
        return _saved(out, first)


def combine_parts(pdfs: Sequence[bytes], stamp: bytes, title: str) -> bytes:
    """The parts of one document (``pdf_parts``) as one tagged PDF titled ``title``: no blank pages
    between them, named destinations kept (their heading ids are already unique), each later
    part's bookmarks under the first part's last top-level bookmark (the document's title), and
    each page overlaid with the same page of ``stamp`` as a pagination artifact."""
    with ExitStack() as stack:
        out = stack.enter_context(pikepdf.new())
        first = stack.enter_context(pikepdf.open(io.BytesIO(pdfs[0])))
        stamps = stack.enter_context(pikepdf.open(io.BytesIO(stamp)))
        joined = _Joined(out)
        for number, part in enumerate(_parts(first, pdfs[1:]), start=1):
            joined.append(part, f"part{number}-", odd_start=False, rename=False)
        if len(stamps.pages) != len(out.pages):
            raise ValueError(f"stamp of {len(stamps.pages)} pages for {len(out.pages)} pages")
        names = [pikepdf.Name(f"/KitgenStamp{number}") for number in range(len(out.pages))]
        for page, overlay, name in zip(out.pages, stamps.pages, names, strict=True):
            pdf_overlay.attach(out, page, overlay, name)
        joined.nest_bookmarks(len(_outline(first)))
        joined.finish(first, title)
        share_fonts(out)  # the stamp's fonts too, so that it can be drawn inline
        for page, name in zip(out.pages, names, strict=True):
            pdf_overlay.draw(out, page, name)
        return _saved(out, first)


def _parts(first: pikepdf.Pdf, rest: Sequence[bytes]) -> Iterator[pikepdf.Pdf]:
    """``first``, then each of ``rest`` opened in turn and closed when the next one is asked for:
    ``_Joined.append`` takes a part's stream data, so only the first part (whose catalog and
    metadata are taken at the end) stays open. pikepdf holds about 2 MB for each open part, 140 MB
    for a 60-lesson guide's 66 parts held at once."""
    yield first
    for data in rest:
        with pikepdf.open(io.BytesIO(data)) as part:
            yield part


def _outline(pdf: pikepdf.Pdf) -> list[pikepdf.OutlineItem]:
    with pdf.open_outline() as outline:
        return list(outline.root)


def _saved(out: pikepdf.Pdf, first: pikepdf.Pdf) -> bytes:
    """``out`` written reproducibly: no clock, the file ID derived from the content."""
    buffer = io.BytesIO()
    out.save(
        buffer,
        deterministic_id=True,
        min_version=first.pdf_version,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return buffer.getvalue()


class _Joined:
    """The combined file while parts are appended to it."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.document = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array())
        )
        self.nums: list[Any] = []
        self.next_key = 0
        self.destinations: dict[str, Any] = {}
        self.bookmarks: list[pikepdf.OutlineItem] = []
        self.taken = 0  # the highest object number whose stream data is ours (_take_streams)

    def append(self, part: pikepdf.Pdf, prefix: str, odd_start: bool = True, rename: bool = True) -> None:
        """Add ``part``'s pages (after a blank page when ``odd_start`` needs one), structure,
        bookmarks and named destinations (prefixed with ``prefix`` when ``rename``)."""
        if odd_start and len(self.pdf.pages) % 2:
            box = self.pdf.pages[-1].mediabox
            self.pdf.add_blank_page(page_size=(float(box[2]) - float(box[0]), float(box[3]) - float(box[1])))
        first = len(self.pdf.pages)
        with warnings.catch_warnings():  # pikepdf warns that named destinations stay behind: see below
            warnings.filterwarnings("ignore", "Copying pages from another Pdf", UserWarning)
            self.pdf.pages.extend(part.pages)
        pages = {page.obj.objgen: first + index for index, page in enumerate(part.pages)}
        offset = self.next_key
        for page in self.pdf.pages[first:]:
            _shift_page(page, offset, prefix if rename else "")
        self._adopt_structure(part, offset)
        for name, destination in _named_destinations(part).items():
            self.destinations[(prefix if rename else "") + name] = self._moved(destination, pages)
        with part.open_outline() as outline:
            self.bookmarks += [self._bookmark(item, pages) for item in outline.root]
        self._take_streams()

    def _take_streams(self) -> None:
        """Copy into our file the data of the streams copied since the last call, so that the
        part can be closed before ours is saved (qpdf would otherwise read the data from the
        part's input at save: it keeps that input alive past closing today, but nothing here
        depends on it; same bytes, same CPU). New objects are numbered on from the highest
        number, so they are found by counting on until the first number not in use."""
        number = self.taken + 1
        while (copied := self.pdf.get_object((number, 0))) is not None:
            if isinstance(copied, pikepdf.Stream):
                _keep_data(copied)
            number += 1
        self.taken = number - 1

    def _adopt_structure(self, part: pikepdf.Pdf, offset: int) -> None:
        """The part's top elements become children of our Document; its parent tree, shifted."""
        (document,) = _as_list(part.Root.StructTreeRoot.K)
        kids = _as_list(document.K)
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                del kid.P  # before copying, so the copy does not drag the part's root along
        tree = part.Root.StructTreeRoot.ParentTree
        if "/Kids" in tree:
            raise ValueError("parent tree with /Kids: not written by WeasyPrint, not combined")
        nums = list(tree.Nums)
        # the elements and the parent tree's values in one copy: one by one costs a call each
        copied = list(self.pdf.copy_foreign(part.make_indirect(pikepdf.Array([*kids, *nums[1::2]]))))
        for kid in copied[: len(kids)]:
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = self.document
            self.document.K.append(kid)
        for key, value in zip(nums[::2], copied[len(kids) :], strict=True):
            self.nums += [offset + int(key), value]
            self.next_key = max(self.next_key, offset + int(key) + 1)

    def _moved(self, destination: Any, pages: dict[tuple[int, int], int]) -> pikepdf.Array:
        """An explicit destination ``[page /XYZ left top zoom]`` pointing at our copy of the page."""
        return pikepdf.Array([self.pdf.pages[pages[destination[0].objgen]].obj, *list(destination)[1:]])

    def _bookmark(self, item: pikepdf.OutlineItem, pages: dict[tuple[int, int], int]) -> pikepdf.OutlineItem:
        destination = item.destination
        copy = pikepdf.OutlineItem(
            item.title,
            self._moved(destination, pages) if isinstance(destination, pikepdf.Array) else None,
        )
        copy.children = [self._bookmark(child, pages) for child in item.children]
        return copy

    def nest_bookmarks(self, top: int) -> None:
        """Every bookmark after the first ``top`` becomes a child of the last of those."""
        if 0 < top < len(self.bookmarks):
            parent = self.bookmarks[top - 1]
            parent.children = [*parent.children, *self.bookmarks[top:]]
            del self.bookmarks[top:]

    def finish(self, first: pikepdf.Pdf, title: str) -> None:
        """The catalog of a tagged PDF/UA-1 file, its metadata taken from the first part."""
        root = self.pdf.Root
        tree_root = self.pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructTreeRoot,
                K=pikepdf.Array([self.document]),
                ParentTree=pikepdf.Dictionary(Nums=pikepdf.Array(self.nums)),
                ParentTreeNextKey=self.next_key,
            )
        )
        self.document.P = tree_root
        root.StructTreeRoot = tree_root
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
            if key in first.Root:  # a string or a direct dictionary of plain values
                value = first.Root[key]
                root[key] = (
                    pikepdf.Dictionary(dict(value.items()))
                    if isinstance(value, pikepdf.Dictionary)
                    else value
                )
        if self.destinations:
            names: list[Any] = []  # one Array at the end: pikepdf's Array.extend copies the whole array
            for name in sorted(self.destinations):  # a name tree's keys are sorted
                names += [pikepdf.String(name), self.destinations[name]]
            root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(names)))
        with self.pdf.open_outline() as outline:
            outline.root.extend(self.bookmarks)
        self.pdf.Root.Metadata = self.pdf.copy_foreign(first.Root.Metadata)
        self.pdf.docinfo = self.pdf.make_indirect(pikepdf.Dictionary(dict(first.docinfo.items())))
        with self.pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title


def _keep_data(stream: Any) -> None:
    """Give ``stream`` its own copy of its still-encoded data, under the same filters."""
    stream.write(
        stream.read_raw_bytes(), filter=stream.get("/Filter"), decode_parms=stream.get("/DecodeParms")
    )


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _shift_page(page: pikepdf.Page, offset: int, prefix: str) -> None:
    """Point a copied page and its annotations at their shifted parent-tree keys and renamed targets."""
    if "/StructParents" in page.obj:
        page.obj.StructParents = offset + int(page.obj.StructParents)
    for annotation in page.obj.get("/Annots", ()):
        if "/StructParent" in annotation:
            annotation.StructParent = offset + int(annotation.StructParent)
        if isinstance(annotation.get("/Dest"), pikepdf.String):
            annotation.Dest = pikepdf.String(prefix + str(annotation.Dest))
        action = annotation.get("/A")
        if (
            action is not None
            and action.get("/S") == pikepdf.Name.GoTo
            and isinstance(action.get("/D"), pikepdf.String)
        ):
            action.D = pikepdf.String(prefix + str(action.D))


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, Any]:
    """Name → explicit destination; WeasyPrint writes the name tree as one flat ``/Names`` array."""
    if "/Names" not in pdf.Root or "/Dests" not in pdf.Root.Names:
        return {}
    tree = pdf.Root.Names.Dests
    if "/Kids" in tree:
        raise ValueError("destination tree with /Kids: not written by WeasyPrint, not combined")
    names = tree.Names
    return {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}

"""Repairs to WeasyPrint's tagged PDF, made with pikepdf after it is written.

Two things WeasyPrint 70 gets wrong for PDF/UA, both fixed here without touching the layout:

- Page-margin content (running title, footer, "Page X of Y") is marked with MCIDs whose structure
  elements hang off the tree: their parent is the Document element, which does not list them
  (WeasyPrint's ``pdf/tags.py`` says so; its issue 1836). A reader meets tagged content that no
  walk of the structure tree reaches (Matterhorn 01-005). Those sequences become pagination
  artifacts and leave the parent tree.
- A link annotation's alternate description (``/Contents``) is its target ("h-2"); it becomes the
  link's text as the HTML gave it.

The result is as reproducible as the input: no clock, no random, the same IDs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import pikepdf

PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)


def repair(pdf_bytes: bytes, link_texts: Mapping[str, str]) -> bytes:
    """``pdf_bytes`` with margin content as artifacts and links described by ``link_texts``
    (target → text; an internal target is the fragment without ``#``)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _margin_content_as_artifacts(pdf)
        _describe_links(pdf, link_texts)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # keeps WeasyPrint's first ID, derives the second
        return out.getvalue()


def reachable(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """The object ids of every structure element a walk from the StructTreeRoot meets."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in seen:
            seen.add(node.objgen)
            if "/K" in node:
                stack.append(node.K)
    return seen


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, Any]:
    """The parent tree as key → value; WeasyPrint writes it as one flat ``/Nums`` array."""
    tree = pdf.Root.StructTreeRoot.ParentTree
    if "/Kids" in tree:
        raise ValueError("parent tree with /Kids: not written by WeasyPrint, not repaired")
    nums = tree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _margin_content_as_artifacts(pdf: pikepdf.Pdf) -> None:
    tree = _parent_tree(pdf)
    keep = reachable(pdf)
    for page in pdf.pages:
        if "/StructParents" not in page.obj:
            continue
        mcids: Any = tree.get(int(page.obj.StructParents))
        if not isinstance(mcids, pikepdf.Array):
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(mcids)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in keep
        }
        if not orphans:
            continue
        page.obj.Contents = pdf.make_stream(_as_artifacts(page, orphans))
        for mcid in orphans:
            mcids[mcid] = None
        while len(mcids) and mcids[-1] is None:
            del mcids[-1]


_MARKED = re.compile(rb"/[^\s/<>\[\]()]+\n<</MCID (\d+)>>\nBDC")
"""A marked-content sequence as pydyf writes it for WeasyPrint: tag, property list, operator,
one line each."""
_ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"


def _as_artifacts(page: pikepdf.Page, orphans: set[int]) -> bytes:
    """The page's content with the sequences marked by ``orphans`` as pagination artifacts.

    The marks are replaced in the bytes WeasyPrint wrote: parsing every page into operators and
    writing it back made the repair of the whole-unit kit's 35 PDFs 1.57 s CPU instead of 0.73.
    When any sequence is not in the form pydyf writes, the page is parsed and written back."""
    content = page.obj.Contents.read_bytes()
    found: list[int] = []

    def replace(match: re.Match[bytes]) -> bytes:
        mcid = int(match.group(1))
        found.append(mcid)
        return _ARTIFACT if mcid in orphans else match.group(0)

    rewritten = _MARKED.sub(replace, content)
    if len(found) == content.count(b"BDC") and orphans <= set(found):
        return rewritten
    return _parsed_as_artifacts(page, orphans)


def _parsed_as_artifacts(page: pikepdf.Page, orphans: set[int]) -> bytes:
    operations = []
    for instruction in pikepdf.parse_content_stream(page):
        operands = instruction.operands
        if (
            instruction.operator == pikepdf.Operator("BDC")
            and isinstance(operands[1], pikepdf.Dictionary)
            and int(operands[1].get("/MCID", -1)) in orphans
        ):
            instruction = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Artifact, PAGINATION], instruction.operator
            )
        operations.append(instruction)
    return pikepdf.unparse_content_stream(operations)


def _describe_links(pdf: pikepdf.Pdf, link_texts: Mapping[str, str]) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", ()):
            if annotation.get("/Subtype") != pikepdf.Name.Link:
                continue
            if "/Dest" in annotation:
                target = str(annotation.Dest)
            elif "/A" in annotation and "/URI" in annotation.A:
                target = str(annotation.A.URI)
            else:
                continue
            if target in link_texts:
                annotation.Contents = pikepdf.String(link_texts[target])


class _Links(HTMLParser):
    """Collects each ``<a href>``'s text; a target whose links say different things is dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, str | None] = {}
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self._open.append((href, []))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" or not self._open:
            return
        href, parts = self._open.pop()
        text = " ".join("".join(parts).split())
        target = href.removeprefix("#")
        if text:
            self.texts[target] = text if self.texts.get(target, text) == text else None


def link_texts(html: str) -> dict[str, str]:
    """Target → visible text of every link in ``html`` whose text is the same wherever it appears."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return {target: text for target, text in parser.texts.items() if text is not None}

"""Repairs to WeasyPrint's tagged PDF, made on its pydyf objects just before they are written.

Two things WeasyPrint 70 gets wrong for PDF/UA, both fixed here without touching the layout:

- Page-margin content (running title, footer, "Page X of Y") is marked with MCIDs whose structure
  elements hang off the tree: their parent is the Document element, which does not list them
  (WeasyPrint's ``pdf/tags.py`` says so; its issue 1836). A reader meets tagged content that no
  walk of the structure tree reaches (Matterhorn 01-005). Those sequences become pagination
  artifacts and leave the parent tree; the elements no walk reaches are emptied.
- A link annotation's alternate description (``/Contents``) is its target ("h-2"); it becomes the
  link's text as the HTML gave it.

A third, the language of a part (an English sentence in a Spanish handout), has to be caught while
WeasyPrint builds the tags: ``finisher`` installs ``pdf_lang``'s hook for that.

``finisher`` is WeasyPrint's ``write_pdf(finisher=...)`` hook: it runs after WeasyPrint has made
the objects and before pydyf writes them. Opening each written PDF with pikepdf to repair it and
saving it again cost 0.8 s CPU of the whole-unit kit's 47 PDFs and parts. The result is as
reproducible as the input: no clock, no random, pydyf's own file ID.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from typing import Any

from kitgen.writers import pdf_lang

NULL = b"null"


def finisher(link_texts: Mapping[str, str]) -> Callable[[Any, Any], None]:
    """The repair of a document whose links read ``link_texts`` (target → text; an internal
    target is the fragment without ``#``), called by WeasyPrint with the document and its
    ``pydyf.PDF``. Made before WeasyPrint writes, so it installs the language hook in time."""
    pdf_lang.install()

    def finish(_document: Any, pdf: Any) -> None:
        _margin_content_as_artifacts(pdf)
        _describe_links(pdf, link_texts)

    return finish


def _number(reference: bytes) -> int:
    """The object number of a pydyf reference (``b"12 0 R"``)."""
    return int(reference.split(None, 1)[0])


def reachable(pdf: Any) -> set[int]:
    """The object numbers of every structure element a walk from the StructTreeRoot meets."""
    objects = pdf.objects
    seen: set[int] = set()
    stack: list[Any] = list(objects[_number(pdf.catalog["StructTreeRoot"])]["K"])
    while stack:
        kid = stack.pop()
        if isinstance(kid, bytes):
            number = _number(kid)
            element = objects[number]
            if number not in seen and isinstance(element, dict) and "S" in element:
                seen.add(number)
                stack.extend(element.get("K", ()))
    return seen


def _margin_content_as_artifacts(pdf: Any) -> None:
    objects = pdf.objects
    root = objects[_number(pdf.catalog["StructTreeRoot"])]
    nums = objects[_number(root["ParentTree"])]["Nums"]
    tree = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    keep = reachable(pdf)
    for page in (objects[number] for number in pdf.pages["Kids"][::3]):
        mcids = tree.get(page.get("StructParents"))
        if not isinstance(mcids, list):
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(mcids)
            if isinstance(element, bytes) and _number(element) not in keep
        }
        if not orphans:
            continue
        _as_artifacts(objects[_number(page["Contents"])].stream, orphans)
        for mcid in orphans:
            mcids[mcid] = NULL
        while mcids and mcids[-1] == NULL:
            mcids.pop()
    for number, element in enumerate(objects):
        if isinstance(element, dict) and element.get("Type") == "/StructElem" and number not in keep:
            element.clear()  # written as an empty dictionary that nothing refers to


def _as_artifacts(content: list[Any], orphans: set[int]) -> None:
    """The page's content operations with the sequences marked by ``orphans`` as pagination
    artifacts: pydyf keeps a marked-content start as three items (tag, property list, ``BDC``)."""
    from pydyf import Dictionary

    found = set()
    for index, item in enumerate(content):
        if item != b"BDC" or index < 2:
            continue
        properties = content[index - 1]
        if isinstance(properties, dict) and properties.keys() == {"MCID"} and properties["MCID"] in orphans:
            found.add(properties["MCID"])
            content[index - 2] = "/Artifact"
            content[index - 1] = Dictionary({"Type": "/Pagination"})
    if found != orphans:
        raise ValueError(f"marked content {sorted(orphans - found)} is not in its page's content")


def _describe_links(pdf: Any, link_texts: Mapping[str, str]) -> None:
    from pydyf import String

    objects = pdf.objects
    for page in (objects[number] for number in pdf.pages["Kids"][::3]):
        for reference in page.get("Annots", ()):
            annotation = objects[_number(reference)]
            if annotation.get("Subtype") != "/Link":
                continue
            if "Dest" in annotation:
                target = annotation["Dest"].string
            elif "A" in annotation and "URI" in annotation["A"]:
                target = annotation["A"]["URI"].string
            else:
                continue
            if target in link_texts:
                annotation["Contents"] = String(link_texts[target])


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

"""The contents list of a DOCX: a TOC field whose stored result already holds every entry, so
Word and LibreOffice show it complete before anyone updates fields.

Each entry is one link to a bookmark on its heading, holding the entry text, a tab with a dot
leader and a PAGEREF field. The PAGEREF's stored result is the page number the caller knows
(the build takes it from the PDF, laid out from the same tree with the same font and margins);
LibreOffice recomputes PAGEREF fields from its own layout, Word shows the stored number until
fields are updated (F9, or printing with "update fields before printing").

A DOCX can be rendered before its PDF is laid out, with every stored number left empty, and the
numbers filled in afterwards (``fill_pages``): the same XML, byte for byte, as rendering with them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from kitgen.writers.docx_xml import el, qn, text_element

TOC_INSTRUCTION = ' TOC \\o "2-2" \\h \\z \\u '


def bookmark_name(number: int) -> str:
    return f"_Toc_kitgen_{number}"


def add_bookmark(p: Any, number: int) -> None:
    """Mark a heading paragraph as the target of contents entry ``number``."""
    start = el("w:bookmarkStart", id=str(number), name=bookmark_name(number))
    p.insert(0 if p.pPr is None else 1, start)
    p.append(el("w:bookmarkEnd", id=str(number)))


def _run(*children: Any) -> Any:
    run = el("w:r")
    for child in children:
        run.append(child)
    return run


def field_runs(instruction: str, shown: str) -> list[Any]:
    """A complex field: begin, instruction, separate, stored result, end."""
    return [
        _run(el("w:fldChar", fldCharType="begin")),
        _run(text_element(f" {instruction} ", "w:instrText")),
        _run(el("w:fldChar", fldCharType="separate")),
        _run(text_element(shown)),
        _run(el("w:fldChar", fldCharType="end")),
    ]


def fill_entry(p: Any, number: int, text: str, page: int | None) -> None:
    """One contents entry: a single link around the text, the leader tab and the page number."""
    link = el("w:hyperlink", anchor=bookmark_name(number), history="1")
    link.append(_run(text_element(text)))
    link.append(_run(el("w:tab")))
    for run in field_runs(f"PAGEREF {bookmark_name(number)} \\h", "" if page is None else str(page)):
        link.append(run)
    p.append(link)


_ENTRY = re.compile(
    rb'(<w:hyperlink w:anchor="_Toc_kitgen_\d+" w:history="1"><w:r><w:t xml:space="preserve">)'
    rb"([^<]*)"
    rb'(</w:t></w:r><w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    rb'<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc_kitgen_\d+ \\h </w:instrText></w:r>'
    rb'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">)'
    rb"(</w:t>)"
)
"""One entry as ``fill_entry`` writes it and python-docx saves it, its stored page number empty:
the entry text (escaped as XML) is group 2, the number goes between groups 3 and 4."""


def fill_pages(document_xml: bytes, pages: Mapping[str, int]) -> bytes:
    """``word/document.xml`` rendered without page numbers, with each entry's number from
    ``pages`` (by entry text) stored as if it had been rendered with them. Raises ValueError when
    an entry is not in the form ``fill_entry`` writes (or already holds a number), rather than
    leaving a contents list half filled."""

    def number(match: re.Match[bytes]) -> bytes:
        page = pages.get(html.unescape(match[2].decode()))
        shown = b"" if page is None else str(page).encode()
        return match[1] + match[2] + match[3] + shown + match[4]

    filled, count = _ENTRY.subn(number, document_xml)
    if count != document_xml.count(b"> PAGEREF "):
        raise ValueError(f"{count} of {document_xml.count(b'> PAGEREF ')} contents entries could be filled")
    return filled


def open_field(p: Any) -> None:
    """Start the TOC field at the beginning of the first entry."""
    position = 0 if p.pPr is None else 1
    begin, instruction, separate = field_runs(TOC_INSTRUCTION.strip(), "")[:3]
    for offset, run in enumerate((begin, instruction, separate)):
        p.insert(position + offset, run)


def close_field(p: Any) -> None:
    """End the TOC field after the last entry."""
    p.append(_run(el("w:fldChar", fldCharType="end")))


def has_field(p: Any) -> bool:
    return p.find(f".//{qn('w:fldChar')}") is not None


def heading_pages(pdf: bytes) -> dict[str, int]:
    """Page numbers of the level-2 headings of a PDF rendered from the same tree, read from
    its outline (level 1 is the document title, level 2 the headings the contents lists)."""
    from kitgen.pdf_facts import read_facts

    return read_facts(pdf).headings

"""What a screen reader reads in each language of a tagged PDF (PDF/UA-1 7.2, WCAG 3.1.2).

Each marked-content sequence is read in the language of the structure element that owns it: its
own ``/Lang``, else its nearest ancestor's, else the document's. ``text_in`` keeps the text of
one language only (artifacts and untagged text are not read at all) and lets pdftotext read it,
so a test sees the words, not the object numbers.
"""

from __future__ import annotations

import io
import subprocess
from typing import Any

import pikepdf
from tagged_pdf import kids

SHOW_TEXT = frozenset({"Tj", "TJ", "'", '"'})


def _lang(value: Any, inherited: str) -> str:
    return str(value).lower() if value is not None else inherited


def content_languages(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """(page index, MCID) → the language its owning structure element reads it in."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    found: dict[tuple[int, int], str] = {}
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Any, str, Any]] = [
        (kid, _lang(pdf.Root.get("/Lang"), ""), None) for kid in kids(pdf.Root.StructTreeRoot)
    ]
    while stack:
        node, inherited, page = stack.pop()
        if isinstance(node, int):
            found[(pages[page.objgen], node)] = inherited
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") == pikepdf.Name.MCR:
            found[(pages[node.get("/Pg", page).objgen], int(node.MCID))] = inherited
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in seen:
            seen.add(node.objgen)
            lang, page = _lang(node.get("/Lang"), inherited), node.get("/Pg", page)
            stack.extend((kid, lang, page) for kid in kids(node))
    return found


def text_in(data: bytes, lang: str) -> str:
    """The words of ``data`` that a reader reads in ``lang``, as pdftotext lays them out."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        languages = content_languages(pdf)
        for number, page in enumerate(pdf.pages):
            kept: list[Any] = []
            open_: list[str | None] = []  # the language of each open sequence, None when not read
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BMC", "BDC"):
                    properties = operands[1] if op == "BDC" else None
                    if operands[0] == pikepdf.Name.Artifact:
                        open_.append(None)
                    elif isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                        open_.append(languages.get((number, int(properties.MCID))))
                    else:  # a sequence inside tagged content is read as that content
                        open_.append(open_[-1] if open_ else None)
                elif op == "EMC":
                    open_.pop()
                if op in SHOW_TEXT and not (open_ and open_[-1] == lang.lower()):
                    continue
                kept.append(pikepdf.ContentStreamInstruction(operands, operator))
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        out = io.BytesIO()
        pdf.save(out)
    result = subprocess.run(["pdftotext", "-", "-"], input=out.getvalue(), capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())

"""Reading a tagged PDF's structure back the way an accessibility checker does (pikepdf only)."""

from __future__ import annotations

from typing import Any

import pikepdf

PAINTING = frozenset(
    {"Tj", "TJ", "'", '"', "Do", "sh", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "INLINE IMAGE"}
)
"""Operators that put marks on the page; each must sit in tagged content or an artifact."""


def kids(element: Any) -> list[Any]:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def struct_elements(pdf: pikepdf.Pdf) -> list[Any]:
    """Every structure element reachable from the StructTreeRoot, in document order."""
    found: list[Any] = []
    seen: set[tuple[int, int]] = set()

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in seen:
            seen.add(node.objgen)
            found.append(node)
            for kid in kids(node):
                walk(kid)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def _mcids_of(element: Any) -> set[int]:
    """The marked-content ids an element owns directly (integers or MCR dictionaries)."""
    owned = set()
    for kid in kids(element):
        if isinstance(kid, int):
            owned.add(int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            owned.add(int(kid.MCID))
    return owned


def untagged_content(pdf: pikepdf.Pdf) -> list[str]:
    """Everything on the pages a structure-tree walk cannot account for (Matterhorn 01-005):
    marked content that is neither an artifact nor owned by a reachable element, and painting
    operators outside both."""
    reachable = {e.objgen for e in struct_elements(pdf)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    problems: list[str] = []
    for number, page in enumerate(pdf.pages, start=1):
        mcids = parent_tree.get(int(page.obj.get("/StructParents", -1)))
        stack: list[str] = []  # "artifact", "tagged" or "other" for each open sequence
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BMC", "BDC"):
                if operands[0] == pikepdf.Name.Artifact:
                    stack.append("artifact")
                elif op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
                    element = mcids[mcid] if mcids is not None and mcid < len(mcids) else None
                    if (
                        not isinstance(element, pikepdf.Dictionary)
                        or element.objgen not in reachable
                        or mcid not in _mcids_of(element)
                    ):
                        problems.append(
                            f"page {number}: MCID {mcid} is not reachable from the structure tree"
                        )
                    stack.append("tagged")
                else:
                    stack.append("other")
            elif op == "EMC":
                stack.pop()
            elif op in PAINTING and not {"artifact", "tagged"} & set(stack):
                problems.append(f"page {number}: {op} outside tagged content and artifacts")
    return problems


def pagination_artifacts(page: pikepdf.Page) -> int:
    """How many marked-content sequences on ``page`` are pagination artifacts."""
    return sum(
        1
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) == "BDC"
        and operands[0] == pikepdf.Name.Artifact
        and isinstance(operands[1], pikepdf.Dictionary)
        and operands[1].get("/Type") == pikepdf.Name.Pagination
    )

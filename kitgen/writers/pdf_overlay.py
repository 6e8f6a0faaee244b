"""A page of one PDF drawn over a page of another, marked as a pagination artifact.

Used for the guide's page-number stamp (``pdf_parts``). Drawing the stamp page as a form XObject
costs a form, its resources and two more content streams on every page (a tenth of the guide);
so the overlay is first attached as a form (``attach``), which lets ``pdf_fonts`` make its fonts
the page's own, and then written into the page's one content stream (``draw``) when every
resource it names is the page's resource of that name, as in a document laid out whole. When
one is not (a form matrix, a name the page uses for something else), the form stays and is drawn
with ``Do``.
"""

from __future__ import annotations

from typing import Any

import pikepdf

_CATEGORIES = ("/ColorSpace", "/ExtGState", "/Font", "/Pattern", "/Properties", "/Shading", "/XObject")


def attach(pdf: pikepdf.Pdf, page: pikepdf.Page, overlay: pikepdf.Page, name: pikepdf.Name) -> None:
    """``overlay`` (a page of another file) as a form in ``page``'s resources under ``name``, one
    name per page (pages may share their resources; pikepdf's generated names are random, which
    would break reproducibility)."""
    form = pdf.copy_foreign(overlay.as_form_xobject())
    page.add_resource(form, pikepdf.Name.XObject, name, replace_existing=False)


def draw(pdf: pikepdf.Pdf, page: pikepdf.Page, name: pikepdf.Name) -> None:
    """Give ``page`` one content stream: its own content (its graphics state restored), then the
    form attached under ``name`` as a pagination artifact, inline when its resources allow."""
    resources = page.obj.Resources
    form = resources.XObject[name]
    if _inlinable(form, page) and _adopt(resources, form.Resources):
        stamp = b"q\n" + form.read_bytes() + b"\nQ\n"
        del resources.XObject[name]
    else:
        stamp = b"q " + bytes(name.unparse()) + b" Do Q\n"
    content = _content(page)
    page.obj.Contents = pdf.make_stream(
        b"q\n" + content + b"\nQ\n/Artifact <</Type /Pagination>> BDC\n" + stamp + b"EMC\n"
    )


def _content(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(stream.read_bytes() for stream in contents)
    return bytes(contents.read_bytes())


def _inlinable(form: Any, page: pikepdf.Page) -> bool:
    """A form drawn as its content would be: no matrix, clipped to the page's own box."""
    if "/Matrix" in form and [float(v) for v in form.Matrix] != [1, 0, 0, 1, 0, 0]:
        return False
    return [float(v) for v in form.BBox] == [float(v) for v in page.mediabox]


def _adopt(resources: Any, others: Any) -> bool:
    """Add ``others`` to ``resources`` when no name in it stands for something else there;
    ``resources`` is unchanged when one does."""
    missing: list[tuple[str, str, Any]] = []
    for category in _CATEGORIES:
        theirs = others.get(category)
        if theirs is None:
            continue
        ours = resources.get(category)
        for key, value in theirs.items():
            if ours is not None and key in ours:
                if not _same(ours[key], value):
                    return False
            else:
                missing.append((category, key, value))
    for category, key, value in missing:
        if category not in resources:
            resources[category] = pikepdf.Dictionary()
        resources[category][key] = value
    return True


def _same(one: Any, other: Any) -> bool:
    if one.is_indirect or other.is_indirect:
        return bool(one.is_indirect and other.is_indirect and one.objgen == other.objgen)
    return bool(one.unparse() == other.unparse())

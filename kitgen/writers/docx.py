"""Document tree → .docx through python-docx and ``templates/reference.docx``.

Every look (fonts, colours, boxes, list markers, rules) comes from named styles in the
reference document, so a district restyles in Word, not here; this module only picks style
names and writes the structure that assistive technology reads: real Heading styles, real list
numbering, table header rows, alt text, document language and title. Boxes (callouts) are runs
of paragraphs that share one framed, shaded style, which Word and LibreOffice draw as one box:
no layout tables for a screen reader to announce. Tables are for tabular data only.

python-docx is imported inside :func:`render_docx` only, so commands that never write a DOCX
(``validate``, ``list``) do not pay for it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from kitgen import doctree as d
from kitgen.strings import Strings
from kitgen.writers import docx_style as S
from kitgen.writers import docx_toc as toc
from kitgen.writers.docx_fonts import embed_fonts
from kitgen.writers.docx_xml import NS, PPR_ORDER, RPR_ORDER, el, put, qn

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.section import Section, _Footer
    from docx.text.paragraph import Paragraph

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""What Word itself writes; any fixed date makes the archive reproducible."""

REGIONS = {"en": "en-US", "es": "es-US", "fr": "fr-CA", "zh": "zh-CN", "vi": "vi-VN"}
PAGE_TWIPS = {"letter": (12240, 15840), "a4": (11906, 16838)}
PARAGRAPH_STYLES = {"body": "Normal", "lead": "Lead", "small": "Small", "label": "Label"}
BOX_RUNS = {"lead": S.LEAD_SIZE, "small": S.SMALL}
"""Inside a box every paragraph has the box's style; these paragraph styles become run sizes."""


class RenderError(Exception):
    """The tree asks for something the writer must refuse (an image outside the assets)."""


def language_tag(language: str) -> str:
    """A BCP 47 tag with a region, as Word's proofing and screen readers expect ("en" → "en-US")."""
    return language if "-" in language else REGIONS.get(language, language)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a saved package with fixed entry dates, attributes and order.

    python-docx stamps the wall clock on every zip entry, so two saves of the same document
    differ; this makes identical input give identical bytes (within one zlib build).
    """
    return _package(_entries(data))


def fill_pages(data: bytes, pages: Mapping[str, int]) -> bytes:
    """A DOCX rendered with no ``pages``, with the contents' page numbers from ``pages`` put in:
    the bytes ``render_docx`` gives with them, so a guide's DOCX is rendered beside its PDF and
    takes the PDF's numbers afterwards in a fraction of the time (``kitgen.render``)."""
    entries = _entries(data)
    entries["word/document.xml"] = toc.fill_pages(entries["word/document.xml"], pages)
    return _package(entries)


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return {name: src.read(name) for name in src.namelist()}


def _package(entries: Mapping[str, bytes]) -> bytes:
    """The entries zipped with fixed dates, attributes and order."""
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


def _one_page_sizes(word: WordDocument, doc: d.Document) -> None:
    """The sizes print.css gives the two documents that must stay one page in any language: a
    take-home sheet (the one document with a list in columns) a size smaller than the letter, and
    a card set's title small enough that four rows of cards still fit under it."""
    from docx.shared import Pt

    sizes: dict[str, float] = {}
    if any(isinstance(b, d.BulletList) and b.columns > 1 for b in doc.blocks):
        sizes = {"Normal": 10, "Heading 1": 20, "Heading 2": 14}
    elif any(isinstance(b, d.CutCards) and b.uniform for b in doc.blocks):
        sizes = {"Heading 1": 18}
    for name, size in sizes.items():
        word.styles[name].font.size = Pt(size)
    if "Heading 2" in sizes:
        word.styles["Heading 2"].paragraph_format.space_before = Pt(12)
        word.styles["Normal"].paragraph_format.space_after = Pt(4)


def render_docx(
    doc: d.Document,
    templates: Path,
    assets: Path,
    strings: Strings,
    pages: Mapping[str, int] | None = None,
) -> bytes:
    """Render ``doc`` into .docx bytes, styled by ``templates/reference.docx``.

    ``pages`` maps the text of a level-2 heading to its page number; the contents list stores
    those numbers so it reads complete before fields are updated (without it the numbers stay
    empty until then). Images are read from ``assets``; a ``src`` that resolves outside it
    raises :class:`RenderError`. Output depends only on the arguments (no clock, no paths).
    """
    import docx

    word = docx.Document(str(templates / "reference.docx"))
    _one_page_sizes(word, doc)
    _Renderer(word, doc.meta, assets, strings, pages or {}).render(doc.blocks)
    embed_fonts(word)
    buf = io.BytesIO()
    word.save(buf)
    return normalize_zip(buf.getvalue())


def _twips(value: int) -> Any:
    from docx.shared import Twips

    return Twips(value)


class _Box:
    """The callout being rendered: its style ids and the insets that put its frame on the
    edges of the text column (or of the narrow card)."""

    def __init__(self, style: str, look: S.BoxLook, text_width: int) -> None:
        self.style = style
        left_rule = look.left[0] if look.left else look.frame[1]
        self.left = S.pt(S.BOX_PAD_SIDE + left_rule)
        self.right = S.pt(S.BOX_PAD_SIDE + look.frame[1])
        if look.width is not None:
            self.right += max(text_width - look.width, 0)


class _Renderer:
    """One rendering pass over one tree into one opened reference document."""

    def __init__(
        self, word: WordDocument, meta: d.Meta, assets: Path, strings: Strings, pages: Mapping[str, int]
    ) -> None:
        from docx.text.paragraph import Paragraph

        self.Paragraph = Paragraph
        self.word = word
        self.meta = meta
        self.assets = assets.resolve()
        self.strings = strings
        self.pages = pages
        self.body = word.element.body
        self.document_body = self.body
        self.style_ids = {s.name: s.style_id for s in word.styles}
        self.h2_count = 0
        self.pending_break = False
        self.box: _Box | None = None
        self.part: d.PartKind | None = None
        page_w, page_h = PAGE_TWIPS[meta.page_size]
        self.text_width = page_w - 2 * S.MARGIN_SIDE
        for child in list(self.body):
            if child.tag != qn("w:sectPr"):
                self.body.remove(child)
        self.sect_pr = self.body.sectPr
        """The body's last section properties: every paragraph and table goes before them (found
        once; python-docx looks for them among all the body's children on each addition, and for
        every section's on each ``sections[-1]``, which made a long guide quadratic)."""
        section = self._last_section()
        section.page_width, section.page_height = _twips(page_w), _twips(page_h)
        section.top_margin, section.bottom_margin = _twips(S.MARGIN_TOP), _twips(S.MARGIN_BOTTOM)
        section.left_margin = section.right_margin = _twips(S.MARGIN_SIDE)
        self.block_width = section.page_width - section.left_margin - section.right_margin
        section.header_distance = _twips(S.HEADER_DISTANCE)
        section.footer_distance = _twips(S.FOOTER_DISTANCE)
        self._properties()
        numbering = word.part.numbering_part.element
        self.numbering = numbering
        self.abstract = {
            a.find(qn("w:name")).get(qn("w:val")): a.get(qn("w:abstractNumId"))
            for a in numbering.findall(qn("w:abstractNum"))
            if a.find(qn("w:name")) is not None
        }
        self.bullet_num = self._new_num("kitgen-bullet")
        self.check_num = self._new_num("kitgen-check")
        self._footer(section.footer)
        if meta.running_title:
            self._header(section, meta.running_title)
        # the first page carries the title itself: no running header there, as in the PDF
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        self._footer(section.first_page_footer)

    # ------------------------------------------------------------------ document frame

    def _last_section(self) -> Section:
        from docx.section import Section

        return Section(self.sect_pr, self.word.part)

    def _add_p(self) -> Any:
        """A new paragraph at the end of the body, or of the table cell being filled."""
        from docx.oxml.parser import OxmlElement

        if self.body is not self.document_body:
            return self.body.add_p()
        p_el = OxmlElement("w:p")
        self.sect_pr.addprevious(p_el)
        return p_el

    def _add_table(self, rows: int, cols: int) -> Any:
        """A new table at the end of the body, as ``Document.add_table`` makes it."""
        from docx.oxml.table import CT_Tbl
        from docx.shared import Emu
        from docx.table import Table

        tbl = CT_Tbl.new_tbl(rows, cols, Emu(self.block_width))
        self.sect_pr.addprevious(tbl)
        table = Table(tbl, self.word._body)
        table.style = None
        return table

    def _properties(self) -> None:
        """Title, language and dates from the tree; nothing from the clock or the template."""
        meta, tag = self.meta, language_tag(self.meta.language)
        cp = self.word.core_properties
        cp.title, cp.subject, cp.author = meta.title, meta.subject, meta.author
        cp.language, cp.comments, cp.keywords, cp.category = tag, "", "", ""
        cp.last_modified_by, cp.revision = meta.author, 1
        cp.created = cp.modified = dt.datetime.fromisoformat(meta.date).replace(tzinfo=None)
        styles = self.word.styles.element
        rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang"))
        if lang is None:  # an lxml element with no children is falsy: never `x or y`
            lang = el("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)

    def _header(self, section: Section, text: str) -> None:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = text

    def _footer(self, footer: _Footer) -> None:
        """Footer text, then "Page X of Y" with live PAGE/NUMPAGES fields, from the string table."""
        footer.is_linked_to_previous = False
        from docx.enum.text import WD_TAB_ALIGNMENT

        p = footer.paragraphs[0]
        p.paragraph_format.tab_stops.add_tab_stop(_twips(self.text_width), WD_TAB_ALIGNMENT.RIGHT)
        p.add_run(f"{self.meta.footer}\t")
        mark = "\x00"
        label = self.strings("page_of", page=f"{mark}PAGE{mark}", total=f"{mark}NUMPAGES{mark}")
        for i, piece in enumerate(label.split(mark)):
            if i % 2:
                # a complex field: LibreOffice ignores the simpler w:fldSimple in footers
                for run in toc.field_runs(piece, "1"):
                    p._p.append(run)
                    put(run.get_or_add_rPr(), el("w:b"), RPR_ORDER)
            elif piece:
                p.add_run(piece)

    def _in_columns(self, node: d.BulletList, last: bool) -> None:
        """A list set side by side, as the PDF does: a continuous section of ``columns`` columns
        after one of one column, and before another unless the list ends the document (an empty
        last section would only add a page)."""
        from docx.enum.section import WD_SECTION

        self._new_section("continuous")
        self._list(node, 0)
        if not last:
            self._new_section("continuous")
        ended = self.sect_pr if last else self.sect_pr.getprevious().find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        cols = ended.find(qn("w:cols"))
        if cols is None:  # its place in the schema is right after the page margins
            cols = el("w:cols")
            ended.find(qn("w:pgMar")).addnext(cols)
        cols.set(qn("w:num"), str(node.columns))
        cols.set(qn("w:space"), "360")
        if not last:
            self._last_section().start_type = WD_SECTION.CONTINUOUS

    def _new_section(self, start: str, running: str | None = None) -> None:
        """End the current section on its last paragraph and start one of type ``start``
        (nextPage, oddPage); it keeps the headers and footer unless ``running`` gives it a new
        running header."""
        from docx.enum.section import WD_SECTION

        last = self.sect_pr.getprevious()
        if last is not None:
            sect_pr = self.sect_pr
            # LibreOffice loses later fields (page numbers) when a section ends inside the
            # paragraph that closes the contents field, and drops an empty paragraph that
            # ends a section (a write-in box); give the break its own tiny paragraph then
            if last.tag != qn("w:p") or toc.has_field(last) or last.find(f".//{qn('w:t')}") is None:
                last = self._add_p()
                last.style = self.style_ids["Section Break"]
            last.set_sectPr(copy.deepcopy(sect_pr))
            for ref in sect_pr.xpath("w:headerReference|w:footerReference|w:titlePg"):
                sect_pr.remove(ref)
        self.pending_break = False
        section = self._last_section()
        section.start_type = {"oddPage": WD_SECTION.ODD_PAGE, "continuous": WD_SECTION.CONTINUOUS}.get(
            start, WD_SECTION.NEW_PAGE
        )
        if running is not None:
            self._header(section, running)

    # ------------------------------------------------------------------ blocks

    def render(self, blocks: tuple[d.Block, ...], depth: int = 0) -> None:
        for i, block in enumerate(blocks):
            following = blocks[i + 1 :]
            if isinstance(block, d.PageBreak):
                # a section start already turns the page; a break at the very end adds a blank one
                nxt = following[0] if following else None
                starts_section = isinstance(nxt, d.Part) or (
                    isinstance(nxt, d.Heading) and nxt.running is not None
                )
                if nxt is not None and not starts_section:
                    self.pending_break = True
            elif isinstance(block, d.Contents):
                self._contents(block, following)
            elif isinstance(block, d.BulletList) and block.columns > 1 and depth == 0 and self.box is None:
                self._in_columns(block, last=not following)
            else:
                self._block(block, depth)
                if isinstance(block, d.Part) and block.kind == "hand_in" and following:
                    self._new_section("oddPage")  # what the student keeps is not on its back

    def _block(self, block: d.Block, depth: int) -> None:
        match block:
            case d.Heading():
                if block.running is not None and self.box is None:
                    self._new_section("nextPage", block.running)
                p = self._paragraph(f"Heading {block.level}", depth)
                if self.box is not None:
                    self._frame_like_box(p._p)
                if block.level == 2:
                    self.h2_count += 1
                    toc.add_bookmark(p._p, self.h2_count)
                self._inlines(p, block.children)
            case d.Paragraph():
                self._text_paragraph(block, depth)
            case d.BulletList() | d.NumberedList():
                self._list(block, depth)
            case d.Table():
                self._table(block, depth)
            case d.Callout():
                self._callout(block, depth)
            case d.WriteIn():
                self._write_in(block, depth)
            case d.Keep():
                self._keep(block, depth)
            case d.Part():
                first = len(self.body) - 1
                if block.kind == "hand_in":
                    self._new_section("oddPage")
                self._paragraph("Part Title").add_run(block.title)
                self.part = block.kind
                self.render(block.blocks, depth)
                self.part = None
                if block.kind == "keep":  # kept whole, wherever it falls
                    self._keep_together(first)
            case d.Image():
                self._image(block, depth)
            case d.CutLine():
                self._paragraph("Cut Line", depth).add_run(block.label)
            case d.CutCards():
                self._cut_cards(block)
            case d.PageBreak() | d.Contents():
                self.render((block,), depth)
            case _:
                assert_never(block)

    def _paragraph(self, style: str, depth: int = 0) -> Paragraph:
        """A new paragraph of ``style`` at the end of the body; inside a box it takes the box's
        style instead (the caller frames headings), inset to the box's frame."""
        p_el = self._add_p()
        inside = self.box is not None and not style.startswith("Heading")
        p_el.style = self.box.style if inside and self.box is not None else self.style_ids[style]
        if self.box is not None:
            self._indent(p_el, self.box.left + S.LIST_INDENT * depth, self.box.right, S.LIST_INDENT * depth)
            if depth:  # a list item's further paragraph: starts at the frame, tabs to its text
                p_el.append(el("w:r"))
                p_el[-1].append(el("w:tab"))
        elif depth:
            self._indent(p_el, S.LIST_INDENT * depth)
        if self.pending_break:
            put(p_el.get_or_add_pPr(), el("w:pageBreakBefore"), PPR_ORDER)
            self.pending_break = False
        return self.Paragraph(p_el, self.word._body)

    @staticmethod
    def _indent(p_el: Any, left: int, right: int = 0, hanging: int = 0) -> None:
        attrs = {"left": str(left), "right": str(right)}
        if hanging:
            attrs["hanging"] = str(hanging)
        put(p_el.get_or_add_pPr(), el("w:ind", **attrs), PPR_ORDER)

    def _frame_like_box(self, p_el: Any) -> None:
        """Give a heading inside a box the box's frame and fill, so the box stays one."""
        assert self.box is not None
        style = self.word.styles.element.xpath(f'w:style[@w:styleId="{self.box.style}"]')[0]
        for tag in ("w:pBdr", "w:shd"):
            found = style.find(f"{qn('w:pPr')}/{qn(tag)}")
            if found is not None:
                put(p_el.get_or_add_pPr(), copy.deepcopy(found), PPR_ORDER)

    def _text_paragraph(self, node: d.Paragraph, depth: int) -> None:
        p = self._paragraph(PARAGRAPH_STYLES[node.style], depth)
        self._inlines(p, node.children)
        if self.part == "keep" and self.box is not None and depth:
            self._compact_note(p._p)
        if node.introduces:
            put(p._p.get_or_add_pPr(), el("w:keepNext"), PPR_ORDER)
        if self.box is None or node.style == "body":
            return
        if node.style == "label":
            put(p._p.get_or_add_pPr(), el("w:keepNext"), PPR_ORDER)
        for run in p._p.iter(qn("w:r")):
            rpr = run.get_or_add_rPr()
            if node.style == "label":
                put(rpr, el("w:b"), RPR_ORDER)
            else:
                half = str(S.half_points(BOX_RUNS[node.style]))
                put(rpr, el("w:color", val=S.MUTED if node.style == "small" else S.LEAD), RPR_ORDER)
                put(rpr, el("w:sz", val=half), RPR_ORDER)
                put(rpr, el("w:szCs", val=half), RPR_ORDER)

    def _compact_note(self, p_el: Any) -> None:
        """A note under an item in a box on the page a student keeps: smaller and close to its
        item, so the whole page fits on one sheet (as the PDF's ``.part-keep`` rules do)."""
        self._space_after(p_el, S.KEEP_NOTE_AFTER)
        half = str(S.half_points(S.KEEP_NOTE))
        for run in p_el.iter(qn("w:r")):
            rpr = run.get_or_add_rPr()
            put(rpr, el("w:sz", val=half), RPR_ORDER)
            put(rpr, el("w:szCs", val=half), RPR_ORDER)

    def _contents(self, node: d.Contents, following: tuple[d.Block, ...]) -> None:
        """A TOC field whose stored result already lists the level-2 headings that follow, as
        links with page numbers (see :mod:`kitgen.writers.docx_toc`)."""
        self._paragraph("TOC Heading").add_run(node.title)
        entries = [
            d.plain_text(b.children) for b in d.walk(following) if isinstance(b, d.Heading) and b.level == 2
        ]
        paragraphs = []
        for number, text in enumerate(entries or [""], start=self.h2_count + 1):
            p = self._paragraph("toc 2")
            box = _Box("TOC2", S.CONTENTS, self.text_width)
            self._indent(p._p, box.left, box.right)
            tabs = el("w:tabs")
            tabs.append(el("w:tab", val="right", leader="dot", pos=str(self.text_width - box.right)))
            put(p._p.get_or_add_pPr(), tabs, PPR_ORDER)
            if text:
                toc.fill_entry(p._p, number, text, self.pages.get(text))
            paragraphs.append(p._p)
        toc.open_field(paragraphs[0])
        toc.close_field(paragraphs[-1])

    def _new_num(self, abstract_name: str) -> str:
        """A numbering instance of a template list definition, restarting at 1."""
        num = self.numbering.add_num(int(self.abstract[abstract_name]))
        override = el("w:lvlOverride", ilvl="0")
        override.append(el("w:startOverride", val="1"))
        num.append(override)
        return str(num.numId)

    def _list(self, node: d.BulletList | d.NumberedList, depth: int) -> None:
        if isinstance(node, d.NumberedList):
            num_id, style = self._new_num("kitgen-number"), "List Number"
        elif node.checklist:
            num_id, style = self.check_num, "List Checklist"
        else:
            num_id, style = self.bullet_num, "List Bullet"
        for item in node.items:
            p = self._paragraph(style)
            p_pr = p._p.get_or_add_pPr()
            num_pr = p_pr.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = min(depth, 3)
            num_pr.get_or_add_numId().val = int(num_id)
            if self.box is not None:  # marker on the frame's inner edge, as every box line
                text_at = S.LIST_INDENT * (depth + 1)
                self._indent(p._p, self.box.left + text_at, self.box.right, text_at)
                put(p_pr, el("w:spacing", before="0", after=str(S.LIST_AFTER)), PPR_ORDER)
            self._inlines(p, item.children)
            if isinstance(node, d.BulletList) and node.columns > 1:
                self._small_runs(p._p)  # short items the PDF sets side by side in small type
            self.render(item.blocks, depth + 1)
        if depth == 0:
            self._space_after(self.body[-2], S.LIST_END)

    @staticmethod
    def _small_runs(p_el: Any) -> None:
        half = str(S.half_points(S.SMALL))
        for run in p_el.iter(qn("w:r")):
            rpr = run.get_or_add_rPr()
            put(rpr, el("w:sz", val=half), RPR_ORDER)
            put(rpr, el("w:szCs", val=half), RPR_ORDER)

    @staticmethod
    def _space_after(p_el: Any, after: int) -> None:
        """Set the space below a paragraph, keeping the space above it."""
        if p_el.tag != qn("w:p"):
            return
        p_pr = p_el.get_or_add_pPr()
        old = p_pr.find(qn("w:spacing"))
        spacing = el(
            "w:spacing", before="0" if old is None else old.get(qn("w:before"), "0"), after=str(after)
        )
        put(p_pr, spacing, PPR_ORDER)

    def _available(self, depth: int) -> int:
        inset = 0 if self.box is None else self.box.left + self.box.right
        return self.text_width - inset - S.LIST_INDENT * depth

    def _table(self, node: d.Table, depth: int) -> None:
        if not node.rows:
            return
        ncols = max(len(row) for row in node.rows)
        self._paragraph("Caption", depth).add_run(node.caption)
        table = self._add_table(len(node.rows), ncols)
        table.style = "Response Table" if node.write_lines else "Data Table"
        available = self._available(depth)
        ratios = node.widths if len(node.widths) == ncols and sum(node.widths) > 0 else (1,) * ncols
        widths = [available * r // sum(ratios) for r in ratios]
        tbl = table._tbl
        tbl.tblPr.find(qn("w:tblW")).attrib.update({qn("w:w"): str(sum(widths)), qn("w:type"): "dxa"})
        if depth:
            tbl.tblPr.find(qn("w:tblW")).addnext(el("w:tblInd", w=str(S.LIST_INDENT * depth), type="dxa"))
        look = tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:
            tbl.tblPr.remove(look)
        header = "1" if node.header_rows else "0"
        banded = "1" if node.write_lines else "0"
        bits = (0x20 if node.header_rows else 0) | (0x200 if node.write_lines else 0) | 0x400
        tbl.tblPr.append(
            el(
                "w:tblLook",
                val=f"{bits:04X}",
                firstRow=header,
                lastRow="0",
                firstColumn="0",
                lastColumn="0",
                noHBand=banded,
                noVBand="1",
            )
        )
        tbl.tblPr.append(el("w:tblCaption", val=node.caption))
        for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = _twips(width)
        heading_style, text_style = self.style_ids["Table Heading"], self.style_ids["Table Text"]
        for r, (row, data) in enumerate(zip(table.rows, node.rows, strict=True)):
            is_header = r < node.header_rows
            tr_pr = row._tr.get_or_add_trPr()
            if is_header or not node.long_rows:
                tr_pr.append(el("w:cantSplit"))
            if is_header:
                tr_pr.append(el("w:tblHeader"))
            elif node.write_lines:
                tr_pr.append(el("w:trHeight", val=str(node.write_lines * S.WRITE_LINE), hRule="atLeast"))
            for c, cell in enumerate(row.cells):
                cell.width = _twips(widths[c])
                p = cell.paragraphs[0]
                p._p.style = heading_style if is_header else text_style
                if c < len(data):
                    self._inlines(p, data[c])
        self._paragraph("Spacer")

    def _callout(self, node: d.Callout, depth: int) -> None:
        """Paragraphs of the kind's box style, the first one the title (a bold label, not a
        heading) with the audience label beside it."""
        style = f"Callout{node.kind.capitalize()}"
        outer, self.box = self.box, _Box(style, S.BOXES[node.kind], self.text_width)
        title = self._paragraph("Callout Title")
        title._p.style = f"{style}Title"
        title.add_run(node.title)
        if node.label:
            label = title.add_run(f" · {node.label}")
            label._r.style = self.style_ids["Callout Label"]
        self.render(node.blocks, 0)
        self._space_after(self.body[-2], S.BOX_MARGIN)
        self.box = outer

    def _cut_cards(self, node: d.CutCards) -> None:
        """Cards side by side need a grid, so this is the one layout table: no caption, no header
        row, dashed borders to cut along, rows that never split. Uniform cards are rows of one
        exact height with their text large and centred, as in the PDF."""
        columns = max(node.columns, 1)
        rows = [node.cards[i : i + columns] for i in range(0, len(node.cards), columns)]
        table = self._add_table(len(rows), columns)
        tbl = table._tbl
        tbl.tblPr.find(qn("w:tblW")).attrib.update({qn("w:w"): str(self.text_width), qn("w:type"): "dxa"})
        borders = el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(el(f"w:{side}", val="dashed", sz="10", space="0", color=S.INK))
        width = tbl.tblPr.find(qn("w:tblW"))
        width.addnext(borders)
        layout = el("w:tblLayout", type="fixed")
        borders.addnext(layout)
        margins = el("w:tblCellMar")
        for side, twips in (("top", S.pt(6)), ("left", S.pt(10)), ("bottom", S.pt(4)), ("right", S.pt(10))):
            margins.append(el(f"w:{side}", w=str(twips), type="dxa"))
        layout.addnext(margins)
        for grid_col in tbl.tblGrid.gridCol_lst:
            grid_col.w = _twips(self.text_width // columns)
        body = self.body
        for row, cards in zip(table.rows, rows, strict=True):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(el("w:cantSplit"))
            height = el("w:trHeight", val=str(S.inch(1.85 if node.uniform else 2)), hRule="atLeast")
            if node.uniform:
                height.set(qn("w:hRule"), "exact")
            tr_pr.append(height)
            for c, cell in enumerate(row.cells):
                cell.width = _twips(self.text_width // columns)
                tc = cell._tc
                for p_el in tc.findall(qn("w:p")):
                    tc.remove(p_el)
                if node.uniform:
                    tc.get_or_add_tcPr().append(el("w:vAlign", val="center"))
                self.body = tc
                self.render(cards[c] if c < len(cards) else (), 0)
                self.body = body
                if tc.find(qn("w:p")) is None:
                    tc.add_p()
                if node.uniform:
                    self._large_centred(tc)
        self._paragraph("Spacer")

    def _large_centred(self, tc: Any) -> None:
        """A card set's card: its text centred in 16 pt, its small label left as it is."""
        half = str(S.half_points(16))
        for p_el in tc.findall(qn("w:p")):
            put(p_el.get_or_add_pPr(), el("w:jc", val="center"), PPR_ORDER)
            if p_el.style == self.style_ids["Small"]:
                continue
            for run in p_el.iter(qn("w:r")):
                rpr = run.get_or_add_rPr()
                put(rpr, el("w:sz", val=half), RPR_ORDER)
                put(rpr, el("w:szCs", val=half), RPR_ORDER)

    def _write_in(self, node: d.WriteIn, depth: int) -> None:
        """One paragraph per space: ruled lines as tabs with an underline leader to the right
        edge, one line apart; or an empty framed paragraph as tall as the lines."""
        lines = max(node.lines, 1)
        if node.box:
            p = self._paragraph("Write-in Box", depth)
            put(
                p._p.get_or_add_pPr(),
                el("w:spacing", line=str(lines * S.WRITE_LINE), lineRule="exact"),
                PPR_ORDER,
            )
            return
        p = self._paragraph("Write-in", depth)
        tabs = el("w:tabs")
        tabs.append(el("w:tab", val="right", leader="underscore", pos=str(self._available(depth))))
        put(p._p.get_or_add_pPr(), tabs, PPR_ORDER)
        for number in range(lines):
            run = el("w:r")
            if number:
                run.append(el("w:br"))
            run.append(el("w:tab"))
            p._p.append(run)

    def _keep(self, node: d.Keep, depth: int) -> None:
        first = len(self.body) - 1
        self.render(node.blocks, depth)
        self._keep_together(first)

    def _keep_together(self, first: int) -> None:
        """Keep what was added after body child ``first`` on one page: every paragraph stays with
        the next but the last, none splits, table rows do not split (python-docx puts tables
        before the final sectPr)."""
        paragraphs = [p for child in self.body[first:-1] for p in child.iter(qn("w:p"))]
        for number, p_el in enumerate(paragraphs):
            p_pr = p_el.get_or_add_pPr()
            if number < len(paragraphs) - 1:
                put(p_pr, el("w:keepNext"), PPR_ORDER)
            put(p_pr, el("w:keepLines"), PPR_ORDER)

    def _image(self, node: d.Image, depth: int) -> None:
        path = (self.assets / node.src).resolve()
        if not path.is_relative_to(self.assets) or not path.is_file():
            raise RenderError(f"image {node.src!r} is not a file inside the assets folder")
        if not node.alt.strip():
            raise RenderError(f"image {node.src!r} has no alt text")
        p = self._paragraph("Figure", depth)
        percent = min(max(node.width_percent, 5), 100)
        width = self._available(depth) * percent // 100
        shape = p.add_run().add_picture(str(path), width=_twips(width))
        inline = shape._inline
        inline.docPr.set("descr", node.alt)
        for c_nv_pr in inline.iter(f"{{{NS['pic']}}}cNvPr"):
            c_nv_pr.set("descr", node.alt)
        if node.caption:
            self._paragraph("Figure Caption", depth).add_run(node.caption)

    # ------------------------------------------------------------------ inlines

    def _inlines(
        self,
        p: Paragraph,
        nodes: tuple[d.Inline, ...],
        bold: bool = False,
        italic: bool = False,
        link: Any = None,
        lang: str | None = None,
    ) -> None:
        for node in nodes:
            match node:
                case d.Text():
                    run = p.add_run(node.text)
                    if bold:
                        run.bold = True
                    if italic:
                        run.italic = True
                    if lang is not None:  # a passage in another language than the document's
                        put(run._r.get_or_add_rPr(), el("w:lang", val=language_tag(lang)), RPR_ORDER)
                    if link is not None:
                        run._r.style = self.style_ids["Hyperlink"]
                        link.append(run._r)
                case d.Strong():
                    self._inlines(p, node.children, True, italic, link, lang)
                case d.Emph():
                    self._inlines(p, node.children, bold, True, link, lang)
                case d.Span():
                    self._inlines(p, node.children, bold, italic, link, node.lang)
                case d.Link():
                    from docx.opc.constants import RELATIONSHIP_TYPE as RT

                    rel_id = p.part.relate_to(node.href, RT.HYPERLINK, is_external=True)
                    element = el("w:hyperlink", **{"r:id": rel_id})
                    p._p.append(element)
                    self._inlines(p, node.children, bold, italic, element, lang)
                case d.LineBreak():
                    run = el("w:r")
                    run.append(el("w:br"))
                    (link if link is not None else p._p).append(run)
                case d.Blank():
                    self._blank(p, node)
                case _:
                    assert_never(node)

    def _blank(self, p: Paragraph, node: d.Blank) -> None:
        """A line to write on: one underlined no-break space stretched to the blank's width by
        character spacing, not a row of underscores or spaces. The label is not printed: the
        text before a blank names it ("Name:"), as in the PDF, where it is only tagged."""
        run = p.add_run("\u00a0")
        run._r.style = self.style_ids["Blank"]
        width = max(node.width_em, 1) * S.half_points(S.BODY) * 10  # em → twips
        put(run._r.get_or_add_rPr(), el("w:spacing", val=str(min(width, 31680))), RPR_ORDER)

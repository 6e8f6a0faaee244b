"""Document tree → .docx through python-docx and ``templates/reference.docx``.

Every look (fonts, colours, boxes, list markers, rules) comes from named styles in the
reference document, so a district restyles in Word, not here; this module only picks style
names and writes the structure that assistive technology reads: real Heading styles, real list
numbering, table header rows, alt text, document language and title.

python-docx is imported inside :func:`render_docx` only, so commands that never write a DOCX
(``validate``, a no-op rebuild) do not pay for it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kitgen import doctree as d
from kitgen.strings import Strings

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.section import Section
    from docx.shared import Length
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    Parent = WordDocument | _Cell

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""What Word itself writes; any fixed date makes the archive reproducible."""

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
REGIONS = {"en": "en-US", "es": "es-US", "fr": "fr-CA", "zh": "zh-CN", "vi": "vi-VN"}
PAGE_TWIPS = {"letter": (12240, 15840), "a4": (11906, 16838)}
MARGIN = 1440  # one inch
LIST_INDENT = 400  # twips per nesting level; matches the numbering levels in the template
CALLOUT_INSET = 500  # twips a callout's cell margins and bar take from the text width
PARAGRAPH_STYLES = {"body": "Normal", "lead": "Lead", "small": "Small", "label": "Label"}
TOC_INSTRUCTION = ' TOC \\o "2-2" \\h \\z \\u '


class RenderError(Exception):
    """The tree asks for something the writer must refuse (an image outside the assets)."""


def qn(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def language_tag(language: str) -> str:
    """A BCP 47 tag with a region, as Word's proofing and screen readers expect ("en" → "en-US")."""
    return language if "-" in language else REGIONS.get(language, language)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a saved package with fixed entry dates, attributes and order.

    python-docx stamps the wall clock on every zip entry, so two saves of the same document
    differ; this makes identical input give identical bytes (within one zlib build).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()


def render_docx(doc: d.Document, templates: Path, assets: Path, strings: Strings) -> bytes:
    """Render ``doc`` into .docx bytes, styled by ``templates/reference.docx``.

    Images are read from ``assets``; a ``src`` that resolves outside it raises
    :class:`RenderError`. Output depends only on the arguments (no clock, no paths).
    """
    import docx

    word = docx.Document(str(templates / "reference.docx"))
    _Renderer(word, doc.meta, assets, strings).render(doc.blocks)
    buf = io.BytesIO()
    word.save(buf)
    return normalize_zip(buf.getvalue())


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}") if ":" not in key else qn(key), value)
    return element


def _twips(value: int) -> Length:
    from docx.shared import Twips

    return Twips(value)


def _level2_headings(blocks: tuple[d.Block, ...]) -> list[str]:
    """Level-2 headings in the order the renderer meets them (callouts and list items included)."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, d.Heading) and block.level == 2:
            found.append(d.plain_text(block.children))
        elif isinstance(block, d.Callout):
            found += _level2_headings(block.blocks)
        elif isinstance(block, d.BulletList | d.NumberedList):
            for item in block.items:
                found += _level2_headings(item.blocks)
    return found


class _Renderer:
    """One rendering pass over one tree into one opened reference document."""

    def __init__(self, word: WordDocument, meta: d.Meta, assets: Path, strings: Strings) -> None:
        self.word = word
        self.meta = meta
        self.assets = assets.resolve()
        self.strings = strings
        self.body = word.element.body
        self.h2_count = 0
        self.pending_break = False
        page_w, page_h = PAGE_TWIPS[meta.page_size]
        self.text_width = page_w - 2 * MARGIN
        for child in list(self.body):
            if child.tag != qn("w:sectPr"):
                self.body.remove(child)
        section = word.sections[0]
        section.page_width, section.page_height = _twips(page_w), _twips(page_h)
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, _twips(MARGIN))
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
        self._footer(section)
        if meta.running_title:
            self._header(section, meta.running_title)

    # ------------------------------------------------------------------ document frame

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
            lang = _el("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)
        theme_lang = self.word.settings.element.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), tag)

    def _header(self, section: Section, text: str) -> None:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = text

    def _footer(self, section: Section) -> None:
        """Footer text, then "Page X of Y" with live PAGE/NUMPAGES fields, from the string table."""
        section.footer.is_linked_to_previous = False
        from docx.enum.text import WD_TAB_ALIGNMENT

        p = section.footer.paragraphs[0]
        p.paragraph_format.tab_stops.add_tab_stop(_twips(self.text_width), WD_TAB_ALIGNMENT.RIGHT)
        p.add_run(f"{self.meta.footer}\t")
        mark = "\x00"
        label = self.strings("page_of", page=f"{mark}PAGE{mark}", total=f"{mark}NUMPAGES{mark}")
        for i, piece in enumerate(label.split(mark)):
            if i % 2:
                self._field(p, piece, "1")
            elif piece:
                p.add_run(piece)

    @staticmethod
    def _field(p: Paragraph, instruction: str, shown: str) -> None:
        """A complex field (begin, instruction, separate, stored result, end); LibreOffice
        ignores the simpler w:fldSimple in footers."""
        instr = _el("w:instrText")
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        instr.text = f" {instruction} "
        result = _el("w:t")
        result.text = shown
        for piece in (
            _el("w:fldChar", fldCharType="begin"),
            instr,
            _el("w:fldChar", fldCharType="separate"),
            result,
            _el("w:fldChar", fldCharType="end"),
        ):
            run = _el("w:r")
            run.append(piece)
            p._p.append(run)

    def _section(self, running: str) -> None:
        """End the current section on its last paragraph and start one on a new page whose
        header shows ``running``; the footer is inherited from the first section."""
        content = [c for c in self.body if c.tag != qn("w:sectPr")]
        if content:
            sect_pr = self.body.sectPr
            last = content[-1]
            # LibreOffice loses later fields (page numbers) when a section ends inside the
            # paragraph that closes the contents field; give the break its own paragraph then
            if last.tag != qn("w:p") or last.find(f".//{qn('w:fldChar')}") is not None:
                last = self.body.add_p()
            last.set_sectPr(copy.deepcopy(sect_pr))
            for ref in sect_pr.xpath("w:headerReference|w:footerReference|w:titlePg"):
                sect_pr.remove(ref)
        self.pending_break = False
        self._header(self.word.sections[-1], running)

    # ------------------------------------------------------------------ blocks

    def render(self, blocks: tuple[d.Block, ...], parent: Parent | None = None, depth: int = 0) -> None:
        target: Parent = self.word if parent is None else parent
        for i, block in enumerate(blocks):
            following = blocks[i + 1 :]
            if isinstance(block, d.PageBreak):
                # a section start already turns the page; a break at the very end adds a blank one
                nxt = following[0] if following else None
                if nxt is not None and not (isinstance(nxt, d.Heading) and nxt.running is not None):
                    self.pending_break = True
            elif isinstance(block, d.Contents):
                self._contents(block, target, following)
            else:
                self._block(block, target, depth)

    def _block(self, block: d.Block, parent: Parent, depth: int) -> None:
        match block:
            case d.Heading():
                if block.running is not None and parent is self.word:
                    self._section(block.running)
                p = self._paragraph(parent, f"Heading {block.level}")
                if block.level == 2:
                    self._bookmark(p)
                self._inlines(p, block.children)
            case d.Paragraph():
                p = self._paragraph(parent, PARAGRAPH_STYLES[block.style], depth)
                self._inlines(p, block.children)
            case d.BulletList() | d.NumberedList():
                self._list(block, parent, depth)
            case d.Table():
                self._table(block, parent, depth)
            case d.Callout():
                self._callout(block, parent, depth)
            case d.WriteIn():
                for _ in range(max(block.lines, 1)):
                    self._paragraph(parent, "Write-in", depth)
            case d.Image():
                self._image(block, parent, depth)
            case d.PageBreak() | d.Contents():
                self.render((block,), parent, depth)

    def _paragraph(self, parent: Parent, style: str, depth: int = 0) -> Paragraph:
        p = parent.add_paragraph(style=style)
        if depth:
            p.paragraph_format.left_indent = _twips(LIST_INDENT * depth)
        if self.pending_break:
            p.paragraph_format.page_break_before = True
            self.pending_break = False
        return p

    def _spacer(self, parent: Parent) -> None:
        """Space after a box; also keeps Word from merging two adjacent tables into one."""
        self._paragraph(parent, "Spacer")

    def _bookmark(self, p: Paragraph) -> None:
        """Mark a level-2 heading as a target for the static contents list."""
        self.h2_count += 1
        ident = str(self.h2_count)
        start = _el("w:bookmarkStart", id=ident, name=f"_Toc_kitgen_{ident}")
        p_pr = p._p.pPr
        p._p.insert(0 if p_pr is None else 1, start)
        p._p.append(_el("w:bookmarkEnd", id=ident))

    def _contents(self, node: d.Contents, parent: Parent, following: tuple[d.Block, ...]) -> None:
        """A TOC field whose stored result already lists the level-2 headings that follow, as
        links, so the contents read correctly before anyone updates fields (Word: F9)."""
        self._paragraph(parent, "TOC Heading").add_run(node.title)
        entries = _level2_headings(following) or [""]
        paragraphs = []
        for offset, text in enumerate(entries, start=self.h2_count + 1):
            p = self._paragraph(parent, "toc 2")
            if text:
                link = _el("w:hyperlink", anchor=f"_Toc_kitgen_{offset}")
                p._p.append(link)
                run = p.add_run(text)
                link.append(run._r)
            paragraphs.append(p)
        first = paragraphs[0]._p
        pos = 0 if first.pPr is None else 1
        instr = _el("w:instrText")
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        instr.text = TOC_INSTRUCTION
        for offset, piece in enumerate(
            (_el("w:fldChar", fldCharType="begin"), instr, _el("w:fldChar", fldCharType="separate"))
        ):
            run = _el("w:r")
            run.append(piece)
            first.insert(pos + offset, run)
        end = _el("w:r")
        end.append(_el("w:fldChar", fldCharType="end"))
        self._paragraph(parent, "Spacer")._p.append(end)

    def _new_num(self, abstract_name: str) -> str:
        """A numbering instance of a template list definition, restarting at 1."""
        num = self.numbering.add_num(int(self.abstract[abstract_name]))
        override = _el("w:lvlOverride", ilvl="0")
        override.append(_el("w:startOverride", val="1"))
        num.append(override)
        return str(num.numId)

    def _list(self, node: d.BulletList | d.NumberedList, parent: Parent, depth: int) -> None:
        if isinstance(node, d.NumberedList):
            num_id, style = self._new_num("kitgen-number"), "List Number"
        elif node.checklist:
            num_id, style = self.check_num, "List Checklist"
        else:
            num_id, style = self.bullet_num, "List Bullet"
        for item in node.items:
            p = self._paragraph(parent, style)
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = min(depth, 3)
            num_pr.get_or_add_numId().val = int(num_id)
            self._inlines(p, item.children)
            self.render(item.blocks, parent, depth + 1)

    def _available(self, parent: Parent, depth: int) -> int:
        inset = 0 if parent is self.word else CALLOUT_INSET
        return self.text_width - inset - LIST_INDENT * depth

    def _table(self, node: d.Table, parent: Parent, depth: int) -> None:
        if not node.rows:
            return
        ncols = max(len(row) for row in node.rows)
        self._paragraph(parent, "Caption", depth).add_run(node.caption)
        table = parent.add_table(len(node.rows), ncols)
        table.style = "Data Table"
        available = self._available(parent, depth)
        ratios = node.widths if len(node.widths) == ncols and sum(node.widths) > 0 else (1,) * ncols
        widths = [available * r // sum(ratios) for r in ratios]
        tbl = table._tbl
        tbl.tblPr.find(qn("w:tblW")).attrib.update({qn("w:w"): str(sum(widths)), qn("w:type"): "dxa"})
        if depth:
            tbl.tblPr.find(qn("w:tblW")).addnext(_el("w:tblInd", w=str(LIST_INDENT * depth), type="dxa"))
        tbl.tblPr.append(_el("w:tblCaption", val=node.caption))
        for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = _twips(width)
        for r, (row, data) in enumerate(zip(table.rows, node.rows, strict=True)):
            header = r < node.header_rows
            if header:
                tr_pr = row._tr.get_or_add_trPr()
                tr_pr.append(_el("w:cantSplit"))
                tr_pr.append(_el("w:tblHeader"))
            for c, cell in enumerate(row.cells):
                cell.width = _twips(widths[c])
                p = cell.paragraphs[0]
                p.style = "Table Heading" if header else "Table Text"
                if c < len(data):
                    self._inlines(p, data[c])
        if parent is self.word:
            self._spacer(parent)

    def _callout(self, node: d.Callout, parent: Parent, depth: int) -> None:
        """A one-cell table styled "Callout <Kind>"; the title is a bold label, not a heading."""
        if self.pending_break:
            self._paragraph(parent, "Spacer")
        table = parent.add_table(1, 1)
        style = f"Callout {node.kind.capitalize()}"
        try:
            table.style = style
        except KeyError:
            table.style = "Callout"
        width = self._available(parent, depth)
        table._tbl.tblPr.find(qn("w:tblW")).attrib.update({qn("w:w"): str(width), qn("w:type"): "dxa"})
        table._tbl.tblGrid.gridCol_lst[0].w = _twips(width)
        cell = table.rows[0].cells[0]
        cell.width = _twips(width)
        title = cell.paragraphs[0]
        title.style = "Callout Title"
        title.add_run(node.title)
        self.render(node.blocks, cell, 0)
        if parent is self.word:
            self._spacer(parent)

    def _image(self, node: d.Image, parent: Parent, depth: int) -> None:
        path = (self.assets / node.src).resolve()
        if not path.is_relative_to(self.assets) or not path.is_file():
            raise RenderError(f"image {node.src!r} is not a file inside the assets folder")
        if not node.alt.strip():
            raise RenderError(f"image {node.src!r} has no alt text")
        p = self._paragraph(parent, "Figure", depth)
        percent = min(max(node.width_percent, 5), 100)
        width = self._available(parent, depth) * percent // 100
        shape = p.add_run().add_picture(str(path), width=_twips(width))
        inline = shape._inline
        inline.docPr.set("descr", node.alt)
        for c_nv_pr in inline.iter(f"{{{NS['pic']}}}cNvPr"):
            c_nv_pr.set("descr", node.alt)
        if node.caption:
            self._paragraph(parent, "Figure Caption", depth).add_run(node.caption)

    # ------------------------------------------------------------------ inlines

    def _inlines(
        self,
        p: Paragraph,
        nodes: tuple[d.Inline, ...],
        bold: bool = False,
        italic: bool = False,
        link: Any = None,
    ) -> None:
        for node in nodes:
            match node:
                case d.Text():
                    run = p.add_run(node.text)
                    if bold:
                        run.bold = True
                    if italic:
                        run.italic = True
                    if link is not None:
                        run.style = "Hyperlink"
                        link.append(run._r)
                case d.Strong():
                    self._inlines(p, node.children, True, italic, link)
                case d.Emph():
                    self._inlines(p, node.children, bold, True, link)
                case d.Link():
                    from docx.opc.constants import RELATIONSHIP_TYPE as RT

                    rel_id = p.part.relate_to(node.href, RT.HYPERLINK, is_external=True)
                    element = _el("w:hyperlink", **{"r:id": rel_id})
                    p._p.append(element)
                    self._inlines(p, node.children, bold, italic, element)

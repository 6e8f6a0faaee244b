"""Document tree → HTML, the input of the PDF writer.

The page skeleton (``<html lang>``, ``<title>``, metadata, page size) lives in the Jinja2 template
``templates/document.html`` so a district can restyle without Python. The nodes are turned into
HTML here by small functions that escape every piece of lesson text with markupsafe: lesson text
is characters, never markup, so ``<b>`` or ``{{ x }}`` in a Text node prints literally. Nothing
from a node is ever marked safe without passing through ``escape`` first.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import assert_never
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from kitgen import doctree as d
from kitgen.strings import Strings
from kitgen.writers.column_split import column_starts

ASSET_PREFIX = "assets/"
"""Images are referenced relative to the virtual base URL under this prefix; the PDF writer's
URL fetcher maps it to the lessons folder and refuses anything that escapes it."""

PAGE_SIZES = {"letter": "letter", "a4": "A4"}
WRITE_IN_LINE_INCHES = 0.33

Row = tuple[tuple[d.Inline, ...], ...]

_PAGE = "\x00page\x00"
_TOTAL = "\x00total\x00"


def render_html(doc: d.Document, templates: Path, strings: Strings) -> str:
    """The complete HTML page for ``doc``, ready for WeasyPrint with the virtual base URL."""
    if not doc.meta.title.strip():
        raise ValueError("a document needs a non-empty title (PDF/UA, WCAG 2.4.2)")
    if not doc.meta.language.strip():
        raise ValueError("a document needs a language (PDF/UA, WCAG 3.1.1)")
    template = _environment(templates.resolve()).get_template("document.html")
    return template.render(
        meta=doc.meta,
        body=_BodyWriter(doc).write(),
        page_size=PAGE_SIZES[doc.meta.page_size],
        page_of=page_of_css(strings),
    )


@functools.cache
def _environment(templates: Path) -> jinja2.Environment:
    """One Jinja2 environment per templates folder; autoescape is always on."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def css_string(text: str) -> Markup:
    """A CSS string literal for ``text`` that is safe inside ``<style>``.

    Everything but letters, digits and spaces is a 6-digit CSS hex escape, so no quote, backslash,
    ``</style>`` or newline from a string table can end the string or the style element.
    """
    body = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x}" for ch in text)
    return Markup(f'"{body}"')


def page_of_css(strings: Strings) -> Markup:
    """The CSS ``content`` value for "Page X of Y", built from the ``page_of`` string."""
    pattern = strings("page_of", page=_PAGE, total=_TOTAL)
    parts: list[str] = []
    for piece in re.split(f"({_PAGE}|{_TOTAL})", pattern):
        if piece == _PAGE:
            parts.append("counter(page)")
        elif piece == _TOTAL:
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))


def image_src(src: str) -> str:
    """The URL of a curriculum image under the virtual base; the fetcher decides if it is allowed.

    Percent-quoting keeps a ``scheme:`` in ``src`` from turning into a real scheme, so every image
    request reaches the fetcher as a path under ``assets/``.
    """
    return ASSET_PREFIX + quote(src, safe="/")


def _heading_id(number: int) -> str:
    return f"h-{number}"


class _BodyWriter:
    """Renders the blocks of one document; numbers headings so Contents can link to them."""

    def __init__(self, doc: d.Document) -> None:
        self.doc = doc
        self.heading_count = 0
        self.contents_count = 0
        self.contents_entries: list[list[tuple[str, str]]] = []
        heading_no = 0
        for block in d.walk(doc.blocks):
            if isinstance(block, d.Heading):
                heading_no += 1
                for entries in self.contents_entries:
                    if block.level == 2:
                        entries.append((_heading_id(heading_no), d.plain_text(block.children)))
            elif isinstance(block, d.Contents):
                self.contents_entries.append([])

    def write(self) -> Markup:
        return self.blocks(self.doc.blocks)

    # ------------------------------------------------------------------ inlines

    def inlines(self, nodes: tuple[d.Inline, ...]) -> Markup:
        return Markup("").join(self.inline(node) for node in nodes)

    def inline(self, node: d.Inline) -> Markup:
        if isinstance(node, d.Text):
            return escape(node.text)
        if isinstance(node, d.Strong):
            return Markup("<strong>%s</strong>") % self.inlines(node.children)
        if isinstance(node, d.Emph):
            return Markup("<em>%s</em>") % self.inlines(node.children)
        if isinstance(node, d.Span):
            return Markup('<span lang="%s">%s</span>') % (node.lang, self.inlines(node.children))
        if isinstance(node, d.Link):
            return Markup('<a href="%s">%s</a>') % (node.href, self.inlines(node.children))
        if isinstance(node, d.LineBreak):
            return Markup("<br>")
        if isinstance(node, d.Blank):
            return self.blank(node)
        assert_never(node)

    def blank(self, node: d.Blank) -> Markup:
        """An empty underlined span; its label is hidden text, so the PDF tags it and a screen
        reader says what belongs on the line (WeasyPrint ignores aria-label)."""
        return Markup(
            '<span class="blank" style="width: %dem"><span class="hidden-label">%s</span></span>'
        ) % (
            max(node.width_em, 1),
            node.label,
        )

    # ------------------------------------------------------------------ blocks

    def blocks(self, nodes: tuple[d.Block, ...]) -> Markup:
        return Markup("\n").join(self.block(node) for node in nodes)

    def block(self, node: d.Block) -> Markup:
        if isinstance(node, d.Heading):
            return self.heading(node)
        if isinstance(node, d.Paragraph):
            names = ([] if node.style == "body" else [node.style]) + (
                ["introduces"] if node.introduces else []
            )
            if not names:
                return Markup("<p>%s</p>") % self.inlines(node.children)
            return Markup('<p class="%s">%s</p>') % (" ".join(names), self.inlines(node.children))
        if isinstance(node, d.BulletList):
            names = ["checklist"] if node.checklist else []
            names += [f"columns-{node.columns}"] if node.columns > 1 else []
            cls = Markup(' class="%s"') % " ".join(names) if names else Markup()
            starts = column_starts(node.items, node.columns) if node.columns > 1 else frozenset()
            return Markup("<ul%s>\n%s\n</ul>") % (cls, self.items(node.items, starts))
        if isinstance(node, d.NumberedList):
            return Markup("<ol>\n%s\n</ol>") % self.items(node.items)
        if isinstance(node, d.Table):
            return self.table(node)
        if isinstance(node, d.Callout):
            return self.callout(node)
        if isinstance(node, d.WriteIn):
            return self.write_in(node)
        if isinstance(node, d.Keep):
            return Markup('<div class="keep">\n%s\n</div>') % self.blocks(node.blocks)
        if isinstance(node, d.Part):
            return self.part(node)
        if isinstance(node, d.Image):
            return self.image(node)
        if isinstance(node, d.PageBreak):
            return Markup('<div class="page-break"></div>')
        if isinstance(node, d.CutLine):
            return Markup('<p class="cut-line">%s</p>') % node.label
        if isinstance(node, d.CutCards):
            return self.cut_cards(node)
        if isinstance(node, d.Contents):
            return self.contents(node)
        assert_never(node)

    def heading(self, node: d.Heading) -> Markup:
        if not 1 <= node.level <= 4:
            raise ValueError(f"heading level {node.level} is outside 1-4")
        self.heading_count += 1
        attrs = Markup(' id="%s"') % _heading_id(self.heading_count)
        if node.running is not None:
            attrs += Markup(' class="new-page" data-running="%s"') % node.running
        return Markup("<h%d%s>%s</h%d>") % (node.level, attrs, self.inlines(node.children), node.level)

    def items(self, items: tuple[d.ListItem, ...], column_starts: frozenset[int] = frozenset()) -> Markup:
        """The list's items; those in ``column_starts`` begin a column (``column_split``)."""
        return Markup("\n").join(
            Markup("<li%s>%s%s</li>")
            % (
                Markup(' class="column-start"') if i in column_starts else Markup(),
                self.inlines(item.children),
                self.blocks(item.blocks),
            )
            for i, item in enumerate(items)
        )

    def table(self, node: d.Table) -> Markup:
        classes = [
            name for name, on in (("response", node.write_lines > 0), ("long-rows", node.long_rows)) if on
        ]
        cls = Markup(' class="%s"') % " ".join(classes) if classes else Markup()
        out = Markup("<table%s>\n<caption>%s</caption>\n") % (cls, node.caption)
        if node.widths:
            total = sum(node.widths) or 1
            cols = Markup("").join(
                Markup('<col style="width: %.2f%%">') % (100 * w / total) for w in node.widths
            )
            out += Markup("<colgroup>%s</colgroup>\n") % cols
        head, body = node.rows[: node.header_rows], node.rows[node.header_rows :]
        if head:
            out += Markup("<thead>\n%s\n</thead>\n") % self.rows(head, Markup('th scope="col"'), Markup("th"))
        cell = Markup("td")
        if node.write_lines > 0:
            cell = Markup('td style="height: %.2fin"') % (node.write_lines * WRITE_IN_LINE_INCHES)
        out += Markup("<tbody>\n%s\n</tbody>\n</table>") % self.rows(body, cell, Markup("td"))
        return out

    def rows(self, rows: tuple[Row, ...], open_: Markup, close: Markup) -> Markup:
        return Markup("\n").join(
            Markup("<tr>%s</tr>")
            % Markup("").join(Markup("<%s>%s</%s>") % (open_, self.inlines(cell), close) for cell in row)
            for row in rows
        )

    def callout(self, node: d.Callout) -> Markup:
        label = Markup()
        if node.label:
            label = Markup(' <span class="callout-label">· %s</span>') % node.label
        return Markup('<div class="callout callout-%s">\n<p class="callout-title">%s%s</p>\n%s\n</div>') % (
            node.kind,
            node.title,
            label,
            self.blocks(node.blocks),
        )

    def write_in(self, node: d.WriteIn) -> Markup:
        height = max(node.lines, 1) * WRITE_IN_LINE_INCHES
        cls = "write-in-box" if node.box else "write-in"
        return Markup('<div class="%s" style="height: %.2fin"></div>') % (cls, height)

    def part(self, node: d.Part) -> Markup:
        return Markup('<section class="part part-%s">\n<p class="part-title">%s</p>\n%s\n</section>') % (
            node.kind.replace("_", "-"),
            node.title,
            self.blocks(node.blocks),
        )

    def image(self, node: d.Image) -> Markup:
        width = min(max(node.width_percent, 1), 100)
        img = Markup('<img src="%s" alt="%s" style="width: %d%%">') % (image_src(node.src), node.alt, width)
        caption = Markup("<figcaption>%s</figcaption>") % node.caption if node.caption else Markup()
        return Markup('<figure class="figure">%s%s</figure>') % (img, caption)

    def cut_cards(self, node: d.CutCards) -> Markup:
        """A row of cards at a time, so a page break only ever falls between rows."""
        size = "uniform" if node.uniform else "natural"
        columns = max(node.columns, 1)
        rows = [node.cards[i : i + columns] for i in range(0, len(node.cards), columns)]
        return Markup('<div class="cut-cards cut-cards-%s cut-cards-%d">\n%s\n</div>') % (
            size,
            columns,
            Markup("\n").join(
                Markup('<div class="cut-row">%s</div>')
                % Markup("").join(
                    Markup('<div class="cut-card">\n%s\n</div>') % self.blocks(card) for card in row
                )
                for row in rows
            ),
        )

    def contents(self, node: d.Contents) -> Markup:
        """One link per entry, around its text; the dot leader and page number come from the
        item's ``data-target`` so they are not links of their own (one annotation per entry)."""
        entries = self.contents_entries[self.contents_count]
        self.contents_count += 1
        links = Markup("\n").join(
            Markup('<li data-target="#%s"><a href="#%s">%s</a></li>') % (anchor, anchor, text)
            for anchor, text in entries
        )
        return Markup('<div class="contents">\n<p class="contents-title">%s</p>\n<ol>\n%s\n</ol>\n</div>') % (
            node.title,
            links,
        )

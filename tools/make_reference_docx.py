"""Build ``templates/reference.docx``, the style sheet of every DOCX kitgen writes.

Why a script: the reference document is binary, so a reviewer cannot read a diff of it. Every
style decision lives here as text instead; running the script rewrites the same bytes (fixed
dates, fixed zip entries), so the committed .docx only changes when this file does.

Starting point is python-docx's default template. The script fixes what fails WCAG AA (the
#4F81BD accent colour is 4.0:1 on white), drops parts that carry stale or machine-specific
data (thumbnail, stylesWithEffects, customXml, rsids, East-Asian theme font languages), declares
one legible sans font, and adds the styles the writer asks for by name: Lead, Small, Label,
Write-in, Blank, Part Title, Callout <Kind> (+ Title), Data Table, Response Table, Hyperlink,
List Checklist, TOC 2, Cut Line. Sizes, spacing and colours come from ``kitgen/writers/docx_style.py``,
which mirrors ``templates/print.css``. A district can restyle by editing that module and
rerunning this script (or the .docx in Word) without touching the writer.

usage: python tools/make_reference_docx.py [OUT.docx]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Twips  # noqa: E402
from lxml import etree  # noqa: E402

from kitgen.writers import docx_style as S  # noqa: E402
from kitgen.writers.docx import normalize_zip  # noqa: E402

FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def fonts(name: str = S.FONT) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def size(points: float) -> str:
    return f'<w:sz w:val="{S.half_points(points)}"/><w:szCs w:val="{S.half_points(points)}"/>'


def color(value: str) -> str:
    return f'<w:color w:val="{value}"/>'


def spacing(before: int = 0, after: int = 0, line: int | None = None, rule: str = "auto") -> str:
    lines = f' w:line="{line}" w:lineRule="{rule}"' if line is not None else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{lines}/>'


def shading(fill: str | None) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""


def para_style(
    sid: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal", extra: str = ""
) -> str:
    """One paragraph style as XML; children in CT_Style order. Normal is the default style."""
    default = ' w:default="1"' if sid == "Normal" else ""
    base = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph"{default} w:styleId="{sid}"><w:name w:val="{name}"/>'
        f"{base}{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def char_style(sid: str, name: str, rpr: str) -> str:
    return (
        f'<w:style {nsdecls("w")} w:type="character" w:styleId="{sid}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f"<w:rPr>{rpr}</w:rPr></w:style>"
    )


def border(side: str, val: str, size: int, color: str, space: int = 0) -> str:
    return f'<w:{side} w:val="{val}" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def heading(level: int) -> str:
    look = S.HEADINGS[level]
    rules = ""
    if level == 1:
        rules = "<w:pBdr>" + border("top", "single", S.H1_RULE[0], S.NAVY, S.H1_RULE[1]) + "</w:pBdr>"
    elif level == 2:
        rules = "<w:pBdr>" + border("bottom", "single", S.H2_RULE[0], S.TEAL, S.H2_RULE[1]) + "</w:pBdr>"
    return para_style(
        f"Heading{level}",
        f"heading {level}",
        f"<w:keepNext/><w:keepLines/>{rules}{spacing(look.before, look.after, S.HEADING_LINE)}"
        f'<w:outlineLvl w:val="{level - 1}"/>',
        f"<w:b/><w:bCs/>{color(look.color)}{size(look.size)}",
        extra=f'<w:next w:val="Normal"/><w:link w:val="Heading{level}Char"/><w:uiPriority w:val="9"/>',
    )


def box_borders(look: S.BoxLook) -> str:
    """The four sides of a box; the writer insets box paragraphs by the side padding, so the
    frame sits on the text column's edges as the PDF's does."""
    style, width, col = look.frame
    sides = ""
    for side, pad in (("top", S.BOX_PAD_TOP), ("left", S.BOX_PAD_SIDE), ("bottom", S.BOX_PAD_BOTTOM)):
        if side == "left" and look.left is not None:
            sides += border("left", "single", S.rule(look.left[0]), look.left[1], pad)
        elif style != "none":
            sides += border(side, style, S.rule(width), col, pad)
        elif look.fill:  # a frame the colour of the fill: padding without a visible line
            sides += border(side, "single", 4, look.fill, pad)
    if style != "none":
        sides += border("right", style, S.rule(width), col, S.BOX_PAD_SIDE)
    elif look.fill:
        sides += border("right", "single", 4, look.fill, S.BOX_PAD_SIDE)
    return f"<w:pBdr>{sides}</w:pBdr>"


def box_styles(kind: str, look: S.BoxLook) -> list[str]:
    """Two paragraph styles per callout kind: its box (frame and fill on every paragraph, so
    Word and LibreOffice join them into one box) and its title, the first paragraph."""
    name = f"Callout {kind.capitalize()}"
    sid = name.replace(" ", "")
    body = para_style(
        sid,
        name,
        box_borders(look) + shading(look.fill) + spacing(0, S.BOX_GAP),
        size(look.text_size) if look.text_size != S.BODY else "",
        extra='<w:uiPriority w:val="60"/>',
    )
    title_fill = shading(look.title_fill)
    title_size = size(S.PART_BANNER) if look.title_fill else ""
    title = para_style(
        f"{sid}Title",
        f"{name} Title",
        f"<w:keepNext/>{title_fill}{spacing(S.BOX_MARGIN, S.BOX_TITLE_AFTER)}",
        f"<w:b/><w:bCs/>{color(look.title)}{title_size}",
        based=sid,
        extra='<w:uiPriority w:val="60"/>',
    )
    return [body, title]


def margin_style(style_id: str, name: str, rule_side: str, rpr: str = "") -> str:
    """Running header or footer: small muted text with a hairline rule towards the page body;
    the writer sets the right tab at the text width of the page size it renders."""
    return para_style(
        style_id,
        name,
        "<w:pBdr>" + border(rule_side, "single", S.rule(0.75), S.HAIRLINE, 8) + "</w:pBdr>" + spacing(),
        f"{rpr}{color(S.MUTED)}{size(S.MARGIN_TEXT)}",
        extra='<w:uiPriority w:val="99"/>',
    )


def table_style(sid: str, name: str, inside: str, band: bool) -> str:
    """A data or response table: white on navy header row, rules between rows (data) or around
    every cell (response, where students write), optional banding of every second body row."""
    pad = (
        f'<w:tblCellMar><w:top w:w="{S.CELL_PAD_V}" w:type="dxa"/>'
        f'<w:left w:w="{S.CELL_PAD_H}" w:type="dxa"/><w:bottom w:w="{S.CELL_PAD_V}" w:type="dxa"/>'
        f'<w:right w:w="{S.CELL_PAD_H}" w:type="dxa"/></w:tblCellMar>'
    )
    banding = (
        '<w:tblStylePr w:type="band2Horz"><w:tcPr>' + shading(S.ROW_BAND) + "</w:tcPr></w:tblStylePr>"
        if band
        else ""
    )
    return (
        f'<w:style {nsdecls("w")} w:type="table" w:styleId="{sid}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        f"<w:pPr>{spacing(0, 0, S.BODY_LINE)}</w:pPr>"
        f'<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders>{inside}</w:tblBorders>{pad}</w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
        + color(S.WHITE)
        + "</w:rPr><w:tcPr><w:tcBorders>"
        + border("top", "single", S.rule(0.75), S.NAVY)
        + border("left", "single", S.rule(0.75), S.NAVY)
        + border("bottom", "single", S.rule(0.75), S.NAVY)
        + border("right", "single", S.rule(0.75), S.NAVY)
        + "</w:tcBorders>"
        + shading(S.NAVY)
        + "</w:tcPr></w:tblStylePr>"
        + banding
        + "</w:style>"
    )


DATA_RULES = border("bottom", "single", S.rule(0.75), S.ROW_RULE) + border(
    "insideH", "single", S.rule(0.75), S.ROW_RULE
)
RESPONSE_RULES = "".join(
    border(side, "single", S.rule(0.75), S.WRITE_RULE)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
BANNER = (
    "<w:pBdr>"
    + "".join(
        border(side, "single", 4, S.NAVY, pad)
        for side, pad in (("top", 6), ("left", 12), ("bottom", 6), ("right", 12))
    )
    + "</w:pBdr>"
)

STYLES = [
    para_style(
        "Normal",
        "Normal",
        f"<w:widowControl/>{spacing(0, S.PARAGRAPH_AFTER, S.BODY_LINE)}",
        f"{fonts()}{color(S.INK)}{size(S.BODY)}",
        based="",
    ),
    *(heading(level) for level in (1, 2, 3, 4)),
    para_style("Lead", "Lead", spacing(0, S.LEAD_AFTER), f"{color(S.LEAD)}{size(S.LEAD_SIZE)}"),
    para_style("Small", "Small", "", f"{color(S.MUTED)}{size(S.SMALL)}"),
    para_style("Label", "Label", "<w:keepNext/>" + spacing(S.LABEL_BEFORE, S.LABEL_AFTER), "<w:b/><w:bCs/>"),
    para_style(
        "Write-in",
        "Write-in",
        "<w:keepLines/>" + spacing(S.WRITE_BEFORE, S.WRITE_AFTER, S.WRITE_LINE, "exact"),
        color(S.MUTED),  # the leader lines are drawn in the run colour, which checkers read as text
    ),
    para_style(
        "Write-inBox",
        "Write-in Box",
        "<w:keepLines/><w:pBdr>"
        + "".join(
            border(side, "single", S.rule(1), S.WRITE_RULE, 1) for side in ("top", "left", "bottom", "right")
        )
        + "</w:pBdr>"
        + spacing(S.WRITE_BEFORE, S.WRITE_AFTER),
    ),
    char_style("Blank", "Blank", f'<w:u w:val="single" w:color="{S.BLANK_RULE}"/>'),
    char_style(
        "CalloutLabel",
        "Callout Label",
        f'<w:b w:val="0"/><w:bCs w:val="0"/><w:caps/>{color(S.MUTED)}<w:spacing w:val="10"/>{size(S.LABEL_SIZE)}',
    ),
    para_style(
        "PartTitle",
        "Part Title",
        f"<w:keepNext/>{BANNER}{shading(S.NAVY)}{spacing(0, S.PART_AFTER)}",
        f'<w:b/><w:bCs/><w:caps/>{color(S.WHITE)}<w:spacing w:val="10"/>{size(S.PART_BANNER)}',
    ),
    para_style(
        "Spacer",
        "Spacer",
        spacing(0, 0, S.TABLE_AFTER - S.PARAGRAPH_AFTER, "exact"),
        size(2),
    ),
    para_style("SectionBreak", "Section Break", spacing(0, 0, 20, "exact"), size(1)),
    para_style("TableText", "Table Text", spacing(0, 0), size(S.TABLE_TEXT)),
    para_style(
        "TableHeading",
        "Table Heading",
        "<w:keepNext/>" + shading(S.NAVY) + spacing(0, 0),
        "<w:b/><w:bCs/>" + color(S.WHITE) + size(S.TABLE_TEXT),
    ),
    para_style("Figure", "Figure", "<w:keepNext/>" + spacing(S.pt(12), S.pt(4)) + '<w:jc w:val="center"/>'),
    para_style(
        "Caption",
        "caption",
        "<w:keepNext/>" + spacing(S.TABLE_BEFORE, S.CAPTION_AFTER, S.line(1.2)),
        f'<w:b/><w:bCs/><w:caps/>{color(S.MUTED)}<w:spacing w:val="8"/>{size(S.CAPTION)}',
    ),
    para_style(
        "FigureCaption",
        "Figure Caption",
        '<w:keepNext w:val="0"/>' + spacing(0, S.pt(14)) + '<w:jc w:val="center"/>',
        '<w:b w:val="0"/><w:bCs w:val="0"/><w:caps w:val="0"/><w:i/><w:iCs/><w:spacing w:val="0"/>',
        based="Caption",
    ),
    margin_style("Header", "header", rule_side="bottom", rpr="<w:b/><w:bCs/><w:caps/>"),
    margin_style("Footer", "footer", rule_side="top"),
    para_style(
        "TOCHeading",
        "TOC Heading",
        f"<w:keepNext/>{box_borders(S.CONTENTS)}{shading(S.CONTENTS.fill)}"
        f'{spacing(S.pt(18), S.pt(6))}<w:outlineLvl w:val="9"/>',
        f"<w:b/><w:bCs/>{color(S.NAVY)}{size(12)}",
        extra='<w:next w:val="Normal"/><w:uiPriority w:val="39"/>',
    ),
    para_style(
        "TOC2",
        "toc 2",
        f"{box_borders(S.CONTENTS)}{shading(S.CONTENTS.fill)}{spacing(0, S.pt(4))}",
        extra='<w:next w:val="Normal"/><w:uiPriority w:val="39"/>',
    ),
    para_style(
        "ListParagraph", "List Paragraph", spacing(0, S.LIST_AFTER), extra='<w:uiPriority w:val="34"/>'
    ),
    para_style(
        "ListBullet",
        "List Bullet",
        '<w:numPr><w:numId w:val="1"/></w:numPr>' + spacing(0, S.LIST_AFTER),
        based="ListParagraph",
    ),
    para_style(
        "ListNumber",
        "List Number",
        '<w:numPr><w:numId w:val="2"/></w:numPr>' + spacing(0, S.LIST_AFTER),
        based="ListParagraph",
    ),
    para_style(
        "ListChecklist",
        "List Checklist",
        '<w:numPr><w:numId w:val="3"/></w:numPr>' + spacing(0, S.CHECK_AFTER),
        based="ListParagraph",
    ),
    para_style(
        "CutLine",
        "Cut Line",
        "<w:keepNext/><w:pBdr>"
        + border("top", "dashed", S.rule(S.CUT_RULE), S.INK, S.CUT_PAD)
        + "</w:pBdr>"
        + spacing(S.CUT_BEFORE, S.CUT_AFTER)
        + '<w:jc w:val="center"/>',
        f"{color(S.MUTED)}{size(S.SMALL)}",
    ),
    char_style("Hyperlink", "Hyperlink", f'{color(S.TEAL)}<w:u w:val="single"/>'),
    table_style("DataTable", "Data Table", DATA_RULES, band=True),
    table_style("ResponseTable", "Response Table", RESPONSE_RULES, band=False),
    *(style for kind, look in S.BOXES.items() for style in box_styles(kind, look)),
]

# One abstract definition per list look, found by the writer through w:name.
LEVELS = {
    "kitgen-bullet": [("bullet", "\u2022"), ("bullet", "\u2013"), ("bullet", "\u25aa"), ("bullet", "\u2022")],
    "kitgen-number": [("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3."), ("decimal", "%4.")],
    "kitgen-check": [("bullet", "\u2610")] * 4,
}


def numbering_xml() -> str:
    out = [f"<w:numbering {nsdecls('w')}>"]
    for aid, (name, levels) in enumerate(LEVELS.items()):
        out.append(
            f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>'
            f'<w:name w:val="{name}"/>'
        )
        for ilvl, (fmt, text) in enumerate(levels):
            marker = (
                fonts("Segoe UI Symbol") + color(S.NAVY) + size(13)
                if name == "kitgen-check"
                else f"<w:b/><w:bCs/>{color(S.TEAL)}"
            )
            out.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{S.LIST_INDENT * (ilvl + 1)}" w:hanging="{S.LIST_HANG}"/></w:pPr>'
                f"<w:rPr>{marker}</w:rPr></w:lvl>"
            )
        out.append("</w:abstractNum>")
    for aid in range(len(LEVELS)):
        out.append(f'<w:num w:numId="{aid + 1}"><w:abstractNumId w:val="{aid}"/></w:num>')
    out.append("</w:numbering>")
    return "".join(out)


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>kitgen</Application><DocSecurity>0</DocSecurity></Properties>"
)


def contrast(hex_color: str) -> float:
    """WCAG contrast ratio of a colour against white."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (0, 2, 4))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


def fix_styles(styles: etree._Element) -> None:
    """Replace the styles we own, drop table styles we never use, and make every colour of the
    default template's remaining styles concrete and AA-contrast (a theme colour reference
    would override w:val in Word). Ours are left alone: their white runs sit on navy fills."""
    ours = [parse_xml(x) for x in STYLES]
    ids = {style.get(qn("w:styleId")) for style in ours}
    for style in styles.findall(qn("w:style")):
        sid = style.get(qn("w:styleId"))
        unused_table = style.get(qn("w:type")) == "table" and sid not in ("TableNormal", "TableGrid")
        if sid in ids or unused_table:
            styles.remove(style)
    for rsid in styles.iter(qn("w:rsid")):
        rsid.getparent().remove(rsid)
    for value in styles.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            value.attrib.pop(qn(attr), None)
        val = value.get(qn("w:val"), "auto")
        if val != "auto" and contrast(val) < 4.5:
            value.set(qn("w:val"), S.NAVY)
    styles.extend(ours)
    for theme_fonts in styles.iter(qn("w:rFonts")):
        if any(k.endswith("Theme") or k.endswith("theme") for k in map(str, theme_fonts.attrib)):
            theme_fonts.getparent().replace(
                theme_fonts, parse_xml(f"<w:rFonts {nsdecls('w')} " + fonts()[len("<w:rFonts ") :])
            )
    # numbered list styles of the default template point at definitions we replace
    for level, sid in ((1, "ListBullet2"), (2, "ListBullet3"), (1, "ListNumber2"), (2, "ListNumber3")):
        for num in styles.xpath(f'w:style[@w:styleId="{sid}"]//w:numPr'):
            num_id = "1" if "Bullet" in sid else "2"
            num.getparent().replace(
                num,
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
                ),
            )
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.replace(
        rpr.find(qn("w:rFonts")), parse_xml(f"<w:rFonts {nsdecls('w')} " + fonts()[len("<w:rFonts ") :])
    )
    rpr.find(qn("w:lang")).set(qn("w:val"), "en-US")
    default_spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    default_spacing.set(qn("w:after"), str(S.PARAGRAPH_AFTER))
    default_spacing.set(qn("w:line"), str(S.BODY_LINE))


def fix_settings(settings: etree._Element) -> None:
    """Drop revision ids, the preview-picture request and Word's per-file docId (noise in diffs),
    and the Japanese theme-font language and East-Asian layout python-docx's template carries
    (the writer sets the document's own language)."""
    for tag in ("w:rsids", "w:savePreviewPicture", "w:proofState", "w:themeFontLang"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    for el in settings.findall("{http://schemas.microsoft.com/office/word/2010/wordml}docId"):
        settings.remove(el)
    for el in settings.iter(qn("w:useFELayout")):
        el.getparent().remove(el)
    # Word 2013+ layout: table edges (not cell text) align with the margins, and Word opens
    # the file without "[Compatibility Mode]"
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def font_table_xml() -> bytes:
    """The fonts the styles name: the body font (the writer embeds it) and the check-box font;
    none of the template's East-Asian fonts."""
    fonts_el = parse_xml(
        f"<w:fonts {nsdecls('w')}>"
        f'<w:font w:name="{S.FONT}"><w:altName w:val="{S.FALLBACK}"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        '<w:font w:name="Segoe UI Symbol"><w:charset w:val="00"/><w:family w:val="swiss"/>'
        '<w:pitch w:val="variable"/></w:font></w:fonts>'
    )
    return etree.tostring(fonts_el, xml_declaration=True, encoding="UTF-8", standalone=True)


def specimen(doc: object) -> None:
    """A short sample of each style, so someone restyling the template in Word sees them."""
    add = doc.add_paragraph  # type: ignore[attr-defined]
    add("Reference styles", style="Heading 1")
    add("Lead paragraph under the title.", style="Lead")
    add("Body text in Normal.")
    add("Heading 2", style="Heading 2")
    add("Heading 3", style="Heading 3")
    add("Heading 4", style="Heading 4")
    add("A label before write-in lines", style="Label")
    add("", style="Write-in")
    add("", style="Write-in")
    add("A blank and a part banner", style="Part Title")
    add("A box title", style="Callout Safety Title")
    add("Every paragraph of a box has its style; Word joins them into one frame.", style="Callout Safety")
    add("A bullet item", style="List Bullet")
    add("A numbered item", style="List Number")
    add("A checklist item", style="List Checklist")
    add("Small print.", style="Small")
    add("Cut here and return the slip below", style="Cut Line")


def main(out: Path) -> None:
    doc = Document()
    part = doc.part
    fix_styles(part.styles.element)
    fix_settings(part.settings.element)
    numbering = part.numbering_part
    numbering._element = parse_xml(numbering_xml())
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in (
            RT.CUSTOM_XML,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        ):
            part.drop_rel(rel_id)
        elif rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = font_table_xml()
    package = part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode()
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(12240), Twips(15840)  # Letter
    section.top_margin, section.bottom_margin = Twips(S.MARGIN_TOP), Twips(S.MARGIN_BOTTOM)
    section.left_margin = section.right_margin = Twips(S.MARGIN_SIDE)
    section.header_distance, section.footer_distance = Twips(S.HEADER_DISTANCE), Twips(S.FOOTER_DISTANCE)
    doc.element.body.sectPr.attrib.clear()
    specimen(doc)
    cp = doc.core_properties
    cp.title, cp.subject, cp.author, cp.comments = "kitgen reference styles", "", "kitgen", ""
    cp.last_modified_by, cp.language, cp.revision = "kitgen", "en-US", 1
    cp.created = cp.modified = FIXED_DATE
    import io

    buf = io.BytesIO()
    doc.save(buf)
    out.write_bytes(normalize_zip(buf.getvalue()))
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "reference.docx")

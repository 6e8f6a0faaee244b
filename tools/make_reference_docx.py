"""Build ``templates/reference.docx``, the style sheet of every DOCX kitgen writes.

Why a script: the reference document is binary, so a reviewer cannot read a diff of it. Every
style decision lives here as text instead; running the script rewrites the same bytes (fixed
dates, fixed zip entries), so the committed .docx only changes when this file does.

Starting point is python-docx's default template. The script fixes what fails WCAG AA (the
#4F81BD accent colour is 4.0:1 on white), drops parts that carry stale or machine-specific
data (thumbnail, stylesWithEffects, customXml, rsids), declares one legible sans font, and adds
the styles the writer asks for by name: Lead, Small, Label, Write-in, Callout*, Data Table,
Hyperlink, List Checklist, TOC 2. A district can restyle by editing this file (or the .docx in
Word) without touching the writer.

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
from lxml import etree  # noqa: E402

from kitgen.writers.docx import normalize_zip  # noqa: E402

FONT = "Atkinson Hyperlegible"
FALLBACK = "Arial"  # fontTable altName: what Word substitutes where the font is missing
INK = "1A1A1A"  # body text, 17.4:1 on white
NAVY = "1F3A5F"  # headings, 11.7:1
MUTED = "4D4D4D"  # captions, header, footer, small print, 8.5:1
LINK = "1A4F8B"  # hyperlinks, 8.6:1 (also underlined, so colour is never the only signal)
RULE = "7F7F7F"  # write-in lines and table rules: graphics, so 3:1 is enough (4.0:1)
FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

# kind: (fill, bar colour, border style). Fills are pale tints that stay distinct in grayscale
# through their bar and border, not their hue.
CALLOUTS: dict[str, tuple[str, str, str]] = {
    "glance": ("EEF3F8", NAVY, "single"),
    "advisory": ("FFF6E0", "8A5A00", "single"),
    "safety": ("FCEDED", "9B2C2C", "single"),
    "facilitator": ("F2F2F2", "595959", "dashed"),
    "help": ("EAF4EC", "2F6B3A", "single"),
    "video": ("F1EEF8", "4B3B7A", "single"),
    "agreement": ("FFFFFF", NAVY, "single"),
    "answer": ("F7F7F7", "595959", "dotted"),
}


def fonts(name: str = FONT) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


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


def heading(level: int, size_pt: float, before: int, after: int, extra_rpr: str = "") -> str:
    return para_style(
        f"Heading{level}",
        f"heading {level}",
        f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
        f'<w:outlineLvl w:val="{level - 1}"/>',
        f'<w:b/><w:bCs/>{extra_rpr}<w:color w:val="{NAVY}"/>'
        f'<w:sz w:val="{int(size_pt * 2)}"/><w:szCs w:val="{int(size_pt * 2)}"/>',
        extra=f'<w:next w:val="Normal"/><w:link w:val="Heading{level}Char"/><w:uiPriority w:val="9"/>',
    )


def border(side: str, val: str, size: int, color: str, space: int = 0) -> str:
    return f'<w:{side} w:val="{val}" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def callout_style(kind: str, fill: str, bar: str, line: str) -> str:
    sides = border("top", line, 6, bar) + border("left", "single", 36, bar)
    sides += border("bottom", line, 6, bar) + border("right", line, 6, bar)
    name = "Callout" if kind == "" else f"Callout {kind.capitalize()}"
    return (
        f'<w:style {nsdecls("w")} w:type="table" w:styleId="{name.replace(" ", "")}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="60"/>'
        '<w:pPr><w:spacing w:before="40" w:after="80"/></w:pPr>'
        f"<w:tblPr><w:tblBorders>{sides}</w:tblBorders>"
        '<w:tblCellMar><w:top w:w="120" w:type="dxa"/><w:left w:w="200" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="200" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr></w:style>'
    )


# no tab stops: the writer sets a right tab at the text width of the page size it renders
HEADER_TABS = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'


def margin_style(style_id: str, name: str, rule_side: str) -> str:
    """Running header or footer: small muted text with a hairline rule towards the page body."""
    return para_style(
        style_id,
        name,
        "<w:pBdr>" + border(rule_side, "single", 4, RULE, 4) + "</w:pBdr>" + HEADER_TABS,
        f'<w:color w:val="{MUTED}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        extra='<w:uiPriority w:val="99"/>',
    )


DATA_TABLE = (
    f'<w:style {nsdecls("w")} w:type="table" w:styleId="DataTable"><w:name w:val="Data Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="0" w:after="0" w:line="264" w:lineRule="auto"/></w:pPr>'
    "<w:tblPr><w:tblBorders>"
    + border("top", "single", 8, NAVY)
    + border("bottom", "single", 8, NAVY)
    + border("insideH", "single", 4, "A6A6A6")
    + '</w:tblBorders><w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
    '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:tcBorders>'
    + border("bottom", "single", 8, NAVY)
    + '</w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="E8EDF3"/></w:tcPr></w:tblStylePr>'
    "</w:style>"
)

STYLES = [
    para_style(
        "Normal",
        "Normal",
        '<w:spacing w:before="0" w:after="140" w:line="288" w:lineRule="auto"/>',
        f'{fonts()}<w:color w:val="{INK}"/><w:sz w:val="22"/><w:szCs w:val="22"/>',
        based="",
    ),
    heading(1, 24, 0, 200, ""),
    heading(2, 17, 360, 120),
    heading(3, 13.5, 280, 80),
    heading(4, 11.5, 200, 60, "<w:i/><w:iCs/>"),
    para_style(
        "Lead",
        "Lead",
        '<w:spacing w:after="240" w:line="300" w:lineRule="auto"/>',
        f'<w:color w:val="{MUTED}"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
    ),
    para_style("Small", "Small", "", f'<w:color w:val="{MUTED}"/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
    para_style("Label", "Label", '<w:keepNext/><w:spacing w:before="120" w:after="60"/>', "<w:b/><w:bCs/>"),
    para_style(
        "Write-in",
        "Write-in",
        "<w:pBdr>"
        + border("bottom", "single", 6, RULE, 1)
        + border("between", "single", 6, RULE, 1)
        + '</w:pBdr><w:spacing w:before="0" w:after="0" w:line="500" w:lineRule="exact"/>',
    ),
    para_style(
        "CalloutTitle",
        "Callout Title",
        '<w:keepNext/><w:spacing w:before="0" w:after="80"/>',
        f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="23"/><w:szCs w:val="23"/>',
    ),
    para_style(
        "Spacer",
        "Spacer",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="16"/><w:szCs w:val="16"/>',
    ),
    para_style("TableText", "Table Text", '<w:spacing w:before="0" w:after="0"/>'),
    para_style(
        "TableHeading",
        "Table Heading",
        '<w:keepNext/><w:spacing w:before="0" w:after="0"/>',
        "<w:b/><w:bCs/>",
    ),
    para_style(
        "Figure", "Figure", '<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>'
    ),
    para_style(
        "Caption",
        "caption",
        '<w:keepNext/><w:spacing w:before="120" w:after="80" w:line="240" w:lineRule="auto"/>',
        f'<w:i/><w:iCs/><w:color w:val="{MUTED}"/><w:sz w:val="19"/><w:szCs w:val="19"/>',
    ),
    para_style(
        "FigureCaption",
        "Figure Caption",
        '<w:keepNext w:val="0"/><w:spacing w:before="0" w:after="200"/><w:jc w:val="center"/>',
        based="Caption",
    ),
    margin_style("Header", "header", rule_side="bottom"),
    margin_style("Footer", "footer", rule_side="top"),
    para_style(
        "TOCHeading",
        "TOC Heading",
        '<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="9"/>',
        f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="34"/><w:szCs w:val="34"/>',
        extra='<w:next w:val="Normal"/><w:uiPriority w:val="39"/>',
    ),
    para_style(
        "TOC2",
        "toc 2",
        '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9020"/></w:tabs><w:spacing w:after="80"/>',
        extra='<w:next w:val="Normal"/><w:uiPriority w:val="39"/>',
    ),
    para_style(
        "ListParagraph", "List Paragraph", '<w:spacing w:after="60"/>', extra='<w:uiPriority w:val="34"/>'
    ),
    para_style(
        "ListBullet",
        "List Bullet",
        '<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/>',
        based="ListParagraph",
    ),
    para_style(
        "ListNumber",
        "List Number",
        '<w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/>',
        based="ListParagraph",
    ),
    para_style(
        "ListChecklist",
        "List Checklist",
        '<w:numPr><w:numId w:val="3"/></w:numPr><w:spacing w:after="100"/>',
        based="ListParagraph",
    ),
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    f'<w:rPr><w:color w:val="{LINK}"/><w:u w:val="single"/></w:rPr></w:style>',
    DATA_TABLE,
    callout_style("", *CALLOUTS["glance"]),
    *(callout_style(kind, *look) for kind, look in CALLOUTS.items()),
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
            font = fonts("Segoe UI Symbol") if name == "kitgen-check" else ""
            size = '<w:sz w:val="26"/><w:szCs w:val="26"/>' if name == "kitgen-check" else ""
            out.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{400 * (ilvl + 1)}" w:hanging="340"/></w:pPr>'
                f"<w:rPr>{font}{size}</w:rPr></w:lvl>"
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
    """Replace the styles we own, drop table styles we never use, and make every remaining
    colour concrete and AA-contrast (a theme colour reference would override w:val in Word)."""
    ours = [parse_xml(x) for x in STYLES]
    ids = {s.get(qn("w:styleId")) for s in ours}
    for style in styles.findall(qn("w:style")):
        sid = style.get(qn("w:styleId"))
        unused_table = style.get(qn("w:type")) == "table" and sid not in ("TableNormal", "TableGrid")
        if sid in ids or unused_table:
            styles.remove(style)
    styles.extend(ours)
    for rsid in styles.iter(qn("w:rsid")):
        rsid.getparent().remove(rsid)
    for color in styles.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)
        val = color.get(qn("w:val"), "auto")
        if val != "auto" and contrast(val) < 4.5:
            color.set(qn("w:val"), NAVY)
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
    defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing")).set(qn("w:after"), "140")


def fix_settings(settings: etree._Element) -> None:
    """Drop revision ids, the preview-picture request and Word's per-file docId (noise in diffs)."""
    for tag in ("w:rsids", "w:savePreviewPicture", "w:proofState"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    for el in settings.findall("{http://schemas.microsoft.com/office/word/2010/wordml}docId"):
        settings.remove(el)
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "en-US")
    # Word 2013+ layout: table edges (not cell text) align with the margins, and Word opens
    # the file without "[Compatibility Mode]"
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def font_table_xml(blob: bytes) -> bytes:
    root = etree.fromstring(blob)
    root.insert(
        0,
        parse_xml(
            f'<w:font {nsdecls("w")} w:name="{FONT}"><w:altName w:val="{FALLBACK}"/>'
            '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        ),
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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
    add("A bullet item", style="List Bullet")
    add("A numbered item", style="List Number")
    add("A checklist item", style="List Checklist")
    add("Small print.", style="Small")


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
            rel.target_part._blob = font_table_xml(rel.target_part.blob)
    package = part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode()
    section = doc.sections[0]
    section.page_width, section.page_height = 12240 * 635, 15840 * 635  # Letter in EMU
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, 914400)
    section.header_distance = section.footer_distance = 457200
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

"""Hand-built document trees that use every node kind, for writer tests that need no lessons."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from kitgen import doctree as d


def t(text: str) -> tuple[d.Inline, ...]:
    return (d.Text(text),)


def every_node_document(audience: str = "facilitator") -> d.Document:
    """A two-part document with every block and inline kind, including hostile-looking text."""
    meta = d.Meta(
        title="Sample Guide",
        language="en",
        audience=audience,  # type: ignore[arg-type]
        subject="Sample subject",
        author="Sample District",
        date="2025-01-15",
        running_title="Sample Guide",
        footer="Sample District · Sample Guide",
    )
    blocks: tuple[d.Block, ...] = (
        d.Heading(1, t("Sample Guide")),
        d.Paragraph(t("Grades 7–12 · Sample District"), style="lead"),
        d.Contents("Contents"),
        d.Heading(2, t("Lesson 1: First Lesson"), running="Lesson 1: First Lesson"),
        d.Paragraph(
            (
                d.Text("Plain, "),
                d.Span("es", (d.Strong(t("strong")),)),  # a passage in another language
                d.Text(", "),
                d.Emph(t("emphasis")),
                d.Text(" and a "),
                d.Link("tel:18883737888", t("phone link")),
                d.Text(". Markup stays text: <b>not bold</b> {{ not_jinja }} & ampersand."),
            )
        ),
        d.Callout(
            "glance",
            "At a glance",
            (
                d.Paragraph((d.Strong(t("Grades:")), d.Text(" 7, 8"))),
                d.BulletList((d.ListItem(t("First objective")), d.ListItem(t("Second objective")))),
            ),
        ),
        d.Heading(3, t("Preparation")),
        d.BulletList(
            (d.ListItem(t("Preview the video")), d.ListItem(t("Confirm the counselor"))), checklist=True
        ),
        d.Heading(3, t("Agenda")),
        d.Table(
            rows=(
                (t("Section"), t("Minutes")),
                (t("Warm-up"), t("5")),
                (t("Video"), t("12")),
            ),
            caption="Agenda",
            widths=(80, 20),
        ),
        d.Heading(3, t("Steps")),
        d.Paragraph(t("Walk through the steps:"), introduces=True),
        d.NumberedList(
            (
                d.ListItem(t("Stay calm."), blocks=(d.BulletList((d.ListItem(t("Nested point")),)),)),
                d.ListItem(t("Listen.")),
            )
        ),
        d.Callout("video", "Video: Segment 1", (d.Paragraph(t("Start: ____  End: ____")),)),
        d.Callout("advisory", "Content note", (d.Paragraph(t("We will talk about a hard topic.")),)),
        d.Callout("safety", "Safety plan", (d.Paragraph(t("Break space: Room 12")),)),
        d.Callout(
            "facilitator", "Look for", (d.BulletList((d.ListItem(t("trust")),)),), label="Facilitator only"
        ),
        d.Callout("answer", "Answer key", (d.Paragraph(t("True.")),), label="Facilitator only"),
        d.Callout("agreement", "Group agreements", (d.BulletList((d.ListItem(t("You can pass.")),)),)),
        d.Keep((d.Paragraph(t("Write your answer:"), style="label"), d.WriteIn(4))),
        d.Paragraph((d.Text("Draw four rings."), d.LineBreak(), d.Text("Label each ring."))),
        d.WriteIn(6, box=True),
        d.Table(
            rows=((t("Ad"), t("Warning sign")), (t("1"), ()), (t("2"), ())),
            caption="Job ads",
            write_lines=3,
        ),
        d.Image("images/sample.png", alt="A sample picture of a blue square", caption="A caption"),
        d.Heading(4, t("A fourth-level heading")),
        d.Paragraph(t("Small print."), style="small"),
        d.PageBreak(),
        d.Heading(2, t("Lesson 2: Second Lesson"), running="Lesson 2: Second Lesson"),
        d.Paragraph(t("Second lesson body.")),
        d.CutCards(((d.Paragraph(t("Card one")),), (d.Paragraph(t("Card two")),))),
        d.Callout(
            "help",
            "Where to get help",
            (
                d.BulletList(
                    (
                        d.ListItem(t("National Human Trafficking Hotline: Call 1-888-373-7888")),
                        d.ListItem(t("Text 233733")),
                        d.ListItem(t("In an emergency: Call 911")),
                    )
                ),
            ),
        ),
        d.Part(
            "keep",
            "Keep this page",
            (
                d.Callout(
                    "card",
                    "My help card",
                    (d.Paragraph((d.Text("A trusted adult: "), d.Blank("trusted adult's name", 14))),),
                ),
            ),
        ),
        d.CutLine("Cut along the dashed line and return the slip below"),
        d.Part("hand_in", "Hand this page in", (d.Paragraph(t("Exit ticket question")), d.WriteIn(3))),
    )
    return d.Document(meta, blocks)


def png(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (31, 78, 140)) -> bytes:
    """A real, minimal RGB PNG, built by hand so the tests need no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def image_assets(folder: Path) -> Path:
    """An assets folder holding the one image the every-node tree shows (images/sample.png)."""
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "sample.png").write_bytes(png())
    return folder

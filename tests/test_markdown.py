"""The Markdown subset of prose fields, as the tree nodes every writer renders."""

from __future__ import annotations

from kitgen import doctree as d
from kitgen.links import link_targets, safe_href
from kitgen.markdown import blocks, inlines
from kitgen.prose import uncaptioned_tables

TABLE = """Sort the statements.

Table: Myths and facts
| Statement | Myth or **fact** |
|---|---|
| Only strangers traffic people | [myth](https://example.org) |
| It can happen at home |

After the table."""


def test_pipe_table_becomes_a_table_with_header_row_and_caption() -> None:
    before, table, after = blocks(TABLE)
    assert before == d.Paragraph((d.Text("Sort the statements."),))
    assert after == d.Paragraph((d.Text("After the table."),))
    assert table == d.Table(
        rows=(
            ((d.Text("Statement"),), (d.Text("Myth or "), d.Strong((d.Text("fact"),)))),
            ((d.Text("Only strangers traffic people"),), (d.Link("https://example.org", (d.Text("myth"),)),)),
            ((d.Text("It can happen at home"),), ()),
        ),
        caption="Myths and facts",
        header_rows=1,
    )


def test_a_table_without_a_caption_line_is_counted() -> None:
    assert uncaptioned_tables(TABLE) == 0
    assert uncaptioned_tables("| a | b |\n|---|---|\n| 1 | 2 |") == 1
    assert uncaptioned_tables("Table:\n| a | b |\n|---|---|") == 1  # an empty caption is none
    assert uncaptioned_tables("Table: a caption with no table below") == 0


def test_a_table_caption_line_is_plain_text_elsewhere() -> None:
    assert blocks("Table: not above a table") == (d.Paragraph((d.Text("Table: not above a table"),)),)


def test_lists_and_emphasis() -> None:
    assert blocks("- one\n- *two*") == (
        d.BulletList((d.ListItem((d.Text("one"),)), d.ListItem((d.Emph((d.Text("two"),)),)))),
    )
    assert inlines("a\nb **c**") == (d.Text("a b "), d.Strong((d.Text("c"),)))


def test_html_and_template_syntax_stay_characters() -> None:
    assert inlines("<b>{{ x }}</b>") == (d.Text("<b>{{ x }}</b>"),)


def test_link_rules() -> None:
    assert [
        safe_href(h) for h in ("https://a.org", "mailto:x@y.org", "tel:988", "javascript:x", "data:,")
    ] == [
        True,
        True,
        True,
        False,
        False,
    ]
    text = "See [a](https://a.org) and [b](javascript:alert(1)) in\n\n- [c](tel:988)"
    assert link_targets(text) == ["https://a.org", "javascript:alert(1)", "tel:988"]
    # composition drops the unsafe link and keeps its words
    assert inlines("[b](javascript:alert(1))") == (d.Text("[b](javascript:alert(1))"),)
    assert inlines("[a](https://a.org)") == (d.Link("https://a.org", (d.Text("a"),)),)

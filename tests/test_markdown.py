"""The Markdown subset of prose fields, as the tree nodes every writer renders."""

from __future__ import annotations

from pathlib import Path

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


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


PLAIN_EDGES = [
    "",
    "   ",
    "  Padded sentence.  ",
    "Two  spaces inside",
    "Tab\tinside",
    "--- not a rule",
    "-not a list",
    "- a list item",
    "  * starred item",
    "1. first",
    "2) second",
    "+1 for trying",
    "10 people, 3 rooms",
    "Ask: 1. what? 2. why?",
    "<b>tags</b> & {{ jinja }} stay characters",
    "Call 1-888-373-7888 or text 233733.",
    "Price is $5 # not a heading > not a quote",
]


def test_plain_text_shortcut_gives_what_the_parser_gives() -> None:
    """Prose without markup skips the parser; every shipped string and the edge cases must come
    out exactly as the parser makes them."""
    import yaml

    from kitgen import markdown

    lessons = Path(__file__).parent.parent / "lessons"
    texts = {s for path in lessons.glob("*.yaml") for s in _strings(yaml.safe_load(path.read_text()))}
    texts.update(PLAIN_EDGES)
    shortcut = [t for t in texts if markdown._plain(t) is not None]
    assert len(shortcut) > 100
    for text in texts:
        tokens = markdown.parser().parse(text)
        parsed_inlines: list[d.Inline] = []
        for token in tokens:
            if token.type == "inline":
                if parsed_inlines:
                    parsed_inlines.append(d.Text(" "))
                parsed_inlines.extend(markdown._inlines(token.children or []))
        assert inlines(text) == markdown._merge(tuple(parsed_inlines)), text
        assert blocks(text) == tuple(markdown._blocks(tokens, 0)[0]), text


def test_a_paragraph_ending_in_a_colon_introduces_the_block_after_it() -> None:
    found = blocks("Walk through the steps:\n\n- one\n- two\n\nThen read this:\n\nThe story.\n\nLast words:")
    assert [b.introduces for b in found if isinstance(b, d.Paragraph)] == [True, True, False, False]
    nested = blocks("- Item\n\n  Two choices:\n\n  - yes\n  - no")
    (item,) = nested[0].items  # type: ignore[union-attr]
    assert item.blocks[0] == d.Paragraph((d.Text("Two choices:"),), introduces=True)

"""Where a list set in columns (``d.BulletList.columns``) moves on to its next column.

The HTML writer starts each column with a forced column break and lets the columns fill
(``column-fill: auto``) instead of letting WeasyPrint balance them: WeasyPrint 70 balances by
laying the columns out again and again, one pixel taller each time, which made the one-page
take-home sheet cost 0.44 s of CPU instead of 0.16 s. The split is chosen here, from the text,
so that the tallest column is as short as it can be: for the shipped help resources, the same
three-and-two the balancing found.
"""

from __future__ import annotations

import math
from functools import cache

from .. import doctree as d

LINE = 48
"""Characters on one line of a half-width column in the list's small type (about 50 on the
take-home sheet); a line more or less only matters where two splits are within a line."""


def lines_of(item: d.ListItem) -> int:
    """An item's estimated height in lines: its own text, then each nested block's."""
    own = max(1, math.ceil(len(d.plain_text(item.children)) / LINE))
    nested = sum(
        math.ceil(len(d.plain_text(block.children)) / LINE)
        for block in d.walk(item.blocks)
        if isinstance(block, d.Paragraph)
    )
    return own + nested


def column_starts(items: tuple[d.ListItem, ...], columns: int) -> frozenset[int]:
    """The indices of the items that start a column after the first: the contiguous split into
    at most ``columns`` columns whose tallest column is shortest, earlier columns the taller on
    a tie (as balanced columns fill)."""
    heights = [lines_of(item) for item in items]

    @cache
    def best(start: int, left: int) -> tuple[int, tuple[int, ...]]:
        """The tallest column and the column starts for items[start:] in ``left`` columns."""
        if left == 1 or len(heights) - start <= 1:
            return sum(heights[start:]), ()
        choices = []
        for end in range(start + 1, len(heights)):
            rest, starts = best(end, left - 1)
            choices.append((max(sum(heights[start:end]), rest), -end, (end, *starts)))
        tallest, _, starts = min(choices)
        return tallest, starts

    return frozenset(best(0, max(columns, 1))[1]) if items else frozenset()

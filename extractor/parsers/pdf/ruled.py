"""Ruled tables filled: each glyph into the cell its middle falls in, each cell's lines read."""

from __future__ import annotations

from bisect import bisect_right

from .lines import text_lines
from .model import Box, Edge, Glyph, LineEnd, PageCell, PageRow, TableFragment
from .tables import find_tables
from .words import cell_lines


def page_cell(glyphs: list[Glyph], box: Box, number: int, spaces_drawn: bool, vocabulary: frozenset[str]) -> PageCell:
    """A ruled cell read: its lines, and how they end and start (a page break may cut a word there)."""
    geometry = text_lines(glyphs)
    lines = cell_lines(geometry, box, spaces_drawn, vocabulary)
    if not lines:
        return PageCell(lines, box, number)
    last = geometry[-1]
    padding = max(min(line.box[0] for line in geometry) - box[0], 0.0)
    size = last.box[3] - last.box[1]
    end = LineEnd(lines[-1], last.ends_word, box[2] - padding - last.box[2], size, spaces_drawn, vocabulary)
    return PageCell(lines, box, number, end=end, first_width=geometry[0].first_width)


def ruled_fragments(
    edges: list[Edge], glyphs: list[Glyph], number: int, vocabulary: frozenset[str] = frozenset()
) -> tuple[list[TableFragment], list[Glyph]]:
    """The page's ruled tables, their cells filled; and the glyphs that fall in no table."""
    fragments = []
    tables = [table for table in find_tables(edges) if len({cell[0] for cell in table.cells}) >= 2]
    placed: dict[int, list[Glyph]] = {}
    cells: list[Box] = [cell for table in tables for cell in table.cells]
    # Per column start, the cells covering it sorted by top: a glyph finds its cell by two bisections.
    starts = sorted({cell[0] for cell in cells})
    by_column: list[list[int]] = [
        sorted((i for i, cell in enumerate(cells) if cell[0] <= start < cell[2]), key=lambda i: cells[i][1]) for start in starts
    ]
    tops = [[cells[i][1] for i in column] for column in by_column]
    boxes = [table.bbox for table in tables]
    outside: list[Glyph] = []
    for glyph in glyphs:
        _, left, right, high, low = glyph[:5]  # text, x0, x1, top, bottom: unpacked, as a page's every glyph passes
        x, y = (left + right) / 2, (high + low) / 2
        column = bisect_right(starts, x) - 1
        target = None
        if column >= 0:
            position = bisect_right(tops[column], y) - 1
            if position >= 0:
                index = by_column[column][position]
                x0, top, x1, bottom = cells[index]
                if x0 <= x <= x1 and top <= y <= bottom:
                    target = index
        if target is None:
            if not any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for box in boxes):
                outside.append(glyph)
        else:
            placed.setdefault(target, []).append(glyph)

    index_of = {cell: i for i, cell in enumerate(cells)}
    spaces_drawn = any(glyph.text.isspace() for glyph in glyphs)
    for table, box in zip(tables, boxes, strict=True):
        column_edges = sorted({round(cell[0], 1) for cell in table.cells} | {round(box[2], 1)})
        rows = []
        for row in table.rows:
            page_cells = tuple(
                None if cell is None else page_cell(placed.get(index_of[cell], []), cell, number, spaces_drawn, vocabulary)
                for cell in row.cells
            )
            rows.append(PageRow(page_cells, row.bbox))
        fragments.append(TableFragment(tuple(column_edges), tuple(rows), box, ruled=True))
    return fragments, outside

"""A table drawn without lines: columns from the white space between text, rows from the taller gaps."""

from __future__ import annotations

from bisect import bisect_right
from statistics import median

from .lines import PARAGRAPH_GAP
from .model import EDGE_TOLERANCE, Line, PageCell, PageRow, Segment, TableFragment, union


def aligned_table(lines: list[Line], number: int) -> tuple[TableFragment | None, list[Line]]:
    """A table drawn without lines: columns from the white space, rows from the taller gaps.

    The table is the block of lines around those with three or more segments
    whose segments all fit the columns; the lines outside it are returned.
    """
    wide = [index for index, line in enumerate(lines) if len(line.segments) >= 3]
    if not wide:
        return None, lines
    # Column extents: the x-ranges the wide lines' segments cover, overlapping ranges merged.
    spans: list[list[float]] = []
    for x0, x1 in sorted((s.box[0], s.box[2]) for i in wide for s in lines[i].segments):
        if spans and x0 <= spans[-1][1] + 1.0:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    if len(spans) < 3:
        return None, lines
    edges = [spans[0][0]] + [(left[1] + right[0]) / 2 for left, right in zip(spans, spans[1:], strict=False)] + [spans[-1][1]]

    def fits(line: Line) -> bool:
        return all(
            any(edges[c] - EDGE_TOLERANCE <= s.box[0] and s.box[2] <= edges[c + 1] + EDGE_TOLERANCE for c in range(len(spans)))
            for s in line.segments
        )

    def near(upper: Line, lower: Line) -> bool:
        return lower.box[1] - upper.box[3] <= 2 * (lower.box[3] - lower.box[1])

    first, last = wide[0], wide[-1]
    while first > 0 and fits(lines[first - 1]) and near(lines[first - 1], lines[first]):
        first -= 1
    while last + 1 < len(lines) and fits(lines[last + 1]) and near(lines[last], lines[last + 1]):
        last += 1
    block = lines[first : last + 1]

    line_gaps = [lower.box[1] - upper.box[3] for upper, lower in zip(block, block[1:], strict=False)]
    # A cell's lines stand closer than the cells' padding keeps two rows apart; a table with no padding
    # gets a row per line, and the normaliser joins the rows that carry no number.
    row_gap = PARAGRAPH_GAP * median(line.box[3] - line.box[1] for line in block)
    grouped: list[list[Line]] = []
    for index, line in enumerate(block):
        if index == 0 or line_gaps[index - 1] > row_gap:
            grouped.append([])
        grouped[-1].append(line)

    rows = []
    for row_lines in grouped:
        columns: list[list[Segment]] = [[] for _ in spans]
        for line in row_lines:
            for segment in line.segments:
                centre = (segment.box[0] + segment.box[2]) / 2
                column = min(max(bisect_right(edges, centre) - 1, 0), len(spans) - 1)
                columns[column].append(segment)
        row_box = union(line.box for line in row_lines)
        cells = tuple(
            PageCell([s.text for s in column], union(s.box for s in column), number)
            if column
            else PageCell([], (edges[c], row_box[1], edges[c + 1], row_box[3]), number)
            for c, column in enumerate(columns)
        )
        rows.append(PageRow(cells, (edges[0], row_box[1], edges[-1], row_box[3])))
    box = (edges[0], block[0].box[1], edges[-1], block[-1].box[3])
    centres = tuple((x0 + x1) / 2 for x0, x1 in spans)
    return TableFragment(tuple(edges), tuple(rows), box, ruled=False, centres=centres), lines[:first] + lines[last + 1 :]

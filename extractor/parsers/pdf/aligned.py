"""A table drawn without lines: columns from the white space between text, rows from the taller gaps.

The same reading as a scanned page's (``parsers/ocr/lineless.py``, one
implementation for both): the lines become a scan's lines of print
(``print_lines``: top, bottom and the pixel columns their segments cover at
``PIXELS_PER_POINT``, each segment's box less the em square's white above and
below the letters), ``grid_of_lines`` finds the columns from the white
gutters, the rows from the taller gaps and a header cell over several columns
(``Обсяги фінансування`` over its years) as a merged cell, and each
segment goes to the cell its middle falls in. A block that grid does not read
(fewer than three columns of white, or lines of print too few) falls back to
``extent_table``: columns from the x-ranges the wide lines' segments cover.
"""

from __future__ import annotations

from bisect import bisect_right
from statistics import median
from typing import TYPE_CHECKING

from .lines import PARAGRAPH_GAP
from .model import EDGE_TOLERANCE, Line, PageCell, PageRow, Segment, TableFragment, union

if TYPE_CHECKING:
    from ..ocr.lineless import TextLine

PIXELS_PER_POINT = 4.0  # about 290 dpi: the resolution the scanned page's steps are tuned for
# The ink of a line of letters: the em square's box less this share of its height above and below (capitals and
# descenders reach about so far).
INK_INSET = 0.05
MARGIN = 48  # white pixels around the page's print (more than the scanned page's PAGE_EDGE)


def aligned_table(lines: list[Line], number: int) -> tuple[TableFragment | None, list[Line]]:
    """A table drawn without lines, and the lines outside it; (None, lines) without one."""
    found = whitespace_table(lines, number)
    if found is not None:
        return found
    return extent_table(lines, number)


def print_lines(lines: list[Line]) -> tuple[list[TextLine], tuple[int, int], float, float]:
    """The lines as a scan's lines of print (``ocr.lineless.TextLine``): top, bottom and the pixel columns their
    segments cover, each segment's box less ``INK_INSET`` above and below; lines whose print overlaps top to bottom
    are one (a cell's line set a little lower than its neighbour's), as on a scanned page. With the bitmap's size
    and the page position (x, y in points) of its corner."""
    import numpy as np  # loaded only for a table drawn without lines

    from ..ocr.lineless import TextLine

    boxes = [segment.box for line in lines for segment in line.segments]
    x0 = min(box[0] for box in boxes) - MARGIN / PIXELS_PER_POINT
    y0 = min(box[1] for box in boxes) - MARGIN / PIXELS_PER_POINT
    width = int((max(box[2] for box in boxes) - x0) * PIXELS_PER_POINT) + MARGIN
    height = int((max(box[3] for box in boxes) - y0) * PIXELS_PER_POINT) + MARGIN
    bands: list[tuple[int, int, list[Segment]]] = []
    for line in sorted(lines, key=lambda line: line.box[1]):
        inset = INK_INSET * (line.box[3] - line.box[1])
        top = round((line.box[1] + inset - y0) * PIXELS_PER_POINT)
        bottom = round((line.box[3] - inset - y0) * PIXELS_PER_POINT)
        if bands and top < bands[-1][1]:
            bands[-1] = (bands[-1][0], max(bottom, bands[-1][1]), [*bands[-1][2], *line.segments])
        else:
            bands.append((top, bottom, list(line.segments)))
    found = []
    for top, bottom, segments in bands:
        inked = np.zeros(width, dtype=bool)
        for segment in segments:
            inked[round((segment.box[0] - x0) * PIXELS_PER_POINT) : round((segment.box[2] - x0) * PIXELS_PER_POINT)] = True
        found.append(TextLine(top, bottom, inked))
    return found, (height, width), x0, y0


def whitespace_table(lines: list[Line], number: int) -> tuple[TableFragment, list[Line]] | None:
    """The table ``lineless_grid`` finds in the white space between the lines' segments, in points."""
    if sum(1 for line in lines if len(line.segments) >= 3) < 3:
        return None
    from ..ocr.lineless import grid_of_lines

    print_, shape, x0, y0 = print_lines(lines)
    grid = grid_of_lines(print_, shape)
    if grid is None:
        return None
    xs = [x0 + x / PIXELS_PER_POINT for x in grid.xs]
    ys = [y0 + y / PIXELS_PER_POINT for y in grid.ys]
    # The rest of a row a page break cut, at the top of the next page: a row of its own (joined to its row later).
    top = row_rest_above(lines, xs, ys[0])
    shift = 0
    if top is not None:
        ys.insert(0, top)
        shift = 1
    inside = [line for line in lines if ys[0] <= (line.box[1] + line.box[3]) / 2 <= ys[-1]]
    if not inside:
        return None
    # Each segment to the region its middle falls in.
    anchor: dict[tuple[int, int], tuple[int, int]] = {}
    for region in grid.regions:
        for row in range(region.row, region.row + region.row_span):
            for column in range(region.column, region.column + region.column_span):
                anchor[(row + shift, column)] = (region.row + shift, region.column)
    texts: dict[tuple[int, int], list[tuple[float, list[Segment]]]] = {}
    for line in inside:
        middle = (line.box[1] + line.box[3]) / 2
        row = min(max(bisect_right(ys, middle) - 1, 0), len(ys) - 2)
        for segment in line.segments:
            centre = (segment.box[0] + segment.box[2]) / 2
            column = min(max(bisect_right(xs, centre) - 1, 0), len(xs) - 2)
            key = anchor.get((row, column), (row, column))
            runs = texts.setdefault(key, [])
            if runs and runs[-1][0] == middle:
                runs[-1][1].append(segment)
            else:
                runs.append((middle, [segment]))
    rows = []
    for row in range(len(ys) - 1):
        cells: list[PageCell | None] = []
        for column in range(len(xs) - 1):
            key = anchor.get((row, column), (row, column))
            if key != (row, column):
                cells.append(None)
                continue
            runs = texts.get(key, [])
            segments = [segment for _, run in runs for segment in run]
            box = union(s.box for s in segments) if segments else (xs[column], ys[row], xs[column + 1], ys[row + 1])
            cells.append(PageCell([" ".join(s.text for s in run) for _, run in runs], box, number))
        rows.append(PageRow(tuple(cells), (xs[0], ys[row], xs[-1], ys[row + 1])))
    box = (xs[0], inside[0].box[1], xs[-1], inside[-1].box[3])
    centres = tuple((left + right) / 2 for left, right in zip(xs, xs[1:], strict=False))
    outside = [line for line in lines if not ys[0] <= (line.box[1] + line.box[3]) / 2 <= ys[-1]]
    return TableFragment(tuple(xs), tuple(rows), box, ruled=False, centres=centres), outside


def row_rest_above(lines: list[Line], xs: list[float], table_top: float) -> float | None:
    """Where a row's rest above the table starts, if every line above the table is one: the page's first lines
    (a page break cut the row above them), each of its segments within one column, standing as close to one another
    and to the table as a table's lines do (``BLOCK_GAP_SHARE``); None where a heading or any other text is above."""
    from ..ocr.lineless import BLOCK_GAP_SHARE

    above = [line for line in lines if (line.box[1] + line.box[3]) / 2 < table_top]
    if not above:
        return None
    for line in above:
        for segment in line.segments:
            if not any(
                xs[column] - EDGE_TOLERANCE <= segment.box[0] and segment.box[2] <= xs[column + 1] + EDGE_TOLERANCE
                for column in range(len(xs) - 1)
            ):
                return None
    bottoms = [line.box[3] for line in above[:-1]] + [above[-1].box[3]]
    tops = [line.box[1] for line in above[1:]] + [table_top]
    for bottom, top, line in zip(bottoms, tops, above, strict=True):
        if top - bottom > BLOCK_GAP_SHARE * (line.box[3] - line.box[1]):
            return None
    return above[0].box[1] - 1.0


def extent_table(lines: list[Line], number: int) -> tuple[TableFragment | None, list[Line]]:
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

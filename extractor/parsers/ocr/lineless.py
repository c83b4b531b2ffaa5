"""A table drawn with no lines: columns from the white space between the text, rows from the taller gaps.

Some annexes are typed as a table with its borders switched off. What a
reader goes by is the white space, and so does this step (the text PDF's
``parsers/pdf/aligned.py`` reads such a table from its words' positions):

1. ``text_lines`` — the page's lines of print, from the rows of pixels that
   hold ink (a lone accent or a dash a few pixels tall goes with the line it
   belongs to);
2. ``table_block`` — the run of lines that have three or more pieces parted
   by white wider than a word space (``segments``): the table; the header
   block, the heading and the signature above and below it are one piece each;
3. ``gutters`` — columns part where a white run, wider than a word space,
   goes down nearly all the table's lines (a merged header cell or a section
   row crosses it in a few);
4. ``row_groups`` — lines stand closer within a cell than two rows do: a gap
   taller than ``ROW_GAP_SHARE`` of a line parts two rows (a table typed with
   no space between rows gets a row per line, and the normaliser joins the
   rows that carry no number, as for any table); a line that crosses a gutter
   (``Обсяги фінансування`` over its year columns) ends its row there for the
   columns it covers, so the sub-header below is a row of its own;
5. the cells: a row's piece that crosses a gutter is one cell over the
   columns it covers, as a merged cell of a ruled table (``rules.merged_regions``
   on borders drawn where the white space is).

All positions are pixels of the page at the working resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .image import SPECK_AREA, components
from .rules import Grid, merged_regions
from .tesseract import cv2

# A mark this many times as tall as a typical glyph is a signature or a stamp's ring, not print (a bracket, "Й" or
# "щ" is under twice a typical glyph's height).
TALL_MARK_SHARE = 3.5
# Rows of pixels with fewer ink pixels than this hold no print (what dust is left).
MIN_ROW_INK = 2
# A band of ink this many lines tall is two lines or more a mark joins; it parts where a row of pixels holds less than
# this share of the band's usual ink (a stamp's fragments in the white between two lines, not a line's own print).
JOINED_LINES_SHARE = 1.7
PARTING_INK_SHARE = 0.06
# A band of ink shorter than this share of the typical line is an accent, a dash or a comma: part of a line.
SMALL_LINE_SHARE = 0.45
# White wider than this share of a line's height parts two pieces of a line (a word space is about 0.3 of it;
# a table cell's padding on both sides, 0.38 cm by Word's default, is a line's height at 10 pt and more).
PIECE_GAP_SHARE = 0.6
MIN_PIECES = 3  # a line of the table has at least this many pieces (columns with text)
MIN_WIDE_LINES = 3  # a table has at least this many such lines
# Lines of a table run on with no more white between them than this many line heights.
BLOCK_GAP_SHARE = 3.0
# A gutter is blank in at least this share of the table's lines (a merged header or a section row crosses it).
GUTTER_SHARE = 0.8
# A gap between two lines taller than this share of a line's height parts two rows (lines of one cell stand closer).
ROW_GAP_SHARE = 0.9
# Rows are told by their gaps when at least this many (and this share) of the gaps between lines part rows.
MIN_ROW_GAPS = 2
ROW_GAPS_SHARE = 0.1
# A row of column numbers stands among the table's first HEADER_LINES lines; it has a number in NUMBERS_SHARE of the
# columns at least, each no wider than NUMBER_WIDTH_SHARE of a line's height (two digits and a full stop).
HEADER_LINES = 12
NUMBERS_SHARE = 0.6
NUMBER_WIDTH_SHARE = 1.4
EDGE_PADDING = 8  # white pixels kept around the table's ink on each side
PAGE_EDGE = 24  # pixels (2 mm) along the sheet's left and right sides that hold no print


@dataclass(frozen=True)
class TextLine:
    """A line of print across the page: its top and bottom, and the columns of pixels it inks."""

    top: int
    bottom: int
    inked: np.ndarray  # bool per pixel column of the page

    @property
    def height(self) -> int:
        return self.bottom - self.top


def text_lines(ink: np.ndarray) -> list[TextLine]:
    """The page's lines of print, top to bottom; a band too small to be a line joins the nearer line.

    Marks within ``PAGE_EDGE`` of the sheet's sides are no print (the
    scanner's shadow at a sheet's edge, what turning the page level left), and
    marks far taller than a glyph (``without_tall_marks``: a signature, what is
    left of a stamp's ring) neither join two lines nor cross a gutter.
    """
    ink = without_tall_marks(ink)
    ink[:, :PAGE_EDGE] = 0
    ink[:, -PAGE_EDGE:] = 0
    inked_rows = (ink > 0).sum(axis=1) >= MIN_ROW_INK
    padded = np.concatenate(([False], inked_rows, [False])).astype(np.int8)
    edges = np.diff(padded)
    bands = list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))
    if not bands:
        return []
    typical = float(np.median([bottom - top for top, bottom in bands]))
    merged = True
    while merged and len(bands) > 1:  # the smallest band joins the neighbour it is closer to
        merged = False
        small = [index for index, (top, bottom) in enumerate(bands) if bottom - top < SMALL_LINE_SHARE * typical]
        for index in small:
            above = bands[index][0] - bands[index - 1][1] if index > 0 else None
            below = bands[index + 1][0] - bands[index][1] if index + 1 < len(bands) else None
            gaps = [gap for gap in (above, below) if gap is not None and gap < typical]
            if not gaps:
                continue
            other = index - 1 if above is not None and above == min(gaps) else index + 1
            first, second = sorted((index, other))
            bands[first : second + 1] = [(bands[first][0], bands[second][1])]
            merged = True
            break
    row_ink = (ink > 0).sum(axis=1)
    bands = [part for band in bands for part in parted(band, row_ink, typical)]
    return [TextLine(top, bottom, np.asarray((ink[top:bottom] > 0).any(axis=0), dtype=bool)) for top, bottom in bands]


def parted(band: tuple[int, int], row_ink: np.ndarray, typical: float) -> list[tuple[int, int]]:
    """A band of ink as tall as two lines or more parted where it holds next to no ink: two lines a stamp's fragments
    or a pen stroke join across the white between them (``1. Утримання …`` over ``1.1. Поточний …`` in a table
    typed with no space between its rows). A band no taller than ``JOINED_LINES_SHARE`` lines stays whole."""
    top, bottom = band
    if bottom - top < JOINED_LINES_SHARE * typical:
        return [band]
    margin = int(typical * 0.6)  # a line is that tall at least: no parting within its first or last part
    inner = row_ink[top + margin : bottom - margin]
    if not inner.size:
        return [band]
    lowest = int(np.argmin(inner))
    if inner[lowest] > PARTING_INK_SHARE * float(np.median(row_ink[top:bottom])):
        return [band]
    cut = top + margin + lowest
    return [*parted((top, cut), row_ink, typical), *parted((cut + 1, bottom), row_ink, typical)]


def without_tall_marks(ink: np.ndarray) -> np.ndarray:
    """A copy of ``ink`` without the marks more than ``TALL_MARK_SHARE`` times as tall as a typical glyph."""
    count, labels, stats = components(ink)
    if count <= 1:
        return ink.copy()
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    glyphs = heights[stats[1:, cv2.CC_STAT_AREA] >= SPECK_AREA]
    if not glyphs.size:
        return ink.copy()
    tall = np.concatenate(([False], heights > TALL_MARK_SHARE * float(np.median(glyphs))))
    return np.where(tall[labels], np.uint8(0), ink)


def segments(inked: np.ndarray, gap: float) -> list[tuple[int, int]]:
    """The pieces of a line (x from, x to): runs of ink parted by white wider than ``gap`` pixels."""
    xs = np.flatnonzero(inked)
    if not xs.size:
        return []
    breaks = np.flatnonzero(np.diff(xs) > gap)
    starts = [int(xs[0])] + [int(xs[index + 1]) for index in breaks]
    ends = [int(xs[index]) + 1 for index in breaks] + [int(xs[-1]) + 1]
    return list(zip(starts, ends, strict=True))


def table_block(lines: list[TextLine], gap: float) -> tuple[int, int] | None:
    """The lines of the table (first, last + 1): in a run of lines that stand close, from the first to the last line
    in ``MIN_PIECES`` pieces or more, with the lines right above and below in pieces too (a header's first line)."""
    if not lines:
        return None
    typical = float(np.median([line.height for line in lines]))
    runs: list[list[int]] = [[0]]
    for index in range(1, len(lines)):
        if lines[index].top - lines[index - 1].bottom <= BLOCK_GAP_SHARE * typical:
            runs[-1].append(index)
        else:
            runs.append([index])
    pieces = [len(segments(line.inked, gap)) for line in lines]
    wide = [[index for index in run if pieces[index] >= MIN_PIECES] for run in runs]
    best = max(range(len(runs)), key=lambda number: len(wide[number]))
    if len(wide[best]) < MIN_WIDE_LINES:
        return None
    first, last = wide[best][0], wide[best][-1]
    while first > runs[best][0] and pieces[first - 1] >= 2:
        first -= 1
    while last < runs[best][-1] and pieces[last + 1] >= 2:
        last += 1
    return first, last + 1


def with_cell_lines(lines: list[TextLine], block: tuple[int, int], gutter_runs: list[tuple[int, int]], gap: float,
                    edges: tuple[int, int]) -> tuple[int, int]:  # fmt: skip
    """The block with the lines right above and below it that are lines of its cells: as close as a cell's lines
    stand, within the table's edges, crossing no gutter (a last row's last line holding one column's text)."""
    typical = float(np.median([line.height for line in lines]))

    def of_a_cell(line: TextLine, neighbour: TextLine) -> bool:
        pieces = segments(line.inked, gap)
        return (
            max(line.top, neighbour.top) - min(line.bottom, neighbour.bottom) <= ROW_GAP_SHARE * typical
            and edges[0] - gap <= pieces[0][0] and pieces[-1][1] <= edges[1] + gap
            and not any(crossed(line, gutter, gap) for gutter in gutter_runs)
        )  # fmt: skip

    first, end = block
    while first > 0 and of_a_cell(lines[first - 1], lines[first]):
        first -= 1
    while end < len(lines) and of_a_cell(lines[end], lines[end - 1]):
        end += 1
    return first, end


def gutters(lines: list[TextLine], gap: float, left: int, right: int) -> list[tuple[int, int]]:
    """The white runs (x from, x to) wider than ``gap`` that go down ``GUTTER_SHARE`` of ``lines`` or more.

    Two runs closer than ``gap`` are one: no column is that narrow (a signature
    over a header reaching into a gutter made a sliver of print in it).
    """
    blank = np.mean([~line.inked[left:right] for line in lines], axis=0) >= GUTTER_SHARE
    padded = np.concatenate(([False], blank, [False])).astype(np.int8)
    edges = np.diff(padded)
    runs: list[list[int]] = []
    for start, end in zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True):
        if end - start <= gap or start == 0 or end >= right - left:
            continue
        if runs and start - runs[-1][1] < gap:
            runs[-1][1] = end  # a sliver narrower than a word space between two gutters holds no column
        else:
            runs.append([start, end])
    return [(left + start, left + end) for start, end in runs]


def crossed(line: TextLine, gutter: tuple[int, int], gap: float) -> bool:
    """Whether a line's print runs across a gutter (a merged header cell, a section row): one of its pieces
    starts left of the gutter and ends right of it (a long line of a column only reaches into it)."""
    return any(start < gutter[0] and end > gutter[1] for start, end in segments(line.inked, gap))


def boundary(lines: list[TextLine], gutter: tuple[int, int], gap: float) -> int:
    """Where the column boundary in a gutter goes: the middle of the widest stretch of it that the fewest lines ink
    (none, as a rule: a long line of the column on the left reaches into the gutter and must stay in its column;
    a signature over a header may reach through it), lines that cross it as a merged cell does aside."""
    kept = [line.inked[gutter[0] : gutter[1]] for line in lines if not crossed(line, gutter, gap)]
    if not kept:
        return (gutter[0] + gutter[1]) // 2
    counts = np.sum(kept, axis=0)
    fewest = counts == counts.min()
    padded = np.concatenate(([False], fewest, [False])).astype(np.int8)
    edges = np.diff(padded)
    runs = list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))
    start, end = max(runs, key=lambda run: run[1] - run[0])
    return gutter[0] + (start + end) // 2


def row_groups(
    lines: list[TextLine], gutter_runs: list[tuple[int, int]], xs: list[int], gap: float
) -> list[tuple[int, set[int]]]:
    """Where rows part: (the index of the line a row starts at, the columns the parting runs over; all for a gap).

    A line crossing a gutter that a later line of the same row has print on
    both sides of ends its part of the row: the row parts before that later
    line, over the columns the crossing line's piece covers. A table typed
    with no space between its rows (no gap or hardly any stands out) gets a
    row per line (the normaliser joins the lines that carry no number to the
    row above, as for a text PDF's such table), but for its header: the lines
    above a row of column numbers (``numbers_line``) are one row, parted
    where a line crosses a gutter as above. The row of column numbers is a
    row of its own in either table, however close under the header it is
    typed (a header's rows typed with no space between them).
    """
    typical = float(np.median([line.height for line in lines]))
    everything = set(range(len(xs) - 1))
    parted = [lines[index].top - lines[index - 1].bottom > ROW_GAP_SHARE * typical for index in range(1, len(lines))]
    numbers = numbers_line(lines, len(xs) - 1, gap)
    if sum(parted) < max(MIN_ROW_GAPS, ROW_GAPS_SHARE * len(parted)):
        parted = [numbers is None or index >= numbers for index in range(1, len(lines))]
    elif numbers is not None:  # the column numbers are a row of their own, however close the header stands above
        for index in (numbers, numbers + 1):
            if 0 < index < len(lines):
                parted[index - 1] = True
    starts: list[tuple[int, set[int]]] = [(0, everything)]
    for index in range(1, len(lines)):
        if parted[index - 1]:
            starts.append((index, everything))
            continue
        row_start = starts[-1][0]
        columns: set[int] = set()
        for number, gutter in enumerate(gutter_runs):
            line = lines[index]
            if crossed(line, gutter, gap) or not any(crossed(above, gutter, gap) for above in lines[row_start:index]):
                continue
            if line.inked[xs[number] : gutter[0]].any() and line.inked[gutter[1] : xs[number + 2]].any():
                columns |= covered_columns(lines[row_start:index], gutter_runs, number, gap)
        if columns:
            starts.append((index, columns))
    return starts


def numbers_line(lines: list[TextLine], columns: int, gap: float) -> int | None:
    """The index of the row of column numbers (``1 2 3 … 9``) among the table's first lines, if it has one: a line
    of short pieces (a number or two digits wide), one in most columns."""
    typical = float(np.median([line.height for line in lines]))
    for index, line in enumerate(lines[:HEADER_LINES]):
        pieces = segments(line.inked, gap)
        if len(pieces) >= max(MIN_PIECES, NUMBERS_SHARE * columns) and all(
            end - start <= NUMBER_WIDTH_SHARE * typical for start, end in pieces
        ):
            return index
    return None


def covered_columns(lines: list[TextLine], gutter_runs: list[tuple[int, int]], number: int, gap: float) -> set[int]:
    """The columns a piece crossing gutter ``number`` covers in ``lines``: out to the gutters it does not cross."""
    first = number
    while first > 0 and any(crossed(line, gutter_runs[first - 1], gap) for line in lines):
        first -= 1
    last = number + 1
    while last < len(gutter_runs) and any(crossed(line, gutter_runs[last], gap) for line in lines):
        last += 1
    return set(range(first, last + 1))


def lineless_grid(ink: np.ndarray) -> Grid | None:
    """The grid of a table drawn with no lines, found in the page's print (``ink``, 255 on 0); None without one."""
    return grid_of_lines(text_lines(ink), ink.shape)


def grid_of_lines(lines: list[TextLine], shape: tuple[int, int]) -> Grid | None:
    """The grid of a table drawn with no lines from the page's lines of print alone (their tops, bottoms and inked
    pixel columns, on a page of ``shape``): a scan's from its ink, a text PDF's from its words' boxes
    (``parsers/pdf/aligned.py``); None without one."""
    if len(lines) < MIN_WIDE_LINES:
        return None
    gap = PIECE_GAP_SHARE * float(np.median([line.height for line in lines]))
    found = table_block(lines, gap)
    if found is None:
        return None
    block = lines[found[0] : found[1]]
    inked = np.logical_or.reduce([line.inked for line in block])
    columns = np.flatnonzero(inked)
    left, right = int(columns[0]), int(columns[-1]) + 1
    gutter_runs = gutters(block, gap, left, right)
    if len(gutter_runs) < MIN_PIECES - 1:
        return None
    first, end = with_cell_lines(lines, found, gutter_runs, gap, (left, right))
    block = lines[first:end]
    height, width = shape
    xs = [max(left - EDGE_PADDING, 0), *(boundary(block, run, gap) for run in gutter_runs), min(right + EDGE_PADDING, width)]
    starts = row_groups(block, gutter_runs, xs, gap)
    ys = [max(block[0].top - EDGE_PADDING, 0)]
    for index, _ in starts[1:]:
        ys.append((block[index - 1].bottom + block[index].top) // 2)
    ys.append(min(block[-1].bottom + EDGE_PADDING, height))
    # The borders a ruled table would have: across where rows part (over the columns they part in), down where a
    # gutter stays white through a row.
    horizontal = np.zeros(shape, dtype=np.uint8)
    vertical = np.zeros(shape, dtype=np.uint8)
    for row, (_, parted) in enumerate(starts):
        for column in parted:
            horizontal[max(ys[row] - 1, 0) : ys[row] + 2, xs[column] : xs[column + 1]] = 255
    horizontal[max(ys[-1] - 1, 0) : ys[-1] + 2, xs[0] : xs[-1]] = 255
    row_of = [0] * len(block)
    for row, (index, _) in enumerate(starts):
        for line in range(index, len(block)):
            row_of[line] = row
    for number, gutter in enumerate(gutter_runs):
        x = xs[number + 1]
        for row in range(len(ys) - 1):
            if not any(crossed(line, gutter, gap) for line, line_row in zip(block, row_of, strict=True) if line_row == row):
                vertical[ys[row] : ys[row + 1], max(x - 1, 0) : x + 2] = 255
    for x in (xs[0], xs[-1]):
        vertical[ys[0] : ys[-1], max(x - 1, 0) : x + 2] = 255
    regions = merged_regions(xs, ys, horizontal, vertical)
    return Grid(tuple(xs), tuple(ys), tuple(regions), ruled_columns=False, ruled_rows=False)


def ruled_across_grid(ink: np.ndarray, horizontal: np.ndarray, ys: tuple[int, ...], edges: tuple[int, int]) -> Grid | None:
    """The grid of a table ruled across only (its rows drawn, ``ys``; its columns not, or only its outer box): the
    columns from the white space, as in a table drawn with no lines, and a row's cell merged over a gutter its text
    crosses (a section's title, ``Обсяги фінансування`` over its years). ``horizontal`` is the page's mask of rules,
    ``edges`` the table's left and right."""
    lines = [line for line in text_lines(ink) if ys[0] < (line.top + line.bottom) / 2 < ys[-1]]
    if len(lines) < MIN_WIDE_LINES:
        return None
    gap = PIECE_GAP_SHARE * float(np.median([line.height for line in lines]))
    left, right = edges
    gutter_runs = gutters(lines, gap, left, right)
    if len(gutter_runs) < MIN_PIECES - 1:
        return None
    xs = [left, *(boundary(lines, run, gap) for run in gutter_runs), right]
    vertical = np.zeros(ink.shape, dtype=np.uint8)
    for number, gutter in enumerate(gutter_runs):
        x = xs[number + 1]
        for row in range(len(ys) - 1):
            in_row = [line for line in lines if ys[row] < (line.top + line.bottom) / 2 < ys[row + 1]]
            if not any(crossed(line, gutter, gap) for line in in_row):
                vertical[ys[row] : ys[row + 1], max(x - 1, 0) : x + 2] = 255
    for x in (xs[0], xs[-1]):
        vertical[ys[0] : ys[-1], max(x - 1, 0) : x + 2] = 255
    regions = merged_regions(xs, list(ys), horizontal, vertical)
    return Grid(tuple(xs), ys, tuple(regions), ruled_columns=False)

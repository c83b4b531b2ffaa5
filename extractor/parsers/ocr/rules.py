"""The table's ruling grid, found in the page's ink: lines, their crossings, and the cells their borders enclose.

1. ``ruling_lines`` — long horizontal and vertical strokes are kept by a
   morphological opening (text strokes are too short), and gaps a faint or
   broken line leaves are bridged along it; on a faded copy's page
   (``broken``) rules broken into dashes are closed first, bounded so that
   no text is run into a rule (``long_strokes``);
2. ``rules`` — strokes become rules, and only strokes that belong to a grid
   are kept: a vertical stroke must meet horizontal rules at its ends (the arc
   of a stamp's ring or a signature's down-stroke meets none), a horizontal
   rule must cross two vertical ones;
3. ``find_grid`` — rule positions closer than ``LINE_MERGE_DISTANCE`` are one
   line (drawn thick, doubled, or a little bent), and a grid cell whose border
   is not drawn is merged with its neighbour, so a section cell spanning
   several measures is one ``Region``, as in the DOCX;
4. ``gutter_columns`` — a table ruled only across (horizontal lines, no
   vertical ones) gets its column boundaries from the white gutters that run
   down its whole body.

A table drawn with no lines at all is ``lineless``'s.

All positions are pixels of the page at the working resolution.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .image import components
from .tesseract import cv2

# A ruling line is at least this long; text strokes are far shorter.
MIN_LINE_LENGTH = 80
# A vertical rule may be as short as one row of text (a row cut by a page break, alone at a page's top):
# a one-line row is about 65 px tall at 12 pt and 200 dpi, a letter with its descender about 35 px (45 px let
# stacked letters pass for rules in tests; 70 px lost the cut row).
MIN_VERTICAL_LENGTH = 58
# A horizontal stroke this long is a rule candidate (a stamp's ring gives shorter flat stretches).
MIN_HORIZONTAL_RULE = 2 * MIN_LINE_LENGTH
# Gaps up to this many pixels along a line (a faint or worn stretch, JPEG blocks) are bridged.
LINE_GAP = 31
# Gaps up to this many pixels in a rule (flakes of toner a faded copy or a copy of a copy lost) are closed before
# rules are told from text by their length; wider gaps would run the glyphs of text lines together.
FLAKE_GAP = 21
# A rule is at most this thick (pixels); beside it (this many pixels off its edges) a rule has the cells' padding,
# a word run together by that close its letters, along more than TEXT_BESIDE of its length.
MAX_RULE_THICKNESS = 13
BESIDE_RULE = (4, 12)
TEXT_BESIDE = 0.5
BRIDGED_LENGTH = 3  # times the shortest rule's length: a stroke only the close made must be longer than a long word
# Line positions closer than this (pixels) are one line drawn thick, doubled or slightly bent.
LINE_MERGE_DISTANCE = 14
# How far a stroke's end may stop short of the rule it meets.
JOIN_TOLERANCE = 16
# A vertical stroke that meets a rule at one end only is still a rule when at least this long.
LONE_VERTICAL_LENGTH = 220
# Share of a grid cell's side that must be inked for the border to count as drawn.
BORDER_COVERAGE = 0.6
# A column's rule covers at least this share of what the typical column's rule covers.
SHORT_COLUMN_SHARE = 0.15
# A drawn vertical border has ink on both sides of it, BESIDE pixels away (closer than a cell's padding), in fewer
# than BESIDE_INK of its rows: a letter's stem that touches the rules has the rest of its letters there.
BESIDE = (5, 10)
BESIDE_INK = 0.3
PAGE_EDGE = 24  # pixels (2 mm) along the sheet's sides where no rule is drawn
# A white gutter between columns of a table with no vertical rules is at least this wide.
MIN_GUTTER = 18
GUTTER_SHARE = 0.75  # share of the table's rows a gutter must be blank in


@dataclass(frozen=True)
class Region:
    """A cell of the grid after merging: the grid rows and columns it covers, and its box in pixels."""

    row: int
    column: int
    row_span: int
    column_span: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Grid:
    xs: tuple[int, ...]  # column boundaries, left to right
    ys: tuple[int, ...]  # row boundaries, top to bottom
    regions: tuple[Region, ...]
    ruled_columns: bool = True  # False: the column boundaries came from white gutters, not drawn rules
    ruled_rows: bool = True  # False: the row boundaries came from the white between lines (``lineless``)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


@dataclass(frozen=True)
class Segment:
    """A straight stroke: its position across, and where it starts and ends along."""

    position: int
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


def ruling_lines(binary: np.ndarray, broken: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the long horizontal and the long vertical strokes of ``binary`` (ink 255).

    ``broken``: the page's rules may be broken into dashes (a faded copy, whose contrast was restored), so gaps
    in them are closed too (``long_strokes``; it costs about a second a page, so a page of whole rules skips it).
    """
    if not broken:
        return finished_lines(*plain_strokes(binary))
    horizontal, bridged_across, ends_across = long_strokes(binary, MIN_LINE_LENGTH, along_x=True)
    vertical, bridged_down, ends_down = long_strokes(binary, MIN_VERTICAL_LENGTH, along_x=False)
    # a rule only the close made is kept where it meets a rule the other way, as the rules of a grid do
    reach = np.ones((2 * JOIN_TOLERANCE + 1, 2 * JOIN_TOLERANCE + 1), np.uint8)
    across_all = cv2.bitwise_or(cv2.bitwise_or(horizontal, bridged_across), ends_across)
    down_all = cv2.bitwise_or(cv2.bitwise_or(vertical, bridged_down), ends_down)
    horizontal = cv2.bitwise_or(horizontal, meeting(bridged_across, cv2.dilate(down_all, reach)))
    vertical = cv2.bitwise_or(vertical, meeting(bridged_down, cv2.dilate(across_all, reach)))
    # a rule's last dashes, where they reach the rule across its end (a pixel or two off)
    near = np.ones((5, 5), np.uint8)
    horizontal = cv2.bitwise_or(horizontal, meeting(ends_across, cv2.dilate(down_all, near)))
    vertical = cv2.bitwise_or(vertical, meeting(ends_down, cv2.dilate(across_all, near)))
    return finished_lines(horizontal, vertical)


def plain_strokes(binary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and vertical strokes of ``binary`` long enough to be rules, by a morphological opening."""
    return (
        cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (MIN_LINE_LENGTH, 1))),
        cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, MIN_VERTICAL_LENGTH))),
    )


def finished_lines(horizontal: np.ndarray, vertical: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The strokes with a faint or worn line's gaps bridged along it, thickened so a line bent by a pixel stays one."""
    # Bridge the gaps a faint or worn line leaves, then thicken a little so a line bent by a pixel stays one.
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (LINE_GAP, 1)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, LINE_GAP)))
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horizontal, vertical


def long_strokes(binary: np.ndarray, length: int, along_x: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The strokes of ``binary`` at least ``length`` long along one direction, and the rules broken into dashes.

    A rule a faded copy or a copy of a copy left in pieces (flakes of toner
    missing, dashes ``FLAKE_GAP`` pixels apart at most) is closed along its
    direction before the opening. The close is bounded so that it joins no
    text into a rule and no rule to text: the glyphs of a word it runs
    together make a stroke with the word's letters beside it, while a rule has
    the cells' padding on its sides. A closed stroke is kept when it is
    thinner than ``MAX_RULE_THICKNESS``, longer than a long word
    (``BRIDGED_LENGTH`` times ``length``: a rule runs across a cell and the
    cells beside it) and has ink beside it (``BESIDE_RULE`` pixels off, either
    side) along ``TEXT_BESIDE`` of its length at most; and of it, each stretch
    the close added (a gap bridged, dashes too short on their own) is kept
    when it lies between two stretches the plain opening found and has no
    more ink beside it, so a rule is not run on past its end into the letters
    of a merged cell's heading. What the plain opening finds is
    always kept (the first mask); the bridged rules are the second, for
    ``ruling_lines`` to keep where they meet a rule running the other way; the
    third is the stretches the close added at a rule's end (its last dashes),
    kept by ``ruling_lines`` only where they reach a rule running the other way
    (the grid's corner or edge), never into text.
    """
    lying = binary if along_x else np.ascontiguousarray(binary.T)  # the test along x; a vertical rule turned to lie
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    plain = cv2.morphologyEx(lying, cv2.MORPH_OPEN, kernel)
    closed = cv2.morphologyEx(
        cv2.morphologyEx(lying, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (FLAKE_GAP, 1))),
        cv2.MORPH_OPEN,
        kernel,
    )
    added = cv2.bitwise_and(closed, cv2.bitwise_not(plain))
    bridged, ends_mask = np.zeros_like(plain), np.zeros_like(plain)
    if added.any():
        count, labels, stats = components(closed)
        keep = np.zeros(count, dtype=bool)
        sizes = (stats[:, cv2.CC_STAT_HEIGHT] <= MAX_RULE_THICKNESS) & (stats[:, cv2.CC_STAT_WIDTH] >= BRIDGED_LENGTH * length)
        touched = np.bincount(labels[added > 0], minlength=count) > 0  # strokes the close changed
        for label in np.flatnonzero(sizes & touched)[1 if sizes[0] and touched[0] else 0 :]:
            x, y, w, h, _ = (int(value) for value in stats[label])
            keep[label] = label > 0 and rule_like(lying, x, y, w, h)
        strokes = np.where(keep[labels], closed, np.uint8(0))
        count, pieces, stats = components(cv2.bitwise_and(strokes, added))
        kept_pieces, end_pieces = np.zeros(count, dtype=bool), np.zeros(count, dtype=bool)
        width = plain.shape[1]
        for label in range(1, count):
            x, y, w, h = (int(value) for value in stats[label, :4])
            rows = slice(max(y - 2, 0), y + h + 2)
            ends = plain[rows, max(x - 2, 0) : x].any(), plain[rows, x + w : min(x + w + 2, width)].any()
            if rule_like(lying, x, y, w, h):
                kept_pieces[label] = all(ends)
                end_pieces[label] = any(ends) and not all(ends)
        # a stroke's own ink the plain opening found stays; of what the close added, the stretches like a rule
        bridged = np.where((plain > 0) | kept_pieces[pieces], strokes, np.uint8(0))
        ends_mask = np.where(end_pieces[pieces], strokes, np.uint8(0))
    if not along_x:
        plain, bridged, ends_mask = (np.ascontiguousarray(mask.T) for mask in (plain, bridged, ends_mask))
    return plain, bridged, ends_mask


def rule_like(lying: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """Whether a stroke lying along x at (x, y, w, h) has the white of a rule's sides: ink ``BESIDE_RULE`` pixels
    above or below it along at most ``TEXT_BESIDE`` of its length."""
    near, far = BESIDE_RULE
    height = lying.shape[0]
    beside = np.zeros(w, dtype=bool)
    for side in (lying[max(y - far, 0) : max(y - near, 0), x : x + w], lying[min(y + h + near, height) : y + h + far, x : x + w]):
        if side.size:
            beside |= side.max(axis=0) > 0
    return float(beside.mean()) <= TEXT_BESIDE


def meeting(strokes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """The strokes (blobs of a mask) that touch ``others``."""
    count, labels, _ = components(strokes)
    touching = np.bincount(labels[(others > 0) & (labels > 0)], minlength=count) > 0
    touching[0] = False
    return np.where(touching[labels], strokes, np.uint8(0))


def cluster(positions: Iterable[int]) -> list[int]:
    """Merge positions closer than ``LINE_MERGE_DISTANCE`` into their mean."""
    groups: list[list[int]] = []
    for position in sorted(positions):
        if groups and position - groups[-1][-1] <= LINE_MERGE_DISTANCE:
            groups[-1].append(position)
        else:
            groups.append([position])
    return [round(sum(group) / len(group)) for group in groups]


def line_segments(mask: np.ndarray, axis: int) -> list[Segment]:
    """Connected strokes of a line mask; axis 0 = horizontal lines (position y, from x to x), 1 = vertical.

    A stroke along the sheet's edge (within ``PAGE_EDGE`` of it) is the
    scanner's shadow of the edge, or what turning the page level left there,
    not a rule.
    """
    count, _, stats = components(mask)
    page_height, page_width = mask.shape
    segments = []
    for label in range(1, count):
        x, y, width, height, _ = (int(value) for value in stats[label])
        if axis == 0 and width >= MIN_HORIZONTAL_RULE and height < width:
            position = y + height // 2
            if PAGE_EDGE <= position < page_height - PAGE_EDGE:
                segments.append(Segment(position, x, x + width))
        elif axis == 1 and height >= MIN_VERTICAL_LENGTH and width < height:
            position = x + width // 2
            if PAGE_EDGE <= position < page_width - PAGE_EDGE:
                segments.append(Segment(position, y, y + height))
    return segments


def meets(end: int, across: int, rules: list[Segment]) -> bool:
    """Whether a stroke ending at ``end`` (along it) at ``across`` reaches one of ``rules`` running the other way."""
    return any(
        abs(rule.position - end) <= JOIN_TOLERANCE and rule.start - JOIN_TOLERANCE <= across <= rule.end + JOIN_TOLERANCE
        for rule in rules
    )


def rules(horizontal: np.ndarray, vertical: np.ndarray) -> tuple[list[Segment], list[Segment]]:
    """The strokes that belong to a grid: horizontal rules crossing two vertical ones, vertical ones meeting them."""
    across = line_segments(horizontal, axis=0)
    down = line_segments(vertical, axis=1)
    kept_down = []
    for stroke in down:
        top, bottom = meets(stroke.start, stroke.position, across), meets(stroke.end, stroke.position, across)
        if (top and bottom) or ((top or bottom) and stroke.length >= LONE_VERTICAL_LENGTH):
            kept_down.append(stroke)
    kept_across = [
        rule
        for rule in across
        if sum(
            rule.start - JOIN_TOLERANCE <= stroke.position <= rule.end + JOIN_TOLERANCE
            and stroke.start - JOIN_TOLERANCE <= rule.position <= stroke.end + JOIN_TOLERANCE
            for stroke in kept_down
        )
        >= 2
    ]
    return kept_across, kept_down


def column_rules(down: list[Segment]) -> list[Segment]:
    """The vertical strokes of the table's columns: a column's rule runs down most of the table.

    Strokes are grouped by position; a group drawn over less than
    ``SHORT_COLUMN_SHARE`` of what the typical column's rule covers is no
    column (the side of a stamp's ring between two rules, a signature's
    down-stroke). A table one row tall (a row alone at a page's top) has only
    short rules, all alike, and keeps them.
    """
    groups: list[list[Segment]] = []
    for stroke in sorted(down, key=lambda stroke: stroke.position):
        if groups and stroke.position - groups[-1][-1].position <= LINE_MERGE_DISTANCE:
            groups[-1].append(stroke)
        else:
            groups.append([stroke])
    coverage = [sum(stroke.length for stroke in group) for group in groups]
    typical = sorted(coverage)[len(coverage) // 2]
    return [
        stroke
        for group, covered in zip(groups, coverage, strict=True)
        if covered >= SHORT_COLUMN_SHARE * typical
        for stroke in group
    ]


def find_grid(horizontal: np.ndarray, vertical: np.ndarray, binary: np.ndarray | None = None) -> Grid | None:
    """The table's grid: column and row boundaries, and the regions its drawn borders enclose.

    ``binary`` (the page's ink) lets a table ruled only across find its columns
    from white gutters; without it such a page has no grid.
    """
    across, down = rules(horizontal, vertical)
    if len(down) >= 2 and len(across) >= 2:
        down = column_rules(down)
        xs = cluster(stroke.position for stroke in down)
        top = min(stroke.start for stroke in down)
        bottom = max(stroke.end for stroke in down)
        # Horizontal rules count only inside the table's vertical extent.
        ys = cluster(
            rule.position for rule in across if top - LINE_MERGE_DISTANCE <= rule.position <= bottom + LINE_MERGE_DISTANCE
        )
        ruled = True
    else:
        ruled = False
        long_rules = line_segments(horizontal, axis=0)
        if binary is None or len(long_rules) < 2:
            return None
        ys = cluster(rule.position for rule in long_rules)
        left = min(rule.start for rule in long_rules)
        right = max(rule.end for rule in long_rules)
        xs = gutter_columns(binary, ys, left, right)
        if len(xs) < 4:  # a page with a few long lines (a letterhead rule, a signature line) is no table
            return None
        vertical = np.zeros_like(horizontal)
        for x in xs:
            vertical[ys[0] : ys[-1], max(x - 2, 0) : x + 3] = 255
    if len(xs) < 2 or len(ys) < 2:
        return None
    regions = merged_regions(xs, ys, horizontal, vertical, binary if ruled else None)
    return Grid(tuple(xs), tuple(ys), tuple(regions), ruled_columns=ruled)


def gutter_columns(binary: np.ndarray, ys: list[int], left: int, right: int) -> list[int]:
    """Column boundaries of a table with no vertical rules: its edges and the middles of white gutters.

    A gutter is a run of pixel columns left blank in most of the table's rows
    (a merged header cell or a full-width section row crosses it in a few).
    """
    bands = [binary[top + 4 : bottom - 3, left:right] for top, bottom in zip(ys, ys[1:], strict=False) if bottom - top > 10]
    if not bands:
        return [left, right]
    blank_share = np.mean([(band > 0).sum(axis=0) <= 1 for band in bands], axis=0)
    blank = blank_share >= GUTTER_SHARE
    boundaries = [left]
    start: int | None = None
    for index, empty in enumerate([*blank.tolist(), False]):
        if empty and start is None:
            start = index
        elif not empty and start is not None:
            if index - start >= MIN_GUTTER and start > 0 and index < len(blank):
                boundaries.append(left + (start + index) // 2)
            start = None
    boundaries.append(right)
    return boundaries


def merged_regions(
    xs: list[int], ys: list[int], horizontal: np.ndarray, vertical: np.ndarray, marks: np.ndarray | None = None
) -> list[Region]:
    """The grid's cells, a cell merged with its neighbour wherever the border between them is not drawn.

    A vertical border counts as drawn where the line runs with white on its
    sides: in a row as tall as its text (a full-width section row), a letter's
    stem that touches the rules and falls on the column's line would otherwise
    pass for the rule; the letter has ink on both sides of it, a rule has the
    cells' padding (``marks`` is the page's ink).
    """

    def drawn(mask: np.ndarray, position: int, start: int, end: int, along_x: bool) -> bool:
        band = slice(max(position - 5, 0), position + 6)
        strip = mask[band, start:end] if along_x else mask[start:end, band]
        covered = strip.max(axis=0 if along_x else 1) > 0 if strip.size else np.zeros(0, bool)
        if not covered.size or covered.mean() < BORDER_COVERAGE:
            return False
        if along_x or marks is None:
            return True
        left = marks[start:end, max(position - BESIDE[1], 0) : max(position - BESIDE[0], 0)]
        right = marks[start:end, position + BESIDE[0] + 1 : position + BESIDE[1] + 1]
        if not left.size or not right.size:
            return True
        across = (left.max(axis=1) > 0) & (right.max(axis=1) > 0)  # ink on both sides: a letter, not a rule
        return float(across[covered].mean()) < BESIDE_INK

    rows, columns = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * columns))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for row in range(rows):
        for column in range(columns):
            here = row * columns + column
            if column + 1 < columns and not drawn(vertical, xs[column + 1], ys[row], ys[row + 1], along_x=False):
                parent[find(here + 1)] = find(here)
            if row + 1 < rows and not drawn(horizontal, ys[row + 1], xs[column], xs[column + 1], along_x=True):
                parent[find(here + columns)] = find(here)
    members: dict[int, list[tuple[int, int]]] = {}
    for row in range(rows):
        for column in range(columns):
            members.setdefault(find(row * columns + column), []).append((row, column))
    regions = []
    for cells in members.values():
        first_row, last_row = min(r for r, _ in cells), max(r for r, _ in cells)
        first_column, last_column = min(c for _, c in cells), max(c for _, c in cells)
        box = (xs[first_column], ys[first_row], xs[last_column + 1], ys[last_row + 1])
        regions.append(Region(first_row, first_column, last_row - first_row + 1, last_column - first_column + 1, box))
    regions.sort(key=lambda region: (region.row, region.column))
    return regions

"""Ruled tables from the drawn edges, in the small pure steps of pdfplumber's ``table.py`` (MIT licence).

The same steps, tolerances and orderings as pdfplumber's ``TableFinder`` with
``vertical_strategy`` and ``horizontal_strategy`` "lines" and its default
settings, so a page read by either backend gives the same cells (a test holds
the two finders to the same tables on random edges). Here they take ``Edge``
tuples and look points and edges up by position instead of scanning every pair.

=====================  ====================================================
step                   what it does
=====================  ====================================================
``snap_edges``         edges within 3 pt of one another moved to their mean
``merge_edges``        edges on one line joined where they touch or overlap
``intersections``      where a vertical and a horizontal edge cross
``cells``              the smallest rectangles the crossings and edges close
``tables``             cells grouped into tables by the corners they share
``Table.rows``         each table's cells by row, None where a merged cell covers
=====================  ====================================================
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from operator import attrgetter, itemgetter

from .model import Box, Edge

SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
EDGE_MIN_LENGTH_PREFILTER = 1.0

Point = tuple[float, float]


def long_enough(edge: Edge, min_length: float) -> bool:
    return (edge.height if edge.orientation == "v" else edge.width) >= min_length


def cluster_values(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each distinct value's cluster: sorted values within ``tolerance`` of their neighbour share one."""
    distinct = sorted(set(values))
    clusters: dict[float, int] = {}
    index = 0
    last: float | None = None
    for value in distinct:
        if last is not None and value > last + tolerance:
            index += 1
        clusters[value] = index
        last = value
    return clusters


def snap(edges: list[Edge], key: Callable[[Edge], float], tolerance: float, vertical: bool) -> list[Edge]:
    """Edges whose ``key`` lie within ``tolerance`` of one another moved to the cluster's mean, cluster by cluster."""
    cluster_of = cluster_values(map(key, edges), tolerance)
    ordered = sorted(edges, key=lambda edge: cluster_of[key(edge)])
    snapped: list[Edge] = []
    for _, group in itertools.groupby(ordered, key=lambda edge: cluster_of[key(edge)]):
        members = list(group)
        mean = sum(map(key, members)) / len(members)
        for edge in members:
            shift = mean - key(edge)
            if vertical:
                snapped.append(edge._replace(x0=edge.x0 + shift, x1=edge.x1 + shift))
            else:
                snapped.append(edge._replace(top=edge.top + shift, bottom=edge.bottom + shift))
    return snapped


def snap_edges(edges: list[Edge], tolerance: float = SNAP_TOLERANCE) -> list[Edge]:
    vertical = [edge for edge in edges if edge.orientation == "v"]
    horizontal = [edge for edge in edges if edge.orientation == "h"]
    return snap(vertical, attrgetter("x0"), tolerance, True) + snap(horizontal, attrgetter("top"), tolerance, False)


def join_edge_group(edges: Iterable[Edge], orientation: str, tolerance: float = JOIN_TOLERANCE) -> list[Edge]:
    """Edges along one line joined where one starts within ``tolerance`` of where the last ended."""
    ordered = sorted(edges, key=attrgetter("x0" if orientation == "h" else "top"))
    joined = [ordered[0]]
    for edge in ordered[1:]:
        last = joined[-1]
        if orientation == "h":
            if edge.x0 <= last.x1 + tolerance:
                if edge.x1 > last.x1:
                    joined[-1] = last._replace(x1=edge.x1, width=edge.x1 - last.x0)
            else:
                joined.append(edge)
        elif edge.top <= last.bottom + tolerance:
            if edge.bottom > last.bottom:
                joined[-1] = last._replace(bottom=edge.bottom, height=last.height + (edge.bottom - last.bottom))
        else:
            joined.append(edge)
    return joined


def merge_edges(edges: list[Edge]) -> list[Edge]:
    """Edges snapped, then joined line by line (horizontal lines first, each by position)."""

    def line_of(edge: Edge) -> tuple[str, float]:
        return ("h", edge.top) if edge.orientation == "h" else ("v", edge.x0)

    ordered = sorted(snap_edges(edges), key=line_of)
    return [
        joined
        for (orientation, _), group in itertools.groupby(ordered, key=line_of)
        for joined in join_edge_group(group, orientation)
    ]


def table_edges(edges: Iterable[Edge]) -> list[Edge]:
    """The edges a ruled table is found from: horizontal and vertical, merged, 3 pt long or more."""
    vertical = [edge for edge in edges if edge.orientation == "v" and edge.height >= EDGE_MIN_LENGTH_PREFILTER]
    horizontal = [edge for edge in edges if edge.orientation == "h" and edge.width >= EDGE_MIN_LENGTH_PREFILTER]
    return [edge for edge in merge_edges(vertical + horizontal) if long_enough(edge, EDGE_MIN_LENGTH)]


def edge_box(edge: Edge) -> Box:
    return (edge.x0, edge.top, edge.x1, edge.bottom)


def intersections(edges: list[Edge], tolerance: float = INTERSECTION_TOLERANCE) -> dict[Point, tuple[set[Box], set[Box]]]:
    """Where a vertical edge meets a horizontal one (within ``tolerance``): each point with the boxes of both edges."""
    vertical = sorted((edge for edge in edges if edge.orientation == "v"), key=attrgetter("x0", "top"))
    horizontal = sorted((edge for edge in edges if edge.orientation == "h"), key=attrgetter("top", "x0"))
    tops = [edge.top for edge in horizontal]
    found: dict[Point, tuple[set[Box], set[Box]]] = {}
    for v in vertical:
        # A window a hair wider than the test below, which alone decides (the same float arithmetic as pdfplumber's).
        start = bisect_left(tops, v.top - tolerance - 1e-6)
        stop = bisect_right(tops, v.bottom + tolerance + 1e-6)
        for h in horizontal[start:stop]:
            if (
                v.top <= h.top + tolerance
                and v.bottom >= h.top - tolerance
                and v.x0 >= h.x0 - tolerance
                and v.x0 <= h.x1 + tolerance
            ):
                vertical_boxes, horizontal_boxes = found.setdefault((v.x0, h.top), (set(), set()))
                vertical_boxes.add(edge_box(v))
                horizontal_boxes.add(edge_box(h))
    return found


def cells(points: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """Every point's smallest cell: the nearest points below and to the right that edges join into a rectangle."""

    def connects(first: Point, second: Point) -> bool:
        if first[0] == second[0] and points[first][0] & points[second][0]:
            return True
        return first[1] == second[1] and bool(points[first][1] & points[second][1])

    column: dict[float, list[Point]] = defaultdict(list)
    row: dict[float, list[Point]] = defaultdict(list)
    ordered = sorted(points)
    for point in ordered:
        column[point[0]].append(point)
        row[point[1]].append(point)

    found = []
    for point in ordered:
        below = [other for other in column[point[0]] if other[1] > point[1]]
        right = [other for other in row[point[1]] if other[0] > point[0]]
        cell = None
        for below_point in below:
            if not connects(point, below_point):
                continue
            for right_point in right:
                if not connects(point, right_point):
                    continue
                corner = (right_point[0], below_point[1])
                if corner in points and connects(corner, right_point) and connects(corner, below_point):
                    cell = (point[0], point[1], corner[0], corner[1])
                    break
            if cell is not None:
                break
        if cell is not None:
            found.append(cell)
    return found


def tables(found: list[Box]) -> list[list[Box]]:
    """Cells into tables: a cell sharing a corner with a table's cells is one of them. Tables top to bottom."""

    def corners(cell: Box) -> tuple[Point, Point, Point, Point]:
        x0, top, x1, bottom = cell
        return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))

    remaining = list(found)
    current_corners: set[Point] = set()
    current: list[Box] = []
    groups = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            cell_corners = corners(cell)
            if not current or any(corner in current_corners for corner in cell_corners):
                current_corners |= set(cell_corners)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            groups.append(list(current))
            current_corners.clear()
            current.clear()
    if current:
        groups.append(list(current))
    ordered = sorted(groups, key=lambda group: min((cell[1], cell[0]) for cell in group))
    return [group for group in ordered if len(group) > 1]


class Row:
    """A table's row: one cell per column start, None where a cell from a row above covers it."""

    def __init__(self, row_cells: list[Box | None]) -> None:
        self.cells = row_cells
        present = [cell for cell in row_cells if cell is not None]
        self.bbox: Box = (
            min(cell[0] for cell in present),
            min(cell[1] for cell in present),
            max(cell[2] for cell in present),
            max(cell[3] for cell in present),
        )


class Table:
    def __init__(self, table_cells: list[Box]) -> None:
        self.cells = table_cells

    @property
    def bbox(self) -> Box:
        return (
            min(cell[0] for cell in self.cells),
            min(cell[1] for cell in self.cells),
            max(cell[2] for cell in self.cells),
            max(cell[3] for cell in self.cells),
        )

    @property
    def rows(self) -> list[Row]:
        starts = sorted({cell[0] for cell in self.cells})
        result = []
        for _, row_cells in itertools.groupby(sorted(self.cells, key=itemgetter(1, 0)), itemgetter(1)):
            by_start = {cell[0]: cell for cell in row_cells}
            result.append(Row([by_start.get(start) for start in starts]))
        return result


def find_tables(edges: Iterable[Edge]) -> list[Table]:
    """The ruled tables the page's edges draw, top to bottom."""
    return [Table(group) for group in tables(cells(intersections(table_edges(edges))))]

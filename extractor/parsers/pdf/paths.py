"""Painted paths into the edges a ruled table is found from, the way pdfminer and pdfplumber see them.

pdfminer's ``paint_path`` splits a path at each ``m``, drops an ``l`` back to the
start before an ``h``, and keeps a two-point path as a line, a closed
axis-aligned four-sided one as a rectangle and anything else as a curve;
pdfplumber turns a line into one edge, a rectangle into its four sides and a
curve into a piece per pair of points, every coordinate measured from the
page's top. A path here is its operators (``m``, ``l``, ``c``, ``h``) and one
point per operator (a curve's end point, the subpath's start for ``h``), in
PDF user space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .model import Edge

Point = tuple[float, float]
SUBPATH = re.compile(r"m[^m]+")


def shapes(operators: str, points: list[Point]) -> Iterator[tuple[str, list[Point]]]:
    """Each painted subpath's shape and points, after pdfminer's clean-up."""
    if operators[:1] != "m":
        return
    for match in SUBPATH.finditer(operators):
        shape = match.group()
        pts = points[match.start() : match.end()]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts = pts[:-1]
        yield shape, pts


def is_rectangle(pts: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    return pts[0] == pts[4] and (
        (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    )


def bound(pts: Iterable[Point]) -> tuple[float, float, float, float]:
    xs, ys = zip(*pts, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def path_edges(paths: Iterable[tuple[str, list[Point]]], height: float) -> list[Edge]:
    """The edges of a page's painted paths: lines first, then rectangles' sides, then curves' pieces."""
    lines: list[Edge] = []
    rectangles: list[Edge] = []
    curves: list[Edge] = []
    for operators, points in paths:
        for shape, pts in shapes(operators, points):
            if shape in ("mlh", "ml"):
                x0, y0, x1, y1 = bound(pts[:2])
                top, bottom = height - y1, height - y0
                lines.append(Edge("h" if top == bottom else "v", x0, top, x1, bottom, x1 - x0, y1 - y0))
            elif shape in ("mlllh", "mllll") and is_rectangle(pts):
                x0, y0, x1, y1 = bound([pts[0], pts[2]])
                top, bottom, width, tall = height - y1, height - y0, x1 - x0, y1 - y0
                rectangles += [
                    Edge("h", x0, top, x1, top, width, 0),
                    Edge("h", x0, top + tall, x1, bottom, width, 0),
                    Edge("v", x0, top, x0, bottom, 0, tall),
                    Edge("v", x1, top, x1, bottom, 0, tall),
                ]
            else:
                flipped = [(x, height - y) for x, y in pts]
                for (ax, ay), (bx, by) in zip(flipped, flipped[1:], strict=False):
                    orientation = "v" if ax == bx else ("h" if ay == by else None)
                    curves.append(
                        Edge(orientation, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), abs(ax - bx), abs(ay - by))
                    )
    return lines + rectangles + curves

"""A photocopy's dark edges whitened before the page is read: borders, the binding's shadow, punch holes.

A copier or a flatbed scanner with its lid open prints what lies beyond the
sheet as black or dark grey: bands along one or more edges (a wedge when the
sheet lay askew), a shadow that fades from the binding side into the page,
and the holes of a ring binder as black discs in the margin. Left in, a band's
inner edge is a long straight stroke (read as a ruling line, a column of the
table), and a disc is a blob of ink next to the text.

They are found on a small copy of the page (``SMALL_DPI``) by what print never
is: *solid*. The page's tone smoothed with a median over ``TONE_WINDOW_MM``
(wider than any stroke of print, so text and rules vanish from it and a solid
area stays) is the background; where it is darker than ``SHADE_SHARE`` of the
paper and that dark area touches an edge of the image, it is an edge of the
copy; a solid dark disc of a punch hole's size near an edge is a hole.

What is found is lifted, not cut out (the page keeps its size, so boxes keep
their place): the page is divided by its background there (a shadow's fading
tail becomes paper, print on it keeps its darkness against it), and the solid
core (darker than ``CORE_SHARE`` of the paper, where nothing can be read) is
painted paper, a little wider than itself (``CORE_MARGIN_MM``) so its blurred
rim leaves no line behind.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from .tesseract import cv2

MM_PER_INCH = 25.4
SMALL_DPI = 40  # the copy the edges are found on: a millimetre is 1.6 px, a line of print under one
TONE_WINDOW_MM = 4.5  # the median's window: wider than a bold stroke, a rule or a line of print is dark
PAPER_PERCENTILE = 90  # of the small copy's levels: the paper (most of a page is paper)
SHADE_SHARE = 0.86  # a background darker than this share of the paper is shaded (a shadow's tail included)
SOLID_MM = 2.0  # a dark area is solid when a disc this wide fits in it everywhere (a stroke of print is under 1 mm)
CORE_SHARE = 0.6  # darker than this share of the paper: the solid black or dark grey of a band, a disc
EDGE_REACH_MM = 3.0  # a dark area this close to the image's edge touches it (a scanner leaves a sliver of white)
CORE_MARGIN_MM = 1.2  # the painted core reaches this far beyond its own edge (its blurred rim)
HOLE_DIAMETER_MM = (4.0, 10.0)  # a ring binder's punch holes are 5-8 mm across
HOLE_REACH_MM = 16.0  # a hole's centre lies this close to an edge of the sheet (12 mm in, usually)
HOLE_ROUNDNESS = 0.6  # of its bounding box a disc fills π/4 (0.785); a hole seen through a band's blur a bit less
MAX_SHADED_SHARE = 0.6  # a page whose background is shaded over more than this is a dark copy, not an edge


@dataclass(frozen=True)
class Edges:
    """What ``find_edges`` found on a page: masks at the small copy's size and the paper's level."""

    shaded: np.ndarray  # bool: the edges' areas (a band with its fading tail), and the holes
    core: np.ndarray  # bool: their solid part, painted paper
    background: np.ndarray  # uint8: the page's tone, smoothed (its print gone)
    paper: int  # the paper's level on the page

    @property
    def found(self) -> bool:
        return bool(self.core.any() or self.shaded.any())


def small_copy(gray: np.ndarray, dpi: float) -> np.ndarray:
    factor = min(1.0, SMALL_DPI / dpi)
    width, height = max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor))
    return cv2.resize(gray, (width, height), interpolation=cv2.INTER_AREA)


def odd(pixels: float) -> int:
    return max(3, int(round(pixels)) // 2 * 2 + 1)


def find_edges(gray: np.ndarray, dpi: float) -> Edges:
    """The dark edges and punch holes of a grey page (``dpi`` its resolution), on a copy at ``SMALL_DPI``."""
    small = small_copy(gray, dpi)
    scale = small.shape[1] / gray.shape[1] * dpi / MM_PER_INCH  # small pixels per millimetre
    paper = max(int(np.percentile(small, PAPER_PERCENTILE)), 1)
    background = cv2.medianBlur(small, odd(TONE_WINDOW_MM * scale))
    shade = background < SHADE_SHARE * paper
    # solid: dark in the smoothed tone, or dark all over a disc wider than a stroke (the median rounds a band's
    # corners off where it meets a paler one; an opening keeps them)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (odd(SOLID_MM * scale),) * 2)
    opened = cv2.morphologyEx((small < CORE_SHARE * paper).astype(np.uint8), cv2.MORPH_OPEN, disc) > 0
    solid = (background < CORE_SHARE * paper) | opened
    empty = np.zeros_like(shade)
    if not shade.any() or shade.mean() > MAX_SHADED_SHARE:
        return Edges(empty, empty, background, paper)
    height, width = shade.shape
    reach = max(1, round(EDGE_REACH_MM * scale))
    border = np.zeros_like(shade)
    border[:reach], border[-reach:], border[:, :reach], border[:, -reach:] = True, True, True, True
    count, labels, stats, _ = cv2.connectedComponentsWithStats(shade.astype(np.uint8), connectivity=8)
    at_edge = np.zeros(count, dtype=bool)
    at_edge[np.unique(labels[border & shade])] = True
    at_edge[0] = False
    shaded = at_edge[labels]
    core = solid & shaded
    holes = punch_holes(solid & ~shaded, scale)
    return Edges(shaded | holes, core | holes, background, paper)


def punch_holes(solid: np.ndarray, scale: float) -> np.ndarray:
    """The solid dark discs of a punch hole's size whose centre lies near an edge of the sheet."""
    count, labels, stats, centres = cv2.connectedComponentsWithStats(solid.astype(np.uint8), connectivity=8)
    height, width = solid.shape
    smallest, largest = (diameter * scale for diameter in HOLE_DIAMETER_MM)
    reach = HOLE_REACH_MM * scale
    holes = np.zeros(count, dtype=bool)
    for label in range(1, count):
        x, y, w, h, area = (int(value) for value in stats[label])
        cx, cy = centres[label]
        round_enough = 0.7 <= w / h <= 1.4 and area >= HOLE_ROUNDNESS * w * h * np.pi / 4
        near_edge = min(cx, cy, width - cx, height - cy) <= reach
        holes[label] = round_enough and near_edge and smallest <= max(w, h) <= largest
    return holes[labels]


def whiten_edges(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, bool]:
    """``gray`` (uint8, paper light) with its dark edges and punch holes lifted to paper; whether there were any."""
    edges = find_edges(gray, dpi)
    if not edges.found:
        return gray, False
    height, width = gray.shape
    scale = edges.shaded.shape[1] / width * dpi / MM_PER_INCH
    margin = max(1, round(CORE_MARGIN_MM * scale))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * margin + 1, 2 * margin + 1))
    core = cv2.dilate(edges.core.astype(np.uint8), kernel)
    shaded = cv2.max(cv2.dilate(edges.shaded.astype(np.uint8), kernel), core)
    size = (width, height)
    tone = np.where(shaded > 0, edges.background, np.uint8(edges.paper))
    tone = cv2.resize(cv2.GaussianBlur(tone, (0, 0), margin), size, interpolation=cv2.INTER_LINEAR)
    inside = cv2.resize(shaded, size, interpolation=cv2.INTER_NEAREST) > 0
    painted = cv2.resize(core, size, interpolation=cv2.INTER_NEAREST) > 0
    out = gray.copy()
    lifting = inside & ~painted  # worked pixel by pixel only where the edges are (a few per cent of the page)
    lifted = gray[lifting].astype(np.float32) * (edges.paper / np.maximum(tone[lifting].astype(np.float32), 1.0))
    out[lifting] = np.clip(lifted, 0, 255).astype(np.uint8)
    out[painted] = edges.paper
    return out, True


def whitened_edges(image: Image.Image, dpi: float) -> Image.Image:
    """A grey page image with its dark edges and punch holes lifted to paper (the same image when it has none)."""
    gray = np.asarray(image.convert("L"))
    whitened, found = whiten_edges(gray, dpi)
    return Image.fromarray(whitened) if found else image

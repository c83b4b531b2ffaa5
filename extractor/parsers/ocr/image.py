"""A page image made fit to read: working resolution, even white paper, level, print told from stamp and dust.

The steps, each a pure function of the one before:

1. ``to_working_resolution`` — every page is read at ``WORKING_DPI`` (a
   150 dpi scan is scaled up, a 400 dpi one down), so sizes below are pixels
   at one resolution;
2. ``flatten`` — the paper's own tone (grey paper, uneven lighting, the
   scanner's shading) is divided out: paper becomes 255 everywhere, ink keeps
   its darkness relative to the paper around it, and a faint bleed-through of
   the back page ends up close to white;
3. ``ink_mask`` — print is told from lighter marks by two thresholds: a
   pixel darker than the *print* level is ink, and so is a pixel darker than
   the paper/ink split within a pixel of such ink (the soft edge of a stroke).
   A stamp's mid-grey ring and lettering, and the ghost of the back page, fall
   between the two and drop out; print under a stamp is darker still and stays;
4. ``despeckle`` — dust (small blobs far from any other ink) is dropped, the
   dot of a decimal comma or of ``1.`` next to its digits is not;
5. ``skew_angle`` / ``rotate`` — the page is turned level (up to
   ``MAX_SKEW_DEGREES``).

``prepare`` runs the chain and gives a ``PageImage``: the flattened grey page
(what Tesseract reads, with everything but print whitened), its print mask,
and the mask of every mark darker than the paper (where ruling lines are looked
for: a faint rule is lighter than the print level).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tesseract import cv2

WORKING_DPI = 300  # Tesseract reads body text best at x-heights of 20+ px: 10-12 pt print at 300 dpi
MAX_SKEW_DEGREES = 3.0
# The print level sits this far from the darkest ink towards the paper: a stamp's ink (mid-grey) and a
# back page's ghost (light grey) are lighter, a stroke's core is darker.
PRINT_LEVEL_SHARE = 0.42
# A stamp is at least this wide and tall (pixels: 1.3 cm; office stamps are 3.5-4.5 cm across); inside one,
# print must be darker than this share of the way from the darkest ink to the paper.
STAMP_SIZE = 150
STAMP_PRINT_SHARE = 0.33
# Blobs of fewer ink pixels than this (at WORKING_DPI) are dust unless they stand beside print, DOT_REACH pixels
# away at most: a full stop or decimal comma of 10-12 pt print is 15-40 px and sits 3-15 px from the glyphs beside it.
SPECK_AREA = 45
DOT_REACH = 16
LINE_REACH = 90  # pixels either side over which a blob's line of glyphs is taken to find the line's baseline
BASELINE_TOLERANCE = 5  # pixels a full stop's bottom may stand off its line's baseline
MAX_GLYPH_HEIGHT = 110  # pixels: taller ink beside a blob is a rule, a stamp or a signature, not a glyph of its line
BACKGROUND_SCALE = 8  # the paper's tone is estimated on a copy this many times smaller
BACKGROUND_WINDOW = 9  # pixels of that copy: 72 px at WORKING_DPI, taller than a line of text


@dataclass(frozen=True)
class PageImage:
    """A page at the working resolution, level: its grey (paper 255) and where its print is."""

    gray: np.ndarray  # uint8, paper 255, ink dark, everything that is not print whitened
    ink: np.ndarray  # uint8 mask: 255 where print is, 0 elsewhere
    marks: np.ndarray  # uint8 mask: 255 wherever anything darker than the paper is (faint rules, stamps too)
    skew_degrees: float  # the angle the page was turned back by


def to_working_resolution(gray: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` scaled from ``dpi`` to ``WORKING_DPI`` (area averaging down, cubic up)."""
    factor = WORKING_DPI / dpi
    if abs(factor - 1) < 0.02:
        return gray
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation)


def flatten(gray: np.ndarray) -> np.ndarray:
    """The page with its paper tone divided out: paper 255, ink as dark relative to the paper around it.

    The paper's tone is the brightest level near each point (a max filter on a
    reduced copy, wider than a line of text, then smoothed), so grey paper,
    lighting that falls off across the sheet and a yellowed edge all become white.
    """
    height, width = gray.shape
    small = cv2.resize(
        gray, (max(width // BACKGROUND_SCALE, 1), max(height // BACKGROUND_SCALE, 1)), interpolation=cv2.INTER_AREA
    )
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (BACKGROUND_WINDOW, BACKGROUND_WINDOW)))
    paper = cv2.GaussianBlur(paper, (0, 0), BACKGROUND_WINDOW / 2)
    paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    flat = gray.astype(np.float32) * (255.0 / np.maximum(paper, 1.0))
    return np.clip(flat, 0, 255).astype(np.uint8)


def ink_levels(flat: np.ndarray) -> tuple[int, int]:
    """The print level and the paper/ink split (Otsu) of a flattened page."""
    split, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    dark = flat[flat < split]
    if dark.size == 0:
        return int(split), int(split)
    darkest = float(np.percentile(dark, 5))  # the cores of printed strokes
    return min(int(darkest + (255 - darkest) * PRINT_LEVEL_SHARE), int(split)), int(split)


def stamp_zones(flat: np.ndarray, print_level: int, split: int) -> np.ndarray:
    """Where stamps are: boxes around large round figures drawn in ink lighter than print (a stamp's rings).

    A stamp's ink is mid-grey in a grey scan; its darkest, fully pressed parts
    reach the print level. Its figure is found among the marks lighter than
    print once the straight rules are taken out: text leaves only thin halos
    round its strokes there, a line of text is far less tall than a stamp, and
    a ring is as tall as it is wide.
    """
    mid = ((flat >= print_level) & (flat < split)).astype(np.uint8) * 255
    for length in ((STAMP_SIZE, 1), (1, STAMP_SIZE)):
        rules = cv2.morphologyEx(mid, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))
        mid = np.where(rules > 0, 0, mid).astype(np.uint8)
    figures = cv2.morphologyEx(mid, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(figures, connectivity=8)
    zones = np.zeros(flat.shape, dtype=bool)
    for label in range(1, count):
        x, y, width, height, area = (int(value) for value in stats[label])
        if width >= STAMP_SIZE and height >= STAMP_SIZE and 0.6 <= width / height <= 1.7 and area < 0.5 * width * height:
            zones[max(y - 8, 0) : y + height + 8, max(x - 8, 0) : x + width + 8] = True
    return zones


def ink_mask(flat: np.ndarray, zones: np.ndarray | None = None) -> np.ndarray:
    """Where the print is.

    Print is every mark darker than the paper/ink split that holds a pixel
    darker than the print level (hysteresis: a thin stroke of a 150 dpi scan
    is lighter than the print level in places and stays whole). A small blob
    lighter than the print level is kept too: at 150-200 dpi the dot of ``1.``
    or a decimal comma is blurred lighter than the strokes beside it
    (``despeckle`` drops it when no print stands beside it). Inside a stamp's
    zone the stamp's ink touches the print, so there print is only what is
    darker than a stricter level (``STAMP_PRINT_SHARE``) and the one pixel of
    soft edge around it.
    """
    print_level, split = ink_levels(flat)
    zones = stamp_zones(flat, print_level, split) if zones is None else zones
    weak = flat < split
    strong = flat < print_level
    count, labels, stats, _ = cv2.connectedComponentsWithStats((weak & ~zones).astype(np.uint8), connectivity=8)
    anchored = np.bincount(labels[strong & ~zones], minlength=count) > 0
    dots = stats[:, cv2.CC_STAT_AREA] < SPECK_AREA
    keep = anchored | dots
    keep[0] = False
    ink = keep[labels]
    if zones.any():
        darkest = int(np.percentile(flat[weak], 5))
        stamped = zones & (flat < darkest + (255 - darkest) * STAMP_PRINT_SHARE)
        edge = cv2.dilate(stamped.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        ink |= stamped | (zones & weak & edge)
    return np.where(ink, 255, 0).astype(np.uint8)


def despeckle(ink: np.ndarray) -> np.ndarray:
    """``ink`` without its dust: small blobs that stand where no punctuation of the text beside them would.

    A small blob is kept when larger print stands beside it, ``DOT_REACH``
    pixels away at most, on the same line, and it sits where punctuation sits
    on that line: a full stop on the line's baseline (the bottom most of its
    glyphs share), a comma hanging from it, an apostrophe or quote at the
    glyphs' top, a dash across their middle, or the dot of ``і`` or ``ї`` right
    above a stem. Dust lands anywhere: between lines, in blank parts of cells,
    and mostly off those few places.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return ink
    small = stats[:, cv2.CC_STAT_AREA] < SPECK_AREA
    small[0] = False
    if not small.any():
        return ink
    large_labels = np.where(small[labels], 0, labels)
    height, width = ink.shape
    dust = np.zeros(count, dtype=bool)
    for label in np.nonzero(small)[0]:
        x, y, w, h = (int(value) for value in stats[label, :4])
        centre = x + w // 2
        if large_labels[y + h : min(y + h + DOT_REACH + 3, height), max(centre - 2, 0) : centre + 3].any():
            continue  # the dot of і or ї
        rows = slice(max(y - 3 * DOT_REACH, 0), y + h + 3 * DOT_REACH)
        beside = set(np.unique(large_labels[rows, max(x - DOT_REACH, 0) : min(x + w + DOT_REACH, width)]).tolist())
        # the line's glyphs over a few letters' width either side: most sit on its baseline (a lone "у" does not)
        line = large_labels[rows, max(x - LINE_REACH, 0) : min(x + w + LINE_REACH, width)]
        glyphs = {
            int(other): stats[other] for other in np.unique(line[line > 0])
            if stats[other, 1] <= y + h + 6 and stats[other, 1] + stats[other, 3] >= y - 6  # on the blob's line
            and stats[other, 3] <= MAX_GLYPH_HEIGHT  # a glyph, not the grid's rules or a stamp
        }  # fmt: skip
        dust[label] = not (beside & glyphs.keys()) or not punctuation_place(x, y, w, h, list(glyphs.values()))
    return np.where(dust[labels], 0, ink).astype(np.uint8)


def punctuation_place(x: int, y: int, w: int, h: int, neighbours: list[np.ndarray]) -> bool:
    """Whether a small blob at (x, y, w, h) sits where punctuation sits among the glyphs ``neighbours`` of its line."""
    baseline = float(np.median([glyph[1] + glyph[3] for glyph in neighbours]))
    topline = float(np.median([glyph[1] for glyph in neighbours]))
    bottom, middle = y + h, y + h / 2
    if w >= 1.5 * h:  # a dash or a hyphen: across the glyphs' middle
        return topline - 2 <= middle <= baseline + 2
    if abs(bottom - baseline) <= BASELINE_TOLERANCE:  # a full stop, or the lower dot of a colon or of a semicolon
        return True
    if h >= 1.3 * w and abs(y - baseline) <= 2 * BASELINE_TOLERANCE:  # a comma hanging from the baseline
        return True
    return abs(y - topline) <= BASELINE_TOLERANCE or y < topline  # an apostrophe, a quote, or the dot above a capital


def binarise(gray: np.ndarray) -> np.ndarray:
    """Print as 255 on 0: the paper flattened, print told from lighter marks, dust dropped."""
    return despeckle(ink_mask(flatten(gray)))


def skew_angle(binary: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) by which the page's rows of ink are turned.

    Rows of text and ruling lines give the sharpest horizontal projection when
    level; the sharpness (variance of row sums) is searched coarse to fine.
    """

    def reduced(width: int) -> np.ndarray:
        factor = min(1.0, width / binary.shape[1])
        return cv2.resize(binary, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)

    def sharpness(image: np.ndarray, angle: float) -> float:
        height, width = image.shape
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        turned = cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    # A quarter degree is a pixel across 230 pixels, a hundredth one across 5700: coarse steps on a small copy,
    # fine ones on a larger copy.
    best = 0.0
    for width, step, span in ((600, 0.25, MAX_SKEW_DEGREES), (1800, 0.05, 0.25), (1800, 0.01, 0.05)):
        image = reduced(width)
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=lambda angle: sharpness(image, angle)))
    return -best  # the page is turned by the opposite of the correction


def rotate(image: np.ndarray, degrees: float, fill: int = 255, nearest: bool = False) -> np.ndarray:
    """Turn ``image`` back by ``degrees`` about its centre (``fill`` where the page had nothing)."""
    if abs(degrees) < 0.02:
        return image
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -degrees, 1.0)
    flags = cv2.INTER_NEAREST if nearest else cv2.INTER_CUBIC
    return cv2.warpAffine(image, matrix, (width, height), flags=flags, borderValue=fill)


def prepare(gray: np.ndarray, dpi: float) -> PageImage:
    """The chain: working resolution, flattened, levelled; its print mask and the grey with all else whitened."""
    flat = cv2.medianBlur(flatten(to_working_resolution(gray, dpi)), 3)
    # the angle from every mark darker than the paper: rows of text and rules dominate it, dust and stamps do not
    skew = skew_angle(np.where(flat < ink_levels(flat)[1], 255, 0).astype(np.uint8))
    flat = rotate(flat, skew)
    print_level, split = ink_levels(flat)
    stamps = stamp_zones(flat, print_level, split)
    ink = despeckle(ink_mask(flat, stamps))
    marks = np.where(flat < split, 255, 0).astype(np.uint8)
    # Tesseract reads grey strokes better than hard-thresholded ones: print keeps a pixel of its grey edge, except
    # under a stamp, whose ink is that grey; what is not print is paper.
    kept = (cv2.dilate(ink, np.ones((3, 3), np.uint8)) > 0) & ~stamps | (ink > 0)
    return PageImage(np.where(kept, flat, 255).astype(np.uint8), ink, marks, skew)

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

from .contrast import restored
from .tesseract import cv2

BILEVEL_SOFTENING = 0.8  # pixels at WORKING_DPI: the sigma of the Gaussian that softens a bilevel page's edges
WORKING_DPI = 300  # Tesseract reads body text best at x-heights of 20+ px: 10-12 pt print at 300 dpi
MAX_SKEW_DEGREES = 3.0
SKEW_WIDTH = 1800  # pixels: the copy the skew is measured on (a hundredth of a degree is a third of a pixel across it)
# The print level sits this far from the darkest ink towards the paper: a stamp's ink (mid-grey) and a
# back page's ghost (light grey) are lighter, a stroke's core is darker.
PRINT_LEVEL_SHARE = 0.42
# A stamp is at least this wide and tall (pixels: 1.3 cm; office stamps are 3.5-4.5 cm across); inside one,
# print must be darker than this share of the way from the darkest ink to the paper.
STAMP_SIZE = 150
STAMP_REACH = 8  # pixels of the half-size copy over which a stamp's pieces are joined
STAMP_INK_SHARE = 0.04  # share of its box a stamp's ink covers at least (rings and lettering)
CORNER_INK = 0.05  # share of a corner of its box a round stamp may ink
HALO = 5  # pixels: how far the soft edge of a printed stroke reaches from its dark core
MAX_STAMP_SIZE = 1200  # pixels: 10 cm, two office stamps pressed side by side (a table's grid is larger still)
STAMP_PRINT_SHARE = 0.33
# Blobs of fewer ink pixels than this (at WORKING_DPI) are dust unless they stand beside print, DOT_REACH pixels
# away at most: a full stop or decimal comma of 10-12 pt print is 15-40 px and sits 3-15 px from the glyphs beside it.
SPECK_AREA = 45
DOT_REACH = 16
# A full stop is about a stroke wide and tall: a blob of less than this share of a stroke's square is dust (a speck of
# 2-3 px beside 5 px strokes), wherever it lies.
DUST_SHARE = 0.4
DEFAULT_STROKE = 5.0  # pixels: 10-12 pt print at WORKING_DPI, for a page with no ink to measure
NEAREST_GLYPHS = 3  # glyphs nearest a small blob that tell its line's top
# Glyphs nearest a small blob that tell its line's baseline: the bottom most of them share (descenders, a bracket
# and a lone "у" reach lower; with three, "н.)" beside "р" put the baseline under the full stop).
BASELINE_GLYPHS = 6
LINE_REACH = 90  # pixels either side over which a blob's line of glyphs is taken to find the line's baseline
BASELINE_TOLERANCE = 5  # pixels a full stop's bottom may stand off its line's baseline
MAX_GLYPH_HEIGHT = 110  # pixels: taller ink beside a blob is a rule, a stamp or a signature, not a glyph of its line
BACKGROUND_SCALE = 8  # the paper's tone is estimated on a copy this many times smaller
BACKGROUND_WINDOW = 9  # pixels of that copy: 72 px at WORKING_DPI, taller than a line of text


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """The 8-connected blobs of a mask: their count (the background is 0), the label image and each one's stats."""
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S, cv2.CCL_BBDT)
    return count, labels, stats


def as_mask(inked: np.ndarray) -> np.ndarray:
    """A boolean image as a uint8 mask: 255 where true."""
    return inked.astype(np.uint8) * np.uint8(255)


@dataclass(frozen=True)
class PageImage:
    """A page at the working resolution, level: its grey (paper 255) and where its print is."""

    gray: np.ndarray  # uint8, paper 255, ink dark, a stamp's ink whitened
    ink: np.ndarray  # uint8 mask: 255 where print is (and dust: ``despeckle`` drops it), 0 elsewhere
    marks: np.ndarray  # uint8 mask: 255 wherever anything darker than the paper is (faint rules, stamps too)
    skew_degrees: float  # the angle the page was turned back by
    stroke: float = DEFAULT_STROKE  # the width of the print's strokes, pixels
    pale: bool = False  # pale print whose contrast was restored (a faded copy): its rules may be broken into dashes


def softened_bilevel(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A bilevel page (1 bit a pixel: CCITT G4, JBIG2, a 1-bit PNG) at ``dpi``, its hard, stepped edges given the grey
    edge a grey scan's print has. Tesseract reads such strokes better, and the grid is found: a bilevel health-2022 at
    300 dpi gave no table bare, 12/12 softened; `№ п/п` and `Інші` over `джерела` are lost on bare pages. Between 0.6
    and 1.0 working pixels the suite's bilevel pages read alike; 1.2 merges small print."""
    return cv2.GaussianBlur(gray, (0, 0), BILEVEL_SOFTENING * dpi / WORKING_DPI)


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
    paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)


def ink_levels(flat: np.ndarray, split: int | None = None) -> tuple[int, int]:
    """The print level and the paper/ink split (Otsu's, unless ``split`` is known) of a flattened page."""
    if split is None:
        otsu, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        split = int(otsu)
    dark = flat[flat < split]
    if dark.size == 0:
        return int(split), int(split)
    darkest = float(np.percentile(dark, 5))  # the cores of printed strokes
    return min(int(darkest + (255 - darkest) * PRINT_LEVEL_SHARE), int(split)), int(split)


def stamp_zones(flat: np.ndarray, print_level: int, split: int) -> np.ndarray:
    """Where stamps are: boxes around large round figures drawn in ink lighter than print (a stamp's rings).

    A stamp's ink is mid-grey in a grey scan: lighter than the cores of
    printed strokes, as dark as their soft edges. Its figure is found among
    the marks of that grey once the soft edges of print (within ``HALO`` pixels
    of a dark core; a stamp's strokes have none) and the straight rules (found
    whole among all marks darker than the paper) are taken out. A stamp (or two
    pressed one over the other) is larger than a line of text and smaller than
    a table, and round: the corners of its box are blank (two of them at least
    for two stamps), where a grid cell's rules would meet. The figures are
    looked for on a copy half as large (a pixel of it inked where any of its
    four is).
    """
    weak = flat < split
    darkest = int(np.percentile(flat[weak], 5)) if weak.any() else 0
    core_level = darkest + (255 - darkest) * STAMP_PRINT_SHARE  # print's cores are darker than a stamp's ink
    cores = cv2.dilate(as_mask(flat < core_level), np.ones((2 * HALO + 1, 2 * HALO + 1), np.uint8))
    mid = as_mask((flat >= print_level) & weak & (cores == 0))
    height, width = flat.shape

    def halved(mask: np.ndarray) -> np.ndarray:
        return as_mask(cv2.resize(mask, ((width + 1) // 2, (height + 1) // 2), interpolation=cv2.INTER_AREA) > 0)

    mid, marks = halved(mid), halved(as_mask(weak))
    size = STAMP_SIZE // 2
    for length in ((size, 1), (1, size)):  # the rules, whole in every mark darker than the paper (their cores too)
        rules = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))
        mid = np.where(cv2.dilate(rules, np.ones((5, 5), np.uint8)) > 0, np.uint8(0), mid)
    # a stamp's pieces (its rings cut where the rules cross them, its lettering) joined into one figure
    figures = cv2.dilate(mid, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * STAMP_REACH + 1, 2 * STAMP_REACH + 1)))
    count, _, stats = components(figures)
    zones = np.zeros(flat.shape, dtype=bool)
    for label in range(1, count):
        x, y, w, h, _ = (int(value) for value in stats[label])
        x, y, w, h = x + STAMP_REACH, y + STAMP_REACH, w - 2 * STAMP_REACH, h - 2 * STAMP_REACH  # the ink's own box
        if not (size <= min(w, h) and max(w, h) <= MAX_STAMP_SIZE // 2 and 0.4 <= w / h <= 2.5):
            continue
        inked = mid[y : y + h, x : x + w] > 0
        corner = max(min(w, h) // 12, 1)
        corners = [inked[top : top + corner, left : left + corner] for top in (0, h - corner) for left in (0, w - corner)]
        if float(inked.mean()) < STAMP_INK_SHARE or sorted(float(part.mean()) for part in corners)[1] > CORNER_INK:
            continue  # a few stray marks, or a grid cell's rules (in its four corners), not a ring or two
        x, y, w, h = 2 * x, 2 * y, 2 * w, 2 * h
        zones[max(y - 8, 0) : y + h + 8, max(x - 8, 0) : x + w + 8] = True
    return zones


def ink_mask(flat: np.ndarray, zones: np.ndarray | None = None, split: int | None = None) -> np.ndarray:
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
    print_level, split = ink_levels(flat, split)
    zones = stamp_zones(flat, print_level, split) if zones is None else zones
    weak = flat < split
    strong = flat < print_level
    count, labels, stats = components((weak & ~zones).astype(np.uint8))
    anchored = np.bincount(labels[strong], minlength=count) > 0  # a stamp's zone is label 0
    dots = stats[:, cv2.CC_STAT_AREA] < SPECK_AREA
    keep = anchored | dots
    keep[0] = False
    ink = keep[labels]
    if zones.any():
        darkest = int(np.percentile(flat[weak], 5))
        stamped = zones & (flat < darkest + (255 - darkest) * STAMP_PRINT_SHARE)
        edge = cv2.dilate(stamped.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        ink |= stamped | (zones & weak & edge)
    return as_mask(ink)


def stroke_width(ink: np.ndarray) -> float:
    """The width of the print's strokes (pixels): the median run of ink along the rows (every fourth row)."""
    rows = np.zeros((len(range(0, ink.shape[0], 4)), ink.shape[1] + 2), dtype=np.int8)
    rows[:, 1:-1] = ink[::4] > 0
    edges = np.diff(rows, axis=1).ravel()
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return float(np.median(runs)) if runs.size else DEFAULT_STROKE


def despeckle(ink: np.ndarray, stroke: float | None = None) -> np.ndarray:
    """``ink`` without its dust: small blobs too small for punctuation, or that stand where no punctuation would.

    A full stop, a comma or the dot of ``і`` is at least about as wide as the
    print's strokes: a blob of less than ``DUST_SHARE`` of a stroke's square
    (``stroke``, measured on ``ink`` unless given) is dust wherever it lies.
    A larger small blob is kept when larger print stands beside it,
    ``DOT_REACH`` pixels away at most, on the same line, and it sits where
    punctuation sits on that line: a full stop on the baseline of the glyphs
    nearest it, a comma hanging from it, an apostrophe or quote at the glyphs'
    top, a dash across their middle, or the dot of ``і`` or ``ї`` right above a
    stem. Dust lands anywhere: between lines, in blank parts of cells, and
    mostly off those few places.
    """
    count, labels, stats = components(ink)
    if count <= 1:
        return ink
    areas = stats[:, cv2.CC_STAT_AREA]
    small = areas < SPECK_AREA
    small[0] = False
    if not small.any():
        return ink
    stroke = stroke_width(ink) if stroke is None else stroke
    dust = small & (areas < DUST_SHARE * stroke * stroke)
    candidates = small & ~dust
    height, width = ink.shape

    def large(rows: slice, columns: slice) -> np.ndarray:  # the labels of the larger blobs in a window
        window = labels[rows, columns]
        return np.where(small[window], 0, window)

    for label in np.nonzero(candidates)[0]:
        x, y, w, h = (int(value) for value in stats[label, :4])
        centre = x + w // 2
        if large(slice(y + h, min(y + h + DOT_REACH + 3, height)), slice(max(centre - 2, 0), centre + 3)).any():
            continue  # the dot of і or ї
        rows = slice(max(y - 3 * DOT_REACH, 0), y + h + 3 * DOT_REACH)
        beside = set(np.unique(large(rows, slice(max(x - DOT_REACH, 0), min(x + w + DOT_REACH, width)))).tolist())
        # the line's glyphs over a few letters' width either side
        line = large(rows, slice(max(x - LINE_REACH, 0), min(x + w + LINE_REACH, width)))
        glyphs = {
            int(other): stats[other] for other in np.unique(line[line > 0])
            if stats[other, 1] <= y + h + 6 and stats[other, 1] + stats[other, 3] >= y - 6  # on the blob's line
            and stats[other, 3] <= MAX_GLYPH_HEIGHT  # a glyph, not the grid's rules or a stamp
        }  # fmt: skip
        if not beside & glyphs.keys():
            dust[label] = True
            continue
        # the glyphs nearest it tell the line's baseline: a rule's broken stub or a lone "у" further off does not
        nearest = sorted(glyphs.values(), key=lambda glyph: max(glyph[0] - x - w, x - glyph[0] - glyph[2], 0))
        dust[label] = not punctuation_place(x, y, w, h, nearest[:BASELINE_GLYPHS])
    cleaned = ink.copy()
    for label in np.nonzero(dust)[0]:  # each speck wiped within its own box
        x, y, w, h = (int(value) for value in stats[label, :4])
        box = (slice(y, y + h), slice(x, x + w))
        cleaned[box][labels[box] == label] = 0
    return cleaned


def punctuation_place(x: int, y: int, w: int, h: int, neighbours: list[np.ndarray]) -> bool:
    """Whether a small blob at (x, y, w, h) sits where punctuation sits among the glyphs ``neighbours`` of its line
    (nearest first)."""
    baseline = line_baseline([int(glyph[1] + glyph[3]) for glyph in neighbours])
    topline = float(np.median([glyph[1] for glyph in neighbours[:NEAREST_GLYPHS]]))
    bottom, middle = y + h, y + h / 2
    if w >= 1.5 * h:  # a dash or a hyphen: across the glyphs' middle
        return topline - 2 <= middle <= baseline + 2
    if abs(bottom - baseline) <= BASELINE_TOLERANCE:  # a full stop, or the lower dot of a colon or of a semicolon
        return True
    if h >= 1.3 * w and abs(y - baseline) <= 2 * BASELINE_TOLERANCE:  # a comma hanging from the baseline
        return True
    return abs(y - topline) <= BASELINE_TOLERANCE or y < topline  # an apostrophe, a quote, or the dot above a capital


def line_baseline(bottoms: list[int]) -> float:
    """The baseline of a line from its glyphs' bottoms (nearest glyph first): the bottom most of them share.

    Glyphs that reach below it (``р``, ``у``, ``д``, a bracket) are the fewer
    and lie lower; on a tie the higher bottom wins (no glyph of print ends above
    the baseline), then the one of the nearer glyph.
    """
    if not bottoms:
        return 0.0
    support = [sum(abs(other - bottom) <= 2 for other in bottoms) for bottom in bottoms]
    best = max(range(len(bottoms)), key=lambda index: (support[index], -bottoms[index], -index))
    return float(np.median([other for other in bottoms if abs(other - bottoms[best]) <= 2]))


def binarise(gray: np.ndarray) -> np.ndarray:
    """Print as 255 on 0: the paper flattened, print told from lighter marks, dust dropped."""
    return despeckle(ink_mask(flatten(gray)))


def skew_angle(binary: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) by which the page's rows of ink are turned.

    Rows of text and ruling lines give the sharpest horizontal projection when
    level; the sharpness (variance of the ink's row histogram) is searched
    coarse to fine. The ink's points are projected at each angle (no image is
    turned): the ink of a copy about ``SKEW_WIDTH`` pixels wide, a point per
    inked pixel.
    """
    factor = min(1.0, SKEW_WIDTH / binary.shape[1])
    reduced = cv2.resize(binary, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(reduced > 64)
    if ys.size == 0:
        return 0.0
    height, width = reduced.shape
    xs, ys = xs - width / 2, ys - height / 2
    span = int(np.hypot(height, width)) + 2

    def sharpness(angle: float, band: int) -> float:
        radians = np.deg2rad(angle)
        # the band of rows (``band`` pixels tall) each point lands in once the page is turned by ``angle``
        rows = np.floor((ys * np.cos(radians) - xs * np.sin(radians) + span / 2) / band).astype(np.int64)
        return float(np.var(np.bincount(rows, minlength=span // band + 1).astype(np.float64)))

    # A quarter degree is a pixel across 230 pixels, a hundredth one across 5700: coarse steps over bands three
    # pixels tall (a line a quarter degree off still stands out), then fine ones.
    best = 0.0
    for step, reach, band in ((0.25, MAX_SKEW_DEGREES, 3), (0.05, 0.25, 1), (0.01, 0.05, 1)):
        candidates = np.arange(best - reach, best + reach + step / 2, step)
        best = float(max(candidates, key=lambda angle: sharpness(angle, band)))
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
    """The chain: working resolution, flattened, levelled; its print mask (dust still in) and its grey.

    The dust goes once the ruling lines are out (``cells.without_lines``): a
    line's broken edge and dust that lay against it are dust only then.
    """
    flat = cv2.medianBlur(flatten(to_working_resolution(gray, dpi)), 3)
    # a faded copy's pale print made as dark as a clean scan's, its split then known (parsers/ocr/contrast.py)
    flat, known_split = restored(flat)
    # the angle from every mark darker than the paper: rows of text and rules dominate it, dust and stamps do not
    skew = skew_angle(as_mask(flat < ink_levels(flat, known_split)[1]))
    flat = rotate(flat, skew)
    print_level, split = ink_levels(flat, known_split)
    stamps = stamp_zones(flat, print_level, split)
    ink = ink_mask(flat, stamps, split)
    marks = as_mask(flat < split)
    # Tesseract reads grey strokes better than hard-thresholded ones: print keeps its grey edge (as the page has it),
    # except under a stamp, whose ink is that grey.
    if stamps.any():
        flat = np.where(stamps & (ink == 0), np.uint8(255), flat)
    return PageImage(flat, ink, marks, skew, stroke_width(ink), pale=known_split is not None)

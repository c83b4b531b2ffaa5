"""Contrast restored on a pale page (a copy short of toner): paper and ink levels from the histogram, stretched apart.

A faded copy's print is mid-grey and its thin rules barely darker than the
paper: the split between paper and ink (Otsu) falls where the rules are, and
Tesseract reads the pale glyphs badly. The page's own histogram says how pale
it is: ``levels`` takes the paper as the median of the pixels above the split
and the ink as the darkest share of those below it (the cores of strokes). A
page whose ink is already dark (a clean scan, a dark copy) is left as it is;
a pale one is stretched so its ink's cores are as dark as a clean scan's and
its paper stays white (``restored``). Pure functions on uint8 arrays (paper
light, ink dark), the page already flattened (``image.flatten``).
"""

from __future__ import annotations

import numpy as np

from .tesseract import cv2

# The cores of printed strokes are this percentile of the pixels darker than the paper/ink split.
INK_PERCENTILE = 25
# A page whose ink cores are lighter than this is pale: a clean scan's are 0-30, a dark copy's 0-10, a faded
# copy's 130-170 (of 255).
PALE_INK = 120
# What a pale page's ink cores are stretched to: as dark as a clean scan's strokes, not black, so the soft edges of
# strokes keep their grey for Tesseract.
RESTORED_INK = 40
# The paper's grain reaches this many times its spread (below its median) darker than the paper.
PAPER_SPREAD = 3
# A stretched page's paper/ink split: its paper (grain included) is white, anything darker a mark.
RESTORED_SPLIT = 240


def levels(flat: np.ndarray) -> tuple[int, int]:
    """The page's ink level (the cores of its strokes) and its paper level, from its histogram.

    The paper level is the lighter edge of the paper's grain: the paper's median less ``PAPER_SPREAD`` times its
    spread below the median (the flattened paper is clipped at white above it), so the grain is paper.
    """
    split, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    histogram = np.bincount(flat.ravel(), minlength=256)
    cut = int(split)
    if not histogram[cut:].any() or not histogram[:cut].any():
        return cut, cut
    median = percentile_of(histogram[cut:], 50) + cut
    spread = median - (percentile_of(histogram[cut:], 16) + cut)
    ink = percentile_of(histogram[:cut], INK_PERCENTILE)
    return ink, max(median - PAPER_SPREAD * spread, ink + 1)


def percentile_of(histogram: np.ndarray, share: float) -> int:
    """The level under which ``share`` percent of a histogram's pixels lie."""
    cumulative = np.cumsum(histogram)
    return int(np.searchsorted(cumulative, cumulative[-1] * share / 100))


def stretched(flat: np.ndarray, ink: int, paper: int, target: int = RESTORED_INK) -> np.ndarray:
    """``flat`` with ``ink`` mapped to ``target`` and ``paper`` to 255, linearly (clipped at both ends)."""
    if paper <= ink:
        return flat
    scale = (255 - target) / (paper - ink)
    table = np.clip(target + (np.arange(256, dtype=np.float32) - ink) * scale, 0, 255).round().astype(np.uint8)
    return cv2.LUT(flat, table)


def is_pale(ink: int) -> bool:
    """Whether a page with ink cores at ``ink`` is pale print (a faded copy) rather than a scan of dark print."""
    return ink > PALE_INK


def restored(flat: np.ndarray) -> tuple[np.ndarray, int | None]:
    """A pale page stretched to a clean scan's contrast, with its paper/ink split; any other page as it is (None).

    On a stretched page the paper's grain is white, so every pixel darker than ``RESTORED_SPLIT`` is a mark
    (Otsu's split would fall among the pale strokes' soft edges, breaking them and the rules).
    """
    ink, paper = levels(flat)
    if not is_pale(ink):
        return flat, None
    return stretched(flat, ink, paper), RESTORED_SPLIT

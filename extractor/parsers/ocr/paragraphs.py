"""The text outside the table (header block, heading, signature), read line by line into paragraphs."""

from __future__ import annotations

import numpy as np

from .cells import ink_box
from .fixes import fix_ocr_text, reread_roman
from .tesseract import cv2, ocr_words, text_lines

PARAGRAPH_GAP = 0.9  # a blank wider than this many line heights separates paragraphs


def read_paragraphs(ink: np.ndarray, gray: np.ndarray) -> list[str]:
    """The paragraphs (lines joined by newlines) of a stretch of page outside the table.

    ``ink`` is its print mask (the ruling lines taken out), ``gray`` the flattened page.

    A gap between two lines wider than ``PARAGRAPH_GAP`` line heights starts a
    new paragraph, and so does a line aligned unlike the one above (``aligned``),
    so the header block and the heading come apart as in the DOCX.
    """
    found = ink_box(ink, padding=20)
    if found is None:
        return []
    x0, top, x1, bottom = found
    # the page's grey as it is (paper white, print and its soft edges): bold header lines read best so
    part = np.where(cv2.dilate(ink[top:bottom, x0:x1], np.ones((3, 3), np.uint8)) > 0, gray[top:bottom, x0:x1], 255)
    part = part.astype(np.uint8)
    paragraphs: list[list[str]] = []
    previous_bottom: int | None = None
    lines = text_lines(ocr_words(part, psm=4))
    heights = sorted(max(word.box[3] for word in line) - min(word.box[1] for word in line) for line in lines)
    paragraph_gap = PARAGRAPH_GAP * heights[len(heights) // 2] if heights else 0
    previous: tuple[int, int] | None = None
    for line in lines:
        line_top, line_bottom = min(word.box[1] for word in line), max(word.box[3] for word in line)
        edges = (min(word.box[0] for word in line), max(word.box[2] for word in line))
        text = fix_ocr_text(" ".join(reread_roman(part, line, index) for index in range(len(line))))
        if previous_bottom is None or line_top - previous_bottom > paragraph_gap or not aligned(previous, edges, paragraph_gap):
            paragraphs.append([])
        paragraphs[-1].append(text)
        previous_bottom, previous = line_bottom, edges
    return ["\n".join(paragraph) for paragraph in paragraphs]


def aligned(previous: tuple[int, int] | None, edges: tuple[int, int], tolerance: float) -> bool:
    """Whether two lines share a left edge, a right edge or a middle: lines of one paragraph do.

    A right-aligned header block over a centred heading shares none.
    """
    if previous is None:
        return True
    left, right = previous
    middle = (left + right) / 2
    return abs(edges[0] - left) <= tolerance or abs(edges[1] - right) <= tolerance or abs(sum(edges) / 2 - middle) <= tolerance


def outside_lines(ink: np.ndarray, gray: np.ndarray, table: tuple[int, int] | None) -> tuple[list[str], list[str]]:
    """The paragraphs above and below the table rows ``table`` (top, bottom); the whole page is above without one."""
    if table is None:
        return read_paragraphs(ink, gray), []
    top, bottom = max(table[0] - 6, 0), table[1] + 6
    return read_paragraphs(ink[:top], gray[:top]), read_paragraphs(ink[bottom:], gray[bottom:])

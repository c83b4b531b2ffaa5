"""A photocopy's dark edges and punch holes whitened before OCR (``extractor/parsers/ocr/borders.py``, #11).

Pages drawn here at 200 dpi: a table's rules and lines of print in the
middle, and what a copier adds at the edges. What the copier added must go;
the print, the rules (one standing 2 mm from a band) and solid marks that are
not edges must stay as they were.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor.parsers.ocr.borders import find_edges, whiten_edges, whitened_edges

DPI = 200
PAPER = 232
PRINT = 30


def mm(value: float) -> int:
    return round(value / 25.4 * DPI)


def sheet() -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """An A4 sheet (grey paper) with a ruled table and lines of print; the boxes of the print drawn."""
    image = Image.new("L", (mm(210), mm(297)), PAPER)
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = mm(15), mm(195), mm(40), mm(250)
    for x in np.linspace(left, right, 6).round().astype(int).tolist():  # the table's rules, 2 px
        draw.rectangle((x, top, x + 1, bottom), fill=PRINT)
    for y in np.linspace(top, bottom, 12).round().astype(int).tolist():
        draw.rectangle((left, y, right + 1, y + 1), fill=PRINT)
    boxes = []
    for row in range(11):  # a "word" of strokes in each cell of the first column
        y = top + mm(5) + row * (bottom - top) // 11
        for stroke in range(8):
            x = left + mm(3) + stroke * mm(1.5)
            boxes.append((x, y, x + 3, y + mm(2.5)))
            draw.rectangle(boxes[-1], fill=PRINT)
    return np.asarray(image).copy(), boxes


def inked(page: np.ndarray, box: tuple[int, int, int, int]) -> float:
    x0, y0, x1, y1 = box
    return float((page[y0 : y1 + 1, x0 : x1 + 1] < 128).mean())


def test_a_page_without_edges_is_left_as_it_is() -> None:
    page, _ = sheet()
    whitened, found = whiten_edges(page, DPI)
    assert not found and whitened is page
    image = Image.fromarray(page)
    assert whitened_edges(image, DPI) is image


def test_black_bands_and_the_bindings_shadow_go_the_print_and_rules_stay() -> None:
    page, boxes = sheet()
    clean = page.copy()
    height, width = page.shape
    page[: mm(6)] = 15  # the lid's black along the top
    page[:, : mm(9)] = 20  # a black band down the left side, its inner edge 6 mm from the table's rule
    fade = np.clip((np.arange(width - mm(12), width) - (width - mm(12))) / mm(12), 0, 1)[::-1]  # 1 at the table side
    page[:, width - mm(12) :] = (PAPER * (0.1 + 0.9 * fade) ** 1.5).astype(np.uint8)[None, :]  # the binding's shadow
    wedge = np.linspace(mm(3), mm(14), width).round().astype(int)
    page[np.arange(height)[:, None] >= height - wedge[None, :]] = 70  # a dark grey band, askew
    whitened, found = whiten_edges(page, DPI)
    assert found
    for band in (whitened[: mm(6)], whitened[:, : mm(9)], whitened[:, width - mm(8) :], whitened[height - mm(3) :]):
        assert float((band < 160).mean()) < 0.01  # no ink left where the copier's black was
    # nothing dark left anywhere outside the table: no long stroke for the rules step to take for a column
    outside = whitened.copy()
    outside[mm(40) - 4 : mm(250) + 6, mm(15) - 4 : mm(195) + 6] = 255
    assert int((outside < 160).sum()) == 0
    for box in boxes:
        assert inked(whitened, box) == pytest.approx(inked(clean, box), abs=0.02)
    table = (slice(mm(40), mm(250) + 2), slice(mm(15), mm(195) + 2))
    assert np.array_equal(whitened[table] < 128, clean[table] < 128)


def test_punch_holes_go_solid_marks_inside_the_sheet_stay() -> None:
    page, _ = sheet()
    image = Image.fromarray(page)
    draw = ImageDraw.Draw(image)
    holes = [(mm(7), mm(90)), (mm(7), mm(170))]
    for x, y in holes:  # a ring binder's holes, 6 mm across, in the left margin
        draw.ellipse((x - mm(3), y - mm(3), x + mm(3), y + mm(3)), fill=10)
    draw.rectangle((mm(60), mm(265), mm(150), mm(280)), fill=PRINT)  # a blacked-out line below the table
    draw.ellipse((mm(100) - mm(3), mm(28) - mm(3), mm(100) + mm(3), mm(28) + mm(3)), fill=PRINT)  # a disc mid-sheet
    page = np.asarray(image).copy()
    whitened, found = whiten_edges(page, DPI)
    assert found
    for x, y in holes:
        assert float((whitened[y - mm(4) : y + mm(4), x - mm(4) : x + mm(4)] < 160).mean()) == 0.0
    assert float((whitened[mm(266) : mm(279), mm(61) : mm(149)] < 128).mean()) == 1.0
    assert float((whitened[mm(27) : mm(29), mm(99) : mm(101)] < 128).mean()) == 1.0


def test_a_dark_copy_all_over_is_not_an_edge() -> None:
    page, _ = sheet()
    dark = (page.astype(np.float32) * 0.55).astype(np.uint8)  # the whole sheet grey: the paper, not an edge
    edges = find_edges(dark, DPI)
    assert not edges.found

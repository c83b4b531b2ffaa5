"""One page image through the chain: prepared, its grid found, its cells cut and read, its amounts read again."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from . import numbers
from .borders import whitened_edges
from .cells import CELL_MARGIN, EMPTY, CellText, cell_crop, read_crops, without_lines
from .fixes import fix_column_numbers
from .image import WORKING_DPI, prepare
from .lineless import lineless_grid, ruled_across_grid
from .orientation import read_upright
from .paragraphs import outside_lines
from .rules import Grid, find_grid, ruling_lines
from .tesseract import require_tesseract

DPI = WORKING_DPI  # pages are rendered at this resolution for OCR
POINTS_PER_INCH = 72
MIN_RULED_COLUMNS = 3  # a measures table has a number, a text and an amount at least: fewer ruled columns are a box


@dataclass
class OcrPage:
    """What OCR read on one page."""

    number: int  # 1-based
    paragraphs_above: list[str] = field(default_factory=list)  # text above the table (or the whole page without one)
    paragraphs_below: list[str] = field(default_factory=list)
    columns: tuple[int, ...] = ()  # the grid's column boundaries (pixels), to line pages up
    rows: list[list[tuple[CellText, tuple[float, float, float, float]]]] = field(default_factory=list)
    covered: set[tuple[int, int]] = field(default_factory=set)  # (row, column) a merged cell above or left covers
    scale: float = POINTS_PER_INCH / DPI  # PDF points per pixel of ``columns``
    skew_degrees: float = 0.0
    turn: int | None = 0  # degrees the page was turned clockwise to stand upright (None: orientation not told)
    seconds: float = 0.0  # for the benchmark; never in the output
    cpu_seconds: float = 0.0  # what the page cost its thread's core (Tesseract runs in it): the benchmark's, too
    text_layer: str | None = None  # the verdict on the page's own text layer, when it came from a PDF
    confidence: float | None = None  # the mean confidence of the table's cells

    @property
    def has_table(self) -> bool:
        return bool(self.rows)


def read_page(image: Image.Image, number: int, dpi: float = DPI) -> OcrPage:
    """OCR one page image: straighten it, find the table, read its cells and the text around it."""
    require_tesseract()
    started, cpu_started = time.perf_counter(), time.thread_time()
    image = whitened_edges(image, dpi)  # a photocopy's dark edges and punch holes (parsers/ocr/borders.py)
    # a page scanned upside down or sideways, turned and read again (parsers/ocr/orientation.py)
    page, turn = read_upright(image, dpi, lambda upright_image: read_as_it_lies(upright_image, number, dpi))
    page.turn = turn
    page.seconds, page.cpu_seconds = time.perf_counter() - started, time.thread_time() - cpu_started
    return page


def read_as_it_lies(image: Image.Image, number: int, dpi: float) -> OcrPage:
    """OCR one page image as it lies: straighten it, find the table, read its cells and the text around it."""
    prepared = prepare(np.asarray(image.convert("L")), dpi)
    horizontal, vertical = ruling_lines(prepared.marks, broken=prepared.pale)  # a faded copy's rules in dashes
    text_ink = without_lines(prepared.ink, horizontal, vertical, prepared.stroke)
    grid = table_grid(horizontal, vertical, text_ink)
    page = OcrPage(number=number, skew_degrees=prepared.skew_degrees, scale=POINTS_PER_INCH / WORKING_DPI)
    page.paragraphs_above, page.paragraphs_below = outside_lines(
        text_ink, prepared.gray, (grid.ys[0], grid.ys[-1]) if grid else None
    )
    if grid is not None:
        read_grid(page, grid, text_ink, prepared.gray)
    return page


def table_grid(horizontal: np.ndarray, vertical: np.ndarray, text_ink: np.ndarray) -> Grid | None:
    """The page's table: its ruling grid; where it has no rules between its columns (rules across only, a box round
    it, or no lines at all), its columns from the white space (``lineless``), its rows from its rules if drawn."""
    grid = find_grid(horizontal, vertical, text_ink)
    if grid is not None and grid.ruled_columns and len(grid.xs) > MIN_RULED_COLUMNS:
        return grid
    if grid is not None and len(grid.ys) > 2:
        across = ruled_across_grid(text_ink, horizontal, grid.ys, (grid.xs[0], grid.xs[-1]))
        if across is not None:
            return across
    return lineless_grid(text_ink) or grid


def read_grid(page: OcrPage, grid: Grid, text_ink: np.ndarray, gray: np.ndarray) -> None:
    """Fill ``page`` with the grid's rows: each region's text in its top-left grid cell, box in PDF points."""
    page.columns = grid.xs
    page.covered = {
        (row, column)
        for region in grid.regions
        for row in range(region.row, region.row + region.row_span)
        for column in range(region.column, region.column + region.column_span)
    } - {(region.row, region.column) for region in grid.regions}
    margin = CELL_MARGIN if grid.ruled_rows else 0
    crops = [cell_crop(text_ink, gray, region.box, margin) for region in grid.regions]
    texts = numbers.reread_amounts(crops, read_crops(crops), [region.column for region in grid.regions])
    by_region = dict(zip(grid.regions, texts, strict=True))
    by_start = {(region.row, region.column): region for region in grid.regions}
    confidences = [text.confidence for text in texts if text.confidence is not None]
    page.confidence = sum(confidences) / len(confidences) if confidences else None
    for row in range(len(grid.ys) - 1):
        starts = [by_start.get((row, column)) for column in range(len(grid.xs) - 1)]
        row_texts = fix_column_numbers([by_region[region] if region else EMPTY for region in starts])
        cells = []
        for column, (region, text) in enumerate(zip(starts, row_texts, strict=True)):
            box = region.box if region else (grid.xs[column], grid.ys[row], grid.xs[column + 1], grid.ys[row + 1])
            cells.append((text, tuple(round(value * page.scale, 1) for value in box)))
        page.rows.append(cells)  # type: ignore[arg-type]

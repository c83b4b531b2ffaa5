"""Scanned pages: straighten, find the table's ruling lines, OCR each cell with Tesseract.

A page image goes through a chain of small steps, each a function of the one
before (the way pdfplumber's ``table.py`` goes from edges to cells):

1. ``deskew`` — the angle (a degree or two) at which the rows of ink line up
   best is found on a reduced copy and the page is turned back by it;
2. ``ruling_lines`` — long horizontal and vertical strokes are kept by a
   morphological opening of the binarised page (text strokes are too short);
3. ``find_grid`` — the lines' positions, clustered, give the grid; a grid
   cell whose border is missing is merged with its neighbour, so a section
   cell that spans several measures is one region, as in the DOCX;
4. ``read_cells`` — the lines are wiped from the image, Tesseract reads each
   region as a block of text (``--psm 6``), and keeps a confidence per word;
5. ``page_rows`` — regions become ``SourceRow``/``SourceCell`` records in
   grid coordinates: a region's text in its top-left grid cell, the cells it
   covers empty (the DOCX parser's convention for merged cells), with the
   page, the bounding box in PDF points and the cell's confidence.

Text outside the table (header block, heading, signature) is read line by line.
Rows from several pages form one table; the normaliser joins the rows a page
break cut, as it does for text PDFs. A cell with a low confidence (lower still
for cells holding digits, since amounts are where an OCR error costs money)
gets an ``ocr_low_confidence`` warning naming the page, row and column.
"""

from __future__ import annotations

import functools
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import regex
from PIL import Image

from ..errors import DamagedFileError, EncryptedFileError, MissingToolError, NoProgrammeTableError
from ..model import ExtractionWarning, Location, ParsedDocument, SourceCell, SourceRow, SourceTable, Where
from .textlayer import TextLayerVerdict, assess_text_layer

try:  # OpenCV and pytesseract are imported lazily-safe: a missing wheel is a MissingToolError, not an ImportError
    import cv2
    import pytesseract
except ImportError as error:  # pragma: no cover - both are declared dependencies
    cv2 = None  # type: ignore[assignment]
    pytesseract = None  # type: ignore[assignment]
    IMPORT_ERROR: ImportError | None = error
else:
    IMPORT_ERROR = None

LANGUAGES = "ukr"
DPI = 300  # pages are rendered (and small scans scaled) to this before OCR: Tesseract likes x-heights of 20+ px
POINTS_PER_INCH = 72
MAX_SKEW_DEGREES = 3.0
# Confidence (Tesseract's 0-100 per word) under which a cell is reported; digits get the stricter bar.
LOW_CONFIDENCE = 60.0
LOW_CONFIDENCE_DIGITS = 80.0
# A ruling line is at least this long (in page pixels at DPI); text strokes are far shorter.
MIN_LINE_LENGTH = 80
# A vertical rule may be as short as one row of text (a row cut by a page break, alone at a page's top):
# a one-line row is about 65 px tall at 12 pt and 200 dpi, a letter with its descender about 35 px (45 px let
# stacked letters pass for rules in tests; 70 px lost the cut row).
MIN_VERTICAL_LENGTH = 58
# Line positions closer than this (pixels) are one line drawn thick or slightly bent.
LINE_MERGE_DISTANCE = 12
# Share of a grid cell's side that must be inked for the border to count as drawn.
BORDER_COVERAGE = 0.6
# A pixel darker than this is ink; a cell with fewer ink pixels than this is empty (specks of dust).
INK_LEVEL = 140
MIN_INK_PIXELS = 12
CELL_MARGIN = 6  # pixels kept clear of a cell's ruling lines
MOSAIC_GAP = 40  # white pixels between cells stacked for one Tesseract run
INK_PADDING = 10  # white pixels kept around a cell's ink
# Short words a line may start with: a line starting with one is no broken word's tail.
SHORT_WORDS = frozenset({
    "а", "і", "й", "в", "у", "з", "та", "на", "до", "за", "по", "що", "як", "від", "для", "при", "про", "або",
    "чи", "не", "із", "зі", "це", "їх", "її", "ще", "вже", "де", "рік", "року", "роки", "міст", "рр",
})  # fmt: skip
PARAGRAPH_GAP = 0.9  # a blank wider than this many line heights separates paragraphs


# --- OCR's own misreadings, put right where the context leaves no doubt ------------------
#
#   read            meant        where
#   Хе1911          №1911        the header block: "від 27.08.2020р.№1911"
#   Мо п/п          № п/п        the first column's header (also "№ з/п")
#   ХМ 24/9         № 24/9       the header block of another council
#   No 24/9         № 24/9       (with Latin letters, when English data is mixed in)
#   МП скликання    VII          a bold Roman numeral; re-read with Latin capitals only (``reread_roman``)
#   1 2 З 4         1 2 3 4      the row of column numbers: Cyrillic З for 3, О for 0
#   5, Розвиток     5. Розвиток  a measure's number at the start of a cell: the dot taken for a comma
#   втич.           вт.ч.        "в т.ч." (including) with its first dot taken for "и"

# OCR's spellings of "№" in front of a number or of "п/п".
NUMERO = regex.compile(
    r"""
    (?<![\p{L}])
    (?: Хе | Хо | ХМ | Мо | Ме | Ne | No | Nо | N° | Nº )   # № taken for two letters
    (?= \s* (?: \d | [пз]/п ) )                            # only before a number, "п/п" or "з/п"
    """,
    regex.VERBOSE,
)
# A leading number whose dot came out as another mark, before a capitalised word: "5, Розвиток", "2: Участь".
NUMBER_DOT = regex.compile(r"^(?P<number>\d{1,2})[,:;](?=\s*\p{Lu})")
# "в т.ч." with the dot after "т" read as a letter: "втич.", "в тич."
INCLUDING = regex.compile(r"(?<![\p{L}])в\s*т[иі]ч(?=[.:\s]|$)")
# A Roman numeral as Latin capitals; the words that take one after it.
ROMAN_NUMERAL = regex.compile(r"^[IVXLC]{1,8}$")
# A well-formed numeral up to 89 (sessions and convocations): what a shape reading must give.
CANONICAL_ROMAN = regex.compile(r"^(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
ROMAN_CONTEXT = regex.compile(r"^(?:скликанн|сесі)", regex.IGNORECASE)
# Letters OCR gives for digits, fixed only in a row of column numbers.
DIGIT_LOOKALIKES = str.maketrans({"З": "3", "з": "3", "О": "0", "о": "0", "O": "0", "б": "6", "І": "1", "l": "1", "|": "1"})
COLUMN_NUMBER = regex.compile(r"^[\dЗзОоOбІl|]{1,2}$")


def fix_ocr_text(text: str) -> str:
    """Put right the misreadings in the table above that the text around them settles.

    ``text`` is a whole cell (lines joined by newlines): ``№`` may stand alone on
    the line above ``п/п``, and a measure's number starts the cell, not a line.
    """
    text = NUMERO.sub("№", text)
    text = NUMBER_DOT.sub(r"\g<number>.", text)
    return INCLUDING.sub("вт.ч", text)


def fix_column_numbers(texts: list[CellText]) -> list[CellText]:
    """A row of column numbers (``1 2 З 4 …``) gets digits for the letters OCR gave."""
    filled = [text for text in texts if text.lines]
    if len(filled) < 3 or not all(len(text.lines) == 1 and COLUMN_NUMBER.match(text.lines[0]) for text in filled):
        return texts
    if sum(text.lines[0].isdigit() for text in filled) * 2 < len(filled):
        return texts
    return [CellText(tuple(line.translate(DIGIT_LOOKALIKES) for line in text.lines), text.confidence) for text in texts]


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0-100
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in page pixels


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

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


@dataclass(frozen=True)
class CellText:
    lines: tuple[str, ...]
    confidence: float | None  # the weakest word's, None for an empty cell


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
    seconds: float = 0.0
    text_layer: str | None = None  # the verdict on the page's own text layer, when it came from a PDF

    @property
    def has_table(self) -> bool:
        return bool(self.rows)


# --- Tools ------------------------------------------------------------------


@functools.cache
def require_tesseract() -> str:
    """Check that Tesseract and its Ukrainian data are installed; return its version."""
    if IMPORT_ERROR is not None:
        raise MissingToolError(f"OCR needs the Python packages opencv-python-headless and pytesseract ({IMPORT_ERROR})")
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise MissingToolError("OCR needs Tesseract, which is not installed (apt-get install tesseract-ocr tesseract-ocr-ukr)")
    try:
        languages = set(pytesseract.get_languages(config=""))
        version = str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractError, OSError) as error:
        raise MissingToolError(f"Tesseract does not run ({error})") from error
    # Tesseract's OpenMP threads fight each other on small images: one thread per process, pages in parallel.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    missing = [language for language in (*LANGUAGES.split("+"), "eng") if language not in languages]
    if missing:
        raise MissingToolError(f"Tesseract has no data for {', '.join(missing)} (apt-get install tesseract-ocr-{missing[0]})")
    return version


# --- Image steps --------------------------------------------------------------


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0: a light median removes scanner noise, Otsu picks the threshold."""
    smoothed = cv2.medianBlur(gray, 3)
    _, binary = cv2.threshold(smoothed, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


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


def rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Turn the page back by ``degrees`` (about its centre, white fill)."""
    if abs(degrees) < 0.02:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -degrees, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


def ruling_lines(binary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the long horizontal and the long vertical strokes."""
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (MIN_LINE_LENGTH, 1)))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, MIN_VERTICAL_LENGTH)))
    # Close the small gaps that noise and thin printing leave in a line.
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horizontal, vertical


def cluster(positions: Iterable[int]) -> list[int]:
    """Merge positions closer than ``LINE_MERGE_DISTANCE`` into their mean."""
    groups: list[list[int]] = []
    for position in sorted(positions):
        if groups and position - groups[-1][-1] <= LINE_MERGE_DISTANCE:
            groups[-1].append(position)
        else:
            groups.append([position])
    return [round(sum(group) / len(group)) for group in groups]


def line_segments(mask: np.ndarray, axis: int) -> list[tuple[int, int, int]]:
    """Connected strokes of a line mask as (position, start, end); axis 0 = horizontal lines."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segments = []
    for label in range(1, count):
        x, y, width, height, _ = stats[label]
        if axis == 0 and width >= MIN_LINE_LENGTH * 2:
            segments.append((int(y + height // 2), int(x), int(x + width)))
        elif axis == 1 and height >= MIN_VERTICAL_LENGTH:
            segments.append((int(x + width // 2), int(y), int(y + height)))
    return segments


def find_grid(horizontal: np.ndarray, vertical: np.ndarray) -> Grid | None:
    """The table's grid: column and row boundaries, and the regions its drawn borders enclose."""
    vertical_segments = line_segments(vertical, axis=1)
    horizontal_segments = line_segments(horizontal, axis=0)
    if len(vertical_segments) < 2 or len(horizontal_segments) < 2:
        return None
    xs = cluster(x for x, _, _ in vertical_segments)
    top = min(start for _, start, _ in vertical_segments)
    bottom = max(end for _, _, end in vertical_segments)
    # Horizontal lines count only inside the table's vertical extent and across its columns.
    ys = cluster(y for y, x0, x1 in horizontal_segments if top - LINE_MERGE_DISTANCE <= y <= bottom + LINE_MERGE_DISTANCE
                 and x0 <= xs[-1] and x1 >= xs[0])  # fmt: skip
    if len(xs) < 2 or len(ys) < 2:
        return None

    def drawn(mask: np.ndarray, position: int, start: int, end: int, along_x: bool) -> bool:
        band = slice(max(position - 4, 0), position + 5)
        strip = mask[band, start:end] if along_x else mask[start:end, band]
        covered = strip.max(axis=0 if along_x else 1) > 0 if strip.size else np.zeros(0, bool)
        return bool(covered.size) and covered.mean() >= BORDER_COVERAGE

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
    return Grid(tuple(xs), tuple(ys), tuple(regions))


# --- Reading text ---------------------------------------------------------------


def ocr_words(image: np.ndarray, psm: int) -> list[Word]:
    """Tesseract's words on ``image`` with their confidences and boxes, in reading order."""
    data = pytesseract.image_to_data(
        Image.fromarray(image), lang=LANGUAGES, config=f"--psm {psm}", output_type=pytesseract.Output.DICT
    )
    words = []
    for index, text in enumerate(data["text"]):
        text = text.strip()
        confidence = float(data["conf"][index])
        if not text or confidence < 0:
            continue
        left, top = data["left"][index], data["top"][index]
        box = (left, top, left + data["width"][index], top + data["height"][index])
        words.append(Word(text, confidence, box))
    return words


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Group words into lines by their vertical centres, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        centre = (word.box[1] + word.box[3]) / 2
        height = word.box[3] - word.box[1]
        if lines:
            last = lines[-1]
            last_centre = sum((w.box[1] + w.box[3]) / 2 for w in last) / len(last)
            if abs(centre - last_centre) < max(height, 10) * 0.6:
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def ink_box(image: np.ndarray, padding: int = 10) -> tuple[int, int, int, int] | None:
    """The box around the ink of ``image`` (x0, top, x1, bottom), padded; None when blank."""
    ys, xs = np.nonzero(image < INK_LEVEL)
    if xs.size < MIN_INK_PIXELS:
        return None
    height, width = image.shape
    return (
        max(int(xs.min()) - padding, 0),
        max(int(ys.min()) - padding, 0),
        min(int(xs.max()) + padding + 1, width),
        min(int(ys.max()) + padding + 1, height),
    )


def cell_crop(clean: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray | None:
    """The inked part of a cell, a margin inside its ruling lines; None for an empty cell."""
    x0, top, x1, bottom = box
    inside = clean[top + CELL_MARGIN : bottom - CELL_MARGIN, x0 + CELL_MARGIN : x1 - CELL_MARGIN]
    if inside.size == 0:
        return None
    found = ink_box(inside, INK_PADDING)
    if found is None:
        return None
    left, upper, right, lower = found
    # Black on white, thresholded cell by cell: Tesseract's own thresholding misreads small lone marks ("1." as "ї").
    _, crisp = cv2.threshold(inside[upper:lower, left:right], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return crisp


def read_crops(crops: list[np.ndarray | None]) -> list[CellText]:
    """OCR many cell images with one Tesseract run: stacked in a column, far apart, read as one block.

    One process per page instead of one per cell is what makes OCR affordable;
    the gap keeps every cell's lines apart, and each word is given back to the
    cell whose band holds its centre.
    """
    bands: list[tuple[int, int] | None] = []
    placed: list[tuple[np.ndarray, int]] = []
    height = MOSAIC_GAP
    for crop in crops:
        if crop is None:
            bands.append(None)
            continue
        bands.append((height, height + crop.shape[0]))
        placed.append((crop, height))
        height += crop.shape[0] + MOSAIC_GAP
    if not placed:
        return [CellText((), None) for _ in crops]
    widths = [crop.shape[1] if crop is not None else 0 for crop in crops]
    width = max(crop.shape[1] for crop, _ in placed) + 2 * MOSAIC_GAP
    mosaic = np.full((height, width), 255, dtype=np.uint8)
    for crop, top in placed:
        mosaic[top : top + crop.shape[0], MOSAIC_GAP : MOSAIC_GAP + crop.shape[1]] = crop
    words = ocr_words(mosaic, psm=6)
    texts = []
    for band in bands:
        if band is None:
            texts.append(CellText((), None))
            continue
        inside = [word for word in words if band[0] <= (word.box[1] + word.box[3]) / 2 < band[1]]
        right_limit = MOSAIC_GAP + widths[len(texts)] - INK_PADDING
        lines = tuple(fix_ocr_text("\n".join(joined_lines(text_lines(inside), right_limit))).split("\n"))
        texts.append(CellText(lines, min((word.confidence for word in inside), default=None)))
    return texts


def joined_lines(lines: list[list[Word]], right_limit: float) -> list[str]:
    """A cell's lines as text, with words that the column's width broke without a hyphen put back together.

    A word too long for its column is cut where the line ran out (``Фінансуванн`` +
    ``я не потребує``). Such a line holds that one word and fills the column to
    its right edge, and the next line starts with a lowercase piece that is no
    word of its own; a wrapped line (``самоврядування`` + ``та обмін``) is not joined.
    """
    texts: list[str] = []
    previous: list[Word] | None = None
    for line in lines:
        text = " ".join(word.text for word in line)
        if previous is not None and is_broken_word(previous, line, right_limit):
            texts[-1] += text
        else:
            texts.append(text)
        previous = line
    return texts


def is_broken_word(previous: list[Word], line: list[Word], right_limit: float) -> bool:
    if len(previous) != 1 or not previous[0].text.isalpha():
        return False
    head = previous[0]
    line_height = head.box[3] - head.box[1]
    tail = line[0].text.rstrip(",.;:)")
    return (
        head.box[2] >= right_limit - 0.8 * line_height  # the word ran to the column's edge
        and 0 < len(tail) <= 4
        and tail.isalpha()
        and tail[0].islower()
        and tail.casefold() not in SHORT_WORDS
    )


def without_lines(gray: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """The page with its ruling lines painted white, so Tesseract sees only text."""
    clean = gray.copy()
    clean[(horizontal > 0) | (vertical > 0)] = 255
    return clean


def read_paragraphs(image: np.ndarray) -> list[str]:
    """The paragraphs (lines joined by newlines) of a stretch of page outside the table.

    A gap between two lines wider than ``PARAGRAPH_GAP`` line heights starts a
    new paragraph, so the header block and the heading come apart as in the DOCX.
    """
    found = ink_box(image, padding=20)
    if found is None:
        return []
    x0, top, x1, bottom = found
    _, part = cv2.threshold(image[top:bottom, x0:x1], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    paragraphs: list[list[str]] = []
    previous_bottom: int | None = None
    lines = text_lines(ocr_words(part, psm=4))
    heights = sorted(max(word.box[3] for word in line) - min(word.box[1] for word in line) for line in lines)
    paragraph_gap = PARAGRAPH_GAP * heights[len(heights) // 2] if heights else 0
    for line in lines:
        top, bottom = min(word.box[1] for word in line), max(word.box[3] for word in line)
        text = fix_ocr_text(" ".join(reread_roman(part, line, index) for index in range(len(line))))
        if previous_bottom is None or top - previous_bottom > paragraph_gap:
            paragraphs.append([])
        paragraphs[-1].append(text)
        previous_bottom = bottom
    return ["\n".join(paragraph) for paragraph in paragraphs]


def reread_roman(image: np.ndarray, line: list[Word], index: int) -> str:
    """A word that stands for a Roman numeral (``VII скликання``) read again with Latin capitals only.

    The Ukrainian model reads a bold ``VII`` as ``МП`` with high confidence;
    the words that take a Roman numeral tell where one is due.
    """
    word = line[index]
    following = line[index + 1].text if index + 1 < len(line) else ""
    if not ROMAN_CONTEXT.match(following) or ROMAN_NUMERAL.match(word.text) or word.text.isdigit():
        return word.text
    x0, top, x1, bottom = word.box
    crop = image[max(top - 4, 0) : bottom + 4, max(x0 - 4, 0) : x1 + 4]
    by_shape = roman_by_shape(crop)
    if by_shape is not None:
        return by_shape
    padded = cv2.copyMakeBorder(crop, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
    config = "--psm 7 -c tessedit_char_whitelist=IVXLC"
    reread = pytesseract.image_to_string(Image.fromarray(padded), lang="eng", config=config).strip()
    return reread if ROMAN_NUMERAL.match(reread) else word.text


def ink_span(rows: np.ndarray) -> float:
    """The share of a glyph's width that a band of its rows inks, from the leftmost to the rightmost ink."""
    columns = np.nonzero(rows.any(axis=0))[0]
    return (columns[-1] - columns[0] + 1) / rows.shape[1] if columns.size else 0.0


def roman_by_shape(crop: np.ndarray) -> str | None:
    """Read a Roman numeral of I, V, X and L from its letters' shapes; None when a letter is none of them.

    Tesseract reads a bold ``VIII`` as ``VII`` or ``VI`` depending on the scale, with
    high confidence; the letters themselves are easy to tell apart. Each letter is
    one blob of ink: ``I`` is narrow (or, with slab serifs, narrow at its waist);
    of the wide ones, ``V`` is narrow at its foot, ``L`` narrow at its head, ``X``
    wide at both and at its waist.
    """
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    blobs = sorted((stats[label] for label in range(1, count)), key=lambda blob: blob[0])
    tallest = max((blob[3] for blob in blobs), default=0)
    letters = []
    for x, y, width, height, _ in blobs:
        if height < 0.6 * tallest:
            if height < 0.2 * tallest:
                continue  # a speck
            return None  # a lower-case or punctuation mark: not a Roman numeral
        if width < 0.55 * height:
            letters.append("I")
            continue
        if width > 1.2 * height:
            return None  # two letters run together: their shapes cannot be told
        glyph = ink[y : y + height, x : x + width] > 0
        band = max(height // 5, 1)

        head, foot = ink_span(glyph[:band]), ink_span(glyph[-band:])
        waist = ink_span(glyph[int(height * 0.22) : int(height * 0.28) + 1])  # X has two arms apart there, I one stem
        if foot < 0.5 <= head:
            letters.append("V")
        elif head < 0.65 and foot >= 0.8:
            letters.append("L")
        elif head >= 0.6 and foot >= 0.6:
            # a slab-serif I is as wide as an X at head and foot, but narrower overall and one stem at its waist
            letters.append("X" if waist >= 0.45 and width >= 0.75 * height else "I")
        else:
            return None
    numeral = "".join(letters)
    return numeral if CANONICAL_ROMAN.match(numeral) else None


def outside_lines(clean: np.ndarray, grid: Grid | None) -> tuple[list[str], list[str]]:
    """The text lines above and below the table (the whole page counts as above when there is none)."""
    if grid is None:
        return read_paragraphs(clean), []
    top, bottom = grid.ys[0], grid.ys[-1]
    return read_paragraphs(clean[: max(top - 6, 0)]), read_paragraphs(clean[bottom + 6 :])


def read_page(image: Image.Image, number: int, dpi: float = DPI) -> OcrPage:
    """OCR one page image: straighten it, find the table, read its cells and the text around it."""
    require_tesseract()
    started = time.perf_counter()
    gray = np.asarray(image.convert("L"))
    if dpi < DPI:  # a low-resolution scan: scale it up to what Tesseract reads best
        gray = cv2.resize(gray, None, fx=DPI / dpi, fy=DPI / dpi, interpolation=cv2.INTER_CUBIC)
    scale = POINTS_PER_INCH / max(dpi, DPI)
    skew = skew_angle(binarise(gray))
    gray = rotate(gray, skew)
    horizontal, vertical = ruling_lines(binarise(gray))
    grid = find_grid(horizontal, vertical)
    clean = cv2.medianBlur(without_lines(gray, horizontal, vertical), 3)  # scanner noise slows Tesseract down
    page = OcrPage(number=number, skew_degrees=skew, scale=scale)

    page.paragraphs_above, page.paragraphs_below = outside_lines(clean, grid)

    if grid is not None:
        page.columns = grid.xs
        page.covered = {
            (row, column)
            for region in grid.regions
            for row in range(region.row, region.row + region.row_span)
            for column in range(region.column, region.column + region.column_span)
        } - {(region.row, region.column) for region in grid.regions}
        texts = dict(zip(grid.regions, read_crops([cell_crop(clean, region.box) for region in grid.regions]), strict=True))
        by_start = {(region.row, region.column): region for region in grid.regions}
        for row in range(len(grid.ys) - 1):
            starts = [by_start.get((row, column)) for column in range(len(grid.xs) - 1)]
            row_texts = fix_column_numbers([texts[region] if region else CellText((), None) for region in starts])
            cells = []
            for column, (region, text) in enumerate(zip(starts, row_texts, strict=True)):
                box = region.box if region else (grid.xs[column], grid.ys[row], grid.xs[column + 1], grid.ys[row + 1])
                cells.append((text, tuple(round(value * scale, 1) for value in box)))
            page.rows.append(cells)  # type: ignore[arg-type]
    page.seconds = time.perf_counter() - started
    return page


# --- Pages into a document -------------------------------------------------------


def column_map(columns: tuple[int, ...], reference: tuple[int, ...]) -> list[int]:
    """For each column of a page, the column of the reference page it overlaps most."""
    mapping = []
    for left, right in zip(columns, columns[1:], strict=False):
        overlaps = [min(right, r) - max(left, l) for l, r in zip(reference, reference[1:], strict=False)]  # noqa: E741
        mapping.append(int(np.argmax(overlaps)))
    return mapping


def is_low_confidence(lines: Iterable[str], confidence: float | None) -> bool:
    """Whether OCR is too unsure of a cell to leave it unchecked (stricter for a cell holding digits)."""
    if confidence is None:
        return False
    lines = tuple(lines)
    has_digits = any(character.isdigit() for line in lines for character in line)
    return confidence < (LOW_CONFIDENCE_DIGITS if has_digits else LOW_CONFIDENCE)


def low_confidence_warning(lines: Iterable[str], confidence: float, where: Where) -> ExtractionWarning:
    """The ``ocr_low_confidence`` warning for a cell: page, row and column named, the text quoted."""
    return ExtractionWarning(
        "ocr_low_confidence",
        f"page {where.page}, row {where.row}, {where.column}: OCR confidence {confidence:.0f}% for "
        f"{' / '.join(lines)[:80]!r}; check it against the scan",
        where,
    )


def table_rows(pages: list[OcrPage], header: tuple[str, ...]) -> tuple[list[SourceRow], list[ExtractionWarning]]:
    """One table from the pages' grids, columns lined up with the first page that has a table."""
    rows: list[SourceRow] = []
    warnings: list[ExtractionWarning] = []
    reference: tuple[int, ...] | None = None
    for page in pages:
        if not page.has_table:
            continue
        reference = reference or page.columns
        mapping = column_map(page.columns, reference)
        for index, source_cells in enumerate(page.rows):
            row_number = len(rows) + 1
            lines: list[list[str]] = [[] for _ in range(len(reference) - 1)]
            locations: list[list[Location]] = [[] for _ in range(len(reference) - 1)]
            for column, (cell, bbox) in enumerate(source_cells):
                target = mapping[column]
                lines[target].extend(cell.lines)
                location = Location(table=1, row=row_number, page=page.number, bbox=bbox, confidence=cell.confidence)
                locations[target].append(location)
                if cell.confidence is not None and is_low_confidence(cell.lines, cell.confidence):
                    name = header[target] if target < len(header) and header[target] else f"column {target + 1}"
                    where = Where(page=page.number, table=1, row=row_number, column=name)
                    warnings.append(low_confidence_warning(cell.lines, cell.confidence, where))
            cells = tuple(SourceCell(tuple(text), tuple(where)) for text, where in zip(lines, locations, strict=True))
            rows.append(
                SourceRow(cells, Location(table=1, row=row_number, page=page.number), break_before=index == 0 and bool(rows))
            )
    return rows, warnings


def header_names(pages: list[OcrPage]) -> tuple[str, ...]:
    """The first table row's texts, one line each: how warnings name a column."""
    for page in pages:
        if page.has_table:
            return tuple(" ".join(" ".join(cell.lines).split())[:40] for cell, _ in page.rows[0])
    return ()


def document_from_pages(pages: list[OcrPage], file_name: str, sha256: str, notes: tuple[str, ...] = ()) -> ParsedDocument:
    """Assemble OCR'd pages into one ``ParsedDocument``: text above the first table, one table, text below."""
    table_pages = [page for page in pages if page.has_table]
    if not table_pages:
        raise NoProgrammeTableError("no ruled table found on the scanned pages")
    first, last = table_pages[0], table_pages[-1]
    before = [line for page in pages if page.number < first.number for line in page.paragraphs_above] + first.paragraphs_above
    after = last.paragraphs_below + [line for page in pages if page.number > last.number for line in page.paragraphs_above]
    rows, warnings = table_rows(pages, header_names(pages))
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="pdf",
        before=tuple(before),
        after=tuple(after),
        tables=(SourceTable(rows=tuple(rows), index=1),),
        pages=len(pages),
        notes=notes + tuple(page_note(page) for page in pages),
        warnings=tuple(warnings),
    )


def page_note(page: OcrPage) -> str:
    # No timing here: notes go into the output, which must stay byte-identical from run to run.
    read = f"OCR (Tesseract, {LANGUAGES}), straightened by {page.skew_degrees:+.2f}°"
    return f"page {page.number}: {page.text_layer}; {read}" if page.text_layer else f"page {page.number}: {read}"


# --- Whole PDFs ----------------------------------------------------------------------


def render_pages(data: bytes, dpi: int = DPI) -> Iterator[Image.Image]:
    """Each page of a PDF as a grayscale image at ``dpi``, one at a time."""
    for image, _ in rendered_pages(data, dpi):
        yield image


def open_rendering(data: bytes) -> Any:
    """The PDF opened with pdfium for rendering its pages (close it when done)."""
    import pypdfium2 as pdfium  # comes with pdfplumber

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise EncryptedFileError("encrypted PDF (password-protected)") from error
        raise DamagedFileError(f"damaged PDF ({message})") from error


def page_image(page: Any, dpi: int = DPI) -> Image.Image:
    """One pdfium page as a grayscale image at ``dpi``."""
    return page.render(scale=dpi / POINTS_PER_INCH, grayscale=True).to_pil()


def rendered_pages(data: bytes, dpi: int = DPI) -> Iterator[tuple[Image.Image, TextLayerVerdict]]:
    """Each page of a PDF as a grayscale image at ``dpi``, with the verdict on its text layer."""
    document = open_rendering(data)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                text_page = page.get_textpage()
                verdict = assess_text_layer(text_page.get_text_range())
                text_page.close()
                yield page_image(page, dpi), verdict
            finally:
                page.close()
    finally:
        document.close()


def workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def read_pages(images: Iterable[tuple[int, Image.Image]]) -> list[OcrPage]:
    """OCR page images (numbered), a few at a time: Tesseract runs as its own process."""
    require_tesseract()
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        return list(pool.map(lambda numbered: read_page(numbered[1], numbered[0]), images))


def parse(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse a PDF of page images (a scan) by OCR."""
    require_tesseract()
    verdicts: list[TextLayerVerdict] = []

    def numbered() -> Iterator[tuple[int, Image.Image]]:
        for number, (image, verdict) in enumerate(rendered_pages(data), start=1):
            verdicts.append(verdict)
            yield number, image

    pages = read_pages(numbered())
    for page, verdict in zip(pages, verdicts, strict=True):
        page.text_layer = verdict.describe()
    return document_from_pages(pages, file_name, sha256, notes=("scanned PDF: every page read by OCR",))


__all__ = [
    "OcrPage",
    "document_from_pages",
    "low_confidence_warning",
    "open_rendering",
    "page_image",
    "parse",
    "read_page",
    "read_pages",
    "require_tesseract",
]

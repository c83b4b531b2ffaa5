"""Cells cut out of the page and read by Tesseract, each on its own.

A cell's image is its region a margin inside the ruling lines, cropped to its
ink, read as a block of text (``--psm 6``) by the thread's Tesseract engine
(in this process: a cell costs no process start). Each cell is read alone: in
one tall image of many cells Tesseract's line finding now and then lost a
cell's last line to the cell below it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import regex

from .fixes import fix_ocr_text
from .image import despeckle
from .tesseract import Word, cv2, ocr_each, text_lines

CELL_MARGIN = 6  # pixels kept clear of a cell's ruling lines
INK_PADDING = 10  # white pixels kept around a cell's ink
READ_BORDER = 20  # white pixels added around a cell's image when it is read
MIN_INK_PIXELS = 12  # a cell with fewer ink pixels than this is empty
REREAD_CONFIDENCE = 50.0  # a word read with less is read again alone
BLANK_SCALE = 1.5  # how much larger a cell with print that read as nothing is read again
LETTERS = regex.compile(r"\p{L}{2}")
DIGITS = regex.compile(r"\d")
# What a stamp's lettering or a signature's loop leaves in a cell OCR reads as print: a letter or two (``м``, ``А``,
# ``Ро``), a slash or a mark, no digit and no dash (a lone ``-`` is a cell saying "no amount").
MARK_WORD = regex.compile(r"^[\p{L}/\\|.,:;'\"`~^*_!]{1,2}$")
# A cell's line whose every word is a ``MARK_WORD`` read with less confidence than this is no print.
MARK_CONFIDENCE = REREAD_CONFIDENCE
# A cell's first word when it is a number of its own: "6." in "6. Реалізація проектів", or a № column's "2.2."; or
# three or four digits that are no year, a number whose dots OCR read as digits ("141." for "1.1." at 150 dpi).
LEADING_NUMBER_WORD = regex.compile(r"^(?:[\dЗбО]{1,2}(?:\.[\dЗбО]{1,2}){0,2}|(?!19|20)\d{3,4})[.,]?$")
# Short words a line may start with: a line starting with one is no broken word's tail.
SHORT_WORDS = frozenset({
    "а", "і", "й", "в", "у", "з", "та", "на", "до", "за", "по", "що", "як", "від", "для", "при", "про", "або",
    "чи", "не", "із", "зі", "це", "їх", "її", "ще", "вже", "де", "рік", "року", "роки", "міст", "рр",
})  # fmt: skip
# Short words that stay words of their own even after a line that ran to the column's edge.
PREPOSITIONS = SHORT_WORDS - {"а", "й"}


@dataclass(frozen=True)
class CellText:
    """What a cell says: its lines, and how sure OCR is of them."""

    lines: tuple[str, ...]
    confidence: float | None  # the weakest word's (capped for a line still in doubt), None for an empty cell
    line_confidences: tuple[float, ...] = ()  # per line, its weakest word's
    line_spans: tuple[tuple[int, int], ...] = ()  # per line, its top and bottom in the pixels of the cell's crop
    unsure: tuple[str, ...] = ()  # lines the readings could not settle, as "general | digits only | line alone"
    lead_box: tuple[int, int, int, int] | None = None  # the crop's box of a number standing as a word ("6. …", "2.2.")
    alternatives: tuple[tuple[int, tuple[str, ...]], ...] = ()  # per line (its index), the other good readings of it
    unsure_lines: tuple[int, ...] = ()  # the indices of the amount lines in ``unsure``


EMPTY = CellText((), None)


def ink_box(ink: np.ndarray, padding: int = INK_PADDING) -> tuple[int, int, int, int] | None:
    """The box around the ink of a mask (x0, top, x1, bottom), padded; None when (nearly) blank."""
    if np.count_nonzero(ink) < MIN_INK_PIXELS:
        return None
    # the inked rows and columns, not every inked pixel's coordinates (a page's worth of them is costly)
    ys, xs = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    height, width = ink.shape
    return (
        max(int(xs[0]) - padding, 0),
        max(int(ys[0]) - padding, 0),
        min(int(xs[-1]) + padding + 1, width),
        min(int(ys[-1]) + padding + 1, height),
    )


def cell_crop(
    text_ink: np.ndarray, gray: np.ndarray, box: tuple[int, int, int, int], margin: int = CELL_MARGIN
) -> np.ndarray | None:
    """The inked part of a cell as black print on white, ``margin`` inside its ruling lines; None when empty.

    ``text_ink`` is the page's print with the ruling lines taken out (it tells
    where the cell's print is), ``gray`` the flattened page with all but print
    whitened (what is read: print keeps its grey edges). A cell of a table
    drawn with no lines has no rules to keep clear of (``margin`` 0).
    """
    x0, top, x1, bottom = box
    inside = (slice(top + margin, bottom - margin), slice(x0 + margin, x1 - margin))
    ink = text_ink[inside]
    if ink.size == 0:
        return None
    found = ink_box(ink)
    if found is None:
        return None
    left, upper, right, lower = found
    return print_image(ink[upper:lower, left:right], gray[inside][upper:lower, left:right])


def print_image(ink: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """What Tesseract reads: print black, its soft edge (away from stamps) as the page has it, the rest white.

    Tesseract's own thresholding would break the light strokes of a 150 dpi
    scan and misread small lone marks ("1." as "ї"); a hard mask alone loses
    the shape of bold glyphs ("№" read "М2").
    """
    printed = ink > 0
    near_print = cv2.dilate(printed.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return np.where(printed, 0, np.where(near_print, gray, 255)).astype(np.uint8)


def words_by_crop(crops: list[np.ndarray | None], psm: int = 6, whitelist: str | None = None) -> list[list[Word] | None]:
    """Tesseract's words for each crop (None for an empty one), boxes in the crop's pixels.

    Each crop is read with ``READ_BORDER`` white pixels around it: a crop cut
    tight in a low row loses a comma or a digit to Tesseract otherwise (``39,900`` read ``39900``).
    """
    framed = [
        cv2.copyMakeBorder(crop, READ_BORDER, READ_BORDER, READ_BORDER, READ_BORDER, cv2.BORDER_CONSTANT, value=255)
        for crop in crops
        if crop is not None
    ]
    found = iter(ocr_each(framed, psm=psm, whitelist=whitelist))
    return [
        None if crop is None else [replace(word, box=shifted(word.box, -READ_BORDER)) for word in next(found)] for crop in crops
    ]


def shifted(box: tuple[int, int, int, int], by: int) -> tuple[int, int, int, int]:
    return box[0] + by, box[1] + by, box[2] + by, box[3] + by


def read_crops(crops: list[np.ndarray | None]) -> list[CellText]:
    """OCR cell images; each cell's lines, fixed, with their confidences.

    Words Tesseract is unsure of are read again alone (``reread_unsure_words``).
    """
    texts = []
    for crop, words in zip(crops, reread_unsure_words(crops, reread_blank(crops, words_by_crop(crops))), strict=True):
        texts.append(EMPTY if crop is None or not words else cell_text(words, crop.shape[1] - INK_PADDING))
    return texts


def reread_blank(crops: list[np.ndarray | None], words: list[list[Word] | None]) -> list[list[Word] | None]:
    """Each cell with print that Tesseract read as nothing read again ``BLANK_SCALE`` times larger (a clear ``2.3.``
    alone in a small crop now and then gives no word at all at one size and reads right at another)."""
    blank = [index for index, (crop, found) in enumerate(zip(crops, words, strict=True)) if crop is not None and found == []]
    if not blank:
        return words
    larger = [
        cv2.resize(crops[index], None, fx=BLANK_SCALE, fy=BLANK_SCALE, interpolation=cv2.INTER_CUBIC)  # type: ignore[arg-type]
        for index in blank
    ]
    found = list(words)
    for index, again in zip(blank, words_by_crop(list(larger)), strict=True):
        found[index] = [
            replace(word, box=tuple(round(value / BLANK_SCALE) for value in word.box))  # type: ignore[arg-type]
            for word in again or []
        ]
    return found


def reread_unsure_words(crops: list[np.ndarray | None], words: list[list[Word] | None]) -> list[list[Word] | None]:
    """Each word read with a confidence under ``REREAD_CONFIDENCE`` read again alone (``--psm 8``).

    In a block of lines Tesseract now and then reads a plain word wrong with
    a low confidence (``ОЗДМЯР`` for ``ОЗДМР``, 5 %) that it reads right alone
    (93 %); the reading with the higher confidence is kept. Words with digits
    are left to the numeric pass.
    """
    wanted = [
        (cell, index)
        for cell, cell_words in enumerate(words)
        for index, word in enumerate(cell_words or [])
        if word.confidence < REREAD_CONFIDENCE and LETTERS.search(word.text) and not DIGITS.search(word.text)
    ]
    if not wanted:
        return words
    pieces = []
    for cell, index in wanted:
        crop, word = crops[cell], words[cell][index]  # type: ignore[index]
        x0, top, x1, bottom = word.box
        piece = crop[max(top - 4, 0) : bottom + 4, max(x0 - 4, 0) : x1 + 4]  # type: ignore[index]
        pieces.append(cv2.copyMakeBorder(piece, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255))
    found = [list(cell_words) if cell_words is not None else None for cell_words in words]
    for (cell, index), again in zip(wanted, ocr_each(pieces, psm=8), strict=True):
        word = found[cell][index]  # type: ignore[index]
        text = " ".join(piece.text for piece in again)
        confidence = min((piece.confidence for piece in again), default=0.0)
        if text and confidence > word.confidence:
            found[cell][index] = replace(word, text=text, confidence=confidence)  # type: ignore[index]
    return found


def cell_text(words: list[Word], right_limit: float) -> CellText:
    """A cell's words as its text: lines, broken words rejoined, OCR's misreadings fixed."""
    lines = [line for line in joined_lines(text_lines(words), right_limit) if not is_marks_only(line[1])]
    if not lines:
        return EMPTY
    texts = fix_ocr_text("\n".join(text for text, _ in lines)).split("\n")
    kept = [(text, line) for text, (_, line) in zip(texts, lines, strict=True) if text.strip()]
    if not kept:
        return EMPTY
    confidences = tuple(min(word.confidence for word in line) for _, line in kept)
    spans = tuple((min(word.box[1] for word in line), max(word.box[3] for word in line)) for _, line in kept)
    first = kept[0][1][0]
    alone = len(kept) == 1 and len(kept[0][1]) == 1  # a cell of the № column: "2.2."
    lead = first.box if LEADING_NUMBER_WORD.match(first.text) and (len(kept[0][1]) > 1 or alone) else None
    return CellText(tuple(text for text, _ in kept), min(confidences), confidences, spans, lead_box=lead)


def is_marks_only(words: list[Word]) -> bool:
    """Whether the words of a cell's line are all a mark's, not print: a letter or two each (``м / А`` where a
    stamp's rim crosses an empty amount cell, ``Ж`` under ``Всього``), every one read with under
    ``MARK_CONFIDENCE``. Print, even a lone preposition or a column number, reads surer than that; a dash or a
    digit is never a mark's."""
    return bool(words) and all(MARK_WORD.match(word.text) and word.confidence < MARK_CONFIDENCE for word in words)


def joined_lines(lines: list[list[Word]], right_limit: float) -> list[tuple[str, list[Word]]]:
    """A cell's lines as text (with their words), words that the column's width broke without a hyphen rejoined.

    A word too long for its column is cut where the line ran out (``Фінансуванн`` +
    ``я не потребує``). Such a line holds that one word and fills the column to
    its right edge, and the next line starts with a lowercase piece that is no
    word of its own; a wrapped line (``самоврядування`` + ``та обмін``) is not joined.
    """
    joined: list[tuple[str, list[Word]]] = []
    previous: list[Word] | None = None
    for line in lines:
        text = " ".join(word.text for word in line)
        if previous is not None and is_broken_word(previous, line, right_limit):
            joined[-1] = (joined[-1][0] + text, joined[-1][1] + line)
        else:
            joined.append((text, line))
        previous = line
    return joined


def is_broken_word(previous: list[Word], line: list[Word], right_limit: float) -> bool:
    """Whether ``line`` starts with the rest of the word that ends ``previous`` (see ``joined_lines``).

    The head ran to the column's edge and the tail is a short lowercase piece.
    A head alone on its line is a word longer than the column; a head after
    other words is one only when head and tail together are wider than the
    column (``Державн`` + ``ий``: the word could not have been wrapped whole).
    A tail that is a short word of its own (``а``, ``й``) is taken for the
    rest of the word only in that case (``джерел`` + ``а``), prepositions never.
    """
    head = previous[-1]
    if not head.text.isalpha():
        return False
    line_height = head.box[3] - head.box[1]
    tail_word = line[0]
    tail = tail_word.text.rstrip(",.;:)")
    if not (head.box[2] >= right_limit - 0.8 * line_height and 0 < len(tail) <= 4 and tail.isalpha() and tail[0].islower()):
        return False
    too_wide = (head.box[2] - head.box[0]) + (tail_word.box[2] - tail_word.box[0]) > right_limit - INK_PADDING
    if tail.casefold() in SHORT_WORDS:
        return too_wide and tail.casefold() not in PREPOSITIONS
    return len(previous) == 1 or (too_wide and len(tail) <= 3)


def without_lines(ink: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray, stroke: float | None = None) -> np.ndarray:
    """The page's print with its ruling lines taken out and its dust dropped, so Tesseract sees only text.

    What was left of a line's edge, and dust that lay against it, stand alone
    now and go with the rest of the dust (``despeckle``; ``stroke`` is the
    print's stroke width).
    """
    return despeckle(np.where(cv2.bitwise_or(horizontal, vertical) > 0, np.uint8(0), ink), stroke)

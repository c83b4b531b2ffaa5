"""A page scanned the wrong way up or sideways, found and turned upright; an upright page costs almost nothing.

A sheet laid on the glass upside down reads as 180°; a landscape annex fed
through a portrait scanner reads as 90° either way. A PDF's ``/Rotate``
attribute is applied by the renderer already (pdfium draws the page as a
viewer shows it), so what reaches OCR is the page as displayed, and this step
finds which way its text runs in the pixels themselves.

Tesseract's orientation and script detection (``osd.traineddata``, Debian's
``tesseract-ocr-osd``) tells the turn from the letters' shapes, at 0.25-0.3 s
of CPU a page. Most pages are upright, so it is asked only when the page gives
cause (``read_upright``):

1. ``lines_run_across`` — the cheap test, a few milliseconds on a 75 dpi copy:
   lines of print make the ink's profile down the page sharp (rows of ink,
   rows of paper) and its profile across the page flat; a page lying sideways
   has it the other way round. A page whose lines run down, or with too little
   print to tell, is shown to OSD before it is read.
2. A page whose lines run across is read as it lies. It is upright unless the
   reading is poor: a page read upside down has its cells read at 15-25 %
   mean confidence, an upright one, however worn, at 50 % and more (a faded
   copy) and mostly 75-96 %. A reading under ``DOUBTFUL_CONFIDENCE``, or one
   that found no table, is checked by OSD, and read again turned when OSD says so
   (the turned reading is kept unless it reads worse than the first).

OSD is run on a copy at ``OSD_DPI`` (a quarter of the pixels of the working
page) and its answer is taken when its confidence reaches ``MIN_CONFIDENCE``
(an upright or turned page of print scores 14-33 at 150 dpi; a page with
hardly any text scores under 2 and is left as it is). Without ``osd`` the
page is read as it comes, and the note says orientation was not checked.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import numpy as np
from PIL import Image

from .tesseract import cv2, languages_in, tessdata, tesserocr

OSD_DPI = 150  # the resolution of the copy the orientation is found on
MIN_CONFIDENCE = 8.0  # Tesseract's orientation confidence a turn needs
TURNS = (0, 90, 180, 270)
PROFILE_DPI = 75  # the copy the direction of the lines is told on: a line of 10-12 pt print is 10 px, a gap 3-5
PROFILE_RULE = 40  # pixels of that copy (13 mm): longer strokes are rules, taken out before the profiles are made
PROFILE_STRIP = 60  # pixels: the profiles are taken over strips this wide (lines on a skewed page stay apart in one)
MIN_STRIP_INK = 50  # ink pixels a strip needs for its profile to count
# Down-the-page over across-the-page sharpness: lines running across give 1.9-13 (tables, text, worn copies),
# a page lying sideways 0.35-0.37.
ACROSS_RATIO = 1.0
DOUBTFUL_CONFIDENCE = 40.0  # the mean cell confidence (%) under which a reading is checked for a turned page

_engines = threading.local()


class Reading(Protocol):
    """What a page's reading tells of its quality: its table cells' mean confidence (None: no table read)."""

    confidence: float | None


R = TypeVar("R", bound=Reading)


@functools.cache
def has_osd() -> bool:
    """Whether Tesseract's orientation data is installed next to its language data."""
    return "osd" in languages_in(tessdata()) or os.path.isfile(os.path.join(tessdata(), "osd.traineddata"))


def osd_engine() -> Any:
    """This thread's Tesseract in orientation-only mode, its model loaded once."""
    engine = getattr(_engines, "osd", None)
    if engine is None:
        engine = tesserocr.PyTessBaseAPI(path=tessdata(), lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        _engines.osd = engine
    return engine


def turn_needed(image: Image.Image, dpi: float) -> int | None:
    """Degrees (counter-clockwise, 0/90/180/270) that turn ``image`` upright; None when it cannot be told."""
    if not has_osd():
        return None
    factor = OSD_DPI / dpi
    small = image.convert("L")
    if factor < 0.9:
        small = small.resize((max(1, round(small.width * factor)), max(1, round(small.height * factor))),
                             Image.Resampling.BOX)  # fmt: skip
    else:
        factor = 1.0
    api = osd_engine()
    api.SetImage(small)
    api.SetSourceResolution(round(dpi * factor))
    try:
        found = api.DetectOrientationScript()
    except RuntimeError:  # too little text to tell
        return None
    finally:
        api.Clear()
    if not found or found.get("orient_conf", 0.0) < MIN_CONFIDENCE:
        return None
    degrees = int(found["orient_deg"]) % 360
    return degrees if degrees in TURNS else None


def upright(image: Image.Image, dpi: float) -> tuple[Image.Image, int | None]:
    """``image`` turned so its text reads upright, and the turn given it (degrees clockwise; None: not checked)."""
    degrees = turn_needed(image, dpi)
    if not degrees:
        return image, degrees
    return turned(image, degrees), (360 - degrees) % 360


def turn_note(turn: int | None) -> str:
    """How the page was turned, for its note ("" for a page read as it came)."""
    if turn is None and not has_osd():
        return ", orientation not checked (tesseract-ocr-osd not installed)"
    if not turn:
        return ""
    return {90: ", turned upright (scanned 90° anticlockwise)", 180: ", turned upright (scanned upside down)",
            270: ", turned upright (scanned 90° clockwise)"}[turn]  # fmt: skip


def turned(image: Image.Image, degrees: int) -> Image.Image:
    """``image`` turned counter-clockwise by ``degrees`` (90, 180 or 270)."""
    return image.transpose({90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
                            270: Image.Transpose.ROTATE_270}[degrees])  # fmt: skip


def profile_sharpness(ink: np.ndarray) -> float:
    """How sharply the ink's rows stand apart from the paper's: the median, over vertical strips, of the
    variance of the strip's row profile over its squared mean (0 when no strip has ink enough)."""
    found = []
    for left in range(0, max(ink.shape[1] - PROFILE_STRIP, 0) + 1, PROFILE_STRIP):
        profile = ink[:, left : left + PROFILE_STRIP].sum(axis=1, dtype=np.float64)
        if profile.sum() >= MIN_STRIP_INK:
            found.append(float(profile.var() / profile.mean() ** 2))
    return float(np.median(found)) if found else 0.0


def lines_run_across(image: Image.Image, dpi: float) -> bool:
    """Whether the page's lines of print run across it (upright or upside down), not down it (lying sideways)."""
    gray = np.asarray(image.convert("L"))
    factor = min(1.0, PROFILE_DPI / dpi)
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    rules = cv2.max(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (PROFILE_RULE, 1))),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, PROFILE_RULE))),
    )
    text = (cv2.subtract(ink, cv2.dilate(rules, np.ones((3, 3), np.uint8))) > 0).astype(np.uint8)
    down, across = profile_sharpness(text), profile_sharpness(text.T)
    return down > 0 and down >= ACROSS_RATIO * across


def doubtful(reading: Reading) -> bool:
    """Whether a page read as it lies may have been read upside down: no table, or its cells read poorly."""
    return reading.confidence is None or reading.confidence < DOUBTFUL_CONFIDENCE


def read_upright(image: Image.Image, dpi: float, read: Callable[[Image.Image], R]) -> tuple[R, int | None]:
    """``read`` of the page turned upright, and the turn given it (degrees clockwise; None: not checked).

    OSD is asked before reading when the page's lines do not run across it,
    after reading when the reading is ``doubtful``, and not at all otherwise.
    """
    if not has_osd():
        return read(image), None
    if not lines_run_across(image, dpi):
        upright_image, turn = upright(image, dpi)
        return read(upright_image), turn
    reading = read(image)
    if not doubtful(reading):
        return reading, 0
    degrees = turn_needed(image, dpi)
    if not degrees:
        return reading, degrees
    again = read(turned(image, degrees))
    if reading.confidence is not None and (again.confidence is None or again.confidence <= reading.confidence):
        return reading, 0  # OSD misled (a worn page, little text): the page reads worse turned
    return again, (360 - degrees) % 360

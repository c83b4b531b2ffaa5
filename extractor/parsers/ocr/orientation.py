"""A page scanned the wrong way up or sideways, found and turned upright before it is read.

A sheet laid on the glass upside down reads as 180°; a landscape annex fed
through a portrait scanner reads as 90° either way. A PDF's ``/Rotate``
attribute is applied by the renderer already (pdfium draws the page as a
viewer shows it), so what reaches OCR is the page as displayed, and this step
finds which way its text runs in the pixels themselves.

Tesseract's orientation and script detection (``osd.traineddata``, Debian's
``tesseract-ocr-osd``) tells the turn from the letters' shapes. It is run on a
copy at ``OSD_DPI`` (a quarter of the pixels of the working page: 0.2-0.3 s a
page) and its answer is taken when its confidence reaches ``MIN_CONFIDENCE``
(an upright or turned page of print scores 14-33 at 150 dpi; a page with
hardly any text scores under 2 and is left as it is). Without ``osd`` the
page is read as it comes, and the note says orientation was not checked.
"""

from __future__ import annotations

import functools
import os
import threading
from typing import Any

from PIL import Image

from .tesseract import languages_in, tessdata, tesserocr

OSD_DPI = 150  # the resolution of the copy the orientation is found on
MIN_CONFIDENCE = 8.0  # Tesseract's orientation confidence a turn needs
TURNS = (0, 90, 180, 270)

_engines = threading.local()


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
    turned = image.transpose({90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
                              270: Image.Transpose.ROTATE_270}[degrees])  # fmt: skip
    return turned, (360 - degrees) % 360


def turn_note(turn: int | None) -> str:
    """How the page was turned, for its note ("" for a page read as it came)."""
    if turn is None and not has_osd():
        return ", orientation not checked (tesseract-ocr-osd not installed)"
    if not turn:
        return ""
    return {90: ", turned upright (scanned 90° anticlockwise)", 180: ", turned upright (scanned upside down)",
            270: ", turned upright (scanned 90° clockwise)"}[turn]  # fmt: skip

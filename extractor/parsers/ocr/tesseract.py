"""Tesseract, run in this process (tesserocr): the tool check, and words with their confidences and boxes.

The process keeps its Tesseract engines, each with its model loaded, in a
pool: a reading takes an idle engine of its language and gives it back, so
a page's many small readings (the cells, the numeric pass, a word or a line
read again) cost no process start and no image file, and the next page or
document loads no model again (the English one alone takes 0.1 s of CPU).
An engine is used by one thread at a time and runs without the GIL, so pages
read in threads run on separate cores; it is built without OpenMP, so each
reading uses one core and gives the same words every run.

What a reading costs is nearly all the LSTM's recognition (a cell's layout
analysis is about a tenth of it), so the engines load the LSTM model only
(``OEM.LSTM_ONLY``: the same words, 5 % less time than the default's
set-up), are handed the image's bytes as they are (no image file encoded),
and have their page segmentation mode and whitelist set only when a reading
wants other ones than the engine's last. ``tessedit_do_invert`` stays on:
for dark print on white it costs under 1 % (Tesseract reads a line inverted
only when its confidence is low) and turning it off changed the readings of
a stamp's marks in the suite's cells.
"""

from __future__ import annotations

import functools
import glob
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...errors import MissingToolError

try:  # a missing wheel is a MissingToolError when OCR is first needed, not an ImportError on import
    import cv2
    import tesserocr
except ImportError as error:  # pragma: no cover - both are declared dependencies
    cv2 = None  # type: ignore[assignment]
    tesserocr = None  # type: ignore[assignment]
    IMPORT_ERROR: ImportError | None = error
else:
    IMPORT_ERROR = None

LANGUAGES = "ukr"
# Where Debian's tesseract-ocr-* packages (and a Tesseract built from source) put the language data;
# TESSDATA_PREFIX, when set, is looked in first.
TESSDATA_FOLDERS = (
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/usr/local/share/tesseract-ocr/*/tessdata",
)
RESOLUTION = 300  # what the images read are (pixels per inch), so Tesseract's size rules fit them

_idle_engines: dict[str, list[Engine]] = {}  # by language: the engines no thread is reading with
_pool_lock = threading.Lock()


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0-100
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in the pixels of the image read


def tessdata_folders() -> list[str]:
    """The folders that may hold Tesseract's language data, the likeliest first."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    found = [prefix, os.path.join(prefix, "tessdata")] if prefix else []
    for pattern in TESSDATA_FOLDERS:
        found.extend(sorted(glob.glob(pattern), reverse=True))  # the newest version first
    return [folder for folder in found if os.path.isdir(folder)]


def languages_in(folder: str) -> set[str]:
    return {name.removesuffix(".traineddata") for name in os.listdir(folder) if name.endswith(".traineddata")}


@functools.cache
def tessdata() -> str:
    """The folder of Tesseract's language data that has every language OCR reads with."""
    if IMPORT_ERROR is not None:
        raise MissingToolError(f"OCR needs the Python packages opencv-python-headless and tesserocr ({IMPORT_ERROR})")
    folders = [(folder, languages_in(folder)) for folder in tessdata_folders()]
    folders = [(folder, languages) for folder, languages in folders if languages]
    if not folders:
        raise MissingToolError("OCR needs Tesseract, which is not installed (apt-get install tesseract-ocr tesseract-ocr-ukr)")
    wanted = (*LANGUAGES.split("+"), "eng")
    for folder, languages in folders:
        if all(language in languages for language in wanted):
            return folder
    missing = [language for language in wanted if language not in folders[0][1]]
    raise MissingToolError(f"Tesseract has no data for {', '.join(missing)} (apt-get install tesseract-ocr-{missing[0]})")


@functools.cache
def require_tesseract() -> str:
    """Check that Tesseract and its Ukrainian data are there; return Tesseract's version."""
    tessdata()
    return str(tesserocr.tesseract_version()).split()[1]


@dataclass
class Engine:
    """A Tesseract engine with its model loaded, and the settings its last reading left it with."""

    api: Any
    psm: int | None = None
    whitelist: str | None = None

    def configure(self, psm: int, whitelist: str) -> None:
        """Set the page segmentation mode and the whitelist, each only when it differs from the last reading's."""
        if psm != self.psm:
            self.api.SetPageSegMode(psm)
            self.psm = psm
        if whitelist != self.whitelist:
            self.api.SetVariable("tessedit_char_whitelist", whitelist)
            self.whitelist = whitelist


@contextmanager
def engine(language: str) -> Iterator[Engine]:
    """An idle Tesseract engine for ``language`` (one made when none is idle), the calling thread's until it is done."""
    with _pool_lock:
        idle = _idle_engines.setdefault(language, [])
        taken = idle.pop() if idle else None
    if taken is None:
        taken = Engine(tesserocr.PyTessBaseAPI(path=tessdata(), lang=language, oem=tesserocr.OEM.LSTM_ONLY))
    try:
        yield taken
    finally:
        with _pool_lock:
            _idle_engines[language].append(taken)


def ocr_words(image: np.ndarray, psm: int, whitelist: str | None = None, language: str = LANGUAGES) -> list[Word]:
    """Tesseract's words on ``image`` (dark text on white, 8 bits a pixel) with their confidences and boxes, in
    reading order.

    ``whitelist`` restricts the characters Tesseract may answer with (the
    numeric pass: digits, the decimal comma, ``р.`` and dashes).
    """
    pixels = np.ascontiguousarray(image, dtype=np.uint8)
    height, width = pixels.shape
    with engine(language) as reader:
        reader.configure(psm, whitelist or "")
        api = reader.api
        api.SetImageBytes(pixels.tobytes(), width, height, 1, width)
        api.SetSourceResolution(RESOLUTION)
        try:
            api.Recognize()
            return words_of(api.GetIterator())
        finally:
            api.Clear()


def words_of(iterator: Any) -> list[Word]:
    """The words a recognised image holds, in reading order."""
    words: list[Word] = []
    if iterator is None:
        return words
    level = tesserocr.RIL.WORD
    for item in tesserocr.iterate_level(iterator, level):
        try:
            text = item.GetUTF8Text(level).strip()
        except RuntimeError:  # a word box with no text in it
            continue
        box = item.BoundingBox(level)
        confidence = float(item.Confidence(level))
        if text and box is not None and confidence >= 0:
            words.append(Word(text, round(confidence, 2), tuple(int(value) for value in box)))  # type: ignore[arg-type]
    return words


def ocr_each(images: list[np.ndarray], psm: int, whitelist: str | None = None, language: str = LANGUAGES) -> list[list[Word]]:
    """Tesseract's words on each image read on its own (layout, line finding and all)."""
    return [ocr_words(image, psm, whitelist, language) for image in images]


def ocr_line(image: np.ndarray, whitelist: str, language: str = "eng") -> str:
    """One line of text (``--psm 7``) read with only the characters of ``whitelist``."""
    return " ".join(word.text for word in ocr_words(image, psm=7, whitelist=whitelist, language=language))


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Group words into lines by their vertical centres, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        centre = (word.box[1] + word.box[3]) / 2
        height = word.box[3] - word.box[1]
        if lines:
            last = lines[-1]
            last_centre = sum((w.box[1] + w.box[3]) / 2 for w in last) / len(last)
            last_height = max(w.box[3] - w.box[1] for w in last)
            # a dash or a dot is as short as a few pixels: the taller of the two says what one line is
            if abs(centre - last_centre) < max(height, last_height, 10) * 0.6:
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]

"""Tesseract: the tool check, and words with their confidences and boxes from one image."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ...errors import MissingToolError

try:  # a missing wheel is a MissingToolError when OCR is first needed, not an ImportError on import
    import cv2
    import pytesseract
except ImportError as error:  # pragma: no cover - both are declared dependencies
    cv2 = None  # type: ignore[assignment]
    pytesseract = None  # type: ignore[assignment]
    IMPORT_ERROR: ImportError | None = error
else:
    IMPORT_ERROR = None

LANGUAGES = "ukr"


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0-100
    box: tuple[int, int, int, int]  # x0, top, x1, bottom in the pixels of the image read


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


def ocr_words(image: np.ndarray, psm: int, whitelist: str | None = None, language: str = LANGUAGES) -> list[Word]:
    """Tesseract's words on ``image`` (dark text on white) with their confidences and boxes, in reading order.

    ``whitelist`` restricts the characters Tesseract may answer with (the
    numeric pass: digits, the decimal comma, ``р.`` and dashes).
    """
    config = f"--psm {psm}"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    data = pytesseract.image_to_data(Image.fromarray(image), lang=language, config=config, output_type=pytesseract.Output.DICT)
    return [word for _, word in words_of(data)]


def words_of(data: dict[str, list]) -> list[tuple[int, Word]]:
    """The words of Tesseract's ``image_to_data`` table, each with its page number (1-based), in reading order."""
    words = []
    for index, text in enumerate(data["text"]):
        text = text.strip()
        confidence = float(data["conf"][index])
        if not text or confidence < 0:
            continue
        left, top = data["left"][index], data["top"][index]
        box = (left, top, left + data["width"][index], top + data["height"][index])
        words.append((int(data["page_num"][index]), Word(text, confidence, box)))
    return words


def ocr_each(images: list[np.ndarray], psm: int, whitelist: str | None = None, language: str = LANGUAGES) -> list[list[Word]]:
    """Tesseract's words on each image read on its own (layout, line finding and all), in one Tesseract run.

    The images go to Tesseract as the pages of one TIFF, so each is read as
    independently as if alone, without a process for each.
    """
    if not images:
        return []
    config = f"--psm {psm}" + (f" -c tessedit_char_whitelist={whitelist}" if whitelist else "")
    with tempfile.TemporaryDirectory(prefix="extractor-ocr-") as folder:
        path = os.path.join(folder, "pages.tif")
        first, *rest = (Image.fromarray(image) for image in images)
        first.save(path, save_all=True, append_images=rest, compression="tiff_deflate")
        data = pytesseract.image_to_data(path, lang=language, config=config, output_type=pytesseract.Output.DICT)
    found: list[list[Word]] = [[] for _ in images]
    for page, word in words_of(data):
        found[page - 1].append(word)
    return found


def ocr_line(image: np.ndarray, whitelist: str, language: str = "eng") -> str:
    """One line of text (``--psm 7``) read with only the characters of ``whitelist``."""
    config = f"--psm 7 -c tessedit_char_whitelist={whitelist}"
    return str(pytesseract.image_to_string(Image.fromarray(image), lang=language, config=config)).strip()


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

"""Scans kept as image files, the form many archives hold them in: TIFF (one page a frame), JPEG and PNG (a page a file).

Each page is read by OCR (``parsers/ocr``) as a scanned PDF's page is:

* the format is told by the bytes (``II*\\0`` / ``MM\\0*``, ``\\xff\\xd8\\xff``, ``\\x89PNG``), and only these
  three are opened (Pillow's other decoders are never reached from here);
* every frame's declared size is checked before it is decoded: more than
  ``Image.MAX_IMAGE_PIXELS`` (Pillow's limit, about 89 megapixels: an A3 sheet
  at 600 dpi is 70) is a ``HostileFileError`` (a decompression bomb declares a
  page of gigapixels in a few bytes), and so are more than ``MAX_PAGES`` frames;
* the resolution is the file's own (the TIFF or PNG resolution tag, JPEG's
  JFIF density) when it makes the page a sheet of paper (A5 to A3); a missing
  tag, or one that makes an A4 scan a metre long (72 dpi written by default),
  gives way to the page's size in pixels taken as an A4 sheet; a fax's
  oblong pixels (204 × 98 dpi) are made square first;
* a page whose file says how to show it (the TIFF or Exif orientation tag: a
  phone's photo of a page) is turned or mirrored so; a page stored upside down
  or sideways with no such tag is turned by OCR's orientation step;
* a colour scan becomes grey so that a blue or red stamp, a signature in
  coloured ink and a highlighter fade where the print is black
  (``scanner_gray``); a bilevel page (CCITT G4) is read as black on white.

The pages are decoded and read a few at a time (``ocr.workers()`` threads, two
pages each in flight), in page order, so a long TIFF is never all in memory.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np
from PIL import Image, UnidentifiedImageError

from ..errors import DamagedFileError, HostileFileError
from ..model import ParsedDocument

T = TypeVar("T")
PAGES_IN_FLIGHT = 2  # pages decoded per OCR thread at a time
FORMATS = ("TIFF", "JPEG", "PNG")  # what Pillow may open an image file as
MAX_PAGES = 2000  # frames of one TIFF: a decision's scan has tens
A4_LONG_INCHES = 842 / 72  # 11.69 in
SHEET_INCHES = (7.5, 18.0)  # a sheet's longer side: A5 (8.3 in) to A3 (16.5 in), with a scanner's margin
# A coloured mark (a stamp, a signature, a highlighter) has channels this far apart at least (0-255).
COLOURED = 60
PRINT_DARKER = 170  # a pixel this dark (luminance) is ink of some colour
PAPER_PERCENTILE = 90  # of each channel over the page: the paper's colour (most of a page is paper)
CHROMA_WEIGHT = 1  # how much lighter a pixel gets per level its channels stand apart (2 lost a rule under a stamp)


ORIENTATION_TAG = 274  # TIFF and Exif: how the stored pixels are to be turned or mirrored for display
EXIF_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def image_format(head: bytes) -> str | None:
    """``tiff``, ``jpeg`` or ``png`` by the file's first bytes, or None."""
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def open_image(data: bytes) -> Image.Image:
    """The image file opened (nothing decoded yet), a bomb or damage told in one line."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise HostileFileError(f"image declares more pixels than a scanned page has ({error})") from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise DamagedFileError(f"damaged image file ({error})") from error


def check_size(image: Image.Image, page: int) -> None:
    width, height = image.size
    limit = Image.MAX_IMAGE_PIXELS
    if width <= 0 or height <= 0:
        raise DamagedFileError(f"damaged image file (page {page} is {width} × {height} pixels)")
    if limit is not None and width * height > limit:
        raise HostileFileError(
            f"image page {page} declares {width} × {height} pixels, more than a scanned page has (limit {limit})"
        )


def resolution(image: Image.Image) -> tuple[float, float, str]:
    """The page's horizontal and vertical dpi, and where they come from (the file's tag, or A4)."""
    tag = image.info.get("dpi")
    try:
        x_dpi, y_dpi = (float(tag[0]), float(tag[1])) if tag else (0.0, 0.0)
    except (TypeError, ValueError, IndexError):
        x_dpi = y_dpi = 0.0
    if x_dpi > 1 and y_dpi > 1:
        width, height = image.size[0] / x_dpi, image.size[1] / y_dpi
        if SHEET_INCHES[0] <= max(width, height) <= SHEET_INCHES[1]:
            return x_dpi, y_dpi, f"{x_dpi:.0f} dpi" if round(x_dpi) == round(y_dpi) else f"{x_dpi:.0f} × {y_dpi:.0f} dpi"
    dpi = max(image.size) / A4_LONG_INCHES
    said = f", the file's {x_dpi:.0f} dpi ignored" if x_dpi > 1 else ""
    return dpi, dpi, f"{dpi:.0f} dpi as an A4 sheet{said}"


def scanner_gray(image: Image.Image) -> Image.Image:
    """A scanned page as grey, paper light and print dark; coloured marks on black print fade.

    The paper's colour is divided out (a yellowed sheet becomes white). Then,
    in a colour scan whose ink is mostly neutral (black or grey print), each
    pixel takes its lightest channel lightened by how far its channels stand
    apart: a blue stamp's stroke (75, 92, 149) becomes 223, the thin ring JPEG's
    halved colour resolution left greyish (127, 139, 189) 251, near the paper,
    while black print, under a stamp too (8, 10, 16), stays dark (24). Where the print itself is coloured (a
    violet typewriter ribbon, a page in blue ink), the usual luminance is kept.
    """
    if image.mode in ("1", "L"):
        return image.convert("L")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        values = np.asarray(image, dtype=np.float64)
        top = float(values.max()) or 1.0
        return Image.fromarray(np.clip(values * 255 / top, 0, 255).astype(np.uint8))
    if image.mode in ("LA", "PA", "RGBA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    import cv2  # opencv-python-headless, as OCR: per-pixel work on three channels, saturating

    rgb = np.asarray(image.convert("RGB"))
    sample = rgb[::7, ::7].reshape(-1, 3).astype(np.int16)
    if int((sample.max(axis=1) - sample.min(axis=1)).max(initial=0)) < COLOURED // 2:  # a grey page in colour
        return image.convert("L")
    # the paper's own colour (a yellowed sheet) divided out first, so that only marks are coloured
    paper = np.maximum(np.percentile(sample, PAPER_PERCENTILE, axis=0), 1.0)
    balanced = cv2.transform(rgb, np.diag(255 / paper).astype(np.float32))
    red, green, blue = cv2.split(balanced)
    lightest = cv2.max(cv2.max(red, green), blue)
    chroma = cv2.subtract(lightest, cv2.min(cv2.min(red, green), blue))
    luminance = cv2.cvtColor(balanced, cv2.COLOR_RGB2GRAY)
    ink = luminance < PRINT_DARKER
    if np.count_nonzero(ink & (chroma >= COLOURED)) * 2 >= np.count_nonzero(ink):  # the print itself is coloured
        return Image.fromarray(luminance)
    return Image.fromarray(cv2.addWeighted(lightest, 1.0, chroma, float(CHROMA_WEIGHT), 0.0))


def square_pixels(image: Image.Image, x_dpi: float, y_dpi: float) -> Image.Image:
    """A page of oblong pixels (a fax: 204 × 98 dpi) stretched to square ones at ``x_dpi``."""
    if abs(x_dpi - y_dpi) / x_dpi < 0.02:
        return image
    return image.resize((image.width, max(1, round(image.height * x_dpi / y_dpi))), Image.Resampling.BICUBIC)


def pages(data: bytes) -> Iterator[tuple[Image.Image, float, str]]:
    """Each page of an image file as grey, with its dpi and where the dpi comes from."""
    image = open_image(data)
    count = getattr(image, "n_frames", 1)
    if count > MAX_PAGES:
        raise HostileFileError(f"image file declares {count} pages (limit {MAX_PAGES})")
    for index in range(count):
        try:
            image.seek(index)
            check_size(image, index + 1)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.load()
            x_dpi, y_dpi, said = resolution(image)
            page = square_pixels(scanner_gray(image), x_dpi, y_dpi)
            if image.mode == "1":  # a bilevel scan's stepped edges softened, as a bilevel PDF page's (ocr/render.py)
                from .ocr.image import softened_bilevel

                page = Image.fromarray(softened_bilevel(np.asarray(page), x_dpi))
            turn = image.getexif().get(ORIENTATION_TAG, 1)
            if turn in EXIF_TURNS:  # a camera's or scanner's "show me turned" (a phone's photo of a page)
                page = page.transpose(EXIF_TURNS[turn])
        except (HostileFileError, DamagedFileError):
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise HostileFileError(f"image page {index + 1} declares more pixels than a scanned page has") from error
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise DamagedFileError(f"damaged image file (page {index + 1}: {error})") from error
        yield page, x_dpi, said


def parse(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Read a scan kept as an image file (TIFF, JPEG, PNG) by OCR, page by page."""
    from . import ocr

    ocr.require_tesseract()
    kind = (image_format(data[:8]) or "image").upper()
    ocr_pages = read_pages((page, dpi, f"{kind} image at {said}") for page, dpi, said in pages(data))
    plural = "s" if len(ocr_pages) != 1 else ""
    note = f"{kind} scan ({len(ocr_pages)} page{plural}): every page read by OCR"
    return ocr.document_from_pages(ocr_pages, file_name, sha256, notes=(note,))


def read_pages(decoded: Iterable[tuple[Image.Image, float, str]]) -> list[Any]:
    """Decoded pages (grey image, dpi, what the page is) read by OCR, numbered 1, 2, … in their order.

    They are decoded (``decoded`` is drawn on) and read a few at a time, so a long scan is never all in memory;
    ``parsers/pages.py`` hands the pages of several files here as one run.
    """
    from . import ocr

    ocr_pages: list[Any] = []
    batch = ocr.workers() * PAGES_IN_FLIGHT  # pages decoded at a time
    with ThreadPoolExecutor(max_workers=ocr.workers()) as pool:
        for chunk in batched(enumerate(decoded, 1), batch):
            read = pool.map(lambda item: (ocr.read_page(item[1][0], item[0], item[1][1]), item[1][2]), chunk)
            for page, label in read:
                page.text_layer = label
                ocr_pages.append(page)
    return ocr_pages


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

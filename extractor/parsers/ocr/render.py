"""PDF pages as images for OCR (pdfium), with the verdict on each page's own text layer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from PIL import Image

from ...errors import DamagedFileError, EncryptedFileError
from ..image import scanner_gray
from ..textlayer import TextLayerVerdict, assess_text_layer
from .image import WORKING_DPI, softened_bilevel, to_working_resolution
from .page import DPI, POINTS_PER_INCH

# A sheet of paper is A5 to A3: its longer side 595 to 1191 points. A page outside that range was written by a
# scanner with a made-up resolution (72 dpi is common), so its size says nothing: it is taken for A4.
SHEET_SIDES = (540.0, 1300.0)
A4_LONG_SIDE = 842.0
MIN_IMAGE_DPI = 50.0  # an image drawn larger than this says nothing of a scan's resolution: pdfium scales it


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


def render_scale(width: float, height: float, dpi: float = DPI) -> float:
    """Pixels per PDF point that render a page of ``width`` x ``height`` points as a sheet at ``dpi``."""
    long_side = max(width, height)
    if SHEET_SIDES[0] <= long_side <= SHEET_SIDES[1]:
        return dpi / POINTS_PER_INCH
    return dpi / POINTS_PER_INCH * A4_LONG_SIDE / long_side


def page_image(page: Any, dpi: int = DPI) -> Image.Image:
    """One pdfium page as a grayscale image at ``dpi`` (a page of no paper size as an A4 sheet).

    A page of bilevel images (1 bit a pixel: CCITT, JBIG2) of one resolution is rendered at that resolution,
    softened and scaled to ``dpi`` as a bilevel image file's page is (``softened_bilevel``, then
    ``to_working_resolution``): pdfium's own scaling of a bilevel image thickens its strokes, and Tesseract then
    misreads small print (``№ п/п``).
    """
    width, height = page.get_size()
    native = bilevel_resolution(page)
    if native is None:
        # in colour, so that a colour scan's blue stamp fades where its print is black (parsers/image.py: scanner_gray)
        return scanner_gray(page.render(scale=render_scale(width, height, dpi)).to_pil())
    gray = softened_bilevel(np.asarray(scanner_gray(page.render(scale=render_scale(width, height, native)).to_pil())), native)
    return Image.fromarray(to_working_resolution(gray, native * WORKING_DPI / dpi))


def bilevel_resolution(page: Any) -> float | None:
    """The resolution of the page's images when every one is bilevel and all are of one resolution (else None)."""
    import pypdfium2.raw as raw

    found = [image.get_metadata() for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,))]
    if not found or any(image.bits_per_pixel != 1 for image in found):
        return None
    resolutions = [image.horizontal_dpi for image in found] + [image.vertical_dpi for image in found]
    low, high = min(resolutions), max(resolutions)
    if low < MIN_IMAGE_DPI or high > low * 1.02:
        return None
    return high


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


def render_pages(data: bytes, dpi: int = DPI) -> Iterator[Image.Image]:
    """Each page of a PDF as a grayscale image at ``dpi``, one at a time."""
    for image, _ in rendered_pages(data, dpi):
        yield image

"""Scanned pages: OCR that keeps the table's structure, in small steps (the way pdfplumber's ``table.py`` goes).

=================  ==========================================================================
module             step
=================  ==========================================================================
``render``         PDF pages as images at the working resolution, and each page's text-layer verdict
``orientation``    a page scanned upside down or sideways turned upright (Tesseract's OSD)
``image``          the image made fit to read: resolution, paper flattened, print told from stamps
                   and dust, page turned level
``rules``          the ruling grid: lines (broken, faint, doubled), merged cells, gutters of a
                   table ruled only across
``lineless``       a table drawn with no lines: columns from the white space, rows from the
                   taller gaps, a header cell over several columns as a merged cell
``cells``          cells cut out and read by Tesseract, each on its own
``numbers``        amount cells read again with digits only, the two readings reconciled
``fixes``          OCR's misreadings the context settles (``Хе1911``, ``МП скликання``, ``1 2 З``)
``paragraphs``     the text above and below the table
``page``           one page through the chain: ``read_page`` → ``OcrPage``
``assemble``       pages into one ``ParsedDocument``; unsure cells as warnings
``tesseract``      the tool check and Tesseract's words
=================  ==========================================================================

Rows from several pages form one table; the normaliser joins the rows a page
break cut, as it does for text PDFs. ``parsers/pdf.py`` uses ``read_page``,
``page_image``, ``open_rendering``, ``page_note``, ``workers``,
``is_low_confidence`` and ``low_confidence_warning`` for the pages of a text
PDF that need OCR, and hands a PDF with no usable text layer to ``parse``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from ...model import ParsedDocument
from ..textlayer import TextLayerVerdict
from .assemble import document_from_pages, is_low_confidence, low_confidence_warning, page_note
from .cells import CellText, read_crops
from .fixes import fix_column_numbers, fix_ocr_text, roman_by_shape
from .image import binarise, rotate, skew_angle
from .page import DPI, OcrPage, read_page
from .render import open_rendering, page_image, render_pages, rendered_pages
from .rules import find_grid, ruling_lines
from .tesseract import LANGUAGES, require_tesseract, tessdata


def workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def read_pages(images: Iterable[tuple[int, Image.Image]], threads: int | None = None) -> list[OcrPage]:
    """OCR page images (numbered), a few at a time (``threads``, ``workers()`` by default): Tesseract runs without the GIL."""
    require_tesseract()
    with ThreadPoolExecutor(max_workers=threads or workers()) as pool:
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
    "DPI",
    "LANGUAGES",
    "CellText",
    "OcrPage",
    "binarise",
    "document_from_pages",
    "find_grid",
    "fix_column_numbers",
    "fix_ocr_text",
    "is_low_confidence",
    "low_confidence_warning",
    "open_rendering",
    "page_image",
    "page_note",
    "parse",
    "read_crops",
    "read_page",
    "read_pages",
    "render_pages",
    "require_tesseract",
    "roman_by_shape",
    "rotate",
    "ruling_lines",
    "skew_angle",
    "tessdata",
    "workers",
]

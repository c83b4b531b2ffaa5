"""The whole PDF: pages read one at a time by a backend, pages without a usable text layer OCR'd, tables assembled."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pypdfium2 as pdfium

from ...errors import DamagedFileError, NoProgrammeTableError
from ...model import ExtractionWarning, ParsedDocument, SourceTable, Where
from .assemble import TableAssembler, source_tables
from .model import PageContent, PageObjects, TableFragment
from .page import ocr_page_content, read_page
from .pdfium import CannotSay, PdfiumPages
from .plumber import PlumberPages
from .structure import Structure, short_reason

BACKENDS = ("pdfium", "pdfplumber")
# Names the page backend when ``parse`` is given none: pdfplumber reads every page as the parser did before pdfium.
BACKEND_VARIABLE = "EXTRACTOR_PDF_BACKEND"


class PageReader:
    """Each page's objects, read by pdfium, or by pdfplumber where pdfium cannot say (the reason noted)."""

    def __init__(self, data: bytes, structure: Structure, backend: str = "pdfium") -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown PDF backend {backend!r} (one of {', '.join(BACKENDS)})")
        self.structure = structure
        self.plumber = PlumberPages(data)
        self.fast: Any = None
        self.note: str | None = None  # why pdfplumber read the whole file, when it did
        if backend == "pdfium":
            self.fast, self.note = open_fast(data, structure)

    def read(self, index: int) -> PageObjects:
        number = index + 1
        note = None
        if self.fast is not None:
            try:
                return self.fast.read(index)
            except CannotSay as reason:
                note = f"page {number}: {reason}; its text layer read by pdfplumber"
            except Exception as error:  # noqa: BLE001 - pdfium failing on a damaged page: pdfplumber may still read it
                note = f"page {number}: pdfium failed ({short_reason(error)}); its text layer read by pdfplumber"
        try:
            return self.plumber.read(index, note)
        except Exception as error:  # noqa: BLE001 - pdfminer raises anything on a damaged content stream
            raise DamagedFileError(f"damaged PDF: page {number} cannot be read ({short_reason(error)})") from error

    def close(self) -> None:
        if self.fast is not None:
            self.fast.close()
        self.plumber.close()


def open_fast(data: bytes, structure: Structure) -> tuple[Any, str | None]:
    """pdfium's reading of the file, or None and why pdfplumber reads it all (pdfium cannot open or had to repair it)."""
    try:
        fast = PdfiumPages(data, structure)
    except pdfium.PdfiumError as error:
        return None, f"pdfium cannot open the file ({short_reason(error)}); read by pdfplumber"
    if not pdfium.raw.FPDF_DocumentHasValidCrossReferenceTable(fast.document.raw):
        fast.close()
        return None, "the cross-reference table is damaged (pdfium and pdfminer may mend it differently); read by pdfplumber"
    pages = len(fast)
    if pages != len(structure):
        fast.close()
        return None, f"pdfium counts {pages} pages, pdfminer {len(structure)}; read by pdfplumber"
    return fast, None


def read_pages(reader: PageReader) -> Iterator[PageContent]:
    """Each page read and released before the next is parsed."""
    for index in range(len(reader.structure)):
        yield read_page(reader.read(index))


class PageOcr:
    """OCR for the pages of one PDF whose text layer is unusable: rendered here, read in a pool of threads.

    OpenCV, Tesseract and the pool start with the first page to OCR, so a text
    PDF never loads them.
    """

    def __init__(self, data: bytes) -> None:
        from .. import ocr

        ocr.require_tesseract()
        self.ocr = ocr
        self.workers = ocr.workers()
        self.rendering = ocr.open_rendering(data)
        self.pool = ThreadPoolExecutor(max_workers=self.workers)

    def submit(self, content: PageContent) -> Future[PageContent]:
        try:
            page = self.rendering[content.number - 1]
            try:
                image = self.ocr.page_image(page)  # pdfium is not thread-safe: pages are rendered here, one at a time
            finally:
                page.close()
        except pdfium.PdfiumError as error:
            raise DamagedFileError(
                f"damaged PDF: page {content.number} cannot be rendered for OCR ({short_reason(error)})"
            ) from error
        return self.pool.submit(self.read, content, image)

    def read(self, content: PageContent, image: Any) -> PageContent:
        page = self.ocr.read_page(image, content.number)
        page.text_layer = content.text_layer.describe() if content.text_layer else None
        return ocr_page_content(page, content)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.rendering.close()


def page_contents(reader: PageReader, data: bytes) -> Iterator[PageContent]:
    """Every page's content in page order: its text layer read, or its image OCR'd when that is unusable.

    Text pages are read as they come; a page to OCR is read in the background
    while the pages after it wait their turn (at most as many OCR'd pages at
    once as there are workers). Until a page with a usable text layer shows
    up, the pages are held back unread: when none does, the PDF is a scan and
    its pages come out as their text layers gave them, for ``ocr.parse`` to
    read whole.
    """
    pending: deque[PageContent | Future[PageContent]] = deque()
    ocr: PageOcr | None = None
    text_seen = False

    def in_flight() -> int:
        return sum(isinstance(item, Future) for item in pending)

    try:
        for content in read_pages(reader):
            pending.append(content)
            text_seen = text_seen or content.text_layer is None or content.text_layer.usable
            if not text_seen:
                continue
            for index, item in enumerate(pending):
                if isinstance(item, PageContent) and item.needs_ocr:
                    ocr = ocr or PageOcr(data)
                    pending[index] = ocr.submit(item)
            while pending and (isinstance(pending[0], PageContent) or in_flight() > (ocr.workers if ocr else 0)):
                head = pending.popleft()
                yield head if isinstance(head, PageContent) else head.result()
        while pending:
            head = pending.popleft()
            yield head if isinstance(head, PageContent) else head.result()
    finally:
        if ocr is not None:
            ocr.close()


def ocr_warnings(tables: tuple[SourceTable, ...]) -> list[ExtractionWarning]:
    """An ``ocr_low_confidence`` warning for each OCR'd cell Tesseract is unsure of, naming page, row and column."""
    from .. import ocr

    warnings = []
    for table in tables:
        header = [" ".join(cell.text.split())[:40] for cell in table.rows[0].cells] if table.rows else []
        for row in table.rows:
            for column, cell in enumerate(row.cells):
                for location in cell.locations:
                    if location.confidence is not None and ocr.is_low_confidence(cell.lines, location.confidence):
                        name = header[column] if column < len(header) and header[column] else f"column {column + 1}"
                        where = Where(page=location.page, table=table.index, row=location.row, column=name)
                        warnings.append(ocr.low_confidence_warning(cell.lines, location.confidence, where))
    return warnings


def parse(data: bytes, file_name: str, sha256: str, backend: str | None = None) -> ParsedDocument:
    """Parse a PDF into the paragraphs around its tables and the tables; pages without a usable text layer by OCR.

    ``backend`` reads the pages: "pdfium" (fast; a page it cannot read as
    pdfminer would goes to pdfplumber, and the notes say so) or "pdfplumber";
    None takes ``$EXTRACTOR_PDF_BACKEND``, or else "pdfium".
    """
    backend = backend or os.environ.get(BACKEND_VARIABLE) or "pdfium"
    structure = Structure(data)
    reader = PageReader(data, structure, backend)
    before: list[str] = []
    after: list[str] = []
    assembler = TableAssembler()
    page_count = characters = images = usable = ocr_read = 0
    notes: list[str] = [reader.note] if reader.note else []
    try:
        for content in page_contents(reader, data):
            page_count += 1
            characters += content.characters
            images += content.images
            usable += content.text_layer is None or content.text_layer.usable
            if content.note:
                notes.append(content.note)
                ocr_read += 1
            elif content.backend_note:
                notes.append(content.backend_note)
            first_on_page = True
            text_below = False
            for block in content.blocks:
                if isinstance(block, TableFragment):
                    assembler.add(block, content.number, first_on_page)
                    after.clear()  # paragraphs between tables belong to no header or signature
                    first_on_page = False
                    text_below = False
                elif block.strip().isdigit():
                    continue  # a page number
                else:
                    (after if assembler.tables else before).append(block)
                    text_below = text_below or not first_on_page
            assembler.end_of_page(text_below)
    finally:
        reader.close()

    if page_count == 0:
        raise DamagedFileError("damaged PDF: no readable pages")
    if characters == 0 and images == 0:
        raise DamagedFileError(f"damaged or blank PDF: its {page_count} page(s) hold neither text nor images")
    if usable == 0:
        # A scan, or a text layer of unmapped glyphs or mojibake on every page: read the page images.
        from .. import ocr  # OpenCV and Tesseract load only for scans

        try:
            return ocr.parse(data, file_name, sha256)
        except pdfium.PdfiumError as error:
            raise DamagedFileError(f"damaged PDF: its pages cannot be rendered for OCR ({short_reason(error)})") from error
    if not assembler.tables:
        raise NoProgrammeTableError("no table found in the PDF")
    tables = source_tables(assembler.tables)
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="pdf",
        before=tuple(before),
        after=tuple(after),
        tables=tables,
        pages=page_count,
        notes=tuple(notes),
        warnings=tuple(ocr_warnings(tables)) if ocr_read else (),
    )

"""Text PDFs with some pages to OCR: a scanned page and a page of unmapped glyphs among text pages.

The mixed PDF is built here from ``data/pdf/decision-1911-11pt.pdf`` (the
№1911 sample as LibreOffice printed it at 11 pt, kept fixed so that the page
breaks this test names stay where they are): page 2 is
replaced by an image of itself (rendered at 200 dpi, no text layer) and page 3
loses its fonts' ``/ToUnicode`` maps, so its text layer reads ``(cid:NN)``
while the page still looks right, as producers without Unicode maps leave it.
Rows cut by the page breaks 1→2 (text → scan), 2→3 (scan → unmapped) and
3→4 (unmapped → text) must be joined as in the DOCX.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from extractor import validate
from extractor.export import json as json_export
from extractor.load import document_from_dict
from extractor.model import Document, Location, ParsedDocument, SourceCell, SourceRow
from extractor.normalise import build_document
from extractor.normalise.columns import ColumnMap
from extractor.normalise.measures import merge_confidence, provenance
from extractor.normalise.rows import LogicalRow
from extractor.parsers import parse_file, pdf
from extractor.parsers.ocr import CellText, OcrPage
from extractor.parsers.textlayer import assess_text_layer

from .conftest import DATA, records

SCAN_DPI = 200


def page_as_image(data: bytes, index: int) -> PdfReader:
    """Page ``index`` of a PDF as a one-page PDF holding only its image at ``SCAN_DPI``."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        image = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=SCAN_DPI)
    return PdfReader(io.BytesIO(out.getvalue()))


def drop_unicode_maps(writer: PdfWriter, index: int) -> None:
    """Give page ``index`` copies of its fonts without ``/ToUnicode``: same glyphs, unmapped text."""
    page = writer.pages[index]
    resources = DictionaryObject(page["/Resources"].get_object())
    fonts = DictionaryObject()
    for name, font in resources["/Font"].get_object().items():
        fonts[NameObject(name)] = DictionaryObject({k: v for k, v in font.get_object().items() if k != "/ToUnicode"})
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources


def mixed_pdf() -> bytes:
    data = (DATA / "pdf" / "decision-1911-11pt.pdf").read_bytes()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.insert_page(page_as_image(data, 1).pages[0], 1)
    writer.remove_page(2)
    drop_unicode_maps(writer, 2)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def mixed_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mixed") / "decision-1911-mixed.pdf"
    path.write_bytes(mixed_pdf())
    return path


@pytest.fixture(scope="module")
def parsed(mixed_path: Path) -> ParsedDocument:
    return parse_file(mixed_path)


@pytest.fixture(scope="module")
def mixed(parsed: ParsedDocument) -> Document:
    return build_document(parsed)




def test_the_built_pages_are_judged_as_meant(mixed_path: Path) -> None:
    with pdfplumber.open(mixed_path) as document:
        reasons = [assess_text_layer(page.extract_text() or "").reason for page in document.pages]
    assert reasons == ["usable", "no text", "unmapped glyphs", "usable", "usable"]


def test_notes_name_the_ocr_pages_and_why(parsed: ParsedDocument) -> None:
    assert len(parsed.notes) == 2
    assert parsed.notes[0].startswith("page 2: text layer no text; OCR (Tesseract, ukr), straightened by ")
    assert parsed.notes[1].startswith("page 3: text layer unmapped glyphs (")
    assert "; OCR (Tesseract, ukr)" in parsed.notes[1]


def test_mixed_pdf_reads_the_funding_records_exactly(mixed: Document, reference: Document) -> None:
    expected = records(reference)
    assert len(expected) == 57
    assert len(records(mixed) & expected) >= 55, sorted(expected ^ records(mixed))


def test_mixed_pdf_finds_every_measure_and_the_metadata(mixed: Document, reference: Document) -> None:
    assert [m.id for m in mixed.measures] == [m.id for m in reference.measures]
    assert [m.funding_status for m in mixed.measures] == [m.funding_status for m in reference.measures]
    assert [s.number for s in mixed.sections] == [s.number for s in reference.sections]
    assert mixed.decision == reference.decision
    assert mixed.programme == reference.programme
    assert mixed.signatory == reference.signatory


def test_one_table_across_text_and_ocr_pages(parsed: ParsedDocument) -> None:
    (table,) = parsed.tables
    assert {row.location.page for row in table.rows} == {1, 2, 3, 4, 5}
    assert sum(row.break_before for row in table.rows) == 4


@pytest.mark.parametrize(
    ("measure_id", "pages"),
    [
        ("1.4", (1, 2)),  # text page → scanned page
        ("2.1", (2, 3)),  # scanned page → page of unmapped glyphs (both OCR'd)
        ("3.2", (3, 4)),  # OCR'd page → text page
    ],
)
def test_rows_cut_at_an_ocr_page_boundary_are_joined(
    mixed: Document, reference: Document, measure_id: str, pages: tuple[int, ...]
) -> None:
    measure = next(m for m in mixed.measures if m.id == measure_id)
    expected = next(m for m in reference.measures if m.id == measure_id)
    assert measure.provenance.pages == pages
    assert (measure.text, measure.executors, measure.result) == (expected.text, expected.executors, expected.result)
    assert measure.funding == expected.funding


def test_section_cell_carried_over_an_ocr_page_break(mixed: Document, reference: Document) -> None:
    # Section 2's title starts on page 2 (scanned) and ends on page 3 (unmapped glyphs).
    assert mixed.sections[1] == reference.sections[1]


def test_ocr_cells_carry_page_bbox_and_confidence(parsed: ParsedDocument) -> None:
    (table,) = parsed.tables
    located = [loc for row in table.rows for cell in row.cells if not cell.is_empty for loc in cell.locations]
    ocr_cells = [loc for loc in located if loc.page in (2, 3)]
    text_cells = [loc for loc in located if loc.page not in (2, 3)]
    assert ocr_cells and all(loc.confidence is not None and 0 <= loc.confidence <= 100 for loc in ocr_cells)
    assert text_cells and all(loc.confidence is None for loc in text_cells)
    for location in ocr_cells:
        assert location.bbox is not None
        x0, top, x1, bottom = location.bbox
        assert 60 <= x0 < x1 <= 780 and 0 <= top < bottom <= 596  # the table's span on the page, in PDF points


def test_unsure_ocr_cells_are_warned_about(mixed: Document) -> None:
    unsure = [w for w in mixed.warnings if w.code == "ocr_low_confidence"]
    assert unsure
    for warning in unsure:
        assert warning.where.page in (2, 3) and warning.where.row and warning.where.column
        assert warning.message.startswith(f"page {warning.where.page}, row {warning.where.row}, {warning.where.column}: ")


# --- Confidence in the output ---------------------------------------------------------------


def test_measures_read_by_ocr_carry_their_fields_lowest_confidence(mixed: Document, parsed: ParsedDocument) -> None:
    by_id = {measure.id: measure for measure in mixed.measures}
    assert by_id["1.1"].provenance.confidence == ()  # page 1: text layer
    assert by_id["4.3"].provenance.confidence == ()  # page 5: text layer
    (table,) = parsed.tables
    for measure_id in ("1.6", "2.2", "3.1"):  # wholly on OCR'd pages, with amounts
        measure = by_id[measure_id]
        confidence = dict(measure.provenance.confidence)
        assert list(confidence) == ["text", "term", "executors", "sources", "funding", "result"]
        (row,) = [row for row in table.rows if row.location.row == measure.provenance.rows[0]]
        funding_cell = next(cell for cell in row.cells if any("р.-" in line for line in cell.lines))
        assert confidence["funding"] == min(loc.confidence for loc in funding_cell.locations if loc.confidence is not None)
    # A measure cut at a text → scan page break: only the OCR'd part has a confidence.
    assert "text" not in dict(by_id["1.4"].provenance.confidence)
    assert "result" in dict(by_id["1.4"].provenance.confidence)


def test_confidence_goes_to_json_and_back(mixed: Document) -> None:
    data = json_export.document_dict(mixed)
    assert validate.errors(data) == []
    provenances = {measure["id"]: measure["provenance"] for measure in data["measures"]}
    assert "confidence" not in provenances["1.1"]
    assert set(provenances["1.6"]["confidence"]) == {"text", "term", "executors", "sources", "funding", "result"}
    assert document_from_dict(data).measures == mixed.measures


def test_confidence_out_of_range_breaks_the_schema(mixed: Document) -> None:
    data = json_export.document_dict(mixed)
    data["measures"][5]["provenance"]["confidence"] = {"funding": 101}
    assert validate.errors(data)
    data["measures"][5]["provenance"]["confidence"] = {"amount": 50}
    assert validate.errors(data)


def cell(text: str, confidence: float | None, row: int) -> SourceCell:
    return SourceCell((text,), (Location(table=1, row=row, page=2, confidence=confidence),))


def test_field_confidence_is_the_lowest_over_a_fields_cells() -> None:
    """A measure read from two source rows (a page break cut it); a text-layer cell (None) lowers nothing."""
    upper = SourceRow((cell("1. Захід", 91.5, 1), cell("2021 р. - 1,0", 88.0, 1), cell("Кошти", None, 1)), Location(1, 1, 2))
    lower = SourceRow((cell("триває", 62.25, 2), cell("2022 р. - 2,0", 97.0, 2), cell("бюджету", None, 2)), Location(1, 2, 2))
    joined = LogicalRow(
        "entry",
        tuple(SourceCell(a.lines + b.lines, a.locations + b.locations) for a, b in zip(upper.cells, lower.cells, strict=True)),
        (upper, lower),
    )
    columns = ColumnMap({"measure": 0, "funding": 1, "sources": 2}, header_rows=0, header_texts=())
    assert provenance(joined, columns).confidence == (("text", 62.2), ("funding", 88.0))
    assert provenance(joined).confidence == ()  # without the column map nothing is known of fields
    year_columns = ColumnMap({"measure": 0}, header_rows=0, header_texts=(), years={2021: 1}, row_total=2)
    assert dict(provenance(joined, year_columns).confidence)["funding"] == 88.0
    assert merge_confidence((("text", 90.0), ("funding", 70.0)), (("term", 50.0), ("funding", 80.0))) == (
        ("text", 90.0), ("term", 50.0), ("funding", 70.0),
    )  # fmt: skip


# --- The pieces, without Tesseract -------------------------------------------------------


def test_ocr_page_content_is_a_ruled_fragment_in_points() -> None:
    """A 2x3 grid whose first column is merged over both rows: the covered cell is None, as pdfplumber gives it."""
    page = OcrPage(number=4, paragraphs_above=["Додаток 1"], paragraphs_below=["Секретар"], columns=(300, 1200, 2100, 3000))
    page.scale = 72 / 300
    page.rows = [
        [(CellText(("1.",), 96.0), (72.0, 100.0, 288.0, 300.0)), (CellText(("a",), 88.5), (288.0, 100.0, 504.0, 200.0)),
         (CellText(("2017р.-34,0",), 71.25), (504.0, 100.0, 720.0, 200.0))],
        [(CellText((), None), (72.0, 200.0, 288.0, 300.0)), (CellText(("b",), 90.0), (288.0, 200.0, 504.0, 300.0)),
         (CellText((), None), (504.0, 200.0, 720.0, 300.0))],
    ]  # fmt: skip
    page.covered = {(1, 0)}
    read = pdf.PageContent(4, (), characters=2093, images=0, text_layer=assess_text_layer("(cid:52)" * 40))
    content = pdf.ocr_page_content(page, read)
    assert content.blocks[0] == "Додаток 1" and content.blocks[2] == "Секретар"
    fragment = content.blocks[1]
    assert isinstance(fragment, pdf.TableFragment) and fragment.scanned and fragment.ruled
    assert fragment.edges == (72.0, 288.0, 504.0, 720.0)
    assert fragment.rows[1].cells[0] is None
    first = fragment.rows[0].cells[0]
    assert first is not None and first.box == (72.0, 100.0, 288.0, 300.0) and first.confidence == 96.0
    assert fragment.rows[0].box == (72.0, 100.0, 720.0, 200.0)
    assert fragment.rows[0].cells[2].confidence == 71.2  # type: ignore[union-attr]
    assert (content.characters, content.text_layer) == (2093, read.text_layer)
    assert content.note is not None and content.note.startswith("page 4: OCR (Tesseract, ukr)")
    assert not content.needs_ocr  # read already


def fragment(edges: tuple[float, ...], scanned: bool) -> pdf.TableFragment:
    return pdf.TableFragment(edges, (), (edges[0], 0.0, edges[-1], 10.0), ruled=True, scanned=scanned)


def test_a_scanned_page_continues_the_table_at_its_own_scale_and_offset() -> None:
    table = pdf.LogicalTable(1, (70.0, 104.0, 194.0, 353.0, 772.0), ruled=True)
    shifted = (58.0, 93.0, 186.0, 351.0, 790.0)  # the scan sits 12 pt further left and is 2.5 % wider
    assert table.columns_of(fragment(shifted, scanned=True)) == [0, 1, 2, 3]
    assert table.columns_of(fragment(shifted, scanned=False)) is None  # a text page's edges must meet
    assert table.columns_of(fragment((58.0, 150.0, 186.0, 351.0, 790.0), scanned=True)) is None  # other columns
    assert table.columns_of(fragment((58.0, 93.0, 351.0, 790.0), scanned=True)) is None  # fewer columns

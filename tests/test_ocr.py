"""Scanned decisions: the text-layer verdict, the image steps, and the scanned №1911 sample end to end."""

from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pytest

from extractor.errors import DamagedFileError, MissingToolError
from extractor.export import json as json_export
from extractor.model import Document, ParsedDocument
from extractor.normalise import build_document
from extractor.parsers import ocr, parse_file
from extractor.parsers.ocr import CellText, tesseract
from extractor.parsers.textlayer import assess_text_layer

from .conftest import DATA, SAMPLES, records

SCAN = SAMPLES / "decision-1911-scan.pdf"
with pdfplumber.open(SCAN) as _scan:
    SCAN_PAGES = len(_scan.pages)  # 8: the 12 pt rendering of the sample, each page an image
# The same annex printed at 11 pt and scanned: other page breaks, another table layout per page.
SCAN_11PT = DATA / "pdf" / "decision-1911-11pt-scan.pdf"
# The angles tools/make_scan.py turned the pages by, in order.
SCAN_SKEW = (1.0, -0.8, 1.3, -1.1, 0.6, -1.4, 0.9, -0.5, 1.2)


# --- The text-layer verdict ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "usable", "reason"),
    [
        ("Додаток 1 до рішення 40 сесії Коростенської міської ради VII скликання від 27.08.2020р.№1911", True, "usable"),
        ("1. Членство в Асоціації міст України 2017-2020 роки 2017р.-34,0 2018р.-34,0 2019р.-34,0", True, "usable"),
        ("", False, "no text"),
        ("   \n 3 \n", False, "no text"),  # a scan with only a page number
        (
            "(cid:52)(cid:41)(cid:36)(cid:52) (cid:3)(cid:44) Додаток 1 до рішення 40 сесії (cid:55)(cid:41)(cid:36)",
            False,
            "unmapped glyphs",
        ),
        ("2017 - 34,0 / 2018 - 34,0 / 2019 - 34,0 ; 12.5 ; 17.5 ; 9,0 ; 25,401", False, "few letters"),
        ("Äîäàòîê 1 äî ð³øåííÿ 40 ñåñ³¿ Êîðîñòåíñüêî¿ ì³ñüêî¿ ðàäè", False, "few Cyrillic letters"),
    ],
)
def test_text_layer_verdict(text: str, usable: bool, reason: str) -> None:
    verdict = assess_text_layer(text)
    assert (verdict.usable, verdict.reason) == (usable, reason)
    assert reason in verdict.describe()


def test_the_scanned_sample_has_no_text_layer() -> None:
    with pdfplumber.open(SCAN) as pdf:
        verdicts = [assess_text_layer(page.extract_text() or "") for page in pdf.pages]
    assert verdicts and all(verdict.reason == "no text" for verdict in verdicts)


# --- Image steps, on drawn pages (no Tesseract needed) --------------------------------


def drawn_table(degrees: float = 0.0) -> np.ndarray:
    """A white page with a 3x3 ruled table whose first column is merged over the last two rows."""
    page = np.full((900, 1300), 255, dtype=np.uint8)
    xs, ys = (100, 400, 800, 1200), (100, 300, 550, 800)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    cv2.line(page, (xs[0], ys[0]), (xs[-1], ys[0]), 0, 3)
    cv2.line(page, (xs[0], ys[1]), (xs[-1], ys[1]), 0, 3)
    cv2.line(page, (xs[1], ys[2]), (xs[-1], ys[2]), 0, 3)  # not across the first column: merged cell
    cv2.line(page, (xs[0], ys[3]), (xs[-1], ys[3]), 0, 3)
    for row, y in enumerate((180, 420, 650)):  # some text-like ink in each row
        cv2.putText(page, f"row {row} text", (450, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    if degrees:
        matrix = cv2.getRotationMatrix2D((650, 450), degrees, 1.0)
        page = cv2.warpAffine(page, matrix, (1300, 900), flags=cv2.INTER_CUBIC, borderValue=255)
    return page


@pytest.mark.parametrize("degrees", [1.5, -1.0, 0.0, 2.5])
def test_skew_is_measured_and_undone(degrees: float) -> None:
    page = drawn_table(degrees)
    measured = ocr.skew_angle(ocr.binarise(page))
    assert measured == pytest.approx(degrees, abs=0.1)
    level = ocr.rotate(page, measured)
    assert ocr.skew_angle(ocr.binarise(level)) == pytest.approx(0.0, abs=0.1)


def test_grid_regions_follow_the_drawn_borders() -> None:
    horizontal, vertical = ocr.ruling_lines(ocr.binarise(drawn_table()))
    grid = ocr.find_grid(horizontal, vertical)
    assert grid is not None
    assert len(grid.xs) == 4 and len(grid.ys) == 4
    spans = {(region.row, region.column): (region.row_span, region.column_span) for region in grid.regions}
    assert spans[(1, 0)] == (2, 1)  # the merged first-column cell
    assert (2, 0) not in spans
    assert spans[(1, 1)] == spans[(2, 1)] == (1, 1)
    assert len(grid.regions) == 8


def test_a_page_without_ruling_lines_has_no_grid() -> None:
    page = np.full((600, 800), 255, dtype=np.uint8)
    cv2.putText(page, "just text", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    assert ocr.find_grid(*ocr.ruling_lines(ocr.binarise(page))) is None


# --- OCR's misreadings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("VII скликання від 27.08.2020р.Хе1911", "VII скликання від 27.08.2020р.№1911"),
        ("Мо п/п", "№ п/п"),
        ("Мо\nп/п", "№\nп/п"),
        ("Мо з/п", "№ з/п"),
        ("VII скликання від 24.12.2020 ХМ 24/9", "VII скликання від 24.12.2020 № 24/9"),
        ("від 29.11.2018 р. No 1751", "від 29.11.2018 р. № 1751"),
        ("5, Розвиток співпраці", "5. Розвиток співпраці"),
        ("2: Участь депутатів", "2. Участь депутатів"),
        ("2020р.-2000,0\nвтич.:\n2019 р.- 18,00", "2020р.-2000,0\nвт.ч.:\n2019 р.- 18,00"),
        ('Всього"', "Всього"),  # a stamp's mark glued after the word
        ("«у тому числі за роками", "у тому числі за роками"),
        ("2017р.-34,0\n- -,", "2017р.-34,0\n"),  # a line of a stamp's fragments
        # left alone: a lone dash (no amount), a name whose closing guillemet was lost
        ("-", "-"),
        ("КП «Міськсвітло", "КП «Міськсвітло"),
        # left alone: a real comma after a number, "Мо" not before a number, a word that only starts like it
        ("2019р.-25,401", "2019р.-25,401"),
        ("Мова документа", "Мова документа"),
        ("5, 6 та 7 пункти", "5, 6 та 7 пункти"),
        ("встичка", "встичка"),
    ],
)
def test_fix_ocr_text(read: str, meant: str) -> None:
    assert ocr.fix_ocr_text(read) == meant


def test_column_numbers_row_gets_digits() -> None:
    row = [CellText((text,), 90.0) for text in ("1", "2", "З", "4", "5", "б", "7", "8")]
    assert [cell.lines[0] for cell in ocr.fix_column_numbers(row)] == [str(n) for n in range(1, 9)]
    words = [CellText((text,), 90.0) for text in ("З", "Кошти", "бюджету")]
    assert ocr.fix_column_numbers(words) == words
    stamped = [CellText((text,), 90.0) for text in ("1", "2", "З", "4", "5 Ро ка", "6", "7", "8")]  # a stamp's lettering
    assert [cell.lines[0] for cell in ocr.fix_column_numbers(stamped)] == [str(n) for n in range(1, 9)]
    data = [CellText((text,), 90.0) for text in ("1.", "2", "Ремонт покрівлі школи", "2021", "5,0", "6", "7", "8")]
    assert ocr.fix_column_numbers(data) == data  # a data row's long text: no row of numbers


# --- Missing tools ------------------------------------------------------------------


def test_missing_tesseract_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tesseract, "TESSDATA_FOLDERS", ())
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # a folder with no language data
    ocr.require_tesseract.cache_clear()
    tesseract.tessdata.cache_clear()
    try:
        with pytest.raises(MissingToolError, match="Tesseract, which is not installed"):
            ocr.require_tesseract()
    finally:
        ocr.require_tesseract.cache_clear()
        tesseract.tessdata.cache_clear()


def test_missing_ukrainian_data_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for language in ("eng", "osd"):
        (tmp_path / f"{language}.traineddata").write_bytes(b"")
    monkeypatch.setattr(tesseract, "TESSDATA_FOLDERS", ())
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    ocr.require_tesseract.cache_clear()
    tesseract.tessdata.cache_clear()
    try:
        with pytest.raises(MissingToolError, match=r"no data for ukr \(apt-get install tesseract-ocr-ukr\)"):
            ocr.require_tesseract()
    finally:
        ocr.require_tesseract.cache_clear()
        tesseract.tessdata.cache_clear()


def test_a_truncated_pdf_is_damaged() -> None:
    data = SCAN.read_bytes()[:5000]
    with pytest.raises(DamagedFileError):
        ocr.parse(data, "cut.pdf", hashlib.sha256(data).hexdigest())


# --- The scanned sample, end to end ------------------------------------------------------


@pytest.fixture(scope="module")
def parsed() -> ParsedDocument:
    """The scan as the pipeline reads it: the PDF parser finds no usable text layer and hands it to OCR."""
    parsed = parse_file(SCAN)
    assert parsed.notes[0] == "scanned PDF: every page read by OCR"
    return parsed


@pytest.fixture(scope="module")
def scanned(parsed: ParsedDocument) -> Document:
    return build_document(parsed)


def test_scan_reads_the_funding_records_exactly(scanned: Document, reference: Document) -> None:
    expected = records(reference)
    assert len(expected) == 57
    exact = records(scanned) & expected
    assert len(exact) == 57, sorted(expected - records(scanned))


def test_scan_finds_every_measure(scanned: Document, reference: Document) -> None:
    assert {m.id for m in scanned.measures} >= {m.id for m in reference.measures}
    assert [m.id for m in scanned.measures] == [m.id for m in reference.measures]
    assert [m.funding_status for m in scanned.measures] == [m.funding_status for m in reference.measures]


def test_scan_metadata(scanned: Document, reference: Document) -> None:
    assert scanned.decision == reference.decision
    assert scanned.decision.identifier == "1911-2020-08-27"
    assert scanned.programme == reference.programme
    assert scanned.signatory == reference.signatory
    assert scanned.source.format == "pdf" and scanned.source.pages == SCAN_PAGES


def test_every_inexact_measure_is_warned_about(scanned: Document, reference: Document) -> None:
    """A funding record OCR did not get right must be covered by a warning on its measure or its cell."""
    expected, got = records(reference), records(scanned)
    inexact = {measure_id for measure_id, _, _ in expected ^ got}
    for measure in scanned.measures:
        if measure.id not in inexact:
            continue
        warned = [
            w
            for w in scanned.warnings
            if w.where.measure in (measure.id, measure.parent)
            or (w.where.page in measure.provenance.pages and w.where.row in measure.provenance.rows)
        ]
        assert warned, f"{measure.id} read wrong without a warning"


def test_unsure_cells_are_warned_about_by_page_row_and_column(scanned: Document) -> None:
    unsure = [w for w in scanned.warnings if w.code == "ocr_low_confidence"]
    for warning in unsure:
        assert warning.where.page and warning.where.row and warning.where.column
        assert f"page {warning.where.page}, row {warning.where.row}" in warning.message


def test_scan_notes_tell_how_each_page_was_read(scanned: Document) -> None:
    notes = [note for note in scanned.source.notes if note.startswith("page ")]
    assert len(notes) == SCAN_PAGES
    for number, note in enumerate(notes, start=1):
        assert note.startswith(f"page {number}: text layer no text; OCR (Tesseract, ukr), straightened by ")
        measured = float(note.split("straightened by ")[1].split("°")[0])
        assert measured == pytest.approx(SCAN_SKEW[number - 1], abs=0.15)


def test_scan_cells_carry_page_bbox_and_confidence(parsed: ParsedDocument) -> None:
    (table,) = parsed.tables
    assert {row.location.page for row in table.rows} == set(range(1, SCAN_PAGES + 1))
    assert sum(row.break_before for row in table.rows) == SCAN_PAGES - 1  # one table across all the pages
    locations = [location for row in table.rows for cell in row.cells if not cell.is_empty for location in cell.locations]
    assert locations and all(location.confidence is not None for location in locations)
    for location in locations:
        assert location.bbox is not None
        x0, top, x1, bottom = location.bbox
        assert 0 <= x0 < x1 <= 842 and 0 <= top < bottom <= 596  # PDF points on a landscape A4 page


def test_scan_sample_stays_small() -> None:
    assert SCAN.stat().st_size < 2 * 1024 * 1024


ROMAN_FONTS = [
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]


@pytest.mark.parametrize("numeral", ["I", "IV", "VI", "VII", "VIII", "IX", "XIV", "XIX", "XL", "XXIX", "LX"])
def test_roman_numerals_are_read_by_shape_or_left_to_tesseract(numeral: str) -> None:
    """A shape reading is right or declines (None); it is never a wrong numeral."""
    from PIL import Image, ImageDraw, ImageFont

    fonts = [font for font in ROMAN_FONTS if font.exists()]
    assert fonts == ROMAN_FONTS, "fonts missing: .ci/run installs fonts-liberation and fonts-dejavu-core"
    if not fonts:
        pytest.fail("no Liberation or DejaVu font installed to draw numerals with")
    answers = []
    for font in fonts:
        for size in (28, 36, 48):
            image = Image.new("L", (400, 100), 255)
            ImageDraw.Draw(image).text((10, 20), numeral, font=ImageFont.truetype(str(font), size), fill=0)
            answers.append(ocr.roman_by_shape(np.asarray(image)))
    assert set(answers) <= {numeral, None}
    assert answers.count(numeral) >= len(answers) - 2


def test_scan_output_is_byte_identical_run_to_run(parsed: ParsedDocument) -> None:
    again = parse_file(SCAN)
    first, second = (json_export.dumps(json_export.document_dict(build_document(p))) for p in (parsed, again))
    assert first == second


def test_a_scan_of_another_rendering_reads_as_exactly(reference: Document) -> None:
    other = build_document(parse_file(SCAN_11PT))
    assert len(records(other) & records(reference)) == 57
    assert [m.id for m in other.measures] == [m.id for m in reference.measures]
    assert other.source.pages == 5

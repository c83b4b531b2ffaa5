"""Scans made by other scanners and kept in other forms (#11): image files, and PDFs of other kinds of page image.

Each kind (``tools/make_scanner_kinds.py``) is a document of the scan suite
scanned at 200 dpi and stored as a scanner or an archive stores it: a
multi-page bilevel CCITT G4 TIFF, a grey LZW TIFF with no resolution tag, a
JPEG, a PNG whose tag says 72 dpi, PDFs of bilevel G4 pages, of colour JPEG
pages with blue stamps, of a page drawn as image strips, of a page scanned
upside down and of landscape pages scanned sideways (with and without
``/Rotate``), a typed decision with its scanned annex appended, photocopies
scanned (dark borders and the binding's shadow, punch holes, a copy set too
dark), a bilevel PNG, a 600 dpi JPEG and a 300 dpi TIFF tagged 72 dpi. Every kind
must read the records written down by hand for its document
(``tests/data/scans/*.expected.json``, or №1911's golden JSON), amounts exact.
Each kind is built once (cached in a temporary folder) and read once.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from extractor.errors import DamagedFileError, HostileFileError
from extractor.export.json import document_dict
from extractor.model import ParsedDocument
from extractor.parsers import DOCUMENT_SUFFIXES, detect_format, parse_bytes, parse_file
from extractor.parsers.image import resolution, scanner_gray, square_pixels
from extractor.pipeline import normalised
from tools import make_scanner_kinds, scan_suite

MIN_RECALL = 0.98  # as the scan suite: of the records written down by hand, the share each kind must read exactly
MIN_PRECISION = 0.98


@dataclass(frozen=True)
class Read:
    kind: make_scanner_kinds.Kind
    path: Path
    parsed: ParsedDocument
    document: dict[str, Any]


@pytest.fixture(scope="module", params=list(make_scanner_kinds.KINDS), ids=list(make_scanner_kinds.KINDS))
def read(request: pytest.FixtureRequest) -> Read:
    kind = make_scanner_kinds.KINDS[request.param]
    path = make_scanner_kinds.cached(kind.name)
    parsed = parse_file(path)
    return Read(kind, path, parsed, document_dict(normalised(parsed)))


def test_records_are_read_exactly(read: Read) -> None:
    expected, _ = scan_suite.expected_of(read.kind.document)
    got = scan_suite.records_of_dict(read.document)
    exact, recall, precision = scan_suite.score(got, expected)
    missing = sorted(expected - set(got), key=str)
    wrong = sorted(set(got) - expected, key=str)
    assert recall >= MIN_RECALL, f"{exact} of {len(expected)} exact; missing {missing}; read instead {wrong}"
    assert precision >= MIN_PRECISION, f"wrong records: {wrong}"


def test_measures_come_out_in_order(read: Read) -> None:
    _, measures = scan_suite.expected_of(read.kind.document)
    assert tuple(measure["id"] for measure in read.document["measures"]) == measures


def test_the_decision_is_identified(read: Read) -> None:
    assert read.document["decision"]["identifier"] == scan_suite.identifier_of(read.kind.document)


def test_the_notes_say_what_was_read_and_how(read: Read) -> None:
    notes = read.parsed.notes
    name = read.kind.name
    pages = {"culture-2021": 2, "health-2022": 1, "roads-2023": 1, "roads-2023-across": 1, "decision-1911": 8}[read.kind.document]
    if read.kind.suffix != ".pdf":
        kind = {".tif": "TIFF", ".tiff": "TIFF", ".jpg": "JPEG", ".png": "PNG"}[read.kind.suffix]
        assert notes[0] == f"{kind} scan ({pages} page{'s' if pages > 1 else ''}): every page read by OCR"
        page_notes = notes[1:]
        resolution_said = {
            "tiff-g4": "TIFF image at 200 dpi;",
            "tiff-lzw": "TIFF image at 188 dpi as an A4 sheet;",  # a letter page at 200 dpi taken for A4
            "jpeg": "JPEG image at 200 dpi;",
            "png-72": "PNG image at 188 dpi as an A4 sheet, the file's 72 dpi ignored;",
            "jpeg-exif": "JPEG image at 200 dpi;",  # turned by its Exif tag, not by OCR
            "copy-holes": "TIFF image at 200 dpi;",
            "png-1bit": "PNG image at 200 dpi;",
            "jpeg-600": "JPEG image at 600 dpi;",  # read at the working resolution, scaled down
            "tiff-300-at-72": "TIFF image at 282 dpi as an A4 sheet, the file's 72 dpi ignored;",  # a letter page
        }[name]
        assert all(resolution_said in note for note in page_notes), page_notes
    elif name == "pdf-mixed":
        assert not any(note.startswith("page 1:") for note in notes), "the typed page is read from its text layer"
        page_notes = [note for note in notes if note.startswith("page 2:")]
        assert len(page_notes) == 1 and "OCR (Tesseract" in page_notes[0], notes
        pages = 1
    else:
        assert notes[0] == "scanned PDF: every page read by OCR"
        page_notes = notes[1:]
    assert len(page_notes) == pages, notes
    turned = {
        "pdf-upside-down": ["turned upright (scanned upside down)"],
        "pdf-sideways": ["turned upright (scanned 90° clockwise)", "turned upright (scanned 90° anticlockwise)"],
    }.get(name, [None] * pages)
    for note, turn in zip(page_notes, turned, strict=True):
        if turn is None:  # an upright page, or one /Rotate shows upright (the renderer applies it)
            assert "turned upright" not in note, note
        else:
            assert turn in note, note


def test_the_kinds_are_told_by_their_bytes() -> None:
    for name, file_format in (("tiff-g4", "tiff"), ("tiff-lzw", "tiff"), ("jpeg", "jpeg"), ("png-72", "png")):
        data = make_scanner_kinds.cached(name).read_bytes()
        assert detect_format(data) == file_format, name
        assert detect_format(data[:16]) == file_format, name  # the head alone tells it, as a folder walk reads it
    assert detect_format(b"MM\x00*" + bytes(12)) == "tiff"  # big-endian TIFF
    assert {".tif", ".tiff", ".jpg", ".jpeg", ".png"} <= DOCUMENT_SUFFIXES


def test_an_archivists_folder_of_tiffs_converts(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("tiff-g4", "tiff-lzw"):
        source = make_scanner_kinds.cached(name)
        (folder / f"{make_scanner_kinds.KINDS[name].document}{source.suffix.upper()}").write_bytes(source.read_bytes())
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "convert", folder, "-o", out, "--jobs", "2"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = (out / "report.csv").read_text("utf-8")
    assert report.count(",converted,") == 2, report
    assert ",tiff," in report
    for document in ("culture-2021", "health-2022"):
        expected, _ = scan_suite.expected_of(document)
        got = scan_suite.records_of_dict(json.loads((out / f"{document}.json").read_text("utf-8")))
        assert scan_suite.score(got, expected)[1] >= MIN_RECALL, document


# --- guards and the steps on their own --------------------------------------------------------------------


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` pixels, with one row of data (a decompression bomb's shape)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def test_an_image_declaring_more_pixels_than_a_page_is_refused_in_one_line() -> None:
    with pytest.raises(HostileFileError) as refused:
        parse_bytes(png_declaring(200_000, 200_000), "bomb.png")
    assert "\n" not in str(refused.value) and "pixels" in str(refused.value)
    with pytest.raises(HostileFileError) as refused:
        parse_bytes(png_declaring(12_000, 9_000), "large.png")  # over Pillow's limit, under twice it
    assert "limit" in str(refused.value) or "pixels" in str(refused.value)


def test_a_tiff_over_the_limits_is_refused_before_it_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.parsers import image

    data = make_scanner_kinds.cached("tiff-g4").read_bytes()  # two frames of 2200 × 1700
    monkeypatch.setattr(image, "MAX_PAGES", 1)
    with pytest.raises(HostileFileError, match="declares 2 pages"):
        parse_bytes(data, "many.tif")
    monkeypatch.setattr(image, "MAX_PAGES", 10)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    with pytest.raises(HostileFileError, match="pixels"):
        parse_bytes(data, "large.tif")


def test_a_damaged_image_fails_in_one_line() -> None:
    data = make_scanner_kinds.cached("jpeg").read_bytes()
    for damaged in (data[:600], b"\xff\xd8\xff" + bytes(2000), b"II*\x00" + bytes(64)):
        with pytest.raises(DamagedFileError) as failed:
            parse_bytes(damaged, "damaged.jpg")
        assert "\n" not in str(failed.value) and "damaged image" in str(failed.value)


def test_resolution_comes_from_the_tag_or_from_the_sheet() -> None:
    page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    page.info["dpi"] = (200, 200)
    assert resolution(page)[:2] == (200.0, 200.0)
    page.info["dpi"] = (72, 72)  # a scanner's default: 23 × 32 inches
    x_dpi, _, said = resolution(page)
    assert round(x_dpi) == 200 and "as an A4 sheet" in said and "72 dpi ignored" in said
    del page.info["dpi"]
    assert round(resolution(page)[0]) == 200
    fax = Image.new("L", (1728, 1078), 255)  # a fax: 204 × 98 dpi, an A4 page's pixels oblong
    fax.info["dpi"] = (204, 98)
    x_dpi, y_dpi, _ = resolution(fax)
    assert (x_dpi, y_dpi) == (204.0, 98.0)
    assert square_pixels(fax, x_dpi, y_dpi).size == (1728, round(1078 * 204 / 98))


def test_a_blue_stamp_fades_and_black_print_stays() -> None:
    page = np.full((200, 400, 3), (236, 229, 212), dtype=np.uint8)  # yellowish paper
    page[40:60, 20:380] = (20, 20, 22)  # a line of black print
    page[100:130, 100:200] = (75, 92, 149)  # a stamp's blue ink (a page holds more print than stamp)
    page[100:110, 120:180] = (8, 10, 16)  # black print under the stamp
    gray = np.asarray(scanner_gray(Image.fromarray(page)))
    assert gray[10, 10] >= 250  # paper
    assert gray[50, 200] < 40  # print
    assert gray[105, 150] < 40  # print under the stamp
    assert gray[120, 150] > 200  # the stamp, light
    violet = page.copy()
    violet[40:60, 20:380] = (90, 40, 120)  # a page typed on a violet ribbon: its print is coloured, kept dark
    violet[100:130, 100:200] = (236, 229, 212)
    assert np.asarray(scanner_gray(Image.fromarray(violet)))[50, 200] < 110
    grey = Image.fromarray(np.full((50, 50, 3), 128, dtype=np.uint8))
    assert np.asarray(scanner_gray(grey))[0, 0] == 128  # a grey page in RGB is its grey


@pytest.mark.parametrize(
    ("mode", "file_format", "options"),
    [
        ("L", "TIFF", {"compression": "packbits"}),
        ("L", "TIFF", {"compression": "tiff_adobe_deflate"}),
        ("L", "TIFF", {"compression": "jpeg"}),
        ("RGB", "TIFF", {"compression": "tiff_lzw"}),
        ("I;16", "TIFF", {}),
        ("CMYK", "JPEG", {}),
        ("P", "PNG", {}),
        ("RGBA", "PNG", {}),
        ("LA", "PNG", {}),
    ],
)
def test_other_encodings_decode_to_a_grey_page(mode: str, file_format: str, options: dict[str, Any]) -> None:
    from extractor.parsers.image import pages

    grey = Image.new("L", (850, 1100), 250)  # letter size at 100 dpi, print in the middle
    grey.paste(0, (100, 500, 750, 520))
    page = grey.convert(mode) if mode != "I;16" else Image.fromarray(np.asarray(grey).astype(np.uint16) * 257)
    out = io.BytesIO()
    page.save(out, file_format, dpi=(100, 100), **options)
    ((read, dpi, _),) = pages(out.getvalue())
    assert read.mode == "L" and read.size == (850, 1100) and round(dpi) == 100
    pixels = np.asarray(read)
    assert pixels[510, 400] < 60 and pixels[100, 100] > 200, (mode, file_format)


def test_a_bilevel_page_is_black_print_on_white() -> None:
    page = Image.new("1", (20, 20), 1)
    page.putpixel((5, 5), 0)
    gray = np.asarray(scanner_gray(page))
    assert gray[0, 0] == 255 and gray[5, 5] == 0


def test_kinds_are_the_same_bytes_every_build() -> None:
    assert make_scanner_kinds.build("pdf-g4") == make_scanner_kinds.cached("pdf-g4").read_bytes()
    buffer = io.BytesIO(make_scanner_kinds.cached("tiff-g4").read_bytes())
    with Image.open(buffer) as tiff:
        assert tiff.n_frames == 2 and tiff.mode == "1"
        assert tiff.tag_v2.get(259) == 4  # compression: CCITT G4


def test_a_jbig2_page_is_the_bilevel_page_pixel_for_pixel() -> None:
    """The kind is JBIG2 indeed (``/JBIG2Decode``, a generic region, MMR) and decodes to the page it was made of."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    page = Image.new("L", (424, 300), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((20, 20, 300, 140), outline=0, width=3)
    draw.line((20, 80, 300, 80), fill=0, width=1)
    draw.text((30, 30), "2021 р. - 34,0", fill=0)
    bilevel = make_scanner_kinds.bilevel(page)
    data = make_scanner_kinds.jbig2_pdf([bilevel], dpi=200)
    assert b"/Filter /JBIG2Decode" in data
    stream = make_scanner_kinds.jbig2_stream(bilevel, 200)
    assert stream[4] == 48 and stream[11 + 19 + 4] == 38  # page information, then an immediate generic region
    assert stream[11 + 19 + 11 + 17] == 1  # its flags: MMR
    document = pdfium.PdfDocument(data)
    try:
        rendered = document[0].render(scale=200 / 72).to_pil().convert("L")
    finally:
        document.close()
    assert rendered.size == bilevel.size
    assert np.array_equal(np.asarray(rendered) < 128, np.asarray(bilevel.convert("L")) < 128)
    kind = make_scanner_kinds.cached("pdf-jbig2").read_bytes()
    assert kind.count(b"/Filter /JBIG2Decode") == 2  # the two pages of culture-2021


def test_a_bilevel_pdf_page_is_scaled_as_an_image_files_page() -> None:
    """pdfium renders a bilevel page at its own resolution; the scaling to the working one is the image files' own."""
    import pypdfium2 as pdfium

    from extractor.parsers.image import pages as image_pages
    from extractor.parsers.ocr.image import to_working_resolution
    from extractor.parsers.ocr.render import bilevel_resolution, page_image

    grey = make_scanner_kinds.scanned("health-2022", 3)[0]
    bilevel = make_scanner_kinds.bilevel(grey)
    tiff = make_scanner_kinds.tiff_of([bilevel], compression="group4", dpi=(200, 200))
    tiff_page, tiff_dpi, _ = next(image_pages(tiff))
    assert np.count_nonzero((np.asarray(tiff_page) > 0) & (np.asarray(tiff_page) < 255))  # softened: grey edges
    for data in (make_scanner_kinds.jbig2_pdf([bilevel]), make_scanner_kinds.pdf_of([bilevel])):
        document = pdfium.PdfDocument(data)
        try:
            assert bilevel_resolution(document[0]) == pytest.approx(200)
            rendered = np.asarray(page_image(document[0]))
        finally:
            document.close()
        assert np.array_equal(rendered, to_working_resolution(np.asarray(tiff_page), tiff_dpi))
    document = pdfium.PdfDocument(make_scanner_kinds.pdf_of([grey]))  # a grey scan: pdfium scales it, as before
    try:
        assert bilevel_resolution(document[0]) is None
    finally:
        document.close()


@pytest.mark.parametrize("stored", ["tiff-g4", "pdf-jbig2"])
def test_a_bilevel_scan_at_300_dpi_reads_its_table(stored: str) -> None:
    """A bilevel page scanned at the working resolution itself is softened too: bare, its grid was not found."""
    pages = [make_scanner_kinds.bilevel(page) for page in make_scanner_kinds.scanned("health-2022", 11, 300)]
    if stored == "tiff-g4":
        data, name = make_scanner_kinds.tiff_of(pages, compression="group4", dpi=(300, 300)), "health.tif"
    else:
        data, name = make_scanner_kinds.jbig2_pdf(pages, dpi=300), "health.pdf"
    document = document_dict(normalised(parse_bytes(data, name)))
    expected, measures = scan_suite.expected_of("health-2022")
    exact, recall, precision = scan_suite.score(scan_suite.records_of_dict(document), expected)
    assert recall >= MIN_RECALL and precision >= MIN_PRECISION, f"{exact} of {len(expected)} exact"
    assert tuple(measure["id"] for measure in document["measures"]) == measures

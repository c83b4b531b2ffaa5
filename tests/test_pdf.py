"""The PDF parser: page-broken rows, merged cells over page breaks, headers, unruled tables, bad files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extractor import pipeline
from extractor.errors import DamagedFileError, EncryptedFileError, NoProgrammeTableError
from extractor.export.json import document_dict
from extractor.parsers import parse_bytes
from tests import pdf_builder
from tests.pdf_builder import Table

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def row(number, direction, measure, term="2021 рік", executors="Відділ освіти", sources="Кошти міського\nбюджету",
        funding="2021р.-5,0", result="Результат"):  # fmt: skip
    return [number, direction, measure, term, executors, sources, funding, result]


def first_page(last_measure: list[str | None]) -> list[list[str | None]]:
    return [
        row("1.", "Розвиток\nтестування", "1. Закупівля обладнання для\nлабораторії контролю", "2021-2022\nроки",
            funding="2021р.-10,0\n2022р.-12,5", result="Покращення якості"),
        last_measure,
    ]  # fmt: skip


def extract(table: Table):
    return pipeline.extract_bytes(pdf_builder.build(table), "test.pdf")


def measure(document, measure_id):
    return next(m for m in document.measures if m.id == measure_id)


SECOND = [None, None, "3. Звіт про виконання", "2022 рік", "Відділ освіти", "Фінансування не\nпотребує", "", "Звіт"]


def test_row_split_in_the_middle_of_a_measure_text():
    cut = row(None, None, "2. Навчання фахівців з питань\nякості та")
    document = extract(Table(pages=[first_page(cut), [row("", "", "безпеки продукції", "", "", "", "", ""), SECOND]]))
    assert [m.id for m in document.measures] == ["1.1", "1.2", "1.3"]
    assert measure(document, "1.2").text == "Навчання фахівців з питань якості та безпеки продукції"
    assert measure(document, "1.2").provenance.pages == (1, 2)
    assert measure(document, "1.3").text == "Звіт про виконання"


def test_row_split_in_the_executors_only():
    cut = row(None, None, "2. Навчання фахівців", executors="Відділ кадрів,\nвідділ з питань")
    document = extract(Table(pages=[first_page(cut), [row("", "", "", "", "внутрішньої політики", "", "", ""), SECOND]]))
    assert measure(document, "1.2").executors == ("Відділ кадрів", "відділ з питань внутрішньої політики")
    assert measure(document, "1.2").text == "Навчання фахівців"
    assert len(document.measures) == 3


def test_row_split_in_the_result_only():
    cut = row(None, None, "2. Навчання фахівців", result="Підвищення\nкваліфікації")
    document = extract(Table(pages=[first_page(cut), [row("", "", "", "", "", "", "", "працівників міста"), SECOND]]))
    assert measure(document, "1.2").result == "Підвищення кваліфікації працівників міста"
    assert [record.amount_uah for record in measure(document, "1.2").funding] == [5000]


def test_section_cell_spanning_pages_is_not_a_new_section():
    # The direction cell spans rows on both pages; its text runs on into page 2, where a new measure starts.
    page_one = [
        row("1.", "Розвиток\nсистеми", "1. Перший захід"),
        row(None, None, "2. Другий захід"),
    ]
    page_two = [
        row("", "тестування міста", "3. Третій захід"),
        row(None, None, "4. Четвертий захід"),
    ]
    parsed = parse_bytes(pdf_builder.build(Table(pages=[page_one, page_two])), "test.pdf")
    table = parsed.tables[0]
    assert len(parsed.tables) == 1
    assert [r.break_before for r in table.rows].count(True) == 1
    document = extract(Table(pages=[page_one, page_two]))
    assert [s.number for s in document.sections] == ["1"]
    assert document.sections[0].title == "Розвиток системи тестування міста"
    assert [m.id for m in document.measures] == ["1.1", "1.2", "1.3", "1.4"]


def test_repeated_header_is_dropped_and_counted():
    pages = [first_page(row(None, None, "2. Навчання")), [SECOND]]
    once = parse_bytes(pdf_builder.build(Table(pages=pages)), "a.pdf")
    repeated = parse_bytes(pdf_builder.build(Table(pages=pages, repeat_header=True)), "b.pdf")
    assert repeated.tables[0].dropped_header_rows == 2  # the header and the column-numbers row
    assert once.tables[0].dropped_header_rows == 0
    assert [r.break_before for r in repeated.tables[0].rows] == [r.break_before for r in once.tables[0].rows]
    a, b = document_dict(extract(Table(pages=pages))), document_dict(extract(Table(pages=pages, repeat_header=True)))
    assert a["measures"] == b["measures"]
    assert "2 repeated header row(s) dropped" in b["source"]["notes"]


def test_every_cell_has_page_and_bbox():
    parsed = parse_bytes(pdf_builder.build(Table(pages=[first_page(row(None, None, "2. Навчання")), [SECOND]])), "a.pdf")
    assert parsed.pages == 2
    for source_row in parsed.tables[0].rows:
        assert source_row.location.page in (1, 2)
        for cell in source_row.cells:
            if not cell.is_empty:
                (location,) = cell.locations
                assert location.page == source_row.location.page
                x0, top, x1, bottom = location.bbox
                assert x0 < x1 and top < bottom


def test_table_without_ruling_lines():
    pages = [
        first_page(row(None, None, "2. Навчання фахівців з питань\nякості та")),
        [row("", "", "безпеки продукції", "", "", "", "", ""), SECOND],
    ]
    ruled = document_dict(extract(Table(pages=pages)))
    unruled = document_dict(extract(Table(pages=pages, ruled=False)))
    assert parse_bytes(pdf_builder.build(Table(pages=pages, ruled=False)), "u.pdf").tables[0].rows
    assert [m["text"] for m in unruled["measures"]] == [m["text"] for m in ruled["measures"]]
    assert [m["funding"] for m in unruled["measures"]] == [m["funding"] for m in ruled["measures"]]
    assert [m["id"] for m in unruled["measures"]] == ["1.1", "1.2", "1.3"]


def test_fake_bold_doubled_glyphs_are_read_once():
    pages = [first_page(row(None, None, "2. Навчання")), [SECOND]]
    plain = document_dict(extract(Table(pages=pages)))
    bold = document_dict(extract(Table(pages=pages, fake_bold=True)))
    assert bold["measures"][0]["text"] == "Закупівля обладнання для лабораторії контролю"
    assert [m for m in bold["measures"]] == [m for m in plain["measures"]]


def test_no_text_layer_is_read_by_ocr():
    # a picture of stripes: OCR reads the page and finds no table in it, rather than the parser giving up
    with pytest.raises(NoProgrammeTableError, match="scanned pages"):
        parse_bytes(pdf_builder.image_only_pdf(), "scan.pdf")


def test_encrypted_pdf():
    with pytest.raises(EncryptedFileError, match="encrypted PDF"):
        parse_bytes(pdf_builder.encrypted_pdf(Table(pages=[])), "locked.pdf")


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_pdf(keep):
    data = (SAMPLES / "decision-1911.pdf").read_bytes()
    with pytest.raises(DamagedFileError, match="damaged PDF"):
        parse_bytes(data[: int(len(data) * keep)], "cut.pdf")


def test_damaged_pdf_body():
    data = bytearray((SAMPLES / "decision-1911.pdf").read_bytes())
    data[9 : len(data) - 2048] = b"\x00" * (len(data) - 2048 - 9)  # the objects wiped, the trailer kept
    with pytest.raises(DamagedFileError):
        parse_bytes(bytes(data), "wiped.pdf")


def test_cli_reports_bad_pdfs_and_leaves_no_output(tmp_path):
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes((SAMPLES / "decision-1911.pdf").read_bytes()[:20000])
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(pdf_builder.encrypted_pdf(Table(pages=[])))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_builder.image_only_pdf())
    good = tmp_path / "good.pdf"
    good.write_bytes((SAMPLES / "decision-1911.pdf").read_bytes())
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "convert", str(truncated), str(locked), str(scan), str(good), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()

    def reported(path, *reasons):
        return any(str(path) in line and any(reason in line for reason in reasons) for line in lines)

    assert reported(truncated, "damaged", "truncated")
    assert reported(locked, "encrypted")
    assert reported(scan, "no ruled table found on the scanned pages")
    written = sorted(path.name for path in out.iterdir())
    assert "good.json" in written and "good.csv" in written
    assert not [name for name in written if name.startswith(("cut", "locked", "scan"))]

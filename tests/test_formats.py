"""The HTML, XLSX and LibreOffice-converted parsers: grids, merged cells, missing tools, hostile input."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from extractor.errors import MissingToolError
from extractor.parsers import detect_format, html, office, parse_bytes
from extractor.pipeline import extract_bytes


def grid(parsed, table=0):
    return [[cell.lines for cell in row.cells] for row in parsed.tables[table].rows]


def test_html_rowspan_colspan_and_lines_inside_cells():
    page = """<html><head><meta charset="utf-8"></head><body>
    <p>Додаток<br>до рішення</p>
    <table><tr><th rowspan="2">A</th><th colspan="2">B</th></tr>
    <tr><td>b1</td><td>b2</td></tr>
    <tr><td>1.</td><td><p>one</p><p>two
    still two</p></td><td rowspan="2">x<br/>y</td></tr>
    <tr><td>2.</td><td>c</td></tr></table>
    <p>Міський голова&nbsp;&nbsp;&nbsp;&nbsp;Іван ПЕТРЕНКО</p></body></html>""".encode()
    parsed = html.parse(page, "t.html", "0" * 64)
    assert parsed.before == ("Додаток\nдо рішення",)
    assert parsed.after == ("Міський голова\nІван ПЕТРЕНКО",)
    assert grid(parsed) == [
        [("A",), ("B",), ()],
        [(), ("b1",), ("b2",)],
        [("1.",), ("one", "two still two"), ("x", "y")],
        [("2.",), ("c",), ()],
    ]


def test_html_layout_table_is_not_read_as_data_and_entities_are_not_resolved():
    page = b"""<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
    <html><body><table><tr><td><p>&secret;</p><table><tr><td>a</td><td>b</td></tr></table></td></tr></table></body></html>"""
    parsed = html.parse(page, "t.html", "0" * 64)
    assert len(parsed.tables) == 1 and grid(parsed) == [[("a",), ("b",)]]
    assert "root:" not in " ".join(parsed.before + parsed.after)


def test_xlsx_merged_cells_and_number_formats():
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Додаток 1 до рішення 3 сесії Тестової міської ради VIII скликання від 10.02.2022 № 7"])
    sheet.append(["Програма розвитку спорту на 2022-2023 роки"])
    sheet.append(["№ з/п", "Зміст заходу", "Виконавці", "Обсяги фінансування, тис. грн", None, "Очікуваний результат"])
    sheet.append([None, None, None, "2022 рік", "2023 рік", None])
    sheet.append(["1. Спорт", None, None, None, None, None])
    sheet.append(["1.1", "Ремонт стадіону", "Відділ спорту", 1250.5, "-", "Стадіон"])
    sheet.append(["Всього", None, None, 1250.5, None, None])
    sheet.append([])
    sheet.append(["Міський голова", None, None, None, "Іван ПЕТРЕНКО"])
    sheet.merge_cells("D3:E3")
    sheet.merge_cells("A5:F5")
    for column in "ABCF":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet["D6"].number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()

    parsed = parse_bytes(data, "annex.xlsx")
    assert parsed.format == "xlsx"
    assert grid(parsed)[0] == [("№ з/п",), ("Зміст заходу",), ("Виконавці",), ("Обсяги фінансування, тис. грн",), (), ("Очікуваний результат",)]
    assert grid(parsed)[3][3] == ("1250,50",)
    document = extract_bytes(data, "annex.xlsx")
    assert [(m.id, m.text) for m in document.measures] == [("1.1", "Ремонт стадіону")]
    assert [(r.year, r.amount, r.amount_uah) for r in document.measures[0].funding] == [
        (2022, Decimal("1250.50"), Decimal(1250500))
    ]
    assert document.signatory.name == "Іван ПЕТРЕНКО"
    assert [w.code for w in document.warnings] == []


def test_office_formats_without_libreoffice_name_the_package(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(MissingToolError) as error:
        parse_bytes(b"{\\rtf1\\ansi hello}", "a.rtf")
    assert "libreoffice-writer-nogui" in str(error.value)


# The format is told by the bytes, whatever the name: what archives hold in front of the first mark.
@pytest.mark.parametrize(
    ("head", "file_format"),
    [
        (b"{\\rtf1\\ansi\\ansicpg1251", "rtf"),
        (b"\xef\xbb\xbf{\\rtf1\\ansi", "rtf"),  # UTF-8 byte order mark
        (b"\r\n\r\n  \t{\\rtf1", "rtf"),  # blank lines
        (b"\xef\xbb\xbf\r\n{\\rtf1", "rtf"),
        (b'<html xmlns:v="urn:schemas-microsoft-com:vml"\r\nxmlns:o="urn:schemas-microsoft-com:office:office">', "html"),
        (b'\xef\xbb\xbf<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">', "html"),
        (b"<!-- saved from url=(0046)https://rada.example.gov.ua/docs/1911.html -->\r\n<html>", "html"),
        (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">', "html"),
        (b'<HEAD><META HTTP-EQUIV=Content-Type CONTENT="text/html; charset=windows-1251">', "html"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8), "doc"),
        # text, not markup: a text export whose cells hold "<p>" fragments, an unclosed comment, RTF words in text
        ("Додаток 1\t<p>до рішення</p>".encode(), "text"),
        (b"<!-- <html> never closed", "text"),
        (b"see {\\rtf1 below", "text"),
    ],
)
def test_format_is_told_by_the_leading_bytes(head: bytes, file_format: str):
    assert detect_format(head + b"\n...") == file_format


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (1250.5, "# ##0.0", "1250,5"),
        (1250.5, "#,##0.00", "1250,50"),  # padded to the decimals the format shows
        (25.401, "# ##0.0", "25,401"),  # typed decimals the format hides are kept
        (25.401, "General", "25,401"),
        (192.39999999999998, "# ##0.0", "192,4"),  # float noise of a cached SUM
        (4364.8009999999995, "# ##0.0", "4364,801"),
        (0.30000000000000004, "General", "0,3"),
        (1000 / 3, "# ##0.0", "333,3"),  # computed, more decimals than an amount has: as shown
        (34.0, "General", "34"),
        (0, "# ##0.0", "0,0"),
        (7, "0.00", "7,00"),
        (-5.25, "0.0", "-5,25"),
    ],
)
def test_xlsx_numbers_become_exact_text(value, number_format: str, text: str):
    from extractor.parsers.xlsx import number_text

    assert number_text(value, number_format) == text

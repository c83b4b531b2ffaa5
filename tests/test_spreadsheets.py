"""The Excel profile opened as a person opens it: LibreOffice Calc, Ukrainian and English settings.

The combined tables of a small archive are written in the spreadsheet dialect
and as the XLSX workbook; Calc (headless) opens the CSVs with the CSV import
options of a Ukrainian (1058) and an English (1033) locale, and the workbook
as it is, and saves what it read as XLSX; openpyxl reads those cells back.
Every cell must be what the open-data CSV says: ids and other texts the same
text, amounts the same number, dates dates. All conversions run at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from extractor import pipeline
from extractor.export.archive import combined, xlsx
from extractor.export.archive.catalogue import Catalogue, Record

from .conftest import SAMPLES

TABLES = ("long", "funding", "decisions", "measures")
LOCALES = {"uk": 1058, "en": 1033}
LONG_DASH_TEXT = "- " + "оплата послуг з надання доступу та технічної підтримки роботи системи «Громадський проект» " * 4
FORMULA_TEXT = '=HYPERLINK("http://example.org";"клік")'


def tricky(payload: dict) -> dict:
    """№1911 with what trips spreadsheets up: a number like a date, a formula, a long dashed text, fine fractions."""
    payload["decision"].update(number="24/9", identifier="24/9-2020-08-27")
    by_id = {measure["id"]: measure for measure in payload["measures"]}
    by_id["1.2"]["text"] = LONG_DASH_TEXT
    by_id["1.3"]["text"] = FORMULA_TEXT
    record = by_id["1.9"]["funding"][2]  # 2019р.-25,401
    record.update(amount="25.4015", amount_uah=25401.5, raw="2019р.-25,4015")
    return payload


def soffice(profile: Path, outdir: Path, files: list[Path], infilter: str | None) -> subprocess.Popen:
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "xlsx", "--outdir", str(outdir), *map(str, files)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    assert shutil.which("soffice"), "LibreOffice is not installed: run tools/setup-system.sh"
    folder = tmp_path_factory.mktemp("spreadsheets")
    with Catalogue(folder / "catalogue.sqlite") as catalogue:
        for name, data, file_name, edit in (
            ("decision-1911", (SAMPLES / "decision-1911.docx").read_bytes(), "decision-1911.docx", None),
            ("tricky", (SAMPLES / "decision-1911.txt").read_bytes(), "tricky.txt", tricky),
        ):
            payload = pipeline.render(data, file_name).payload
            payload = edit(payload) if edit else payload
            record = Record(name, file_name, hashlib.sha256(data).hexdigest(), len(data), "text", "converted", None, None, "t")
            catalogue.record(record, payload)
        rows = combined.write_combined(catalogue, folder / "combined", excel=True)
    workbook = folder / "combined" / "tables.xlsx"
    workbook.write_bytes(xlsx.workbook_bytes(combined.TABLES, rows))
    jobs = []
    for locale, code in LOCALES.items():
        (folder / locale).mkdir()
        files = [folder / "combined" / "excel" / f"{table}.csv" for table in TABLES]
        jobs.append(soffice(folder / f"profile-{locale}", folder / locale, files, f"CSV:59,34,76,1,,{code},false,true"))
    jobs.append(soffice(folder / "profile-xlsx", folder / "xlsx", [workbook], None))
    for job in jobs:
        _, errors = job.communicate(timeout=180)
        assert job.returncode == 0, errors
    expected = {
        table: list(csv.DictReader(io.StringIO((folder / "combined" / f"{table}.csv").read_text("utf-8"))))
        for table in TABLES
    }
    return folder, expected


def read_back(path: Path, sheet: str | None = None) -> tuple[list[str], list[list]]:
    book = openpyxl.load_workbook(path, data_only=True)  # formulas as Calc computed them
    rows = [list(row) for row in (book[sheet] if sheet else book.active).iter_rows(values_only=True)]
    return [str(name) for name in rows[0]], rows[1:]


def column_types(table: str) -> dict[str, str]:
    return {column.name: column.type for column in next(t for t in combined.TABLES if t.name == table).columns}


def check_cell(table: str, name: str, kind: str, written: str, got) -> None:
    where = f"{table}.{name}: {written!r} read as {got!r}"
    if written == "":
        assert got in (None, ""), where
    elif kind == "number":
        assert isinstance(got, int | float) and not isinstance(got, bool), where
        assert abs(Decimal(str(got)) - Decimal(written)) < Decimal("1e-9"), where
    elif kind in ("integer", "boolean"):
        assert isinstance(got, int | float) and int(got) == int(written), where
    elif kind == "date":
        assert isinstance(got, datetime | date) and got.strftime("%Y-%m-%d") == written, where
    else:
        assert isinstance(got, str) and got == written, where


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("table", TABLES)
def test_calc_reads_every_excel_csv_cell_as_written(opened, locale, table):
    folder, expected = opened
    header, rows = read_back(folder / locale / f"{table}.xlsx")
    assert header == list(expected[table][0].keys())
    assert len(rows) == len(expected[table])
    kinds = column_types(table)
    for row, wanted in zip(rows, expected[table], strict=True):
        for name, got in zip(header, row, strict=True):
            check_cell(table, name, kinds[name], wanted[name], got)


def test_the_tricky_cells_are_among_those_checked(opened):
    _, expected = opened
    long = expected["long"]
    values = {(row["measure_id"], row["measure_text"], row["decision_number"], row["amount"]) for row in long}
    assert ("1.2", LONG_DASH_TEXT, "24/9", "12.0") in values
    assert any(row[1] == FORMULA_TEXT for row in values)
    assert ("1.9", "Виготовлення соціальної міської реклами", "24/9", "25.4015") in values
    assert {row["measure_id"] for row in long} >= {"1.1", "3.6.1", "3.6.2", "4.3"}  # ids Calc would take for dates


def test_calc_reads_the_workbook_as_a_person_would_use_it(opened):
    folder, expected = opened
    book = openpyxl.load_workbook(folder / "xlsx" / "tables.xlsx", data_only=True)  # as Calc saved what it read
    assert book.sheetnames == [table.name for table in combined.TABLES]
    # Frozen panes are view settings, which a headless Calc has no view to keep: read them from the file as written.
    ours = openpyxl.load_workbook(folder / "combined" / "tables.xlsx")
    assert [ours[name].freeze_panes for name in ours.sheetnames] == ["A2"] * len(combined.TABLES)
    for table in TABLES:
        sheet = book[table]
        names = [cell.value for cell in sheet[1]]
        assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(names))}{len(expected[table]) + 1}"
        assert all(cell.font.bold for cell in sheet[1])
        kinds = column_types(table)
        for index, name in enumerate(names, 1):
            width = column_width(sheet, index)
            assert len(name) < width <= xlsx.MAX_WIDTH + 1, (table, name, width)
            cells = [row[index - 1] for row in sheet.iter_rows(min_row=2)]
            written = [row[name] for row in expected[table]]
            for cell, text in zip(cells, written, strict=True):
                check_cell(table, name, kinds[name], text, cell.value)
                if text and kinds[name] == "number":
                    assert cell.number_format == "#,##0.0##", (table, name, cell.number_format)
                if text and kinds[name] == "date":
                    assert cell.number_format.replace("\\", "") == "dd.mm.yyyy", cell.number_format
    # A measure text is wider than a measure id, and both are sized to what they hold.
    long = book["long"]
    index = {cell.value: cell.column for cell in long[1]}
    assert column_width(long, index["measure_text"]) == xlsx.MAX_WIDTH
    assert column_width(long, index["measure_id"]) < 15


def column_width(sheet, index: int) -> float:
    """A column's width; Calc writes neighbours of equal width as one range, which openpyxl keys by its first column."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= index <= dimension.max:
            return dimension.width
    raise AssertionError(f"column {index} has no width")

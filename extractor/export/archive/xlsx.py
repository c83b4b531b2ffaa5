"""An XLSX workbook of the combined tables, one sheet per table, the same bytes for the same data.

Excel reads XLSX without the separator and decimal-comma trouble of CSV, and
the workbook is ready to use: each column as wide as its contents (up to
``MAX_WIDTH``), the header row bold and frozen, an autofilter over the table,
amounts as exact numbers shown ``#,##0.0##`` (``# ##0,0##`` under Ukrainian
settings: 2 321,5; 25,401), dates as dates (``dd.mm.yyyy``), ids and other
texts as text (never guessed: ``1.1`` stays ``1.1``), booleans as booleans.
openpyxl stamps the time of saving into ``docProps/core.xml`` and into every
zip entry; both are pinned here so a re-run over the same catalogue gives a
byte-identical file.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from typing import Any

import regex
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .combined import Column, Table

MAX_ROWS = 1_048_576 - 1  # Excel's sheet limit, less the header row
MAX_WIDTH = 60  # characters; longer texts (measure texts, results) are cut off at the column's edge
WIDTH_SAMPLE = 2000  # rows looked at to size a column
# By Frictionless type: the format code is locale-free (``,`` groups, ``.`` decimal); each app shows it in its locale.
NUMBER_FORMATS = {"number": "#,##0.0##", "date": "dd.mm.yyyy"}
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_CORE_TIME = "1980-01-01T00:00:00Z"
# <dcterms:created xsi:type="dcterms:W3CDTF">2026-11-26T13:10:00Z</dcterms:created>, and the same for modified
CORE_TIMESTAMP = regex.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
# Characters XML 1.0 cannot hold; openpyxl refuses them.
ILLEGAL_XML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_value(value: Any, column: Column) -> Any:
    if value is None:
        return None
    if column.type == "number" and isinstance(value, str | int | float):
        return Decimal(str(value))  # amounts are stored as exact decimal strings
    if column.type == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value  # not a whole ISO date: kept as written
    if column.type == "boolean":
        return bool(value)
    if isinstance(value, str):
        return ILLEGAL_XML.sub("\ufffd", value)
    return value


def shown_width(value: Any) -> int:
    """Roughly how many characters a cell shows (numbers with their thousands separators and a decimal)."""
    if value is None:
        return 0
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return len(f"{value:,.3f}".rstrip("0")) + 1
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def widths(table: Table, rows: list[tuple[Any, ...]]) -> list[float]:
    """Per column: the widest of its header and its first ``WIDTH_SAMPLE`` values, plus a margin for the filter button."""
    found = []
    for index, column in enumerate(table.columns):
        values = (cell_value(row[index], column) for row in rows[:WIDTH_SAMPLE])
        widest = max((shown_width(value) for value in values), default=0)
        found.append(float(min(MAX_WIDTH, max(len(column.name) + 3, widest + 2))))
    return found


def workbook_bytes(tables: tuple[Table, ...], rows_by_table: dict[str, list[tuple[Any, ...]]]) -> bytes:
    """The workbook holding every table in ``rows_by_table``; a table over Excel's row limit continues on more sheets."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        rows = rows_by_table[table.name]
        chunks = [rows[start : start + MAX_ROWS] for start in range(0, len(rows), MAX_ROWS)] or [[]]
        formats = [NUMBER_FORMATS.get(column.type) for column in table.columns]
        for number, chunk in enumerate(chunks, 1):
            sheet = workbook.create_sheet(table.name if number == 1 else f"{table.name} ({number})")
            for index, width in enumerate(widths(table, chunk), 1):
                sheet.column_dimensions[get_column_letter(index)].width = width
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(chunk) + 1}"
            header = []
            for column in table.columns:
                cell = WriteOnlyCell(sheet, value=column.name)
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            for row in chunk:
                cells = zip(row, table.columns, formats, strict=True)
                sheet.append([styled(sheet, cell_value(value, column), shown) for value, column, shown in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return pinned(buffer.getvalue())


def styled(sheet: Any, value: Any, number_format: str | None) -> Any:
    """``value`` as a cell with ``number_format``, or bare when it needs none (cheaper to write).

    A text beginning with ``=`` is written as text: openpyxl would store it as a formula, and a document's
    text must never become one.
    """
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if number_format is None or value is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def pinned(xlsx: bytes) -> bytes:
    """``xlsx`` with every timestamp (zip entries, document properties) set to a fixed value."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "docProps/core.xml":
                content = CORE_TIMESTAMP.sub(rb"\g<1>" + FIXED_CORE_TIME.encode() + rb"\g<2>", content)
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return buffer.getvalue()

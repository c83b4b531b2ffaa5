"""An XLSX workbook of the combined tables, one sheet per table, the same bytes for the same data.

Excel reads XLSX without the separator and decimal-comma trouble of CSV.
openpyxl stamps the time of saving into ``docProps/core.xml`` and into every
zip entry; both are pinned here so a re-run over the same catalogue gives a
byte-identical file.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

import regex
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .combined import Column, Table

MAX_ROWS = 1_048_576 - 1  # Excel's sheet limit, less the header row
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_CORE_TIME = "1980-01-01T00:00:00Z"
# <dcterms:created xsi:type="dcterms:W3CDTF">2026-11-26T13:10:00Z</dcterms:created>, and the same for modified
CORE_TIMESTAMP = regex.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
# Characters XML 1.0 cannot hold; openpyxl refuses them.
ILLEGAL_XML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_value(value: Any, column: Column) -> Any:
    if value is None:
        return None
    if column.type == "number" and isinstance(value, str):
        return Decimal(value)  # amounts are stored as exact decimal strings
    if isinstance(value, str):
        return ILLEGAL_XML.sub("\ufffd", value)
    return value


def workbook_bytes(tables: tuple[Table, ...], rows_by_table: dict[str, list[tuple[Any, ...]]]) -> bytes:
    """The workbook holding every table in ``rows_by_table``; a table over Excel's row limit continues on more sheets."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        rows = rows_by_table[table.name]
        chunks = [rows[start : start + MAX_ROWS] for start in range(0, len(rows), MAX_ROWS)] or [[]]
        for number, chunk in enumerate(chunks, 1):
            sheet = workbook.create_sheet(table.name if number == 1 else f"{table.name} ({number})")
            sheet.freeze_panes = "A2"
            header = []
            for column in table.columns:
                cell = WriteOnlyCell(sheet, value=column.name)
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            for row in chunk:
                sheet.append([cell_value(value, column) for value, column in zip(row, table.columns, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return pinned(buffer.getvalue())


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

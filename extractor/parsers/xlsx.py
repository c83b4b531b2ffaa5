"""XLSX annexes, read with openpyxl.

A spreadsheet annex holds the header block and heading in the first rows
(one filled cell each), then the table, then the signature. Merged cells
keep their value in the top-left cell; the cells they cover are read empty,
as the DOCX parser reads merged cells. Numbers become text with a decimal comma
and the decimals the cell's number format shows (``850,5`` for ``# ##0.0``), so
the normaliser reads every format the same way; no float ever reaches an amount.
A float is read at the 15 significant digits a double holds (a cached
``SUM`` stored as ``192.39999999999998`` is ``192,4``), and digits the format
hides are kept when they are a typed amount (``25.401`` under ``# ##0.0`` is
``25,401``, not the ``25,4`` on screen), see ``number_text``.

The table of a sheet runs from the first to the last row with at least three
filled cells; rows above it are paragraphs before, rows below it paragraphs after.

What a workbook declares is checked before openpyxl allocates it
(``check_declared_sizes``): the cells of each sheet, the area of its merged
ranges (openpyxl makes one object per merged cell), the shared strings. A sheet
is read from the cells it holds, never from its declared dimension, so one
cell at ``XFD1048576`` costs one cell; a value beyond ``MAX_ROWS`` ×
``MAX_COLUMNS`` is an error, never dropped in silence.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import regex

from ..errors import DamagedFileError, HostileFileError, NoProgrammeTableError
from ..model import Location, ParsedDocument, SourceCell, SourceRow, SourceTable
from .archive import open_zip

MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = 500_000  # cells a workbook declares (``<c>`` elements), merged cells counted
MAX_SHARED_STRINGS = 500_000
# What the XML of a workbook declares, read from its bytes before openpyxl sees it (a prefix such as x: allowed):
#   <c r="B7" s="3" t="s">   <mergeCell ref="A1:C2"/>   <sst count="120" uniqueCount="80">   <si><t>…</t></si>
CELL_ELEMENT = regex.compile(rb"<(?:\w+:)?c[\s/>]")
MERGED_RANGE = regex.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=[\"'](?P<first>[A-Za-z]+\d+)(?::(?P<last>[A-Za-z]+\d+))?")
SHARED_STRING = regex.compile(rb"<(?:\w+:)?si[\s>]")
DECLARED_UNIQUE = regex.compile(rb"<(?:\w+:)?sst\s[^>]*?uniqueCount=[\"'](?P<count>\d+)")
CELL_REFERENCE = regex.compile(r"(?P<column>[A-Za-z]{1,3})(?P<row>\d{1,7})")
# The decimals a number format shows: "0.0" → 1, "#,##0.00" → 2, "# ##0.0" → 1, "General" → as stored
FORMAT_DECIMALS = regex.compile(r"0\.(?P<zeros>0+)")
# A double holds 15 significant decimal digits exactly; the digits after them are binary noise.
FLOAT_DIGITS = 15
# Amounts have at most 3 decimals (thousand UAH to the hryvnia; UAH to the kopeck has 2). A value with more
# decimals than its format shows but no more than these was typed so and is kept; one with more is computed
# (a division) and is read as the format shows it.
TYPED_DECIMALS = 3


def number_text(value: int | float, number_format: str) -> str:
    """A number as text with a decimal comma: its typed digits, padded to the decimals its format shows.

    ==========================  ===========  ===========  ====================================
    stored value                format       text         why
    ==========================  ===========  ===========  ====================================
    1250.5                      # ##0.0      1250,5
    1250.5                      #,##0.00     1250,50      padded to what the format shows
    25.401                      # ##0.0      25,401       typed digits the format hides are kept
    192.39999999999998          # ##0.0      192,4        float noise of a cached SUM
    333.3333333333333           # ##0.0      333,3        computed (over 3 decimals): as shown
    34.0                        General      34
    ==========================  ===========  ===========  ====================================
    """
    number = Decimal(format(value, f".{FLOAT_DIGITS}g")) if isinstance(value, float) else Decimal(value)
    exponent = number.as_tuple().exponent
    typed_decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    shown = FORMAT_DECIMALS.search(number_format or "")
    if shown:
        shown_decimals = len(shown["zeros"])
        if typed_decimals <= shown_decimals or typed_decimals > TYPED_DECIMALS:
            number = number.quantize(Decimal(1).scaleb(-shown_decimals))
    elif typed_decimals == 0:
        number = number.quantize(Decimal(1))
    return format(number, "f").replace(".", ",")


def cell_text(value: Any, number_format: str) -> str:
    """A cell's value as text (numbers by ``number_text``, dates as ``DD.MM.YYYY``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number_text(value, number_format)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def reference(text: str) -> tuple[int, int]:
    """``(row, column)`` of a cell reference such as ``XFD1048576``."""
    match = CELL_REFERENCE.fullmatch(text)
    if match is None:
        raise DamagedFileError(f"damaged XLSX (cell reference {text!r})")
    column = 0
    for letter in match["column"].upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match["row"]), column


def check_declared_sizes(data: bytes) -> None:
    """Refuse a workbook that declares more cells, merged area or shared strings than an annex can have."""
    with open_zip(data, "XLSX") as archive:
        cells = shared = 0
        for entry in archive.infolist():
            if entry.is_dir() or not entry.filename.lower().endswith(".xml"):
                continue
            try:
                part = archive.read(entry)
            except Exception:  # noqa: BLE001 - a damaged entry is openpyxl's to report
                continue
            cells += len(CELL_ELEMENT.findall(part))
            for merged in MERGED_RANGE.finditer(part):
                (top, left), (bottom, right) = (
                    reference(merged["first"].decode()),
                    reference((merged["last"] or merged["first"]).decode()),
                )
                cells += (abs(bottom - top) + 1) * (abs(right - left) + 1)
            shared += len(SHARED_STRING.findall(part))
            declared = DECLARED_UNIQUE.search(part)
            if declared and int(declared["count"]) > MAX_SHARED_STRINGS:
                raise HostileFileError(f"XLSX declares {int(declared['count'])} shared strings (limit {MAX_SHARED_STRINGS})")
            if cells > MAX_CELLS:
                raise HostileFileError(f"XLSX declares more than {MAX_CELLS} cells (merged ranges counted)")
            if shared > MAX_SHARED_STRINGS:
                raise HostileFileError(f"XLSX holds more than {MAX_SHARED_STRINGS} shared strings")


def sheet_rows(sheet: Any) -> list[list[tuple[str, ...]]]:
    """Each row of a sheet as the lines of each cell (merged ranges read once, at the top left).

    Built from the cells the sheet holds (openpyxl's ``_cells``), so a sheet's size is that of its content.
    """
    filled: dict[tuple[int, int], tuple[str, ...]] = {}
    for (row, column), cell in sheet._cells.items():
        if cell.value is None:
            continue
        if row > MAX_ROWS or column > MAX_COLUMNS:
            raise HostileFileError(
                f"XLSX sheet {sheet.title!r} has a value at {cell.coordinate}, beyond the {MAX_ROWS} rows"
                f" and {MAX_COLUMNS} columns an annex is read in"
            )
        text = cell_text(cell.value, getattr(cell, "number_format", ""))
        filled[row, column] = tuple(line.strip() for line in text.splitlines() if line.strip())
    if not filled:
        return []
    last_row = max(row for row, _ in filled)
    last_column = max(column for _, column in filled)
    return [
        [filled.get((row, column), ()) for column in range(1, last_column + 1)] for row in range(1, last_row + 1)
    ]


def paragraph(cells: list[tuple[str, ...]]) -> str:
    """A row outside the table as one paragraph; cells apart by wide spaces, as a signature line is."""
    return "   ".join("\n".join(lines) for lines in cells if lines)


def parse(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse an XLSX workbook: one table per sheet that has one."""
    check_declared_sizes(data)
    import openpyxl  # imported here: only XLSX needs it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    # openpyxl raises anything from KeyError to XML errors on a broken package
    except Exception as error:  # noqa: BLE001
        raise DamagedFileError(f"damaged XLSX ({type(error).__name__}: {error})") from error

    before: list[str] = []
    after: list[str] = []
    tables: list[SourceTable] = []
    for sheet in workbook.worksheets:
        rows = sheet_rows(sheet)
        wide = [number for number, cells in enumerate(rows) if sum(1 for lines in cells if lines) >= 3]
        if not wide:
            continue
        first, last = wide[0], wide[-1]
        index = len(tables) + 1
        source_rows = []
        for number in range(first, last + 1):
            location = Location(table=index, row=number - first + 1)
            cells = tuple(SourceCell(lines=lines, locations=(location,)) for lines in rows[number])
            source_rows.append(SourceRow(cells=cells, location=location))
        if not tables:
            before.extend(text for text in (paragraph(cells) for cells in rows[:first]) if text)
        after = [text for text in (paragraph(cells) for cells in rows[last + 1 :]) if text]
        tables.append(SourceTable(rows=tuple(source_rows), index=index))
    if not tables:
        raise NoProgrammeTableError("no table found in the XLSX workbook")
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="xlsx",
        before=tuple(before),
        after=tuple(after),
        tables=tuple(tables),
    )

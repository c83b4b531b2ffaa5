"""Table rows into logical rows: page-broken rows joined, headers and totals told apart.

A page break cuts a long row in two: the rest continues at the top of the next
page as a row with no number in the section and measure columns. Such a
*continuation row* belongs to the row above, cell by cell; it is never a new
measure. A header repeated on a new page, or its row of column numbers, is
dropped and counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..model import ExtractionWarning, Location, SourceCell, SourceRow, SourceTable, Where
from .columns import ColumnMap, is_repeated_header
from .text import LEADING_NUMBER, collapse_spaces

# A section number cell: "1.", "2", "II.", "Розділ 1"
SECTION_NUMBER = regex.compile(r"^\s*(?:Розділ\s+)?(?P<number>\d{1,2}|[IVXІХ]{1,5})\.?(?:\s+(?P<title>\S.*))?$", regex.DOTALL)
# A total row: its label, in whichever cell it stands.
TOTAL_LABEL = regex.compile(r"^\s*(?:Всього|Усього|Разом|Загалом|Підсумок)\b", regex.IGNORECASE)


@dataclass(frozen=True)
class LogicalRow:
    """One row of the annex as a person reads it: a source row and its continuations."""

    kind: str  # "entry" (a measure, maybe opening a section) | "section" | "total"
    cells: tuple[SourceCell, ...]
    source_rows: tuple[SourceRow, ...]

    def cell(self, column: int | None) -> SourceCell:
        if column is None or column >= len(self.cells):
            return SourceCell()
        return self.cells[column]

    def text(self, column: int | None) -> str:
        return self.cell(column).text

    @property
    def locations(self) -> tuple[Location, ...]:
        return tuple(row.location for row in self.source_rows)


def join_cells(upper: SourceCell, lower: SourceCell) -> SourceCell:
    """Join a continuation cell to the cell above it."""
    return SourceCell(lines=upper.lines + lower.lines, locations=upper.locations + lower.locations)


def join_rows(upper: LogicalRow, lower: SourceRow) -> LogicalRow:
    """Join a continuation row to the logical row above, cell by cell."""
    width = max(len(upper.cells), len(lower.cells))
    cells = tuple(join_cells(upper.cell(index), lower.cell(index)) for index in range(width))
    return LogicalRow(upper.kind, cells, upper.source_rows + (lower,))


def section_number(row: SourceRow, columns: ColumnMap) -> str | None:
    """The section number a row opens, if it opens one."""
    column = columns.get("section_number")
    text = collapse_spaces(row.cell(column).text) if column is not None else ""
    match = SECTION_NUMBER.match(text) if text else None
    return match["number"] if match else None


def measure_number(row: SourceRow, columns: ColumnMap) -> str | None:
    match = LEADING_NUMBER.match(row.cell(columns.get("measure")).text)
    return match["number"] if match else None


def is_total(row: SourceRow, columns: ColumnMap) -> bool:
    label_columns = [columns.get(role) for role in ("section_number", "direction", "measure")]
    return any(TOTAL_LABEL.match(row.cell(column).text) for column in label_columns if column is not None)


def is_section_row(row: SourceRow, columns: ColumnMap) -> bool:
    """A row that only names a section, spanning the table (``1. Збереження культурної спадщини``).

    Its one text (a merged cell may repeat it) stands in the first column or in
    the section/direction column, never only in the measures column.
    """
    filled = [(index, collapse_spaces(cell.text)) for index, cell in enumerate(row.cells) if not cell.is_empty]
    if not filled or len({text for _, text in filled}) != 1:
        return False
    label_columns = {0, columns.get("section_number"), columns.get("direction")}
    match = SECTION_NUMBER.match(filled[0][1])
    return filled[0][0] in label_columns and bool(match and match["title"])


def logical_rows(table: SourceTable, columns: ColumnMap) -> tuple[list[LogicalRow], int, list[ExtractionWarning]]:
    """Group a table's data rows into logical rows.

    Returns the rows, the number of repeated header rows dropped, and warnings.
    """
    grouped: list[LogicalRow] = []
    dropped = table.dropped_header_rows
    warnings: list[ExtractionWarning] = []
    for row in table.rows[columns.header_rows :]:
        if all(cell.is_empty for cell in row.cells):
            continue
        if is_repeated_header(row, columns):
            dropped += 1
            continue
        if is_total(row, columns):
            grouped.append(LogicalRow("total", row.cells, (row,)))
        elif is_section_row(row, columns):
            grouped.append(LogicalRow("section", row.cells, (row,)))
        elif section_number(row, columns) or measure_number(row, columns):
            grouped.append(LogicalRow("entry", row.cells, (row,)))
        elif grouped and grouped[-1].kind != "section":
            grouped[-1] = join_rows(grouped[-1], row)
        else:
            warnings.append(
                ExtractionWarning(
                    "orphan_row",
                    "a row with no measure number and no measure above it to continue: "
                    + collapse_spaces(" | ".join(cell.text for cell in row.cells if not cell.is_empty))[:120],
                    Where(page=row.location.page, table=row.location.table, row=row.location.row, line=row.location.line),
                )
            )
    return grouped, dropped, warnings

"""Find a table's columns by what their headers say, never by position.

Header wordings seen in published annexes (each maps to one role)::

    № п/п · № з/п · №                                     section_number
    Назва напрямку діяльності (пріоритетні завдання)      direction
    Перелік заходів Програми · Зміст заходу · Заходи      measure
    Термін виконання · Строк виконання · Терміни          term
    Виконавці · Відповідальні виконавці                   executors
    Джерела фінансування                                  sources
    Орієнтовні / Орієнтовані обсяги фінансування (тис.грн.) · Обсяг фінан-сування   funding
    Очікувані результати · Очікуваний результат           result
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..model import SourceRow, SourceTable
from .text import LEADING_NUMBER, collapse_spaces

ROLES = ("section_number", "direction", "measure", "term", "executors", "sources", "funding", "result")

# Each role's header, as a pattern over the header text with hyphenation and spaces removed.
HEADER_PATTERNS: dict[str, regex.Pattern[str]] = {
    "section_number": regex.compile(r"^№(?:п/п|з/п|пп|зп)?\.?$|^(?:№)?п/п$|^№\s*напрям", regex.IGNORECASE),
    "direction": regex.compile(r"напрям|пріоритетн\w*завдан|завдання", regex.IGNORECASE),
    "measure": regex.compile(r"заход|найменуванн|змістзаход", regex.IGNORECASE),
    "term": regex.compile(r"термін|строк|період(?:виконання)?$", regex.IGNORECASE),
    "executors": regex.compile(r"виконав|відповідальн", regex.IGNORECASE),
    "sources": regex.compile(r"джерел", regex.IGNORECASE),
    "funding": regex.compile(r"обсяг\w*фінанс|орієнт\w*обсяг|фінансування\(тис|^обсяги?|вартість|сума", regex.IGNORECASE),
    "result": regex.compile(r"очікуван|результат", regex.IGNORECASE),
}
# Roles whose header patterns overlap: the more specific wins (a "Джерела фінансування" header is sources).
PRIORITY = ("section_number", "sources", "funding", "term", "executors", "result", "measure", "direction")

# A row of column numbers: 1 2 3 … 8 (each cell a small integer, in order).
COLUMN_NUMBERS = regex.compile(r"^\d{1,2}$")


@dataclass(frozen=True)
class ColumnMap:
    """Which grid column holds each role (None: the table has no such column)."""

    columns: dict[str, int]
    header_rows: int  # rows above the data: header rows and the column-numbers row
    header_texts: tuple[str, ...]

    def get(self, role: str) -> int | None:
        return self.columns.get(role)


def squeeze(text: str) -> str:
    """Header text without spaces, line breaks and line-end hyphens: ``фінан-\\nсування`` → ``фінансування``."""
    return regex.sub(r"-\s*\n\s*|\s+", "", text)


def header_role(text: str) -> str | None:
    """The role a header cell's text names, if any."""
    squeezed = squeeze(text)
    if not squeezed:
        return None
    for role in PRIORITY:
        if HEADER_PATTERNS[role].search(squeezed):
            return role
    return None


def is_column_numbers_row(row: SourceRow) -> bool:
    """A row like ``1 2 3 4 5 6 7 8`` under the header."""
    values = [collapse_spaces(cell.text) for cell in row.cells if not cell.is_empty]
    if len(values) < 3 or not all(COLUMN_NUMBERS.match(value) for value in values):
        return False
    numbers = [int(value) for value in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def map_columns(table: SourceTable, max_header_rows: int = 4) -> ColumnMap | None:
    """Map roles to columns from the header rows at the top of ``table``; None if it is no measures table."""
    columns: dict[str, int] = {}
    header_rows = 0
    texts: list[str] = []
    for row in table.rows[:max_header_rows]:
        if is_column_numbers_row(row):
            header_rows += 1
            break
        if header_rows and any(LEADING_NUMBER.match(cell.text) for cell in row.cells if not cell.is_empty):
            break  # a data row: it starts with a number
        roles = {index: header_role(cell.text) for index, cell in enumerate(row.cells)}
        found = {index: role for index, role in roles.items() if role}
        if len(found) < 2 and header_rows > 0:
            break  # the first data row
        if len(found) < 2:
            return None
        header_rows += 1
        texts.extend(collapse_spaces(cell.text) for cell in row.cells if not cell.is_empty)
        for index, role in found.items():
            columns.setdefault(role, index)
    if "measure" not in columns and "direction" in columns:
        # Some annexes name the measures column "Напрями/заходи": one column does both.
        columns["measure"] = columns.pop("direction")
    if "measure" not in columns:
        return None
    return ColumnMap(columns=columns, header_rows=header_rows, header_texts=tuple(texts))


def is_repeated_header(row: SourceRow, column_map: ColumnMap) -> bool:
    """A header row repeated at the top of a later page."""
    if is_column_numbers_row(row):
        return True
    roles = [header_role(cell.text) for cell in row.cells]
    return sum(1 for role in roles if role) >= max(2, len(column_map.columns) // 2)


def header_text(table: SourceTable, columns: ColumnMap, role: str) -> str:
    """The header rows' text above the column of ``role`` (empty when the table has none)."""
    column = columns.get(role)
    if column is None:
        return ""
    return " ".join(row.cell(column).text for row in table.rows[: columns.header_rows])

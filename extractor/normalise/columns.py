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

One column per year under a merged funding header (two- and three-row headers)::

    Обсяги фінансування, тис. грн   (merged over the columns below)
    Всього │ у тому числі за роками   (merged over the years)
           │ 2021 рік │ 2022 рік │ 2023 рік

gives ``years`` {2021: i, 2022: i+1, 2023: i+2} and ``row_total`` (the
per-measure ``Всього`` column). A row of column numbers ends the header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

import regex

from ..model import SourceRow, SourceTable
from .text import LEADING_NUMBER, collapse_spaces

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

# Whole header words, for headers the patterns miss through a typo (``Виконавеці``, ``Джерела фінансуваня``).
FUZZY_WORDS: dict[str, tuple[str, ...]] = {
    "sources": ("джерела",),
    "funding": ("обсяги", "обсяг", "орієнтовні", "фінансування"),
    "term": ("термін", "терміни", "строк", "строки"),
    "executors": ("виконавці", "виконавець", "відповідальні"),
    "result": ("очікувані", "очікуваний", "результати", "результат"),
    "measure": ("заходи", "заходів", "захід", "найменування"),
}
FUZZY_RATIO = 0.8

# A row of column numbers: 1 2 3 … 8 (each cell a small integer, in order).
COLUMN_NUMBERS = regex.compile(r"^\d{1,2}$")

# A year column's header: 2021 · 2021 рік · 2021 р. · 2021р · у 2022 році · на 2023 рік
YEAR_HEADER = regex.compile(
    r"""^(?:(?:у|в|на)\s+)?
    (?P<year>(?:19|20)\d{2})
    \s*(?:р\.?|рік|року|році|рр\.?)?\s*[.,:]?\s*
    (?:\(?\s*(?:тис\.?\s*)?грн\.?\s*\)?)?$""",
    regex.VERBOSE | regex.IGNORECASE,
)
# The per-measure total column's header: Всього · Усього · Разом · Всього, тис. грн
TOTAL_HEADER = regex.compile(
    r"^(?:всього|усього|разом)\s*[.,:]?\s*(?:\(?\s*(?:тис\.?\s*)?грн\.?\s*\)?)?$", regex.IGNORECASE
)
# Header cells that only group the cells below them: у тому числі за роками · за роками · тис. грн
GROUPING_HEADER = regex.compile(
    r"^(?:у\s+тому\s+числі|в\s+тому\s+числі|в\s*т\.\s*ч\.?|у\s*т\.\s*ч\.?)?[\s,:]*"
    r"(?:(?:за|по)\s+рок(?:ами|ах)|роки|тис\.?\s*грн\.?|грн\.?)?[\s.:]*$",
    regex.IGNORECASE,
)


@dataclass(frozen=True)
class ColumnMap:
    """Which grid column holds each role (None: the table has no such column)."""

    columns: dict[str, int]
    header_rows: int  # rows above the data: header rows and the column-numbers row
    header_texts: tuple[str, ...]
    years: dict[int, int] = field(default_factory=dict)  # year → its column, when each year has one
    row_total: int | None = None  # the per-measure "Всього" column beside the year columns
    unmapped: tuple[str, ...] = ()  # header texts that name no known column

    @property
    def has_year_columns(self) -> bool:
        return bool(self.years)

    def get(self, role: str) -> int | None:
        return self.columns.get(role)


def squeeze(text: str) -> str:
    """Header text without spaces, line breaks and line-end hyphens: ``фінан-\\nсування`` → ``фінансування``."""
    return regex.sub(r"-\s*\n\s*|\s+", "", text)


def header_role(text: str) -> str | None:
    """The role a header cell's text names, if any: by keyword first, then by a near-miss of a whole word."""
    return keyword_role(text) or fuzzy_role(text)


def keyword_role(text: str) -> str | None:
    """The role a header cell's text names by one of its keywords."""
    squeezed = squeeze(text)
    if not squeezed:
        return None
    return next((role for role in PRIORITY if HEADER_PATTERNS[role].search(squeezed)), None)


def fuzzy_role(text: str) -> str | None:
    """The role whose header word a word of ``text`` nearly spells (one or two letters off)."""
    words = set(regex.findall(r"\p{L}{4,}", regex.sub(r"-\s*\n\s*", "", text).lower()))
    for role in PRIORITY:
        for known in FUZZY_WORDS.get(role, ()):
            if any(near_miss(word, known) for word in words):
                return role
    return None


def near_miss(word: str, known: str) -> bool:
    """``SequenceMatcher.ratio() >= FUZZY_RATIO``, with difflib's cheap upper bounds tried first (long data cells)."""
    matcher = SequenceMatcher(None, word, known)
    return matcher.real_quick_ratio() >= FUZZY_RATIO and matcher.quick_ratio() >= FUZZY_RATIO and matcher.ratio() >= FUZZY_RATIO


def year_header(text: str) -> int | None:
    """The year a year column's header names (``2021 рік``), if it is one."""
    match = YEAR_HEADER.match(collapse_spaces(text))
    return int(match["year"]) if match else None


def is_total_header(text: str) -> bool:
    return bool(TOTAL_HEADER.match(collapse_spaces(text)))


def is_years_row(row: SourceRow) -> bool:
    """A header row of year columns (maybe with the ``Всього`` column): ``2021 рік │ 2022 рік │ Всього``."""
    values = [cell.text for cell in row.cells if not cell.is_empty]
    years = [value for value in values if year_header(value)]
    return len(years) >= 1 and all(year_header(value) or is_total_header(value) for value in values)


def is_column_numbers_row(row: SourceRow) -> bool:
    """A row like ``1 2 3 4 5 6 7 8`` under the header."""
    values = [collapse_spaces(cell.text) for cell in row.cells if not cell.is_empty]
    if len(values) < 3 or not all(COLUMN_NUMBERS.match(value) for value in values):
        return False
    numbers = [int(value) for value in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def map_columns(table: SourceTable, max_header_rows: int = 5) -> ColumnMap | None:
    """Map roles to columns from the header rows at the top of ``table``; None if it is no measures table.

    The first row must name at least two roles. The rows below it belong to the
    header while they name roles, years or a ``Всього`` column (a two- or
    three-row header under merged cells); a row of column numbers ends it.
    """
    columns: dict[str, int] = {}
    years: dict[int, int] = {}
    row_total: int | None = None
    header_rows = 0
    texts: list[str] = []
    unmapped: list[str] = []
    for row in table.rows[:max_header_rows]:
        if is_column_numbers_row(row):
            header_rows += 1 if header_rows else 0
            break
        filled = {index: cell.text for index, cell in enumerate(row.cells) if not cell.is_empty}
        found = {index: role for index, text in filled.items() if (role := header_role(text))}
        year_cells = {index: year for index, text in filled.items() if (year := year_header(text))}
        total_cells = [index for index, text in filled.items() if is_total_header(text)]
        if header_rows == 0 and len(found) < 2:
            return None
        if header_rows and any(LEADING_NUMBER.match(text) for index, text in filled.items() if index not in year_cells):
            break  # a data row: it starts with a number
        if header_rows and len(found) < 2 and not year_cells and not total_cells:
            break  # the first data row
        header_rows += 1
        texts.extend(collapse_spaces(text) for text in filled.values())
        for index, role in found.items():
            if index not in year_cells:
                columns.setdefault(role, index)
        for index, year in year_cells.items():
            years.setdefault(year, index)
        if total_cells and row_total is None and header_rows > 1:
            row_total = total_cells[0]
        for index, text in filled.items():
            if index not in found and index not in year_cells and index not in total_cells and not GROUPING_HEADER.match(
                collapse_spaces(text)
            ):
                unmapped.append(collapse_spaces(text))
    if "measure" not in columns and "direction" in columns:
        # Some annexes name the measures column "Напрями/заходи": one column does both.
        columns["measure"] = columns.pop("direction")
    if "measure" not in columns:
        return None
    if years and row_total is None:
        # A "Всього" header beside the years in the first row (a one-row header)
        first_row = enumerate(table.rows[0].cells)
        row_total = next((index for index, cell in first_row if is_total_header(cell.text) and index not in years.values()), None)
    return ColumnMap(
        columns=columns,
        header_rows=header_rows,
        header_texts=tuple(texts),
        years=dict(sorted(years.items())),
        row_total=row_total,
        unmapped=tuple(unmapped),
    )


def is_repeated_header(row: SourceRow, column_map: ColumnMap) -> bool:
    """A header row repeated at the top of a later page.

    Asked of every data row, so it stays cheap: the header's own texts first,
    then keywords; the fuzzy near-miss matching is for the first header only.
    """
    if is_column_numbers_row(row) or (column_map.has_year_columns and is_years_row(row)):
        return True
    texts = [cell.text for cell in row.cells if not cell.is_empty]
    known = {squeeze(text).lower() for text in column_map.header_texts}
    if sum(1 for text in texts if squeeze(text).lower() in known) >= max(2, len(texts) // 2):
        return True
    roles = [keyword_role(text) for text in texts]
    return sum(1 for role in roles if role) >= max(2, len(column_map.columns) // 2)


def header_text(table: SourceTable, columns: ColumnMap, role: str) -> str:
    """The header rows' text above the column of ``role`` (empty when the table has none)."""
    column = columns.get(role)
    if column is None:
        return ""
    return " ".join(row.cell(column).text for row in table.rows[: columns.header_rows])


def all_header_text(table: SourceTable, columns: ColumnMap) -> str:
    """Every header row's text, for what no single column says (a unit over the year columns)."""
    return " ".join(cell.text for row in table.rows[: columns.header_rows] for cell in row.cells)

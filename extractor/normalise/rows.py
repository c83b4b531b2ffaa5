"""Table rows into logical rows: page-broken rows joined, headers, sub-items, sources and totals told apart.

A page break cuts a long row in two: the rest continues at the top of the next
page as a row with no number in the section and measure columns. Such a
*continuation row* belongs to the row above, cell by cell; it is never a new
measure. A header repeated on a new page, or its row of column numbers, is
dropped and counted.

Rows without a number that are not continuations (each kind seen in annexes)::

    1. Збереження культурної спадщини            (one text across the table)  section
    у тому числі: │ … │ 300,0 │ 300,0           (a sub-item marker and rows   subitem
    фестиваль «Древлянські джерела» │ 300,0      with their own amounts)
    Заходи по благоустрою с. Роздольне │ 184,9   (a text and an amount, no     subitem
                                                 marker, under a measure)
        │ │ Обласний бюджет │ 200,0 │ 200,0     (a row per funding source,     part
        │ Департамент охорони здоров’я │ 957,0    per executor, or per year;
        │ 2017 │ 34,0                            the measure cells merged down)
    Всього по Програмі │ … │ 5 000,0              (and the rows below it:        total
    в т.ч. міський бюджет │ … │ 3 000,0           its figures per source)
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..model import ExtractionWarning, Location, SourceCell, SourceRow, SourceTable, Where
from . import grid
from .columns import ColumnMap, is_repeated_header, squeeze
from .funding import SUBITEM_MARKER
from .text import LEADING_NUMBER, collapse_spaces, is_annex_word

# A section number cell: "1.", "2", "II.", "Розділ 1"
SECTION_NUMBER = regex.compile(r"^\s*(?:Розділ\s+)?(?P<number>\d{1,2}|[IVXІХ]{1,5})\.?(?:\s+(?P<title>\S.*))?$", regex.DOTALL)
# A total row: its label, in whichever cell it stands.
TOTAL_LABEL = regex.compile(r"^\s*(?:Всього|Усього|Разом|Загалом|Підсумок)\b", regex.IGNORECASE)
# A measure number in the "№ з/п" column: 1.1 · 1.1. · 2.10 · 3) · 1,2 (OCR reads a dot as a comma; never an amount here)
NUMBER_CELL = regex.compile(r"^\s*(?P<number>\d{1,3}(?:[.,]\d{1,3})+)\.?\s*$|^\s*(?P<plain>\d{1,3})[.)]?\s*$")
# A piece of a number a narrow column wrapped: "1.1." over "1."
NUMBER_PIECE = regex.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\.\s*$")
# What a sub-item row's text may start with besides the marker: a dash, a bullet, "1)", "а)".
SUBITEM_BULLET = regex.compile(r"^\s*(?:[-–—•·]\s*|\d{1,2}\)\s*|[а-яіїє]\)\s*)")


@dataclass(frozen=True)
class LogicalRow:
    """One row of the annex as a person reads it: a source row and its continuations.

    ``kind``: "entry" (a measure, maybe opening a section), "section", "total",
    "subitem" (a part of the measure above, with its own amounts) or "part"
    (more of the measure above's amounts: one more funding source, executor or year).
    """

    kind: str
    cells: tuple[SourceCell, ...]
    source_rows: tuple[SourceRow, ...]
    number: str | None = None  # the measure number read from the "№" column, when the measure cell has none

    def cell(self, column: int | None) -> SourceCell:
        if column is None or column >= len(self.cells):
            return SourceCell()
        return self.cells[column]

    def text(self, column: int | None) -> str:
        return self.cell(column).text

    @property
    def locations(self) -> tuple[Location, ...]:
        return tuple(row.location for row in self.source_rows)


# A word's letters, apostrophes included.
WORD = regex.compile(r"[\p{L}'’]+")


@dataclass(frozen=True)
class Words:
    """What a table spells: every word, and the words standing inside a line (a cut word's head only ends one)."""

    spelled: frozenset[str]
    standing: frozenset[str]


def table_words(table: SourceTable) -> Words:
    spelled: set[str] = set()
    standing: set[str] = set()
    for row in table.rows:
        for cell in row.cells:
            for line in cell.lines:
                found = WORD.findall(line.casefold())
                spelled.update(found)
                if found and line.rstrip().casefold().endswith(found[-1]):
                    found.pop()
                standing.update(found)
    return Words(frozenset(spelled), frozenset(standing))


# A cut word's head at a line's end and its tail at the next line's start (lower case: never a new name).
LINE_END_WORD = regex.compile(r"[\p{L}'’]+$")
LINE_START_TAIL = regex.compile(r"^\p{Ll}[\p{L}'’]*")


# The words of one letter (a conjunction, a preposition, a particle): any other letter alone is a word's cut-off end.
ONE_LETTER_WORDS = frozenset("аійвузожбя")


def cut_word(head: str, tail: str, words: Words) -> bool:
    """Whether ``head`` + ``tail`` is one word a line end cut: the table spells it whole, it is an annex word, or the
    tail is a letter no word is alone (``природни`` / ``х ресурсів``)."""
    whole = (head + tail).casefold()
    if len(tail) == 1 and tail.casefold() not in ONE_LETTER_WORDS and head[-1:].islower():
        return True
    return whole in words.spelled or (is_annex_word(whole) and not is_annex_word(head))


def rejoin_cut_words(cell: SourceCell, words: Words) -> SourceCell:
    """Rejoin a word a narrow column cut with no hyphen (``облдержадмініст`` / ``рації``) inside a cell.

    Only with evidence: the table spells the whole word elsewhere, or the whole is a
    word every annex uses and the head is none (``обласни`` / ``й бюджет``,
    ``text.ANNEX_WORD``); and never when the table writes the head inside a line
    (``за`` / ``хід`` stay two words).
    """
    if len(cell.lines) < 2:
        return cell
    lines = list(cell.lines)
    index = 0
    changed = False
    while index < len(lines) - 1:
        upper, lower = lines[index].rstrip(), lines[index + 1].lstrip()
        head, tail = LINE_END_WORD.search(upper), LINE_START_TAIL.match(lower)
        if head and tail and head[0].casefold() not in words.standing and cut_word(head[0], tail[0], words):
            lines[index] = upper + tail[0]
            rest = lower[tail.end() :].lstrip()
            if rest:
                lines[index + 1] = rest
                index += 1
            else:
                del lines[index + 1]
            changed = True
            continue
        index += 1
    return SourceCell(lines=tuple(lines), locations=cell.locations) if changed else cell


def rejoin_row_words(row: SourceRow, words: Words) -> SourceRow:
    cells = tuple(rejoin_cut_words(cell, words) for cell in row.cells)
    if all(new is old for new, old in zip(cells, row.cells, strict=True)):
        return row
    return SourceRow(cells=cells, location=row.location, break_before=row.break_before)


def join_cells(upper: SourceCell, lower: SourceCell, words: Words | None = None) -> SourceCell:
    """Join a continuation cell to the cell above it.

    A word the page break cut with no hyphen (``консультативног`` | ``о забезпечення``)
    is rejoined by the rule for words a narrow column cut (``rejoin_cut_words``).
    """
    joined = SourceCell(lines=upper.lines + lower.lines, locations=upper.locations + lower.locations)
    return rejoin_cut_words(joined, words) if words is not None else joined


def join_rows(upper: LogicalRow, lower: SourceRow, words: Words | None = None) -> LogicalRow:
    """Join a continuation row to the logical row above, cell by cell."""
    width = max(len(upper.cells), len(lower.cells))
    cells = tuple(join_cells(upper.cell(index), lower.cell(index), words) for index in range(width))
    return LogicalRow(upper.kind, cells, upper.source_rows + (lower,), upper.number)


def section_number(row: SourceRow, columns: ColumnMap) -> str | None:
    """The section number a row opens, if it opens one."""
    column = columns.get("section_number")
    text = collapse_spaces(row.cell(column).text) if column is not None else ""
    match = SECTION_NUMBER.match(text) if text else None
    return match["number"] if match else None


def measure_number(row: SourceRow, columns: ColumnMap) -> str | None:
    match = LEADING_NUMBER.match(row.cell(columns.get("measure")).text)
    return match["number"] if match else None


def number_column_measure(row: SourceRow, columns: ColumnMap, sections_span: bool) -> str | None:
    """A measure number in the "№" column: dotted (``1.1.``) always; plain (``3``) when no section has a cell in the row.

    Sections have no cell in a measure's row when they have rows of their own,
    or when the table has no direction column at all.
    """
    column = columns.get("section_number")
    if column is None or column == columns.get("measure"):
        return None
    lines = row.cell(column).lines
    # a narrow № column wraps a long number: 1.1. / 1. is 1.1.1.
    text = "".join(lines) if len(lines) > 1 and all(NUMBER_PIECE.match(line) for line in lines) else " ".join(lines)
    match = NUMBER_CELL.match(collapse_spaces(text))
    if not match:
        return None
    if match["number"]:
        return match["number"].replace(",", ".")
    return match["plain"] if sections_span or columns.get("direction") is None else None


def label_columns(columns: ColumnMap) -> list[int]:
    """Columns a row's label (a total's or a section's) can stand in."""
    found = [columns.get(role) for role in ("section_number", "direction", "measure")]
    return list(dict.fromkeys([0] + [column for column in found if column is not None]))


def is_total(row: SourceRow, columns: ColumnMap) -> bool:
    return any(TOTAL_LABEL.match(row.cell(column).text) for column in label_columns(columns))


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


def has_amounts(row: SourceRow | LogicalRow, columns: ColumnMap) -> bool:
    """Whether the row names money of its own: an amount (a lone dash too, in a grid) or a year/amount pair."""
    grid_layout = columns.has_year_columns
    for column in columns.amount_columns:
        money = grid.read_cell(row.cell(column.index).text, column)
        if money.figures or money.parts_unlabelled or (grid_layout and money.no_amount):
            return True
    return False


def names_a_part(row: SourceRow, columns: ColumnMap) -> bool:
    """A numberless row that says whose or which amounts it holds: a source, an executor, or a year in the term cell."""
    labels = [columns.get("sources"), *columns.executor_columns()]
    if any(column is not None and not row.cell(column).is_empty for column in labels):
        return True
    term = columns.get("term")
    return term is not None and grid.year_label(row.cell(term).text) is not None


def opens_subitems(row: SourceRow | LogicalRow, columns: ColumnMap) -> bool:
    """A measure cell that ends with "у тому числі:": the rows below with their own amounts are its sub-items."""
    text = collapse_spaces(row.cell(columns.get("measure")).text)
    markers = list(SUBITEM_MARKER.finditer(text))
    return bool(markers) and not text[markers[-1].end() :].strip(" :.-–—")


def starts_with_marker(row: SourceRow, columns: ColumnMap) -> bool:
    """A sub-item row: its measure cell starts with "у тому числі".

    Not when the funding cell holds the marker too: then the sub-items and
    their amounts are inside the cells (a page-broken row of the one-cell layout).
    """
    text = SUBITEM_BULLET.sub("", row.cell(columns.get("measure")).text, count=1)
    if SUBITEM_MARKER.match(text.lstrip()) is None:
        return False
    return columns.has_year_columns or SUBITEM_MARKER.search(row.cell(columns.get("funding")).text) is None


def column_headers(table: SourceTable, columns: ColumnMap) -> dict[int, str]:
    """Each column's whole header text, squeezed (no spaces, no line-end hyphens), lower case."""
    headers: dict[int, list[str]] = {}
    for row in table.rows[: columns.header_rows]:
        for index, cell in enumerate(row.cells):
            text = squeeze(cell.text).lower()
            if text and (not headers.get(index) or headers[index][-1] != text):
                headers.setdefault(index, []).append(text)
    return {index: "".join(texts) for index, texts in headers.items()}


def without_header_overflow(row: SourceRow, repeated: dict[int, str], headers: dict[int, str]) -> SourceRow:
    """The first row under a header repeated on a new page, without the header's text that ran into it.

    A tall header cell repeated on a page may be drawn over the rule below it
    (``Прогнозний обсяг … для`` in the header, ``виконання`` in the row under
    it): a cell that only carries on its column's repeated header text is not the row's.
    """
    cells = list(row.cells)
    for index, cell in enumerate(cells):
        text = squeeze(cell.text).lower()
        shown = repeated.get(index)
        full = headers.get(index, "")
        if text and shown and not regex.search(r"\d", text) and full.startswith(shown + text):
            cells[index] = SourceCell(locations=cell.locations)
    if cells == list(row.cells):
        return row
    return SourceRow(cells=tuple(cells), location=row.location, break_before=row.break_before)


def logical_rows(table: SourceTable, columns: ColumnMap) -> tuple[list[LogicalRow], int, list[ExtractionWarning]]:
    """Group a table's data rows into logical rows.

    Returns the rows, the number of repeated header rows dropped, and warnings.
    """
    grouped: list[LogicalRow] = []
    dropped = table.dropped_header_rows
    warnings: list[ExtractionWarning] = []
    words = table_words(table)
    data_rows = [
        rejoin_row_words(row, words) for row in table.rows[columns.header_rows :] if not all(c.is_empty for c in row.cells)
    ]
    sections_span = any(is_section_row(row, columns) and not is_total(row, columns) for row in data_rows)
    in_subitems = False  # below a "у тому числі:" of the current measure
    headers = column_headers(table, columns)
    repeated: dict[int, str] = {}  # the header rows just dropped, column by column
    for row in data_rows:
        previous = grouped[-1].kind if grouped else None
        if is_repeated_header(row, columns):
            dropped += 1
            for index, cell in enumerate(row.cells):
                if not cell.is_empty:
                    repeated[index] = repeated.get(index, "") + squeeze(cell.text).lower()
            continue
        if repeated:
            row = without_header_overflow(row, repeated, headers)
            repeated = {}
            if all(cell.is_empty for cell in row.cells):
                continue
        if is_total(row, columns):
            grouped.append(LogicalRow("total", row.cells, (row,)))
            in_subitems = False
            continue
        if is_section_row(row, columns):
            grouped.append(LogicalRow("section", row.cells, (row,)))
            in_subitems = False
            continue
        number = number_column_measure(row, columns, sections_span)
        if section_number(row, columns) or measure_number(row, columns) or number:
            entry = LogicalRow("entry", row.cells, (row,), None if measure_number(row, columns) else number)
            grouped.append(entry)
            in_subitems = opens_subitems(row, columns)
            continue
        measure_cell_empty = row.cell(columns.get("measure")).is_empty
        own_money = has_amounts(row, columns)
        above_has_money = bool(grouped) and has_amounts(grouped[-1], columns)
        if previous == "total" and own_money:
            grouped.append(LogicalRow("total", row.cells, (row,)))  # the total's figures per source
        elif previous in ("entry", "subitem", "part") and starts_with_marker(row, columns):
            grouped.append(LogicalRow("subitem", row.cells, (row,)))
            in_subitems = True
        elif in_subitems and own_money and not measure_cell_empty:
            grouped.append(LogicalRow("subitem", row.cells, (row,)))
        elif (
            previous in ("entry", "subitem", "part")
            and own_money
            and measure_cell_empty
            and names_a_part(row, columns)
            # in the one-cell layout, a numberless row right after a page break is the rest of the cut row
            and (columns.has_year_columns or not row.break_before)
        ):
            grouped.append(LogicalRow("part", row.cells, (row,)))
        elif (
            previous in ("entry", "subitem", "part")
            and own_money
            and not measure_cell_empty
            # a page break may cut a row: the part below it with an amount is the rest of a row that had none
            and (not row.break_before or (columns.has_year_columns and above_has_money))
            and not SUBITEM_MARKER.search(" ".join(row.cell(c.index).text for c in columns.amount_columns))
        ):
            # a text with its own amount under a measure that has one, with no "у тому числі": a part of it
            grouped.append(LogicalRow("subitem", row.cells, (row,)))
        elif grouped and previous != "section":
            grouped[-1] = join_rows(grouped[-1], row, words)
            in_subitems = in_subitems or (grouped[-1].kind == "entry" and opens_subitems(grouped[-1], columns))
        elif not measure_cell_empty and (own_money or not grouped):
            # a measure with no number, first in the table or under a section row
            grouped.append(LogicalRow("entry", row.cells, (row,)))
            in_subitems = opens_subitems(row, columns)
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

"""Page after page, table fragments stitched into logical tables.

Fragments join when their columns line up: a repeated header or column-number
row at the top of a page is dropped and counted; the first row kept on a new
page gets ``break_before``; the text a vertically merged cell carries over a
page break goes back to the cell it started in; a word the page break cut with
no hyphen is rejoined by the rule used within a page. A row the page break cut
(no number, text in other cells) is left as it is: the normaliser joins it to
the row above.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ...model import Location, SourceCell, SourceRow, SourceTable
from .model import EDGE_TOLERANCE, Box, PageCell, PageRow, TableFragment
from .words import continues_word

# A scanned page's table is printed at its own scale and offset: its column edges, as shares of the table's
# width, line up with the text pages' within this share.
SCANNED_EDGE_TOLERANCE = 0.02
# How many rows at the top of a table a repeated header may take.
MAX_HEADER_ROWS = 4


def weakest(first: float | None, second: float | None) -> float | None:
    """The lower of two confidences, where a text layer's cell (None) has none to lower it."""
    if first is None or second is None:
        return second if first is None else first
    return min(first, second)


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def row_texts(cells: Iterable[SourceCell]) -> tuple[str, ...]:
    return tuple(normalised(cell.text) for cell in cells)


def is_column_numbers(texts: tuple[str, ...]) -> bool:
    """``1 2 3 … 8``: each non-empty cell a small integer, counting up by one."""
    values = [text for text in texts if text]
    if len(values) < 3 or not all(value.isdigit() and len(value) <= 2 for value in values):
        return False
    numbers = [int(value) for value in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


@dataclass
class LogicalTable:
    """A table being assembled from the fragments of consecutive pages."""

    index: int
    edges: tuple[float, ...]
    ruled: bool
    scanned: bool = False  # the fragment that gave the edges was read by OCR
    rows: list[list[PageCell | None]] = field(default_factory=list)
    row_boxes: list[tuple[int, Box]] = field(default_factory=list)  # page and box of each row
    breaks: set[int] = field(default_factory=set)  # rows a page break stands before
    dropped_header_rows: int = 0
    # Per column, the row where the cell covering the bottom of the last fragment starts, if it spans rows.
    open_merges: dict[int, int] = field(default_factory=dict)

    def columns_of(self, fragment: TableFragment) -> list[int] | None:
        """Map the fragment's columns onto this table's, or None when they do not line up.

        Ruled fragments line up when their outer edges meet and each column lies
        mostly within one of the table's. Unruled ones only know where their
        text stands (an empty column leaves no trace), so each column goes to
        the table column its middle falls in.
        """
        if not (fragment.ruled and self.ruled):
            if fragment.ruled != self.ruled:
                return None
            inner = list(self.edges[1:-1])
            return [bisect_right(inner, centre) for centre in fragment.centres]
        if abs(fragment.edges[0] - self.edges[0]) > EDGE_TOLERANCE or abs(fragment.edges[-1] - self.edges[-1]) > EDGE_TOLERANCE:
            return self.scanned_columns(fragment) if fragment.scanned or self.scanned else None
        mapping = []
        for left, right in zip(fragment.edges, fragment.edges[1:], strict=False):
            columns = enumerate(zip(self.edges, self.edges[1:], strict=False))
            overlaps = [(min(right, b) - max(left, a), column) for column, (a, b) in columns]
            overlap, column = max(overlaps)
            if overlap < 0.5 * (right - left):
                return None
            mapping.append(column)
        return mapping

    def scanned_columns(self, fragment: TableFragment) -> list[int] | None:
        """A scanned page's columns, one for one, when its edges line up with the table's as shares of the width."""
        if len(fragment.edges) != len(self.edges):
            return None

        def shares(edges: tuple[float, ...]) -> list[float]:
            return [(edge - edges[0]) / (edges[-1] - edges[0]) for edge in edges]

        if any(abs(a - b) > SCANNED_EDGE_TOLERANCE for a, b in zip(shares(fragment.edges), shares(self.edges), strict=True)):
            return None
        return list(range(len(self.edges) - 1))


def source_cell(cell: PageCell | None, table: int, row: int) -> SourceCell:
    if cell is None:
        return SourceCell(locations=(Location(table=table, row=row),))
    location = Location(table=table, row=row, page=cell.page, bbox=cell.box, confidence=cell.confidence)
    return SourceCell(lines=tuple(cell.lines), locations=(location,))


class TableAssembler:
    """Stitch table fragments, page after page, into logical tables."""

    def __init__(self) -> None:
        self.tables: list[LogicalTable] = []
        self.current: LogicalTable | None = None  # the table the next page may continue

    def add(self, fragment: TableFragment, page: int, first_on_page: bool) -> None:
        mapping = self.current.columns_of(fragment) if self.current is not None and first_on_page else None
        if self.current is None or mapping is None:
            self.current = LogicalTable(len(self.tables) + 1, fragment.edges, fragment.ruled, fragment.scanned)
            self.tables.append(self.current)
            self.append_rows(self.current, fragment, list(range(len(fragment.edges) - 1)), page, continued=False)
        else:
            self.append_rows(self.current, fragment, mapping, page, continued=True)

    def end_of_page(self, had_text_below: bool) -> None:
        """A paragraph under the last fragment ends its table; otherwise the next page may continue it."""
        if had_text_below:
            self.current = None

    def append_rows(self, table: LogicalTable, fragment: TableFragment, mapping: list[int], page: int, continued: bool) -> None:
        width = len(table.edges) - 1
        rows = [self.grid_row(row, mapping, width) for row in fragment.rows]
        if continued:
            rows = rows[self.repeated_header_rows(table, rows) :]
            table.breaks.add(len(table.rows))
            if rows:
                self.carry_merged_text(table, fragment, rows[0], mapping)
                if table.rows:
                    self.join_cut_words(table.rows[-1], rows[0])
        start = len(table.rows)
        table.rows.extend(rows)
        kept = fragment.rows[len(fragment.rows) - len(rows) :]
        table.row_boxes.extend((page, row.box) for row in kept)
        # Cells reaching the fragment's bottom from a row above the last: merges that may go on over the page break.
        table.open_merges = {}
        bottom = fragment.box[3]
        for offset, row in enumerate(kept):
            for column, cell in zip(mapping, row.cells, strict=False):
                if cell is not None and abs(cell.box[3] - bottom) <= EDGE_TOLERANCE and offset < len(kept) - 1:
                    table.open_merges[column] = start + offset

    @staticmethod
    def grid_row(row: PageRow, mapping: list[int], width: int) -> list[PageCell | None]:
        cells: list[PageCell | None] = [None] * width
        for column, cell in zip(mapping, row.cells, strict=False):
            if cell is None:
                continue
            present = cells[column]
            if present is None:
                cells[column] = replace(cell, lines=list(cell.lines))
            else:
                present.lines.extend(cell.lines)
                present.confidence = weakest(present.confidence, cell.confidence)
                present.end = cell.end
        return cells

    @staticmethod
    def repeated_header_rows(table: LogicalTable, rows: list[list[PageCell | None]]) -> int:
        """How many rows at the top of a continuing fragment repeat the table's header or column numbers."""
        header = [tuple(normalised("\n".join(c.lines)) if c else "" for c in row) for row in table.rows[:MAX_HEADER_ROWS]]
        dropped = 0
        for row in rows[:MAX_HEADER_ROWS]:
            texts = tuple(normalised("\n".join(c.lines)) if c else "" for c in row)
            if not any(texts):
                break
            if texts in header or is_column_numbers(texts):
                dropped += 1
            else:
                break
        table.dropped_header_rows += dropped
        return dropped

    @staticmethod
    def join_cut_words(above: list[PageCell | None], below: list[PageCell | None]) -> None:
        """Rejoin a word the page break cut without a hyphen (``консультативног`` | ``о забезпечення``).

        The same rule as within a page (``continues_word``); the rest of the word
        moves up to the line it belongs to.
        """
        for upper, lower in zip(above, below, strict=False):
            if upper is None or lower is None or upper.end is None or not upper.lines or not lower.lines:
                continue
            if continues_word(upper.end, lower.lines[0], lower.first_width):
                tail, _, rest = lower.lines[0].partition(" ")
                upper.lines[-1] += tail
                if rest:
                    lower.lines[0] = rest
                else:
                    del lower.lines[0]

    @staticmethod
    def carry_merged_text(table: LogicalTable, fragment: TableFragment, first: list[PageCell | None], mapping: list[int]) -> None:
        """Give text a vertically merged cell carries over a page break back to the cell it started in.

        Only when the merge goes on (the cell spans rows on both pages) and the
        leftmost such cell, the row's number, is empty on the new page: a number
        there starts a new merged block (a new section), not the rest of one.
        """
        if not table.open_merges:
            return
        # The first row ends where its shortest cell does; a cell reaching lower spans the rows below too.
        row_bottom = min(cell.box[3] for cell in first if cell is not None)
        spanning = sorted(
            column
            for column, cell in enumerate(first)
            if cell is not None and column in table.open_merges and cell.box[3] > row_bottom + EDGE_TOLERANCE
        )
        if not spanning or first[spanning[0]] is None or first[spanning[0]].lines:  # type: ignore[union-attr]
            return
        if all(column in spanning for column, cell in enumerate(first) if cell is not None and cell.lines):
            return  # nothing but merged text on the row: the normaliser joins it as a continuation anyway
        for column in spanning:
            cell = first[column]
            origin = table.rows[table.open_merges[column]][column]
            if cell is not None and cell.lines and origin is not None:
                origin.lines.extend(cell.lines)
                origin.confidence = weakest(origin.confidence, cell.confidence)
                cell.lines = []


def source_tables(tables: list[LogicalTable]) -> tuple[SourceTable, ...]:
    result = []
    for table in tables:
        rows = []
        for number, (cells, (page, box)) in enumerate(zip(table.rows, table.row_boxes, strict=True), start=1):
            location = Location(table=table.index, row=number, page=page, bbox=box)
            rows.append(
                SourceRow(
                    cells=tuple(source_cell(cell, table.index, number) for cell in cells),
                    location=location,
                    break_before=(number - 1) in table.breaks,
                )
            )
        result.append(SourceTable(rows=tuple(rows), index=table.index, dropped_header_rows=table.dropped_header_rows))
    return tuple(result)

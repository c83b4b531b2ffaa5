"""The records that flow through the pipeline.

Two families, one per side of the normaliser:

* what a parser gives: ``ParsedDocument`` → ``SourceTable`` → ``SourceRow`` →
  ``SourceCell``, plain text with provenance and no notion of measures or money;
* what the normaliser builds: ``Document`` with its ``Decision``,
  ``Programme``, ``Measure`` and ``FundingRecord`` records.

Everything is a frozen dataclass with tuple fields, so records hash, compare
and diff cleanly. Money is ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

    from .frames import FlatRecord

SCHEMA_VERSION = "1.2"  # 1.2: funding records carry source_nominative (contract 1.2, additive)


# --- What parsers produce -------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where a piece of text was read: enough for a person to find it."""

    table: int | None = None  # 1-based table index in the document
    row: int | None = None  # 1-based row index in that table
    page: int | None = None  # 1-based page (PDF)
    line: int | None = None  # 1-based line (text export)
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom (PDF points)
    confidence: float | None = None  # OCR: the weakest word's confidence in the cell, 0-100


@dataclass(frozen=True)
class LineReadings:
    """OCR: a line of a cell that was read more than one way (an amount), and where that part of the cell is."""

    line: int  # 0-based index in the cell's lines
    others: tuple[str, ...]  # the other well-formed readings of it
    unsure: bool  # the readings did not settle it (an ocr_digits_unsure warning names it)
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class SourceCell:
    """One table cell: its lines of text, in reading order."""

    lines: tuple[str, ...] = ()
    locations: tuple[Location, ...] = ()
    readings: tuple[LineReadings, ...] = ()  # OCR: lines read more than one way, for the declared totals to settle

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def is_empty(self) -> bool:
        return not "".join(self.lines).strip()  # no line holds anything but white space


@dataclass(frozen=True)
class SourceRow:
    """One table row as the file holds it; a page break may have cut it."""

    cells: tuple[SourceCell, ...]
    location: Location
    break_before: bool = False  # a page break stands right before this row

    def cell(self, column: int | None) -> SourceCell:
        if column is None or column >= len(self.cells):
            return SourceCell()
        return self.cells[column]


@dataclass(frozen=True)
class SourceTable:
    rows: tuple[SourceRow, ...]
    index: int  # 1-based
    dropped_header_rows: int = 0  # repeated headers a parser already removed


@dataclass(frozen=True)
class ParsedDocument:
    """A file read by a parser: paragraphs around the tables, and the tables."""

    file_name: str
    sha256: str
    format: str
    before: tuple[str, ...]  # paragraphs above the first table
    after: tuple[str, ...]  # paragraphs below the last table
    tables: tuple[SourceTable, ...]
    pages: int | None = None
    notes: tuple[str, ...] = ()  # how the file was read (converted by …, OCR, …)
    # paragraphs right below each table, up to the next one (the last is ``after``); empty when a parser does not tell
    between: tuple[tuple[str, ...], ...] = ()
    warnings: tuple[ExtractionWarning, ...] = ()  # what the parser could not settle (an unsure OCR cell, …)


# --- What the normaliser builds -------------------------------------------


@dataclass(frozen=True)
class Where:
    """Where a warning points to."""

    page: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    measure: str | None = None
    column: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class ExtractionWarning:
    """Something the extractor noticed and could not settle."""

    code: str
    message: str
    where: Where = Where()


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    format: str
    pages: int | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    council: str | None = None
    session: int | None = None
    convocation: str | None = None
    date: str | None = None  # ISO 8601
    number: str | None = None
    annex: str | None = None

    @property
    def identifier(self) -> str | None:
        if self.number and self.date:
            return f"{self.number}-{self.date}"
        return None


@dataclass(frozen=True)
class Programme:
    title: str | None
    period_start: int | None
    period_end: int | None
    unit: str | None  # "thousand_uah" | "uah"; None when the document states no unit anywhere


@dataclass(frozen=True)
class Signatory:
    position: str | None
    name: str | None


@dataclass(frozen=True)
class Section:
    number: str
    title: str | None


@dataclass(frozen=True)
class Term:
    raw: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class FundingRecord:
    """One amount cell of the table with all its coordinates (contract 1.1)."""

    year: int | None  # None: the amount covers the measure's term (no year column, row, cell, header or one-year term)
    amount: Decimal  # in the document's unit, as written
    amount_uah: Decimal | None  # None only when the document states no unit (a unit_missing warning)
    raw: str
    source: str | None = None  # the funding source the amount belongs to (a source column, row or in-cell breakdown)
    executor: str | None = None  # set when one measure has several executor rows, each with its own amounts
    expense: str | None = None  # an expense-type axis of the grid (``капітальні вкладення``), when it has one
    # contract 1.2: the source's name in the nominative, for summing by source (``Обласний бюджет`` for ``обласного
    # бюджету``); set whenever ``source`` is
    source_nominative: str | None = None


@dataclass(frozen=True)
class Provenance:
    table: int | None
    rows: tuple[int, ...]
    pages: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()
    # OCR'd cells only: per field of the measure ("text", "term", "executors", "sources", "funding", "result"),
    # the lowest confidence (0-100) of the cells it was read from; empty when no cell was OCR'd.
    confidence: tuple[tuple[str, float], ...] = ()

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None


@dataclass(frozen=True)
class Measure:
    id: str
    section: str | None
    parent: str | None
    text: str
    term: Term | None
    executors: tuple[str, ...]
    sources: tuple[str, ...]
    funding_status: str  # funded | not_required | separate_programme | unknown
    funding: tuple[FundingRecord, ...]
    result: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Total:
    year: int | None  # None: amounts that cover the measures' terms
    computed_uah: Decimal | None  # None when the document states no unit
    declared_uah: Decimal | None = None


@dataclass(frozen=True)
class DeclaredTotal:
    """A figure the document states as a total (a total column, row or in-cell total), checked against what it covers.

    Its coordinates say what it totals (``None``: all of that axis); ``measure``
    is the measure whose row or rows it stands in, None for a total row or a
    total cell spanning several measures; ``status`` is matched, mismatch or
    unchecked (no record of its source, or it covers measures the table does
    not list).
    """

    label: str
    declared: Decimal  # as written, in the document's unit
    declared_uah: Decimal | None
    computed: Decimal | None  # the sum of what it covers, in the document's unit; None when nothing could be matched
    computed_uah: Decimal | None
    status: str  # matched | mismatch | unchecked
    where: Where
    year: int | None = None
    source: str | None = None
    executor: str | None = None
    expense: str | None = None
    measure: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class Document:
    source: Source
    decision: Decision
    programme: Programme
    signatory: Signatory
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    totals: tuple[Total, ...]
    warnings: tuple[ExtractionWarning, ...] = field(default=())
    schema_version: str = SCHEMA_VERSION
    declared_totals: tuple[DeclaredTotal, ...] = ()
    # contract 1.1: the decision a restated annex (``… в редакції рішення …``) or an amending decision changes
    amends: Decision | None = None

    @property
    def funding_records(self) -> tuple[FundingRecord, ...]:
        return tuple(record for measure in self.measures for record in measure.funding)

    # The analyst's view; the logic is in frames.py (``totals`` is the contract's field, hence ``yearly_totals``).
    def records(self) -> list[FlatRecord]:
        """One flat row per funding record, with its measure's id, parent, section and text."""
        from .frames import records

        return records(self)

    def yearly_totals(self) -> dict[int | None, Decimal]:
        """Planned hryvnias per year over top-level measures ("в т.ч." sub-items are inside their parents)."""
        from .frames import yearly_totals

        return yearly_totals(self)

    def totals_by_source(self) -> dict[tuple[int | None, str | None], Decimal]:
        """Planned hryvnias per (year, source in the nominative) over top-level measures."""
        from .frames import totals_by_source

        return totals_by_source(self)

    def to_frame(self) -> pandas.DataFrame:
        """A pandas DataFrame of the funding records, one row each, the document's metadata in columns."""
        from .frames import to_frame

        return to_frame(self)

"""Logical rows into sections and measures, with their sub-items; their money read by ``grid.py``.

A measure's id is ``section.measure`` (``1.2``) or the dotted number the
document gives (``1.1.1``, parent ``1.1``); the sub-items that follow a
"в т.ч." marker in its text are child measures ``1.2.1``, ``1.2.2`` whose
amounts are the groups that follow the marker in the funding cell, matched in
order. Children are parts of their parent's money, not additions to it.

A measure's block is its row and the part rows below it (a row per funding
source, per executor or per year, the measure's own cells merged down): every
amount cell of the block is one record with the coordinates of its column and
its row. Every declared figure (a total column, a total row, an in-cell total
or breakdown) is checked against what it covers; see ``grid.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import regex

from ..model import DeclaredTotal, ExtractionWarning, FundingRecord, Measure, Provenance, Section, Term, Total, Where
from . import grid
from .columns import ColumnMap
from .funding import SUBITEM_MARKER, YearAmount, amount_in_uah, funding_status
from .grid import Check, Coordinates, Covered, Extent, Figure, RowMoney
from .rows import SECTION_NUMBER, SUBITEM_BULLET, TOTAL_LABEL, LogicalRow
from .text import clean_cell, collapse_spaces, join_lines, split_executors, split_sources, strip_dangling, strip_measure_number

YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Terms with no year that need no warning: the measure runs as long as the programme.
OPEN_TERMS = regex.compile(r"постійно|щорічно|щоквартально|щомісячно|протягом|весь\s+період|у\s+міру|по\s+мірі", regex.IGNORECASE)
# An open end: "2011 рік та подальші періоди"
LATER_PERIODS = regex.compile(r"подальш\w*\s+(?:період|рок)", regex.IGNORECASE)
# A term written inside the measure text: "(2011 рік та подальші періоди)", "(2019-2020 роки)"
TERM_IN_TEXT = regex.compile(
    r"""\(\s*(?P<raw>(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\s*(?:р\.|рр\.|рік|роки|року)?
    (?:\s*(?:та|і|й)\s+подальш\w*\s+(?:періоди|роки))?)\s*\)""",
    regex.VERBOSE | regex.IGNORECASE,
)

# Total labels that name a part of the programme, not all of it: Разом за розділом 1 · Всього по напряму
PART_TOTAL = regex.compile(r"розділ|напрям|підпрограм|завданн", regex.IGNORECASE)
# The section a part's total names by number: Усього за розділом 1 · Разом по напряму 2.
SECTION_IN_TOTAL = regex.compile(
    r"(?:розділ|напрям|підпрограм|завданн)\w*\s+(?:№\s*)?(?P<number>\d{1,2})(?![\d.,])", regex.IGNORECASE
)
WHOLE_TOTAL = regex.compile(r"програм", regex.IGNORECASE)


@dataclass(frozen=True)
class TotalRow:
    """A total row's figures and what it totals: a section (``section``) or the whole programme."""

    label: str
    figures: tuple[Figure, ...]
    where: Where
    section: str | None = None


@dataclass(frozen=True)
class TableContent:
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    total_rows: tuple[TotalRow, ...]
    declared: tuple[DeclaredTotal, ...]  # every declared figure of a measure's rows, checked
    warnings: tuple[ExtractionWarning, ...]


def parse_term(text: str) -> Term | None:
    """``2017-2020 роки`` → 2017..2020; ``2017`` → 2017..2017; ``2011 рік та подальші періоди`` → 2011..; None for none."""
    raw = collapse_spaces(text)
    if not raw:
        return None
    years = [int(year) for year in YEAR.findall(raw)]
    if not years:
        return Term(raw=raw, start=None, end=None)
    return Term(raw=raw, start=min(years), end=None if LATER_PERIODS.search(raw) else max(years))


# A measure's fields in the order ``provenance.confidence`` lists them, and the column role each is read from.
CONFIDENCE_FIELDS = {"text": "measure", "term": "term", "executors": "executors", "sources": "sources", "funding": "funding",
                     "result": "result"}  # fmt: skip
Confidence = tuple[tuple[str, float], ...]  # (field, lowest OCR confidence), in the fields' order


def field_confidence(row: LogicalRow, columns: ColumnMap) -> Confidence:
    """Per field, the lowest OCR confidence of the cells it is read from (fields with no OCR'd cell left out).

    The lowest, not an average: one badly read word (an amount's digit) is
    what a person checking the figures must be sent to.
    """
    found = []
    for name, role in CONFIDENCE_FIELDS.items():
        if role == "funding":
            field_columns: list[int | None] = [column.index for column in columns.amount_columns]
        elif role == "executors":
            field_columns = list(columns.executor_columns())
        else:
            field_columns = [columns.get(role)]
        values = [
            location.confidence
            for column in dict.fromkeys(field_columns)
            if column is not None
            for location in row.cell(column).locations
            if location.confidence is not None
        ]
        if values:
            found.append((name, round(min(values), 1)))
    return tuple(found)


def provenance(rows: tuple[LogicalRow, ...] | LogicalRow, columns: ColumnMap | None = None) -> Provenance:
    locations = rows.locations if isinstance(rows, LogicalRow) else tuple(loc for row in rows for loc in row.locations)
    pages = tuple(dict.fromkeys(loc.page for loc in locations if loc.page is not None))
    confidence: Confidence = ()
    if columns is not None:
        for row in (rows,) if isinstance(rows, LogicalRow) else rows:
            confidence = merge_confidence(confidence, field_confidence(row, columns))
    return Provenance(
        table=locations[0].table if locations else None,
        rows=tuple(loc.row for loc in locations if loc.row is not None),
        pages=pages,
        lines=tuple(loc.line for loc in locations if loc.line is not None),
        confidence=confidence,
    )


def merge_confidence(first: Confidence, second: Confidence) -> Confidence:
    """Two measures' field confidences as one: the lower where both have a field, in the fields' order."""
    merged = dict(first)
    for name, value in second:
        merged[name] = min(value, merged.get(name, value))
    return tuple((name, merged[name]) for name in CONFIDENCE_FIELDS if name in merged)


def where_of(row: LogicalRow, measure: str | None = None, column: str | None = None) -> Where:
    first = row.source_rows[0].location
    return Where(page=first.page, table=first.table, row=first.row, line=first.line, measure=measure, column=column)


def split_subitems(lines: tuple[str, ...], expected: int) -> tuple[list[str], list[list[str]]]:
    """Split a measure cell's lines at the "в т.ч." marker into the parent's lines and each sub-item's.

    A sub-item is a line after the marker; when the lines do not give
    ``expected`` items (a PDF wraps long items over several lines), items are
    cut at line ends that close with ``,`` or ``;`` instead.
    """
    for index, line in enumerate(lines):
        marker = SUBITEM_MARKER.search(line)
        if marker:
            before, after = line[: marker.start()], line[marker.end() :]
            head = list(lines[:index]) + ([before] if before.strip() else [])
            rest = ([after] if after.strip() else []) + [line for line in lines[index + 1 :] if line.strip()]
            break
    else:
        return list(lines), []
    items = [[line] for line in rest]
    if expected and len(items) != expected:
        items, current = [], []
        for line in rest:
            current.append(line)
            if line.rstrip().endswith((",", ";")):
                items.append(current)
                current = []
        if current:
            items.append(current)
    return head, items


def subitem_rows(row: LogicalRow, columns: ColumnMap) -> LogicalRow:
    """The part of ``row`` its sub-items were read from: from the source row holding the marker on."""
    for index, source_row in enumerate(row.source_rows):
        if SUBITEM_MARKER.search(source_row.cell(columns.get("measure")).text):
            return LogicalRow(row.kind, row.cells, row.source_rows[index:])
    return row


def strip_trailing_marker(lines: tuple[str, ...]) -> list[str]:
    """A measure text without the "у тому числі:" its sub-item rows hang from (the marker may wrap over lines)."""
    text = join_lines(lines)
    markers = list(SUBITEM_MARKER.finditer(text))
    if markers and not text[markers[-1].end() :].strip(" :.-–—"):
        text = text[: markers[-1].start()]
    return [text]


def is_total_source(text: str) -> bool:
    """A sources cell that names no source but the sum of those below it (``Всього``), or none at all."""
    return not text or bool(TOTAL_LABEL.match(text))


def unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


# --- Reading a measure's rows --------------------------------------------------------


@dataclass
class RowRead:
    """One row of a measure's block: its money, and the records it gave."""

    row: LogicalRow
    money: RowMoney
    records: list[FundingRecord] = field(default_factory=list)
    covered: list[Covered] = field(default_factory=list)


@dataclass
class Reader:
    """Reads the money of a table's rows, keeping what spans rows: merged-down totals, declared figures, warnings."""

    columns: ColumnMap
    unit: str | None
    declared: list[DeclaredTotal] = field(default_factory=list)
    warnings: list[ExtractionWarning] = field(default_factory=list)
    extents: dict[int, tuple[Extent, LogicalRow, str | None]] = field(default_factory=dict)
    section: str | None = None
    section_implied: bool = False  # no section row names it: the first part of the measures' dotted numbers

    def cells(self, row: LogicalRow) -> dict[int, str]:
        return {column.index: row.text(column.index) for column in self.columns.amount_columns}

    def read(self, row: LogicalRow, coordinates: Coordinates, sources: Sequence[str] = (), total_row: bool = False) -> RowMoney:
        return grid.read_row(self.cells(row), self.columns.amount_columns, coordinates, sources, total_row)

    def records(self, figures: Sequence[Figure], term: Term | None) -> list[FundingRecord]:
        """Record figures as ``FundingRecord``s; with no year axis anywhere, a one-year term gives the year."""
        one_year = term.start if term and term.start is not None and term.start == term.end else None
        found = []
        for figure in figures:
            if figure.coordinates.year is None and one_year is not None and not self.columns.has_year_axis:
                figure = replace(figure, coordinates=replace(figure.coordinates, year=one_year))
            found.append(grid.record(figure, self.unit))
        return found

    def unparsed(self, money: RowMoney, row: LogicalRow, measure_id: str | None) -> None:
        for column, text in money.leftovers:
            year = column.coordinates.year
            message = (
                f"{year}: not read as an amount: {text!r}" if year is not None and self.columns.has_year_columns
                else f"funding text not read as year/amount: {text!r}"
            )  # fmt: skip
            self.warnings.append(ExtractionWarning("funding_unparsed", message, where_of(row, measure_id, "funding")))
        if money.unmatched_parts:
            self.warnings.append(
                ExtractionWarning(
                    "breakdown_unmatched",
                    f"{money.unmatched_parts} sub-amount(s) of the year cells could not be matched to the sources "
                    "(no breakdown in the row names them in that number); kept without a source",
                    where_of(row, measure_id, "funding"),
                )
            )

    # --- declared figures of a measure's rows

    def settle(self, figure: Figure, check: Check, where: Where, measure: str | None, code: str, message: str) -> None:
        """Keep a checked declared figure; a mismatch or an unclosed check is also a warning."""
        self.declared.append(declared_total(figure, check, where, measure, self.section, self.unit))
        if check.status == "mismatch":
            self.warnings.append(ExtractionWarning(code, message, where))
        elif check.status == "unchecked":
            self.warnings.append(ExtractionWarning("total_unchecked", message, where))

    def row_declared(self, read: RowRead, measure_id: str, mergeable: bool = True) -> None:
        """Check a row's declared figures: in-cell totals and breakdowns over the row, total columns over the rows they span."""
        for figure in read.money.declared:
            if mergeable and figure.mergeable:
                self.open_extent(figure, read, measure_id)
                continue
            check = grid.check_declared(figure, read.covered)
            self.settle(figure, check, where_of(read.row, measure_id, "funding"), measure_id, "measure_total_mismatch",
                        self.row_message(figure, check))  # fmt: skip
        if mergeable:
            own = {figure.column for figure in read.money.declared}
            for column, (extent, _, _) in self.extents.items():
                if column not in own:
                    extent.rows.append(read.covered)
                    extent.measures.append(measure_id)

    def open_extent(self, figure: Figure, read: RowRead, measure_id: str) -> None:
        assert figure.column is not None
        self.close_extent(figure.column)
        column = next((c.coordinates for c in self.columns.amount_columns if c.index == figure.column), None)
        self.extents[figure.column] = (Extent(figure, [read.covered], [measure_id], column), read.row, measure_id)

    def close_extent(self, column: int) -> None:
        if column not in self.extents:
            return
        extent, row, measure_id = self.extents.pop(column)
        gaps = grid.numbering_gaps(extent.measures, whole=False) if len(extent.rows) > 1 else []
        check, spanned = grid.resolve_extent(extent, gaps)
        scope = measure_id if spanned == 1 else None
        where = where_of(row, scope or measure_id, "funding")
        figure = extent.figure
        if spanned > 1:
            figure = extent.spanning_figure()
            listed = ", ".join(dict.fromkeys(extent.measures))
            message = (
                f"the total column {short(figure.label)!r} states {self.amount(figure.amount)}, its cells over the rows "
                f"it spans (measures {listed}) add up to {self.amount(check.computed)}"
            )
            if check.status == "unchecked" and gaps:
                message += f": it also covers measures this table does not list ({', '.join(gaps)}), so the check cannot close"
            self.declared.append(declared_total(figure, check, where, None, self.section, self.unit, label_of(figure)))
            if check.status == "mismatch":
                self.warnings.append(ExtractionWarning("measure_total_mismatch", message, where))
            elif check.status == "unchecked":
                self.warnings.append(ExtractionWarning("total_unchecked", message, where))
            return
        self.settle(figure, check, where, measure_id, "measure_total_mismatch", self.row_message(figure, check))

    def close_extents(self) -> None:
        for column in list(self.extents):
            self.close_extent(column)

    def row_message(self, figure: Figure, check: Check) -> str:
        year = f"{figure.coordinates.year}: " if figure.coordinates.year is not None else ""
        of = f" of {figure.coordinates.source!r}" if figure.coordinates.source else ""
        if check.status == "unchecked":
            return f"{year}the total {short(label_of(figure))!r}{of} could not be checked: no record of the row has that source"
        return (
            f"{year}the row's total {short(label_of(figure))!r}{of} states {self.amount(figure.amount)}, "
            f"the cells it covers add up to {self.amount(check.computed)}"
        )

    def amount(self, value: Decimal | None) -> str:
        if value is None:
            return "nothing"
        return f"{amount_in_uah(value, self.unit)} UAH" if self.unit else f"{value} (unit not stated)"


def short(label: str) -> str:
    return collapse_spaces(label)[:200]


def label_of(figure: Figure) -> str:
    return figure.label or "Всього"


def declared_total(
    figure: Figure, check: Check, where: Where, measure: str | None, section: str | None, unit: str | None, label: str = ""
) -> DeclaredTotal:
    coordinates = figure.coordinates
    return DeclaredTotal(
        label=short(label or label_of(figure)),
        declared=figure.amount,
        declared_uah=amount_in_uah(figure.amount, unit) if unit else None,
        computed=check.computed,
        computed_uah=amount_in_uah(check.computed, unit) if unit and check.computed is not None else None,
        status=check.status,
        where=where,
        year=coordinates.year,
        source=coordinates.source,
        executor=coordinates.executor,
        expense=coordinates.expense,
        measure=measure,
        section=section,
    )


def covered(records: Sequence[FundingRecord]) -> list[Covered]:
    return [
        Covered(record.amount, Coordinates(record.year, record.source, record.executor, record.expense)) for record in records
    ]


# --- Sections and measures ------------------------------------------------------------


@dataclass
class Block:
    """A measure's row with the part rows and sub-item rows below it."""

    entry: LogicalRow
    rows: list[LogicalRow] = field(default_factory=list)  # "part" and "subitem" rows, in order


def build_measures(rows: list[LogicalRow], columns: ColumnMap, unit: str | None, preceding: tuple[str, ...] = ()) -> TableContent:
    """Turn logical rows into sections, measures (with children), total rows and checked declared figures.

    ``preceding`` is the text right above the table: a sub-section line there
    (``Підрозділ 9. Соціальний захист``) opens the section, as in a title row.
    """
    sections: list[Section] = []
    measures: list[Measure] = []
    total_rows: list[TotalRow] = []
    reader = Reader(columns, unit)
    seen_ids: set[str] = set()
    numbering = Numbering(dotted=prefers_dotted(rows, columns), written=written_numbers(rows, columns))
    last_entry = max((index for index, row in enumerate(rows) if row.kind == "entry"), default=-1)
    block: Block | None = None
    known: set[str] = set()  # the ids built so far, kept as they grow: one look-up per measure, linear in rows
    implied_sections: set[str] = set()

    def close() -> None:
        nonlocal block
        if block is not None:
            built = build_block(block, reader, numbering, seen_ids, known)
            measures.extend(built)
            known.update(measure.id for measure in built)
            block = None
            implied = reader.section if reader.section_implied else None
            if implied is not None and implied not in implied_sections:
                implied_sections.add(implied)
                sections.append(Section(implied, None))  # numbered 1.1, 1.3 with no section row above

    for title in (*preceding, *columns.titles):
        match = SUBSECTION.match(collapse_spaces(title))
        if match:
            reader.section, reader.section_implied = match["number"], False
            sections.append(Section(match["number"], strip_dangling(match["title"])))
    for position, row in enumerate(rows):
        if row.kind == "total":
            close()
            reader.close_extents()
            total_rows.append(read_total(row, reader, more_follow=position < last_entry))
        elif row.kind == "section":
            close()
            reader.close_extents()
            label = collapse_spaces(next(cell.text for cell in row.cells if not cell.is_empty))
            match = SECTION_NUMBER.match(label)
            assert match  # the row was classified by this pattern
            reader.section, reader.section_implied = match["number"], False
            sections.append(Section(match["number"], strip_dangling(collapse_spaces(match["title"]))))
        elif row.kind in ("part", "subitem") and block is not None:
            block.rows.append(row)
        elif row.kind == "entry":
            close()
            section_text = collapse_spaces(row.text(columns.get("section_number")))
            section_match = SECTION_NUMBER.match(section_text) if section_text and row.number is None else None
            direction = clean_cell(row.cell(columns.get("direction")).lines) if columns.get("direction") is not None else ""
            direction_match = SECTION_NUMBER.match(direction) if direction and columns.get("direction") != columns.get(
                "measure") else None  # fmt: skip
            if section_match:
                reader.close_extents()
                reader.section, reader.section_implied = section_match["number"], False
                title = direction or (section_match["title"] or "")
                sections.append(Section(reader.section, strip_dangling(title) or None))
            elif direction_match and direction_match["title"]:
                # a task numbered in its own column (``1. Забезпечення …``): the section its measures belong to
                reader.close_extents()
                reader.section, reader.section_implied = direction_match["number"], False
                sections.append(Section(reader.section, strip_dangling(collapse_spaces(direction_match["title"]))))
            block = Block(row)
    close()
    reader.close_extents()
    return TableContent(tuple(sections), tuple(measures), tuple(total_rows), tuple(reader.declared), tuple(reader.warnings))


# A sub-section line above the header: "Підрозділ 9. Соціальний захист"
SUBSECTION = regex.compile(r"^\s*Підрозділ\s+(?P<number>\d{1,2})\.?\s+(?P<title>\S.*)$", regex.IGNORECASE | regex.DOTALL)


@dataclass
class Numbering:
    """How a table numbers its measures: within their section (``1.``, ``2.``) or whole (``1.1.``, ``1.1.1.``)."""

    dotted: bool
    unnumbered: int = 0
    written: frozenset[str] = frozenset()  # the dotted numbers the table writes (``1.1``), so that none is made twice


def written_numbers(rows: list[LogicalRow], columns: ColumnMap) -> frozenset[str]:
    """The dotted measure numbers the table writes, in its number column or at the head of a measure's text."""
    found = set()
    for row in rows:
        if row.kind != "entry":
            continue
        lines = row.cell(columns.get("measure")).lines
        number = strip_measure_number(lines[0] if lines else "")[0] or row.number
        if number and "." in number:
            found.add(number)
    return frozenset(found)


def prefers_dotted(rows: list[LogicalRow], columns: ColumnMap) -> bool:
    """Whether most numbered measures carry their full dotted number (``1.1.``) rather than one within a section."""
    numbers = []
    for row in rows:
        if row.kind != "entry":
            continue
        number, _ = strip_measure_number(row.cell(columns.get("measure")).lines[0] if row.cell(columns.get("measure")).lines
                                         else "")  # fmt: skip
        number = number or row.number
        if number:
            numbers.append("." in number)
    return bool(numbers) and sum(numbers) * 2 > len(numbers)


def measure_identity(
    block: Block, reader: Reader, numbering: Numbering, seen_ids: set[str], known: set[str]
) -> tuple[str, str | None, tuple[str, ...]]:
    """A measure's id, its parent (the dotted number's prefix when that measure exists) and its text lines."""
    row = block.entry
    columns = reader.columns
    section = reader.section
    measure_lines = row.cell(columns.get("measure")).lines
    number, first_line = strip_measure_number(measure_lines[0] if measure_lines else "")
    measure_lines = (first_line,) + measure_lines[1:]
    if number is None and row.number is not None:
        number = row.number
    if number is not None and "." in number and numbering.dotted and (section is None or reader.section_implied):
        # no section row: a dotted number names its section (a restated fragment's 1.1, 1.3, 1.4)
        section = reader.section = number.split(".")[0]
        reader.section_implied = True
    if number is None:
        numbering.unnumbered += 1
        number = str(numbering.unnumbered)
        reader.warnings.append(
            ExtractionWarning("measure_unnumbered", "a measure without a number; numbered in order", where_of(row))
        )
    if "." in number:
        measure_id = number
    elif section and number == section and (numbering.dotted or f"{section}.{number}" in numbering.written):
        measure_id = number  # a section and its first measure share the number: "1." then "1.1."
    else:
        measure_id = f"{section}.{number}" if section else number
    if section and "." in number and not number.startswith(f"{section}."):
        reader.warnings.append(
            ExtractionWarning(
                "measure_number_mismatch", f"measure {number} stands in section {section}", where_of(row, measure_id)
            )
        )
    if measure_id in seen_ids:
        reader.warnings.append(
            ExtractionWarning("measure_id_duplicate", f"measure id {measure_id} appears twice", where_of(row, measure_id))
        )
    seen_ids.add(measure_id)
    prefix = measure_id.rpartition(".")[0]
    parent = prefix if prefix and prefix.count(".") >= 1 and prefix in known else None
    return measure_id, parent, measure_lines


def row_coordinates(row: LogicalRow, columns: ColumnMap) -> tuple[str, str, int | None]:
    """What a row of a block names: its sources text, its executors text, and a year in its term cell."""
    sources = grid.label_text(join_lines(row.cell(columns.get("sources")).lines)) if columns.get("sources") != columns.get(
        "measure") else ""  # fmt: skip
    executors = "; ".join(text for column in columns.executor_columns() if (text := clean_cell(row.cell(column).lines)))
    term_year = grid.year_label(row.text(columns.get("term"))) if columns.get("term") is not None else None
    return sources, executors, term_year


def measure_term(row: LogicalRow, columns: ColumnMap, text: str) -> Term | None:
    """The term cell, or a term written inside the measure text (``(2011 рік та подальші періоди)``)."""
    term = parse_term(clean_cell(row.cell(columns.get("term")).lines))
    if term is None:
        match = TERM_IN_TEXT.search(text)
        if match:
            term = parse_term(match["raw"])
    return term


def build_block(block: Block, reader: Reader, numbering: Numbering, seen_ids: set[str], known: set[str]) -> list[Measure]:
    """A measure, its part rows' money and its sub-items, as measures with their records; declared figures checked."""
    columns = reader.columns
    row = block.entry
    measure_id, parent_id, measure_lines = measure_identity(block, reader, numbering, seen_ids, known)
    parts = [part for part in block.rows if part.kind == "part"]
    own_sources, own_executors, _ = row_coordinates(row, columns)
    sources_lines = row.cell(columns.get("sources")).lines if columns.get("sources") != columns.get("measure") else ()
    if columns.get("sources") == columns.get("measure"):
        sources_lines = tuple(line for line in measure_lines if line)
    text_now = join_lines(measure_lines)
    term = measure_term(row, columns, text_now)

    # Which coordinates the part rows add: a source, an executor or a year per row.
    part_labels = [row_coordinates(part, columns) for part in parts]
    by_source = any(sources for sources, _, _ in part_labels)
    by_executor = any(executors and executors != own_executors for _, executors, _ in part_labels)
    by_year = any(year is not None for _, _, year in part_labels) and not columns.has_year_axis
    own_is_total = bool(parts) and by_source and is_total_source(own_sources)

    def coordinates_of(sources: str, executors: str, year: int | None) -> Coordinates:
        return Coordinates(
            year=year if by_year else None,
            source=sources or None if by_source else None,
            executor=executors or None if by_executor else None,
        )

    split_sources_list = list(split_sources(sources_lines))
    own_money = reader.read(row, coordinates_of("" if own_is_total else own_sources, own_executors, None), split_sources_list)
    reader.unparsed(own_money, row, measure_id)
    turned: tuple[Figure, ...] = ()
    if own_is_total:
        # the measure's row says "Всього": its figures are the sum of its source rows, declared
        turned = tuple(replace(figure, declared=True) for figure in own_money.records)
        own_money = replace(own_money, records=())
    own = RowRead(row, own_money)
    reads = [own]
    for part, (part_source, part_executor, part_year) in zip(parts, part_labels, strict=True):
        money = reader.read(part, coordinates_of(part_source, part_executor, part_year), split_sources_list)
        reader.unparsed(money, part, measure_id)
        reads.append(RowRead(part, money))
    for read in reads:
        read.records = reader.records(read.money.records, term)
        read.covered = covered(read.records)
    funding = tuple(record for read in reads for record in read.records)
    if own_is_total:
        everything = covered(funding)
        for figure in (*turned, *own_money.declared):
            if figure.column is not None:
                reader.close_extent(figure.column)
            check = grid.check_declared(figure, everything)
            prefix = f"{figure.coordinates.year}: " if figure.coordinates.year is not None else ""
            reader.settle(figure, check, where_of(row, measure_id, "funding"), measure_id, "measure_total_mismatch",
                          f"{prefix}the measure's total row states {reader.amount(figure.amount)}, "
                          f"its sources add up to {reader.amount(check.computed)}")  # fmt: skip
        reads_checked = reads[1:]
    else:
        reads_checked = reads
    for read in reads_checked:
        reader.row_declared(read, measure_id)
    warnings_years = check_years(own.records, row, measure_id)
    reader.warnings.extend(warnings_years)

    if columns.has_year_columns:
        parent_lines, subitem_lines = strip_trailing_marker(measure_lines), list[list[str]]()
    else:
        parent_lines, subitem_lines = split_subitems(measure_lines, len(own_money.subitem_groups))
    subitem_texts = [strip_dangling(clean_cell(item)) for item in subitem_lines]
    status_text = " ".join([own_money.status_text] + [read.money.status_text for read in reads[1:]])
    funding_text = " ".join(collapse_spaces(row.text(c.index)) for c in columns.amount_columns) + " " + status_text
    status = funding_status(bool(funding), funding_text, " ".join(sources_lines))
    said_none = own_money.said_none
    if status == "unknown" and said_none:
        pass  # lone dashes: the document says there is no amount
    elif (
        status == "unknown"
        and regex.search(r"кошти|бюджет", " ".join(sources_lines), regex.IGNORECASE)
        and not (own_money.declared)
    ):
        reader.warnings.append(
            ExtractionWarning(
                "funding_missing",
                "the sources name money but the funding cell has no amounts",
                where_of(row, measure_id, "funding"),
            )
        )
    text = strip_dangling(clean_cell(parent_lines))
    if term is not None and term.start is None and not OPEN_TERMS.search(term.raw):
        reader.warnings.append(
            ExtractionWarning("term_unparsed", f"no year read in the term {term.raw!r}", where_of(row, measure_id, "term"))
        )
    executors = unique(
        [item for read in [own, *reads[1:]] for column in columns.executor_columns()
         for item in split_executors(read.row.cell(column).lines)]
    )  # fmt: skip
    sources = list(split_sources(sources_lines)) if not own_is_total else []
    if columns.get("sources") is None:
        sources = [record.source for record in funding if record.source]  # the source columns its amounts stand in
    for part, (part_sources, _, _) in zip(parts, part_labels, strict=True):
        if part_sources:
            sources.extend(split_sources(part.cell(columns.get("sources")).lines))
    result_text = clean_cell(row.cell(columns.get("result")).lines)
    measure_provenance = provenance(tuple([row, *parts]), columns) if parts else provenance(row, columns)
    measure = Measure(
        id=measure_id,
        section=reader.section,
        parent=parent_id,
        text=text,
        term=term,
        executors=executors,
        sources=unique(sources),
        funding_status=status,
        funding=funding,
        result=result_text or None,
        provenance=measure_provenance,
    )
    built = [measure]
    children, child_warnings = build_children(
        measure, subitem_texts, own_money.subitem_groups, own_money.has_subitem_marker, subitem_rows(row, columns),
        reader.unit, columns,
    )  # fmt: skip
    built.extend(children)
    reader.warnings.extend(child_warnings)
    row_children: list[Measure] = []
    for sub in (sub for sub in block.rows if sub.kind == "subitem"):
        child = subitem_measure(measure, sub, reader, len(children) + len(row_children) + 1, term)
        if child is not None:
            row_children.append(child)
    if row_children:
        reader.warnings.extend(check_children_sum(measure, row_children, block.rows[0]))
    built.extend(row_children)
    return built


def subitem_text(row: LogicalRow, columns: ColumnMap) -> str:
    """A sub-item row's text without its "у тому числі:" and bullet."""
    text = clean_cell(row.cell(columns.get("measure")).lines)
    text = SUBITEM_BULLET.sub("", text, count=1)
    marker = SUBITEM_MARKER.match(text)
    if marker:
        text = text[marker.end() :]
    return strip_dangling(SUBITEM_BULLET.sub("", text.strip(), count=1).strip())


def subitem_measure(parent: Measure, row: LogicalRow, reader: Reader, number: int, term: Term | None) -> Measure | None:
    """A sub-item row as child ``number`` of ``parent`` (None for a bare "у тому числі:" row)."""
    columns = reader.columns
    text = subitem_text(row, columns)
    money = reader.read(row, Coordinates())
    reader.unparsed(money, row, parent.id)
    own_term = parse_term(clean_cell(row.cell(columns.get("term")).lines))
    records = reader.records(money.records, own_term or term)
    if not text and not records:
        return None
    read = RowRead(row, money, records, covered(records))
    reader.row_declared(read, f"{parent.id}.{number}", mergeable=False)
    sources_lines = row.cell(columns.get("sources")).lines
    result = clean_cell(row.cell(columns.get("result")).lines)
    funding_text = " ".join(row.text(c.index) for c in columns.amount_columns)
    return Measure(
        id=f"{parent.id}.{number}",
        section=parent.section,
        parent=parent.id,
        text=text,
        term=own_term,
        executors=unique([item for column in columns.executor_columns() for item in split_executors(row.cell(column).lines)]),
        sources=split_sources(sources_lines),
        funding_status=funding_status(bool(records), funding_text, " ".join(sources_lines)),
        funding=tuple(records),
        result=result or None,
        provenance=provenance(row, columns),
    )


def check_years(records: Sequence[FundingRecord], row: LogicalRow, measure_id: str) -> list[ExtractionWarning]:
    """A year twice among one row's records of the same coordinates."""
    keys = [(record.year, record.source, record.executor, record.expense) for record in records if record.year is not None]
    duplicates = sorted({key[0] for key in keys if keys.count(key) > 1 and key[0] is not None})
    if duplicates:
        return [
            ExtractionWarning(
                "funding_duplicate_year",
                f"year(s) {', '.join(map(str, duplicates))} given twice",
                where_of(row, measure_id, "funding"),
            )
        ]
    return []


def build_children(
    parent: Measure,
    texts: list[str],
    groups: tuple[tuple[YearAmount, ...], ...],
    has_marker: bool,
    row: LogicalRow,
    unit: str | None,
    columns: ColumnMap | None = None,
) -> tuple[list[Measure], list[ExtractionWarning]]:
    """The "в т.ч." sub-items of ``parent``: texts and amount groups matched in order."""
    warnings: list[ExtractionWarning] = []
    if not texts and not groups:
        if has_marker:
            warnings.append(
                ExtractionWarning("subitem_mismatch", "a 'в т.ч.' marker with no sub-items after it", where_of(row, parent.id))
            )
        return [], warnings
    if texts and groups and len(texts) != len(groups):
        warnings.append(
            ExtractionWarning(
                "subitem_mismatch",
                f"{len(texts)} sub-item text(s) but {len(groups)} group(s) of amounts; matched in order",
                where_of(row, parent.id),
            )
        )
    children = []
    count = max(len(texts), len(groups))
    # A sub-item has only a text and amounts, read from its parent's measure and funding cells.
    where_read = provenance(row, columns)
    where_read = replace(where_read, confidence=tuple(item for item in where_read.confidence if item[0] in ("text", "funding")))
    for index in range(count):
        child_id = f"{parent.id}.{index + 1}"
        pairs = groups[index] if index < len(groups) else ()
        records = tuple(grid.record(Figure(Coordinates(year=pair.year), pair.amount, pair.raw), unit) for pair in pairs)
        children.append(
            Measure(
                id=child_id,
                section=parent.section,
                parent=parent.id,
                text=texts[index] if index < len(texts) else "",
                term=None,
                executors=(),
                sources=(),
                funding_status=funding_status(bool(records)),
                funding=records,
                result=None,
                provenance=where_read,
            )
        )
    warnings.extend(check_children_sum(parent, children, row))
    return children, warnings


def money_key(record: FundingRecord) -> Decimal:
    return record.amount_uah if record.amount_uah is not None else record.amount


def check_children_sum(parent: Measure, children: list[Measure], row: LogicalRow) -> list[ExtractionWarning]:
    """Sub-items are parts of the parent: their sum per year must not exceed it."""
    parent_by_year: dict[int | None, Decimal] = defaultdict(Decimal)
    for record in parent.funding:
        parent_by_year[record.year] += money_key(record)
    warnings = []
    years = sorted({record.year for child in children for record in child.funding}, key=year_order)
    unit = "UAH" if all(r.amount_uah is not None for r in parent.funding) else "(unit not stated)"
    for year in years:
        children_sum = sum((money_key(r) for child in children for r in child.funding if r.year == year), Decimal(0))
        if year not in parent_by_year:
            if parent.funding:
                warnings.append(
                    ExtractionWarning(
                        "subitem_year_outside_parent",
                        f"sub-items have {year}, the measure has no amount for it",
                        where_of(row, parent.id),
                    )
                )
        elif children_sum > parent_by_year[year]:
            warnings.append(
                ExtractionWarning(
                    "subitem_exceeds_parent",
                    f"sub-items sum to {children_sum} {unit} in {year}, more than the measure's {parent_by_year[year]} {unit}",
                    where_of(row, parent.id),
                )
            )
    return warnings


def year_order(year: int | None) -> tuple[int, int]:
    """Years in order, no year (the amount covers the term) last."""
    return (1, 0) if year is None else (0, year)


# --- Total rows and the programme's totals -------------------------------------------


def read_total(row: LogicalRow, reader: Reader, more_follow: bool) -> TotalRow:
    """A total row's figures and what it totals (a section? one source?).

    A total that names a section (``Разом за розділом``), or one with measures
    still below it, is that section's; a total that names a source (``в т.ч.
    міський бюджет``, or in the sources column, or a source row of an
    ``Усього:`` block) is that source's.
    """
    columns = reader.columns
    label_cells = [row.cell(column) for column in dict.fromkeys([0, columns.get("section_number"), columns.get("measure")])]
    label = next((collapse_spaces(cell.text) for cell in label_cells if cell and not cell.is_empty), "")
    label = label or next((collapse_spaces(c.text) for c in row.cells if not c.is_empty), "")
    source = total_source(label, clean_cell(row.cell(columns.get("sources")).lines))
    money = reader.read(row, Coordinates(source=source), total_row=True)
    whole = bool(WHOLE_TOTAL.search(label)) and not PART_TOTAL.search(label)
    part = not whole and (bool(PART_TOTAL.search(label)) or more_follow)
    named = SECTION_IN_TOTAL.search(label)
    return TotalRow(
        label=grid.label_text(join_lines([label]))[:80],
        figures=money.declared,
        where=where_of(row, column="funding"),
        section=(named["number"] if named else reader.section) if part else None,
    )


def total_source(label: str, sources_cell: str) -> str | None:
    """The funding source a total row is for: after "в т.ч." in its label, or in its sources column."""
    marker = SUBITEM_MARKER.search(label)
    if marker and label[marker.end() :].strip(" :.-"):
        return grid.label_text(label[marker.end() :].strip(" :.-"))
    if sources_cell and not TOTAL_LABEL.match(sources_cell) and not SUBITEM_MARKER.fullmatch(sources_cell.strip()):
        cleaned = SUBITEM_MARKER.sub("", sources_cell).strip(" :.-")
        return grid.label_text(cleaned) or None
    if label and not TOTAL_LABEL.match(label):
        return grid.label_text(label.strip(" :.-")) or None  # a row below a total that only names a source
    return None


def counted(measures: Sequence[Measure]) -> list[Measure]:
    """The measures whose records add up to the programme: none of their ancestors has records of its own."""
    by_id = {measure.id: measure for measure in measures}
    found = []
    for measure in measures:
        parent = by_id.get(measure.parent) if measure.parent else None
        inside = False
        while parent is not None:
            if parent.funding:
                inside = True
                break
            parent = by_id.get(parent.parent) if parent.parent else None
        if not inside:
            found.append(measure)
    return found


def check_total_rows(
    measures: Sequence[Measure], total_rows: Sequence[TotalRow], unit: str | None, year_axis: bool
) -> tuple[tuple[Total, ...], tuple[DeclaredTotal, ...], list[ExtractionWarning]]:
    """Sum the counted measures per year and check every total row (whole, per section, per source).

    A source total is checked against the records of that source: a record's
    own source, or its measure's one source. A restated fragment whose total
    covers measures it does not list says the check cannot close.
    """
    listed = counted(measures)
    computed: dict[int | None, Decimal] = defaultdict(Decimal)  # in the document's unit
    for measure in listed:
        for record in measure.funding:
            computed[record.year] += record.amount
    declared: list[DeclaredTotal] = []
    warnings: list[ExtractionWarning] = []
    stated: dict[int | None, Decimal] = {}
    overall = [total for total in total_rows if total.section is None and any(whole(figure) for figure in total.figures)]
    for total in total_rows:
        scope_measures = [m for m in listed if total.section is None or m.section == total.section]
        candidates = [
            Covered(record.amount, Coordinates(record.year, record.source or (m.sources[0] if len(m.sources) == 1 else None),
                                               record.executor, record.expense), m.id)
            for m in scope_measures
            for record in m.funding
        ]  # fmt: skip
        gaps = grid.numbering_gaps((m.id for m in scope_measures if m.parent is None), whole=total.section is None)
        scope = f" of section {total.section}" if total.section else ""
        for figure in total.figures:
            check = grid.check_declared(figure, candidates, gaps)
            of = f" for {figure.coordinates.source!r}" if figure.coordinates.source else ""
            year = f"{figure.coordinates.year}: " if figure.coordinates.year is not None else ""
            declared.append(declared_total(figure, check, total.where, None, total.section, unit, total.label))
            if check.status == "unchecked" and check.computed is None:
                warnings.append(ExtractionWarning(
                    "total_unchecked",
                    f"{year}the total row {total.label!r}{scope}{of} could not be checked: no measure names that source alone",
                    total.where))  # fmt: skip
            elif check.status == "unchecked":
                warnings.append(ExtractionWarning(
                    "total_unchecked",
                    f"{year}the total row {total.label!r}{scope}{of} states {amount_text(figure.amount, unit)}, the measures "
                    f"listed add up to {amount_text(check.computed, unit)}: it also covers measures this table does not "
                    f"list ({', '.join(gaps)}), so the check cannot close",
                    total.where))  # fmt: skip
            elif check.status == "mismatch":
                warnings.append(ExtractionWarning(
                    "total_mismatch",
                    f"{year}the total row {total.label!r}{scope}{of} states {amount_text(figure.amount, unit)}, "
                    f"the measures add up to {amount_text(check.computed, unit)}",
                    total.where))  # fmt: skip
    if overall:
        for figure in overall[-1].figures:  # the last total row of the whole is the programme's
            coordinates = figure.coordinates
            if coordinates.source or coordinates.expense or coordinates.executor:
                continue
            if coordinates.year is None and not year_axis and len(computed) == 1 and None not in computed:
                stated[next(iter(computed))] = figure.amount  # every amount has one year (one-year terms): its total
                continue
            if coordinates.year is None and (year_axis or any(year is not None for year in computed)):
                continue  # the grand total across the years: a declared total, not a year's
            stated[coordinates.year] = figure.amount
    years = sorted(set(computed) | set(stated), key=year_order)

    def uah(value: Decimal | None) -> Decimal | None:
        return amount_in_uah(value, unit) if unit and value is not None else None

    totals = tuple(Total(year, uah(computed.get(year, Decimal(0))), uah(stated.get(year))) for year in years)
    return totals, tuple(declared), warnings


def whole(figure: Figure) -> bool:
    """A figure of everything (or of one year): no source, executor or expense type."""
    return figure.coordinates == Coordinates(year=figure.coordinates.year)


def amount_text(value: Decimal | None, unit: str | None) -> str:
    if value is None:
        return "nothing"
    return f"{amount_in_uah(value, unit)} UAH" if unit else f"{value} (unit not stated)"

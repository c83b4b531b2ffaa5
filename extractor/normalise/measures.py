"""Logical rows into sections and measures, with their "в т.ч." sub-items.

A measure's id is ``section.measure`` (``1.2``); the sub-items that follow a
"в т.ч." marker in its text are child measures ``1.2.1``, ``1.2.2`` whose
amounts are the groups that follow the marker in the funding cell, matched in
order. Children are parts of their parent's money, not additions to it.

Tables with one column per year give each measure its year cells (a lone
``-`` is no amount) and may add a ``Всього`` column, checked against them;
sub-items may stand in rows of their own below ``у тому числі:``, and a
measure may have a row per funding source, whose records then carry it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import regex

from ..model import ExtractionWarning, FundingRecord, Measure, Provenance, Section, Term, Where
from .columns import ColumnMap
from .funding import (
    NO_AMOUNT,
    NOT_REQUIRED,
    SEPARATE_PROGRAMME,
    SUBITEM_MARKER,
    FundingCell,
    YearAmount,
    amount_in_uah,
    funding_status,
    parse_amount,
    parse_funding_cell,
)
from .rows import SECTION_NUMBER, SUBITEM_BULLET, TOTAL_LABEL, LogicalRow
from .text import clean_cell, collapse_spaces, join_lines, split_executors, split_sources, strip_dangling, strip_measure_number

YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Terms with no year that need no warning: the measure runs as long as the programme.
OPEN_TERMS = regex.compile(r"постійно|щорічно|щоквартально|щомісячно|протягом|весь\s+період|у\s+міру|по\s+мірі", regex.IGNORECASE)


# Total labels that name a part of the programme, not all of it: Разом за розділом 1 · Всього по напряму
PART_TOTAL = regex.compile(r"розділ|напрям|підпрограм|завданн", regex.IGNORECASE)
WHOLE_TOTAL = regex.compile(r"програм", regex.IGNORECASE)


@dataclass(frozen=True)
class Declared:
    """A total row's figures: per year, in hryvnias.

    ``section`` is set for a section's subtotal (None: the whole programme);
    ``source`` for a total of one funding source (None: all sources).
    """

    label: str
    amounts: tuple[tuple[int, Decimal], ...]
    where: Where
    section: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class TableContent:
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    declared_totals: tuple[Declared, ...]
    warnings: tuple[ExtractionWarning, ...]


def parse_term(text: str) -> Term | None:
    """``2017-2020 роки`` → 2017..2020; ``2017`` → 2017..2017; None for an empty cell."""
    raw = collapse_spaces(text)
    if not raw:
        return None
    years = [int(year) for year in YEAR.findall(raw)]
    if not years:
        return Term(raw=raw, start=None, end=None)
    return Term(raw=raw, start=min(years), end=max(years))


# A measure's fields in the order ``provenance.confidence`` lists them, and the column role each is read from.
CONFIDENCE_FIELDS = {"text": "measure", "term": "term", "executors": "executors", "sources": "sources", "funding": "funding",
                     "result": "result"}  # fmt: skip


def field_confidence(row: LogicalRow, columns: ColumnMap) -> Confidence:
    """Per field, the lowest OCR confidence of the cells it is read from (fields with no OCR'd cell left out).

    The lowest, not an average: one badly read word (an amount's digit) is
    what a person checking the figures must be sent to.
    """
    found = []
    for name, role in CONFIDENCE_FIELDS.items():
        if role == "funding" and columns.has_year_columns:
            field_columns = [*columns.years.values(), columns.row_total]
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


Confidence = tuple[tuple[str, float], ...]  # (field, lowest OCR confidence), in the fields' order


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


def funding_records(pairs: tuple[YearAmount, ...], unit: str) -> tuple[FundingRecord, ...]:
    return tuple(FundingRecord(p.year, p.amount, amount_in_uah(p.amount, unit), p.raw) for p in pairs)


def build_measures(rows: list[LogicalRow], columns: ColumnMap, unit: str) -> TableContent:
    """Turn logical rows into sections, measures (with children) and declared totals."""
    sections: list[Section] = []
    measures: list[Measure] = []
    declared: list[Declared] = []
    warnings: list[ExtractionWarning] = []
    current_section: str | None = None
    seen_ids: set[str] = set()
    unnumbered = 0
    parent_index: int | None = None  # the current top-level measure in ``measures``
    row_children: dict[int, tuple[LogicalRow, list[int]]] = {}  # parent index → its row, its sub-item rows' measures
    source_totals: dict[int, tuple[FundingRecord, ...]] = {}  # measure index → its "Всього" records, split by source rows
    last_entry = max((index for index, row in enumerate(rows) if row.kind == "entry"), default=-1)

    for position, row in enumerate(rows):
        if row.kind == "total":
            declared.append(read_total(row, columns, unit, current_section, more_follow=position < last_entry))
            continue
        if row.kind == "section":
            label = collapse_spaces(next(cell.text for cell in row.cells if not cell.is_empty))
            match = SECTION_NUMBER.match(label)
            assert match  # the row was classified by this pattern
            current_section = match["number"]
            sections.append(Section(current_section, strip_dangling(collapse_spaces(match["title"]))))
            continue
        if row.kind == "source" and measures:
            target = len(measures) - 1
            measures[target], more = add_source_row(measures[target], row, columns, unit, source_totals, target)
            warnings.extend(more)
            continue
        if row.kind == "subitem" and parent_index is not None:
            parent = measures[parent_index]
            child_number = 1 + sum(1 for measure in measures if measure.parent == parent.id)
            child, more = subitem_measure(parent, row, columns, unit, child_number)
            warnings.extend(more)
            if child is not None:
                row_children.setdefault(parent_index, (row, []))[1].append(len(measures))
                measures.append(child)
            continue

        section_text = collapse_spaces(row.text(columns.get("section_number")))
        section_match = SECTION_NUMBER.match(section_text) if section_text and row.number is None else None
        if section_match:
            current_section = section_match["number"]
            title = clean_cell(row.cell(columns.get("direction")).lines) or (section_match["title"] or "")
            sections.append(Section(current_section, strip_dangling(title) or None))

        measure_lines = row.cell(columns.get("measure")).lines
        number, first_line = strip_measure_number(measure_lines[0] if measure_lines else "")
        measure_lines = (first_line,) + measure_lines[1:]
        if number is None and row.number is not None:
            number = row.number
        if number is None:
            unnumbered += 1
            number = str(unnumbered)
            warnings.append(
                ExtractionWarning("measure_unnumbered", "a measure without a number; numbered in order", where_of(row))
            )
        measure_id = number if "." in number else f"{current_section}.{number}" if current_section else number
        if current_section and "." in number and not number.startswith(f"{current_section}."):
            warnings.append(
                ExtractionWarning(
                    "measure_number_mismatch", f"measure {number} stands in section {current_section}", where_of(row, measure_id)
                )
            )
        if measure_id in seen_ids:
            warnings.append(
                ExtractionWarning("measure_id_duplicate", f"measure id {measure_id} appears twice", where_of(row, measure_id))
            )
        seen_ids.add(measure_id)

        sources_lines = row.cell(columns.get("sources")).lines
        if columns.has_year_columns:
            own_records, funding_text, more = year_column_funding(row, columns, unit, measure_id)
            warnings.extend(more)
            cell = parse_funding_cell("")
            parent_lines, subitem_lines = strip_trailing_marker(measure_lines), list[list[str]]()
        else:
            cell, own_records, funding_text, more = funding_cell_records(row, columns, unit, measure_id)
            warnings.extend(more)
            parent_lines, subitem_lines = split_subitems(measure_lines, len(cell.subitem_groups))
        subitem_texts = [strip_dangling(clean_cell(item)) for item in subitem_lines]
        warnings.extend(check_years(own_records, row, measure_id))
        status = funding_status(bool(own_records), funding_text, " ".join(sources_lines))
        said_none = bool(funding_text.split()) and all(NO_AMOUNT.match(part) for part in funding_text.split())
        if status == "unknown" and said_none:
            pass  # lone dashes: the document says there is no amount
        elif status == "unknown" and regex.search(r"кошти|бюджет", " ".join(sources_lines), regex.IGNORECASE):
            warnings.append(
                ExtractionWarning(
                    "funding_missing",
                    "the sources name money but the funding cell has no amounts",
                    where_of(row, measure_id, "funding"),
                )
            )
        result_text = clean_cell(row.cell(columns.get("result")).lines)
        term = parse_term(clean_cell(row.cell(columns.get("term")).lines))
        if term is not None and term.start is None and not OPEN_TERMS.search(term.raw):
            warnings.append(
                ExtractionWarning("term_unparsed", f"no year read in the term {term.raw!r}", where_of(row, measure_id, "term"))
            )
        parent = Measure(
            id=measure_id,
            section=current_section,
            parent=None,
            text=strip_dangling(clean_cell(parent_lines)),
            term=term,
            executors=split_executors(row.cell(columns.get("executors")).lines),
            sources=split_sources(sources_lines),
            funding_status=status,
            funding=own_records,
            result=result_text or None,
            provenance=provenance(row, columns),
        )
        parent_index = len(measures)
        measures.append(parent)
        children, child_warnings = build_children(
            parent, subitem_texts, cell.subitem_groups, cell.has_subitem_marker, subitem_rows(row, columns), unit, columns
        )
        measures.extend(children)
        warnings.extend(child_warnings)

    for index, split in source_totals.items():
        warnings.extend(check_source_split(measures[index], split, rows))
    for index, (row, child_indices) in row_children.items():
        warnings.extend(check_children_sum(measures[index], [measures[child] for child in child_indices], row))
    return TableContent(tuple(sections), tuple(measures), tuple(declared), tuple(warnings))


def strip_trailing_marker(lines: tuple[str, ...]) -> list[str]:
    """A measure text without the "у тому числі:" its sub-item rows hang from (the marker may wrap over lines)."""
    text = join_lines(lines)
    markers = list(SUBITEM_MARKER.finditer(text))
    if markers and not text[markers[-1].end() :].strip(" :.-–—"):
        text = text[: markers[-1].start()]
    return [text]


def year_column_funding(
    row: LogicalRow, columns: ColumnMap, unit: str, measure_id: str | None, source: str | None = None
) -> tuple[tuple[FundingRecord, ...], str, list[ExtractionWarning]]:
    """A row's year cells as funding records, checked against its "Всього" cell.

    Returns the records, the cells' text (for the funding status) and warnings.
    A lone dash or an empty cell is no amount; a status such as "Фінансування
    не потребує" across the year cells is no warning.
    """
    records: list[FundingRecord] = []
    texts: list[str] = []
    warnings: list[ExtractionWarning] = []
    for year, column in columns.years.items():
        raw = collapse_spaces(row.text(column))
        texts.append(raw)
        if not raw or NO_AMOUNT.match(raw):
            continue
        amount = parse_amount(raw)
        if amount is None:
            if not (NOT_REQUIRED.search(raw) or SEPARATE_PROGRAMME.search(raw)):
                warnings.append(
                    ExtractionWarning(
                        "funding_unparsed", f"{year}: not read as an amount: {raw!r}", where_of(row, measure_id, "funding")
                    )
                )
            continue
        records.append(FundingRecord(year, amount, amount_in_uah(amount, unit), raw, source))
    stated = parse_amount(collapse_spaces(row.text(columns.row_total))) if columns.row_total is not None else None
    if stated is not None and records:
        added = sum((record.amount for record in records), Decimal(0))
        if added != stated:
            warnings.append(
                ExtractionWarning(
                    "measure_total_mismatch",
                    f"the row's total column states {stated}, its year columns add up to {added}",
                    where_of(row, measure_id, "funding"),
                )
            )
    return tuple(records), " ".join(text for text in texts if text), warnings


def row_records(
    row: LogicalRow, columns: ColumnMap, unit: str, measure_id: str, source: str | None = None
) -> tuple[tuple[FundingRecord, ...], str, list[ExtractionWarning]]:
    """A sub-item or source row's own records, whichever layout the table has."""
    if columns.has_year_columns:
        return year_column_funding(row, columns, unit, measure_id, source)
    _, records, text, warnings = funding_cell_records(row, columns, unit, measure_id, source)
    return records, text, warnings


def funding_cell_records(
    row: LogicalRow, columns: ColumnMap, unit: str, measure_id: str, source: str | None = None
) -> tuple[FundingCell, tuple[FundingRecord, ...], str, list[ExtractionWarning]]:
    """A row's one funding cell read: the cell, its own records, its text, and a warning for what was not read."""
    text = row.text(columns.get("funding"))
    cell = parse_funding_cell(text)
    warnings = []
    if cell.leftover:
        warnings.append(
            ExtractionWarning(
                "funding_unparsed",
                f"funding text not read as year/amount: {cell.leftover!r}",
                where_of(row, measure_id, "funding"),
            )
        )
    if cell.stated_total is not None and cell.records:
        added = sum((record.amount for record in cell.records), Decimal(0))
        if added != cell.stated_total:
            warnings.append(
                ExtractionWarning(
                    "measure_total_mismatch",
                    f"the funding cell states a total of {cell.stated_total}, its years add up to {added}",
                    where_of(row, measure_id, "funding"),
                )
            )
    records = tuple(replace(record, source=source) for record in funding_records(cell.records, unit))
    return cell, records, text, warnings


def is_total_source(sources: tuple[str, ...]) -> bool:
    """A sources cell that names no source but the sum of those below it (``Всього``), or none at all."""
    return not sources or (len(sources) == 1 and bool(TOTAL_LABEL.match(sources[0])))


def add_source_row(
    measure: Measure,
    row: LogicalRow,
    columns: ColumnMap,
    unit: str,
    source_totals: dict[int, tuple[FundingRecord, ...]],
    index: int,
) -> tuple[Measure, list[ExtractionWarning]]:
    """Add one funding source's row to ``measure``: every record now names its source.

    The measure's own row either names the first source (its records get it)
    or says ``Всього`` (its records are the sum, kept to check the split).
    """
    source = clean_cell(row.cell(columns.get("sources")).lines) or None
    records, _, warnings = row_records(row, columns, unit, measure.id, source)
    funding = measure.funding
    sources = measure.sources
    if index not in source_totals:
        if is_total_source(measure.sources):
            source_totals[index] = measure.funding
            funding, sources = (), ()
        else:
            source_totals[index] = ()
            funding = tuple(replace(record, source="; ".join(measure.sources)) for record in funding)
    funding = funding + records
    status = "funded" if funding else measure.funding_status
    updated = replace(
        measure,
        funding=funding,
        sources=sources + ((source,) if source else ()),
        funding_status=status,
        provenance=merge_provenance(measure.provenance, provenance(row, columns)),
    )
    return updated, warnings


def check_source_split(measure: Measure, stated: tuple[FundingRecord, ...], rows: list[LogicalRow]) -> list[ExtractionWarning]:
    """The measure's "Всього" row against the sum of its rows per source, year by year."""
    warnings = []
    for total in stated:
        added = sum((record.amount_uah for record in measure.funding if record.year == total.year), Decimal(0))
        if added != total.amount_uah:
            warnings.append(
                ExtractionWarning(
                    "measure_total_mismatch",
                    f"{total.year}: the measure's total row states {total.amount_uah} UAH, its sources add up to {added} UAH",
                    Where(table=measure.provenance.table, row=measure.provenance.rows[0] if measure.provenance.rows else None,
                          page=measure.provenance.page, measure=measure.id, column="funding"),
                )
            )
    return warnings


def merge_provenance(first: Provenance, second: Provenance) -> Provenance:
    return Provenance(
        table=first.table,
        rows=first.rows + second.rows,
        pages=tuple(dict.fromkeys(first.pages + second.pages)),
        lines=first.lines + second.lines,
        confidence=merge_confidence(first.confidence, second.confidence),
    )


def subitem_text(row: LogicalRow, columns: ColumnMap) -> str:
    """A sub-item row's text without its "у тому числі:" and bullet."""
    text = clean_cell(row.cell(columns.get("measure")).lines)
    text = SUBITEM_BULLET.sub("", text, count=1)
    marker = SUBITEM_MARKER.match(text)
    if marker:
        text = text[marker.end() :]
    return strip_dangling(SUBITEM_BULLET.sub("", text.strip(), count=1).strip())


def subitem_measure(
    parent: Measure,
    row: LogicalRow,
    columns: ColumnMap,
    unit: str,
    number: int,
) -> tuple[Measure | None, list[ExtractionWarning]]:
    """A sub-item row as child ``number`` of ``parent`` (None for a bare "у тому числі:" row)."""
    text = subitem_text(row, columns)
    records, funding_text, warnings = row_records(row, columns, unit, parent.id)
    if not text and not records:
        return None, []
    sources_lines = row.cell(columns.get("sources")).lines
    result = clean_cell(row.cell(columns.get("result")).lines)
    child = Measure(
        id=f"{parent.id}.{number}",
        section=parent.section,
        parent=parent.id,
        text=text,
        term=parse_term(clean_cell(row.cell(columns.get("term")).lines)),
        executors=split_executors(row.cell(columns.get("executors")).lines),
        sources=split_sources(sources_lines),
        funding_status=funding_status(bool(records), funding_text, " ".join(sources_lines)),
        funding=records,
        result=result or None,
        provenance=provenance(row, columns),
    )
    return child, warnings


def check_years(records: tuple[FundingRecord, ...], row: LogicalRow, measure_id: str) -> list[ExtractionWarning]:
    years = [record.year for record in records]
    duplicates = sorted({year for year in years if years.count(year) > 1})
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
    unit: str,
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
        records = funding_records(groups[index], unit) if index < len(groups) else ()
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


def check_children_sum(parent: Measure, children: list[Measure], row: LogicalRow) -> list[ExtractionWarning]:
    """Sub-items are parts of the parent: their sum per year must not exceed it."""
    parent_by_year = {record.year: record.amount_uah for record in parent.funding}
    warnings = []
    years = sorted({record.year for child in children for record in child.funding})
    for year in years:
        children_sum = sum((r.amount_uah for child in children for r in child.funding if r.year == year), Decimal(0))
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
                    f"sub-items sum to {children_sum} UAH in {year}, more than the measure's {parent_by_year[year]} UAH",
                    where_of(row, parent.id),
                )
            )
    return warnings


def read_total(row: LogicalRow, columns: ColumnMap, unit: str, section: str | None, more_follow: bool) -> Declared:
    """A total row's yearly figures, in hryvnias, and what it totals (a section? one source?).

    A total that names a section (``Разом за розділом``), or one with measures
    still below it, is that section's; a total that names a source (``в т.ч.
    міський бюджет``, or in the sources column) is that source's.
    """
    if columns.has_year_columns:
        records, _, _ = year_column_funding(row, columns, unit, None)
        amounts = tuple((record.year, record.amount_uah) for record in records)
    else:
        cell = parse_funding_cell(row.text(columns.get("funding")))
        amounts = tuple((record.year, amount_in_uah(record.amount, unit)) for record in cell.records)
    label_cells = [row.cell(column) for column in dict.fromkeys([0, columns.get("section_number"), columns.get("measure")])]
    label = next((collapse_spaces(cell.text) for cell in label_cells if cell and not cell.is_empty), "")
    label = label or next((collapse_spaces(c.text) for c in row.cells if not c.is_empty), "")
    source = total_source(label, clean_cell(row.cell(columns.get("sources")).lines))
    whole = bool(WHOLE_TOTAL.search(label)) and not PART_TOTAL.search(label)
    part = not whole and (bool(PART_TOTAL.search(label)) or more_follow)
    return Declared(
        label=join_lines([label])[:80],
        amounts=amounts,
        where=where_of(row, column="funding"),
        section=section if part else None,
        source=source,
    )


def total_source(label: str, sources_cell: str) -> str | None:
    """The funding source a total row is for: after "в т.ч." in its label, or in its sources column."""
    marker = SUBITEM_MARKER.search(label)
    if marker and label[marker.end() :].strip(" :.-"):
        return label[marker.end() :].strip(" :.-")
    if sources_cell and not TOTAL_LABEL.match(sources_cell) and not SUBITEM_MARKER.fullmatch(sources_cell.strip()):
        cleaned = SUBITEM_MARKER.sub("", sources_cell).strip(" :.-")
        return cleaned or None
    if label and not TOTAL_LABEL.match(label):
        return label.strip(" :.-") or None  # a row below a total that only names a source
    return None

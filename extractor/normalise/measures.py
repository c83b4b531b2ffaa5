"""Logical rows into sections and measures, with their "в т.ч." sub-items.

A measure's id is ``section.measure`` (``1.2``); the sub-items that follow a
"в т.ч." marker in its text are child measures ``1.2.1``, ``1.2.2`` whose
amounts are the groups that follow the marker in the funding cell, matched in
order. Children are parts of their parent's money, not additions to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from ..model import ExtractionWarning, FundingRecord, Measure, Provenance, Section, Term, Where
from .columns import ColumnMap
from .funding import SUBITEM_MARKER, YearAmount, amount_in_uah, funding_status, parse_funding_cell
from .rows import SECTION_NUMBER, LogicalRow
from .text import clean_cell, collapse_spaces, join_lines, split_executors, split_sources, strip_dangling, strip_measure_number

YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Terms with no year that need no warning: the measure runs as long as the programme.
OPEN_TERMS = regex.compile(r"постійно|щорічно|щоквартально|щомісячно|протягом|весь\s+період|у\s+міру|по\s+мірі", regex.IGNORECASE)


@dataclass(frozen=True)
class Declared:
    """A total row's figures: per year, in hryvnias."""

    label: str
    amounts: tuple[tuple[int, Decimal], ...]
    where: Where


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


def provenance(rows: tuple[LogicalRow, ...] | LogicalRow) -> Provenance:
    locations = rows.locations if isinstance(rows, LogicalRow) else tuple(loc for row in rows for loc in row.locations)
    pages = tuple(dict.fromkeys(loc.page for loc in locations if loc.page is not None))
    return Provenance(
        table=locations[0].table if locations else None,
        rows=tuple(loc.row for loc in locations if loc.row is not None),
        pages=pages,
        lines=tuple(loc.line for loc in locations if loc.line is not None),
    )


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

    for row in rows:
        if row.kind == "total":
            declared.append(read_total(row, columns, unit))
            continue
        if row.kind == "section":
            label = collapse_spaces(next(cell.text for cell in row.cells if not cell.is_empty))
            match = SECTION_NUMBER.match(label)
            assert match  # the row was classified by this pattern
            current_section = match["number"]
            sections.append(Section(current_section, strip_dangling(collapse_spaces(match["title"]))))
            continue

        section_text = collapse_spaces(row.text(columns.get("section_number")))
        section_match = SECTION_NUMBER.match(section_text) if section_text else None
        if section_match:
            current_section = section_match["number"]
            title = clean_cell(row.cell(columns.get("direction")).lines) or (section_match["title"] or "")
            sections.append(Section(current_section, strip_dangling(title) or None))

        measure_lines = row.cell(columns.get("measure")).lines
        number, first_line = strip_measure_number(measure_lines[0] if measure_lines else "")
        measure_lines = (first_line,) + measure_lines[1:]
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

        funding_text = row.text(columns.get("funding"))
        cell = parse_funding_cell(funding_text)
        parent_lines, subitem_lines = split_subitems(measure_lines, len(cell.subitem_groups))
        subitem_texts = [strip_dangling(clean_cell(item)) for item in subitem_lines]
        sources_lines = row.cell(columns.get("sources")).lines
        if cell.leftover:
            warnings.append(
                ExtractionWarning(
                    "funding_unparsed",
                    f"funding text not read as year/amount: {cell.leftover!r}",
                    where_of(row, measure_id, "funding"),
                )
            )
        own_records = funding_records(cell.records, unit)
        warnings.extend(check_years(own_records, row, measure_id))
        status = funding_status(bool(own_records), funding_text, " ".join(sources_lines))
        if status == "unknown" and regex.search(r"кошти|бюджет", " ".join(sources_lines), regex.IGNORECASE):
            warnings.append(
                ExtractionWarning(
                    "funding_missing",
                    "the sources name money but the funding cell has no amounts",
                    where_of(row, measure_id, "funding"),
                )
            )
        result_text = clean_cell(row.cell(columns.get("result")).lines)
        parent = Measure(
            id=measure_id,
            section=current_section,
            parent=None,
            text=strip_dangling(clean_cell(parent_lines)),
            term=parse_term(clean_cell(row.cell(columns.get("term")).lines)),
            executors=split_executors(row.cell(columns.get("executors")).lines),
            sources=split_sources(sources_lines),
            funding_status=status,
            funding=own_records,
            result=result_text or None,
            provenance=provenance(row),
        )
        measures.append(parent)
        children, child_warnings = build_children(
            parent, subitem_texts, cell.subitem_groups, cell.has_subitem_marker, subitem_rows(row, columns), unit
        )
        measures.extend(children)
        warnings.extend(child_warnings)

    return TableContent(tuple(sections), tuple(measures), tuple(declared), tuple(warnings))


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
                provenance=provenance(row),
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


def read_total(row: LogicalRow, columns: ColumnMap, unit: str) -> Declared:
    """A total row's yearly figures, in hryvnias."""
    cell = parse_funding_cell(row.text(columns.get("funding")))
    label = next(collapse_spaces(c.text) for c in row.cells if not c.is_empty)
    amounts = tuple((record.year, amount_in_uah(record.amount, unit)) for record in cell.records)
    return Declared(label=join_lines([label])[:80], amounts=amounts, where=where_of(row, column="funding"))

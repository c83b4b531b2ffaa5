"""A parsed file into the normalised ``Document``: the one entry point of the normaliser."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..errors import NoProgrammeTableError
from ..model import Document, ExtractionWarning, Measure, ParsedDocument, Programme, Source, SourceTable, Total, Where
from .columns import ColumnMap, header_text, map_columns
from .measures import Declared, TableContent, build_measures
from .metadata import parse_metadata, parse_unit
from .rows import logical_rows

# Roles besides "measure" that make a table a table of programme measures.
MEASURE_TABLE_ROLES = ("funding", "term", "executors", "sources", "result")


def find_measures_table(tables: tuple[SourceTable, ...]) -> tuple[SourceTable, ColumnMap, list[ExtractionWarning]]:
    """Pick the table of measures: the one whose headers name the most measure-table roles."""
    candidates = []
    for table in tables:
        columns = map_columns(table)
        if columns is None:
            continue
        score = sum(1 for role in MEASURE_TABLE_ROLES if columns.get(role) is not None)
        if score >= 2:
            candidates.append((score, -table.index, table, columns))
    if not candidates:
        seen = [" | ".join(cell.text.replace("\n", " ") for cell in table.rows[0].cells)[:200] for table in tables if table.rows]
        raise NoProgrammeTableError("no table of programme measures (headers seen: " + ("; ".join(seen) or "none") + ")")
    _, _, table, columns = max(candidates, key=lambda candidate: candidate[:2])
    notes = [
        ExtractionWarning(
            "table_ignored", f"table {other.index} is not the measures table and was not read", Where(table=other.index)
        )
        for other in tables
        if other is not table and other.rows
    ]
    return table, columns, notes


def compute_totals(
    measures: tuple[Measure, ...], declared: tuple[Declared, ...]
) -> tuple[tuple[Total, ...], list[ExtractionWarning]]:
    """Sum top-level measures per year and check the sums against the stated total rows."""
    computed: dict[int, Decimal] = defaultdict(Decimal)
    for measure in measures:
        if measure.parent is None:
            for record in measure.funding:
                computed[record.year] += record.amount_uah
    overall = [total for total in declared if total.amounts]
    stated = dict(overall[-1].amounts) if overall else {}  # the last total row is the programme's
    warnings = []
    for year, amount in sorted(stated.items()):
        if computed.get(year, Decimal(0)) != amount:
            warnings.append(
                ExtractionWarning(
                    "total_mismatch",
                    f"{year}: the total row states {amount} UAH, the measures add up to {computed.get(year, Decimal(0))} UAH",
                    overall[-1].where,
                )
            )
    years = sorted(set(computed) | set(stated))
    totals = tuple(Total(year, computed.get(year, Decimal(0)), stated.get(year)) for year in years)
    return totals, warnings


def check_period(content: TableContent, start: int | None, end: int | None) -> list[ExtractionWarning]:
    if start is None or end is None:
        return []
    return [
        ExtractionWarning(
            "funding_year_outside_period",
            f"{record.year} lies outside the programme period {start}-{end}",
            Where(measure=measure.id, column="funding", table=measure.provenance.table),
        )
        for measure in content.measures
        for record in measure.funding
        if not start <= record.year <= end
    ]


def build_document(parsed: ParsedDocument) -> Document:
    """Normalise a parsed file into a ``Document``; raises only when there is no measures table."""
    table, columns, warnings = find_measures_table(parsed.tables)
    metadata = parse_metadata(parsed.before, parsed.after)
    warnings.extend(metadata.warnings)

    unit = parse_unit(header_text(table, columns, "funding")) or parse_unit(*parsed.before)
    if unit is None:
        unit = "thousand_uah"
        warnings.append(
            ExtractionWarning(
                "unit_assumed", "no unit named in the funding header or heading; thousand UAH assumed", Where(column="funding")
            )
        )

    rows, dropped, row_warnings = logical_rows(table, columns)
    warnings.extend(row_warnings)
    content = build_measures(rows, columns, unit)
    warnings.extend(content.warnings)
    warnings.extend(check_period(content, *metadata.period))
    if not content.measures:
        raise NoProgrammeTableError("the measures table has no measures")
    totals, total_warnings = compute_totals(content.measures, content.declared_totals)
    warnings.extend(total_warnings)

    notes = parsed.notes + ((f"{dropped} repeated header row(s) dropped",) if dropped else ())
    return Document(
        source=Source(file=parsed.file_name, sha256=parsed.sha256, format=parsed.format, pages=parsed.pages, notes=notes),
        decision=metadata.decision,
        programme=Programme(
            title=metadata.programme_title, period_start=metadata.period[0], period_end=metadata.period[1], unit=unit
        ),
        signatory=metadata.signatory,
        sections=content.sections,
        measures=content.measures,
        totals=totals,
        warnings=tuple(warnings),
    )

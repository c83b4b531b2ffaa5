"""A parsed file into the normalised ``Document``: the one entry point of the normaliser."""

from __future__ import annotations

from dataclasses import replace

from ..errors import NoProgrammeTableError
from ..model import Document, ExtractionWarning, ParsedDocument, Programme, Source, SourceTable, Where
from .columns import ColumnMap, all_header_text, header_text, map_columns, merge_split_columns
from .funding import YEAR_AMOUNT
from .measures import TableContent, build_measures, check_total_rows
from .metadata import parse_metadata, parse_unit
from .placement import is_passport, unquote_tables
from .rows import logical_rows
from .text import collapse_spaces

# Roles besides "measure" that make a table a table of programme measures.
MEASURE_TABLE_ROLES = ("funding", "term", "executors", "sources", "result")


def headers_seen(table: SourceTable, rows: int = 3) -> str:
    """A table's top rows, cell by cell, for an error that lists what the extractor saw."""
    seen = []
    for row in table.rows[:rows]:
        cells = [" ".join(cell.text.split()) for cell in row.cells if not cell.is_empty]
        if cells:
            seen.append(" | ".join(dict.fromkeys(cells)))
    return f"table {table.index}: " + " / ".join(seen)[:300]


def find_measures_table(tables: tuple[SourceTable, ...]) -> tuple[SourceTable, ColumnMap, list[ExtractionWarning]]:
    """Pick the table of measures: the one whose headers name the most measure-table roles; a passport never is."""
    candidates = []
    passports = {table.index for table in tables if is_passport(table)}
    for table in tables:
        columns = None if table.index in passports else map_columns(table)
        if columns is None:
            continue
        score = sum(1 for role in MEASURE_TABLE_ROLES if columns.get(role) is not None) + (1 if columns.has_year_columns else 0)
        if score >= 2:
            candidates.append((score, -table.index, table, columns))
    if not candidates:
        seen = [headers_seen(table) for table in tables if table.rows and table.index not in passports]
        passport_note = "".join(f"; table {index} is a programme passport" for index in sorted(passports))
        raise NoProgrammeTableError(
            "no table of programme measures: no header names a measure column and two of term, executors, sources, "
            "funding, result (headers seen: " + ("; ".join(seen) or "none") + passport_note + ")"
        )
    _, _, table, columns = max(candidates, key=lambda candidate: candidate[:2])
    notes = [
        ExtractionWarning(
            "table_ignored",
            f"table {other.index} is {'a programme passport' if other.index in passports else 'not the measures table'}"
            " and was not read",
            Where(table=other.index),
        )
        for other in tables
        if other is not table and other.rows
    ]
    notes.extend(
        ExtractionWarning(
            "column_unmapped", f"header {text!r} names no known column; its cells were not read", Where(table=table.index)
        )
        for text in dict.fromkeys(columns.unmapped)
    )
    notes.extend(
        ExtractionWarning(
            "column_unmapped",
            f"column {index + 1} has no header and its cells tell no known column; its cells were not read",
            Where(table=table.index),
        )
        for index in columns.unread
    )
    notes.extend(
        ExtractionWarning(
            "column_inferred",
            f"column {index + 1} has no readable header of its own; read as {role}: {why}",
            Where(table=table.index, column=role),
        )
        for index, role, why in columns.inferred
    )
    if not columns.amount_columns:
        notes.append(
            ExtractionWarning(
                "funding_column_missing",
                "no funding column found; measures have no amounts (headers seen: " + "; ".join(columns.header_texts)[:300] + ")",
                Where(table=table.index),
            )
        )
    return table, columns, notes


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
        if record.year is not None and not start <= record.year <= end
    ]


def table_paragraphs(table: SourceTable) -> list[str]:
    """A table's text as paragraphs, a row each (its cells' distinct texts on lines of their own)."""
    paragraphs = []
    for row in table.rows:
        texts = dict.fromkeys(cell.text for cell in row.cells if not cell.is_empty)
        if texts:
            paragraphs.append("\n".join(texts))
    return paragraphs


def surroundings(parsed: ParsedDocument, table: SourceTable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The text above and below the measures table, in reading order.

    Other tables count as text here: clerks type the header block or the
    signature in a borderless table, and a programme passport may stand above.
    """
    position = parsed.tables.index(table)
    others = [table_paragraphs(other) for other in parsed.tables]
    if len(parsed.between) == len(parsed.tables):
        before = list(parsed.before)
        for index in range(position):
            before += others[index] + list(parsed.between[index])
        after = list(parsed.between[position])
        for index in range(position + 1, len(parsed.tables)):
            after += others[index] + list(parsed.between[index])
    else:  # the parser only tells what stands above the first table and below the last
        before = list(parsed.before) + [text for index in range(position) for text in others[index]]
        after = [text for index in range(position + 1, len(parsed.tables)) for text in others[index]] + list(parsed.after)
    return tuple(before), tuple(after)


def amounts_below(after: tuple[str, ...]) -> list[ExtractionWarning]:
    """Year/amount pairs in the text under the table: a row the reader could not place (say, a cut row
    an OCR'd page showed without its rules) is reported, never dropped in silence."""
    return [
        ExtractionWarning(
            "amounts_outside_table",
            f"text below the table holds amounts that no measure was read with: {collapse_spaces(paragraph)[:120]!r}",
            Where(),
        )
        for paragraph in after
        if YEAR_AMOUNT.search(paragraph)
    ]


def build_document(parsed: ParsedDocument) -> Document:
    """Normalise a parsed file into a ``Document``; raises only when there is no measures table."""
    parsed = unquote_tables(parsed)  # the «…» of an amending decision typed in the table's first and last cells
    merged = tuple(merge_split_columns(table) for table in parsed.tables)  # a column the file's grid drew as two
    if any(new is not old for new, old in zip(merged, parsed.tables, strict=True)):
        parsed = replace(parsed, tables=merged)
    table, columns, warnings = find_measures_table(parsed.tables)
    warnings = list(parsed.warnings) + warnings
    before, after = surroundings(parsed, table)
    metadata = parse_metadata(before, after)
    warnings.extend(metadata.warnings)
    warnings.extend(amounts_below(after))

    unit = (
        parse_unit(header_text(table, columns, "funding"))
        or parse_unit(all_header_text(table, columns))
        or parse_unit(*columns.titles)
        or parse_unit(*before)
    )
    if unit is None:
        warnings.append(
            ExtractionWarning(
                "unit_missing",
                "no unit named in the header, above the table or in the heading: amounts are as written, amount_uah is null",
                Where(table=table.index, column="funding"),
            )
        )

    rows, dropped, row_warnings = logical_rows(table, columns)
    warnings.extend(row_warnings)
    content = build_measures(rows, columns, unit, before[-1:])  # a sub-section line right above the table
    warnings.extend(content.warnings)
    warnings.extend(check_period(content, *metadata.period))
    if not content.measures:
        raise NoProgrammeTableError("the measures table has no measures")
    totals, row_totals, total_warnings = check_total_rows(content.measures, content.total_rows, unit, columns.has_year_axis)
    warnings.extend(total_warnings)

    notes = parsed.notes + ((f"{dropped} repeated header row(s) dropped",) if dropped else ())
    return Document(
        source=Source(file=parsed.file_name, sha256=parsed.sha256, format=parsed.format, pages=parsed.pages, notes=notes),
        decision=metadata.decision,
        amends=metadata.amends,
        programme=Programme(
            title=metadata.programme_title, period_start=metadata.period[0], period_end=metadata.period[1], unit=unit
        ),
        signatory=metadata.signatory,
        sections=content.sections,
        measures=content.measures,
        totals=totals,
        warnings=tuple(warnings),
        declared_totals=content.declared + row_totals,
    )

"""Whole-archive tables from the catalogue: combined CSVs, their ``datapackage.json``, an Excel profile.

Each table is one SQL query over ``catalogue.sqlite`` with a total order, so the
same catalogue always gives the same bytes. Tables are joined by ``document``
(the output name of the source file) and carry the decision identifier.

``out/combined/`` holds ``<table>.csv`` in the open-data dialect (UTF-8, comma,
dot decimal) and ``datapackage.json`` describing them; with the Excel profile,
``out/combined/excel/<table>.csv`` too (UTF-8 with BOM, ``;``, cells a spreadsheet reads right in any
locale: ``export/document/csv.py``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document.csv import APPENDED_SINCE_1_1 as LONG_APPENDED
from ..document.csv import COLUMN_TYPES as LONG_TYPES
from ..document.csv import COLUMNS_1_1 as LONG_COLUMNS
from ..document.csv import EXCEL, OPEN_DATA, Dialect
from ..document.datapackage import csv_resource
from ..files import write_atomically
from .catalogue import Catalogue


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # Frictionless field type
    description: str = ""

    @property
    def numeric(self) -> bool:
        return self.type in ("number", "integer")


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    sql: str
    primary_key: tuple[str, ...] = ()


def columns(*specs: str) -> tuple[Column, ...]:
    """``"year:integer"`` → ``Column("year", "integer")``; no type means string."""
    found = []
    for spec in specs:
        name, _, kind = spec.partition(":")
        found.append(Column(name, kind or "string"))
    return tuple(found)


CONVERTED = "d.status = 'converted'"
# Where a document stands among its programme's versions (catalogue table ``versions``), in every table that
# needs it to count each programme once: filter on latest, or leave out the rows with copy_of set.
PLACEMENT = ("programme_key", "latest:boolean", "copy_of")
PLACED = "v.programme_key, v.latest, v.copy_of"

TABLES: tuple[Table, ...] = (
    Table(
        "documents",
        "Every input of the archive: its status and, when it was not converted, why.",
        columns(
            "document",
            "path",
            "sha256",
            "format",
            "status",
            "reason",
            "measures:integer",
            "funding_records:integer",
            "warnings:integer",
        ),
        "SELECT name, path, sha256, format, status, error, measures, funding_records, warnings FROM documents AS d ORDER BY name",
        ("document",),
    ),
    Table(
        "decisions",
        "One row per converted document: the decision, its programme and signatory.",
        columns(
            "document",
            "decision_identifier",
            "council",
            "session:integer",
            "convocation",
            "decision_date:date",
            "decision_number",
            "annex",
            "programme_title",
            "period_start:integer",
            "period_end:integer",
            "unit",
            "signatory_position",
            "signatory_name",
            *PLACEMENT,
            "version:integer",
            "amends_identifier",  # appended: the decision a restated annex or an amending decision changes
        ),
        f"""SELECT d.name, dc.identifier, dc.council, dc.session, dc.convocation, dc.date, dc.number, dc.annex,
                   p.title, p.period_start, p.period_end, p.unit, dc.signatory_position, dc.signatory_name,
                   {PLACED}, v.version, dc.amends_identifier
            FROM documents AS d JOIN decisions AS dc ON dc.document_id = d.id JOIN programmes AS p ON p.document_id = d.id
            LEFT JOIN versions AS v ON v.document_id = d.id
            WHERE {CONVERTED} ORDER BY d.name""",
        ("document",),
    ),
    Table(
        "sections",
        "Sections (directions) of each programme.",
        columns("document", "decision_identifier", "section", "title"),
        f"""SELECT d.name, dc.identifier, s.number, s.title
            FROM sections AS s JOIN documents AS d ON d.id = s.document_id JOIN decisions AS dc ON dc.document_id = d.id
            WHERE {CONVERTED} ORDER BY d.name, s.ordinal""",
    ),
    Table(
        "measures",
        "Measures of each programme; a 'в т.ч.' sub-item has parent_id set and is part of its parent's amounts.",
        columns(
            "document",
            "decision_identifier",
            "measure_id",
            "section",
            "parent_id",
            "measure_text",
            "term",
            "term_start:integer",
            "term_end:integer",
            "executors",
            "funding_sources",
            "funding_status",
            "result",
            "page:integer",
        ),
        f"""SELECT d.name, dc.identifier, m.measure_id, m.section, m.parent_id, m.text, m.term_raw, m.term_start,
                   m.term_end, m.executors, m.sources, m.funding_status, m.result, m.page
            FROM measures AS m JOIN documents AS d ON d.id = m.document_id JOIN decisions AS dc ON dc.document_id = d.id
            WHERE {CONVERTED} ORDER BY d.name, m.ordinal""",
    ),
    Table(
        "funding",
        "One row per funding record (year and amount of a measure); amount in the document's unit, amount_uah in hryvnias.",
        columns(
            "document",
            "decision_identifier",
            "measure_id",
            "parent_id",
            "year:integer",
            "amount:number",
            "amount_uah:number",
            "raw",
            "funding_source",
            "executor",
            "expense",
            "unit",
            *PLACEMENT,
            "source_nominative",  # contract 1.2, appended
        ),
        f"""SELECT d.name, dc.identifier, m.measure_id, m.parent_id, f.year, f.amount, f.amount_uah, f.raw, f.source,
                   f.executor, f.expense, p.unit, {PLACED}, f.source_nominative
            FROM funding AS f JOIN measures AS m ON m.id = f.measure_ref JOIN documents AS d ON d.id = f.document_id
            JOIN decisions AS dc ON dc.document_id = d.id JOIN programmes AS p ON p.document_id = d.id
            LEFT JOIN versions AS v ON v.document_id = d.id
            WHERE {CONVERTED} ORDER BY d.name, m.ordinal, f.ordinal""",
    ),
    Table(
        "totals",
        "Per document and year: the sum over top-level measures and the total the document declares, if any.",
        columns("document", "decision_identifier", "year:integer", "computed_uah:number", "declared_uah:number"),
        f"""SELECT d.name, dc.identifier, t.year, t.computed_uah, t.declared_uah
            FROM totals AS t JOIN documents AS d ON d.id = t.document_id JOIN decisions AS dc ON dc.document_id = d.id
            WHERE {CONVERTED} ORDER BY d.name, t.year""",
    ),
    Table(
        "declared_totals",
        "Every figure a document states as a total (contract 1.1), what it totals and its check: matched, mismatch, unchecked.",
        columns(
            "document",
            "decision_identifier",
            "label",
            "measure",
            "section",
            "year:integer",
            "funding_source",
            "executor",
            "expense",
            "declared:number",
            "declared_uah:number",
            "computed:number",
            "computed_uah:number",
            "status",
            "page:integer",
            "row:integer",
        ),
        f"""SELECT d.name, dc.identifier, t.label, t.measure, t.section, t.year, t.source, t.executor, t.expense, t.declared,
                   t.declared_uah, t.computed, t.computed_uah, t.status, t.page, t.row_index
            FROM declared_totals AS t JOIN documents AS d ON d.id = t.document_id JOIN decisions AS dc ON dc.document_id = d.id
            WHERE {CONVERTED} ORDER BY d.name, t.ordinal""",
    ),
    Table(
        "warnings",
        "Everything the extractor noticed and could not settle, with a stable code.",
        columns("document", "decision_identifier", "code", "message", "page:integer", "row:integer", "measure"),
        f"""SELECT d.name, dc.identifier, w.code, w.message, w.page, w.row_index, w.measure
            FROM warnings AS w JOIN documents AS d ON d.id = w.document_id JOIN decisions AS dc ON dc.document_id = d.id
            WHERE {CONVERTED} ORDER BY d.name, w.ordinal""",
    ),
    Table(
        "long",
        "The contract's long CSV over the whole archive: one row per funding record, or per measure without any.",
        (
            *(Column(name, LONG_TYPES.get(name, "string")) for name in LONG_COLUMNS),
            *columns("document", "unit", *PLACEMENT),
            *(Column(name, LONG_TYPES.get(name, "string")) for name in LONG_APPENDED),  # the long CSV's later columns
        ),
        f"""SELECT dc.identifier, dc.council, dc.number, dc.date, p.title, m.section, m.measure_id, m.parent_id, m.text,
                   m.sources, m.funding_status, f.year, f.amount, f.amount_uah, d.file, m.page, f.source, f.executor,
                   f.expense, d.name, p.unit, {PLACED}, f.source_nominative, dc.amends_identifier
            FROM measures AS m JOIN documents AS d ON d.id = m.document_id
            JOIN decisions AS dc ON dc.document_id = d.id JOIN programmes AS p ON p.document_id = d.id
            LEFT JOIN funding AS f ON f.measure_ref = m.id LEFT JOIN versions AS v ON v.document_id = d.id
            WHERE {CONVERTED} ORDER BY d.name, m.ordinal, f.ordinal""",
    ),
    Table(
        "programme_plan",
        "Each programme's planned hryvnias per year, counted once: its latest version, top-level measures only.",
        columns(
            "programme_key",
            "council",
            "programme_title",
            "document",
            "decision_identifier",
            "decision_date:date",
            "unit",
            "year:integer",
            "planned_uah:number",
        ),
        "SELECT * FROM programme_plan",
        ("programme_key", "year"),
    ),
)


def table_rows(catalogue: Catalogue, table: Table) -> list[tuple[Any, ...]]:
    """The rows of ``table``, in its stable order."""
    return list(catalogue.query(table.sql))


def csv_text(table: Table, rows: list[tuple[Any, ...]], dialect: Dialect = OPEN_DATA) -> str:
    """One table as CSV text in ``dialect``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\n")
    writer.writerow(column.name for column in table.columns)
    for row in rows:
        writer.writerow(dialect.cell(value, column.type) for value, column in zip(row, table.columns, strict=True))
    return ("\ufeff" if dialect.bom else "") + buffer.getvalue()


def descriptor(tables: tuple[Table, ...] = TABLES) -> dict[str, Any]:
    """The Frictionless data package describing ``combined/<table>.csv``."""
    resources = []
    for table in tables:
        schema: dict[str, Any] = {"fields": [{"name": column.name, "type": column.type} for column in table.columns]}
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        if table.name not in ("documents",) and table.columns[0].name == "document":
            schema["foreignKeys"] = [{"fields": "document", "reference": {"resource": "documents", "fields": "document"}}]
        resources.append(csv_resource(table.name, f"{table.name}.csv", schema, description=table.description))
    return {"profile": "tabular-data-package", "name": "extractor-archive", "resources": resources}


def write_combined(catalogue: Catalogue, folder: Path, excel: bool) -> dict[str, list[tuple[Any, ...]]]:
    """Write every combined table (and its Excel-profile copy) under ``folder``; return the rows by table."""
    catalogue.refresh_versions()
    rows_by_table = {}
    for table in TABLES:
        rows = table_rows(catalogue, table)
        rows_by_table[table.name] = rows
        write_atomically(folder / f"{table.name}.csv", csv_text(table, rows))
        if excel:
            write_atomically(folder / "excel" / f"{table.name}.csv", csv_text(table, rows, EXCEL))
    write_atomically(folder / "datapackage.json", json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n")
    return rows_by_table

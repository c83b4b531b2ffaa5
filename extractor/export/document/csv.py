"""Documents to the long CSV of the contract: one row per funding record.

A measure with no amounts still gets one row with empty ``year``/``amount``,
so the CSV lists every measure. ``funding_source``, ``executor`` and ``expense``
(contract 1.1) come last, so the columns of 1.0 keep their places. Two dialects: open data (UTF-8, comma, dot
decimal) and Excel in Ukraine (UTF-8 with BOM, ``;``, decimal comma).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from ...model import Document
from ..json import decimal_string, number

COLUMNS = (
    "decision_identifier", "council", "decision_number", "decision_date", "programme_title",
    "section", "measure_id", "parent_id", "measure_text", "funding_sources", "funding_status",
    "year", "amount", "amount_uah", "source_file", "page",
    "funding_source", "executor", "expense",  # contract 1.1: the record's own coordinates, appended
)  # fmt: skip

RECORD_AXES = ("funding_source", "executor", "expense")  # empty when the table has no such axis

# Frictionless field types of the columns, for datapackage.json.
COLUMN_TYPES = {"year": "integer", "amount": "number", "amount_uah": "number", "page": "integer", "decision_date": "date"}


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    decimal: str
    bom: bool


OPEN_DATA = Dialect(delimiter=",", decimal=".", bom=False)
EXCEL = Dialect(delimiter=";", decimal=",", bom=True)


def rows(document: Document) -> list[dict[str, Any]]:
    """The long rows of ``document``: one per funding record, or one per measure without any."""
    decision = document.decision
    common = {
        "decision_identifier": decision.identifier,
        "council": decision.council,
        "decision_number": decision.number,
        "decision_date": decision.date,
        "programme_title": document.programme.title,
        "source_file": document.source.file,
    }
    found = []
    for measure in document.measures:
        base = {
            **common,
            "section": measure.section,
            "measure_id": measure.id,
            "parent_id": measure.parent,
            "measure_text": measure.text,
            "funding_sources": "; ".join(measure.sources),
            "funding_status": measure.funding_status,
            "page": measure.provenance.page,
        }
        if not measure.funding:
            found.append({**base, **dict.fromkeys(("year", "amount", "amount_uah", *RECORD_AXES))})
        for record in measure.funding:
            found.append(
                {
                    **base,
                    "year": record.year,
                    "amount": decimal_string(record.amount),
                    "amount_uah": None if record.amount_uah is None else str(number(record.amount_uah)),
                    "funding_source": record.source,
                    "executor": record.executor,
                    "expense": record.expense,
                }
            )
    return found


def dumps(document: Document, dialect: Dialect = OPEN_DATA) -> str:
    """The CSV text of ``document`` in ``dialect``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(document):
        values = []
        for column in COLUMNS:
            value = row[column]
            text = "" if value is None else str(value)
            if column in ("amount", "amount_uah") and text:
                text = text.replace(".", dialect.decimal)
            values.append(text)
        writer.writerow(values)
    return ("\ufeff" if dialect.bom else "") + buffer.getvalue()

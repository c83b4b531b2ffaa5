"""Documents to the long CSV of the contract: one row per funding record.

A measure with no amounts still gets one row with empty ``year``/``amount``,
so the CSV lists every measure. Columns are only ever appended, so every earlier
column keeps its place: ``funding_source``, ``executor`` and ``expense`` (contract
1.1), then ``source_nominative`` (1.2) and ``amends_identifier`` (the decision a
restated annex or an amending decision changes, when it names one).

Two dialects. Open data: UTF-8, comma, dot decimal, values as they are.
Spreadsheets (``EXCEL``): UTF-8 with BOM and ``;``, and every cell written so
that Excel and LibreOffice Calc read it as what it is under Ukrainian *and*
English settings. Both apps guess a type for each unquoted or quoted field
alike: with Ukrainian settings ``1.1`` and ``3.6.1`` become dates, with English
ones ``25,401`` becomes 25401 and ``34,0`` stays text. So (``spreadsheet_cell``):

* an id or any text a spreadsheet would turn into a number, date, time,
  percentage, boolean or formula (``1.1``, ``1911``, ``24/9``, ``=…``, ``- …``)
  is written as a formula giving that text, ``="1.1"``; a text over 250
  characters as several such strings joined by ``&`` (Excel's limit for one);
* a number with a fraction is written as a fraction of integers,
  ``=25401/1000``, which no locale can misread; whole numbers as digits;
* ISO dates (``2020-08-27``) as they are: both apps read them as dates everywhere.

Checked by opening the files in LibreOffice Calc with the CSV import options
of a Ukrainian (1058) and an English (1033) locale (``tests/test_spreadsheets.py``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import regex

from ...model import Document
from ..json import decimal_string, number

COLUMNS_1_1 = (
    "decision_identifier", "council", "decision_number", "decision_date", "programme_title",
    "section", "measure_id", "parent_id", "measure_text", "funding_sources", "funding_status",
    "year", "amount", "amount_uah", "source_file", "page",
    "funding_source", "executor", "expense",  # contract 1.1: the record's own coordinates, appended
)  # fmt: skip
# Columns appended since (the combined ``long`` table appends them after its own extra columns, for the same reason).
APPENDED_SINCE_1_1 = (
    "source_nominative",  # contract 1.2: the record's source in the nominative, for summing by source
    "amends_identifier",  # the identifier of the decision this document restates or amends (JSON ``amends``)
)
COLUMNS = (*COLUMNS_1_1, *APPENDED_SINCE_1_1)

RECORD_AXES = ("funding_source", "executor", "expense", "source_nominative")  # empty when the table has no such axis

# Frictionless field types of the columns, for datapackage.json.
COLUMN_TYPES = {"year": "integer", "amount": "number", "amount_uah": "number", "page": "integer", "decision_date": "date"}


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    bom: bool
    spreadsheet: bool  # cells written for Excel and Calc to read in any locale (module docstring)

    def cell(self, value: Any, kind: str = "string") -> str:
        """``value`` of a column of Frictionless type ``kind`` as this dialect writes it."""
        if value is None:
            return ""
        text = str(value)
        return spreadsheet_cell(text, kind) if self.spreadsheet else text


OPEN_DATA = Dialect(delimiter=",", bom=False, spreadsheet=False)
EXCEL = Dialect(delimiter=";", bom=True, spreadsheet=True)

# Text a spreadsheet would read as something else: digits with separators (numbers, dates, times, fractions,
# percentages, scientific notation: ``1.1``, ``3.6.1``, ``1911``, ``24/9``, ``10:30``, ``1e5``, ``10%``), booleans,
# and anything a formula starts with (``=``, ``+``, ``-``, ``@``: also a guard against formulas smuggled into a cell).
LOOKS_TYPED = regex.compile(
    r"""^ [\s\d.,:/%()eE+\-]* \d [\s\d.,:/%()eE+\-]* $   # digits and separators only
      | ^ (?: true | false | істина | хибність ) $            # booleans, English and Ukrainian
      | ^ [=+\-@]                                            # a formula's first character
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
FORMULA_STRING_LIMIT = 250  # Excel refuses a string constant over 255 characters in a formula


def spreadsheet_cell(text: str, kind: str) -> str:
    """One cell for the spreadsheet dialect (module docstring): formulas where a guess would go wrong."""
    if kind in ("number", "integer", "boolean"):  # a boolean is stored as 0/1: a number in every locale
        value = Decimal(text)
        if not value.is_finite() or value == value.to_integral_value():
            return str(int(value)) if value.is_finite() else text  # whole: digits mean the same everywhere
        sign, digits, exponent = value.normalize().as_tuple()
        numerator = ("-" if sign else "") + "".join(map(str, digits))
        return f"={numerator}/1{'0' * -int(exponent)}"
    if kind == "date" or not LOOKS_TYPED.search(text):
        return text
    parts = [text[start : start + FORMULA_STRING_LIMIT] for start in range(0, len(text), FORMULA_STRING_LIMIT)]
    return "=" + "&".join('"' + part.replace('"', '""') + '"' for part in parts)


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
        "amends_identifier": document.amends.identifier if document.amends else None,
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
                    "source_nominative": record.source_nominative,
                }
            )
    return found


def dumps(document: Document, dialect: Dialect = OPEN_DATA) -> str:
    """The CSV text of ``document`` in ``dialect``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows(document):
        writer.writerow(dialect.cell(row[column], COLUMN_TYPES.get(column, "string")) for column in COLUMNS)
    return ("\ufeff" if dialect.bom else "") + buffer.getvalue()

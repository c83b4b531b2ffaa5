"""A ``ProgrammeDiff`` as a long CSV: one row per changed field or amount.

Rows, in report order: for a changed measure one row per changed field
(``id`` for a renumbering) and one per changed amount (``amount``: a year's, or
a year's for one source, executor or expense, named in the last columns); for an added
or removed measure one ``measure`` row and one ``amount`` row per year it
names; sub-items right after their parent; then one ``total`` row per year
whose programme total changed; with ``list_unchanged`` one ``unchanged`` row
per unchanged measure. Amounts are hryvnias, dot decimal, UTF-8 without BOM.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ...diff import MeasureChange, ProgrammeDiff
from .diff_format import words_text
from .diff_json import uah

COLUMNS = (
    "old_decision",
    "new_decision",
    "change",
    "section",
    "old_id",
    "new_id",
    "parent_id",
    "measure_text",
    "field",
    "year",
    "old_value",
    "new_value",
    "difference_uah",
    "changed_words",
    "matched_by",
    "similarity",
    "funding_source",  # contract 1.1: the amount's other coordinates, empty when the table has no such axis
    "executor",
    "expense",
)


def joined(value: str | tuple[str, ...] | None) -> str:
    if value is None:
        return ""
    return "; ".join(value) if isinstance(value, tuple) else value


def measure_rows(change: MeasureChange, parent_id: str | None) -> Iterator[dict[str, object]]:
    base = {
        "change": change.kind,
        "section": change.section or "",
        "old_id": change.old_id or "",
        "new_id": change.new_id or "",
        "parent_id": parent_id or "",
        "measure_text": change.text,
        "matched_by": change.match.rule if change.match else "",
        "similarity": change.match.similarity if change.match else "",
    }
    if change.kind != "changed":
        side = "old_value" if change.kind == "removed" else "new_value"
        yield {**base, "field": "measure", side: change.text}
    for field in change.fields:
        yield {
            **base,
            "field": field.field,
            "old_value": joined(field.old),
            "new_value": joined(field.new),
            "changed_words": words_text(field),
        }
    for amount in change.amounts:
        yield {
            **base,
            "field": "amount",
            "year": amount.year,
            "old_value": uah(amount.old) or "",
            "new_value": uah(amount.new) or "",
            "difference_uah": uah(amount.difference),
            "funding_source": amount.source or "",
            "executor": amount.executor or "",
            "expense": amount.expense or "",
        }
    for child in change.children:
        yield from measure_rows(child, change.new_id or change.old_id)


def rows(diff: ProgrammeDiff, list_unchanged: bool = False) -> Iterator[dict[str, object]]:
    """The CSV's rows as dicts keyed by ``COLUMNS`` (decision columns included)."""
    decisions = {
        "old_decision": diff.old.decision.identifier or diff.old.source.file,
        "new_decision": diff.new.decision.identifier or diff.new.source.file,
    }
    for change in diff.measures:
        for row in measure_rows(change, None):
            yield {**decisions, **row}
    for total in diff.totals:
        if total.changed:
            yield {
                **decisions,
                "change": "total",
                "field": "total",
                "year": total.year,
                "old_value": uah(total.old) or "",
                "new_value": uah(total.new) or "",
                "difference_uah": uah(total.difference),
            }
    if list_unchanged:
        for item in diff.unchanged:
            yield {
                **decisions,
                "change": "unchanged",
                "new_id": item.id,
                "old_id": item.id,
                "measure_text": item.text,
                "matched_by": item.match.rule,
                "similarity": item.match.similarity,
            }


def dumps(diff: ProgrammeDiff, list_unchanged: bool = False) -> str:
    """The diff as CSV text (header row first)."""
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(diff, list_unchanged))
    return stream.getvalue()

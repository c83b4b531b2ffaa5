"""A ``ProgrammeHistory`` as a long CSV: one row per version, measure and year, then the totals.

Rows, version by version in date order: for every measure the version has (or
the version before it had), first one ``field`` row per field the version
changed in a measure it kept (``field``: ``id`` for a renumbering, ``text``,
``term``, ``executors``, ``sources``, ``funding_status``, ``result``, in that
order; ``old_value`` and ``new_value`` as in ``extractor diff --to csv``, lists
joined by ``; ``), then one ``amount`` row per amount either version names (per
year, and per source, executor and expense when the table has those axes, named
in the last columns; one row with an empty year and amount when neither names any), with the amount, the one before and
the difference, and what the version did to it (``change``: empty for the
first version, else ``same``, ``changed``, ``added`` or ``removed``); then one
``total`` row per year. ``measure`` follows a renumbered measure across versions
(``4.2 → 4.3``); ``measure_id`` is its id in this version. Amounts are
hryvnias, dot decimal, UTF-8 without BOM.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from ...diff import AmountKey, FieldChange, ProgrammeDiff, walk
from ...history import ProgrammeHistory, Track
from .diff_csv import joined
from .diff_json import uah

COLUMNS = (
    "row",
    "version",
    "decision_identifier",
    "decision_date",
    "source_file",
    "measure",
    "measure_id",
    "parent_id",
    "section",
    "measure_text",
    "year",
    "amount_uah",
    "previous_uah",
    "difference_uah",
    "change",
    "field",
    "old_value",
    "new_value",
    "funding_source",  # contract 1.1: the amount's other coordinates, empty when the table has no such axis
    "executor",
    "expense",
)


def change_of(index: int, before: Decimal | None, after: Decimal | None, had: bool, has: bool) -> str:
    if index == 0:
        return ""
    if not had:
        return "added"
    if not has:
        return "removed"
    return "same" if before == after else "changed"


def difference(index: int, before: Decimal | None, after: Decimal | None) -> str:
    if index == 0 or (before is None and after is None):
        return ""
    return uah((after or Decimal(0)) - (before or Decimal(0))) or ""


def field_changes(step: ProgrammeDiff) -> dict[tuple[str | None, str | None], tuple[FieldChange, ...]]:
    """The fields a diff changed in each measure it paired, by (old id, new id)."""
    return {(change.old_id, change.new_id): change.fields for change in walk(step.measures) if change.kind == "changed"}


def track_rows(
    history: ProgrammeHistory, track: Track, index: int, fields: tuple[FieldChange, ...] = ()
) -> Iterator[dict[str, object]]:
    has = track.amounts[index] is not None
    had = index > 0 and track.amounts[index - 1] is not None
    if not has and not had:
        return
    keys = {
        key for amounts in (track.amounts[index], track.amounts[index - 1] if index else None) if amounts for key, _ in amounts
    }
    base = {
        "row": "amount",
        "measure": track.label,
        "measure_id": track.ids[index] or "",
        "parent_id": track.parent or "",
        "section": track.section or "",
        "measure_text": track.text,
    }
    for field in fields:
        yield {
            **base,
            "row": "field",
            "change": "changed",
            "field": field.field,
            "old_value": joined(field.old),
            "new_value": joined(field.new),
        }
    listed: list[AmountKey | None] = [*sorted(keys, key=AmountKey.order)] or [None]  # None: a row saying "no amounts"
    for key in listed:
        after = track.amount(index, key) if key is not None else None
        before = track.amount(index - 1, key) if key is not None and index else None
        yield {
            **base,
            "year": key.year if key is not None and key.year is not None else "",
            "amount_uah": uah(after) or "",
            "previous_uah": uah(before) or "",
            "difference_uah": difference(index, before, after),
            "change": change_of(index, before, after, had, has),
            "funding_source": key.source or "" if key else "",
            "executor": key.executor or "" if key else "",
            "expense": key.expense or "" if key else "",
        }


def rows(history: ProgrammeHistory) -> Iterator[dict[str, object]]:
    """The CSV's rows as dicts keyed by ``COLUMNS``."""
    for index, version in enumerate(history.versions):
        stamp = {
            "version": index + 1,
            "decision_identifier": version.decision.identifier or "",
            "decision_date": version.decision.date or "",
            "source_file": version.source.file,
        }
        changed = field_changes(history.steps[index - 1]) if index else {}
        for track in history.measures:
            fields = changed.get((track.ids[index - 1], track.ids[index]), ()) if index else ()
            for row in track_rows(history, track, index, fields):
                yield {**stamp, **row}
        for year in history.years:
            after = history.total(index, year)
            before = history.total(index - 1, year) if index else None
            yield {
                **stamp,
                "row": "total",
                "year": "" if year is None else year,
                "amount_uah": uah(after) or "",
                "previous_uah": uah(before) or "",
                "difference_uah": difference(index, before, after),
                "change": "" if index == 0 else ("same" if before == after else "changed"),
            }


def dumps(history: ProgrammeHistory) -> str:
    """The history as CSV text (header row first)."""
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(history))
    return stream.getvalue()

"""Documents as flat funding rows and pandas DataFrames: the analyst's view.

``records(document)`` gives one ``FlatRecord`` per funding record: the record
with its measure's id, parent, section and text beside it, so a row means
something on its own. ``to_frame`` and ``frame`` put those rows into a pandas
DataFrame, one row per record, with the document's metadata in columns of
their own. ``yearly_totals`` sums top-level measures only: a "в т.ч." sub-item
is already inside its parent's amount.

Money stays ``Decimal`` (object columns in pandas): ``frame.amount_uah.sum()``
is exact; ``.astype(float)`` it for plotting. pandas is imported only here, and
only when a frame is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Document

if TYPE_CHECKING:
    import pandas

# The document's metadata columns, first in every frame, in this order.
METADATA_COLUMNS = (
    "source_file", "format", "sha256", "decision_identifier", "council", "session", "convocation",
    "decision_date", "decision_number", "annex", "programme_title", "period_start", "period_end", "unit",
)  # fmt: skip


@dataclass(frozen=True)
class FlatRecord:
    """One funding record with its measure's coordinates."""

    measure_id: str
    parent_id: str | None  # set for a "в т.ч." sub-item: its amount is part of the parent's
    section: str | None
    source: str | None  # the record's own funding source; None when the table does not split by source
    executor: str | None  # the executor row the amount stands in, when a measure has several
    expense: str | None  # the expense type, when the table has that axis
    year: int | None  # None: the amount covers the measure's term
    amount: Decimal  # in the document's unit, as written
    amount_uah: Decimal | None  # hryvnias; None only when the document states no unit
    raw: str  # the text the amount was read from
    measure_text: str
    sources: tuple[str, ...]  # the measure's funding sources cell, split
    source_nominative: str | None = None  # ``source`` in the nominative (`із обласного бюджету` -> `Обласний бюджет`)


def records(document: Document) -> list[FlatRecord]:
    """One flat row per funding record of ``document``, in document order."""
    return [
        FlatRecord(
            measure_id=measure.id,
            parent_id=measure.parent,
            section=measure.section,
            source=record.source,
            executor=getattr(record, "executor", None),
            expense=getattr(record, "expense", None),
            year=record.year,
            amount=record.amount,
            amount_uah=record.amount_uah,
            raw=record.raw,
            measure_text=measure.text,
            sources=measure.sources,
            source_nominative=record.source_nominative,
        )
        for measure in document.measures
        for record in measure.funding
    ]


def yearly_totals(document: Document) -> dict[int | None, Decimal]:
    """Planned hryvnias per year over top-level measures (``None``: amounts for the whole term).

    A record without ``amount_uah`` (no unit stated; a ``unit_missing`` warning says so) is left out.
    """
    totals: dict[int | None, Decimal] = {}
    for row in records(document):
        if row.parent_id is None and row.amount_uah is not None:
            totals[row.year] = totals.get(row.year, Decimal(0)) + row.amount_uah
    return dict(sorted(totals.items(), key=lambda item: (item[0] is None, item[0] or 0)))


def totals_by_source(document: Document) -> dict[tuple[int | None, str | None], Decimal]:
    """Planned hryvnias per (year, source) over top-level measures, sources named in the nominative.

    ``source`` is ``None`` for amounts the table does not split by source. A record without ``amount_uah``
    is left out, as in ``yearly_totals``.
    """
    totals: dict[tuple[int | None, str | None], Decimal] = {}
    for row in records(document):
        if row.parent_id is None and row.amount_uah is not None:
            key = (row.year, row.source_nominative)
            totals[key] = totals.get(key, Decimal(0)) + row.amount_uah
    return dict(sorted(totals.items(), key=lambda item: (item[0][0] is None, item[0][0] or 0, item[0][1] or "")))


def metadata(document: Document) -> dict[str, Any]:
    """The document's own columns of a frame."""
    decision, programme, source = document.decision, document.programme, document.source
    return {
        "source_file": source.file,
        "format": source.format,
        "sha256": source.sha256,
        "decision_identifier": decision.identifier,
        "council": decision.council,
        "session": decision.session,
        "convocation": decision.convocation,
        "decision_date": decision.date,
        "decision_number": decision.number,
        "annex": decision.annex,
        "programme_title": programme.title,
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "unit": programme.unit,
    }


def frame_rows(document: Document) -> list[dict[str, Any]]:
    common = metadata(document)
    return [{**common, **asdict(row), "sources": "; ".join(row.sources)} for row in records(document)]


RECORD_COLUMNS = tuple(name for name in FlatRecord.__dataclass_fields__)
INTEGER_COLUMNS = ("session", "period_start", "period_end", "year")


def to_frame(documents: Document | Iterable[Document]) -> pandas.DataFrame:
    """A DataFrame of the funding records of one or more documents: one row per record, metadata columns first."""
    import pandas  # only here: a conversion never loads it

    chosen = [documents] if isinstance(documents, Document) else list(documents)
    rows = [row for document in chosen for row in frame_rows(document)]
    table = pandas.DataFrame(rows, columns=[*METADATA_COLUMNS, *RECORD_COLUMNS])
    for column in INTEGER_COLUMNS:
        table[column] = table[column].astype("Int64")  # nullable: a year may be unknown
    table["decision_date"] = pandas.to_datetime(table["decision_date"], format="ISO8601")
    return table


def load(path: str | os.PathLike[str]) -> Document:
    """A decision file of any supported format, or the contract JSON ``extractor convert`` wrote for it."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        from .load import load_json

        return load_json(path)
    from .pipeline import extract

    return extract(path)


def frame(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> pandas.DataFrame:
    """Read decision files (or their JSON) and give one DataFrame of all their funding records.

    Args:
        paths: one path or several; each a decision file of any supported format or its contract JSON.

    Returns:
        One row per funding record, the document's metadata columns first (``to_frame``).

    Raises:
        ExtractorError: a file cannot be read; the message names it.
    """
    from .errors import ExtractorError

    chosen = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    documents = []
    for path in chosen:
        try:
            documents.append(load(path))
        except ExtractorError as error:
            raise type(error)(f"{path}: {error}") from error
    return to_frame(documents)

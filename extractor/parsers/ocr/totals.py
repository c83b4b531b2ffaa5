"""Amounts OCR read more than one way, settled by the table's declared totals.

The numeric pass (``numbers``) reads every amount line three ways; where a
line keeps another well-formed reading (the readings did not agree, or two
agreed and the third read other digits), its cell carries it
(``SourceCell.readings``). Whether a reading is right shows in the totals the
table declares (a row's ``Всього``, a ``Разом`` row, a section's subtotal):
each line's readings are tried in turn, the document normalised with each,
and the one that leaves fewer declared totals mismatched is kept. A line none
of whose readings makes a difference stays as read (and, if it was in doubt,
keeps its ``ocr_digits_unsure`` warning); a line the totals decide is no longer
in doubt, and the document's notes say which lines were settled so.

This step needs the normaliser, which parsers do not import: the pipeline
hands it ``build`` (``normalise.build_document``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...model import Document, ExtractionWarning, LineReadings, ParsedDocument, SourceCell
from .assemble import box_text

# Each trial normalises the whole document again (tens of milliseconds): a table with more readings in question than
# this is left as read.
MAX_TRIALS = 60

Key = tuple[int, int, int, int]  # table index, row index, cell index, line index (all 0-based)


def mismatches(document: Document) -> tuple[int, int]:
    """How far a document's amounts are from its declared totals: totals mismatched, then totals left unchecked."""
    statuses = [total.status for total in document.declared_totals]
    return statuses.count("mismatch"), statuses.count("unchecked")


def with_line(parsed: ParsedDocument, key: Key, text: str) -> ParsedDocument:
    """``parsed`` with one cell line read as ``text``."""
    table_index, row_index, cell_index, line = key
    table = parsed.tables[table_index]
    row = table.rows[row_index]
    cell = row.cells[cell_index]
    lines = (*cell.lines[:line], text, *cell.lines[line + 1 :])
    cells = (*row.cells[:cell_index], replace(cell, lines=lines), *row.cells[cell_index + 1 :])
    rows = (*table.rows[:row_index], replace(row, cells=cells), *table.rows[row_index + 1 :])
    tables = (*parsed.tables[:table_index], replace(table, rows=rows), *parsed.tables[table_index + 1 :])
    return replace(parsed, tables=tables)


def questions(parsed: ParsedDocument) -> list[tuple[Key, LineReadings]]:
    """Every cell line with other readings, in reading order."""
    return [
        ((table_index, row_index, cell_index, reading.line), reading)
        for table_index, table in enumerate(parsed.tables)
        for row_index, row in enumerate(table.rows)
        for cell_index, cell in enumerate(row.cells)
        for reading in cell.readings
        if reading.line < len(cell.lines)
    ]


def settle_by_totals(parsed: ParsedDocument, build: Callable[[ParsedDocument], Document]) -> Document:
    """The document normalised with each amount read more than one way as the declared totals bear out."""
    document = build(parsed)
    asked = questions(parsed)
    if not asked or not document.declared_totals or sum(len(reading.others) for _, reading in asked) > MAX_TRIALS:
        return document
    score = mismatches(document)
    settled: list[tuple[Key, LineReadings, str, str]] = []  # key, readings, as read, as settled
    for key, reading in asked:
        table_index, row_index, cell_index, line = key
        read = parsed.tables[table_index].rows[row_index].cells[cell_index].lines[line]
        trials = []
        for other in reading.others:
            trial = with_line(parsed, key, other)
            trial_document = build(trial)
            trials.append((mismatches(trial_document), other, trial, trial_document))
        best = min(trial[0] for trial in trials)
        winners = [trial for trial in trials if trial[0] == best]
        if best < score and len(winners) == 1:  # only that reading closes totals the line's reading leaves open
            score, chosen, parsed, document = winners[0]
            settled.append((key, reading, read, chosen))
        elif score < best and reading.unsure:  # every other reading opens a total the line's reading closes
            settled.append((key, reading, read, read))
    if not settled:
        return document
    return build(with_settled(parsed, settled))


def with_settled(parsed: ParsedDocument, settled: list[tuple[Key, LineReadings, str, str]]) -> ParsedDocument:
    """``parsed`` with its settled lines no longer in doubt: their warnings gone (where no other line of that part
    of the cell is still in doubt), a note naming each."""
    done = {key for key, *_ in settled}
    cleared: set[tuple[int | None, int | None, str]] = set()  # page, row, box of a cell part with nothing left in doubt
    for key, reading, _, _ in settled:
        if not reading.unsure or reading.bbox is None:
            continue
        table_index, row_index, cell_index, _ = key
        row = parsed.tables[table_index].rows[row_index]
        cell: SourceCell = row.cells[cell_index]
        pending = [
            other
            for other in cell.readings
            if other.unsure and (other.page, other.bbox) == (reading.page, reading.bbox)
            and (table_index, row_index, cell_index, other.line) not in done
        ]  # fmt: skip
        if not pending:
            cleared.add((reading.page, row.location.row, box_text(reading.bbox)))

    def kept(warning: ExtractionWarning) -> bool:
        if warning.code != "ocr_digits_unsure":
            return True
        return not any(
            (warning.where.page, warning.where.row) == (page, row) and f"(box {box} pt)" in warning.message
            for page, row, box in cleared
        )

    notes = []
    for (table_index, row_index, _, _), reading, read, chosen in settled:
        row = parsed.tables[table_index].rows[row_index]
        place = f"page {reading.page}, row {row.location.row}"
        if chosen == read:
            notes.append(f"{place}: {read!r} (also read {' / '.join(map(repr, reading.others))}) bears out the declared totals")
        else:
            notes.append(f"{place}: {chosen!r} (read {read!r}) is the reading that makes the declared totals add up")
    return replace(
        parsed,
        warnings=tuple(warning for warning in parsed.warnings if kept(warning)),
        notes=(*parsed.notes, *(f"amounts settled by the declared totals: {note}" for note in notes)),
    )

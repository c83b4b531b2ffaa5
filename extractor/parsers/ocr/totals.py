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

Where totals stay open, the sums they are off by point at the lines worth
trying (``repaired_by_differences``): a line one changed digit of which (a
look-alike ``8`` for ``0``, a stamp's mark read as a digit before the amount,
a first digit lost) would change by just that sum is tried so, whether or not
its readings were in doubt. A line in doubt that a matched total covers is
borne out as read (``borne_out``).

This step needs the normaliser, which parsers do not import: the pipeline
hands it ``build`` (``normalise.build_document``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...model import Document, ExtractionWarning, LineReadings, ParsedDocument, SourceCell
from .assemble import box_text
from .numbers import amount_value, digit_variants, look_alike_variants

# Each trial normalises the whole document again (tens of milliseconds): a table with more readings in question than
# this is left as read.
MAX_TRIALS = 60
# Lines in doubt checked for being borne out by the totals (one trial each): this many at most.
MAX_VARIANT_TRIALS = 30
# Amount lines changed by the very difference an open total shows: this many trials in all; and no such repair where
# the open totals are off by more than this many different sums (one misread line puts every total over it out by
# the same sum).
MAX_REPAIR_TRIALS = 30
MAX_DIFFERENCES = 3

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


Trial = tuple[tuple[int, int], str, ParsedDocument, Document]  # the mismatches, the reading tried, with it, normalised


def trials_of(parsed: ParsedDocument, key: Key, readings: list[str], build: Callable[[ParsedDocument], Document]) -> list[Trial]:
    """The document normalised with the line at ``key`` read as each of ``readings``."""
    trials = []
    for reading in readings:
        trial = with_line(parsed, key, reading)
        trial_document = build(trial)
        trials.append((mismatches(trial_document), reading, trial, trial_document))
    return trials


def settle_by_totals(parsed: ParsedDocument, build: Callable[[ParsedDocument], Document]) -> Document:
    """The document normalised with each amount read more than one way as the declared totals bear out.

    Three steps, each trial a normalisation of the whole document:

    1. each line's other readings (``SourceCell.readings``): one that alone
       closes a total the line's reading leaves open is taken; a line in
       doubt whose every other reading opens a total it closes is borne out;
    2. ``repaired_by_differences``: while totals are open, the lines that one
       changed digit (a look-alike, one dropped, one lost before the amount)
       or another reading would change by just what an open total is off by;
    3. a line still in doubt that a changed digit would put a matched total
       out is borne out as read (``borne_out``).
    """
    document = build(parsed)
    if not document.declared_totals:
        return document
    asked = questions(parsed)
    if sum(len(reading.others) for _, reading in asked) > MAX_TRIALS:
        asked = []  # too many to try: only the repairs the totals' differences point at
    score = mismatches(document)
    settled: dict[Key, tuple[LineReadings, str, str]] = {}  # key: readings, as read, as settled
    for key, reading in asked:
        if not reading.others:
            continue
        read = line_at(parsed, key)
        trials = trials_of(parsed, key, list(reading.others), build)
        best = min(trial[0] for trial in trials)
        winners = [trial for trial in trials if trial[0] == best]
        if best < score and len(winners) == 1:  # only that reading closes totals the line's reading leaves open
            score, chosen, parsed, document = winners[0]
            settled[key] = (reading, read, chosen)
        elif score < best and reading.unsure:  # every other reading opens a total the line's reading closes
            settled[key] = (reading, read, read)
    if score[0]:
        parsed, document, score = repaired_by_differences(parsed, document, score, dict(asked), settled, build)
    borne_out(parsed, score, asked, settled, build)
    if not settled:
        return document
    return build(with_settled(parsed, [(key, *outcome) for key, outcome in settled.items()]))


def line_at(parsed: ParsedDocument, key: Key) -> str:
    table_index, row_index, cell_index, line = key
    return parsed.tables[table_index].rows[row_index].cells[cell_index].lines[line]


def changed_digit(line: str) -> list[str]:
    """``line`` with one digit of its amount changed: swapped for a look-alike, dropped, or one put before it."""
    return [*look_alike_variants(line), *digit_variants(line)]


def repaired_by_differences(
    parsed: ParsedDocument,
    document: Document,
    score: tuple[int, int],
    readings: dict[Key, LineReadings],
    settled: dict[Key, tuple[LineReadings, str, str]],
    build: Callable[[ParsedDocument], Document],
) -> tuple[ParsedDocument, Document, tuple[int, int]]:
    """Amount lines misread by every pass alike (a stamp's mark read as a ``7`` before ``850,5``, an ``8`` for a
    ``0``, a first digit lost), put right where the totals say: a declared total off by a difference that one
    changed digit of one line (``changed_digit``), or another reading of it, makes up exactly is tried with that
    line so; a trial that alone closes a total is taken (added to ``settled``; of two that close as much, the one
    whose readings were in doubt, as a measure's amount against the total over it), and the search goes on while
    totals stay open. The differences pick the few trials worth making, ``MAX_REPAIR_TRIALS`` at most in all; totals off
    by more than ``MAX_DIFFERENCES`` different sums are left as they are."""
    trials_left = MAX_REPAIR_TRIALS
    while score[0]:
        differences = {
            total.declared - total.computed
            for total in document.declared_totals
            if total.status == "mismatch" and total.computed is not None
        }
        if len({abs(difference) for difference in differences}) > MAX_DIFFERENCES or trials_left <= 0:
            break  # totals off by many sums: more than a digit or two misread (a column or a row lost, say)
        differences |= {-difference for difference in differences}
        candidates: list[tuple[bool, Key, str]] = []  # lines in doubt first
        for table_index, table in enumerate(parsed.tables):
            for row_index, row in enumerate(table.rows):
                for cell_index, cell in enumerate(row.cells):
                    for line, read in enumerate(cell.lines):
                        key = (table_index, row_index, cell_index, line)
                        value = amount_value(read)
                        if value is None or key in settled:
                            continue
                        others = readings[key].others if key in readings else ()
                        for variant in dict.fromkeys((*others, *changed_digit(read))):
                            changed = amount_value(variant)
                            if changed is not None and changed - value in differences:
                                candidates.append((not in_doubt(readings, key), key, variant))
        by_key: dict[Key, list[str]] = {}
        for _, key, variant in sorted(candidates, key=lambda candidate: candidate[0])[:trials_left]:
            by_key.setdefault(key, []).append(variant)
        trials_left -= min(len(candidates), trials_left)
        outcomes: list[tuple[tuple[int, int], Key, str, Trial]] = []
        for key, variants in by_key.items():
            outcomes.extend((trial[0], key, line_at(parsed, key), trial) for trial in trials_of(parsed, key, variants, build))
        closing = [outcome for outcome in outcomes if outcome[0] < score]
        if not closing:
            break
        best = min(outcome[0] for outcome in closing)
        winners = [outcome for outcome in closing if outcome[0] == best]
        if len(winners) > 1:  # a line in doubt before one read surely (a measure's amount or the total over it?)
            winners = [outcome for outcome in winners if in_doubt(readings, outcome[1])]
        if len(winners) != 1:
            break  # two repairs close as much: the totals do not tell which
        _, key, read, (score, chosen, parsed, document) = winners[0]
        table_index, row_index, _, line = key
        page = parsed.tables[table_index].rows[row_index].location.page
        settled[key] = (readings.get(key) or LineReadings(line, (), False, page), read, chosen)
    return parsed, document, score


def in_doubt(readings: dict[Key, LineReadings], key: Key) -> bool:
    return key in readings and readings[key].unsure


def borne_out(
    parsed: ParsedDocument,
    score: tuple[int, int],
    asked: list[tuple[Key, LineReadings]],
    settled: dict[Key, tuple[LineReadings, str, str]],
    build: Callable[[ParsedDocument], Document],
) -> None:
    """The lines still in doubt that a matched total covers, borne out as read (added to ``settled``): one digit of
    the line changed puts a total out that its reading keeps matched (any change to a line a matched total covers
    does). ``MAX_VARIANT_TRIALS`` lines at most."""
    tried = 0
    for key, reading in asked:
        if key in settled or not reading.unsure or tried >= MAX_VARIANT_TRIALS:
            continue
        read = line_at(parsed, key)
        variant = next(iter(changed_digit(read)), None)
        if variant is None:
            continue
        tried += 1
        ((worse, *_),) = trials_of(parsed, key, [variant], build)
        if worse[0] > score[0]:
            settled[key] = (reading, read, read)


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
        if chosen == read and not reading.others:
            notes.append(f"{place}: {read!r} bears out the declared totals (a digit read otherwise would put one out)")
        elif chosen == read:
            notes.append(f"{place}: {read!r} (also read {' / '.join(map(repr, reading.others))}) bears out the declared totals")
        else:
            notes.append(f"{place}: {chosen!r} (read {read!r}) is the reading that makes the declared totals add up")
    return replace(
        parsed,
        warnings=tuple(warning for warning in parsed.warnings if kept(warning)),
        notes=(*parsed.notes, *(f"amounts settled by the declared totals: {note}" for note in notes)),
    )

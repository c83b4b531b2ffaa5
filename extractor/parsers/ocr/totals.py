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
from decimal import Decimal

from ...model import (
    DeclaredTotal,
    Document,
    ExtractionWarning,
    FundingRecord,
    LineReadings,
    Measure,
    ParsedDocument,
    SourceCell,
    SourceRow,
)
from .assemble import box_text
from .fixes import column_number
from .numbers import AMOUNT_LINE, amount_value, digit_changed_by, digit_variants, look_alike_variants

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
    parsed = with_column_decimals(parsed, settled)
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
        crossings = crossed_lines(parsed, document)
        candidates: list[tuple[tuple[bool, bool], Key, str]] = []  # lines in doubt first, then lines open totals cross
        for table_index, table in enumerate(parsed.tables):
            for row_index, row in enumerate(table.rows):
                for cell_index, cell in enumerate(row.cells):
                    for line, read in enumerate(cell.lines):
                        key = (table_index, row_index, cell_index, line)
                        value = amount_value(read)
                        if value is None or key in settled:
                            continue
                        others = readings[key].others if key in readings else ()
                        crossed = crossings.get(key, set())
                        for variant in dict.fromkeys((*others, *changed_digit(read), *digit_changed_by(read, crossed))):
                            changed = amount_value(variant)
                            if changed is not None and changed - value in differences:
                                candidates.append(((not in_doubt(readings, key), not crossed), key, variant))
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


def crossed_lines(parsed: ParsedDocument, document: Document) -> dict[Key, set[Decimal]]:
    """The amount lines two open totals or more cover that are off by the same sum (a row's ``Всього`` and its
    column's ``Разом``, the ``Разом`` of a source and a measure's total), with those sums: where two totals cross,
    any one digit of the line changed by just that sum is worth a trial (``40,0`` read ``10,0`` under a stamp: its
    row's total and its column's are both 30 short; ``4`` and ``1`` are no look-alikes)."""
    open_totals = [
        (total, total.declared - total.computed)
        for total in document.declared_totals
        if total.status == "mismatch" and total.computed is not None
    ]
    if len(open_totals) < 2:
        return {}
    tables = {table.index: table for table in parsed.tables}
    table_indices = {table.index: index for index, table in enumerate(parsed.tables)}
    crossed: dict[Key, set[Decimal]] = {}
    for measure in document.measures:
        table = tables.get(measure.provenance.table) if measure.provenance.table is not None else None
        if table is None:
            continue
        rows = set(measure.provenance.rows)
        for record in measure.funding:
            sums = [difference for total, difference in open_totals if covers(total, measure, record)]
            shared = {difference for difference in sums if sums.count(difference) >= 2}
            if not shared:
                continue
            for row_index, row in enumerate(table.rows):
                if row.location.row not in rows:
                    continue
                for cell_index, cell in enumerate(row.cells):
                    for line, text in enumerate(cell.lines):
                        if amount_value(text) == record.amount and amount_text(text) in record.raw:
                            crossed.setdefault((table_indices[table.index], row_index, cell_index, line), set()).update(shared)
    return crossed


def covers(total: DeclaredTotal, measure: Measure, record: FundingRecord) -> bool:
    """Whether a declared total counts ``record`` (of ``measure``) in its sum, by its coordinates."""
    if total.measure is not None and measure.id != total.measure and not measure.id.startswith(f"{total.measure}."):
        return False
    if total.section is not None and total.measure is None and measure.section != total.section:
        return False
    return all(
        wanted is None or wanted == got
        for wanted, got in (
            (total.year, record.year),
            (total.source, record.source),
            (total.executor, record.executor),
            (total.expense, record.expense),
        )
    )


def amount_text(line: str) -> str:
    """The amount of a well-formed amount line as written (``2017р.-34,0`` → ``34,0``); the line if it has none."""
    match = AMOUNT_LINE.match(line)
    return (match["amount"] or match["bare"] or line) if match is not None else line


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


def with_column_decimals(parsed: ParsedDocument, settled: dict[Key, tuple[LineReadings, str, str]]) -> ParsedDocument:
    """``parsed`` with each line the totals settled written with the decimals its column's amounts are written with,
    where it has none and every other amount of its column has a decimal comma (``40`` for ``40,2`` under a stamp,
    beside ``200,0`` and ``15,0``: ``40,0``); the amount's value stays, so the totals' verdict does (``settled`` is
    updated)."""
    for key, (reading, read, chosen) in list(settled.items()):
        match = AMOUNT_LINE.match(chosen)
        group = "amount" if match is not None and match["amount"] else "bare"
        if match is None or not match[group] or "," in match[group] or amount_value(chosen) is None:
            continue
        if is_column_numbers(parsed.tables[key[0]].rows[key[1]]):
            continue  # ``5`` of the column numbers is no amount
        places = column_decimals(parsed, key)
        if places:
            written = f"{chosen[: match.end(group)]},{'0' * places}{chosen[match.end(group) :]}"
            parsed = with_line(parsed, key, written)
            settled[key] = (reading, read, written)
    return parsed


def column_decimals(parsed: ParsedDocument, key: Key) -> int | None:
    """How many decimals the other amounts of the line's column are written with (the most usual count, the fewer of
    two as usual), when there are two or more and every one has a decimal comma; None otherwise."""
    table_index, row_index, cell_index, line = key
    places: list[int] = []
    for index, row in enumerate(parsed.tables[table_index].rows):
        if cell_index >= len(row.cells) or is_column_numbers(row):
            continue
        for number, text in enumerate(row.cells[cell_index].lines):
            if (index, number) == (row_index, line) or amount_value(text) is None:
                continue
            written = amount_text(text)
            if "," not in written:
                return None
            places.append(len(written.rpartition(",")[2]))
    if len(places) < 2:
        return None
    return max(sorted(set(places)), key=places.count)


def is_column_numbers(row: SourceRow) -> bool:
    """Whether a row is the table's column numbers (``1 2 3 … 8``): no amounts."""
    filled = [cell for cell in row.cells if cell.lines]
    return len(filled) >= 3 and all(column_number(" ".join(cell.lines)) is not None for cell in filled)


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
        elif amount_value(chosen) == amount_value(read):  # ``with_column_decimals``: only the decimals written
            notes.append(
                f"{place}: {chosen!r} (read {read!r}, written as its column writes its amounts) bears out the declared totals"
            )
        else:
            notes.append(f"{place}: {chosen!r} (read {read!r}) is the reading that makes the declared totals add up")
    return replace(
        parsed,
        warnings=tuple(warning for warning in parsed.warnings if kept(warning)),
        notes=(*parsed.notes, *(f"amounts settled by the declared totals: {note}" for note in notes)),
    )

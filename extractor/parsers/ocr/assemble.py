"""OCR'd pages into one ``ParsedDocument``: text above the first table, one table across the pages, text below."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import regex
from rapidfuzz.distance import Levenshtein

from ...errors import NoProgrammeTableError
from ...model import ExtractionWarning, LineReadings, Location, ParsedDocument, SourceCell, SourceRow, SourceTable, Where
from ...normalise.grid import SOURCE_WORDS, SPECKS_AFTER, source_label, source_spelling
from .cells import CellText
from .fixes import column_case, column_joins, stray_full_stops
from .orientation import turn_note
from .page import OcrPage
from .tesseract import LANGUAGES

# A header cell's year: "2023 рік", "2024 р.", "2025"; two of them in one cell are two columns OCR read as one line.
YEAR_HEADER = r"(?:19|20|29)\d{2}\x20?(?:рік|р\.)"
TWO_YEAR_HEADERS = regex.compile(rf"^(?P<first>{YEAR_HEADER})\x20+(?P<second>{YEAR_HEADER})$")
COLUMN_NUMBERS = regex.compile(r"^\d{1,2}(?:\x20?\d{1,2})?$")  # "8", "6 7", or "77" for "6 7": the column-number row
# A line under a year header that is no label: its column number (``7``, ``6 7``), or one misread or a stamp's mark
# in its place (``У`` for ``7``).
UNDER_YEAR_MARK = regex.compile(r"^(?:\d{1,2}(?:\x20?\d{1,2})?|[^\s\d]{1,2})$")
HEADER_YEAR = regex.compile(r"^(?P<year>\d{4})(?=\x20?(?:рік|р\.)$)")
# A word a narrow header cell broke with no hyphen, a speck or none at the break: Держави: / ий бюджет · МієЦеви / й
BROKEN_LABEL_WORD = regex.compile(r"(?<=\p{Ll})[.,:;'\"`]?\s*\n\s*(?=\p{Ll}{1,2}(?:\s|$))")
# A year header whose "рік" OCR misread by a letter (``2021 вік``, a stamp's ink over the р).
MISREAD_YEAR_HEADER = regex.compile(r"^(?P<year>(?:19|20)\d{2})\x20?(?P<word>\w{3})$")

# A source label's first word misread by this many letters at most, its noun read right, beside other source labels.
SIBLING_LABEL_EDITS = 3
SOURCE_NOUNS = frozenset(("бюджет", "бюджету", "бюджети", "бюджетів", "кошти", "коштів", "джерела", "джерел"))

# Confidence (Tesseract's 0-100 per word) under which a cell is reported; digits get the stricter bar.
LOW_CONFIDENCE = 60.0
LOW_CONFIDENCE_DIGITS = 80.0


def column_map(columns: tuple[int, ...], reference: tuple[int, ...]) -> list[int]:
    """For each column of a page, the column of the reference page it overlaps most."""
    mapping = []
    for left, right in zip(columns, columns[1:], strict=False):
        overlaps = [min(right, r) - max(left, l) for l, r in zip(reference, reference[1:], strict=False)]  # noqa: E741
        mapping.append(int(np.argmax(overlaps)))
    return mapping


def is_low_confidence(lines: Iterable[str], confidence: float | None) -> bool:
    """Whether OCR is too unsure of a cell to leave it unchecked (stricter for a cell holding digits)."""
    if confidence is None:
        return False
    lines = tuple(lines)
    has_digits = any(character.isdigit() for line in lines for character in line)
    return confidence < (LOW_CONFIDENCE_DIGITS if has_digits else LOW_CONFIDENCE)


def low_confidence_warning(lines: Iterable[str], confidence: float, where: Where) -> ExtractionWarning:
    """The ``ocr_low_confidence`` warning for a cell: page, row and column named, the text quoted."""
    return ExtractionWarning(
        "ocr_low_confidence",
        f"page {where.page}, row {where.row}, {where.column}: OCR confidence {confidence:.0f}% for "
        f"{' / '.join(lines)[:80]!r}; check it against the scan",
        where,
    )


def box_text(bbox: tuple[float, float, float, float]) -> str:
    """A cell's box as warnings name it: ``594, 91, 673, 257`` (PDF points)."""
    return ", ".join(f"{value:.0f}" for value in bbox)


def unsure_amount_warning(cell: CellText, bbox: tuple[float, float, float, float], where: Where) -> ExtractionWarning:
    """The ``ocr_digits_unsure`` warning: an amount or a number the readings disagree on."""
    box = box_text(bbox)
    readings = "; ".join(repr(pair) for pair in cell.unsure)
    return ExtractionWarning(
        "ocr_digits_unsure",
        f"page {where.page}, row {where.row}, {where.column} (box {box} pt): digits read more than one way "
        f"(general | digits only | line alone: {readings}); {' / '.join(cell.lines)[:80]!r} kept, check it against the scan",
        where,
    )


def table_rows(pages: list[OcrPage], header: tuple[str, ...]) -> tuple[list[SourceRow], list[ExtractionWarning]]:
    """One table from the pages' grids, columns lined up with the first page that has a table."""
    rows: list[SourceRow] = []
    warnings: list[ExtractionWarning] = []
    reference: tuple[int, ...] | None = None
    for page in pages:
        if not page.has_table:
            continue
        reference = reference or page.columns
        mapping = column_map(page.columns, reference)
        for index, source_cells in enumerate(page.rows):
            row_number = len(rows) + 1
            lines: list[list[str]] = [[] for _ in range(len(reference) - 1)]
            locations: list[list[Location]] = [[] for _ in range(len(reference) - 1)]
            readings: list[list[LineReadings]] = [[] for _ in range(len(reference) - 1)]
            for column, (cell, bbox) in enumerate(source_cells):
                target = mapping[column]
                readings[target].extend(
                    LineReadings(len(lines[target]) + index, others, index in cell.unsure_lines, page.number, bbox)
                    for index, others in cell.alternatives
                )
                lines[target].extend(cell.lines)
                location = Location(table=1, row=row_number, page=page.number, bbox=bbox, confidence=cell.confidence)
                locations[target].append(location)
                name = header[target] if target < len(header) and header[target] else f"column {target + 1}"
                where = Where(page=page.number, table=1, row=row_number, column=name)
                if cell.unsure:
                    warnings.append(unsure_amount_warning(cell, bbox, where))
                elif cell.confidence is not None and is_low_confidence(cell.lines, cell.confidence):
                    warnings.append(low_confidence_warning(cell.lines, cell.confidence, where))
            cells = tuple(
                SourceCell(tuple(text), tuple(where), tuple(read))
                for text, where, read in zip(lines, locations, readings, strict=True)
            )
            rows.append(
                SourceRow(cells, Location(table=1, row=row_number, page=page.number), break_before=index == 0 and bool(rows))
            )
    return rows, warnings


def without_stray_full_stops(rows: list[SourceRow]) -> list[SourceRow]:
    """The rows with a short label's closing full stop taken off where its column spells it without one
    elsewhere (``fixes.stray_full_stops``): a speck on the baseline after the label's last word."""
    width = max((len(row.cells) for row in rows), default=0)
    stray = {(index, column) for column in range(width) for index in stray_full_stops([row.cell(column).lines for row in rows])}
    if not stray:
        return rows
    fixed = []
    for index, row in enumerate(rows):
        cells = tuple(
            replace(cell, lines=(*cell.lines[:-1], cell.lines[-1][:-1].rstrip())) if (index, column) in stray else cell
            for column, cell in enumerate(row.cells)
        )
        fixed.append(replace(row, cells=cells))
    return fixed


def with_column_case(rows: list[SourceRow]) -> list[SourceRow]:
    """The rows with capitals OCR read inside a phrase put back in lower case where the column spells the word so
    elsewhere (``fixes.column_case``), and a word OCR split in two put back whole where the column spells it whole
    (``fixes.column_joins``)."""
    width = max((len(row.cells) for row in rows), default=0)
    columns = [column_case(column_joins([row.cell(column).lines for row in rows])) for column in range(width)]
    fixed = []
    for index, row in enumerate(rows):
        cells = tuple(
            replace(cell, lines=columns[column][index]) if columns[column][index] != cell.lines else cell
            for column, cell in enumerate(row.cells)
        )
        fixed.append(replace(row, cells=cells))
    return fixed


def with_source_spelling(rows: list[SourceRow]) -> list[SourceRow]:
    """The rows with a cell that names a funding source, a letter or two of it misread (``Держаниий`` /
    ``бюджет .)``, ``Місцеви`` / ``дубюджет``), spelt as the vocabulary spells it: on a scan the misreading is
    OCR's, not the print's (a text document keeps its own spelling: ``grid.source_label``). A word the cell's width
    broke with no hyphen (``МієЦеви`` / ``й бюджет``) is spelt whole, on one line."""
    fixed = []
    for row in rows:
        cells = []
        for cell in row.cells:
            rejoined = tuple(BROKEN_LABEL_WORD.sub("", "\n".join(cell.lines)).split("\n")) if cell.lines else ()
            read = next((lines for lines in (cell.lines, rejoined) if lines and source_label(" ".join(lines))), None)
            if read is not None:
                lines = [capitalised_as(source_spelling(line), line) for line in read]
                if lines != list(cell.lines):
                    lines[-1] = SPECKS_AFTER.sub("", lines[-1])  # ``бюджет .)``: the specks after a misread label
                    cell = replace(cell, lines=tuple(lines))
            cells.append(cell)
        fixed.append(replace(row, cells=tuple(with_labels_capitalised(with_sibling_labels(cells)))))
    return fixed


def with_sibling_labels(cells: list[SourceCell]) -> list[SourceCell]:
    """A row's header cell that reads as a source label with its first word misread past the vocabulary's tolerance
    (``Лержакиий`` / ``бюджет .)`` under a stamp: three letters, the first among them), beside two source labels or
    more and its noun read right (``бюджет``), spelt as the nearest source word (``Державний``) within
    ``SIBLING_LABEL_EDITS`` letters: the columns of a row of source labels are sources too."""
    labels = [index for index, cell in enumerate(cells) if cell.lines and source_label(" ".join(cell.lines))]
    if len(labels) < 2:
        return cells
    for index, cell in enumerate(cells):
        if index in labels or not cell.lines:
            continue
        words = SPECKS_AFTER.sub("", " ".join(cell.lines)).split()
        if len(words) != 2 or words[1].lower() not in SOURCE_NOUNS or len(words[0]) < 6:
            continue
        misread = words[0].lower()
        nearest = min(
            (Levenshtein.distance(misread, known), known)
            for known in SOURCE_WORDS
            if known not in SOURCE_NOUNS and abs(len(known) - len(misread)) <= 1
        )
        if nearest[0] > SIBLING_LABEL_EDITS:
            continue
        spelt = nearest[1][:1].upper() + nearest[1][1:] if words[0][:1].isupper() else nearest[1]
        lines = (spelt, words[1]) if len(cell.lines) > 1 else (f"{spelt} {words[1]}",)
        if source_label(" ".join(lines)):
            cells[index] = replace(cell, lines=lines)
    return cells


def with_labels_capitalised(cells: list[SourceCell]) -> list[SourceCell]:
    """A row's source labels with a first letter OCR read in lower case capitalised where the row's other labels
    all start with a capital (``інші джерела`` beside ``Державний бюджет``: a small and a capital і differ by a
    dot's height at 200 dpi)."""
    labels = [index for index, cell in enumerate(cells) if cell.lines and source_label(" ".join(cell.lines))]
    if len(labels) < 3:
        return cells
    lower = [index for index in labels if cells[index].lines[0][:1].islower()]
    if len(lower) != 1:
        return cells
    (index,) = lower
    first = cells[index].lines[0]
    cells[index] = replace(cells[index], lines=(first[:1].upper() + first[1:], *cells[index].lines[1:]))
    return cells


def with_year_headers_apart(rows: list[SourceRow]) -> list[SourceRow]:
    """The rows with two year headers OCR read as one line (``2023 рік 2024 рік``), the cell to their right empty,
    put one in each cell; and a header year that breaks the row's run of years, one digit off the year missing
    from it and standing where that year would (``2023 · 2924 · 2025``; at the run's end, ``2091 · 2022 · 2023``),
    read as that year; a year header's ``рік`` misread by a letter beside one read right (``2021 вік``) put right.

    The year columns of a table run one year after another, left to right. The column numbers OCR read as a
    year header's last line (``2025 рік`` / ``8``, ``2023 рік`` / ``77`` for ``6 7``) are the column-number row
    merged into the header, not part of its label, and are left out.
    """
    fixed = []
    for row in rows:
        cells = list(row.cells)
        for index, cell in enumerate(cells[:-1]):
            match = TWO_YEAR_HEADERS.match(cell.lines[0]) if cell.lines else None
            if match and not cells[index + 1].lines:
                cells[index] = replace(cell, lines=(match["first"], *cell.lines[1:]))
                cells[index + 1] = replace(cells[index + 1], lines=(match["second"],))
        if any(cell.lines and HEADER_YEAR.match(cell.lines[0]) for cell in cells):
            for index, cell in enumerate(cells):
                misread = MISREAD_YEAR_HEADER.match(cell.lines[0]) if cell.lines else None
                if misread and sum(a != b for a, b in zip(misread["word"].lower(), "рік", strict=True)) == 1:
                    cells[index] = replace(cell, lines=(f"{misread['year']} рік", *cell.lines[1:]))
        for index, cell in enumerate(cells):
            if len(cell.lines) > 1 and HEADER_YEAR.match(cell.lines[0]) and all(map(UNDER_YEAR_MARK.match, cell.lines[1:])):
                cells[index] = replace(cell, lines=cell.lines[:1])  # the column numbers under a year: structure, not text
        years = [(index, int(found["year"])) for index, cell in enumerate(cells)
                 if cell.lines and (found := HEADER_YEAR.match(cell.lines[0]))]  # fmt: skip
        for position, (index, year) in enumerate(years):
            others = [other for _, other in years[:position] + years[position + 1 :]]
            if len(others) < 2 or len(set(others)) != len(others):
                continue
            missing = set(range(min(others), max(others) + 1)) - set(others)
            if not missing and others == sorted(others) and position in (0, len(others)):
                missing = {others[0] - 1 if position == 0 else others[-1] + 1}  # a run's first or last year
            wanted = missing.pop() if len(missing) == 1 else None
            in_order = wanted is not None and sorted([*others, wanted]) == [*others[:position], wanted, *others[position:]]
            if wanted is None or not in_order or year == wanted:
                continue
            inside = 0 < position < len(others) and others[position] - others[position - 1] == 2
            if sum(a != b for a, b in zip(str(year), str(wanted), strict=True)) != 1 and not inside:
                continue  # one digit off at a run's end; between the years on either side of it, only it fits
            line = cells[index].lines[0]
            cells[index] = replace(cells[index], lines=(f"{wanted}{line[4:]}", *cells[index].lines[1:]))
        fixed.append(replace(row, cells=tuple(cells)) if cells != list(row.cells) else row)
    return fixed


def capitalised_as(spelt: str, read: str) -> str:
    """``spelt`` with a capital first letter where ``read`` has one (``ЛДержавний`` spelt ``державний`` →
    ``Державний``): the speck glued before the word goes, the word's capital stays."""
    if read[:1].isupper() and spelt[:1].islower():
        return spelt[:1].upper() + spelt[1:]
    return spelt


def header_names(pages: list[OcrPage]) -> tuple[str, ...]:
    """The first table row's texts, one line each: how warnings name a column."""
    for page in pages:
        if page.has_table:
            return tuple(" ".join(" ".join(cell.lines).split())[:40] for cell, _ in page.rows[0])
    return ()


def document_from_pages(pages: list[OcrPage], file_name: str, sha256: str, notes: tuple[str, ...] = ()) -> ParsedDocument:
    """Assemble OCR'd pages into one ``ParsedDocument``: text above the first table, one table, text below."""
    table_pages = [page for page in pages if page.has_table]
    if not table_pages:
        raise NoProgrammeTableError("no ruled table found on the scanned pages")
    first, last = table_pages[0], table_pages[-1]
    before = [line for page in pages if page.number < first.number for line in page.paragraphs_above] + first.paragraphs_above
    after = last.paragraphs_below + [line for page in pages if page.number > last.number for line in page.paragraphs_above]
    rows, warnings = table_rows(pages, header_names(pages))
    rows = with_year_headers_apart(with_source_spelling(with_column_case(without_stray_full_stops(rows))))
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="pdf",
        before=tuple(before),
        after=tuple(after),
        tables=(SourceTable(rows=tuple(rows), index=1),),
        pages=len(pages),
        notes=notes + tuple(page_note(page) for page in pages),
        warnings=tuple(warnings),
    )


def page_note(page: OcrPage) -> str:
    """How a page was read, for ``source.notes``; no timing, so a scan converts to the same output every run."""
    read = f"OCR (Tesseract, {LANGUAGES}), straightened by {page.skew_degrees:+.2f}°"
    read += turn_note(page.turn)
    if page.confidence is not None:
        read += f", table cells read at {page.confidence:.0f}% mean confidence"
    return f"page {page.number}: {page.text_layer}; {read}" if page.text_layer else f"page {page.number}: {read}"

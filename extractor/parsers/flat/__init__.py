"""Flattened text exports: a table whose cell boundaries a copy lost, one paragraph per line of a cell.

A decision's web page copied as text (the way ts.lica.com.ua and gov.lica.com.ua
give their "text" view, the two excerpts in ``../shared/real/``) holds every
paragraph on a line of its own: the lines above the table, then the table's
cells row by row and left to right, each line of a cell a paragraph, an empty
paragraph of a cell (an empty cell, or an empty line inside one) a line of
spaces, a cell spanning several rows once, in its first row; then the signature.
Nothing marks where a cell, a row or the table ends.

The table is rebuilt in small steps, one module each (``lines``, ``header``, ``cut``, then here):

1. ``paragraphs``: the file's lines; empty lines part paragraphs, a line of spaces is an empty paragraph.
2. ``find_header``: the run of short paragraphs that name columns (``№ з/п``,
   ``Джерела фінансування``, ``Обсяги фінансування``, years, ``Всього``), and the
   column-numbers run (``1 2 3 … 8``) under it.
3. ``header_cells`` and ``leaf_columns``: the paragraphs grouped into header
   cells (a line that starts in lower case continues its cell), and the cells
   into the table's columns: a funding header over ``Всього`` and the years
   spans them, ``у тому числі за роками`` over the years; the column numbers,
   when given, say how many columns there are.
4. ``segment``: the body's paragraphs cut into cells and rows by dynamic
   programming: each column's role (item number, text, term, executors,
   sources, amounts) scores how well a run of paragraphs fits it, a cell a
   spanning cell above covers is allowed at a cost, a total label (``Разом:``)
   or a section heading may span columns. The cut with the best score wins;
   the table ends where the next row would fit worse than leaving the rest as
   the paragraphs below (the signature).
5. the table as the HTML parser gives one: header rows with a spanning cell's
   text in its first column, body rows of exactly as many cells as columns.

The normaliser then reads it as any other table, so a flattened copy of a page
gives the records the page gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...errors import HostileFileError, NoProgrammeTableError
from ...model import ExtractionWarning, Location, ParsedDocument, SourceCell, SourceRow, SourceTable, Where
from .cut import Cut, body_rows, column_readings, segment, spans_continued
from .header import Column, find_header, header_rows, leaf_columns
from .lines import Paragraph, barred_paragraphs, is_barred, paragraphs, text_paragraphs

__all__ = ["FlatTable", "is_barred", "parsed", "read"]

MAX_BODY_PARAGRAPHS = 60_000  # a longer flattened table (some 4 000 rows, a minute's work) is refused, not read for hours

# --- 5. the whole ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlatTable:
    before: tuple[str, ...]
    table: SourceTable
    after: tuple[str, ...]
    warnings: tuple[ExtractionWarning, ...]


DOUBTFUL = -1.0  # a cell that fits its column worse than this (text in an amount column) puts the rebuilt row in doubt


def rebuild_warnings(
    body: Sequence[Paragraph], cuts: Sequence[Sequence[Cut]], columns: Sequence[Column], first_line: int
) -> tuple[ExtractionWarning, ...]:
    """Say that the table was rebuilt, and which rebuilt cells fit their columns badly (a person should look)."""
    warnings = [
        ExtractionWarning(
            "cells_rebuilt",
            f"the text export lost the table's cell boundaries; {len(cuts)} rows of {len(columns)} columns were"
            " rebuilt from the header and what the cells hold",
            Where(line=first_line),
        )
    ]
    for row in cuts:
        for cut in row:
            if cut.score < DOUBTFUL:
                text = " ".join(paragraph.text for paragraph in body[cut.start : cut.end] if paragraph.text)
                header = " / ".join(part for part in columns[cut.column].path if part) or f"column {cut.column + 1}"
                warnings.append(
                    ExtractionWarning(
                        "cells_doubtful",
                        f"rebuilt cell {text[:60]!r} fits its column ({header[:60]}) badly: the cut between cells"
                        " may be wrong here",
                        Where(line=body[cut.start].line),
                    )
                )
    return tuple(warnings)


def read(lines: Sequence[str]) -> FlatTable:
    """The paragraphs above, the table and the paragraphs below of a flattened text export (or a barred copy)."""
    found = barred_paragraphs(lines) if is_barred(lines) else paragraphs(lines)
    header = find_header(found)
    if header is None:
        raise NoProgrammeTableError("no table found (no TAB-separated rows, and no run of lines naming a table's columns)")
    named = leaf_columns(header.cells, header.numbers)
    if len(named) < 2:
        raise NoProgrammeTableError("no table found (the lines naming columns name fewer than two)")
    body = found[header.end :]
    if len(body) > MAX_BODY_PARAGRAPHS:
        raise HostileFileError(
            f"text export too large to rebuild its table: {len(body)} lines under the header, at most"
            f" {MAX_BODY_PARAGRAPHS} (a table with TAB-separated cells has no such limit)"
        )
    best: tuple[float, list[list[Cut]], int, list[Column]] | None = None
    for columns in column_readings(named, found, header):
        cuts, ending, score = segment(body, columns)
        if best is None or score > best[0]:
            best = (score, cuts, ending, columns)
    assert best is not None
    _, cuts, ending, columns = best
    cuts = spans_continued(cuts, columns)
    if not cuts:
        raise NoProgrammeTableError("no table found (no row under the lines naming the columns)")
    rows = header_rows(columns, found[header.start].line)
    if header.numbers:
        location = Location(table=1, row=len(rows) + 1, line=found[header.end - 1].line)
        rows.append(SourceRow(tuple(SourceCell((str(n),), (location,)) for n in range(1, len(columns) + 1)), location))
    rows += body_rows(body, cuts, len(columns), len(rows) + 1)
    before = text_paragraphs(found[: header.start])
    after = text_paragraphs(body[ending:])
    warnings = rebuild_warnings(body, cuts, columns, found[header.start].line)
    return FlatTable(before, SourceTable(rows=tuple(rows), index=1), after, warnings)


def parsed(
    lines: Sequence[str], file_name: str, sha256: str, file_format: str, warnings: tuple[ExtractionWarning, ...] = ()
) -> ParsedDocument:
    """A file whose table lost its cells (a text copy, a page or a DOCX of paragraphs) as a parser gives it.

    ``NoProgrammeTableError`` names the format when no table can be rebuilt.
    """
    try:
        read_table = read(lines)
    except NoProgrammeTableError as error:
        where = {"text": "", "html": " in the HTML page", "docx": " in the DOCX"}.get(file_format, "")
        raise NoProgrammeTableError(f"{error}".replace("no table found", f"no table found{where}", 1)) from error
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format=file_format,
        warnings=warnings + read_table.warnings,
        before=read_table.before,
        after=read_table.after,
        tables=(read_table.table,),
    )

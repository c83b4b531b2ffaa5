"""DOCX decisions, read with python-docx.

A clerk's Word file holds the header block and heading as paragraphs, then the
annex table, then the signature. In the table, the section number and
direction cells are vertically merged over their measures, and header cells may
be merged horizontally.

python-docx's ``row.cells`` repeats a merged cell once per grid column and per
row it covers, and ``Table.cell()`` is quadratic; so this parser walks the
``w:tc`` elements of each ``w:tr`` itself: a cell spanning several grid
columns is read once (the columns it covers get empty placeholders, so column
indices stay those of the grid), and a vertically merged continuation cell is
read as empty, the way the text export shows it.

A row's declared grid (``w:gridBefore`` and each cell's ``w:gridSpan``) is
checked before any placeholder is made: a row wider than ``MAX_GRID_COLUMNS``
(Word itself stops at 63 columns) is refused as hostile, never truncated.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph

from ..errors import DamagedFileError, HostileFileError
from ..model import Location, ParsedDocument, SourceCell, SourceRow, SourceTable
from .archive import open_zip

MAX_GRID_COLUMNS = 512  # grid columns of one row, spans counted
# Markup-compatibility fallback: a second (VML) copy of a text box whose first copy stands in mc:Choice.
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def paragraph_text(element: CT_P) -> str:
    """Text of one ``w:p``, with line breaks and tabs kept as such."""
    paragraph = Paragraph(element, None)  # type: ignore[arg-type]  # reading text needs no document part
    return paragraph.text.replace("\t", " ").strip()


def cell_lines(tc: CT_Tc) -> tuple[str, ...]:
    """Lines of a cell: one per paragraph (and per manual line break), blanks dropped."""
    lines: list[str] = []
    for paragraph in tc.iter(qn("w:p")):
        for line in paragraph_text(paragraph).split("\n"):
            if line.strip():
                lines.append(line.strip())
    return tuple(lines)


def declared_columns(tr: CT_Row, table: int, row: int) -> list[int]:
    """Each cell's grid span, after checking that the row's declared width is sane (nothing is allocated yet)."""
    try:
        before = tr.grid_before
        spans = [tc.grid_span for tc in tr.tc_lst]
    except (ValueError, TypeError) as error:  # a gridSpan that is no number
        raise DamagedFileError(f"damaged DOCX (table {table} row {row}: {error})") from error
    width = before + sum(spans)
    if width > MAX_GRID_COLUMNS or before < 0 or any(span < 1 for span in spans):
        raise HostileFileError(f"DOCX table {table} row {row} declares {width} grid columns (limit {MAX_GRID_COLUMNS})")
    return spans


def grid_cells(tr: CT_Row, table: int, row: int) -> Iterator[SourceCell]:
    """Yield one cell per grid column of ``tr``, each merged cell's text once."""
    location = Location(table=table, row=row)
    spans = declared_columns(tr, table, row)
    for _ in range(tr.grid_before):
        yield SourceCell(locations=(location,))
    for tc, grid_span in zip(tr.tc_lst, spans, strict=True):
        continues_merge = tc.vMerge == "continue"
        lines = () if continues_merge else cell_lines(tc)
        yield SourceCell(lines=lines, locations=(location,))
        for _ in range(grid_span - 1):
            yield SourceCell(locations=(location,))


def read_table(tbl: CT_Tbl, index: int) -> SourceTable:
    rows = []
    for row_number, tr in enumerate(tbl.tr_lst, start=1):
        location = Location(table=index, row=row_number)
        rows.append(SourceRow(cells=tuple(grid_cells(tr, index, row_number)), location=location))
    return SourceTable(rows=tuple(rows), index=index)


def parse(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse a DOCX into the paragraphs around its tables and the tables."""
    open_zip(data, "DOCX").close()
    try:
        document = docx.Document(io.BytesIO(data))
    # python-docx raises anything from KeyError to lxml errors on a broken package
    except Exception as error:  # noqa: BLE001
        raise DamagedFileError(f"damaged DOCX ({type(error).__name__}: {error})") from error

    before: list[str] = []
    lines: list[str] = []  # every paragraph's lines, an empty one as a space: for a DOCX with no table (flat.py)
    between: list[list[str]] = []  # paragraphs below each table, up to the next one
    tables: list[SourceTable] = []
    for element in document.element.body.iterchildren():
        if isinstance(element, CT_Tbl):
            tables.append(read_table(element, len(tables) + 1))
            between.append([])
        elif isinstance(element, CT_P):
            texts = [*text_box_paragraphs(element), paragraph_text(element)]
            (between[-1] if tables else before).extend(text for text in texts if text)
            for text in texts:
                lines.extend([*(text.split("\n") if text.strip() else [" "]), ""])
    if not tables:
        from . import flat  # a copy of a table pasted as paragraphs, one per line of a cell

        return flat.parsed(lines, file_name, sha256, "docx")
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="docx",
        before=tuple(before),
        after=tuple(between[-1]),
        tables=tuple(tables),
        between=tuple(tuple(paragraphs) for paragraphs in between),
    )


def text_box_paragraphs(element: CT_P) -> list[str]:
    """Paragraphs typed in text boxes anchored in ``element`` (a header block often is one).

    A text box is stored twice, as a drawing (``mc:Choice``) and as a VML
    fallback (``mc:Fallback``); the fallback is skipped so it is read once.
    """
    texts: list[str] = []
    for box in element.iter(qn("w:txbxContent")):
        if any(ancestor.tag == FALLBACK for ancestor in box.iterancestors()):
            continue
        texts.extend(paragraph_text(paragraph) for paragraph in box.iter(qn("w:p")))
    return texts

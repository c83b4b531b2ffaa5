"""Where the measures table stands: what is a programme passport, not the table of measures.

A programme's passport is a table (or a list of numbered lines) of labels and
values above the measures; it shares words with the measures table
(``Джерела фінансування``, ``тис. грн``, years), so headers alone do not tell
the two apart. Its labels do::

    1. ПАСПОРТ регіональної програми …
    1  | Ініціатор розроблення Програми          | Сумська обласна державна адміністрація
    2  | Дата, номер і назва розпорядчого документа про розроблення Програми | …
    5  | Відповідальний виконавець Програми      | Департамент …
    7  | Термін реалізації Програми              | 2021-2025 роки
    9  | Загальний обсяг фінансових ресурсів, необхідних для реалізації Програми | 12 000,0 тис. грн
    1 Повна назва Програми Програма розвитку … (typed on one line)

Labels a measures table's header shares (``Державний замовник``, ``Головний
розпорядник коштів``, ``Очікувані результати``) are left out on purpose.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from ..model import ParsedDocument, SourceTable
from .text import collapse_spaces

# A passport's label at the start of a cell or line, after its item number (``1``, ``9.1.``).
PASSPORT_LABEL = regex.compile(
    r"""^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s*)?
    (?:ініціатор\s+розроблення
      |дата,?\s+номер\s+і\s+назва\s+розпорядчого
      |розробник(?:и)?\s+(?:[\p{L}'’-]+\s+)?програми
      |співрозробник
      |відповідальн\w+\s+виконав\w+\s+(?:[\p{L}'’-]+\s+)?програми
      |учасник(?:и)?\s+(?:[\p{L}'’-]+\s+)?програми
      |замовник\s+(?:[\p{L}'’-]+\s+)?програми
      |керівник\s+(?:[\p{L}'’-]+\s+)?програми
      |термін(?:и)?\s+реалізації
      |етап(?:и)?\s+(?:виконання|реалізації)
      |перелік\s+(?:місцевих\s+)?бюджетів
      |загальний\s+обсяг\s+фінансових\s+ресурсів
      |(?:повна\s+)?назва\s+(?:[\p{L}'’-]+\s+)?програми
      |мета\s+(?:[\p{L}'’-]+\s+)?програми
      |основні\s+джерела\s+фінансування
      |підстава\s+для\s+розроблення
    )""",
    regex.VERBOSE | regex.IGNORECASE,
)
# The passport's own title: ``ПАСПОРТ`` · ``1. ПАСПОРТ`` · ``Паспорт Програми``.
PASSPORT_TITLE = regex.compile(r"^\s*(?:\d{1,2}\.?\s*)?паспорт\b", regex.IGNORECASE)
# Rows with a passport label that make a table a passport (one could be a header's word by chance).
PASSPORT_ROWS = 2


def is_passport_label(text: str) -> bool:
    """Whether ``text`` (a cell or a line) starts with one of a passport's labels."""
    return bool(PASSPORT_LABEL.match(collapse_spaces(text)))


def is_passport(table: SourceTable) -> bool:
    """A programme passport: its title in its first row, or two rows that start with a passport's label."""
    labelled = 0
    for number, row in enumerate(table.rows):
        texts = [cell.text for cell in row.cells if not cell.is_empty]
        if number == 0 and any(PASSPORT_TITLE.match(text) for text in texts):
            return True
        if any(is_passport_label(line) for text in texts[:3] for line in text.split("\n")[:1]):
            labelled += 1
            if labelled >= PASSPORT_ROWS:
                return True
    return False


# The quotation marks around a table an amending decision restates (``… в наступній редакції: «`` table ``».``),
# when the clerk typed them inside the table: at the start of its first cell, at the end of its last.
OPENING_QUOTE = regex.compile(r"^\s*«\s*")
CLOSING_QUOTE = regex.compile(r"\s*»\s*[.;,]?\s*$")


def unquote(table: SourceTable) -> SourceTable:
    """The table without the quotes that set it inside an amending decision's text, if they were typed in its cells.

    An opening quote at the start of the first cell, a closing one at the end of
    the last, each with no partner in its cell; taken off when both are there or
    when the table's quotes do not pair up without it. ``«Металіст»`` in a
    measure's text stays, and so does a ``»`` that a page break carried to a row
    of its own (``змагань «Спорт`` / ``для всіх»``).
    """
    rows = list(table.rows)
    filled = [(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row.cells) if not cell.is_empty]
    if not filled:
        return table
    opening = closing = 0
    for r, c in filled:
        text = rows[r].cells[c].text
        opening, closing = opening + text.count("«"), closing + text.count("»")
    ends = {}
    for (r, c), pattern, line in ((filled[0], OPENING_QUOTE, 0), (filled[-1], CLOSING_QUOTE, -1)):
        cell = rows[r].cells[c]
        if cell.text.count("«") != cell.text.count("»") and pattern.search(cell.lines[line]):
            ends[pattern] = (r, c, line)
    strip = [
        pattern
        for pattern, surplus in ((OPENING_QUOTE, opening > closing), (CLOSING_QUOTE, closing > opening))
        if pattern in ends and (surplus or len(ends) == 2)
    ]
    for pattern in strip:
        r, c, line = ends[pattern]
        cell = rows[r].cells[c]
        lines = list(cell.lines)
        lines[line] = pattern.sub("", lines[line])
        cells = list(rows[r].cells)
        cells[c] = replace(cell, lines=tuple(part for part in lines if part.strip()))
        rows[r] = replace(rows[r], cells=tuple(cells))
    return replace(table, rows=tuple(rows)) if strip else table


def unquote_tables(parsed: ParsedDocument) -> ParsedDocument:
    """``parsed`` with the quotes of an amending decision taken out of its tables' first and last cells."""
    tables = tuple(unquote(table) for table in parsed.tables)
    if all(new is old for new, old in zip(tables, parsed.tables, strict=True)):
        return parsed
    return replace(parsed, tables=tables)

"""Flattened text exports: a table whose cell boundaries a copy lost, one paragraph per line of a cell.

A decision's web page copied as text (the way ts.lica.com.ua and gov.lica.com.ua
give their "text" view, the two excerpts in ``../shared/real/``) holds every
paragraph on a line of its own: the lines above the table, then the table's
cells row by row and left to right, each line of a cell a paragraph, an empty
paragraph of a cell (an empty cell, or an empty line inside one) a line of
spaces, a cell spanning several rows once, in its first row; then the signature.
Nothing marks where a cell, a row or the table ends.

The table is rebuilt in small steps:

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
from dataclasses import dataclass, replace

import regex

from ..errors import HostileFileError, NoProgrammeTableError
from ..model import ExtractionWarning, Location, ParsedDocument, SourceCell, SourceRow, SourceTable, Where
from ..normalise.columns import keyword_role
from ..normalise.grid import expense_label, is_amount_label, is_total_label, source_label, year_label
from ..normalise.text import names_bodies

MAX_HEADER_CELL = 200  # characters: a longer paragraph is text, not a column's header
MAX_CELL_PARAGRAPHS = 60  # paragraphs one cell may hold (empty ones counted)
MAX_BODY_PARAGRAPHS = 60_000  # a longer flattened table (some 4 000 rows, a minute's work) is refused, not read for hours

# --- 1. paragraphs -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str  # "" for an empty paragraph (a line of spaces)
    line: int  # 1-based line of the file
    ends: bool = False  # a cell ends with it (a scraper's copy that ends each cell with a bar)
    optional: bool = False  # a lone bar: an empty cell, or the mark the copy puts after a row's last cell


SEPARATED = 0.35  # a copy with more empty lines than this share writes an empty line after every paragraph


def paragraphs(lines: Sequence[str]) -> list[Paragraph]:
    """Each line a paragraph, a line of spaces (or no-break spaces) an empty one.

    A copy that writes an empty line after every paragraph (a web page's text view) marks an empty paragraph with
    a line of spaces, and its empty lines part paragraphs; a copy that writes none (LibreOffice's and Word's text
    export of a DOCX) marks an empty paragraph, an empty cell, with an empty line.
    """
    while lines and not lines[-1]:
        lines = lines[:-1]
    separated = sum(1 for line in lines if line == "") > SEPARATED * max(1, len(lines))
    found = []
    for number, line in enumerate(lines, start=1):
        if line == "" and separated:
            continue
        found.append(Paragraph(" ".join(line.split()), number))
    return found


def text_paragraphs(found: Sequence[Paragraph]) -> tuple[str, ...]:
    """The lines above or below the table as paragraphs: lines with no empty line between them are one paragraph,
    and so is a line that starts in lower case with the one before it (``Додаток 1`` / ``до рішення …``, a heading
    a copy cut into lines); a paragraph's lines keep their breaks."""
    grouped: list[str] = []
    previous_line = -1
    for paragraph in found:
        if not paragraph.text:
            previous_line = -1
            continue
        adjacent = paragraph.line == previous_line + 1
        if grouped and (adjacent or regex.match(r"^\p{Ll}", paragraph.text)):
            grouped[-1] += "\n" + paragraph.text
        else:
            grouped.append(paragraph.text)
        previous_line = paragraph.line
    return tuple(grouped)


# A scraper's copy of a web page's table (what a search index stores of ts.lica.com.ua): each cell's last line ended
# by `` |``, a line of bars after a row for the grid columns its spanning cells leave (``|||||||``).
ENDS_CELL = regex.compile(r"^(?P<text>.*?)\s*\|\s*$")
FILLER = regex.compile(r"^\s*\|{2,}\s*$")
MIN_BARRED = 6  # cells ended by a bar, at least, for a copy to be read as barred


def is_barred(lines: Sequence[str]) -> bool:
    """Whether a copy ends its table's cells with bars (and parts no cells with bars inside a line)."""
    filled = [line for line in lines if line.strip()]
    ended = sum(1 for line in filled if ENDS_CELL.match(line))
    inside = sum(1 for line in filled if "|" in line.strip().rstrip("|"))
    return ended >= MIN_BARRED and ended >= 0.3 * len(filled) and inside <= 0.1 * ended


def barred_paragraphs(lines: Sequence[str]) -> list[Paragraph]:
    """A barred copy's lines as paragraphs that know where their cell ends; the filler lines dropped (a cell a
    spanning cell covers is absent, as in any flattened copy), a lone bar an empty cell or the mark after a row's
    last cell (whose own bar the copy may leave out), as fits the row."""
    found = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or FILLER.match(line):
            continue
        ended = ENDS_CELL.match(line)
        text = ended.group("text") if ended else line
        lone = line.strip() == "|"
        found.append(Paragraph(" ".join(text.split()), number, ends=ended is not None, optional=lone))
    return found


# --- paragraph kinds ------------------------------------------------------------------------------------------------

NUMBER_ONLY = regex.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}[.)]?$")
NUMBERED_TEXT = regex.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}[.)]?\s*\p{L}")
AMOUNT_TOKEN = r"\d{1,3}(?:[ \u00a0]\d{3})+(?:[,.]\d{1,3})?|\d+(?:[,.]\d{1,3})?"
AMOUNT_ONLY = regex.compile(rf"^\(?(?:{AMOUNT_TOKEN})\)?\s*[;,.]?$")
PART = regex.compile(rf"^[–—-]\s*(?:{AMOUNT_TOKEN})\s*[;,.]?$")
DASH = regex.compile(r"^(?:[–—-]+|х|x|Х)$")
YEAR_AMOUNT = regex.compile(r"^(?:19|20)\d{2}\s*(?:р\.?|рік|року)?\s*[-–—:]\s*\d")
AMOUNT_THEN_TEXT = regex.compile(rf"^(?:{AMOUNT_TOKEN})\s*\(")
HAS_AMOUNT = regex.compile(rf"[–—-]\s*(?:{AMOUNT_TOKEN})\s*[;,.)]?\s*$")
TERM = regex.compile(
    r"^(?:(?:19|20)\d{2}\s*(?:[-–—]\s*(?:19|20)?\d{2})?\s*(?:р\.?|рр\.?|рік|роки|року|років)?[,;]?\s*)+$"
    r"|^(?:постійно|щороку|щорічно|щомісячно|щоквартально|протягом\b|[IІV]{1,4}\s*(?:[-–—]\s*[IІV]{1,4}\s*)?(?:кв|квартал|півріччя))",
    regex.IGNORECASE,
)
TOTAL = regex.compile(r"^(?:Разом|Всього|Усього|Загалом|Итого|Загальний\s+обсяг)\b", regex.IGNORECASE)
SIGNATURE = regex.compile(
    r"^(?:Секретар|Міський\s+голова|Сільський\s+голова|Селищний\s+голова|Голова\s+\p{L}+\s+(?:обласної|районної|міської)|"
    r"Керуюч\w+\s+справами|Начальник\s+(?:управління|відділу)\b.*\p{Lu}{3,})",
    regex.IGNORECASE,
)
SOURCE_WORDS = regex.compile(r"бюджет|кошт|джерел|фінансування не потребує|не потребує", regex.IGNORECASE)

BLANK, NUMBER, NUMBERED, AMOUNT, PARTS, DASHED, YEARS_AMOUNT, AMOUNT_TEXT, TERMS, TOTALS, SIGNED, LOWER, TEXT, \
    BREAKDOWN, LISTED, NO_FUNDS = range(16)  # fmt: skip
# A cell that says a measure needs no money (often across the amount columns).
NOT_FUNDED = regex.compile(
    r"^(?:фінансування\s+)?не\s+потребує(?:\s+фінансування)?|^без\s+фінансування|^не\s+передбачено|^в\s+межах\s+(?:кошторис|бюджетн|поточн)",
    regex.IGNORECASE,
)


# A signatory's name on its own line (``В.Вигівський``, ``Оксана МАЛИШЕВА``, ``І. П. Петренко``), or after the position.
NAME = regex.compile(
    r"(?:^|\s)(?:(?:\p{Lu}\.\s?){1,2}\p{Lu}[\p{Ll}'’ʼ]+|\p{Lu}[\p{Ll}'’ʼ]+\s+\p{Lu}{2,}[\p{Lu}'’ʼ-]*|"
    r"\p{Lu}[\p{Ll}'’ʼ]+\s+(?:\p{Lu}\.\s?){1,2})$"
)


def kinds_of(texts: Sequence[str]) -> list[int]:
    """Each paragraph's kind; a signatory's position is a signature only with a name on its line or the next."""
    found = [kind(text) for text in texts]
    for index, text in enumerate(texts):
        if found[index] != SIGNED:
            continue
        following = next((other for other in texts[index + 1 : index + 3] if other), "")
        named = NAME.search(text) or (NAME.match(following) and len(following.split()) <= 4)
        if not named:
            found[index] = TEXT if regex.match(r"^\p{Lu}", text) else LOWER
    return found


def kind(text: str) -> int:
    """What a paragraph looks like, for the cell scores."""
    if not text:
        return BLANK
    if NUMBER_ONLY.match(text) and not regex.match(r"^(?:19|20)\d{2}$", text):
        return NUMBER
    if PART.match(text):
        return PARTS
    if DASH.match(text):
        return DASHED
    if TERM.match(text):
        return TERMS
    if AMOUNT_ONLY.match(text):
        return AMOUNT
    if YEAR_AMOUNT.match(text):
        return YEARS_AMOUNT
    if AMOUNT_THEN_TEXT.match(text):
        return AMOUNT_TEXT
    if NUMBERED_TEXT.match(text):
        return NUMBERED
    if TOTAL.match(text):
        return TOTALS
    if NOT_FUNDED.match(text):
        return NO_FUNDS
    if SIGNATURE.match(text):
        return SIGNED
    if regex.match(r"^[-–—•·*]\s*\p{L}", text):
        return LISTED
    if regex.match(r"^[\p{Ll}(]", text):
        return BREAKDOWN if HAS_AMOUNT.search(text) else LOWER
    return TEXT


# --- 2. the header ------------------------------------------------------------------------------------------------

CONTINUES_HEADER = regex.compile(r"^[\p{Ll}(\[]|^тис\.|^грн")
INTERMEDIATE = regex.compile(r"^(?:у|в)\s+(?:тому\s+)?(?:т\.\s*)?ч(?:\.|ислі)|^за\s+роками|^по\s+роках", regex.IGNORECASE)
SPANS_BELOW = regex.compile(r"(?:у|в)\s+(?:тому\s+)?(?:т\.\s*)?ч(?:\.|ислі)\s*:?\s*$|за\s+роками\s*:?\s*$|по\s+роках\s*:?\s*$",
                            regex.IGNORECASE)  # fmt: skip
HEADING = regex.compile(r"програм", regex.IGNORECASE)


def is_heading(text: str) -> bool:
    """The programme's heading above the table (``Заходи міської програми «Турбота» на 2011-2015 роки``), not a
    column's header (``Перелік заходів Програми``): it names the programme and its years, or runs long."""
    return bool(HEADING.search(text)) and (len(text) > 100 or bool(regex.search(r"(?:19|20)\d{2}", text)))


def names_column(text: str) -> bool:
    return len(text) <= MAX_HEADER_CELL and keyword_role(text) is not None


@dataclass(frozen=True)
class HeaderCell:
    text: str
    line: int


def header_cells(found: Sequence[Paragraph]) -> list[HeaderCell]:
    """Header paragraphs grouped into cells: a line in lower case (or a bracket, ``тис. грн``) continues its cell,
    except after a year or a total label (``Всього`` / ``у тому числі за роками`` are two cells)."""
    cells: list[HeaderCell] = []
    if any(paragraph.ends for paragraph in found):  # a barred copy says where each cell ends
        pending: list[Paragraph] = []
        for paragraph in found:
            pending.append(paragraph)
            if paragraph.ends:
                text = " ".join(part.text for part in pending if part.text)
                if text:
                    cells.append(HeaderCell(text, pending[0].line))
                pending = []
        return cells
    for paragraph in found:
        text = paragraph.text
        if not text:
            continue
        labels = is_amount_label(text) or INTERMEDIATE.match(text)  # ``усього`` / ``обласний бюджет``: a cell of its own
        previous = cells[-1].text if cells else ""
        after_label = bool(cells) and bool(year_label(previous) or is_total_label(previous))
        opens = labels and (
            is_amount_label(previous)
            or INTERMEDIATE.match(previous)
            or (grid_follows(previous) and not INTERMEDIATE.match(text))  # ``за роками`` goes on its funding header
        )
        if cells and CONTINUES_HEADER.match(text) and not after_label and not opens:
            previous = cells[-1].text
            joined = previous[:-1] + text if previous.endswith("-") else f"{previous} {text}"
            cells[-1] = HeaderCell(joined, cells[-1].line)
        else:
            cells.append(HeaderCell(text, paragraph.line))
    return cells


def grid_follows(text: str) -> bool:
    """Whether a header cell is a funding header whose text is complete (``Обсяг фінансування, тис. гривень``), so a
    label in lower case after it (``усього``) starts the grid of cells under it."""
    return keyword_role(text) == "funding" and not SPANS_BELOW.search(text) and not text.rstrip().endswith((",", "-"))


@dataclass(frozen=True)
class Header:
    start: int  # index of its first paragraph
    end: int  # index of the first body paragraph
    cells: tuple[HeaderCell, ...]
    numbers: int  # how many columns the column-numbers run counts (0: none)


def column_numbers(found: Sequence[Paragraph], index: int) -> int:
    """The length of a run ``1``, ``2``, … starting at ``found[index]`` (empty paragraphs between allowed)."""
    expected, position = 1, index
    while position < len(found):
        text = found[position].text
        if not text:
            position += 1
            continue
        if text.rstrip(".") != str(expected):
            break
        expected += 1
        position += 1
    return expected - 1 if expected > 3 else 0


def find_header(found: Sequence[Paragraph]) -> Header | None:
    """The first run of paragraphs that names at least three columns, one of them for money, and where it ends."""
    barred = any(paragraph.ends for paragraph in found)
    index = 0
    while index < len(found):
        text = found[index].text
        if not names_column(text) or is_heading(text) or NUMBERED_TEXT.match(text):
            index += 1
            continue
        if barred and not found[index].ends and (index == 0 or not found[index - 1].ends):
            # a barred copy's table starts with a cell a bar ends: lines before it are the heading's
            index = next((position for position in range(index, len(found)) if found[position].ends), len(found))
            if index == len(found):
                break
        end, roles, cells_seen = header_run(found, index)
        years = any(year_label(paragraph.text) for paragraph in found[index:end])
        if len(roles) >= 3 and roles & {"funding", "sources"} or roles and years:
            cells = header_cells(found[index:end])
            while cells and is_heading(cells[0].text):
                cells.pop(0)  # the heading above the table ran into the header's first cell
            if not cells:
                index = end
                continue
            index = next(position for position in range(index, end) if found[position].line == cells[0].line)
            numbers = column_numbers(found, end)
            body = end
            if numbers:
                body = end
                seen = 0
                while seen < numbers:
                    seen += 1 if found[body].text else 0
                    body += 1
            return Header(index, body, tuple(cells), numbers)
        index += max(1, cells_seen)
    return None


def header_run(found: Sequence[Paragraph], start: int) -> tuple[int, set[str], int]:
    """Where a header starting at ``start`` ends, the roles it names and how many paragraphs it held."""
    roles: set[str] = set()
    position = start
    in_years = False
    while position < len(found):
        text = found[position].text
        if not text:
            position += 1
            continue
        if column_numbers(found, position):
            break
        is_year = bool(year_label(text))
        if in_years and not (is_year or is_total_label(text)):
            break  # the row under the years (and their total) is the body's
        role = keyword_role(text) if len(text) <= MAX_HEADER_CELL else None
        if role:
            roles.add(role)
        elif len(text) > MAX_HEADER_CELL or not (
            is_year or is_amount_label(text) or INTERMEDIATE.match(text) or CONTINUES_HEADER.match(text)
        ):
            break
        in_years = in_years or is_year
        position += 1
    return position, roles, position - start


# --- 3. the columns -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]  # header texts from the top
    role: str  # number | amount | term | executor | source | text


ROLE_OF = {"section_number": "number", "funding": "amount", "term": "term", "executors": "executor",
           "participants": "executor", "manager": "executor", "sources": "source", "result": "result",
           "direction": "direction"}  # fmt: skip


def column_role(top: str, below: bool) -> str:
    if below or is_amount_label(top):
        return "amount"
    return ROLE_OF.get(keyword_role(top) or "", "text")


def leaf_columns(cells: Sequence[HeaderCell], numbers: int) -> list[Column]:
    """The table's columns from its header cells read row by row (see the module's docstring)."""
    texts = [cell.text for cell in cells]
    first_below = len(texts)
    while first_below > 0 and (is_amount_label(texts[first_below - 1]) or INTERMEDIATE.match(texts[first_below - 1])):
        first_below -= 1
    if first_below == len(texts) or first_below == 0:
        return [Column((text,), column_role(text, bool(year_label(text)))) for text in texts]
    top, below = texts[:first_below], texts[first_below:]
    expenses = expense_grid(top, below, numbers)
    if expenses is not None:
        return expenses
    if INTERMEDIATE.match(below[0]) and not any(is_total_label(text) for text in below):
        columns = [Column((text,), column_role(text, False)) for text in top]
        return columns + [Column((below[0], text), "amount") for text in below[1:]]
    parent = next((index for index in range(len(top) - 1, -1, -1) if SPANS_BELOW.search(top[index])), None)
    if parent is None:
        parent = next((index for index in range(len(top) - 1, -1, -1) if keyword_role(top[index]) == "funding"), None)
    if parent is None:
        return [Column((text,), column_role(text, bool(year_label(text)))) for text in texts]
    under: list[Column] = []
    middle: str | None = None
    for text in below:
        if INTERMEDIATE.match(text) and not is_total_label(text):
            middle = text
        else:
            under.append(Column((top[parent], *((middle,) if middle and year_label(text) else ()), text), "amount"))
    columns = [Column((text,), column_role(text, False)) for text in top[:parent]]
    columns += under
    columns += [Column((text,), column_role(text, False)) for text in top[parent + 1 :]]
    if numbers and len(columns) != numbers:
        flat = [Column((text,), column_role(text, bool(is_amount_label(text)))) for text in texts if not INTERMEDIATE.match(text)]
        if len(flat) == numbers:
            return flat
    return columns


def expense_grid(top: Sequence[str], below: Sequence[str], numbers: int) -> list[Column] | None:
    """The columns of a source × expense grid flattened row by row (the standard form of an oblast programme):
    ``Обсяг фінансування`` over ``усього | у тому числі`` over ``капітальні вкладення | поточні витрати`` over
    ``науково-дослідні роботи | інші потреби``, each split into ``обласний бюджет | інші джерела``.

    The sources repeat in one order under each expense leaf, so the leaves are (expense leaf, source) pairs: as many
    expense leaves as the source cells hold repeats of the sources. An expense cell with expenses under it (the
    deeper row subdivides the last cell of the row above: ``поточні витрати``) is no leaf; ``у тому числі`` is
    over the expense cells after it. None when the cells under the funding header are not such a grid.
    """
    if any(year_label(text) for text in below):
        return None
    sources = [text for text in below if source_label(text) and not expense_label(text)]
    kinds = [text for text in below if (expense_label(text) or is_total_label(text)) and text not in sources]
    if not sources or not any(expense_label(text) for text in kinds):
        return None  # sources under a funding header with a total: one column each (``… | Всього``)
    distinct = list(dict.fromkeys(" ".join(text.lower().split()) for text in sources))
    if len(sources) % len(distinct):
        return None
    groups = len(sources) // len(distinct)
    parents = len(kinds) - groups
    if parents < 0:
        return None
    funding = next((index for index in range(len(top) - 1, -1, -1) if keyword_role(top[index]) == "funding"), None)
    if funding is None:
        return None
    # The parents: each the cell right before the last two of the expense cells not yet given a parent.
    leaves = list(kinds)
    parent_of: dict[str, str] = {}
    for _ in range(parents):
        if len(leaves) < 3:
            return None
        parent = leaves[-3]
        parent_of[leaves[-2]] = parent_of[leaves[-1]] = parent
        leaves.remove(parent)
    intermediate = next((text for text in below if INTERMEDIATE.match(text) and not is_total_label(text)), None)
    after_intermediate = set(below[below.index(intermediate) + 1 :]) if intermediate else set()
    columns = [Column((text,), column_role(text, False)) for text in top[:funding]]
    for leaf in leaves:
        path = [top[funding]]
        if leaf in after_intermediate:
            path.append(intermediate or "")
        if leaf in parent_of:
            path.append(parent_of[leaf])
        path.append(leaf)
        columns += [Column((*path, source), "amount") for source in sources[: len(distinct)]]
    columns += [Column((text,), column_role(text, False)) for text in top[funding + 1 :]]
    if numbers and len(columns) != numbers:
        return None
    return columns


def header_rows(columns: Sequence[Column], line: int) -> list[SourceRow]:
    """Header rows as the HTML parser gives them: a spanning cell's text in its first column, empty cells after."""
    depth = max(len(column.path) for column in columns)
    rows = []
    for level in range(depth):
        location = Location(table=1, row=level + 1, line=line)
        cells = []
        for index, column in enumerate(columns):
            text = column.path[level] if level < len(column.path) else ""
            before = columns[index - 1].path if index else ()
            shared = level < len(before) and before[: level + 1] == column.path[: level + 1] and level < len(column.path) - 1
            cells.append(SourceCell(lines=() if shared or not text else (text,), locations=(location,)))
        rows.append(SourceRow(cells=tuple(cells), location=location))
    return rows


# --- 4. the body --------------------------------------------------------------------------------------------------

# How well a cell's first paragraph of each kind fits a column of each role.
START: dict[str, dict[int, float]] = {
    "number": {NUMBER: 2.0, DASHED: 0.0, NUMBERED: -1.0},
    "amount": {AMOUNT: 2.0, NUMBER: 1.8, NO_FUNDS: 1.0, YEARS_AMOUNT: 2.0, AMOUNT_TEXT: 2.0, DASHED: 1.5, PARTS: -1.0,
               BREAKDOWN: -1.0, TERMS: -1.0, TOTALS: -2.0},
    "term": {TERMS: 2.0, TEXT: -0.5, LOWER: -0.5, AMOUNT: -2.0, NUMBER: -2.0, DASHED: 0.0},
    "text": {TEXT: 1.0, NUMBERED: 1.0, LISTED: 0.3, LOWER: -0.5, TOTALS: 0.5, DASHED: 0.0, BREAKDOWN: -0.5, TERMS: -1.5},
    "direction": {TEXT: 1.0, NUMBERED: 0.3, LOWER: -0.5, TOTALS: 0.5, DASHED: 0.0, BREAKDOWN: -0.5, TERMS: -1.5},
    "executor": {TEXT: 1.0, NUMBERED: -0.5, LOWER: -0.2, TOTALS: 0.0, DASHED: 0.0, TERMS: -1.5},
    "source": {TEXT: 1.0, NUMBERED: -0.5, LOWER: 0.5, TOTALS: 0.0, DASHED: 0.0, TERMS: -1.5, NO_FUNDS: 1.0},
    "result": {TEXT: 1.0, NUMBERED: -0.5, LOWER: -1.0, TOTALS: 0.0, DASHED: 0.0, BREAKDOWN: -0.5, TERMS: -1.5,
               AMOUNT: -1.0, NUMBER: -1.0, NO_FUNDS: -0.5},
    "any": {NUMBER: 2.0, TEXT: 1.0, NUMBERED: 1.0, LOWER: -0.5, DASHED: 0.0, TOTALS: 0.5},
}  # fmt: skip
START_ELSE = {
    "number": -3.0,
    "amount": -3.0,
    "term": -1.0,
    "text": -2.0,
    "executor": -2.0,
    "source": -2.0,
    "any": -1.5,
    "result": -2.0,
    "direction": -2.0,
}
# How well each later paragraph of a cell fits it (0: as well as any).
MORE: dict[str, dict[int, float]] = {
    "number": {},
    "amount": {AMOUNT: 0.0, NUMBER: -0.5, PARTS: 0.0, BREAKDOWN: 0.0, YEARS_AMOUNT: 0.0, DASHED: 0.0, LOWER: -0.2, TERMS: -1.5,
               AMOUNT_TEXT: -0.5},
    "term": {TERMS: 0.0, LOWER: -0.3},
    "text": {LOWER: 0.0, LISTED: 0.0, TEXT: -0.3, BREAKDOWN: 0.0, DASHED: -0.5, PARTS: -1.0, TERMS: -1.0, AMOUNT: -1.5,
             AMOUNT_TEXT: -1.0},
}  # fmt: skip
MORE["executor"] = {**MORE["text"], TEXT: -0.2}
MORE["source"] = MORE["text"]
MORE["any"] = MORE["text"]
MORE["result"] = {**MORE["text"], AMOUNT: -0.5}
MORE["direction"] = MORE["text"]
MORE_ELSE = {
    "number": -3.0,
    "amount": -3.0,
    "term": -2.0,
    "text": -2.5,
    "executor": -2.5,
    "source": -2.5,
    "any": -2.5,
    "result": -2.5,
    "direction": -2.5,
}
# A paragraph of these kinds left below the table is one of its cells lost.
LEFT_OUT = {AMOUNT: -2.0, YEARS_AMOUNT: -2.0, PARTS: -2.0, NUMBER: -1.0, TERMS: -1.0, AMOUNT_TEXT: -2.0}
COVERED = -0.8  # a cell a spanning cell above covers (absent from the flattened text), before the row's own cells
COVERED_AFTER = -1.0  # ... after one of them (a merged result column is rarer than a merged section column)
SPAN_ROW = -1.5  # a section heading across the whole row ...
HEADING_BONUS = 1.0  # ... with an item number after it
SECTION_HEADING = regex.compile(
    r"^(?:Розділ|Напрям|Завдання|Підпрограма|Пріоритет)\s+(?:\d{1,2}|[IVХІ]{1,4})\b", regex.IGNORECASE
)
LEADING_BLANK = -0.5  # a cell whose first line is empty
GIVE_UP = -6.0  # a cell whose later lines fit it this badly is not made longer
SIGNATURE_COST = -4.0


def first_score(role: str, paragraph_kind: int, text: str) -> float:
    if paragraph_kind == SIGNED:
        return SIGNATURE_COST
    score = START.get(role, {}).get(paragraph_kind, START_ELSE[role])
    if role == "executor" and paragraph_kind in (TEXT, LOWER) and names_bodies(text):
        score += 0.5
    if role == "number" and paragraph_kind == NUMBER and "." not in text and int(text.rstrip(")")) > 99:
        score = 0.0  # 630 is an amount more likely than an item number
    if role == "source" and SOURCE_WORDS.search(text):
        score += 1.0
    return score


def more_score(role: str, paragraph_kind: int, text: str) -> float:
    if paragraph_kind == SIGNED:
        return SIGNATURE_COST
    score = MORE.get(role, {}).get(paragraph_kind, MORE_ELSE[role])
    if role == "executor" and paragraph_kind == TEXT and names_bodies(text):
        score = 0.0
    return score


@dataclass(frozen=True)
class Cut:
    start: int  # paragraph index, inclusive
    end: int  # exclusive
    column: int
    span: int  # columns the cell spans (1 for most)
    score: float = 0.0  # how well its paragraphs fit its column (set on the chosen cut)


def segment(body: Sequence[Paragraph], columns: Sequence[Column]) -> tuple[list[list[Cut]], int, float]:
    """The body cut into rows of cells, how many paragraphs the table holds (the rest are below it), the cut's score.

    A state is (paragraphs read, columns of the current row filled, whether the row has a cell of its own, whether
    it is the first row); the first row has no covered cells (nothing above it spans down).
    """
    width = len(columns)
    roles = [column.role for column in columns]
    kinds = kinds_of([paragraph.text for paragraph in body])
    count = len(body)
    first_amount = next((index for index, role in enumerate(roles) if role == "amount"), width)
    minus = float("-inf")
    State = tuple[int, int, int, int]
    best: dict[State, float] = {(0, 0, 0, 1): 0.0}
    back: dict[State, tuple[State, Cut | None]] = {}

    texts = [paragraph.text for paragraph in body]
    role_names = set(roles) | {"text"}
    starts = {
        role: [first_score(role, k, t) if k != BLANK else 0.0 for k, t in zip(kinds, texts, strict=True)] for role in role_names
    }
    mores = {
        role: [more_score(role, k, t) if k != BLANK else 0.0 for k, t in zip(kinds, texts, strict=True)] for role in role_names
    }
    stop = min(count, MAX_CELL_PARAGRAPHS)
    ends = [paragraph.ends for paragraph in body]
    bounded = any(ends)

    def offer(state: State, score: float, source: State, cut: Cut | None) -> None:
        if state[1] == width:
            state = (state[0], 0, 0, 0)
        if score > best.get(state, minus):
            best[state] = score
            back[state] = (source, cut)

    def cell(i: int, role: str, score: float, source: State, column: int, span: int) -> None:
        """Offer each run of paragraphs from ``i`` as one cell of ``column``; stop once it has gone too wrong."""
        start, more = starts[role], mores[role]
        started, penalty = False, 0.0
        target = column + span
        for j in range(i, min(count, i + stop)):
            if bounded and not ends[j]:  # a barred copy's cell goes on to the line its bar ends
                k = kinds[j]
                if k != BLANK:
                    score += more[j] if started else start[j] + (LEADING_BLANK if j > i else 0.0)
                    started = True
                continue
            k = kinds[j]
            if k != BLANK and started:
                score += more[j]
                penalty += more[j]
            elif k != BLANK:
                score += start[j] + (LEADING_BLANK if j > i else 0.0)
                started = True
            elif j > i and not started:
                score -= 0.1  # several empty paragraphs as one empty cell: a little less likely
            offer((j + 1, target, 1, source[3]), score, source, Cut(i, j + 1, column, span))
            if k == SIGNED or penalty < GIVE_UP or bounded:
                break

    next_kind = [BLANK] * (count + 1)  # the kind of the first non-empty paragraph after each
    for i in range(count - 2, -1, -1):
        next_kind[i] = kinds[i + 1] if kinds[i + 1] != BLANK else next_kind[i + 1]

    def heading_cost(i: int) -> float:
        """A heading across the row is likely when an item number follows it (``1. Збереження …`` / ``1.1.``)."""
        following = next_kind[i]
        numbered = kinds[i] == NUMBERED or bool(SECTION_HEADING.match(texts[i]))
        return SPAN_ROW + (HEADING_BONUS if numbered and following in (NUMBER, NUMBERED) else 0.0)

    left_out = [0.0] * (count + 1)  # what leaving body[i:] below the table costs
    for i in range(count - 1, -1, -1):
        left_out[i] = left_out[i + 1] + LEFT_OUT.get(kinds[i], 0.0)
    ending, end_score = 0, minus
    for i in range(count + 1):
        # states with a cell of their own first: completing their row opens (i, 0, 0, 0)
        for own in (1, 0):
            for first in (1, 0):
                for c in range(width):
                    here = best.get((i, c, own, first), minus)
                    if here == minus:
                        continue
                    source = (i, c, own, first)
                    if i < count and body[i].optional:  # a lone bar read as no cell at all
                        offer((i + 1, c, own, first), here, source, None)
                    if not first and (c + 1 < width or own):
                        offer((i, c + 1, own, first), here + (COVERED_AFTER if own else COVERED), source, None)
                    if i == count:
                        continue
                    cell(i, roles[c], here, source, c, 1)
                    if kinds[i] == NO_FUNDS and roles[c] in ("amount", "source") and first_amount < width:
                        last = max(c, first_amount)
                        while last + 1 < width and roles[last + 1] == "amount":
                            last += 1
                        if last > c:
                            cell(i, "amount", here, source, c, last - c + 1)
                    if kinds[i] in (TEXT, NUMBERED, TOTALS) and c < width - 1:
                        spans = set() if own else {width - c}  # a heading across the row, not across its rest
                        if kinds[i] == TOTALS and first_amount > c + 1:
                            spans.add(first_amount - c)
                        for span in spans:
                            cost = heading_cost(i) if span == width - c else 0.0
                            cell(i, "text", here + cost, source, c, span)
        row_start = best.get((i, 0, 0, 0), minus) + left_out[i]
        if row_start >= end_score:
            ending, end_score = i, row_start
    if end_score == minus:
        return [], 0, minus
    rows: list[list[Cut]] = []
    current: list[Cut] = []
    state: State = (ending, 0, 0, 0)
    while state != (0, 0, 0, 1):
        source, cut = back[state]
        if cut is not None:
            gained = best[state] - best[source] if state in best else 0.0
            current.append(replace(cut, score=gained))
        if source[1] == 0 and source[2] == 0:
            rows.append(list(reversed(current)))
            current = []
        state = source
    rows.reverse()
    return [row for row in rows if row], ending, end_score


def body_rows(body: Sequence[Paragraph], cuts: Sequence[Sequence[Cut]], width: int, first_row: int) -> list[SourceRow]:
    rows = []
    for number, row in enumerate(cuts, start=first_row):
        location = Location(table=1, row=number, line=body[row[0].start].line)
        cells = [SourceCell(locations=(location,)) for _ in range(width)]
        for cut in row:
            lines = tuple(paragraph.text for paragraph in body[cut.start : cut.end] if paragraph.text)
            where = Location(table=1, row=number, line=body[cut.start].line)
            cells[cut.column] = SourceCell(lines=lines, locations=(where,))
        rows.append(SourceRow(cells=tuple(cells), location=location))
    return rows


def column_readings(named: list[Column], found: Sequence[Paragraph], header: Header) -> list[list[Column]]:
    """The columns as the header names them, and the readings a flattened header leaves open: a column with an empty
    header before them (the empty paragraphs right above the header may be its cells), or an item-number column
    under the first column's header (``Назва заходу`` spanning ``1.`` and the measure's text)."""
    if header.numbers:
        return [named]
    readings = [named]
    empty_before = 0
    while empty_before < min(header.start, 2) and not found[header.start - 1 - empty_before].text:
        empty_before += 1
    for count in range(1, empty_before + 1):
        readings.append([Column(("",), "any")] * count + named)
    if named[0].role != "number":
        readings.append([Column(("",), "number"), *named])
    return readings


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

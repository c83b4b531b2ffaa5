"""Steps 2 and 3: the run of lines that name the table's columns, its cells, and the table's columns from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ...model import Location, SourceCell, SourceRow
from ...normalise.columns import keyword_role
from ...normalise.grid import expense_label, is_amount_label, is_total_label, source_label, year_label
from .lines import NUMBERED_TEXT, Paragraph

MAX_HEADER_CELL = 200  # characters: a longer paragraph is text, not a column's header

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

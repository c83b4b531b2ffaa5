"""Find a table's columns by what their headers say and, where a header fails, by what their cells hold.

Header wordings seen in published annexes (each maps to one role)::

    № п/п · № з/п · №                                          section_number
    Назва напрямку діяльності (пріоритетні завдання) · Найменування завдання   direction
    Перелік заходів Програми · Зміст заходу · Заходи · Завдання (види робіт)  measure
    Термін виконання · Строк виконання · Терміни · Термін вико-нання          term
    Виконавці · Відповідальні за виконання · Виконавець (замовник)            executors
    Учасники (beside Безпосередній виконавець)                                participants
    Головний розпорядник коштів                                               manager
    Джерела фінансування · Джерела фінансування (обласний бюджет, інші кошти) sources
    Орієнтовні / Орієнтовані обсяги фінансування (тис.грн.) · Сума коштів    funding
    Очікувані результати · Очікуваний результат                               result

The money columns are a grid (``grid.py``): each column's header path, over
a two-to-four-row merged header, gives its year, source, expense type or says
it is a total::

    Обсяги фінансування, тис. грн   (merged over the columns below)
    Всього │ у тому числі за роками   (merged over the years)
           │ 2021 рік │ 2022 рік │ 2023 рік

gives amount columns (total), (2021), (2022), (2023). A row of column numbers
ends the header. A column whose header is missing, unreadable (OCR) or spans
two columns is told by its cells: item numbers, long texts, terms, amounts,
body names (``infer_by_content``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import regex

from ..model import SourceRow, SourceTable
from . import grid
from .funding import YEAR_AMOUNT, parse_amount
from .grid import AmountColumn, Coordinates
from .text import EXECUTOR_HEAD, LEADING_NUMBER, collapse_spaces, names_bodies

# Each role's header, as a pattern over the header text with hyphenation and spaces removed.
HEADER_PATTERNS: dict[str, regex.Pattern[str]] = {
    "section_number": regex.compile(r"^№(?:п/п|з/п|пп|зп)?\.?$|^(?:№)?п/п$|^№\s*напрям", regex.IGNORECASE),
    "direction": regex.compile(r"напрям|пріоритетн\w*завдан|завданн", regex.IGNORECASE),
    "measure": regex.compile(r"заход|найменуванн|змістзаход|видиробіт", regex.IGNORECASE),
    "term": regex.compile(r"^(?:термін|строк)|період(?:виконання)?$", regex.IGNORECASE),
    "executors": regex.compile(r"виконав|відповідальн|замовник", regex.IGNORECASE),
    "participants": regex.compile(r"^учасник", regex.IGNORECASE),
    "manager": regex.compile(r"розпорядник", regex.IGNORECASE),
    "sources": regex.compile(r"джерел", regex.IGNORECASE),
    "funding": regex.compile(
        r"обсяг\w*(?:фінанс|видатк|витрат|кошт)|орієнт\w*обсяг|фінансування\(тис|^обсяги?|вартість|^сума|видатки",
        regex.IGNORECASE,
    ),
    "result": regex.compile(r"очікуван|результат", regex.IGNORECASE),
}
# Roles whose header patterns overlap: the more specific wins (a "Джерела фінансування" header is sources).
PRIORITY = ("section_number", "manager", "participants", "sources", "funding", "term", "executors", "result", "measure",
            "direction")  # fmt: skip
# Roles whose columns hold the executors of a measure, in the order they are listed.
EXECUTOR_ROLES = ("executors", "participants", "manager")

# Whole header words, for headers the patterns miss through a typo (``Виконавеці``, ``Джерела фінансуваня``).
FUZZY_WORDS: dict[str, tuple[str, ...]] = {
    "sources": ("джерела",),
    "funding": ("обсяги", "обсяг", "орієнтовні", "фінансування"),
    "term": ("термін", "терміни", "строк", "строки"),
    "executors": ("виконавці", "виконавець", "відповідальні"),
    "result": ("очікувані", "очікуваний", "результати", "результат"),
    "measure": ("заходи", "заходів", "захід", "найменування"),
}
FUZZY_RATIO = 0.8

# A decimal amount: no header cell holds one (1195763,8 · 0,00).
DECIMAL = regex.compile(r"\d[,.]\d")
# A row of column numbers: 1 2 3 … 8 (each cell a small integer, in order).
COLUMN_NUMBERS = regex.compile(r"^\d{1,2}$")

# Kept under their old names: the year and total labels of a header live in grid.py.
year_header = grid.year_label
is_total_header = grid.is_total_label


@dataclass(frozen=True)
class ColumnMap:
    """Which grid column holds each role, and the amount columns with their coordinates."""

    columns: dict[str, int]
    header_rows: int  # rows above the data: title rows, header rows and the column-numbers row
    header_texts: tuple[str, ...]
    years: dict[int, int] = field(default_factory=dict)  # year → its column, when each year has one
    row_total: int | None = None  # the per-measure "Всього" column beside the year columns
    unmapped: tuple[str, ...] = ()  # header texts that name no known column
    amounts: tuple[AmountColumn, ...] = ()  # every amount column (empty: derived from years/row_total/funding)
    inferred: tuple[tuple[int, str, str], ...] = ()  # (column, role, why): columns told by their cells
    unread: tuple[int, ...] = ()  # columns with no header text whose cells hold text no role was told by: not read
    titles: tuple[str, ...] = ()  # rows above the header inside the table (a sub-section line)

    @property
    def amount_columns(self) -> tuple[AmountColumn, ...]:
        if self.amounts:
            return self.amounts
        derived = [AmountColumn(column, Coordinates(year=year), header=str(year)) for year, column in self.years.items()]
        if self.row_total is not None:
            derived.append(AmountColumn(self.row_total, total=True, header="Всього"))
        if not derived and self.columns.get("funding") is not None:
            derived.append(AmountColumn(self.columns["funding"]))
        return tuple(sorted(derived, key=lambda column: column.index))

    @property
    def has_year_columns(self) -> bool:
        """The amounts stand in a grid of cells, one number each (years, sources, totals as columns)."""
        columns = self.amount_columns
        return len(columns) > 1 or any(column.total or column.coordinates != Coordinates() for column in columns)

    @property
    def has_year_axis(self) -> bool:
        return any(column.coordinates.year is not None for column in self.amount_columns)

    def get(self, role: str) -> int | None:
        return self.columns.get(role)

    def executor_columns(self) -> list[int]:
        return [self.columns[role] for role in EXECUTOR_ROLES if role in self.columns]


SQUEEZED = regex.compile(r"-\s*\n\s*|\s+")
LINE_END_HYPHEN = regex.compile(r"-\s*\n\s*")
LONG_WORD = regex.compile(r"\p{L}{4,}")
LETTER = regex.compile(r"\p{L}")


def squeeze(text: str) -> str:
    """Header text without spaces, line breaks and line-end hyphens: ``фінан-\\nсування`` → ``фінансування``."""
    return SQUEEZED.sub("", text)


def header_role(text: str) -> str | None:
    """The role a header cell's text names, if any: by keyword first, then by a near-miss of a whole word."""
    if grid.is_amount_label(text):
        return None  # a year, total, source or expense label names an amount column's coordinate
    return keyword_role(text) or fuzzy_role(text)


def keyword_role(text: str) -> str | None:
    """The role a header cell's text names by one of its keywords."""
    squeezed = squeeze(text)
    if not squeezed:
        return None
    return next((role for role in PRIORITY if HEADER_PATTERNS[role].search(squeezed)), None)


def fuzzy_role(text: str) -> str | None:
    """The role whose header word a word of ``text`` nearly spells (one or two letters off)."""
    words = set(LONG_WORD.findall(LINE_END_HYPHEN.sub("", text).lower()))
    for role in PRIORITY:
        for known in FUZZY_WORDS.get(role, ()):
            if any(near_miss(word, known) for word in words):
                return role
    return None


def near_miss(word: str, known: str) -> bool:
    """``SequenceMatcher.ratio() >= FUZZY_RATIO``, with difflib's cheap upper bounds tried first (long data cells)."""
    matcher = SequenceMatcher(None, word, known)
    return matcher.real_quick_ratio() >= FUZZY_RATIO and matcher.quick_ratio() >= FUZZY_RATIO and matcher.ratio() >= FUZZY_RATIO


def is_funding_header(text: str) -> bool:
    return header_role(text) == "funding"


def is_years_row(row: SourceRow) -> bool:
    """A header row of amount labels only (years, totals, sources, expense types): ``2021 рік │ 2022 рік │ Всього``."""
    values = [cell.text for cell in row.cells if not cell.is_empty]
    labels = [value for value in values if grid.is_amount_label(value)]
    if not (len(labels) >= 2 or any(grid.year_label(value) for value in labels)):
        return False  # a lone "Усього:" opens a totals block; a header names two labels or a year
    return all(grid.is_amount_label(value) or grid.is_grouping_label(value) for value in values)


def is_column_numbers_row(row: SourceRow) -> bool:
    """A row like ``1 2 3 4 5 6 7 8`` under the header."""
    values = [collapse_spaces(cell.text) for cell in row.cells if not cell.is_empty]
    if len(values) < 3 or not all(COLUMN_NUMBERS.match(value) for value in values):
        return False
    numbers = [int(value) for value in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def named_columns(row: SourceRow) -> int:
    """How many cells of a row name a role or an amount label: a header's first row names two or more."""
    return sum(1 for cell in row.cells if not cell.is_empty and len(cell.text) < 200 and (
        grid.is_amount_label(cell.text) or header_role(cell.text)))  # fmt: skip


def is_header_row(row: SourceRow) -> bool:
    """A row below the header's first one that still belongs to the header.

    Its cells name coordinates or roles (``2024 рік``, ``обласний бюджет``,
    ``капітальні вкладення``, ``у тому числі``, ``Учасники``) and none holds
    data: an amount, a numbered text, a long text.
    """
    values = [collapse_spaces(cell.text) for cell in row.cells if not cell.is_empty]
    if not values or any(len(value) > 120 for value in values):
        return False
    labels = roles = unknown = 0
    for value in dict.fromkeys(values):
        if grid.is_amount_label(value) or grid.is_grouping_label(value):
            labels += 1
        elif parse_amount(value) is not None or LEADING_NUMBER.match(value):
            return False
        elif keyword_role(value):
            roles += 1
        else:
            unknown += 1
    return (labels >= 1 or roles >= 2) and unknown <= labels + roles


# The lower part of a header cell a row break split (``Джерела`` / ``фінансування``, ``Термін вико-`` / ``нання``,
# ``Відповідальні`` / ``виконавці``): a short run of words starting with a small letter, no digits, no punctuation
# that ends a label.
CONTINUATION = regex.compile(r"^\p{Ll}[\p{L}'’ʼ\-\s,]{0,40}$")


def continues(upper: str, lower: str) -> bool:
    """``lower`` is the rest of ``upper``'s words, split into the next header row, not a label of its own.

    A label of its own stays one: ``обласний бюджет``, ``у тому числі``, ``капітальні вкладення``, ``2022 рік``.
    """
    upper, lower = collapse_spaces(upper), collapse_spaces(lower)
    if not upper or not lower or grid.is_amount_label(lower) or grid.is_grouping_label(lower):
        return False
    if upper.endswith("-") and regex.match(r"^\p{Ll}", lower):
        return True  # Термін вико- / нання
    return bool(CONTINUATION.match(lower)) and not regex.search(r"[.:;]$", upper) and not DECIMAL.search(upper)


def own_cells(rows: list[list[str]], depth: int) -> list[int]:
    """The columns of header row ``depth`` whose cell covers only its own column (no merged span to the right)."""
    width = len(rows[depth])
    spanned = set()
    for column, text in enumerate(rows[depth]):
        if not text.strip():
            continue
        right = column + 1
        while right < width and not rows[depth][right].strip() and any(
                right < len(row) and row[right].strip() for row in rows[depth + 1:]):  # fmt: skip
            spanned.add(column)
            right += 1
    return [column for column, text in enumerate(rows[depth]) if text.strip() and column not in spanned]


def join_continued_words(rows: list[list[str]]) -> list[list[str]]:
    """Header rows with a cell's words split into the row below joined back into the upper cell.

    ``Джерела`` over ``фінансування`` in one column is one header, ``Джерела фінансування`` (the sources), not the
    path ``Джерела / фінансування`` (which would read as a funding column). Only a cell that covers its own column
    alone takes the words of the cell right below it; a merged cell's sub-headers stay its path.
    """
    rows = [list(row) for row in rows]
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    for depth in range(len(rows) - 1):
        for column in own_cells(rows, depth):
            upper, lower = rows[depth][column], rows[depth + 1][column]
            if continues(upper, lower) and column in own_cells(rows, depth + 1):
                joined = upper.rstrip() + "\n" + lower.strip()  # as one cell of two lines
                rows[depth][column], rows[depth + 1][column] = joined, ""
    return rows


def continues_header(header: list[SourceRow], row: SourceRow) -> bool:
    """A row whose filled cells continue the words of the header cells above them (a split header cell), the others
    being a header's labels (``тис. грн``, ``2022 рік``)."""
    filled = [(index, cell.text) for index, cell in enumerate(row.cells) if not cell.is_empty]
    continued = 0
    for index, text in filled:
        above = next((upper.cell(index).text for upper in reversed(header) if not upper.cell(index).is_empty), "")
        if continues(above, text):
            continued += 1
        elif not (grid.is_amount_label(text) or grid.is_grouping_label(text) or is_unreadable(text)):
            return False  # OCR specks (``|``, ``~``) are no data either
    return continued > 0


def path_role(path: tuple[str, ...]) -> str | None:
    """The role a text column's header path names, the deepest naming cell first (``Виконавці`` / ``Учасники``)."""
    return next((role for text in reversed(path) if (role := header_role(text))), None)


def map_columns(table: SourceTable, max_header_rows: int = 6) -> ColumnMap | None:
    """Map roles and amount columns from the header at the top of ``table``; None if it is no measures table.

    The header starts at one of the first three rows that names two or more
    columns (rows above it are titles); the rows below belong to it while they
    name roles or amount labels; a row of column numbers ends it.
    """
    rows = table.rows
    start = next((index for index, row in enumerate(rows[:3]) if named_columns(row) >= 2), None)
    if start is None:
        return None
    header = [rows[start]]
    end = start + 1
    while end < len(rows) and len(header) < max_header_rows:
        if is_column_numbers_row(rows[end]):
            end += 1
            break
        if not (is_header_row(rows[end]) or continues_header(header, rows[end])):
            break
        header.append(rows[end])
        end += 1
    width = max(len(row.cells) for row in rows[: end + 40])
    paths = grid.header_paths(join_continued_words([[cell.text for cell in row.cells] for row in header]))
    paths = paths + ((),) * (width - len(paths))
    columns: dict[str, int] = {}
    amounts: list[AmountColumn] = []
    unmapped: dict[int, tuple[str, ...]] = {}
    claims: dict[str, list[int]] = {}
    unreadable: list[int] = []
    for index, path in enumerate(paths):
        found = grid.heading(path, is_funding_header)
        if path and len(path) > 1 and found.amount and is_unreadable(path[-1]):
            unreadable.append(index)  # under an amount group, its own header lost (OCR): told by its place and cells
            continue
        if found.amount:
            coordinates = Coordinates(year=found.year, source=found.source, expense=found.expense)
            joined = " / ".join(grid.label_variants(text)[1 if grid.is_amount_label(text) else 0] for text in path)
            amounts.append(AmountColumn(index, coordinates, found.total, joined))
            continue
        role = path_role(path)
        if role is None:
            meaningful = tuple(text for text in path if not grid.is_grouping_label(text))
            unmapped[index] = meaningful
            continue
        claims.setdefault(role, []).append(index)
    for role, claimed in claims.items():
        named = [index for index in claimed if any(keyword_role(text) == role for text in paths[index])]
        if named and len(named) < len(claimed):
            # a near-miss beside a header that names the role outright (``Учдриїн / викона / ння``, a signature over
            # ``Термін виконання``, spelling "викона" like "виконавці", beside ``Виконавці``): the near-miss is no
            # claim; its cells tell what it is, or it is reported
            for index in claimed:
                if index not in named:
                    unmapped[index] = tuple(text for text in paths[index] if not grid.is_grouping_label(text))
            claimed = named
            claims[role] = named
        columns[role] = claimed[0]
        if role == "measure" and len(claimed) > 1 and "direction" not in claims:
            # "Найменування завдання" beside "Найменування заходів": the one naming measures is the measures column
            named = [index for index in claimed if regex.search("заход", squeeze(" ".join(paths[index])), regex.IGNORECASE)]
            if named and named[0] != claimed[0]:
                columns["direction"], columns["measure"] = claimed[0], named[0]
    if any(column.coordinates.year is not None for column in amounts):
        # beside year columns, an amount column naming no year is their total (``Орієнтовний обсяг …``, ``Всього``)
        amounts = [
            AmountColumn(column.index, column.coordinates, True, column.header)
            if column.coordinates == Coordinates() else column
            for column in amounts
        ]  # fmt: skip
    data = [row for row in rows[end : end + 40] if not row_is_one_text(row)]
    inferred = []
    known_years = sorted((column.coordinates.year, column.index) for column in amounts if column.coordinates.year)
    for index in unreadable:
        amounts.append(inferred_amount_column(index, known_years, data, amounts))
        inferred.append((index, "amount", describe(amounts[-1])))
    inferred += infer_by_content(data, columns, amounts, unmapped, paths)
    if "measure" not in columns and "direction" in columns:
        # Some annexes name the measures column "Напрями/заходи": one column does both.
        columns["measure"] = columns.pop("direction")
    if "measure" not in columns and "sources" in columns and amounts:
        # a table of the programme's funding by source: each row is labelled by its source
        columns["measure"] = columns["sources"]
    if "measure" not in columns:
        return None
    amounts.sort(key=lambda column: column.index)
    plain = [column for column in amounts if not column.total and column.coordinates == Coordinates()]
    if len(amounts) == 1 and plain:
        columns.setdefault("funding", plain[0].index)
    year_columns = [column for column in amounts if column.coordinates.year is not None and not column.total]
    years = {column.coordinates.year: column.index for column in year_columns if column.coordinates.year is not None}
    if len(years) != len(year_columns) or any(column.coordinates != Coordinates(year=column.coordinates.year)
                                              for column in year_columns):  # fmt: skip
        years = {}  # several columns per year (a year × source grid): no one-column-per-year map
    row_total = next((column.index for column in amounts if column.total and column.coordinates == Coordinates()), None)
    texts = [collapse_spaces(cell.text) for row in header for cell in row.cells if not cell.is_empty]
    inferred_columns = {index for index, _, _ in inferred}
    taken = set(columns.values()) | {column.index for column in amounts}
    unread = tuple(index for index, path in unmapped.items()
                   if not path and index not in taken and any(not row.cell(index).is_empty for row in data))  # fmt: skip
    return ColumnMap(
        columns=columns,
        header_rows=end,
        header_texts=tuple(texts),
        years=dict(sorted(years.items())),
        row_total=row_total,
        unmapped=tuple(text for index, path in unmapped.items() if index not in inferred_columns for text in path),
        amounts=tuple(amounts),
        inferred=tuple(inferred),
        unread=unread,
        titles=tuple(collapse_spaces(cell.text) for row in rows[:start] for cell in row.cells[:1] if not cell.is_empty),
    )


def merge_split_columns(table: SourceTable) -> SourceTable:
    """One column where the file's grid has two that no row fills both of (a gridline one row drew and others not).

    Word and LibreOffice give a table extra grid columns when a row's cell edge is a little off the others': a
    column's cells then stand in one of two narrow grid columns, row by row (``обласний бюджет │ │ інші джерела`` in
    the header, ``4 870,5 │ 1 350,0 │`` in the total row). Two real columns always share a row both fill (the header
    row naming them, or the rows of data), so only such slivers are merged; an empty column is left as it is.
    """
    width = max((len(row.cells) for row in table.rows), default=0)
    filled_rows: list[set[int]] = [set() for _ in range(width)]  # the rows each column has text in
    for number, row in enumerate(table.rows):
        for index, cell in enumerate(row.cells):
            if not cell.is_empty:
                filled_rows[index].add(number)
    groups: list[list[int]] = []
    rows_before: set[int] = set()  # the rows the last group has text in
    for column in range(width):
        rows_here = filled_rows[column]
        if groups and rows_here and rows_before and rows_here.isdisjoint(rows_before):
            groups[-1].append(column)
            rows_before |= rows_here
            continue
        groups.append([column] if rows_here else [column, -1])  # -1: an empty column, never merged with the next
        rows_before = set(rows_here)
    if len(groups) == width:
        return table
    rows = []
    for row in table.rows:
        cells = []
        for group in groups:
            taken = [row.cell(index) for index in group if index >= 0 and not row.cell(index).is_empty]
            cells.append(taken[0] if taken else row.cell(group[0]))
        rows.append(SourceRow(tuple(cells), row.location, row.break_before))
    return SourceTable(tuple(rows), table.index, table.dropped_header_rows)


def is_unreadable(text: str) -> bool:
    """A header cell with no word and no number in it: OCR noise (``~~``, ``|ı``), not a header a person wrote."""
    return not regex.search(r"\p{L}{3,}|\d{2,}", text)


def row_is_one_text(row: SourceRow) -> bool:
    """A full-width row (a section's title, a total's label): one text, maybe repeated by a merge."""
    return len({collapse_spaces(cell.text) for cell in row.cells if not cell.is_empty}) <= 1


# --- Columns by content ------------------------------------------------------------

# A cell holding only an item number: 1 · 1. · 1.1. · 2.10 · 3)
ITEM_NUMBER = regex.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*[.)]?\s*$")
# A term cell: 2019 · 2018 р. · 2017-2020 роки · 2019-2020 рр. · 2021–2023 · 2021-2025 роки · постійно · щороку ·
# щорічно · протягом року · І-IV квартали · ІІ квартал 2022 р. · 2021-2023, щороку (OCR may read І as I or 1)
TERM_YEARS = r"(?:19|20)\d{2}\s*(?:[-–—]\s*(?:19|20)?\d{2})?\s*(?:р\.?|рр\.?|рік|роки|року|років)?"
TERM_WORD = r"постійно|щороку|щорічно|щомісячно|щоквартально|протягом(?:\s+\S+){1,3}"
TERM_QUARTER = r"[IІVХ1]{1,4}\s*(?:[-–—]\s*[IІVХ1]{1,4}\s*)?(?:кв\.?|квартал\w*|півріччя)"
TERM_CELL = regex.compile(
    rf"^\s*(?:{TERM_YEARS}|{TERM_WORD}|{TERM_QUARTER})(?:\s*[,;]?\s*(?:{TERM_YEARS}|{TERM_WORD}|{TERM_QUARTER}))*\s*[.,]?\s*$",
    regex.IGNORECASE,
)
SHARE = 0.6  # the part of a column's filled cells that must agree for it to be told by content
# Kinds of cells that make a column even under a readable header naming nothing known, while no column has the role
# (a stamp or a signature over the header leaves letters): body names make the executors, terms make the term.
COVERABLE = {"executors": "executors", "term": "term"}
KIND_WORDS = {"term": "terms (years, year ranges, постійно, щороку, quarters)", "funding": "funding pairs (2021 р. - 10,0)"}


def content_kind(values: list[str]) -> str | None:
    """What a column's cells mostly hold: numbers, funding pairs, amounts, terms, bodies, sources or long texts."""
    if not values:
        return None

    def share(test: Callable[[str], object]) -> float:
        return sum(1 for value in values if test(value)) / len(values)

    if share(lambda value: ITEM_NUMBER.match(value)) >= SHARE:
        return "numbers"
    if share(lambda value: YEAR_AMOUNT.search(value)) >= SHARE:
        return "funding"
    if share(lambda value: TERM_CELL.match(value)) >= SHARE:
        return "term"
    if share(lambda value: parse_amount(grid.UNIT_WORDS.sub("", value)) is not None or grid.NO_AMOUNT.match(value)) >= SHARE:
        return "amounts"
    if share(lambda value: grid.source_label(value)) >= SHARE:
        return "sources"
    if share(lambda value: EXECUTOR_HEAD.match(value) or names_bodies(value)) >= SHARE:
        return "executors"  # body names: Відділ освіти · КП «Зеленбуд» · ЦНАП · Вільшанська сільська рада
    letters = sum(len(LETTER.findall(value)) for value in values) / len(values)
    if letters >= 20:
        return "texts"
    return None


def infer_by_content(
    data: list[SourceRow],
    columns: dict[str, int],
    amounts: list[AmountColumn],
    unmapped: dict[int, tuple[str, ...]],
    paths: tuple[tuple[str, ...], ...],
) -> list[tuple[int, str, str]]:
    """Give roles to columns their headers leave unknown, from what their cells hold; return what was inferred.

    Also moves a header that spans two columns (``Назва заходу`` over the
    number and the name; the parsers give its text to the first) to the column
    of long texts beside a column of item numbers.
    """
    kinds = {index: content_kind([collapse_spaces(row.cell(index).text) for row in data if not row.cell(index).is_empty])
             for index in range(len(paths))}  # fmt: skip
    inferred: list[tuple[int, str, str]] = []
    for spanning in ("measure", "direction"):
        column = columns.get(spanning)
        if column is None or kinds.get(column) != "numbers":
            continue
        neighbour = column + 1
        if neighbour in unmapped and kinds.get(neighbour) == "texts":
            columns[spanning] = neighbour
            del unmapped[neighbour]
            inferred.append((neighbour, spanning, f"the header over column {column + 1} spans it; its cells are long texts"))
            if "section_number" not in columns:
                columns["section_number"] = column
    taken = set(columns.values()) | {column.index for column in amounts}
    amount_years = sorted((column.coordinates.year, column.index) for column in amounts if column.coordinates.year)
    for index in sorted(unmapped):
        kind = kinds.get(index)
        covered = kind in COVERABLE and COVERABLE[kind] not in columns
        if index in taken or (any(regex.search(r"\p{L}{4,}", text) for text in unmapped[index]) and not covered):
            continue  # a readable header that names nothing known (``Примітка``) is reported, not guessed at
        # ... except over a column of body names (or of terms) while no column holds the executors (the term): a
        # signature or a stamp over ``Виконавці`` / ``Термін виконання`` leaves letters no header has (``(підпис)``,
        # ``ВиЕсоЦ``, ``Му рок Х / виконання``); the bodies (the year ranges) make the column
        role: str | None = {"numbers": "section_number", "term": "term", "sources": "sources", "executors": "executors",
                            "funding": "funding"}.get(kind or "")  # fmt: skip
        if kind == "texts":
            role = next((name for name in ("measure", "result") if name not in columns), None)
            if role == "result" and index < columns.get("measure", index):
                role = "direction" if "direction" not in columns else None
        if kind == "amounts":
            amounts.append(inferred_amount_column(index, amount_years, data, amounts))
            inferred.append((index, "amount", describe(amounts[-1])))
            del unmapped[index]
            continue
        if role is None or role in columns:
            continue
        columns[role] = index
        header = " / ".join(collapse_spaces(text) for text in unmapped.pop(index))
        why = (
            f"its cells hold {KIND_WORDS.get(kind or '', kind)}"
            if role != "executors"
            else "its cells name bodies (відділ, управління, КП, рада …)"
        )
        inferred.append((index, role, f"{why}; its header {header!r} names no known column" if header else why))
        if role == "funding":
            amounts.append(AmountColumn(index, header=" / ".join(paths[index])))
    return inferred


def describe(column: AmountColumn) -> str:
    if column.total:
        return "its figures are the row sums of the year columns: a total"
    if column.coordinates.year is not None:
        return f"it stands between the year columns: {column.coordinates.year}"
    return "its cells hold amounts"


def inferred_amount_column(
    index: int, years: list[tuple[int, int]], data: list[SourceRow], amounts: list[AmountColumn]
) -> AmountColumn:
    """An amount column with no readable header: the year it stands between, the total of the years, or plain."""
    for (year, column), (next_year, next_column) in zip(years, years[1:], strict=False):
        if column < index < next_column and next_year - year == next_column - column:
            return AmountColumn(index, Coordinates(year=year + index - column), header=f"({year + index - column})")
    if years:
        year_columns = [column for _, column in years]
        sums = agreeing = 0
        for row in data:
            value = parse_amount(collapse_spaces(row.cell(index).text))
            if value is None:
                continue
            parts = [parse_amount(collapse_spaces(row.cell(column).text)) for column in year_columns]
            sums += 1
            agreeing += sum(part for part in parts if part is not None) == value
        if sums and agreeing * 2 >= sums:
            return AmountColumn(index, total=True, header="(Всього)")
        last_year, last_column = years[-1]
        if index == last_column + 1:
            return AmountColumn(index, Coordinates(year=last_year + 1), header=f"({last_year + 1})")
    return AmountColumn(index, header="")


def is_repeated_header(row: SourceRow, column_map: ColumnMap) -> bool:
    """A header row repeated at the top of a later page.

    Asked of every data row, so it stays cheap: the header's own texts first,
    then keywords; the fuzzy near-miss matching is for the first header only.
    """
    if is_column_numbers_row(row) or (column_map.has_year_columns and is_years_row(row)):
        return True
    texts = [cell.text for cell in row.cells if not cell.is_empty]
    if any(DECIMAL.search(text) for text in texts):
        return False  # a header holds no amounts
    known = {squeeze(text).lower() for text in column_map.header_texts}
    if sum(1 for text in texts if squeeze(text).lower() in known) >= max(2, len(texts) // 2):
        return True
    roles = [keyword_role(text) for text in texts]
    return sum(1 for role in roles if role) >= max(2, len(column_map.columns) // 2)


def header_text(table: SourceTable, columns: ColumnMap, role: str) -> str:
    """The header rows' text above the column of ``role`` (empty when the table has none)."""
    column = columns.get(role)
    if column is None:
        return ""
    return " ".join(row.cell(column).text for row in table.rows[: columns.header_rows])


def all_header_text(table: SourceTable, columns: ColumnMap) -> str:
    """Every header row's text, for what no single column says (a unit over the year columns)."""
    return " ".join(cell.text for row in table.rows[: columns.header_rows] for cell in row.cells)

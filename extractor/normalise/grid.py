"""A table's money as a grid: every amount cell with its coordinates, every total checked.

A person reads the funding part of an annex by coordinates: the header path
above an amount names its year, source, expense type or says it is a total;
the row it stands in names its measure and maybe an executor, a source or a
year. This module is the one place where that is done, for every layout::

    header path of a column                                        coordinates
    Орієнтовні обсяги фінансування (тис.грн.)                      (none: years in the cell)
    Обсяги фінансування, тис. грн / у тому числі за роками / 2021   year 2021
    Обсяги фінансування, тис. грн / Всього                          total
    Орієнтовні обсяги фінансування (тис.грн.) / Облас-ний бюджет    source "Обласний бюджет"
    Обсяг фінансування, тис. гривень / у тому числі /
        поточні витрати / науково-дослідні роботи / інші джерела    expense "поточні витрати: науково-дослідні
                                                                    роботи", source "інші джерела"
    Обсяги видатків на 2011р., грн.                                 year 2011 (a one-year header)
    Сума коштів, тис.грн.                                           (none: a plain amount)

and cells, each read into figures (``read_cell``)::

    2017р.-34,0 2018р.-34,0                      two records, years from the cell
    5528,70 · 0,00 · 20 000 · 32,890             one record each (a written zero too)
    -                                            no amount
    1195763,8 (у тому числі: із обласного бюджету – 1190740,3; …)
                                                 a declared total and per-source declared totals
    230883,3 – 229312,9; – 1315,4; – 255,0       a declared total and parts, matched in order to
                                                 the sources of the row's labelled breakdown

A figure of a total column (``Всього``, ``Усього``, ``Разом``; an amount column
beside year columns, whose years are its parts), of a total row, or the head
of a breakdown is never a record: it is a declared figure, checked against the
records it covers (``check_declared``). Pure functions over strings: the
normaliser's other modules hand cells in and get coordinates out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

import regex
from rapidfuzz.distance import Levenshtein

from ..model import FundingRecord
from .funding import (
    AMOUNT,
    DASHES,
    NOT_REQUIRED,
    SEPARATE_PROGRAMME,
    YearAmount,
    amount_in_uah,
    parse_amount,
    parse_funding_cell,
    to_decimal,
)
from .text import collapse_spaces, glue_compound_hyphens, undo_hyphenation

# --- Header labels ---------------------------------------------------------------

# OCR misreads of digits in a year header: 2O21 (Latin or Cyrillic O), 202l, 2О2З
OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "О": "0", "о": "0", "l": "1", "I": "1", "І": "1", "З": "3", "B": "8"})
YEAR_TOKEN = regex.compile(r"(?<![\p{L}\d])[0-9OoОоlIІЗB]{4}(?![\p{L}\d])")

# A year column's header: 2021 · 2021 рік · 2021 р. · 2021р · у 2022 році · на 2023 рік · 2024 (тис. грн)
YEAR_LABEL = regex.compile(
    r"""^(?:(?:у|в|на)\s+)?
    (?P<year>(?:19|20)\d{2})
    \s*(?:р\.?|рік|року|році|рр\.?)?\s*[.,:]?\s*
    (?:\(?\s*(?:тис\.?\s*)?(?:грн|гривень)\.?\s*\)?)?$""",
    regex.VERBOSE | regex.IGNORECASE,
)
# A total column's or row label's header: Всього · Усього · Разом · усього, тис. грн · Всього за роками
TOTAL_LABEL = regex.compile(
    r"^(?:всього|усього|разом|загалом)\b\s*[.,:]?\s*(?:за\s+роками|по\s+програмі)?\s*[.,:]?\s*"
    r"(?:\(?\s*(?:тис\.?\s*)?(?:грн|гривень)\.?\s*\)?)?$",
    regex.IGNORECASE,
)
# A funding source named in a header or a row label: Обласний бюджет · Інші джерела фінансування ·
# Субвенція з державного бюджету · Бюджети сіл, селищ, міст територіальних громад · Кошти інвесторів
SOURCE_LABEL = regex.compile(
    r"""^\(?\s*(?:
        (?:державн|обласн|районн|міськ|місцев|сільськ|селищн)\w*\s+бюджет
      | бюджет\w*\s+(?:сіл|міст|громад|територіальн|об'єднан|ОТГ|району|області|міста)
      | бюджет\s+\S+\s+(?:територіальн\w*\s+)?громад
      | субвенці | дотаці
      | інш\w*\s+(?:джерел|кошт)
      | кошти\b | власні\s+кошти | позабюджетн | спонсорськ | благодійн | кредит | інвестиці | фонд\w*\s+
    )""",
    regex.VERBOSE | regex.IGNORECASE,
)
# An expense type: капітальні вкладення · поточні витрати · науково-дослідні роботи · інші потреби
EXPENSE_LABEL = regex.compile(
    r"^(?:капітальн\w*\s+(?:вкладен|видат)|поточн\w*\s+(?:витрат|видат)|науково-?\s*дослідн|інш\w*\s+потреб"
    r"|видатки\s+(?:споживання|розвитку)|оплата\s+праці|капітальн\w*\s+ремонт|придбання\s+обладнан)",
    regex.IGNORECASE,
)
# Header cells that only group the cells below: у тому числі · у тому числі за роками · за роками · тис. грн
GROUPING_LABEL = regex.compile(
    r"^(?:у\s+тому\s+числі|в\s+тому\s+числі|в\s*т\.\s*ч\.?|у\s*т\.\s*ч\.?|з\s+них)?[\s,:]*"
    r"(?:(?:за|по)\s+рок(?:ами|ах)|роки|(?:за|по)\s+джерелами(?:\s+фінансування)?|"
    r"\(?\s*тис\.?\s*(?:грн|гривень)\.?\s*\)?|\(?\s*(?:грн|гривень)\.?\s*\)?)?[\s.:,]*"
    r"(?:\(?\s*тис\.?\s*(?:грн|гривень)\.?\s*\)?)?[\s.:]*$",
    regex.IGNORECASE,
)
# One year in an amount header: "Обсяги видатків на 2011р., грн." (a range names none)
ONE_YEAR = regex.compile(r"(?<![\d\-–—])(?P<year>(?:19|20)\d{2})(?!\s*[\-–—]\s*(?:19|20)?\d{2})(?!\d)")
YEAR_RANGE = regex.compile(r"(?:19|20)\d{2}\s*[\-–—]\s*(?:(?:19|20)\d{2}|\d{2})\b|(?:19|20)\d{2}\s+(?:19|20)\d{2}")


def label_text(text: str) -> str:
    """A header cell or row label as one line, hyphenation undone: ``Облас-\\nний бюджет`` → ``Обласний бюджет``."""
    return glue_compound_hyphens(collapse_spaces(undo_hyphenation(text)))  # Експлуатаційно\n-технічне glued


def ocr_year_digits(text: str) -> str:
    """A short header with OCR look-alikes in its year mapped to digits (``2O21 рік`` → ``2021 рік``)."""
    if len(text) > 16:
        return text
    return YEAR_TOKEN.sub(lambda m: m[0].translate(OCR_DIGITS) if sum(c.isdigit() for c in m[0]) >= 2 else m[0], text)


def year_label(text: str) -> int | None:
    """The year a year column's (or year row's) label names (``2021 рік``), if it is one."""
    match = YEAR_LABEL.match(ocr_year_digits(collapse_spaces(text)))
    return int(match["year"]) if match else None


# OCR specks at a short label's ends: a quote, a bar or a tilde after it, a lone digit or mark before it
# (``Всього, "``, ``7 у тому числі за роками``, ``| Разом``); a label is tried as read first, then without them.
LABEL_SPECKS = regex.compile(r"^(?:[^\p{L}\d\s(]{1,3}|\d)\s+(?=\p{L})|[\s\"'«»|~_*]+$")


def without_specks(text: str) -> str:
    return LABEL_SPECKS.sub("", text) if len(text) <= 60 else text


def is_total_label(text: str) -> bool:
    flat = collapse_spaces(text)
    return bool(TOTAL_LABEL.match(flat) or TOTAL_LABEL.match(without_specks(flat)))


# A word a narrow header cell broke with no hyphen, its last letters alone on the next line: обласни / й бюджет
BROKEN_WORD = regex.compile(r"(?<=\p{Ll})\s*\n\s*(?=\p{Ll}{1,2}(?:\s|$))")


def label_variants(text: str) -> tuple[str, str]:
    """A label as written, and with a word a narrow cell broke without a hyphen rejoined (tried second)."""
    return label_text(text), label_text(BROKEN_WORD.sub("", text))


def source_label(text: str) -> str | None:
    """The funding source a header or row label names, as written (hyphenation undone), if it names one.

    A label with a letter or two misread (OCR: ``Державиий бюджет``, ``Місцевий бюджег``) names its source too;
    it is returned as read (``source_nominative`` gives the name spelt right).
    """
    for cleaned in label_variants(text):
        cleaned = cleaned.strip(" :;")
        if cleaned and SOURCE_LABEL.match(cleaned):
            return cleaned.strip("()").strip() or None
    if len(text) <= SPELLING_MAX_LENGTH:
        for cleaned in label_variants(text):
            cleaned = cleaned.strip(" :;")
            corrected = source_spelling(cleaned)
            if corrected != cleaned and SOURCE_LABEL.match(corrected):
                return SPECKS_AFTER.sub("", cleaned.lstrip("(")).strip() or None  # ``Держаниий бюджет .)``: no ``.)``
    return None


# The words of source names, every form a label uses (державний, державного, державних, … бюджет, бюджету, …): a word
# of a label one letter off one of them (two for long words), and itself none of them, is that word misread (OCR).
SOURCE_STEMS = ("державн", "обласн", "районн", "міськ", "місцев", "сільськ", "селищн", "бюджетн", "позабюджетн")
ADJECTIVE_ENDINGS = ("ий", "ій", "ого", "ому", "им", "ім", "их", "іх", "ими", "іми", "і", "ої", "ій", "а", "я", "у", "ою",
                     "е", "ої", "ього", "ьому", "ьої")  # fmt: skip
SOURCE_WORDS = frozenset(
    [stem + ending for stem in SOURCE_STEMS for ending in ADJECTIVE_ENDINGS]
    + ["бюджет", "бюджету", "бюджеті", "бюджетом", "бюджети", "бюджетів", "бюджетам", "бюджетах", "субвенція",
       "субвенції", "субвенцій", "субвенцію", "дотація", "дотації", "дотацій", "джерела", "джерел", "кошти", "коштів"]
)  # fmt: skip
SOURCE_WORDS_BY_LETTER = {
    letter: tuple(sorted(word for word in SOURCE_WORDS if word[0] == letter)) for letter in {word[0] for word in SOURCE_WORDS}
}  # a misread word is looked for among the words of its first letter
SPELLING_MAX_LENGTH = 120  # longer texts are measures, not labels
SPECKS_AFTER = regex.compile(r"(?<=\p{L})[\s.,;:()|~_*\"'«»]+$")  # OCR specks after a misread label's last word
SOURCE_WORD = regex.compile(r"\p{L}{6,}")


@lru_cache(maxsize=4096)
def source_spelling(text: str) -> str:
    """``text`` with the words of source names a letter or two off spelt right (``Державиий бюджег`` → ``Державний
    бюджет``); a word spelt right, or no near-miss of a source word, stays as it is."""

    def fix(match: regex.Match[str]) -> str:
        word = match[0]
        lower = word.lower()
        if lower in SOURCE_WORDS:
            return word
        # a speck or two read as letters before a whole word (``дубюджет``); of two, the longer word
        glued = next((lower[cut:] for cut in (1, 2) if len(lower) - cut >= 6 and lower[cut:] in SOURCE_WORDS), None)
        if glued is not None:
            return glued
        allowed = 1 if len(lower) <= 8 else 2
        # nearest first; of equals, the one the word begins (a last letter lost: Місцеви → місцевий, not місцева)
        best = min(
            ((Levenshtein.distance(lower, known, score_cutoff=allowed), not known.startswith(lower), known)
             for known in SOURCE_WORDS_BY_LETTER.get(lower[0], ()) if abs(len(known) - len(lower)) <= allowed),
            default=None,
        )  # fmt: skip
        if best is None or best[0] > allowed:
            return word
        known = best[2]
        return known[:1].upper() + known[1:] if word[:1].isupper() else known

    return SOURCE_WORD.sub(fix, text)


# A source's name for summing by source (``source_nominative``): the head phrase in the nominative, as a source column
# heads it. Genitive adjectives and the nouns a source's name is headed by; "кошти" before a budget's name goes.
# Endings in the order tried: середнього → середній, обласного → обласний, місцевих → місцеві, середніх → середні,
# освітньої → освітня, медичної → медична.
GENITIVE_ADJECTIVE = (("нього", "ній"), ("ого", "ий"), ("іх", "і"), ("их", "і"), ("ьої", "я"), ("ої", "а"))
GENITIVE_NOUNS = {
    "бюджету": "бюджет", "бюджетів": "бюджети", "коштів": "кошти", "джерел": "джерела", "фонду": "фонд",
    "фондів": "фонди", "субвенції": "субвенція", "субвенцій": "субвенції", "дотації": "дотація", "кредиту": "кредит",
    "кредитів": "кредити", "надходжень": "надходження", "інвестицій": "інвестиції", "внесків": "внески",
    "грантів": "гранти",
}  # fmt: skip
FUNDS_WORD = regex.compile(r"^(?:кошти|коштів)\s+", regex.IGNORECASE)
SOURCE_PREPOSITION = regex.compile(r"^(?:із|з|зі|за\s+рахунок)\s+", regex.IGNORECASE)


def nominative_head(words: list[str]) -> list[str] | None:
    """The words with their head phrase (adjectives, then the noun) in the nominative; None when it is no genitive."""
    found = list(words)
    index = 0
    while index < len(found):
        lower = found[index].lower()
        ending = next((pair for pair in GENITIVE_ADJECTIVE if lower.endswith(pair[0]) and len(lower) > len(pair[0]) + 2), None)
        if ending is None:
            break
        found[index] = found[index][: -len(ending[0])] + ending[1]
        index += 1
    word = found[index] if index < len(found) else ""
    noun = word.rstrip(",;:.").lower()  # the head noun may end a clause: інших джерел, не заборонених …
    if noun not in GENITIVE_NOUNS:
        return None
    found[index] = GENITIVE_NOUNS[noun] + word[len(noun) :]
    return found


def source_nominative(source: str) -> str:
    """A funding source's name in the nominative, capitalised, the way a source column heads it.

    ``із обласного бюджету`` → ``Обласний бюджет`` (an in-cell breakdown), ``місцевих бюджетів`` → ``Місцеві
    бюджети``, ``Кошти міського бюджету`` → ``Міський бюджет``, ``інші джерела`` → ``Інші джерела``; a name
    already in the nominative only gets its capital (``обласний бюджет`` → ``Обласний бюджет``).
    """
    name = collapse_spaces(SOURCE_PREPOSITION.sub("", collapse_spaces(source).strip(" –—-:;,.")))
    if len(name) <= SPELLING_MAX_LENGTH:
        spelt = source_spelling(name)  # a word misread (OCR: Державиий бюджет) spelt right; a right one is kept
        if spelt != name:
            name = SPECKS_AFTER.sub("", spelt) if "(" not in spelt else spelt
    bare = FUNDS_WORD.sub("", name)
    # "Кошти міського бюджету": the budget's name; "коштів інвесторів": "кошти" is the head itself
    for words in ([bare] if bare != name else []) + [name]:
        if (converted := nominative_head(words.split(" "))) is not None:
            name = " ".join(converted)
            break
    return name[:1].upper() + name[1:]


def expense_label(text: str) -> str | None:
    for cleaned in label_variants(text):
        cleaned = cleaned.strip(" :;,")
        if EXPENSE_LABEL.match(cleaned):
            return cleaned
    return None


def is_grouping_label(text: str) -> bool:
    flat = collapse_spaces(text)
    trimmed = without_specks(flat)
    return bool(GROUPING_LABEL.match(flat) or (trimmed and GROUPING_LABEL.match(trimmed)))


def one_year(text: str) -> int | None:
    """The single year an amount header names (``на 2011р.``); None for none, a range or several."""
    flat = collapse_spaces(text)
    if YEAR_RANGE.search(flat):
        return None
    years = {int(match["year"]) for match in ONE_YEAR.finditer(flat)}
    return years.pop() if len(years) == 1 else None


def is_amount_label(text: str) -> bool:
    """A header cell that only names an amount's coordinate (a year, a total, a source, an expense type)."""
    return bool(year_label(text) or is_total_label(text) or source_label(text) or expense_label(text))


def header_paths(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Each column's header path, top to bottom (texts as written), from header rows whose merged cells hold their text once.

    A merged cell's text stands in its first grid column (the way the parsers
    give it); the columns to its right that are empty in that row belong to it
    while they have header text further down and stay under the same cell of
    the row above. A column empty in every header row has an empty path.
    """
    width = max((len(row) for row in rows), default=0)
    grid = [[row[index].strip() if index < len(row) else "" for index in range(width)] for row in rows]
    owner: list[tuple[int, int] | None] = [None] * width  # the deepest header cell covering each column so far
    paths: list[list[str]] = [[] for _ in range(width)]
    for depth, texts in enumerate(grid):
        below = [any(grid[deeper][column] for deeper in range(depth + 1, len(grid))) for column in range(width)]
        current: list[tuple[int, int] | None] = list(owner)
        start: int | None = None
        for column in range(width):
            if texts[column]:
                start = column
                current[column] = (depth, column)
                paths[column].append(texts[column])
            elif start is not None and below[column] and owner[column] == owner[start]:
                current[column] = (depth, start)
                paths[column].append(texts[start])
            else:
                start = None
        owner = current
    return tuple(tuple(path) for path in paths)


@dataclass(frozen=True)
class Heading:
    """What a column's header path says: an amount column's coordinates, or nothing of money."""

    amount: bool = False  # the column holds amounts
    funding: bool = False  # a funding header (``Обсяги фінансування …``, ``Сума коштів``) is on the path
    year: int | None = None
    source: str | None = None
    expense: str | None = None
    total: bool = False


def heading(path: Sequence[str], funding_header: Callable[[str], bool] | None = None) -> Heading:
    """Read a header path into an amount column's coordinates.

    ``funding_header`` tells a funding header (the column roles live in
    ``columns.py``); a path is an amount column when it
    has a year, a source, an expense type, a total or a funding header on it.
    """
    year: int | None = None
    source: str | None = None
    expenses: list[str] = []
    total = funding = False
    for text in path:
        if (found := year_label(text)) is not None:
            year = found
        elif is_total_label(text):
            total = True
        elif (named := source_label(text)) is not None:
            source = named
        elif (expense := expense_label(text)) is not None:
            expenses.append(expense)
        elif funding_header is not None and funding_header(text):
            funding = True
            year = year if year is not None else one_year(text)
    amount = funding or total or year is not None or source is not None or bool(expenses)
    return Heading(amount, funding, year, source, ": ".join(expenses) or None, total)


# --- Coordinates and figures -------------------------------------------------------


@dataclass(frozen=True)
class Coordinates:
    """Where an amount stands in the grid, besides its measure."""

    year: int | None = None
    source: str | None = None
    executor: str | None = None
    expense: str | None = None

    def merged(self, other: Coordinates) -> Coordinates:
        """These coordinates, with the ones ``other`` sets where these have none."""
        return Coordinates(
            self.year if self.year is not None else other.year,
            self.source if self.source is not None else other.source,
            self.executor if self.executor is not None else other.executor,
            self.expense if self.expense is not None else other.expense,
        )


@dataclass(frozen=True)
class AmountColumn:
    """A grid column that holds amounts, with the coordinates its header path gives."""

    index: int
    coordinates: Coordinates = Coordinates()
    total: bool = False  # a total column: its figures are declared, never records
    header: str = ""  # the header path, joined


@dataclass(frozen=True)
class Figure:
    """One number read from the grid: a record, or (``declared``) a stated total over the records it covers."""

    coordinates: Coordinates
    amount: Decimal  # in the document's unit, as written
    raw: str
    column: int | None = None
    declared: bool = False
    label: str = ""  # a declared figure's wording: the column header, the row label or "у тому числі: …"
    mergeable: bool = False  # a lone figure of a total column: it may stand in a cell merged down over rows


@dataclass(frozen=True)
class CellMoney:
    """A cell read: its figures, the in-cell sub-items' groups (``в т.ч.``), and what was not read."""

    figures: tuple[Figure, ...] = ()
    subitem_groups: tuple[tuple[YearAmount, ...], ...] = ()
    has_subitem_marker: bool = False
    leftover: str = ""  # text that is neither an amount, a marker, a unit word nor a funding status
    status_text: str = ""  # Фінансування не потребує · За окремою програмою
    no_amount: bool = False  # the cell says so: a lone dash
    parts_unlabelled: tuple[Figure, ...] = ()  # positional sub-amounts still waiting for their sources
    breakdown_sources: tuple[str, ...] = ()  # the sources a labelled breakdown names, in order


# A breakdown inside one cell: 1195763,8 (у тому числі: із обласного бюджету – 1190740,3; …; інші джерела – 1185,0)
BREAKDOWN = regex.compile(
    rf"""^\s*(?P<head>{AMOUNT.replace("(?P<amount>", "(?:")})\s*
    \(\s*(?:у|в)\s+(?:тому\s+числі|т\.\s*ч\.)\s*:?\s*(?P<parts>.+?)\s*\)?\s*[.;]?\s*$""",
    regex.VERBOSE | regex.DOTALL,
)
BREAKDOWN_PART = regex.compile(
    rf"""(?P<label>[^;{DASHES}\d][^;]*?)\s*[{DASHES}:]\s*{AMOUNT}\s*(?:;|$)""",
    regex.VERBOSE,
)
# Positional sub-amounts of a year cell, in the order of the row's breakdown: 230883,3 – 229312,9; – 1315,4; – 255,0
POSITIONAL = regex.compile(
    rf"""^\s*(?P<head>{AMOUNT.replace("(?P<amount>", "(?:")})\s*
    (?P<parts>(?:[{DASHES}]\s*{AMOUNT.replace("(?P<amount>", "(?:")}\s*[;,]?\s*){{2,}})$""",
    regex.VERBOSE,
)
POSITIONAL_PART = regex.compile(rf"[{DASHES}]\s*{AMOUNT}", regex.VERBOSE)
# "із обласного бюджету" → "обласного бюджету": the preposition of a breakdown's label
LABEL_PREPOSITION = regex.compile(r"^(?:із|з|зі|за\s+рахунок(?:\s+коштів)?|кошти)\s+", regex.IGNORECASE)
# Unit words a lone amount may carry: 150,0 тис. грн · 2 000 грн.
UNIT_WORDS = regex.compile(r"\s*(?:тис\.?\s*)?(?:грн|гривень)\.?\s*$", regex.IGNORECASE)
NO_AMOUNT = regex.compile(rf"^\s*[{DASHES}]+\s*$|^\s*$")


def breakdown_label(text: str) -> str:
    return LABEL_PREPOSITION.sub("", label_text(text).strip(" ,;:")).strip()


@lru_cache(maxsize=4096)  # rows.py asks whether a row has money, measures.py then reads it: one parse per cell
def read_cell(text: str, column: AmountColumn) -> CellMoney:
    """Read one amount cell into figures with the coordinates its column gives.

    Any amount column may hold years in its cells (``2019 р. – 18,00``); those
    years override nothing the column names but fill what it leaves open.
    """
    flat = collapse_spaces(text)
    if NO_AMOUNT.match(flat):
        return CellMoney(no_amount=bool(flat))
    base = column.coordinates
    declared = column.total
    amount = parse_amount(UNIT_WORDS.sub("", flat))
    if amount is not None:
        label = column.header if declared else ""
        return CellMoney(figures=(Figure(base, amount, flat, column.index, declared, label, mergeable=declared),))
    breakdown = BREAKDOWN.match(flat)
    if breakdown:
        head = Figure(base, to_decimal(breakdown["head"]), flat, column.index, True, column.header or "у тому числі")
        parts = tuple(
            Figure(
                replace(base, source=breakdown_label(part["label"])),
                to_decimal(part["amount"]),
                collapse_spaces(part[0]).rstrip(";"),
                column.index,
                declared,
                column.header if declared else "",
            )
            for part in BREAKDOWN_PART.finditer(breakdown["parts"])
        )
        if parts:
            names = tuple(part.coordinates.source or "" for part in parts)
            return CellMoney(figures=(head, *parts), breakdown_sources=names)
    positional = POSITIONAL.match(flat)
    if positional:
        head = Figure(base, to_decimal(positional["head"]), flat, column.index, True, column.header or "у тому числі")
        parts = tuple(
            Figure(base, to_decimal(part["amount"]), collapse_spaces(part[0]), column.index, declared)
            for part in POSITIONAL_PART.finditer(positional["parts"])
        )
        return CellMoney(figures=(head,), parts_unlabelled=parts)
    cell = parse_funding_cell(text)
    figures = [
        Figure(Coordinates(year=pair.year).merged(base) if base.year is None else base, pair.amount, pair.raw, column.index,
               declared, column.header if declared else "")
        for pair in cell.records
    ]  # fmt: skip
    if cell.stated_total is not None:
        figures.append(Figure(base, cell.stated_total, flat, column.index, True, "Всього"))
    status = flat if NOT_REQUIRED.search(flat) or SEPARATE_PROGRAMME.search(flat) else ""
    return CellMoney(
        figures=tuple(figures),
        subitem_groups=cell.subitem_groups,
        has_subitem_marker=cell.has_subitem_marker,
        leftover=cell.leftover,
        status_text=status,
    )


@dataclass(frozen=True)
class RowMoney:
    """A row's amount cells read: records and declared figures with all their coordinates."""

    records: tuple[Figure, ...] = ()
    declared: tuple[Figure, ...] = ()
    subitem_groups: tuple[tuple[YearAmount, ...], ...] = ()
    has_subitem_marker: bool = False
    leftovers: tuple[tuple[AmountColumn, str], ...] = ()  # (column, text not read) per cell
    status_text: str = ""
    said_none: bool = False  # every filled amount cell is a lone dash
    unmatched_parts: int = 0  # positional sub-amounts that found no source to belong to


def read_row(
    cells: Mapping[int, str],
    columns: Sequence[AmountColumn],
    row: Coordinates = Coordinates(),
    sources: Sequence[str] = (),
    total_row: bool = False,
) -> RowMoney:
    """Read a row's amount cells (``cells``: column index → text) into records and declared figures.

    ``row`` holds what the row itself names (an executor, a source, a year);
    ``sources`` the measure's own sources, in order, for positional
    sub-amounts when the row has no labelled breakdown. Every figure of a
    total row (``total_row``) is declared.
    """
    readings = [(column, read_cell(cells.get(column.index, ""), column)) for column in columns]
    labelled = next((money.breakdown_sources for _, money in readings if money.breakdown_sources), ())
    order = list(labelled) or list(sources)
    records: list[Figure] = []
    declared: list[Figure] = []
    unmatched = 0
    for _, money in readings:
        parts = money.parts_unlabelled
        if parts and len(parts) == len(order):
            named = zip(parts, order, strict=True)
            parts = tuple(replace(part, coordinates=replace(part.coordinates, source=name)) for part, name in named)
        elif parts:
            unmatched += len(parts)
        for figure in (*money.figures, *parts):
            figure = replace(figure, coordinates=figure.coordinates.merged(row))
            if figure.declared or total_row:
                declared.append(replace(figure, declared=True))
            else:
                records.append(figure)
    filled = [money for _, money in readings if money.figures or money.leftover or money.status_text or money.no_amount]
    in_cell = next(((money.subitem_groups, money.has_subitem_marker) for _, money in readings if money.has_subitem_marker
                    or money.subitem_groups), ((), False))  # fmt: skip
    return RowMoney(
        records=tuple(records),
        declared=tuple(declared),
        subitem_groups=in_cell[0],
        has_subitem_marker=in_cell[1],
        leftovers=tuple((column, money.leftover) for column, money in readings if money.leftover),
        status_text=" ".join(money.status_text for _, money in readings if money.status_text),
        said_none=bool(filled) and all(money.no_amount for money in filled),
        unmatched_parts=unmatched,
    )


def record(figure: Figure, unit: str | None) -> FundingRecord:
    """A record figure as a ``FundingRecord``; ``amount_uah`` None when the document states no unit."""
    where = figure.coordinates
    return FundingRecord(
        year=where.year,
        amount=figure.amount,
        amount_uah=amount_in_uah(figure.amount, unit) if unit else None,
        raw=figure.raw,
        source=where.source,
        executor=where.executor,
        expense=where.expense,
        source_nominative=None if where.source is None else source_nominative(where.source),
    )


# --- Declared figures and their checks ---------------------------------------------


def source_key(name: str) -> tuple[str, ...]:
    """A funding source's name reduced to its word stems: ``Кошти міського бюджету`` ~ ``міський бюджет``."""
    words = regex.findall(r"\p{L}{3,}", undo_hyphenation(name).lower())
    return tuple(word[:5] for word in words if word not in ("кошти", "коштів", "коштами", "рахунок", "інших"))


@dataclass(frozen=True)
class Covered:
    """A record a declared figure may cover: its amount, coordinates, and the measure it belongs to."""

    amount: Decimal
    coordinates: Coordinates
    measure: str | None = None


def covers(figure: Coordinates, item: Coordinates) -> bool:
    """A declared figure covers a record whose coordinates agree on every coordinate the figure names."""
    return (
        (figure.year is None or figure.year == item.year)
        and (figure.expense is None or figure.expense == item.expense)
        and (figure.executor is None or figure.executor == item.executor)
        and (figure.source is None or (item.source is not None and source_key(item.source) == source_key(figure.source)))
    )


@dataclass(frozen=True)
class Check:
    """A declared figure held against what it covers."""

    status: str  # matched | mismatch | unchecked
    computed: Decimal | None
    count: int  # records covered


def check_declared(
    figure: Figure, candidates: Iterable[Covered], missing: Sequence[str] = (), require_source: bool = False
) -> Check:
    """Check a declared figure against the sum of the candidates it covers.

    ``missing`` lists measures the figure covers but the table does not show
    (a restated fragment's numbering gaps): a figure above the sum then says
    the check could not close, not that the document is wrong. A figure of one
    source that no record carries (``require_source``) cannot be checked.
    """
    covered = [item for item in candidates if covers(figure.coordinates, item.coordinates)]
    computed = sum((item.amount for item in covered), Decimal(0))
    if not covered and (require_source or figure.coordinates.source is not None):
        return Check("unchecked", None, 0)
    if computed == figure.amount:
        return Check("matched", computed, len(covered))
    if missing and computed < figure.amount:
        return Check("unchecked", computed, len(covered))
    return Check("mismatch", computed, len(covered))


NUMBER_PARTS = regex.compile(r"^\d+(?:\.\d+)*$")


def numbering_gaps(ids: Iterable[str], whole: bool = True) -> list[str]:
    """Numbers a run of measure ids skips (``1.1, 1.3, 1.4`` skips ``1.2``); ids follow the document, never renumbered.

    Inside a section numbers count from 1; the sections themselves count from
    1 for the whole table (a fragment restating section 3 alone skips 1 and
    2), from the first one listed for a part of it (``whole`` False).
    """
    by_parent: dict[str, set[int]] = {}
    for measure_id in ids:
        if not NUMBER_PARTS.match(measure_id):
            continue
        parts = measure_id.split(".")
        for depth in range(1, len(parts) + 1):  # every level is present: 1.3 shows section 1 and number 3 in it
            by_parent.setdefault(".".join(parts[: depth - 1]), set()).add(int(parts[depth - 1]))
    gaps = []
    for parent, present in by_parent.items():
        for number in range(1 if parent or whole else min(present), max(present)):
            if number not in present:
                gaps.append(f"{parent}.{number}" if parent else str(number))
    return gaps


@dataclass(frozen=True)
class Extent:
    """A declared figure of a total column, merged down over the rows below it until the column is filled again."""

    figure: Figure
    rows: list[list[Covered]] = field(default_factory=list)  # the records of each row it may cover, its own first
    measures: list[str] = field(default_factory=list)
    # what the figure totals over several rows: its column's coordinates alone (the first row's executor or
    # source is not the merged cell's: a task's total covers every executor row of its measures)
    column_coordinates: Coordinates | None = None

    def spanning_figure(self) -> Figure:
        if self.column_coordinates is None:
            return self.figure
        return replace(self.figure, coordinates=self.column_coordinates)


def resolve_extent(extent: Extent, missing: Sequence[str] = ()) -> tuple[Check, int]:
    """Check a merged-down total: over its own row when that closes, else over every row it spans.

    Parsers do not keep a vertical merge, so a total column's empty cells below
    a figure may be the same merged cell (a task's total over its measures) or
    rows with no total of their own. Returns the check and the rows it covered.
    """
    own = check_declared(extent.figure, extent.rows[0]) if extent.rows else Check("unchecked", None, 0)
    if own.status == "matched" or len(extent.rows) < 2:
        return own, 1
    spanned = check_declared(extent.spanning_figure(), [item for row in extent.rows for item in row], missing)
    if spanned.status == "matched" or spanned.status == "unchecked" or not own.count:
        return spanned, len(extent.rows)
    return own, 1

"""Funding cells into year/amount records, with exact decimals.

Real cells this module reads (all from published annexes)::

    2017р.-34,0 2018р.-34,0 2019р.-34,0 2020р.-34,0     year glued to р., hyphen
    2019 р. – 18,00                                      spaced р., en dash
    2019 р.- 2,00                                        hyphen, space after it
    2020р.-00,0                                          a written zero
    2019р.-25,401  2020р.-133,100                        three decimals
    2021 рік — 2 000,0                                   рік, em dash, space thousands
    2022 р. - 1 500                                      NBSP thousands, no decimals
    в т.ч.: 2019 р. – 18,00 2020 р. – 25,00 2019 р.- 2,00 2020 р. – 2,00
                                                         sub-items' amounts, in order

Amounts are in the document's unit (usually thousand UAH); ``amount_uah``
converts them. Nothing here raises on odd text: what is not read is returned
as leftover text for the caller to turn into a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

import regex

UNIT_FACTORS = {"thousand_uah": Decimal(1000), "uah": Decimal(1)}

DASHES = "-‐‑‒–—−"
SPACES = " \u00a0\u202f\u2009"
AMOUNT_SPACE = regex.compile(rf"[{SPACES}]")
# A line break after a year's dash, with a space before the dash and without.
BREAK_AFTER_SPACED_DASH = regex.compile(rf"(?<=\s[{DASHES}])\s*\n\s*")
BREAK_AFTER_DASH = regex.compile(rf"(?<=[{DASHES}])\s*\n\s*")
SPACE_RUN = regex.compile(r"\s+")
# What is left of a funding cell once its amounts are read: white space, dashes and punctuation fold into a space.
PUNCTUATION_RUN = regex.compile(rf"[\s{DASHES},.;:()]+")

# One amount: digits with optional space/NBSP thousands groups, decimal comma or point.
AMOUNT = rf"""
    (?P<amount>
        \d{{1,3}}(?:[{SPACES}]\d{{3}})+(?:[,.]\d{{1,3}})?   # 2 000,0   1 500
      | \d+(?:[,.]\d{{1,3}})?                             # 34,0   2000,0   25,401
    )
    (?!\d)
"""
AMOUNT_ONLY = regex.compile(rf"^\s*{AMOUNT}\s*$", regex.VERBOSE)

# One year/amount pair: 2017р.-34,0 · 2019 р. – 18,00 · 2021 рік — 2 000,0 · 2022: 15,0
YEAR_AMOUNT = regex.compile(
    rf"""
    (?<!\d)(?P<year>(?:19|20)\d{{2}})           # the year
    \s*(?:р\.|рік|року|р(?![\p{{L}}]))?         # р. / рік / р
    \s*[{DASHES}:]\s*                           # a dash (or a colon) before the amount
    {AMOUNT}
    (?!\s*(?:р\.|рр|рік|роки|року))              # not a year range such as 2017-2020 роки
    """,
    regex.VERBOSE,
)

# A total the cell states before its years: "Всього – 136,0", "Разом: 2 000,0 тис. грн".
STATED_TOTAL = regex.compile(
    rf"""
    (?<![\p{{L}}])(?:Всього|Усього|Разом|Загалом)\s*(?:по\s+заходу\s*)?[{DASHES}:]?\s*
    {AMOUNT}
    (?:\s*тис\.?\s*грн\.?|\s*грн\.?)?
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# "в т.ч." and its spellings: the sub-items of a measure follow it.
SUBITEM_MARKER = regex.compile(
    r"""
    (?<![\p{L}])
    (?: в \s* т\. \s* ч\.? | в\s+тому\s+числі | у\s+тому\s+числі | у\s+т\. \s* ч\.? | з\s+них )
    \s*:?
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# Words in a funding cell that carry no amount and need no warning.
NEUTRAL_WORDS = regex.compile(r"(?<![\p{L}])(?:тис|грн|рр?|роки|рік|всього|разом|усього)(?![\p{L}])\.?", regex.IGNORECASE)

NOT_REQUIRED = regex.compile(r"(?:фінансування\s+не\s+потребу|не\s+потребу\w*\s+фінансування)", regex.IGNORECASE)
SEPARATE_PROGRAMME = regex.compile(r"за\s+окремою\s+програмою|окрем\w+\s+програм", regex.IGNORECASE)
NO_AMOUNT = regex.compile(rf"^\s*[{DASHES}]?\s*$")


@dataclass(frozen=True)
class YearAmount:
    """One year and its amount as read, before units are applied."""

    year: int
    amount: Decimal
    raw: str


@dataclass(frozen=True)
class FundingCell:
    """A funding cell read: the measure's own amounts, its sub-items' groups, and leftovers."""

    records: tuple[YearAmount, ...]
    subitem_groups: tuple[tuple[YearAmount, ...], ...]
    has_subitem_marker: bool
    leftover: str  # text that was neither an amount, a marker nor a unit word
    stated_total: Decimal | None = None  # "Всього – 136,0": the cell's own total of its years


def parse_amount(text: str) -> Decimal | None:
    """Read a lone amount (``2 000,0``, ``34,0``, ``25,401``); None when it is not one."""
    match = AMOUNT_ONLY.match(text)
    if not match:
        return None
    return to_decimal(match.group("amount"))


def to_decimal(amount: str) -> Decimal:
    """Turn a matched amount into a Decimal, keeping its written decimals."""
    cleaned = AMOUNT_SPACE.sub("", amount).replace(",", ".")
    return Decimal(cleaned)


def amount_in_uah(amount: Decimal, unit: str) -> Decimal:
    """Convert an amount in ``unit`` to hryvnias, exactly (whatever its digits: the context's precision grows to fit)."""
    with localcontext() as context:
        context.prec = max(context.prec, len(amount.as_tuple().digits) + abs(int(amount.as_tuple().exponent)) + 8)
        value = amount * UNIT_FACTORS[unit]
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def raw_text(matched: str) -> str:
    """A pair as written, on one line: a break after its dash (a page or column cut ``2020р.-`` | ``39,900``) closed."""
    closed = BREAK_AFTER_SPACED_DASH.sub(" ", matched)  # 2019 р. – | 18,00: the space stays
    closed = BREAK_AFTER_DASH.sub("", closed)  # 2020р.- | 39,900: none was there
    return SPACE_RUN.sub(" ", closed).strip()


def year_amounts(text: str) -> tuple[list[YearAmount], str]:
    """Find every year/amount pair in ``text``; return them and what was left over."""
    found = []
    leftover = text
    for match in YEAR_AMOUNT.finditer(text):
        found.append(YearAmount(int(match.group("year")), to_decimal(match.group("amount")), raw_text(match.group(0))))
        leftover = leftover.replace(match.group(0), " ", 1)
    return found, leftover


def group_by_restarting_years(records: list[YearAmount]) -> tuple[tuple[YearAmount, ...], ...]:
    """Split sub-item amounts into one group per sub-item: a group ends where the years restart."""
    groups: list[list[YearAmount]] = []
    for record in records:
        if not groups or record.year <= groups[-1][-1].year:
            groups.append([])
        groups[-1].append(record)
    return tuple(tuple(group) for group in groups)


def parse_funding_cell(text: str) -> FundingCell:
    """Read a funding cell into the measure's records and its sub-items' groups.

    ``Всього – 136,0, в т.ч.: 2017 р. – 34,0 …`` is a total over the measure's
    own years, not sub-items: the years are the measure's records and the total
    is kept to be checked against them.
    """
    stated_total = None
    total = STATED_TOTAL.search(text)
    if total:
        stated_total = to_decimal(total.group("amount"))
        text = text[: total.start()] + " " + text[total.end() :]
    marker = SUBITEM_MARKER.search(text)
    own_text, sub_text = (text[: marker.start()], text[marker.end() :]) if marker else (text, "")
    own, own_left = year_amounts(own_text)
    sub, sub_left = year_amounts(sub_text)
    breaks_down_total = stated_total is not None and not own and bool(sub)
    if breaks_down_total:
        own, sub = sub, []  # the years after "в т.ч." break the total down
    leftover = " ".join(part for part in (own_left, sub_left) if part.strip())
    leftover = NEUTRAL_WORDS.sub(" ", leftover)
    leftover = PUNCTUATION_RUN.sub(" ", leftover).strip()
    if NOT_REQUIRED.search(leftover) or SEPARATE_PROGRAMME.search(leftover):
        leftover = ""  # a status, read by funding_status
    return FundingCell(
        records=tuple(own),
        subitem_groups=group_by_restarting_years(sub),
        has_subitem_marker=marker is not None and not breaks_down_total,
        leftover=leftover,
        stated_total=stated_total,
    )


def funding_status(has_records: bool, *texts: str) -> str:
    """Tell whether a measure is funded, needs no money or is funded elsewhere."""
    if has_records:
        return "funded"
    joined = " ".join(texts)
    if NOT_REQUIRED.search(joined):
        return "not_required"
    if SEPARATE_PROGRAMME.search(joined):
        return "separate_programme"
    return "unknown"

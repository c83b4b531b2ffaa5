"""The numeric pass: lines that hold amounts are read again with only the characters amounts are written with.

The general pass reads every cell with the whole Ukrainian alphabet, so a
blurred ``0`` can come out ``О`` or ``6``, a comma ``;``, a year ``20186р.``,
and a dash can be lost. Each cell with a numeric line (``is_numeric_line``:
digits, and no word of three letters or more) is read a second time with
``WHITELIST`` only. Line by line
(matched by their height in the cell):

===============================================  ===============================================
the readings                                     outcome
===============================================  ===============================================
agree (spaces, dash glyphs aside), well-formed   settled, at the better of the two confidences
only one is a well-formed amount line            that one
both well-formed and different, or neither,      the line alone read a third time (digits only):
or an amount without the decimal comma the       a well-formed third reading that agrees with one
cell's other amounts have                        of the two, or stands alone well-formed (with its
                                                 comma), settles it
still unsettled                                  the most confident reading, and the line is *unsure*
===============================================  ===============================================

The other good readings of a line go with it (``CellText.alternatives``, then
``SourceCell.readings``) for the declared totals to choose from
(``totals.py``); a reading whose amount lost the decimal comma its column's
amounts have gives the readings with the comma put back
(``with_comma_put_back``: a stamp over ``4800,0`` read ``48000``). A line in
doubt, or one read with under ``DOUBTFUL_CONFIDENCE``, goes to the totals even
with no other reading: they try its look-alike digits (``look_alike_variants``).

A well-formed amount line (``AMOUNT_LINE``) is what funding cells are made of:
``2017р.-34,0`` · ``2019 р. – 18,00`` · ``2018р.-`` (the amount on the next
line) · ``2 000,0`` · ``25,401`` · ``-`` · a bare year ``2020`` (a term).
An unsure line caps its cell's confidence at ``UNSURE_CONFIDENCE``, so every
reader of the cell (the scan's ``ocr_digits_unsure`` warning, a mixed PDF's
``ocr_low_confidence``) sees it in doubt; declared totals are checked against
the amounts later, by the normaliser, as for any document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
import regex

from .cells import EMPTY, CellText, words_by_crop
from .image import NEAREST_GLYPHS, SPECK_AREA, as_mask, components
from .tesseract import Word, cv2, ocr_each, text_lines

WHITELIST = "0123456789,.-–р"
NUMBER_WHITELIST = "0123456789."
# A line that is a measure's (or a column's) number and nothing else: 7 · 2.2. · 3.6.1
MEASURE_NUMBER = regex.compile(r"^\d{1,2}(?:\.\d{1,2}){0,2}\.?$")
# A cell's leading number: "6. Реалізація", "1.Членство", "2.1."; or "141." (dots read as digits, ``LEADING_NUMBER_WORD``)
LEADING = regex.compile(r"^(?P<number>(?>\d{1,2}(?:\.\d{1,2}){0,2}(?!\d)|(?!19|20)\d{3,4}))[.,]?(?=\s|$|\p{L})")
# A measure's number as printed: 6 · 1.2 · 3.6.1 (its last dot stripped)
NUMBER = regex.compile(r"^[1-9]\d?(?:\.\d{1,2}){0,2}\.$")
# Digits OCR reads one for the other in a blurred or speckled scan.
LOOK_ALIKE_DIGITS = frozenset(frozenset(pair) for pair in ("68", "38", "98", "08", "17", "56", "35", "69", "58"))
UNSURE_CONFIDENCE = 30.0
AMOUNT_CELLS = 3  # a page's column with this many cells of amounts (more than of words) is a column of amounts
# A line of a letter or two (no digit) in an amount column read with less confidence than this is a mark, not print.
MARK_IN_AMOUNTS_CONFIDENCE = 70.0
# What a stamp's rim leaves in an amount column's cell: a few letters or marks, no digit, no dash (``Ра``, ``Рая``,
# ``тез»``, ``м / А``).
AMOUNT_COLUMN_MARK = regex.compile(r"^(?=\S)[^\d\-–—]{1,4}$")
YEAR_MARK = regex.compile(r"^рр?\.?$")  # a funding cell's "р." the cell's width put on a line of its own: print
MARRED_LINE_LENGTH = 24  # characters: longer lines of an amount column are text, not an amount under a mark
# A line the readings settled but read with less confidence than this (a stamp over it) is worth checking against the
# declared totals all the same.
DOUBTFUL_CONFIDENCE = 50.0
LINE_PADDING = 4  # pixels kept above and below a line cut out for its third reading
THIRD_SCALE = 1.3  # how much larger a line is read the third time
INK_LEVEL = 160  # a cell image's pixels darker than this are its marks (print is black on white there)

# A word of three letters or more: "2017-2020 роки" is a term, not an amount; "2017р.3А,0" is an amount read wrong.
LETTER_WORD = regex.compile(r"\p{L}{3,}")
DIGIT = regex.compile(r"\d")

# A line of a funding cell, as printed.
AMOUNT_LINE = regex.compile(
    r"""
    ^(?:
        (?P<year> (?:19|20)\d{2} )                                   # 2017
        (?: \s* р\.? | \s* рр\.? )?                                  # р. · р · рр.
        (?: \s* [-–—] \s* (?P<amount> (?&number) ) | \s* [-–—] )?    # -34,0 · – 18,00 · - (amount on the next line)
      | (?P<bare> (?&number) )                                       # 2 000,0 · 25,401 · 2020
      | [-–—]                                                        # no amount
    )$
    (?(DEFINE)
        (?P<number> \d{1,3} (?: [\x20\u00a0] \d{3} )+ (?: ,\d{1,3} )? | \d+ (?: ,\d{1,3} )? )
    )
    """,
    regex.VERBOSE,
)
DASHES = str.maketrans({"–": "-", "—": "-"})
# A year's "р." with the amount right after it, the dash between lost: "2017р.12,0" (the "р." says a year ends there).
LOST_DASH = regex.compile(r"(?<=^(?:19|20)\d{2}\s?р\.)\s*(?=\d)")


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: float

    @property
    def well_formed(self) -> bool:
        return bool(AMOUNT_LINE.match(self.text))


def is_numeric_line(line: str) -> bool:
    """Whether a line of the general reading holds an amount (or a year) worth reading again.

    A measure's number (``2.2.``, ``7``) is not: ``reread_leading_numbers`` reads those.
    """
    if MEASURE_NUMBER.match(line.strip()):
        return False
    characters = "".join(line.split())
    digits = len(DIGIT.findall(characters))
    return digits > 0 and digits >= 0.4 * len(characters) and not LETTER_WORD.search(line)


def tidy(line: str) -> str:
    """A numeric line without the specks OCR reads at its ends (``.2017р.-12,0`` · ``34,0.`` · ``:2018р``),
    with its decimal comma put back where a speck made it ``;`` or ``:`` (``12;0``), or where a stamp over it
    left only its dot (``2400.0``, ``0.00``: one or two digits after it; ``1.250`` may be a thousands dot), and the
    dash after a year's ``р.`` put back where it was lost (``2017р.12,0``)."""
    line = regex.sub(r"(?<=\d)(?:[;:]|\.(?=\d{1,2}$))(?=\d)", ",", line.strip()).lstrip(".,:;'\"`")
    line = LOST_DASH.sub("-", line)
    return regex.sub(r"(?<=[\d–—-])[.,:;'\"`]+$", "", line).strip()


def same(first: Reading, second: Reading) -> bool:
    """The same amount line, spaces and dash glyphs aside."""
    return "".join(first.text.translate(DASHES).split()) == "".join(second.text.translate(DASHES).split())


def good(reading: Reading, decimals: bool) -> bool:
    """A well-formed amount line, with its decimal comma when the cell's amounts have one."""
    return reading.well_formed and not (decimals and lost_comma(reading))


def lost_comma(reading: Reading) -> bool:
    """Whether a well-formed line's amount has no decimal comma where one may have been lost (3+ digits)."""
    match = AMOUNT_LINE.match(reading.text)
    if match is None:
        return False
    amount: str = match["amount"] or match["bare"] or ""
    if regex.fullmatch(r"(?:19|20)\d{2}", amount) and not match["amount"]:
        return False  # a bare year: a term, not an amount
    return bool(amount) and "," not in amount and len(amount.replace(" ", "")) >= 3


def with_comma_put_back(reading: Reading) -> list[Reading]:
    """A line whose amount lost its decimal comma (a stamp or a speck over it), with the comma put back before its
    last one, two or three digits: ``48000`` → ``4800,0``, ``480,00``, ``48,000``, for the declared totals to choose."""
    match = AMOUNT_LINE.match(reading.text)
    group = "amount" if match is not None and match["amount"] else "bare"
    if match is None or not match[group]:
        return []
    digits = match[group].replace(" ", "")
    start, end = match.span(group)
    return [
        Reading(f"{reading.text[:start]}{digits[:-places]},{digits[-places:]}{reading.text[end:]}", reading.confidence)
        for places in (1, 2, 3)
        if len(digits) > places
    ]


def settle(general: Reading, numeric: Reading, third: Reading | None, decimals: bool) -> tuple[Reading, bool]:
    """The line's reading from its three readings, and whether it is still unsure.

    A good reading (``good``) that another reading agrees with settles the
    line; so does the only good one when the others are not even well-formed.
    Otherwise the line is unsure, and the most confident good (or well-formed)
    reading is kept. Two passes that agree on a line that is no amount line
    (printed without a dash, say) leave it as read, not unsure.
    """
    readings = [reading for reading in (general, numeric, third) if reading is not None]
    for reading in readings:
        if good(reading, decimals) and sum(same(reading, other) for other in readings) >= 2:
            return reading, False
    goods = [reading for reading in readings if good(reading, decimals)]
    if len(goods) == 1 and not any(reading.well_formed for reading in readings if reading is not goods[0]):
        return goods[0], False
    if not goods and same(general, numeric) and not general.well_formed and not decimals:
        return general, False
    best = max(readings, key=lambda reading: (good(reading, decimals), reading.well_formed, reading.confidence))
    return Reading(best.text, min(best.confidence, UNSURE_CONFIDENCE)), True


def reread_amounts(crops: list[np.ndarray | None], texts: list[CellText], columns: list[int]) -> list[CellText]:
    """Each cell with numeric lines read again with digits only, and the readings reconciled line by line.

    Measures' leading numbers are read again too (``reread_leading_numbers``).
    """
    texts = reread_leading_numbers(crops, texts, columns)
    amounts = amount_columns(texts, columns)
    texts = [without_marks(text) if columns[cell] in amounts else text for cell, text in enumerate(texts)]
    numeric = [
        [is_numeric_line(line) or (columns[cell] in amounts and is_marred_amount_line(line)) for line in text.lines]
        for cell, text in enumerate(texts)
    ]
    marred = {
        (cell, index)
        for cell, text in enumerate(texts)
        for index, line in enumerate(text.lines)
        if numeric[cell][index] and not is_numeric_line(line)
    }
    wanted = [amount_image(crop) if crop is not None and any(numeric[cell]) else None for cell, crop in enumerate(crops)]
    if not any(crop is not None for crop in wanted):
        return texts
    second = words_by_crop(wanted, psm=6, whitelist=WHITELIST)
    pairs: dict[tuple[int, int], tuple[Reading, Reading]] = {}
    for cell, (text, words) in enumerate(zip(texts, second, strict=True)):
        if words is None:
            continue
        second_lines = [
            (Reading(tidy(" ".join(word.text for word in line)), min(word.confidence for word in line)), line)
            for line in text_lines(words)
        ]
        for index, line in enumerate(text.lines):
            if not numeric[cell][index]:
                continue
            match = nearest(second_lines, text.line_spans[index])
            if match is not None:
                pairs[cell, index] = (Reading(tidy(line), text.line_confidences[index]), match)
    # a column's amounts are written alike: one with a decimal comma says the others have theirs
    with_commas = {columns[cell] for (cell, _), (general, numeric) in pairs.items() if "," in general.text + numeric.text}
    decimals = {cell for cell, _ in pairs if columns[cell] in with_commas}
    third = third_readings(wanted, texts, list(pairs))
    return [years_in_sequence(reconciled(cell, text, pairs, third, decimals, marred)) for cell, text in enumerate(texts)]


def without_marks(text: CellText) -> CellText:
    """A cell of an amount column without its lines of a few letters or marks and no digit or dash
    (``AMOUNT_COLUMN_MARK``: ``Ра``, ``Рая`` where a stamp's rim crosses a section row's empty amount cell), read with
    under ``MARK_IN_AMOUNTS_CONFIDENCE``: in a column of amounts and dashes such a line is a mark's, though read
    surer than a mark elsewhere (``cells.is_marks_only``)."""
    kept = [
        index
        for index, line in enumerate(text.lines)
        if not (
            AMOUNT_COLUMN_MARK.match(line.strip())
            and not YEAR_MARK.match(line.strip())
            and index < len(text.line_confidences)
            and text.line_confidences[index] < MARK_IN_AMOUNTS_CONFIDENCE
        )
    ]
    if len(kept) == len(text.lines):
        return text
    if not all(is_numeric_line(text.lines[index]) or text.lines[index].strip().translate(DASHES) == "-" for index in kept):
        return text  # beside words (``Інші`` over ``джерела``): a header's, not a mark's
    if not kept:
        return EMPTY
    return replace(
        text,
        lines=tuple(text.lines[index] for index in kept),
        line_confidences=tuple(text.line_confidences[index] for index in kept),
        line_spans=tuple(text.line_spans[index] for index in kept) if len(text.line_spans) == len(text.lines) else (),
        confidence=min(text.line_confidences[index] for index in kept),
    )


def is_marred_amount_line(line: str) -> bool:
    """Whether a line of an amount column may be an amount a stamp's lettering or a signature marred: a digit or more
    among marks and letters, no word of three letters (``го5п,а"-е 2.`` for ``1250,0`` under a stamp's rim); not a
    number alone (a column's, ``5``)."""
    if MEASURE_NUMBER.match(line.strip()) or is_numeric_line(line):
        return False  # a column's number (``5``) or a measure's; a numeric line is read again anyway
    return bool(DIGIT.search(line)) and not LETTER_WORD.search(line) and len(line) <= MARRED_LINE_LENGTH


def amount_columns(texts: list[CellText], columns: list[int]) -> set[int]:
    """The page's columns of amounts: ``AMOUNT_CELLS`` cells or more with a numeric line or a dash (no amount), more
    of them than cells with words (its header's, a year's ``рік``)."""
    worded: dict[int, int] = {}
    numeric: dict[int, int] = {}
    for text, column in zip(texts, columns, strict=True):
        if any(is_numeric_line(line) or line.strip().translate(DASHES) == "-" for line in text.lines):
            numeric[column] = numeric.get(column, 0) + 1
        elif any(LETTER_WORD.search(line) for line in text.lines):
            worded[column] = worded.get(column, 0) + 1
    return {column for column, count in numeric.items() if count >= AMOUNT_CELLS and count > worded.get(column, 0)}


def years_in_sequence(text: CellText) -> CellText:
    """A funding cell's years put right where one was misread as a look-alike (``2016`` for ``2018``) and the cell's
    other years run in sequence around the one it lacks: ``2017 · 2016 · 2019 · 2020`` → ``2018``.

    The years of a funding cell run in order, one after the other; a year that
    breaks the run, one digit off (``3``, ``6``, ``9`` or ``0`` for ``8``,
    ``1`` for ``7``) the single year missing from it and standing where that
    year would, is that year.
    """
    found = [(index, match) for index, line in enumerate(text.lines) if (match := AMOUNT_LINE.match(line)) and match["year"]]
    if len(found) < 3:
        return text
    years = [int(match["year"]) for _, match in found]
    for position, (index, match) in enumerate(found):
        others = years[:position] + years[position + 1 :]
        run = set(range(min(others), max(others) + 1))
        missing = run - set(others)
        if len(others) != len(set(others)) or len(missing) != 1 or years[position] in run:
            continue
        wanted = missing.pop()
        fixed = years[:position] + [wanted] + years[position + 1 :]
        if not look_alike(str(years[position]), str(wanted)) or fixed != sorted(fixed):
            continue  # a year one digit off the gap, where the gap is: the cell's years run in order
        line = text.lines[index]
        start, end = match.span("year")
        lines = (*text.lines[:index], f"{line[:start]}{wanted}{line[end:]}", *text.lines[index + 1 :])
        return replace(text, lines=lines)
    return text


def look_alike(read: str, meant: str) -> bool:
    """Whether two numbers differ in one digit only, a pair OCR confuses (``6``/``8``, ``3``/``8``, ``1``/``7`` …)."""
    if len(read) != len(meant):
        return False
    differing = [(a, b) for a, b in zip(read, meant, strict=True) if a != b]
    return len(differing) == 1 and frozenset(differing[0]) in LOOK_ALIKE_DIGITS


def look_alike_variants(line: str) -> list[str]:
    """A well-formed amount line with one digit of its amount swapped for a look-alike (``LOOK_ALIKE_DIGITS``):
    ``1258,0`` → ``1250,0``, ``7258,0``, ``1268,0`` …, for the declared totals to choose from where every reading
    of a line misread a digit the same way (a stamp's ring over an ``0``). A year before the amount stays."""
    match = AMOUNT_LINE.match(line)
    group = "amount" if match is not None and match["amount"] else "bare"
    if match is None or not match[group]:
        return []
    start, end = match.span(group)
    variants = []
    for position in range(start, end):
        digit = line[position]
        if not digit.isdigit():
            continue
        for pair in sorted(LOOK_ALIKE_DIGITS, key=sorted):
            if digit in pair:
                (other,) = pair - {digit}
                if other == "0" and position == start and line[position + 1 : position + 2].isdigit():
                    continue  # no amount starts with a 0 (but 0,5)
                variants.append(f"{line[:position]}{other}{line[position + 1 :]}")
    return variants


def amount_value(line: str) -> Decimal | None:
    """The amount a well-formed amount line gives (``2017р.-34,0`` → 34.0, ``2 000,0`` → 2000.0), None without one
    (a dash, a year alone)."""
    match = AMOUNT_LINE.match(line)
    if match is None or not (match["amount"] or match["bare"]):
        return None
    amount: str = match["amount"] or match["bare"]
    if not match["amount"] and regex.fullmatch(r"(?:19|20)\d{2}", amount):
        return None  # a bare year: a term
    return Decimal(amount.replace(" ", "").replace("\u00a0", "").replace(",", "."))


def digit_variants(line: str) -> list[str]:
    """A well-formed amount line with one digit of its amount dropped (a mark read as a digit: ``7850,5`` for
    ``850,5``), or one put before it (a first digit lost under a stamp: ``250,0`` for ``1250,0``)."""
    match = AMOUNT_LINE.match(line)
    group = "amount" if match is not None and match["amount"] else "bare"
    if match is None or not match[group]:
        return []
    start, end = match.span(group)
    variants = [
        f"{line[:position]}{line[position + 1 :]}"
        for position in range(start, end)
        if line[position].isdigit() and not (position == start and line[position + 1 : position + 2] in ("0", ",", ""))
    ]
    variants += [f"{line[:start]}{digit}{line[start:]}" for digit in "123456789"]
    return [variant for variant in dict.fromkeys(variants) if AMOUNT_LINE.match(variant)]


def digit_changed_by(line: str, changes: set[Decimal]) -> list[str]:
    """A well-formed amount line with one digit of its amount changed to any other digit so that the amount changes by
    one of ``changes``: ``10,0`` by 30 → ``40,0``; ``2,00`` by -2 → ``0,00``. No amount starts with a 0 (but
    ``0,5``); a year before the amount stays."""
    match = AMOUNT_LINE.match(line)
    group = "amount" if match is not None and match["amount"] else "bare"
    value = amount_value(line)
    if match is None or not match[group] or value is None:
        return []
    start, end = match.span(group)
    comma = line.find(",", start, end)
    point = end if comma < 0 else comma  # the digits before it count units, tens …; after it tenths …
    variants = []
    for position in range(start, end):
        if not line[position].isdigit():
            continue
        before = sum(character.isdigit() for character in line[position + 1 : point]) if position < point else None
        place = Decimal(10) ** before if before is not None else Decimal(10) ** -(position - point)
        for change in sorted(changes):
            digit, remainder = divmod(change, place)
            new = int(line[position]) + int(digit)
            if remainder or digit == 0 or not 0 <= new <= 9:
                continue
            leading = position == start and new == 0 and line[position + 1 : position + 2].isdigit()
            if not leading:
                variants.append(f"{line[:position]}{new}{line[position + 1 :]}")
    return [variant for variant in dict.fromkeys(variants) if amount_value(variant) is not None]


def amount_image(crop: np.ndarray) -> np.ndarray:
    """A cell's image for reading its amounts: small marks only where an amount has them.

    Amounts are digits, a decimal comma or full stop on the baseline, a dash
    across the middle and ``р.``: no diacritic, quote or apostrophe. A small
    mark anywhere else (a speck over a ``0`` read as ``6``, one beside an ``8``
    read as ``7``) is whitened; which line's baseline counts is told by the
    glyphs nearest the mark.
    """
    count, labels, stats = components(as_mask(crop < INK_LEVEL))
    if count <= 1:
        return crop
    areas = stats[:, cv2.CC_STAT_AREA]
    small = np.nonzero((areas < SPECK_AREA) & (np.arange(count) > 0))[0]
    glyphs = [stats[label] for label in range(1, count) if areas[label] >= SPECK_AREA]
    if not small.size or not glyphs:
        return crop
    cleaned = crop.copy()
    for label in small:
        x, y, w, h = (int(value) for value in stats[label, :4])
        beside = sorted(
            glyphs, key=lambda glyph: abs(glyph[0] + glyph[2] / 2 - x - w / 2) + abs(glyph[1] + glyph[3] / 2 - y - h / 2)
        )
        beside = beside[:NEAREST_GLYPHS]
        baseline = float(np.median([glyph[1] + glyph[3] for glyph in beside]))
        topline = float(np.median([glyph[1] for glyph in beside]))
        height = max(baseline - topline, 1.0)
        if w >= 1.5 * h and topline <= y + h / 2 <= baseline:
            continue  # a dash
        if abs(y + h - baseline) <= 0.2 * height or (h >= 1.3 * w and abs(y - baseline) <= 0.35 * height):
            continue  # a full stop or a decimal comma
        box = (slice(max(y - 1, 0), y + h + 1), slice(max(x - 1, 0), x + w + 1))
        cleaned[box][cv2.dilate((labels[box] == label).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 255
    return cleaned


def reread_leading_numbers(crops: list[np.ndarray | None], texts: list[CellText], columns: list[int]) -> list[CellText]:
    """A measure's number standing as a word before its text ("6. Реалізація") read again, digits only.

    Each number is cut out and read alone by the English model (digits are
    the same in both, and it errs differently). When the two readings differ,
    the one that continues the column's numbering (``next_numbers`` of the
    number above it) wins, else the digits-only one, and the cell is unsure. ``columns``
    gives each cell's grid column; cells come in reading order.
    """
    numbers = {
        index: number
        for index, (crop, text) in enumerate(zip(crops, texts, strict=True))
        if (number := crop_box(crop, text.lead_box)) is not None
    }
    if not numbers:
        return texts
    found = ocr_each(list(numbers.values()), psm=7, whitelist=NUMBER_WHITELIST, language="eng")
    readings = dict(zip(numbers, found, strict=True))
    texts = list(texts)
    above: dict[int, str] = {}  # column -> the last number read in it
    for index, text in enumerate(texts):
        leading = LEADING.match(text.lines[0]) if text.lines else None
        if leading is None:
            continue
        printed = leading["number"]
        if index in readings:
            digits = "".join(word.text for word in readings[index])
            again = digits.rstrip(".,")
            if again and again != printed and NUMBER.match(again + "."):
                fitting = [reading for reading in (printed, again) if reading in next_numbers(above.get(columns[index]))]
                chosen, unsure = (fitting[0], False) if len(fitting) == 1 else (again, True)
                texts[index] = replace(
                    text,
                    lines=(chosen + text.lines[0][len(printed) :], *text.lines[1:]),
                    confidence=min(text.confidence or 100.0, UNSURE_CONFIDENCE) if unsure else text.confidence,
                    unsure=(*text.unsure, f"{leading.group()} | {digits}") if unsure else text.unsure,
                )
                printed = chosen or printed
        above[columns[index]] = printed
    return texts


def next_numbers(number: str | None) -> set[str]:
    """The numbers that may follow ``number`` in a column: 3 → 4 or 3.1; 1.2 → 1.3, 1.2.1 or 2."""
    if number is None or not regex.match(r"^\d{1,2}(?:\.\d{1,2})*$", number):
        return set()
    parts = [int(part) for part in number.split(".")]
    following = {".".join(map(str, parts)) + ".1"}
    for level in range(len(parts)):
        following.add(".".join(map(str, [*parts[:level], parts[level] + 1])))
    return following


def crop_box(crop: np.ndarray | None, box: tuple[int, int, int, int] | None) -> np.ndarray | None:
    """The part of ``crop`` inside ``box``, with a little white around it."""
    if crop is None or box is None:
        return None
    x0, top, x1, bottom = box
    part = crop[max(top - 2, 0) : bottom + 2, max(x0 - 2, 0) : x1 + 2]
    return cv2.copyMakeBorder(part, 6, 6, 6, 6, cv2.BORDER_CONSTANT, value=255) if part.size else None


def third_readings(
    crops: list[np.ndarray | None], texts: list[CellText], keys: list[tuple[int, int]]
) -> dict[tuple[int, int], Reading]:
    """Each numeric line cut out of its cell and read alone as one line (digits only), ``THIRD_SCALE`` times larger.

    Tesseract's reading of a line of digits turns on the size it is given as
    much as on the print (``2400,0`` read ``24000`` at one size, right at
    another): a line read alone at another size errs otherwise than the
    cell's two readings.
    """
    keys = [key for key in keys if crops[key[0]] is not None]
    lines = []
    for cell, index in keys:
        top, bottom = texts[cell].line_spans[index]
        line = crops[cell][max(top - LINE_PADDING, 0) : bottom + LINE_PADDING]  # type: ignore[index]
        line = cv2.resize(line, None, fx=THIRD_SCALE, fy=THIRD_SCALE, interpolation=cv2.INTER_CUBIC)
        lines.append(cv2.copyMakeBorder(line, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255))
    found: dict[tuple[int, int], Reading] = {}
    for key, words in zip(keys, ocr_each(lines, psm=7, whitelist=WHITELIST), strict=True):
        if words:
            found[key] = Reading(tidy(" ".join(word.text for word in words)), min(word.confidence for word in words))
    return found


def reconciled(
    cell: int,
    text: CellText,
    pairs: dict[tuple[int, int], tuple[Reading, Reading]],
    third: dict[tuple[int, int], Reading],
    decimals: set[int],
    marred: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
) -> CellText:
    """``text`` with its numeric lines as the readings settled them, and the other good readings of each."""
    if not any(key[0] == cell for key in pairs):
        return text
    lines, confidences = list(text.lines), list(text.line_confidences)
    unsure: list[str] = []
    unsure_lines: list[int] = []
    alternatives: list[tuple[int, tuple[str, ...]]] = []
    for index in range(len(lines)):
        key = (cell, index)
        if key not in pairs:
            continue
        general, numeric = pairs[key]
        readings = [general, numeric] + ([third[key]] if key in third else [])
        reading, in_doubt = settle(general, numeric, third.get(key), cell in decimals)
        if key in marred and not in_doubt and sum(same(reading, other) for other in readings) < 2:
            in_doubt = True  # the general pass read marks: one digits-only reading alone does not settle it
            reading = Reading(reading.text, min(reading.confidence, UNSURE_CONFIDENCE))
        if in_doubt:
            unsure.append(" | ".join(other.text for other in readings))
            unsure_lines.append(index)
        others: list[Reading] = []
        candidates = readings + [  # a line in doubt: any reading's lost comma put back (``12505`` → ``1250,5``)
            put_back
            for read in (readings if in_doubt else [reading])
            if cell in decimals and lost_comma(read)
            for put_back in with_comma_put_back(read)
        ]
        for other in candidates:
            if good(other, cell in decimals) and not same(other, reading) and not any(same(other, seen) for seen in others):
                others.append(other)
        if others or in_doubt or reading.confidence < DOUBTFUL_CONFIDENCE:
            # a line in doubt, or read with little confidence, goes to the declared totals even with no other reading
            alternatives.append((index, tuple(other.text for other in others)))
        lines[index], confidences[index] = reading.text, reading.confidence
    return replace(
        text,
        lines=tuple(lines),
        confidence=min(confidences),
        line_confidences=tuple(confidences),
        unsure=(*text.unsure, *unsure),
        unsure_lines=tuple(unsure_lines),
        alternatives=tuple(alternatives),
    )


def nearest(lines: list[tuple[Reading, list[Word]]], span: tuple[int, int]) -> Reading | None:
    """The reading of the line in ``lines`` whose middle is nearest the middle of ``span``, if within half its height."""
    middle, height = (span[0] + span[1]) / 2, max(span[1] - span[0], 1)
    best = min(lines, key=lambda line: abs(centre(line[1]) - middle), default=None)
    return best[0] if best is not None and abs(centre(best[1]) - middle) <= height * 0.6 else None


def centre(line: list[Word]) -> float:
    return sum((word.box[1] + word.box[3]) / 2 for word in line) / len(line)

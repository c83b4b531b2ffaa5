"""The paragraphs around the table: header block, heading and signature.

Header blocks this module reads::

    Додаток 1 до рішення 40 сесії Коростенської міської ради VII скликання від 27.08.2020р.№1911
    Додаток 2 до рішення двадцять шостої сесії Житомирської міської ради сьомого скликання
        від 22 грудня 2016 року № 1004-34/2017
    Додаток до рішення ХXІX сесії Овруцької міської ради VІІ скликання від 29.11.2018 р. N 1751
    Додаток 3 до рішення міської ради від ______ № ____            (a draft: blanks)

Headings: ``Напрями діяльності та заходи реалізації Програми розвитку … на
2017-2020 роки``; the programme title is the part from ``Програм…`` on, put
in the nominative.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..model import Decision, ExtractionWarning, Signatory, Where
from .text import collapse_spaces

MONTHS = {
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
    "липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}  # fmt: skip

# Cyrillic letters typed for Roman numerals.
ROMAN_LOOKALIKES = str.maketrans({"І": "I", "Х": "X", "С": "C", "М": "M", "Ӏ": "I", "і": "I", "х": "X"})
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ROMAN = r"[IVXLCDMІХСМ]{1,8}"

# Ordinal stems, for sessions and convocations written in words (двадцять шостої, сьоме).
ORDINAL_UNITS = {
    "перш": 1, "друг": 2, "трет": 3, "четверт": 4, "п'ят": 5, "п’ят": 5, "шост": 6,
    "сьом": 7, "восьм": 8, "дев'ят": 9, "дев’ят": 9,
}  # fmt: skip
ORDINAL_TEENS = {
    "десят": 10, "одинадцят": 11, "дванадцят": 12, "тринадцят": 13, "чотирнадцят": 14,
    "п'ятнадцят": 15, "п’ятнадцят": 15, "шістнадцят": 16, "сімнадцят": 17,
    "вісімнадцят": 18, "дев'ятнадцят": 19, "дев’ятнадцят": 19,
    "двадцят": 20, "тридцят": 30, "сороков": 40, "п'ятдесят": 50, "п’ятдесят": 50,
    "шістдесят": 60, "сімдесят": 70, "вісімдесят": 80, "дев'яност": 90, "дев’яност": 90,
}  # fmt: skip
CARDINAL_TENS = {
    "двадцять": 20, "тридцять": 30, "сорок": 40, "п'ятдесят": 50, "п’ятдесят": 50,
    "шістдесят": 60, "сімдесят": 70, "вісімдесят": 80, "дев'яносто": 90, "дев’яносто": 90,
}  # fmt: skip

DATE_NUMERIC = regex.compile(r"(?<!\d)(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)")
DATE_WORDS = regex.compile(r"(?<!\d)(?P<day>\d{1,2})\s+(?P<month>[а-яіїє]+)\s+(?P<year>\d{4})", regex.IGNORECASE)

# The decision number after № or a Latin N: 1911 · 24/9 · 1004-34/2017 · 3-6/VIII · 1125-VII
DECISION_NUMBER = regex.compile(r"(?:№|(?<![\p{L}])N)\s*(?P<number>[0-9][0-9A-Za-zА-Яа-яІі/\-–]*)")
# A blank left in a draft: "від ______ № ____"
BLANK = regex.compile(r"_{2,}|…{1,}|\.{4,}")

ANNEX = regex.compile(r"Додаток\s*(?:№\s*)?(?P<annex>\d+|[IVXІХ]+)?", regex.IGNORECASE)
SESSION_DIGITS = regex.compile(
    r"(?P<session>\d{1,3})\s*(?:-?\s*[ао]ї?|-?[йї])?\s+(?:позачергової\s+)?сесі[їяю]", regex.IGNORECASE
)
SESSION_ROMAN = regex.compile(rf"(?<![\p{{L}}])(?P<session>{ROMAN})\s+(?:позачергової\s+)?сесі[їяю]")
SESSION_WORDS = regex.compile(r"(?P<session>(?:[\p{L}'’]+\s+){1,2})(?:позачергової\s+)?сесі[їяю]", regex.IGNORECASE)
CONVOCATION_ROMAN = regex.compile(rf"(?<![\p{{L}}])(?P<convocation>{ROMAN})\s+скликання")
CONVOCATION_WORDS = regex.compile(r"(?P<convocation>[\p{L}'’]+)\s+скликання", regex.IGNORECASE)

# The council, in the genitive as headers write it: Коростенської міської ради.
COUNCIL = regex.compile(
    r"(?P<name>(?:[\p{Lu}][\p{L}'’-]+(?:ої|ьої)\s+)?(?:міської|сільської|селищної|районної|обласної)\s+ради)",
)

PROGRAMME_WORD = regex.compile(r"(?P<adjectives>(?:[\p{L}'’-]+(?:ої|ьої)\s+){0,3})(?P<word>[Пп]рограм(?:и|і|у|а|ою))\b")
PERIOD = regex.compile(r"(?P<start>(?:19|20)\d{2})\s*[-–—]\s*(?P<end>(?:19|20)\d{2})|(?:на\s+)(?P<single>(?:19|20)\d{2})\s+рік")

UNIT_THOUSANDS = regex.compile(r"тис\.?\s*грн|тисяч\w*\s+гривень", regex.IGNORECASE)
UNIT_HRYVNIAS = regex.compile(r"(?<![\p{L}])грн|гривень", regex.IGNORECASE)

SIGNATURE_POSITION = regex.compile(
    r"^(?P<position>(?:Секретар|Міський\s+голова|Сільський\s+голова|Селищний\s+голова|Голова|Заступник|"
    r"Керуючий\s+справами|В\.\s*о\.|Начальник)[^\n]*?)(?:\s{2,}|\t|$)(?P<rest>.*)$",
    regex.IGNORECASE,
)
PERSON_NAME = regex.compile(
    r"^(?:[\p{Lu}]\.\s?){1,2}\s?[\p{Lu}][\p{L}'’-]+$"  # В.Вигівський · В. О. Вигівський
    r"|^[\p{Lu}][\p{Ll}'’-]+\s+[\p{Lu}][\p{Lu}'’-]+$"  # Володимир ВИГІВСЬКИЙ
    r"|^[\p{Lu}][\p{Ll}'’-]+\s+(?:[\p{Lu}]\.\s?){1,2}$"  # Вигівський В.О.
)


@dataclass(frozen=True)
class Metadata:
    decision: Decision
    programme_title: str | None
    period: tuple[int | None, int | None]
    signatory: Signatory
    warnings: tuple[ExtractionWarning, ...]


def roman_to_latin(numeral: str) -> str:
    """Map Cyrillic look-alikes in a Roman numeral to Latin letters."""
    return numeral.translate(ROMAN_LOOKALIKES).upper()


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral, or None when it is not a valid one."""
    latin = roman_to_latin(numeral)
    if not latin or any(char not in ROMAN_VALUES for char in latin):
        return None
    values = [ROMAN_VALUES[char] for char in latin]
    total = 0
    for current, following in zip(values, values[1:] + [0], strict=True):
        total += -current if current < following else current
    return total if int_to_roman(total) == roman_to_latin(numeral) else None


def int_to_roman(value: int) -> str:
    """Write a positive integer as a Roman numeral."""
    pairs = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip
    written = ""
    for number, letters in pairs:
        while value >= number:
            written += letters
            value -= number
    return written


def ordinal_value(words: str) -> int | None:
    """Read an ordinal in words (``двадцять шостої``, ``сьоме``) as an integer."""
    total = 0
    for word in words.lower().split():
        word = word.replace("’", "'")
        if word in CARDINAL_TENS:
            total += CARDINAL_TENS[word]
            continue
        for stems in (ORDINAL_TEENS, ORDINAL_UNITS):
            stem = next((s for s in sorted(stems, key=len, reverse=True) if word.startswith(s)), None)
            if stem:
                total += stems[stem]
                break
        else:
            return None
    return total or None


def council_nominative(genitive: str) -> str:
    """Put a council's name from the genitive into the nominative."""
    words = collapse_spaces(genitive).split(" ")
    nominative = []
    for word in words:
        if word == "ради":
            nominative.append("рада")
        elif word.endswith("ьої"):
            nominative.append(word[:-3] + "я")
        elif word.endswith("ої"):
            nominative.append(word[:-2] + "а")
        else:
            nominative.append(word)
    return " ".join(nominative)


def programme_nominative(adjectives: str, word: str) -> str:
    """Put ``Міської цільової програми`` into the nominative: ``Міська цільова програма``."""
    words = [council_nominative(adjectives)] if adjectives.strip() else []
    words.append(word[0] + "рограма")
    return " ".join(words)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` in ISO form (``27.08.2020р.``, ``22 грудня 2016 року``)."""
    candidates = []
    for match in DATE_NUMERIC.finditer(text):
        candidates.append((match.start(), int(match["year"]), int(match["month"]), int(match["day"])))
    for match in DATE_WORDS.finditer(text):
        month = MONTHS.get(match["month"].lower())
        if month:
            candidates.append((match.start(), int(match["year"]), month, int(match["day"])))
    for _, year, month, day in sorted(candidates):
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def parse_session(text: str) -> int | None:
    if match := SESSION_DIGITS.search(text):
        return int(match["session"])
    if match := SESSION_ROMAN.search(text):
        return roman_value(match["session"])
    if match := SESSION_WORDS.search(text):
        words = match["session"].split()
        for start in range(len(words)):  # "рішення двадцять шостої": drop words that are no number
            value = ordinal_value(" ".join(words[start:]))
            if value:
                return value
    return None


def parse_convocation(text: str) -> str | None:
    match = CONVOCATION_ROMAN.search(text)
    if match and roman_value(match["convocation"]):
        return roman_to_latin(match["convocation"])
    if match := CONVOCATION_WORDS.search(text):
        value = ordinal_value(match["convocation"])
        if value:
            return int_to_roman(value)
    return None


def header_paragraphs(paragraphs: tuple[str, ...]) -> tuple[int, int]:
    """Where the header block stands among ``paragraphs``: a ``[start, end)`` range.

    It starts at the annex's own header (``Додаток …``; the last one, nearest the
    table, when a whole decision with its body precedes the annex), else at the
    first paragraph naming the decision, and goes on a paragraph at a time until
    it holds the decision number (a clerk may break the block into several
    paragraphs), never into the heading.
    """
    annex_headers = [i for i, p in enumerate(paragraphs) if regex.search(r"^\s*Додаток", p, regex.IGNORECASE)]
    decision_names = [i for i, p in enumerate(paragraphs) if regex.search(r"Додаток|рішення|РІШЕННЯ", p)]
    start = annex_headers[-1] if annex_headers else decision_names[0] if decision_names else None
    if start is None:
        return 0, 0
    end = start + 1
    while (
        end < len(paragraphs)
        and end - start < 4
        and not DECISION_NUMBER.search(" ".join(paragraphs[start:end]))
        and not regex.search(r"програм|заход|напрям", paragraphs[end], regex.IGNORECASE)
    ):
        end += 1
    return start, end


def header_block(paragraphs: tuple[str, ...]) -> str:
    """The header block's text, in one line."""
    start, end = header_paragraphs(paragraphs)
    return collapse_spaces(" ".join(paragraphs[start:end]))


# A council named in the nominative, as a decision's letterhead does: КОРОСТЕНСЬКА МІСЬКА РАДА.
COUNCIL_NOMINATIVE = regex.compile(
    r"(?<![\p{L}])(?P<name>[\p{L}'’-]+(?:ська|цька|зька))\s+(?P<kind>міська|сільська|селищна|районна|обласна)\s+рада(?![\p{L}])",
    regex.IGNORECASE,
)


def council_named_above(paragraphs: tuple[str, ...]) -> str | None:
    """The council as a letterhead above the annex names it (``КОРОСТЕНСЬКА МІСЬКА РАДА``), in the nominative."""
    for paragraph in paragraphs:
        match = COUNCIL_NOMINATIVE.search(paragraph)
        if match:
            name = "-".join(part.capitalize() for part in match["name"].split("-"))
            return f"{name} {match['kind'].lower()} рада"
    return None


def parse_decision(paragraphs: tuple[str, ...]) -> tuple[Decision, list[ExtractionWarning]]:
    """Read the header block into the decision's fields; blanks become None with a warning."""
    block = header_block(paragraphs)
    warnings: list[ExtractionWarning] = []
    number_match = DECISION_NUMBER.search(block)
    council_match = COUNCIL.search(block)
    annex_match = ANNEX.search(block)
    decision = Decision(
        council=(
            council_nominative(council_match["name"])
            if council_match and council_match["name"][0].isupper()
            else council_named_above(paragraphs)
        ),
        session=parse_session(block),
        convocation=parse_convocation(block),
        date=parse_date(block),
        number=number_match["number"].rstrip("-–") if number_match else None,
        annex=annex_match["annex"] if annex_match and annex_match["annex"] else None,
    )
    blanks = bool(BLANK.search(block))
    for field in ("council", "session", "convocation", "date", "number", "annex"):
        if getattr(decision, field) is None:
            reason = "left blank in the document" if blanks and field in ("date", "number") else "not found in the header block"
            warnings.append(
                ExtractionWarning("metadata_missing", f"decision {field}: {reason}", Where(field=f"decision.{field}"))
            )
    return decision, warnings


def parse_heading(paragraphs: tuple[str, ...]) -> tuple[str | None, tuple[int | None, int | None]]:
    """The programme's title (nominative) and period from the heading above the table."""
    start, end = header_paragraphs(paragraphs)
    # The heading stands right above the table: search upwards from it, past a passport or notes above.
    for index, paragraph in reversed(list(enumerate(paragraphs))):
        text = collapse_spaces(paragraph)
        if start <= index < end and not regex.search(r"заход|напрям", text, regex.IGNORECASE):
            continue
        match = PROGRAMME_WORD.search(text)
        if not match:
            continue
        # A heading typed as several paragraphs goes on in the ones below that continue its sentence.
        for following in paragraphs[index + 1 :]:
            following = collapse_spaces(following)
            if not following or not following[0].islower() or UNIT_THOUSANDS.search(following):
                break
            text = f"{text} {following}"
        title = programme_nominative(match["adjectives"], match["word"]) + text[match.end() :]
        title = title[0].upper() + title[1:]
        title = title.rstrip(" .:")
        return title, parse_period(title)
    return None, (None, None)


def parse_period(text: str) -> tuple[int | None, int | None]:
    """The year range a programme title ends with (``на 2017-2020 роки``)."""
    matches = list(PERIOD.finditer(text))
    if not matches:
        return None, None
    last = matches[-1]
    if last["single"]:
        return int(last["single"]), int(last["single"])
    return int(last["start"]), int(last["end"])


def parse_unit(*texts: str) -> str | None:
    """``thousand_uah`` or ``uah`` from a header or heading; None when neither says."""
    joined = " ".join(texts)
    if UNIT_THOUSANDS.search(joined):
        return "thousand_uah"
    if UNIT_HRYVNIAS.search(joined):
        return "uah"
    return None


def parse_signature(paragraphs: tuple[str, ...]) -> Signatory:
    """The signatory's position and name from the paragraphs under the table."""
    lines = [collapse_spaces(line) for paragraph in paragraphs for line in regex.split(r"\n|\t|\s{3,}", paragraph)]
    lines = [line for line in lines if line]
    position = name = None
    for line in lines:
        if position is None and SIGNATURE_POSITION.match(line):
            position = line
            continue
        if position is not None and PERSON_NAME.match(line):
            name = line
            break
    return Signatory(position=position, name=name)


def parse_metadata(before: tuple[str, ...], after: tuple[str, ...]) -> Metadata:
    """Everything the paragraphs around the table say about the decision and programme."""
    decision, warnings = parse_decision(before)
    title, period = parse_heading(before)
    if title is None:
        warnings.append(
            ExtractionWarning("title_missing", "no programme title found above the table", Where(field="programme.title"))
        )
    signatory = parse_signature(after)
    if signatory.position is None or signatory.name is None:
        warnings.append(
            ExtractionWarning(
                "signature_missing", "no signatory (position and name) found below the table", Where(field="signatory")
            )
        )
    return Metadata(decision, title, period, signatory, tuple(warnings))

"""The paragraphs around the table: the decision's lines, the heading and the signature.

Header blocks and decision lines this module reads (``real-layouts.md``)::

    Додаток 1 до рішення 40 сесії Коростенської міської ради VII скликання від 27.08.2020р.№1911
    Додаток 2 до рішення двадцять шостої сесії Житомирської міської ради сьомого скликання
        від 22 грудня 2016 року № 1004-34/2017
    Додаток до рішення ХXІX сесії Овруцької міської ради VІІ скликання від 29.11.2018 р. N 1751
    Додаток 3 до рішення міської ради від ______ № ____                    a draft: blanks
    Додаток 6 до рішення обласної ради від 27 лютого 2020 року № 1210-VII
        (ХХІІІ сесія VII скликання)                                          the session on a line of its own
    ЗАТВЕРДЖЕНО рішення Великосеверинівської сільської ради «17»лютого 2021 року №257
        (зі змінами, внесеними рішенням … від … № …)                         later amendments noted
    Додаток до рішення обласної ради від 08 грудня 2016 року № 310-VII
        в редакції рішення обласної ради від «____» 2021 року № ____-VІII    a restated annex: two decisions
    ХАРКІВСЬКА ОБЛАСНА РАДА · VІІІ сесія VІ скликання · РІШЕННЯ ·
        Від 27 жовтня 2011 року · № 250-VІ                                   no annex: the decision's own lines

``decision`` is always the document's own: the restating one of a restated
annex, the amending one when the table stands in an amending decision's text
(``… викласти … у наступній редакції: «`` table ``»``). The decision it
restates or amends is ``amends``: the first of the header block, or the
decision a change sentence names (``Внести зміни до Програми …, затвердженої
рішенням обласної ради від 22 грудня 2010 року № 95-VI``).

A council named by its kind only (``обласної ради``) takes its place from
elsewhere in the document (the letterhead ``ХАРКІВСЬКА ОБЛАСНА РАДА``, a
signature ``Голова Харківської обласної ради``); when the document names none,
the council is what is known (``обласна рада``) with a warning, never a guess.

Headings: ``Напрями діяльності та заходи реалізації Програми розвитку … на
2017-2020 роки``; the programme title is the part from ``Програм…`` on, put
in the nominative; a title line that only names ``Програми`` (``7. Завдання і
заходи Програми``, ``VІІ. ЗАХОДИ РЕГІОНАЛЬНОЇ ПРОГРАМИ``) gives way to a heading
or decision sentence above that names it whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex

from ..model import Decision, ExtractionWarning, Signatory, Where
from .placement import PASSPORT_LABEL
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
# A day typed in quotes, often glued to the month: «17»лютого 2021 · “05” грудня
QUOTED_DAY = regex.compile(r"[«\"“„]\s*(?P<day>\d{1,2})\s*[»\"”]\s*")

# The decision number after № or a Latin N: 1911 · 24/9 · 1004-34/2017 · 3-6/VIII · 1125-VII
DECISION_NUMBER = regex.compile(r"(?:№|(?<![\p{L}])N)\s*(?P<number>[0-9][0-9A-Za-zА-Яа-яІі/\-–]*)")
# A number's slot, written or left blank in a draft: № 1911 · № ____ · № ____-VІII
NUMBER_SLOT = regex.compile(r"(?:№|(?<![\p{L}])N)\s*[0-9_]")
# A convocation written after the number (1210-VII, 250-VІ with Cyrillic І): put in Latin letters.
NUMBER_ROMAN_PART = regex.compile(rf"(?<=[-–/]){ROMAN}$")
# A blank left in a draft: "від ______ № ____" · «____» 2021 року
BLANK = regex.compile(r"_{2,}|…{1,}|\.{4,}")
BLANK_SESSION = regex.compile(r"_{2,}\s*(?:позачергов\w+\s+)?сесі", regex.IGNORECASE)
BLANK_CONVOCATION = regex.compile(r"_{2,}\s*скликання", regex.IGNORECASE)
BLANK_NUMBER = regex.compile(r"(?:№|(?<![\p{L}])N)\s*_")
BLANK_DATE = regex.compile(r"від\s*(?:[«\"“]?\s*_{2,}|\.{4,}|…)|[«\"“]\s*_{2,}\s*[»\"”]|_{2,}\s*(?:19|20)\d{2}", regex.IGNORECASE)

ANNEX = regex.compile(r"Додаток\s*(?:№\s*)?(?P<annex>\d+|[IVXІХ]+)?", regex.IGNORECASE)
SESSION_DIGITS = regex.compile(
    r"(?P<session>\d{1,3})\s*(?:-?\s*[ао]ї?|-?[йї])?\s+(?:позачергової\s+)?сесі[їяю]", regex.IGNORECASE
)
SESSION_ROMAN = regex.compile(rf"(?<![\p{{L}}])(?P<session>{ROMAN})\s+(?i:(?:позачергової\s+)?сесі[їяю])")
SESSION_WORDS = regex.compile(r"(?P<session>(?:[\p{L}'’]+\s+){1,2})(?:позачергової\s+)?сесі[їяю]", regex.IGNORECASE)
CONVOCATION_ROMAN = regex.compile(rf"(?<![\p{{L}}])(?P<convocation>{ROMAN})\s+(?i:скликання)")
CONVOCATION_WORDS = regex.compile(r"(?P<convocation>[\p{L}'’]+)\s+скликання", regex.IGNORECASE)

# Where the header block starts: the annex's own header, or the approval stamp (ЗАТВЕРДЖЕНО рішення …).
ANNEX_HEADER = regex.compile(r"^\s*(?:додаток|затвердж(?:ено|ена|ений)(?![\p{L}]))", regex.IGNORECASE)
# The restating decision in a restated annex's header: … в редакції рішення … · (у редакції рішення …)
RESTATED_BY = regex.compile(r"\(?\s*(?<![\p{L}])[ву]\s+редакції\s+рішен(?:н|ь(?![\p{L}]))", regex.IGNORECASE)
# A line that lists one more decision in a restating clause: від 16 грудня 2021 року № 233-VIII · та від …
NEXT_DECISION = regex.compile(r"^\s*(?:(?:та|і|й|,)\s+)?від(?![\p{L}])", regex.IGNORECASE)
# Where one decision of a list starts: (в редакції рішень … від 12 лютого 2019 року № 1045-VII, від 16 грудня 2021 …)
DECISION_FROM = regex.compile(r"(?<![\p{L}])від(?![\p{L}])", regex.IGNORECASE)
# A session line of its own under the number: (ХХІІІ сесія VII скликання) · (______сесія _____ скликання)
SESSION_LINE = regex.compile(r"^\s*\(?[^()\n]{0,40}сесі[їяю][^()\n]{0,40}\)?\s*$", regex.IGNORECASE)
# A note of later amendments: (зі змінами, внесеними рішенням … від … № …) · (із змінами)
AMENDMENTS_NOTE = regex.compile(r"\(\s*(?:зі|із|з)\s+змінами[^)]*\)?", regex.IGNORECASE)
# A decision's own title line, when the table stands in its text: РІШЕННЯ · Р І Ш Е Н Н Я
DECISION_TITLE = regex.compile(r"^\s*Р\s?[ІI]\s?Ш\s?Е\s?Н\s?Н\s?Я(?![\p{L}])", regex.MULTILINE)
# The letterhead lines above that title: УКРАЇНА · ХАРКІВСЬКА ОБЛАСНА РАДА · VІІІ сесія VІ скликання
LETTERHEAD_LINE = regex.compile(r"УКРАЇН|(?i:рада|сесі|скликання)")
LETTERHEAD_LENGTH = 80
# Words of a heading: the header block never runs into it.
HEADING_WORDS = regex.compile(r"програм|заход|напрям", regex.IGNORECASE)

# A sentence of a decision that changes another one: Внести зміни до … · викласти … в новій редакції.
CHANGE_WORDS = regex.compile(
    r"внест\w*\s+(?:\p{L}+\s+)?змін|внесення\s+змін|виклас(?:ти|вши)|[ву]\s+(?:новій\s+)?редакції|доповн\w+",
    regex.IGNORECASE,
)
# A decision a sentence names, up to its number: рішенням обласної ради від 22 грудня 2010 року № 95-VI
# (the decision's quoted title may stand between: рішенням міської ради «Про затвердження Програми …» від … № 812)
DECISION_REFERENCE = regex.compile(
    r"рішенн(?:я|ям|ю|і)(?![\p{L}])(?:(?!рішенн)(?:«[^«»\n]{0,300}»|“[^“”\n]{0,300}”|\"[^\"\n]{0,300}\"|[^;«»\n])){0,200}?"
    r"(?:№|(?<![\p{L}])N)\s*[0-9][0-9A-Za-zА-Яа-яІі/\-–]*",
    regex.IGNORECASE,
)

# The council, in the genitive as headers write it: Коростенської міської ради · обласної ради (no place).
COUNCIL = regex.compile(
    r"(?P<name>(?P<place>[\p{Lu}][\p{L}'’-]+(?:ої|ьої|ОЇ|ЬОЇ)\s+)?(?P<kind>(?i:міської|сільської|селищної|районної|обласної))\s+(?i:ради))",
)
COUNCIL_KINDS = {
    "міської": "міська", "сільської": "сільська", "селищної": "селищна", "районної": "районна", "обласної": "обласна",
}  # fmt: skip
# A council named in the nominative, as a decision's letterhead does: КОРОСТЕНСЬКА МІСЬКА РАДА.
COUNCIL_NOMINATIVE = regex.compile(
    r"(?<![\p{L}])(?P<name>[\p{L}'’-]+(?:ська|цька|зька))\s+(?P<kind>міська|сільська|селищна|районна|обласна)\s+рада(?![\p{L}])",
    regex.IGNORECASE,
)

# "Програми" and the adjectives before it, in any case: Регіональної програми · ЗАХОДИ РЕГІОНАЛЬНОЇ ПРОГРАМИ
PROGRAMME_WORD = regex.compile(
    r"(?P<adjectives>(?:[\p{L}'’-]+(?:ої|ьої)\s+){0,3})(?P<word>[Пп]рограм(?:и|і|у|ою))(?![\p{L}])"
    r"|(?P<adjectives>(?:[\p{L}'’-]+(?:на|ва|ка|ня)\s+){0,3})(?P<word>[Пп]рограма)(?![\p{L}])"
    r"|(?P<adjectives>(?:[\p{Lu}'’-]+(?:ОЇ|ЬОЇ)\s+){0,3})(?P<word>ПРОГРАМ(?:И|І|У|А|ОЮ))(?![\p{L}])"
)
# Where a title in a decision's sentence ends: …, затвердженої рішенням · (далі – Програма) · викласти
TITLE_END = regex.compile(
    r"""\s*(?:,\s*)?(?:що\s+|яка\s+)?затверджен\w*(?![\p{L}])
    |\s*\((?:далі|зі\s+змінами|із\s+змінами)
    |\s*,\s*(?:а\s+саме|виклавши|шляхом)(?![\p{L}])
    |\s+(?:викласти|виклавши)(?![\p{L}])
    |\s*;""",
    regex.VERBOSE | regex.IGNORECASE,
)
# What may follow "Програми" in a title: a word in lower case or an opening quote («Питна вода», "…", “…”).
TITLE_CONTINUES = regex.compile(r"^\s*(?:[\p{Ll}]|[«“„]|\"\p{L})")
TITLE_CONTINUES_CAPS = regex.compile(r"^\s*(?:[\p{Lu}]{2}|[«“„]|\"\p{L})")
# A year range a line end cut after its dash: на 2023- / 2027 роки
YEAR_DASH_BROKEN = regex.compile(r"(?<=(?:19|20)\d{2}[-–—])\s+(?=(?:19|20)\d{2}(?!\d))")
PERIOD = regex.compile(
    r"(?P<start>(?:19|20)\d{2})\s*[-–—]\s*(?P<end>(?:19|20)\d{2})"
    r"|(?P<start>(?:19|20)\d{2})\s+(?P<end>(?:19|20)\d{2})\s+(?:рок|рр)"  # the dash lost: на 2023 2027 роки
    r"|(?:на\s+)(?P<single>(?:19|20)\d{2})\s+рік",
    regex.IGNORECASE,
)

UNIT_THOUSANDS = regex.compile(r"тис\.?\s*(?:грн|гривень)|тисяч\w*\s+(?:гривень|грн)", regex.IGNORECASE)  # тис. гривень too
UNIT_HRYVNIAS = regex.compile(r"(?<![\p{L}])грн|гривень", regex.IGNORECASE)

# A signatory's position at the start of a line.
SIGNATURE_POSITION = regex.compile(
    r"^(?:Секретар|Міський\s+голова|Сільський\s+голова|Селищний\s+голова|Голова|Перший\s+заступник|Заступник|"
    r"Керуюч\w+\s+справами|В\.\s*о\.|Начальник)(?![\p{L}])",
    regex.IGNORECASE,
)
SIGNATURE_LINE_LENGTH = 160
# Lines a signature is typed on: a tab, runs of spaces, a dotted or underscored signing line (Сільський голова … І.Г. Лідовий).
SIGNATURE_SEPARATOR = regex.compile(r"\n|\t|\s{3,}|…+|_{3,}|\.{4,}")
NAME_FORMS = (
    r"(?:[\p{Lu}]\.\s?){1,2}\s?[\p{Lu}][\p{L}'’-]+"  # В.Вигівський · І.Г. Лідовий · С. ЧЕРНОВ
    r"|[\p{Lu}][\p{Ll}'’-]+\s+[\p{Lu}][\p{Lu}'’-]+"  # Олена ПЕТРЕНКО
    r"|[\p{Lu}][\p{Ll}'’-]+\s+(?:[\p{Lu}]\.\s?){1,2}"  # Вигівський В.О.
)
PERSON_NAME = regex.compile(rf"^(?:{NAME_FORMS})$")
# A name at the end of the position's line: Секретар міської ради Олена ПЕТРЕНКО
NAME_AT_END = regex.compile(rf"\s(?P<name>{NAME_FORMS})$")
# How many lines below its position a name may stand.
NAME_LINES = 2
# How many lines a position may run over after its first (виконавчого апарату / Харківської обласної ради).
POSITION_LINES = 3
# A council in the genitive opening a line of a position: Харківської обласної ради · Коростенської міської ради
POSITION_COUNCIL = regex.compile(
    r"^[\p{Lu}][\p{L}'’-]+(?:ої|ьої)\s+(?:міської|сільської|селищної|районної|обласної)\s+ради(?![\p{L}])"
)


@dataclass(frozen=True)
class Metadata:
    decision: Decision
    programme_title: str | None
    period: tuple[int | None, int | None]
    signatory: Signatory
    warnings: tuple[ExtractionWarning, ...]
    amends: Decision | None = None  # the decision a restated annex or an amending decision changes


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
    """Put a council's name (or a programme's adjectives) from the genitive into the nominative."""
    words = collapse_spaces(genitive).split(" ")
    nominative = []
    for word in words:
        if word == "ради":
            nominative.append("рада")
        elif word.endswith("ьої"):
            nominative.append(word[:-3] + "я")
        elif word.endswith("ої"):
            nominative.append(word[:-2] + "а")
        elif word.endswith("ЬОЇ"):
            nominative.append(word[:-3] + "Я")
        elif word.endswith("ОЇ"):
            nominative.append(word[:-2] + "А")
        else:
            nominative.append(word)
    return " ".join(nominative)


def programme_nominative(adjectives: str, word: str) -> str:
    """Put ``Міської цільової програми`` into the nominative: ``Міська цільова програма``."""
    words = [council_nominative(adjectives)] if adjectives.strip() else []
    words.append(word[0] + ("РОГРАМА" if word.isupper() else "рограма"))
    return " ".join(words)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` in ISO form (``27.08.2020р.``, ``22 грудня 2016 року``, ``«17»лютого 2021``)."""
    text = QUOTED_DAY.sub(lambda match: match["day"] + " ", text)
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


def parse_number(text: str) -> str | None:
    """The decision number as written, without ``№``; a Roman convocation part in Latin letters (``250-VІ`` → ``250-VI``)."""
    match = DECISION_NUMBER.search(text)
    if not match:
        return None
    number = match["number"].rstrip("-–/")
    return NUMBER_ROMAN_PART.sub(lambda part: roman_to_latin(part[0]) if roman_value(part[0]) else part[0], number)


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


def names_its_number(block: str) -> bool:
    """Whether the last decision ``block`` names has its number (or a draft's blank for it) yet."""
    restated = list(RESTATED_BY.finditer(block))
    return bool(NUMBER_SLOT.search(block, restated[-1].end() if restated else 0))


def header_start(paragraphs: Sequence[str]) -> tuple[int, int] | None:
    """Where the decision's own lines start, and how far down their number may stand; None if nowhere.

    An annex's own header (``Додаток …``, ``ЗАТВЕРДЖЕНО …``; the last one, nearest
    the table, when a whole decision with its body precedes the annex); else the
    title of the decision the table stands in (``РІШЕННЯ``) with the letterhead
    lines right above it; else the first paragraph naming a decision with a number.
    """
    annex_headers = [index for index, paragraph in enumerate(paragraphs) if ANNEX_HEADER.match(paragraph)]
    if annex_headers:
        start = annex_headers[-1]
        while start - 1 in annex_headers:  # Додаток 1 / ЗАТВЕРДЖЕНО рішенням …
            start -= 1
        return start, annex_headers[-1] + 4
    titles = [index for index, paragraph in enumerate(paragraphs) if DECISION_TITLE.search(paragraph)]
    if titles:
        start = titles[0]
        while (
            start > 0
            and titles[0] - start < 3
            and len(paragraphs[start - 1]) <= LETTERHEAD_LENGTH
            and LETTERHEAD_LINE.search(paragraphs[start - 1])
        ):
            start -= 1
        return start, titles[0] + 5
    named = [index for index, paragraph in enumerate(paragraphs) if regex.search(r"рішенн|РІШЕННЯ", paragraph)]
    numbered = [index for index in named if NUMBER_SLOT.search(" ".join(paragraphs[index : index + 4]))]
    first = numbered[0] if numbered else named[0] if named else None
    return None if first is None else (first, first + 4)


def header_paragraphs(paragraphs: Sequence[str]) -> tuple[int, int]:
    """Where the header block stands among ``paragraphs``: a ``[start, end)`` range.

    It goes on a paragraph at a time until it holds the decision number (a clerk
    may break the block into several paragraphs), never into the heading; then
    takes a session line, a note of later amendments or the restating decision
    standing under the number.
    """
    found = header_start(paragraphs)
    if found is None:
        return 0, 0
    start, limit = found
    end = start + 1
    while end < len(paragraphs):
        following = paragraphs[end]
        if names_its_number(" ".join(paragraphs[start:end])):
            if RESTATED_BY.match(following):
                limit = end + 3
            elif RESTATED_BY.search(" ".join(paragraphs[start:end])) and NEXT_DECISION.match(following):
                pass  # the restating clause lists one more decision: в редакції рішень … № 1045-VII, / від … № 233-VIII
            elif not (SESSION_LINE.match(following) or regex.match(r"\s*\(?\s*(?:зі|із|з)\s+змінами", following)):
                break
        elif end >= limit or (HEADING_WORDS.search(following) and not RESTATED_BY.search(following)):
            break
        end += 1
    return start, end


def header_block(paragraphs: Sequence[str]) -> str:
    """The header block's text, in one line."""
    start, end = header_paragraphs(paragraphs)
    return collapse_spaces(" ".join(paragraphs[start:end]))


def council_in(text: str) -> tuple[str | None, str | None]:
    """The council ``text`` names in the genitive: its name in the nominative (None when no place is named), and its kind."""
    match = COUNCIL.search(text)
    if not match:
        return None, None
    kind = COUNCIL_KINDS[match["kind"].lower()]
    return (genitive_council_name(match) if match["place"] else None), kind


def genitive_council_name(match: regex.Match[str]) -> str:
    """``Харківської обласної ради`` (or in capitals) as a name in the nominative: ``Харківська обласна рада``."""
    place = council_nominative(match["place"].strip())
    place = "-".join(part.capitalize() for part in place.split("-")) if place.isupper() else place
    return f"{place} {COUNCIL_KINDS[match['kind'].lower()]} рада"


def council_named_above(paragraphs: Sequence[str], kind: str | None = None) -> str | None:
    """The council a letterhead names (``КОРОСТЕНСЬКА МІСЬКА РАДА``), in the nominative; of ``kind`` when given.

    None when no letterhead names one, or when several different councils are named.
    """
    names = set()
    for paragraph in paragraphs:
        for match in COUNCIL_NOMINATIVE.finditer(paragraph):
            if kind is None or match["kind"].lower() == kind:
                name = "-".join(part.capitalize() for part in match["name"].split("-"))
                names.add(f"{name} {match['kind'].lower()} рада")
    return names.pop() if len(names) == 1 else None


def council_named_in(paragraphs: Sequence[str], kind: str) -> str | None:
    """The one council of ``kind`` the text names with its place, in the genitive (``Голова Харківської обласної ради``)."""
    names = set()
    for paragraph in paragraphs:
        for match in COUNCIL.finditer(collapse_spaces(paragraph)):
            if match["place"] and COUNCIL_KINDS[match["kind"].lower()] == kind:
                names.add(genitive_council_name(match))
    return names.pop() if len(names) == 1 else None


def resolve_council(text: str, before: Sequence[str], after: Sequence[str]) -> tuple[str | None, bool]:
    """The council of the decision ``text`` names, and whether its place is known.

    A header naming the council's kind only (``обласної ради``) takes the place
    from the letterhead, then the signature block, then the text above; with no
    council in the header at all, only a letterhead tells. When nothing names the
    place, the kind alone (``обласна рада``) is what is known.
    """
    name, kind = council_in(text)
    if name:
        return name, True
    if kind is None:
        found = council_named_above(before)
        return found, found is not None
    found = council_named_above(before, kind) or council_named_in(after, kind) or council_named_in(before, kind)
    return (found, True) if found else (f"{kind} рада", False)


def read_decision(text: str, before: Sequence[str], after: Sequence[str]) -> tuple[Decision, bool]:
    """The fields of the one decision ``text`` names; with whether its council's place is known."""
    council, placed = resolve_council(text, before, after)
    annex_match = ANNEX.search(text)
    decision = Decision(
        council=council,
        session=parse_session(text),
        convocation=parse_convocation(text),
        date=parse_date(text),
        number=parse_number(text),
        annex=annex_match["annex"] if annex_match and annex_match["annex"] else None,
    )
    return decision, placed


def missing_reason(field: str, text: str, in_annex: bool) -> str:
    """Why a decision field is null: a draft's blank, no annex at all, or not in the header block."""
    blank = {
        "date": BLANK_DATE.search(text),
        "number": BLANK_NUMBER.search(text),
        "session": BLANK_SESSION.search(text),
        "convocation": BLANK_CONVOCATION.search(text),
    }.get(field)
    if blank:
        return "left blank in the document"
    if field == "annex" and not in_annex:
        return "the table stands in the decision's own text, not in an annex"
    return "not found in the header block"


def amending_reference(paragraphs: Sequence[str], own: Decision) -> str | None:
    """The decision a change sentence names (``Внести зміни до Програми …, затвердженої рішенням … № 95-VI``).

    The first decision named after a change word in a paragraph, other than the document's own.
    """
    for paragraph in paragraphs:
        text = collapse_spaces(paragraph)
        change = CHANGE_WORDS.search(text)
        if not change:
            continue
        for match in DECISION_REFERENCE.finditer(text, change.start()):
            reference = match[0]
            if parse_number(reference) and parse_date(reference) and parse_number(reference) != own.number:
                return reference
    return None


def last_decision(text: str) -> str:
    """Of the decisions one restating clause lists (``в редакції рішень … від … № 1045-VII, від … № 233-VIII``),
    the last, which made the text as it stands: the clause's words before its first ``від`` and the last one's."""
    numbers = list(DECISION_NUMBER.finditer(text))
    first_from = DECISION_FROM.search(text)
    if len(numbers) < 2 or first_from is None or first_from.start() > numbers[-2].start():
        return text
    return text[: first_from.start()] + text[numbers[-2].end() :].lstrip(" ,;")


def parse_decisions(
    before: Sequence[str], after: Sequence[str] = ()
) -> tuple[Decision, Decision | None, list[ExtractionWarning]]:
    """The document's own decision, the one it restates or amends (or None), and what was missing.

    A restated annex's header names the original decision, then ``в редакції
    рішення …`` the restating one: the document's own. Without a restating
    decision in the header, a sentence of the decision text above the table
    that changes another decision (``Внести зміни …``, ``… викласти в новій
    редакції``) names the amended one.
    """
    start, end = header_paragraphs(before)
    block = collapse_spaces(" ".join(before[start:end]))
    restated = list(RESTATED_BY.finditer(block))
    own_text = last_decision(block[restated[-1].start() :]) if restated else block
    decision, placed = read_decision(own_text, before, after)
    amends = None
    if restated:
        original_text = block[: restated[0].start()]
        amends, _ = read_decision(original_text, before, after)
        if decision.annex is None and amends.annex is not None:  # Додаток 6 до рішення … в редакції рішення …
            decision = replace(decision, annex=amends.annex)
        if not council_in(own_text)[1] and amends.council:  # a council restates its own decisions
            decision = replace(decision, council=amends.council)
            placed = True
    else:
        reference = amending_reference([*before[end:], *before[:start]], decision)
        if reference:
            amends, _ = read_decision(reference, before, after)

    warnings: list[ExtractionWarning] = []
    in_annex = bool(ANNEX_HEADER.match(before[start])) if start < end else False
    for field in ("council", "session", "convocation", "date", "number", "annex"):
        if getattr(decision, field) is None:
            warnings.append(
                ExtractionWarning(
                    "metadata_missing",
                    f"decision {field}: {missing_reason(field, own_text, in_annex)}",
                    Where(field=f"decision.{field}"),
                )
            )
    if decision.council is not None and not placed:
        warnings.append(
            ExtractionWarning(
                "metadata_missing",
                f"decision council: the document names no place for its {decision.council!r}; only its kind is known",
                Where(field="decision.council"),
            )
        )
    if note := AMENDMENTS_NOTE.search(block):
        warnings.append(
            ExtractionWarning(
                "amendments_noted",
                f"the header notes later amendments ({note[0].strip('() ')!r}): the table may be the text as amended",
                Where(field="decision"),
            )
        )
    return decision, amends, warnings


def parse_decision(paragraphs: Sequence[str], after: Sequence[str] = ()) -> tuple[Decision, list[ExtractionWarning]]:
    """Read the header block into the document's own decision; blanks become None with a warning."""
    decision, _, warnings = parse_decisions(paragraphs, after)
    return decision, warnings


# A line holding only a unit (``тис. грн``, ``(тис. гривень)``): it stands above the table, under the heading.
UNIT_LINE = regex.compile(r"^\s*\(?\s*(?:тис\.?\s*)?(?:грн|гривень)\.?\s*\)?\s*$", regex.IGNORECASE)
# A title's last words: its period (на 2024-2026 роки · на 2023 рік)
ENDS_WITH_PERIOD = regex.compile(r"(?:19|20)\d{2}\s*(?:рок(?:и|ів)|рік|рр?\.?)\s*[.»”\"]?\s*$", regex.IGNORECASE)


def title_lines(rest: str) -> str:
    """The text after ``Програми`` on its line and the lines that go on with the title, in one line.

    A paragraph a PDF gives whole holds the lines below the title too: the title stops at a unit line (``тис.
    грн``) and, once it has its period (``… на 2024-2026 роки``), at a line that starts a new sentence.
    """
    lines = rest.split("\n")
    kept = [lines[0]]
    for line in lines[1:]:
        if UNIT_LINE.match(line) or (ENDS_WITH_PERIOD.search(kept[-1]) and line.lstrip()[:1].isupper()):
            break
        kept.append(line)
    return " ".join(kept)


def title_in(paragraph: str) -> tuple[str, int] | None:
    """The programme a paragraph names whole, in the nominative, and where its name ends; None if it names none.

    ``Програми`` followed by nothing, by a closing quote or by a capitalised
    value (``7. Завдання і заходи Програми``, ``«Завдання і заходи Програми»
    викласти``, a passport's ``Учасники Програми | Департамент …``) names no
    programme; nor does a passport's label (``Мета Програми``, ``Повна назва
    Програми``), though the value after it may (``Програма розвитку …``).
    """
    text = "\n".join(collapse_spaces(line) for line in paragraph.split("\n"))
    for match in PROGRAMME_WORD.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        label = PASSPORT_LABEL.match(text[line_start : match.end()])
        if label and line_start + label.end() > match.start("word"):  # the label's own word
            continue
        rest = title_lines(text[match.end() :])
        continues = TITLE_CONTINUES_CAPS if match["word"].isupper() else TITLE_CONTINUES
        if not continues.match(rest) or regex.match(r"\s*[Пп]рограм", rest):
            continue
        if end := TITLE_END.search(rest):
            rest = rest[: end.start()]
        if len(regex.findall(r"\p{L}", rest)) < 3:
            continue
        title = programme_nominative(match["adjectives"], match["word"]) + rest
        return title[0].upper() + title[1:], match.end() + len(rest)
    return None


def parse_heading(paragraphs: Sequence[str]) -> tuple[str | None, tuple[int | None, int | None]]:
    """The programme's title (nominative) and period from the heading above the table, or the decision text."""
    start, end = header_paragraphs(paragraphs)
    # The heading stands right above the table: search upwards from it, past a passport, notes or title lines above.
    for index in range(len(paragraphs) - 1, -1, -1):
        text = collapse_spaces(paragraphs[index])
        if start <= index < end and not regex.search(r"заход|напрям", text, regex.IGNORECASE):
            continue
        found = title_in(paragraphs[index])
        if found is None:
            continue
        title, title_end = found
        if title_end >= len(collapse_spaces(paragraphs[index])) - 1:
            # A heading typed as several paragraphs goes on in the ones below that continue its sentence.
            for following in paragraphs[index + 1 :]:
                following = collapse_spaces(following)
                if not following or not following[0].islower() or UNIT_THOUSANDS.search(following):
                    break
                title = f"{title} {following}"
        title = YEAR_DASH_BROKEN.sub("", collapse_spaces(title)).rstrip(" .:,«")
        return title, parse_period(title)
    return None, (None, None)


def parse_period(text: str) -> tuple[int | None, int | None]:
    """The year range a programme title ends with (``на 2017-2020 роки``, ``на 2023 2027 роки``)."""
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


def parse_signature(paragraphs: Sequence[str]) -> Signatory:
    """The signatory's position and name from the paragraphs under the table.

    The name stands on the position's line (``Секретар міської ради Олена
    ПЕТРЕНКО``, also where a web page collapsed the spaces between them), after a
    signing line (``Сільський голова ……… І.Г. Лідовий``) or on one of the next lines.
    """
    lines = [collapse_spaces(line) for paragraph in paragraphs for line in SIGNATURE_SEPARATOR.split(paragraph)]
    lines = [line for line in lines if line]
    first_position = None
    for index, line in enumerate(lines):
        if not SIGNATURE_POSITION.match(line) or len(line) > SIGNATURE_LINE_LENGTH:
            continue
        # the name on the position's line, or run over to the next one (a long position wrapped on the page)
        for joined in (line, f"{line} {lines[index + 1]}" if index + 1 < len(lines) else ""):
            if (name := NAME_AT_END.search(joined)) and name.start() < len(line):
                return Signatory(position=joined[: name.start()].strip(" ,"), name=name["name"])
        # a position typed over several lines (Керуючий справами / виконавчого апарату / … обласної ради  Оксана
        # МАЛИШЕВА): the lines that go on with it, and the name at the end of the last or on the line below
        position, last = line, index
        while last + 1 < len(lines) and last - index < POSITION_LINES and continues_position(lines[last + 1]):
            last += 1
            if (name := NAME_AT_END.search(lines[last])) and not PERSON_NAME.match(lines[last]):
                return Signatory(position=f"{position} {lines[last][: name.start()].strip(' ,')}", name=name["name"])
            position = f"{position} {lines[last]}"
        if last > index and last + 1 < len(lines) and PERSON_NAME.match(lines[last + 1]):
            return Signatory(position=position, name=lines[last + 1])
        following = next((text for text in lines[index + 1 : index + 1 + NAME_LINES] if PERSON_NAME.match(text)), None)
        if following:
            return Signatory(position=line, name=following)
        first_position = first_position or line
    return Signatory(position=first_position, name=None)


def continues_position(line: str) -> bool:
    """A line that goes on with the signatory's position: it starts in lower case or names a council in the genitive."""
    if PERSON_NAME.match(line) or SIGNATURE_POSITION.match(line):
        return False
    return line[:1].islower() or bool(POSITION_COUNCIL.match(line))


# A line that goes on with the line above: it starts in lower case or with a figure that is no item's number
# (``громади на 2022-2024 роки``, ``2022-2024 роки, затвердженої …``; ``1. Внести зміни …`` starts an item).
CONTINUATION_LINE = regex.compile(r"^\s*(?:\p{Ll}|\d(?!\d{0,2}(?:\.\d{1,3})*[.)]\s))")


def reflowed(paragraphs: Sequence[str]) -> list[str]:
    """Paragraphs as a person sees them in a text a PDF gives as one block of lines.

    A block of lines (the letterhead, the decision's title, its sentences, all at once) is parted where a line
    does not go on with the one above (``CONTINUATION_LINE``); a DOCX paragraph's lines (``Додаток 1`` / ``до
    рішення …``) go on with each other and stay one paragraph.
    """
    found: list[str] = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        group = [lines[0]]
        for line in lines[1:]:
            if CONTINUATION_LINE.match(line) and group[-1].strip():
                group.append(line)
            else:
                found.append("\n".join(group))
                group = [line]
        found.append("\n".join(group))
    return found


def parse_metadata(before: Sequence[str], after: Sequence[str]) -> Metadata:
    """Everything the paragraphs around the table say about the decision and programme."""
    before = reflowed(before)
    decision, amends, warnings = parse_decisions(before, after)
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
    return Metadata(decision, title, period, signatory, tuple(warnings), amends)

"""Cell text: lines joined, hyphenation undone, look-alikes mapped, lists split."""

from __future__ import annotations

import functools
import re

import regex

# Latin letters that look like Cyrillic ones, as text layers and typists mix them in.
LATIN_TO_CYRILLIC = str.maketrans(
    {
        "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у",
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М",
        "O": "О", "P": "Р", "T": "Т", "X": "Х",
    }
)  # fmt: skip
LOOKALIKE_LATIN = frozenset("aceiopxyABCEHIKMOPTX")
# The word a line ends with, and the one the next line starts with (a hyphen between them kept or dropped).
WORD_AT_END = regex.compile(r"[\w'’]+$")
WORD_AT_START = regex.compile(r"^[\w'’]+")

# A word made of letters: checked for Latin look-alikes among Cyrillic letters.
WORD = regex.compile(r"[\p{L}'’]+")

# The first part of a compound adjective written with a hyphen: інформаційно-, соціально-, науково-.
COMPOUND_FIRST_PART = regex.compile(r"(?:[нвкрлчтсд]о|[А-ЯІЇЄҐA-Z]{2,})$")
# An adjective ending: the second part of such a compound (консультативного, правовий, економічна).
ADJECTIVE_ENDING = regex.compile(r"(?:ий|ій|ого|ому|им|ими|их|а|я|е|є|і|ої|ою|у|ю)$")

# Words written whole before a hyphen: веб-сайт, прес-служба, віце-прем'єр, інтернет-сторінка.
HYPHEN_PREFIX_WORDS = frozenset(
    {"веб", "прес", "віце", "екс", "інтернет", "медіа", "міні", "бізнес", "онлайн", "арт", "фото", "відео"}
)
# Case endings two nouns in apposition share (фондів-організаторів, містах-побратимах).
APPOSITION_ENDINGS = frozenset({"ів", "ам", "ах", "ми", "ою", "ої", "ий", "ого", "ому", "их"})
# A month's name in any case: a range of months keeps its hyphen (травень-вересень, червня-серпня).
MONTH = regex.compile(r"^(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)\p{Ll}*$")

# Words of the vocabulary every annex uses (sources, bodies, headers), in any case: a word a narrow column cut with no
# hyphen is rejoined when the whole is one of them and its head is none (``обласни`` / ``й бюджет``; ``бюджет`` / ``у
# 2021 році`` stays two words). Evidence where the table itself does not spell the word whole.
ADJECTIVE_CASES = r"(?:ий|ій|ого|ього|ому|ьому|им|ім|а|я|ої|ьої|ою|ьою|у|ю|е|є|і|их|іх|ими|іми)"
ANNEX_WORD = regex.compile(
    rf"""^(?:
        (?:обласн|державн|місцев|районн|міськ|сільськ|селищн|бюджетн|позабюджетн|власн|інш|благодійн|спонсорськ
          |капітальн|поточн|технічн|комунальн|територіальн|виконавч|соціальн|експлуатаційн|регіональн|загальн
          |спеціальн|цільов|фінансов|орієнтовн|прогнозн|відповідальн|безпосередн|адміністративн
          |сільськогосподарськ|агропромислов|інформаційн|природоохоронн){ADJECTIVE_CASES}
      | (?:обл|рай)?держадміністраці(?:я|ї|ю|єю)
      | бюджет(?:у|ом|і|и|ів|ам|ами|ах)?
      | фінансуванн(?:я|ю|ям)
      | джерел(?:о|а|ом|і|ами|ах)?
      | кошт(?:и|ів|ам|ами|ах)
      | субвенці(?:я|ї|ю|єю|й|ям|ями)
      | виконанн(?:я|ю|ям)
      | виконавц(?:і|ів|ям|ями)
      | управлінн(?:я|ю|ям)
      | департамент(?:у|ом|і|и|ів)?
      | громад(?:а|и|і|у|ою)?
      | адміністраці(?:я|ї|єю)
    )$""",
    regex.VERBOSE | regex.IGNORECASE,
)


def is_annex_word(word: str) -> bool:
    """Whether ``word`` is one of the words every annex uses (``ANNEX_WORD``), in any case."""
    return ANNEX_WORD.match(word) is not None


# The number a measure text starts with: "1.", "2. ", "1.1.", "3)"; not a year.
LEADING_NUMBER = regex.compile(r"^\s*(?P<number>\d{1,3}(?:\.\d{1,3})*)(?:[.)]|(?=\s))\s*")

WHITESPACE = regex.compile(r"[\s\u00a0\u202f\u2009]+")
# A text with no Latin letter has no look-alike to map.
ASCII_LETTER = regex.compile(r"[A-Za-z]")
CYRILLIC = regex.compile(r"\p{Cyrillic}")


def collapse_spaces(text: str) -> str:
    """Fold every run of white space (NBSP included) into one space."""
    if "\x1c" not in text and "\x1d" not in text and "\x1e" not in text and "\x1f" not in text:
        # Without the four controls ``str.split`` takes for white space (file to unit separators) and WHITESPACE does
        # not, it splits at WHITESPACE's white space, in C: a cell's text is folded often.
        return " ".join(text.split())
    return WHITESPACE.sub(" ", text).strip()


def fix_lookalikes(text: str) -> str:
    """Map Latin look-alikes to Cyrillic inside words that are otherwise Cyrillic."""

    def mapped(match: regex.Match[str]) -> str:
        word = match.group(0)
        latin = {char for char in word if "a" <= char.lower() <= "z"}
        if latin and latin <= LOOKALIKE_LATIN and CYRILLIC.search(word):
            return word.translate(LATIN_TO_CYRILLIC)
        return word

    if not ASCII_LETTER.search(text):
        return text  # every look-alike is an ASCII letter: none here
    return WORD.sub(mapped, text)


def keeps_hyphen(left: str, right: str) -> bool:
    """Tell whether ``left-`` + ``right`` at a line end is a real hyphenated word.

    A compound adjective keeps its hyphen (``інформаційно-консультативного``,
    ``організаційно-правовий``); an abbreviation before a hyphen keeps it too
    (``ІТ-фахівці``), as do a whole word such as ``веб-`` and two nouns in the same
    case (``фондів-організаторів``); a word the line end cut is rejoined (``фінан-сування``).
    """
    left_word = WORD_AT_END.findall(left)
    right_word = WORD_AT_START.findall(right)
    if not left_word or not right_word:
        return True
    first, second = left_word[0], right_word[0]
    if second[0].isupper() or second[0].isdigit():
        return True
    if first.isupper() or first.lower() in HYPHEN_PREFIX_WORDS:
        return True
    if len(first) >= 4 and len(second) >= 4 and any(first.endswith(e) and second.endswith(e) for e in APPOSITION_ENDINGS):
        return True  # two whole nouns in the same case: фондів-організаторів
    if MONTH.match(first.lower()) and MONTH.match(second):
        return True  # a range of months: травень-вересень
    return (
        len(first) >= 5
        and len(second) >= 5
        and COMPOUND_FIRST_PART.search(first) is not None
        and ADJECTIVE_ENDING.search(second) is not None
    )


# A line that starts with the hyphen of a compound whose first part ends the line above (no bullet: no space after it).
COMPOUND_HYPHEN_START = regex.compile(r"^-\p{Ll}")
# The same compound once its line break became a space (HTML collapses white space; a header's lines joined):
# "Експлуатаційно -технічне". A bullet has a space after its dash ("засобами - телебачення") and stays.
SPACED_COMPOUND_HYPHEN = regex.compile(r"(?P<left>\p{L}+) -(?P<right>\p{Ll}[\p{L}'’]*)")


def glue_compound_hyphens(text: str) -> str:
    """Close the space before a compound's hyphen: ``Експлуатаційно -технічне`` → ``Експлуатаційно-технічне``."""

    def glued(match: regex.Match[str]) -> str:
        left, right = match["left"], match["right"]
        if COMPOUND_FIRST_PART.search(left) and keeps_hyphen(left, right):
            return f"{left}-{right}"
        return match[0]

    return SPACED_COMPOUND_HYPHEN.sub(glued, text) if " -" in text else text


def join_lines(lines: tuple[str, ...] | list[str]) -> str:
    """Join a cell's lines into one text: spaces between lines, line-end hyphens undone."""
    text = ""
    for line in lines:
        line = collapse_spaces(line)
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[0].isalpha():
            text = text + line if keeps_hyphen(text[:-1], line) else text[:-1] + line
        elif text.endswith(("-", "–")) and len(text) > 1 and (text[-2].isdigit() or text[-2] == ".") and line[0].isdigit():
            text = text + line  # a year range or a funding pair cut at its dash: 2017- / 2020, 2020р.- / 133,100
        elif text.endswith(("–", "—")) and len(text) > 1 and text[-2].isalpha() and line[0].islower():
            text = text + line  # a dash inside a compound, never hyphenation: житлово– / комунального
        elif COMPOUND_HYPHEN_START.match(line) and COMPOUND_FIRST_PART.search(text):
            text = text + line  # the hyphen carried to the next line: Експлуатаційно / -технічне
        else:
            text = f"{text} {line}"
    return glue_compound_hyphens(text)


# A hyphen left inside a word by the original's line end: Облас-ний · фінансу-вання · територіаль-них
INNER_HYPHEN = regex.compile(r"(?P<left>\p{L}+)-[ \t]*\n?[ \t]*(?P<right>\p{Ll}[\p{L}'’]*)")


def undo_hyphenation(text: str) -> str:
    """Rejoin words a hyphen left from hyphenation cuts, inside a line too (``Облас-ний`` → ``Обласний``).

    For labels (header cells, source names), where a hyphen in a word is far
    more often a leftover than a compound; compounds keep it by the same rule
    as at a line end (``науково-дослідні``, ``фондів-організаторів``).
    """

    def joined(match: regex.Match[str]) -> str:
        left, right = match["left"], match["right"]
        return f"{left}-{right}" if keeps_hyphen(left, right) else left + right

    return INNER_HYPHEN.sub(joined, text)


def clean_cell(lines: tuple[str, ...] | list[str]) -> str:
    """The text of a cell as one clean string."""
    return fix_lookalikes(join_lines(lines))


def strip_measure_number(text: str) -> tuple[str | None, str]:
    """Split ``"1.Членство …"`` into ``("1", "Членство …")``; no number gives ``None``."""
    match = LEADING_NUMBER.match(text)
    if not match:
        return None, text
    return match.group("number"), text[match.end() :]


def strip_dangling(text: str) -> str:
    """Drop separators a cut-off list leaves at the end of a text (``…м.Коростень,``)."""
    return text.rstrip(" ,;:").strip()


@functools.lru_cache(maxsize=16)
def separator_pattern(separators: str) -> re.Pattern[str]:
    """A pattern matching any one of ``separators``."""
    return re.compile(f"[{re.escape(separators)}]")


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split ``text`` at any of ``separators`` that stands outside brackets or quotes."""
    parts: list[str] = []
    if "(" not in text and "[" not in text and "«" not in text:
        parts = separator_pattern(separators).split(text)  # nothing opens: every separator stands outside
    else:
        current: list[str] = []
        depth = 0
        for char in text:
            if char in "([«":
                depth += 1
            elif char in ")]»" and depth:
                depth -= 1
            if char in separators and depth == 0:
                parts.append("".join(current))
                current = []
            else:
                current.append(char)
        parts.append("".join(current))
    return [part for part in (collapse_spaces(p).strip(" .") for p in parts) if part]


# Nouns an executor item is headed by (a stem each): a department, an office, a person, a body.
EXECUTOR_HEAD = regex.compile(
    r"(?<![\p{L}])(?:відділ|управлін|департамент|служб|сектор|центр|комітет|виконком|міськвиконком|комісі|рад[аи]|"
    r"апарат|інспекці|заступник|секретар|керуюч|начальник|керівник|голов|депутат|громад[аи]|орган|організаці|"
    r"підприємств|установ|заклад|розпорядник|старост|працівник|спеціаліст|фахівц|член|активіст|мешканц|жител|"
    r"партнер|виконав|учасник|мер|суб['’ʼ]єкт|юридичн|фізичн|товариств|об['’ʼ]єднан|спілк|асоціаці|підрозділ)",
    regex.IGNORECASE,
)
# A body's name as an executors cell writes it: its head noun first (Відділ освіти · Управління ЖКГ · Служба у справах
# дітей), after up to three adjectives (Вільшанська сільська рада · Виконавчий комітет · Комунальне підприємство «…»),
# or an abbreviation (ЦНАП · КП «Зеленбуд» · КНП). A noun before the head (Утримання закладів …) is a measure's text.
BODY_NAME = regex.compile(
    r"""^[-–—•·\s]*(?:
        (?:(?![\p{L}'’-]*(?:ння|ття)\s)[\p{L}'’-]+(?:ий|ій|ої|ого|их|а|я|е|є|і)\s+){0,3}"""
    + EXECUTOR_HEAD.pattern
    + r"""| (?-i:[А-ЯІЇЄҐ]{2,6})(?:\s|$|[«"“,;(])
    )""",
    regex.VERBOSE | regex.IGNORECASE,
)


def names_bodies(text: str) -> bool:
    """Whether every item of a cell (parted by commas and semicolons) names a body: an executors cell."""
    items = split_outside_brackets(text, ",;")
    return bool(items) and all(BODY_NAME.match(item) for item in items)


# A body named by its abbreviation and its quoted name: КП «Зеленбуд» · КНП "…" · ТОВ “…” (a lone ОДА or ХОДА
# after a department's name is part of that name, not a body of its own)
ABBREVIATED_BODY = regex.compile(r"^[А-ЯІЇЄҐ]{2,6}\s*[«\"“]")
ABBREVIATION_ALONE = regex.compile(r"^[А-ЯІЇЄҐ]{2,6}$")


def split_executors(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Split an executors cell into its items at commas and semicolons.

    Line ends do not part items: a page break or a narrow column cuts executors
    mid-phrase (``відділ з питань внутрішньої`` + ``політики, …``). A part that
    starts in lower case and names no executor (``оргроботи та контролю``,
    ``відповідальні за виконання проектів``, ``тощо``) continues the item
    before it: ``відділ з питань внутрішньої політики, оргроботи та контролю``.
    """
    items: list[str] = []
    for paragraph in executor_paragraphs(lines):
        # a semicolon always parts items; a comma may stand inside one
        for listed in split_outside_brackets(clean_cell(paragraph), ";"):
            first = True
            for part in split_outside_brackets(listed, ","):
                part = BULLET.sub("", part)
                if not part:
                    continue
                continues = not first and part[0].islower() and not EXECUTOR_HEAD.search(part)
                if items and continues:
                    items[-1] = f"{items[-1]}, {part}"
                else:
                    items.append(part)
                first = False
    return tuple(items)


# A dash or dot bullet opening a list item inside a cell: "- учасникам бойових дій;"
BULLET = regex.compile(r"^\s*[-–—•·]\s+")
# Words a line cannot end with when the next line starts a new item: a preposition or conjunction wants more.
CONNECTOR_END = regex.compile(r"(?:^|\s)(?:та|і|й|з|із|за|у|в|до|по|на|при|від|для|щодо|[-–—])\s*$", regex.IGNORECASE)


def executor_paragraphs(lines: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The cell's lines grouped into items written one per paragraph: a line that starts a body's name in capitals
    (``Департамент …``, ``Управління …``) after a line that is complete starts a new one."""
    groups: list[list[str]] = []
    for index, line in enumerate(lines):
        bare = BULLET.sub("", line).strip()
        following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
        abbreviated = ABBREVIATED_BODY.match(bare) or (ABBREVIATION_ALONE.match(bare) and following[:1] in ("«", '"', "“"))
        starts_body = bool(line[:1].isupper() and (EXECUTOR_HEAD.match(bare) or abbreviated))
        previous = groups[-1][-1] if groups else ""
        if groups and not (starts_body and previous and not CONNECTOR_END.search(previous)) and not BULLET.match(line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [tuple(group) for group in groups]


# Where a new funding source starts inside one line: "Кошти міського бюджету Кошти фондів …".
SOURCE_START = regex.compile(
    r"(?<=\S)\s+(?=(?:Кошти|Державний\s+бюджет|Обласний\s+бюджет|Міський\s+бюджет|Місцевий\s+бюджет"
    r"|Районний\s+бюджет|Бюджет\s+\w+\s+громади|Інші\s+джерела|Власні\s+кошти|Позабюджетні)\b)"
)


# What a funding source's name starts with: a part after a comma that does not continues the one before
# ("Бюджети сіл, селищ, міст територіальних громад"; "… інші джерела, не заборонені чинним законодавством").
SOURCE_NAME = regex.compile(
    r"^(?:кошти|бюджет|державн|обласн|районн|міськ|місцев|сільськ|селищн|інш|власн|позабюджетн|субвенці|дотаці|"
    r"спонсор|благодійн|кредит|інвест|фонд|за\s+рахунок|фінансування|за\s+окремою)",
    regex.IGNORECASE,
)


def split_sources(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Split a funding-sources cell into its items, wording kept as written, hyphenation undone.

    A comma parts items unless the part after it starts in lower case with a
    word no source name starts with: then it continues the item before.
    """
    items: list[str] = []
    # a source's name is a label: a hyphen the original's line end left in a word goes (територіаль-них)
    for part in split_outside_brackets(undo_hyphenation(clean_cell(lines)), ";,"):
        if items and part[:1].islower() and not SOURCE_NAME.match(part):
            items[-1] = f"{items[-1]}, {part}"
            continue
        items.extend(collapse_spaces(piece) for piece in SOURCE_START.split(part))
    return tuple(item for item in items if item)

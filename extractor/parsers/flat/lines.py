"""Step 1: a copy's lines as paragraphs (a text view's, LibreOffice's, a scraper's barred text), and each paragraph's
kind (an item number, an amount, a term, a total's label, a signature, text …) for the cell scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

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

"""OCR's own misreadings, put right where the context leaves no doubt.

====================  ===========  ==============================================================
read                  meant        where
====================  ===========  ==============================================================
``Хе1911``            ``№1911``    the header block: "від 27.08.2020р.№1911"
``Мо п/п``            ``№ п/п``    the first column's header (also "№ з/п")
``ХМ 24/9``           ``№ 24/9``   the header block of another council
``24.12.2020 М 24/9`` ``№ 24/9``   one letter (or a lone ``3``) for "№", right after the decision's date
``No 24/9``           ``№ 24/9``   (with Latin letters, when English data is mixed in)
``МП скликання``      ``VII``      a bold Roman numeral; re-read from its letters' shapes or with Latin capitals
``1 2 З 4``           ``1 2 3 4``  the row of column numbers: Cyrillic З for 3, О for 0
``5, Розвиток``       ``5.``       a measure's number at the start of a cell: the dot taken for a comma
``З. Виготовлення``   ``3.``       a measure's number in Cyrillic look-alikes (``З`` for 3, ``б`` for 6)
``І.1.`` (a cell)     ``1.1.``     a measure's id alone in the № column (``І`` or ``і`` for 1, ``О`` for 0 too)
``вт.`` (a line)      ``в т.ч.``   a line that is all that is left of "в т.ч." (its colon kept)
``Державний. бюджет`` ``Державний``  a full stop after a long word before a lowercase one: dust on the baseline
``"бюджет``           ``бюджет``   a lone straight quote before a lowercase word: dust at the top of the line
``Всього "``          ``Всього``   a lone straight quote after a line's last word (no quote opened it), or glued to it
``«у тому числі``     ``у тому``   an opening guillemet with no closing one, before a lowercase word
``- -,`` (a line)     (none)       a line of marks only, not a lone dash: a stamp's fragments
``я тому числі``      ``у тому``   "у тому числі" (including) with its "у" read as "я"
``Міський бюджет.``   ``Міський``  a full stop closing a short label the same column spells without one elsewhere
``Всього !``          ``Всього``   punctuation alone beside words, or glued before a line's first letter (``./у``)
``санітарної Допомоги`` ``допомоги`` a capital inside a phrase where the same column spells the word in lower case
``втич.`` ``втч.``     ``вт.ч.``    "в т.ч." (including) with its first dot taken for "и", or lost
``202: 22 рік``       ``2022 рік``  a year before "рік"/"роки" broken by a speck: its century, then the two digits after
``202: 022 рік``      ``2022 рік``  (the year's third digit read twice, before and after the speck)
``тис. трн``          ``тис. грн``  the unit with its г read as т or п
``Сл авутська``       ``Славутська`` a word split at a space where the same column spells it whole (``column_joins``)
====================  ===========  ==============================================================
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import regex

from .tesseract import Word, cv2, ocr_line

if TYPE_CHECKING:
    from .cells import CellText

# OCR's spellings of "№" in front of a number or of "п/п".
NUMERO = regex.compile(
    r"""
    (?<![\p{L}])
    (?: Хе | Хо | ХМ | Мо | Ме | Ne | No | Nо | N° | Nº )   # № taken for two letters
    (?= \s* (?: \d | [пз]/п ) )                            # only before a number, "п/п" or "з/п"
    """,
    regex.VERBOSE,
)
# "№" read as one letter (a speck after it: "Ж,", "Х»"), right after a decision's date: "від 24.12.2020 М 24/9"
# (or as a ``3``, standing alone between the date and the number: "від 16.02.2022 3 412")
NUMERO_AFTER_DATE = regex.compile(r"(?<=\d{2}\.\d{2}\.\d{4}\s*(?:р\.|року)?\s*)(?:[МNНЖХ][.,»]?(?=\s*\d)|(?<=\s)3(?=\x20+\d))")
# A leading number whose dot came out as another mark, before a capitalised word: "5, Розвиток", "2: Участь".
NUMBER_DOT = regex.compile(r"^(?P<number>\d{1,2})[,:;](?=\s*\p{Lu})")
# "в т.ч." with the dot after "т" read as a letter or lost: "втич.", "в тич.", "втч.", "в тч"
INCLUDING = regex.compile(r"(?<![\p{L}])в\s*т\s*[иі]?ч(?=[.:\s]|$)")
# A line that is nothing but a mangled "в т.ч.:" ("вт.", "в т.", "вт:"): no other line is made of those letters.
INCLUDING_LINE = regex.compile(
    r"^[\x20\t]*в[\x20\t]*т[\x20\t]*[.,:]?[\x20\t]*(?:[чи][\x20\t]*[.,]?)?[\x20\t]*:?[\x20\t]*$", regex.MULTILINE
)
# A full stop after a long word, before a lowercase one, or between two words with no space: dust on the baseline, not
# the end of a sentence (abbreviations that take a full stop mid-sentence are short: "тис. грн", "м.Коростень").
SPECK_PERIOD = regex.compile(r"(?<=\p{L}{5})\.(?P<spaced>(?=[\x20\n]+\p{Ll}))|(?<=\p{L}{4})\.(?=\p{Ll}{4})")
# A straight quote alone in a cell, before a lowercase word: dust at the top of the line.
LONE_QUOTE = regex.compile(r'(?<![\p{L}\d])"(?:\x20(?=\p{L})|(?=\p{Ll}))|(?<=\p{L})\x20*"$', regex.MULTILINE)
# An opening guillemet with no closing one in the cell, before a lowercase word: a stamp's mark (a name in «» starts
# with a capital: «Шляхрембуд»).
LONE_GUILLEMET = regex.compile(r"(?<![\p{L}\d])«\x20?(?=\p{Ll})")
# "у тому числі" (including) with its "у" read as "я": no Ukrainian phrase starts so.
IN_THAT_NUMBER = regex.compile(r"(?<![\p{L}])я(?=\x20тому\x20числі)", regex.IGNORECASE)
# Punctuation alone, of the kinds specks are read as (not a dash, a bracket, a quote or №); marks before a first letter.
STRAY_TOKEN = regex.compile(r"^[.,:;!|/\\'`~^*_]+$")
WORDLIKE = regex.compile(r"[\p{L}\d]")
# A line of marks only that is not a lone dash (no amount): what a stamp's fragments or dust read as ("- -,", ".:").
JUNK_LINE = regex.compile(r"^(?![\x20]*[-–—][\x20]*$)[\x20\-–—.,:;!|/\\'`~^*_\"]+$")
LEADING_MARKS = regex.compile(r"^[.,:;!|/\\'`~^*_]+(?=\p{L}|\d{1,2}[.,]\s*\p{L})")  # ".5. Розвиток" too
# A measure's id standing alone in its cell, a digit of it read as a Cyrillic look-alike: "І.1." · "2.З." · "1.О."
LOOKALIKE_ID = regex.compile(r"^(?P<number>(?=[^\n]*\d)[\dЗбІіО]{1,2}(?:\.[\dЗбІіО]{1,2}){1,2}\.?)$")
# A measure's number at the start of a cell with Cyrillic look-alikes for its digits: "З. Виготовлення", "1З. Участь".
LOOKALIKE_NUMBER = regex.compile(r"^(?P<number>[\dЗб]{1,2})(?=[.,]\s*\p{Lu})")
# A year before "рік"/"роки"/"р." broken in two by a speck or a pen stroke: "202: 22 рік", "20. 22 рік" → "2022 рік".
# The century (19, 20) starts it, a broken third digit and a mark may follow, and the two digits before the word end it.
BROKEN_YEAR = regex.compile(r"(?<![\d.,])(?P<century>19|20)\d?[:;.,'`]?\x20+\d?(?P<tail>\d{2})(?=\s*(?:рік|роки|р\.))")
# A Roman numeral as Latin capitals; the words that take one after it.
# "грн" after "тис." with its г read as т or п (the unit of a header: "тис. трн").
HRYVNIAS = regex.compile(r"(?<=тис\.\s?)[тп]рн(?!\p{L})")
# Two pieces of a word OCR split at a space: a token ending in letters, then one of lowercase letters (``«Сл авутська``).
SPLIT_HEAD = regex.compile(r"\p{L}+$")
SPLIT_TAIL = regex.compile(r"^\p{Ll}+(?=[»\",.)]?$)")
SPLIT_WORD_PARTS = regex.compile(r"\p{L}+")
ROMAN_NUMERAL = regex.compile(r"^[IVXLC]{1,8}$")
# A well-formed numeral up to 89 (sessions and convocations): what a shape reading must give.
CANONICAL_ROMAN = regex.compile(r"^(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
ROMAN_CONTEXT = regex.compile(r"^(?:скликанн|сесі)", regex.IGNORECASE)
# Letters OCR gives for digits, fixed only in a row of column numbers.
DIGIT_LOOKALIKES = str.maketrans(
    {"З": "3", "з": "3", "О": "0", "о": "0", "O": "0", "б": "6", "І": "1", "і": "1", "l": "1", "|": "1"}
)
# A word inside a phrase: after a lowercase word (and a space or a line break), no sentence or quotation before it.
CAPITAL_INSIDE = regex.compile(r"(?<=\p{Ll}[\x20\n])\p{Lu}\p{Ll}{2,}")
WORD = regex.compile(r"\p{L}{3,}")
SHORT_LABEL_WORDS = 4  # a label (a source, a body's name) is this short; a longer text may end a sentence
SPOILED_NUMBER_LENGTH = 12  # a cell of the column-numbers row a stamp or dust spoiled holds at most this much
COLUMN_NUMBER = regex.compile(r"^[\dЗзОоOбІl|]{1,2}[.,]?$")  # a speck may follow: "2."


def fix_ocr_text(text: str) -> str:
    """Put right the misreadings in the table above that the text around them settles.

    ``text`` is a whole cell (lines joined by newlines): ``№`` may stand alone on
    the line above ``п/п``, and a measure's number starts the cell, not a line.
    """
    text = NUMERO.sub("№", text)
    text = NUMERO_AFTER_DATE.sub("№", text)
    text = LOOKALIKE_NUMBER.sub(lambda match: match["number"].translate(DIGIT_LOOKALIKES), text)
    text = LOOKALIKE_ID.sub(lambda match: match["number"].translate(DIGIT_LOOKALIKES), text)
    text = NUMBER_DOT.sub(r"\g<number>.", text)
    text = "\n".join("" if JUNK_LINE.match(line) else without_stray_marks(line) for line in text.split("\n"))
    if text.count('"') == 1:
        text = LONE_QUOTE.sub("", text)
    if "«" in text and "»" not in text:
        text = LONE_GUILLEMET.sub("", text)
    text = SPECK_PERIOD.sub(lambda match: "" if match.group("spaced") is not None else " ", text)
    text = INCLUDING_LINE.sub(lambda match: "в т.ч.:" if ":" in match.group() else "в т.ч.", text)
    text = IN_THAT_NUMBER.sub("у", text)
    text = BROKEN_YEAR.sub(r"\g<century>\g<tail>", text)
    text = HRYVNIAS.sub("грн", text)
    return INCLUDING.sub("вт.ч", text)


def without_stray_marks(line: str) -> str:
    """A line without the marks a speck or a stamp's fragment leaves beside its words: ``Всього !`` · ``./у тому``.

    A token of punctuation alone goes when the line has words (a lone ``-``
    cell, no amount, stays), and so do marks glued before a line's first letter.
    """
    tokens = line.split(" ")
    if len(tokens) > 1 and any(WORDLIKE.search(token) for token in tokens):
        tokens = [token for token in tokens if not STRAY_TOKEN.match(token)]
    line = " ".join(tokens)
    return LEADING_MARKS.sub("", line)


def column_case(texts: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The cells of one column (their lines) with a word OCR read with a capital inside a phrase put back in lower
    case where the column spells it so elsewhere: ``медико-санітарної Допомоги»`` beside ``допомоги»`` (at 150 dpi
    a lowercase ``д`` or ``п`` is told from its capital by its size only). A word that starts a cell, a sentence or
    a quotation, or that the column never spells in lower case (``«Славутська``), is left as read."""
    lower = {word for lines in texts for line in lines for word in WORD.findall(line) if word[0].islower()}
    if not lower:
        return texts

    def fixed(match: regex.Match[str]) -> str:
        word = match.group()
        return word[0].lower() + word[1:] if word[0].isupper() and word[1:].islower() and word.lower() in lower else word

    out = []
    for lines in texts:
        text = "\n".join(lines)
        out.append(tuple(CAPITAL_INSIDE.sub(fixed, text).split("\n")) if lines else lines)
    return out


def column_joins(texts: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The cells of one column (their lines) with a word OCR split in two put back whole where the column spells it
    whole elsewhere: ``КНП «Сл авутська`` beside ``КНП «Славутська`` (a wide gap between two letters at 150 dpi)."""
    whole = {word for lines in texts for line in lines for word in SPLIT_WORD_PARTS.findall(line) if len(word) >= 5}
    if not whole:
        return texts

    def joined(line: str) -> str:
        tokens = line.split(" ")
        index = 0
        while index + 1 < len(tokens):
            head, tail = SPLIT_HEAD.search(tokens[index]), SPLIT_TAIL.match(tokens[index + 1])
            if head and tail and head[0] + tail[0] in whole:
                tokens[index : index + 2] = [tokens[index] + tokens[index + 1]]
            else:
                index += 1
        return " ".join(tokens)

    return [tuple(joined(line) for line in lines) for lines in texts]


def stray_full_stops(texts: list[tuple[str, ...]]) -> set[int]:
    """The cells of one column (their lines) whose closing full stop is dust: the column spells the same label
    without it elsewhere (``Міський бюджет.`` under ``Міський бюджет``), and the label is short (no sentence)."""
    spelled = {" ".join(" ".join(lines).split()) for lines in texts if lines}
    return {
        index
        for index, lines in enumerate(texts)
        if lines and lines[-1].endswith(".") and not lines[-1].endswith("..")
        and len(" ".join(lines).split()) <= SHORT_LABEL_WORDS and " ".join(" ".join(lines).split())[:-1].rstrip() in spelled
    }  # fmt: skip


def column_number(text: str) -> int | None:
    """The number a cell of a column-numbers row holds (``З`` read for ``3`` counts), if it is one."""
    text = text.strip().rstrip(".")
    if not COLUMN_NUMBER.match(text):
        return None
    digits = text.translate(DIGIT_LOOKALIKES)
    return int(digits) if digits.isdigit() else None


def fix_column_numbers(texts: list[CellText]) -> list[CellText]:
    """A row of column numbers (``1 2 З 4 …``) found as such, every cell given its number.

    It is the row whose cells, read as numbers (``З`` for 3, a speck after
    one), mostly count the grid's columns in order (``1`` in the first, ``2``
    in the second, or from another start when the row begins further right);
    the others are short (a number a stamp or dust spoiled: ``5 Ро ка`` under a
    stamp's lettering) or empty (a number lost). The row then tells the columns
    apart as printed, never as data (and its cells' digits are in no doubt:
    each is its column's number).
    """
    if len(texts) < 3:
        return texts
    numbers = [column_number(text.lines[0]) if len(text.lines) == 1 else None for text in texts]
    if any(len(text.lines) > 2 or len(" ".join(text.lines)) > SPOILED_NUMBER_LENGTH for text in texts):
        return texts
    starts = [number - index for index, number in enumerate(numbers) if number is not None]
    if not starts:
        return texts
    start = max(set(starts), key=starts.count)
    if starts.count(start) < max(3, 0.6 * len(texts)) or start < 0:
        return texts
    confidence = min((text.confidence for text in texts if text.confidence is not None), default=None)
    return [
        replace(text, lines=(str(start + index),), confidence=text.confidence if text.lines else confidence, unsure=())
        for index, text in enumerate(texts)
    ]


# --- Roman numerals -------------------------------------------------------------------


def reread_roman(image: np.ndarray, line: list[Word], index: int) -> str:
    """A word that stands for a Roman numeral (``VII скликання``) read again from its shapes or with Latin capitals.

    The Ukrainian model reads a bold ``VII`` as ``МП`` with high confidence;
    the words that take a Roman numeral tell where one is due.
    """
    word = line[index]
    following = line[index + 1].text if index + 1 < len(line) else ""
    if not ROMAN_CONTEXT.match(following) or ROMAN_NUMERAL.match(word.text) or word.text.isdigit():
        return word.text
    x0, top, x1, bottom = word.box
    crop = image[max(top - 4, 0) : bottom + 4, max(x0 - 4, 0) : x1 + 4]
    by_shape = roman_by_shape(crop)
    if by_shape is not None:
        return by_shape
    padded = cv2.copyMakeBorder(crop, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
    reread = ocr_line(padded, "IVXLC")
    return reread if ROMAN_NUMERAL.match(reread) else word.text


def ink_span(rows: np.ndarray) -> float:
    """The share of a glyph's width that a band of its rows inks, from the leftmost to the rightmost ink."""
    columns = np.nonzero(rows.any(axis=0))[0]
    return (columns[-1] - columns[0] + 1) / rows.shape[1] if columns.size else 0.0


def roman_by_shape(crop: np.ndarray) -> str | None:
    """Read a Roman numeral of I, V, X and L from its letters' shapes; None when a letter is none of them.

    Tesseract reads a bold ``VIII`` as ``VII`` or ``VI`` depending on the scale, with
    high confidence; the letters themselves are easy to tell apart. Each letter is
    one blob of ink: ``I`` is narrow (or, with slab serifs, narrow at its waist);
    of the wide ones, ``V`` is narrow at its foot, ``L`` narrow at its head, ``X``
    wide at both and at its waist.
    """
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    blobs = sorted((stats[label] for label in range(1, count)), key=lambda blob: blob[0])
    tallest = max((blob[3] for blob in blobs), default=0)
    letters = []
    for x, y, width, height, _ in blobs:
        if height < 0.6 * tallest:
            if height < 0.2 * tallest:
                continue  # a speck
            return None  # a lower-case or punctuation mark: not a Roman numeral
        if width < 0.55 * height:
            letters.append("I")
            continue
        if width > 1.2 * height:
            return None  # two letters run together: their shapes cannot be told
        glyph = ink[y : y + height, x : x + width] > 0
        band = max(height // 5, 1)

        head, foot = ink_span(glyph[:band]), ink_span(glyph[-band:])
        waist = ink_span(glyph[int(height * 0.22) : int(height * 0.28) + 1])  # X has two arms apart there, I one stem
        if foot < 0.5 <= head:
            letters.append("V")
        elif head < 0.65 and foot >= 0.8:
            letters.append("L")
        elif head >= 0.6 and foot >= 0.6:
            # a slab-serif I is as wide as an X at head and foot, but narrower overall and one stem at its waist
            letters.append("X" if waist >= 0.45 and width >= 0.75 * height else "I")
        else:
            return None
    numeral = "".join(letters)
    return numeral if CANONICAL_ROMAN.match(numeral) else None

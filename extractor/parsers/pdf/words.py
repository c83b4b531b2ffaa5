"""Line breaks that only the cell's width made: words broken without a hyphen, amounts cut after a dash.

Other line ends (hyphenated words among them) are left to the normaliser's ``join_lines``.
"""

from __future__ import annotations

from collections import Counter

import regex

from .model import Box, Char, Line, LineEnd

# A space is about this share of the font size wide: a line that ends closer than that to the cell's edge
# had no room left for the space a wrapped line ends with, so the content stream cannot tell a broken word.
SPACE_WIDTH = 0.35
# Dashes a funding cell writes between a year and its amount.
DASHES = "-‐‑‒–—−"
# Short words a line may start with: a line starting with one is no broken word's tail.
SHORT_WORDS = frozenset(
    [
        "а",
        "і",
        "й",
        "в",
        "у",
        "з",
        "та",
        "на",
        "до",
        "за",
        "по",
        "що",
        "як",
        "від",
        "для",
        "при",
        "про",
        "або",
        "чи",
        "не",
        "із",
        "зі",
        "це",
        "їх",
        "її",
        "його",
        "ще",
        "вже",
        "де",
        "року",
        "роки",
        "рік",
        "міст",
        "мети",
        "яких",
        "який",
        "яка",
        "яке",
        "які",
        "тому",
        "саме",
        "щодо",
        "всіх",
        "буде",
        "було",
        "план",
    ]
)
# An amount cut at its thousands separator: a line ending in "– 1" and the next starting "200,0".
THOUSANDS_CUT = regex.compile(r"[-‐‑‒–—−]\s*\d{1,3}$")
THOUSANDS_REST = regex.compile(r"^\d{3}(?:[,.]\d{1,3})?(?!\d)")
WORD = regex.compile(r"\p{L}+")


def continues_word(end: LineEnd, text: str, first_width: float) -> bool:
    """Whether ``text``, the next line, goes on with the word ``end`` broke without a hyphen.

    A broken word is told from a wrapped line by the content stream: a wrapped
    line's last word is followed by a space glyph, a broken one is not. A word
    that fills its line to the last point leaves no room for the space either;
    then the page's vocabulary decides (``офіційном`` + ``у`` is joined when the
    page spells ``офіційному`` elsewhere and never ``офіційном``), or else a short
    tail that is no word of its own (``ня``) is joined.
    """
    return (
        end.spaces_drawn
        and not end.ends_word
        and " " not in end.text
        and end.text[-1:].isalpha()
        and text[:1].islower()
        and end.gap < first_width + 0.1 * end.size
        and (end.gap > SPACE_WIDTH * end.size or is_broken_word(end.text, text, end.vocabulary))
    )


def cell_lines(lines: list[Line], box: Box, spaces_drawn: bool, vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """A cell's lines of text, with the line breaks that only the cell's width made undone.

    Two kinds are joined here, where the glyphs' positions tell them: a word
    too long for the column, broken without a hyphen where the line ran out
    (``Фінансуванн`` + ``я не потребує``), and a line ending with a dash after a
    number or a dot (``2020р.-`` + ``133,100``, ``2019 р. –`` + ``18,00``). Other line
    ends (hyphenated words among them) are left to the normaliser's ``join_lines``.
    ``continues_word`` tells a broken word from a wrapped line.
    """
    if not lines:
        return []
    # The text's right limit: the cell's right edge less the padding its left side shows.
    padding = max(min(line.box[0] for line in lines) - box[0], 0.0)
    right_limit = box[2] - padding
    texts: list[str] = []
    previous: Line | None = None
    for line in lines:
        text = " ".join(segment.text for segment in line.segments)
        if previous is not None and texts:
            last = texts[-1]
            if last[-1:].isdigit() and THOUSANDS_CUT.search(last) and THOUSANDS_REST.match(text):
                texts[-1] = f"{last} {text}"  # an amount cut at its thousands space: 1 / 200,0
                previous = line
                continue
            if len(last) > 1 and last[-1] in DASHES and not last[-2].isalpha() and text[:1].isdigit():
                texts[-1] = f"{last} {text}" if last[-2] == " " else last + text
                previous = line
                continue
            if spaces_drawn and not previous.ends_word:  # else the line ended its word (``continues_word``'s first tests)
                size = previous.box[3] - previous.box[1]
                end = LineEnd(last, previous.ends_word, right_limit - previous.box[2], size, spaces_drawn, vocabulary)
                if continues_word(end, text, line.first_width):
                    texts[-1] = last + text  # a word broken where the line ran out, with no hyphen
                    previous = line
                    continue
        texts.append(text)
        previous = line
    return texts


def is_word_tail(text: str) -> bool:
    """The start of ``text`` is a short piece of a word, not a word of its own (``ня``, not ``та``)."""
    tail = text.split(" ", 1)[0].rstrip(",.;:)")
    return len(tail) <= 4 and tail.isalpha() and tail.casefold() not in SHORT_WORDS


def is_broken_word(head: str, text: str, vocabulary: frozenset[str]) -> bool:
    """Whether ``head`` at a line end and the start of ``text`` are one word the line end broke."""
    if head.casefold() in vocabulary:
        return False
    tail = text.split(" ", 1)[0].rstrip(",.;:)")
    return (head + tail).casefold() in vocabulary or is_word_tail(text)


def page_vocabulary(chars: list[Char]) -> frozenset[str]:
    """The words a page spells at least twice, read from its content stream.

    The stream glues the two words around a line end that had no room for a
    space (``організаторівконкурсів``); such a pair occurs once, a real word
    that a line end broke (``офіційному``) is usually spelled whole elsewhere too.
    """
    counts = Counter(word.casefold() for word in WORD.findall("".join(char.text for char in chars)))
    return frozenset(word for word, count in counts.items() if count >= 2)

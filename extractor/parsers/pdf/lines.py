"""Characters into lines of text: fake bold dropped, word spaces restored from the gaps, paragraphs."""

from __future__ import annotations

import math
from operator import attrgetter, itemgetter

from .model import Box, Char, Glyph, Line, Segment

# Two glyphs of the same character this close (points) are one glyph drawn twice to fake bold.
FAKE_BOLD_OFFSET = 1.0
# A gap wider than this share of the font size between two glyphs is a word space.
WORD_GAP = 0.2
# A gap wider than this share of the font size splits a line into segments (columns, a signature's two ends).
SEGMENT_GAP = 0.8
# Between two lines, a gap taller than this share of the font size starts a new paragraph (or an unruled row).
PARAGRAPH_GAP = 0.45


def glyphs_of(chars: list[Char]) -> list[Glyph]:
    """The upright characters, a size of zero taken as one point."""
    return [char if char.size else char._replace(size=1.0) for char in chars if char.upright]


X0 = attrgetter("x0")
MIDDLE = itemgetter(0)


def group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs into lines, top to bottom, each line left to right."""
    lines: list[list[Glyph]] = []
    centre = limit = 0.0
    for middle, glyph in sorted([((glyph[3] + glyph[4]) / 2, glyph) for glyph in glyphs], key=MIDDLE):
        if lines and middle - centre <= limit:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
            centre, limit = middle, 0.4 * glyph[5]
    return [sorted(line, key=X0) for line in lines]


def line_of(glyphs: list[Glyph]) -> Line | None:
    """One line's glyphs into text segments: fake bold dropped, spaces restored.

    A glyph's fields are unpacked (text, x0, x1, top, bottom, size, upright,
    spaced): a page's every glyph passes here, and a tuple's unpacking is a
    third as dear as reading its fields by name.
    """
    segments: list[Segment] = []
    text: list[str] = []
    append = text.append
    # The box of the segment's visible glyphs so far (none yet: x0 is infinite).
    x0 = top = math.inf
    x1 = bottom = -math.inf
    before: tuple[str, float, float, float, float] | None = None  # the previous glyph's text, x0, x1, top, size
    first = last = None  # the first and last glyphs with ink, fake bold's copies included
    for glyph in glyphs:
        char, left, right, high, low, size, _, _ = glyph
        blank = char.isspace()
        if not blank:
            if first is None:
                first = glyph
            last = glyph
        if before is not None:
            previous, previous_left, previous_right, previous_high, previous_size = before
            if (
                char == previous
                and abs(left - previous_left) <= FAKE_BOLD_OFFSET
                and abs(high - previous_high) <= FAKE_BOLD_OFFSET
            ):
                continue  # the same character drawn again a hair to the right: fake bold
            gap = left - previous_right
            if gap > SEGMENT_GAP * (size if size >= previous_size else previous_size) and x0 != math.inf:
                segment = closed(text, (x0, top, x1, bottom))
                if segment is not None:
                    segments.append(segment)
                x0 = top = math.inf
                x1 = bottom = -math.inf
            elif gap > WORD_GAP * size and text and text[-1] != " " and not blank:
                append(" ")
        if blank:
            if text and text[-1] != " ":
                append(" ")
        else:
            append(char)
            if left < x0:
                x0 = left
            if high < top:
                top = high
            if right > x1:
                x1 = right
            if low > bottom:
                bottom = low
        before = (char, left, right, high, size)
    segment = closed(text, (x0, top, x1, bottom))
    if segment is not None:
        segments.append(segment)
    if not segments:
        return None
    assert first is not None and last is not None  # a segment holds a visible glyph
    return Line(tuple(segments), ends_word=last.spaced, first_width=first.x1 - first.x0)


def closed(text: list[str], box: Box) -> Segment | None:
    """The segment ``text`` spells (emptied for the next), or None when it is blank."""
    content = "".join(text).strip()
    text.clear()
    return Segment(" ".join(content.split()), box) if content else None


def text_lines(glyphs: list[Glyph]) -> list[Line]:
    return [line for line in map(line_of, group_lines(glyphs)) if line is not None]


def paragraphs(lines: list[Line]) -> list[str]:
    """Lines outside tables into paragraphs: a taller gap starts a new one; segments keep a TAB between them."""
    found: list[list[str]] = []
    previous: Line | None = None
    for line in lines:
        size = line.box[3] - line.box[1]
        if previous is None or line.box[1] - previous.box[3] > PARAGRAPH_GAP * size:
            found.append([])
        found[-1].append(line.text)
        previous = line
    return ["\n".join(paragraph) for paragraph in found]

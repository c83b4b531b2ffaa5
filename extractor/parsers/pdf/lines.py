"""Characters into lines of text: fake bold dropped, word spaces restored from the gaps, paragraphs."""

from __future__ import annotations

import math
from operator import attrgetter

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


def group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs into lines, top to bottom, each line left to right."""
    lines: list[list[Glyph]] = []
    centre = limit = 0.0
    for glyph in sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2):
        middle = (glyph.top + glyph.bottom) / 2
        if lines and middle - centre <= limit:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
            centre, limit = middle, 0.4 * glyph.size
    return [sorted(line, key=X0) for line in lines]


def line_of(glyphs: list[Glyph]) -> Line | None:
    """One line's glyphs into text segments: fake bold dropped, spaces restored."""
    segments: list[Segment] = []
    text: list[str] = []
    # The box of the segment's visible glyphs so far (none yet: x0 is infinite).
    x0 = top = math.inf
    x1 = bottom = -math.inf
    previous: Glyph | None = None
    for glyph in glyphs:
        blank = glyph.text.isspace()
        if previous is not None:
            if (
                glyph.text == previous.text
                and abs(glyph.x0 - previous.x0) <= FAKE_BOLD_OFFSET
                and abs(glyph.top - previous.top) <= FAKE_BOLD_OFFSET
            ):
                continue  # the same character drawn again a hair to the right: fake bold
            gap = glyph.x0 - previous.x1
            if gap > SEGMENT_GAP * max(glyph.size, previous.size) and x0 != math.inf:
                segment = closed(text, (x0, top, x1, bottom))
                if segment is not None:
                    segments.append(segment)
                x0 = top = math.inf
                x1 = bottom = -math.inf
            elif gap > WORD_GAP * glyph.size and text and text[-1] != " " and not blank:
                text.append(" ")
        if blank:
            if text and text[-1] != " ":
                text.append(" ")
        else:
            text.append(glyph.text)
            if glyph.x0 < x0:
                x0 = glyph.x0
            if glyph.top < top:
                top = glyph.top
            if glyph.x1 > x1:
                x1 = glyph.x1
            if glyph.bottom > bottom:
                bottom = glyph.bottom
        previous = glyph
    segment = closed(text, (x0, top, x1, bottom))
    if segment is not None:
        segments.append(segment)
    if not segments:
        return None
    first = last = None
    for glyph in glyphs:
        if not glyph.text.isspace():
            first = first or glyph
            last = glyph
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

"""Characters into lines of text: fake bold dropped, word spaces restored from the gaps, paragraphs."""

from __future__ import annotations

from .model import Char, Glyph, Line, Segment, union

# Two glyphs of the same character this close (points) are one glyph drawn twice to fake bold.
FAKE_BOLD_OFFSET = 1.0
# A gap wider than this share of the font size between two glyphs is a word space.
WORD_GAP = 0.2
# A gap wider than this share of the font size splits a line into segments (columns, a signature's two ends).
SEGMENT_GAP = 0.8
# Between two lines, a gap taller than this share of the font size starts a new paragraph (or an unruled row).
PARAGRAPH_GAP = 0.45


def glyphs_of(chars: list[Char]) -> list[Glyph]:
    """The upright characters as ``Glyph``s, each knowing whether a space follows it in the content stream."""
    glyphs = []
    last = len(chars) - 1
    for index, char in enumerate(chars):
        if not char.upright:
            continue
        spaced = index < last and chars[index + 1].text.isspace()
        glyphs.append(Glyph(char.text, char.x0, char.x1, char.top, char.bottom, char.size or 1.0, spaced))
    return glyphs


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
    return [sorted(line, key=lambda g: g.x0) for line in lines]


def line_of(glyphs: list[Glyph]) -> Line | None:
    """One line's glyphs into text segments: fake bold dropped, spaces restored."""
    segments: list[Segment] = []
    text: list[str] = []
    kept: list[Glyph] = []
    previous: Glyph | None = None

    def close() -> None:
        content = "".join(text).strip()
        if content:
            segments.append(Segment(" ".join(content.split()), union((g.x0, g.top, g.x1, g.bottom) for g in kept)))
        text.clear()
        kept.clear()

    for glyph in glyphs:
        if previous is not None:
            if (
                glyph.text == previous.text
                and abs(glyph.x0 - previous.x0) <= FAKE_BOLD_OFFSET
                and abs(glyph.top - previous.top) <= FAKE_BOLD_OFFSET
            ):
                continue  # the same character drawn again a hair to the right: fake bold
            gap = glyph.x0 - previous.x1
            if gap > SEGMENT_GAP * max(glyph.size, previous.size) and kept:
                close()
            elif gap > WORD_GAP * glyph.size and text and not text[-1].isspace() and not glyph.text.isspace():
                text.append(" ")
        if glyph.text.isspace():
            if text and not text[-1].isspace():
                text.append(" ")
        else:
            text.append(glyph.text)
            kept.append(glyph)
        previous = glyph
    close()
    if not segments:
        return None
    visible = [glyph for glyph in glyphs if not glyph.text.isspace()]
    return Line(tuple(segments), ends_word=visible[-1].spaced, first_width=visible[0].x1 - visible[0].x0)


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

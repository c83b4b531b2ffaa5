"""PDF decisions with a text layer, read with pdfplumber.

A council's PDF is its Word file printed: paragraphs above the table (header
block, heading), the annex table running over many pages, the signature below.
What this parser undoes, and where:

* ``read_page`` turns one page into ``PageContent``: paragraphs and table
  fragments in reading order, every cell with its lines, page and bbox. Ruled
  tables (lines and rectangles drawn in the PDF) are found by pdfplumber; a page
  with no ruled table but text in columns falls back to ``aligned_table``, which
  finds columns in the white space between text and rows in the taller gaps
  between lines. A page whose text layer is unusable (a scanned page, unmapped
  ``(cid:NN)`` glyphs, mojibake) is OCR'd instead, and ``ocr_page_content`` turns
  what OCR read into the same ``PageContent``, so its rows join the text pages'.
* ``cell_lines`` rebuilds a cell's lines from its characters: characters drawn
  twice to fake bold are dropped, word spaces restored from the gaps.
* ``TableAssembler`` stitches the pages' fragments into one logical table when
  their columns line up: a repeated header or column-number row at the top of a
  page is dropped and counted; the first row kept on a new page gets
  ``break_before``; the text a vertically merged cell carries over a page break
  goes back to the cell it started in. A row the page break cut (no number, text
  in other cells) is left as it is: the normaliser joins it to the row above.

Pages are read one at a time and closed, so memory stays flat in page count;
the pages to OCR are rendered and read a few at a time beside the text pages
(``page_contents``), and every page's content is used in page order.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from statistics import median
from typing import TYPE_CHECKING, Any

import pdfplumber
import regex
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import DamagedFileError, EncryptedFileError, NoProgrammeTableError
from ..model import ExtractionWarning, Location, ParsedDocument, SourceCell, SourceRow, SourceTable, Where
from .textlayer import TextLayerVerdict, assess_text_layer

if TYPE_CHECKING:
    from .ocr import OcrPage

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points

# A table is ruled when pdfplumber finds it from the drawn lines alone.
RULED_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Two glyphs of the same character this close (points) are one glyph drawn twice to fake bold.
FAKE_BOLD_OFFSET = 1.0
# A gap wider than this share of the font size between two glyphs is a word space.
WORD_GAP = 0.2
# A gap wider than this share of the font size splits a line into segments (columns, a signature's two ends).
SEGMENT_GAP = 0.8
# A space is about this share of the font size wide: a line that ends closer than that to the cell's edge
# had no room left for the space a wrapped line ends with, so the content stream cannot tell a broken word.
SPACE_WIDTH = 0.35
# Between two lines, a gap taller than this share of the font size starts a new paragraph (or an unruled row).
PARAGRAPH_GAP = 0.45
# Column edges of two pages' fragments line up within this many points.
EDGE_TOLERANCE = 4.0
# A scanned page's table is printed at its own scale and offset: its column edges, as shares of the table's
# width, line up with the text pages' within this share.
SCANNED_EDGE_TOLERANCE = 0.02
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
# How many rows at the top of a table a repeated header may take.
MAX_HEADER_ROWS = 4


# --- One page ---------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    spaced: bool = False  # a space glyph follows in the content stream: a word ends here, even at a line end


@dataclass(frozen=True)
class Segment:
    """A run of a line's glyphs with no wide gap inside."""

    text: str
    box: Box


@dataclass(frozen=True)
class Line:
    segments: tuple[Segment, ...]
    ends_word: bool = True  # the last glyph is followed by a space in the content stream
    first_width: float = 0.0  # width of the first glyph

    @property
    def text(self) -> str:
        return "\t".join(segment.text for segment in self.segments)

    @property
    def box(self) -> Box:
        return union(segment.box for segment in self.segments)


@dataclass
class PageCell:
    lines: list[str]
    box: Box
    page: int
    confidence: float | None = None  # OCR'd: the weakest word's confidence (0-100); None from a text layer
    # How the text ends and starts, for a word a page break cut (``консультативног`` | ``о забезпечення``).
    end: LineEnd | None = None
    first_width: float = 0.0  # width of the first line's first glyph


@dataclass(frozen=True)
class LineEnd:
    """How a cell's last line ends: enough to tell whether the next line goes on with its last word."""

    text: str
    ends_word: bool  # a space glyph follows it in the content stream
    gap: float  # room left before the cell's right limit
    size: float  # the line's height
    spaces_drawn: bool  # the page draws spaces at all
    vocabulary: frozenset[str]  # the words its page spells twice or more


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


def weakest(first: float | None, second: float | None) -> float | None:
    """The lower of two confidences, where a text layer's cell (None) has none to lower it."""
    if first is None or second is None:
        return second if first is None else first
    return min(first, second)


@dataclass(frozen=True)
class PageRow:
    cells: tuple[PageCell | None, ...]  # one per column of the fragment; None where a merged cell covers it
    box: Box


@dataclass(frozen=True)
class TableFragment:
    """The part of a table one page holds."""

    edges: tuple[float, ...]  # column edges, left to right (one more than columns)
    rows: tuple[PageRow, ...]
    box: Box
    ruled: bool
    centres: tuple[float, ...] = ()  # unruled: the middle of each column's text, where the column surely is
    scanned: bool = False  # read by OCR from the page image


@dataclass(frozen=True)
class PageContent:
    """One page read: paragraphs and table fragments in reading order."""

    number: int  # 1-based
    blocks: tuple[str | TableFragment, ...]
    characters: int  # glyphs other than spaces: zero on a scanned page
    images: int = 0  # pictures on the page: a scan is one picture per page
    text_layer: TextLayerVerdict | None = None  # None: not judged
    note: str | None = None  # how the page was read, when not from its text layer (OCR)

    @property
    def needs_ocr(self) -> bool:
        """The text layer is unusable and the page shows something: a scan, or text whose glyphs do not map.

        A page with next to no text and no picture (blank, a page number) is read as it is.
        """
        verdict = self.text_layer
        if verdict is None or verdict.usable or self.note is not None:
            return False
        return self.images > 0 or verdict.reason != "no text"


def union(boxes: Iterable[Box]) -> Box:
    x0s, tops, x1s, bottoms = zip(*boxes, strict=True)
    return (min(x0s), min(tops), max(x1s), max(bottoms))


def glyphs_of(chars: list[dict[str, Any]]) -> list[Glyph]:
    """pdfplumber's upright characters as ``Glyph``s, each knowing whether a space follows it."""
    glyphs = []
    for index, char in enumerate(chars):
        if not char.get("upright", True):
            continue
        spaced = index + 1 < len(chars) and chars[index + 1]["text"].isspace()
        glyphs.append(Glyph(char["text"], char["x0"], char["x1"], char["top"], char["bottom"], char["size"] or 1.0, spaced))
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


def page_cell(glyphs: list[Glyph], box: Box, number: int, spaces_drawn: bool, vocabulary: frozenset[str]) -> PageCell:
    """A ruled cell read: its lines, and how they end and start (a page break may cut a word there)."""
    geometry = text_lines(glyphs)
    lines = cell_lines(geometry, box, spaces_drawn, vocabulary)
    if not lines:
        return PageCell(lines, box, number)
    last = geometry[-1]
    padding = max(min(line.box[0] for line in geometry) - box[0], 0.0)
    size = last.box[3] - last.box[1]
    end = LineEnd(lines[-1], last.ends_word, box[2] - padding - last.box[2], size, spaces_drawn, vocabulary)
    return PageCell(lines, box, number, end=end, first_width=geometry[0].first_width)


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
            size = previous.box[3] - previous.box[1]
            if THOUSANDS_CUT.search(last) and THOUSANDS_REST.match(text):
                texts[-1] = f"{last} {text}"  # an amount cut at its thousands space: 1 / 200,0
                previous = line
                continue
            if len(last) > 1 and last[-1] in DASHES and not last[-2].isalpha() and text[:1].isdigit():
                texts[-1] = f"{last} {text}" if last[-2] == " " else last + text
                previous = line
                continue
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


def page_vocabulary(chars: list[dict[str, Any]]) -> frozenset[str]:
    """The words a page spells at least twice, read from its content stream.

    The stream glues the two words around a line end that had no room for a
    space (``організаторівконкурсів``); such a pair occurs once, a real word
    that a line end broke (``офіційному``) is usually spelled whole elsewhere too.
    """
    counts = Counter(word.casefold() for word in WORD.findall("".join(char["text"] for char in chars)))
    return frozenset(word for word, count in counts.items() if count >= 2)


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


def ruled_fragments(
    page: Any, glyphs: list[Glyph], number: int, vocabulary: frozenset[str] = frozenset()
) -> tuple[list[TableFragment], list[Glyph]]:
    """The page's ruled tables, their cells filled; and the glyphs that fall in no table."""
    fragments = []
    tables = [table for table in page.find_tables(RULED_SETTINGS) if len({cell[0] for cell in table.cells}) >= 2]
    placed: dict[int, list[Glyph]] = {}
    cells: list[Box] = [cell for table in tables for cell in table.cells]
    # Per column start, the cells covering it sorted by top: a glyph finds its cell by two bisections.
    starts = sorted({cell[0] for cell in cells})
    by_column: list[list[int]] = [
        sorted((i for i, cell in enumerate(cells) if cell[0] <= start < cell[2]), key=lambda i: cells[i][1]) for start in starts
    ]
    tops = [[cells[i][1] for i in column] for column in by_column]
    outside: list[Glyph] = []
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        column = bisect_right(starts, x) - 1
        target = None
        if column >= 0:
            position = bisect_right(tops[column], y) - 1
            if position >= 0:
                index = by_column[column][position]
                x0, top, x1, bottom = cells[index]
                if x0 <= x <= x1 and top <= y <= bottom:
                    target = index
        if target is None:
            if not any(table.bbox[0] <= x <= table.bbox[2] and table.bbox[1] <= y <= table.bbox[3] for table in tables):
                outside.append(glyph)
        else:
            placed.setdefault(target, []).append(glyph)

    index_of = {cell: i for i, cell in enumerate(cells)}
    spaces_drawn = any(glyph.text.isspace() for glyph in glyphs)
    for table in tables:
        edges = sorted({round(cell[0], 1) for cell in table.cells} | {round(table.bbox[2], 1)})
        rows = []
        for row in table.rows:
            page_cells = tuple(
                None
                if cell is None
                else page_cell(placed.get(index_of[cell], []), cell, number, spaces_drawn, vocabulary)
                for cell in row.cells
            )
            rows.append(PageRow(page_cells, row.bbox))
        fragments.append(TableFragment(tuple(edges), tuple(rows), table.bbox, ruled=True))
    return fragments, outside


def aligned_table(lines: list[Line], number: int) -> tuple[TableFragment | None, list[Line]]:
    """A table drawn without lines: columns from the white space, rows from the taller gaps.

    The table is the block of lines around those with three or more segments
    whose segments all fit the columns; the lines outside it are returned.
    """
    wide = [index for index, line in enumerate(lines) if len(line.segments) >= 3]
    if not wide:
        return None, lines
    # Column extents: the x-ranges the wide lines' segments cover, overlapping ranges merged.
    spans: list[list[float]] = []
    for x0, x1 in sorted((s.box[0], s.box[2]) for i in wide for s in lines[i].segments):
        if spans and x0 <= spans[-1][1] + 1.0:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    if len(spans) < 3:
        return None, lines
    edges = [spans[0][0]] + [(left[1] + right[0]) / 2 for left, right in zip(spans, spans[1:], strict=False)] + [spans[-1][1]]

    def fits(line: Line) -> bool:
        return all(
            any(edges[c] - EDGE_TOLERANCE <= s.box[0] and s.box[2] <= edges[c + 1] + EDGE_TOLERANCE for c in range(len(spans)))
            for s in line.segments
        )

    def near(upper: Line, lower: Line) -> bool:
        return lower.box[1] - upper.box[3] <= 2 * (lower.box[3] - lower.box[1])

    first, last = wide[0], wide[-1]
    while first > 0 and fits(lines[first - 1]) and near(lines[first - 1], lines[first]):
        first -= 1
    while last + 1 < len(lines) and fits(lines[last + 1]) and near(lines[last], lines[last + 1]):
        last += 1
    block = lines[first : last + 1]

    line_gaps = [lower.box[1] - upper.box[3] for upper, lower in zip(block, block[1:], strict=False)]
    # A cell's lines stand closer than the cells' padding keeps two rows apart; a table with no padding
    # gets a row per line, and the normaliser joins the rows that carry no number.
    row_gap = PARAGRAPH_GAP * median(line.box[3] - line.box[1] for line in block)
    grouped: list[list[Line]] = []
    for index, line in enumerate(block):
        if index == 0 or line_gaps[index - 1] > row_gap:
            grouped.append([])
        grouped[-1].append(line)

    rows = []
    for row_lines in grouped:
        columns: list[list[Segment]] = [[] for _ in spans]
        for line in row_lines:
            for segment in line.segments:
                centre = (segment.box[0] + segment.box[2]) / 2
                column = min(max(bisect_right(edges, centre) - 1, 0), len(spans) - 1)
                columns[column].append(segment)
        row_box = union(line.box for line in row_lines)
        cells = tuple(
            PageCell([s.text for s in column], union(s.box for s in column), number)
            if column
            else PageCell([], (edges[c], row_box[1], edges[c + 1], row_box[3]), number)
            for c, column in enumerate(columns)
        )
        rows.append(PageRow(cells, (edges[0], row_box[1], edges[-1], row_box[3])))
    box = (edges[0], block[0].box[1], edges[-1], block[-1].box[3])
    centres = tuple((x0 + x1) / 2 for x0, x1 in spans)
    return TableFragment(tuple(edges), tuple(rows), box, ruled=False, centres=centres), lines[:first] + lines[last + 1 :]


def read_page(page: Any, number: int) -> PageContent:
    """Read one page into its paragraphs and table fragments, top to bottom.

    The one place a page's text layer is read: OCR supplies a ``PageContent``
    of its own for a page whose ``characters`` is zero.
    """
    glyphs = glyphs_of(page.chars)
    characters = sum(1 for glyph in glyphs if not glyph.text.isspace())
    verdict = assess_text_layer("".join(glyph.text for glyph in glyphs))
    fragments, outside = ruled_fragments(page, glyphs, number, page_vocabulary(page.chars))
    lines = text_lines(outside)
    if not fragments:
        fragment, lines = aligned_table(lines, number)
        fragments = [fragment] if fragment else []
    blocks: list[tuple[float, str | TableFragment]] = [(fragment.box[1], fragment) for fragment in fragments]
    # Paragraphs between two fragments (or above/below them) stay in their place in the reading order.
    boundaries = sorted(fragment.box[1] for fragment in fragments)
    runs: dict[int, list[Line]] = {}
    for line in lines:
        runs.setdefault(bisect_right(boundaries, line.box[1]), []).append(line)
    for position, run in runs.items():
        top = run[0].box[1]
        blocks.extend((top + 0.001 * i, text) for i, text in enumerate(paragraphs(run)))
        del position
    blocks.sort(key=lambda block: block[0])
    images = len(page.images) if not verdict.usable else 0
    return PageContent(number, tuple(block for _, block in blocks), characters, images, verdict)


def ocr_page_content(page: OcrPage, read: PageContent) -> PageContent:
    """What OCR read on a page as the ``PageContent`` its text layer should have given.

    ``read`` is the page as ``read_page`` found it (its verdict and counts are
    kept). The text above the table, the table as one ruled fragment (cells a
    merged cell covers are None, as pdfplumber gives them; every cell with its
    box in PDF points and its confidence), then the text below.
    """
    from . import ocr  # the caller has loaded it already

    blocks: list[str | TableFragment] = list(page.paragraphs_above)
    if page.has_table:
        edges = tuple(round(x * page.scale, 1) for x in page.columns)
        rows = []
        for row_index, row in enumerate(page.rows):
            cells = tuple(
                None
                if (row_index, column) in page.covered
                else PageCell(list(text.lines), bbox, page.number, None if text.confidence is None else round(text.confidence, 1))
                for column, (text, bbox) in enumerate(row)
            )
            top, bottom = min(bbox[1] for _, bbox in row), min(bbox[3] for _, bbox in row)
            rows.append(PageRow(cells, (edges[0], top, edges[-1], bottom)))
        box = (edges[0], rows[0].box[1], edges[-1], rows[-1].box[3])
        blocks.append(TableFragment(edges, tuple(rows), box, ruled=True, scanned=True))
        blocks.extend(page.paragraphs_below)
    return PageContent(read.number, tuple(blocks), read.characters, read.images, read.text_layer, note=ocr.page_note(page))


# --- Pages into logical tables ----------------------------------------------


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def row_texts(cells: Iterable[SourceCell]) -> tuple[str, ...]:
    return tuple(normalised(cell.text) for cell in cells)


def is_column_numbers(texts: tuple[str, ...]) -> bool:
    """``1 2 3 … 8``: each non-empty cell a small integer, counting up by one."""
    values = [text for text in texts if text]
    if len(values) < 3 or not all(value.isdigit() and len(value) <= 2 for value in values):
        return False
    numbers = [int(value) for value in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


@dataclass
class LogicalTable:
    """A table being assembled from the fragments of consecutive pages."""

    index: int
    edges: tuple[float, ...]
    ruled: bool
    scanned: bool = False  # the fragment that gave the edges was read by OCR
    rows: list[list[PageCell | None]] = field(default_factory=list)
    row_boxes: list[tuple[int, Box]] = field(default_factory=list)  # page and box of each row
    breaks: set[int] = field(default_factory=set)  # rows a page break stands before
    dropped_header_rows: int = 0
    # Per column, the row where the cell covering the bottom of the last fragment starts, if it spans rows.
    open_merges: dict[int, int] = field(default_factory=dict)

    def columns_of(self, fragment: TableFragment) -> list[int] | None:
        """Map the fragment's columns onto this table's, or None when they do not line up.

        Ruled fragments line up when their outer edges meet and each column lies
        mostly within one of the table's. Unruled ones only know where their
        text stands (an empty column leaves no trace), so each column goes to
        the table column its middle falls in.
        """
        if not (fragment.ruled and self.ruled):
            if fragment.ruled != self.ruled:
                return None
            inner = list(self.edges[1:-1])
            return [bisect_right(inner, centre) for centre in fragment.centres]
        if abs(fragment.edges[0] - self.edges[0]) > EDGE_TOLERANCE or abs(fragment.edges[-1] - self.edges[-1]) > EDGE_TOLERANCE:
            return self.scanned_columns(fragment) if fragment.scanned or self.scanned else None
        mapping = []
        for left, right in zip(fragment.edges, fragment.edges[1:], strict=False):
            columns = enumerate(zip(self.edges, self.edges[1:], strict=False))
            overlaps = [(min(right, b) - max(left, a), column) for column, (a, b) in columns]
            overlap, column = max(overlaps)
            if overlap < 0.5 * (right - left):
                return None
            mapping.append(column)
        return mapping

    def scanned_columns(self, fragment: TableFragment) -> list[int] | None:
        """A scanned page's columns, one for one, when its edges line up with the table's as shares of the width."""
        if len(fragment.edges) != len(self.edges):
            return None

        def shares(edges: tuple[float, ...]) -> list[float]:
            return [(edge - edges[0]) / (edges[-1] - edges[0]) for edge in edges]

        if any(abs(a - b) > SCANNED_EDGE_TOLERANCE for a, b in zip(shares(fragment.edges), shares(self.edges), strict=True)):
            return None
        return list(range(len(self.edges) - 1))


def source_cell(cell: PageCell | None, table: int, row: int) -> SourceCell:
    if cell is None:
        return SourceCell(locations=(Location(table=table, row=row),))
    location = Location(table=table, row=row, page=cell.page, bbox=cell.box, confidence=cell.confidence)
    return SourceCell(lines=tuple(cell.lines), locations=(location,))


class TableAssembler:
    """Stitch table fragments, page after page, into logical tables."""

    def __init__(self) -> None:
        self.tables: list[LogicalTable] = []
        self.current: LogicalTable | None = None  # the table the next page may continue

    def add(self, fragment: TableFragment, page: int, first_on_page: bool) -> None:
        mapping = self.current.columns_of(fragment) if self.current is not None and first_on_page else None
        if self.current is None or mapping is None:
            self.current = LogicalTable(len(self.tables) + 1, fragment.edges, fragment.ruled, fragment.scanned)
            self.tables.append(self.current)
            self.append_rows(self.current, fragment, list(range(len(fragment.edges) - 1)), page, continued=False)
        else:
            self.append_rows(self.current, fragment, mapping, page, continued=True)

    def end_of_page(self, had_text_below: bool) -> None:
        """A paragraph under the last fragment ends its table; otherwise the next page may continue it."""
        if had_text_below:
            self.current = None

    def append_rows(self, table: LogicalTable, fragment: TableFragment, mapping: list[int], page: int, continued: bool) -> None:
        width = len(table.edges) - 1
        rows = [self.grid_row(row, mapping, width) for row in fragment.rows]
        if continued:
            rows = rows[self.repeated_header_rows(table, rows) :]
            table.breaks.add(len(table.rows))
            if rows:
                self.carry_merged_text(table, fragment, rows[0], mapping)
                if table.rows:
                    self.join_cut_words(table.rows[-1], rows[0])
        start = len(table.rows)
        table.rows.extend(rows)
        kept = fragment.rows[len(fragment.rows) - len(rows) :]
        table.row_boxes.extend((page, row.box) for row in kept)
        # Cells reaching the fragment's bottom from a row above the last: merges that may go on over the page break.
        table.open_merges = {}
        bottom = fragment.box[3]
        for offset, row in enumerate(kept):
            for column, cell in zip(mapping, row.cells, strict=False):
                if cell is not None and abs(cell.box[3] - bottom) <= EDGE_TOLERANCE and offset < len(kept) - 1:
                    table.open_merges[column] = start + offset

    @staticmethod
    def grid_row(row: PageRow, mapping: list[int], width: int) -> list[PageCell | None]:
        cells: list[PageCell | None] = [None] * width
        for column, cell in zip(mapping, row.cells, strict=False):
            if cell is None:
                continue
            present = cells[column]
            if present is None:
                cells[column] = replace(cell, lines=list(cell.lines))
            else:
                present.lines.extend(cell.lines)
                present.confidence = weakest(present.confidence, cell.confidence)
                present.end = cell.end
        return cells

    @staticmethod
    def repeated_header_rows(table: LogicalTable, rows: list[list[PageCell | None]]) -> int:
        """How many rows at the top of a continuing fragment repeat the table's header or column numbers."""
        header = [tuple(normalised("\n".join(c.lines)) if c else "" for c in row) for row in table.rows[:MAX_HEADER_ROWS]]
        dropped = 0
        for row in rows[:MAX_HEADER_ROWS]:
            texts = tuple(normalised("\n".join(c.lines)) if c else "" for c in row)
            if not any(texts):
                break
            if texts in header or is_column_numbers(texts):
                dropped += 1
            else:
                break
        table.dropped_header_rows += dropped
        return dropped

    @staticmethod
    def join_cut_words(above: list[PageCell | None], below: list[PageCell | None]) -> None:
        """Rejoin a word the page break cut without a hyphen (``консультативног`` | ``о забезпечення``).

        The same rule as within a page (``continues_word``); the rest of the word
        moves up to the line it belongs to.
        """
        for upper, lower in zip(above, below, strict=False):
            if upper is None or lower is None or upper.end is None or not upper.lines or not lower.lines:
                continue
            if continues_word(upper.end, lower.lines[0], lower.first_width):
                tail, _, rest = lower.lines[0].partition(" ")
                upper.lines[-1] += tail
                if rest:
                    lower.lines[0] = rest
                else:
                    del lower.lines[0]

    @staticmethod
    def carry_merged_text(table: LogicalTable, fragment: TableFragment, first: list[PageCell | None], mapping: list[int]) -> None:
        """Give text a vertically merged cell carries over a page break back to the cell it started in.

        Only when the merge goes on (the cell spans rows on both pages) and the
        leftmost such cell, the row's number, is empty on the new page: a number
        there starts a new merged block (a new section), not the rest of one.
        """
        if not table.open_merges:
            return
        # The first row ends where its shortest cell does; a cell reaching lower spans the rows below too.
        row_bottom = min(cell.box[3] for cell in first if cell is not None)
        spanning = sorted(
            column
            for column, cell in enumerate(first)
            if cell is not None and column in table.open_merges and cell.box[3] > row_bottom + EDGE_TOLERANCE
        )
        if not spanning or first[spanning[0]] is None or first[spanning[0]].lines:  # type: ignore[union-attr]
            return
        if all(column in spanning for column, cell in enumerate(first) if cell is not None and cell.lines):
            return  # nothing but merged text on the row: the normaliser joins it as a continuation anyway
        for column in spanning:
            cell = first[column]
            origin = table.rows[table.open_merges[column]][column]
            if cell is not None and cell.lines and origin is not None:
                origin.lines.extend(cell.lines)
                origin.confidence = weakest(origin.confidence, cell.confidence)
                cell.lines = []


def source_tables(tables: list[LogicalTable]) -> tuple[SourceTable, ...]:
    result = []
    for table in tables:
        rows = []
        for number, (cells, (page, box)) in enumerate(zip(table.rows, table.row_boxes, strict=True), start=1):
            location = Location(table=table.index, row=number, page=page, bbox=box)
            rows.append(
                SourceRow(
                    cells=tuple(source_cell(cell, table.index, number) for cell in cells),
                    location=location,
                    break_before=(number - 1) in table.breaks,
                )
            )
        result.append(SourceTable(rows=tuple(rows), index=table.index, dropped_header_rows=table.dropped_header_rows))
    return tuple(result)


# --- The document ---------------------------------------------------------


def open_pdf(data: bytes) -> Any:
    """Open the PDF, telling encrypted and damaged files apart."""
    if b"%%EOF" not in data[-2048:]:
        raise DamagedFileError("damaged PDF: truncated (no end-of-file marker)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - reading the page tree finds a broken file here, not halfway through
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect, PDFEncryptionError) as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedFileError("encrypted PDF (password-protected); remove the password and try again") from error
        raise DamagedFileError(f"damaged PDF ({type(cause).__name__}: {cause})") from error
    except Exception as error:  # noqa: BLE001 - pdfminer raises anything from KeyError to struct.error on a broken file
        raise DamagedFileError(f"damaged PDF ({type(error).__name__}: {error})") from error
    return pdf


def read_pages(pdf: Any) -> Iterator[PageContent]:
    """Each page read and released before the next is parsed."""
    for number, page in enumerate(pdf.pages, start=1):
        try:
            yield read_page(page, number)
        except (PdfminerException, PDFSyntaxError) as error:
            raise DamagedFileError(f"damaged PDF: page {number} cannot be read ({error})") from error
        finally:
            page.close()


class PageOcr:
    """OCR for the pages of one PDF whose text layer is unusable: rendered here, read in a pool of threads.

    OpenCV, Tesseract and the pool start with the first page to OCR, so a text
    PDF never loads them.
    """

    def __init__(self, data: bytes) -> None:
        from . import ocr

        ocr.require_tesseract()
        self.ocr = ocr
        self.workers = ocr.workers()
        self.rendering = ocr.open_rendering(data)
        self.pool = ThreadPoolExecutor(max_workers=self.workers)

    def submit(self, content: PageContent) -> Future[PageContent]:
        page = self.rendering[content.number - 1]
        try:
            image = self.ocr.page_image(page)  # pdfium is not thread-safe: pages are rendered here, one at a time
        finally:
            page.close()
        return self.pool.submit(self.read, content, image)

    def read(self, content: PageContent, image: Any) -> PageContent:
        page = self.ocr.read_page(image, content.number)
        page.text_layer = content.text_layer.describe() if content.text_layer else None
        return ocr_page_content(page, content)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.rendering.close()


def page_contents(pdf: Any, data: bytes) -> Iterator[PageContent]:
    """Every page's content in page order: its text layer read, or its image OCR'd when that is unusable.

    Text pages are read as they come; a page to OCR is read in the background
    while the pages after it wait their turn (at most as many OCR'd pages at
    once as there are workers). Until a page with a usable text layer shows
    up, the pages are held back unread: when none does, the PDF is a scan and
    its pages come out as their text layers gave them, for ``ocr.parse`` to
    read whole.
    """
    pending: deque[PageContent | Future[PageContent]] = deque()
    reader: PageOcr | None = None
    text_seen = False

    def in_flight() -> int:
        return sum(isinstance(item, Future) for item in pending)

    try:
        for content in read_pages(pdf):
            pending.append(content)
            text_seen = text_seen or content.text_layer is None or content.text_layer.usable
            if not text_seen:
                continue
            for index, item in enumerate(pending):
                if isinstance(item, PageContent) and item.needs_ocr:
                    reader = reader or PageOcr(data)
                    pending[index] = reader.submit(item)
            while pending and (isinstance(pending[0], PageContent) or in_flight() > (reader.workers if reader else 0)):
                head = pending.popleft()
                yield head if isinstance(head, PageContent) else head.result()
        while pending:
            head = pending.popleft()
            yield head if isinstance(head, PageContent) else head.result()
    finally:
        if reader is not None:
            reader.close()


def ocr_warnings(tables: tuple[SourceTable, ...]) -> list[ExtractionWarning]:
    """An ``ocr_low_confidence`` warning for each OCR'd cell Tesseract is unsure of, naming page, row and column."""
    from . import ocr

    warnings = []
    for table in tables:
        header = [" ".join(cell.text.split())[:40] for cell in table.rows[0].cells] if table.rows else []
        for row in table.rows:
            for column, cell in enumerate(row.cells):
                for location in cell.locations:
                    if location.confidence is not None and ocr.is_low_confidence(cell.lines, location.confidence):
                        name = header[column] if column < len(header) and header[column] else f"column {column + 1}"
                        where = Where(page=location.page, table=table.index, row=location.row, column=name)
                        warnings.append(ocr.low_confidence_warning(cell.lines, location.confidence, where))
    return warnings


def parse(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse a PDF into the paragraphs around its tables and the tables; pages without a usable text layer by OCR."""
    pdf = open_pdf(data)
    before: list[str] = []
    after: list[str] = []
    assembler = TableAssembler()
    page_count = characters = images = usable = 0
    notes: list[str] = []
    try:
        for content in page_contents(pdf, data):
            page_count += 1
            characters += content.characters
            images += content.images
            usable += content.text_layer is None or content.text_layer.usable
            if content.note:
                notes.append(content.note)
            first_on_page = True
            text_below = False
            for block in content.blocks:
                if isinstance(block, TableFragment):
                    assembler.add(block, content.number, first_on_page)
                    after.clear()  # paragraphs between tables belong to no header or signature
                    first_on_page = False
                    text_below = False
                elif block.strip().isdigit():
                    continue  # a page number
                else:
                    (after if assembler.tables else before).append(block)
                    text_below = text_below or not first_on_page
            assembler.end_of_page(text_below)
    finally:
        pdf.close()

    if page_count == 0:
        raise DamagedFileError("damaged PDF: no readable pages")
    if characters == 0 and images == 0:
        raise DamagedFileError(f"damaged or blank PDF: its {page_count} page(s) hold neither text nor images")
    if usable == 0:
        # A scan, or a text layer of unmapped glyphs or mojibake on every page: read the page images.
        from . import ocr  # OpenCV and Tesseract load only for scans

        return ocr.parse(data, file_name, sha256)
    if not assembler.tables:
        raise NoProgrammeTableError("no table found in the PDF")
    tables = source_tables(assembler.tables)
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="pdf",
        before=tuple(before),
        after=tuple(after),
        tables=tables,
        pages=page_count,
        notes=tuple(notes),
        warnings=tuple(ocr_warnings(tables)) if notes else (),
    )

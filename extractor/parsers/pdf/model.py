"""What the PDF parser's steps hand each other: a page's objects, then its lines, cells and table fragments.

A page backend (``pdfium``, ``plumber``) reads one page into ``PageObjects``:
its characters in content-stream order and the edges of what it draws. Every
step after that sees only these, whichever backend read the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..textlayer import TextLayerVerdict

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, from the page's top left

# Column edges of two pages' fragments line up within this many points (and an unruled line's pieces fit a column so).
EDGE_TOLERANCE = 4.0


class Char(NamedTuple):
    """One character as a backend read it (pdfplumber's ``page.chars``: box from the font's em square)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upright: bool
    spaced: bool = False  # a space follows it in the content stream: a word ends here, even at a line end


class Edge(NamedTuple):
    """A drawn line, or one side of a drawn rectangle or curve (pdfplumber's ``page.edges``)."""

    orientation: str | None  # "h", "v", or None for a slanted piece of a curve
    x0: float
    top: float
    x1: float
    bottom: float
    width: float
    height: float


@dataclass(frozen=True)
class PageObjects:
    """One page as a backend read it."""

    number: int  # 1-based
    chars: list[Char]  # in content-stream order
    edges: list[Edge]  # lines, then rectangles' sides, then curves' pieces, each in drawing order
    images: int  # pictures on the page
    note: str | None = None  # how the page was read when the fast reader could not say (``source.notes``)


# An upright character, as the steps after the backends see it (its size never zero).
Glyph = Char


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
    # The segments' box, set once made: every line's is read, and a cached property takes a lock on each first read.
    box: Box = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "box", union(segment.box for segment in self.segments))

    @property
    def text(self) -> str:
        return "\t".join(segment.text for segment in self.segments)


@dataclass(frozen=True)
class LineEnd:
    """How a cell's last line ends: enough to tell whether the next line goes on with its last word."""

    text: str
    ends_word: bool  # a space glyph follows it in the content stream
    gap: float  # room left before the cell's right limit
    size: float  # the line's height
    spaces_drawn: bool  # the page draws spaces at all
    vocabulary: frozenset[str]  # the words its page spells twice or more


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
    backend_note: str | None = None  # the page's text layer was read by the fallback backend, and why

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

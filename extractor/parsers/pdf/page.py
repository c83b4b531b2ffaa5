"""One page's objects into its paragraphs and table fragments, in reading order; an OCR'd page into the same."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ..textlayer import assess_text_layer
from .aligned import aligned_table
from .lines import glyphs_of, paragraphs, text_lines
from .model import Line, PageCell, PageContent, PageObjects, PageRow, TableFragment
from .ruled import ruled_fragments
from .words import page_vocabulary

if TYPE_CHECKING:
    from ..ocr import OcrPage


def read_page(objects: PageObjects) -> PageContent:
    """Read one page into its paragraphs and table fragments, top to bottom.

    The one place a page's text layer is read: OCR supplies a ``PageContent``
    of its own for a page whose ``characters`` is zero. Ruled tables come from
    the drawn edges; a page with none but text in columns falls back to
    ``aligned_table``.
    """
    number = objects.number
    glyphs = glyphs_of(objects.chars)
    texts = [glyph.text for glyph in glyphs]
    characters = len(texts) - sum(map(str.isspace, texts))  # the glyphs other than spaces
    verdict = assess_text_layer("".join(texts))
    fragments, outside = ruled_fragments(objects.edges, glyphs, number, page_vocabulary(objects.chars))
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
    for run in runs.values():
        top = run[0].box[1]
        blocks.extend((top + 0.001 * i, text) for i, text in enumerate(paragraphs(run)))
    blocks.sort(key=lambda block: block[0])
    images = objects.images if not verdict.usable else 0
    return PageContent(number, tuple(block for _, block in blocks), characters, images, verdict, backend_note=objects.note)


def ocr_page_content(page: OcrPage, read: PageContent) -> PageContent:
    """What OCR read on a page as the ``PageContent`` its text layer should have given.

    ``read`` is the page as ``read_page`` found it (its verdict and counts are
    kept). The text above the table, the table as one ruled fragment (cells a
    merged cell covers are None, as pdfplumber gives them; every cell with its
    box in PDF points and its confidence), then the text below.
    """
    from .. import ocr  # the caller has loaded it already

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

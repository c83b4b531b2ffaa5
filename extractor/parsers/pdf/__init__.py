"""PDF decisions with a text layer: pages read by pdfium (pdfplumber where it cannot say), tables rebuilt.

A council's PDF is its Word file printed: paragraphs above the table (header
block, heading), the annex table running over many pages, the signature below.
The parser goes in small steps, each a module a reader can hold in mind (the
way pdfplumber's ``table.py`` and docling's backend / pipeline / data-model split go):

=================  ==========================================================================
module             step
=================  ==========================================================================
``model``          the data the steps hand on: a page's ``Char``s and ``Edge``s, lines, cells,
                   table fragments, ``PageContent``
``structure``      the file opened by pdfminer (damaged and encrypted files told apart), page
                   boxes, each font's descent and hyphen as pdfminer reads them
``pdfium``         the fast page backend: characters with boxes, fonts and sizes, and drawn
                   paths, read with pypdfium2 in content-stream order; ``CannotSay`` otherwise
``plumber``        the fallback page backend: pdfplumber's ``chars`` and ``edges``
``paths``          painted paths into edges, by pdfminer's and pdfplumber's rules
``lines``          characters into lines: fake bold dropped, word spaces from the gaps
``words``          line breaks the cell's width made: a word broken without a hyphen, an amount
                   cut after a dash; the page's vocabulary
``tables``         ruled tables from the edges (pdfplumber's finder, step by step)
``ruled``          glyphs into the ruled cells, each cell's lines
``aligned``        a table drawn without lines, from the white space
``page``           one page: ``read_page`` (objects into paragraphs and fragments),
                   ``ocr_page_content`` (an OCR'd page into the same)
``assemble``       fragments of consecutive pages into logical tables (repeated headers, page
                   breaks, merged cells carried over, words cut at a page break)
``document``       the whole file: backend per page, OCR in the background, ``parse``
=================  ==========================================================================

Pages are read one at a time and closed, so memory stays flat in page count.
A page whose text layer is unusable (a scan, unmapped glyphs, mojibake) is
OCR'd by ``parsers/ocr`` beside the text pages, and its rows join theirs.
"""

from __future__ import annotations

from .assemble import LogicalTable, TableAssembler, source_tables
from .document import BACKENDS, PageReader, page_contents, parse
from .model import Char, Edge, Glyph, Line, LineEnd, PageCell, PageContent, PageObjects, PageRow, Segment, TableFragment
from .page import ocr_page_content, read_page
from .words import cell_lines, continues_word, is_broken_word, is_word_tail, page_vocabulary

__all__ = [
    "BACKENDS",
    "Char",
    "Edge",
    "Glyph",
    "Line",
    "LineEnd",
    "LogicalTable",
    "PageCell",
    "PageContent",
    "PageObjects",
    "PageReader",
    "PageRow",
    "Segment",
    "TableAssembler",
    "TableFragment",
    "cell_lines",
    "continues_word",
    "is_broken_word",
    "is_word_tail",
    "ocr_page_content",
    "page_contents",
    "page_vocabulary",
    "parse",
    "read_page",
    "source_tables",
]

"""HTML pages of decisions, read with lxml's HTML parser.

Councils publish annexes as web pages: the header block and heading in
``<p>`` paragraphs, the table with ``rowspan``/``colspan``, each cell's lines as
``<p>`` or ``<br>``, the signature in paragraphs below. A cell spanning several
columns is read once, at its first column, the columns it covers get empty
cells; a cell spanning several rows is read once, in its first row (as the DOCX
parser reads merged cells). A table holding other tables is page layout: only
tables without tables inside are read.

The parser never touches the network and resolves no external entities: lxml's
HTML parser is built with ``no_network=True`` and HTML has no DTD to load.
"""

from __future__ import annotations

import regex
from lxml import etree
from lxml import html as lxml_html

from ..errors import DamagedFileError, NoProgrammeTableError
from ..model import Location, ParsedDocument, SourceCell, SourceRow, SourceTable

# Elements whose text is a paragraph of its own (outside tables) or a line of its own (inside a cell).
BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "address", "blockquote", "pre", "center"})
DROPPED = ("script", "style", "noscript", "template", "head")
MAX_SPAN = 200  # a colspan/rowspan larger than this is clipped (hostile or broken markup)
# The charset a page declares in its <meta>: <meta charset="utf-8"> · content="text/html; charset=windows-1251"
# Line ends in the page source are spaces; only <br> and block elements break lines.
SOURCE_BREAKS = regex.compile(r"[\r\n\t]+")
META_CHARSET = regex.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*(?P<charset>[A-Za-z0-9_\-]+)", regex.IGNORECASE)


def decode(data: bytes) -> str:
    """Decode the page: its declared charset, else UTF-8, else Windows-1251."""
    declared = META_CHARSET.search(data[:4096])
    candidates = [declared["charset"].decode("ascii")] if declared else []
    for encoding in [*candidates, "utf-8-sig", "cp1251"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise DamagedFileError("HTML page in an unknown encoding")


def text_lines(element: etree._Element) -> list[str]:
    """The lines of an element: ``<br>`` and block elements break lines, other tags are dropped."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br" or tag in BLOCKS:
            parts.append("\n")
        if node.text and tag not in DROPPED:
            parts.append(SOURCE_BREAKS.sub(" ", node.text))
        for child in node:
            walk(child)
            if child.tail:
                parts.append(SOURCE_BREAKS.sub(" ", child.tail))
        if tag in BLOCKS:
            parts.append("\n")

    walk(element)
    # a run of non-breaking spaces sets two things apart on one line (a position and a name)
    text = regex.sub("\u00a0{3,}", "\n", "".join(parts))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return [line for line in lines if line]


def own_rows(table: etree._Element) -> list[etree._Element]:
    """The ``<tr>`` of ``table`` itself (in thead, tbody, tfoot or directly), not of tables inside it."""
    return [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]


def span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1").strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def read_table(table: etree._Element, index: int) -> SourceTable:
    """A table into rows of grid cells, each spanning cell's text once."""
    rows: list[SourceRow] = []
    pending: dict[int, int] = {}  # grid column → rows a rowspan still covers below
    for row_number, tr in enumerate(own_rows(table), start=1):
        location = Location(table=index, row=row_number)
        cells: list[SourceCell] = []
        column = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while pending.get(column, 0) > 0:  # cells a rowspan from above covers
                pending[column] -= 1
                cells.append(SourceCell(locations=(location,)))
                column += 1
            columns, down = span(td, "colspan"), span(td, "rowspan")
            cells.append(SourceCell(lines=tuple(text_lines(td)), locations=(location,)))
            cells.extend(SourceCell(locations=(location,)) for _ in range(columns - 1))
            for offset in range(columns):
                if down > 1:
                    pending[column + offset] = down - 1
            column += columns
        last_covered = max((grid for grid, count in pending.items() if count > 0 and grid >= column), default=-1)
        while column <= last_covered:  # cells a rowspan covers after the row's last own cell
            if pending.get(column, 0) > 0:
                pending[column] -= 1
            cells.append(SourceCell(locations=(location,)))
            column += 1
        rows.append(SourceRow(cells=tuple(cells), location=location))
    return SourceTable(rows=tuple(rows), index=index)


def parse(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse an HTML page into the paragraphs around its tables and the tables."""
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    try:
        root = lxml_html.document_fromstring(decode(data), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise DamagedFileError(f"damaged HTML ({error})") from error
    for dropped in root.iter(*DROPPED):
        dropped.drop_tree()
    body = root.find("body")
    body = body if body is not None else root

    before: list[str] = []
    after: list[str] = []
    tables: list[SourceTable] = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        in_data_table = any(is_data_table(ancestor) for ancestor in element.iterancestors("table"))
        if in_data_table:
            continue
        if element.tag == "table" and is_data_table(element):
            tables.append(read_table(element, len(tables) + 1))
            after.clear()  # paragraphs between tables belong to no header or signature
        elif element.tag in BLOCKS and not any(child.tag in (*BLOCKS, "table") for child in element.iterdescendants()):
            text = "\n".join(text_lines(element))
            if text:
                (after if tables else before).append(text)
    if not tables:
        raise NoProgrammeTableError("no table found in the HTML page")
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="html",
        before=tuple(before),
        after=tuple(after),
        tables=tuple(tables),
    )


def is_data_table(table: etree._Element) -> bool:
    """A table with no table inside it (a table of tables only lays the page out)."""
    return not any(inner is not table for inner in table.iter("table"))

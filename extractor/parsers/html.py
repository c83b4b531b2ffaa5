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

Its bounds are said, never silent: a page larger than ``MAX_PAGE_BYTES``,
nested deeper than libxml2 reads (``MAX_DEPTH``, with ``huge_tree``) or with a
table of more than ``MAX_TABLE_CELLS`` grid cells is an error; a span over
``MAX_SPAN`` is clipped with a ``span_clipped`` warning. Every pass over the
tree is iterative and visits each element a bounded number of times, so the
cost grows with the page's size (20 000 rows read in seconds), not its square,
and deep nesting never reaches Python's recursion limit.
"""

from __future__ import annotations

import regex
from lxml import etree
from lxml import html as lxml_html

from ..errors import DamagedFileError, HostileFileError, UnsupportedFormatError
from ..model import ExtractionWarning, Location, ParsedDocument, SourceCell, SourceRow, SourceTable, Where

# Elements whose text is a paragraph of its own (outside tables) or a line of its own (inside a cell).
BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "address", "blockquote", "pre", "center"})
DROPPED = ("script", "style", "noscript", "template", "head")
MAX_SPAN = 200  # a colspan/rowspan larger than this is clipped, with a warning (hostile or broken markup)
MAX_PAGE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 2048  # libxml2's nesting limit with huge_tree; deeper markup is cut, so it is refused
MAX_TABLE_CELLS = 2_000_000  # grid cells of one table, spans counted
# The charset a page declares in its <meta>: <meta charset="utf-8"> · content="text/html; charset=windows-1251"
# Line ends in the page source are spaces; only <br> and block elements break lines.
SOURCE_BREAKS = regex.compile(r"[\r\n\t]+")
# Three or more non-breaking spaces in a row set two things apart on one line (a position and a name).
NBSP_RUN = regex.compile("\u00a0{3,}")
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
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag == "br" or tag in BLOCKS:
                parts.append("\n")
            if node.text and tag not in DROPPED:
                parts.append(SOURCE_BREAKS.sub(" ", node.text))
            continue
        if tag in BLOCKS:
            parts.append("\n")
        if node.tail and node is not element:
            parts.append(SOURCE_BREAKS.sub(" ", node.tail))
    text = NBSP_RUN.sub("\n", "".join(parts))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return [line for line in lines if line]


def own_rows(table: etree._Element) -> list[etree._Element]:
    """The ``<tr>`` of ``table`` itself (in thead, tbody, tfoot or directly), not of tables inside it."""
    return [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]


def span(cell: etree._Element, name: str) -> tuple[int, bool]:
    """A cell's ``colspan``/``rowspan`` and whether it had to be clipped to ``MAX_SPAN``."""
    try:
        declared = int(cell.get(name, "1").strip() or 1)
    except ValueError:
        return 1, False
    return max(1, min(declared, MAX_SPAN)), declared > MAX_SPAN


def read_table(table: etree._Element, index: int) -> tuple[SourceTable, list[ExtractionWarning]]:
    """A table into rows of grid cells, each spanning cell's text once; warnings for spans clipped."""
    rows: list[SourceRow] = []
    warnings: list[ExtractionWarning] = []
    pending: dict[int, int] = {}  # grid column → rows a rowspan still covers below
    grid_cells = 0
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
            (columns, clipped_across), (down, clipped_down) = span(td, "colspan"), span(td, "rowspan")
            if clipped_across or clipped_down:
                warnings.append(
                    ExtractionWarning(
                        "span_clipped",
                        f"a cell spanning {td.get('colspan', '1')} columns and {td.get('rowspan', '1')} rows"
                        f" is read as spanning at most {MAX_SPAN}",
                        Where(table=index, row=row_number),
                    )
                )
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
        grid_cells += len(cells)
        if grid_cells > MAX_TABLE_CELLS:
            raise HostileFileError(f"HTML table {index} has more than {MAX_TABLE_CELLS} grid cells (spans counted)")
        rows.append(SourceRow(cells=tuple(cells), location=location))
    return SourceTable(rows=tuple(rows), index=index), warnings


def parse_tree(data: bytes) -> etree._Element:
    """The page's tree; a page too large or nested too deeply to be read whole is an error, not a partial tree."""
    if len(data) > MAX_PAGE_BYTES:
        raise UnsupportedFormatError(f"HTML page too large ({len(data)} bytes, limit {MAX_PAGE_BYTES})")
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=True)
    try:
        root = lxml_html.document_fromstring(decode(data), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise DamagedFileError(f"damaged HTML ({error})") from error
    # recover=True reads on past broken markup, and past a limit too: a limit hit means part of the page was lost
    limits = [entry for entry in parser.error_log if entry.type_name == "ERR_RESOURCE_LIMIT"]
    if limits:
        if "depth" in limits[0].message.lower():
            raise HostileFileError(f"HTML page nested deeper than {MAX_DEPTH} elements; it cannot be read whole")
        raise HostileFileError(f"HTML page past a parser limit ({limits[0].message.strip()}); it cannot be read whole")
    return root


def parse(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse an HTML page into the paragraphs around its tables and the tables."""
    root = parse_tree(data)
    for dropped in list(root.iter(*DROPPED)):
        dropped.drop_tree()
    body = root.find("body")
    body = body if body is not None else root
    layout_tables, holding_blocks = containers(body)

    before: list[str] = []
    lines: list[str] = []  # every block's lines, an empty block as a space: for a page with no table (flat.py)
    between: list[list[str]] = []  # paragraphs below each table, up to the next one (a menu table may stand first)
    tables: list[SourceTable] = []
    warnings: list[ExtractionWarning] = []
    stack = [body]
    while stack:  # document order, without descending into data tables or paragraphs already read
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        if element.tag == "table" and element not in layout_tables:
            table, table_warnings = read_table(element, len(tables) + 1)
            tables.append(table)
            warnings.extend(table_warnings)
            between.append([])
            continue
        if element.tag in BLOCKS and element not in holding_blocks:
            text = "\n".join(text_lines(element))
            if text:
                (between[-1] if tables else before).append(text)
            lines.extend([*(text.split("\n") if text else [" "]), ""])
            continue
        stack.extend(reversed(element))
    if not tables:
        from . import flat  # a page whose paragraphs are a table's lines (a text view)

        return flat.parsed(lines, file_name, sha256, "html")
    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="html",
        before=tuple(before),
        after=tuple(between[-1]),
        between=tuple(tuple(paragraphs) for paragraphs in between),
        tables=tuple(tables),
        warnings=tuple(warnings),
    )


def containers(body: etree._Element) -> tuple[set[etree._Element], set[etree._Element]]:
    """Tables holding a table (page layout, not data) and elements holding a block or a table, in one pass.

    A table with no table inside it is a data table; a block element with no block or table inside it is a
    paragraph. Each element is looked at once, after its children (``iterwalk``'s end events).
    """
    layout_tables: set[etree._Element] = set()
    holding_blocks: set[etree._Element] = set()
    holding_tables: set[etree._Element] = set()
    for _, element in etree.iterwalk(body, events=("end",)):
        parent = element.getparent()
        if parent is None or not isinstance(element.tag, str):
            continue
        if element.tag == "table" or element in holding_tables:
            holding_tables.add(parent)
        if element.tag in BLOCKS or element.tag == "table" or element in holding_blocks:
            holding_blocks.add(parent)
    layout_tables = {element for element in holding_tables if element.tag == "table"}
    return layout_tables, holding_blocks

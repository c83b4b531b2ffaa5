"""Flattened text exports of HTML decisions: one paragraph per line of a cell, the cells' boundaries lost.

What a text copy of a decision's web page gives (the two excerpts in ``../shared/real/`` come from
ts.lica.com.ua and gov.lica.com.ua this way): every paragraph on a line of its own with an empty line after it, the
table's cells read row by row and left to right, each line of a cell a paragraph, an empty paragraph of a cell
(an empty cell, or ``<br><br>`` inside one) a line holding one space. A cell spanning several rows is read once,
in its first row; nothing marks where a cell, a row or the table ends.

    python tools/make_flat_text.py PAGE.html [PAGE.html ...] --out FOLDER   # writes FOLDER/PAGE.flat.txt
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree, html

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "center"}
CELLS = {"td", "th"}


def cell_paragraphs(cell: etree._Element) -> list[str]:
    """A cell's lines as a browser copies them; empty lines (``<br><br>``, ``<p>&nbsp;</p>``) kept as empty."""
    parts: list[str] = []
    for event, node in etree.iterwalk(cell, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag == "br":
                parts.append("\n")
            elif tag in BLOCKS and node is not cell and not (parts and parts[-1] == "\n"):
                parts.append("\n")  # one break between two paragraphs, not an empty line
            if node.text:
                parts.append(" ".join(node.text.split()) if tag not in ("pre",) else node.text)
            continue
        if tag in BLOCKS and node is not cell and not (parts and parts[-1] == "\n"):
            parts.append("\n")
        if node.tail and node is not cell:
            parts.append(" " + " ".join(node.tail.split()) if node.tail.strip() else "")
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines or [""]


def flattened(page: bytes) -> Iterator[str]:
    """The page's paragraphs in reading order, a table's cells flattened; "" for an empty paragraph."""
    root = html.fromstring(page)
    body = root.find("body")
    for node in (body if body is not None else root).iter():
        if not isinstance(node.tag, str):
            continue
        inside_table = next(node.iterancestors("table"), None) is not None
        if node.tag in CELLS:
            yield from cell_paragraphs(node)
        elif node.tag in BLOCKS and not inside_table and next(node.iter("table"), None) is None:
            lines = [line for line in cell_paragraphs(node) if line]
            if lines:
                yield "\n".join(lines)  # a <br> outside the table: a line break, not a new paragraph


def flat_text(page: bytes) -> str:
    """Each paragraph followed by an empty line; an empty paragraph written as one space (as the excerpts are)."""
    return "".join(f"{line or ' '}\n\n" for line in flattened(page))


def barred_text(page: bytes) -> str:
    """The page as a scraper's text (the pages a search index stores of ts.lica.com.ua): each cell's lines, the last
    ended by `` |``; after a row's cells, one ``|`` on a line for each grid column its spanning cells or cells spanned
    from above leave (``|||||||``); paragraphs outside the table as lines."""
    root = html.fromstring(page)
    body = root.find("body")
    lines: list[str] = []
    for node in (body if body is not None else root).iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == "table" and next(node.iter("table"), None) is node and len(list(node.iter("table"))) == 1:
            lines.extend(barred_table(node))
        elif node.tag in BLOCKS and next(node.iterancestors("table"), None) is None and next(node.iter("table"), None) is None:
            lines.extend(line for line in cell_paragraphs(node) if line)
    return "\n".join(lines) + "\n"


def barred_table(table: etree._Element) -> list[str]:
    rows = [tr for tr in table.iter("tr")]
    widths = [sum(int(td.get("colspan", "1")) for td in tr if td.tag in CELLS) for tr in rows]
    width = max(widths, default=0)
    lines: list[str] = []
    for tr in rows:
        cells = [td for td in tr if td.tag in CELLS]
        for td in cells:
            text = [line for line in cell_paragraphs(td) if line] or [""]
            lines.extend(text[:-1])
            lines.append(f"{text[-1]} |" if text[-1] else "|")
        missing = width - len(cells)
        if missing > 0:
            lines.append("|" * missing)
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--bars", action="store_true", help="write a scraper's barred text (PAGE.barred.txt)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for page in args.pages:
        if args.bars:
            target = args.out / f"{page.stem}.barred.txt"
            target.write_text(barred_text(page.read_bytes()), "utf-8")
        else:
            target = args.out / f"{page.stem}.flat.txt"
            target.write_text(flat_text(page.read_bytes()), "utf-8")
        print(target, file=sys.stderr)


if __name__ == "__main__":
    main()

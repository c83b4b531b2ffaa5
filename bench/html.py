"""``make bench-html``: HTML cost against the number of rows (issue 13: it must grow linearly, not with the square).

Builds pages of 1 000, 4 000 and 20 000 table rows from the HTML rendering of
decision №1911 (its data rows repeated) and times, for each, the HTML parser
alone (``parsers/html.py``: lxml, the one pass over the tree, the cells) and
the whole conversion (parse, normalise, validate, serialise). Prints seconds
and milliseconds per row; linear cost keeps the per-row figure flat.
Usage: ``python -m bench.html [ROWS…]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import regex

from extractor import pipeline
from extractor.parsers import html

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "html" / "decision-1911.html"
ROW = regex.compile(r"<tr\b.*?</tr>", regex.DOTALL)


# A cell holding a section number alone (``<p>2.</p>``): renumbered in each repetition, so ids never repeat.
SECTION_NUMBER = regex.compile(r"(?P<before>>\s*)(?P<number>\d+)(?P<after>\.\s*<)")


def page(rows: int) -> bytes:
    """The sample page with its data rows repeated up to ``rows`` rows (header rows once, sections renumbered)."""
    text = SAMPLE.read_text("utf-8")
    found = list(ROW.finditer(text))
    header, data = found[:2], found[2:]
    sections = max(int(match["number"]) for row in data for match in SECTION_NUMBER.finditer(row[0]))
    repeated = []
    for number in range(rows):
        block = number // len(data)
        offset = block * sections
        repeated.append(
            SECTION_NUMBER.sub(
                lambda match, offset=offset: f"{match['before']}{offset + int(match['number'])}{match['after']}",
                data[number % len(data)][0],
            )
        )
    body = "".join(match[0] for match in header) + "".join(repeated)
    return (text[: found[0].start()] + body + text[found[-1].end() :]).encode("utf-8")


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    counts = [int(arg) for arg in argv] or [1_000, 4_000, 20_000]
    print(f"{'rows':>7} {'parser s':>9} {'ms/row':>7} {'whole s':>8} {'ms/row':>7}")
    for rows in counts:
        data = page(rows)
        parser = timed(html.parse, data, "bench.html", "0" * 64)
        whole = timed(pipeline.render, data, "bench.html")
        print(f"{rows:>7} {parser:>9.2f} {1000 * parser / rows:>7.3f} {whole:>8.2f} {1000 * whole / rows:>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

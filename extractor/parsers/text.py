"""Text exports of annexes: one table row per line, cells separated by TABs (or by ``|``).

What such an export looks like (the seed of decision №1911):

* paragraphs above the table (header block, heading), perhaps in ``**bold**``
  markdown with two trailing spaces for a line break;
* table rows as TAB-separated lines; a cell may hold HTML ``<p>`` fragments,
  one per line of the original cell;
* a blank line inside the table marks where the original page broke;
* paragraphs below the table (the signature).

A copy that parted cells with ``|`` instead (``| 1. | Ремонт даху | 2024 |``, a
markdown table with its ``|---|`` rule) is read the same way. A copy that lost
the cells' boundaries altogether is rebuilt by ``flat.py``.
"""

from __future__ import annotations

import html

import regex

from ..errors import DamagedFileError, EmptyFileError
from ..model import ExtractionWarning, Location, ParsedDocument, SourceCell, SourceRow, SourceTable, Where
from . import flat  # a copy that lost the cells' boundaries, or ended each cell with a bar

# One <p>…</p> fragment of a cell; a cell of fragments becomes one line per fragment.
PARAGRAPH_FRAGMENT = regex.compile(r"<p(?:\s[^>]*)?>(?P<content>.*?)</p>", regex.IGNORECASE | regex.DOTALL)
# <br> inside a fragment is a line break too.
LINE_BREAK_TAG = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
# Any other tag is markup to drop.
OTHER_TAG = regex.compile(r"</?[a-zA-Z][^>]*>")
# Markdown emphasis around the header block and the signature.
MARKDOWN_EMPHASIS = regex.compile(r"\*{2,}|(?<!\w)_{2,}|_{2,}(?!\w)")


# A UTF-8 export with a few damaged bytes (a bad disk, a cut transfer) is still UTF-8: up to this share of its
# characters may be undecodable, each read as U+FFFD with an ``undecodable_bytes`` warning. A file with more is
# not UTF-8 at all and is read as Windows-1251 (whose every byte decodes, so a damaged UTF-8 file would turn into
# mojibake, "РќР°Р·РІР°" for "Назва", and lose its table without a word).
MAX_UNDECODABLE_SHARE = 0.01


def decode(data: bytes) -> tuple[str, int]:
    """Decode a text export: UTF-8 (with or without BOM), else Windows-1251; and how many bytes did not decode."""
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8-sig", "replace")
    undecodable = lenient.count("\ufffd")
    if undecodable <= MAX_UNDECODABLE_SHARE * len(lenient) and regex.search(r"\p{Cyrillic}", lenient):
        return lenient, undecodable
    try:
        decoded = data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise DamagedFileError("not a text document (undecodable bytes)") from error
    if not regex.search(r"\p{Cyrillic}", decoded):
        raise DamagedFileError("not a text document (neither UTF-8 nor Windows-1251 Ukrainian text)")
    return decoded, 0


def cell_lines(raw: str) -> tuple[str, ...]:
    """Split one exported cell into its lines, undoing the HTML fragments."""
    fragments = [match.group("content") for match in PARAGRAPH_FRAGMENT.finditer(raw)]
    if not fragments:
        fragments = [raw]
    lines: list[str] = []
    for fragment in fragments:
        for line in LINE_BREAK_TAG.split(fragment):
            line = html.unescape(OTHER_TAG.sub("", line)).strip()
            if line:
                lines.append(line)
    return tuple(lines)


# A text export whose cells a copy parted with ``|`` (a markdown or plain-text table): two bars at least, or a row
# framed by them; with no TAB anywhere in the file.
PIPE_ROW = regex.compile(r"^\s*\|.*\|\s*$|^[^|]*\|[^|]*\|")
PIPE_RULE = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def wrapped_rows_joined(lines: list[str], first: int, last: int) -> list[str]:
    """A framed table's rows whole: a row the copy wrapped (``| 2. | Придбання інвентарю для`` and
    ``дитячо-юнацької школи | ДЮСШ | 20,5 |``) joined on its first line, the cut a line break (``<br>``) inside its
    cell; the lines it took are left empty but for the last, so line numbers stay the file's."""
    joined = list(lines)
    number = first
    while number <= last:
        if not FRAMED.match(joined[number]) and joined[number].lstrip().startswith("|"):
            end = number
            while end < last and not joined[end].rstrip().endswith("|") and joined[end + 1].strip():
                end += 1
            if end > number:
                joined[number] = "<br>".join(line.strip() for line in joined[number : end + 1])
                for taken in range(number + 1, end + 1):
                    joined[taken] = "\u2060"  # neither a row nor a page break
            number = end
        number += 1
    return joined


def split_tabs(line: str) -> list[str]:
    return line.split("\t")


MIN_PIPE_ROWS = 3  # fewer lines with bars are prose (a header and a row at least, and the column numbers or a rule)
FRAMED = regex.compile(r"^\s*\|.*\|\s*$")


def split_pipes(line: str) -> list[str]:
    return line.split("|")


def split_framed(line: str) -> list[str]:
    """A row's cells between its bars, in a table whose rows the bars frame (``| 1. | … |``)."""
    cells = line.split("|")
    if FRAMED.match(line):
        cells = cells[1:-1]
    return cells


def paragraphs(lines: list[str]) -> tuple[str, ...]:
    """Group non-blank lines into paragraphs; lines of a paragraph keep their breaks."""
    found: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        cleaned = MARKDOWN_EMPHASIS.sub("", line).strip()
        if cleaned:
            current.append(cleaned)
        elif current:
            found.append("\n".join(current))
            current = []
    return tuple(found)


def parse(data: bytes, file_name: str, sha256: str) -> ParsedDocument:
    """Parse a TAB-separated text export into paragraphs and one table."""
    content, undecodable = decode(data)
    if not content.strip():
        raise EmptyFileError("empty file (no text)")
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table_lines = [number for number, line in enumerate(lines) if "\t" in line]
    if sum(1 for number in table_lines if len([cell for cell in lines[number].split("\t") if cell.strip()]) >= 3) < 3:
        table_lines = []  # TABs only in a signature or a header block (``Секретар ради<TAB><TAB>Іван ПЕТРЕНКО``)
    split = split_tabs
    if not table_lines and flat.is_barred(lines):
        return flat.parsed(lines, file_name, sha256, "text", undecodable_warnings(content, undecodable))
    if not table_lines:
        table_lines = [number for number, line in enumerate(lines) if PIPE_ROW.match(line)]
        table_lines = table_lines if len(table_lines) >= MIN_PIPE_ROWS else []
        starts = sum(lines[number].lstrip().startswith("|") for number in table_lines)
        framed = sum(FRAMED.match(lines[number]) is not None for number in table_lines) >= 0.5 * len(table_lines) and (
            starts >= 0.5 * len(table_lines)
        )  # most rows framed (a wrapped row's second line is not)
        split = split_framed if framed else split_pipes
    if not table_lines:
        return flat.parsed(lines, file_name, sha256, "text", undecodable_warnings(content, undecodable))
    first, last = table_lines[0], table_lines[-1]

    if split is split_framed:
        lines = wrapped_rows_joined(lines, first, last)
    rows: list[SourceRow] = []
    break_pending = False
    for number in range(first, last + 1):
        line = lines[number]
        if line == "\u2060":
            continue  # a wrapped row's line, joined to its first
        if not line.strip():
            break_pending = True
            continue
        if split is not split_tabs and PIPE_RULE.match(line):
            continue  # a markdown table's rule under its header
        location = Location(table=1, row=len(rows) + 1, line=number + 1)
        cells = tuple(SourceCell(lines=cell_lines(raw), locations=(location,)) for raw in split(line))
        rows.append(SourceRow(cells=cells, location=location, break_before=break_pending))
        break_pending = False

    return ParsedDocument(
        file_name=file_name,
        sha256=sha256,
        format="text",
        warnings=undecodable_warnings(content, undecodable),
        before=paragraphs(lines[:first]),
        after=paragraphs(lines[last + 1 :]),
        tables=(SourceTable(rows=tuple(rows), index=1),),
    )


def undecodable_warnings(content: str, undecodable: int) -> tuple[ExtractionWarning, ...]:
    if not undecodable:
        return ()
    first_line = content[: content.index("\ufffd")].count("\n") + 1
    return (
        ExtractionWarning(
            "undecodable_bytes",
            f"{undecodable} byte sequence(s) are not UTF-8 and were read as \ufffd (U+FFFD), the first on line {first_line}",
            Where(line=first_line),
        ),
    )

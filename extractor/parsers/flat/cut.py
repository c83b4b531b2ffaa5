"""Step 4: the body's lines cut into cells and rows by dynamic programming over how well each run fits a column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex

from ...model import Location, SourceCell, SourceRow
from ...normalise.text import names_bodies
from .header import Column, Header
from .lines import (
    AMOUNT,
    AMOUNT_TEXT,
    BLANK,
    BREAKDOWN,
    DASHED,
    LISTED,
    LOWER,
    NO_FUNDS,
    NUMBER,
    NUMBERED,
    PARTS,
    SIGNED,
    SOURCE_WORDS,
    TERMS,
    TEXT,
    TOTALS,
    YEARS_AMOUNT,
    Paragraph,
    kinds_of,
)  # fmt: skip

MAX_CELL_PARAGRAPHS = 60  # paragraphs one cell may hold (empty ones counted)

# --- 4. the body --------------------------------------------------------------------------------------------------

# How well a cell's first paragraph of each kind fits a column of each role.
START: dict[str, dict[int, float]] = {
    "number": {NUMBER: 2.0, DASHED: 0.0, NUMBERED: -1.0},
    "amount": {AMOUNT: 2.0, NUMBER: 1.8, NO_FUNDS: 1.0, YEARS_AMOUNT: 2.0, AMOUNT_TEXT: 2.0, DASHED: 1.5, PARTS: -1.0,
               BREAKDOWN: -1.0, TERMS: -1.0, TOTALS: -2.0},
    "term": {TERMS: 2.0, TEXT: -0.5, LOWER: -0.5, AMOUNT: -2.0, NUMBER: -2.0, DASHED: 0.0},
    "text": {TEXT: 1.0, NUMBERED: 1.0, LISTED: 0.3, LOWER: -0.5, TOTALS: 0.5, DASHED: 0.0, BREAKDOWN: -0.5, TERMS: -1.5},
    "direction": {TEXT: 1.0, NUMBERED: 0.3, LOWER: -0.5, TOTALS: 0.5, DASHED: 0.0, BREAKDOWN: -0.5, TERMS: -1.5},
    "executor": {TEXT: 1.0, NUMBERED: -0.5, LOWER: -0.2, TOTALS: 0.0, DASHED: 0.0, TERMS: -1.5},
    "source": {TEXT: 1.0, NUMBERED: -0.5, LOWER: 0.5, TOTALS: 0.0, DASHED: 0.0, TERMS: -1.5, NO_FUNDS: 1.0},
    "result": {TEXT: 1.0, NUMBERED: -0.5, LOWER: -1.0, TOTALS: 0.0, DASHED: 0.0, BREAKDOWN: -0.5, TERMS: -1.5,
               AMOUNT: -1.0, NUMBER: -1.0, NO_FUNDS: -0.5},
    "any": {NUMBER: 2.0, TEXT: 1.0, NUMBERED: 1.0, LOWER: -0.5, DASHED: 0.0, TOTALS: 0.5},
}  # fmt: skip
START_ELSE = {
    "number": -3.0,
    "amount": -3.0,
    "term": -1.0,
    "text": -2.0,
    "executor": -2.0,
    "source": -2.0,
    "any": -1.5,
    "result": -2.0,
    "direction": -2.0,
}
# How well each later paragraph of a cell fits it (0: as well as any).
MORE: dict[str, dict[int, float]] = {
    "number": {},
    "amount": {AMOUNT: 0.0, NUMBER: -0.5, PARTS: 0.0, BREAKDOWN: 0.0, YEARS_AMOUNT: 0.0, DASHED: 0.0, LOWER: -0.2, TERMS: -1.5,
               AMOUNT_TEXT: -0.5},
    "term": {TERMS: 0.0, LOWER: -0.3},
    "text": {LOWER: 0.0, LISTED: 0.0, TEXT: -0.3, BREAKDOWN: 0.0, DASHED: -0.5, PARTS: -1.0, TERMS: -1.0, AMOUNT: -1.5,
             AMOUNT_TEXT: -1.0},
}  # fmt: skip
MORE["executor"] = {**MORE["text"], TEXT: -0.2}
MORE["source"] = MORE["text"]
MORE["any"] = MORE["text"]
MORE["result"] = {**MORE["text"], AMOUNT: -0.5}
MORE["direction"] = MORE["text"]
MORE_ELSE = {
    "number": -3.0,
    "amount": -3.0,
    "term": -2.0,
    "text": -2.5,
    "executor": -2.5,
    "source": -2.5,
    "any": -2.5,
    "result": -2.5,
    "direction": -2.5,
}
# A paragraph of these kinds left below the table is one of its cells lost.
LEFT_OUT = {AMOUNT: -2.0, YEARS_AMOUNT: -2.0, PARTS: -2.0, NUMBER: -1.0, TERMS: -1.0, AMOUNT_TEXT: -2.0}
COVERED = -0.8  # a cell a spanning cell above covers (absent from the flattened text), before the row's own cells
COVERED_AFTER = -1.0  # ... after one of them (a merged result column is rarer than a merged section column)
SPAN_ROW = -1.5  # a section heading across the whole row ...
HEADING_BONUS = 1.0  # ... with an item number after it
SECTION_HEADING = regex.compile(
    r"^(?:Розділ|Напрям|Завдання|Підпрограма|Пріоритет)\s+(?:\d{1,2}|[IVХІ]{1,4})\b", regex.IGNORECASE
)
LEADING_BLANK = -0.5  # a cell whose first line is empty
GIVE_UP = -6.0  # a cell whose later lines fit it this badly is not made longer
SIGNATURE_COST = -4.0


def first_score(role: str, paragraph_kind: int, text: str) -> float:
    if paragraph_kind == SIGNED:
        return SIGNATURE_COST
    score = START.get(role, {}).get(paragraph_kind, START_ELSE[role])
    if role == "executor" and paragraph_kind in (TEXT, LOWER) and names_bodies(text):
        score += 0.5
    if role == "number" and paragraph_kind == NUMBER and "." not in text and int(text.rstrip(")")) > 99:
        score = 0.0  # 630 is an amount more likely than an item number
    if role == "source" and SOURCE_WORDS.search(text):
        score += 1.0
    return score


def more_score(role: str, paragraph_kind: int, text: str) -> float:
    if paragraph_kind == SIGNED:
        return SIGNATURE_COST
    score = MORE.get(role, {}).get(paragraph_kind, MORE_ELSE[role])
    if role == "executor" and paragraph_kind == TEXT and names_bodies(text):
        score = 0.0
    return score


@dataclass(frozen=True)
class Cut:
    start: int  # paragraph index, inclusive
    end: int  # exclusive
    column: int
    span: int  # columns the cell spans (1 for most)
    score: float = 0.0  # how well its paragraphs fit its column (set on the chosen cut)


def segment(body: Sequence[Paragraph], columns: Sequence[Column]) -> tuple[list[list[Cut]], int, float]:
    """The body cut into rows of cells, how many paragraphs the table holds (the rest are below it), the cut's score.

    A state is (paragraphs read, columns of the current row filled, whether the row has a cell of its own, whether
    it is the first row); the first row has no covered cells (nothing above it spans down).
    """
    width = len(columns)
    roles = [column.role for column in columns]
    kinds = kinds_of([paragraph.text for paragraph in body])
    count = len(body)
    first_amount = next((index for index, role in enumerate(roles) if role == "amount"), width)
    minus = float("-inf")
    State = tuple[int, int, int, int]
    best: dict[State, float] = {(0, 0, 0, 1): 0.0}
    back: dict[State, tuple[State, Cut | None]] = {}

    texts = [paragraph.text for paragraph in body]
    role_names = set(roles) | {"text"}
    starts = {
        role: [first_score(role, k, t) if k != BLANK else 0.0 for k, t in zip(kinds, texts, strict=True)] for role in role_names
    }
    mores = {
        role: [more_score(role, k, t) if k != BLANK else 0.0 for k, t in zip(kinds, texts, strict=True)] for role in role_names
    }
    stop = min(count, MAX_CELL_PARAGRAPHS)
    ends = [paragraph.ends for paragraph in body]
    bounded = any(ends)

    def offer(state: State, score: float, source: State, cut: Cut | None) -> None:
        if state[1] == width:
            state = (state[0], 0, 0, 0)
        if score > best.get(state, minus):
            best[state] = score
            back[state] = (source, cut)

    def cell(i: int, role: str, score: float, source: State, column: int, span: int) -> None:
        """Offer each run of paragraphs from ``i`` as one cell of ``column``; stop once it has gone too wrong."""
        start, more = starts[role], mores[role]
        started, penalty = False, 0.0
        target = column + span
        for j in range(i, min(count, i + stop)):
            if bounded and not ends[j]:  # a barred copy's cell goes on to the line its bar ends
                k = kinds[j]
                if k != BLANK:
                    score += more[j] if started else start[j] + (LEADING_BLANK if j > i else 0.0)
                    started = True
                continue
            k = kinds[j]
            if k != BLANK and started:
                score += more[j]
                penalty += more[j]
            elif k != BLANK:
                score += start[j] + (LEADING_BLANK if j > i else 0.0)
                started = True
            elif j > i and not started:
                score -= 0.1  # several empty paragraphs as one empty cell: a little less likely
            state = (j + 1, target, 1, source[3]) if target < width else (j + 1, 0, 0, 0)
            if score > best.get(state, minus):  # offer(), inlined: the cut is made only when it is the best so far
                best[state] = score
                back[state] = (source, Cut(i, j + 1, column, span))
            if k == SIGNED or penalty < GIVE_UP or bounded:
                break

    next_kind = [BLANK] * (count + 1)  # the kind of the first non-empty paragraph after each
    for i in range(count - 2, -1, -1):
        next_kind[i] = kinds[i + 1] if kinds[i + 1] != BLANK else next_kind[i + 1]

    def heading_cost(i: int) -> float:
        """A heading across the row is likely when an item number follows it (``1. Збереження …`` / ``1.1.``)."""
        following = next_kind[i]
        numbered = kinds[i] == NUMBERED or bool(SECTION_HEADING.match(texts[i]))
        return SPAN_ROW + (HEADING_BONUS if numbered and following in (NUMBER, NUMBERED) else 0.0)

    left_out = [0.0] * (count + 1)  # what leaving body[i:] below the table costs
    for i in range(count - 1, -1, -1):
        left_out[i] = left_out[i + 1] + LEFT_OUT.get(kinds[i], 0.0)
    ending, end_score = 0, minus
    for i in range(count + 1):
        # states with a cell of their own first: completing their row opens (i, 0, 0, 0)
        for own in (1, 0):
            for first in (1, 0):
                for c in range(width):
                    here = best.get((i, c, own, first), minus)
                    if here == minus:
                        continue
                    source = (i, c, own, first)
                    if i < count and body[i].optional:  # a lone bar read as no cell at all
                        offer((i + 1, c, own, first), here, source, None)
                    if not first and (c + 1 < width or own):
                        offer((i, c + 1, own, first), here + (COVERED_AFTER if own else COVERED), source, None)
                    if i == count:
                        continue
                    cell(i, roles[c], here, source, c, 1)
                    if kinds[i] == NO_FUNDS and roles[c] in ("amount", "source") and first_amount < width:
                        last = max(c, first_amount)
                        while last + 1 < width and roles[last + 1] == "amount":
                            last += 1
                        if last > c:
                            cell(i, "amount", here, source, c, last - c + 1)
                    if kinds[i] in (TEXT, NUMBERED, TOTALS) and c < width - 1:
                        spans = set() if own else {width - c}  # a heading across the row, not across its rest
                        if kinds[i] == TOTALS and first_amount > c + 1:
                            spans.add(first_amount - c)
                        for span in spans:
                            cost = heading_cost(i) if span == width - c else 0.0
                            cell(i, "text", here + cost, source, c, span)
        row_start = best.get((i, 0, 0, 0), minus) + left_out[i]
        if row_start >= end_score:
            ending, end_score = i, row_start
    if end_score == minus:
        return [], 0, minus
    rows: list[list[Cut]] = []
    current: list[Cut] = []
    state: State = (ending, 0, 0, 0)
    while state != (0, 0, 0, 1):
        source, cut = back[state]
        if cut is not None:
            gained = best[state] - best[source] if state in best else 0.0
            current.append(replace(cut, score=gained))
        if source[1] == 0 and source[2] == 0:
            rows.append(list(reversed(current)))
            current = []
        state = source
    rows.reverse()
    return [row for row in rows if row], ending, end_score


def body_rows(body: Sequence[Paragraph], cuts: Sequence[Sequence[Cut]], width: int, first_row: int) -> list[SourceRow]:
    rows = []
    for number, row in enumerate(cuts, start=first_row):
        location = Location(table=1, row=number, line=body[row[0].start].line)
        cells = [SourceCell(locations=(location,)) for _ in range(width)]
        for cut in row:
            lines = tuple(paragraph.text for paragraph in body[cut.start : cut.end] if paragraph.text)
            where = Location(table=1, row=number, line=body[cut.start].line)
            cells[cut.column] = SourceCell(lines=lines, locations=(where,))
        rows.append(SourceRow(cells=tuple(cells), location=location))
    return rows


def column_readings(named: list[Column], found: Sequence[Paragraph], header: Header) -> list[list[Column]]:
    """The columns as the header names them, and the readings a flattened header leaves open: a column with an empty
    header before them (the empty paragraphs right above the header may be its cells), or an item-number column
    under the first column's header (``Назва заходу`` spanning ``1.`` and the measure's text)."""
    if header.numbers:
        return [named]
    readings = [named]
    empty_before = 0
    while empty_before < min(header.start, 2) and not found[header.start - 1 - empty_before].text:
        empty_before += 1
    for count in range(1, empty_before + 1):
        readings.append([Column(("",), "any")] * count + named)
    if named[0].role != "number":
        readings.append([Column(("",), "number"), *named])
    return readings


def spans_continued(cuts: Sequence[Sequence[Cut]], columns: Sequence[Column]) -> list[list[Cut]]:
    """Rows whose amounts sit where a merged cell above still covers one: a row with fewer amounts than amount
    columns keeps covered the amount columns the row above left covered (a total spanning three rows), when as many
    are missing, its amounts in order in the others. The cut alone cannot tell ``-`` under the total from ``-``
    under the first year; the merged cell above can."""
    amount = [index for index, column in enumerate(columns) if column.role == "amount"]
    result: list[list[Cut]] = []
    previous: set[int] | None = None
    for row in cuts:
        filled = {cut.column for cut in row if cut.column in amount and cut.span == 1}
        spanning = any(cut.span > 1 and cut.column + cut.span > amount[0] for cut in row) if amount else True
        covered = set(amount) - filled
        row = list(row)
        if previous and covered and not spanning and covered != previous and len(previous) == len(covered):
            moved = sorted(set(amount) - previous)
            placed = iter(moved)
            row = [replace(cut, column=next(placed)) if cut.column in filled else cut for cut in row]
            covered = set(previous)
        result.append(row)
        previous = covered if not spanning else None
    return result

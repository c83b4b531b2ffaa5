"""Text PDFs whose annex table is drawn with few or no lines (#10/#14), read through the text layer.

The scan suite's roads-2023 (borders off), roads-2023-tight (borders off, no
space between rows) and roads-2023-across (a box and rules between the rows
only), and tests/data/lineless/schools-2024 (portrait, Arial 9, a ``Всього``
column after the years, no row of column numbers; ``tools/make_lineless_pdfs.py``)
are read from their words' positions by the scanned page's ``lineless_grid``
(``parsers/pdf/aligned.py``): record by record against the extractions written
by hand, the measures in order, their texts and executors as printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from extractor.export.json import document_dict
from extractor.parsers import parse_file
from extractor.parsers.pdf import aligned
from extractor.parsers.pdf.model import Line, Segment
from extractor.pipeline import normalised
from tools import scan_suite

ROOT = Path(__file__).resolve().parents[1]
SCANS = ROOT / "tests" / "data" / "scans"
LINELESS = ROOT / "tests" / "data" / "lineless"

# roads-2023's measure texts as the printed table shows them (a cell's lines joined by a space).
ROADS_TEXTS = {
    "1.1": "Поточний ремонт вулиць з твердим покриттям",
    "1.2": "Капітальний ремонт мосту через р. Тясмин по вул. Соборній",
    "1.3": "Облаштування тротуарів і пішохідних переходів біля шкіл",
    "2.1": "Встановлення дорожніх знаків і нанесення розмітки",
    "2.2": "Модернізація світлофорних об’єктів",
    "2.3": "Придбання комбінованої дорожньої машини",
}
# (the PDF, its hand-written extraction, its measure texts; None: the extraction's own "texts")
DOCUMENTS = {
    "roads-2023": (SCANS / "roads-2023.pdf", SCANS / "roads-2023.expected.json", ROADS_TEXTS),
    "roads-2023-tight": (SCANS / "roads-2023-tight.pdf", SCANS / "roads-2023.expected.json", ROADS_TEXTS),
    "roads-2023-across": (SCANS / "roads-2023-across.pdf", SCANS / "roads-2023.expected.json", ROADS_TEXTS),
    "schools-2024": (LINELESS / "schools-2024.pdf", LINELESS / "schools-2024.expected.json", None),
}


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def read(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    pdf, expected_path, texts = DOCUMENTS[request.param]
    parsed = parse_file(pdf)
    assert not parsed.notes or "OCR" not in parsed.notes[0], parsed.notes  # the text layer, not OCR
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    return document_dict(normalised(parsed)), expected, texts if texts is not None else expected["texts"]


def test_records_are_read_exactly(read) -> None:
    document, expected, _ = read
    got = scan_suite.records_of_dict(document)
    wanted = {tuple(record) for record in expected["records"]}
    assert sorted(got, key=str) == sorted(wanted, key=str)
    assert len(got) == len(set(got))


def test_measures_in_order_with_their_texts_and_executors(read) -> None:
    document, expected, texts = read
    assert [measure["id"] for measure in document["measures"]] == expected["measures"]
    assert {measure["id"]: measure["text"] for measure in document["measures"]} == texts
    assert {measure["id"]: measure["executors"] for measure in document["measures"]} == expected["executors"]


def test_the_decision_is_identified_and_nothing_is_warned(read) -> None:
    document, expected, _ = read
    assert document["decision"]["identifier"] == expected["decision_identifier"]
    assert document["warnings"] == []


def line(y: float, *pieces: tuple[float, float, str], size: float = 10.0) -> Line:
    return Line(tuple(Segment(text, (x0, y, x1, y + size)) for x0, x1, text in pieces))


def test_a_header_over_the_year_columns_is_one_merged_cell() -> None:
    """Word boxes alone (no PDF): a header over three year columns, the years under it, six body rows (a gutter is
    white down most of the table's lines: the header crosses two of them)."""
    body = [
        line(150 + 25 * row, (50, 60, f"{row + 1}."), (90, 190 - 5 * row, f"Захід {row + 1}"), (230, 250, "10,0"),
             (285, 305, "-"), (340, 360, f"{row},0"), (400, 420, "15,0"))
        for row in range(6)
    ]  # fmt: skip
    lines = [
        line(100, (50, 70, "№"), (90, 200, "Захід"), (230, 360, "Обсяги фінансування"), (400, 440, "Всього")),
        line(125, (230, 255, "2024"), (285, 310, "2025"), (340, 365, "2026")),
        *body,
    ]
    fragment, outside = aligned.aligned_table(lines, 1)
    assert fragment is not None and outside == []
    header = fragment.rows[0].cells
    assert [None if cell is None else cell.lines for cell in header] == [
        ["№"],
        ["Захід"],
        ["Обсяги фінансування"],
        None,
        None,
        ["Всього"],
    ]
    assert [cell.lines for cell in fragment.rows[1].cells[2:5]] == [["2024"], ["2025"], ["2026"]]
    assert [[cell.lines for cell in row.cells] for row in fragment.rows[2:]] == [
        [[f"{row + 1}."], [f"Захід {row + 1}"], ["10,0"], ["-"], [f"{row},0"], ["15,0"]] for row in range(6)
    ]
    # The column edges fall in the white between the columns, in points.
    edges = fragment.edges
    assert len(edges) == 7 and all(np.diff(edges) > 0)
    assert 60 < edges[1] < 90 and 200 < edges[2] < 230 and 255 < edges[3] < 285 and 310 < edges[4] < 340 and 365 < edges[5] < 400


def test_lines_in_two_columns_only_are_no_table() -> None:
    lines = [line(100 + 25 * index, (50, 200, "Секретар"), (300, 400, "Підпис")) for index in range(4)]
    fragment, outside = aligned.aligned_table(lines, 1)
    assert fragment is None and outside == lines


def test_a_table_over_three_pages_with_rows_cut_by_the_breaks() -> None:
    """schools-2024-long: the annex's four measures seven times over (numbered 1-28) on three pages, a row cut by
    each page break, no header repeated: every measure reads as its like in schools-2024 (records, text, executors
    as printed), the rest of a cut row joined to its row, and the same as the DOCX it was printed from."""
    expected = json.loads((LINELESS / "schools-2024.expected.json").read_text(encoding="utf-8"))
    parsed = parse_file(LINELESS / "schools-2024-long.pdf")
    document = document_dict(normalised(parsed))
    assert [measure["id"] for measure in document["measures"]] == [str(number) for number in range(1, 29)]
    like = {measure["id"]: str((int(measure["id"]) - 1) % 4 + 1) for measure in document["measures"]}
    for measure in document["measures"]:
        assert measure["text"] == expected["texts"][like[measure["id"]]], measure["id"]
        assert measure["executors"] == expected["executors"][like[measure["id"]]], measure["id"]
    got = sorted(scan_suite.records_of_dict(document), key=str)
    wanted = sorted(
        ((str(number), *record[1:]) for number in range(1, 29) for record in expected["records"]
         if record[0] == str((number - 1) % 4 + 1)),
        key=str,
    )  # fmt: skip
    assert got == wanted
    assert document["warnings"] == []
    docx = document_dict(normalised(parse_file(LINELESS / "schools-2024-long.docx")))
    assert [(m["id"], m["text"], m["executors"], m["funding"]) for m in document["measures"]] == [
        (m["id"], m["text"], m["executors"], m["funding"]) for m in docx["measures"]
    ]

"""Scans nobody here made (#11): the scan suite read through OCR, record by record.

Each scan is one document of ``tests/data/scans/suite.json`` (a text PDF and
its extraction written by hand) spoiled by one profile of ``tools/degrade.py``
(150-300 dpi, skew up to 2° either way, JPEG quality 50, noise, grey paper,
dust, bleed-through, round stamps over a header and over amounts, a
signature). The scans are made in the test session from the committed PDFs
(cached by hash in a temporary folder) and each is read once. The ``ci`` subset
runs here, and ``ci_seeds``: a few scans the seed sweep found short, made with
that seed of their damage (``health-2022@stamp-300#11``); ``make bench-ocr``
reads every document by every profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import pytest
import regex

from extractor.export.json import document_dict
from extractor.model import ParsedDocument
from extractor.normalise.columns import is_column_numbers_row
from extractor.parsers import parse_file
from extractor.pipeline import normalised
from extractor.review import review_reasons
from tools import scan_suite

SCANS = scan_suite.ci_scans()
MIN_RECALL = 0.98  # of the records written down by hand, the share each scan must read exactly
MIN_PRECISION = 0.98  # of the records a scan gives, the share that must be right
regex_seconds = regex.compile(r"\d\s*s\b|seconds")


@dataclass(frozen=True)
class Read:
    scan: scan_suite.Scan
    parsed: ParsedDocument
    document: dict[str, Any]

    @property
    def records(self) -> list[scan_suite.Record]:
        return scan_suite.records_of_dict(self.document)


@pytest.fixture(scope="module", params=SCANS, ids=[scan.name for scan in SCANS])
def read(request: pytest.FixtureRequest) -> Read:
    scan: scan_suite.Scan = request.param
    parsed = parse_file(scan.path())
    assert parsed.notes[0] == "scanned PDF: every page read by OCR"
    return Read(scan, parsed, document_dict(normalised(parsed)))


def test_records_are_read_exactly(read: Read) -> None:
    exact, recall, precision = scan_suite.score(read.records, read.scan.expected)
    missing = sorted(read.scan.expected - set(read.records), key=str)
    wrong = sorted(set(read.records) - read.scan.expected, key=str)
    assert recall >= MIN_RECALL, f"{exact} of {len(read.scan.expected)} exact; missing {missing}; read instead {wrong}"
    assert precision >= MIN_PRECISION, f"wrong records: {wrong}"


def test_measures_come_out_in_order_under_their_own_ids(read: Read) -> None:
    assert [measure["id"] for measure in read.document["measures"]] == list(read.scan.measures)


def test_every_column_keeps_its_role_under_a_signature(read: Read) -> None:
    """The executors come out of the executors column, split as printed, even where a signature covers its header
    (``Виконавці``; the column is then told by its cells, body names): names read within a letter or two."""
    measures = {measure["id"]: measure["executors"] for measure in read.document["measures"]}
    for measure_id, printed in read.scan.executors.items():
        got = measures.get(measure_id, [])
        assert len(got) == len(printed), (measure_id, got, printed)
        for name, expected in zip(got, printed, strict=True):
            assert SequenceMatcher(None, name, expected).ratio() >= 0.9, (measure_id, name, expected)


def test_the_decision_is_identified(read: Read) -> None:
    assert read.document["decision"]["identifier"] == scan_suite.identifier_of(read.scan.document)


def test_every_record_read_wrong_is_warned_about(read: Read) -> None:
    """A record OCR did not get right is covered by a warning on its measure, or on the page and row it came from."""
    wrong = {record[0] for record in set(read.records) ^ read.scan.expected}
    measures = {measure["id"]: measure for measure in read.document["measures"]}
    for measure_id in wrong & set(measures):
        provenance = measures[measure_id]["provenance"]
        rows, pages = set(provenance["rows"]), set(provenance.get("pages") or [provenance["page"]])
        warned = [
            warning
            for warning in read.document["warnings"]
            if warning["where"].get("measure") == measure_id
            or (warning["where"].get("page") in pages and warning["where"].get("row") in rows)
        ]
        assert warned, f"{measure_id} read wrong without a warning"


def test_the_column_numbers_row_stands_alone(read: Read) -> None:
    """The row ``1 2 3 … N`` is found as such on the first page: not glued to the header, not read as data."""
    (table,) = read.parsed.tables
    first_page = [row for row in table.rows if row.location.page == table.rows[0].location.page]
    numbered = [row for row in first_page[:6] if is_column_numbers_row(row)]
    assert len(numbered) == 1, [[cell.text for cell in row.cells] for row in first_page[:6]]
    assert len([cell for cell in numbered[0].cells if not cell.is_empty]) == len(table.rows[0].cells)
    header = first_page[: first_page.index(numbered[0])]
    assert header and all(not line.strip().isdigit() for row in header for cell in row.cells for line in cell.lines)


def test_unsure_digits_are_warned_with_page_and_box(read: Read) -> None:
    for warning in read.document["warnings"]:
        if warning["code"] == "ocr_digits_unsure":
            assert warning["where"]["page"] and warning["where"]["row"]
            assert f"page {warning['where']['page']}, row {warning['where']['row']}" in warning["message"]
            assert " pt): digits read more than one way" in warning["message"]


def test_a_scan_in_doubt_is_for_review_and_a_clean_one_is_not(read: Read) -> None:
    """Unsure digits, repeated ids or totals that do not add up put the document in review; nothing else does."""
    codes = {warning["code"] for warning in read.document["warnings"]}
    reasons = review_reasons(read.document)
    in_doubt = codes & {"ocr_digits_unsure", "measure_id_duplicate", "total_mismatch", "measure_total_mismatch"}
    assert bool(reasons) == bool(in_doubt), (reasons, codes)


def test_notes_say_how_each_page_was_turned_and_carry_no_timing(read: Read) -> None:
    notes = [note for note in read.document["source"]["notes"] if note.startswith("page ")]
    assert len(notes) == read.document["source"]["pages"]
    skew = read.scan.degradation.skew
    for number, note in enumerate(notes, start=1):
        assert note.startswith(f"page {number}: text layer no text; OCR (Tesseract, ukr), straightened by ")
        assert not regex_seconds.search(note), note
        angle = float(note.split("straightened by ")[1].split("°")[0])
        assert angle == pytest.approx(skew[(number - 1) % len(skew)], abs=0.15)

"""Rendered PDFs give the same extraction as their DOCX: decision №1911 and an annex unlike it."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import pipeline
from extractor.export.json import document_dict
from extractor.parsers import parse_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PDF_DATA = ROOT / "tests" / "data" / "pdf"
sys.path.insert(0, str(PDF_DATA))
import make_annex  # noqa: E402  (the annex's builder: its data is the expected extraction)


def without_provenance(document) -> dict:
    payload = document_dict(document)
    payload.pop("source")
    for measure in payload["measures"]:
        measure.pop("provenance")
    for warning in payload["warnings"]:
        warning.pop("where", None)
    return payload


@pytest.fixture(scope="module")
def docx_1911():
    return without_provenance(pipeline.extract(SAMPLES / "decision-1911.docx"))


@pytest.mark.parametrize("name", ["decision-1911.pdf", "decision-1911-repeated-header.pdf"])
def test_1911_pdf_equals_docx(name, docx_1911):
    document = pipeline.extract(SAMPLES / name)
    assert len(document.measures) == 23
    assert len(document.funding_records) == 57
    assert document.source.format == "pdf"
    assert without_provenance(document) == docx_1911


def test_1911_rows_cut_by_page_breaks_list_both_pages():
    document = pipeline.extract(SAMPLES / "decision-1911.pdf")
    by_id = {measure.id: measure for measure in document.measures}
    # As in the published annex, 1.2, 1.6, 2.3, 3.4 and 3.6 (its "в т.ч." sub-items with it) run from one page
    # onto the next in this rendering; 1.9 and 4.3 do too.
    cut = [measure.id for measure in document.measures if len(measure.provenance.pages) == 2 and measure.parent is None]
    assert cut == ["1.2", "1.6", "1.9", "2.3", "3.4", "3.6", "4.3"]
    assert document.source.pages == 8
    # 2.3's executors are cut inside a word with no hyphen (консультативног | о), 1.9's amount after its dash
    assert by_id["2.3"].executors[-1] == "відділ інформаційно-консультативного забезпечення"
    assert by_id["1.9"].funding[-1].raw == "2020р.-39,900"


def test_repeated_header_rendering_drops_a_header_per_page():
    parsed = parse_file(SAMPLES / "decision-1911-repeated-header.pdf")
    assert parsed.pages == 9
    assert parsed.tables[0].dropped_header_rows == 2 * (parsed.pages - 1)
    breaks = [row.break_before for row in parsed.tables[0].rows]
    assert breaks.count(True) == parsed.pages - 1


@pytest.fixture(scope="module")
def annex():
    return pipeline.extract(PDF_DATA / "annex-culture.pdf")


def test_other_annex_metadata(annex):
    assert {field: getattr(annex.decision, field) for field in make_annex.DECISION} == make_annex.DECISION
    assert annex.programme.title == make_annex.TITLE
    assert (annex.signatory.position, annex.signatory.name) == make_annex.SIGNATURE
    assert [(s.number, s.title) for s in annex.sections] == [(n.rstrip("."), t) for n, t, _ in make_annex.SECTIONS]


def test_other_annex_measures(annex):
    expected = [
        (f"{number.rstrip('.')}.{index + 1}", measure)
        for number, _, measures in make_annex.SECTIONS
        for index, measure in enumerate(measures)
    ]
    assert [m.id for m in annex.measures] == [measure_id for measure_id, _ in expected]
    for got, (_, measure) in zip(annex.measures, expected, strict=True):
        assert got.text == measure.text.split(" ", 1)[1]
        assert got.term.raw == measure.term
        assert got.result == measure.result
        assert ", ".join(got.executors) == ", ".join(measure.executors)
        assert [(r.year, r.amount) for r in got.funding] == [
            (year, Decimal(amount.replace(" ", "").replace(",", "."))) for year, amount in measure.funding
        ]


def test_other_annex_totals_match_the_stated_total_row(annex):
    expected = {year: amount * 1000 for year, amount in make_annex.totals().items()}
    assert {t.year: t.computed_uah for t in annex.totals} == expected
    assert {t.year: t.declared_uah for t in annex.totals} == expected
    assert not [w for w in annex.warnings if w.code == "total_mismatch"]
    assert "4 repeated header row(s) dropped" in annex.source.notes

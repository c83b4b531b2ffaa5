"""The library as a Python user meets it: extract(str or Path), flat records, yearly totals, pandas frames."""

from __future__ import annotations

import doctest
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import extractor
from extractor import frames, pipeline
from extractor.errors import InputError

from .conftest import ROOT, SEED_DOCX, SEED_TEXT


def test_extract_takes_str_and_path(reference, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert extractor.extract("samples/decision-1911.docx") == reference
    assert extractor.extract(Path("samples") / "decision-1911.docx") == reference


def test_records_are_flat_rows_that_know_their_measure(reference):
    rows = reference.records()
    assert len(rows) == len(reference.funding_records)
    by_id = {measure.id: measure for measure in reference.measures}
    for row, record in zip(rows, reference.funding_records, strict=True):
        measure = by_id[row.measure_id]
        assert record in measure.funding
        assert (row.parent_id, row.section, row.sources, row.measure_text) == (
            measure.parent,
            measure.section,
            measure.sources,
            measure.text,
        )
        assert (row.year, row.amount, row.amount_uah, row.raw, row.source) == (
            record.year,
            record.amount,
            record.amount_uah,
            record.raw,
            record.source,
        )
        assert isinstance(row.amount, Decimal) and isinstance(row.amount_uah, Decimal)
    sub_items = [row for row in rows if row.parent_id]
    assert {row.measure_id for row in sub_items} == {"3.6.1", "3.6.2"}  # the "в т.ч." items of the seed


def test_yearly_totals_count_each_sub_item_once(reference):
    totals = reference.yearly_totals()
    # The annex's 2019 column as a person adds it: sub-items 3.6.1/3.6.2 (18,00 and 2,00) are inside 3.6's 2000,0.
    assert totals[2019] == Decimal("2315000")
    everything = sum(row.amount_uah for row in reference.records() if row.year == 2019)
    assert everything - totals[2019] == Decimal("20000")
    assert totals == {total.year: total.computed_uah for total in reference.totals}  # the contract's own totals agree


def test_to_frame_one_row_per_record_with_metadata(reference):
    table = reference.to_frame()
    assert len(table) == len(reference.funding_records)
    assert list(table.columns[: len(frames.METADATA_COLUMNS)]) == list(frames.METADATA_COLUMNS)
    assert set(table.decision_identifier) == {reference.decision.identifier}
    assert set(table.council) == {reference.decision.council}
    assert str(table.year.dtype) == "Int64" and str(table.decision_date.dtype).startswith("datetime64")
    top = table[table.parent_id.isna()]
    assert top.groupby("year").amount_uah.sum().to_dict() == {
        year: total for year, total in reference.yearly_totals().items() if year is not None
    }
    assert all(isinstance(value, Decimal) for value in table.amount)


def test_frame_reads_files_and_their_json(tmp_path, reference):
    rendered = pipeline.render(SEED_DOCX.read_bytes(), "decision-1911.docx")
    json_path = tmp_path / "decision-1911.json"
    json_path.write_text(rendered.json_text, encoding="utf-8")
    table = extractor.frame([SEED_TEXT, str(json_path)])
    assert len(table) == 2 * len(reference.funding_records)
    assert sorted(set(table.source_file)) == ["decision-1911.docx", "decision-1911.txt"]
    assert table.groupby("source_file").amount_uah.sum().nunique() == 1  # the two renderings agree to the hryvnia
    assert len(extractor.frame(SEED_TEXT)) == len(reference.funding_records)  # one path alone


def test_frame_names_the_file_it_cannot_read(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("Протокол засідання без таблиці заходів.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.txt: "):
        extractor.frame([SEED_TEXT, bad])


def test_pandas_loads_only_for_a_frame():
    code = "import sys, extractor; extractor.extract('samples/decision-1911.txt'); print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_package_docstring_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testmod(extractor, optionflags=doctest.ELLIPSIS, verbose=False)
    assert tried >= 4 and failures == 0


def test_readme_example_prints_what_the_readme_says(monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Python API") :]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    printed = section.split("prints (real output):\n\n```\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102
    output = capsys.readouterr().out
    assert [line.rstrip() for line in output.splitlines()] == printed.splitlines()


def test_records_and_totals_name_sources_in_the_nominative():
    # Zhytomyr's in-cell breakdowns: "з державного бюджету – …", "із обласного бюджету – …", "інші джерела – …";
    # the year cells list the parts in the sources' order. Summed by hand from the printed table (тис. грн).
    document = extractor.extract(ROOT / "tests" / "data" / "layouts2" / "oblast-breakdown.docx")
    rows = document.records()
    assert {(row.source, row.source_nominative) for row in rows} == {
        ("державного бюджету", "Державний бюджет"),
        ("обласного бюджету", "Обласний бюджет"),
        ("інші джерела", "Інші джерела"),
    }
    assert document.totals_by_source() == frames.totals_by_source(document) == {
        (2022, "Державний бюджет"): Decimal("900000"),
        (2022, "Інші джерела"): Decimal("20000"),
        (2022, "Обласний бюджет"): Decimal("580000"),
        (2023, "Державний бюджет"): Decimal("1250000"),
        (2023, "Інші джерела"): Decimal("20000"),
        (2023, "Обласний бюджет"): Decimal("670600"),
        (2024, "Державний бюджет"): Decimal("650000"),
        (2024, "Інші джерела"): Decimal("20000"),
        (2024, "Обласний бюджет"): Decimal("580000"),
    }
    table = frames.to_frame(document)
    assert list(table.columns[-1:]) == ["source_nominative"]  # appended: earlier columns keep their places
    assert set(table.source_nominative) == {"Державний бюджет", "Обласний бюджет", "Інші джерела"}

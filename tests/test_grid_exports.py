"""The fields added since contract 1.1 in every export: source_nominative (1.2) and amends_identifier.

The long CSV, its datapackage, the catalogue and the combined tables append them after every earlier column; an
older catalogue gains them in place.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3

import pytest

from extractor import pipeline
from extractor.export.archive import combined
from extractor.export.archive.catalogue import Catalogue, Record
from extractor.export.document import datapackage

from .conftest import DATA, SAMPLES

LONG_1_1 = [
    "decision_identifier", "council", "decision_number", "decision_date", "programme_title", "section", "measure_id",
    "parent_id", "measure_text", "funding_sources", "funding_status", "year", "amount", "amount_uah", "source_file", "page",
    "funding_source", "executor", "expense",
]  # fmt: skip
# The combined tables' columns before these fields: they keep their places.
DECISIONS_BEFORE = [
    "document", "decision_identifier", "council", "session", "convocation", "decision_date", "decision_number", "annex",
    "programme_title", "period_start", "period_end", "unit", "signatory_position", "signatory_name", "programme_key",
    "latest", "copy_of", "version",
]  # fmt: skip
FUNDING_BEFORE = [
    "document", "decision_identifier", "measure_id", "parent_id", "year", "amount", "amount_uah", "raw", "funding_source",
    "executor", "expense", "unit", "programme_key", "latest", "copy_of",
]  # fmt: skip
LONG_BEFORE = [*LONG_1_1, "document", "unit", "programme_key", "latest", "copy_of"]

# A restated annex: "Додаток до рішення обласної ради від 08 грудня 2016 року № 310-VII в редакції рішення … від
# «____» 2021 року № ____-VІII": its own decision is blank, the one it restates is 310-VII of 8 December 2016.
RESTATED = DATA / "placement" / "restated-annex.docx"
# In-cell breakdowns: "… (у тому числі: з державного бюджету – 2 800,0; з обласного бюджету – 650,0)".
BREAKDOWN = DATA / "layouts2" / "oblast-breakdown.docx"


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_long_csv_appends_both_after_every_earlier_column():
    rows = rows_of(pipeline.render(BREAKDOWN.read_bytes(), BREAKDOWN.name).csv_text)
    assert list(rows[0])[: len(LONG_1_1)] == LONG_1_1
    assert list(rows[0])[len(LONG_1_1) :] == ["source_nominative", "amends_identifier"]
    pairs = {(row["funding_source"], row["source_nominative"]) for row in rows}
    assert pairs == {("обласного бюджету", "Обласний бюджет"), ("державного бюджету", "Державний бюджет"),
                     ("інші джерела", "Інші джерела")}  # fmt: skip


def test_the_long_csv_names_the_restated_decision_on_every_row():
    rows = rows_of(pipeline.render(RESTATED.read_bytes(), RESTATED.name).csv_text)
    assert rows and {row["amends_identifier"] for row in rows} == {"310-VII-2016-12-08"}
    assert {row["decision_identifier"] for row in rows} == {""}  # its own decision is a draft's blanks
    korosten = rows_of(pipeline.render((SAMPLES / "decision-1911.txt").read_bytes(), "decision-1911.txt").csv_text)
    assert {row["amends_identifier"] for row in korosten} == {""}  # a decision that names none


def test_the_datapackage_describes_them_last():
    fields = [field["name"] for field in datapackage.descriptor(["a.csv"])["resources"][0]["schema"]["fields"]]
    assert fields == [*LONG_1_1, "source_nominative", "amends_identifier"]


def record(catalogue: Catalogue, name: str, path) -> dict:
    data = path.read_bytes()
    payload = pipeline.render(data, path.name).payload
    sha256 = hashlib.sha256(data).hexdigest()
    catalogue.record(Record(name, path.name, sha256, len(data), "docx", "converted", None, None, "test"), payload)
    return payload


def columns_of(table: str) -> list[str]:
    return [column.name for column in next(t for t in combined.TABLES if t.name == table).columns]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    with Catalogue(folder / "catalogue.sqlite") as catalogue:
        record(catalogue, "breakdown", BREAKDOWN)
        record(catalogue, "restated", RESTATED)
        rows = combined.write_combined(catalogue, folder / "combined", excel=True)
    return folder, rows


def test_the_combined_tables_append_them(archive):
    assert columns_of("decisions") == [*DECISIONS_BEFORE, "amends_identifier"]
    assert columns_of("funding") == [*FUNDING_BEFORE, "source_nominative"]
    assert columns_of("long") == [*LONG_BEFORE, "source_nominative", "amends_identifier"]
    folder, rows = archive
    decisions = {row[0]: row[-1] for row in rows["decisions"]}
    assert decisions == {"breakdown": None, "restated": "310-VII-2016-12-08"}
    funding = {(row[0], row[8], row[-1]) for row in rows["funding"]}
    assert ("breakdown", "обласного бюджету", "Обласний бюджет") in funding
    assert {row[-1] for row in rows["funding"] if row[0] == "restated"} == {None}  # no source axis, no name
    long = [dict(zip(columns_of("long"), row, strict=True)) for row in rows["long"]]
    assert {(row["document"], row["amends_identifier"]) for row in long} == {
        ("breakdown", None),
        ("restated", "310-VII-2016-12-08"),
    }
    written = rows_of((folder / "combined" / "decisions.csv").read_text("utf-8"))
    assert [(row["document"], row["amends_identifier"]) for row in written] == [
        ("breakdown", ""),
        ("restated", "310-VII-2016-12-08"),
    ]
    excel = (folder / "combined" / "excel" / "long.csv").read_text("utf-8-sig").splitlines()
    assert excel[0].endswith(";source_nominative;amends_identifier")


def test_the_combined_datapackage_describes_them(archive):
    import json

    folder, _ = archive
    package = json.loads((folder / "combined" / "datapackage.json").read_text("utf-8"))
    fields = {resource["name"]: [field["name"] for field in resource["schema"]["fields"]] for resource in package["resources"]}
    assert fields["decisions"][-1] == "amends_identifier"
    assert fields["funding"][-1] == "source_nominative"
    assert fields["long"][-2:] == ["source_nominative", "amends_identifier"]


def test_a_catalogue_written_before_them_is_upgraded_in_place(tmp_path):
    """A 1.1 catalogue (funding without source_nominative, decisions without amends_identifier) keeps its rows."""
    path = tmp_path / "catalogue.sqlite"
    with Catalogue(path) as catalogue:
        record(catalogue, "breakdown", BREAKDOWN)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DROP VIEW programme_plan")
        connection.execute("ALTER TABLE funding DROP COLUMN source_nominative")
        connection.execute("ALTER TABLE decisions DROP COLUMN amends_identifier")
    connection.close()
    with Catalogue(path) as catalogue:
        funding = [row[1] for row in catalogue.query("PRAGMA table_info(funding)")]
        decisions = [row[1] for row in catalogue.query("PRAGMA table_info(decisions)")]
        assert funding[-1] == "source_nominative" and decisions[-1] == "amends_identifier"
        assert list(catalogue.query("SELECT COUNT(*), COUNT(source_nominative) FROM funding")) == [(12, 0)]  # kept, NULL
        record(catalogue, "restated", RESTATED)  # a new document goes in with both
        assert list(catalogue.query("SELECT amends_identifier FROM decisions ORDER BY document_id")) == [
            (None,),
            ("310-VII-2016-12-08",),
        ]
        record(catalogue, "breakdown", BREAKDOWN)  # recorded again: its names now stored
        assert list(catalogue.query("SELECT COUNT(source_nominative) FROM funding")) == [(12,)]
        rows = combined.write_combined(catalogue, tmp_path / "combined", excel=False)
    assert len(rows["funding"]) == 12 + 4

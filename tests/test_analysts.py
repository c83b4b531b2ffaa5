"""The catalogue and combined tables for analysts: programme key, latest version, copies, unit, and a plan view."""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import pipeline
from extractor.export.archive import combined
from extractor.export.archive.catalogue import Catalogue, Record

from . import history_samples
from .conftest import DATA, SAMPLES

OTHER_COUNCIL = [
    ("40 сесії Коростенської міської ради", "40 сесії Малинської міської ради", 1),
    ("VII скликання від 27.08.2020р.№1911", "VII скликання від 27.08.2020р.№1913", 1),
]


def record(catalogue: Catalogue, name: str, data: bytes, file_name: str, edit=None) -> dict:
    payload = pipeline.render(data, file_name).payload
    payload = edit(payload) if edit else payload
    sha256 = hashlib.sha256(data).hexdigest()
    fmt = payload["source"]["format"]
    catalogue.record(Record(name, file_name, sha256, len(data), fmt, "converted", None, None, "test"), payload)
    return payload


def build(folder: Path, inputs: dict[str, tuple[bytes, str]], edits=None) -> tuple[Path, dict[str, list[tuple]], dict[str, dict]]:
    """A catalogue of ``inputs`` (name → bytes, file name), each payload changed by ``edits[name]`` first; its tables."""
    path = folder / "catalogue.sqlite"
    payloads = {}
    with Catalogue(path) as catalogue:
        for name, (data, file_name) in inputs.items():
            payloads[name] = record(catalogue, name, data, file_name, (edits or {}).get(name))
        rows = combined.write_combined(catalogue, folder / "combined", excel=False)
    return path, rows, payloads


def text_input(name: str, text: str) -> tuple[bytes, str]:
    return text.encode("utf-8"), name


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Three versions of Korosten's programme (the first in two copies), an unrelated one, one of another council."""
    folder = tmp_path_factory.mktemp("analysts")
    inputs = {
        "b-1911": text_input("b-1911.txt", history_samples.diff_samples.old_text()),
        "d-1911": ((SAMPLES / "decision-1911.docx").read_bytes(), "d-1911.docx"),
        "c-2050": text_input("c-2050.txt", history_samples.diff_samples.new_text()),
        "a-2101": text_input("a-2101.txt", history_samples.third_text()),
        "0-sport": text_input("0-sport.txt", history_samples.unrelated_text()),
        "malyn": text_input("malyn.txt", history_samples.edited(history_samples.diff_samples.old_text(), OTHER_COUNCIL)),
    }
    return build(folder, inputs)


def by_document(rows: list[tuple], table: str) -> dict[str, dict]:
    names = [column.name for column in next(t for t in combined.TABLES if t.name == table).columns]
    return {row[0]: dict(zip(names, row, strict=True)) for row in rows}


def test_decisions_say_programme_version_latest_and_copy(archive):
    _, rows, _ = archive
    decisions = by_document(rows["decisions"], "decisions")
    placed = {name: (row["programme_key"], row["version"], row["latest"], row["copy_of"]) for name, row in decisions.items()}
    assert placed == {
        # №1911's DOCX is kept (DOCX before text, both without warnings), its text export is a copy of it
        "d-1911": ("1911-2020-08-27", 1, 0, None),
        "b-1911": ("1911-2020-08-27", 1, 0, "d-1911"),
        "c-2050": ("1911-2020-08-27", 2, 0, None),
        "a-2101": ("1911-2020-08-27", 3, 1, None),
        "0-sport": ("1912-2020-08-27", 1, 1, None),  # another title: another programme
        "malyn": ("1913-2020-08-27", 1, 1, None),  # the same title in another council: another programme
    }


def test_funding_and_long_tables_carry_programme_latest_copy_and_unit(archive):
    _, rows, _ = archive
    for table in ("funding", "long"):
        names = [column.name for column in next(t for t in combined.TABLES if t.name == table).columns]
        placed = names.index("unit")  # later columns are appended after these (tests/test_grid_exports.py)
        assert names[placed : placed + 4] == ["unit", "programme_key", "latest", "copy_of"], table
        found = [dict(zip(names, row, strict=True)) for row in rows[table]]
        copies = {row["document"] for row in found if row["copy_of"]}
        assert copies == {"b-1911"}
        assert {row["unit"] for row in found} == {"thousand_uah"}
        assert {row["document"] for row in found if row["latest"]} == {"a-2101", "0-sport", "malyn"}


def test_the_plan_view_counts_each_programme_once(archive):
    path, _, payloads = archive
    connection = sqlite3.connect(path)
    plan = {
        (key, year): Decimal(str(planned))
        for key, year, planned in connection.execute("SELECT programme_key, year, planned_uah FROM programme_plan")
    }
    naive = dict(
        connection.execute(
            "SELECT f.year, SUM(f.amount_uah) FROM funding AS f JOIN measures AS m ON m.id = f.measure_ref"
            " JOIN programmes AS p ON p.document_id = f.document_id"
            " WHERE m.parent_id IS NULL AND p.title LIKE '%місцевого самоврядування%' GROUP BY f.year"
        )
    )
    connection.close()
    latest = {total["year"]: Decimal(str(total["computed_uah"])) for total in payloads["a-2101"]["totals"]}
    assert {year: planned for (key, year), planned in plan.items() if key == "1911-2020-08-27"} == latest
    assert Decimal(str(naive[2019])) > 4 * latest[2019]  # what summing every version and copy gives
    assert {key for key, _ in plan} == {"1911-2020-08-27", "1912-2020-08-27", "1913-2020-08-27"}


def test_copies_of_one_decision_give_its_plan_once(tmp_path):
    """Korosten's №1911 in three renderings: its 2019 plan is 2 315 000 (the annex's 2019 column), not a multiple."""
    inputs = {
        "decision-1911-docx": ((SAMPLES / "decision-1911.docx").read_bytes(), "decision-1911.docx"),
        "decision-1911-txt": ((SAMPLES / "decision-1911.txt").read_bytes(), "decision-1911.txt"),
        "decision-1911-pdf": ((SAMPLES / "decision-1911.pdf").read_bytes(), "decision-1911.pdf"),
    }
    path, rows, _ = build(tmp_path, inputs)
    plan = {row[7]: row[8] for row in rows["programme_plan"]}
    assert plan[2019] == 2315000
    assert len({row[0] for row in rows["programme_plan"]}) == 1
    text = (tmp_path / "combined" / "programme_plan.csv").read_text("utf-8")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [(line["year"], line["planned_uah"]) for line in lines][:4] == [
        ("2017", "299000"),
        ("2018", "2250800"),
        ("2019", "2315000"),
        ("2020", "2379000"),
    ]


def test_an_old_catalogue_is_upgraded_in_place(tmp_path):
    """A catalogue of contract 1.0 (funding.year NOT NULL, no executor/expense) opens, keeps its rows, takes 1.1 rows."""
    path = tmp_path / "catalogue.sqlite"
    with Catalogue(path) as catalogue:
        record(catalogue, "decision-1911", (SAMPLES / "decision-1911.txt").read_bytes(), "decision-1911.txt")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DROP VIEW programme_plan")  # 1.0 catalogues had none
        connection.execute("DROP TABLE versions")
        connection.execute("ALTER TABLE funding RENAME TO funding_new")
        connection.execute(
            "CREATE TABLE funding (id INTEGER PRIMARY KEY, measure_ref INTEGER NOT NULL, document_id INTEGER NOT NULL,"
            " ordinal INTEGER NOT NULL, year INTEGER NOT NULL, amount TEXT NOT NULL, amount_uah NUMERIC NOT NULL,"
            " raw TEXT NOT NULL, source TEXT)"
        )
        connection.execute(
            "INSERT INTO funding SELECT id, measure_ref, document_id, ordinal, year, amount, amount_uah, raw, source FROM funding_new"
        )
        connection.execute("DROP TABLE funding_new")
        connection.execute("ALTER TABLE totals RENAME TO totals_new")
        connection.execute(
            "CREATE TABLE totals (document_id INTEGER NOT NULL, year INTEGER NOT NULL, computed_uah NUMERIC NOT NULL,"
            " declared_uah NUMERIC, PRIMARY KEY (document_id, year))"
        )
        connection.execute("INSERT INTO totals SELECT * FROM totals_new")
        connection.execute("DROP TABLE totals_new")
        connection.execute("ALTER TABLE programmes RENAME TO programmes_new")
        connection.execute(
            "CREATE TABLE programmes (document_id INTEGER PRIMARY KEY, title TEXT, period_start INTEGER,"
            " period_end INTEGER, unit TEXT NOT NULL)"
        )
        connection.execute("INSERT INTO programmes SELECT * FROM programmes_new")
        connection.execute("DROP TABLE programmes_new")
    connection.close()
    with Catalogue(path) as catalogue:
        columns = {row[1]: row[3] for row in catalogue.query("PRAGMA table_info(funding)")}
        assert {"executor", "expense"} <= columns.keys() and columns["year"] == 0 and columns["amount_uah"] == 0
        assert next(catalogue.query("SELECT COUNT(*) FROM funding")) == (57,)
        totals = {row[1]: row[3] for row in catalogue.query("PRAGMA table_info(totals)")}
        assert totals["year"] == 0 and list(catalogue.query("SELECT year FROM totals ORDER BY year")) == [
            (2017,),
            (2018,),
            (2019,),
            (2020,),
        ]
        programmes = {row[1]: row[3] for row in catalogue.query("PRAGMA table_info(programmes)")}
        assert programmes["unit"] == 0 and list(catalogue.query("SELECT unit FROM programmes")) == [("thousand_uah",)]
        indexes = {name for (name,) in catalogue.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"funding_year", "funding_measure", "funding_document", "programmes_title"} <= indexes
        rows = combined.write_combined(catalogue, tmp_path / "combined", excel=False)
    assert len(rows["funding"]) == 57


def test_a_document_with_no_unit_is_catalogued(tmp_path):
    """No unit anywhere (unit_missing): amounts as written, amount_uah and the programme's unit NULL, not a failure."""
    path = tmp_path / "catalogue.sqlite"
    bare = DATA / "layouts" / "bare-years.docx"
    with Catalogue(path) as catalogue:
        record(catalogue, "bare-years", bare.read_bytes(), bare.name)
        assert list(catalogue.query("SELECT unit FROM programmes")) == [(None,)]
        amounts = list(catalogue.query("SELECT amount, amount_uah FROM funding ORDER BY id"))
        assert amounts and all(uah is None for _, uah in amounts) and all(amount for amount, _ in amounts)

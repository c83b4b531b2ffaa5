"""Contract 1.1 (additive): the grid's coordinates and declared totals in the JSON, its schema and load; 1.0 still loads."""

from __future__ import annotations

import copy
import json

import pytest

from extractor import extract
from extractor.export.json import document_dict, dumps
from extractor.load import loads
from extractor.validate import errors

from .conftest import DATA

GOLDEN_1911 = json.loads((DATA / "golden" / "decision-1911.docx.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def executor_rows():
    return extract(DATA / "layouts" / "executor-rows.html")


@pytest.fixture(scope="module")
def bare_years():
    return extract(DATA / "layouts" / "bare-years.html")


def test_json_written_as_1_0_still_validates_and_loads():
    """1.0 had no declared totals and every record a year and an amount in UAH."""
    old = copy.deepcopy(GOLDEN_1911)
    old["schema_version"] = "1.0"
    del old["declared_totals"]
    assert errors(old) == []
    document = loads(json.dumps(old))
    assert document.schema_version == "1.0" and document.declared_totals == ()
    assert len(document.funding_records) == 57
    assert all(r.source is None and r.executor is None and r.expense is None for r in document.funding_records)


@pytest.mark.parametrize("name", ["executor_rows", "bare_years"])
def test_1_1_json_round_trips(request, name):
    document = request.getfixturevalue(name)
    data = document_dict(document)
    assert data["schema_version"] == "1.1" and errors(data) == []
    again = loads(dumps(data))
    assert again.measures == document.measures
    assert again.declared_totals == document.declared_totals
    assert again.totals == document.totals


def test_records_carry_only_the_coordinates_the_table_has(executor_rows):
    first = document_dict(executor_rows)["measures"][0]["funding"][1]
    assert first == {
        "year": 2021, "amount": "5528.70", "amount_uah": 5528700, "raw": "5528,70", "source": "Обласний бюджет",
        "executor": "Департамент науки і освіти ХОДА", "source_nominative": "Обласний бюджет",
    }  # fmt: skip


def test_a_missing_unit_is_null_amounts_with_its_warning_and_nothing_else_is(bare_years):
    data = document_dict(bare_years)
    assert data["programme"]["unit"] is None
    assert {record["amount_uah"] for m in data["measures"] for record in m["funding"]} == {None}
    without_warning = copy.deepcopy(data)
    without_warning["warnings"] = [w for w in data["warnings"] if w["code"] != "unit_missing"]
    assert errors(without_warning)  # a null unit must say so
    stated = copy.deepcopy(GOLDEN_1911)
    stated["measures"][0]["funding"][0]["amount_uah"] = None
    assert errors(stated)  # with a unit stated, every amount has its hryvnias


def test_declared_totals_are_checked_by_the_schema(executor_rows):
    data = document_dict(executor_rows)
    assert [t["status"] for t in data["declared_totals"]] == ["matched"] * 9
    broken = copy.deepcopy(data)
    broken["declared_totals"][0]["status"] = "ok"
    assert errors(broken)
    broken = copy.deepcopy(data)
    del broken["declared_totals"][0]["where"]
    assert errors(broken)

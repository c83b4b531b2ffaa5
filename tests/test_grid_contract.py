"""Contracts 1.1 and 1.2 (additive): the grid's coordinates, declared totals and source_nominative in the JSON, its
schema and load; 1.0 and 1.1 still load."""

from __future__ import annotations

import collections
import copy
import json

import pytest

from extractor import extract
from extractor.export.json import document_dict, dumps
from extractor.load import loads
from extractor.normalise.grid import source_nominative
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


def test_json_written_as_1_1_still_validates_and_loads(executor_rows):
    """1.1 had the grid's coordinates but no source_nominative."""
    old = document_dict(executor_rows)
    old["schema_version"] = "1.1"
    for measure in old["measures"]:
        for record in measure["funding"]:
            del record["source_nominative"]
    assert errors(old) == []
    document = loads(json.dumps(old))
    assert document.schema_version == "1.1" and len(document.funding_records) == 13
    assert {r.source for r in document.funding_records} == {
        "Субвенція з державного бюджету", "Обласний бюджет", "Місцевий бюджет", "Інші джерела фінансування",
    }  # fmt: skip
    assert {r.source_nominative for r in document.funding_records} == {None}


@pytest.mark.parametrize("version", ["2.0", "1.3", "1", ""])
def test_a_version_this_extractor_does_not_know_is_refused(version):
    data = copy.deepcopy(GOLDEN_1911)
    data["schema_version"] = version
    assert [e for e in errors(data) if e.startswith("schema_version")]


def test_source_nominative_needs_its_source(executor_rows):
    data = document_dict(executor_rows)
    del data["measures"][0]["funding"][1]["source"]
    assert errors(data)


@pytest.mark.parametrize("name", ["executor_rows", "bare_years"])
def test_1_2_json_round_trips(request, name):
    document = request.getfixturevalue(name)
    data = document_dict(document)
    assert data["schema_version"] == "1.2" and errors(data) == []
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


# Source names as the real layouts print them (tests/data/layouts*/, real-layouts.md), and as a person sums them.
@pytest.mark.parametrize(
    ("source", "nominative"),
    [
        ("із обласного бюджету", "Обласний бюджет"),  # an in-cell breakdown: 1195763,8 (у тому числі: із обласного …)
        ("із місцевого бюджету", "Місцевий бюджет"),
        ("з державного бюджету", "Державний бюджет"),  # 3 450,0 (у тому числі: з державного бюджету – 2 800,0; …)
        ("обласного бюджету", "Обласний бюджет"),  # the breakdown's label with its preposition already gone
        ("інші джерела", "Інші джерела"),
        ("обласний бюджет", "Обласний бюджет"),  # a lower-case column header (the source × expense grid)
        ("Субвенція з державного бюджету", "Субвенція з державного бюджету"),  # a header, nominative already
        ("Бюджети сіл, селищ, міст територіальних громад", "Бюджети сіл, селищ, міст територіальних громад"),
        ("Інші джерела фінансування", "Інші джерела фінансування"),
        ("Кошти міського бюджету", "Міський бюджет"),  # №1911's sources cell: "кошти" before a budget's name goes
        ("за рахунок коштів державного бюджету", "Державний бюджет"),
        ("місцевих бюджетів", "Місцеві бюджети"),
        ("інших джерел, не заборонених законодавством", "Інші джерела, не заборонених законодавством"),  # the head only
        ("освітньої субвенції", "Освітня субвенція"),  # a soft-stem adjective
        ("Кошти інвесторів", "Кошти інвесторів"),  # no budget's name after "кошти": kept whole
        ("бюджету Вільшанської сільської територіальної громади", "Бюджет Вільшанської сільської територіальної громади"),
    ],
)
def test_a_source_in_the_nominative(source, nominative):
    assert source_nominative(source) == nominative


@pytest.mark.parametrize(
    ("path", "pairs"),
    [
        # 1195763,8 (у тому числі: із обласного бюджету – …; із місцевого бюджету – …; інші джерела – …) and the years'
        # unlabelled sub-amounts in that order: five years, three sources
        ("layouts/kharkiv-sources.html", {("обласного бюджету", "Обласний бюджет"): 5,
                                          ("місцевого бюджету", "Місцевий бюджет"): 5, ("інші джерела", "Інші джерела"): 5}),
        # two measures, breakdowns by the state and oblast budgets and other sources
        ("layouts2/oblast-breakdown.docx", {("обласного бюджету", "Обласний бюджет"): 6,
                                            ("державного бюджету", "Державний бюджет"): 3, ("інші джерела", "Інші джерела"): 3}),
        # source columns (Субвенція з державного бюджету | Обласний бюджет | Місцевий бюджет | Інші джерела фінансу-вання)
        # over three executor rows of measure 1 (0,00 a record, - none) and measure 2's 120,0 and 15,0
        ("layouts/executor-rows.html", {
            ("Субвенція з державного бюджету", "Субвенція з державного бюджету"): 3, ("Обласний бюджет", "Обласний бюджет"): 4,
            ("Місцевий бюджет", "Місцевий бюджет"): 3, ("Інші джерела фінансування", "Інші джерела фінансування"): 3}),
    ],
)  # fmt: skip
def test_every_record_with_a_source_names_it_in_the_nominative(path, pairs):
    data = document_dict(extract(DATA / path))
    found = collections.Counter((r["source"], r["source_nominative"]) for m in data["measures"] for r in m["funding"])
    assert found == pairs

"""Contract 1.1's record coordinates (source, executor, expense) in the long CSV, its datapackage and the catalogue."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from decimal import Decimal

from extractor.diff import diff
from extractor.export import json as json_export
from extractor.export.archive import combined
from extractor.export.archive.catalogue import Catalogue, Record
from extractor.export.document import csv as csv_export
from extractor.export.document import datapackage
from extractor.export.reports import diff_csv, diff_html, diff_json, diff_text, history_csv, history_json
from extractor.history import follow_versions
from extractor.load import load_json
from extractor.model import FundingRecord

BEFORE_1_1 = [
    "decision_identifier", "council", "decision_number", "decision_date", "programme_title", "section", "measure_id",
    "parent_id", "measure_text", "funding_sources", "funding_status", "year", "amount", "amount_uah", "source_file", "page",
]  # fmt: skip


def gridded(reference):
    """№1911 with measure 1.1's money read as a grid: two sources × two executor rows, one with an expense, no year."""
    records = (
        FundingRecord(2019, Decimal("20.0"), Decimal("20000"), "20,0", source="Обласний бюджет", executor="Відділ освіти"),
        FundingRecord(2019, Decimal("14.0"), Decimal("14000"), "14,0", source="Міський бюджет", executor="Відділ освіти"),
        FundingRecord(None, Decimal("5.5"), Decimal("5500"), "5,5", source="Міський бюджет", expense="капітальні вкладення"),
    )
    measures = tuple(
        dataclasses.replace(measure, funding=records) if measure.id == "1.1" else measure for measure in reference.measures
    )
    return dataclasses.replace(reference, measures=measures), records


def test_long_csv_appends_the_axes_and_keeps_every_earlier_column(reference):
    document, records = gridded(reference)
    rows = list(csv.DictReader(io.StringIO(csv_export.dumps(document))))
    assert list(rows[0].keys())[:19] == [*BEFORE_1_1, "funding_source", "executor", "expense"]  # later ones follow
    first = [row for row in rows if row["measure_id"] == "1.1"]
    assert [(r["year"], r["amount"], r["funding_source"], r["executor"], r["expense"]) for r in first] == [
        ("2019", "20.0", "Обласний бюджет", "Відділ освіти", ""),
        ("2019", "14.0", "Міський бюджет", "Відділ освіти", ""),
        ("", "5.5", "Міський бюджет", "", "капітальні вкладення"),
    ]
    no_money = next(row for row in rows if row["measure_id"] == "1.5")  # "Фінансування не потребує"
    assert (no_money["year"], no_money["amount"], no_money["funding_source"], no_money["executor"]) == ("", "", "", "")


def test_datapackage_describes_the_axes():
    fields = datapackage.descriptor(["a.csv"])["resources"][0]["schema"]["fields"]
    assert [field["name"] for field in fields][16:19] == ["funding_source", "executor", "expense"]
    assert {field["name"]: field["type"] for field in fields}["year"] == "integer"


def test_catalogue_and_combined_tables_carry_the_axes(reference, tmp_path):
    document, records = gridded(reference)
    payload = json_export.document_dict(document)
    for measure in payload["measures"]:  # the records as contract 1.1 writes them, whatever the JSON writer does today
        if measure["id"] == "1.1":
            measure["funding"] = [
                {"year": r.year, "source": r.source, "executor": r.executor, "expense": r.expense,
                 "amount": str(r.amount), "amount_uah": int(r.amount_uah), "raw": r.raw}
                for r in records
            ]  # fmt: skip
    with Catalogue(tmp_path / "catalogue.sqlite") as catalogue:
        catalogue.record(Record("d", "d.docx", "0" * 64, 1, "docx", "converted", None, None, "test"), payload)
        stored = list(
            catalogue.query(
                "SELECT f.year, f.amount, f.source, f.executor, f.expense FROM funding AS f"
                " JOIN measures AS m ON m.id = f.measure_ref WHERE m.measure_id = '1.1' ORDER BY f.ordinal"
            )
        )
        rows = combined.write_combined(catalogue, tmp_path / "combined", excel=False)
    assert stored == [
        (2019, "20.0", "Обласний бюджет", "Відділ освіти", None),
        (2019, "14.0", "Міський бюджет", "Відділ освіти", None),
        (None, "5.5", "Міський бюджет", None, "капітальні вкладення"),
    ]
    for table in ("funding", "long"):
        names = [column.name for column in next(t for t in combined.TABLES if t.name == table).columns]
        found = [dict(zip(names, row, strict=True)) for row in rows[table] if row[names.index("measure_id")] == "1.1"]
        assert [(row["funding_source"], row["executor"], row["expense"]) for row in found] == [
            (record.source, record.executor, record.expense) for record in records
        ], table


# --- diff and history key amounts by year, source, executor and expense -------------------------


def moved_between_sources(reference):
    """The gridded №1911 again, 5,0 of 1.1's 2019 money moved from the oblast to the city budget: same year total."""
    document, records = gridded(reference)
    moved = (
        dataclasses.replace(records[0], amount=Decimal("15.0"), amount_uah=Decimal("15000"), raw="15,0"),
        dataclasses.replace(records[1], amount=Decimal("19.0"), amount_uah=Decimal("19000"), raw="19,0"),
        records[2],
    )
    measures = tuple(dataclasses.replace(m, funding=moved) if m.id == "1.1" else m for m in document.measures)
    return document, dataclasses.replace(document, measures=measures)


def test_a_change_of_one_sources_amount_is_a_change_of_that_record(reference):
    before, after = moved_between_sources(reference)
    changes = diff(before, after)
    (change,) = changes.measures
    assert change.new_id == "1.1" and change.fields == ()
    assert [(a.year, a.source, a.executor, a.old, a.new) for a in change.amounts] == [
        (2019, "Міський бюджет", "Відділ освіти", Decimal("14000"), Decimal("19000")),
        (2019, "Обласний бюджет", "Відділ освіти", Decimal("20000"), Decimal("15000")),
    ]
    data = json.loads(diff_json.dumps(changes))  # schema-checked on the way
    assert data["changes"][0]["amounts"][0] == {
        "year": 2019, "source": "Міський бюджет", "executor": "Відділ освіти",
        "old_uah": "14000", "new_uah": "19000", "difference_uah": "5000",
    }  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(diff_csv.dumps(changes))))
    assert [(r["year"], r["funding_source"], r["executor"], r["difference_uah"]) for r in rows] == [
        ("2019", "Міський бюджет", "Відділ освіти", "5000"),
        ("2019", "Обласний бюджет", "Відділ освіти", "-5000"),
    ]
    assert "2019 · Міський бюджет · Відділ освіти, тис. грн" in diff_html.render(changes)
    assert "2019 · Міський бюджет · Відділ освіти, тис. грн" in diff_text.dumps(changes, width=250)


def test_history_follows_each_records_amount(reference):
    before, after = moved_between_sources(reference)
    programme = follow_versions([before, after])
    track = next(t for t in programme.measures if t.label == "1.1")
    keys = [(key.year, key.source, key.executor, key.expense) for key in track.keys]
    assert keys == [
        (2019, "Міський бюджет", "Відділ освіти", None),
        (2019, "Обласний бюджет", "Відділ освіти", None),
        (None, "Міський бюджет", None, "капітальні вкладення"),  # the whole term comes last
    ]
    assert [track.amount(1, key) for key in track.keys] == [Decimal("19000"), Decimal("15000"), Decimal("5500")]
    data = json.loads(history_json.dumps(programme))
    assert data["measures"][0]["amounts"][1][2] == {"year": None, "source": "Міський бюджет", "expense": "капітальні вкладення", "uah": "5500"}
    rows = [r for r in csv.DictReader(io.StringIO(history_csv.dumps(programme))) if r["measure"] == "1.1" and r["version"] == "2"]
    assert [(r["year"], r["funding_source"], r["change"]) for r in rows] == [
        ("2019", "Міський бюджет", "changed"),
        ("2019", "Обласний бюджет", "changed"),
        ("", "Міський бюджет", "same"),
    ]


def test_json_of_contract_1_0_still_loads_in_diff_and_history(reference, tmp_path):
    payload = json_export.document_dict(reference)
    payload["schema_version"] = "1.0"
    for key in ("declared_totals", "amends"):
        payload.pop(key, None)
    for measure in payload["measures"]:
        measure["funding"] = [{k: v for k, v in record.items() if k in ("year", "amount", "amount_uah", "raw")} for record in measure["funding"]]
    old = tmp_path / "decision-1911-1.0.json"
    old.write_text(json_export.dumps(payload), "utf-8")
    loaded = load_json(old)
    assert diff(loaded, reference).is_empty
    assert follow_versions([loaded, reference]).steps[0].is_empty


def test_declared_totals_and_whole_term_totals_reach_the_catalogue_and_combined_tables(reference, tmp_path):
    payload = json_export.document_dict(reference)
    payload["totals"].append({"year": None, "computed_uah": 5500, "declared_uah": None})
    payload["declared_totals"] = [
        {"label": "Всього", "measure": "1.1", "section": "1", "year": 2019, "source": None, "executor": "Відділ освіти",
         "expense": None, "declared": "34.0", "declared_uah": 34000, "computed": "34.0", "computed_uah": 34000,
         "status": "matched", "where": {"page": 2, "table": 1, "row": 7}},
        {"label": "Разом:", "measure": None, "section": None, "year": None, "source": "Обласний бюджет", "executor": None,
         "expense": None, "declared": "2407.77", "declared_uah": 2407770, "computed": None, "computed_uah": None,
         "status": "unchecked", "where": {"table": 1, "row": 40}},
    ]  # fmt: skip
    with Catalogue(tmp_path / "catalogue.sqlite") as catalogue:
        catalogue.record(Record("d", "d.docx", "0" * 64, 1, "docx", "converted", None, None, "test"), payload)
        rows = combined.write_combined(catalogue, tmp_path / "combined", excel=False)
    names = [column.name for column in next(t for t in combined.TABLES if t.name == "declared_totals").columns]
    found = [dict(zip(names, row, strict=True)) for row in rows["declared_totals"]]
    assert [(r["label"], r["measure"], r["year"], r["funding_source"], r["executor"], r["declared"], r["status"], r["row"])
            for r in found] == [
        ("Всього", "1.1", 2019, None, "Відділ освіти", "34.0", "matched", 7),
        ("Разом:", None, None, "Обласний бюджет", None, "2407.77", "unchecked", 40),
    ]  # fmt: skip
    assert (None, 5500) in [(row[2], row[3]) for row in rows["totals"]]

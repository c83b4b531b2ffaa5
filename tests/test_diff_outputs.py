"""Every output format of the diff reports exactly the known changes of the two sample versions."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import validate
from extractor.diff import diff
from extractor.errors import OutputValidationError
from extractor.export.json import document_dict, dumps
from extractor.export.reports import diff_csv, diff_html, diff_json, diff_text

from . import diff_samples

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def changes():
    return diff(diff_samples.old_document(), diff_samples.new_document())


@pytest.fixture(scope="module")
def no_changes():
    document = diff_samples.old_document()
    return diff(document, document)


def test_json_lists_exactly_the_changes_and_validates(changes):
    data = json.loads(diff_json.dumps(changes))
    assert validate.diff_validator().is_valid(data)
    assert data["summary"] == {"added": 2, "removed": 0, "changed": 6, "renumbered": 2, "unchanged": 17}
    assert [(c["kind"], c["old_id"], c["new_id"], c["renumbered"]) for c in data["changes"]] == [
        ("changed", "1.1", "1.1", False),
        ("changed", "1.3", "1.3", False),
        ("changed", "2.3", "2.3", False),
        ("changed", "3.6", "3.6", False),
        ("added", None, "4.2", False),
        ("changed", "4.2", "4.3", True),
        ("changed", "4.3", "4.4", True),
    ]
    first, result, _, parent, added, *_ = data["changes"]
    assert first["amounts"] == [{"year": 2019, "old_uah": "34000", "new_uah": "40500", "difference_uah": "6500"}]
    assert result["fields"] == [
        {
            "field": "result",
            "old": "Загострення почуттів гордості за місто",
            "new": "Посилення почуття гордості за місто",
            "words": [{"removed": "Загострення почуттів", "added": "Посилення почуття"}],
        }
    ]
    assert [(c["kind"], c["new_id"], c["amounts"]) for c in parent["children"]] == [
        ("added", "3.6.3", [{"year": 2020, "old_uah": None, "new_uah": "4500", "difference_uah": "4500"}])
    ]
    assert added["match"] is None and data["changes"][5]["match"]["rule"] == "moved"
    assert [t["difference_uah"] for t in data["totals"]] == ["0", "0", "6500", "33000"]
    assert "unchanged" not in data
    assert len(json.loads(diff_json.dumps(changes, list_unchanged=True))["unchanged"]) == 17


def test_json_is_checked_against_its_schema_before_it_is_written(changes):
    data = diff_json.diff_dict(changes)
    data["changes"][0]["kind"] = "moved"
    with pytest.raises(OutputValidationError, match="changes/0/kind"):
        validate.check_diff(data)


def test_csv_has_one_row_per_changed_field_or_amount(changes):
    rows = list(csv.DictReader(io.StringIO(diff_csv.dumps(changes))))
    assert [(r["change"], r["old_id"], r["new_id"], r["parent_id"], r["field"], r["year"], r["old_value"], r["new_value"], r["difference_uah"]) for r in rows] == [
        ("changed", "1.1", "1.1", "", "amount", "2019", "34000", "40500", "6500"),
        ("changed", "1.3", "1.3", "", "result", "", "Загострення почуттів гордості за місто", "Посилення почуття гордості за місто", ""),
        ("changed", "2.3", "2.3", "", "amount", "2020", "28000", "21000", "-7000"),
        ("added", "", "3.6.3", "3.6", "measure", "", "", "навчання членів експертної групи Бюджету участі", ""),
        ("added", "", "3.6.3", "3.6", "amount", "2020", "", "4500", "4500"),
        ("added", "", "4.2", "", "measure", "", "", "Придбання серверного обладнання для архіву рішень міської ради", ""),
        ("added", "", "4.2", "", "amount", "2020", "", "40000", "40000"),
        ("changed", "4.2", "4.3", "", "id", "", "4.2", "4.3", ""),
        ("changed", "4.3", "4.4", "", "id", "", "4.3", "4.4", ""),
        ("total", "", "", "", "total", "2019", "2315000", "2321500", "6500"),
        ("total", "", "", "", "total", "2020", "2379000", "2412000", "33000"),
    ]
    assert rows[1]["changed_words"] == "−«Загострення почуттів» +«Посилення почуття»"
    assert {r["old_decision"] for r in rows} == {"1911-2020-08-27"} and {r["new_decision"] for r in rows} == {"2050-2020-12-24"}


def table_rows(text: str) -> list[list[str]]:
    """The body cells of rich's box-drawn tables, one list per printed line."""
    return [[cell.strip() for cell in line.strip("│").split("│")] for line in text.splitlines() if line.startswith("│")]


def test_terminal_table_shows_exactly_the_changes(changes):
    text = diff_text.dumps(changes, width=220)
    assert text.splitlines()[0] == "2 added, 0 removed, 6 changed, 2 renumbered; 17 unchanged (listed with --all)"
    rows = [row for row in table_rows(text) if len(row) == 6 and row[0]]
    assert [row[:3] + row[3:6] for row in rows] == [
        ["section 1", "", "", "", "", ""],
        ["1.1", "changed", "2019, тис. грн", "34,0", "40,5", "+6,5"],
        ["1.3", "changed", "expected result", "Загострення почуттів гордості за місто", "Посилення почуття гордості за місто", "−«Загострення почуттів» +«Посилення почуття»"],
        ["section 2", "", "", "", "", ""],
        ["2.3", "changed", "2020, тис. грн", "28,0", "21,0", "−7,0"],
        ["section 3", "", "", "", "", ""],
        ["3.6", "changed", "sub-items", "", "", ""],
        ["3.6.3", "added", "measure", "—", "навчання членів експертної групи Бюджету участі", ""],
        ["3.6.3", "added", "2020, тис. грн", "—", "4,5", "+4,5"],
        ["section 4", "", "", "", "", ""],
        ["4.2", "added", "measure", "—", "Придбання серверного обладнання для архіву рішень міської ради", ""],
        ["4.2", "added", "2020, тис. грн", "—", "40,0", "+40,0"],
        ["4.2 → 4.3", "changed (renumbered)", "number", "4.2", "4.3", ""],
        ["4.3 → 4.4", "changed (renumbered)", "number", "4.3", "4.4", ""],
    ]
    totals = [row for row in table_rows(text) if len(row) == 4]
    assert totals[-2:] == [["2019", "2\u202f315,0", "2\u202f321,5", "+6,5"], ["2020", "2\u202f379,0", "2\u202f412,0", "+33,0"]]


def test_html_lists_exactly_the_changes(changes):
    page = diff_html.render(changes)
    assert page.index('id="summary"') < page.index('id="totals-chart"') < page.index('id="changes"')
    assert "додано: 2, вилучено: 0, змінено: 6, перенумеровано: 2; без змін: 17" in page
    assert page.count('<span class="added">') == 4  # 3.6.3 and 4.2: a measure row and an amount row each
    assert page.count('<span class="changed">змінено (перенумеровано)</span>') == 2
    assert '<td class="num up">+6,5</td>' in page and '<td class="num down">−7,0</td>' in page
    assert "<del>Загострення почуттів</del> <ins>Посилення почуття</ins>" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert "<script" not in page and "<link" not in page and "<img" not in page


def test_every_format_of_an_empty_diff_is_empty(no_changes):
    assert no_changes.is_empty
    data = json.loads(diff_json.dumps(no_changes))
    assert data["empty"] and data["changes"] == [] and data["summary"]["unchanged"] == 23
    assert diff_csv.dumps(no_changes) == ",".join(diff_csv.COLUMNS) + "\n"
    assert diff_text.dumps(no_changes).splitlines()[0] == "no changes: 23 measures unchanged"
    assert "Changes by measure" not in diff_text.dumps(no_changes)
    page = diff_html.render(no_changes)
    assert 'id="changes"' not in page and "змін немає: усі заходи (23) без змін" in page


def test_html_escapes_document_text(changes):
    from dataclasses import replace

    hostile = replace(changes, measures=(replace(changes.measures[0], text="<script>alert(1)</script>"),))
    page = diff_html.render(hostile)
    assert "<script>" not in page and "&lt;script&gt;" in page


# --- the command line ---------------------------------------------------------


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def version_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    old_json = folder / "decision-1911.json"
    old_json.write_text(dumps(document_dict(diff_samples.old_document())), "utf-8")
    new_text = folder / "decision-2050.txt"
    new_text.write_text(diff_samples.new_text(), "utf-8")
    return old_json, new_text


def test_cli_diff_json_against_text_writes_every_format(version_files, tmp_path):
    old_json, new_text = version_files
    for to in ("table", "json", "csv", "html"):
        out = tmp_path / f"changes.{to}"
        result = run("diff", str(old_json), str(new_text), "--to", to, "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"2 added, 0 removed, 6 changed, 2 renumbered; 17 unchanged (listed with --all) -> {out}\n"
    assert json.loads((tmp_path / "changes.json").read_text("utf-8"))["summary"]["added"] == 2
    assert len((tmp_path / "changes.csv").read_text("utf-8").splitlines()) == 12


def test_cli_docx_against_text_export_is_an_empty_diff():
    result = run("diff", "samples/decision-1911.docx", "samples/decision-1911.txt", "--to", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["empty"] and data["summary"]["unchanged"] == 23


def test_cli_refuses_two_different_programmes(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(
        diff_samples.old_text().replace("Програми розвитку місцевого самоврядування", "Програми розвитку фізичної культури і спорту"),
        "utf-8",
    )
    result = run("diff", "samples/decision-1911.txt", str(other))
    assert result.returncode == 1
    assert result.stderr.startswith("warning: not versions of the same programme: titles differ")
    assert "not compared" in result.stdout
    forced = run("diff", "samples/decision-1911.txt", str(other), "--force", "--to", "csv")
    assert forced.returncode == 0 and "compared anyway" in forced.stderr


def test_cli_names_the_file_it_cannot_read(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{}", "utf-8")
    result = run("diff", str(broken), "samples/decision-1911.txt")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {broken}: not a programme JSON: (root): 'schema_version' is a required property")
    missing = run("diff", "samples/nope.txt", "samples/decision-1911.txt")
    assert (missing.returncode, missing.stderr) == (1, "error: samples/nope.txt: No such file or directory\n")
    usage = run("diff", "samples/decision-1911.txt")
    assert usage.returncode == 2


def test_the_amended_sample_is_the_tested_new_version():
    assert (ROOT / "samples/decision-1911-amended.txt").read_text("utf-8") == diff_samples.new_text()


def test_cli_warns_in_one_line_when_new_is_older_than_old(tmp_path):
    """№2050 (24.12.2020) given as OLD and №1911 (27.08.2020) as NEW: compared, with one line naming both dates."""
    page = tmp_path / "backwards.html"
    result = run("diff", "samples/decision-1911-amended.txt", "samples/decision-1911.txt", "--to", "html", "-o", str(page))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: NEW is older than OLD: ")
    assert "№1911 of 2020-08-27" in lines[0] and "№2050 of 2020-12-24" in lines[0]
    assert lines[0].index("2020-08-27") < lines[0].index("2020-12-24")  # NEW's date named first, then OLD's
    assert "Увага: НОВА версія старша за СТАРУ: №1911 від 27.08.2020 ухвалено раніше, ніж №2050 від 24.12.2020" in (
        page.read_text("utf-8")
    )
    forwards = run("diff", "samples/decision-1911.txt", "samples/decision-1911-amended.txt", "--to", "csv")
    assert forwards.returncode == 0 and forwards.stderr == ""  # in date order: no warning

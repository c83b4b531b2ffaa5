"""The history of one programme across three versions converted into a catalogue (see tests/history_samples.py)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from extractor import validate
from extractor.diff import AmountKey, walk
from extractor.errors import InputError, ProgrammeChoiceError
from extractor.export.reports import history_csv, history_html, history_json, history_text
from extractor.history import follow_versions, history, select
from extractor.load import load_catalogue
from extractor.model import Term

from . import diff_samples, history_samples
from .test_diff_browser import HEIGHT, WIDTH, browse, hex_colour

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Програма розвитку місцевого самоврядування у місті Коростені на 2017-2020 роки"
D = Decimal


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("history")
    inputs = history_samples.write_inputs(folder / "in")
    result = run("convert", str(inputs), "-o", str(folder / "out"), "-q", "-j", "2")
    assert result.returncode == 0, result.stderr
    return folder / "out" / "catalogue.sqlite"


@pytest.fixture(scope="module")
def documents(catalogue):
    return load_catalogue(catalogue)


@pytest.fixture(scope="module")
def programme(documents):
    return history(documents, TITLE)


def uah(*pairs: tuple[int, str]) -> tuple[tuple[AmountKey, Decimal], ...]:
    """A measure's amounts as a track holds them: by year (the records have no other coordinates here)."""
    return tuple((AmountKey(year), D(value)) for year, value in pairs)


def per_year(*pairs: tuple[int, str]) -> tuple[tuple[int, Decimal], ...]:
    return tuple((year, D(value)) for year, value in pairs)


def test_versions_are_ordered_by_date_and_the_unrelated_programme_is_left_out(documents, programme):
    assert sorted(d.source.file for d in documents) == ["0-sport.txt", "a-2101.txt", "b-1911.txt", "c-2050.txt", "d-1911.docx"]
    assert [(v.source.file, v.decision.identifier) for v in programme.versions] == [
        ("d-1911.docx", "1911-2020-08-27"),  # the DOCX copy is kept before the text export (rule 3)
        ("c-2050.txt", "2050-2020-12-24"),
        ("a-2101.txt", "2101-2021-02-25"),
    ]
    assert programme.copies == (("b-1911.txt",), (), ())
    assert programme.warnings == ()  # the two copies of №1911 give an empty diff
    assert all(v.programme.title == TITLE for v in programme.versions)


def test_the_amounts_of_the_changed_measures_in_every_version(programme):
    changed = {t.label: t for t in programme.measures if any(t.changed_in(i) for i in range(3))}
    assert set(changed) == {"1.1", "1.9", "2.3", "3.6.3", "4.2", "4.3 → 4.4"}
    assert [changed["1.1"].amount(i, 2019) for i in range(3)] == [D(34000), D(40500), D(40500)]
    assert [changed["1.9"].amount(i, 2020) for i in range(3)] == [D(39900), D(39900), D(45000)]
    assert [changed["2.3"].amount(i, 2020) for i in range(3)] == [D(28000), D(21000), D(24000)]
    assert changed["3.6.3"].amounts == (None, uah((2020, "4500")), uah((2020, "4500")))
    assert changed["3.6.3"].parent == "3.6"
    assert changed["4.2"].amounts == (None, uah((2020, "40000")), uah((2020, "40000")))
    dropped = changed["4.3 → 4.4"]
    assert dropped.ids == ("4.3", "4.4", None) and dropped.text == "Придбання канцтоварів"
    stationery = uah((2017, "5000"), (2018, "5000"), (2019, "10000"), (2020, "10000"))
    assert dropped.amounts == (stationery, stationery, None)
    renumbered = next(t for t in programme.measures if t.label == "4.2 → 4.3")
    assert renumbered.ids == ("4.2", "4.3", "4.3") and not any(renumbered.changed_in(i) for i in range(3))
    # A dropped measure stays where it last stood; the inserted one at its new place.
    assert [t.label for t in programme.measures][-4:] == ["4.1", "4.2", "4.2 → 4.3", "4.3 → 4.4"]
    assert len(programme.measures) == 25


def test_which_decision_changed_what(programme):
    first, second = programme.steps
    assert (first.old.decision.number, first.new.decision.number) == ("1911", "2050")
    assert (second.old.decision.number, second.new.decision.number) == ("2050", "2101")
    assert [(c.kind, c.old_id, c.new_id) for c in walk(first.measures)] == [
        ("changed", "1.1", "1.1"),
        ("changed", "1.3", "1.3"),
        ("changed", "2.3", "2.3"),
        ("changed", "3.6", "3.6"),
        ("added", None, "3.6.3"),
        ("added", None, "4.2"),
        ("changed", "4.2", "4.3"),
        ("changed", "4.3", "4.4"),
    ]
    assert [(c.kind, c.old_id, c.new_id, [(a.year, a.old, a.new) for a in c.amounts]) for c in walk(second.measures)] == [
        ("changed", "1.9", "1.9", [(2020, D(39900), D(45000))]),
        ("changed", "2.3", "2.3", [(2020, D(21000), D(24000))]),
        ("removed", "4.4", None, [(2017, D(5000), None), (2018, D(5000), None), (2019, D(10000), None), (2020, D(10000), None)]),
    ]


def test_totals_per_version(programme):
    assert programme.years == (2017, 2018, 2019, 2020)
    assert programme.totals == (
        per_year((2017, "299000"), (2018, "2250800"), (2019, "2315000"), (2020, "2379000")),
        per_year((2017, "299000"), (2018, "2250800"), (2019, "2321500"), (2020, "2412000")),
        per_year((2017, "294000"), (2018, "2245800"), (2019, "2311500"), (2020, "2410100")),
    )


def test_a_partial_title_finds_the_programme_and_a_shared_prefix_is_ambiguous(documents, programme):
    assert history(documents, "програма розвитку місцевого самоврядування").versions == programme.versions
    with pytest.raises(
        ProgrammeChoiceError, match=r"«Програма розвитку» matches 2 programmes: .*спорту.*\(2017-2020, 1 document\(s\)\)"
    ):
        select(documents, "Програма розвитку")
    # A period in the title must overlap the programme's.
    with pytest.raises(ProgrammeChoiceError, match="no programme in the catalogue matches"):
        select(documents, TITLE.replace("2017-2020", "2021-2025"))


# --- reports -----------------------------------------------------------------


def test_csv_lists_every_amount_per_version_and_what_each_decision_changed(programme):
    rows = list(csv.DictReader(io.StringIO(history_csv.dumps(programme))))
    moved = [
        (
            r["version"],
            r["decision_identifier"],
            r["measure"],
            r["measure_id"],
            r["year"],
            r["amount_uah"],
            r["previous_uah"],
            r["difference_uah"],
            r["change"],
        )
        for r in rows
        if r["row"] == "amount" and r["change"] not in ("", "same")
    ]
    assert moved == [
        ("2", "2050-2020-12-24", "1.1", "1.1", "2019", "40500", "34000", "6500", "changed"),
        ("2", "2050-2020-12-24", "2.3", "2.3", "2020", "21000", "28000", "-7000", "changed"),
        ("2", "2050-2020-12-24", "3.6.3", "3.6.3", "2020", "4500", "", "4500", "added"),
        ("2", "2050-2020-12-24", "4.2", "4.2", "2020", "40000", "", "40000", "added"),
        ("3", "2101-2021-02-25", "1.9", "1.9", "2020", "45000", "39900", "5100", "changed"),
        ("3", "2101-2021-02-25", "2.3", "2.3", "2020", "24000", "21000", "3000", "changed"),
        ("3", "2101-2021-02-25", "4.3 → 4.4", "", "2017", "", "5000", "-5000", "removed"),
        ("3", "2101-2021-02-25", "4.3 → 4.4", "", "2018", "", "5000", "-5000", "removed"),
        ("3", "2101-2021-02-25", "4.3 → 4.4", "", "2019", "", "10000", "-10000", "removed"),
        ("3", "2101-2021-02-25", "4.3 → 4.4", "", "2020", "", "10000", "-10000", "removed"),
    ]
    totals = [(r["version"], r["year"], r["amount_uah"], r["difference_uah"]) for r in rows if r["row"] == "total"]
    assert totals[-4:] == [
        ("3", "2017", "294000", "-5000"),
        ("3", "2018", "2245800", "-5000"),
        ("3", "2019", "2311500", "-10000"),
        ("3", "2020", "2410100", "-1900"),
    ]
    # A measure without money still has one row per version, with an empty year.
    assert [r["year"] for r in rows if r["measure"] == "1.5"] == ["", "", ""]
    # Changes other than amounts: one row per changed field, old and new value, before the measure's amount rows.
    fields = [
        (r["version"], r["measure"], r["measure_id"], r["field"], r["old_value"], r["new_value"], r["change"], r["year"])
        for r in rows
        if r["row"] == "field"
    ]
    assert fields == [
        ("2", "1.3", "1.3", "result", "Загострення почуттів гордості за місто", "Посилення почуття гордості за місто",
         "changed", ""),
        ("2", "4.2 → 4.3", "4.3", "id", "4.2", "4.3", "changed", ""),
        ("2", "4.3 → 4.4", "4.4", "id", "4.3", "4.4", "changed", ""),
    ]  # fmt: skip
    first_of_1_3 = [r["row"] for r in rows if r["version"] == "2" and r["measure"] == "1.3"]
    assert first_of_1_3 == ["field", "amount", "amount", "amount", "amount"]
    assert all(r["field"] == r["old_value"] == r["new_value"] == "" for r in rows if r["row"] != "field")


def test_csv_has_a_row_for_each_changed_term_executors_sources_status_and_text():
    old = diff_samples.old_document()

    def edit(measure):
        if measure.id == "1.8":
            return replace(
                measure,
                text=measure.text.replace("прямих", "щомісячних прямих"),
                term=Term("2019-2020 роки", 2019, 2020),
                executors=(*measure.executors, "відділ ОЗДМР"),
            )
        if measure.id == "3.2":
            return replace(measure, funding_status="separate_programme", sources=("За окремою програмою",))
        return measure

    new = replace(
        old,
        source=replace(old.source, file="decision-2060.txt", sha256="1" * 64),
        decision=replace(old.decision, number="2060", date="2021-01-15"),
        measures=tuple(edit(measure) for measure in old.measures),
    )
    rows = list(csv.DictReader(io.StringIO(history_csv.dumps(follow_versions([old, new])))))
    text_1_8 = next(m.text for m in old.measures if m.id == "1.8")
    assert "прямих" in text_1_8
    fields = [
        (r["version"], r["decision_identifier"], r["measure_id"], r["field"], r["old_value"], r["new_value"])
        for r in rows
        if r["row"] == "field"
    ]
    assert fields == [
        ("2", "2060-2021-01-15", "1.8", "text", text_1_8, text_1_8.replace("прямих", "щомісячних прямих")),
        ("2", "2060-2021-01-15", "1.8", "term", "2017-2020 роки", "2019-2020 роки"),
        ("2", "2060-2021-01-15", "1.8", "executors", "Відділ інформаційно-консультативного забезпечення",
         "Відділ інформаційно-консультативного забезпечення; відділ ОЗДМР"),
        ("2", "2060-2021-01-15", "3.2", "sources", "Фінансування не потребує", "За окремою програмою"),
        ("2", "2060-2021-01-15", "3.2", "funding_status", "not_required", "separate_programme"),
    ]  # fmt: skip
    # no amount moved: every amount row of version 2 is "same"
    assert {r["change"] for r in rows if r["version"] == "2" and r["row"] == "amount"} == {"same"}


def test_json_validates_and_holds_every_step(programme):
    data = json.loads(history_json.dumps(programme))
    assert validate.history_validator().is_valid(data)
    assert [v["version"]["decision"]["identifier"] for v in data["versions"]] == [
        "1911-2020-08-27",
        "2050-2020-12-24",
        "2101-2021-02-25",
    ]
    assert [(s["from"], s["to"], s["diff"]["summary"]) for s in data["steps"]] == [
        (1, 2, {"added": 2, "removed": 0, "changed": 6, "renumbered": 2, "unchanged": 17}),
        (2, 3, {"added": 0, "removed": 1, "changed": 2, "renumbered": 0, "unchanged": 22}),
    ]
    stationery = next(m for m in data["measures"] if m["measure"] == "4.3 → 4.4")
    assert stationery["ids"] == ["4.3", "4.4", None] and stationery["amounts"][2] is None
    assert stationery["amounts"][0][0] == {"year": 2017, "uah": "5000"}
    assert [t["uah"] for t in data["totals"][2]] == ["294000", "2245800", "2311500", "2410100"]
    data["steps"][0]["diff"]["changes"][0]["kind"] = "moved"  # the diff schema is enforced inside the history
    assert not validate.history_validator().is_valid(data)


def test_terminal_table_names_the_deciding_decisions(programme):
    text = history_text.dumps(programme, width=220)
    assert text.splitlines()[1] == (
        "3 version(s), №1911 of 2020-08-27 to №2101 of 2021-02-25; 2 amending decision(s) changed something; 25 measures followed"
    )
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in text.splitlines() if line.startswith("│")]
    amounts = [row for row in rows if len(row) == 7 and row[6]]
    assert [row[2:] for row in amounts if row[2] == "2020" and row[6] == "№2050, №2101"] == [
        ["2020", "28,0", "21,0", "24,0", "№2050, №2101"]
    ]
    assert ["2020", "10,0", "10,0", "absent", "№2101"] in [row[2:] for row in amounts]
    assert ["2020", "2\u202f379,0", "2\u202f412,0", "2\u202f410,1", "+31,1"] in rows


def test_html_shows_summary_chart_amounts_and_changes(programme):
    page = history_html.render(programme)
    assert page.index('id="summary"') < page.index('id="totals-chart"') < page.index('id="measures"') < page.index('id="changes"')
    assert page.count('class="bar-v1"') == page.count('class="bar-v3"') == 4
    assert "<h3>№2101 від 25.02.2021 змінило №2050 від 24.12.2020</h3>" in page
    # The totals table has the terminal's Δ first → last column: 2020 went from 2 379,0 to 2 410,1.
    assert "<th>Δ перша → остання</th>" in page
    assert '<tr><td>2020</td><td class="num">2\u202f379,0</td>' in page and '<td class="num up">+31,1</td></tr>' in page
    assert '<td class="num up" title="+5,1">45,0</td>' in page and '<td class="num down" title="−7,0">21,0</td>' in page
    assert "<script" not in page and "https://" not in page


# --- the browser ----------------------------------------------------------------


def test_html_renders_in_chromium_with_one_bar_series_per_version(programme, tmp_path):
    page = tmp_path / "history.html"
    page.write_text(history_html.render(programme), "utf-8")
    dom = browse(page, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "версій: 3 (№1911 від 27.08.2020 — №2101 від 25.02.2021)" in dom.stdout
    assert [dom.stdout.count(f'class="bar-v{n}"') for n in (1, 2, 3)] == [4, 4, 4]
    shot = tmp_path / "history.png"
    result = browse(page, tmp_path / "profile-shot", f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}")
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    counts = {colour: count for count, colour in image.getcolors(maxcolors=WIDTH * HEIGHT)}
    pixels = [counts.get(hex_colour(history_html.PALETTE[n]), 0) for n in range(3)]
    sums = [sum(value for _, value in totals) for totals in programme.totals]
    # Every version's bars were painted, their areas in proportion to its totals.
    assert min(pixels) > 5000
    for n in (1, 2):
        assert abs(pixels[n] / pixels[0] - float(sums[n] / sums[0])) < 0.01


# --- the command line ---------------------------------------------------------------


def test_cli_history_writes_every_format(catalogue, tmp_path):
    for to in ("table", "json", "csv", "html"):
        out = tmp_path / f"history.{to}"
        result = run("history", str(catalogue), TITLE, "--to", to, "-o", str(out))
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout == (
            "3 version(s), №1911 of 2020-08-27 to №2101 of 2021-02-25; 2 amending decision(s) changed something; "
            f"25 measures followed -> {out}\n"
        )
    assert json.loads((tmp_path / "history.json").read_text("utf-8"))["title"] == TITLE
    printed = run("history", str(catalogue), "Програма розвитку місцевого самоврядування", "--to", "csv")
    assert printed.returncode == 0 and printed.stdout == (tmp_path / "history.csv").read_text("utf-8")


def test_cli_unknown_title_lists_the_close_titles(catalogue):
    result = run("history", str(catalogue), "Програма розвитку туризму")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"error: {catalogue}: no programme in the catalogue matches «Програма розвитку туризму»; closest titles: "
        f"«{TITLE}», «{history_samples.UNRELATED_TITLE}»\n"
    )


def test_cli_bad_catalogues(catalogue, tmp_path):
    missing = run("history", str(tmp_path / "nope.sqlite"), TITLE)
    assert (missing.returncode, missing.stderr) == (
        1,
        f"error: {tmp_path / 'nope.sqlite'}: no such catalogue (extractor convert writes DIR/catalogue.sqlite)\n",
    )
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_text("not a database, just text that is long enough to have a header" * 10, "utf-8")
    result = run("history", str(garbage), TITLE)
    assert (result.returncode, result.stderr) == (
        1,
        f"error: {garbage}: not a readable SQLite catalogue (file is not a database)\n",
    )
    assert run("history", str(catalogue)).returncode == 2


def test_a_catalogue_without_stored_contracts_asks_for_a_fresh_conversion(catalogue, tmp_path):
    old = tmp_path / "old.sqlite"
    source = sqlite3.connect(catalogue)
    with sqlite3.connect(old) as target:
        source.backup(target)
        target.execute("DROP TABLE contracts")
    source.close()
    with pytest.raises(InputError, match="older extractor: run extractor convert --force"):
        load_catalogue(old)


def test_the_catalogue_stores_the_json_written_beside_it(catalogue):
    with sqlite3.connect(catalogue) as connection:
        stored = dict(connection.execute("SELECT d.name, c.json FROM contracts AS c JOIN documents AS d ON d.id = c.document_id"))
    assert stored["c-2050"] == (catalogue.parent / "c-2050.json").read_text("utf-8")
    assert len(stored) == 5

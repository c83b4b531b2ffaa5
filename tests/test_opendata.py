"""``extractor opendata``: the official set of local targeted programmes (CMU resolution №835) from a catalogue."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import opendata

from . import history_samples
from .conftest import ROOT, SAMPLES
from .test_analysts import build, text_input

# The columns as the dataset's structure lists them (programs, amendments), in that order.
PROGRAMS = [
    "uid",
    "title",
    "validFrom",
    "validThrough",
    "status",
    "executantName",
    "executantId",
    "programUrl",
    "legalActType",
    "legalActTitle",
    "legalActAccepted",
    "legalActNumber",
    "legalActUrl",
    "publisherName",
    "publisherId",
]
AMENDMENTS = [
    "uid",
    "programId",
    "programTitle",
    "legalActType",
    "legalActTitle",
    "legalActAccepted",
    "legalActNumber",
    "legalActUrl",
    "publisherName",
    "publisherId",
]

CONFIG = """
status_as_of = 2020-12-31

[publishers."Коростенська міська рада"]
id = "12345678"

[programmes."1911-2020-08-27"]
executant_name = "Виконавчий комітет Коростенської міської ради"
executant_id = "87654321"

[programmes."310-2016-12-08"]
executant_name = "Відділ у справах сім'ї, молоді та спорту"
executant_id = "11223344"
url = "https://example.org/sport/current.docx"
status = "Скасована"

[decisions."1911-2020-08-27"]
title = "Про затвердження Програми розвитку місцевого самоврядування"
url = "https://example.org/1911.docx"

[decisions."2050-2020-12-24"]
title = "Про внесення змін до Програми розвитку місцевого самоврядування"
url = "https://example.org/2050.docx"

[decisions."2101-2021-02-25"]
title = "Про внесення змін до Програми розвитку місцевого самоврядування"
url = "https://example.org/2101.docx"

[decisions."310-2016-12-08"]
title = "Про затвердження Програми розвитку фізичної культури і спорту"
url = "https://example.org/310.docx"

[decisions."1912-2020-08-27"]
title = "Про Програму розвитку фізичної культури і спорту в новій редакції"
url = "https://example.org/1912.docx"
"""


def restating_310(payload: dict) -> dict:
    """The sport programme's decision №1912 restates the annex of decision №310 of 08.12.2016 (contract 1.1 amends)."""
    payload["amends"] = {
        **payload["decision"],
        "number": "310",
        "date": "2016-12-08",
        "identifier": "310-2016-12-08",
        "session": None,
    }
    return payload


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    folder = tmp_path_factory.mktemp("opendata")
    inputs = {
        "b-1911": text_input("b-1911.txt", history_samples.diff_samples.old_text()),
        "d-1911": ((SAMPLES / "decision-1911.docx").read_bytes(), "d-1911.docx"),
        "c-2050": text_input("c-2050.txt", history_samples.diff_samples.new_text()),
        "a-2101": text_input("a-2101.txt", history_samples.third_text()),
        "0-sport": text_input("0-sport.txt", history_samples.unrelated_text()),
    }
    path, _, payloads = build(folder, inputs, edits={"0-sport": restating_310})
    config = folder / "opendata.toml"
    config.write_text(CONFIG, "utf-8")
    return path, config, payloads


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / f"{name}.csv").read_text("utf-8"))))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_programs_and_amendments_in_the_official_columns(catalogue, tmp_path):
    path, config, _ = catalogue
    result = run("opendata", str(path), "-o", str(tmp_path), "--config", str(config))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    header = (tmp_path / "programs.csv").read_text("utf-8").splitlines()[0].split(",")
    assert header == PROGRAMS
    assert (tmp_path / "amendments.csv").read_text("utf-8").splitlines()[0].split(",") == AMENDMENTS
    programs = {row["uid"]: row for row in rows(tmp_path, "programs")}
    assert set(programs) == {"1911-2020-08-27", "310-2016-12-08"}
    korosten = programs["1911-2020-08-27"]
    assert korosten == {
        "uid": "1911-2020-08-27",
        "title": "Програма розвитку місцевого самоврядування у місті Коростені на 2017-2020 роки",
        "validFrom": "2017",
        "validThrough": "2020",
        "status": "Чинна",  # its period runs to the end of 2020; status_as_of is 2020-12-31
        "executantName": "Виконавчий комітет Коростенської міської ради",
        "executantId": "87654321",
        "programUrl": "https://example.org/2101.docx",  # no url of its own: the latest version's decision
        "legalActType": "Рішення",
        "legalActTitle": "Про затвердження Програми розвитку місцевого самоврядування",
        "legalActAccepted": "2020-08-27",
        "legalActNumber": "1911",
        "legalActUrl": "https://example.org/1911.docx",
        "publisherName": "Коростенська міська рада",
        "publisherId": "12345678",
    }
    sport = programs["310-2016-12-08"]
    assert (sport["legalActNumber"], sport["legalActAccepted"], sport["status"], sport["programUrl"]) == (
        "310",
        "2016-12-08",
        "Скасована",
        "https://example.org/sport/current.docx",
    )
    amendments = [
        (row["uid"], row["programId"], row["legalActNumber"], row["legalActAccepted"]) for row in rows(tmp_path, "amendments")
    ]
    assert amendments == [
        ("2050-2020-12-24", "1911-2020-08-27", "2050", "2020-12-24"),
        ("2101-2021-02-25", "1911-2020-08-27", "2101", "2021-02-25"),
        ("1912-2020-08-27", "310-2016-12-08", "1912", "2020-08-27"),  # the restating decision is an amendment of №310
    ]
    assert {row["programTitle"] for row in rows(tmp_path, "amendments") if row["programId"] == "1911-2020-08-27"} == {
        korosten["title"]
    }


def test_measures_and_funding_of_every_version_copies_left_out(catalogue, tmp_path):
    path, config, payloads = catalogue
    data = opendata.build(path, opendata.load_config(config))
    opendata.write(data, tmp_path)
    funding = rows(tmp_path, "funding")
    per_act = {}
    for row in funding:
        per_act[row["legalActUid"]] = per_act.get(row["legalActUid"], 0) + 1
    expected = {
        payload["decision"]["identifier"]: sum(len(m["funding"]) for m in payload["measures"])
        for name, payload in payloads.items()
        if name != "b-1911"  # the text copy of №1911: its DOCX is kept
    }
    assert per_act == expected
    assert {row["legalActUid"] for row in funding if row["latest"] == "1"} == {"2101-2021-02-25", "1912-2020-08-27"}
    measures = rows(tmp_path, "measures")
    assert len([m for m in measures if m["legalActUid"] == "2101-2021-02-25"]) == len(payloads["a-2101"]["measures"])
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert list(resources) == ["programs", "amendments", "measures", "funding"]
    assert [f["name"] for f in resources["programs"]["schema"]["fields"]] == PROGRAMS
    assert all(f["constraints"] == {"required": True} for f in resources["amendments"]["schema"]["fields"])
    assert resources["amendments"]["schema"]["foreignKeys"][0]["reference"] == {"resource": "programs", "fields": "uid"}
    for name, resource in resources.items():
        header = (tmp_path / resource["path"]).read_text("utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]], name


def test_what_no_one_said_is_reported_and_left_empty(catalogue, tmp_path):
    path, _, _ = catalogue
    partial = tmp_path / "partial.toml"
    partial.write_text('[publishers."Коростенська міська рада"]\nid = "12345678"\n', "utf-8")
    result = run("opendata", str(path), "-o", str(tmp_path / "out"), "--config", str(partial))
    assert result.returncode == 1
    missing = [line for line in result.stderr.splitlines() if line.startswith("missing: ")]
    assert (
        "missing: programs.csv 1911-2020-08-27: executantId unknown (the responsible executor's ЄДРПОУ code); "
        'set [programmes."1911-2020-08-27"] executant_id in the config'
    ) in missing
    assert (
        "missing: amendments.csv 2050-2020-12-24: legalActUrl unknown (the decision's web address); "
        'set [decisions."2050-2020-12-24"] url in the config'
    ) in missing
    # Per programme: executant name and id, programme url, act title and url; per amendment: act title and url.
    assert len(missing) == 2 * 5 + 3 * 2
    assert result.stderr.splitlines()[-1] == f"incomplete: {len(missing)} required field(s) unknown, left empty (listed above)"
    korosten = next(row for row in rows(tmp_path / "out", "programs") if row["uid"] == "1911-2020-08-27")
    assert (korosten["executantId"], korosten["legalActUrl"], korosten["publisherId"]) == ("", "", "12345678")


def test_a_wrong_config_is_one_error_line(catalogue, tmp_path):
    path, _, _ = catalogue
    bad = tmp_path / "bad.toml"
    bad.write_text('[programmes."1911-2020-08-27"]\nstatus = "Діє"\n', "utf-8")
    result = run("opendata", str(path), "-o", str(tmp_path / "out"), "--config", str(bad))
    assert result.returncode == 1
    assert result.stderr == f'error: {bad}: programmes."1911-2020-08-27".status must be one of Чинна, Завершена, Скасована\n'
    assert not (tmp_path / "out").exists()


def test_the_readme_config_example_is_a_valid_config():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Open data: the official set of targeted programmes") :]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    config = opendata.load_config_text(example)
    assert config.publishers["Коростенська міська рада"]["id"].isdigit()
    assert set(config.decisions) == {"1911-2020-08-27", "2050-2020-12-24"}

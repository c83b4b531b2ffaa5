"""The ``extractor`` command, through its real entry point: exit codes, error lines, no partial output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED_DOCX, SEED_TEXT

EXTRACTOR = [sys.executable, "-m", "extractor.cli"]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EXTRACTOR, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_console_script_is_installed():
    script = Path(sys.executable).with_name("extractor")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "convert" in result.stdout and "validate" in result.stdout


def test_convert_one_file_then_validate(tmp_path):
    result = run("convert", SEED_DOCX, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"ok: {SEED_DOCX} -> {tmp_path / 'decision-1911.json'} (23 measures, 57 funding records, 0 warnings)" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "catalogue.sqlite", "combined", "datapackage.json", "decision-1911.csv", "decision-1911.json", "report.csv"
    ]
    payload = json.loads((tmp_path / "decision-1911.json").read_text("utf-8"))
    assert payload["source"]["file"] == "decision-1911.docx"  # the name only, never a local path
    assert str(tmp_path) not in (tmp_path / "decision-1911.csv").read_text("utf-8")
    checked = run("validate", tmp_path / "decision-1911.json")
    assert checked.returncode == 0 and checked.stdout.strip() == f"valid: {tmp_path / 'decision-1911.json'}"


def test_same_names_in_one_run_do_not_overwrite_each_other(tmp_path):
    result = run("convert", SEED_TEXT, SEED_DOCX, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "decision-1911-txt.json").exists() and (tmp_path / "decision-1911-docx.json").exists()
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert sorted(r["path"] for r in package["resources"]) == ["decision-1911-docx.csv", "decision-1911-txt.csv"]


def test_folders_are_walked_and_keep_their_sub_folders(tmp_path):
    archive = tmp_path / "archive"
    (archive / "2020" / "серпень").mkdir(parents=True)
    shutil.copy(SEED_DOCX, archive / "2020" / "серпень" / "рішення 1911.docx")
    (archive / "notes.md").write_text("not a decision", encoding="utf-8")
    result = run("convert", archive, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "2020" / "серпень" / "рішення 1911.json").exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.docx", b"", "empty file (0 bytes)"),
        ("broken.docx", b"PK\x03\x04 this is not really a zip archive", "damaged DOCX (not a valid zip archive"),
        ("random.txt", bytes(range(256)) * 4, "not a document (binary data)"),
        ("cp1251-noise.txt", bytes(range(128, 256)) * 4, "not a text document"),
        ("no-table.txt", "Рішення без таблиці\nлише текст".encode(), "no table found (no TAB-separated rows, and no run of lines naming a table's columns)"),
        ("scan.pdf", b"%PDF-1.4\n%%EOF\n", ""),  # whichever PDF error: it must be one clean line
    ],
)
def test_bad_input_fails_alone_with_one_line_and_no_output(tmp_path, name, content, reason):
    bad = tmp_path / "in" / name
    bad.parent.mkdir()
    bad.write_bytes(content)
    out = tmp_path / "out"
    result = run("convert", bad, SEED_TEXT, "-o", out)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {bad}: {reason}")
    assert "Traceback" not in result.stderr
    assert not list(out.glob(f"{Path(name).stem}.*")), "no partial output for the bad file"
    assert (out / "decision-1911.json").exists(), "the rest of the run goes on"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_missing_file_is_a_failed_input(tmp_path):
    result = run("convert", tmp_path / "nope.docx", "-o", tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.docx'}: no such file"


def test_usage_errors_exit_2(tmp_path):
    assert run().returncode == 2
    assert run("convert").returncode == 2
    assert run("frobnicate").returncode == 2


def test_validate_reports_a_broken_file(tmp_path):
    assert run("convert", SEED_TEXT, "-o", tmp_path).returncode == 0
    path = tmp_path / "decision-1911.json"
    payload = json.loads(path.read_text("utf-8"))
    payload["measures"][0]["funding"][0]["amount"] = "34,0"  # a decimal comma breaks the contract
    payload["decision"]["date"] = "27.08.2020"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    result = run("validate", path, broken)
    assert result.returncode == 1
    assert f"valid: {path}" in result.stdout
    assert result.stderr.startswith(f"error: {broken}: decision/date: ")
    assert "(3 problem(s))" in result.stderr
    (tmp_path / "garbage.json").write_text("{not json", encoding="utf-8")
    garbage = run("validate", tmp_path / "garbage.json")
    assert garbage.returncode == 1 and "not readable as JSON" in garbage.stderr


def test_an_unwritable_report_path_is_one_error_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = run("diff", SEED_TEXT, SEED_DOCX, "--to", "json", "-o", blocker / "report.json")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {blocker / 'report.json'}: ")
    assert "Traceback" not in result.stderr

"""Issue 13: an archive run that nothing can abort (the hostile archive of ``tools/make_hostile.py``).

One run of the real command over every hostile case at once, then the same
checks a suspicious archivist would make: the batch finished, one line per
failed file and nothing else on the terminal, no traceback anywhere, no output
for a failed file, every good file converted exactly, a second run
byte-identical, no network connection (a loopback listener sees nothing), no
file written outside ``-o``, no process left behind.

The archive is built in a temporary folder by the deterministic script rather
than committed (see its docstring: names that are not UTF-8, files over 1 MB).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

import pytest

from extractor import guards, pipeline

from .conftest import ROOT, SAMPLES

EXTRACTOR = [sys.executable, "-m", "extractor.cli"]
VOLATILE = {"report.csv", "catalogue.sqlite", "catalogue.sqlite-wal", "catalogue.sqlite-shm", "extractor.log"}
SECRET = "TOP-SECRET-TOKEN-1313"


def load_tool(name: str) -> ModuleType:
    """A generator script of ``tools/`` (not a package) as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


make_hostile = load_tool("make_hostile")


class Listener:
    """A TCP server on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            connection.settimeout(1)
            try:
                self.connections.append(connection.recv(200) or b"(connected, nothing sent)")
            except OSError:
                self.connections.append(b"(connected)")
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


def run(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = 240, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXTRACTOR, *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd, errors="backslashreplace",
    )


def tree(folder: Path, volatile: frozenset[str] | set[str] = VOLATILE) -> dict[str, bytes]:
    """Every file's bytes under ``folder`` (names as bytes, for names that are not UTF-8), but the volatile ones."""
    return {
        os.fsencode(path.relative_to(folder)).decode("utf-8", "backslashreplace"): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in volatile
    }


def digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(content).hexdigest() for name, content in tree(folder, set()).items()}


def lingering(marker: str) -> list[str]:
    """Processes whose command line names ``marker`` (a conversion's folder): LibreOffice, workers."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        if cmdline.parent.name == str(os.getpid()):
            continue
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if marker in command:
            found.append(command)
    return found


def report_rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "report.csv").open(encoding="utf-8", newline="") as stream:
        return {row["path"]: row for row in csv.DictReader(stream)}


def without_source(payload: dict) -> dict:
    return {key: value for key, value in payload.items() if key != "source"}


def records(payload: dict) -> set[tuple[str, int, str]]:
    return {(measure["id"], record["year"], record["amount"]) for measure in payload["measures"] for record in measure["funding"]}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile archive converted twice into one folder and once into another, with a listener on loopback."""
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    listener = Listener()
    folder = root / "archive"
    cases = make_hostile.build(folder, listener.port, secret)
    before = digests(folder)
    temporary = root / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    out = root / "out"
    started = time.monotonic()
    # relative paths, as people type them (the scratch folder and LibreOffice's profile URI must not mind)
    first = run("convert", "archive", "-o", "out", "--jobs", "2", env=env, cwd=root)
    seconds = time.monotonic() - started
    first_tree = tree(out)
    first_report = report_rows(out)
    again = run("convert", "archive", "-o", "out", "--jobs", "2", env=env, cwd=root)
    fresh = run("convert", "archive", "-o", "fresh", "--jobs", "2", "--force", env=env, cwd=root)
    time.sleep(0.5)  # a connection LibreOffice might still be making would arrive now
    listener.close()
    yield {
        "root": root, "folder": folder, "cases": cases, "out": out, "first": first, "again": again, "fresh": fresh,
        "first_tree": first_tree, "report": first_report, "before": before, "temporary": temporary, "listener": listener, "seconds": seconds,
    }


def path_of(hostile: dict, case) -> str:
    """The input's path as the run shows it (relative to where it ran)."""
    return guards.path_text(Path(os.fsdecode(os.path.join(b"archive", case.name))))


def test_the_batch_finishes_with_one_line_per_failed_file_and_nothing_else(hostile):
    first = hostile["first"]
    assert first.returncode == 1, first.stderr  # some files failed, the run went on
    assert hostile["seconds"] < 150, "nothing stalls the run"
    rows = hostile["report"]
    failed = [path for path, row in rows.items() if row["status"] == "failed"]
    lines = first.stderr.splitlines()
    assert len(lines) == len(failed) >= 14
    assert all(line.startswith("error: ") for line in lines), "library noise never reaches the terminal"
    for path in failed:
        assert sum(line.startswith(f"error: {path}: ") for line in lines) == 1, path
    for stream in (first.stdout, first.stderr, hostile["again"].stdout, hostile["again"].stderr):
        assert "Traceback" not in stream
    assert "Traceback" not in (hostile["out"] / "extractor.log").read_text("utf-8")


def test_every_case_ends_as_a_person_reading_it_expects(hostile):
    rows = hostile["report"]
    assert len(rows) == len(hostile["cases"]), "one row per input, hidden and odd files included"
    for case in hostile["cases"]:
        row = rows[path_of(hostile, case)]
        if case.status is None:
            assert row["status"] in ("converted", "needs_review", "failed"), row
            assert row["reason"] or row["status"] != "failed"
            continue
        assert row["status"] == case.status, (case.text_name, row)
        assert case.reason in row["reason"], (case.text_name, row["reason"])
        assert "internal error" not in row["reason"] and "worker crashed" not in row["reason"]


def test_good_files_are_converted_exactly_and_failed_files_leave_no_output(hostile):
    out = hostile["out"]
    rows = hostile["report"]
    expected = {
        name: pipeline.render((SAMPLES / name).read_bytes(), name).payload for name in ("decision-1911.txt", "decision-1911.docx")
    }
    for case in hostile["cases"]:
        row = rows[path_of(hostile, case)]
        json_path, csv_path = out / f"{row['document']}.json", out / f"{row['document']}.csv"
        if row["status"] in ("failed", "skipped"):
            assert not json_path.exists() and not csv_path.exists(), case.text_name
            continue
        payload = json.loads(json_path.read_text("utf-8"))
        assert csv_path.is_file()
        if case.sample is None:
            continue
        reference = expected[case.sample]
        assert (len(payload["measures"]), sum(len(m["funding"]) for m in payload["measures"])) == (23, 57), case.text_name
        assert records(payload) == records(reference), case.text_name
        if payload["source"]["format"] == reference["source"]["format"]:
            assert without_source(payload) == without_source(reference), case.text_name
        assert "/" not in payload["source"]["file"] and "\\" not in payload["source"]["file"]


def test_names_that_are_not_utf8_or_too_long_are_shown_escaped_and_named_safely(hostile):
    out, first = hostile["out"], hostile["first"]
    assert (out / "b-%CF%F0%EE.json").is_file(), "a cp1251 name gets a stable, safe output name"
    assert json.loads((out / "b-%CF%F0%EE.json").read_text("utf-8"))["source"]["file"] == "b-%CF%F0%EE.docx"
    broken = "error: archive/\\xe7\\xeb\\xe0\\xec\\xe0\\xed\\xe8\\xe9-\\xcf\\xf0\\xee.docx: damaged DOCX"
    assert any(line.startswith(broken) for line in first.stderr.splitlines()), first.stderr
    long_outputs = [path for path in out.iterdir() if path.name.startswith("рішення про програму")]
    assert len(long_outputs) == 2 and all(len(os.fsencode(path.name)) <= 255 for path in long_outputs)
    assert all(len(os.fsencode(path.name)) <= 255 for path in out.rglob("*"))


def test_a_rerun_is_byte_identical_and_converts_nothing(hostile):
    out, again, fresh = hostile["out"], hostile["again"], hostile["fresh"]
    assert again.returncode == 1 and "ok: " not in again.stdout, again.stdout
    assert tree(out) == hostile["first_tree"]
    assert fresh.returncode == 1
    assert tree(hostile["root"] / "fresh") == hostile["first_tree"], "a forced run elsewhere writes the same bytes"


def test_no_network_no_leak_no_file_outside_the_output_folder_no_process_left(hostile):
    assert hostile["listener"].connections == [], "a linked image or section was fetched"
    for content in tree(hostile["out"], set()).values():
        assert SECRET.encode() not in content
    assert digests(hostile["folder"]) == hostile["before"], "the inputs are untouched"
    assert sorted(path.name for path in hostile["root"].iterdir()) == ["archive", "fresh", "out", "secret.txt", "tmp"]
    assert list(hostile["temporary"].iterdir()) == [], "no temporary file or folder left"
    assert not [path for path in hostile["out"].rglob("*") if path.name.startswith(("extractor-", ".work"))]
    deadline = time.monotonic() + 10
    while lingering(str(hostile["root"])) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert lingering(str(hostile["root"])) == []


def test_library_warnings_go_to_the_log_file_not_the_terminal(hostile):
    log = (hostile["out"] / "extractor.log").read_text("utf-8")
    assert "archive/flipped.pdf:" in log and "WARNING pdfminer" in log
    assert "pdfminer" not in hostile["first"].stderr + hostile["first"].stdout


def test_hidden_and_odd_files_are_listed_with_their_reason(hostile):
    out = hostile["first"].stdout
    assert "skipped: archive/..%2f..%2fescape.docx: a hidden file" in out
    assert "skipped: archive/.~lock.decision-1911.docx#: a LibreOffice lock file" in out
    assert "skipped: archive/.git: a hidden folder" in out
    assert not (hostile["root"] / "escape.json").exists() and not (hostile["out"] / ".git").exists()


def test_the_archive_script_is_deterministic(tmp_path):
    first = make_hostile.build(tmp_path / "a", 8765)
    make_hostile.build(tmp_path / "b", 8765)
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert len(first) >= 30

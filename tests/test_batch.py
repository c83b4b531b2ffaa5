"""Archive conversion (issue 4): whole folders, isolated workers, resume, catalogue, exports, report."""

from __future__ import annotations

import csv
import faulthandler
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from bench import archive
from extractor import batch, guards, pipeline, workers
from extractor.errors import HostileFileError
from extractor.report import Progress

from .conftest import SEED_DOCX, SEED_TEXT

EXTRACTOR = [sys.executable, "-m", "extractor.cli"]
SECRET = "TOP-SECRET-TOKEN-4711"
VOLATILE = {"report.csv", "catalogue.sqlite", "catalogue.sqlite-wal", "catalogue.sqlite-shm"}


def run(*args: str | Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EXTRACTOR, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def tree(folder: Path) -> dict[str, bytes]:
    """Every output file's bytes, but the run report and the database (they hold timings)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in VOLATILE
    }


def catalogue_content(folder: Path) -> dict[str, list[tuple]]:
    """The catalogue's rows without timings or row ids, in a stable order."""
    connection = sqlite3.connect(folder / "catalogue.sqlite")
    content = {
        "documents": connection.execute(
            "SELECT name, path, sha256, format, status, error, measures, funding_records, warnings FROM documents ORDER BY name"
        ).fetchall(),
        "funding": connection.execute(
            "SELECT d.name, m.ordinal, f.ordinal, f.year, f.amount, f.amount_uah FROM funding f"
            " JOIN measures m ON m.id = f.measure_ref JOIN documents d ON d.id = f.document_id ORDER BY 1, 2, 3"
        ).fetchall(),
        "measures": connection.execute("SELECT COUNT(*) FROM measures").fetchall(),
    }
    connection.close()
    return content


def report_rows(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "report.csv").open(encoding="utf-8", newline="") as stream:
        return {row["path"]: row for row in csv.DictReader(stream)}


@pytest.fixture(scope="module")
def sample_payload() -> dict:
    return pipeline.render(SEED_TEXT.read_bytes(), SEED_TEXT.name).payload


@pytest.fixture(scope="module")
def mixed_archive(tmp_path_factory) -> tuple[Path, Path, dict[str, archive.Variant]]:
    """Samples, generated decisions and every kind of bad file in one folder, converted once."""
    root = tmp_path_factory.mktemp("mixed")
    secret = root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    folder = root / "archive"
    generated = archive.build(folder, 8, secret)
    (folder / "samples").mkdir()
    for sample in (SEED_TEXT, SEED_DOCX):
        (folder / "samples" / sample.name).write_bytes(sample.read_bytes())
    (folder / "report.txt").write_bytes(SEED_TEXT.read_bytes())  # a name the run itself uses
    (folder / "line\nbreak.txt").write_bytes(SEED_TEXT.read_bytes())
    out = root / "out"
    started = time.monotonic()
    result = run("convert", folder, "-o", out, "--jobs", "2", "--timeout", "30", "--excel")
    assert time.monotonic() - started < 120, "nothing hangs"
    assert result.returncode == 1, result.stderr  # bad files failed, the rest converted
    assert "Traceback" not in result.stderr + result.stdout
    (root / "stdout.txt").write_text(result.stdout, encoding="utf-8")
    return folder, out, generated


def test_every_good_file_is_right(mixed_archive, sample_payload):
    folder, out, generated = mixed_archive
    for relative, variant in generated.items():
        output = out / Path(relative).with_suffix(".json")
        payload = json.loads(output.read_text("utf-8"))
        assert payload["decision"]["identifier"] == variant.identifier
        assert archive.funding_of(payload) == archive.expected_funding(sample_payload, variant.factor)
        assert [total["computed_uah"] for total in payload["totals"]] == [
            total["computed_uah"] * variant.factor for total in sample_payload["totals"]
        ]
    assert (out / "samples" / "decision-1911-txt.json").exists() and (out / "samples" / "decision-1911-docx.json").exists()
    assert (out / "report-input.json").exists(), "an input named report.txt does not overwrite report.csv"


def test_every_bad_file_gets_one_clear_line(mixed_archive):
    folder, out, _ = mixed_archive
    rows = report_rows(out)
    stdout = (out.parent / "stdout.txt").read_text("utf-8")
    for bad in archive.bad_files(out.parent / "secret.txt"):
        path = str(folder / "bad" / bad.name)
        row = rows[path]
        assert row["status"] == bad.status, (bad.name, row)
        assert bad.reason in row["reason"] and row["reason"], (bad.name, row)
        assert "\n" not in row["reason"]
        assert [line for line in stdout.splitlines() if line.startswith(f"{bad.status}: {path}: ")], bad.name
        stem = Path(bad.name).stem
        assert not list((out / "bad").glob(f"{stem}.*")), f"no output for {bad.name}"
    assert not [path for path in out.rglob("*") if path.name.endswith(".tmp")]


def test_every_input_has_a_row_and_the_summary_counts_them(mixed_archive):
    folder, out, generated = mixed_archive
    rows = report_rows(out)
    inputs = [path for path in folder.rglob("*") if path.is_file()]
    assert sorted(rows) == sorted(str(path) for path in inputs)
    converted = [row for row in rows.values() if row["status"] == "converted"]
    assert len(converted) == len(generated) + 4  # two samples, report.txt, the name with a line break
    stdout = (out.parent / "stdout.txt").read_text("utf-8")
    failed = sum(bad.status == "failed" for bad in archive.bad_files(out.parent / "secret.txt"))
    assert stdout.splitlines()[-1] == f"converted {len(converted)}, failed {failed}; warnings: none"
    assert "line\\nbreak.txt" in stdout  # a control character in a name never breaks a line


def test_nothing_leaks_from_the_local_file_system(mixed_archive):
    _, out, _ = mixed_archive
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert all(out.resolve() in path.resolve().parents for path in out.rglob("*"))


def test_catalogue_answers_funding_per_year_in_one_query(mixed_archive):
    _, out, _ = mixed_archive
    connection = sqlite3.connect(out / "catalogue.sqlite")
    per_year = connection.execute(
        "SELECT f.year, SUM(f.amount_uah) FROM funding AS f JOIN measures AS m ON m.id = f.measure_ref"
        " WHERE m.parent_id IS NULL GROUP BY f.year ORDER BY f.year"
    ).fetchall()
    expected: dict[int, Decimal] = {}
    for path in out.rglob("*.json"):
        payload = json.loads(path.read_text("utf-8"))
        if "totals" in payload:
            for total in payload["totals"]:
                expected[total["year"]] = expected.get(total["year"], Decimal(0)) + Decimal(str(total["computed_uah"]))
    assert per_year == [(year, int(amount)) for year, amount in sorted(expected.items())]
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    statuses = dict(connection.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall())
    assert statuses["converted"] == len(list(out.rglob("*.json"))) - 2  # less the two data packages
    connection.close()


def test_combined_exports_describe_the_whole_archive(mixed_archive):
    _, out, _ = mixed_archive
    package = json.loads((out / "combined" / "datapackage.json").read_text("utf-8"))
    for resource in package["resources"]:
        text = (out / "combined" / resource["path"]).read_text("utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
    funding = list(csv.DictReader(io.StringIO((out / "combined" / "funding.csv").read_text("utf-8"))))
    catalogue = sqlite3.connect(out / "catalogue.sqlite")
    assert len(funding) == catalogue.execute("SELECT COUNT(*) FROM funding").fetchone()[0]
    excel = (out / "combined" / "excel" / "funding.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and b";" in excel.splitlines()[0]
    first = excel.decode("utf-8-sig").splitlines()[1].split(";")
    assert first[5].strip("=").replace("/", "").isdigit(), first  # amount with no locale's separator: 34 or =25401/1000
    workbook = zipfile.ZipFile(out / "combined" / "tables.xlsx")
    assert sum(name.startswith("xl/worksheets/sheet") for name in workbook.namelist()) == len(package["resources"])
    per_document = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert (
        len(per_document["resources"])
        == catalogue.execute("SELECT COUNT(*) FROM documents WHERE status = 'converted'").fetchone()[0]
    )


def test_rerun_skips_unchanged_files_and_redoes_changed_ones(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for index, variant in enumerate(archive.variants(3)):
        (folder / f"d{index}.txt").write_bytes(archive.decision("text", variant))
    out = tmp_path / "out"
    first = run("convert", folder, "-o", out)
    assert first.returncode == 0, first.stderr
    before = tree(out)
    again = run("convert", folder, "-o", out)
    assert again.returncode == 0 and again.stdout.count("unchanged: ") == 3, again.stdout
    assert tree(out) == before, "byte-identical outputs"
    changed = archive.Variant(number=77, factor=3, day=1, month=2)
    (folder / "d1.txt").write_bytes(archive.decision("text", changed))
    third = run("convert", folder, "-o", out)
    assert third.stdout.count("unchanged: ") == 2 and f"ok: {folder / 'd1.txt'}" in third.stdout
    assert json.loads((out / "d1.json").read_text("utf-8"))["decision"]["identifier"] == changed.identifier
    assert catalogue_content(out)["measures"] == [(3 * 23,)], "re-runs update the catalogue in place"
    (folder / "d2.txt").write_bytes(b"\x00\x01 broken now")
    fourth = run("convert", folder, "-o", out)
    assert fourth.returncode == 1
    assert not (out / "d2.json").exists() and not (out / "d2.csv").exists(), "a file that now fails keeps no stale output"


def test_a_run_killed_halfway_and_restarted_ends_like_an_uninterrupted_one(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for index, variant in enumerate(archive.variants(14)):
        kind = "docx" if index % 3 == 0 else "text"
        (folder / f"decision {index:02d}.{'docx' if kind == 'docx' else 'txt'}").write_bytes(archive.decision(kind, variant))
    (folder / "empty.txt").write_bytes(b"")
    whole = tmp_path / "whole"
    assert run("convert", folder, "-o", whole, "--jobs", "1").returncode == 1

    killed = tmp_path / "killed"
    process = subprocess.Popen(
        [*EXTRACTOR, "convert", str(folder), "-o", str(killed), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(list(killed.glob("*.json"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    written = len(list(killed.glob("*.json")))
    assert 4 <= written < 14, "killed halfway"
    assert not (killed / "combined").exists()

    restarted = run("convert", folder, "-o", killed, "--jobs", "1")
    assert restarted.returncode == 1
    assert restarted.stdout.count("unchanged: ") >= written - 1
    assert tree(killed) == tree(whole)
    assert catalogue_content(killed) == catalogue_content(whole)
    deadline = time.monotonic() + 15
    while orphans(killed) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not orphans(killed), "the killed run's workers end on their own"


def orphans(out: Path) -> list[str]:
    """Processes still running a conversion into ``out``."""
    found = []
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = status.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if str(out) in command:
            found.append(command)
    return found


def test_runs_on_a_local_dask_cluster(tmp_path):
    import distributed
    folder = tmp_path / "archive"
    folder.mkdir()
    for index, variant in enumerate(archive.variants(3)):
        (folder / f"d{index}.{'docx' if index else 'txt'}").write_bytes(archive.decision("docx" if index else "text", variant))
    (folder / "bomb.docx").write_bytes(archive.zip_bomb())
    local = batch.convert_archive([folder], batch.Options(out_dir=tmp_path / "local", jobs=2))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = batch.convert_archive([folder], batch.Options(out_dir=tmp_path / "dask", scheduler=cluster.scheduler_address))
    assert [(r.name, r.status, r.reason) for r in on_dask.results] == [(r.name, r.status, r.reason) for r in local.results]
    assert on_dask.count("converted") == 3 and on_dask.count("failed") == 1
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert not (tmp_path / "local" / "combined" / "tables.xlsx").exists(), "the workbook only with --excel"


# --- isolation: limits on time, memory and crashes ---------------------------------


def slow(path: Path, limits: workers.Limits) -> workers.WorkResult:
    time.sleep(60)
    raise AssertionError("never reached")


def greedy(path: Path, limits: workers.Limits) -> workers.WorkResult:
    hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GiB, far above the limit
    raise AssertionError(f"never reached {len(hoard)}")


def crashing(path: Path, limits: workers.Limits) -> workers.WorkResult:
    faulthandler.disable()  # pytest's would print the stack of this deliberate crash
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("never reached")


@pytest.mark.parametrize(
    ("work", "kind", "reason"),
    [
        (slow, "timeout", "time limit exceeded (1 s)"),
        (greedy, "memory", "memory limit exceeded (512 MiB)"),
        (crashing, "crash", "worker crashed (SIGSEGV)"),
    ],
)
def test_a_hostile_file_fails_alone(monkeypatch, tmp_path, work, kind, reason):
    good = tmp_path / "good.txt"
    good.write_bytes(SEED_TEXT.read_bytes())
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(b"x")
    real = workers.convert_path
    monkeypatch.setattr(workers, "convert_path", lambda path, limits: (work if path == hostile else real)(path, limits))
    runner = workers.LocalRunner(jobs=2, limits=workers.Limits(seconds=1, memory_mb=512))
    started = time.monotonic()
    results = {task.path.name: result for task, result in runner.run([workers.Task(0, hostile), workers.Task(1, good)])}
    assert time.monotonic() - started < 15
    assert results["good.txt"]["status"] == "converted"
    assert results["hostile.txt"]["status"] == "failed"
    assert results["hostile.txt"]["error_kind"] == kind
    assert results["hostile.txt"]["error"].startswith(reason)


# --- guards and names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("../../etc/passwd", "__/__/etc/passwd"),
        ("/abs/name", "abs/name"),
        ("рішення 1", "рішення 1"),
        ("a\nb", "a_b"),
        ("..", "__"),
        ("a/../b", "a/__/b"),
        ("", "_"),
    ],
)
def test_output_names_never_leave_the_output_folder(tmp_path, stem, expected):
    name = guards.output_stem(stem)
    assert name == expected
    assert tmp_path.resolve() in guards.inside(tmp_path, name + ".json").parents


def test_inside_refuses_an_escape(tmp_path):
    with pytest.raises(HostileFileError):
        guards.inside(tmp_path, "../elsewhere.json")


def test_a_path_with_dot_dot_on_the_command_line_stays_inside(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "x.txt").write_bytes(SEED_TEXT.read_bytes())
    out = tmp_path / "in" / "sub" / "out"
    result = run("convert", tmp_path / "in" / "sub" / ".." / "x.txt", "-o", out)
    assert result.returncode == 0, result.stderr
    assert (out / "x.json").exists() and not (tmp_path / "in" / "x.json").exists()
    again = run("convert", tmp_path / "in", "-o", out)  # the output folder inside the input is not walked
    assert "out/" not in again.stdout.replace(str(out), "OUT"), again.stdout


def test_zip_bomb_is_refused_before_inflating():
    started = time.monotonic()
    with pytest.raises(HostileFileError, match="zip bomb"):
        pipeline.render(archive.zip_bomb(), "bomb.docx")
    assert time.monotonic() - started < 1


# --- progress and report ------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_plain_lines_elsewhere_and_quiet_silences():
    results = [
        batch.FileResult(
            Path("a.txt"), "a", "converted", measures=2, funding_records=3, seconds=0.1, outputs=(Path("out/a.json"),)
        ),
        batch.FileResult(Path("b.txt"), "b", "failed", "empty file (0 bytes)", seconds=0.0),
    ]
    out, err = Terminal(), Terminal()
    bar = Progress(out=out, err=err)
    bar.planned(2, 2)
    for result in results:
        bar.finished(result)
    assert "converting [" in err.getvalue() and "ETA" in err.getvalue() and "2/2" in err.getvalue()
    assert "error: b.txt: empty file (0 bytes)" in err.getvalue() and out.getvalue() == ""
    plain_out, plain_err = io.StringIO(), io.StringIO()
    plain = Progress(out=plain_out, err=plain_err)
    plain.planned(2, 2)
    for result in results:
        plain.finished(result)
    assert plain_out.getvalue() == "ok: a.txt -> out/a.json (2 measures, 3 funding records, 0 warnings)\n"
    assert plain_err.getvalue() == "error: b.txt: empty file (0 bytes)\n"
    quiet_out, quiet_err = io.StringIO(), io.StringIO()
    quiet = Progress(quiet=True, out=quiet_out, err=quiet_err)
    quiet.planned(2, 2)
    for result in results:
        quiet.finished(result)
    assert quiet_out.getvalue() == "" and quiet_err.getvalue() == "error: b.txt: empty file (0 bytes)\n"


def test_bad_options_are_usage_errors(tmp_path):
    assert run("convert", SEED_TEXT, "--jobs", "0", "-o", tmp_path).returncode == 2
    assert run("convert", SEED_TEXT, "--timeout", "-1", "-o", tmp_path).returncode == 2

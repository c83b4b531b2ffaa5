"""Issue 13: what the machine does to a run (full disk, read-only or odd -o, a catalogue in use, two runs at once).

Each ends with one clear line, the usage code (2) where the command was given
an output folder it cannot use, and everything written so far intact and
resumable. A real full or read-only file system is a tmpfs mounted in a user
namespace of the test's own (``unshare``), so no root and nothing left mounted.
"""

from __future__ import annotations

import errno
import inspect
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import archive
from extractor import batch
from extractor.errors import OutputError
from extractor.export import files

from .conftest import SEED_DOCX, SEED_TEXT
from .test_hostile import EXTRACTOR, run, tree

NAMESPACES = shutil.which("unshare") is not None and subprocess.run(
    ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True, check=False
).returncode == 0
needs_namespaces = pytest.mark.skipif(not NAMESPACES, reason="user and mount namespaces are not available here")


def decisions(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for index, variant in enumerate(archive.variants(count)):
        (folder / f"d{index:02d}.txt").write_bytes(archive.decision("text", variant))
    return folder


def on_tmpfs(options: str, script: str, out: Path, saved: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) with a tmpfs mounted at ``out``; its content is copied to ``saved`` before it goes."""
    out.mkdir(parents=True, exist_ok=True)
    saved.mkdir(parents=True, exist_ok=True)
    wrapped = f'mount -t tmpfs -o {options} tmpfs "$OUT" && {script}; code=$?; cp -a "$OUT"/. "$SAVED"/; exit $code'
    env = {**os.environ, "OUT": str(out), "SAVED": str(saved), "PYTHON": sys.executable}
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", wrapped],
        capture_output=True, text=True, env=env, timeout=240, check=False,
    )


# --- a full disk ----------------------------------------------------------------


def test_a_full_disk_faked_at_the_write_layer_stops_the_run_with_one_line_and_resumes(tmp_path, monkeypatch):
    folder = decisions(tmp_path / "archive", 6)
    writes = {"count": 0}
    real = batch.write_atomically

    def filling(path: Path, text: str) -> None:
        writes["count"] += 1
        if writes["count"] > 5:  # the third document's CSV: the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, text)

    monkeypatch.setattr(batch, "write_atomically", filling)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match=r"no space left on device\); everything written so far is kept: free space and run again"):
        batch.convert_archive([folder], batch.Options(out_dir=out, jobs=1))
    assert sorted(path.name for path in out.glob("*.json")) == ["d00.json", "d01.json"], "the third one's JSON is gone"
    assert not list(out.rglob("*.tmp")) and not (out / ".extractor.lock").exists()
    monkeypatch.setattr(batch, "write_atomically", real)
    resumed = batch.convert_archive([folder], batch.Options(out_dir=out, jobs=1))
    assert (resumed.count("unchanged"), resumed.count("converted")) == (2, 4)
    clean = tmp_path / "clean"
    batch.convert_archive([folder], batch.Options(out_dir=clean, jobs=1))
    assert tree(out) == tree(clean)


@needs_namespaces
def test_a_real_full_disk_ends_with_one_line_and_the_run_resumes_elsewhere(tmp_path):
    folder = decisions(tmp_path / "archive", 12)
    out, saved = tmp_path / "mount", tmp_path / "saved"
    script = f'"$PYTHON" -m extractor.cli convert "{folder}" -o "$OUT" --jobs 2'
    full = on_tmpfs("size=1m", script, out, saved)
    assert full.returncode == 1, full.stderr
    lines = full.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "no space left on device" in lines[0], full.stderr
    assert "everything written so far is kept" in lines[0] and "Traceback" not in full.stderr + full.stdout
    written = sorted(path.name for path in saved.glob("d*.json"))
    assert 0 < len(written) < 12, "stopped partway"
    for name in written:  # what was written is whole
        json.loads((saved / name).read_text("utf-8"))
    resumed = run("convert", folder, "-o", saved, "--jobs", "2")  # the same outputs on a disk with room
    assert resumed.returncode == 0, resumed.stderr
    clean = tmp_path / "clean"
    assert run("convert", folder, "-o", clean, "--jobs", "2").returncode == 0
    assert tree(saved) == tree(clean)


# --- an output folder the run cannot use ---------------------------------------------


@needs_namespaces
def test_a_read_only_output_folder_is_a_usage_error(tmp_path):
    out, saved = tmp_path / "mount", tmp_path / "saved"
    script = f'"$PYTHON" -m extractor.cli convert "{SEED_TEXT}" -o "$OUT/sub"'
    result = on_tmpfs("ro,size=1m", script, out, saved)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"error: cannot write to the output folder {out}/sub (read-only file system)"


def test_an_output_folder_that_is_a_file_or_below_a_file_is_a_usage_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    itself = run("convert", SEED_TEXT, "-o", blocker)
    assert itself.returncode == 2 and itself.stderr.strip() == f"error: output folder {blocker} exists and is not a folder"
    below = run("convert", SEED_TEXT, "-o", blocker / "out")
    assert below.returncode == 2 and below.stderr.startswith(f"error: cannot write to the output folder {blocker / 'out'} (")
    assert blocker.read_text("utf-8") == "x" and "Traceback" not in itself.stderr + below.stderr


def test_the_input_folder_is_never_the_output_folder(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "b.csv").write_bytes(SEED_DOCX.read_bytes())  # a DOCX named like its own output
    same = run("convert", folder, "-o", folder)
    assert same.returncode == 2 and "is the input folder" in same.stderr, same.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["b.csv"]
    inside = run("convert", folder, "-o", tmp_path)
    assert inside.returncode == 2 and "is inside the output folder" in inside.stderr, inside.stderr
    assert (folder / "b.csv").read_bytes() == SEED_DOCX.read_bytes()


def test_an_output_never_overwrites_an_input_given_inside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.csv").write_bytes(SEED_DOCX.read_bytes())
    result = run("convert", out / "b.csv", "-o", out)
    assert result.returncode == 0, result.stderr
    assert (out / "b.csv").read_bytes() == SEED_DOCX.read_bytes()
    assert (out / "b-output.json").is_file() and (out / "b-output.csv").is_file()
    assert run("convert", out / "b.csv", "-o", out).stdout.count("unchanged: ") == 1, "the same name on every run"


def test_a_run_whose_only_input_is_missing_creates_nothing(tmp_path):
    out = tmp_path / "out"
    result = run("convert", tmp_path / "nope.docx", "-o", out)
    assert result.returncode == 1 and result.stderr.strip() == f"error: {tmp_path / 'nope.docx'}: no such file"
    assert not out.exists()
    (tmp_path / "empty").mkdir()
    assert run("convert", tmp_path / "empty", "-o", out).returncode == 1 and not out.exists()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_follow_the_umask(tmp_path, umask, mode):
    out = tmp_path / "out"
    subprocess.run(
        [*EXTRACTOR, "convert", str(SEED_TEXT), "-o", str(out)], capture_output=True, check=True, timeout=120,
        preexec_fn=lambda: os.umask(umask),
    )
    for name in ("decision-1911.json", "decision-1911.csv", "report.csv", "combined/funding.csv", "datapackage.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == mode, name


def test_temporary_names_fit_in_255_bytes():
    name = "р" * 127 + ".json"  # 259 bytes
    prefix = files.temporary_prefix(name)
    assert len(os.fsencode(prefix)) + 8 + len(".tmp") <= 255


# --- the catalogue and other runs -------------------------------------------------------


def test_a_damaged_catalogue_is_one_line_and_left_as_it_was(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "catalogue.sqlite").write_bytes(b"this is not a database, it was overwritten by mistake" * 40)
    result = run("convert", SEED_TEXT, "-o", out)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: the catalogue {out / 'catalogue.sqlite'} is damaged (file is not a database); move it aside and run"
        " again (every file is then converted afresh)"
    )
    assert (out / "catalogue.sqlite").read_bytes().startswith(b"this is not a database")
    assert not (out / "report.csv").exists() and not list(out.rglob("*.tmp"))


def test_a_catalogue_locked_by_another_program_is_one_line(tmp_path):
    out = tmp_path / "out"
    assert run("convert", SEED_TEXT, "-o", out).returncode == 0
    before = tree(out)
    holder = sqlite3.connect(out / "catalogue.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # someone's sqlite3 shell in the middle of an edit
    try:
        result = run("convert", SEED_TEXT, SEED_DOCX, "-o", out)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is locked by another program (database is locked)" in lines[0], result.stderr
    assert tree(out) == before, "nothing written meanwhile is lost or half-written"
    assert run("convert", SEED_TEXT, SEED_DOCX, "-o", out).returncode == 0, "and the run resumes"


def test_a_second_run_on_the_same_output_folder_stops_at_once_and_the_first_is_unharmed(tmp_path):
    folder = decisions(tmp_path / "archive", 12)
    out = tmp_path / "out"
    first = subprocess.Popen([*EXTRACTOR, "convert", str(folder), "-o", str(out), "--jobs", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out / "d00.json").exists():  # the first run holds the folder
        time.sleep(0.01)
    second = run("convert", folder, "-o", out, "--jobs", "1")
    _, first_errors = first.communicate(timeout=180)
    assert second.returncode == 1
    assert second.stderr.strip() == (
        f"error: another extractor run is writing to {out}; wait for it to end or choose another -o"
    )
    assert first.returncode == 0, first_errors
    clean = tmp_path / "clean"
    assert run("convert", folder, "-o", clean, "--jobs", "1").returncode == 0
    assert tree(out) == tree(clean)



def test_a_document_the_catalogue_refuses_fails_alone(tmp_path, monkeypatch):
    """A value SQLite refuses (a constraint, an integer past 64 bits) is that document's failure, not the run's."""
    folder = decisions(tmp_path / "archive", 3)
    real = batch.Catalogue.record

    def refusing(self, record, payload):
        if record.name == "d01" and payload is not None:
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        real(self, record, payload)

    monkeypatch.setattr(batch.Catalogue, "record", refusing)
    out = tmp_path / "out"
    summary = batch.convert_archive([folder], batch.Options(out_dir=out, jobs=1))
    assert [(result.name, result.status) for result in summary.results] == [
        ("d00", "converted"), ("d01", "failed"), ("d02", "converted")
    ]
    assert summary.results[1].reason == (
        "internal error (the catalogue refused the document: OverflowError: Python int too large to convert to SQLite INTEGER)"
    )
    assert not (out / "d01.json").exists() and (out / "d02.json").is_file()


# --- what a folder may hold ---------------------------------------------------------------


def test_named_pipes_deep_trees_and_unreadable_folders_never_stop_the_walk(tmp_path, monkeypatch):
    folder = tmp_path / "archive"
    deep = folder.joinpath(*["d"] * 400)
    files.make_folders(deep)
    (deep / "decision.txt").write_bytes(SEED_TEXT.read_bytes())
    os.mkfifo(folder / "pipe.txt")  # reading it would never end
    (folder / "locked").mkdir()
    (folder / "locked" / "inside.txt").write_bytes(SEED_TEXT.read_bytes())
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    limit = sys.getrecursionlimit()
    # 400 levels with room for 150 frames: a walk, a mkdir or a clean-up that recursed once a level would fail here
    # (os.walk and Path.mkdir(parents=True) do in Python 3.11), while the tree stays shallow enough for pytest's rmtree
    sys.setrecursionlimit(len(inspect.stack()) + 150)
    try:
        found = {path.name: (reason, error) for path, reason, error in batch.walk(folder, tmp_path / "out")}
        files.make_folders(tmp_path.joinpath("made", *["m"] * 400))
        batch.remove_stale_temporaries(tmp_path / "made")
    finally:
        sys.setrecursionlimit(limit)
    assert found["pipe.txt"] == ("not a regular file (a named pipe)", None)
    assert found["locked"] == (None, "folder not readable (permission denied)")
    assert found["decision.txt"] == (None, None)
    monkeypatch.setattr(os, "scandir", real)
    summary = batch.convert_archive([folder], batch.Options(out_dir=tmp_path / "out", jobs=1))
    statuses = {result.path.name: result.status for result in summary.results}
    assert statuses == {"pipe.txt": "skipped", "decision.txt": "converted", "inside.txt": "converted"}
    given = batch.discover([folder / "pipe.txt"], tmp_path / "out2")
    assert given[0].skip_reason == "not a regular file (a named pipe)"


def test_a_link_planted_in_the_output_folder_fails_its_file_alone_and_nothing_is_written_through_it(tmp_path):
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "x.txt").write_bytes(SEED_TEXT.read_bytes())
    (folder / "y.txt").write_bytes(SEED_TEXT.read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere)
    result = run("convert", folder, "-o", out)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {folder / 'sub' / 'x.txt'}: output name 'sub/x.json' would leave the output folder"
    assert (out / "y.json").is_file() and list(elsewhere.iterdir()) == []

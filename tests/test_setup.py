"""A fresh machine: what the samples folder holds and how the set-up script installs what is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from extractor import batch

from .conftest import ROOT, SAMPLES


def test_samples_hold_documents_only(tmp_path):
    """``make run`` converts samples/: every file there is a decision, none is skipped (no generator scripts)."""
    inputs = batch.discover([SAMPLES], tmp_path)
    assert inputs, "samples/ is empty"
    assert [(item.path.name, item.skip_reason) for item in inputs if item.skip_reason] == []
    assert not list(SAMPLES.glob("*.py"))
    assert {"make_docx.py", "make_layouts.py", "make_scan.py"} <= {path.name for path in (ROOT / "tools").glob("make_*.py")}


# --- tools/setup-system.sh: the one place that installs the Debian packages -------------------------

SETUP = ROOT / "tools" / "setup-system.sh"
STUB = "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> {log}\n{tail}"


def fake_path(folder: Path, without: set[str], stubs: dict[str, str] | None = None) -> str:
    """A PATH folder with every command of this machine except ``without``, plus shell ``stubs``; readable by all."""
    folder.mkdir(mode=0o755)
    for directory in ("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"):
        for command in sorted(Path(directory).glob("*")) if Path(directory).is_dir() else ():
            target = folder / command.name
            if command.name not in without and not target.exists() and not target.is_symlink():
                target.symlink_to(command)
    for name, text in (stubs or {}).items():
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)
    return str(folder)


@pytest.fixture
def world_readable():
    """A folder another user can read (pytest's own tmp folders are private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="setup-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def run_setup(path: str, as_nobody: bool) -> subprocess.CompletedProcess[str]:
    command = ["env", "-i", f"PATH={path}", "HOME=/nonexistent", "bash", str(SETUP)]
    if as_nobody:  # root switches to nobody; a user who is not root already is the case itself
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_nothing_missing_installs_nothing(world_readable):
    log = world_readable / "calls.log"
    stubs = {name: STUB.format(log=log, tail="exit 1\n") for name in ("apt-get", "sudo")}
    result = run_setup(fake_path(world_readable / "bin", {"apt-get", "sudo"}, stubs), as_nobody=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert not log.exists(), "apt-get or sudo was called although nothing is missing"


def test_without_root_it_prints_the_exact_command_and_stops(world_readable):
    """No root and no sudo: the exact apt-get command on stderr, exit 1, no password prompt (stdin is closed)."""
    path = fake_path(world_readable / "bin", {"pdftoppm", "sudo", "apt-get"})
    result = run_setup(path, as_nobody=os.geteuid() == 0)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert "  poppler-utils: pdftoppm rasterises PDF pages for OCR and for the scan sample" in lines
    assert lines[-1] == "sudo apt-get update && sudo apt-get install -y --no-install-recommends poppler-utils"


def test_as_root_it_updates_once_and_installs_only_what_is_missing(world_readable):
    """The install path, with apt-get replaced by a stub that records its calls (and sudo by one that runs them)."""
    log = world_readable / "calls.log"
    stubs = {
        "apt-get": STUB.format(log=log, tail=""),
        "sudo": STUB.format(log=log, tail='[ "$1" = -n ] && shift\nexec "$@"\n'),
        "tesseract": "#!/bin/sh\nprintf 'List of available languages (2):\\neng\\nosd\\n'\n",  # no ukr
    }
    path = fake_path(world_readable / "bin", {"pdftoppm", "apt-get", "sudo", "tesseract"}, stubs)
    result = run_setup(path, as_nobody=False)
    assert result.returncode == 0, result.stderr
    calls = [line for line in log.read_text().splitlines() if not line.startswith("sudo -n true")]
    install = "apt-get install -y --no-install-recommends tesseract-ocr-ukr poppler-utils"
    if os.geteuid() != 0:
        assert calls == ["sudo -n apt-get update", "apt-get update", f"sudo -n env DEBIAN_FRONTEND=noninteractive {install}", install]
    else:
        assert calls == ["apt-get update", install]

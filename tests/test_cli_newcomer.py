"""The command line a newcomer tries first: --version, a misspelt flag."""

from __future__ import annotations

import subprocess
import sys

import pytest

import extractor

EXTRACTOR = [sys.executable, "-m", "extractor.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EXTRACTOR, *args], capture_output=True, text=True, timeout=60)


def test_version():
    result = run("--version")
    assert (result.returncode, result.stdout) == (0, f"extractor {extractor.__version__}\n")


@pytest.mark.parametrize(
    ("arguments", "usage"),
    [
        (["convert", "--bogus", "samples/decision-1911.txt"], "usage: extractor convert [-h] [-o DIR]"),
        (["diff", "a.json", "b.json", "--colour"], "usage: extractor diff [-h] [--to {table,json,csv,html}]"),
        (["history", "out/catalogue.sqlite", "Програма", "--format", "csv"], "usage: extractor history [-h]"),
        (["validate", "x.json", "--strict"], "usage: extractor validate [-h]"),
    ],
)
def test_a_wrong_flag_shows_the_subcommands_usage(arguments, usage):
    result = run(*arguments)
    assert result.returncode == 2
    assert result.stderr.startswith(usage), result.stderr
    command = arguments[0]
    assert f"extractor {command}: error: unrecognized arguments: " in result.stderr
    assert "{convert,validate,diff,history" not in result.stderr  # not the top-level usage

"""The batch parent imports the parser a file's name suggests before forking, so children start ready."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout


def test_a_pdf_name_imports_the_pdf_parser_in_the_parent_once_and_reads_no_bytes(tmp_path):
    missing = tmp_path / "not-there.PDF"  # never opened: only the name is looked at
    code = f"""
import sys
from pathlib import Path
from extractor.workers import Limits, LocalRunner
runner = LocalRunner(1, Limits(seconds=5, memory_mb=512))
print('extractor.parsers.pdf' in sys.modules, end=' ')
runner.preload(Path({str(missing)!r}))
runner.preload(Path({str(missing)!r}))
print('extractor.parsers.pdf' in sys.modules, 'extractor.pipeline' in sys.modules, runner.preloaded)
"""
    assert run(code).split() == ["False", "True", "True", "{'pdf'}"]


def test_an_unknown_suffix_imports_nothing_and_a_failing_import_is_not_the_parents(tmp_path):
    code = f"""
import sys
from pathlib import Path
from extractor import parsers
from extractor.workers import Limits, LocalRunner
runner = LocalRunner(1, Limits(seconds=5, memory_mb=512))
runner.preload(Path({str(tmp_path / "notes.md")!r}))
parsers.PARSERS["docx"] = "no_such_module.parse"
runner.preload(Path({str(tmp_path / "a.docx")!r}))
print(sorted(runner.preloaded), 'extractor.parsers.pdf' in sys.modules)
"""
    assert run(code).split() == ["['docx']", "False"]

"""``make bench-batch``: archive conversion speed, scaling, re-run time and worker memory.

Generates ``bench/work/archive/`` (a few hundred decisions from the samples
with other numbers: DOCX and text, PDF copies of the PDF sample when it
exists, plus the bad files), then converts it

1. with 1 worker, into an empty folder (files per second);
2. with 2 workers, into another empty folder (files per second, scaling);
3. again with 2 workers into the second folder, nothing changed (re-run time);

and prints the figures and the peak resident memory of a worker per file
(from the catalogue). Usage: ``python -m bench.batch [COUNT]``.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from pathlib import Path

from bench import archive
from extractor import batch

WORK = Path(__file__).resolve().parent / "work" / "batch"  # its own folder: bench/work/pdf belongs to make bench
SAMPLE_PDF = archive.ROOT / "samples" / "decision-1911.pdf"


def prepare(count: int) -> Path:
    folder = WORK / "archive"
    shutil.rmtree(WORK, ignore_errors=True)
    secret = WORK / "secret.txt"
    folder.mkdir(parents=True)
    secret.write_text("bench secret", encoding="utf-8")
    archive.build(folder, count, secret)
    if SAMPLE_PDF.exists():  # the PDF parser reads it; copies stand for PDF decisions
        for index in range(count // 10):
            shutil.copy(SAMPLE_PDF, folder / f"pdf-{index:03d}.pdf")
    return folder


def timed(folder: Path, out: Path, jobs: int) -> tuple[float, batch.Summary]:
    started = time.perf_counter()
    summary = batch.convert_archive([folder], batch.Options(out_dir=out, jobs=jobs))
    return time.perf_counter() - started, summary


def main(argv: list[str]) -> int:
    count = int(argv[1]) if len(argv) > 1 else 300
    folder = prepare(count)
    inputs = sum(1 for path in folder.rglob("*") if path.is_file())
    one, summary_one = timed(folder, WORK / "out-1", 1)
    two, summary_two = timed(folder, WORK / "out-2", 2)
    again, summary_again = timed(folder, WORK / "out-2", 2)
    connection = sqlite3.connect(WORK / "out-2" / "catalogue.sqlite")
    peak_kb, mean_kb = connection.execute("SELECT MAX(peak_memory_kb), AVG(peak_memory_kb) FROM documents").fetchone()
    formats = dict(connection.execute("SELECT format, COUNT(*) FROM documents GROUP BY format ORDER BY format").fetchall())
    connection.close()
    print(f"archive: {inputs} files ({', '.join(f'{k} {v}' for k, v in formats.items())})")
    print(
        f"outcome: converted {summary_one.count('converted')}, failed {summary_one.count('failed')}, "
        f"skipped {summary_one.count('skipped')}"
    )
    print(f"1 worker:  {one:7.2f} s  {inputs / one:6.1f} files/s")
    print(f"2 workers: {two:7.2f} s  {inputs / two:6.1f} files/s  scaling {one / two:.2f}x (target >= 1.8x)")
    print(
        f"re-run, nothing changed: {again:.2f} s = {100 * again / two:.1f} % of the first run (target < 5 %); "
        f"unchanged {summary_again.count('unchanged')}"
    )
    print(f"peak memory of a worker: max {peak_kb / 1024:.0f} MiB, mean {mean_kb / 1024:.0f} MiB (resident, per file)")
    assert summary_two.count("converted") == summary_one.count("converted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Issue 13: a mutation fuzzer over the samples, run as one batch (200 mutants, fixed seed, ``tools/make_hostile.py``).

Text, DOCX, HTML, XLSX and PDF samples cut, flipped, wiped, repeated, with
declared sizes replaced by hostile numbers, with thousands of nested elements,
and zip containers rebuilt around a damaged part. Whatever a mutant holds, the
batch finishes; each failed file has one line on the terminal, a clear reason
and no output; no worker crashes, runs out of time or memory; no traceback
anywhere; the mutants themselves are untouched.
"""

from __future__ import annotations

import json
import os
import time

from .test_hostile import digests, make_hostile, report_rows, run

MUTANTS = 200
SEED = 1313
# What the batch itself would have done wrong: a worker killed by a signal, a limit hit, the run aborted.
CRASHES = ("worker crashed", "worker killed", "worker ended without a result", "time limit exceeded", "memory limit exceeded")


def test_two_hundred_mutants_never_abort_the_batch(tmp_path):
    folder = tmp_path / "mutants"
    made = make_hostile.build_mutants(folder, MUTANTS, SEED)
    assert len({content for _, content in made}) == MUTANTS, "every mutant differs"
    before = digests(folder)
    out = tmp_path / "out"
    started = time.monotonic()
    result = run("convert", folder, "-o", out, "--jobs", "2", "--timeout", "30", timeout=480)
    seconds = time.monotonic() - started
    assert result.returncode in (0, 1), result.stderr[-2000:]
    rows = report_rows(out)
    assert len(rows) == MUTANTS, "the batch finished: every mutant has its row"
    failed = {path: row for path, row in rows.items() if row["status"] == "failed"}
    lines = result.stderr.splitlines()
    assert len(lines) == len(failed) and all(line.startswith("error: ") for line in lines)
    assert {line.split(": ", 2)[1] for line in lines} == set(failed)
    crashes = [(path, row["reason"]) for path, row in failed.items() if row["reason"].startswith(CRASHES)]
    assert crashes == [], crashes
    for stream in (result.stdout, result.stderr, *(path.read_text("utf-8") for path in out.glob("extractor.log"))):
        assert "Traceback" not in stream
    for row in rows.values():
        outputs = [out / f"{row['document']}.json", out / f"{row['document']}.csv"]
        if row["status"] == "failed":
            assert row["reason"] and not any(path.exists() for path in outputs), row
        else:
            assert row["status"] in ("converted", "needs_review"), row
            assert json.loads(outputs[0].read_text("utf-8"))["measures"] is not None and outputs[1].is_file()
    assert digests(folder) == before
    internal = sum(row["reason"].startswith("internal error") for row in failed.values())
    print(f"\n{MUTANTS} mutants in {seconds:.0f} s: {MUTANTS - len(failed)} converted, {len(failed)} failed "
          f"({internal} internal errors), crashes {len(crashes)}; outputs {len(os.listdir(out))} entries")

"""What a batch run tells people: each input's result, live progress, the closing summary, and ``report.csv``.

In a terminal, a progress bar with the rate and an ETA is redrawn on standard
error; elsewhere (a pipe, a log file, CI) every input gets one plain line as it
finishes. Errors always get their line on standard error, ``error: FILE: reason``.

What became of an input (``FileResult.status``):

* ``converted`` — read, validated and written; ``unchanged`` — as the last run left it;
* ``needs_review`` — converted (or unchanged) and written, but with warnings that put its numbers in doubt
  (``review.py``: ids that repeat, totals that do not add up); the reason names them;
* ``skipped`` — not a decision, never read (the reason says why); ``failed`` — one line says why.

``batch.py`` builds these results and imports this module; this module imports nothing of ``batch``.
"""

from __future__ import annotations

import csv
import io
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .guards import path_text

STATUSES = ("converted", "needs_review", "unchanged", "skipped", "failed")


@dataclass(frozen=True)
class FileResult:
    """What became of one input in this run."""

    path: Path
    name: str
    status: str  # one of STATUSES
    reason: str | None = None
    format: str | None = None
    sha256: str | None = None
    measures: int = 0
    funding_records: int = 0
    warnings: int = 0
    warning_codes: tuple[str, ...] = ()
    seconds: float | None = None
    peak_memory_kb: int | None = None
    outputs: tuple[Path, ...] = ()
    unchanged: bool = False  # settled from the catalogue, not converted in this run (also when in doubt)


@dataclass
class Summary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    report: Path | None = None
    catalogue: Path | None = None
    hints: list[str] = field(default_factory=list)  # what the run noticed about its inputs (page sets: ``pagesets``)

    def count(self, status: str) -> int:
        return sum(result.status == status for result in self.results)

    @property
    def warning_codes(self) -> Counter[str]:
        return Counter(code for result in self.results for code in result.warning_codes)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0


REPORT_COLUMNS = (
    "path",
    "document",
    "status",
    "reason",
    "format",
    "measures",
    "funding_records",
    "warnings",
    "warning_codes",
    "seconds",
    "peak_memory_kb",
    "sha256",
)


def report_csv(results: list[FileResult]) -> str:
    """``report.csv``: one row per input, in path order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for result in sorted(results, key=lambda result: (str(result.path), result.name)):
        writer.writerow(
            [
                path_text(result.path),
                result.name,
                result.status,
                one_line(result.reason or ""),
                result.format or "",
                result.measures,
                result.funding_records,
                result.warnings,
                " ".join(sorted(set(result.warning_codes))),
                "" if result.seconds is None else f"{result.seconds:.3f}",
                "" if result.peak_memory_kb is None else result.peak_memory_kb,
                result.sha256 or "",
            ]
        )
    return buffer.getvalue()


MAX_REASON_CHARACTERS = 400  # a library's message can quote a whole damaged page: the line stays readable


def one_line(text: str) -> str:
    """``text`` on one line, cut to ``MAX_REASON_CHARACTERS`` (the catalogue keeps it whole)."""
    line = " ".join(text.split())
    return line if len(line) <= MAX_REASON_CHARACTERS else line[: MAX_REASON_CHARACTERS - 1] + "…"


def shown(path: object) -> str:
    """A path as printed: bytes that are not UTF-8 as ``\\xcf``, control characters escaped: one input, one line."""
    text = path_text(path) if isinstance(path, Path | str) else str(path)
    return "".join(repr(char)[1:-1] if unicodedata.category(char).startswith("C") else char for char in text)


def describe(result: FileResult) -> str:
    """The plain line of one input (without the stream it goes to)."""
    if result.status == "failed":
        return f"error: {shown(result.path)}: {one_line(result.reason or 'failed')}"
    if result.status == "skipped":
        return f"skipped: {shown(result.path)}: {one_line(result.reason or '')}"
    counts = f"({result.measures} measures, {result.funding_records} funding records, {result.warnings} warnings)"
    target = result.outputs[0] if result.outputs else result.name
    if result.status == "needs_review":
        return f"needs review: {shown(result.path)} -> {shown(target)} {counts}: {one_line(result.reason or '')}"
    prefix = "ok" if result.status == "converted" else "unchanged"
    return f"{prefix}: {shown(result.path)} -> {shown(target)} {counts}"


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return (
        f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        if seconds >= 3600
        else f"{seconds // 60}:{seconds % 60:02d}"
    )


class Progress:
    """The run's live output: a bar on a terminal, plain lines elsewhere, only errors when quiet."""

    BAR_WIDTH = 28

    def __init__(self, quiet: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.quiet = quiet
        self.bar = not quiet and self.err.isatty()
        self.total = self.to_convert = self.done = self.worked = self.failed = 0
        self.started = time.monotonic()
        self.drawn = 0.0

    def planned(self, inputs: int, to_convert: int) -> None:
        self.total, self.to_convert = inputs, to_convert
        self.started = time.monotonic()

    def finished(self, result: FileResult) -> None:
        self.done += 1
        fresh = not result.unchanged and result.status not in ("unchanged", "skipped")
        if fresh and (result.status != "failed" or result.seconds is not None):
            self.worked += 1  # went through a worker in this run
        self.failed += result.status == "failed"
        if result.status == "failed":
            self._clear()
            print(describe(result), file=self.err, flush=True)
        elif not self.quiet and not self.bar:
            print(describe(result), file=self.out, flush=True)
        if self.bar:
            now = time.monotonic()
            if now - self.drawn > 0.1 or self.done == self.total:
                self._draw(now)

    def _clear(self) -> None:
        if self.bar:
            self.err.write("\r\x1b[2K")

    def _draw(self, now: float) -> None:
        self.drawn = now
        elapsed = now - self.started
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.BAR_WIDTH)
        rate = self.worked / elapsed if elapsed > 0 else 0.0
        remaining = max(self.to_convert - self.worked, 0)
        eta = duration(remaining / rate) if rate > 0 else "?"
        failed = f"  {self.failed} failed" if self.failed else ""
        self.err.write(
            f"\r\x1b[2Kconverting [{'#' * filled}{'.' * (self.BAR_WIDTH - filled)}] {self.done}/{self.total}"
            f" {share:4.0%}  {rate:.1f} files/s  ETA {eta}{failed}"
        )
        if self.done == self.total:
            self.err.write("\n")
        self.err.flush()


def summary_lines(summary: Summary, out_dir: Path) -> list[str]:
    """The closing summary: problems one line each, then the counts."""
    lines = [
        f"{label}: {shown(result.path)}: {one_line(result.reason or '')}"
        for status, label in (("failed", "failed"), ("needs_review", "needs review"), ("skipped", "skipped"))
        for result in summary.results
        if result.status == status
    ]
    lines.extend(f"hint: {shown(hint)}" for hint in summary.hints)
    inputs = len(summary.results)
    lines.append(
        f"{inputs} input{'' if inputs == 1 else 's'} in {summary.seconds:.1f} s: unchanged {summary.count('unchanged')}, "
        f"skipped {summary.count('skipped')}; report {shown(out_dir / 'report.csv')}, "
        f"catalogue {shown(out_dir / 'catalogue.sqlite')}"
    )
    codes = ", ".join(f"{code} {count}" for code, count in sorted(summary.warning_codes.items())) or "none"
    review = summary.count("needs_review")
    in_doubt = f", needs review {review}" if review else ""  # a status of its own, shown when there is one
    lines.append(f"converted {summary.count('converted')}{in_doubt}, failed {summary.count('failed')}; warnings: {codes}")
    return lines

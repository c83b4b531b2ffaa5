"""Convert whole archives: walk, tell decisions from other files, resume, dispatch, record, export.

One run over ``PATH…`` into ``DIR``:

1. **Walk** the given files and folders (recursively, in a stable order,
   hidden files and symbolic links left alone, ``DIR`` itself never walked)
   and look at each file's bytes: a document format (DOCX, PDF, …) or text
   with a document's name is a candidate; anything else is *skipped* with a
   reason. Each input gets an output name under ``DIR`` that cannot escape it.
2. **Resume**: an input whose SHA-256 and extractor version match what
   ``DIR/catalogue.sqlite`` recorded, and whose outputs are still there, is
   *unchanged* and not converted again (``force`` converts everything).
3. **Dispatch** the rest to isolated workers (``workers.py``), ``jobs`` at a
   time or on a Dask cluster; each file has a time and a memory limit.
4. **Record** each result as it comes: the JSON and CSV written atomically
   (both or neither), the catalogue updated and committed, so a run killed at
   any moment loses at most the files in flight.
5. **Export** the combined tables, their data package, the XLSX workbook and
   the per-document ``datapackage.json`` from the catalogue, only when what
   it holds changed; then ``report.csv``, one row per input of this run.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import __version__, guards
from .errors import ExtractorError
from .export.archive import combined
from .export.archive.catalogue import Catalogue, Record
from .export.document.datapackage import descriptor as document_package
from .export.files import write_atomically, write_bytes_atomically
from .parsers import DOCUMENT_SUFFIXES, PARSERS, detect_format
from .workers import DaskRunner, Limits, LocalRunner, Task, WorkResult

CATALOGUE = "catalogue.sqlite"
REPORT = "report.csv"
COMBINED = "combined"
WORKBOOK = "tables.xlsx"
# Top-level names the run itself writes; an input with such a name gets ``-input`` appended.
RESERVED_NAMES = frozenset({"catalogue", "report", "combined", "datapackage"})
# Formats that are documents whatever their name; anything else needs a document's name to be tried.
DOCUMENT_FORMATS = (frozenset(PARSERS) | {"pdf", "doc", "rtf", "html", "xlsx", "odt"}) - {"text"}
# Why a file that is neither a document format nor named like one is skipped.
NOT_A_DECISION = {"binary": "binary data", "zip": "a zip archive, not an office document", "text": "a text file"}
# Failures worth trying again although the file did not change: they depend on the limits or the machine.
RETRY_KINDS = frozenset({"timeout", "memory", "crash", "internal"})
# A temporary file of ``write_atomically`` (``.<name>.<random>.tmp``), left behind only by a killed run.
TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
HEAD_BYTES = 1024 * 1024  # enough for ``detect_format`` to tell DOCX from XLSX


@dataclass(frozen=True)
class Options:
    out_dir: Path
    jobs: int = os.cpu_count() or 1
    limits: Limits = Limits()
    scheduler: str | None = None
    excel: bool = False
    force: bool = False


@dataclass(frozen=True)
class Input:
    """One file of the run and what the walk found out about it."""

    path: Path
    name: str  # output name under the output folder, without suffix
    sha256: str | None = None
    size: int | None = None
    format: str | None = None
    skip_reason: str | None = None  # not a decision: never converted
    missing: bool = False


@dataclass(frozen=True)
class FileResult:
    """What became of one input in this run."""

    path: Path
    name: str
    status: str  # converted | unchanged | skipped | failed
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


@dataclass
class Summary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    report: Path | None = None
    catalogue: Path | None = None

    def count(self, status: str) -> int:
        return sum(result.status == status for result in self.results)

    @property
    def warning_codes(self) -> Counter[str]:
        return Counter(code for result in self.results for code in result.warning_codes)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0


class Observer(Protocol):
    def planned(self, inputs: int, to_convert: int) -> None: ...

    def finished(self, result: FileResult) -> None: ...


class Silent:
    def planned(self, inputs: int, to_convert: int) -> None:
        pass

    def finished(self, result: FileResult) -> None:
        pass


# --- 1. walk ----------------------------------------------------------------


def walk(root: Path, skip: Path) -> Iterable[tuple[Path, str | None]]:
    """Files under ``root`` in a stable order, with a reason for those never to be read (symbolic links)."""
    skip_resolved = skip.resolve()
    for folder, folders, files in os.walk(root, followlinks=False):
        here = Path(folder)
        folders[:] = sorted(name for name in folders if not name.startswith(".") and (here / name).resolve() != skip_resolved)
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = here / name
            yield path, ("symbolic link (not followed)" if path.is_symlink() else None)


def fingerprint(path: Path) -> tuple[str, int, bytes]:
    """SHA-256, size and the first bytes of ``path``, read once in chunks."""
    digest = hashlib.sha256()
    head = b""
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            if size < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - size]
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size, head


def classify(path: Path, head: bytes, size: int) -> tuple[str | None, str | None]:
    """The format of a file and, when it is not a decision, why it is skipped."""
    suffix = path.suffix.lower()
    named_as_document = suffix in DOCUMENT_SUFFIXES
    if size == 0 or not head.strip():
        return None, None if named_as_document else "not a decision (empty file)"
    file_format = detect_format(head)
    if file_format in DOCUMENT_FORMATS or named_as_document:
        return file_format, None
    if file_format == "text" and not suffix:
        return file_format, None  # a text export saved without a suffix
    return file_format, f"not a decision ({NOT_A_DECISION.get(file_format, file_format)}, named {suffix or 'without suffix'})"


def output_names(candidates: Sequence[tuple[Path, str]]) -> list[str]:
    """Unique, safe output names: ``a-txt``/``a-docx`` for ``a.txt``/``a.docx``, ``report-input`` for ``report.txt``."""
    names = []
    for _, stem in candidates:
        name = guards.output_stem(stem)
        first, _, rest = name.partition("/")
        if first.lower() in RESERVED_NAMES:
            name = f"{first}-input" + (f"/{rest}" if rest else "")
        names.append(name)
    by_name: dict[str, int] = Counter(names)
    unique: list[str] = []
    taken: set[str] = set()
    for (path, _), name in zip(candidates, names, strict=True):
        if by_name[name] > 1:
            name = f"{name}-{guards.clean_component(path.suffix.lstrip('.').lower()) or 'file'}"
        candidate, number = name, 2
        while candidate in taken:
            candidate, number = f"{name}-{number}", number + 1
        taken.add(candidate)
        unique.append(candidate)
    return unique


def discover(paths: Iterable[Path], out_dir: Path) -> list[Input]:
    """Every input of the run, each with its output name and what its bytes say."""
    found: list[tuple[Path, str, str | None]] = []
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            for path, reason in walk(given, out_dir):
                found.append((path, path.relative_to(given).with_suffix("").as_posix(), reason))
        else:
            found.append((given, given.stem or given.name, None))
    inputs: list[Input] = []
    unique: list[tuple[Path, str, str | None]] = []
    for path, stem, reason in found:
        key = path.resolve() if path.exists() else path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append((path, stem, reason))
    names = output_names([(path, stem) for path, stem, _ in unique])
    for (path, _, reason), name in zip(unique, names, strict=True):
        if reason is not None:
            inputs.append(Input(path, name, skip_reason=reason))
            continue
        try:
            sha256, size, head = fingerprint(path)
        except FileNotFoundError:
            inputs.append(Input(path, name, missing=True))
            continue
        except OSError as error:
            inputs.append(Input(path, name, skip_reason=f"unreadable ({(error.strerror or str(error)).lower()})"))
            continue
        file_format, skip_reason = classify(path, head, size)
        inputs.append(Input(path, name, sha256, size, file_format, skip_reason))
    return inputs


# --- 2.-4. resume, dispatch, record -------------------------------------------


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete the temporary files a killed run left behind (``.name.XXXXXXXX.tmp``)."""
    for folder, _, files in os.walk(out_dir):
        for name in files:
            if TEMPORARY.match(name):
                Path(folder, name).unlink(missing_ok=True)


def output_paths(out_dir: Path, name: str) -> tuple[Path, Path]:
    return guards.inside(out_dir, f"{name}.json"), guards.inside(out_dir, f"{name}.csv")


class Run:
    """One conversion run into ``options.out_dir``."""

    def __init__(self, options: Options, observer: Observer) -> None:
        self.options = options
        self.out_dir = options.out_dir
        self.observer = observer
        self.summary = Summary()

    def execute(self, paths: Iterable[Path]) -> Summary:
        started = time.perf_counter()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(self.out_dir)
        inputs = discover(paths, self.out_dir)
        with Catalogue(self.out_dir / CATALOGUE) as catalogue:
            self.catalogue = catalogue
            to_convert = [item for item in inputs if self._settle_without_work(item) is None]
            self.observer.planned(len(inputs), len(to_convert))
            for result in self.summary.results:
                self.observer.finished(result)
            by_key = dict(enumerate(to_convert))
            tasks = [Task(key, item.path) for key, item in by_key.items()]
            for task, work in self._runner().run(tasks):
                result = self._record(by_key[task.key], work)
                self.summary.results.append(result)
                self.observer.finished(result)
            self._export()
        self.summary.results.sort(key=lambda result: (str(result.path), result.name))
        self.summary.seconds = time.perf_counter() - started
        self.summary.catalogue = self.out_dir / CATALOGUE
        self.summary.report = self.out_dir / REPORT
        from .report import report_csv  # the report module renders; this one decides

        write_atomically(self.summary.report, report_csv(self.summary.results))
        return self.summary

    def _runner(self) -> LocalRunner | DaskRunner:
        if self.options.scheduler:
            return DaskRunner(self.options.scheduler, self.options.limits)
        return LocalRunner(self.options.jobs, self.options.limits)

    def _settle_without_work(self, item: Input) -> FileResult | None:
        """The result of an input that needs no worker (missing, skipped, unchanged), or ``None``."""
        result: FileResult | None = None
        if item.missing:
            result = FileResult(item.path, item.name, "failed", "no such file")
        elif item.skip_reason is not None:
            result = FileResult(item.path, item.name, "skipped", item.skip_reason, item.format, item.sha256)
            entry = self.catalogue.entry(item.name)
            if entry is None or (entry.sha256, entry.status, entry.error, entry.path) != (
                item.sha256,
                "skipped",
                item.skip_reason,
                str(item.path),
            ):
                self.catalogue.record(self._record_of(item, "skipped", item.skip_reason, None, item.format), None)
        elif not self.options.force:
            result = self._unchanged(item)
        if result is not None:
            self.summary.results.append(result)
        return result

    def _unchanged(self, item: Input) -> FileResult | None:
        entry = self.catalogue.entry(item.name)
        if entry is None or entry.sha256 != item.sha256 or entry.extractor_version != __version__:
            return None
        if entry.path != str(item.path) or entry.status == "skipped":
            return None
        if entry.status == "converted":
            outputs = output_paths(self.out_dir, item.name)
            if not all(path.is_file() for path in outputs):
                return None
            return FileResult(
                item.path,
                item.name,
                "unchanged",
                None,
                entry.format,
                entry.sha256,
                entry.measures,
                entry.funding_records,
                entry.warnings,
                tuple(self.catalogue.warning_codes(item.name)),
                entry.seconds,
                entry.peak_memory_kb,
                outputs,
            )
        if entry.error_kind in RETRY_KINDS:
            return None
        return FileResult(item.path, item.name, "failed", entry.error, entry.format, entry.sha256)

    def _record_of(self, item: Input, status: str, error: str | None, work: WorkResult | None, file_format: str | None) -> Record:
        work = work or {}
        return Record(
            name=item.name,
            path=str(item.path),
            sha256=work.get("sha256") or item.sha256,
            size=work.get("size") or item.size,
            format=file_format,
            status=status,
            error=error,
            error_kind=work.get("error_kind"),
            extractor_version=__version__,
            seconds=work.get("seconds"),
            peak_memory_kb=work.get("peak_memory_kb"),
        )

    def _record(self, item: Input, work: WorkResult) -> FileResult:
        """Write one worker's result (outputs, then catalogue) and say what became of the input."""
        file_format = work.get("format") or item.format
        json_path, csv_path = output_paths(self.out_dir, item.name)
        if work["status"] == "converted":
            try:
                write_atomically(json_path, work["json_text"])
                write_atomically(csv_path, work["csv_text"])
            except (OSError, ExtractorError) as error:
                json_path.unlink(missing_ok=True)
                reason = str(error) if isinstance(error, ExtractorError) else f"cannot write output ({error.strerror})"
                work = {**work, "status": "failed", "error": reason, "error_kind": "internal"}
        if work["status"] != "converted":
            for stale in (json_path, csv_path):  # an earlier version's outputs no longer describe this file
                stale.unlink(missing_ok=True)
            self.catalogue.record(self._record_of(item, "failed", work["error"], work, file_format), None)
            return FileResult(
                item.path,
                item.name,
                "failed",
                work["error"],
                file_format,
                work.get("sha256") or item.sha256,
                seconds=work.get("seconds"),
                peak_memory_kb=work.get("peak_memory_kb"),
            )
        payload = work["payload"]
        self.catalogue.record(self._record_of(item, "converted", None, work, file_format), payload)
        warnings = tuple(warning["code"] for warning in payload["warnings"])
        return FileResult(
            item.path,
            item.name,
            "converted",
            None,
            file_format,
            work["sha256"],
            len(payload["measures"]),
            sum(len(measure["funding"]) for measure in payload["measures"]),
            len(warnings),
            warnings,
            work.get("seconds"),
            work.get("peak_memory_kb"),
            (json_path, csv_path),
        )

    # --- 5. export ----------------------------------------------------------

    def _export(self) -> None:
        """Rewrite the whole-archive exports when the catalogue changed since they were last written."""
        folder = self.out_dir / COMBINED
        state = f"{self.catalogue.fingerprint()};excel={self.options.excel}"
        expected = [folder / f"{table.name}.csv" for table in combined.TABLES]
        if self.options.excel:
            expected.append(folder / WORKBOOK)
        names = self.catalogue.converted_names()
        if names:
            expected.append(self.out_dir / "datapackage.json")
        if self.catalogue.meta("exports") == state and all(path.is_file() for path in expected):
            return
        rows = combined.write_combined(self.catalogue, folder, self.options.excel)
        if self.options.excel:  # the workbook takes longer to build than all the CSVs: only for those who ask
            from .export.archive import xlsx  # openpyxl loads only for --excel

            write_bytes_atomically(folder / WORKBOOK, xlsx.workbook_bytes(combined.TABLES, rows))
        else:
            for stale in [*sorted((folder / "excel").glob("*.csv")), folder / WORKBOOK]:
                stale.unlink(missing_ok=True)
        if names:
            package = document_package([f"{name}.csv" for name in names])
            write_atomically(self.out_dir / "datapackage.json", _json(package))
        self.catalogue.set_meta("exports", state)


def _json(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def convert_archive(paths: Iterable[Path], options: Options, observer: Observer | None = None) -> Summary:
    """Convert every decision under ``paths`` into ``options.out_dir``; see the module docstring."""
    return Run(options, observer or Silent()).execute(paths)

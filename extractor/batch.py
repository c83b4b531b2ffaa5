"""Convert whole archives: walk, tell decisions from other files, resume, dispatch, record, export.

One run over ``PATH…`` into ``DIR``:

1. **Walk** the given files and folders (recursively, in a stable order,
   ``DIR`` itself never walked) and look at each file's bytes: a document
   format (DOCX, PDF, …) or text with a document's name is a candidate;
   anything else is *skipped* with a reason, and so are hidden files and
   folders, lock files and symbolic links (each a row of ``report.csv``).
   Each input gets an output name under ``DIR`` that cannot escape it, is the
   same on every run, and never names one of the inputs. With ``join_pages``
   a folder's page-numbered image files (``pagesets.py``) are one input, its
   files read in page order; without it, a hint in the summary names them.
   Nothing is created when no input exists.
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

The parent never reads a document (workers do), and what it learns of a
file's bytes and name (fingerprint, format, name) cannot raise past that
file: the worst is the file's own ``failed`` row. What can stop a run is the
output folder: it is checked first (``UsageError``: a file, the input folder,
not writable), locked for the run (a second run on it stops at once), and a
write it refuses (disk full, read-only, a locked or damaged catalogue) ends
the run with one ``OutputError`` line, everything written so far intact and
resumable. What libraries print in the workers goes to ``DIR/extractor.log``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from . import __version__, guards, pagesets
from .errors import ExtractorError, HostileFileError, OutputError, UsageError
from .export.archive import combined
from .export.archive.catalogue import Catalogue, Record
from .export.document.datapackage import descriptor as document_package
from .export.files import write_atomically, write_bytes_atomically
from .parsers import DOCUMENT_SUFFIXES, PARSERS, detect_file_format, detect_format
from .report import FileResult, Summary, report_csv
from .review import review_reasons_of_codes
from .workers import DaskRunner, Limits, LocalRunner, Task, WorkResult

__all__ = ["FileResult", "Input", "Options", "Summary", "convert_archive", "discover"]

CATALOGUE = "catalogue.sqlite"
REPORT = "report.csv"
COMBINED = "combined"
WORKBOOK = "tables.xlsx"
LOG = "extractor.log"  # what libraries print in the workers (pdfminer's warnings, …), appended per file
LOCK = ".extractor.lock"  # held for the whole run: one run at a time per output folder
SCRATCH = ".work"  # the workers' scratch folders, removed as each worker ends (and at the next start)
# Files and folders the run itself writes at the top of DIR; an input found among them is never read.
RUN_FILES = frozenset({CATALOGUE, f"{CATALOGUE}-wal", f"{CATALOGUE}-shm", f"{CATALOGUE}-journal", REPORT, COMBINED,
                       "datapackage.json", LOG, LOCK, SCRATCH})
# Top-level names the run itself writes; an input with such a name gets ``-input`` appended.
RESERVED_NAMES = frozenset({"catalogue", "report", "combined", "datapackage"})
# Formats that are documents whatever their name; anything else needs a document's name to be tried.
DOCUMENT_FORMATS = (frozenset(PARSERS) | {"pdf", "doc", "rtf", "html", "xlsx", "odt"}) - {"text"}
# Why a file that is neither a document format nor named like one is skipped.
NOT_A_DECISION = {
    "binary": "binary data",
    "zip": "a zip archive, not an office document",
    "hostile_zip": "a zip archive, not an office document",
    "damaged_zip": "a damaged zip archive",
    "text": "a text file",
}
# Names a folder walk passes over, first match wins, with the reason report.csv gives:
#   .~lock.рішення.docx#   ~$рішення.docx   .DS_Store   ..%2f..%2fescape.docx
PASSED_OVER = (
    (re.compile(r"\A\.~lock\..*#\Z", re.DOTALL), "a LibreOffice lock file"),
    (re.compile(r"\A~\$"), "an Office owner file (written while a document is open)"),
    (re.compile(r"\A\."), "a hidden file (the name starts with a dot)"),
)
HIDDEN_FOLDER = "a hidden folder (the name starts with a dot), not searched"
# What SQLite raises on the rows of one document (a value it refuses, a constraint the document breaks): that
# document fails alone; the disk, locks and damage are ``OperationalError``/``DatabaseError`` and stop the run.
RECORD_ERRORS = (
    sqlite3.IntegrityError, sqlite3.DataError, sqlite3.ProgrammingError, sqlite3.InterfaceError,
    OverflowError, ValueError, TypeError,
)
# Failures worth trying again although the file did not change: they depend on the limits or the machine.
RETRY_KINDS = frozenset({"timeout", "memory", "crash", "internal"})
# A temporary file of ``write_atomically`` (``.<name>.<random>.tmp``), left behind only by a killed run.
TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$", re.DOTALL)
HEAD_BYTES = 1024 * 1024
# Write errors that say the output folder or the machine takes no more (the run stops), rather than that one
# output's name does not suit the file system (that file fails alone: ENAMETOOLONG, EILSEQ, ENOTDIR, …).
ENVIRONMENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EMFILE, errno.ENFILE}
)


@dataclass(frozen=True)
class Options:
    out_dir: Path
    jobs: int = os.cpu_count() or 1
    limits: Limits = Limits()
    scheduler: str | None = None
    excel: bool = False
    force: bool = False
    join_pages: bool = False  # a folder's page-numbered image files read as one document each (``pagesets.py``)


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
    error: str | None = None  # its bytes or name could not even be looked at: failed without a worker
    parts: tuple[Path, ...] = ()  # a page set's files in page order (``path`` is the first); sha256 and size over all


class Observer(Protocol):
    def planned(self, inputs: int, to_convert: int) -> None: ...

    def finished(self, result: FileResult) -> None: ...


class Silent:
    def planned(self, inputs: int, to_convert: int) -> None:
        pass

    def finished(self, result: FileResult) -> None:
        pass


# --- 1. walk ----------------------------------------------------------------


def passed_over(name: str) -> str | None:
    """Why a folder walk passes over a file of this name, or ``None``."""
    return next((reason for pattern, reason in PASSED_OVER if pattern.search(name)), None)


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is (reading a named pipe or a device would never end)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def walk(root: Path, skip: Path) -> Iterable[tuple[Path, str | None, str | None]]:
    """Files under ``root`` in a stable order (depth first, names sorted), each with a reason to skip it or an error.

    Hidden folders and symbolic links are one skipped entry each (never entered or followed), named pipes and
    devices are skipped (reading one would never end), an unreadable folder is one failed entry. The walk keeps
    its own stack: a tree nested thousands of folders deep is no recursion.
    """
    skip_resolved = skip.resolve()
    stack = [root]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield here, None, f"folder not readable ({(error.strerror or str(error)).lower()})"
            continue
        folders: list[Path] = []
        files: list[tuple[Path, str | None]] = []
        for entry in entries:
            path = here / entry.name
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as error:
                files.append((path, f"unreadable ({(error.strerror or str(error)).lower()})"))
                continue
            if stat.S_ISLNK(mode):
                files.append((path, "symbolic link (not followed)"))
            elif stat.S_ISDIR(mode):
                if path.resolve() == skip_resolved:
                    continue
                if entry.name.startswith("."):
                    yield path, HIDDEN_FOLDER, None
                else:
                    folders.append(path)
            elif (kind := special_kind(mode)) is not None:
                files.append((path, f"not a regular file ({kind})"))
            else:
                files.append((path, passed_over(entry.name)))
        for path, reason in files:
            yield path, reason, None
        stack.extend(reversed(folders))


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
    # a zip is told by its directory at the end of the file, which the head of a large DOCX does not hold
    file_format = detect_file_format(path) if head.startswith(b"PK\x03\x04") else detect_format(head)
    if file_format in DOCUMENT_FORMATS or named_as_document:
        return file_format, None
    if file_format == "text" and not suffix:
        return file_format, None  # a text export saved without a suffix
    return file_format, f"not a decision ({NOT_A_DECISION.get(file_format, file_format)}, named {suffix or 'without suffix'})"


def output_names(candidates: Sequence[tuple[Path, str]], clashes: Callable[[str], bool] = lambda name: False) -> list[str]:
    """Unique, safe output names: ``a-txt``/``a-docx`` for ``a.txt``/``a.docx``, ``report-input`` for ``report.txt``.

    A name whose outputs would land on one of the run's inputs (``clashes``) gets ``-output`` appended.
    """
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
        if clashes(name):
            name = f"{name}-output"
        candidate, number = name, 2
        while candidate in taken or clashes(candidate):
            candidate, number = f"{name}-{number}", number + 1
        taken.add(candidate)
        unique.append(candidate)
    return unique


def run_file(path: Path, out_dir: Path) -> bool:
    """Whether ``path`` is one of the files the run itself writes at the top of ``out_dir``."""
    try:
        relative = path.resolve().relative_to(out_dir.resolve())
    except ValueError:
        return False
    return bool(relative.parts) and relative.parts[0] in RUN_FILES


def look_at(path: Path, name: str) -> Input:
    """What a file's bytes say (SHA-256, size, format); whatever they hold, an ``Input``, never an exception."""
    try:
        kind = special_kind(path.stat().st_mode)  # named on the command line: a link is followed
        if kind is not None:
            return Input(path, name, skip_reason=f"not a regular file ({kind})")
        sha256, size, head = fingerprint(path)
        file_format, skip_reason = classify(path, head, size)
    except FileNotFoundError:
        return Input(path, name, missing=True)
    except OSError as error:
        return Input(path, name, skip_reason=f"unreadable ({(error.strerror or str(error)).lower()})")
    except Exception as error:  # noqa: BLE001 - the parent must never die of a file
        return Input(path, name, error=f"cannot be looked at ({type(error).__name__}: {error})")
    return Input(path, name, sha256, size, file_format, skip_reason)


def look_at_parts(parts: tuple[Path, ...], name: str) -> Input:
    """``look_at`` for a page set: one SHA-256 over its files' bytes in page order, their sizes summed."""
    digest = hashlib.sha256()
    size = 0
    file_format = None
    for path in parts:
        label = guards.path_text(path.name)
        try:
            kind = special_kind(path.stat().st_mode)
            if kind is not None:
                return Input(parts[0], name, error=f"{label}: not a regular file ({kind})", parts=parts)
            with path.open("rb") as stream:
                head = stream.read(HEAD_BYTES)
                file_format = file_format or detect_format(head)
                while head:
                    digest.update(head)
                    size += len(head)
                    head = stream.read(1024 * 1024)
        except OSError as error:
            reason = "no such file" if isinstance(error, FileNotFoundError) else (error.strerror or str(error)).lower()
            return Input(parts[0], name, error=f"{label}: {reason}", parts=parts)
    return Input(parts[0], name, digest.hexdigest(), size, file_format, parts=parts)


Found = tuple[Path, str, str | None, str | None, tuple[Path, ...]]  # path, stem, skip reason, error, page set's parts


def page_set_stem(first_stem: str, page_set: pagesets.PageSet) -> str:
    """A page set's output stem: its base where its first file stands, or its folder's name for pages named by number."""
    folder = PurePosixPath(first_stem).parent
    if page_set.base:
        return (folder / page_set.base).as_posix()
    if folder != PurePosixPath("."):
        return folder.as_posix()
    return Path(page_set.folder).resolve().name or "pages"


def with_page_sets(found: list[Found], join_pages: bool) -> tuple[list[Found], list[str]]:
    """``found`` with each page set's files as one entry (``join_pages``), and the hints for the run's summary.

    Without ``join_pages`` nothing changes but a hint per set found (``--join-pages`` reads it as one); with it,
    a series that cannot be one document (a page number twice, another format among the pages) gets a hint.
    """
    candidates = [
        path
        for path, _, reason, error, _ in found
        if reason is None and error is None and path.suffix.lower() in pagesets.IMAGE_SUFFIXES and path.is_file()
    ]
    sets, refused = pagesets.find_page_sets(candidates)
    hints = [f"{guards.path_text(series.parts[0])}: {series.reason}" for series in refused] if join_pages else []
    if not join_pages:
        for page_set in sets:
            first, last = page_set.parts[0], page_set.parts[-1]
            hints.append(
                f"{guards.path_text(first)} … {guards.path_text(last.name)}: {len(page_set.parts)} {page_set.format}"
                " files look like pages of one document: --join-pages reads them as one"
            )
        return found, hints
    first_of = {page_set.parts[0]: page_set for page_set in sets}
    members = {part for page_set in sets for part in page_set.parts}
    joined: list[Found] = []
    for entry in found:
        starting = first_of.get(entry[0])
        if starting is not None:
            parts = tuple(Path(part) for part in starting.parts)
            joined.append((entry[0], page_set_stem(entry[1], starting), None, None, parts))
        elif entry[0] not in members:
            joined.append(entry)
    return joined, hints


def discover(paths: Iterable[Path], out_dir: Path, join_pages: bool = False) -> list[Input]:
    """Every input of the run, each with its output name and what its bytes say."""
    return find_inputs(paths, out_dir, join_pages)[0]


def find_inputs(paths: Iterable[Path], out_dir: Path, join_pages: bool = False) -> tuple[list[Input], list[str]]:
    """``discover``, and the hints about page sets for the run's summary (``with_page_sets``)."""
    found: list[tuple[Path, str, str | None, str | None]] = []
    seen: set[Path] = set()
    for given in paths:
        if given.is_dir():
            for path, reason, error in walk(given, out_dir):
                found.append((path, path.relative_to(given).with_suffix("").as_posix(), reason, error))
        elif run_file(given, out_dir):
            found.append((given, given.stem or given.name, "one of this run's own output files", None))
        else:
            found.append((given, given.stem or given.name, None, None))
    unique: list[Found] = []
    for path, stem, reason, error in found:
        key = path.resolve() if path.exists() else path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append((path, stem, reason, error, ()))
    unique, hints = with_page_sets(unique, join_pages)

    def clashes(name: str) -> bool:  # an output would land on an input: never overwrite what is read
        return any((out_dir / f"{name}{suffix}").resolve() in seen for suffix in (".json", ".csv"))

    names = output_names([(path, stem) for path, stem, _, _, _ in unique], clashes)
    inputs: list[Input] = []
    for (path, _, reason, error, parts), name in zip(unique, names, strict=True):
        if error is not None:
            inputs.append(Input(path, name, error=error))
        elif reason is not None:
            inputs.append(Input(path, name, skip_reason=reason))
        elif parts:
            inputs.append(look_at_parts(parts, name))
        else:
            inputs.append(look_at(path, name))
    return inputs, hints


# --- the output folder ----------------------------------------------------------


def check_output_folder(paths: Sequence[Path], out_dir: Path) -> None:
    """Refuse an output folder the run cannot use (``UsageError``), before anything is read or written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"output folder {guards.path_text(out_dir)} exists and is not a folder")
    root = out_dir.resolve()
    for given in paths:
        if not given.is_dir():
            continue
        folder = given.resolve()
        if folder == root:
            raise UsageError(
                f"the output folder {guards.path_text(out_dir)} is the input folder: outputs would mix with the"
                " inputs they are read from; choose another -o"
            )
        if root in folder.parents:
            raise UsageError(
                f"the input folder {guards.path_text(given)} is inside the output folder {guards.path_text(out_dir)};"
                " choose another -o"
            )


def folder_refused(error: OSError, out_dir: Path) -> ExtractorError:
    """The error for an output folder that cannot be created or written: usage, unless the disk is full."""
    reason = (error.strerror or str(error)).lower()
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"cannot write to the output folder {guards.path_text(out_dir)} ({reason})")
    return UsageError(f"cannot write to the output folder {guards.path_text(out_dir)} ({reason})")


def prepare_output_folder(out_dir: Path) -> None:
    """Create the output folder and check it takes files; a folder that cannot is a ``UsageError``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if not os.access(out_dir, os.W_OK | os.X_OK):  # also EROFS: a read-only file system
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(out_dir))
    except OSError as error:
        raise folder_refused(error, out_dir) from error


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold ``DIR/.extractor.lock`` for the run, removed at its end; a second run on the same folder stops at once."""
    path = out_dir / LOCK
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise folder_refused(error, out_dir) from error
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            os.close(descriptor)
            raise OutputError(
                f"another extractor run is writing to {guards.path_text(out_dir)}; wait for it to end or choose another -o"
            ) from error
        try:  # the run before may have removed the file between our open and our lock: lock the one in place
            if os.stat(path).st_ino == os.fstat(descriptor).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(descriptor)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(descriptor)  # closing releases the lock


@contextlib.contextmanager
def library_log(path: Path) -> Iterator[None]:
    """Send what libraries log in this process (and Python warnings) to ``path`` instead of the terminal."""
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setLevel(logging.WARNING)  # libraries that set their own loggers' levels (distributed: INFO) too
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    try:
        yield
    finally:
        logging.captureWarnings(False)
        root.handlers[:], level = saved
        root.setLevel(level)
        handler.close()


def output_error(error: OSError | sqlite3.Error, out_dir: Path) -> OutputError:
    """One line for a write the output folder refused, saying how the run is resumed."""
    kept = "everything written so far is kept"
    catalogue = guards.path_text(out_dir / CATALOGUE)
    if isinstance(error, sqlite3.Error):
        message = str(error)
        if "locked" in message or "busy" in message:
            return OutputError(
                f"the catalogue {catalogue} is locked by another program ({message}); {kept}: close it and run again"
            )
        if "full" in message:
            return OutputError(
                f"cannot write to {guards.path_text(out_dir)} (no space left on device); {kept}: free space and run again"
            )
        damaged = any(word in message for word in ("not a database", "malformed", "corrupt"))
        if damaged or (isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError)):
            return OutputError(
                f"the catalogue {catalogue} is damaged ({message}); move it aside and run again"
                " (every file is then converted afresh)"
            )
        return OutputError(f"the catalogue {catalogue} cannot be written ({message}); {kept}: run again to resume")
    reason = (error.strerror or str(error)).lower()
    where = guards.path_text(error.filename) if error.filename else guards.path_text(out_dir)
    remedy = "free space and run again" if error.errno in (errno.ENOSPC, errno.EDQUOT) else "run again to resume"
    return OutputError(f"cannot write {where} ({reason}); {kept}: {remedy}")


# --- 2.-4. resume, dispatch, record -------------------------------------------


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete what a killed run left behind: temporary files (``.name.XXXXXXXX.tmp``), worker scratch folders."""
    shutil.rmtree(out_dir / SCRATCH, ignore_errors=True)
    folders = [out_dir]
    while folders:  # its own stack, as ``walk``: outputs may be nested deeper than Python recurses
        with contextlib.suppress(OSError), os.scandir(folders.pop()) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                elif TEMPORARY.match(entry.name):
                    Path(entry.path).unlink(missing_ok=True)


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
        given = list(paths)
        check_output_folder(given, self.out_dir)
        inputs, self.summary.hints = find_inputs(given, self.out_dir, self.options.join_pages)
        if all(item.missing for item in inputs):  # nothing to read: nothing is created either
            self.observer.planned(len(inputs), 0)
            for item in inputs:
                self._settle(FileResult(item.path, item.name, "failed", "no such file"))
            self.summary.seconds = time.perf_counter() - started
            return self.summary
        prepare_output_folder(self.out_dir)
        try:
            with locked(self.out_dir), library_log(self.out_dir / LOG):
                remove_stale_temporaries(self.out_dir)
                self._convert(inputs)
                self.summary.results.sort(key=lambda result: (guards.path_text(result.path), result.name))
                self.summary.catalogue = self.out_dir / CATALOGUE
                self.summary.report = self.out_dir / REPORT
                write_atomically(self.summary.report, report_csv(self.summary.results))
                shutil.rmtree(self.out_dir / SCRATCH, ignore_errors=True)
        except (OSError, sqlite3.Error) as error:
            raise output_error(error, self.out_dir) from error
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _convert(self, inputs: list[Input]) -> None:
        with Catalogue(self.out_dir / CATALOGUE) as catalogue:
            self.catalogue = catalogue
            to_convert = [item for item in inputs if self._settle_without_work(item) is None]
            self.observer.planned(len(inputs), len(to_convert))
            for result in self.summary.results:
                self.observer.finished(result)
            by_key = dict(enumerate(to_convert))
            tasks = [Task(key, item.path, item.parts) for key, item in by_key.items()]
            for task, work in self._runner().run(tasks):
                self._settle(self._record(by_key[task.key], work))
            self._export()

    def _settle(self, result: FileResult) -> None:
        self.summary.results.append(result)
        self.observer.finished(result)

    def _runner(self) -> LocalRunner | DaskRunner:
        if self.options.scheduler:
            return DaskRunner(self.options.scheduler, self.options.limits)
        # absolute: workers hand their scratch folder to tools as TMPDIR and as file:// URIs
        return LocalRunner(self.options.jobs, self.options.limits, scratch_root=(self.out_dir / SCRATCH).absolute())

    def _settle_without_work(self, item: Input) -> FileResult | None:
        """The result of an input that needs no worker (missing, skipped, unchanged), or ``None``."""
        result: FileResult | None = None
        if item.missing:
            result = FileResult(item.path, item.name, "failed", "no such file")
        elif item.error is not None:
            result = FileResult(item.path, item.name, "failed", item.error)
        elif item.skip_reason is not None:
            result = FileResult(item.path, item.name, "skipped", item.skip_reason, item.format, item.sha256)
            entry = self.catalogue.entry(item.name)
            if entry is None or (entry.sha256, entry.status, entry.error, entry.path) != (
                item.sha256,
                "skipped",
                item.skip_reason,
                guards.path_text(item.path),
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
        if entry.path != guards.path_text(item.path) or entry.status == "skipped":
            return None
        if entry.status == "converted":
            try:
                outputs = output_paths(self.out_dir, item.name)
            except HostileFileError:
                return None  # converted again, and refused where its outputs are written
            if not all(path.is_file() for path in outputs):
                return None
            codes = tuple(self.catalogue.warning_codes(item.name))
            reasons = review_reasons_of_codes(codes)
            return FileResult(
                item.path,
                item.name,
                "needs_review" if reasons else "unchanged",
                f"{', '.join(reasons)}; unchanged since an earlier run" if reasons else None,
                entry.format,
                entry.sha256,
                entry.measures,
                entry.funding_records,
                entry.warnings,
                codes,
                entry.seconds,
                entry.peak_memory_kb,
                outputs,
                unchanged=True,
            )
        if entry.error_kind in RETRY_KINDS:
            return None
        return FileResult(item.path, item.name, "failed", entry.error, entry.format, entry.sha256, unchanged=True)

    def _record_of(
        self, item: Input, status: str, error: str | None, work: WorkResult | None, file_format: str | None
    ) -> Record:
        work = work or {}
        return Record(
            name=item.name,
            path=guards.path_text(item.path),
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

    def _log(self, item: Input, text: str) -> None:
        """Append what a worker's libraries printed to ``DIR/extractor.log``, under the input's path."""
        if not text.strip():
            return
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        with (self.out_dir / LOG).open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"{stamp} {guards.path_text(item.path)}:\n{text.rstrip()}\n")

    def _record(self, item: Input, work: WorkResult) -> FileResult:
        """Write one worker's result (outputs, then catalogue) and say what became of the input."""
        self._log(item, work.get("log") or "")
        file_format = work.get("format") or item.format
        try:
            outputs: tuple[Path, ...] = output_paths(self.out_dir, item.name)
        except HostileFileError as error:  # a link placed in the output folder would carry the outputs out of it
            outputs = ()
            work = {**work, "status": "failed", "error": str(error), "error_kind": "input"}
        if work["status"] == "converted":
            json_path, csv_path = outputs
            try:
                write_atomically(json_path, work["json_text"])
                write_atomically(csv_path, work["csv_text"])
            except (OSError, ExtractorError) as error:
                json_path.unlink(missing_ok=True)
                if isinstance(error, OSError) and error.errno in ENVIRONMENT_ERRNOS:
                    raise  # the folder takes no more: the run stops, this file is converted on the next one
                reason = str(error) if isinstance(error, ExtractorError) else f"cannot write output ({error.strerror})"
                work = {**work, "status": "failed", "error": reason, "error_kind": "internal"}
        if work["status"] == "converted":
            try:
                self.catalogue.record(self._record_of(item, "converted", None, work, file_format), work["payload"])
            except RECORD_ERRORS as error:  # rolled back: the catalogue holds what it held before
                reason = f"internal error (the catalogue refused the document: {type(error).__name__}: {error})"
                work = {**work, "status": "failed", "error": reason, "error_kind": "internal"}
        if work["status"] != "converted":
            for stale in outputs:  # an earlier version's outputs no longer describe this file
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
        warnings = tuple(warning["code"] for warning in payload["warnings"])
        reasons = review_reasons_of_codes(warnings)
        return FileResult(
            item.path,
            item.name,
            "needs_review" if reasons else "converted",
            ", ".join(reasons) or None,
            file_format,
            work["sha256"],
            len(payload["measures"]),
            sum(len(measure["funding"]) for measure in payload["measures"]),
            len(warnings),
            warnings,
            work.get("seconds"),
            work.get("peak_memory_kb"),
            outputs,
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

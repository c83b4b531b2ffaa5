"""Convert files in isolated worker processes, each with a time limit and a memory limit.

A hostile or pathological file (a zip bomb that slipped through, a parser
that loops, an allocation that never ends) must fail alone. So every file is
converted in a process of its own, which

* limits its own address space (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``,
  a backstop should the parent die), and
* is killed by the parent when its wall-clock time is up.

Two runners share that worker:

* ``LocalRunner`` forks one child per file from this (single-threaded)
  process, ``jobs`` at a time: a fork is cheap, and the child inherits the
  imported parsers and the compiled schema.
* ``DaskRunner`` sends each file's bytes to an existing Dask cluster
  (``dask.distributed``); the task starts ``python -m extractor.workers`` as a
  subprocess with the same limits, since Dask workers are threaded and
  daemonic, and cannot fork safely. Files and outputs stay on this machine:
  workers need no shared file system.

Workers convert in memory and return the texts; only the parent writes files.

Nothing a worker starts outlives it, and nothing it writes stays behind:

* each worker leads a process group of its own, and gets a scratch folder of
  its own (``extractor-worker-*``, in ``scratch_root`` or the system's
  temporary folder) as ``TMPDIR``: LibreOffice's copy of the input and its
  profile, OCR images, everything temporary lands there;
* a worker whose time is up is asked to stop (``SIGTERM``: its tools end their
  process groups, its temporary folders are removed), then killed with its
  whole group; a tool that runs in a group of its own (LibreOffice) records
  the group's id in a ``*.pgid`` file in the scratch folder, and that group is
  killed too; then the scratch folder is removed, whatever happened;
* what a worker's libraries print (pdfminer's warnings, Python warnings,
  anything on its standard output or error) is captured, up to
  ``MAX_LOG_BYTES``, and comes back as the result's ``log`` for the run's log
  file, never on the user's terminal.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import math
import multiprocessing
import os
import pickle
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from . import guards
from .errors import ExtractorError, InputError, OutputValidationError
from .parsers import detect_format, read_input

SCRATCH_PREFIX = "extractor-worker-"
OUTPUT_FILE = "output.log"  # the worker's standard output and error, inside its scratch folder
MAX_LOG_BYTES = 64 * 1024  # of one worker's output kept for the run's log
STOP_GRACE_SECONDS = 2.0  # between asking a worker to stop and killing its group
TERMINATED_EXIT = 143  # what a worker that was asked to stop exits with


class WorkerTerminated(BaseException):  # noqa: N818 - a signal, not an error: nothing may catch it as Exception
    """Raised in a worker by SIGTERM or its own alarm, so that ``finally`` blocks end tools and remove folders."""


@dataclass(frozen=True)
class Limits:
    """What one file may cost."""

    seconds: float = 60.0
    memory_mb: int = 2048


@dataclass(frozen=True)
class Task:
    """One file to convert; ``key`` lets the caller match the result."""

    key: int
    path: Path
    parts: tuple[Path, ...] = ()  # a page set's files in page order (``--join-pages``); ``path`` is the first


# The parser a file's suffix suggests, imported in the parent before forking (LocalRunner.preload).
PRELOAD_BY_SUFFIX = {
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".txt": "text",
    ".doc": "doc", ".rtf": "rtf", ".odt": "odt", ".tif": "tiff", ".tiff": "tiff", ".jpg": "jpeg", ".jpeg": "jpeg",
    ".png": "png",
}  # fmt: skip

WorkResult = dict[str, Any]  # plain data, so it pickles across processes and machines
Parts = list[tuple[str, bytes]]  # a page set's files (name, bytes) in page order: a list pickles to a Dask worker too


# --- the work itself, inside the worker -------------------------------------


def convert_data(data: bytes | Parts, file_name: str, limits: Limits) -> WorkResult:
    """Convert one document in memory (a file's bytes, or a page set's parts); every failure becomes a one-line reason."""
    from . import pipeline  # imported here so ``python -m extractor.workers`` starts light

    started = time.perf_counter()
    chunks = [data] if isinstance(data, bytes) else [part for _, part in data]  # a set: its parts one after another
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    head = chunks[0] if chunks else b""
    result: WorkResult = {
        "status": "failed",
        "sha256": digest.hexdigest(),
        "size": sum(map(len, chunks)),
        "format": None,
        "error": None,
        "error_kind": None,
    }
    try:
        result["format"] = detect_format(head) if head.strip() else None
        rendered = pipeline.render(data, file_name) if isinstance(data, bytes) else pipeline.render_pages(data)
    except OutputValidationError as error:
        result.update(error=str(error), error_kind="internal")
    except ExtractorError as error:
        result.update(error=str(error), error_kind="input")
    except MemoryError:
        result.update(error=f"memory limit exceeded ({limits.memory_mb} MiB)", error_kind="memory")
    except RecursionError:
        result.update(error="document nested too deeply to read", error_kind="input")
    except Exception as error:  # noqa: BLE001 - one bad file must not stop a batch
        result.update(error=f"internal error ({type(error).__name__}: {error})", error_kind="internal")
    else:
        result.update(
            status="converted",
            payload=rendered.payload,
            json_text=rendered.json_text,
            csv_text=rendered.csv_text,
        )
    result["seconds"] = round(time.perf_counter() - started, 6)
    result["peak_memory_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def convert_path(path: Path, limits: Limits) -> WorkResult:
    """Read and convert one file (inside a worker)."""
    started = time.perf_counter()
    try:
        data = read_input(path)
    except (ExtractorError, OSError) as error:
        reason = str(error) if isinstance(error, ExtractorError) else (error.strerror or str(error)).lower()
        return failure(reason, "input", time.perf_counter() - started)
    return convert_data(data, guards.file_label(path.name), limits)


def read_parts(parts: tuple[Path, ...]) -> Parts:
    """A page set's files read, each with its name; a part that cannot be read is an ``InputError`` naming it."""
    read: Parts = []
    for path in parts:
        name = guards.file_label(path.name)
        try:
            read.append((name, read_input(path)))
        except ExtractorError as error:
            raise type(error)(f"{name}: {error}") from error
        except OSError as error:
            raise InputError(f"{name}: {(error.strerror or str(error)).lower()}") from error
    return read


def convert_parts(parts: tuple[Path, ...], limits: Limits) -> WorkResult:
    """Read and convert a page set, its files in page order (inside a worker)."""
    started = time.perf_counter()
    try:
        data = read_parts(parts)
    except ExtractorError as error:
        return failure(str(error), "input", time.perf_counter() - started)
    return convert_data(data, data[0][0], limits)


def failure(reason: str, kind: str, seconds: float) -> WorkResult:
    return {"status": "failed", "error": reason, "error_kind": kind, "seconds": round(seconds, 6), "peak_memory_kb": None}


# A worker makes its many small objects (characters, cells) in runs: its young-object collections run this many
# allocations apart rather than Python's 700, a tenth of a conversion's time saved; a cycle left waits no longer.
WORKER_COLLECTION_THRESHOLD = 10_000


def collect_less_often() -> None:
    """The worker's garbage collector tuned for a conversion (see ``WORKER_COLLECTION_THRESHOLD``)."""
    gc.set_threshold(WORKER_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])


def limit_self(limits: Limits) -> None:
    """Apply the per-file limits to the current process."""
    address_space = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    cpu = math.ceil(limits.seconds) + 5  # the parent's wall-clock kill comes first; this outlives a dead parent
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def death_reason(exitcode: int | None, limits: Limits) -> tuple[str, str]:
    """Why a worker ended without a result, from its exit code."""
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number in (signal.SIGXCPU, signal.SIGALRM):
            return f"time limit exceeded ({limits.seconds:g} s of CPU)", "timeout"
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        if number in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return f"worker crashed ({name}); the file may need more than {limits.memory_mb} MiB", "crash"
        return f"worker killed ({name})", "crash"
    return f"worker ended without a result (exit code {exitcode})", "crash"


# --- what a worker leaves behind ---------------------------------------------


def _stop_signal(number: int, frame: object) -> None:
    raise WorkerTerminated(signal.Signals(number).name)


def capture_output(scratch: Path) -> None:
    """Send this process's standard output and error, Python warnings and library logging to ``scratch``."""
    descriptor = os.open(scratch / OUTPUT_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    warnings.simplefilter("default")


def end_group(group: int) -> None:
    """Kill every process of a process group, if any is left."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)


def end_recorded_groups(scratch: Path) -> None:
    """Kill the process groups that tools of a dead worker recorded in ``*.pgid`` files under ``scratch``."""
    for record in scratch.rglob("*.pgid"):
        try:
            group = int(record.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if group > 1:
            end_group(group)


def collect_output(scratch: Path) -> str:
    """What the worker printed, cut to ``MAX_LOG_BYTES``."""
    try:
        with (scratch / OUTPUT_FILE).open("rb") as stream:
            output = stream.read(MAX_LOG_BYTES + 1)
    except OSError:
        return ""
    text = output[:MAX_LOG_BYTES].decode("utf-8", "replace")
    return text + ("\n[output cut at 64 KiB]\n" if len(output) > MAX_LOG_BYTES else "")


# --- local: one forked child per file ---------------------------------------


def _child(
    send: Connection, inherited: list[Connection], path: Path | tuple[Path, ...], limits: Limits, scratch: Path
) -> None:
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # a group of its own, which the parent ends whole
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _stop_signal)
    signal.signal(signal.SIGALRM, _stop_signal)
    # A fork inherits the read ends of every pipe (its own and its siblings'); holding them would keep an
    # orphaned child blocked on a full pipe forever once the parent is gone.
    for connection in inherited:
        connection.close()
    try:
        capture_output(scratch)
        os.environ["TMPDIR"] = str(scratch)
        tempfile.tempdir = str(scratch)
        signal.alarm(math.ceil(limits.seconds) + 10)  # a backstop for a child the parent can no longer kill
        limit_self(limits)
        collect_less_often()
        started = time.perf_counter()
        try:
            result = convert_parts(path, limits) if isinstance(path, tuple) else convert_path(path, limits)
        except MemoryError:
            result = failure(f"memory limit exceeded ({limits.memory_mb} MiB)", "memory", time.perf_counter() - started)
        try:
            send.send(result)
        except MemoryError:
            send.send(failure(f"memory limit exceeded ({limits.memory_mb} MiB)", "memory", result["seconds"]))
        send.close()
    except WorkerTerminated:
        os._exit(TERMINATED_EXIT)


@dataclass
class _Running:
    task: Task
    process: Any  # multiprocessing.Process (fork context), started: its pid is set
    deadline: float
    scratch: Path


class LocalRunner:
    """Up to ``jobs`` forked children at once, one file each."""

    def __init__(self, jobs: int, limits: Limits, scratch_root: Path | None = None) -> None:
        self.jobs = max(1, jobs)
        self.limits = limits
        self.scratch_root = scratch_root
        self.context = multiprocessing.get_context("fork")
        self.running: dict[Connection, _Running] = {}
        from . import validate

        validate.prepare()  # loaded once here, inherited by every child
        self.preloaded: set[str] = set()

    def preload(self, path: Path) -> None:
        """Import the parser a file's name suggests, once, so every child forked after inherits it ready.

        Only the name is looked at (the parent never reads an input's bytes); a file whose bytes say otherwise
        imports its own parser in its child, as before. A batch of many small PDFs saves a parser import each.
        """
        file_format = PRELOAD_BY_SUFFIX.get(path.suffix.lower())
        if file_format is None or file_format in self.preloaded:
            return
        self.preloaded.add(file_format)
        try:  # a parser that cannot be imported is that file's error, told by its child: never the parent's
            from . import pipeline  # noqa: F401 - the stages every conversion runs
            from .parsers import parser_for

            parser_for(file_format)
        except Exception:  # noqa: BLE001 - see above
            return

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, WorkResult]]:
        pending = iter(tasks)
        try:
            while True:
                while len(self.running) < self.jobs and (task := next(pending, None)) is not None:
                    self._start(task)
                if not self.running:
                    return
                nearest = min(slot.deadline for slot in self.running.values())
                ready = wait(list(self.running), timeout=max(0.0, nearest - time.monotonic()))
                for connection in ready:
                    yield self._collect(connection)  # type: ignore[arg-type]
                now = time.monotonic()
                for connection, slot in list(self.running.items()):
                    if slot.deadline <= now and connection not in ready:
                        yield self._expire(connection)
        finally:
            self.stop()

    def _start(self, task: Task) -> None:
        self.preload(task.path)
        if self.scratch_root is not None:
            self.scratch_root.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=self.scratch_root))
        receive, send = self.context.Pipe(duplex=False)
        inherited = [receive, *self.running]
        # What this process holds (the parsers imported, the schema compiled) is never collected in a child:
        # its collector does not walk it, so the memory pages it shares with this process stay shared, unwritten.
        gc.freeze()
        process = self.context.Process(
            target=_child, args=(send, inherited, task.parts or task.path, self.limits, scratch), daemon=True
        )
        process.start()
        if process.pid is not None:
            with contextlib.suppress(OSError):
                os.setpgid(process.pid, process.pid)  # also here, so the group exists whichever side runs first
        send.close()
        self.running[receive] = _Running(task, process, time.monotonic() + self.limits.seconds, scratch)

    def _collect(self, connection: Connection) -> tuple[Task, WorkResult]:
        slot = self.running.pop(connection)
        try:
            result = connection.recv()
            finished = True
        except (EOFError, OSError):
            slot.process.join()
            reason, kind = death_reason(slot.process.exitcode, self.limits)
            result = failure(reason, kind, self.limits.seconds - (slot.deadline - time.monotonic()))
            finished = False
        connection.close()
        return slot.task, {**result, "log": self._end(slot, finished)}

    def _expire(self, connection: Connection) -> tuple[Task, WorkResult]:
        slot = self.running.pop(connection)
        connection.close()
        log = self._end(slot, finished=False)
        return slot.task, {
            **failure(f"time limit exceeded ({self.limits.seconds:g} s)", "timeout", self.limits.seconds),
            "log": log,
        }

    def _end(self, slot: _Running, finished: bool) -> str:
        """End a worker and everything it started, remove its scratch folder; what it printed."""
        process = slot.process
        if not finished and process.is_alive():
            try:
                os.killpg(process.pid, signal.SIGTERM)  # ask first: its tools end their groups, its folders go
            except OSError:
                process.terminate()
            process.join(STOP_GRACE_SECONDS)
        end_group(process.pid)  # before the worker is reaped, so the group's id cannot be someone else's yet
        process.join()
        if not finished:
            end_recorded_groups(slot.scratch)
        output = collect_output(slot.scratch)
        shutil.rmtree(slot.scratch, ignore_errors=True)
        return output

    def stop(self) -> None:
        """End whatever still runs (on an interrupt), with everything it started."""
        for connection, slot in list(self.running.items()):
            connection.close()
            self._end(slot, finished=False)
        self.running.clear()


# --- Dask: one subprocess per file on a cluster worker ----------------------


def convert_in_subprocess(data: bytes | Parts, file_name: str, limits: Limits) -> WorkResult:
    """Convert ``data`` in a fresh ``python -m extractor.workers`` with the limits applied (runs on a Dask worker)."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "extractor.workers", str(limits.memory_mb), str(limits.seconds)]
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(scratch)},
        start_new_session=True,
    )
    finished = False
    try:
        stdout, stderr = process.communicate(pickle.dumps((data, file_name)), timeout=limits.seconds + 10)
        finished = True
    except subprocess.TimeoutExpired:
        return failure(f"time limit exceeded ({limits.seconds:g} s)", "timeout", time.perf_counter() - started)
    finally:
        end_group(process.pid)
        process.wait()
        if not finished:
            end_recorded_groups(scratch)
        shutil.rmtree(scratch, ignore_errors=True)
    log = stderr[:MAX_LOG_BYTES].decode("utf-8", "replace")
    if process.returncode != 0 or not stdout:
        reason, kind = death_reason(process.returncode, limits)
        return {**failure(reason, kind, time.perf_counter() - started), "log": log}
    result: WorkResult = pickle.loads(stdout)  # our own child's answer  # noqa: S301
    return {**result, "log": log}


class DaskRunner:
    """Files spread over an existing Dask cluster, a bounded number in flight."""

    def __init__(self, address: str, limits: Limits) -> None:
        try:
            from distributed import Client
        except ImportError as error:
            raise ExtractorError("--scheduler needs dask.distributed: pip install 'extractor[cluster]'") from error
        self.limits = limits
        try:
            self.client = Client(address, timeout="15s", set_as_default=False)
        except OSError as error:
            raise ExtractorError(f"cannot reach the Dask scheduler at {address} ({error})") from error
        threads = sum(self.client.nthreads().values()) or 1
        self.in_flight = 2 * threads

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[Task, WorkResult]]:
        from distributed import as_completed

        pending = iter(tasks)
        futures: dict[Any, Task] = {}

        def submit() -> Any:
            task = next(pending, None)
            if task is None:
                return None
            try:
                data: bytes | Parts = read_parts(task.parts) if task.parts else read_input(task.path)
            except (ExtractorError, OSError) as error:
                reason = str(error) if isinstance(error, ExtractorError) else (error.strerror or str(error)).lower()
                future = self.client.submit(failure, reason, "input", 0.0, pure=False)
            else:
                future = self.client.submit(convert_in_subprocess, data, task.path.name, self.limits, pure=False)
            futures[future] = task
            return future

        try:
            first = [future for future in (submit() for _ in range(self.in_flight)) if future is not None]
            if not first:
                return
            completed = as_completed(first, loop=self.client.loop)
            for future in completed:
                task = futures.pop(future)
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - a lost worker fails its file, not the run
                    result = failure(f"cluster task failed ({type(error).__name__}: {error})", "crash", 0.0)
                yield task, result
                if (following := submit()) is not None:
                    completed.add(following)
        finally:
            self.client.close()

    def close(self) -> None:
        self.client.close()


def child_main(argv: list[str]) -> int:
    """``python -m extractor.workers MEMORY_MB SECONDS``: pickled (data, name) in, pickled result out."""
    limits = Limits(seconds=float(argv[2]), memory_mb=int(argv[1]))
    signal.signal(signal.SIGTERM, _stop_signal)
    limit_self(limits)
    collect_less_often()
    data, file_name = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - written by convert_in_subprocess
    channel = os.fdopen(os.dup(1), "wb")  # the result's channel; fd 1 itself joins the captured output
    os.dup2(2, 1)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.captureWarnings(True)
    try:
        result = convert_data(data, file_name, limits)
    except WorkerTerminated:
        os._exit(TERMINATED_EXIT)
    channel.write(pickle.dumps(result))
    channel.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(child_main(sys.argv))

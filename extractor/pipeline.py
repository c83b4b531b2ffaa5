"""The one place that wires the stages: parse → normalise → validate → export."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import guards, validate
from .diff import ProgrammeDiff, diff
from .errors import ExtractorError
from .export import csv as csv_export
from .export import diff_csv, diff_html, diff_json, diff_text, write_outputs
from .export import json as json_export
from .export.files import write_atomically, write_datapackage
from .export.json import document_dict
from .load import load_json
from .model import Document
from .normalise import build_document
from .parsers import DOCUMENT_SUFFIXES, detect_format, parse_bytes, parse_file


def extract(path: Path) -> Document:
    """Read one decision file into a normalised ``Document``."""
    return build_document(parse_file(path))


def extract_bytes(data: bytes, file_name: str) -> Document:
    """Read a decision already in memory; ``file_name`` only labels the output."""
    return build_document(parse_bytes(data, file_name))


@dataclass(frozen=True)
class Rendered:
    """One document converted in memory: the contract's JSON object and both output texts."""

    payload: dict
    json_text: str
    csv_text: str


def render(data: bytes, file_name: str) -> Rendered:
    """Guard, parse, normalise, validate and serialise one document; nothing is written."""
    guards.check_input(data, detect_format(data))
    document = extract_bytes(data, file_name)
    payload = document_dict(document)
    validate.check(payload)
    return Rendered(payload, json_export.dumps(payload), csv_export.dumps(document))


@dataclass(frozen=True)
class Job:
    """One input file and the stem its outputs get under the output folder."""

    path: Path
    stem: str


@dataclass(frozen=True)
class Outcome:
    job: Job
    document: Document | None
    outputs: tuple[Path, ...]
    error: str | None  # one line, without the file name

    @property
    def ok(self) -> bool:
        return self.error is None


def walk(root: Path) -> Iterator[Path]:
    """Document files under ``root``, recursively, in a stable order; hidden files skipped."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and not path.is_symlink() and path.suffix.lower() in DOCUMENT_SUFFIXES:
            yield path


def plan(inputs: Iterable[Path]) -> list[Job]:
    """One job per input file; folder contents keep their sub-folders under the output folder.

    Two inputs that would get the same output stem (``a.txt`` and ``a.docx``)
    both get their format appended (``a-txt``, ``a-docx``), so nothing is overwritten.
    """
    candidates: list[tuple[Path, str]] = []
    for given in inputs:
        if given.is_dir():
            candidates.extend((path, path.relative_to(given).with_suffix("").as_posix()) for path in walk(given))
        else:
            candidates.append((given, given.stem or given.name))
    by_stem: dict[str, list[Path]] = defaultdict(list)
    for path, stem in candidates:
        by_stem[stem].append(path)
    jobs = []
    for path, stem in candidates:
        if len(by_stem[stem]) > 1:
            stem = f"{stem}-{path.suffix.lstrip('.').lower() or 'file'}"
        jobs.append(Job(path=path, stem=stem))
    return jobs


def convert(job: Job, out_dir: Path) -> Outcome:
    """Convert one file: its JSON and CSV appear whole, or nothing does."""
    try:
        if not job.path.is_file():
            raise FileNotFoundError("no such file")
        document = extract(job.path)
        payload = document_dict(document)
        validate.check(payload)
        outputs = write_outputs(document, payload, out_dir, job.stem)
    except ExtractorError as error:
        return Outcome(job, None, (), str(error))
    except OSError as error:
        return Outcome(job, None, (), error.strerror or str(error))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop a batch
        return Outcome(job, None, (), f"internal error ({type(error).__name__}: {error})")
    return Outcome(job, document, tuple(outputs), None)


def convert_all(inputs: Iterable[Path], out_dir: Path) -> Iterator[Outcome]:
    """Convert every input in turn, then describe the CSVs in ``datapackage.json``."""
    converted = False
    for job in plan(inputs):
        outcome = convert(job, out_dir)
        converted = converted or outcome.ok
        yield outcome
    if converted:
        write_datapackage(out_dir)


# --- Comparing versions of a programme (extractor diff) ----------------------


def load_version(path: Path) -> Document:
    """One version of a programme: a decision file of any supported format, or the JSON ``convert`` wrote for it."""
    if path.suffix.lower() == ".json":
        return load_json(path)
    return extract(path)


def compare(old_path: Path, new_path: Path, force: bool = False) -> ProgrammeDiff:
    """The diff of two versions, each a decision file or its JSON."""
    return diff(load_version(old_path), load_version(new_path), force=force)


def render_diff(programme_diff: ProgrammeDiff, to: str, list_unchanged: bool = False) -> str:
    """The diff as ``table`` (plain text), ``json`` (schema-checked), ``csv`` or ``html``."""
    renderers = {"table": diff_text.dumps, "json": diff_json.dumps, "csv": diff_csv.dumps, "html": diff_html.render}
    return renderers[to](programme_diff, list_unchanged)


def write_diff(programme_diff: ProgrammeDiff, to: str, path: Path, list_unchanged: bool = False) -> Path:
    """Write the diff report atomically to ``path``."""
    write_atomically(path, render_diff(programme_diff, to, list_unchanged))
    return path

"""Comparing versions of a programme: documents or the catalogue in, diff and history reports out.

Wired apart from ``pipeline`` so that a conversion never loads the comparison's
libraries (rapidfuzz, rich).
"""

from __future__ import annotations

from pathlib import Path

from .diff import ProgrammeDiff, diff
from .export.files import write_atomically
from .export.reports import diff_csv, diff_html, diff_json, diff_text, history_csv, history_html, history_json, history_text
from .history import ProgrammeHistory, history
from .load import load_catalogue, load_json
from .model import Document
from .pipeline import extract

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


# --- Following a programme across its versions (extractor history) ------------


def programme_history(catalogue: Path, title: str) -> ProgrammeHistory:
    """Every version of the programme ``title`` names among the documents of ``catalogue.sqlite``."""
    return history(load_catalogue(catalogue), title)


def render_history(programme: ProgrammeHistory, to: str) -> str:
    """The history as ``table`` (plain text), ``json`` (schema-checked), ``csv`` or ``html``."""
    renderers = {"table": history_text.dumps, "json": history_json.dumps, "csv": history_csv.dumps, "html": history_html.render}
    return renderers[to](programme)


def write_history(programme: ProgrammeHistory, to: str, path: Path) -> Path:
    """Write the history report atomically to ``path``."""
    write_atomically(path, render_history(programme, to))
    return path

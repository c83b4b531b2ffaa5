"""The one place that wires the stages of a conversion: parse → normalise → validate → export.

Comparing versions (``extractor diff``, ``extractor history``) is wired in
``versions.py`` on top of these functions.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import guards, validate
from .errors import InputError
from .export import json as json_export
from .export.document import csv as csv_export
from .export.json import document_dict
from .model import Document, ParsedDocument, SourceCell
from .normalise import build_document
from .parsers import detect_format, parse_bytes, parse_file


def extract(path: str | os.PathLike[str]) -> Document:
    """Read one decision file (a ``str`` or ``Path``) into a normalised ``Document``."""
    return normalised(parse_file(Path(path)))


def extract_bytes(data: bytes, file_name: str) -> Document:
    """Read a decision already in memory; ``file_name`` only labels the output."""
    return normalised(parse_bytes(data, file_name))


def normalised(parsed: ParsedDocument) -> Document:
    """A parsed file normalised; amounts OCR read are settled by the declared totals first (a line read more than one
    way, or one every reading got wrong alike, where an open total's difference points at it)."""
    if any(cell.readings or is_read_by_ocr(cell) for table in parsed.tables for row in table.rows for cell in row.cells):
        from .parsers.ocr.totals import settle_by_totals  # only OCR gives a cell readings: its package is loaded

        return settle_by_totals(parsed, build_document)
    return build_document(parsed)


def is_read_by_ocr(cell: SourceCell) -> bool:
    """OCR gives each cell its words' confidence; no other parser does."""
    return any(location.confidence is not None for location in cell.locations)


@dataclass(frozen=True)
class Rendered:
    """One document converted in memory: the contract's JSON object and both output texts."""

    payload: dict
    json_text: str
    csv_text: str


def render(data: bytes, file_name: str) -> Rendered:
    """Guard, parse, normalise, validate and serialise one document; nothing is written."""
    guards.check_input(data, detect_format(data))
    return rendered(extract_bytes(data, file_name))


def render_pages(parts: Sequence[tuple[str, bytes]]) -> Rendered:
    """``render`` for a page set (``--join-pages``): image files (name, bytes) in page order, read as one scan."""
    from .parsers.pages import parse_parts  # OCR's libraries load only for scans

    for name, data in parts:
        try:
            guards.check_input(data, detect_format(data))
        except InputError as error:
            raise type(error)(f"{name}: {error}") from error
    return rendered(normalised(parse_parts(parts)))


def rendered(document: Document) -> Rendered:
    """A document validated and serialised."""
    payload = document_dict(document)
    validate.check(payload)
    return Rendered(payload, json_export.dumps(payload), csv_export.dumps(document))

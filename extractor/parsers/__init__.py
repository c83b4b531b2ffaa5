"""Parsers: one module per file format, each turning a file into a ``ParsedDocument``.

Parsers know about cells, rows, pages and paragraphs, never about measures or
money. The format is told by the file's bytes, not by its name.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import DamagedFileError, EmptyFileError, UnsupportedFormatError
from ..model import ParsedDocument

MAX_INPUT_BYTES = 200 * 1024 * 1024

# Each format's parser(data, file_name, sha256) as "module.function": a parser's
# libraries (pdfplumber, openpyxl, OpenCV, …) load only when a file needs them.
Parser = Callable[[bytes, str, str], ParsedDocument]
PARSERS: dict[str, str] = {
    "docx": "docx.parse",
    "doc": "office.parse_doc",
    "rtf": "office.parse_rtf",
    "odt": "office.parse_odt",
    "html": "html.parse",
    "xlsx": "xlsx.parse",
    "pdf": "pdf.parse",
    "text": "text.parse",
}


def parser_for(file_format: str) -> Parser | None:
    """The parse function of ``file_format``, imported on first use; None for a format not read."""
    target = PARSERS.get(file_format)
    if target is None:
        return None
    module, function = target.rsplit(".", 1)
    parser: Parser = getattr(importlib.import_module(f".{module}", __name__), function)
    return parser

# Formats recognised by their bytes but not read yet, with the reason told to the user.
NOT_YET_READ = {
    "zip": "a zip archive that is not a DOCX",
    "binary": "not a document (binary data)",
}

# File name endings a folder walk picks up; anything else is not a decision.
DOCUMENT_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".doc", ".rtf", ".odt", ".html", ".htm", ".xlsx"})


# What may stand before a text format's first mark: UTF-8 byte order marks and white space; for markup
# also an XML declaration and comments (``<!-- saved from url=(0042)http://… -->`` of a page saved by a browser,
# Word's ``<!--[if gte mso 9]>…<![endif]-->``).
TEXT_LEAD = re.compile(rb"\A(?:\xef\xbb\xbf|\s)+")
MARKUP_LEAD = re.compile(rb"\A(?:\xef\xbb\xbf|\s|<\?xml[^>]*>|<!--.*?-->)+", re.DOTALL)
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<table", b"<meta", b"<body")


def detect_format(data: bytes) -> str:
    """Name the format of ``data`` from its leading bytes (a ``.doc`` that is really RTF or HTML is RTF or HTML)."""
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return zip_format(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if TEXT_LEAD.sub(b"", head, count=1).startswith(b"{\\rtf"):
        return "rtf"
    if MARKUP_LEAD.sub(b"", head, count=1).lower().startswith(HTML_STARTS):
        return "html"
    if b"\x00" in head:
        return "binary"
    return "text"


def zip_format(data: bytes) -> str:
    """Tell DOCX, XLSX and ODT apart by the names in the zip directory (nothing is inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        return "damaged_zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and b"opendocument.text" in data[:256]:
        return "odt"
    return "zip"


def read_input(path: Path) -> bytes:
    """The bytes of ``path``, refusing files too large to be a decision."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError("empty file (0 bytes)")
    if size > MAX_INPUT_BYTES:
        raise UnsupportedFormatError(f"file too large ({size} bytes, limit {MAX_INPUT_BYTES})")
    return path.read_bytes()


def parse_file(path: Path) -> ParsedDocument:
    """Read ``path`` and hand it to the parser of its format."""
    return parse_bytes(read_input(path), path.name)


def parse_bytes(data: bytes, file_name: str) -> ParsedDocument:
    """Parse a document already in memory; ``file_name`` only labels the output."""
    if not data.strip():
        raise EmptyFileError("empty file (no content)")
    file_format = detect_format(data)
    if file_format == "damaged_zip":
        kind = Path(file_name).suffix.lstrip(".").upper() or "zip"
        raise DamagedFileError(f"damaged {kind} (not a valid zip archive)")
    parser = parser_for(file_format)
    if parser is None:
        raise UnsupportedFormatError(NOT_YET_READ.get(file_format, f"format {file_format} is not supported"))
    sha256 = hashlib.sha256(data).hexdigest()
    return parser(data, file_name, sha256)


__all__ = ["DOCUMENT_SUFFIXES", "detect_format", "parse_bytes", "parse_file", "read_input"]

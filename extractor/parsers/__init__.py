"""Parsers: one module per file format, each turning a file into a ``ParsedDocument``.

Parsers know about cells, rows, pages and paragraphs, never about measures or
money. The format is told by the file's bytes, not by its name.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..errors import DamagedFileError, EmptyFileError, HostileFileError, UnsupportedFormatError
from ..model import ParsedDocument
from .archive import read_directory

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
    "tiff": "image.parse",  # scans kept as image files, read by OCR
    "jpeg": "image.parse",
    "png": "image.parse",
}
# Not a format of one file, so not above: a page set (several image files, ``--join-pages``) is read by
# ``pages.parse_parts``, which ``pipeline.render_pages`` calls.


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
DOCUMENT_SUFFIXES = frozenset(
    {".txt", ".docx", ".pdf", ".doc", ".rtf", ".odt", ".html", ".htm", ".xlsx", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
)


# Scans kept as image files (``parsers/image.py``), told by their first bytes.
IMAGE_SIGNATURES = ((b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"))

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
    for signature, image_format in IMAGE_SIGNATURES:
        if head.startswith(signature):
            return image_format
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


def zip_format(source: bytes | BinaryIO, head: bytes | None = None) -> str:
    """Tell DOCX, XLSX and ODT apart by the names in the zip directory (nothing is inflated).

    ``damaged_zip`` when the directory cannot be read, ``hostile_zip`` when it declares more than is sane
    to read; never an exception, whatever the bytes.
    """
    try:
        with read_directory(source, "zip") as archive:
            names = set(archive.namelist())
    except DamagedFileError:
        return "damaged_zip"
    except HostileFileError:
        return "hostile_zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    lead = head if head is not None else source[:256] if isinstance(source, bytes) else b""
    if "content.xml" in names and b"opendocument.text" in lead[:256]:
        return "odt"
    return "zip"


def detect_file_format(path: Path) -> str:
    """``detect_format`` for a file on disk, reading only its head and, for a zip, its directory."""
    with path.open("rb") as stream:
        head = stream.read(2048)
        if head.startswith(b"PK\x03\x04"):
            return zip_format(stream, head)
    return detect_format(head)


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
    if file_format in ("damaged_zip", "hostile_zip"):
        from .archive import open_zip

        open_zip(data, Path(file_name).suffix.lstrip(".").upper() or "zip")  # raises the reason
        raise DamagedFileError("damaged zip archive")  # not reached: open_zip refuses what zip_format refused
    parser = parser_for(file_format)
    if parser is None:
        raise UnsupportedFormatError(NOT_YET_READ.get(file_format, f"format {file_format} is not supported"))
    sha256 = hashlib.sha256(data).hexdigest()
    return parser(data, file_name, sha256)


__all__ = ["DOCUMENT_SUFFIXES", "detect_file_format", "detect_format", "parse_bytes", "parse_file", "read_input"]

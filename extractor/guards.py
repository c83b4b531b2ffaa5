"""Checks a batch makes before any parser sees a file, and before anything is written.

Parsers have their own defences (``parsers/archive.py:open_zip`` refuses zip
bombs, python-docx parses XML without resolving entities); these are the
cheap, format-independent ones a batch applies to every file of an archive:

* ``check_containers`` — a zip container (DOCX, XLSX, ODT) whose directory
  promises a bomb, or whose XML parts declare a DTD (external entities,
  "billion laughs"), is refused before anything is inflated or parsed.
  Office files never carry a DTD, so refusing one costs nothing legitimate.
* ``check_pdf`` — an encrypted PDF gets ``EncryptedFileError`` even while no
  PDF parser is installed, so the archivist learns the real reason.
* ``output_stem`` — the name a document's outputs get under ``-o DIR`` never
  leaves that folder, whatever the input's name (``..``, absolute paths,
  control characters).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath

import regex

from .errors import EncryptedFileError, HostileFileError
from .parsers.archive import open_zip

# An XML prolog that declares a document type: the door to external entities and entity expansion.
XML_DOCTYPE = regex.compile(rb"<!DOCTYPE|<!ENTITY", regex.IGNORECASE)
# How much of each XML part to look at: a DTD can only stand in the prolog, before the root element.
XML_PROLOG_BYTES = 4096

# A PDF trailer (or cross-reference stream dictionary) naming an encryption dictionary:
#   trailer << /Size 12 /Root 1 0 R /Encrypt 11 0 R /ID [...] >>
#   << /Type /XRef /Encrypt 7 0 R … >>
PDF_ENCRYPT = regex.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")

CONTAINER_FORMATS = {"docx": "DOCX", "xlsx": "XLSX", "odt": "ODT", "zip": "zip"}


def check_containers(data: bytes, file_format: str) -> None:
    """Refuse a zip container that is a bomb or whose XML declares a DTD."""
    kind = CONTAINER_FORMATS.get(file_format)
    if kind is None:
        return
    with open_zip(data, kind) as archive:
        for entry in archive.infolist():
            if entry.is_dir() or not entry.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(entry) as stream:
                    prolog = stream.read(XML_PROLOG_BYTES)
            except Exception:  # noqa: BLE001 - a damaged entry is the parser's to report
                continue
            if XML_DOCTYPE.search(prolog):
                raise HostileFileError(
                    f"{kind} part {entry.filename!r} declares a DTD (external entities and entity expansion are refused)"
                )


def check_pdf(data: bytes, file_format: str) -> None:
    """Raise ``EncryptedFileError`` for a password-protected PDF."""
    if file_format == "pdf" and PDF_ENCRYPT.search(data):
        raise EncryptedFileError("encrypted PDF (password-protected); decrypt it first")


def check_input(data: bytes, file_format: str) -> None:
    """Every format-independent check, in order of cost."""
    check_pdf(data, file_format)
    check_containers(data, file_format)


def clean_component(component: str) -> str:
    """One path component made safe to write: no separators, control characters or dot-only names."""
    cleaned = "".join(
        "_" if unicodedata.category(char).startswith("C") or char in "/\\" else char
        for char in unicodedata.normalize("NFC", component)
    ).strip()
    if not cleaned.strip("."):
        cleaned = cleaned.replace(".", "_") or "_"
    return cleaned


def output_stem(stem: str) -> str:
    """A relative, ``..``-free POSIX stem for a document's outputs (``a/b`` for ``a/b.json``)."""
    parts = [clean_component(part) for part in PurePosixPath(stem.replace("\\", "/")).parts if part not in ("/", "")]
    return "/".join(parts) or "_"


def inside(out_dir: Path, relative: str) -> Path:
    """``out_dir / relative`` (as the user named the folder), refusing any path that would land outside ``out_dir``."""
    root = out_dir.resolve()
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise HostileFileError(f"output name {relative!r} would leave the output folder")
    return out_dir / target.relative_to(root)

"""Checks a batch makes before any parser sees a file, and before anything is written.

Parsers have their own defences (``parsers/archive.py:open_zip`` refuses zip
bombs, python-docx parses XML without resolving entities); these are the
cheap, format-independent ones a batch applies to every file of an archive:

* ``check_containers`` — a zip container (DOCX, XLSX, ODT) whose directory
  promises a bomb, or any of whose XML parts declares a DTD anywhere in it
  (external entities, "billion laughs"), is refused before anything is parsed.
  Office files never carry a DTD, so refusing one costs nothing legitimate.
* ``check_pdf`` — an encrypted PDF gets ``EncryptedFileError`` even while no
  PDF parser is installed, so the archivist learns the real reason.
* ``output_stem`` — the name a document's outputs get under ``-o DIR`` never
  leaves that folder, whatever the input's name (``..``, absolute paths,
  control characters, bytes that are not UTF-8, names too long for a file
  system), and the same input always gets the same name.
* ``path_text`` — a path as text that can be written anywhere (UTF-8): the
  bytes of a name that is not UTF-8 (a cp1251 name from an old Windows
  machine) are shown as ``\xcf``.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
import zipfile
from pathlib import Path, PurePath, PurePosixPath

import regex

from .errors import EncryptedFileError, HostileFileError
from .parsers.archive import open_zip

# A document type declaration or an entity declaration: the door to external entities and entity expansion.
XML_DOCTYPE = regex.compile(rb"<!DOCTYPE|<!ENTITY", regex.IGNORECASE)
XML_CHUNK_BYTES = 64 * 1024  # a part is read in chunks this large, each searched with the end of the one before
XML_NAMES = (".xml", ".rels", ".vml")
# What an XML part may start with: a UTF-8 byte order mark and white space before "<"; UTF-16 has its own marks.
XML_LEAD = regex.compile(rb"\A(?:\xef\xbb\xbf)?\s*<")
UTF16_MARKS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}

# A PDF trailer (or cross-reference stream dictionary) naming an encryption dictionary:
#   trailer << /Size 12 /Root 1 0 R /Encrypt 11 0 R /ID [...] >>
#   << /Type /XRef /Encrypt 7 0 R … >>
PDF_ENCRYPT = regex.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")

CONTAINER_FORMATS = {"docx": "DOCX", "xlsx": "XLSX", "odt": "ODT", "zip": "zip"}


def check_containers(data: bytes, file_format: str) -> None:
    """Refuse a zip container that is a bomb or any of whose XML parts declares a DTD."""
    kind = CONTAINER_FORMATS.get(file_format)
    if kind is None:
        return
    with open_zip(data, kind) as archive:
        for entry in archive.infolist():
            if entry.is_dir():
                continue
            try:
                declares = declares_dtd(archive, entry)
            except Exception:  # noqa: BLE001 - a damaged entry is the parser's to report
                continue
            if declares:
                raise HostileFileError(
                    f"{kind} part {entry.filename!r} declares a DTD (external entities and entity expansion are refused)"
                )


def declares_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether an entry is XML (by name or by its first bytes) with ``<!DOCTYPE`` or ``<!ENTITY`` anywhere in it."""
    with archive.open(entry) as stream:
        chunk = stream.read(XML_CHUNK_BYTES)
        encoding = next((name for mark, name in UTF16_MARKS.items() if chunk.startswith(mark)), None)
        if encoding is None and not (entry.filename.lower().endswith(XML_NAMES) or XML_LEAD.match(chunk)):
            return False
        decoder = codecs.getincrementaldecoder(encoding)("replace") if encoding else None
        carried = b""
        while chunk:
            text = decoder.decode(chunk).encode("utf-8") if decoder else chunk
            if XML_DOCTYPE.search(carried + text):
                return True
            carried = text[-16:]  # a declaration cut between two chunks
            chunk = stream.read(XML_CHUNK_BYTES)
    return False


def check_pdf(data: bytes, file_format: str) -> None:
    """Raise ``EncryptedFileError`` for a password-protected PDF."""
    if file_format == "pdf" and PDF_ENCRYPT.search(data):
        raise EncryptedFileError("encrypted PDF (password-protected); decrypt it first")


def check_input(data: bytes, file_format: str) -> None:
    """Every format-independent check, in order of cost."""
    check_pdf(data, file_format)
    check_containers(data, file_format)


# A name component longer than this (in bytes) is cut and given a digest of the whole: with ``.json`` and the
# temporary file's ``.<name>.XXXXXXXX.tmp`` it still fits the 255 bytes of a file name.
MAX_COMPONENT_BYTES = 200
KEPT_BYTES = 190


def path_text(path: PurePath | str) -> str:
    """A path (or name) as text: the bytes of a part that is not UTF-8 are shown as ``\\xcf`` (surrogate escapes)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def safe_text(text: str) -> str:
    """``text`` with no separators or control characters; bytes that are not UTF-8 become ``%CF``."""
    return "".join(
        f"%{ord(char) - 0xDC00:02X}"
        if 0xDC80 <= ord(char) <= 0xDCFF  # an undecodable byte of the file system's name (surrogate escape)
        else "_"
        if unicodedata.category(char).startswith("C") or char in "/\\"
        else char
        for char in unicodedata.normalize("NFC", text)
    )


def file_label(name: str) -> str:
    """A file's name as the JSON's ``source.file`` holds it: ``safe_text``, never empty."""
    return safe_text(name).strip() or "_"


def clean_component(component: str) -> str:
    """One path component made safe to write: ``safe_text``, no dot-only names, at most 200 bytes.

    So ``b-\\xcf\\xf0\\xee.docx`` (a cp1251 name) is always ``b-%CF%F0%EE.docx``; a longer name is cut and
    given the first 8 hex digits of its SHA-256, so two long names that share their first 190 bytes stay apart.
    """
    cleaned = safe_text(component).strip()
    if not cleaned.strip("."):
        cleaned = cleaned.replace(".", "_") or "_"
    encoded = cleaned.encode("utf-8", "replace")
    if len(encoded) > MAX_COMPONENT_BYTES:
        digest = hashlib.sha256(encoded).hexdigest()[:8]
        cleaned = f"{encoded[:KEPT_BYTES].decode('utf-8', 'ignore')}~{digest}"
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

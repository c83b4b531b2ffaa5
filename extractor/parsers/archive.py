"""Zip containers (DOCX, XLSX, ODT): refuse hostile archives before inflating anything.

Two steps, both on what the archive *declares*:

1. ``declared_directory`` reads the end-of-central-directory record (and its
   ZIP64 twin) by hand: how many entries the archive has and how large its
   directory is. Too many entries or too large a directory is refused before
   ``zipfile`` builds one object per entry.
2. ``open_zip`` then lets ``zipfile`` read the directory and checks every
   entry's declared uncompressed size and compression ratio.

Whatever ``zipfile`` raises on bytes it does not understand (``BadZipFile``,
``NotImplementedError`` for a "zip file version 21.9", ``struct.error``, …)
becomes a ``DamagedFileError``: a file's bytes never raise anything else.
"""

from __future__ import annotations

import io
import struct
import zipfile
from typing import BinaryIO

from ..errors import DamagedFileError, HostileFileError

MAX_ENTRIES = 2_000
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024  # the central directory itself (names, extra fields, comments)
MAX_ENTRY_BYTES = 100 * 1024 * 1024  # declared uncompressed size of one entry
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # declared uncompressed size of all entries
MAX_RATIO = 200  # uncompressed / compressed, per entry larger than 1 MiB

END_OF_DIRECTORY = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_END_OF_DIRECTORY = b"PK\x06\x06"
END_RECORD_BYTES = 22
TAIL_BYTES = END_RECORD_BYTES + 0xFFFF  # the record and the longest archive comment


def _tail(source: bytes | BinaryIO) -> tuple[bytes, int]:
    """The last ``TAIL_BYTES`` of the archive and the offset where they start."""
    if isinstance(source, bytes):
        start = max(0, len(source) - TAIL_BYTES)
        return source[start:], start
    size = source.seek(0, io.SEEK_END)
    start = max(0, size - TAIL_BYTES)
    source.seek(start)
    return source.read(TAIL_BYTES), start


def _read_at(source: bytes | BinaryIO, offset: int, length: int) -> bytes:
    if isinstance(source, bytes):
        return source[offset : offset + length]
    source.seek(offset)
    return source.read(length)


def declared_directory(source: bytes | BinaryIO) -> tuple[int, int]:
    """The number of entries and the central directory's size that the archive declares.

    Raises ``DamagedFileError`` when there is no end-of-central-directory record.
    """
    tail, start = _tail(source)
    position = tail.rfind(END_OF_DIRECTORY)
    if position < 0 or len(tail) - position < END_RECORD_BYTES:
        raise DamagedFileError("not a valid zip archive: no end-of-central-directory record")
    _, _, _, entries, directory_size, directory_offset = struct.unpack("<HHHHII", tail[position + 4 : position + 20])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF or directory_offset == 0xFFFFFFFF:
        locator_at = start + position - 20
        locator = _read_at(source, locator_at, 20) if locator_at >= 0 else b""
        if locator[:4] == ZIP64_LOCATOR:
            (record_offset,) = struct.unpack("<Q", locator[8:16])
            record = _read_at(source, record_offset, 56)
            if record[:4] == ZIP64_END_OF_DIRECTORY and len(record) == 56:
                entries, directory_size = struct.unpack("<QQ", record[32:48])
    return entries, directory_size


def check_directory(source: bytes | BinaryIO, kind: str) -> None:
    """Refuse an archive whose declared directory is too large to read (``HostileFileError``)."""
    entries, directory_size = declared_directory(source)
    if entries > MAX_ENTRIES:
        raise HostileFileError(f"{kind} archive declares {entries} entries (limit {MAX_ENTRIES})")
    if directory_size > MAX_DIRECTORY_BYTES:
        raise HostileFileError(f"{kind} archive declares a {directory_size}-byte directory (limit {MAX_DIRECTORY_BYTES})")


def read_directory(source: bytes | BinaryIO, kind: str) -> zipfile.ZipFile:
    """``zipfile.ZipFile`` over ``source`` after the declared-size check; any reading error is ``DamagedFileError``."""
    try:
        check_directory(source, kind)
    except DamagedFileError as error:
        raise DamagedFileError(f"damaged {kind} ({error})") from error
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except MemoryError:
        raise
    # zipfile raises BadZipFile, NotImplementedError ("zip file version 21.9"), struct.error, ValueError, … on odd bytes
    except Exception as error:  # noqa: BLE001
        raise DamagedFileError(f"damaged {kind} (not a valid zip archive: {type(error).__name__}: {error})") from error


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip archive after checking its directory for bombs."""
    archive = read_directory(data, kind)
    entries = archive.infolist()
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > MAX_ENTRY_BYTES:
            raise HostileFileError(f"{kind} entry {entry.filename!r} would inflate to {entry.file_size} bytes")
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise HostileFileError(
                f"{kind} entry {entry.filename!r} has compression ratio "
                f"{entry.file_size // max(entry.compress_size, 1)}:1 (a zip bomb?)"
            )
    if total > MAX_TOTAL_BYTES:
        raise HostileFileError(f"{kind} archive would inflate to {total} bytes (limit {MAX_TOTAL_BYTES})")
    return archive

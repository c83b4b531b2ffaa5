"""Zip containers (DOCX, XLSX, ODT): refuse hostile archives before inflating anything."""

from __future__ import annotations

import io
import zipfile

from ..errors import DamagedFileError, HostileFileError

MAX_ENTRIES = 2_000
MAX_ENTRY_BYTES = 100 * 1024 * 1024  # declared uncompressed size of one entry
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # declared uncompressed size of all entries
MAX_RATIO = 200  # uncompressed / compressed, per entry larger than 1 MiB


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip archive after checking its directory for bombs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise DamagedFileError(f"damaged {kind} (not a valid zip archive: {error})") from error
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise HostileFileError(f"{kind} archive has {len(entries)} entries (limit {MAX_ENTRIES})")
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

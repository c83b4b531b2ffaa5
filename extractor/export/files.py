"""Write files atomically: each appears whole or not at all (a temporary file beside it, then a rename).

The temporary file is ``.<name>.<8 random characters>.tmp`` in the target's
folder, its name cut to fit the 255 bytes a file name may have (so a 250-byte
output name still gets one), and it is given the mode a plain ``open()`` would
give (``0666`` less the umask) before it takes the target's place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows file systems
TEMPORARY_SUFFIX = ".tmp"
RANDOM_CHARACTERS = 8  # what ``tempfile.mkstemp`` puts between prefix and suffix


def current_umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux ``/proc``)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no /proc: read it by setting it, then put it back at once
    os.umask(mask)
    return mask


def temporary_prefix(name: str) -> str:
    """``.<name>.``, cut to leave room for mkstemp's random characters and ``.tmp`` within ``NAME_MAX`` bytes."""
    room = NAME_MAX - len(TEMPORARY_SUFFIX) - RANDOM_CHARACTERS - 2  # the leading and the separating dot
    encoded = os.fsencode(name)
    if len(encoded) > room:
        encoded = encoded[:room]
    return f".{os.fsdecode(encoded)}."


def make_folders(folder: Path) -> None:
    """``folder`` and its missing parents, one at a time (``mkdir(parents=True)`` recurses once per level)."""
    if folder.is_dir():
        return
    for parent in [*reversed(folder.parents), folder]:
        if not parent.is_dir():
            parent.mkdir(exist_ok=True)


def _write(path: Path, data: bytes) -> None:
    make_folders(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path.name), suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), 0o666 & ~current_umask())  # mkstemp's 0600 is for secrets, not for outputs
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, line ends as given) to a temporary file beside ``path``, then rename it into place."""
    _write(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    _write(path, data)

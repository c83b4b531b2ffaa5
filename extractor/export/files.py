"""Write a document's outputs atomically: every file appears whole or not at all."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..model import Document
from . import csv as csv_export
from . import json as json_export
from .datapackage import descriptor


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_outputs(document: Document, payload: dict, out_dir: Path, stem: str) -> list[Path]:
    """Write ``<stem>.json`` (the validated ``payload``) and ``<stem>.csv`` into ``out_dir``."""
    outputs = {
        out_dir / f"{stem}.json": json_export.dumps(payload),
        out_dir / f"{stem}.csv": csv_export.dumps(document),
    }
    written: list[Path] = []
    try:
        for path, text in outputs.items():
            write_atomically(path, text)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def write_datapackage(out_dir: Path) -> Path:
    """Describe every long CSV under ``out_dir`` in ``out_dir/datapackage.json``."""
    names = [path.relative_to(out_dir).as_posix() for path in sorted(out_dir.rglob("*.csv"))]
    path = out_dir / "datapackage.json"
    write_atomically(path, json.dumps(descriptor(names), ensure_ascii=False, indent=2) + "\n")
    return path

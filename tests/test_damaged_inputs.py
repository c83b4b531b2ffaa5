"""Damaged files: whatever the bytes, reading a file ends in a document or in one of our errors, never a crash."""

from __future__ import annotations

import random

import pytest

from extractor.errors import ExtractorError
from extractor.pipeline import extract_bytes

from .conftest import DATA, SAMPLES

SOURCES = [
    SAMPLES / "decision-1911.txt",
    SAMPLES / "decision-1911.docx",
    SAMPLES / "decision-1911.pdf",
    DATA / "html" / "decision-1911.html",
    DATA / "xlsx" / "sport-2021.xlsx",
]


def damaged(data: bytes, seed: int) -> bytes:
    """``data`` truncated, with bytes flipped, or with a block wiped: the ways archives damage files."""
    rng = random.Random(seed)
    kind = seed % 3
    if kind == 0:
        return data[: rng.randrange(1, len(data))]
    if kind == 1:
        mutable = bytearray(data)
        for _ in range(rng.randrange(1, 40)):
            mutable[rng.randrange(len(mutable))] = rng.randrange(256)
        return bytes(mutable)
    start = rng.randrange(len(data))
    return data[:start] + b"\x00" * min(4096, len(data) - start) + data[start + 4096 :]


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.suffix.lstrip("."))
@pytest.mark.parametrize("seed", range(12))
def test_damaged_file_gives_a_document_or_our_error(source, seed):
    data = damaged(source.read_bytes(), seed)
    try:
        document = extract_bytes(data, source.name)
    except ExtractorError as error:
        message = str(error)
        assert message and "\n" not in message  # one clear line
        return
    assert document.measures  # a damage the reader survived still gives measures, with warnings for what broke

"""Shared paths and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import Document, extract

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
SEED_TEXT = SAMPLES / "decision-1911.txt"
SEED_DOCX = SAMPLES / "decision-1911.docx"


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    return SEED_TEXT.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def reference() -> Document:
    """Decision №1911 from the clerk's DOCX: what every other rendering of it must give."""
    return extract(SEED_DOCX)


def records(document: Document) -> set[tuple[str, int, str]]:
    """A document's funding records as (measure id, year, amount) to compare renderings by."""
    return {(measure.id, record.year, str(record.amount)) for measure in document.measures for record in measure.funding}

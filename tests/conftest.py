"""Shared paths and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
SEED_TEXT = SAMPLES / "decision-1911.txt"
SEED_DOCX = SAMPLES / "decision-1911.docx"


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    return SEED_TEXT.read_text(encoding="utf-8").split("\n")

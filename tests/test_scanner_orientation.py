"""Orientation is checked only when a page gives cause (``extractor/parsers/ocr/orientation.py``, #11).

Tesseract's OSD costs 0.25-0.3 s of CPU a page; most pages are upright. A page
whose lines of print run across it is read as it lies, and only a poor reading
(no table, or cells read at under ``DOUBTFUL_CONFIDENCE``) is shown to OSD; a
page whose lines run down it (lying sideways) is shown to OSD before it is read.
The pages are the scanner kinds' (``tools/make_scanner_kinds.py``), rendered as
OCR renders them; OSD and the reading are stood in for where the test is about
when they are called.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from PIL import Image

from extractor.parsers.ocr import orientation
from extractor.parsers.ocr.page import DPI
from extractor.parsers.ocr.render import rendered_pages
from tools import make_scanner_kinds


def pages_of(kind: str) -> list[Image.Image]:
    return [image for image, _ in rendered_pages(make_scanner_kinds.cached(kind).read_bytes())]


@dataclass
class Reading:
    image: Image.Image
    confidence: float | None


class Reader:
    """Stands in for reading a page: what it was given, and a confidence chosen by the test."""

    def __init__(self, confidence: float | None, turned_confidence: float | None = 90.0) -> None:
        self.confidence, self.turned_confidence = confidence, turned_confidence
        self.images: list[Image.Image] = []

    def __call__(self, image: Image.Image) -> Reading:
        self.images.append(image)
        return Reading(image, self.confidence if len(self.images) == 1 else self.turned_confidence)


@pytest.fixture
def osd_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """OSD stood in for: each call's image size noted; the page is taken for one scanned upside down."""
    calls: list[tuple[int, int]] = []

    def turn_needed(image: Image.Image, dpi: float) -> int:
        calls.append(image.size)
        return 180

    monkeypatch.setattr(orientation, "has_osd", lambda: True)
    monkeypatch.setattr(orientation, "turn_needed", turn_needed)
    return calls


@pytest.mark.parametrize(
    ("kind", "across"),
    [
        ("pdf-g4", [True]),  # upright, bilevel
        ("copy-edges", [True] * 8),  # a photocopy's pages, their edges dark
        ("pdf-colour", [True, True]),
        ("pdf-upside-down", [True]),  # upside down: its lines still run across
        ("pdf-sideways", [False, False]),  # a landscape annex scanned portrait, 90° either way
    ],
)
def test_the_lines_direction_tells_a_page_lying_sideways(kind: str, across: list[bool]) -> None:
    assert [orientation.lines_run_across(page, DPI) for page in pages_of(kind)] == across


def test_a_blank_page_is_not_taken_for_lines_running_across() -> None:
    assert not orientation.lines_run_across(Image.new("L", (2550, 3300), 250), DPI)


def test_an_upright_page_read_well_never_asks_osd(osd_calls: list[tuple[int, int]]) -> None:
    (page,) = pages_of("pdf-g4")
    reader = Reader(confidence=72.0)
    reading, turn = orientation.read_upright(page, DPI, reader)
    assert osd_calls == [] and turn == 0 and reader.images == [page] and reading.image is page


@pytest.mark.parametrize("confidence", [None, 20.0])  # no table found; cells read as an upside-down page's are
def test_a_poor_reading_asks_osd_and_the_page_is_read_again_turned(
    osd_calls: list[tuple[int, int]], confidence: float | None
) -> None:
    (page,) = pages_of("pdf-upside-down")
    reader = Reader(confidence=confidence)
    reading, turn = orientation.read_upright(page, DPI, reader)
    assert osd_calls == [page.size] and turn == 180
    assert len(reader.images) == 2 and np.array_equal(np.asarray(reader.images[1]), np.asarray(page)[::-1, ::-1])
    assert reading.confidence == 90.0


def test_a_poor_reading_osd_finds_upright_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    (page,) = pages_of("pdf-g4")
    monkeypatch.setattr(orientation, "has_osd", lambda: True)
    monkeypatch.setattr(orientation, "turn_needed", lambda image, dpi: 0)
    reader = Reader(confidence=30.0)  # a worn page, upright
    reading, turn = orientation.read_upright(page, DPI, reader)
    assert turn == 0 and reader.images == [page] and reading.confidence == 30.0


def test_a_turn_that_reads_worse_is_not_kept(osd_calls: list[tuple[int, int]]) -> None:
    (page,) = pages_of("pdf-g4")
    reader = Reader(confidence=35.0, turned_confidence=12.0)  # a worn upright page OSD took for upside down
    reading, turn = orientation.read_upright(page, DPI, reader)
    assert osd_calls == [page.size] and len(reader.images) == 2
    assert turn == 0 and reading.image is page and reading.confidence == 35.0


def test_a_page_lying_sideways_is_turned_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = pages_of("pdf-sideways")  # scanned turned 90° clockwise
    monkeypatch.setattr(orientation, "has_osd", lambda: True)
    monkeypatch.setattr(orientation, "turn_needed", lambda image, dpi: 90)
    reader = Reader(confidence=20.0)  # never looked at: the page is read once, turned
    _, turn = orientation.read_upright(first, DPI, reader)
    assert turn == 270 and len(reader.images) == 1 and reader.images[0].size == first.size[::-1]


def test_without_osd_the_page_is_read_as_it_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    (page,) = pages_of("pdf-upside-down")
    monkeypatch.setattr(orientation, "has_osd", lambda: False)
    reader = Reader(confidence=20.0)
    _, turn = orientation.read_upright(page, DPI, reader)
    assert turn is None and reader.images == [page]

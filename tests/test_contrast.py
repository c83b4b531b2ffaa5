"""Contrast restored on a pale page (parsers/ocr/contrast.py) and rules broken into dashes found (ocr/rules.py)."""

from __future__ import annotations

import numpy as np

from extractor.parsers.ocr import contrast, rules
from extractor.parsers.ocr.tesseract import cv2


def page_with_print(ink_level: int, paper: int = 252, seed: int = 1) -> np.ndarray:
    """A flattened page: grainy paper, strokes of print at ``ink_level`` with softer edges."""
    rng = np.random.default_rng(seed)
    page = np.clip(rng.normal(paper, 2.0, (400, 600)), 0, 255)
    for top in range(40, 360, 40):  # lines of "print": bars 4 px tall, their edges half way to the paper
        for left in range(30, 570, 24):
            page[top : top + 12, left : left + 4] = ink_level
            page[top : top + 12, left + 4 : left + 6] = (ink_level + paper) / 2
    return page.astype(np.uint8)


def test_a_pale_page_is_stretched_and_a_dark_one_left_alone() -> None:
    pale = page_with_print(170)
    ink, paper = contrast.levels(pale)
    assert 160 <= ink <= 212 and 240 <= paper <= 252
    restored, split = contrast.restored(pale)
    assert split == contrast.RESTORED_SPLIT
    assert restored[40:52, 30:34].max() <= 60  # the print's cores as dark as a clean scan's
    assert np.percentile(restored[5:30], 50) == 255  # the paper's grain white
    assert (restored[5:30] < split).mean() < 0.01  # and not taken for marks
    dark = page_with_print(20)
    same, split = contrast.restored(dark)
    assert split is None and same is dark


def test_stretched_maps_ink_and_paper_and_clips() -> None:
    levels = np.arange(256, dtype=np.uint8).reshape(16, 16)
    out = contrast.stretched(levels, 100, 200, target=40)
    assert out[levels == 100][0] == 40 and out[levels == 200][0] == 255
    assert out[levels == 150][0] == round(40 + 50 * 215 / 100)
    assert out[levels == 10][0] == 0 and out[levels == 230][0] == 255
    assert (contrast.stretched(levels, 200, 200) == levels).all()  # no range: as it was


def dashed(start: int, end: int, gap: int) -> list[tuple[int, int]]:
    """The stretches of a rule from ``start`` to ``end`` a copy of a copy left: dashes of 100 and of 40 px in turn
    (shorter than a rule's opening), ``gap`` px apart."""
    stretches, at, long = [], start, True
    while at < end:
        stretches.append((at, min(at + (100 if long else 40), end)))
        at, long = stretches[-1][1] + gap, not long
    return [*stretches, (end - 30, end)]  # a rule's corner is inked (where two rules' toner meets)


def dashed_grid(gap: int) -> np.ndarray:
    """Ink (255) of a 3 x 3 grid whose rules are broken into dashes ``gap`` px apart (whole when 0)."""
    ink = np.zeros((700, 900), np.uint8)
    for y in (100, 300, 500, 650):
        for left, right in dashed(100, 804, gap) if gap else [(100, 804)]:
            ink[y : y + 4, left:right] = 255
    for x in (100, 400, 600, 800):
        for top, bottom in dashed(100, 654, gap) if gap else [(100, 654)]:
            ink[top:bottom, x : x + 4] = 255
    return ink


def test_a_grid_of_dashes_is_found_whole() -> None:
    ink = dashed_grid(18)
    grid = rules.find_grid(*rules.ruling_lines(ink, broken=True), ink)
    assert rules.find_grid(*rules.ruling_lines(ink), ink) is None  # the plain opening alone loses the dashes
    assert grid is not None
    assert [round(x, -1) for x in grid.xs] == [100, 400, 600, 800]
    assert [round(y, -1) for y in grid.ys] == [100, 300, 500, 650]
    assert len(grid.regions) == 9  # every border counted as drawn


def test_the_close_runs_no_word_into_a_rule_nor_a_rule_into_text() -> None:
    ink = np.zeros((400, 900), np.uint8)
    ink[300:304, 50:850] = 255  # a rule
    ink[100:300, 400:404] = 255  # a rule down to it, ending there
    for left in range(60, 380, 9):  # a "word" of letters 5 px wide, 4 px apart, no rule near it
        ink[200:230, left : left + 5] = 255
    for top in range(40, 96, 14):  # letters stacked right above the vertical rule's top (a merged heading)
        ink[top : top + 10, 399:406] = 255
    horizontal, vertical = rules.ruling_lines(ink, broken=True)
    assert not horizontal[200:230, 60:380].any()  # the word is no rule
    assert horizontal[301, 50:850].all()
    assert not vertical[40:90, 400:404].any()  # the rule is not run on into the letters above its end
    assert vertical[110:290, 401].all()


def test_the_close_costs_nothing_on_a_page_of_whole_rules() -> None:
    ink = dashed_grid(0)
    plain = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (rules.MIN_LINE_LENGTH, 1)))
    _, bridged, ends = rules.long_strokes(ink, rules.MIN_LINE_LENGTH, along_x=True)
    assert not ends.any() and ((bridged > 0) <= (plain > 0)).all()

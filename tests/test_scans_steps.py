"""The OCR chain's steps on drawn pages and on strings (no Tesseract), and the degradation script itself."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from decimal import Decimal

import cv2
import numpy as np
import pdfplumber
import pytest

from extractor.model import (
    Document,
    ExtractionWarning,
    LineReadings,
    Location,
    ParsedDocument,
    SourceCell,
    SourceRow,
    SourceTable,
    Where,
)
from extractor.parsers.ocr import assemble, cells, fixes, image, lineless, numbers, paragraphs, rules, totals
from extractor.parsers.ocr import page as ocr_page
from extractor.parsers.ocr.cells import CellText
from extractor.parsers.ocr.numbers import Reading
from extractor.parsers.ocr.tesseract import Word
from extractor.parsers.textlayer import assess_text_layer
from extractor.pipeline import normalised
from extractor.review import REVIEW_CODES, review_reasons_of_codes
from tools import degrade

from .conftest import DATA

# --- Amount lines: the grammar the numeric pass checks readings against ----------------------


@pytest.mark.parametrize(
    ("line", "well_formed"),
    [
        ("2017р.-34,0", True),
        ("2019 р. – 18,00", True),
        ("2018р.-", True),  # the amount on the next line
        ("2 000,0", True),
        ("25,401", True),
        ("-", True),
        ("2020", True),  # a bare year: a term
        ("2020р.34,0", False),  # the dash lost
        ("20186р.-12,0", False),  # a digit too many in the year
        ("12;0", False),
        ("2017-2020 роки", False),
    ],
)
def test_amount_line_grammar(line: str, well_formed: bool) -> None:
    assert Reading(line, 90.0).well_formed is well_formed


@pytest.mark.parametrize(
    ("read", "tidied"),
    [
        (".2017р.-12,0", "2017р.-12,0"),
        ("34,0.", "34,0"),
        ("2020р.-.", "2020р.-"),
        ("12;0", "12,0"),  # a speck on the comma
        ("2400.0", "2400,0"),  # a stamp over the comma's tail
        ("1.250", "1.250"),  # three digits after a dot may be thousands: left alone
        ("2019р.", "2019р."),
    ],
)
def test_tidy_numeric_lines(read: str, tidied: str) -> None:
    assert numbers.tidy(read) == tidied


@pytest.mark.parametrize(
    ("line", "numeric"),
    [("2017р.-34,0", True), ("2017р.3А,0", True), ("2017-2020 роки", False), ("2.2.", False), ("в т.ч.:", False), ("2020", True)],
)
def test_which_lines_are_read_again_with_digits_only(line: str, numeric: bool) -> None:
    assert numbers.is_numeric_line(line) is numeric


def test_two_readings_that_agree_settle_a_line() -> None:
    reading, unsure = numbers.settle(
        Reading("2017р.-34,0", 40.0), Reading("2017р.-34,0", 88.0), Reading("2017р.-84,0", 60.0), True
    )
    assert (reading.text, unsure) == ("2017р.-34,0", False)


def test_the_only_well_formed_reading_wins() -> None:
    reading, unsure = numbers.settle(Reading("20186р.-12,0", 90.0), Reading("2018р.-12,0", 60.0), None, decimals=True)
    assert (reading.text, unsure) == ("2018р.-12,0", False)


def test_a_lost_decimal_comma_is_no_good_reading() -> None:
    general, digits = Reading("2017р.-12,0", 50.0), Reading("2017р.-120", 90.0)
    reading, unsure = numbers.settle(general, digits, Reading("2017р.-12,0", 70.0), decimals=True)
    assert (reading.text, unsure) == ("2017р.-12,0", False)
    # all three lose it: the line stays, but unsure, its confidence capped
    reading, unsure = numbers.settle(Reading("20000", 90.0), Reading("20000", 90.0), Reading("20000", 80.0), True)
    assert unsure and reading.confidence <= numbers.UNSURE_CONFIDENCE
    # a column whose amounts have no decimals: no comma is missing
    reading, unsure = numbers.settle(Reading("20000", 90.0), Reading("20000", 90.0), Reading("20000", 80.0), False)
    assert (reading.text, unsure) == ("20000", False)


def test_three_readings_that_differ_stay_unsure() -> None:
    general, digits = Reading("2019р.-12,76", 70.0), Reading("2049р.-12,76", 90.0)
    reading, unsure = numbers.settle(general, digits, Reading("2019р.-12,76", 60.0), True)
    assert (reading.text, unsure) == ("2019р.-12,76", False)
    reading, unsure = numbers.settle(general, digits, Reading("2018р.-12,76", 60.0), True)
    assert unsure and reading.text == "2049р.-12,76"


def test_a_line_both_passes_read_alike_that_is_no_amount_line_is_left_as_printed() -> None:
    reading, unsure = numbers.settle(Reading("2017 р 34", 80.0), Reading("2017 р 34", 80.0), None, decimals=False)
    assert (reading.text, unsure) == ("2017 р 34", False)


def test_a_line_keeps_its_other_good_readings_for_the_totals() -> None:
    text = CellText(("2017р.-12,0", "49,0"), 90.0, (90.0, 90.0), ((0, 30), (40, 70)))
    pairs = {
        (0, 0): (Reading("2017р.-12,0", 90.0), Reading("2017р.-12,0", 90.0)),
        (0, 1): (Reading("49,0", 90.0), Reading("49,0", 88.0)),
    }
    third = {(0, 0): Reading("2017р.-120", 80.0), (0, 1): Reading("40,0", 85.0)}
    cell = numbers.reconciled(0, text, pairs, third, decimals={0})
    assert cell.lines == ("2017р.-12,0", "49,0") and not cell.unsure
    assert cell.alternatives == ((1, ("40,0",)),)  # a lost comma is no good reading, so no alternative


def test_an_amount_that_lost_its_comma_keeps_the_readings_with_it_put_back() -> None:
    """A stamp over ``4800,0``: all three readings agree on ``48000``, where the column's amounts have a comma."""
    text = CellText(("48000",), 90.0, (90.0,), ((0, 30),))
    pairs = {(0, 0): (Reading("48000", 90.0), Reading("48000", 91.0))}
    cell = numbers.reconciled(0, text, pairs, {(0, 0): Reading("48000", 88.0)}, decimals={0})
    assert cell.lines == ("48000",) and cell.unsure_lines == (0,)
    assert cell.alternatives == ((0, ("4800,0", "480,00", "48,000")),)
    assert numbers.with_comma_put_back(Reading("2019р.-1800", 50.0))[0].text == "2019р.-180,0"
    assert numbers.with_comma_put_back(Reading("-", 50.0)) == []
    plain = numbers.reconciled(0, text, pairs, {(0, 0): Reading("48000", 88.0)}, decimals=set())
    assert plain.alternatives == () and not plain.unsure  # a column of whole numbers: nothing was lost


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        (("2017р.-75,0", "2016р.-75,0", "2019р.-75,0", "2020р.-75,0"), ("2017р.-75,0", "2018р.-75,0", "2019р.-75,0", "2020р.-75,0")),
        (("2017р.-1,0", "2018р.-1,0", "2013 р. – 2,0"), ("2017р.-1,0", "2018р.-1,0", "2013 р. – 2,0")),  # 2013 is no gap's
        (("2016р.-1,0", "2017р.-2,0", "2019р.-3,0"), ("2016р.-1,0", "2017р.-2,0", "2019р.-3,0")),  # 2018 would stand first
        (("2017р.-2,0", "2019р.-3,0"), ("2017р.-2,0", "2019р.-3,0")),  # two years: no run to tell
    ],
)  # fmt: skip
def test_a_year_misread_as_a_look_alike_is_put_right_by_the_cells_run_of_years(read: tuple[str, ...],
                                                                                meant: tuple[str, ...]) -> None:  # fmt: skip
    assert numbers.years_in_sequence(CellText(read, 90.0)).lines == meant


def test_an_amount_cell_is_read_without_specks_off_the_baseline() -> None:
    image = np.full((60, 160), 255, np.uint8)
    cv2.putText(image, "10,0", (10, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    speck = (8, 40)  # right above the 0 (read "160,0" with it)
    image[speck[0] : speck[0] + 3, speck[1] : speck[1] + 3] = 0
    image[44:47, 130:133] = 0  # a full stop on the baseline: an amount may have one
    expected = image.copy()
    expected[speck[0] : speck[0] + 3, speck[1] : speck[1] + 3] = 255
    assert np.array_equal(numbers.amount_image(image) < 128, expected < 128)


@pytest.mark.parametrize(
    ("read", "tidied"), [("2017р.12,0", "2017р.-12,0"), ("2017р. 12,0", "2017р.-12,0"), ("2017р.", "2017р.")]
)
def test_a_dash_lost_after_a_year_is_put_back(read: str, tidied: str) -> None:
    assert numbers.tidy(read) == tidied


@pytest.mark.parametrize(
    ("number", "following"),
    [("3", {"4", "3.1"}), ("1.3", {"1.4", "1.3.1", "2"}), ("2.1.2", {"2.1.3", "2.1.2.1", "2.2", "3"}), (None, set())],
)
def test_numbers_that_may_follow_in_a_column(number: str | None, following: set[str]) -> None:
    assert numbers.next_numbers(number) == following


def test_the_digits_in_doubt_put_a_document_in_review() -> None:
    assert "ocr_digits_unsure" in REVIEW_CODES
    assert review_reasons_of_codes(["ocr_low_confidence", "ocr_digits_unsure", "ocr_digits_unsure"]) == ("ocr_digits_unsure (2)",)
    assert review_reasons_of_codes(["ocr_low_confidence"]) == ()


# --- OCR's misreadings the context settles ----------------------------------------------------


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("З. Виготовлення та розповсюдження", "3. Виготовлення та розповсюдження"),
        ("1З. Участь у конкурсах", "13. Участь у конкурсах"),
        ("2000,0\nвт.\n2019 р. – 18,00", "2000,0\nв т.ч.\n2019 р. – 18,00"),
        ("втч.\nоплата послуг", "в т.ч.\nоплата послуг"),
        ("в тич.:", "вт.ч.:"),
        ("VIII скликання від 24.12.2020 М 24/9", "VIII скликання від 24.12.2020 № 24/9"),
        ("від 27.08.2020р.N1911", "від 27.08.2020р.№1911"),
        ("скликання від 16.02.2022 3 412", "скликання від 16.02.2022 № 412"),  # "№" read as a lone 3
        ("скликання від 16.02.2022 Ж, 412", "скликання від 16.02.2022 № 412"),  # or as Ж and a speck
        ("скликання від 16.02.2022 Х» 412", "скликання від 16.02.2022 № 412"),  # or as Х and a stamp's mark
        ("від 16.02.2022 3412", "від 16.02.2022 3412"),  # no lone digit
        ("М 24 години", "М 24 години"),  # no date before it
        ("І.1.", "1.1."),
        ("1.і.", "1.1."),  # a small і for 1 as well
        ("2.З.", "2.3."),
        ('Державний.\n"бюджет', "Державний\nбюджет"),  # dust on the baseline and at the top of the line
        ("тис. грн", "тис. грн"),  # an abbreviation's full stop stays
        ("1. Оснащення.закладів охорони", "1. Оснащення закладів охорони"),
        ("м.Коростень, вул.Шевченка", "м.Коростень, вул.Шевченка"),
        ('"Громадський проект"', '"Громадський проект"'),
        ("Інші", "Інші"),
        ("Всього !\n./у тому числі за роками", "Всього\nу тому числі за роками"),
        ("-", "-"),  # a cell with no amount
        (".5. Розвиток співпраці", "5. Розвиток співпраці"),
        ('3. Виготовлення та\n" придбання символіки', "3. Виготовлення та\nпридбання символіки"),
        ("2017р.- 34,0", "2017р.- 34,0"),
        ("З метою", "З метою"),  # the preposition, not a number
        ("втрати", "втрати"),
        ("202: 22 рік", "2022 рік"),  # a year broken by a speck (a pen stroke over the term column)
        ("202: 022 рік", "2022 рік"),  # its third digit read on both sides of the speck
        ("фінансування, тис. трн", "фінансування, тис. грн"),
        ("трн", "трн"),  # no "тис." before it
        ("2022, 2023 роки", "2022, 2023 роки"),
        ("2023- 20 24\nроки", "2023- 2024\nроки"),
        ("2022 рік", "2022 рік"),
        ("2022, 23 роки", "2022, 23 роки"),  # two years, not one broken
        ("150 22 рік", "150 22 рік"),  # no century in front
    ],
)
def test_more_misreadings_put_right(read: str, meant: str) -> None:
    assert fixes.fix_ocr_text(read) == meant


# --- Words broken by a narrow column --------------------------------------------------------


def word(text: str, x0: int, x1: int, top: int = 0) -> Word:
    return Word(text, 90.0, (x0, top, x1, top + 30))


@pytest.mark.parametrize(
    ("previous", "line", "joined"),
    [
        ([word("Фінансуванн", 0, 190)], [word("я", 0, 15, 40)], True),  # a word longer than the column
        ([word("Інші", 0, 80), word("джерел", 90, 190)], [word("а", 0, 15, 40)], False),  # fits whole: wrapped
        ([word("джерел", 0, 190)], [word("а", 0, 15, 40)], True),  # "а" is the tail here: no room for a word
        ([word("Державн", 0, 192)], [word("ий", 0, 30, 40)], True),
        ([word("міської", 0, 120), word("ради,", 130, 195)], [word("керуючий", 0, 150, 40)], False),  # a plain wrap
        ([word("самоврядування", 0, 195)], [word("та", 0, 30, 40)], False),  # a preposition starts a line
        ([word("заходи", 0, 120)], [word("ня", 0, 30, 40)], False),  # did not run to the column's edge
    ],
)
def test_broken_words_are_told_from_wrapped_lines(previous: list[Word], line: list[Word], joined: bool) -> None:
    assert cells.is_broken_word(previous, line, right_limit=200) is joined


# --- Paragraphs outside the table ---------------------------------------------------------


def test_a_right_aligned_header_block_and_a_centred_heading_are_two_paragraphs() -> None:
    assert paragraphs.aligned((1800, 3000), (1500, 3002), tolerance=40)  # right edges line up
    assert paragraphs.aligned((900, 2300), (700, 2500), tolerance=40)  # centred
    assert not paragraphs.aligned((1800, 3000), (800, 2400), tolerance=40)


# --- The image: paper, print, stamps, dust ------------------------------------------------------


def page_with_text(paper: int = 255) -> np.ndarray:
    page = np.full((700, 1200), paper, dtype=np.uint8)
    cv2.putText(page, "2017 34,0", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 20, 5)
    return page


def test_grey_uneven_paper_is_flattened_to_white_and_print_stays_dark() -> None:
    page = page_with_text().astype(np.float32)
    page *= np.linspace(0.75, 0.95, page.shape[1], dtype=np.float32)[None, :]  # grey paper, lighting falling off
    flat = image.flatten(page.astype(np.uint8))
    assert np.percentile(flat, 50) >= 250  # paper
    assert flat[250:310, 100:600].min() < 60  # print


def test_a_stamp_ring_is_no_print_but_the_print_under_it_is() -> None:
    page = page_with_text()
    stamp = np.zeros_like(page)
    cv2.circle(stamp, (420, 280), 220, 255, 7)
    cv2.putText(stamp, "KOMITET", (280, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 255, 4)
    stamped = np.where(stamp > 0, (page * 0.55).astype(np.uint8), page)  # mid-grey ink multiplied in
    flat = image.flatten(stamped)
    ink = image.ink_mask(flat)
    assert image.stamp_zones(flat, *image.ink_levels(flat)).any()
    ring = (stamp > 0) & (page > 200)
    assert (ink[ring] > 0).mean() < 0.05
    printed = page < 100
    assert (ink[printed] > 0).mean() > 0.9


def test_dust_goes_and_punctuation_stays() -> None:
    page = np.full((400, 900), 255, dtype=np.uint8)
    cv2.putText(page, "12", (100, 200), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 5)
    cv2.circle(page, (172, 198), 3, 0, -1)  # a full stop on the baseline, beside the "2"
    cv2.circle(page, (600, 80), 3, 0, -1)  # dust in the blank
    cv2.circle(page, (140, 120), 3, 0, -1)  # dust above the line, not over a stem
    ink = image.despeckle(image.ink_mask(image.flatten(page)))
    assert ink[195:202, 169:176].any()
    assert not ink[76:85, 596:605].any()
    assert not ink[116:125, 136:145].any()


def test_a_full_stop_between_letters_that_reach_below_the_line_stays() -> None:
    """``(тис.грн.)``: the glyphs nearest the full stop are a bracket and a ``р`` that reach below the baseline."""
    page = np.full((400, 900), 255, dtype=np.uint8)

    def letter(x: int, bottom: int = 200) -> None:  # two stems and a bar, strokes 5 px wide, like an "н"
        cv2.rectangle(page, (x, 170), (x + 4, bottom), 0, -1)
        cv2.rectangle(page, (x + 18, 170), (x + 22, 200), 0, -1)
        cv2.rectangle(page, (x, 183), (x + 22, 187), 0, -1)

    for x in (100, 140, 180):  # letters on the baseline (y = 200)
        letter(x)
    letter(220, bottom=215)  # a "р": its stem reaches below the baseline
    letter(260)
    cv2.circle(page, (291, 198), 3, 0, -1)  # the full stop
    cv2.rectangle(page, (300, 160), (304, 218), 0, -1)  # the closing bracket, below the baseline too
    cv2.circle(page, (291, 232), 3, 0, -1)  # dust under the line
    page = cv2.GaussianBlur(page, (0, 0), 0.8)  # a scan's soft edges
    ink = image.despeckle(image.ink_mask(image.flatten(page)))
    assert ink[194:202, 287:296].any()
    assert not ink[228:237, 287:296].any()


@pytest.mark.parametrize("degrees", [2.0, -2.0, 0.6])
def test_skew_up_to_two_degrees_is_measured(degrees: float) -> None:
    page = np.full((1200, 1700), 255, dtype=np.uint8)
    for y in range(150, 1100, 60):
        cv2.putText(page, "Kosty miskogo biudzhetu 2017 34,0", (100, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    matrix = cv2.getRotationMatrix2D((850, 600), degrees, 1.0)
    turned = cv2.warpAffine(page, matrix, (1700, 1200), flags=cv2.INTER_CUBIC, borderValue=255)
    assert image.skew_angle(image.binarise(turned)) == pytest.approx(degrees, abs=0.1)


# --- The grid ---------------------------------------------------------------------------------


def ruled(xs: tuple[int, ...], ys: tuple[int, ...], vertical: bool = True, shade: int = 0) -> np.ndarray:
    page = np.full((ys[-1] + 100, xs[-1] + 100), 255, dtype=np.uint8)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), shade, 3)
    if vertical:
        for x in xs:
            cv2.line(page, (x, ys[0]), (x, ys[-1]), shade, 3)
    return page


def grid_of(page: np.ndarray) -> rules.Grid | None:
    flat = image.flatten(page)
    ink = image.despeckle(image.ink_mask(flat))
    _, split = image.ink_levels(flat)
    marks = np.where(flat < split, 255, 0).astype(np.uint8)
    return rules.find_grid(*rules.ruling_lines(marks), ink)


def test_a_stamp_ring_over_the_table_adds_no_column() -> None:
    page = ruled((100, 500, 900, 1300), (100, 300, 500, 700))
    cv2.circle(page, (700, 400), 230, 120, 7)
    grid = grid_of(page)
    assert grid is not None and len(grid.xs) == 4 and len(grid.ys) == 4


def test_faint_and_broken_rules_still_make_the_grid() -> None:
    page = ruled((100, 500, 900, 1300), (100, 300, 500, 700), shade=150)
    page[:, 640:660] = 255  # a worn stretch across every horizontal rule
    page[380:400, :] = 255  # and across every vertical one
    cv2.putText(page, "Kosty 2017", (150, 220), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 4)  # print darker than the rules
    grid = grid_of(page)
    assert grid is not None and (len(grid.xs), len(grid.ys)) == (4, 4)
    assert len(grid.regions) == 9  # no cell merged through a worn stretch


def test_a_letter_touching_a_rule_in_a_low_full_width_row_does_not_split_it() -> None:
    xs, ys = (100, 500, 900, 1300), (100, 300, 345, 600)
    page = ruled(xs, ys)
    page[ys[1] + 3 : ys[2] - 2, xs[0] + 4 : xs[-1] - 4] = 255  # the section row spans the table: no rules in it
    cv2.putText(page, "Section row across the whole table", (130, 338), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 4)
    # a letter right on the column's line ("ф"): its stem touches both rules, its bowl stands on both sides of it
    cv2.line(page, (xs[1], ys[1]), (xs[1], ys[2]), 0, 3)
    cv2.ellipse(page, (xs[1], (ys[1] + ys[2]) // 2), (14, 16), 0, 0, 360, 0, 3)
    grid = grid_of(page)
    assert grid is not None
    section = [region for region in grid.regions if region.row == 1]
    assert [(region.column, region.column_span) for region in section] == [(0, 3)]


def test_a_table_ruled_only_across_gets_its_columns_from_gutters() -> None:
    xs, ys = (100, 500, 900, 1300), (100, 250, 400, 550, 700)
    page = ruled(xs, ys, vertical=False)
    for top in ys[:-1]:
        for left in xs[:-1]:
            cv2.putText(page, "Kosty 12,0", (left + 20, top + 90), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    grid = grid_of(page)
    assert grid is not None and not grid.ruled_columns
    assert len(grid.xs) == 4 and len(grid.ys) == 5
    assert all(abs(found - drawn) < 120 for found, drawn in zip(grid.xs[1:-1], xs[1:-1], strict=True))


def lineless_page(header_at: int = 200) -> np.ndarray:
    """A table typed with no lines: a heading, a header (its baseline at ``header_at``) whose funding cell spans two
    year columns, a row of column numbers, a section row across the table and two measures of two lines each; a
    signature below."""
    page = np.full((1300, 1900), 255, dtype=np.uint8)

    def put(text: str, x: int, y: int) -> None:
        cv2.putText(page, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)

    put("Zakhody Programy rozvytku dorig", 400, 80)  # the heading: one piece
    header = {100: "No", 260: "Zakhid", 760: "Vykonavets", 1200: "Obsyagy finansuvannya"}
    for x, text in header.items():
        put(text, x, header_at)
    put("2023", 1200, header_at + 45)  # the years under the funding cell: tight below it, no row gap
    put("2024", 1520, header_at + 45)
    for x, text in zip((100, 260, 760, 1200, 1520), "12345", strict=True):
        put(text, x, 330)
    put("1. Remont vulyts i mostiv mista", 100, 420)  # a section row across the first columns
    for top, number in ((520, "1.1."), (660, "1.2.")):
        put(number, 100, top)
        put("Remont", 260, top)
        put("vulyts", 260, top + 40)
        put("Upravlinnya", 760, top)
        put("ZhKG", 760, top + 40)
        put("1250,0", 1200, top)
        put("-" if number == "1.2." else "1300,0", 1520, top)
    put("Sekretar miskoi rady", 100, 900)  # the signature: one piece
    return cv2.GaussianBlur(page, (0, 0), 0.8)


def test_a_table_with_no_lines_gets_columns_and_rows_from_the_white_space() -> None:
    ink = image.despeckle(image.ink_mask(image.flatten(lineless_page())))
    assert rules.find_grid(*rules.ruling_lines(ink), ink) is None
    grid = lineless.lineless_grid(ink)
    assert grid is not None and not grid.ruled_rows and not grid.ruled_columns
    assert len(grid.xs) == 6  # five columns
    assert all(left < x < right for x, (left, right) in zip(grid.xs[1:-1], ((160, 260), (600, 760), (1000, 1200),
                                                                         (1400, 1520)), strict=True))  # fmt: skip
    assert 90 < grid.ys[0] < 178 and 706 < grid.ys[-1] < 879  # the heading and the signature stay out
    spans = {(region.row, region.column): (region.row_span, region.column_span) for region in grid.regions}
    assert spans[(0, 3)] == (1, 2)  # the funding header over both years
    assert spans[(1, 3)] == spans[(1, 4)] == (1, 1)  # the years: a row of their own
    assert spans[(0, 0)] == spans[(0, 1)] == spans[(0, 2)] == (2, 1)  # the other headers reach down over it
    assert len(grid.ys) - 1 == 6  # header, years, column numbers, section, two measures
    section = [region for region in grid.regions if region.row == 3]
    assert section[0].column == 0 and section[0].column_span >= 2
    measures = [region for region in grid.regions if region.row in (4, 5)]
    assert len(measures) == 10 and all(region.row_span == region.column_span == 1 for region in measures)


def test_column_numbers_typed_tight_under_the_header_of_a_table_with_no_lines_are_a_row_of_their_own() -> None:
    """The rows part at their gaps, but the column numbers stand as close under the years as a cell's lines do."""
    ink = image.despeckle(image.ink_mask(image.flatten(lineless_page(header_at=250))))
    grid = lineless.lineless_grid(ink)
    assert grid is not None and len(grid.xs) == 6
    assert len(grid.ys) - 1 == 6  # header, years, column numbers, section, two measures
    assert 295 < grid.ys[2] < 330 - 20 and 330 < grid.ys[3] < 420 - 22  # the numbers' row: between the years and the section
    numbers = [region for region in grid.regions if region.row == 2]
    assert len(numbers) == 5 and all(region.row_span == region.column_span == 1 for region in numbers)


@pytest.mark.parametrize(
    ("words", "marks"),
    [
        ((("м", 42.0), ("А", 39.0)), True),  # a stamp's rim over an empty amount cell
        ((("Ро", 30.0), ("/", 20.0)), True),
        ((("м", 42.0), ("А", 88.0)), False),  # a word read surely is print
        ((("З", 69.0),), False),  # a column number read as a look-alike letter
        ((("-", 30.0),), False),  # a dash: no amount
        ((("5", 30.0),), False),
        ((("та", 95.0),), False),
        ((("бюджет", 20.0),), False),
    ],
)
def test_a_cell_of_a_marks_lettering_is_told_from_print(words: tuple[tuple[str, float], ...], marks: bool) -> None:
    found = [Word(text, confidence, (10 + 40 * index, 10, 40 + 40 * index, 40)) for index, (text, confidence) in enumerate(words)]
    assert cells.is_marks_only(found) is marks
    assert (cells.cell_text(found, 400) == cells.EMPTY) is marks
    under = [Word("Всього", 96.0, (10, 10, 120, 40)), *(replace(word, box=(word.box[0], 50, word.box[2], 80)) for word in found)]
    assert cells.cell_text(under, 400).lines[1:] == (() if marks else cells.cell_text(found, 400).lines)


def test_a_cell_with_print_read_as_nothing_is_read_again_larger(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract now and then gives no word for a clear ``2.3.`` alone in a small crop; larger, it reads it."""
    crop = np.full((48, 80), 255, dtype=np.uint8)
    sizes: list[tuple[int, ...]] = []

    def tesseract(crops: list[np.ndarray | None], psm: int = 6, whitelist: str | None = None) -> list[list[Word] | None]:
        sizes.extend(found.shape for found in crops if found is not None)
        return [None if found is None else ([] if found.shape == crop.shape else [Word("2.3.", 94.0, (15, 15, 102, 57))])
                for found in crops]  # fmt: skip

    monkeypatch.setattr(cells, "words_by_crop", tesseract)
    blank, read = cells.read_crops([None, crop])
    assert blank == cells.EMPTY and read.lines == ("2.3.",)
    assert sizes == [crop.shape, (72, 120)]  # read again 1.5 times larger
    assert read.lead_box == (10, 10, 68, 38)  # its box in the crop's own pixels


def test_a_signature_joining_the_heading_to_the_header_of_a_table_with_no_lines_joins_no_lines() -> None:
    page = lineless_page()
    xs = np.arange(700, 1000)
    ys = (130 + 75 * np.sin((xs - 700) / 15.0)).astype(np.int32)  # a scribble from the heading's line to the header's
    cv2.polylines(page, [np.stack([xs, ys], axis=1)], False, 0, 3)
    ink = image.despeckle(image.ink_mask(image.flatten(page)))
    grid = lineless.lineless_grid(ink)
    assert grid is not None and 90 < grid.ys[0] < 178  # the heading stays out of the table
    spans = {(region.row, region.column): (region.row_span, region.column_span) for region in grid.regions}
    assert spans[(0, 1)] == spans[(0, 2)] == (2, 1)  # the header's cells are not merged across by the scribble


def test_a_table_with_no_lines_and_no_space_between_rows_gets_a_row_per_line() -> None:
    """... but for its header: the lines above a row of column numbers are one row."""
    page = np.full((900, 1900), 255, dtype=np.uint8)
    put = lambda text, x, y: cv2.putText(page, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)  # noqa: E731
    put("Zakhody Programy rozvytku dorig", 400, 80)
    lines = [("No", "Zakhid", "Vykonavets", "Suma"), ("z/p", "zakhodu", "", "2023"), ("1", "2", "3", "4"),
             ("1.1.", "Remont", "Upravlinnya", "1250,0"), ("", "vulyts", "ZhKG", ""), ("1.2.", "Remont", "Upravlinnya", "-"),
             ("", "mostiv", "", "")]  # fmt: skip
    for index, texts in enumerate(lines):
        for x, text in zip((100, 260, 760, 1200), texts, strict=True):
            if text:
                put(text, x, 200 + 42 * index)  # every line as close as the lines of one cell
    ink = image.despeckle(image.ink_mask(image.flatten(cv2.GaussianBlur(page, (0, 0), 0.8))))
    grid = lineless.lineless_grid(ink)
    assert grid is not None and len(grid.xs) == 5
    assert len(grid.ys) - 1 == len(lines) - 1  # the header's two lines are one row: they stand above the column numbers
    assert all(region.row_span == region.column_span == 1 for region in grid.regions)
    assert 200 + 42 < grid.ys[1] < 200 + 2 * 42 - 20  # the header row ends under its second line


def page_grid(page: np.ndarray) -> rules.Grid | None:
    """The grid ``page.read_page`` reads a page by (``page.table_grid``), from the page's marks as the chain has them."""
    flat = image.flatten(cv2.GaussianBlur(page, (0, 0), 0.8))
    _, split = image.ink_levels(flat)
    horizontal, vertical = rules.ruling_lines(image.as_mask(flat < split))
    ink = cells.without_lines(image.ink_mask(flat), horizontal, vertical)
    return ocr_page.table_grid(horizontal, vertical, ink)


def test_a_box_round_a_table_with_no_lines_inside_is_no_one_cell_table() -> None:
    page = lineless_page()
    cv2.rectangle(page, (80, 150), (1800, 730), 0, 3)
    grid = page_grid(page)
    assert grid is not None and len(grid.xs) == 6 and len(grid.ys) - 1 == 6


def test_a_table_ruled_across_only_gets_its_columns_and_merged_cells_from_the_white_space() -> None:
    page = lineless_page()
    for y in (150, 212, 265, 360, 450, 590, 730):  # a box round the table and a rule between its rows
        cv2.line(page, (80, y), (1800, y), 0, 3)
    for x in (80, 1800):
        cv2.line(page, (x, 150), (x, 730), 0, 3)
    grid = page_grid(page)
    assert grid is not None and not grid.ruled_columns and grid.ruled_rows
    assert len(grid.xs) == 6 and len(grid.ys) == 7
    spans = {(region.row, region.column): (region.row_span, region.column_span) for region in grid.regions}
    assert spans[(0, 3)] == (1, 2)  # the funding header over both years (a rule under it)
    assert spans[(1, 3)] == spans[(1, 4)] == (1, 1)
    section = [region for region in grid.regions if region.row == 3]
    assert section[0].column == 0 and section[0].column_span >= 2  # the section's title crosses the gutters


def test_a_page_of_text_has_no_lineless_table() -> None:
    page = np.full((1200, 1700), 255, dtype=np.uint8)
    for y in range(150, 1100, 60):
        cv2.putText(page, "Kosty miskogo biudzhetu na rozvytok dorig", (100, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    cv2.putText(page, "Sekretar       I. Petrenko", (100, 1150), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    ink = image.despeckle(image.ink_mask(image.flatten(cv2.GaussianBlur(page, (0, 0), 0.8))))
    assert lineless.lineless_grid(ink) is None


# --- The degradation script ---------------------------------------------------------------------


SMALL_PDF = DATA / "scans" / "health-2022.pdf"


def test_degradation_is_deterministic_and_leaves_no_text_layer() -> None:
    profile = replace(degrade.PROFILES["noisy-200"], dpi=100, stamps=("350,5",), signatures=("Виконавці",))
    first = degrade.degrade(SMALL_PDF.read_bytes(), profile)
    time.sleep(1.1)  # a writer that stamps the time of the run would differ now
    assert degrade.degrade(SMALL_PDF.read_bytes(), profile) == first
    with pdfplumber.open(io.BytesIO(first)) as pdf:
        (page,) = pdf.pages
        assert assess_text_layer(page.extract_text() or "").reason == "no text"
        (picture,) = page.images
        assert picture["srcsize"][0] == pytest.approx(page.width / 72 * 100, abs=2)  # stored at the profile's dpi
    other = replace(profile, seed=profile.seed + 1)
    assert degrade.degrade(SMALL_PDF.read_bytes(), other) != first


def test_a_mark_over_a_word_the_document_lacks_is_an_error() -> None:
    with pytest.raises(SystemExit, match="no 'Кошториси'"):
        degrade.degrade(SMALL_PDF.read_bytes(), replace(degrade.PROFILES["stamp-300"], dpi=72, stamps=("Кошториси",)))


# --- Amounts read more than one way, settled by the declared totals ----------------------------

HEADER = (
    "№ з/п",
    "Зміст заходу",
    "Виконавець",
    "Строк виконання",
    "Джерела фінансування",
    "Всього, тис. грн",
    "2021 рік",
    "2022 рік",
)
UNSURE_BOX = (300.0, 60.0, 340.0, 70.0)


def annex(
    first_2021: str, others: tuple[str, ...], unsure: bool = True, totals: bool = True, total_column: bool = True
) -> ParsedDocument:
    """A two-measure annex OCR read with measure 1's 2021 amount as ``first_2021`` (also read as ``others``); with
    ``total_column`` off, no row has its ``Всього`` (the total row stays)."""

    def row(number: int, texts: tuple[str, ...], readings: dict[int, tuple[LineReadings, ...]] | None = None) -> SourceRow:
        cells = tuple(
            SourceCell(
                tuple(text.split("\n")) if text else (),
                (Location(table=1, row=number, page=1),),
                (readings or {}).get(column, ()),
            )
            for column, text in enumerate(texts)
        )
        return SourceRow(cells, Location(table=1, row=number, page=1))

    rows = [
        row(1, HEADER),
        row(2, ("1.", "Ремонт покрівлі музею", "Управління культури", "2021-2022 роки", "Міський бюджет", "1 250,5", first_2021, "400,0"),
            {6: (LineReadings(0, others, unsure, 1, UNSURE_BOX),)}),
        row(3, ("2.", "Встановлення табличок", "Управління культури", "2021 рік", "Міський бюджет", "75,25", "75,25", "-")),
    ]  # fmt: skip
    if totals:
        rows.append(row(4, ("", "Всього по Програмі", "", "", "", "1 325,75", "925,75", "400,0")))
    if not totals or not total_column:  # no total column (nor a total row): less to check the amounts against
        rows = [SourceRow(row.cells[:5] + row.cells[6:], row.location) for row in rows]
    warning = ExtractionWarning(
        "ocr_digits_unsure",
        f"page 1, row 2, 2021 рік (box {assemble.box_text(UNSURE_BOX)} pt): digits read more than one way (…)",
        Where(page=1, table=1, row=2, column="2021 рік"),
    )
    return ParsedDocument(
        file_name="annex.pdf", sha256="0" * 64, format="pdf",
        before=("Додаток 1", "Заходи Програми розвитку культури на 2021-2022 роки"),
        after=(), tables=(SourceTable(rows=tuple(rows), index=1),), pages=1, warnings=(warning,) if unsure else (),
    )  # fmt: skip


def funding_of(document: Document, measure: str) -> list[tuple[int | None, str]]:
    return [(record.year, str(record.amount)) for found in document.measures if found.id == measure for record in found.funding]


def test_the_reading_that_makes_the_totals_add_up_is_taken() -> None:
    document = normalised(annex("880,5", ("850,5",)))
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]
    assert {total.status for total in document.declared_totals} == {"matched"}
    assert "ocr_digits_unsure" not in {warning.code for warning in document.warnings}
    assert any(
        "'850,5' (read '880,5') is the reading that makes the declared totals add up" in note for note in document.source.notes
    )


def test_a_reading_the_totals_bear_out_is_no_longer_in_doubt() -> None:
    document = normalised(annex("850,5", ("880,5",)))
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]
    assert "ocr_digits_unsure" not in {warning.code for warning in document.warnings}
    assert any("'850,5' (also read '880,5') bears out the declared totals" in note for note in document.source.notes)


def test_a_reading_no_total_decides_stays_in_doubt() -> None:
    document = normalised(annex("821,5", ("827,5",)))  # neither closes the totals, nor does one digit of either changed
    assert funding_of(document, "1") == [(2021, "821.5"), (2022, "400.0")]
    assert "ocr_digits_unsure" in {warning.code for warning in document.warnings}
    assert "total_mismatch" in {warning.code for warning in document.warnings}
    document = normalised(annex("880,5", ("850,5",), totals=False))  # nothing to check it against
    assert funding_of(document, "1") == [(2021, "880.5"), (2022, "400.0")]
    assert "ocr_digits_unsure" in {warning.code for warning in document.warnings}


def test_a_digit_every_reading_misread_is_put_right_where_only_its_look_alike_closes_the_totals() -> None:
    """A stamp's ring over the ``0`` of ``850,5``: every pass read ``858,5``, and no other reading is left."""
    document = normalised(annex("858,5", ()))
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]
    assert {total.status for total in document.declared_totals} == {"matched"}
    assert "ocr_digits_unsure" not in {warning.code for warning in document.warnings}
    assert any("'850,5' (read '858,5') is the reading that makes the declared totals add up" in note
               for note in document.source.notes)  # fmt: skip
    document = normalised(annex("860,5", ("880,5",)))  # 850,5: one look-alike digit (6 for 5) off a reading
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]


def test_a_reading_in_doubt_with_no_other_is_borne_out_when_every_look_alike_opens_a_total() -> None:
    document = normalised(annex("850,5", ()))
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]
    assert "ocr_digits_unsure" not in {warning.code for warning in document.warnings}
    assert any(
        "'850,5' bears out the declared totals (a digit read otherwise would put one out)" in note
        for note in document.source.notes
    )
    document = normalised(annex("850,5", (), totals=False))  # nothing to bear it out
    assert "ocr_digits_unsure" in {warning.code for warning in document.warnings}


@pytest.mark.parametrize(
    ("line", "variants"),
    [
        ("1258,0", {"7258,0", "1238,0", "1268,0", "1288,0", "1250,0", "1253,0", "1255,0", "1256,0", "1259,0", "1258,8"}),
        ("2017р.-34,0", {"2017р.-54,0", "2017р.-84,0", "2017р.-34,8"}),  # the year stays as read
        ("8,5", {"0,5", "3,5", "5,5", "6,5", "9,5", "8,3", "8,6", "8,8"}),  # 0,5 may be, 05 may not
        ("80", {"30", "50", "60", "90", "88"}),
        ("-", set()),
        ("Міський бюджет", set()),
    ],
)
def test_look_alike_variants_of_an_amount_line(line: str, variants: set[str]) -> None:
    found = numbers.look_alike_variants(line)
    assert set(found) == variants and len(found) == len(variants)


def test_a_digit_every_reading_agreed_on_is_put_right_where_the_totals_miss_by_what_it_makes_up() -> None:
    """No reading in doubt: a stamp's mark read as a ``7`` before ``850,5`` by every pass; the totals are off by 7000,
    what dropping that digit makes up."""
    document = normalised(annex("7850,5", (), unsure=False))
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]
    assert {total.status for total in document.declared_totals} == {"matched"}
    assert any("'850,5' (read '7850,5') is the reading that makes the declared totals add up" in note
               for note in document.source.notes)  # fmt: skip
    document = normalised(annex("850,5", (), unsure=False, totals=False))  # no total: nothing is changed
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]


@pytest.mark.parametrize(
    ("line", "variants"),
    [
        ("7850,5", {"850,5", "750,5", "780,5", "785,5", *(f"{digit}7850,5" for digit in "123456789")}),
        ("250,0", {"50,0", "20,0", "25,0", *(f"{digit}250,0" for digit in "123456789")}),
        ("2017р.-34,0", {"2017р.-4,0", "2017р.-3,0", *(f"2017р.-{digit}34,0" for digit in "123456789")}),
        ("-", set()),
    ],
)
def test_digit_variants_of_an_amount_line(line: str, variants: set[str]) -> None:
    assert set(numbers.digit_variants(line)) == variants


def test_a_lost_comma_is_put_back_where_the_totals_say() -> None:
    document = normalised(annex("8505", ("850,5", "85,05", "8,505")))
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]
    assert {total.status for total in document.declared_totals} == {"matched"}
    assert "ocr_digits_unsure" not in {warning.code for warning in document.warnings}


def test_two_readings_that_agree_give_way_to_a_third_the_totals_bear_out() -> None:
    document = normalised(annex("880,5", ("850,5",), unsure=False))  # two readings agreed on 880,5, the third did not
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]
    assert {total.status for total in document.declared_totals} == {"matched"}


# --- Labels a speck gave a full stop ---------------------------------------------------------


def test_a_capital_inside_a_phrase_is_put_back_in_lower_case_where_the_column_spells_it_so() -> None:
    column = [
        ("КНП «Центр", "первинної медико-", "санітарної", "Допомоги»"),  # д read as its capital at 150 dpi
        ("Управління охорони здоров’я, КНП", "«Центр первинної", "медико-санітарної", "допомоги»"),
        ("КНП «Славутська", "міська лікарня»"),  # a capital the column never spells in lower case: a name
        ("міський бюджет. Державний бюджет",),  # a capital after a full stop starts a sentence
        ("Відділ освіти",),
    ]
    fixed = fixes.column_case(column)
    assert fixed[0] == ("КНП «Центр", "первинної медико-", "санітарної", "допомоги»")
    assert fixed[1:] == column[1:]


def test_a_full_stop_a_column_spells_without_elsewhere_is_dust() -> None:
    column = [
        ("Міський", "бюджет."),
        ("Міський бюджет",),
        ("Кошти міського бюджету.",),
        ("Управління культури.",),
        ("Державний бюджет",),
    ]
    assert fixes.stray_full_stops(column) == {0}


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        (("Держаниий", "бюджет .)"), ("Державний", "бюджет")),  # a letter misread, specks after the label
        (("Місцеви", "дубюджет"), ("Місцевий", "бюджет")),  # a last letter lost, a speck glued before a word
        (("ЛДержавний", "бюджет"), ("Державний", "бюджет")),  # a speck glued before a capital: the capital stays
        (("МієЦеви", "й бюджет"), ("Місцевий бюджет",)),  # a word the cell broke with no hyphen, misread: spelt whole
        (("Держави:", "ий", "бюджет"), ("Державний", "бюджет")),  # a speck at the break, a letter lost
        (("Державний", "бюджет"), ("Державний", "бюджет")),
        (("Інші", "джерела"), ("Інші", "джерела")),
        (("КНП «Славутська", "міська лікарня»"), ("КНП «Славутська", "міська лікарня»")),  # a body, no source
    ],
)
def test_a_source_label_ocr_misread_is_spelt_as_the_vocabulary_spells_it(read: tuple[str, ...], meant: tuple[str, ...]) -> None:
    where = Location(table=1, row=1, page=1)
    row = SourceRow((SourceCell(lines=read, locations=(where,), readings=()),), where)
    assert assemble.with_source_spelling([row])[0].cells[0].lines == meant


def test_a_word_ocr_split_at_a_space_is_put_back_whole_where_the_column_spells_it_whole() -> None:
    column = [("КНП «Сл авутська", "міська лікарня»"), ("КНП «Славутська", "міська лікар ня»"), ("в управлінні",),
              ("Управління охорони", "здоров’я")]  # fmt: skip
    assert fixes.column_joins(column) == [("КНП «Славутська", "міська лікарня»"), ("КНП «Славутська", "міська лікарня»"),
                                          ("в управлінні",), ("Управління охорони", "здоров’я")]  # fmt: skip
    assert fixes.column_joins([("КНП «Сл авутська",)]) == [("КНП «Сл авутська",)]  # spelt whole nowhere: left as read


def test_a_source_header_read_in_lower_case_beside_capitalised_ones_is_capitalised() -> None:
    where = Location(table=1, row=1, page=1)
    read = [("Державний", "бюджет"), ("Місцевий бюджет",), ("інші", "джерела"), ("Всього",)]
    row = SourceRow(tuple(SourceCell(lines=lines, locations=(where,), readings=()) for lines in read), where)
    assert [cell.lines for cell in assemble.with_source_spelling([row])[0].cells] == [
        ("Державний", "бюджет"), ("Місцевий бюджет",), ("Інші", "джерела"), ("Всього",)]  # fmt: skip
    two = SourceRow(row.cells[2:], where)  # no capitalised label beside it to tell by: left as read
    assert assemble.with_source_spelling([two])[0].cells[0].lines == ("інші", "джерела")


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # two year headers read as one line, the cell to their right empty; 2924 breaks the run 2023 · ? · 2025
        ([(), ("2023 рік 2924 рік", "77"), (), ("2025 рік", "8")], [(), ("2023 рік",), ("2024 рік",), ("2025 рік",)]),
        ([("2022 рік",), ("2923 рік",), ("2024 рік",)], [("2022 рік",), ("2023 рік",), ("2024 рік",)]),
        ([("2023 рік",), ("2024 рік",), ("2025 рік",)], [("2023 рік",), ("2024 рік",), ("2025 рік",)]),
        ([("2091 рік",), ("2022 рік",), ("2023 рік",)], [("2021 рік",), ("2022 рік",), ("2023 рік",)]),  # the run's first
        ([("2022 рік",), ("2023 рік",), ("2084 рік",)], [("2022 рік",), ("2023 рік",), ("2024 рік",)]),  # the run's last
        ([("2019 рік",), ("2022 рік",), ("2023 рік",)], [("2019 рік",), ("2022 рік",), ("2023 рік",)]),  # no look-alike
        ([("2021 вік",), ("2022 рік",)], [("2021 рік",), ("2022 рік",)]),  # рік misread beside a year read right
        ([("2021 вік",), ("2022 вік",)], [("2021 вік",), ("2022 вік",)]),  # no year header read right: left as read
        ([("2021 рік",), ("2022 роки",)], [("2021 рік",), ("2022 роки",)]),
        ([("2023 рік 2024 рік",), ("1250,0",)], [("2023 рік 2024 рік",), ("1250,0",)]),  # no empty cell to take one
        ([("2023 рік",), ("2027 рік",)], [("2023 рік",), ("2027 рік",)]),  # two years: no run to tell by
        ([("2023 рік", "Міський бюджет")], [("2023 рік", "Міський бюджет")]),  # words under a year stay
        # between two years one apart from it on either side, a year two digits off is the one that fits
        ([("2023 рік",), ("9824 рік",), ("2025 рік",)], [("2023 рік",), ("2024 рік",), ("2025 рік",)]),
        ([("9821 рік",), ("2022 рік",), ("2023 рік",)], [("9821 рік",), ("2022 рік",), ("2023 рік",)]),  # at an end: no
        # the column number under a year misread as a letter (``У`` for ``7``): structure, not the year's label
        ([("2023 рік",), ("2024 рік", "У"), ("2025 рік",)], [("2023 рік",), ("2024 рік",), ("2025 рік",)]),
    ],
)
def test_year_headers_ocr_merged_or_misread_are_told_by_the_run_of_years(
    read: list[tuple[str, ...]], meant: list[tuple[str, ...]]
) -> None:
    where = Location(table=1, row=1, page=1)
    row = SourceRow(tuple(SourceCell(lines=lines, locations=(where,), readings=()) for lines in read), where)
    assert [cell.lines for cell in assemble.with_year_headers_apart([row])[0].cells] == meant


# --- Seeds of the stamp profile: amounts two totals cross, a column's decimals, marred amounts ------------------


@pytest.mark.parametrize(
    ("line", "changes", "variants"),
    [
        ("10,0", {30, -30}, ["40,0"]),  # 4 and 1 are no look-alikes: the totals' difference says which digit
        ("2,00", {-2, 2}, ["0,00", "4,00"]),  # 0,00 may be
        ("40,2", {Decimal("-0.2")}, ["40,0"]),
        ("2 400,0", {1000}, ["3 400,0"]),
        ("2017р.-34,0", {-30}, []),  # 04,0: no amount starts with a 0; the year stays
        ("230,25", {Decimal("0.05")}, []),  # 5 + 5 is no digit
        ("-", {1}, []),
    ],
)
def test_digit_changed_by_a_sum(line: str, changes: set[Decimal], variants: list[str]) -> None:
    assert numbers.digit_changed_by(line, {Decimal(change) for change in changes}) == variants


def test_an_amount_two_open_totals_cross_at_is_put_right_by_any_one_digit() -> None:
    """``850,5`` read ``820,5`` by every pass alike: its row's ``Всього`` and its column's total are both 30 short;
    ``2`` and ``5`` are no look-alikes, but the cell where the two totals cross, one digit changed by 30, closes both."""
    document = normalised(annex("820,5", (), unsure=False))
    assert funding_of(document, "1") == [(2021, "850.5"), (2022, "400.0")]
    assert {total.status for total in document.declared_totals} == {"matched"}
    assert any("'850,5' (read '820,5') is the reading that makes the declared totals add up" in note
               for note in document.source.notes)  # fmt: skip
    # with the row's total column gone, one total is short: no two cross at the cell, and nothing is changed
    document = normalised(annex("820,5", (), unsure=False, total_column=False))
    assert funding_of(document, "1") == [(2021, "820.5"), (2022, "400.0")]
    assert "total_mismatch" in {warning.code for warning in document.warnings}


def column_of(*lines: str) -> ParsedDocument:
    rows = tuple(SourceRow((SourceCell((line,)),), Location(table=1, row=number, page=1)) for number, line in enumerate(lines, 1))
    return ParsedDocument("a.pdf", "0" * 64, "pdf", (), (), (SourceTable(rows, 1),), 1)


def test_an_amount_the_totals_settle_is_written_with_its_columns_decimals() -> None:
    """``40,0`` read ``40,2`` under a stamp, also read ``40``: the totals take ``40``, which its column writes ``40,0``
    (the value, and so the totals' verdict, stays)."""
    reading = LineReadings(0, ("40",), True, 1, None)
    settled = {(0, 2, 0, 0): (reading, "40,2", "40")}
    parsed = totals.with_column_decimals(column_of("Інші джерела", "200,0", "40", "15,0", "255,0"), settled)
    assert parsed.tables[0].rows[2].cells[0].lines == ("40,0",)
    assert settled[(0, 2, 0, 0)] == (reading, "40,2", "40,0")
    settled = {(0, 2, 0, 0): (reading, "40,2", "40")}  # a column with an amount written whole: left as settled
    parsed = totals.with_column_decimals(column_of("Інші джерела", "200", "40", "15,0", "255,0"), settled)
    assert parsed.tables[0].rows[2].cells[0].lines == ("40",) and settled[(0, 2, 0, 0)][2] == "40"
    noted = totals.with_settled(parsed, [((0, 2, 0, 0), reading, "40", "40,0")]).notes
    assert noted == ("amounts settled by the declared totals: page 1, row 3: '40,0' (read '40', written as its column "
                     "writes its amounts) bears out the declared totals",)  # fmt: skip


def test_the_column_numbers_stay_as_read_when_the_totals_settle_their_column() -> None:
    numbers_row = SourceRow(tuple(SourceCell((str(number),)) for number in range(1, 5)), Location(table=1, row=1, page=1))
    amounts = [
        SourceRow((SourceCell((amount,)),), Location(table=1, row=row, page=1)) for row, amount in ((2, "200,0"), (3, "15,0"))
    ]
    parsed = ParsedDocument("a.pdf", "0" * 64, "pdf", (), (), (SourceTable((numbers_row, *amounts), 1),), 1)
    settled = {(0, 0, 0, 0): (LineReadings(0, (), True, 1, None), "1", "1")}
    assert totals.with_column_decimals(parsed, settled).tables == parsed.tables
    assert totals.is_column_numbers(numbers_row) and not totals.is_column_numbers(amounts[0])


def test_a_source_header_misread_past_the_vocabulary_beside_source_headers_is_spelt_as_the_nearest() -> None:
    """``Лержакиий`` / ``бюджет .)`` under a stamp: three letters off ``Державний``, the first among them; beside
    ``Місцевий бюджет`` and ``Інші джерела`` it is a source's header too."""
    where = Location(table=1, row=1, page=1)
    read = [(), ("Лержакиий", "бюджет .)"), ("Місцевий", "бюджет"), ("Інші", "джерела"), ("Всього",)]
    row = SourceRow(tuple(SourceCell(lines=lines, locations=(where,), readings=()) for lines in read), where)
    assert [cell.lines for cell in assemble.with_source_spelling([row])[0].cells] == [
        (), ("Державний", "бюджет"), ("Місцевий", "бюджет"), ("Інші", "джерела"), ("Всього",)]  # fmt: skip
    alone = SourceRow((row.cells[1], row.cells[4]), where)  # no source header beside it: left as read
    assert assemble.with_source_spelling([alone])[0].cells[0].lines == ("Лержакиий", "бюджет .)")
    body = SourceRow((SourceCell(("Управління", "бюджету")), *row.cells[2:]), where)  # no source word three letters off
    assert assemble.with_source_spelling([body])[0].cells[0].lines == ("Управління", "бюджету")


def test_an_amount_column_is_told_by_its_cells_and_a_marred_line_in_it_is_read_again() -> None:
    texts = [CellText(lines, 90.0) for lines in [("Обсяги", "фінансування"), ("2023 рік",), ("6",), ('го5п,а"-е 2.',),
             ("420,5",), ("-",), ("210,0",), ("Міський", "бюджет"), ("Державний",), ("Міський",), ("1880,5",)]]  # fmt: skip
    columns = [5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 5]
    assert numbers.amount_columns(texts, columns) == {5}  # amounts and a dash outnumber the header's words
    assert numbers.is_marred_amount_line('го5п,а"-е 2.')
    assert not any(map(numbers.is_marred_amount_line, ("6", "2.2.", "1250,0", "Відремонтовано 12 км", "-")))


def test_a_marred_amount_one_digits_only_reading_gives_stays_in_doubt() -> None:
    text = CellText(('го5п,а"-е 2.',), 40.0, (40.0,), ((0, 30),))
    pairs = {(0, 0): (Reading('го5п,а"-е 2.', 40.0), Reading("1250,0", 85.0))}
    marred = numbers.reconciled(0, text, pairs, {(0, 0): Reading("250", 70.0)}, {0}, {(0, 0)})
    assert marred.lines == ("1250,0",) and marred.unsure_lines == (0,)
    plain = numbers.reconciled(0, replace(text, lines=("1250.0",)), {(0, 0): (Reading("1250,0", 40.0), Reading("1250,0", 85.0))},
                               {}, {0})  # fmt: skip
    assert plain.lines == ("1250,0",) and plain.unsure_lines == ()


def test_two_lines_a_stamps_fragments_join_are_parted() -> None:
    """A table typed with no space between its rows: a stamp's lettering in the white between a section's line and
    its first measure's joins the two bands of ink; the row of pixels with next to no ink parts them."""
    page = np.full((600, 1600), 255, dtype=np.uint8)
    put = lambda text, x, y: cv2.putText(page, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)  # noqa: E731
    for index, text in enumerate(("Perelik zakhodiv", "1. Utrymannya dorig", "1.1. Remont vulyts  1250,0", "1.2. Mist")):
        put(text, 100, 100 + 42 * index)
    for y in range(140, 172, 2):  # the fragments: small marks down from the section's line to the measure's
        cv2.circle(page, (700 + (y % 7), y), 1, 0, -1)
    ink = image.ink_mask(image.flatten(page))
    assert len(lineless.text_lines(ink)) == 4
    clean = np.full_like(page, 255)
    put = lambda text, x, y: cv2.putText(clean, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 0, 4)  # noqa: E731
    put("Zakhody Programy", 100, 200)  # one line in a larger type, with lines of body text: not parted
    for index in range(3):
        cv2.putText(clean, "Remont vulyts", (100, 300 + 42 * index), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    assert len(lineless.text_lines(image.ink_mask(image.flatten(clean)))) == 4


def test_a_mark_read_as_letters_in_an_amount_column_is_no_print() -> None:
    """``Ра`` at 53 % where a stamp's rim crosses a section row's empty amount cell made the section a measure."""
    for mark in ("Ра", "Рая", "тез»", "А"):
        assert numbers.without_marks(CellText((mark,), 53.0, (53.0,), ((0, 30),))) is cells.EMPTY
    kept = numbers.without_marks(CellText(("Ра", "1250,0"), 53.0, (53.0, 90.0), ((0, 30), (34, 60))))
    assert kept.lines == ("1250,0",) and kept.line_confidences == (90.0,) and kept.confidence == 90.0
    for surer in (
        CellText(("Ра",), 85.0, (85.0,)),
        CellText(("-",), 40.0, (40.0,)),
        CellText(("р.",), 40.0, (40.0,)),
        CellText(("Всього",), 40.0, (40.0,)),
        CellText(("Інші", "джерела"), 40.0, (40.0, 40.0)),
    ):
        assert numbers.without_marks(surer) is surer  # read surely; a dash; a year's р. alone; words

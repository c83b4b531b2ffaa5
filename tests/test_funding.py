"""Funding cells into year/amount records: every cell of the seed, the variants of domain.md, properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.normalise.funding import amount_in_uah, funding_status, parse_amount, parse_funding_cell

from .conftest import SEED_TEXT

D = Decimal

# Every funding cell of decision №1911, with what a person reads in it.
SEED_CELLS = {
    "2017р.-34,0 2018р.-34,0 2019р.-34,0 2020р.-34,0": [(2017, "34.0"), (2018, "34.0"), (2019, "34.0"), (2020, "34.0")],
    "2017р.-12,0 2018р.-12,0 2019р.-20,0 2020р.-00,0": [(2017, "12.0"), (2018, "12.0"), (2019, "20.0"), (2020, "0.0")],
    "2017р.-15,5 2018р.-16,8 2019р.-1,2 2020р.-22,0": [(2017, "15.5"), (2018, "16.8"), (2019, "1.2"), (2020, "22.0")],
    "2017р.-12,0 2018р.-13,0 2019р.-12,76 2020р.-23,0": [(2017, "12.0"), (2018, "13.0"), (2019, "12.76"), (2020, "23.0")],
    "2017р.-25,0 2018р.-25,0 2019р.-25,0 2020р.-00,0": [(2017, "25.0"), (2018, "25.0"), (2019, "25.0"), (2020, "0.0")],
    "2017р.-17,5 2018р.-9,0 2019р.-25,401 2020р.-39,900": [(2017, "17.5"), (2018, "9.0"), (2019, "25.401"), (2020, "39.900")],
    "2017р.-48,0 2018р.-19,0 2019р.-23,645 2020р.-34,0": [(2017, "48.0"), (2018, "19.0"), (2019, "23.645"), (2020, "34.0")],
    "2017р.-5,0 2018р.-7,0 2019р.-18,0 2020р.-28,0": [(2017, "5.0"), (2018, "7.0"), (2019, "18.0"), (2020, "28.0")],
    "2017р.-10,0 2018р.-10,0 2019р.-00,0 2020р.-00,0": [(2017, "10.0"), (2018, "10.0"), (2019, "0.0"), (2020, "0.0")],
    "2017р.-65,0 2018р.-75,0 2019р.-94,994 2020р.-133,100": [(2017, "65.0"), (2018, "75.0"), (2019, "94.994"), (2020, "133.100")],
    "2018р.-2000,0 2019р.-2000,0 2020р.-2000,0": [(2018, "2000.0"), (2019, "2000.0"), (2020, "2000.0")],
    "2017р.-50,0 2018р.-25,0 2019р.-20,0 2020р.-20,0": [(2017, "50.0"), (2018, "25.0"), (2019, "20.0"), (2020, "20.0")],
    "2019р.-30,00 2020р.-35,00": [(2019, "30.00"), (2020, "35.00")],
    "2017р.-5,0 2018р.-5,0 2019р.-10,0 2020р.-10,0": [(2017, "5.0"), (2018, "5.0"), (2019, "10.0"), (2020, "10.0")],
}
# The sub-items' amounts of 3.6, as the continuation row holds them (the <p> fragments as lines).
SEED_SUBITEM_CELL = "в т.ч.:\n2019 р. – 18,00\n2020 р. – 25,00\n2019 р.- 2,00\n2020 р. – 2,00"

# Spellings from domain.md and published annexes beyond the seed.
VARIANTS = {
    "2017 р.-34,0": [(2017, "34.0")],
    "2017 рік – 34,0": [(2017, "34.0")],
    "2017рік—34,0": [(2017, "34.0")],
    "2021 р. — 2 000,0": [(2021, "2000.0")],
    "2021 р. - 2\u00a0000,0": [(2021, "2000.0")],
    "2022 р. – 1 250,5 2023 р. – 1 300,25": [(2022, "1250.5"), (2023, "1300.25")],
    "2019р.-25,401": [(2019, "25.401")],
    "2020р.-00,0": [(2020, "0.0")],
    "2021р.-15": [(2021, "15")],
    "2021 р.: 12,5": [(2021, "12.5")],
    "2017р.-34,0\n2018р.-34,0": [(2017, "34.0"), (2018, "34.0")],
    "2024 р. – 1 000 000,00": [(2024, "1000000.00")],
}


def pairs(cell: str) -> list[tuple[int, str]]:
    return [(record.year, format(record.amount, "f")) for record in parse_funding_cell(cell).records]


def seed_funding_cells() -> set[str]:
    """The non-empty funding cells (column 7) of the seed's table rows that hold no sub-items."""
    cells = set()
    for line in SEED_TEXT.read_text(encoding="utf-8").split("\n"):
        parts = line.split("\t")
        if len(parts) == 8 and parts[6].strip() and "<p>" not in parts[6] and parts[0] != "№ п/п" and parts[6] != "7":
            cells.add(parts[6])
    return cells


def test_the_table_covers_every_funding_cell_of_the_seed():
    assert seed_funding_cells() == set(SEED_CELLS)


@pytest.mark.parametrize(("cell", "expected"), list(SEED_CELLS.items()) + list(VARIANTS.items()))
def test_funding_cell(cell, expected):
    parsed = parse_funding_cell(cell)
    assert pairs(cell) == expected
    assert parsed.leftover == ""
    assert parsed.subitem_groups == ()


def test_seed_subitems_are_grouped_in_order():
    parsed = parse_funding_cell("2018р.-2000,0\n2019р.-2000,0\n2020р.-2000,0\n" + SEED_SUBITEM_CELL)
    assert [(r.year, r.amount) for r in parsed.records] == [(2018, D("2000.0")), (2019, D("2000.0")), (2020, D("2000.0"))]
    groups = [[(r.year, r.amount) for r in group] for group in parsed.subitem_groups]
    assert groups == [[(2019, D("18.00")), (2020, D("25.00"))], [(2019, D("2.00")), (2020, D("2.00"))]]
    assert parsed.has_subitem_marker


@pytest.mark.parametrize("marker", ["в т.ч.", "в т. ч.", "у тому числі:", "в тому числі", "з них:"])
def test_subitem_markers(marker):
    parsed = parse_funding_cell(f"2021 р. – 10,0 {marker} 2021 р. – 4,0 2021 р. – 6,0")
    assert [r.amount for r in parsed.records] == [D("10.0")]
    assert len(parsed.subitem_groups) == 2


def test_a_year_range_is_not_an_amount():
    assert pairs("2017-2020 роки") == []


def test_unreadable_text_is_left_over_not_dropped():
    parsed = parse_funding_cell("2017р.-34,0 близько тридцяти")
    assert pairs("2017р.-34,0 близько тридцяти") == [(2017, "34.0")]
    assert "близько тридцяти" in parsed.leftover


@pytest.mark.parametrize(
    ("texts", "status"),
    [
        (("", "Фінансування не потребує"), "not_required"),
        (("Не потребує фінансування",), "not_required"),
        (("", "Фінансування не потребує  (по програмі розвитку МАІС)"), "not_required"),
        (("За окремою програмою",), "separate_programme"),
        (("", "Кошти міського бюджету"), "unknown"),
    ],
)
def test_funding_status(texts, status):
    assert funding_status(False, *texts) == status
    assert funding_status(True, *texts) == "funded"


@pytest.mark.parametrize(
    ("text", "value"),
    [("34,0", D("34.0")), ("2 000,0", D("2000.0")), ("1\u00a0250,50", D("1250.50")), ("-", None), ("", None), ("abc", None)],
)
def test_parse_amount(text, value):
    assert parse_amount(text) == value


def test_amount_in_uah_is_exact():
    assert amount_in_uah(D("25.401"), "thousand_uah") == D(25401)
    assert amount_in_uah(D("0.0"), "thousand_uah") == D(0)
    assert amount_in_uah(D("1234.56"), "uah") == D("1234.56")
    assert str(amount_in_uah(D("133.100"), "thousand_uah")) == "133100"


# --- properties -------------------------------------------------------------

YEAR_SUFFIXES = ["р.", " р.", "р", " рік", "рік", " р. "]
DASHES = ["-", "–", "—", " - ", " – ", "- ", " —"]


def write_amount(value: Decimal, decimals: int, thousands: str) -> str:
    whole, _, fraction = f"{value:.{decimals}f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands) if thousands else whole
    return grouped + ("," + fraction if decimals else "")


@st.composite
def funding_cells(draw):
    years = sorted(draw(st.sets(st.integers(min_value=1995, max_value=2099), min_size=1, max_size=6)))
    records, parts = [], []
    separator = draw(st.sampled_from([" ", "\n", "  ", " \u00a0"]))
    for year in years:
        decimals = draw(st.integers(min_value=0, max_value=3))
        cents = draw(st.integers(min_value=0, max_value=10**9))
        value = (Decimal(cents) / Decimal(10**3)).quantize(Decimal(1).scaleb(-decimals)) if decimals else Decimal(cents // 1000)
        thousands = draw(st.sampled_from(["", " ", "\u00a0"]))
        text = f"{year}{draw(st.sampled_from(YEAR_SUFFIXES))}{draw(st.sampled_from(DASHES))}{write_amount(value, decimals, thousands)}"
        parts.append(text)
        records.append((year, value))
    return separator.join(parts), records


@given(funding_cells())
def test_format_then_parse_gives_the_values_back(case):
    cell, records = case
    parsed = parse_funding_cell(cell)
    assert [(r.year, r.amount) for r in parsed.records] == records
    assert parsed.leftover == ""


@given(st.text())
def test_arbitrary_text_never_raises(text):
    parsed = parse_funding_cell(text)
    assert isinstance(parsed.leftover, str)
    funding_status(bool(parsed.records), text)
    parse_amount(text)


@pytest.mark.parametrize(
    ("cell", "total", "expected"),
    [
        ("Всього – 136,0, в т.ч.: 2017 р. – 34,0; 2018 р. – 34,0; 2019 р. – 34,0; 2020 р. – 34,0", "136.0",
         [(2017, "34.0"), (2018, "34.0"), (2019, "34.0"), (2020, "34.0")]),
        ("Разом: 2 000,0 тис. грн\n2021 р. – 1 000,0\n2022 р. – 1 000,0", "2000.0", [(2021, "1000.0"), (2022, "1000.0")]),
        ("Усього 15,5 2021 рік – 15,5", "15.5", [(2021, "15.5")]),
    ],
)  # fmt: skip
def test_a_stated_total_broken_down_by_year_is_not_subitems(cell, total, expected):
    parsed = parse_funding_cell(cell)
    assert pairs(cell) == expected
    assert parsed.stated_total == D(total)
    assert parsed.subitem_groups == () and not parsed.has_subitem_marker
    assert parsed.leftover == ""


@pytest.mark.parametrize(
    ("cell", "raw"),
    [("2020р.-\n39,900", "2020р.-39,900"), ("2019 р. –\n18,00", "2019 р. – 18,00"), ("2021\nрік – 5,0", "2021 рік – 5,0")],
)
def test_raw_of_a_pair_cut_at_a_line_end_is_one_line(cell, raw):
    (record,) = parse_funding_cell(cell).records
    assert record.raw == raw

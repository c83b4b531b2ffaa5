"""The grid model with strings alone: header paths, column coordinates, cells, rows and checks (``normalise/grid.py``).

Header paths and cells are quoted from published annexes (``../shared/docs/real-layouts.md``
and ``../shared/real/``); each expected value is what a person reads off them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.normalise import grid
from extractor.normalise.columns import is_funding_header
from extractor.normalise.grid import AmountColumn, Coordinates, Covered, Extent, Figure

# --- Header paths: merged cells give their text to their first grid column -------------

EIGHT_COLUMNS = [
    ["№", "Назва", "Обсяг фінансування, тис. гривень", "", "", "", "", "", "", ""],
    ["", "", "усього", "", "у тому числі", "", "", "", "", ""],
    ["", "", "", "", "капітальні вкладення", "", "поточні витрати", "", "", ""],
    ["", "", "", "", "", "", "науково-дослідні роботи", "", "інші потреби", ""],
    ["", "", "обласний бюджет", "інші джерела"] * 1 + ["обласний бюджет", "інші джерела"] * 3,
]


def test_header_paths_of_a_five_row_source_by_expense_grid():
    paths = grid.header_paths(EIGHT_COLUMNS)
    assert paths[0] == ("№",) and paths[1] == ("Назва",)
    assert paths[3] == ("Обсяг фінансування, тис. гривень", "усього", "інші джерела")
    assert paths[4] == ("Обсяг фінансування, тис. гривень", "у тому числі", "капітальні вкладення", "обласний бюджет")
    assert paths[9] == ("Обсяг фінансування, тис. гривень", "у тому числі", "поточні витрати", "інші потреби", "інші джерела")


def test_a_column_with_no_header_has_an_empty_path_and_a_vertical_merge_stays_its_own():
    rows = [
        ["", "", "Сума коштів, тис.грн.", "Джерела фінансування", "Очікуваний результат", "Обсяги фінансування", ""],
        ["", "", "", "", "", "2024", "2025"],
    ]
    paths = grid.header_paths(rows)
    assert paths[:2] == ((), ())
    assert paths[4] == ("Очікуваний результат",)  # merged down; the years' group does not reach back over it
    assert paths[6] == ("Обсяги фінансування", "2025")


# (header path, amount?, year, source, expense, total)
HEADINGS = [
    (("Орієнтовні обсяги фінансування (тис.грн.)",), True, None, None, None, False),
    (("Обсяги фінансування, тис. грн", "у тому числі за роками", "2021 рік"), True, 2021, None, None, False),
    (("Орієнтовані обсяги фінансування (вартість), тис. грн., у тому числі за роками:", "2024"), True, 2024, None, None, False),
    (("Обсяги фінансування, тис. грн", "Всього"), True, None, None, None, True),
    (("Орієнтовні обсяги фінансування (тис.грн.)", "Облас-ний бюджет"), True, None, "Обласний бюджет", None, False),
    (("Орієнтовні обсяги фінансування (тис.грн.)", "Інші джерела фінансу-\nвання"), True, None,
     "Інші джерела фінансування", None, False),
    (("Субвенція з державного бюджету",), True, None, "Субвенція з державного бюджету", None, False),
    (EIGHT_COLUMNS[0][2:3] + ["у тому числі", "поточні витрати", "науково-дослідні роботи", "обласний бюджет"], True, None,
     "обласний бюджет", "поточні витрати: науково-дослідні роботи", False),
    ((EIGHT_COLUMNS[0][2], "усього", "інші джерела"), True, None, "інші джерела", None, True),
    (("Обсяги видатків на 2011р., грн.",), True, 2011, None, None, False),
    (("Орієнтовні обсяги фінансування на 2021-2023 роки",), True, None, None, None, False),
    (("Сума витрат, тис. грн.",), True, None, None, None, False),
    (("2017",), True, 2017, None, None, False),
    (("2О21 рік",), True, 2021, None, None, False),  # OCR: a Cyrillic О for the zero
    (("Виконавці",), False, None, None, None, False),
    (("Джерела фінансування (обласний бюджет, інші кошти)",), False, None, None, None, False),
    (("Прогнозний обсяг фінансових ресурсів для виконання завдань, тис. грн.",), True, None, None, None, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "amount", "year", "source", "expense", "total"), HEADINGS, ids=[" / ".join(h[0]) for h in HEADINGS]
)
def test_heading_gives_a_columns_coordinates(path, amount, year, source, expense, total):
    found = grid.heading(path, is_funding_header)
    assert (found.amount, found.year, found.source, found.expense, found.total) == (amount, year, source, expense, total)


# --- Cells ---------------------------------------------------------------------------

PLAIN = AmountColumn(3)
YEAR_2019 = AmountColumn(4, Coordinates(year=2019), header="2019")
TOTAL = AmountColumn(2, total=True, header="Орієнтовний обсяг")


def figures(text: str, column: AmountColumn = PLAIN) -> list[tuple]:
    money = grid.read_cell(text, column)
    return [(f.coordinates.year, f.coordinates.source, str(f.amount), f.declared) for f in money.figures]


# (cell as printed, column, figures: (year, source, amount, declared))
CELLS = [
    ("2017р.-34,0 2018р.-34,0", PLAIN, [(2017, None, "34.0", False), (2018, None, "34.0", False)]),
    ("5528,70", PLAIN, [(None, None, "5528.70", False)]),
    ("0,00", YEAR_2019, [(2019, None, "0.00", False)]),
    ("20 000", PLAIN, [(None, None, "20000", False)]),
    ("32,890", PLAIN, [(None, None, "32.890", False)]),
    ("150,0 тис. грн", PLAIN, [(None, None, "150.0", False)]),
    ("-", YEAR_2019, []),
    ("", YEAR_2019, []),
    ("957,0", TOTAL, [(None, None, "957.0", True)]),
    ("Всього – 30,0, в т.ч.: 2021 р. – 10,0; 2022 р. – 20,0", PLAIN,
     [(2021, None, "10.0", False), (2022, None, "20.0", False), (None, None, "30.0", True)]),
    ("1195763,8 (у тому числі:\nіз обласного бюджету – 1190740,3;\nіз місцевого бюджету – 3838,5;\n"
     "інші джерела              – 1185,0)", TOTAL,
     [(None, None, "1195763.8", True), (None, "обласного бюджету", "1190740.3", True),
      (None, "місцевого бюджету", "3838.5", True), (None, "інші джерела", "1185.0", True)]),
    ("1195763,8 (у тому числі: із обласного бюджету – 1190740,3; інші джерела – 5023,5)", PLAIN,
     [(None, None, "1195763.8", True), (None, "обласного бюджету", "1190740.3", False),
      (None, "інші джерела", "5023.5", False)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "column", "expected"), CELLS, ids=[c[0][:30] for c in CELLS])
def test_read_cell(text, column, expected):
    assert figures(text, column) == expected


@pytest.mark.parametrize("text", ["50% вартості проїзду", "від 05.11.2008 № 976", "Т 1705"])
def test_numbers_that_are_not_amounts_are_left_over_not_records(text):
    money = grid.read_cell(text, PLAIN)
    assert money.figures == () and money.leftover


def test_status_words_are_a_status_not_leftover():
    money = grid.read_cell("Фінансування не потребує", YEAR_2019)
    assert money.figures == () and money.leftover == "" and money.status_text == "Фінансування не потребує"


def test_positional_sub_amounts_take_the_sources_of_the_rows_breakdown_in_order():
    """The Kharkiv excerpt: the total cell names the sources, each year cell lists its parts in that order."""
    cells = {
        2: "1195763,8 (у тому числі: із обласного бюджету – 1190740,3; із місцевого бюджету – 3838,5; інші джерела – 1185,0)",
        3: "230883,3\n– 229312,9;\n– 1315,4;\n– 255,0",
        4: "254273,0\n\n–253044,9;\n– 993,1;\n– 235,0",
    }
    columns = [TOTAL, AmountColumn(3, Coordinates(year=2019)), AmountColumn(4, Coordinates(year=2020))]
    money = grid.read_row(cells, columns)
    assert [(r.coordinates.year, r.coordinates.source, str(r.amount)) for r in money.records] == [
        (2019, "обласного бюджету", "229312.9"), (2019, "місцевого бюджету", "1315.4"), (2019, "інші джерела", "255.0"),
        (2020, "обласного бюджету", "253044.9"), (2020, "місцевого бюджету", "993.1"), (2020, "інші джерела", "235.0"),
    ]  # fmt: skip
    heads = [(d.coordinates.year, d.coordinates.source, str(d.amount)) for d in money.declared]
    assert heads[0] == (None, None, "1195763.8") and (2019, None, "230883.3") in heads and (2020, None, "254273.0") in heads
    assert money.unmatched_parts == 0
    assert grid.check_declared(money.declared[4], [Covered(r.amount, r.coordinates) for r in money.records]).status == "matched"


def test_positional_parts_with_no_breakdown_fall_back_to_the_measures_sources_or_stay_unmatched():
    columns = [AmountColumn(3, Coordinates(year=2019))]
    named = grid.read_row({3: "30,0 – 20,0; – 10,0"}, columns, sources=["Обласний бюджет", "Інші джерела"])
    assert [(r.coordinates.source, str(r.amount)) for r in named.records] == [
        ("Обласний бюджет", "20.0"),
        ("Інші джерела", "10.0"),
    ]
    unnamed = grid.read_row({3: "30,0 – 20,0; – 10,0"}, columns, sources=["Обласний бюджет"])
    assert [r.coordinates.source for r in unnamed.records] == [None, None] and unnamed.unmatched_parts == 2


def test_a_row_names_its_executor_and_the_columns_their_sources():
    columns = [AmountColumn(4, Coordinates(source="Державний бюджет")), AmountColumn(5, Coordinates(source="Обласний бюджет")),
               AmountColumn(6, total=True, header="Всього")]  # fmt: skip
    executor = "Департамент охорони здоров’я ХОДА"
    money = grid.read_row({4: "0,00", 5: "957,0", 6: "957,0"}, columns, Coordinates(executor=executor))
    assert [(r.coordinates, str(r.amount)) for r in money.records] == [
        (Coordinates(source="Державний бюджет", executor=executor), "0.00"),
        (Coordinates(source="Обласний бюджет", executor=executor), "957.0"),
    ]
    (total,) = money.declared
    covered = [Covered(r.amount, r.coordinates) for r in money.records]
    assert grid.check_declared(total, covered) == grid.Check("matched", Decimal("957.0"), 2)


def test_a_total_row_declares_every_figure():
    columns = [AmountColumn(3, Coordinates(year=2022)), AmountColumn(4, Coordinates(year=2023))]
    money = grid.read_row({3: "10,0", 4: "-"}, columns, Coordinates(source="міський бюджет"), total_row=True)
    assert money.records == () and [(d.coordinates.source, d.declared) for d in money.declared] == [("міський бюджет", True)]


# --- Checks ---------------------------------------------------------------------------


def covered(*items: tuple[str, Coordinates]) -> list[Covered]:
    return [Covered(Decimal(amount), coordinates) for amount, coordinates in items]


def test_a_declared_figure_covers_only_the_coordinates_it_names():
    records = covered(("10", Coordinates(2021, "Обласний бюджет")), ("5", Coordinates(2021, "Кошти міського бюджету")),
                      ("7", Coordinates(2022, "Обласний бюджет")))  # fmt: skip
    by_source = Figure(Coordinates(source="обласного бюджету"), Decimal("17"), "17", declared=True)
    assert grid.check_declared(by_source, records).status == "matched"
    by_year = Figure(Coordinates(year=2021), Decimal("16"), "16", declared=True)
    assert grid.check_declared(by_year, records) == grid.Check("mismatch", Decimal("15"), 2)
    nobody = Figure(Coordinates(source="Субвенція"), Decimal("1"), "1", declared=True)
    assert grid.check_declared(nobody, records).status == "unchecked"


def test_a_total_over_measures_the_fragment_does_not_list_cannot_close():
    figure = Figure(Coordinates(), Decimal("100"), "100", declared=True)
    listed = covered(("30", Coordinates()), ("20", Coordinates()))
    gaps = grid.numbering_gaps(["1.1", "1.3", "1.4"])
    assert gaps == ["1.2"]
    assert grid.check_declared(figure, listed, gaps).status == "unchecked"
    assert grid.check_declared(figure, listed).status == "mismatch"
    assert grid.check_declared(Figure(Coordinates(), Decimal("40"), "40"), listed, gaps).status == "mismatch"  # below: wrong


@pytest.mark.parametrize(
    ("ids", "gaps"),
    [(["1.1", "1.2", "2.1"], []), (["1.1", "1.3"], ["1.2"]), (["1.1", "3.1"], ["2"]), (["1.1", "1.1.1", "1.1.3"], ["1.1.2"]),
     (["1", "1.1", "1.2"], [])],
)  # fmt: skip
def test_numbering_gaps(ids, gaps):
    assert grid.numbering_gaps(ids) == gaps


def test_a_merged_down_total_covers_the_rows_below_it_when_its_own_row_does_not_close():
    """A task's total in a cell merged over its measures' rows (the parsers give it to the first row only)."""
    task = Figure(Coordinates(), Decimal("60"), "60", declared=True, mergeable=True)
    rows = [[], covered(("10", Coordinates(2016)), ("20", Coordinates(2017))), covered(("30", Coordinates(2016)))]
    check, spanned = grid.resolve_extent(Extent(task, rows, ["1.1", "1.1.1", "1.2"]))
    assert (check.status, spanned) == ("matched", 3)
    own = Figure(Coordinates(), Decimal("30"), "30", declared=True, mergeable=True)
    rows = [covered(("10", Coordinates(2016)), ("20", Coordinates(2017))), covered(("5", Coordinates(2016)))]
    assert grid.resolve_extent(Extent(own, rows, ["1.1", "1.2"]))[0].status == "matched"  # its own row closes it

"""Header mapping over real header wordings, and year-column tables built from strings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.errors import NoProgrammeTableError
from extractor.model import Location, ParsedDocument, SourceCell, SourceRow, SourceTable
from extractor.normalise import build_document
from extractor.normalise.columns import header_role, map_columns, year_header

# (header as published, role); hyphenation, typos and line breaks as councils leave them
HEADERS = [
    ("№ п/п", "section_number"),
    ("№ з/п", "section_number"),
    ("Назва напрямку діяльності (пріоритетні завдання)", "direction"),
    ("Перелік заходів Програми", "measure"),
    ("Зміст заходу", "measure"),
    ("Найменування заходу", "measure"),
    ("Термін виконання", "term"),
    ("Строк виконання", "term"),
    ("Строки виконання заходу", "term"),
    ("Виконавці", "executors"),
    ("Відповідальні виконавці", "executors"),
    ("Виконавеці", "executors"),  # a typo: found by the near-miss match
    ("Джерела фінансування", "sources"),
    ("Джерела фінан-\nсування", "sources"),
    ("Орієнтовні обсяги фінансування (тис.грн.)", "funding"),
    ("Орієнтовані обсяги фінансування, тис. грн", "funding"),
    ("Обсяг фінан-\nсування", "funding"),
    ("Обсяги фінансування, тис. грн", "funding"),
    ("Орієнтовні обсяги фінансування (вартість), тис. гривень", "funding"),
    ("Обсяги фінансуваня", "funding"),  # a typo
    ("Очікувані результати", "result"),
    ("Очікуваний результат", "result"),
    ("Очікуваний результат виконання заходу", "result"),
    ("Очікуванні резултати", "result"),  # two typos
    ("2021 рік", None),
    ("Всього", None),
    ("Примітка", None),
]


@pytest.mark.parametrize(("header", "role"), HEADERS, ids=[header for header, _ in HEADERS])
def test_header_role(header, role):
    assert header_role(header) == role


@pytest.mark.parametrize(
    ("text", "year"),
    [("2021 рік", 2021), ("2022", 2022), ("2023 р.", 2023), ("у 2022 році", 2022), ("2021р", 2021), ("2021-2023", None),
     ("Всього", None), ("1", None)],
)  # fmt: skip
def test_year_header(text, year):
    assert year_header(text) == year


def table(*rows: list[str], index: int = 1) -> SourceTable:
    built = []
    for number, cells in enumerate(rows, start=1):
        location = Location(table=index, row=number)
        built.append(
            SourceRow(tuple(SourceCell(tuple(cell.split("\n")) if cell else (), (location,)) for cell in cells), location)
        )
    return SourceTable(tuple(built), index)


HEADER_BLOCK = "Додаток 1 до рішення 12 сесії Тестової міської ради VIII скликання від 01.02.2022 № 5"


def document(*tables: SourceTable, before=(HEADER_BLOCK, "Програма розвитку спорту на 2022-2024 роки")):
    return build_document(ParsedDocument("t.html", "0" * 64, "html", tuple(before), ("Міський голова   Іван ПЕТРЕНКО",), tables))


# One-row header, years and Всього in it; measures numbered "1)" under section rows; units in hryvnias.
YEARS_ONE_ROW = table(
    ["№", "Назва заходу", "Виконавець", "Джерело фінансування", "2022", "2023", "2024", "Всього, грн"],
    ["1. Спортивна інфраструктура", "", "", "", "", "", "", ""],
    ["1)", "Ремонт стадіону", "Відділ спорту", "Бюджет громади", "10 000", "-", "5 000,50", "15 000,50"],
    ["2)", "Придбання тренажерів", "Відділ спорту", "Бюджет громади", "-", "2 000", "-", "2 500"],
    ["Разом", "", "", "", "10 000", "2 000", "5 000,50", "17 000,50"],
)


def test_year_columns_in_hryvnias_and_plain_numbers_under_section_rows():
    columns = map_columns(YEARS_ONE_ROW)
    assert columns is not None and columns.years == {2022: 4, 2023: 5, 2024: 6} and columns.row_total == 7
    doc = document(YEARS_ONE_ROW)
    assert doc.programme.unit == "uah"
    assert [(m.id, m.section, m.text) for m in doc.measures] == [
        ("1.1", "1", "Ремонт стадіону"),
        ("1.2", "1", "Придбання тренажерів"),
    ]
    assert [(r.year, r.amount, r.amount_uah) for r in doc.measures[0].funding] == [
        (2022, Decimal("10000"), Decimal("10000")),
        (2024, Decimal("5000.50"), Decimal("5000.5")),
    ]
    # 1.2's total column says 2 500, its one year 2 000: a warning, and the Разом row agrees with the measures
    assert [(w.code, w.where.measure) for w in doc.warnings] == [("measure_total_mismatch", "1.2")]
    assert [(t.year, t.computed_uah, t.declared_uah) for t in doc.totals] == [
        (2022, Decimal(10000), Decimal(10000)),
        (2023, Decimal(2000), Decimal(2000)),
        (2024, Decimal("5000.5"), Decimal("5000.5")),
    ]


def test_section_subtotal_is_checked_against_its_section():
    rows = table(
        ["№ з/п", "Зміст заходу", "Строк", "Обсяги фінансування, тис. грн", "", "Очікуваний результат"],
        ["", "", "", "2022 рік", "2023 рік", ""],
        ["1. Перший напрям", "", "", "", "", ""],
        ["1.1", "Захід А", "2022", "1,0", "2,0", "А"],
        ["Разом за розділом 1", "", "", "1,0", "9,0", ""],
        ["2. Другий напрям", "", "", "", "", ""],
        ["2.1", "Захід Б", "2023", "-", "4,0", "Б"],
        ["Всього по Програмі", "", "", "1,0", "6,0", ""],
    )
    doc = document(rows)
    assert [m.id for m in doc.measures] == ["1.1", "2.1"]
    assert [(w.code, w.message) for w in doc.warnings] == [
        ("total_mismatch", "2023: the total row 'Разом за розділом 1' of section 1 states 9000 UAH, the measures add up to 2000 UAH")
    ]
    assert [(t.year, t.declared_uah) for t in doc.totals] == [(2022, Decimal(1000)), (2023, Decimal(6000))]


def test_passport_table_is_ignored_with_a_note():
    passport = table(["Паспорт Програми", ""], ["Ініціатор", "Відділ спорту"], ["Термін реалізації", "2022-2024"], index=1)
    measures = table(*[[cell for cell in row] for row in (
        ["№", "Назва заходу", "Виконавець", "Джерело фінансування", "2022", "2023", "2024", "Всього, грн"],
        ["1", "Ремонт стадіону", "Відділ спорту", "Бюджет громади", "1", "-", "-", "1"],
    )], index=2)  # fmt: skip
    doc = document(passport, measures)
    assert [m.id for m in doc.measures] == ["1"]
    assert [(w.code, w.where.table) for w in doc.warnings][:1] == [("table_ignored", 1)]


def test_unmappable_table_error_lists_the_headers_seen():
    with pytest.raises(NoProgrammeTableError) as error:
        document(table(["Колонка А", "Колонка Б", "Колонка В"], ["1", "2", "3"]))
    assert "Колонка А | Колонка Б | Колонка В" in str(error.value)


def test_unknown_header_is_a_warning_naming_it():
    rows = table(
        ["№ з/п", "Зміст заходу", "Виконавці", "Обсяг фінансування, тис. грн", "Примітка"],
        ["1", "Захід", "Відділ", "2022 р. - 1,0", "—"],
    )
    doc = document(rows)
    assert [(w.code, w.message) for w in doc.warnings] == [
        ("column_unmapped", "header 'Примітка' names no known column; its cells were not read")
    ]


def test_rows_per_source_with_the_measure_row_naming_the_first_source():
    rows = table(
        ["№ з/п", "Зміст заходу", "Джерела фінансування", "2022", "2023"],
        ["1", "Будівництво басейну", "Державний бюджет", "100,0", "200,0"],
        ["", "", "Місцевий бюджет", "10,0", "-"],
        ["2", "Інший захід", "Місцевий бюджет", "1,0", "1,0"],
        ["Всього", "", "", "111,0", "201,0"],
        ["у тому числі місцевий бюджет", "", "", "11,0", "1,0"],
    )
    doc = document(rows, before=(HEADER_BLOCK, "Програма розвитку спорту на 2022-2023 роки, тис. грн"))
    first = doc.measures[0]
    assert first.sources == ("Державний бюджет", "Місцевий бюджет")
    assert [(r.year, r.amount_uah, r.source) for r in first.funding] == [
        (2022, Decimal(100000), "Державний бюджет"),
        (2023, Decimal(200000), "Державний бюджет"),
        (2022, Decimal(10000), "Місцевий бюджет"),
    ]
    assert [w.code for w in doc.warnings if w.code != "metadata_missing"] == []

"""Tables built from strings through the whole normaliser: grid features no test document above shows alone.

Each table is small and written as printed; the expected values are read off it by hand.
"""

from __future__ import annotations

from decimal import Decimal

from extractor.model import Location, ParsedDocument, SourceCell, SourceRow, SourceTable
from extractor.normalise import build_document
from extractor.normalise.columns import map_columns

HEADER_BLOCK = "Додаток 1 до рішення 9 сесії Ірпінської міської ради VIII скликання від 11.03.2021 № 301"
HEADING = "Заходи Програми розвитку туризму на 2021-2022 роки"


def table(*rows: list[str]) -> SourceTable:
    built = []
    for number, cells in enumerate(rows, start=1):
        location = Location(table=1, row=number)
        built.append(SourceRow(tuple(SourceCell(tuple(c.split("\n")) if c else (), (location,)) for c in cells), location))
    return SourceTable(tuple(built), 1)


def document(source: SourceTable, before: tuple[str, ...] = (HEADER_BLOCK, HEADING)):
    parsed = ParsedDocument("t.html", "0" * 64, "html", before, ("Міський голова", "Олександр МАРКУШИН"), (source,))
    return build_document(parsed)


def records(measure) -> list[tuple]:
    return [(r.year, r.source, r.executor, str(r.amount), r.amount_uah) for r in measure.funding]


def test_year_rows_under_a_measure_give_their_years():
    """No year column: the measure's rows name a year each in the term column, the measure cells merged down."""
    doc = document(
        table(
            ["№ з/п", "Назва заходу", "Термін виконання", "Виконавці", "Сума коштів, тис.грн."],
            ["1.", "Виготовлення туристичних буклетів", "2021", "Відділ туризму", "12,5"],
            ["", "", "2022", "", "14,0"],
            ["2.", "Участь у туристичних виставках", "2021-2022 роки", "Відділ туризму", "30,0"],
        )
    )
    first, second = doc.measures
    assert (first.id, first.term.raw, first.executors) == ("1", "2021", ("Відділ туризму",))
    assert records(first) == [(2021, None, None, "12.5", Decimal(12500)), (2022, None, None, "14.0", Decimal(14000))]
    assert records(second) == [(None, None, None, "30.0", Decimal(30000))]
    assert doc.warnings == ()


def test_an_unreadable_year_header_between_two_years_keeps_its_column():
    """OCR left the middle year's header unreadable: the column stands between 2021 and 2023, so it is 2022."""
    source = table(
        ["№ з/п", "Назва заходу", "Виконавці", "Обсяги фінансування, тис. грн", "", ""],
        ["", "", "", "2021", "~~", "2023"],
        ["1.", "Облаштування туристичних маршрутів", "Відділ туризму", "10,0", "20,0", "30,0"],
        ["2.", "Встановлення вказівників", "Відділ туризму", "1,0", "-", "3,0"],
    )
    columns = map_columns(source)
    assert columns is not None
    assert [(c.index, c.coordinates.year, c.total) for c in columns.amount_columns] == [
        (3, 2021, False), (4, 2022, False), (5, 2023, False),
    ]  # fmt: skip
    doc = document(source, before=(HEADER_BLOCK, "Заходи Програми розвитку туризму на 2021-2023 роки"))
    assert [records(m) for m in doc.measures] == [
        [(2021, None, None, "10.0", Decimal(10000)), (2022, None, None, "20.0", Decimal(20000)),
         (2023, None, None, "30.0", Decimal(30000))],
        [(2021, None, None, "1.0", Decimal(1000)), (2023, None, None, "3.0", Decimal(3000))],
    ]  # fmt: skip
    assert [(w.code, w.message) for w in doc.warnings] == [
        (
            "column_inferred",
            "column 5 has no readable header of its own; read as amount: it stands between the year columns: 2022",
        )
    ]


def test_an_unreadable_total_header_is_told_by_its_sums():
    source = table(
        ["№ з/п", "Назва заходу", "2021", "2022", ""],
        ["1.", "Облаштування туристичних маршрутів", "10,0", "20,0", "30,0"],
        ["2.", "Встановлення вказівників", "1,0", "-", "1,0"],
    )
    columns = map_columns(source)
    assert columns is not None and [(c.index, c.total) for c in columns.amount_columns] == [(2, False), (3, False), (4, True)]


def test_a_sub_section_line_above_the_header_opens_the_section():
    doc = document(
        table(
            ["Підрозділ 9. Соціальний захист", "", "", ""],
            ["№ з/п", "Зміст заходу", "Виконавці", "Обсяг фінансування, тис. грн"],
            ["1.", "Оздоровлення дітей пільгових категорій", "Служба у справах дітей", "2021 р. – 150,0"],
        )
    )
    (measure,) = doc.measures
    assert [(s.number, s.title) for s in doc.sections] == [("9", "Соціальний захист")]
    assert (measure.id, measure.section, records(measure)) == ("9.1", "9", [(2021, None, None, "150.0", Decimal(150000))])


def test_a_sub_section_paragraph_right_above_the_table_opens_the_section():
    doc = document(
        table(
            ["№ з/п", "Зміст заходу", "Виконавці", "Обсяг фінансування, тис. грн"],
            ["1.", "Оздоровлення дітей пільгових категорій", "Служба у справах дітей", "2021 р. – 150,0"],
        ),
        before=(HEADER_BLOCK, HEADING, "Підрозділ 4. Молодь і спорт"),
    )
    assert [(s.number, s.title) for s in doc.sections] == [("4", "Молодь і спорт")]
    assert [(m.id, m.section) for m in doc.measures] == [("4.1", "4")]


def test_one_column_for_the_number_and_the_task():
    """``№ з/п, назва завдання`` over cells that start with their number."""
    doc = document(
        table(
            ["№ з/п, назва завдання", "Виконавці", "Термін виконання", "Обсяг фінансування, тис. грн"],
            ["1. Розвиток туристичної інфраструктури", "", "", ""],
            ["1.1. Облаштування туристичних стежок", "Відділ туризму", "2021", "45,0"],
            ["1.2. Встановлення інформаційних знаків", "Відділ туризму", "2022", "12,5"],
        )
    )
    assert [(s.number, s.title) for s in doc.sections] == [("1", "Розвиток туристичної інфраструктури")]
    assert [(m.id, m.section, m.text, records(m)) for m in doc.measures] == [
        ("1.1", "1", "Облаштування туристичних стежок", [(2021, None, None, "45.0", Decimal(45000))]),
        ("1.2", "1", "Встановлення інформаційних знаків", [(2022, None, None, "12.5", Decimal(12500))]),
    ]
    assert doc.warnings == ()


def test_executors_one_per_paragraph_and_dash_bullets():
    doc = document(
        table(
            ["№ з/п", "Назва заходу", "Виконавці", "Обсяг фінансування, тис. грн"],
            ["1.", "Проведення фестивалю «Ірпінські вечори»", "Відділ культури\nУправління освіти та\nмолоді\nСлужба у справах дітей",
             "2021 р. – 80,0"],
            ["2.", "Підтримка туристичних ініціатив:\n- велосипедних маршрутів;\n- зелених садиб",
             "- Відділ туризму;\n- громадські організації", "2022 р. – 25,0"],
        )
    )  # fmt: skip
    first, second = doc.measures
    assert first.executors == ("Відділ культури", "Управління освіти та молоді", "Служба у справах дітей")
    assert second.executors == ("Відділ туризму", "громадські організації")
    assert second.text == "Підтримка туристичних ініціатив: - велосипедних маршрутів; - зелених садиб"


def test_an_unnumbered_row_with_an_amount_under_a_measure_is_its_part_and_counts_once():
    doc = document(
        table(
            ["№ з/п", "Назва заходу", "Виконавці", "Сума коштів, тис.грн."],
            ["1.", "Благоустрій парку", "КП «Ірпіньсервіс»", "300,0"],
            ["", "Заходи по благоустрою с. Романівка", "", "120,0"],
            ["", "Заходи по благоустрою с. Мощун", "", "200,0"],
            ["Разом", "", "", "300,0"],
        )
    )
    assert [(m.id, m.parent) for m in doc.measures] == [("1", None), ("1.1", "1"), ("1.2", "1")]
    # the parts add up to more than the measure: said, and the programme counts the measure once
    assert [w.code for w in doc.warnings] == ["subitem_exceeds_parent"]
    assert [(t.year, t.computed_uah) for t in doc.totals] == [(None, Decimal(300000))]
    assert [t.status for t in doc.declared_totals] == ["matched"]


def test_a_source_row_under_a_measure_whose_row_says_vsogo():
    """The measure's own row is the sum of its source rows: declared, checked, never a record."""
    doc = document(
        table(
            ["№ з/п", "Назва заходу", "Джерела фінансування", "2021 рік", "2022 рік"],
            ["1.", "Реставрація садиби", "Всього", "150,0", "200,0"],
            ["", "", "Державний бюджет", "100,0", "150,0"],
            ["", "", "Міський бюджет", "50,0", "60,0"],
        ),
        before=(HEADER_BLOCK, HEADING, "тис. грн"),
    )
    (measure,) = doc.measures
    assert measure.sources == ("Державний бюджет", "Міський бюджет")
    assert records(measure) == [
        (2021, "Державний бюджет", None, "100.0", Decimal(100000)), (2022, "Державний бюджет", None, "150.0", Decimal(150000)),
        (2021, "Міський бюджет", None, "50.0", Decimal(50000)), (2022, "Міський бюджет", None, "60.0", Decimal(60000)),
    ]  # fmt: skip
    assert [(t.year, t.declared, t.computed, t.status) for t in doc.declared_totals] == [
        (2021, Decimal("150.0"), Decimal("150.0"), "matched"),
        (2022, Decimal("200.0"), Decimal("210.0"), "mismatch"),
    ]
    assert [(w.code, w.message) for w in doc.warnings] == [
        ("measure_total_mismatch", "2022: the measure's total row states 200000 UAH, its sources add up to 210000 UAH")
    ]

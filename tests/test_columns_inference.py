"""Columns told by their cells where a header is covered or misread (scans), source labels read with OCR errors,
and headers split over two rows. Cells as real annexes print them (../shared/docs/real-layouts.md, the scan suite)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.normalise.columns import TERM_CELL, map_columns
from tests.test_columns import HEADER_BLOCK, document, table


@pytest.mark.parametrize(
    "cell",
    ["2021-2023", "2022 рік", "2021-2025 роки", "2019", "2018 р.", "2019-2020 рр.", "2021–2023", "постійно", "щороку",
     "Щорічно", "І-IV квартали", "ІІ квартал 2022 р.", "I-IV кв.", "протягом 2021-2023 років", "2021-2023, щороку"],
)  # fmt: skip
def test_term_cells(cell):
    assert TERM_CELL.match(cell)


@pytest.mark.parametrize("cell", ["1,0", "12", "Відділ освіти", "Місцевий бюджет", "2021 р. - 10,0", "Ремонт даху школи"])
def test_not_term_cells(cell):
    assert not TERM_CELL.match(cell)


# A stamp over "Термін виконання": OCR reads "Му рок Х / виконання"; the cells are terms.
COVERED_TERM = table(
    ["№ з/п", "Перелік заходів Програми", "Му рок Х\nвиконання", "Виконавці", "Обсяги фінансування, тис. грн"],
    ["1.", "Ремонт покрівлі будинку культури", "2021-2023", "Відділ культури", "100,0"],
    ["2.", "Придбання музичних інструментів", "2022 рік", "Відділ культури", "20,5"],
    ["3.", "Проведення фестивалю народної творчості", "щороку", "Відділ культури", "5,0"],
    ["4.", "Навчання працівників клубних закладів", "І-IV квартали", "Відділ культури", "-"],
)


def test_a_covered_term_header_is_told_by_its_cells():
    columns = map_columns(COVERED_TERM)
    assert columns is not None and columns.get("term") == 2
    assert [(index, role) for index, role, _ in columns.inferred] == [(2, "term")]
    doc = document(COVERED_TERM)
    assert [(m.id, m.term.raw) for m in doc.measures] == [
        ("1", "2021-2023"), ("2", "2022 рік"), ("3", "щороку"), ("4", "І-IV квартали"),
    ]  # fmt: skip
    codes = [(w.code, w.where.column) for w in doc.warnings if w.code.startswith("column_")]
    assert codes == [("column_inferred", "term")]
    assert "its header 'Му рок Х виконання'" in next(w.message for w in doc.warnings if w.code == "column_inferred")


def test_a_readable_header_over_terms_is_not_taken_when_the_term_column_is_known():
    rows = table(
        ["№ з/п", "Зміст заходу", "Термін виконання", "Примітка", "Обсяг фінансування, тис. грн"],
        ["1", "Ремонт даху школи", "2022", "2023", "1,0"],
        ["2", "Ремонт спортзалу", "2023", "2024", "2,0"],
    )
    columns = map_columns(rows)
    assert columns is not None and columns.get("term") == 2 and columns.inferred == ()
    assert "Примітка" in columns.unmapped


def test_a_column_of_terms_under_a_note_header_with_no_term_column():
    # "Примітка" over years while no column holds the term: the cells make the term column, with a warning saying so
    rows = table(
        ["№ з/п", "Зміст заходу", "Примітка", "Обсяг фінансування, тис. грн"],
        ["1", "Ремонт даху школи", "2022", "1,0"],
        ["2", "Ремонт спортзалу", "2023-2024 роки", "2,0"],
    )
    doc = document(rows)
    assert [(m.id, m.term.raw) for m in doc.measures] == [("1", "2022"), ("2", "2023-2024 роки")]
    assert [w.code for w in doc.warnings if w.code.startswith("column_")] == ["column_inferred"]


def test_amount_columns_are_never_read_as_terms():
    rows = table(
        ["№ з/п", "Зміст заходу", "Виконавці", "", ""],
        ["", "", "", "2022", "2023"],
        ["1", "Ремонт даху школи", "Відділ освіти", "100,0", "2,0"],
    )
    columns = map_columns(rows)
    assert columns is not None and columns.get("term") is None
    assert [c.coordinates.year for c in columns.amount_columns] == [2022, 2023]


def test_a_covered_term_column_keeps_the_amounts():
    doc = document(COVERED_TERM)
    assert [(m.id, [r.amount for r in m.funding]) for m in doc.measures[:3]] == [
        ("1", [Decimal("100.0")]), ("2", [Decimal("20.5")]), ("3", [Decimal("5.0")]),
    ]  # fmt: skip


# --- A header cell split over two rows ----------------------------------------------

ONE_ROW_HEADER = ["№ з/п", "Зміст заходу", "Термін виконання", "Джерела фінансування", "Обсяг фінансування, тис. грн"]
DATA = (
    ["1", "Ремонт даху школи", "2022", "Місцевий бюджет", "10,0"],
    ["2", "Ремонт спортзалу", "2023", "Державний бюджет", "20,0"],
)


def shape(doc):
    return [(m.id, m.term.raw if m.term else None, m.sources, [(r.year, r.amount_uah) for r in m.funding]) for m in doc.measures]


@pytest.mark.parametrize(
    "header",
    [
        # the lower row holds only the rest of two cells' words: it is no header row by itself
        (
            ["№ з/п", "Зміст заходу", "Термін вико-", "Джерела", "Обсяг фінансування, тис. грн"],
            ["", "", "нання", "фінансування", ""],
        ),
        # the lower row also holds a unit: it is a header row, and "Джерела" / "фінансування" is one header
        (
            ["№ з/п", "Зміст заходу", "Термін виконання", "Джерела", "Обсяг фінансування"],
            ["", "", "", "фінансування", "тис. грн"],
        ),
        (
            ["№ з/п", "Зміст заходу", "Термін", "Джерела", "Обсяг фінансування,"],
            ["", "", "виконання", "фінансування", "тис. грн"],
        ),
        # a scan: a speck of OCR noise in the lower row's number column
        (
            ["№ з/п", "Зміст заходу", "Термін вико-", "Джерела", "Обсяг фінансування, тис. грн"],
            ["|", "", "нання", "фінансування", ""],
        ),
    ],
    ids=["words-only", "with-unit", "both-split", "ocr-speck"],
)
def test_a_header_split_into_two_rows_reads_as_the_one_row_header(header):
    split, one = document(table(*header, *DATA)), document(table(ONE_ROW_HEADER, *DATA))
    assert (
        shape(split)
        == shape(one)
        == [
            ("1", "2022", ("Місцевий бюджет",), [(2022, Decimal(10000))]),
            ("2", "2023", ("Державний бюджет",), [(2023, Decimal(20000))]),
        ]
    )
    assert [w.code for w in split.warnings] == [w.code for w in one.warnings]
    assert not [w for w in split.warnings if w.code in ("funding_unparsed", "orphan_row", "column_unmapped")]


def test_sub_headers_under_a_merged_cell_stay_its_path():
    # "обласний бюджет" / "інші джерела" under a merged "Джерела фінансування": sources as columns, not words to join
    rows = table(
        ["№ з/п", "Зміст заходу", "Обсяги фінансування, тис. грн", ""],
        ["", "", "обласний бюджет", "інші джерела"],
        ["1", "Ремонт даху школи", "10,0", "2,0"],
    )
    columns = map_columns(rows)
    assert columns is not None
    assert [(c.index, c.coordinates.source) for c in columns.amount_columns] == [(2, "обласний бюджет"), (3, "інші джерела")]


def test_a_lower_case_data_row_under_the_header_is_not_joined():
    # a data row: a number, then a text; it continues nothing
    rows = table(ONE_ROW_HEADER, ["1", "ремонт даху школи", "2022", "місцевий бюджет", "10,0"])
    columns = map_columns(rows)
    assert columns is not None and columns.header_rows == 1


# --- Source labels misread by OCR ---------------------------------------------------------

from extractor.normalise.grid import source_label, source_nominative  # noqa: E402


@pytest.mark.parametrize(
    ("read", "nominative"),
    [
        ("Державиий бюджет", "Державний бюджет"),
        ("Обласннй бюджет", "Обласний бюджет"),
        ("Місцевий бюджег", "Місцевий бюджет"),
        ("Держаний бюджет", "Державний бюджет"),
        ("кошти обласиого бюджету", "Обласний бюджет"),
    ],
)
def test_a_misread_source_label_names_its_source_spelt_right(read, nominative):
    assert source_label(read) == read  # the text as read stays the source
    assert source_nominative(read) == nominative


@pytest.mark.parametrize(
    "label",
    ["Державний бюджет", "Міський бюджет", "Місцевий бюджет", "Сільський бюджет", "Селищний бюджет", "Районний бюджет",
     "Обласний бюджет", "Бюджет громади", "Інші джерела", "Субвенція з державного бюджету"],
)  # fmt: skip
def test_a_label_spelt_right_is_never_changed(label):
    assert source_label(label) == label
    assert source_nominative(label) == label  # already nominative and capitalised: nothing to change


@pytest.mark.parametrize("text", ["Державні будівлі", "Ремонт даху школи", "Відділ освіти", "Бюджетна комісія"])
def test_texts_naming_no_source_are_not_sources(text):
    assert source_label(text) is None


def test_source_rows_read_by_ocr_keep_the_text_and_sum_by_the_right_name():
    rows = table(
        ["№ з/п", "Зміст заходу", "Джерела фінансування", "2022", "2023"],
        ["1", "Будівництво басейну", "Державиий бюджет", "100,0", "200,0"],
        ["", "", "Місцевий бюджег", "10,0", "-"],
        ["2", "Інший захід", "Місцевий бюджет", "1,0", "1,0"],
    )
    doc = document(rows, before=(HEADER_BLOCK, "Програма розвитку спорту на 2022-2023 роки, тис. грн"))
    first = doc.measures[0]
    assert first.sources == ("Державиий бюджет", "Місцевий бюджег")  # as read
    assert [(r.year, r.amount_uah, r.source, r.source_nominative) for r in first.funding] == [
        (2022, Decimal(100000), "Державиий бюджет", "Державний бюджет"),
        (2023, Decimal(200000), "Державиий бюджет", "Державний бюджет"),
        (2022, Decimal(10000), "Місцевий бюджег", "Місцевий бюджет"),
    ]  # fmt: skip


def test_sources_as_columns_with_misread_headers():
    rows = table(
        ["№ з/п", "Зміст заходу", "Виконавці", "Обсяги фінансування, тис. грн", "", ""],
        ["", "", "", "Обласннй бюджет", "Місцевий бюджег", "Всього"],
        ["1", "Ремонт даху школи", "Відділ освіти", "10,0", "2,0", "12,0"],
    )
    columns = map_columns(rows)
    assert columns is not None
    assert [(c.index, c.coordinates.source, c.total) for c in columns.amount_columns] == [
        (3, "Обласннй бюджет", False), (4, "Місцевий бюджег", False), (5, None, True),
    ]  # fmt: skip
    doc = document(rows)
    assert [(r.amount_uah, r.source_nominative) for r in doc.measures[0].funding] == [
        (Decimal(10000), "Обласний бюджет"), (Decimal(2000), "Місцевий бюджет"),
    ]  # fmt: skip


def test_a_signed_over_term_header_that_nearly_spells_executors_is_told_by_its_cells():
    # decision №1911 scanned at 300 dpi with a signature over "Термін виконання" (tools/degrade.py, seed 7): OCR reads
    # the term header "Учдриїн / викона / ння" ("викона" nearly spells "виконавці") beside "УууВиконавці"
    rows = table(
        ["№\nп/п", "Перелік заходів Програмих", "Учдриїн\nвикона\nння", "УууВиконавці", "Джерела\nфінансування",
         "Орієнтовні\nобсяги\nфінансування (тисгрнд"],
        ["1", "1.Членство в Асоціації міст\nУкраїни", "2017-\n2020\nроки", "Секретар міської\nради, заступники\nміського голови",
         "Кошти\nміського\nбюджету", "2017р.-34,0\n2018р.-34,0\n2019р.-34,0\n2020р.-34,0"],
        ["", "2.Участь депутатів,\nпосадових осіб виконавчих", "2017-\n2020\nроки", "Заступники\nміського голови",
         "Кошти\nміського\nбюджету", "2017р.-12,0\n2018р.-12,0\n2019р.-20,0\n2020р.-00,0"],
    )  # fmt: skip
    columns = map_columns(rows)
    assert columns is not None
    assert (columns.get("term"), columns.get("executors"), columns.get("sources")) == (2, 3, 4)
    assert [(index, role) for index, role, _ in columns.inferred] == [(2, "term")]


def test_specks_at_the_ends_of_header_labels_leave_the_year_columns():
    # culture-2021 scanned at 300 dpi with a signature over "Строк виконання" (tools/degrade.py, seed 7): the header's
    # second row reads 'Всього, "' and '7 у тому числі за роками'; it is still the header, over the year columns
    rows = table(
        ["№ з/п", "Зміст\nзаходу", "Відповідадіьні\nвиконавці", "У виконання МОВ ум у", "ерела\nінансування",
         "Орієнтовані обсяги фінансування, тис. грн", "", "", "", "Очікуваний\nрезультат"],
        ["", "", "", "", "", 'Всього, "', "7 у тому числі за роками", "", "", ""],
        ["", "", "", "", "", "", "2021 рік", "2022 рік", "2023 рік", ""],
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        ["1.1", "Реставрація пам'ятки архітектури", "Відділ культури", "2021-2022 роки", "Міський бюджет", "300,0",
         "100,0", "200,0", "-", "Збережена пам'ятка"],
    )  # fmt: skip
    columns = map_columns(rows)
    assert columns is not None and columns.header_rows == 4
    assert columns.years == {2021: 6, 2022: 7, 2023: 8} and columns.row_total == 5
    assert columns.get("term") == 3


def test_source_headers_as_ocr_read_health_2022():
    # health-2022 scanned at 300 dpi (tools/degrade.py, seed 7): the source columns' headers as OCR read them
    rows = table(
        ["№\nз/п", "Найменування заходу", "Виконавці", "Термін", "Обсяги фінансування, тис. грн", "", "", ""],
        ["", "", "", "", "Держаниий\nбюджет .)", "Місцеви\nдубюджет", "Інші\nджерела", "Всього"],
        ["1", "2", "3", "4", "5", "6", "7", "8"],
        ["1.1.", "Придбання апаратів штучної вентиляції легень", "КНП «Славутська міська лікарня»", "2022 рік",
         "2400,0", "600,0", "-", "3000,0"],
    )  # fmt: skip
    columns = map_columns(rows)
    assert columns is not None
    assert [(c.index, c.coordinates.source, c.total) for c in columns.amount_columns] == [
        (4, "Держаниий бюджет", False), (5, "Місцеви дубюджет", False), (6, "Інші джерела", False), (7, None, True),
    ]  # fmt: skip
    doc = document(rows)
    assert [(r.year, r.amount_uah, r.source_nominative) for r in doc.measures[0].funding] == [
        (2022, Decimal(2400000), "Державний бюджет"), (2022, Decimal(600000), "Місцевий бюджет"),
    ]  # fmt: skip

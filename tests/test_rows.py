"""Rows into logical rows: continuations, sub-item rows and per-source rows told apart."""

from __future__ import annotations

from extractor.model import Location, ParsedDocument, SourceCell, SourceRow, SourceTable
from extractor.normalise import build_document

HEADER = ("№ п/п", "Назва напрямку", "Перелік заходів", "Термін виконання", "Виконавці", "Джерела фінансування",
          "Обсяги фінансування (тис.грн.)", "Очікувані результати")  # fmt: skip


def document(rows: list[tuple[list[str], bool]]):
    built = []
    for index, (cells, break_before) in enumerate([(list(HEADER), False), *rows], start=1):
        location = Location(table=1, row=index, page=1 + sum(1 for _, b in rows[: index - 1] if b))
        built.append(
            SourceRow(
                cells=tuple(SourceCell(lines=tuple(t.split("\n")) if t else (), locations=(location,)) for t in cells),
                location=location,
                break_before=break_before,
            )
        )
    heading = ("Додаток 1 до рішення 3 сесії Бердичівської міської ради VIII скликання від 15.01.2021 № 7",
               "Заходи Програми розвитку на 2021-2022 роки")  # fmt: skip
    parsed = ParsedDocument("x.pdf", "0" * 64, "pdf", heading, ("Міський голова", "Сергій ОРЕЛ"), (SourceTable(tuple(built), 1),))
    return build_document(parsed)


def test_a_cut_row_whose_sources_and_funding_continue_is_joined_not_a_source_row():
    doc = document(
        [
            (["1.", "Напрям", "1. Захід перший", "2021-2022", "Відділ культури", "Кошти міського бюджету",
              "2021р.-10,0", "Результат"], False),
            (["", "", "", "", "", "Кошти обласного бюджету", "2022р.-12,0", ""], True),  # the rest, on the next page
        ]
    )  # fmt: skip
    (measure,) = doc.measures
    assert measure.sources == ("Кошти міського бюджету", "Кошти обласного бюджету")
    assert [(r.year, str(r.amount), r.source) for r in measure.funding] == [(2021, "10.0", None), (2022, "12.0", None)]
    assert measure.provenance.pages == (1, 2)
    assert doc.warnings == ()


def test_a_funding_cell_with_its_own_total_is_checked_against_its_years():
    doc = document(
        [
            (["1.", "Напрям", "1. Захід", "2021-2022", "Відділ", "Кошти міського бюджету",
              "Всього – 30,0, в т.ч.: 2021 р. – 10,0; 2022 р. – 20,0", "Результат"], False),
            (["", "", "2. Інший захід", "2021-2022", "Відділ", "Кошти міського бюджету",
              "Всього – 31,0, в т.ч.: 2021 р. – 10,0; 2022 р. – 20,0", "Результат"], False),
        ]
    )  # fmt: skip
    assert [m.id for m in doc.measures] == ["1.1", "1.2"]  # no phantom sub-items
    assert [[(r.year, r.amount_uah) for r in m.funding] for m in doc.measures] == [[(2021, 10000), (2022, 20000)]] * 2
    assert [(w.code, w.where.measure) for w in doc.warnings] == [("measure_total_mismatch", "1.2")]


def test_amounts_left_below_the_table_are_reported_not_dropped():
    rows = [(["1.", "Напрям", "1. Захід", "2021", "Відділ", "Кошти міського бюджету", "2021р.-10,0", "Результат"], False)]
    doc = document(rows)
    assert doc.warnings == ()
    built = []
    for index, (cells, _) in enumerate([(list(HEADER), False), *rows], start=1):
        location = Location(table=1, row=index)
        built.append(SourceRow(tuple(SourceCell((t,), (location,)) for t in cells), location))
    parsed = ParsedDocument("x.pdf", "0" * 64, "pdf", ("Заходи Програми розвитку на 2021-2022 роки",),
                            ("| | обліку, | 2022р.-10,0 |", "Міський голова", "Сергій ОРЕЛ"), (SourceTable(tuple(built), 1),))  # fmt: skip
    codes = [w.code for w in build_document(parsed).warnings]
    assert "amounts_outside_table" in codes


def test_a_word_a_page_break_cut_is_rejoined_when_the_table_spells_it_whole():
    executors = "Відділ інформаційно-консультативного забезпечення"
    doc = document(
        [
            (["1.", "Напрям", "1. Захід", "2021", executors, "Кошти міського бюджету", "2021р.-1,0", "Результат"], False),
            (["", "", "2. Захід", "2021", executors, "Кошти міського бюджету", "2021р.-1,0", "Результат"], False),
            (["", "", "3. Захід", "2021", "Відділ культури, відділ інформаційно-консультативног", "Кошти міського бюджету",
              "2021р.-2,0", "Вивчення культурної"], False),
            (["", "", "", "", "о забезпечення", "", "", "спадщини"], True),  # the rest, on the next page
        ]
    )  # fmt: skip
    second = doc.measures[2]
    assert second.executors == ("Відділ культури", "відділ інформаційно-консультативного забезпечення")
    assert second.result == "Вивчення культурної спадщини"  # two words: "культурноїспадщини" is spelled nowhere


def test_a_term_without_a_year_is_warned_unless_it_is_an_open_term():
    doc = document(
        [
            (["1.", "Напрям", "1. Захід", "ІІ квартал", "Відділ", "Кошти міського бюджету", "2021р.-1,0", "Результат"], False),
            (["", "", "2. Захід", "Постійно", "Відділ", "Кошти міського бюджету", "2021р.-1,0", "Результат"], False),
        ]
    )  # fmt: skip
    assert [(w.code, w.where.measure) for w in doc.warnings] == [("term_unparsed", "1.1")]
    assert doc.measures[0].term is not None and doc.measures[0].term.raw == "ІІ квартал"

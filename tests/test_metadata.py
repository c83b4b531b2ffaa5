"""Header block, heading and signature: the spellings of domain.md."""

from __future__ import annotations

import pytest

from extractor.normalise.metadata import (
    council_nominative,
    parse_decision,
    parse_heading,
    parse_metadata,
    parse_signature,
    parse_unit,
    reflowed,
    roman_value,
)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "Додаток 1 до рішення\n40 сесії Коростенської міської ради\nVII скликання від 27.08.2020р.№1911",
            ("Коростенська міська рада", 40, "VII", "2020-08-27", "1911", "1"),
        ),
        (
            "Додаток 2 до рішення двадцять шостої сесії Житомирської міської ради сьомого скликання "
            "від 22 грудня 2016 року № 1004-34/2017",
            ("Житомирська міська рада", 26, "VII", "2016-12-22", "1004-34/2017", "2"),
        ),
        (
            "Додаток 3 до рішення ХXІX сесії Овруцької міської ради VІІ скликання від 29.11.2018 р. N 1751",
            ("Овруцька міська рада", 29, "VII", "2018-11-29", "1751", "3"),
        ),
        (
            "Додаток до рішення 3 сесії Бердичівської міської ради VIII скликання від 15.01.2021 № 3-6/VIII",
            ("Бердичівська міська рада", 3, "VIII", "2021-01-15", "3-6/VIII", None),
        ),
        (
            "Додаток 1 до рішення Новоград-Волинської міської ради від 04.03.2019 № 1125-VII",
            ("Новоград-Волинська міська рада", None, None, "2019-03-04", "1125-VII", "1"),
        ),
        (
            "Додаток 4 до рішення сесії Черняхівської селищної ради сьоме скликання від 10.10.2019 № 24/9",
            ("Черняхівська селищна рада", None, "VII", "2019-10-10", "24/9", "4"),
        ),
    ],
)
def test_header_blocks(block, expected):
    decision, _ = parse_decision((block,))
    got = (decision.council, decision.session, decision.convocation, decision.date, decision.number, decision.annex)
    assert got == expected


def test_a_draft_leaves_blanks_as_missing_not_garbage():
    decision, warnings = parse_decision(("Додаток 3 до рішення міської ради від ______ № ____",))
    assert (decision.date, decision.number, decision.identifier) == (None, None, None)
    messages = {w.message for w in warnings if w.code == "metadata_missing"}
    assert "decision date: left blank in the document" in messages
    assert "decision number: left blank in the document" in messages


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("VII", 7), ("VІІ", 7), ("ХXІX", 29), ("XL", 40), ("IIII", None), ("ABC", None), ("", None)],
)
def test_roman_numerals(numeral, value):
    assert roman_value(numeral) == value


def test_council_nominative():
    assert council_nominative("Коростенської міської ради") == "Коростенська міська рада"
    assert council_nominative("Черняхівської селищної ради") == "Черняхівська селищна рада"


@pytest.mark.parametrize(
    ("heading", "title", "period"),
    [
        (
            "Напрями діяльності та заходи\nреалізації Програми розвитку місцевого самоврядування\nу місті Коростені на 2017-2020 роки",
            "Програма розвитку місцевого самоврядування у місті Коростені на 2017-2020 роки",
            (2017, 2020),
        ),
        (
            "Заходи Міської цільової програми підтримки ветеранів на 2021–2023 роки",
            "Міська цільова програма підтримки ветеранів на 2021–2023 роки",
            (2021, 2023),
        ),
        ("Перелік заходів Комплексної програми профілактики на 2022 рік", "Комплексна програма профілактики на 2022 рік", (2022, 2022)),
    ],
)
def test_heading(heading, title, period):
    assert parse_heading(("Додаток 1 до рішення …", heading)) == (title, period)


def test_signature_in_one_line_or_two():
    assert parse_signature(("Секретар міської ради", "В.Вигівський")).name == "В.Вигівський"
    one_line = parse_signature(("Міський голова                          Володимир МОСКАЛЕНКО",))
    assert (one_line.position, one_line.name) == ("Міський голова", "Володимир МОСКАЛЕНКО")


def test_units():
    assert parse_unit("Орієнтовні обсяги фінансування (тис.грн.)") == "thousand_uah"
    assert parse_unit("Обсяг фінансування, грн") == "uah"
    assert parse_unit("Обсяг фінансування") is None


def test_nothing_found_is_warned_not_guessed():
    metadata = parse_metadata(("Якийсь текст",), ())
    assert metadata.decision.council is None and metadata.programme_title is None
    codes = {w.code for w in metadata.warnings}
    assert {"metadata_missing", "title_missing", "signature_missing"} <= codes


def test_a_heading_typed_as_several_paragraphs():
    paragraphs = ("Додаток 1 до рішення 40 сесії Коростенської міської ради VII скликання від 27.08.2020р.№1911",
                  "Напрями діяльності та заходи", "реалізації Програми розвитку місцевого самоврядування",
                  "у місті Коростені на 2017-2020 роки", "(тис. грн)")  # fmt: skip
    assert parse_heading(paragraphs) == (
        "Програма розвитку місцевого самоврядування у місті Коростені на 2017-2020 роки",
        (2017, 2020),
    )


def test_the_heading_nearest_the_table_wins_over_a_passport_above():
    paragraphs = ("Додаток 2 до рішення 3 сесії Бердичівської міської ради VIII скликання від 15.01.2021 № 7",
                  "Паспорт Програми\nНазва програми\nПрограма розвитку культури на 2021-2023 роки",
                  "Заходи Програми підтримки ветеранів на 2021-2023 роки")  # fmt: skip
    assert parse_heading(paragraphs)[0] == "Програма підтримки ветеранів на 2021-2023 роки"


def test_a_whole_decision_above_its_annex():
    paragraphs = ("УКРАЇНА", "КОРОСТЕНСЬКА МІСЬКА РАДА", "РІШЕННЯ", "сорокової сесії сьомого скликання",
                  "від 27 серпня 2020 року № 1911",
                  "Про внесення змін до Програми розвитку місцевого самоврядування у місті Коростені на 2017-2020 роки",
                  "Міська рада ВИРІШИЛА: 1. Затвердити додаток 1 в новій редакції.",
                  "Додаток 1 до рішення 40 сесії Коростенської міської ради VII скликання від 27.08.2020р.№1911",
                  "Напрями діяльності та заходи реалізації Програми розвитку місцевого самоврядування "
                  "у місті Коростені на 2017-2020 роки")  # fmt: skip
    decision, warnings = parse_decision(paragraphs)
    got = (decision.council, decision.session, decision.convocation, decision.date, decision.number, decision.annex)
    assert got == ("Коростенська міська рада", 40, "VII", "2020-08-27", "1911", "1")
    assert warnings == []


def test_the_council_from_a_letterhead_when_the_annex_header_names_none():
    paragraphs = ("НОВОГРАД-ВОЛИНСЬКА МІСЬКА РАДА", "Додаток до рішення від 04.03.2019 № 1125-VII")
    decision, _ = parse_decision(paragraphs)
    assert (decision.council, decision.number) == ("Новоград-Волинська міська рада", "1125-VII")


KOVEL = "Програма відзначення державних та міських свят у Ковельській міській територіальній громаді на 2024-2026 роки"


@pytest.mark.parametrize(
    "paragraphs",
    [
        # a PDF gives the text above the table as one paragraph of lines: the unit line under the heading is no title
        ("Додаток 3 до рішення 38 сесії Ковельської міської ради VIII скликання від 28.11.2023 № 38/61\n"
         "Заходи Програми відзначення державних та міських свят у Ковельській міській територіальній\n"
         "громаді на 2024-2026 роки\nтис. грн",),
        ("Додаток 3 до рішення 38 сесії Ковельської міської ради VIII скликання від 28.11.2023 № 38/61\n"
         "Заходи Програми відзначення державних та міських свят у Ковельській міській територіальній\n"
         "громаді на 2024-2026 роки\nОрієнтовні обсяги фінансування наведено в тис. грн",),  # a sentence after its period
        ("Додаток 3 до рішення 38 сесії Ковельської міської ради VIII скликання від 28.11.2023 № 38/61",
         "Заходи Програми відзначення державних та міських свят у Ковельській міській територіальній громаді на "
         "2024-2026 роки", "тис. грн"),  # the DOCX: a paragraph each
    ],
)  # fmt: skip
def test_a_title_stops_at_the_unit_line_or_a_sentence_after_its_period(paragraphs):
    assert parse_heading(paragraphs) == (KOVEL, (2024, 2026))


def test_a_title_goes_on_over_a_capitalised_line_until_its_period():
    paragraphs = ("Додаток 1 до рішення сесії № 1911", "Заходи Програми розвитку місцевого самоврядування у місті\n"
                  "Коростені на 2017-2020 роки\nРозділ 1. Сприяння розвитку")  # fmt: skip
    assert parse_heading(paragraphs)[0] == "Програма розвитку місцевого самоврядування у місті Коростені на 2017-2020 роки"


# restated-fragment saved as a portrait PDF: the text above the table comes as one block of lines.
CHORTKIV_BLOCK = (
    "УКРАЇНА\nЧОРТКІВСЬКА МІСЬКА РАДА\nСОРОК ДРУГА СЕСІЯ ВОСЬМОГО СКЛИКАННЯ\nРІШЕННЯ\n"
    "від 26 вересня 2023 року\t№ 1587\nм. Чортків\n"
    "Про внесення змін до Програми підтримки молоді та сім’ї Чортківської міської територіальної\n"
    "громади на 2022-2024 роки\n"
    "Керуючись статтею 26 Закону України «Про місцеве самоврядування в Україні», міська рада\nВИРІШИЛА:\n"
    "1. Внести зміни до Програми підтримки молоді та сім’ї Чортківської міської територіальної громади на\n"
    "2022-2024 роки, затвердженої рішенням міської ради «Про затвердження Програми підтримки молоді та\n"
    "сім’ї Чортківської міської територіальної громади на 2022-2024 роки» від 21 грудня 2021 року № 812,\n"
    "виклавши пункти 1.1, 1.3, 1.4 додатка 2 до Програми в такій редакції:\n«"
)


def test_a_pdfs_block_of_lines_above_the_table_reads_as_its_paragraphs():
    metadata = parse_metadata((CHORTKIV_BLOCK,), ("».", "Міський голова\tВолодимир ШМАТЬКО"))
    assert (metadata.decision.number, metadata.decision.date, metadata.decision.session) == ("1587", "2023-09-26", 42)
    assert metadata.amends is not None and metadata.amends.identifier == "812-2021-12-21"
    assert metadata.programme_title == "Програма підтримки молоді та сім’ї Чортківської міської територіальної громади на 2022-2024 роки"
    assert metadata.period == (2022, 2024)


def test_a_paragraphs_lines_that_go_on_with_each_other_stay_one():
    assert reflowed(["Додаток 1\nдо рішення сесії\nміської ради", "1. Внести зміни\n2022-2024 роки\n1.1. Захід"]) == [
        "Додаток 1\nдо рішення сесії\nміської ради", "1. Внести зміни\n2022-2024 роки", "1.1. Захід",
    ]  # fmt: skip

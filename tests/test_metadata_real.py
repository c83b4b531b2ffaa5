"""Header blocks, decision lines, titles and signatures as real annexes print them (real-layouts.md), and variants."""

from __future__ import annotations

import pytest

from extractor.model import SourceCell, SourceRow, SourceTable
from extractor.normalise.metadata import parse_decisions, parse_heading, parse_metadata, parse_signature, roman_value
from extractor.normalise.placement import is_passport, unquote

FIELDS = ("council", "session", "convocation", "date", "number", "annex")


def fields(decision):
    return None if decision is None else tuple(getattr(decision, name) for name in FIELDS)


def missing(warnings):
    return {w.message for w in warnings if w.code == "metadata_missing"}


@pytest.mark.parametrize(
    ("paragraphs", "after", "own", "amends"),
    [
        pytest.param(  # the session line on a line of its own after the number; the place in the signature block
            ("Додаток 6", "до рішення обласної ради", "від 27 лютого 2020 року № 1210-VII", "(ХХІІІ сесія VII скликання)",
             "Регіональна програма розвитку освіти на 2020-2022 роки"),
            ("Заступник голови Харківської обласної ради", "Віктор ІВАНОВ"),
            ("Харківська обласна рада", 23, "VII", "2020-02-27", "1210-VII", "6"), None, id="oblast-session-line",
        ),
        pytest.param(  # all in one paragraph, session in parentheses, Cyrillic numerals in the number
            ("Додаток 6 до рішення обласної ради від 27 лютого 2020 року № 1210-VІІ (ХХІІІ сесія VІІ скликання)",),
            (), ("обласна рада", 23, "VII", "2020-02-27", "1210-VII", "6"), None, id="oblast-one-line-no-place",
        ),
        pytest.param(
            ("Додаток 2", "до рішення обласної ради", "від 05 грудня 2019 року № 1125-VII"), (),
            ("обласна рада", None, None, "2019-12-05", "1125-VII", "2"), None, id="oblast-no-session",
        ),
        pytest.param(  # the place from the letterhead of the decision above the annex
            ("ХАРКІВСЬКА ОБЛАСНА РАДА", "РІШЕННЯ", "Додаток 1", "до рішення обласної ради",
             "від 05 грудня 2019 року № 1125-VII", "(ХХVІІІ сесія VIIІ скликання)"), (),
            ("Харківська обласна рада", 28, "VIII", "2019-12-05", "1125-VII", "1"), None, id="oblast-letterhead",
        ),
        pytest.param(  # a draft with blanks
            ("Додаток 1", "до рішення обласної ради", "від______2021 року № _______", "(______сесія    _____ скликання)"),
            ("Керуючий справами виконавчого апарату обласної ради Оксана МАЛИШЕВА",),
            ("обласна рада", None, None, None, None, "1"), None, id="oblast-draft",
        ),
        pytest.param(  # ЗАТВЕРДЖЕНО, the day in quotes glued to the month, a note of later amendments below
            ("ЗАТВЕРДЖЕНО", "рішення Великосеверинівської сільської ради «17»лютого 2021 року №257",
             "(зі змінами, внесеними рішенням сільської ради від 15 червня 2021 року №312)",
             "Програма розвитку культури на 2021-2023 роки"), (),
            ("Великосеверинівська сільська рада", None, None, "2021-02-17", "257", None), None, id="approved-stamp",
        ),
        pytest.param(
            ("ЗАТВЕРДЖЕНО рішенням 5 сесії Великосеверинівської сільської ради VIII скликання від «17» лютого 2021 року № 257",),
            (), ("Великосеверинівська сільська рада", 5, "VIII", "2021-02-17", "257", None), None, id="approved-one-line",
        ),
        pytest.param(  # a restated annex: the document's own decision is the restating one, left blank in the draft
            ("Додаток до рішення обласної ради від 08 грудня 2016 року № 310-VII в редакції рішення обласної ради "
             "від «____» 2021 року № ____-VІII",),
            ("Голова Харківської обласної ради", "Ігор ПЕТРЕНКО"),
            ("Харківська обласна рада", None, None, None, None, None),
            ("Харківська обласна рада", None, None, "2016-12-08", "310-VII", None), id="restated-draft",
        ),
        pytest.param(  # a restated annex over several paragraphs, both decisions complete
            ("Додаток 3", "до рішення 12 сесії Житомирської міської ради VII скликання", "від 22.12.2016 № 540",
             "(у редакції рішення 30 сесії Житомирської міської ради VIII скликання", "від 18.03.2021 № 112)",
             "Програма розвитку фізичної культури на 2017-2022 роки"), (),
            ("Житомирська міська рада", 30, "VIII", "2021-03-18", "112", "3"),
            ("Житомирська міська рада", 12, "VII", "2016-12-22", "540", "3"), id="restated-complete",
        ),
        pytest.param(  # the table inside the text of an amending decision: its own lines, the amended one in its text
            ("Головна", "Новини", "Рішення сесій", "ХАРКІВСЬКА ОБЛАСНА РАДА", "VІІІ сесія VІ скликання", "РІШЕННЯ",
             "Від 27 жовтня 2011 року", "№ 250-VІ",
             "Про внесення змін до Регіональної програми розвитку фізичної культури і спорту на 2011-2015 роки",
             "Відповідно до статті 43 Закону України від 21.05.1997 № 280/97-ВР обласна рада ВИРІШИЛА:",
             "1. Внести зміни до Регіональної програми розвитку фізичної культури і спорту на 2011-2015 роки, "
             "затвердженої рішенням обласної ради від 22 грудня 2010 року № 95-VI (зі змінами), виклавши розділ 7 "
             "«Завдання і заходи Програми» в наступній редакції: «", "7. Завдання і заходи Програми"),
            ("»", "2. Контроль за виконанням даного рішення покласти на постійну комісію обласної ради.",
             "Голова обласної ради С. ЧЕРНОВ"),
            ("Харківська обласна рада", 8, "VI", "2011-10-27", "250-VI", None),
            ("Харківська обласна рада", None, None, "2010-12-22", "95-VI", None), id="amending-decision",
        ),
        pytest.param(  # an amending decision naming the amended decision in its title, the date and number on one line
            ("Р І Ш Е Н Н Я", "ВЕЛИКОСЕВЕРИНІВСЬКА СІЛЬСЬКА РАДА", "від 15.06.2021                       № 312",
             "Про внесення змін до рішення сільської ради від 17.02.2021 № 257 «Про затвердження Програми розвитку культури»"),
            (), ("Великосеверинівська сільська рада", None, None, "2021-06-15", "312", None),
            ("Великосеверинівська сільська рада", None, None, "2021-02-17", "257", None), id="amending-title",
        ),
        pytest.param(  # a letterhead in capitals, the date and number on one line
            ("ХАРКІВСЬКА ОБЛАСНА РАДА", "VІІІ СЕСІЯ VІ СКЛИКАННЯ", "РІШЕННЯ", "Від 27 ЖОВТНЯ 2011 року № 250-VІ"), (),
            ("Харківська обласна рада", 8, "VI", "2011-10-27", "250-VI", None), None, id="capitals-letterhead",
        ),
        pytest.param(
            ("Додаток 2 до рішення ХАРКІВСЬКОЇ ОБЛАСНОЇ РАДИ від 05.12.2019 № 1125-VII",), (),
            ("Харківська обласна рада", None, None, "2019-12-05", "1125-VII", "2"), None, id="capitals-genitive",
        ),
    ],
)  # fmt: skip
def test_decisions(paragraphs, after, own, amends):
    decision, amended, _ = parse_decisions(paragraphs, after)
    assert fields(decision) == own
    assert fields(amended) == amends


def test_a_council_named_by_its_kind_only_is_reported_as_known_with_a_warning():
    decision, _, warnings = parse_decisions(("Додаток 2 до рішення обласної ради від 05 грудня 2019 року № 1125-VII",))
    assert decision.council == "обласна рада"
    assert "decision council: the document names no place for its 'обласна рада'; only its kind is known" in missing(warnings)


def test_a_council_of_another_kind_named_above_is_not_taken():
    paragraphs = ("ЖИТОМИРСЬКА МІСЬКА РАДА", "Додаток 2 до рішення обласної ради від 05 грудня 2019 року № 1125-VII")
    decision, _, _ = parse_decisions(paragraphs, ("Секретар Житомирської міської ради Олена ПЕТРЕНКО",))
    assert decision.council == "обласна рада"


def test_two_councils_of_the_kind_named_elsewhere_give_no_guess():
    paragraphs = ("Додаток 2 до рішення обласної ради від 05 грудня 2019 року № 1125-VII",)
    after = ("Погоджено з Полтавської обласної ради", "Голова Харківської обласної ради Ігор ПЕТРЕНКО")
    assert parse_decisions(paragraphs, after)[0].council == "обласна рада"


def test_draft_blanks_are_named_as_blanks():
    _, _, warnings = parse_decisions(
        ("Додаток 1", "до рішення обласної ради", "від______2021 року № _______", "(______сесія    _____ скликання)")
    )
    assert {
        "decision session: left blank in the document",
        "decision convocation: left blank in the document",
        "decision date: left blank in the document",
        "decision number: left blank in the document",
    } <= missing(warnings)


def test_restated_draft_blanks_belong_to_the_document_and_the_original_is_complete():
    decision, amends, warnings = parse_decisions(
        ("Додаток до рішення обласної ради від 08 грудня 2016 року № 310-VII в редакції рішення обласної ради "
         "від «____» 2021 року № ____-VІII",)
    )  # fmt: skip
    assert (decision.date, decision.number, decision.identifier) == (None, None, None)
    assert amends.identifier == "310-VII-2016-12-08"
    assert {"decision date: left blank in the document", "decision number: left blank in the document"} <= missing(warnings)


def test_a_decision_without_an_annex_says_so():
    _, _, warnings = parse_decisions(("РІШЕННЯ", "Від 27 жовтня 2011 року", "№ 250-VІ"))
    assert "decision annex: the table stands in the decision's own text, not in an annex" in missing(warnings)


def test_a_note_of_later_amendments_is_reported():
    _, amends, warnings = parse_decisions(
        ("ЗАТВЕРДЖЕНО", "рішення Великосеверинівської сільської ради «17»лютого 2021 року №257",
         "(зі змінами, внесеними рішенням сільської ради від 15 червня 2021 року №312)")
    )  # fmt: skip
    assert amends is None
    notes = [w.message for w in warnings if w.code == "amendments_noted"]
    assert len(notes) == 1 and "№312" in notes[0]


def test_a_preamble_citing_a_law_is_no_amended_decision():
    paragraphs = ("РІШЕННЯ", "від 15.06.2021 № 312", "Відповідно до Закону України від 21.05.1997 № 280/97-ВР, "
                  "рішення обласної ради від 01.02.2020 № 10 «Про бюджет», обласна рада вирішила:",
                  "1. Затвердити Програму розвитку культури на 2021-2023 роки (додається).")  # fmt: skip
    assert parse_decisions(paragraphs)[1] is None


@pytest.mark.parametrize(
    ("numeral", "value"), [("VІІ", 7), ("VІII", 8), ("VIIІ", 8), ("ХХІІ", 22), ("ХХІІІ", 23), ("ХХVІІІ", 28)]
)
def test_roman_numerals_mixing_latin_and_cyrillic(numeral, value):
    assert roman_value(numeral) == value


@pytest.mark.parametrize(
    ("paragraphs", "title", "period"),
    [
        (("Додаток 6 до рішення обласної ради від 27 лютого 2020 року № 1210-VII",
          "Регіональна програма «Цивільний захист Харківщини» на 2016-2020 роки", "VІІ. ЗАХОДИ РЕГІОНАЛЬНОЇ ПРОГРАМИ"),
         "Регіональна програма «Цивільний захист Харківщини» на 2016-2020 роки", (2016, 2020)),
        (("Комплексна програма “Здоров’я” на 2021-2025 роки", "7. Завдання і заходи Програми"),
         "Комплексна програма “Здоров’я” на 2021-2025 роки", (2021, 2025)),
        (("Розділ 3. Напрями діяльності та заходи Програми розвитку освіти на 2021-2025 роки",),
         "Програма розвитку освіти на 2021-2025 роки", (2021, 2025)),
        (('Заходи Програми "Питна вода" на 2023 2027 роки',), 'Програма "Питна вода" на 2023 2027 роки', (2023, 2027)),
        (("ЗАХОДИ КОМПЛЕКСНОЇ ПРОГРАМИ РОЗВИТКУ ОСВІТИ НА 2021-2025 РОКИ",),
         "КОМПЛЕКСНА ПРОГРАМА РОЗВИТКУ ОСВІТИ НА 2021-2025 РОКИ", (2021, 2025)),
        # the title from the amending decision's sentence, cut before "затвердженої рішенням …"
        (("РІШЕННЯ", "№ 250-VІ", "1. Внести зміни до Регіональної програми розвитку спорту на 2011-2015 роки, затвердженої "
          "рішенням обласної ради від 22 грудня 2010 року № 95-VI, виклавши розділ 7 «Завдання і заходи Програми» "
          "в наступній редакції: «", "7. Завдання і заходи Програми"),
         "Регіональна програма розвитку спорту на 2011-2015 роки", (2011, 2015)),
        # a passport's label is no title; its value is
        (("1 Повна назва Програми Програма розвитку малого підприємництва на 2021-2022 роки",
          "Мета Програми\nзабезпечення розвитку підприємництва", "Термін реалізації Програми\n2021-2022 роки"),
         "Програма розвитку малого підприємництва на 2021-2022 роки", (2021, 2022)),
    ],
)  # fmt: skip
def test_titles(paragraphs, title, period):
    assert parse_heading(paragraphs) == (title, period)


@pytest.mark.parametrize("heading", ["VІІ. ЗАХОДИ РЕГІОНАЛЬНОЇ ПРОГРАМИ", "7. Завдання і заходи Програми"])
def test_a_title_line_naming_no_programme_gives_no_title(heading):
    assert parse_heading((heading,)) == (None, (None, None))


@pytest.mark.parametrize(
    ("lines", "position", "name"),
    [
        (("Секретар міської ради Олена ПЕТРЕНКО",), "Секретар міської ради", "Олена ПЕТРЕНКО"),
        (("Керуючий справами виконавчого апарату обласної ради Оксана МАЛИШЕВА",),
         "Керуючий справами виконавчого апарату обласної ради", "Оксана МАЛИШЕВА"),
        (("Сільський голова ……………… І.Г. Лідовий",), "Сільський голова", "І.Г. Лідовий"),
        (("Сільський голова _____________ І.Г. Лідовий",), "Сільський голова", "І.Г. Лідовий"),
        (("»", "2. Контроль за виконанням даного рішення покласти на постійну комісію.", "Голова обласної ради С. ЧЕРНОВ",
          "Головна Новини Контакти"), "Голова обласної ради", "С. ЧЕРНОВ"),
        (("Секретар ради", "Головна", "Новини", "Про раду", "Олена Петренко"), "Секретар ради", None),
        # a long position wrapped on the page: the surname runs over to the next line
        (("Керуючий справами виконавчого апарату обласної ради Оксана", "МАЛИШЕВА"),
         "Керуючий справами виконавчого апарату обласної ради", "Оксана МАЛИШЕВА"),
        (("Секретар міської ради", "Олена ПЕТРЕНКО"), "Секретар міської ради", "Олена ПЕТРЕНКО"),
    ],
)  # fmt: skip
def test_signatures(lines, position, name):
    signatory = parse_signature(lines)
    assert (signatory.position, signatory.name) == (position, name)


def table(*rows):
    return SourceTable(
        rows=tuple(
            SourceRow(cells=tuple(SourceCell(lines=tuple(text.split("\n"))) for text in row), location=None) for row in rows
        ),
        index=1,
    )


@pytest.mark.parametrize(
    ("rows", "passport"),
    [
        ((("1", "Ініціатор розроблення Програми", "Сумська обласна державна адміністрація"),
          ("2", "Розробник Програми", "Департамент освіти"), ("7", "Джерела фінансування", "обласний бюджет")), True),
        ((("1. ПАСПОРТ регіональної програми",), ("Джерела фінансування", "обласний бюджет")), True),
        ((("1 Повна назва Програми Програма розвитку освіти",), ("2 Термін реалізації Програми 2021-2025 роки",)), True),
        ((("№ з/п", "Назва заходу", "Відповідальний виконавець програми", "Термін виконання", "Джерела фінансування"),
          ("1", "Ремонт школи", "Управління освіти", "2021", "Міський бюджет")), False),
        ((("Найменування завдання", "Найменування заходів", "Виконавці завдань та заходів Програми",
           "Головний розпорядник коштів", "Джерела фінансування"),
          ("1. Захист населення", "1.1. Оповіщення", "ДСНС", "Департамент", "обласний бюджет")), False),
    ],
)  # fmt: skip
def test_passports(rows, passport):
    assert is_passport(table(*rows)) is passport


def test_metadata_of_an_amending_decision_as_a_whole():
    metadata = parse_metadata(
        ("ХАРКІВСЬКА ОБЛАСНА РАДА", "VІІІ сесія VІ скликання", "РІШЕННЯ", "Від 27 жовтня 2011 року", "№ 250-VІ",
         "1. Внести зміни до Регіональної програми розвитку спорту на 2011-2015 роки, затвердженої рішенням "
         "обласної ради від 22 грудня 2010 року № 95-VI, виклавши розділ 7 в наступній редакції: «"),
        ("»", "2. Контроль за виконанням даного рішення покласти на постійну комісію.", "Голова обласної ради С. ЧЕРНОВ"),
    )  # fmt: skip
    assert metadata.decision.identifier == "250-VI-2011-10-27"
    assert metadata.amends.identifier == "95-VI-2010-12-22"
    assert (metadata.programme_title, metadata.period) == ("Регіональна програма розвитку спорту на 2011-2015 роки", (2011, 2015))
    assert (metadata.signatory.position, metadata.signatory.name) == ("Голова обласної ради", "С. ЧЕРНОВ")
    assert {w.code for w in metadata.warnings} == {"metadata_missing"}  # the annex only


def test_the_quotes_around_a_restated_table_typed_in_its_cells_are_taken_off():
    quoted = table(("«№ з/п", "Перелік заходів"), ("1.1.", "Реконструкція стадіону «Металіст»"), ("1.2.", "Басейн»."))
    assert [[cell.text for cell in row.cells] for row in unquote(quoted).rows] == [
        ["№ з/п", "Перелік заходів"], ["1.1.", "Реконструкція стадіону «Металіст»"], ["1.2.", "Басейн"],
    ]  # fmt: skip
    balanced = table(("№ з/п", "Перелік заходів"), ("1.1.", "Стадіон «Металіст»"))
    assert unquote(balanced) is balanced


def test_a_closing_quote_a_page_break_carried_to_a_row_of_its_own_stays():
    split = table(("№ з/п", "Перелік заходів"), ("2.1.", "Змагання «Спорт"), ("", "для всіх»"))
    assert unquote(split) is split
    closing_only = table(("№ з/п", "Перелік заходів"), ("2.1.", "Змагання «Спорт для всіх»"), ("2.2.", "Басейн»;"))
    assert unquote(closing_only).rows[-1].cells[1].text == "Басейн"

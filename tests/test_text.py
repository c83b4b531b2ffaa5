"""Cell text: joining, hyphenation, look-alikes, list splitting, measure numbers, terms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.normalise.measures import parse_term
from extractor.normalise.text import (
    fix_lookalikes,
    join_lines,
    names_bodies,
    split_executors,
    split_sources,
    strip_dangling,
    strip_measure_number,
)


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["Відділ інформаційно-", "консультативного забезпечення"], "Відділ інформаційно-консультативного забезпечення"),
        (["створення та науковий, організаційно-", "правовий супровід"], "створення та науковий, організаційно-правовий супровід"),
        (["обсяги фінан-", "сування"], "обсяги фінансування"),
        (["забезпе-", "чення"], "забезпечення"),
        (["місце-", "вого самоврядування"], "місцевого самоврядування"),
        (["ІТ-", "фахівці"], "ІТ-фахівці"),
        (["Івано-", "Франківськ"], "Івано-Франківськ"),
        (["2017-", "2020 роки"], "2017-2020 роки"),
        (["Проведення системного моніторингу громадської думки,", "соціологічних опитувань"],
         "Проведення системного моніторингу громадської думки, соціологічних опитувань"),
        (["  a\u00a0 b ", "", "c"], "a b c"),
        (["Експлуатаційно -технічне обслуговування"], "Експлуатаційно-технічне обслуговування"),  # an HTML line break
        (["засобами - телебачення"], "засобами - телебачення"),  # a dash with spaces on both sides stays
        (["Місто -герой"], "Місто -герой"),  # no compound adjective: left as written
    ],
)  # fmt: skip
def test_join_lines(lines, text):
    assert join_lines(lines) == text


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Кошти мiського бюджету", "Кошти міського бюджету"),  # Latin i
        ("Вiддiл ОЗДМP", "Відділ ОЗДМР"),  # Latin i and P
        ("pозвиток", "розвиток"),  # Latin p
        ("система «Google Docs»", "система «Google Docs»"),  # Latin words stay Latin
        ("веб-сайт www", "веб-сайт www"),
    ],
)
def test_fix_lookalikes(text, fixed):
    assert fix_lookalikes(text) == fixed


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("1.Членство в Асоціації", "1", "Членство в Асоціації"),
        ("2. Участь депутатів", "2", "Участь депутатів"),
        ("1.1. Ремонт", "1.1", "Ремонт"),
        ("1.1 Ремонт", "1.1", "Ремонт"),
        ("3) Закупівля", "3", "Закупівля"),
        ("2017 рік", None, "2017 рік"),
        ("Придбання", None, "Придбання"),
    ],
)
def test_strip_measure_number(text, number, rest):
    assert strip_measure_number(text) == (number, rest)


def test_split_executors_keeps_phrases_cut_by_commas_together():
    assert split_executors(("Керуючий справами, відділ з питань внутрішньої", "політики, оргроботи та контролю")) == (
        "Керуючий справами",
        "відділ з питань внутрішньої політики, оргроботи та контролю",
    )
    assert split_executors(("Керуючий справами, відділ бухгалтерського обліку,",)) == ("Керуючий справами", "відділ бухгалтерського обліку")
    assert split_executors(("Управління освіти; управління культури",)) == ("Управління освіти", "управління культури")
    assert split_executors(()) == ()


def test_split_sources():
    assert split_sources(("Кошти міського бюджету  Кошти фондів-організаторів конкурсів",)) == (
        "Кошти міського бюджету",
        "Кошти фондів-організаторів конкурсів",
    )
    assert split_sources(("Кошти міського бюджету", "Кошти обласного бюджету")) == ("Кошти міського бюджету", "Кошти обласного бюджету")
    assert split_sources(("Державний бюджет, місцевий бюджет",)) == ("Державний бюджет", "місцевий бюджет")
    assert split_sources(("Фінансування не потребує (по програмі розвитку, МАІС)",)) == ("Фінансування не потребує (по програмі розвитку, МАІС)",)


@pytest.mark.parametrize(
    ("raw", "start", "end"),
    [
        ("2017-2020 роки", 2017, 2020),
        ("2019-2020 рр.", 2019, 2020),
        ("2017", 2017, 2017),
        ("2021 рік", 2021, 2021),
        ("2021–2023", 2021, 2023),
        ("ІІ квартал 2018 року", 2018, 2018),
        ("Постійно", None, None),
    ],
)
def test_parse_term(raw, start, end):
    term = parse_term(raw)
    assert term is not None
    assert (term.raw, term.start, term.end) == (raw, start, end)
    assert parse_term("  ") is None


def test_strip_dangling():
    assert strip_dangling("м.Коростень,") == "м.Коростень"
    assert strip_dangling("веб-сайту.") == "веб-сайту."


@given(st.lists(st.text(), max_size=6))
def test_text_functions_never_raise(lines):
    join_lines(lines)
    split_executors(tuple(lines))
    split_sources(tuple(lines))
    for line in lines:
        fix_lookalikes(line)
        strip_measure_number(line)
        parse_term(line)


@pytest.mark.parametrize(
    ("cell", "bodies"),
    [
        ("Відділ житлово-комунального господарства", True),
        ("ЦНАП", True),
        ("КП «Зеленбуд»", True),
        ("Вільшанська сільська рада", True),  # adjectives before the head noun
        ("Виконавчий комітет міської ради", True),
        ("Управління освіти, ЦНАП", True),
        ("Структурні підрозділи виконкому", True),
        ("Утримання закладів культури", False),  # a noun before the head: a measure's text
        ("Забезпечення діяльності відділу освіти", False),
        ("Ремонт дороги по вул. Шевченка", False),  # capitals of a word are no abbreviation
        ("Обласний бюджет", False),
        ("2021", False),
    ],
)
def test_names_bodies(cell, bodies):
    assert names_bodies(cell) is bodies

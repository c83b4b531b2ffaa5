"""Line ends in PDF cells: hyphens kept or undone (``normalise.text``), words broken without a hyphen (the parser)."""

from __future__ import annotations

import pytest

from extractor.normalise.text import join_lines, keeps_hyphen
from extractor.parsers.pdf import is_broken_word


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["Відділ інформаційно-", "консультативного забезпечення"], "Відділ інформаційно-консультативного забезпечення"),
        (["Кошти фондів-", "організаторів конкурсів"], "Кошти фондів-організаторів конкурсів"),
        (["оновлення веб-", "сайту"], "оновлення веб-сайту"),
        (["Виготовлення та розповсю-", "дження аудіо"], "Виготовлення та розповсюдження аудіо"),
        (["громадсько-", "го"], "громадського"),
        (["2020р.-", "133,100"], "2020р.-133,100"),
    ],
)  # fmt: skip
def test_line_end_hyphens(lines, text):
    assert join_lines(lines) == text


def test_keeps_hyphen_both_ways():
    assert keeps_hyphen("інформаційно", "консультативного")
    assert not keeps_hyphen("фінан", "сування")
    assert not keeps_hyphen("самовряду", "вання")


@pytest.mark.parametrize(
    ("head", "text", "vocabulary", "broken"),
    [
        ("Фінансуванн", "я не потребує", set(), True),  # a tail that is no word
        ("офіційном", "у сайті", {"офіційному"}, True),  # the page spells the whole word elsewhere
        ("офіційному", "у сайті", {"офіційному"}, False),  # the head is a word of its own
        ("культурної", "спадщини", set(), False),  # a long tail is a word of its own
        ("самоврядування", "та обмін", set(), False),  # a short word
    ],
)
def test_broken_word_without_hyphen(head, text, vocabulary, broken):
    assert is_broken_word(head, text, frozenset(vocabulary)) is broken

"""Line ends in PDF cells: hyphens kept or undone (``normalise.text``), words broken without a hyphen (the parser)."""

from __future__ import annotations

import pytest

from extractor.normalise.text import join_lines, keeps_hyphen
from extractor.parsers.pdf import LineEnd, continues_word, is_broken_word


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


# --- A word cut at a line or page end without a hyphen -------------------------------------


def line_end(text: str, ends_word: bool = False, gap: float = 0.5, vocabulary: frozenset[str] = frozenset()) -> LineEnd:
    return LineEnd(text, ends_word, gap, 12.0, True, vocabulary)


def test_a_word_the_page_spells_whole_elsewhere_is_rejoined():
    assert continues_word(line_end("консультативног", vocabulary=frozenset({"консультативного"})), "о забезпечення", 6.0)


def test_a_line_ending_in_a_space_glyph_was_wrapped_not_cut():
    assert not continues_word(line_end("консультативног", ends_word=True, vocabulary=frozenset({"консультативного"})), "о", 6.0)


def test_room_for_the_next_glyph_means_the_line_was_wrapped():
    assert not continues_word(line_end("культурної", gap=9.0), "спадщини", 6.0)


def test_a_short_tail_that_is_a_word_of_its_own_stays_apart_without_evidence():
    assert not continues_word(line_end("культурної"), "в конкурсах", 6.0)
    assert continues_word(line_end("Фінансуванн"), "ня не потребує", 6.0)  # "ня" is no word of its own

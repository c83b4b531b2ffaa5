"""The diff of two programme versions: matching rules, what is reported, and nothing else."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract
from extractor.diff import (
    MATCH_THRESHOLD,
    AmountChange,
    WordChange,
    diff,
    match_measures,
    same_programme,
    title_similarity,
    walk,
    word_changes,
)
from extractor.export.json import document_dict, dumps
from extractor.load import loads
from extractor.model import Measure, Programme, Provenance

from . import diff_samples

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def old():
    return diff_samples.old_document()


@pytest.fixture(scope="module")
def new():
    return diff_samples.new_document()


def summary(result):
    """Every reported change as plain tuples, so a test can state the whole diff."""
    rows = []
    for change in walk(result.measures):
        rows.append((change.kind, change.old_id, change.new_id))
        rows.extend(("field", change.new_id or change.old_id, field.field, field.old, field.new) for field in change.fields)
        rows.extend(("amount", change.new_id or change.old_id, a.year, a.old, a.new, a.difference) for a in change.amounts)
    return rows


def test_the_known_changes_and_nothing_else(old, new):
    result = diff(old, new)
    assert result.compared and not result.warnings
    assert summary(result) == [
        ("changed", "1.1", "1.1"),
        ("amount", "1.1", 2019, Decimal("34000"), Decimal("40500"), Decimal("6500")),
        ("changed", "1.3", "1.3"),
        ("field", "1.3", "result", "Загострення почуттів гордості за місто", "Посилення почуття гордості за місто"),
        ("changed", "2.3", "2.3"),
        ("amount", "2.3", 2020, Decimal("28000"), Decimal("21000"), Decimal("-7000")),
        ("changed", "3.6", "3.6"),
        ("added", None, "3.6.3"),
        ("amount", "3.6.3", 2020, None, Decimal("4500"), Decimal("4500")),
        ("added", None, "4.2"),
        ("amount", "4.2", 2020, None, Decimal("40000"), Decimal("40000")),
        ("changed", "4.2", "4.3"),
        ("field", "4.3", "id", "4.2", "4.3"),
        ("changed", "4.3", "4.4"),
        ("field", "4.4", "id", "4.3", "4.4"),
    ]
    result_change = result.measures[1].field("result")
    assert result_change is not None
    assert result_change.words == (WordChange(removed="Загострення почуттів", added="Посилення почуття"),)
    # Sub-items are totalled inside their parent: only 1.1, 2.3 and the new 4.2 move the totals.
    assert [(t.year, t.difference) for t in result.totals] == [
        (2017, 0),
        (2018, 0),
        (2019, Decimal("6500")),
        (2020, Decimal("33000")),
    ]
    assert len(result.unchanged) == 23 - 6
    assert {u.id for u in result.unchanged} >= {"3.6.1", "3.6.2", "1.2", "4.1"}
    assert (result.count("added"), result.count("removed"), result.count("changed"), result.count("renumbered")) == (2, 0, 6, 2)
    assert not result.is_empty


def test_every_pair_reports_how_it_was_matched(old, new):
    result = diff(old, new)
    renumbered = [change for change in result.measures if change.renumbered]
    assert [(c.old_id, c.new_id, c.match.rule, c.match.similarity) for c in renumbered] == [
        ("4.2", "4.3", "moved", 100.0),
        ("4.3", "4.4", "moved", 100.0),
    ]
    assert all(u.match.rule == "same_id" for u in result.unchanged)
    assert all(c.match is None for c in walk(result.measures) if c.kind != "changed")


def test_reverse_diff_mirrors_the_forward_one(old, new):
    back = diff(new, old)
    assert [(c.kind, c.old_id, c.new_id) for c in walk(back.measures)] == [
        ("changed", "1.1", "1.1"),
        ("changed", "1.3", "1.3"),
        ("changed", "2.3", "2.3"),
        ("changed", "3.6", "3.6"),
        ("removed", "3.6.3", None),
        ("removed", "4.2", None),
        ("changed", "4.3", "4.2"),
        ("changed", "4.4", "4.3"),
    ]
    assert [t.difference for t in back.totals] == [0, 0, Decimal("-6500"), Decimal("-33000")]


def test_identical_inputs_give_an_empty_diff(old):
    result = diff(old, old)
    assert result.is_empty and result.measures == () and len(result.unchanged) == 23


def test_docx_and_text_export_of_one_version_give_an_empty_diff():
    result = diff(extract(ROOT / "samples/decision-1911.docx"), extract(ROOT / "samples/decision-1911.txt"))
    assert result.is_empty, summary(result)
    assert result.old.source.format == "docx" and result.new.source.format == "text"


def test_pdf_and_docx_of_one_version_give_an_empty_diff():
    pdf, docx = extract(ROOT / "samples/decision-1911.pdf"), extract(ROOT / "samples/decision-1911.docx")
    result = diff(pdf, docx)
    assert result.is_empty, summary(result)
    assert result.old.source.format == "pdf" and result.new.source.format == "docx"
    # Every measure was paired by its own id and text, none by a looser rule.
    assert len(result.unchanged) == 23 and {u.match.rule for u in result.unchanged} == {"same_id"}
    assert [t.new for t in result.totals] == [Decimal(v) for v in ("299000", "2250800", "2315000", "2379000")]


def test_json_round_trip_gives_the_same_document_and_diff(old, new):
    assert loads(dumps(document_dict(old))) == old
    assert diff(loads(dumps(document_dict(old))), loads(dumps(document_dict(new)))) == diff(old, new)


# --- matching rules on small, hand-made measures ----------------------------


def measure(id: str, text: str, *, parent: str | None = None) -> Measure:
    return Measure(
        id=id,
        section=id.split(".")[0],
        parent=parent,
        text=text,
        term=None,
        executors=(),
        sources=(),
        funding_status="unknown",
        funding=(),
        result=None,
        provenance=Provenance(table=1, rows=(1,)),
    )


def test_tie_rule_earlier_new_measure_wins_and_the_pair_says_so():
    old_measures = [measure("1.1", "Придбання канцтоварів")]
    new_measures = [measure("2.1", "Придбання канцтоварів"), measure("2.2", "Придбання канцтоварів")]
    [(old_index, new_index, match)] = match_measures(old_measures, new_measures)
    assert (old_index, new_index) == (0, 0)
    assert match.tie and match.rule == "moved"


def test_tie_rule_earlier_old_measure_wins():
    old_measures = [measure("2.1", "Придбання канцтоварів"), measure("2.2", "Придбання канцтоварів")]
    new_measures = [measure("1.1", "Придбання канцтоварів")]
    [(old_index, new_index, match)] = match_measures(old_measures, new_measures)
    assert (old_index, new_index, match.tie) == (0, 0, True)


def test_no_tie_when_position_decides():
    old_measures = [measure("1.2", "Придбання канцтоварів")]
    new_measures = [measure("1.1", "Придбання канцтоварів"), measure("1.2", "Придбання канцтоварів")]
    [(_, new_index, match)] = match_measures(old_measures, new_measures)
    assert (new_index, match.rule, match.tie, match.score) == (1, "same_id", False, 115.0)


def test_section_breaks_an_almost_tie_but_not_a_clear_text_difference():
    old_measures = [measure("2.1", "Виготовлення листівок і запрошень")]
    # Same section, slightly worse text vs other section, identical text: text similarity dominates.
    new_measures = [measure("2.1", "Виготовлення листівок та запрошень"), measure("3.1", "Виготовлення листівок і запрошень")]
    [(_, new_index, match)] = match_measures(old_measures, new_measures)
    assert new_index == 0 and match.rule == "same_id_similar_text" and 90 < match.similarity < 100


def test_below_the_threshold_a_reworded_measure_is_removed_and_added():
    before = measure("1.1", "Членство в Асоціації міст України")
    after = measure("1.1", "Оплата членських внесків до асоціацій органів місцевого самоврядування")
    assert match_measures([before], [after]) == []
    old_doc, new_doc = diff_samples.old_document(), diff_samples.old_document()
    new_doc = replace(new_doc, measures=(after, *new_doc.measures[1:]))
    result = diff(old_doc, new_doc)
    assert [(c.kind, c.old_id, c.new_id) for c in result.measures] == [("removed", "1.1", None), ("added", None, "1.1")]
    assert [a.difference for a in result.measures[0].amounts] == [Decimal("-34000")] * 4


def test_a_small_rewording_is_text_changed_with_the_words():
    before = measure("1.1", "Членство в Асоціації міст України")
    after = measure("1.1", "Членство в Асоціації міст України та інших асоціаціях")
    [(_, _, match)] = match_measures([before], [after])
    assert match.similarity >= MATCH_THRESHOLD
    assert word_changes(before.text, after.text) == (WordChange(removed="", added="та інших асоціаціях"),)


def test_amount_change_is_exact():
    change = AmountChange(2019, Decimal("94994"), Decimal("133100"))
    assert change.difference == Decimal("38106") and change.changed
    assert AmountChange(2019, Decimal("34000.0"), Decimal("34000")).changed is False


# --- same programme? --------------------------------------------------------


def programme(title: str | None, start: int | None = 2017, end: int | None = 2020) -> Programme:
    return Programme(title=title, period_start=start, period_end=end, unit="thousand_uah")


TITLE = "Програма розвитку місцевого самоврядування у місті Коростені на 2017-2020 роки"


def test_an_extended_period_is_still_the_same_programme():
    verdict = same_programme(programme(TITLE), programme(TITLE.replace("2017-2020", "2017-2022"), 2017, 2022))
    assert verdict.same and verdict.title_similarity == 100.0 and verdict.periods_overlap


def test_another_programme_is_refused_with_a_clear_warning(old):
    other = replace(old, programme=programme("Програма розвитку культури міста Коростеня на 2017-2020 роки"))
    result = diff(old, other)
    assert not result.compared and result.measures == () and not result.is_empty
    [warning] = result.warnings
    assert warning.code == "not_same_programme"
    assert "titles differ" in warning.message and "Програма розвитку культури" in warning.message
    forced = diff(old, other, force=True)
    assert forced.compared and forced.is_empty and "compared anyway" in forced.warnings[0].message


def test_periods_that_do_not_overlap_are_different_programmes():
    verdict = same_programme(programme(TITLE), programme(TITLE.replace("2017-2020", "2021-2023"), 2021, 2023))
    assert not verdict.same and "periods do not overlap" in verdict.reason


def test_a_missing_title_is_assumed_the_same_but_noted(old):
    result = diff(old, replace(old, programme=programme(None)))
    assert result.compared and result.is_empty
    assert [w.code for w in result.warnings] == ["programme_unknown"]


@pytest.mark.parametrize(
    ("a", "b", "at_least"),
    [
        (TITLE, TITLE.replace("на 2017-2020 роки", "на 2017 – 2022 рр."), 100.0),
        (TITLE, "ПРОГРАМА розвитку місцевого самоврядування у м. Коростені на 2017-2020 роки", 85.0),
    ],
)
def test_title_similarity_ignores_period_case_and_punctuation(a, b, at_least):
    assert title_similarity(a, b) >= at_least

"""Decision №1911, from its text export and from the clerk's DOCX: every cell right, both the same."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import extract
from extractor.export.json import document_dict

from .conftest import SEED_DOCX, SEED_TEXT

SAMPLES = {"text": SEED_TEXT, "docx": SEED_DOCX}


@pytest.fixture(scope="module", params=sorted(SAMPLES))
def document(request):
    return extract(SAMPLES[request.param])


def by_id(document):
    return {measure.id: measure for measure in document.measures}


def test_counts(document):
    assert [section.number for section in document.sections] == ["1", "2", "3", "4"]
    assert len(document.measures) == 23
    assert len([m for m in document.measures if m.parent is None]) == 21
    assert len(document.funding_records) == 57
    assert document.warnings == ()


def test_totals_in_hryvnias(document):
    totals = {total.year: total.computed_uah for total in document.totals}
    assert totals == {2017: Decimal(299000), 2018: Decimal(2250800), 2019: Decimal(2315000), 2020: Decimal(2379000)}
    assert all(total.declared_uah is None for total in document.totals)


def test_decision_metadata(document):
    decision = document.decision
    assert (decision.council, decision.session, decision.convocation) == ("Коростенська міська рада", 40, "VII")
    assert (decision.date, decision.number, decision.annex) == ("2020-08-27", "1911", "1")
    assert decision.identifier == "1911-2020-08-27"
    programme = document.programme
    assert programme.title == "Програма розвитку місцевого самоврядування у місті Коростені на 2017-2020 роки"
    assert (programme.period_start, programme.period_end, programme.unit) == (2017, 2020, "thousand_uah")
    assert (document.signatory.position, document.signatory.name) == ("Секретар міської ради", "В.Вигівський")


def test_sections(document):
    titles = [section.title for section in document.sections]
    assert titles == [
        "Сприяння розвитку місцевого самоврядування та обмін досвідом",
        "Формування позитивного іміджу територіальної громади міста Коростеня, органів місцевого самоврядування",
        "Розвиток активності територіальної громади міста у вирішенні питань місцевого значення",
        "Належне утримання та зміцнення матеріально-технічної бази органів місцевого самоврядування",
    ]


def test_ids_follow_the_document(document):
    assert [m.id for m in document.measures] == [
        *(f"1.{n}" for n in range(1, 10)), "2.1", "2.2", "2.3",
        *(f"3.{n}" for n in range(1, 7)), "3.6.1", "3.6.2", "4.1", "4.2", "4.3",
    ]  # fmt: skip


def test_continuations_are_joined(document):
    measures = by_id(document)
    assert measures["1.2"].text.endswith("делегаціях з обміну досвідом в інших містах України")
    assert measures["1.6"].text == (
        "Проведення системного моніторингу громадської думки, соціологічних опитувань, "
        "громадських обговорень актуальних проблем життєдіяльності громади міста"
    )
    assert measures["1.6"].executors[-2:] == ("відділи та управління МВК", "громадські організації")
    assert measures["1.6"].result == (
        "Створення сприятливих умов для ефективного функціонування міського господарства, задоволення потреб мешканців міста"
    )
    assert measures["2.3"].text.endswith("органи місцевого самоврядування, інформаційні стенди")
    assert measures["3.4"].executors[-1] == "відділ з питань внутрішньої політики, оргроботи та контролю"
    assert measures["3.4"].text.endswith("адресних вітань, квітів, подарунків, тощо)")
    assert measures["4.1"].text.endswith("обладнанням, необхідним для забезпечення пленарних засідань")


def test_subitems_are_children_not_additions(document):
    measures = by_id(document)
    parent = measures["3.6"]
    assert parent.text == "Реалізація проектів в рамках Бюджету участі м.Коростень"
    assert parent.executors == ("Головні розпорядники бюджетних коштів, відповідальні за виконання проектів", "виконавчий комітет міської ради")
    assert parent.result == (
        "Підвищення рівня прозорості процесу прийняття рішень шляхом надання жителям міста "
        "можливості безпосереднього впливу на бюджетну політику"
    )
    assert [(r.year, r.amount_uah) for r in parent.funding] == [(2018, 2000000), (2019, 2000000), (2020, 2000000)]
    first, second = measures["3.6.1"], measures["3.6.2"]
    assert (first.parent, second.parent) == ("3.6", "3.6")
    assert first.text == (
        "оплата послуг з надання доступу та технічної підтримки роботи системи «Громадський проект» для забезпечення електронного голосування"
    )
    assert second.text == "оплата виготовлення та розміщення та роз'яснювально-інформаційної соціальної реклами"
    assert [(r.year, str(r.amount), r.amount_uah, r.raw) for r in first.funding] == [
        (2019, "18.00", 18000, "2019 р. – 18,00"),
        (2020, "25.00", 25000, "2020 р. – 25,00"),
    ]
    assert [(r.year, str(r.amount), r.raw) for r in second.funding] == [(2019, "2.00", "2019 р.- 2,00"), (2020, "2.00", "2020 р. – 2,00")]


def test_statuses_terms_and_sources(document):
    measures = by_id(document)
    statuses = {m.id: m.funding_status for m in document.measures if m.funding_status != "funded"}
    assert statuses == {"1.5": "not_required", "1.7": "not_required", "1.8": "not_required", "2.1": "not_required",
                        "3.2": "not_required", "3.3": "separate_programme", "3.5": "not_required"}  # fmt: skip
    assert measures["2.1"].sources == ("Фінансування не потребує (по програмі розвитку МАІС)",)
    assert measures["3.1"].sources == ("Кошти міського бюджету", "Кошти фондів-організаторів конкурсів")
    assert measures["3.2"].term and (measures["3.2"].term.start, measures["3.2"].term.end) == (2017, 2017)
    assert measures["4.2"].term and (measures["4.2"].term.raw, measures["4.2"].term.start) == ("2019-2020 рр.", 2019)
    assert measures["3.6"].term and measures["3.6"].term.start == 2018
    assert measures["4.2"].result is None and measures["4.3"].result is None
    assert measures["1.1"].executors == (
        "Секретар міської ради",
        "заступники міського голови",
        "керуючий справами",
        "начальники відділів та управлінь виконавчого комітету міської ради",
    )


def test_amounts_are_exact_decimals(document):
    measures = by_id(document)
    assert [(r.amount, r.amount_uah) for r in measures["1.9"].funding] == [
        (Decimal("17.5"), 17500), (Decimal("9.0"), 9000), (Decimal("25.401"), 25401), (Decimal("39.900"), 39900),
    ]  # fmt: skip
    assert measures["1.2"].funding[-1].amount == Decimal("0.0")  # a written zero is a record


def test_both_samples_give_the_same_extraction():
    text, docx = (document_dict(extract(path)) for path in (SEED_TEXT, SEED_DOCX))
    for payload in (text, docx):
        payload.pop("source")
        for measure in payload["measures"]:
            measure.pop("provenance")
    assert text == docx


def test_provenance_points_at_the_source_rows():
    text = by_id(extract(SEED_TEXT))
    assert text["1.2"].provenance.lines == (14, 16)  # the row and its continuation after the page break
    assert text["3.6.1"].provenance.lines == (41,)
    docx = by_id(extract(SEED_DOCX))
    assert docx["1.1"].provenance.rows == (3,)  # under the header row and the column-numbers row
    assert docx["4.3"].provenance.rows == (23,)  # 21 measure rows, sub-items inside 3.6's row
